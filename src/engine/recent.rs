//! A simulation's caches of what it looked up lately, in front of the model's store.
//!
//! Both are direct-mapped: a key (regime and grid points) lives in the slot the top bits of its hash
//! pick. [`Values`] keeps only the actors' values of a solution, in one flat record per slot (hash,
//! regime, grid points and values side by side), so that the interpolation of a value between grid points — several
//! lookups for each action an actor weighs — reads a few cache lines and touches no solution; it
//! holds no solution either, so it can be large without keeping alive what the store has evicted.
//! [`Solutions`] is a small cache of whole solutions, for the moves that read a solution's games.

use std::sync::Arc;

use super::percept::{Key, Regime};
use super::solve::Solution;

/// Most slots of [`Values`] (a power of two). A run of the default scenario meets about a hundred
/// new perceived worlds; 4,096 slots keep most of a run's worlds (its store lookups of 10,000 runs
/// played again: 1.13 M with one cache of 256 whole solutions, 0.36 M with these 4,096 slots of
/// values beside it).
const VALUE_SLOTS: usize = 4096;
/// Most bytes of [`Values`]' records: a scenario with many state variables and actors gets fewer
/// slots, so that a simulation's cache stays within this (the default scenario: 480 KiB).
const VALUE_BYTES: usize = 1 << 20;
/// Fewest slots of [`Values`].
const MIN_VALUE_SLOTS: usize = 64;
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
    /// Slots (a power of two).
    slots: usize,
    /// Each slot's record, `2 + k + n` words side by side (one or two cache lines): the key's hash,
    /// the address of its regime, its grid points, then the bits of each actor's value.
    words: Vec<u64>,
    /// Each slot's regime, kept alive while its address is in the slot's record.
    regime: Vec<Option<Arc<Regime>>>,
}

impl Values {
    /// An empty cache for keys of `k` grid points and solutions of `n` actors.
    pub fn new(k: usize, n: usize) -> Values {
        let slots = Values::slots(k, n);
        Values {
            k,
            n,
            slots,
            words: vec![0; slots * (2 + k + n)],
            regime: (0..slots).map(|_| None).collect(),
        }
    }

    /// The bytes of one slot: its record and its regime.
    fn slot_bytes(k: usize, n: usize) -> usize {
        8 * (2 + k + n) + std::mem::size_of::<Option<Arc<Regime>>>()
    }

    /// The slots of a cache for keys of `k` grid points and solutions of `n` actors (a power of two).
    fn slots(k: usize, n: usize) -> usize {
        let fit = (VALUE_BYTES / Values::slot_bytes(k, n)).max(1);
        // The largest power of two that fits, within the bounds.
        (1usize << (usize::BITS - 1 - fit.leading_zeros())).clamp(MIN_VALUE_SLOTS, VALUE_SLOTS)
    }

    /// The bytes of a cache for keys of `k` grid points and solutions of `n` actors (for the memory
    /// guard's estimate of a simulation).
    pub fn bytes(k: usize, n: usize) -> u64 {
        (Values::slots(k, n) * Values::slot_bytes(k, n)) as u64
    }

    /// The slot of a key of hash `hash`.
    #[inline]
    pub fn slot(&self, hash: u64) -> usize {
        slot(hash, self.slots)
    }

    #[inline]
    fn record(&self, s: usize) -> &[u64] {
        let w = 2 + self.k + self.n;
        &self.words[s * w..(s + 1) * w]
    }

    /// Whether slot `s` holds the key of `regime` and `bins`, whose key hash is `hash`.
    #[inline]
    pub fn holds(&self, s: usize, hash: u64, regime: &Arc<Regime>, bins: &[i64]) -> bool {
        debug_assert_eq!(bins.len(), self.k);
        let r = self.record(s);
        r[0] == hash
            // (Element by element: a few grid points, cheaper than a call to `memcmp`.)
            && r[2..2 + self.k]
                .iter()
                .zip(bins)
                .all(|(&x, &y)| x == y as u64)
            && (r[1] == Arc::as_ptr(regime) as u64
                || self.regime[s].as_ref().is_some_and(|x| **x == **regime))
    }

    /// Puts the values of the solution `sol` of the key (`hash`, `regime`, `bins`) in slot `s`.
    pub fn put(&mut self, s: usize, hash: u64, regime: &Arc<Regime>, bins: &[i64], sol: &Solution) {
        let (k, n) = (self.k, self.n);
        let w = 2 + k + n;
        let r = &mut self.words[s * w..(s + 1) * w];
        r[0] = hash;
        r[1] = Arc::as_ptr(regime) as u64;
        for (x, &b) in r[2..2 + k].iter_mut().zip(bins) {
            *x = b as u64;
        }
        for (x, v) in r[2 + k..].iter_mut().zip(&sol.value) {
            *x = v.to_bits();
        }
        if !self.regime[s]
            .as_ref()
            .is_some_and(|x| Arc::ptr_eq(x, regime))
        {
            self.regime[s] = Some(regime.clone());
        }
    }

    /// Actor `a`'s value in the solution whose values slot `s` holds.
    #[inline]
    pub fn value(&self, s: usize, a: usize) -> f64 {
        f64::from_bits(self.words[s * (2 + self.k + self.n) + 2 + self.k + a])
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_values_cache_is_a_power_of_two_of_slots_within_its_bytes() {
        // The default scenario: 6 state variables, 6 actors.
        assert_eq!(Values::slots(6, 6), VALUE_SLOTS);
        for (k, n) in [(0, 1), (6, 6), (40, 20), (200, 64), (5000, 5000)] {
            let s = Values::slots(k, n);
            assert!(s.is_power_of_two(), "{k} {n}: {s}");
            assert!((MIN_VALUE_SLOTS..=VALUE_SLOTS).contains(&s), "{k} {n}: {s}");
            let bytes = Values::bytes(k, n);
            assert!(
                s == MIN_VALUE_SLOTS || bytes <= VALUE_BYTES as u64,
                "{k} {n}: {bytes}"
            );
            // The largest that fits: twice as many would not.
            assert!(
                s == VALUE_SLOTS || 2 * bytes > VALUE_BYTES as u64,
                "{k} {n}: {bytes}"
            );
            let v = Values::new(k, n);
            assert_eq!(v.words.len(), s * (2 + k + n));
            assert!(v.slot(u64::MAX) < s && v.slot(0) == 0);
        }
        assert!(Values::slots(200, 64) < VALUE_SLOTS);
    }
}
