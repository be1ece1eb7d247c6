//! `armistice beliefs`: what each actor expected the others to do, against what they did, over a
//! batch of runs (calibration in the large of the decision model's expectations; docs/model.md).

use std::sync::atomic::AtomicBool;

use super::Spec;
use crate::batch::{self, BeliefSink, Plan, Runs, Threads};
use crate::engine::Model;
use crate::engine::beliefs::BeliefReport;
use crate::error::Result;
use crate::scenario::Override;

/// Kinds of expectation tested fewer times than this are listed but left out of the mean error.
pub const DEFAULT_MIN_OCCASIONS: u64 = 50;

/// Everything `armistice beliefs` needs.
#[derive(Clone, Debug, Default)]
pub struct BeliefsConfig {
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
    /// Kinds tested fewer times are not counted in the mean error.
    pub min_occasions: u64,
}

/// Plays the batch recording every expectation and what happened, and reports them.
pub fn beliefs(
    cfg: &BeliefsConfig,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<BeliefReport> {
    let scenario = cfg.scenario.load(&cfg.overrides)?;
    let runs = super::runs_or_default(cfg.runs, &scenario)?;
    let seed = cfg.seed.unwrap_or(scenario.default_seed);
    let model = Model::new(scenario);
    let plan = Plan::new(runs, seed);
    let mut sink = BeliefSink::new(&model);
    cfg.threads
        .install(|| batch::run(&model, &plan, &mut sink, cancel, progress))??;
    Ok(sink
        .into_recorder()
        .report(&model, cfg.min_occasions.max(1)))
}
