//! `armistice sweep`.

use std::ffi::OsString;
use std::path::PathBuf;

use armistice::Result;
use armistice::analysis::sweep::parse_vary;
use armistice::batch::{Runs, Threads};
use armistice::commands::Spec;
use armistice::commands::sweep::{self as command, DEFAULT_RUNS, SweepConfig};
use clap::Args;

use super::args::ChartSize;

pub const EXAMPLES: &str = "\
Examples:
  armistice sweep toy.toml --vary actor.North.discount=0.98..0.999:5 --runs 200
  # a Latin hypercube of 50 points over two parameters
  armistice sweep toy.toml --lhs 50 \\
      --vary actor.North.discount=0.98..0.999 \\
      --vary event.patron_loses_interest.probability=0.0..0.1
  armistice sweep korea_1951 \\
      --vary event.stalin_death.date=1953-03-05,1954-03-05

Prints a table (per agreement, one row per point: share of runs reaching it
and median date, with 95% intervals). Writes points.csv, runs.csv (one row per
point and run), points_summary.csv, sweep.json and charts/ (per agreement and
varied parameter); re-running the same command skips finished points (after
checking their files; a damaged point is simulated again).";

#[derive(Args, Debug)]
pub struct SweepArgs {
    /// Scenario file or embedded scenario name
    pub scenario: OsString,
    /// A parameter to vary: PATH=LOW..HIGH:STEPS or PATH=V1,V2,... (repeatable; full factorial)
    #[arg(long, required = true, value_name = "PATH=RANGE")]
    pub vary: Vec<String>,
    /// Latin hypercube of N points instead of the full grid (ranges need no :STEPS)
    #[arg(long, value_name = "N")]
    pub lhs: Option<u32>,
    /// Seed of the Latin hypercube [default: derived from --seed]
    #[arg(long)]
    pub lhs_seed: Option<u64>,
    /// Override a value at every point: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Runs per point
    #[arg(long, short = 'n', default_value_t = Runs::clamped(DEFAULT_RUNS))]
    pub runs: Runs,
    /// Master seed, shared by every point [default: the scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Output directory [default: armistice-out/<scenario>-sweep]
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Worker threads, 1 to 1024 [default: one per core]
    #[arg(long, short = 'j')]
    pub threads: Option<Threads>,
    /// Start over in a directory holding a different sweep or not written by armistice
    #[arg(long)]
    pub force: bool,
    /// Do not draw charts
    #[arg(long)]
    pub no_charts: bool,
    /// Draw the charts into OUT/charts/ (the default; the opposite of --no-charts)
    #[arg(long, conflicts_with = "no_charts")]
    pub charts: bool,
    #[command(flatten)]
    pub chart: ChartSize,
    /// No progress, no table, no status line (errors are still printed)
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn sweep(a: SweepArgs) -> Result<()> {
    // Installed before any work, so that Ctrl-C and SIGTERM are honoured in every phase.
    let cancel = super::cancel_flag();
    let cfg = SweepConfig {
        scenario: Spec::new(a.scenario),
        overrides: super::overrides(&a.set)?,
        vary: a
            .vary
            .iter()
            .map(|v| parse_vary(v))
            .collect::<Result<_>>()?,
        lhs: a.lhs,
        lhs_seed: a.lhs_seed,
        runs: a.runs,
        seed: a.seed,
        out: a.out,
        threads: a.threads.unwrap_or_default(),
        force: a.force,
        charts: (!a.no_charts).then(|| a.chart.options()).transpose()?,
    };
    let mut progress = super::progress::counter(a.quiet, "point");
    let r = command::sweep(&cfg, &cancel, &mut progress)?;
    if !a.quiet {
        let redone = if r.redone > 0 {
            format!(
                ", {} of them again because their files were damaged",
                r.redone
            )
        } else {
            String::new()
        };
        super::out(&format!(
            "{}: {} points × {} runs ({} simulated now{redone}, {} already done)\n\n{}\nReproduce: {}\n",
            r.scenario,
            r.points,
            cfg.runs,
            r.simulated,
            r.skipped,
            armistice::analysis::sweep::text::doc_text(&r.doc),
            r.command
        ))?;
    }
    super::status(
        a.quiet,
        &format!(
            "wrote {} in {}",
            r.files.join(", "),
            armistice::format::dir(&r.out)
        ),
    );
    Ok(())
}
