//! The batch runner: many runs of one model, parallel, deterministic, cancellable, within a memory
//! budget. Every command that simulates more than one run goes through [`run`].
//!
//! Runs are cut into blocks of [`BLOCK`] consecutive indices, and the blocks into units: each block
//! whole, except the last [`TAIL_BLOCKS`] blocks of a batch (all of a batch of fewer, such as the
//! default 1,000 runs), which, if the sink can join parts ([`Sink::SPLITS`]), are cut into up to
//! [`PARTS`] parts of at least [`MIN_PART`] runs, so that the threads end the batch together; the
//! units are cut by the plan alone, never by the thread count. The threads of the rayon pool claim
//! units in index order from a queue (`schedule.rs`), each simulating its unit with one
//! [`Simulation`] restarted for each run and recording every finished run into the unit's block on
//! its own thread through the [`Sink`]; the calling thread joins a block's parts and hands the
//! finished blocks to the sink strictly in index order, simulating units itself in between. Because
//! every run depends only on (master seed, index) and the sink sees the same blocks in index order,
//! what a sink produces does not depend on the number of threads, on which thread simulated which
//! unit, or on how runs are split into shards (`--shard K/N` takes whole blocks). The runner polls
//! the cancel flag (Ctrl-C, SIGTERM) between units and between runs, and the number of units in
//! flight (claimed and not yet handed over) is chosen by the memory guard ([`memory::fit`]) from the
//! sink's [`Footprint`].
//!
//! The sinks: [`SummarySink`] (the mergeable summary, and optionally the rows of `runs.csv`),
//! [`CollectSink`] (every run's outcome, in order: paired runs for compare, sweeps and sensitivity),
//! [`BeliefSink`] (expectations against behaviour, `armistice beliefs`) and the tournament's cells
//! (`analysis::tournament`).

pub mod limits;
pub mod memory;
mod schedule;
mod sinks;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use schedule::{Queue, StopOnPanic};

use crate::engine::{Model, Simulation};
use crate::error::{Error, Result};
use crate::outcome::{RunOutcome, Summary};

pub use limits::{MAX_RUNS, MAX_THREADS, Runs, Threads};
pub use memory::Footprint;
pub use sinks::{BeliefSink, CollectSink, SKETCH_BYTES, SummarySink, outcome_bytes, summary_bytes};

/// Runs per block.
pub const BLOCK: u64 = 1024;
/// Most parts a block of the batch's tail is cut into.
pub const PARTS: u64 = 8;
/// Fewest runs in a part of a block (a block of fewer runs is not cut).
pub const MIN_PART: u64 = 32;
/// The last blocks of a batch, simulated in parts (see the module's comment).
pub const TAIL_BLOCKS: u64 = 4;

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
/// [`Sink::open`] and [`Sink::record`] run on the pool's threads, one unit each, while [`Sink::join`]
/// and [`Sink::take`] receive the finished units and blocks on the calling thread, in index order, so
/// whatever it reduces (sums of floats included) comes out the same whatever the thread count.
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

    /// Whether a block can be built in parts and joined ([`Sink::join`]): then the last
    /// [`TAIL_BLOCKS`] blocks of a batch are simulated in parts, in parallel.
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

/// The units of `plan`'s blocks `blocks`: each block whole, but for the last [`TAIL_BLOCKS`] when
/// the sink `can_split`, each in up to [`PARTS`] parts of at least [`MIN_PART`] runs (as equal as may
/// be).
fn units(plan: &Plan, blocks: std::ops::Range<u64>, can_split: bool) -> Vec<Unit> {
    let tail = blocks.end.saturating_sub(TAIL_BLOCKS);
    let range = plan.run_range();
    let mut out = Vec::new();
    for block in blocks {
        let first = (block * BLOCK).max(range.start);
        let last = ((block + 1) * BLOCK).min(range.end).max(first);
        let n = if can_split && block >= tail {
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
/// `sink`. `progress(done, total)` is told after each block; `cancel` is polled between units and
/// between runs, and a set flag ends the batch with [`Error::Interrupted`] before anything half-done
/// reaches the sink. A batch that would not fit in memory is refused before its first run.
pub fn run<S: Sink + Send + Sync>(
    model: &Model,
    plan: &Plan,
    sink: &mut S,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let blocks = plan.block_range();
    let threads = rayon::current_num_threads().max(1);
    // The store of solutions takes at most a quarter of the memory a batch may plan to use.
    let store = model.limit_store((memory::memory_limit()? / 4).max(1 << 20));
    let mut need = sink.footprint(model, plan);
    need.resident = need.resident.saturating_add(store);
    need.per_thread = need.per_thread.saturating_add(model.simulation_bytes());
    let units = units(plan, blocks, S::SPLITS);
    // (Each unit in flight holds a block's worth of results.)
    let window = memory::fit(&need, units.len() as u64, threads as u64)? as usize;
    let queue = Queue::new(units.len(), window);
    // The calling thread simulates units too when it is one of the pool's threads (as inside
    // `Threads::install` given a number of threads), or the only thread; otherwise (the program's
    // own thread, with the global pool) it only hands them over.
    let caller_works = threads == 1 || rayon::current_thread_index().is_some();
    let helpers = if caller_works { threads - 1 } else { threads }.min(units.len());
    let work = Work {
        model,
        plan,
        units: &units,
        cancel,
        paths: sink.paths(),
        beliefs: sink.beliefs(),
    };
    // The helpers read the sink (`open`, `record`) while the calling thread hands it blocks (`take`).
    let sink = RwLock::new(sink);
    rayon::in_place_scope(|s| {
        for _ in 0..helpers {
            s.spawn(|_| {
                let _alarm = StopOnPanic(&queue);
                let mut kept = None;
                while let Some(i) = queue.claim(cancel) {
                    queue.finish(i, simulate_unit(&work, units[i], &sink, &mut kept));
                }
            });
        }
        let _alarm = StopOnPanic(&queue);
        let handed = hand_over(&queue, &work, &sink, caller_works, progress);
        if handed.is_err() {
            queue.stop();
        }
        handed
    })
}

/// What every thread of a batch reads.
struct Work<'a, 'm> {
    model: &'m Model,
    plan: &'a Plan,
    units: &'a [Unit],
    cancel: &'a AtomicBool,
    paths: bool,
    beliefs: bool,
}

/// The sink, to record runs (any thread) or join parts.
fn read<'a, 's, S>(sink: &'a RwLock<&'s mut S>) -> RwLockReadGuard<'a, &'s mut S> {
    sink.read().unwrap_or_else(PoisonError::into_inner)
}

/// The sink, to hand it a block (the calling thread).
fn write<'a, 's, S>(sink: &'a RwLock<&'s mut S>) -> RwLockWriteGuard<'a, &'s mut S> {
    sink.write().unwrap_or_else(PoisonError::into_inner)
}

/// The calling thread's part of a batch: hands the finished units to the sink in index order
/// (joining a block's parts before the sink takes it), and simulates units itself, if it `works`,
/// while the next one to hand over is not finished.
fn hand_over<'m, S: Sink>(
    queue: &Queue<S::Block>,
    work: &Work<'_, 'm>,
    sink: &RwLock<&mut S>,
    works: bool,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let mut kept: Option<Simulation<'m>> = None;
    // The block being joined from its parts.
    let mut open: Option<(u64, u64, S::Block)> = None;
    let (total, mut done) = (work.plan.len(), 0);
    for (taken, &u) in work.units.iter().enumerate() {
        let part = loop {
            // A unit cut short by Ctrl-C must not reach the sink.
            if work.cancel.load(Ordering::Relaxed) {
                return Err(Error::Interrupted);
            }
            if let Some(part) = queue.take(taken, false) {
                break part;
            }
            if let Some(i) = works.then(|| queue.try_claim(taken)).flatten() {
                queue.finish(i, simulate_unit(work, work.units[i], sink, &mut kept));
                continue;
            }
            if let Some(part) = queue.take(taken, true) {
                break part;
            }
            // A helper that panicked stopped the queue; its panic surfaces when the scope joins the
            // helpers, in place of this error.
            if queue.stopped() {
                return Err(Error::Interrupted);
            }
        };
        if work.cancel.load(Ordering::Relaxed) {
            return Err(Error::Interrupted);
        }
        match &mut open {
            Some((b, n, block)) if *b == u.block => {
                read(sink).join(block, part);
                *n += u.end - u.first;
            }
            _ => {
                if let Some((_, n, block)) = open.replace((u.block, u.end - u.first, part)) {
                    write(sink).take(block)?;
                    done += n;
                    progress(done, total);
                }
            }
        }
        queue.handed_over(taken + 1);
    }
    if let Some((_, n, block)) = open {
        write(sink).take(block)?;
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
    work: &Work<'_, 'm>,
    u: Unit,
    sink: &RwLock<&mut S>,
    kept: &mut Option<Simulation<'m>>,
) -> S::Block {
    let (first, last, seed) = (u.first, u.end, work.plan.seed);
    let mut block = read(sink).open(first);
    let mut sim = match kept.take() {
        Some(sim) if !work.beliefs => sim,
        _ => {
            let mut sim = Simulation::new(work.model, seed, first);
            if work.paths {
                sim = sim.with_path();
            }
            if work.beliefs {
                sim = sim.with_beliefs();
            }
            sim
        }
    };
    for r in first..last {
        if work.cancel.load(Ordering::Relaxed) {
            break;
        }
        sim.restart(seed, r);
        let outcome = sim.play();
        read(sink).record(&mut block, &sim, outcome);
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
    fn the_last_blocks_are_cut_into_parts_by_the_plan_and_the_others_are_not() {
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
        for runs in [
            1, 5, 31, 32, 63, 64, 200, 257, 1024, 1025, 3000, 4096, 5000, 9000,
        ] {
            let p = plan(runs);
            let u = cut(&p);
            assert_eq!((u[0].first, u[u.len() - 1].end), (0, runs));
            for (a, b) in u.iter().zip(&u[1..]) {
                assert_eq!(a.end, b.first);
            }
            let tail = runs.div_ceil(BLOCK).saturating_sub(TAIL_BLOCKS);
            for x in &u {
                assert_eq!(x.block, x.first / BLOCK);
                assert!(x.end <= (x.block + 1) * BLOCK);
                let in_block = x.block * BLOCK..((x.block + 1) * BLOCK).min(runs);
                assert!(x.end - x.first >= MIN_PART.min(in_block.end - in_block.start));
                let parts = u.iter().filter(|y| y.block == x.block).count() as u64;
                if x.block < tail {
                    assert_eq!(parts, 1, "runs {runs}: block {} is whole", x.block);
                } else {
                    let most = (in_block.end - in_block.start) / MIN_PART;
                    assert_eq!(
                        parts,
                        most.clamp(1, PARTS),
                        "runs {runs}: block {}",
                        x.block
                    );
                }
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

    /// The outcomes of `runs` toy runs through the runner, on a pool of `threads` threads, or from
    /// this test's own thread (not one of a pool's) when `threads` is `None`.
    fn collected(runs: u64, threads: Option<usize>) -> Vec<RunOutcome> {
        let m = Model::new(crate::Scenario::load("ceasefire_toy", &[]).unwrap());
        let go =
            || crate::analysis::simulate(&m, 5, Runs::new(runs).unwrap(), &AtomicBool::new(false));
        match threads {
            Some(n) => Threads::new(n).unwrap().install(go).unwrap(),
            None => go(),
        }
        .unwrap()
    }

    #[test]
    fn the_sink_gets_the_same_runs_in_order_whoever_simulates_them() {
        // 5,000 runs are five whole blocks; 700 are one block in eight parts.
        for runs in [5000, 700] {
            let one = collected(runs, Some(1));
            assert_eq!(one.len() as u64, runs);
            for threads in [Some(3), Some(8), None] {
                assert!(
                    collected(runs, threads) == one,
                    "{runs} runs, {threads:?} threads"
                );
            }
        }
    }

    /// Counts runs, and fails when it is handed block `fail`.
    struct Failing {
        fail: u64,
        taken: u64,
    }

    impl Sink for Failing {
        type Block = u64;
        fn open(&self, _first: u64) -> u64 {
            0
        }
        fn record(&self, block: &mut u64, _sim: &Simulation<'_>, _outcome: RunOutcome) {
            *block += 1;
        }
        fn take(&mut self, _block: u64) -> Result<()> {
            if self.taken == self.fail {
                return Err(Error::Output("the disk is full".into()));
            }
            self.taken += 1;
            Ok(())
        }
        fn footprint(&self, _model: &Model, _plan: &Plan) -> Footprint {
            Footprint {
                resident: 0,
                per_block: 8,
                per_thread: 0,
                what: String::new(),
                help: String::new(),
            }
        }
    }

    #[test]
    fn a_sink_that_fails_ends_the_batch_with_its_error_and_nothing_after_it() {
        let m = Model::new(crate::Scenario::load("ceasefire_toy", &[]).unwrap());
        let plan = Plan::new(Runs::new(20 * BLOCK).unwrap(), 1);
        for threads in [1, 3] {
            let mut sink = Failing { fail: 2, taken: 0 };
            let mut told = Vec::new();
            let r = Threads::new(threads).unwrap().install(|| {
                run(
                    &m,
                    &plan,
                    &mut sink,
                    &AtomicBool::new(false),
                    &mut |d, _| told.push(d),
                )
            });
            let err = r.unwrap().unwrap_err();
            assert_eq!(err.to_string(), "the disk is full");
            assert_eq!(sink.taken, 2);
            assert_eq!(told, [BLOCK, 2 * BLOCK]);
        }
    }

    #[test]
    fn a_cancelled_batch_hands_nothing_on() {
        let m = Model::new(crate::Scenario::load("ceasefire_toy", &[]).unwrap());
        let plan = Plan::new(Runs::new(8 * BLOCK).unwrap(), 1);
        let mut sink = Failing {
            fail: u64::MAX,
            taken: 0,
        };
        let cancel = AtomicBool::new(true);
        let r = Threads::new(3)
            .unwrap()
            .install(|| run(&m, &plan, &mut sink, &cancel, &mut |_, _| {}));
        assert!(matches!(r.unwrap(), Err(Error::Interrupted)));
        assert_eq!(sink.taken, 0);
    }
}
