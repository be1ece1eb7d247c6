//! Solved bargaining games, kept by the exact bits of their inputs.
//!
//! A game's solution (`bargain::solve`) is a pure function of its inputs: the settlement values,
//! flows, discounts, exits, the parties' and veto players' ways of choosing, and the warm start.
//! Different perceived worlds often pose the very same game (a state variable that moves no payoff
//! of an issue, say): over 1,000 Korean runs three games in four are ones already solved. A game
//! whose inputs are bit for bit those of one solved before shares that solution, which is exactly
//! what solving it again would give; nothing else is shared, so no output can change.
//!
//! The memo keeps two generations: when the newer holds half the memo's budget, the older is
//! dropped and the newer takes its place (a game met again moves to the newer one), so what the runs
//! meet lately stays and the memory stays bounded. It lives in the store's budget, behind the
//! solutions: it takes at most a sixteenth of the budget, and only what the solutions leave free
//! (when they grow, it gives memory back first), so what the store keeps of solutions, and when it
//! evicts them, is as it was without the memo.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::bargain::Game;
use crate::engine::percept::Words;

type Map = HashMap<Box<[u64]>, Arc<Game>, Words>;

/// The two generations and the bytes each holds.
#[derive(Default)]
struct Gens {
    new: Map,
    old: Map,
    bytes: usize,
    old_bytes: usize,
}

/// Solved games by the bits of their inputs (see the module's comment).
#[derive(Default)]
pub(crate) struct Games {
    gens: Mutex<Gens>,
}

impl Games {
    /// The game solved from the inputs `key`, if kept.
    pub fn get(&self, key: &[u64]) -> Option<Arc<Game>> {
        let mut g = self.gens.lock().ok()?;
        if let Some(game) = g.new.get(key) {
            return Some(game.clone());
        }
        let (k, game) = g.old.remove_entry(key)?;
        let out = game.clone();
        let size = entry_bytes(&k, &game);
        g.bytes += size;
        g.old_bytes -= size;
        g.new.insert(k, game);
        Some(out)
    }

    /// Keeps `game`, solved from the inputs `key`, within `budget` bytes in all.
    pub fn put(&self, key: &[u64], game: &Arc<Game>, budget: usize) {
        let Ok(mut g) = self.gens.lock() else {
            return;
        };
        let size = entry_bytes(key, game);
        if size > budget / 2 {
            return;
        }
        if g.bytes + size > budget / 2 {
            g.old = std::mem::take(&mut g.new);
            g.old_bytes = g.bytes;
            g.bytes = 0;
        }
        g.bytes += size;
        g.new.insert(key.into(), game.clone());
    }

    /// Gives memory back until at most `bytes` are held: the older generation first, then the newer.
    pub fn shrink_to(&self, bytes: usize) {
        let Ok(mut g) = self.gens.lock() else {
            return;
        };
        if g.bytes + g.old_bytes > bytes {
            g.old = Map::default();
            g.old_bytes = 0;
        }
        if g.bytes > bytes {
            g.new = Map::default();
            g.bytes = 0;
        }
    }
}

/// The heap an entry takes: its key, the game and its buffers, the table's slot and the allocator's
/// overhead (a game that a stored solution holds too is counted in both: an overestimate).
fn entry_bytes(key: &[u64], game: &Game) -> usize {
    let slot = std::mem::size_of::<(Box<[u64]>, Arc<Game>)>() + 8;
    key.len() * 8 + 2 * super::ALLOC + std::mem::size_of::<Game>() + game.bytes() + slot
}
