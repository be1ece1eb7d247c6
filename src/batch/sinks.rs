//! The runner's general sinks: the mergeable summary (with the rows of `runs.csv` when asked), the
//! collected outcomes of every run (paired runs) and the record of expectations. Each estimates its
//! memory for the guard.

use std::io::Write;

use super::memory::{Footprint, human_bytes};
use super::{BLOCK, Plan, Sink};
use crate::engine::beliefs::Recorder;
use crate::engine::{Model, Simulation};
use crate::error::Result;
use crate::export::csv::RunsWriter;
use crate::outcome::{RunOutcome, Summary};
use crate::scenario::Scenario;

/// Bytes one quantile sketch takes once it holds values: the struct plus one 128-bin chunk of `u64`
/// counts per sign in use (sketches-ddsketch grows its bins in chunks of 128). Values spread over many
/// orders of magnitude take more; this is a typical size, not a bound.
pub const SKETCH_BYTES: u64 = 2 * 1024 + 256;

/// Estimated bytes of one summary of `model` (dominated, with `paths`, by the fan-chart paths: a
/// sketch per state variable per turn).
pub fn summary_bytes(model: &Model, paths: bool) -> u64 {
    let s = &model.scenario;
    let turns = u64::from(s.clock.max_turns);
    let states = s.states.len() as u64;
    let positions: u64 = s.issues.iter().map(|i| i.len() as u64).sum();
    // Turn histograms are sparse maps: at most one entry (~48 bytes in a B-tree) per distinct turn.
    let hist = dated(s).saturating_mul(turns.min(BLOCK)).saturating_mul(48);
    let values = (s.actors.len() as u64 + states).saturating_mul(SKETCH_BYTES);
    let path_bytes = if paths {
        states.saturating_mul(turns).saturating_mul(SKETCH_BYTES)
    } else {
        0
    };
    hist.saturating_add(values)
        .saturating_add(path_bytes)
        .saturating_add(positions * 8)
}

/// Things that happen at a turn: issues, agreements, events, actions, and the end.
fn dated(s: &Scenario) -> u64 {
    (s.issues.len() + s.agreements.len() + s.events.len() + s.actions.len() + 1) as u64
}

/// Estimated bytes of one kept [`RunOutcome`] of `s` (without its path).
pub fn outcome_bytes(s: &Scenario) -> u64 {
    160 + 16 * (s.issues.len() as u64) + 8 * dated(s) + 8 * (s.actors.len() + s.states.len()) as u64
}

/// The summary of a batch, and optionally its rows for `runs.csv`, written in index order.
pub struct SummarySink<'s, W: Write = std::io::Sink> {
    scenario: &'s Scenario,
    total: Summary,
    paths: bool,
    rows: Option<RunsWriter<W>>,
}

impl<'s> SummarySink<'s> {
    /// The summary only; with `paths`, the state paths too (for fan charts).
    pub fn new(scenario: &'s Scenario, paths: bool) -> Self {
        SummarySink {
            scenario,
            total: Summary::new(scenario),
            paths,
            rows: None,
        }
    }
}

impl<'s, W: Write> SummarySink<'s, W> {
    /// The summary, and every run written to `rows` as it arrives.
    pub fn with_rows(scenario: &'s Scenario, paths: bool, rows: RunsWriter<W>) -> Self {
        SummarySink {
            scenario,
            total: Summary::new(scenario),
            paths,
            rows: Some(rows),
        }
    }

    /// The summary of the runs taken, and the rows' writer (to be finished by the caller).
    pub fn finish(self) -> (Summary, Option<RunsWriter<W>>) {
        (self.total, self.rows)
    }
}

impl<W: Write + Send + Sync> Sink for SummarySink<'_, W> {
    type Block = (Summary, Vec<RunOutcome>);

    fn open(&self, _first: u64) -> Self::Block {
        (Summary::new(self.scenario), Vec::new())
    }

    fn record(&self, block: &mut Self::Block, _sim: &Simulation<'_>, mut o: RunOutcome) {
        block.0.add(self.scenario, &o);
        if self.rows.is_some() {
            // The path is summarised already; keeping it would multiply the memory of the
            // units in flight.
            o.path = None;
            block.1.push(o);
        }
    }

    fn take(&mut self, (summary, runs): Self::Block) -> Result<()> {
        self.total.merge(&summary);
        match &mut self.rows {
            Some(w) => w.write(self.scenario, &runs),
            None => Ok(()),
        }
    }

    fn paths(&self) -> bool {
        self.paths
    }

    const SPLITS: bool = true;

    fn join(&self, into: &mut Self::Block, (summary, runs): Self::Block) {
        into.0.merge(&summary);
        into.1.extend(runs);
    }

    fn footprint(&self, model: &Model, _plan: &Plan) -> Footprint {
        let s = &model.scenario;
        let summary = summary_bytes(model, self.paths);
        let outcomes = if self.rows.is_some() {
            BLOCK * outcome_bytes(s)
        } else {
            0
        };
        let per_thread = if self.paths {
            u64::from(s.clock.max_turns).saturating_mul(s.states.len() as u64 * 8 + 24)
        } else {
            0
        };
        Footprint {
            // The running total is one more summary; every unit in flight holds its own.
            resident: summary,
            per_block: summary.saturating_add(outcomes),
            per_thread,
            what: format!(
                "its summary keeps a quantile sketch per state variable per turn ({} state variables × {} turns, about {} per block of {BLOCK} runs){}",
                s.states.len(),
                s.clock.max_turns,
                human_bytes(summary),
                if self.rows.is_some() {
                    " and keeps each block's runs for runs.csv"
                } else {
                    ""
                },
            ),
            help: "shorten the horizon or use a longer turn, declare fewer [[state]] variables"
                .into(),
        }
    }
}

/// Every run's outcome, in index order (the paired runs of compare, sweeps and sensitivity).
#[derive(Default)]
pub struct CollectSink {
    runs: Vec<RunOutcome>,
}

impl CollectSink {
    /// An empty collection.
    pub fn new() -> Self {
        CollectSink::default()
    }

    /// The outcomes, run 0 first.
    pub fn into_runs(self) -> Vec<RunOutcome> {
        self.runs
    }
}

impl Sink for CollectSink {
    type Block = Vec<RunOutcome>;

    fn open(&self, _first: u64) -> Self::Block {
        Vec::with_capacity(BLOCK as usize)
    }

    fn record(&self, block: &mut Self::Block, _sim: &Simulation<'_>, outcome: RunOutcome) {
        block.push(outcome);
    }

    fn take(&mut self, block: Self::Block) -> Result<()> {
        self.runs.extend(block);
        Ok(())
    }

    const SPLITS: bool = true;

    fn join(&self, into: &mut Self::Block, later: Self::Block) {
        into.extend(later);
    }

    fn footprint(&self, model: &Model, plan: &Plan) -> Footprint {
        let each = outcome_bytes(&model.scenario);
        Footprint {
            resident: plan.len().saturating_mul(each),
            per_block: BLOCK * each,
            per_thread: 0,
            what: format!(
                "it keeps every run's outcome in memory ({} runs × about {})",
                plan.len(),
                human_bytes(each)
            ),
            help: "use fewer --runs".into(),
        }
    }
}

/// Expectations against behaviour over a batch (`armistice beliefs`): each block's simulation records
/// into its own [`Recorder`], and the blocks' sums are added in index order, so the report does not
/// depend on the thread count.
pub struct BeliefSink {
    total: Recorder,
}

impl BeliefSink {
    /// An empty record for `model`.
    pub fn new(model: &Model) -> Self {
        BeliefSink {
            total: Recorder::new(model),
        }
    }

    /// Everything recorded.
    pub fn into_recorder(self) -> Recorder {
        self.total
    }
}

impl Sink for BeliefSink {
    type Block = Option<Recorder>;

    fn open(&self, _first: u64) -> Self::Block {
        None
    }

    fn record(&self, block: &mut Self::Block, sim: &Simulation<'_>, _outcome: RunOutcome) {
        // The simulation's recorder holds every run of the block played so far.
        *block = sim.beliefs().cloned();
    }

    fn take(&mut self, block: Self::Block) -> Result<()> {
        if let Some(b) = block {
            self.total.merge(&b);
        }
        Ok(())
    }

    fn footprint(&self, model: &Model, _plan: &Plan) -> Footprint {
        let s = &model.scenario;
        // Sums per actor and kind, and a pending prediction per issue and party.
        let kinds = (3 * s.issues.len() + s.actions.len()) as u64;
        let each = s.actors.len() as u64 * kinds * 24 + s.issues.len() as u64 * 2 * 64;
        Footprint {
            resident: each,
            per_block: each,
            per_thread: each,
            what: format!(
                "its record of expectations ({} per block)",
                human_bytes(each)
            ),
            help: "declare fewer actors, issues or actions".into(),
        }
    }

    fn beliefs(&self) -> bool {
        true
    }
}
