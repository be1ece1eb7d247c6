//! `armistice export-nfg`.

use armistice::Result;
use armistice::app::{self, NfgConfig};

use super::args::ExportNfgArgs;

pub fn export_nfg(a: ExportNfgArgs, quiet: bool) -> Result<()> {
    let cfg = NfgConfig {
        scenario: a.scenario,
        overrides: super::run::overrides(&a.set)?,
        turn: a.turn,
        issue: a.issue,
        seed: a.seed,
        run: a.run,
    };
    let (game, text) = app::export_nfg(&cfg)?;
    match &a.output {
        None => super::out(&text),
        Some(p) => {
            armistice::export::write_atomic(p, text.as_bytes())?;
            if !quiet {
                super::out(&format!(
                    "wrote {} ({} × {} strategies on `{}` at turn {}: {} vs {})\n",
                    p.display(),
                    game.strategies[0].len(),
                    game.strategies[1].len(),
                    game.issue,
                    game.turn,
                    game.players[0],
                    game.players[1]
                ))?;
            }
            Ok(())
        }
    }
}
