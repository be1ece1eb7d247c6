//! `armistice tournament`.

use std::ffi::OsString;
use std::path::PathBuf;

use armistice::Result;
use armistice::batch::{Runs, Threads};
use armistice::commands::Spec;
use armistice::commands::tournament::{self as command, DEFAULT_RUNS, TournamentConfig};
use clap::Args;

pub const EXAMPLES: &str = "\
Strategies: logit, boulware, linear, conceder, time_dependent:BETA,
tit_for_tat, tit_for_tat_absolute, aspiration, spe, hardliner, random
(boulware:0.1 sets the exponent; aspiration:0.25:0.01 the exponent and the
tolerance; see docs/strategies.md).

Examples:
  armistice tournament scenarios/theory/bilateral_4x10.toml \\
      --strategies boulware,linear,conceder,tit_for_tat
  armistice tournament my.toml --strategies logit,spe,hardliner --runs 200 \\
      --out results/tournament
  armistice tournament my.toml --strategies boulware,random \\
      --actors North,South --json";

#[derive(Args, Debug)]
pub struct TournamentArgs {
    /// Scenario file or embedded scenario name
    pub scenario: OsString,
    /// Comma-separated strategies, each NAME, NAME:EXPONENT or aspiration:EXPONENT:TOLERANCE
    #[arg(long, value_delimiter = ',', required = true)]
    pub strategies: Vec<String>,
    /// Runs per assignment
    #[arg(long, short = 'n', default_value_t = Runs::clamped(DEFAULT_RUNS))]
    pub runs: Runs,
    /// Master seed [default: the scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Comma-separated actors whose strategies vary [default: every actor that negotiates]
    #[arg(long, value_delimiter = ',')]
    pub actors: Vec<String>,
    /// Override a scenario value: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Write tournament.csv and tournament.json in this directory
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Print the tournament as JSON instead of a table
    #[arg(long)]
    pub json: bool,
    /// Worker threads, 1 to 1024 [default: one per core]
    #[arg(long, short = 'j')]
    pub threads: Option<Threads>,
    /// Replace the output directory even if armistice did not write it
    #[arg(long)]
    pub force: bool,
    /// No progress, no table, no status line (errors are still printed)
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn tournament(a: TournamentArgs) -> Result<()> {
    let cfg = TournamentConfig {
        scenario: Spec::new(a.scenario),
        overrides: super::overrides(&a.set)?,
        strategies: a.strategies,
        actors: a.actors,
        runs: a.runs,
        seed: a.seed,
        out: a.out,
        threads: a.threads.unwrap_or_default(),
        force: a.force,
    };
    let mut progress = super::progress::counter(a.quiet || a.json, "assignment");
    let played = command::tournament(&cfg, &super::cancel_flag(), &mut progress)?;
    let t = &played.tournament;
    if a.json {
        super::out(&t.to_json())?;
    } else if !a.quiet {
        super::out(&t.to_text())?;
    }
    if let Some(o) = &played.out {
        super::status(
            a.quiet,
            &format!(
                "wrote tournament.csv, tournament.json in {}",
                armistice::format::dir(o)
            ),
        );
    }
    Ok(())
}
