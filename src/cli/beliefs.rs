//! `armistice beliefs`.

use std::ffi::OsString;

use armistice::Result;
use armistice::batch::{Runs, Threads};
use armistice::commands::Spec;
use armistice::commands::beliefs::{self as command, BeliefsConfig, DEFAULT_MIN_OCCASIONS};
use armistice::engine::beliefs;
use clap::Args;

use super::progress::RunBar;

pub const EXAMPLES: &str = "\
Each row: an actor's mean predicted probability of what the other side
does next (accept its offer, concede, veto) against how often it happened.

Examples:
  armistice beliefs ceasefire_toy --runs 1000
  armistice beliefs korea_1951 --json > beliefs.json";

#[derive(Args, Debug)]
pub struct BeliefsArgs {
    /// Scenario file or embedded scenario name
    pub scenario: OsString,
    /// Number of runs, 1 to 10000000000 [default: the scenario's `runs`]
    #[arg(long, short = 'n')]
    pub runs: Option<Runs>,
    /// Master seed [default: the scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Worker threads, 1 to 1024 [default: one per core]
    #[arg(long, short = 'j')]
    pub threads: Option<Threads>,
    /// Override a scenario value: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Kinds of expectation tested fewer times are listed but not counted in the mean error
    #[arg(long, default_value_t = DEFAULT_MIN_OCCASIONS)]
    pub min_occasions: u64,
    /// Print JSON (the documented contract) instead of a table
    #[arg(long)]
    pub json: bool,
    /// No progress bar
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn beliefs(a: BeliefsArgs) -> Result<()> {
    let cfg = BeliefsConfig {
        scenario: Spec::new(a.scenario),
        overrides: super::overrides(&a.set)?,
        runs: a.runs,
        seed: a.seed,
        threads: a.threads.unwrap_or_default(),
        min_occasions: a.min_occasions,
    };
    let bar = RunBar::new(a.quiet || a.json);
    let report = command::beliefs(&cfg, &super::cancel_flag(), &mut |d, t| bar.update(d, t));
    bar.finish();
    let report = report?;
    if a.json {
        return super::out_json(&report);
    }
    super::out(&beliefs::to_text(&report))
}
