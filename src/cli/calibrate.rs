//! `armistice calibrate`.

use std::ffi::OsString;
use std::path::PathBuf;

use armistice::Result;
use armistice::analysis::fidelity::{self, Cutoff};
use armistice::batch::{Runs, Threads};
use armistice::commands::Spec;
use armistice::commands::calibrate::{self as command, CalibrateCommand, DEFAULT_RUNS};
use clap::Args;

pub const EXAMPLES: &str = "\
Example:
  armistice calibrate korea_1951 --runs 300 --out korea_1951_calibrated.toml
  armistice run korea_1951_calibrated.toml     (the scenario with the fit)
  # fit on the records up to mid-1952 only; the later ones are held out
  armistice calibrate korea_1951 --until 1952-06-30";

#[derive(Args, Debug)]
pub struct CalibrateArgs {
    /// Scenario file or embedded scenario name
    pub scenario: OsString,
    /// Runs per evaluation
    #[arg(long, short = 'n', default_value_t = Runs::clamped(DEFAULT_RUNS))]
    pub runs: Runs,
    /// Master seed (the same for every evaluation: common random numbers)
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Coordinate-descent rounds
    #[arg(long, default_value_t = 3)]
    pub rounds: u32,
    /// Grid points per parameter per round
    #[arg(long, default_value_t = 5)]
    pub points: u32,
    /// Fit only on the records dated up to DATE (or in turns up to N); later records are held out,
    /// whatever their own `use`
    #[arg(long, value_name = "DATE|TURN")]
    pub until: Option<Cutoff>,
    /// Worker threads, 1 to 1024 [default: one per core]
    #[arg(long, short = 'j')]
    pub threads: Option<Threads>,
    /// Override a scenario value: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Where to write the overlay with the fitted values [default: <scenario>_calibrated.toml]
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// No progress, no report, no status line (errors are still printed)
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn calibrate(a: CalibrateArgs) -> Result<()> {
    let cfg = CalibrateCommand {
        scenario: Spec::new(a.scenario),
        overrides: super::overrides(&a.set)?,
        runs: a.runs,
        seed: a.seed,
        rounds: a.rounds,
        points: a.points,
        until: a.until,
        threads: a.threads.unwrap_or_default(),
        out: a.out,
    };
    let show = super::progress::shown(a.quiet);
    let mut progress = |n: u32, total: u32, best: f64| {
        if show {
            eprint!("\revaluation {n}/{total}, best objective {best:.1}   ");
        }
    };
    let r = command::calibrate(&cfg, &super::cancel_flag(), &mut progress);
    if show {
        eprint!("\r{:60}\r", "");
    }
    let r = r?;
    let c = &r.calibration;
    if !a.quiet {
        let mut t = format!(
            "Calibrated {} ({} evaluations of {} runs, seed {})\n",
            c.scenario.id, c.evaluations, cfg.runs, c.seed
        );
        for f in &c.fitted {
            t.push_str(&format!(
                "  {} = {} (range {} .. {})\n",
                f.path, f.value, f.low, f.high
            ));
        }
        let until = c
            .until
            .map(|cut| format!(" up to {cut}"))
            .unwrap_or_default();
        t.push_str(&format!(
            "objective (mean |median error| over calibration records{until}): {:.1} -> {:.1}\n\nBefore:\n",
            c.objective.0, c.objective.1
        ));
        t.push_str(&fidelity::to_text(&c.before));
        t.push_str("\nAfter:\n");
        t.push_str(&fidelity::to_text(&c.after));
        super::out(&t)?;
    }
    super::status(a.quiet, &format!("wrote {}", r.out.display()));
    Ok(())
}
