//! `armistice export-nfg`.

use std::ffi::OsString;
use std::path::PathBuf;

use armistice::Result;
use armistice::commands::Spec;
use armistice::commands::export_nfg::{self as command, NfgConfig};
use clap::Args;

pub const EXAMPLES: &str = "\
Examples:
  armistice export-nfg ceasefire_toy --turn 10 --out toy.nfg
  armistice export-nfg ceasefire_toy --turn 10 --issue prisoners
  # Gambit's command-line tools, or pygambit: Game.read_game(\"toy.nfg\")
  gambit-enumpure toy.nfg";

#[derive(Args, Debug)]
pub struct ExportNfgArgs {
    /// Scenario file or embedded scenario name
    pub scenario: OsString,
    /// The turn at which the two leads choose
    #[arg(long, short, default_value_t = 0)]
    pub turn: u32,
    /// The issue [default: the first two-party issue open at that turn]
    #[arg(long, short)]
    pub issue: Option<String>,
    /// Master seed [default: the scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// The run whose history leads to the turn
    #[arg(long, short, default_value_t = 0)]
    pub run: u64,
    /// Override a scenario value: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Output file [default: standard output]
    #[arg(long, short, visible_alias = "output")]
    pub out: Option<PathBuf>,
    /// With --out: no status line (errors are still printed)
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn export_nfg(a: ExportNfgArgs) -> Result<()> {
    let cfg = NfgConfig {
        scenario: Spec::new(a.scenario),
        overrides: super::overrides(&a.set)?,
        turn: a.turn,
        issue: a.issue,
        seed: a.seed,
        run: a.run,
        out: a.out,
    };
    let e = command::export_nfg(&cfg)?;
    let Some(p) = &cfg.out else {
        return super::out(&e.text);
    };
    let g = &e.game;
    super::status(
        a.quiet,
        &format!(
            "wrote {} ({} × {} strategies on `{}` at turn {}: {} vs {})",
            p.display(),
            g.strategies[0].len(),
            g.strategies[1].len(),
            g.issue,
            g.turn,
            g.players[0],
            g.players[1]
        ),
    );
    Ok(())
}
