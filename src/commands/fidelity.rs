//! `armistice fidelity`: a batch of runs against the history the scenario records.

use std::sync::atomic::AtomicBool;

use super::Spec;
use crate::analysis::fidelity::{self, Cutoff, Fidelity};
use crate::batch::{self, Plan, Runs, Threads};
use crate::engine::Model;
use crate::error::{Error, Result};
use crate::scenario::Override;

/// Everything `armistice fidelity` needs.
#[derive(Clone, Debug, Default)]
pub struct FidelityConfig {
    /// The scenario.
    pub scenario: Spec,
    /// `--set` overrides.
    pub overrides: Vec<Override>,
    /// Runs (the scenario's `runs` if `None`).
    pub runs: Option<Runs>,
    /// Master seed (the scenario's `seed` if `None`).
    pub seed: Option<u64>,
    /// Worker threads.
    pub threads: Threads,
    /// A time split (`--split`): records up to it are scored as `calibrate`, later ones as
    /// `holdout`, whatever their own `use`.
    pub split: Option<Cutoff>,
}

/// Runs a scenario and compares it with its observed records.
pub fn fidelity(cfg: &FidelityConfig, cancel: &AtomicBool) -> Result<Fidelity> {
    let scenario = cfg.scenario.load(&cfg.overrides)?;
    if scenario.observed.is_empty() {
        return Err(Error::Usage(format!(
            "scenario `{}` records no [[observed]] history to compare with; add [[observed]] tables (see docs/scenario-format.md)",
            scenario.id
        )));
    }
    if let Some(cut) = &cfg.split {
        // Refuse a date split of an abstract clock before simulating anything.
        cut.uses(&scenario)?;
    }
    let runs = super::runs_or_default(cfg.runs, &scenario)?;
    let seed = cfg.seed.unwrap_or(scenario.default_seed);
    let model = Model::new(scenario);
    let plan = Plan::new(runs, seed);
    let sum = cfg
        .threads
        .install(|| batch::summarize(&model, &plan, false, cancel))??;
    match &cfg.split {
        Some(cut) => fidelity::evaluate_split(&model.scenario, &sum, seed, cut),
        None => Ok(fidelity::evaluate(&model.scenario, &sum, seed)),
    }
}
