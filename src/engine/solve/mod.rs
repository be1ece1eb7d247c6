//! Expectations: the equilibrium of the perceived world, solved once per perceived world (`Key`) and shared.
//!
//! `solve` goes down the lattice of settlements of the pending issues (`lattice.rs`), from the state
//! where all are settled to the world as it is. In each state it solves the bargaining game of every
//! issue under negotiation there (`bargain.rs`, `issue.rs`) — each party's probabilities of
//! accepting, walking away and offering each position at each kind of node, and each veto player's
//! probability of allowing each settlement — from the values of the states a settlement leads to,
//! already solved; then the state's own value to every actor follows. This is backward induction
//! over settlements: the value of settling an issue is what the rest of the talks make of it, in the
//! equilibrium the actors expect there.
//!
//! Anticipated events (`Foresight`) leave the lattice with their probability each turn; an event
//! that does more than end the run leads to another regime, solved the same way (recursively,
//! through the store of solutions, to a bounded depth; `states.rs`).

pub mod bargain;
mod context;
mod issue;
mod lattice;
mod memo;
pub(crate) mod rules;
mod states;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub use bargain::{Game, Node};
pub(crate) use bargain::{GameIn, PartyIn, Play};
pub(crate) use lattice::flows as flows_now;
use lattice::{Pass, Progress, Values};

use super::model::Model;
use super::percept::{self, Key, Regime};
use context::Ctx;

/// The most pending issues the chain of settlements tracks one by one (2^12 states).
pub const MAX_CHAIN: usize = 12;
/// Sweeps of the lattice. With more than one, each later sweep values the terms settled along the way
/// at what the previous sweep's games expect them to be; one sweep values them at the mean over the
/// positions, and costs half as much as two.
const SWEEPS: usize = 1;
/// How deep regimes reached by anticipated events are themselves solved.
const MAX_DEPTH: u32 = 3;

/// An anticipated way out of the chain at the start of a turn.
#[derive(Clone, Debug)]
pub(crate) struct Exit {
    /// Probability per turn.
    pub p: f64,
    /// Per actor: the value after it (in the chain's convention: settled terms left out).
    pub value: Vec<f64>,
    /// `reach[g * nact + a]`: the expected discount until agreement g is reached after it.
    pub reach: Vec<f64>,
}

impl Exit {
    fn reach(&self, g: usize, nact: usize, a: usize) -> f64 {
        self.reach.get(g * nact + a).copied().unwrap_or(0.0)
    }
}

/// The solution of one issue.
#[derive(Clone, Debug)]
pub struct IssueSolution {
    /// `x[q * nact + a]`: actor a's value of the world with the issue settled at q now.
    pub x: Vec<f64>,
    /// Per actor: the value of the world if the issue never settled (the disagreement value on it).
    pub no_deal: Vec<f64>,
    /// `terms[q * nact + a]`: actor a's payoff from the issue's terms at q (weighted, in the
    /// perceived state).
    pub terms: Vec<f64>,
    /// The solved game: every party as it plays (the others' expectations of it).
    pub game: Arc<Game>,
    /// When a subgame-perfect player faces one that does not play the equilibrium: the game with
    /// both best-responding, whose policies the subgame-perfect player follows.
    pub equilibrium: Option<Arc<Game>>,
    /// Probability per turn that the run leaves the issue's world before the next move (anticipated
    /// events, breakdown).
    pub exit_p: f64,
    /// Per party: every actor's value if that party's lead walks away (if it holds an outside
    /// option it may take).
    pub walk: Vec<Option<Vec<f64>>>,
    /// Whether the issue is under negotiation in this world (else it was solved as it will be once
    /// its turn on the agenda comes).
    pub current: bool,
}

/// The expectations of one perceived world.
#[derive(Clone, Debug)]
pub struct Solution {
    /// Per actor: the expected discounted value of the world.
    pub value: Vec<f64>,
    /// Per actor: the value of the run ending now (the disagreement value: the flows of this world
    /// forever, no further settlement).
    pub breakdown: Vec<f64>,
    /// Per issue: its solution, for the issues still pending.
    pub issues: Vec<Option<IssueSolution>>,
    /// Whether the policy iteration of every game in `issues` converged (else some are used as the
    /// iteration left them).
    pub converged: bool,
    /// The chain (for regimes that exit into this one).
    pending: Vec<usize>,
    wn: Vec<f64>,
    dn: Vec<f64>,
}

impl Solution {
    /// Heap size, for the store's budget: every buffer's capacity plus the allocator's overhead per
    /// allocation (measured against the process's peak memory, this is within a few per cent).
    fn bytes(&self) -> usize {
        let issues: usize = self.issues.iter().flatten().map(IssueSolution::bytes).sum();
        std::mem::size_of::<Solution>()
            + ALLOC
            + vec_bytes(&self.value)
            + vec_bytes(&self.breakdown)
            + vec_bytes(&self.issues)
            + issues
            + vec_bytes(&self.pending)
            + vec_bytes(&self.wn)
            + vec_bytes(&self.dn)
    }
}

impl IssueSolution {
    fn bytes(&self) -> usize {
        vec_bytes(&self.x)
            + vec_bytes(&self.no_deal)
            + vec_bytes(&self.terms)
            + self.game.bytes()
            + self.equilibrium.as_ref().map_or(0, |g| g.bytes())
            + vec_bytes(&self.walk)
            + self.walk.iter().flatten().map(vec_bytes).sum::<usize>()
    }
}

impl Game {
    fn bytes(&self) -> usize {
        let nodes: usize = self.nodes.iter().map(|n| n.heap_bytes() + ALLOC).sum();
        vec_bytes(&self.nodes)
            + nodes
            + vec_bytes(&self.stage)
            + vec_bytes(&self.settle_weights)
            + vec_bytes(&self.walk_value)
    }
}

/// The allocator's overhead per allocation (glibc: a 16-byte header, rounded to 16).
const ALLOC: usize = 24;

/// The heap a vector holds (nothing when it never allocated).
fn vec_bytes<T>(v: &Vec<T>) -> usize {
    match v.capacity() * std::mem::size_of::<T>() {
        0 => 0,
        b => b + ALLOC,
    }
}

/// A perceived world's solutions, one slot per depth of anticipation, and how often they served.
#[derive(Default)]
struct Entry {
    slots: [Option<Arc<Solution>>; MAX_DEPTH as usize + 1],
    bytes: usize,
    hits: u32,
}

/// The store's table and the bytes it holds.
#[derive(Default)]
struct Table {
    map: HashMap<Key, Entry, percept::Words>,
    bytes: usize,
}

impl Table {
    /// Makes room: keeps the solutions that served most since the last eviction, at most half the
    /// budget of them, and halves every count (so that what served long ago fades).
    fn evict(&mut self, budget: usize) {
        let mut used: Vec<(u32, usize)> = self.map.values().map(|e| (e.hits, e.bytes)).collect();
        used.sort_unstable_by_key(|&(hits, _)| std::cmp::Reverse(hits));
        let mut kept = 0;
        let mut threshold = 0;
        for (hits, bytes) in used {
            kept += bytes;
            if kept > budget / 2 {
                threshold = hits;
                break;
            }
        }
        self.map.retain(|_, e| e.hits > threshold);
        self.bytes = 0;
        for e in self.map.values_mut() {
            e.hits /= 2;
            self.bytes += e.bytes;
        }
    }
}

/// Solutions shared by every run and thread: each is a pure function of its key and of the depth
/// of anticipation it was solved at (a world first met as a successor at the depth limit sees fewer
/// events ahead than the same world met at the top), so which run computes it first — and which
/// solutions the store keeps when it is full — changes nothing but the time taken.
pub(crate) struct Store {
    table: Mutex<Table>,
    /// Bytes the store may hold (see [`Solution::bytes`]).
    budget: AtomicUsize,
    computed: AtomicU64,
    lookups: AtomicU64,
    /// One shared copy of each regime met (by its hash), so that equal keys compare by pointer.
    regimes: Mutex<HashMap<u64, Vec<Arc<Regime>>, percept::Words>>,
    /// The bytes of solutions held (a copy of the table's count, read by the memo of games).
    table_bytes: AtomicUsize,
    /// Solved bargaining games by the bits of their inputs, in what the solutions leave of the
    /// budget (at most a sixteenth of it).
    games: memo::Games,
}

impl Default for Store {
    fn default() -> Store {
        Store::with_budget(STORE_BYTES)
    }
}

/// A store holding more than this is freed on a thread of its own (see [`Store`]'s `Drop`).
const FREE_APART: usize = 4 << 20;

impl Drop for Store {
    /// A full store holds tens of thousands of solutions in some ten allocations each: freeing them
    /// took 0.1 s at the end of 10,000 Korean runs, a serial pause after the batch with every other
    /// core idle. A store of more than [`FREE_APART`] bytes is freed on a thread of its own instead
    /// (the process may exit first, which frees it all at once), or here when no thread can be
    /// started (the WebAssembly build).
    fn drop(&mut self) {
        let table = std::mem::take(self.table.get_mut().unwrap_or_else(|e| e.into_inner()));
        if table.bytes <= FREE_APART {
            return;
        }
        let regimes = std::mem::take(self.regimes.get_mut().unwrap_or_else(|e| e.into_inner()));
        let games = std::mem::take(&mut self.games);
        let _ = std::thread::Builder::new()
            .name("free-store".into())
            .spawn(move || drop((table, regimes, games)));
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (c, l) = self.stats();
        write!(f, "Store {{ computed: {c}, lookups: {l} }}")
    }
}

/// The store's default memory budget: past it, it keeps the solutions used most and forgets the
/// rest (they are recomputed on demand).
pub const STORE_BYTES: usize = 256 << 20;

/// The memo of solved games holds at most this fraction (1/n) of the store's budget, and only what
/// the solutions leave free.
const GAMES_SHARE: usize = 16;

impl Store {
    /// An empty store that holds at most `budget` bytes of solutions.
    pub fn with_budget(budget: usize) -> Store {
        Store {
            table: Mutex::default(),
            budget: AtomicUsize::new(budget),
            computed: AtomicU64::new(0),
            lookups: AtomicU64::new(0),
            regimes: Mutex::default(),
            table_bytes: AtomicUsize::new(0),
            games: memo::Games::default(),
        }
    }

    /// The solution of `key`, computed if not yet known.
    pub fn get(&self, m: &Model, key: &Key) -> Arc<Solution> {
        self.get_at(m, key, 0)
    }

    fn get_at(&self, m: &Model, key: &Key, depth: u32) -> Arc<Solution> {
        self.lookups.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut t) = self.table.lock() {
            if let Some(e) = t.map.get_mut(key) {
                if let Some(s) = &e.slots[depth as usize] {
                    e.hits = e.hits.saturating_add(1);
                    return s.clone();
                }
            }
        }
        let sol = Arc::new(solve(m, key, self, depth));
        self.computed.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut t) = self.table.lock() {
            let size = sol.bytes() + std::mem::size_of::<(Key, Entry)>() + key.bins.len() * 8;
            let budget = self.budget.load(Ordering::Relaxed);
            if t.bytes + size > budget {
                t.evict(budget);
                self.forget_regimes();
            }
            t.bytes += size;
            self.table_bytes.store(t.bytes, Ordering::Relaxed);
            self.games.shrink_to(budget.saturating_sub(t.bytes));
            let e = t.map.entry(key.clone()).or_default();
            e.bytes += size;
            e.slots[depth as usize] = Some(sol.clone());
        }
        sol
    }

    /// The store's shared copy of regime `r` (of hash `h`): keys built on it compare by pointer with
    /// the keys the store holds.
    pub(crate) fn intern(&self, r: Regime, h: u64) -> Arc<Regime> {
        let Ok(mut t) = self.regimes.lock() else {
            return Arc::new(r);
        };
        let same = t.entry(h).or_default();
        if let Some(a) = same.iter().find(|a| ***a == r) {
            return a.clone();
        }
        let a = Arc::new(r);
        same.push(a.clone());
        a
    }

    /// Forgets the regimes no key or simulation holds any more (after an eviction).
    fn forget_regimes(&self) {
        if let Ok(mut t) = self.regimes.lock() {
            t.retain(|_, same| {
                same.retain(|a| Arc::strong_count(a) > 1);
                !same.is_empty()
            });
        }
    }

    /// Solves the bargaining game `g` from `warm`, or shares the solution of the same game (bit for
    /// bit the same inputs) solved before: the same numbers either way (`memo.rs`).
    fn game(&self, g: &GameIn, warm: Option<&[f64]>) -> Arc<Game> {
        let mut key = Vec::with_capacity(64 + g.x.len() + 6 * g.nact + 4 * g.n);
        bargain::fingerprint(g, warm, &mut key);
        if let Some(game) = self.games.get(&key) {
            return game;
        }
        let game = Arc::new(bargain::solve(g, warm));
        let budget = self.budget.load(Ordering::Relaxed);
        let free = budget.saturating_sub(self.table_bytes.load(Ordering::Relaxed));
        self.games.put(&key, &game, free.min(budget / GAMES_SHARE));
        game
    }

    /// Caps the budget at `bytes` (a cap only lowers it: it never rises above an earlier cap or
    /// [`STORE_BYTES`]); returns the budget in force.
    pub fn limit(&self, bytes: u64) -> u64 {
        let b = usize::try_from(bytes).unwrap_or(usize::MAX);
        let before = self.budget.fetch_min(b, Ordering::Relaxed);
        before.min(b) as u64
    }

    /// (solutions computed, lookups).
    pub fn stats(&self) -> (u64, u64) {
        (
            self.computed.load(Ordering::Relaxed),
            self.lookups.load(Ordering::Relaxed),
        )
    }
}

/// Solves the perceived world `key`.
fn solve(m: &Model, key: &Key, store: &Store, depth: u32) -> Solution {
    let s = &m.scenario;
    let r = &*key.regime;
    let mut cx = Ctx::new(m, key, store);
    let base = context::base_flags(m, r);
    let pending: Vec<usize> = (0..s.issues.len())
        .filter(|&i| r.settled >> i & 1 == 0 && r.agreed >> s.issues[i].agreement & 1 == 0)
        .take(MAX_CHAIN)
        .collect();
    for &i in &pending {
        cx.u[i] = cx.utilities(i, &base);
    }
    let chain = states::build_chain(&cx, &base, &pending, key, store, depth);
    let nact = cx.nact();
    let ng = s.agreements.len();
    let agreement_of: Vec<usize> = s.issues.iter().map(|i| i.agreement).collect();
    let pass = Pass {
        nact,
        ng,
        delta: &cx.delta,
        agreement_of: &agreement_of,
    };
    let reach = chain.reachable();
    let regime_held = context::settled_terms(&cx, &base);
    // First estimate of what a settled issue's terms are: the mean over its positions.
    let mut estimate: Vec<Vec<f64>> = pending.iter().map(|&i| cx.mean_terms(i)).collect();
    let mut vals = Values::new(chain.len(), nact, ng);
    let mut progress_at: Vec<Vec<Progress>> = vec![Vec::new(); chain.len()];
    let mut current: Vec<Option<IssueSolution>> = vec![None; s.issues.len()];
    // Warm starts: the same issue's game at the same state in the previous sweep, else its game at the
    // state solved last (a fuller one).
    let mut warm: Vec<Option<Vec<f64>>> = vec![None; pending.len()];
    let mut warm_at: Vec<Option<Vec<f64>>> = vec![None; chain.len() * pending.len()];
    for sweep in 0..SWEEPS {
        // The expected terms of each issue where it settles, from this sweep's games.
        let mut settled_at: Vec<Option<Vec<f64>>> = vec![None; pending.len()];
        for st in (0..chain.len()).rev() {
            if !reach[st] {
                continue;
            }
            let held = issue::held_at(&chain, st, &regime_held, &estimate, &agreement_of);
            let mut prog = vec![Progress::idle(nact); pending.len()];
            // Issues whose leads weigh no deal (rule-based strategies) come last, so that their
            // world without a deal has the other issues of this state in motion.
            let mut order: Vec<usize> = (0..pending.len()).collect();
            order.sort_by_key(|&j| issue::needs_no_deal(&cx, pending[j]));
            for j in order {
                let i = pending[j];
                if chain.talks[st] >> j & 1 == 0 {
                    continue;
                }
                let nd = issue::needs_no_deal(&cx, i).then(|| {
                    let here = issue::Here { st, prog: &prog };
                    issue::no_deal(&chain, &progress_at, &reach, &pass, &vals, here, j, &held)
                });
                let start = warm_at[st * pending.len() + j]
                    .as_deref()
                    .or(warm[j].as_deref());
                let sol = issue::solve_at(&cx, &chain, &vals, st, j, &held, start, nd);
                warm[j] = Some(sol.game.stage.clone()).filter(|x| !x.is_empty());
                warm_at[st * pending.len() + j].clone_from(&warm[j]);
                prog[j] = issue::progress_of(&cx, &sol);
                if prog[j].hazard > 0.0 && settled_at[j].is_none() {
                    settled_at[j] = Some(prog[j].terms.clone());
                }
                if st == 0 && sweep + 1 == SWEEPS {
                    current[i] = Some(sol);
                }
            }
            chain.solve_state(st, &prog, &pass, &mut vals);
            progress_at[st] = prog;
        }
        for (e, sa) in estimate.iter_mut().zip(settled_at) {
            if let Some(t) = sa {
                *e = t;
            }
        }
    }
    let value = (0..nact)
        .map(|a| {
            vals.wn[a]
                + regime_held
                    .iter()
                    .map(|(g, u)| u[a] * vals.dn[g * nact + a])
                    .sum::<f64>()
        })
        .collect();
    let breakdown = (0..nact)
        .map(|a| chain.flow[a] / (1.0 - cx.delta[a]))
        .collect();
    let converged = current
        .iter()
        .flatten()
        .all(|x| x.game.converged && x.equilibrium.as_ref().is_none_or(|g| g.converged));
    Solution {
        value,
        breakdown,
        issues: current,
        converged,
        pending,
        wn: vals.wn,
        dn: vals.dn,
    }
}

/// The inputs of a rule-based strategy's move on an issue: normalised payoffs of its terms (`terms`,
/// `[q * nact + a]`, in the world as it is) and surplus over no deal from the solution.
#[allow(clippy::too_many_arguments)]
pub(crate) fn rule_inputs(
    terms: &[f64],
    isol: &IssueSolution,
    nact: usize,
    party: usize,
    lead: usize,
    other: usize,
    forbidden: &[bool],
) -> rules::RuleInputs {
    let outside = |k: Option<usize>, a: usize| {
        let k = k?;
        let v = isol.walk.get(k)?.as_ref()?;
        Some(v[a] - isol.no_deal.get(a).copied().unwrap_or(0.0))
    };
    let mut inputs =
        rules::RuleInputs::new(terms, &isol.x, &isol.no_deal, nact, lead, other, forbidden);
    inputs.breakdown = isol.exit_p;
    inputs.own_outside = outside(Some(party), lead);
    inputs.other_outside = outside(Some(1 - party.min(1)), other);
    inputs
}

/// Solves the initial world of a model afresh, with a fresh store (for benchmarks and profiles):
/// returns the number of solutions computed.
#[doc(hidden)]
pub fn solve_initial(m: &Model) -> u64 {
    let w = m.initial();
    let r = Regime::of(m, w);
    let h = percept::regime_hash(&r);
    let mut bins = percept::bins(m, &w.state);
    r.project(&mut bins);
    let key = Key::new(Arc::new(r), h, bins);
    let store = Store::default();
    let _ = store.get(m, &key);
    store.stats().0
}
