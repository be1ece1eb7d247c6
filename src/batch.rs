//! Many runs: parallel, deterministic, in fixed blocks.
//!
//! Runs are cut into blocks of [`BLOCK`] consecutive indices. Blocks of a wave are simulated in
//! parallel (rayon); each block yields its CSV rows and its own [`Summary`]; blocks are then written
//! and merged strictly in index order. Because every run depends only on (master seed, index) and
//! every summary merge is exact and order-free, the bytes written do not depend on the number of
//! threads — nor on how runs are split into shards (`--shard K/N` takes whole blocks).

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::engine::{Model, Simulation};
use crate::error::{Error, Result};
use crate::outcome::{RunOutcome, Summary};

/// Runs per block.
pub const BLOCK: u64 = 1024;

/// Which runs to simulate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Total runs of the (unsharded) batch.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// `(k, n)`: this is shard k of n (0-based).
    pub shard: Option<(u64, u64)>,
}

impl Plan {
    /// Number of blocks of the whole batch.
    pub fn blocks(&self) -> u64 {
        self.runs.div_ceil(BLOCK)
    }

    /// The blocks this plan covers.
    pub fn block_range(&self) -> std::ops::Range<u64> {
        let nb = self.blocks();
        match self.shard {
            None => 0..nb,
            // In u128: k × blocks overflows u64 for absurd shard counts.
            Some((k, n)) => {
                let at = |k: u64| (u128::from(k) * u128::from(nb) / u128::from(n.max(1))) as u64;
                at(k.min(n))..at((k + 1).min(n))
            }
        }
    }

    /// The run indices this plan covers.
    pub fn run_range(&self) -> std::ops::Range<u64> {
        let b = self.block_range();
        (b.start * BLOCK).min(self.runs)..(b.end * BLOCK).min(self.runs)
    }
}

/// One finished block.
pub struct Block {
    /// Its first run index.
    pub first: u64,
    /// The runs, in index order (empty unless kept).
    pub outcomes: Vec<RunOutcome>,
    /// Its summary.
    pub summary: Summary,
}

/// Options of a batch.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Keep per-run outcomes for the consumer (for `runs.csv`).
    pub keep_runs: bool,
    /// Record state paths (for fan charts).
    pub paths: bool,
    /// Blocks simulated at once (0: four per thread). Fewer blocks in flight use less memory; the
    /// results do not depend on it.
    pub wave: u64,
}

/// Bytes one quantile sketch takes once it holds values: the struct plus one 128-bin chunk of `u64`
/// counts per sign in use (sketches-ddsketch grows its bins in chunks of 128). Values spread over many
/// orders of magnitude take more; this is a typical size, not a bound.
pub const SKETCH_BYTES: u64 = 2 * 1024 + 256;

/// Memory a batch needs, by part, as estimated before it starts (see [`estimate`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Bytes of one block's summary (dominated by the fan-chart paths: states × turns sketches).
    pub summary: u64,
    /// Bytes of one block's kept runs (for `runs.csv`).
    pub outcomes: u64,
    /// Bytes each worker thread needs for the run it is simulating (its state path).
    pub per_thread: u64,
}

impl Estimate {
    /// Total bytes with `wave` blocks in flight on `threads` threads.
    pub fn total(&self, wave: u64, threads: u64) -> u64 {
        // The running total is one more summary; every block of the wave holds its own.
        (wave.saturating_add(1))
            .saturating_mul(self.summary)
            .saturating_add(wave.saturating_mul(self.outcomes))
            .saturating_add(threads.saturating_mul(self.per_thread))
    }
}

/// Estimates the memory of a batch of `model` with `opts`, before it starts.
pub fn estimate(model: &Model, opts: Options) -> Estimate {
    let s = &model.scenario;
    let turns = u64::from(s.clock.max_turns);
    let states = s.states.len() as u64;
    let positions: u64 = s.issues.iter().map(|i| i.len() as u64).sum();
    let dated = (s.issues.len() + s.agreements.len() + s.events.len() + s.actions.len() + 1) as u64;
    // Turn histograms are sparse maps: at most one entry (~48 bytes in a B-tree) per distinct turn.
    let hist = dated.saturating_mul(turns.min(BLOCK)).saturating_mul(48);
    let values = (s.actors.len() as u64 + states).saturating_mul(SKETCH_BYTES);
    let paths = if opts.paths {
        states.saturating_mul(turns).saturating_mul(SKETCH_BYTES)
    } else {
        0
    };
    let summary = hist
        .saturating_add(values)
        .saturating_add(paths)
        .saturating_add(positions * 8);
    let row = 160 + 16 * (s.issues.len() as u64) + 8 * dated + 8 * (s.actors.len() as u64 + states);
    let outcomes = if opts.keep_runs { BLOCK * row } else { 0 };
    let per_thread = if opts.paths {
        turns.saturating_mul(states * 8 + 24)
    } else {
        0
    };
    Estimate {
        summary,
        outcomes,
        per_thread,
    }
}

/// Simulates the runs of `plan`, handing each block to `consume` in index order. `progress` is told
/// how many runs finished; `cancel` stops the batch between waves (returns [`Error::Interrupted`]).
pub fn run(
    model: &Model,
    plan: &Plan,
    opts: Options,
    cancel: &AtomicBool,
    mut progress: impl FnMut(u64),
    mut consume: impl FnMut(Block) -> Result<()>,
) -> Result<Summary> {
    let blocks = plan.block_range();
    let threads = rayon::current_num_threads().max(1) as u64;
    // A wave keeps every thread busy while bounding memory to a few blocks per thread.
    let wave = if opts.wave == 0 {
        threads * 4
    } else {
        opts.wave
    };
    let mut total = Summary::new(&model.scenario);
    let mut b = blocks.start;
    while b < blocks.end {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Interrupted);
        }
        let end = (b + wave).min(blocks.end);
        let done: Vec<Block> = (b..end)
            .into_par_iter()
            .map(|blk| simulate_block(model, plan, blk, opts, cancel))
            .collect();
        // A block cut short by Ctrl-C must not be written or merged.
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Interrupted);
        }
        for blk in done {
            total.merge(&blk.summary);
            let n = blk.summary.runs;
            consume(blk)?;
            progress(n);
        }
        b = end;
    }
    Ok(total)
}

fn simulate_block(
    model: &Model,
    plan: &Plan,
    blk: u64,
    opts: Options,
    cancel: &AtomicBool,
) -> Block {
    let first = blk * BLOCK;
    let last = ((blk + 1) * BLOCK).min(plan.runs);
    let mut summary = Summary::new(&model.scenario);
    let mut outcomes = Vec::new();
    // One simulation plays the block's runs one after another, reusing its memory.
    let mut sim = Simulation::new(model, plan.seed, first);
    if opts.paths {
        sim = sim.with_path();
    }
    for r in first..last {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        sim.restart(plan.seed, r);
        let mut o = sim.play();
        summary.add(&model.scenario, &o);
        if opts.keep_runs {
            // The path is summarised already; keeping it would multiply the memory of a wave.
            o.path = None;
            outcomes.push(o);
        }
    }
    Block {
        first,
        outcomes,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                    };
                    let r = p.run_range();
                    assert!(r.start == next || r.is_empty(), "runs {runs} n {n} k {k}");
                    if !r.is_empty() {
                        next = r.end;
                    }
                    covered += r.end - r.start;
                }
                assert_eq!(covered, runs);
            }
        }
    }
}
