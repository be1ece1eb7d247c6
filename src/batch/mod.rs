//! The batch runner: many runs of one model, parallel, deterministic, cancellable, within a memory
//! budget. Every command that simulates more than one run goes through [`run`].
//!
//! Runs are cut into blocks of [`BLOCK`] consecutive indices. A wave of blocks is simulated in
//! parallel (rayon), each block by one [`Simulation`] restarted for each of its runs; every finished
//! run is recorded into its block by a [`Sink`] on the worker thread, and the finished blocks are then
//! handed to the sink strictly in index order on the calling thread. Because every run depends only
//! on (master seed, index) and the sink sees blocks in index order, what a sink produces does not
//! depend on the number of threads, the size of a wave, or how runs are split into shards (`--shard
//! K/N` takes whole blocks). A batch of fewer than [`FEW_BLOCKS`] blocks (the default 1,000 runs are
//! one) simulates each block in up to [`PARTS`] parts of at least [`MIN_PART`] runs, in parallel,
//! and joins them before the sink takes the block, if the sink can join parts ([`Sink::SPLITS`]); the
//! parts are cut by the plan alone, never by the thread count. Between waves the runner polls the
//! cancel flag (Ctrl-C, SIGTERM), and the size of a wave is chosen by the memory guard
//! ([`memory::fit`]) from the sink's [`Footprint`].
//!
//! The sinks: [`SummarySink`] (the mergeable summary, and optionally the rows of `runs.csv`),
//! [`CollectSink`] (every run's outcome, in order: paired runs for compare, sweeps and sensitivity),
//! [`BeliefSink`] (expectations against behaviour, `armistice beliefs`) and the tournament's cells
//! (`analysis::tournament`).

pub mod limits;
pub mod memory;
mod sinks;

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::engine::{Model, Simulation};
use crate::error::{Error, Result};
use crate::outcome::{RunOutcome, Summary};

pub use limits::{MAX_RUNS, MAX_THREADS, Runs, Threads};
pub use memory::Footprint;
pub use sinks::{BeliefSink, CollectSink, SKETCH_BYTES, SummarySink, outcome_bytes, summary_bytes};

/// Runs per block.
pub const BLOCK: u64 = 1024;
/// Most parts a block is cut into, in a batch of few blocks.
pub const PARTS: u64 = 8;
/// Fewest runs in a part of a block (a block of fewer runs is not cut).
pub const MIN_PART: u64 = 32;
/// A batch of fewer blocks than this simulates its blocks in parts (see the module's comment).
pub const FEW_BLOCKS: u64 = 4;

/// Which runs to simulate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Total runs of the (unsharded) batch.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// `(k, n)`: this is shard k of n (0-based).
    pub shard: Option<(u64, u64)>,
    /// `(first, end)`: only the runs `first..end` (absolute run indices; with a shard, those of them
    /// within the shard): a part of a batch whose summary merges with the other parts' into the
    /// batch's (the explorer splits its batches so).
    pub span: Option<(u64, u64)>,
}

impl Plan {
    /// Runs `0..runs` of `seed`, unsharded.
    pub fn new(runs: Runs, seed: u64) -> Plan {
        Plan {
            runs: runs.get(),
            seed,
            shard: None,
            span: None,
        }
    }

    /// Number of blocks of the whole batch.
    pub fn blocks(&self) -> u64 {
        self.runs.div_ceil(BLOCK)
    }

    /// The blocks this plan covers (some only in part when it has a span).
    pub fn block_range(&self) -> std::ops::Range<u64> {
        let nb = self.blocks();
        let shard = match self.shard {
            None => 0..nb,
            // In u128: k × blocks overflows u64 for absurd shard counts.
            Some((k, n)) => {
                let at = |k: u64| (u128::from(k) * u128::from(nb) / u128::from(n.max(1))) as u64;
                at(k.min(n))..at((k + 1).min(n))
            }
        };
        match self.span {
            None => shard,
            Some((first, end)) => {
                let lo = shard.start.max(first / BLOCK);
                lo..shard.end.min(end.div_ceil(BLOCK)).max(lo)
            }
        }
    }

    /// The run indices this plan covers.
    pub fn run_range(&self) -> std::ops::Range<u64> {
        let b = self.block_range();
        let (lo, hi) = self.span.unwrap_or((0, u64::MAX));
        let start = (b.start * BLOCK).max(lo).min(self.runs);
        start..(b.end * BLOCK).min(hi).min(self.runs).max(start)
    }

    /// How many runs this plan covers.
    pub fn len(&self) -> u64 {
        let r = self.run_range();
        r.end - r.start
    }

    /// Whether this plan covers no run (a shard of a batch with fewer blocks than shards).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a batch produces, built block by block: the runner's one extension point.
///
/// [`Sink::open`] and [`Sink::record`] run on worker threads, one block each; [`Sink::take`] receives
/// the finished blocks on the calling thread, in index order, so whatever it reduces (sums of floats
/// included) comes out the same whatever the thread count.
pub trait Sink {
    /// One block's worth of results.
    type Block: Send;

    /// An empty block whose first run is `first`.
    fn open(&self, first: u64) -> Self::Block;

    /// Records one finished run (`sim` has just played it and is not yet restarted).
    fn record(&self, block: &mut Self::Block, sim: &Simulation<'_>, outcome: RunOutcome);

    /// Takes one finished block, in index order.
    fn take(&mut self, block: Self::Block) -> Result<()>;

    /// The memory the batch of `plan` will need with this sink, estimated before it starts.
    fn footprint(&self, model: &Model, plan: &Plan) -> Footprint;

    /// Whether runs record their state paths (for fan charts).
    fn paths(&self) -> bool {
        false
    }

    /// Whether runs record expectations against behaviour (`armistice beliefs`).
    fn beliefs(&self) -> bool {
        false
    }

    /// Whether a block can be built in parts and joined ([`Sink::join`]): then a batch of fewer
    /// than [`FEW_BLOCKS`] blocks simulates each block in parts, in parallel.
    const SPLITS: bool = false;

    /// Appends `later`, the results of the runs that follow `into`'s in the same block, to `into`.
    /// Called only when [`Sink::SPLITS`] is set. The parts are cut by the plan, never by the thread
    /// count, so a join need not be bit for bit the block built whole (a float sum grouped
    /// differently, say) for the sink's results to stay independent of the threads.
    fn join(&self, into: &mut Self::Block, later: Self::Block) {
        let _ = (into, later);
    }
}

/// A part of the batch simulated by one worker: the runs `first..end` of block `block` (the whole
/// block, or one of its parts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Unit {
    block: u64,
    first: u64,
    end: u64,
}

/// The units of `plan`'s blocks `blocks`: each block whole, or, in a batch of fewer than
/// [`FEW_BLOCKS`] blocks whose sink `can_split`, in up to [`PARTS`] parts of at least [`MIN_PART`]
/// runs (as equal as may be).
fn units(plan: &Plan, blocks: std::ops::Range<u64>, can_split: bool) -> Vec<Unit> {
    let split = can_split && blocks.end - blocks.start < FEW_BLOCKS;
    let range = plan.run_range();
    let mut out = Vec::new();
    for block in blocks {
        let first = (block * BLOCK).max(range.start);
        let last = ((block + 1) * BLOCK).min(range.end).max(first);
        let n = if split {
            ((last - first) / MIN_PART).clamp(1, PARTS)
        } else {
            1
        };
        for p in 0..n {
            out.push(Unit {
                block,
                first: first + (last - first) * p / n,
                end: first + (last - first) * (p + 1) / n,
            });
        }
    }
    out
}

/// Simulates the runs of `plan` on the current rayon pool (see [`Threads::install`]), handing them to
/// `sink`. `progress(done, total)` is told after each block; `cancel` is polled between waves and
/// between runs, and a set flag ends the batch with [`Error::Interrupted`] before anything half-done
/// reaches the sink. A batch that would not fit in memory is refused before its first run.
pub fn run<S: Sink + Sync>(
    model: &Model,
    plan: &Plan,
    sink: &mut S,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let blocks = plan.block_range();
    let threads = rayon::current_num_threads().max(1) as u64;
    // The store of solutions takes at most a quarter of the memory a batch may plan to use.
    let store = model.limit_store((memory::memory_limit()? / 4).max(1 << 20));
    let mut need = sink.footprint(model, plan);
    need.resident = need.resident.saturating_add(store);
    need.per_thread = need.per_thread.saturating_add(model.simulation_bytes());
    let units = units(plan, blocks, S::SPLITS);
    // (Each unit in flight holds a block's worth of results.)
    let wave = memory::fit(&need, units.len() as u64, threads)? as usize;
    let (total, mut done) = (plan.len(), 0);
    // The block being joined from its parts, which a wave may leave unfinished.
    let mut open: Option<(u64, u64, S::Block)> = None;
    for chunk in units.chunks(wave.max(1)) {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Interrupted);
        }
        let shared: &S = sink;
        let finished: Vec<(Unit, S::Block)> = chunk
            .par_iter()
            .map_init(
                || None,
                |kept, &u| (u, simulate_unit(model, plan, u, shared, cancel, kept)),
            )
            .collect();
        // A block cut short by Ctrl-C must not reach the sink.
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Interrupted);
        }
        for (u, part) in finished {
            match &mut open {
                Some((b, n, block)) if *b == u.block => {
                    sink.join(block, part);
                    *n += u.end - u.first;
                }
                _ => {
                    if let Some((_, n, block)) = open.replace((u.block, u.end - u.first, part)) {
                        sink.take(block)?;
                        done += n;
                        progress(done, total);
                    }
                }
            }
        }
    }
    if let Some((_, n, block)) = open {
        sink.take(block)?;
        done += n;
        progress(done, total);
    }
    Ok(())
}

/// Simulates the runs of `plan` into their summary (with the state paths when `paths` is set, for fan
/// charts): the batches of `fidelity`, `calibrate` and the report.
pub fn summarize(model: &Model, plan: &Plan, paths: bool, cancel: &AtomicBool) -> Result<Summary> {
    let mut sink = SummarySink::new(&model.scenario, paths);
    run(model, plan, &mut sink, cancel, &mut |_, _| {})?;
    Ok(sink.finish().0)
}

/// Plays a unit's runs with one simulation, restarted for each run: the worker's `kept` one, if it
/// has one, which it keeps for its next unit. A simulation carries nothing from one run to the next
/// but its caches (a restart resets the rest), except the record of expectations, which sums every
/// run it played: a batch that records them starts each unit with a new simulation.
fn simulate_unit<'m, S: Sink>(
    model: &'m Model,
    plan: &Plan,
    u: Unit,
    sink: &S,
    cancel: &AtomicBool,
    kept: &mut Option<Simulation<'m>>,
) -> S::Block {
    let (first, last) = (u.first, u.end);
    let mut block = sink.open(first);
    let mut sim = match kept.take() {
        Some(sim) if !sink.beliefs() => sim,
        _ => {
            let mut sim = Simulation::new(model, plan.seed, first);
            if sink.paths() {
                sim = sim.with_path();
            }
            if sink.beliefs() {
                sim = sim.with_beliefs();
            }
            sim
        }
    };
    for r in first..last {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        sim.restart(plan.seed, r);
        let outcome = sim.play();
        sink.record(&mut block, &sim, outcome);
    }
    *kept = Some(sim);
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_their_runs_exactly_within_the_blocks_they_touch() {
        for runs in [1, 5, 1000, 1024, 1025, 5000] {
            for (first, end) in [(0, runs), (0, runs / 2), (runs / 2, runs), (1, runs)] {
                if first >= end {
                    continue;
                }
                let p = Plan {
                    span: Some((first, end)),
                    ..Plan::new(Runs::new(runs).unwrap(), 0)
                };
                assert_eq!(p.run_range(), first..end, "runs {runs} span {first}..{end}");
                assert_eq!(p.len(), end - first);
                let b = p.block_range();
                assert_eq!((b.start, b.end), (first / BLOCK, end.div_ceil(BLOCK)));
            }
        }
        // A span within a shard keeps to the shard's runs.
        let p = Plan {
            runs: 5000,
            seed: 0,
            shard: Some((1, 2)),
            span: Some((0, 3000)),
        };
        assert_eq!(p.run_range(), 2048..3000);
    }

    #[test]
    fn shards_cover_the_batch_exactly_once() {
        for runs in [1, 5, 1024, 1025, 5000, 100_000] {
            for n in 1..7 {
                let mut covered = 0;
                let mut next = 0;
                for k in 0..n {
                    let p = Plan {
                        runs,
                        seed: 0,
                        shard: Some((k, n)),
                        span: None,
                    };
                    let r = p.run_range();
                    assert!(r.start == next || r.is_empty(), "runs {runs} n {n} k {k}");
                    if !r.is_empty() {
                        next = r.end;
                    }
                    covered += p.len();
                }
                assert_eq!(covered, runs);
            }
        }
    }

    #[test]
    fn few_blocks_are_cut_into_parts_by_the_plan_and_many_are_not() {
        let plan = |runs| Plan::new(Runs::new(runs).unwrap(), 0);
        let cut = |p: &Plan| units(p, p.block_range(), true);
        // 1,000 runs: one block in eight parts of 125.
        let u = cut(&plan(1000));
        assert_eq!(
            u.iter().map(|u| (u.first, u.end)).collect::<Vec<_>>(),
            (0..8).map(|p| (125 * p, 125 * (p + 1))).collect::<Vec<_>>()
        );
        assert!(u.iter().all(|u| u.block == 0));
        // Parts cover every run once, in order, none shorter than MIN_PART (unless the block is),
        // none crossing a block, at most PARTS a block.
        for runs in [1, 5, 31, 32, 63, 64, 200, 257, 1024, 1025, 3000, 4096, 5000] {
            let p = plan(runs);
            let u = cut(&p);
            assert_eq!((u[0].first, u[u.len() - 1].end), (0, runs));
            for (a, b) in u.iter().zip(&u[1..]) {
                assert_eq!(a.end, b.first);
            }
            let few = runs.div_ceil(BLOCK) < FEW_BLOCKS;
            for x in &u {
                assert_eq!(x.block, x.first / BLOCK);
                assert!(x.end <= (x.block + 1) * BLOCK);
                let in_block = x.block * BLOCK..((x.block + 1) * BLOCK).min(runs);
                assert!(x.end - x.first >= MIN_PART.min(in_block.end - in_block.start));
                let parts = u.iter().filter(|y| y.block == x.block).count() as u64;
                assert!(parts <= if few { PARTS } else { 1 }, "runs {runs}");
            }
            if !few {
                assert_eq!(
                    u.len() as u64,
                    p.block_range().end,
                    "runs {runs}: whole blocks"
                );
            }
            // A sink that cannot join parts gets whole blocks.
            assert_eq!(
                units(&p, p.block_range(), false).len() as u64,
                p.block_range().end
            );
        }
    }

    #[test]
    fn a_block_simulated_in_parts_sums_up_as_played_run_by_run() {
        use crate::export::json;
        let s = crate::Scenario::load("ceasefire_toy", &[]).unwrap();
        let m = Model::new(s.clone());
        let runs = 700;
        // Run by run, as one simulation would play them.
        let mut whole = Summary::new(&s);
        let mut sim = Simulation::new(&m, 9, 0).with_path();
        for r in 0..runs {
            sim.restart(9, r);
            whole.add(&s, &sim.play());
        }
        // In parts (700 runs: one block in eight parts), joined.
        let plan = Plan::new(Runs::new(runs).unwrap(), 9);
        let parts = summarize(&m, &plan, true, &AtomicBool::new(false)).unwrap();
        assert_eq!(parts.runs, runs);
        let text = |x: &Summary| json::to_text(&json::summary(&s, x, &json::Provenance::default()));
        assert_eq!(text(&parts), text(&whole));
    }
}
