//! `armistice tournament`.

use armistice::app::{self, TournamentConfig};
use armistice::{Error, Result};

use super::args::TournamentArgs;

pub fn tournament(a: TournamentArgs, quiet: bool) -> Result<()> {
    if a.threads == Some(0) {
        return Err(Error::Usage("--threads must be at least 1".into()));
    }
    let cfg = TournamentConfig {
        scenario: a.scenario,
        overrides: super::run::overrides(&a.set)?,
        strategies: a.strategies,
        actors: a.actors,
        runs: a.runs,
        seed: a.seed,
        out: a.out,
        threads: a.threads,
        force: a.force,
    };
    let t = app::tournament(&cfg)?;
    if a.json {
        return super::out(&t.to_json());
    }
    if !quiet {
        let mut text = t.to_text();
        if let Some(o) = &cfg.out {
            text.push_str(&format!(
                "\nwrote tournament.csv, tournament.json in {}/\n",
                o.display()
            ));
        }
        super::out(&text)?;
    }
    Ok(())
}
