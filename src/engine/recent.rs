//! A simulation's caches of what it looked up lately, in front of the model's store.
//!
//! Both are direct-mapped: a key (regime and grid points) lives in the slot the top bits of its hash
//! pick. [`Values`] keeps only the actors' values of a solution, in flat arrays (hashes, grid points
//! and values side by side), so that the interpolation of a value between grid points — several
//! lookups for each action an actor weighs — reads a few cache lines and touches no solution; it
//! holds no solution either, so it can be large without keeping alive what the store has evicted.
//! [`Solutions`] is a small cache of whole solutions, for the moves that read a solution's games.

use std::sync::Arc;

use super::percept::{Key, Regime};
use super::solve::Solution;

/// Slots of [`Values`] (a power of two). A `korea_1951` run meets about a hundred new perceived
/// worlds; 4,096 slots keep most of a run's worlds (store lookups of 10,000 runs, again: 1.13 M
/// with 256 slots, 0.22 M with 4,096).
const VALUE_SLOTS: usize = 4096;
/// Slots of [`Solutions`] (a power of two): each may keep alive a solution the store has evicted,
/// so there are few.
const SOLUTION_SLOTS: usize = 256;

/// The slot among `n` (a power of two) of a key of hash `hash`: its top bits, its best mixed.
#[inline]
fn slot(hash: u64, n: usize) -> usize {
    (hash >> (64 - n.trailing_zeros())) as usize
}

/// The actors' values of the solutions of recent keys.
pub(super) struct Values {
    /// Grid points per key (the state variables).
    k: usize,
    /// Values per solution (the actors).
    n: usize,
    hash: Vec<u64>,
    regime: Vec<Option<Arc<Regime>>>,
    /// `VALUE_SLOTS × k`: each slot's grid points.
    bins: Vec<i64>,
    /// `VALUE_SLOTS × n`: each slot's [`Solution::value`].
    value: Vec<f64>,
}

impl Values {
    /// An empty cache for keys of `k` grid points and solutions of `n` actors.
    pub fn new(k: usize, n: usize) -> Values {
        Values {
            k,
            n,
            hash: vec![0; VALUE_SLOTS],
            regime: (0..VALUE_SLOTS).map(|_| None).collect(),
            bins: vec![0; VALUE_SLOTS * k],
            value: vec![0.0; VALUE_SLOTS * n],
        }
    }

    /// The slot of a key of hash `hash`.
    #[inline]
    pub fn slot(hash: u64) -> usize {
        slot(hash, VALUE_SLOTS)
    }

    /// Whether slot `s` holds the key of `regime` and `bins`, whose key hash is `hash`.
    #[inline]
    pub fn holds(&self, s: usize, hash: u64, regime: &Arc<Regime>, bins: &[i64]) -> bool {
        debug_assert_eq!(bins.len(), self.k);
        self.hash[s] == hash
            // (Element by element: a few grid points, cheaper than a call to `memcmp`.)
            && self.bins[s * self.k..(s + 1) * self.k]
                .iter()
                .zip(bins)
                .all(|(x, y)| x == y)
            && self.regime[s]
                .as_ref()
                .is_some_and(|r| Arc::ptr_eq(r, regime) || **r == **regime)
    }

    /// Puts the values of the solution `sol` of the key (`hash`, `regime`, `bins`) in slot `s`.
    pub fn put(&mut self, s: usize, hash: u64, regime: &Arc<Regime>, bins: &[i64], sol: &Solution) {
        self.hash[s] = hash;
        if !self.regime[s]
            .as_ref()
            .is_some_and(|r| Arc::ptr_eq(r, regime))
        {
            self.regime[s] = Some(regime.clone());
        }
        self.bins[s * self.k..(s + 1) * self.k].copy_from_slice(bins);
        self.value[s * self.n..(s + 1) * self.n].copy_from_slice(&sol.value);
    }

    /// Actor `a`'s value in the solution whose values slot `s` holds.
    #[inline]
    pub fn value(&self, s: usize, a: usize) -> f64 {
        self.value[s * self.n + a]
    }
}

/// Recent keys with their whole solutions.
pub(super) struct Solutions {
    slots: Vec<Option<(Key, Arc<Solution>)>>,
}

impl Solutions {
    /// An empty cache.
    pub fn new() -> Solutions {
        Solutions {
            slots: (0..SOLUTION_SLOTS).map(|_| None).collect(),
        }
    }

    /// The solution of the key (`hash`, `regime`, `bins`), if this cache holds it.
    pub fn get(&self, hash: u64, regime: &Arc<Regime>, bins: &[i64]) -> Option<&Arc<Solution>> {
        match &self.slots[slot(hash, SOLUTION_SLOTS)] {
            Some((k, sol)) if k.is(hash, regime, bins) => Some(sol),
            _ => None,
        }
    }

    /// Keeps `sol`, the solution of `key`.
    pub fn put(&mut self, key: Key, sol: Arc<Solution>) {
        let s = slot(key.hash_value(), SOLUTION_SLOTS);
        self.slots[s] = Some((key, sol));
    }
}
