//! `armistice run`.

use std::ffi::OsString;
use std::path::PathBuf;

use armistice::batch::{Runs, Threads};
use armistice::commands::Spec;
use armistice::commands::run::{self as command, RunConfig};
use armistice::{Error, Result};
use clap::Args;

use super::args::ChartSize;
use super::progress::RunBar;

pub const EXAMPLES: &str = "\
Examples:
  armistice run korea_1951 --runs 10000 --seed 1
  armistice run my.toml --set actor.North.discount=0.97 --out results/
  armistice run korea_1951 --json > summary.json
  # one shard of a cluster batch (then `armistice merge`)
  armistice run korea_1951 --runs 1000000 --shard 0/8 --out shard-0";

#[derive(Args, Debug, Default, Clone)]
pub struct RunArgs {
    /// Scenario file or embedded scenario name [default: the embedded default scenario]
    pub scenario: Option<OsString>,
    /// Number of runs, 1 to 10000000000 [default: the scenario's `runs`]
    #[arg(long, short = 'n')]
    pub runs: Option<Runs>,
    /// Master seed [default: the scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Output directory [default: armistice-out/<scenario>]
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Worker threads, 1 to 1024 [default: one per core]
    #[arg(long, short = 'j')]
    pub threads: Option<Threads>,
    /// Override a scenario value: PATH=VALUE (VALUE is TOML), e.g. actor.North.discount=0.97
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Run only shard K of N (0-based), for cluster job arrays; combine with `armistice merge`
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Write only summary.json (for very large batches)
    #[arg(long)]
    pub no_runs_csv: bool,
    /// Replace the output directory even if armistice did not write it
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
    /// Print the summary as JSON (summary.json, contract in docs/output-format.md) instead of text
    #[arg(long, conflicts_with = "shard")]
    pub json: bool,
    /// No progress bar, no summary, no status line (errors are still printed)
    #[arg(long, short)]
    pub quiet: bool,
}

fn parse_shard(s: &str) -> Result<(u64, u64)> {
    let bad = || {
        Error::Usage(format!(
            "--shard `{s}`: expected K/N with 0 <= K < N, e.g. --shard 0/8"
        ))
    };
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let k: u64 = k.trim().parse().map_err(|_| bad())?;
    let n: u64 = n.trim().parse().map_err(|_| bad())?;
    if n == 0 || k >= n {
        return Err(bad());
    }
    Ok((k, n))
}

pub fn run(a: RunArgs) -> Result<()> {
    let scenario = match a.scenario {
        Some(s) => Spec::new(s),
        None => Spec::from(armistice::scenario::embedded::default_name()),
    };
    let cfg = RunConfig {
        scenario,
        overrides: super::overrides(&a.set)?,
        runs: a.runs,
        seed: a.seed,
        out: a.out,
        threads: a.threads.unwrap_or_default(),
        shard: a.shard.as_deref().map(parse_shard).transpose()?,
        no_runs_csv: a.no_runs_csv,
        force: a.force,
        charts: (!a.no_charts).then(|| a.chart.options()).transpose()?,
    };
    let cancel = super::cancel_flag();
    let bar = RunBar::new(a.quiet || a.json);
    let report = command::run(&cfg, &cancel, &mut |done, total| bar.update(done, total));
    bar.finish();
    let report = report?;
    if a.json {
        if let Some(json) = &report.json {
            super::out(&armistice::export::json::to_text(json))?;
        }
    } else if !a.quiet {
        let text = if cfg.shard.is_some() {
            format!("shard of {} runs done\n", report.summary.runs)
        } else {
            armistice::export::text::summary(&report.scenario, &report.summary, report.seed)
        };
        super::out(&text)?;
    }
    super::status(
        a.quiet,
        &format!(
            "wrote {} in {} ({})",
            report.files.join(", "),
            armistice::format::dir(&report.out),
            bar.elapsed()
        ),
    );
    Ok(())
}
