//! `armistice sensitivity`.

use std::ffi::OsString;
use std::path::PathBuf;

use armistice::Result;
use armistice::analysis::sensitivity::{self as analysis, SensitivityConfig};
use armistice::batch::{Runs, Threads};
use armistice::commands::Spec;
use armistice::commands::sensitivity::{self as command, SensitivityCommand};
use clap::Args;

use super::args::{ChartSize, charts_with_out};

pub const EXAMPLES: &str = "\
Examples:
  armistice sensitivity toy.toml --runs 200
  # sensitivity.json, sensitivity.csv and tornado charts in sens/
  armistice sensitivity korea_1951 --trajectories 20 --out sens/

Methods and references: docs/analysis.md";

#[derive(Args, Debug)]
pub struct SensitivityArgs {
    /// Scenario file or embedded scenario name
    pub scenario: OsString,
    /// Override a value at every design point: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Runs per design point
    #[arg(long, short = 'n', default_value_t = Runs::clamped(analysis::DEFAULT_RUNS))]
    pub runs: Runs,
    /// Master seed, shared by every design point [default: the scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Morris trajectories (0: one-at-a-time only)
    #[arg(long, default_value_t = analysis::DEFAULT_TRAJECTORIES)]
    pub trajectories: u32,
    /// Morris grid levels (even)
    #[arg(long, default_value_t = 4)]
    pub levels: u32,
    /// Seed of the Morris design [default: derived from --seed]
    #[arg(long)]
    pub morris_seed: Option<u64>,
    /// Print JSON (contract in docs/analysis.md) instead of the table
    #[arg(long)]
    pub json: bool,
    /// Also write sensitivity.json, sensitivity.csv and the tornado charts (charts/) into this directory
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Worker threads, 1 to 1024 [default: one per core]
    #[arg(long, short = 'j')]
    pub threads: Option<Threads>,
    /// Replace the output directory even if armistice did not write it
    #[arg(long)]
    pub force: bool,
    /// Draw the tornado charts into OUT/charts/ (the default with --out; needs --out)
    #[arg(long, conflicts_with = "no_charts")]
    pub charts: bool,
    /// With --out: do not draw charts
    #[arg(long)]
    pub no_charts: bool,
    #[command(flatten)]
    pub chart: ChartSize,
    /// No progress, no table, no status line (errors are still printed)
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn sensitivity(a: SensitivityArgs) -> Result<()> {
    let scenario = Spec::new(a.scenario);
    let cfg = SensitivityCommand {
        design: SensitivityConfig {
            scenario: scenario.text().into_owned(),
            overrides: super::overrides(&a.set)?,
            runs: a.runs,
            seed: a.seed,
            trajectories: a.trajectories,
            levels: a.levels,
            morris_seed: a.morris_seed,
        },
        scenario,
        charts: charts_with_out(a.charts, a.no_charts, a.out.is_some(), &a.chart)?,
        threads: a.threads.unwrap_or_default(),
        out: a.out,
        force: a.force,
    };
    let mut progress = super::progress::counter(a.quiet || a.json, "design point");
    let r = command::sensitivity(&cfg, &super::cancel_flag(), &mut progress)?;
    if a.json {
        super::out(&armistice::export::json::to_text(&analysis::to_json(
            &r.result,
        )))?;
    } else if !a.quiet {
        super::out(&analysis::to_text(&r.result))?;
    }
    if let Some(out) = &r.out {
        super::status(
            a.quiet,
            &format!(
                "wrote {} in {}",
                r.files.join(", "),
                armistice::format::dir(out)
            ),
        );
    }
    Ok(())
}
