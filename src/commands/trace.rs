//! `armistice trace`: one run, played with its chronicle (every move, the options weighed, and why).

use super::Spec;
use crate::engine::trace::Entry;
use crate::engine::{Model, Simulation};
use crate::error::Result;
use crate::outcome::RunOutcome;
use crate::scenario::{Override, Scenario};

/// Everything `armistice trace` needs.
#[derive(Clone, Debug, Default)]
pub struct TraceConfig {
    /// The scenario.
    pub scenario: Spec,
    /// `--set` overrides.
    pub overrides: Vec<Override>,
    /// Master seed (the scenario's `seed` if `None`).
    pub seed: Option<u64>,
    /// The run's index.
    pub run: u64,
}

/// A run played with its chronicle.
pub struct Traced {
    /// The scenario.
    pub scenario: Scenario,
    /// The master seed used.
    pub seed: u64,
    /// The run's outcome.
    pub outcome: RunOutcome,
    /// Its chronicle.
    pub chronicle: Vec<Entry>,
}

/// Plays one run with its chronicle.
pub fn trace(cfg: &TraceConfig) -> Result<Traced> {
    let scenario = cfg.scenario.load(&cfg.overrides)?;
    let seed = cfg.seed.unwrap_or(scenario.default_seed);
    let model = Model::new(scenario);
    let (outcome, chronicle) = Simulation::new(&model, seed, cfg.run).run_traced();
    Ok(Traced {
        scenario: model.scenario,
        seed,
        outcome,
        chronicle,
    })
}
