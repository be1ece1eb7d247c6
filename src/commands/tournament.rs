//! `armistice tournament`: every assignment of a list of strategies to the negotiating actors, over
//! the same seeded runs; with an output directory, `tournament.csv` and `tournament.json`.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use super::Spec;
use crate::analysis::tournament::{self, Tournament};
use crate::batch::{Plan, Runs, Threads};
use crate::error::{Error, Result};
use crate::export::Staging;
use crate::scenario::{ActorIx, Override, Scenario};
use crate::strategy::StrategySpec;

/// Runs per assignment when none are given.
pub const DEFAULT_RUNS: u64 = 100;

/// Everything `armistice tournament` needs.
#[derive(Clone, Debug)]
pub struct TournamentConfig {
    /// The scenario.
    pub scenario: Spec,
    /// `--set` overrides.
    pub overrides: Vec<Override>,
    /// Strategy labels (`NAME` or `NAME:EXPONENT`).
    pub strategies: Vec<String>,
    /// Actors whose strategies vary (default: every actor that negotiates for a party).
    pub actors: Vec<String>,
    /// Runs per assignment.
    pub runs: Runs,
    /// Master seed (the scenario's `seed` if `None`).
    pub seed: Option<u64>,
    /// Output directory for `tournament.csv` and `tournament.json` (none: print only).
    pub out: Option<PathBuf>,
    /// Worker threads.
    pub threads: Threads,
    /// Replace an output directory not written by armistice.
    pub force: bool,
}

/// What `tournament` did.
pub struct Played {
    /// The tournament.
    pub tournament: Tournament,
    /// Where its files went, if anywhere.
    pub out: Option<PathBuf>,
}

fn seats(cfg: &TournamentConfig, scenario: &Scenario) -> Result<Vec<ActorIx>> {
    if cfg.actors.is_empty() {
        return Ok(tournament::default_seats(scenario));
    }
    cfg.actors
        .iter()
        .map(|a| {
            scenario.actor(a).ok_or_else(|| {
                let known: Vec<&str> = scenario.actors.iter().map(|x| x.id.as_str()).collect();
                Error::Usage(format!(
                    "--actors: scenario `{}` has no actor `{a}`; known actors: {}",
                    scenario.id,
                    known.join(", ")
                ))
            })
        })
        .collect()
}

/// Plays a strategy tournament and, with `out`, writes `tournament.csv` and `tournament.json`
/// atomically. `progress(done, total)` counts assignments.
pub fn tournament(
    cfg: &TournamentConfig,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<Played> {
    let scenario = cfg.scenario.load(&cfg.overrides)?;
    let strategies: Vec<StrategySpec> = cfg
        .strategies
        .iter()
        .map(|l| {
            StrategySpec::parse_label(l)
                .map_err(|h| Error::Usage(format!("--strategies `{l}`: {h}")))
        })
        .collect::<Result<_>>()?;
    let seats = seats(cfg, &scenario)?;
    let plan = Plan::new(cfg.runs, cfg.seed.unwrap_or(scenario.default_seed));
    let staging = match &cfg.out {
        Some(o) => Some(Staging::new(o, cfg.force)?),
        None => None,
    };
    let t = cfg
        .threads
        .install(|| tournament::play(&scenario, &seats, &strategies, plan, cancel, progress))??;
    let out = match staging {
        Some(st) => {
            st.write("tournament.csv", &t.to_csv()?)?;
            st.write("tournament.json", t.to_json().as_bytes())?;
            let out = st.target().to_path_buf();
            st.commit()?;
            Some(out)
        }
        None => None,
    };
    Ok(Played { tournament: t, out })
}
