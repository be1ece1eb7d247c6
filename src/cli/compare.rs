//! `armistice compare`.

use std::ffi::OsString;
use std::path::PathBuf;

use armistice::Result;
use armistice::analysis::compare::{self as analysis, CompareConfig, DEFAULT_BOOTSTRAP};
use armistice::batch::{Runs, Threads};
use armistice::commands::Spec;
use armistice::commands::compare as command;
use clap::Args;

use super::args::{ChartSize, charts_with_out};

pub const EXAMPLES: &str = "\
Each alternative is a scenario file, an embedded name, or the base with
overrides (--variant). Run i of every variant uses the same random streams,
so differences come from the change, not the noise.

Examples:
  armistice compare korea_1951 no_pow_stall stalin_lives
  armistice compare toy.toml --variant 'patient:actor.North.discount=0.999' \\
      --runs 2000
  armistice compare korea_1951 stalin_lives --json > cmp.json
  # compare.json, paired_runs.csv and charts/ in cmp/
  armistice compare korea_1951 stalin_lives --out cmp/

Method and JSON contract: docs/analysis.md";

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The base scenario, then alternatives (files or embedded names)
    #[arg(required = true, value_name = "BASE [ALT]...")]
    pub scenarios: Vec<OsString>,
    /// A variant of the base: NAME:PATH=VALUE[,PATH=VALUE...] (repeatable)
    #[arg(long, value_name = "NAME:PATH=VALUE,...")]
    pub variant: Vec<String>,
    /// Override a value in every variant: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Paired runs per variant
    #[arg(long, short = 'n', default_value_t = Runs::clamped(analysis::DEFAULT_RUNS))]
    pub runs: Runs,
    /// Master seed, shared by every variant [default: the base scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Bootstrap resamples
    #[arg(long, default_value_t = DEFAULT_BOOTSTRAP)]
    pub bootstrap: u32,
    /// Bootstrap seed [default: derived from --seed]
    #[arg(long)]
    pub bootstrap_seed: Option<u64>,
    /// Confidence level of the intervals
    #[arg(long, default_value_t = 0.95)]
    pub confidence: f64,
    /// Give each variant its own seed (independent streams): only to see what common random numbers buy
    #[arg(long)]
    pub independent: bool,
    /// Compare alternatives built on another base world (the root of their `extends` chain) than
    /// the base scenario's
    #[arg(long)]
    pub allow_different_base: bool,
    /// Print JSON (contract in docs/analysis.md) instead of the table
    #[arg(long)]
    pub json: bool,
    /// Also write compare.json, paired_runs.csv and the comparison charts (charts/) into this directory
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Worker threads, 1 to 1024 [default: one per core]
    #[arg(long, short = 'j')]
    pub threads: Option<Threads>,
    /// Replace the output directory even if armistice did not write it
    #[arg(long)]
    pub force: bool,
    /// Draw the comparison charts into OUT/charts/ (the default with --out; needs --out)
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

pub fn compare(a: CompareArgs) -> Result<()> {
    let mut specs = a
        .scenarios
        .into_iter()
        .map(|s| Spec::new(s).utf8("compare"));
    let base = specs.next().transpose()?.unwrap_or_default();
    let cfg = CompareConfig {
        base,
        alts: specs.collect::<Result<_>>()?,
        variants: a
            .variant
            .iter()
            .map(|v| analysis::parse_variant(v))
            .collect::<Result<_>>()?,
        overrides: super::overrides(&a.set)?,
        runs: a.runs,
        seed: a.seed,
        bootstrap: a.bootstrap,
        bootstrap_seed: a.bootstrap_seed,
        confidence: a.confidence,
        independent: a.independent,
        charts: charts_with_out(a.charts, a.no_charts, a.out.is_some(), &a.chart)?,
        threads: a.threads.unwrap_or_default(),
        out: a.out,
        force: a.force,
        allow_different_base: a.allow_different_base,
    };
    let mut progress = super::progress::counter(a.quiet || a.json, "simulating variant");
    let c = command::compare(&cfg, &super::cancel_flag(), &mut progress)?;
    if a.json {
        super::out(&armistice::export::json::to_text(&analysis::to_json(&c)))?;
    } else if !a.quiet {
        super::out(&analysis::to_text(&c))?;
    }
    if let Some(out) = &cfg.out {
        super::status(
            a.quiet,
            &format!(
                "wrote {} in {}",
                c.files.join(", "),
                armistice::format::dir(out)
            ),
        );
    }
    Ok(())
}
