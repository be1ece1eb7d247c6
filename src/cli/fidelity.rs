//! `armistice fidelity`.

use std::ffi::OsString;

use armistice::Result;
use armistice::analysis::fidelity::{self as analysis, Cutoff};
use armistice::batch::{Runs, Threads};
use armistice::commands::Spec;
use armistice::commands::fidelity::{self as command, FidelityConfig};
use clap::Args;

pub const EXAMPLES: &str = "\
Examples:
  armistice fidelity korea_1951 --runs 2000
  armistice fidelity korea_1951 --json > fidelity.json
  # a time-split backtest: records after 1952-06-30 are held out
  armistice fidelity korea_1951 --split 1952-06-30 --runs 1000";

#[derive(Args, Debug)]
pub struct FidelityArgs {
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
    /// Score records dated up to DATE (or in turns up to N) as calibration records and later ones
    /// as held out, whatever their own `use` [default: each record's `use`]
    #[arg(long, value_name = "DATE|TURN")]
    pub split: Option<Cutoff>,
    /// Print JSON (the documented contract) instead of a table
    #[arg(long)]
    pub json: bool,
}

pub fn fidelity(a: FidelityArgs) -> Result<()> {
    let cfg = FidelityConfig {
        scenario: Spec::new(a.scenario),
        overrides: super::overrides(&a.set)?,
        runs: a.runs,
        seed: a.seed,
        threads: a.threads.unwrap_or_default(),
        split: a.split,
    };
    let f = command::fidelity(&cfg, &super::cancel_flag())?;
    if a.json {
        return super::out_json(&f);
    }
    super::out(&analysis::to_text(&f))
}
