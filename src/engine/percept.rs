//! What actors perceive when they form expectations.
//!
//! Expectations are the equilibrium of the world as the actors perceive it: its **regime** — the
//! discrete part the solver reads (settlements, agreements, agenda, enabled flows and events, weights,
//! discounts, precisions, vetoes, forbidden positions, suspension, and the turn where something
//! depends on it) — and the state variables rounded to each one's `resolution`, those the solve of
//! the regime reads (`reads.rs`; the others at grid point 0). The solver (`solve/`) reads nothing
//! else, so a solution is a pure function of this [`Key`]: it can be shared by every run and thread
//! of a batch, and the bytes written never depend on which run computed it first. The regime holds
//! only what can change a solution: a flow whose condition is false for good counts as off, and
//! where an issue settled is left out once its agreement is reached (unless something reads it).
//! Actions are valued against the state interpolated between neighbouring grid points along the
//! variables they move, so that a small push is worth a small amount (`docs/model.md`,
//! "Perception").

use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;

use super::model::{Foresight, Model};
use super::world::World;
use crate::scenario::{ActorIx, IssueIx, Trigger};

/// The discrete part of a world that the solver reads.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Regime {
    pub settled: u64,
    /// Per issue: the position it settled at, or −1 (0 where the solver cannot tell positions apart:
    /// see `settled_at`).
    pub settled_at: Box<[i16]>,
    pub closed: u64,
    pub agreement_open: u64,
    pub agreed: u64,
    /// Only the bits something the solver evaluates reads.
    pub fired: u128,
    pub done: u128,
    /// Per event: armed and not spent (only anticipated events).
    pub armed: u128,
    /// Per flow: switched on, and its condition not false for good (`reads.rs`).
    pub flow_enabled: Box<[bool]>,
    /// Bits of the actor weights, discounts and precisions.
    pub weights: Box<[u64]>,
    pub discount: Box<[u64]>,
    pub lambda: Box<[u64]>,
    pub active: Box<[bool]>,
    /// Issue-major: per party, the number of veto players then their indices.
    pub vetoes: Box<[u32]>,
    /// Issue-major, party, position.
    pub forbidden: Box<[bool]>,
    pub suspended: bool,
    /// The turn, where something the solver reads depends on it.
    pub turn: Option<u32>,
    /// Per anticipated event whose anticipation depends on time: the time until it in buckets
    /// ([`bucket`]): 0 when it can happen now, [`OVER`] when it no longer can.
    pub timing: Box<[u8]>,
    /// On issues where a rule-based strategy must be predicted: every party's position, then what
    /// each party last saw of the others.
    pub rules: Box<[u32]>,
    /// The state variables nothing the solve of this regime reads (`reads.rs`), ascending: a key
    /// holds them at grid point 0. Derived from the fields above.
    pub unread: Box<[u32]>,
}

impl Regime {
    /// Perceives the regime of `w`.
    pub fn of(m: &Model, w: &World) -> Regime {
        let s = &m.scenario;
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Box<[u64]>>();
        let mut vetoes = Vec::new();
        let mut forbidden = Vec::new();
        let mut rules = Vec::new();
        for (i, issue) in s.issues.iter().enumerate() {
            for k in 0..issue.parties.len() {
                vetoes.push(w.vetoes[i][k].len() as u32);
                vetoes.extend(w.vetoes[i][k].iter().map(|&v| v.ix() as u32));
                forbidden.extend_from_slice(&w.forbidden[i][k]);
            }
            if m.rule_issue[i] {
                rules.extend(w.pos[i].iter().map(|p| p.get()));
                for seen in &w.seen[i] {
                    rules.extend(seen.iter().map(|p| p.get()));
                }
            }
        }
        let armed = armed(m, w);
        let flow_enabled: Box<[bool]> = (0..s.flows.len()).map(|f| flow_on(m, w, f)).collect();
        let settled_at: Box<[i16]> = s.issue_ixs().map(|i| settled_at(m, w, i)).collect();
        let unread = if m.perceive_all {
            Box::default()
        } else {
            m.reads.unread(
                s,
                &m.foresight,
                &settled_at,
                &flow_enabled,
                w.flags.agreed,
                armed,
            )
        };
        Regime {
            unread,
            settled: w.flags.settled,
            settled_at,
            closed: bool_bits(&w.closed),
            agreement_open: bool_bits(&w.agreement_open),
            agreed: w.flags.agreed,
            fired: w.flags.fired & m.read_fired,
            done: w.flags.done & m.read_done,
            armed,
            flow_enabled,
            weights: bits(&w.weights),
            discount: bits(&w.discount),
            lambda: bits(&w.lambda),
            active: w.active.clone().into_boxed_slice(),
            vetoes: vetoes.into_boxed_slice(),
            forbidden: forbidden.into_boxed_slice(),
            suspended: w.suspended,
            turn: m.reads_turn.then_some(w.turn),
            timing: if m.timed {
                timing(m, w.turn)
            } else {
                Box::new([])
            },
            rules: rules.into_boxed_slice(),
        }
    }

    /// Whether `Regime::of(m, w)` would be this regime, found without building it (the regime of the
    /// world seldom changes from one turn to the next, and building one allocates a dozen buffers).
    /// Every field is compared as [`Regime::of`] computes it.
    pub fn matches(&self, m: &Model, w: &World) -> bool {
        let s = &m.scenario;
        let same_bits = |a: &[u64], v: &[f64]| {
            a.len() == v.len() && a.iter().zip(v).all(|(&x, y)| x == y.to_bits())
        };
        self.settled == w.flags.settled
            && self.agreed == w.flags.agreed
            && self.closed == bool_bits(&w.closed)
            && self.agreement_open == bool_bits(&w.agreement_open)
            && self.fired == w.flags.fired & m.read_fired
            && self.done == w.flags.done & m.read_done
            && self.suspended == w.suspended
            && self.turn == m.reads_turn.then_some(w.turn)
            && self.settled_at.len() == s.issues.len()
            && s.issue_ixs()
                .all(|i| self.settled_at[i.ix()] == settled_at(m, w, i))
            && self.armed == armed(m, w)
            && self.flow_enabled.len() == w.flow_enabled.len()
            && (0..self.flow_enabled.len()).all(|f| self.flow_enabled[f] == flow_on(m, w, f))
            && *self.active == *w.active
            && same_bits(&self.weights, &w.weights)
            && same_bits(&self.discount, &w.discount)
            && same_bits(&self.lambda, &w.lambda)
            && self.same_timing(m, w.turn)
            && self.same_lists(m, w)
    }

    /// Whether what the regime reads of the turn (the turn itself, the time until anticipated
    /// events) is as in `w`: with nothing else changed, whether it is the regime of `w`.
    pub fn same_time(&self, m: &Model, w: &World) -> bool {
        self.turn == m.reads_turn.then_some(w.turn) && self.same_timing(m, w.turn)
    }

    fn same_timing(&self, m: &Model, turn: u32) -> bool {
        if !m.timed {
            return self.timing.is_empty();
        }
        self.timing.len() == m.scenario.events.len()
            && (0..self.timing.len()).all(|e| self.timing[e] == timing_of(m, e, turn))
    }

    /// The veto lists, forbidden positions and rule issues' positions, in the order of [`Regime::of`].
    fn same_lists(&self, m: &Model, w: &World) -> bool {
        let (mut v, mut f, mut r) = (0, 0, 0);
        for (i, issue) in m.scenario.issues.iter().enumerate() {
            for k in 0..issue.parties.len() {
                let vs = &w.vetoes[i][k];
                let n = vs.len();
                if self.vetoes.get(v) != Some(&(n as u32))
                    || self.vetoes.len() < v + 1 + n
                    || !vs
                        .iter()
                        .zip(&self.vetoes[v + 1..v + 1 + n])
                        .all(|(&a, &b)| a.ix() as u32 == b)
                {
                    return false;
                }
                v += 1 + n;
                let fb = &w.forbidden[i][k];
                if self.forbidden.get(f..f + fb.len()) != Some(&fb[..]) {
                    return false;
                }
                f += fb.len();
            }
            if m.rule_issue[i] {
                for part in std::iter::once(&w.pos[i]).chain(&w.seen[i]) {
                    let Some(mine) = self.rules.get(r..r + part.len()) else {
                        return false;
                    };
                    if !part.iter().zip(mine).all(|(p, &q)| p.get() == q) {
                        return false;
                    }
                    r += part.len();
                }
            }
        }
        v == self.vetoes.len() && f == self.forbidden.len() && r == self.rules.len()
    }

    /// Leaves out of `bins` the state variables the solve of this regime does not read: they go to
    /// grid point 0, so that worlds differing only there share a key.
    pub fn project(&self, bins: &mut [i64]) {
        for &v in &*self.unread {
            if let Some(b) = bins.get_mut(v as usize) {
                *b = 0;
            }
        }
    }

    /// Actor weights as numbers.
    pub fn weights(&self) -> Vec<f64> {
        self.weights.iter().map(|&b| f64::from_bits(b)).collect()
    }

    /// Discount factors as numbers.
    pub fn discount(&self) -> Vec<f64> {
        self.discount.iter().map(|&b| f64::from_bits(b)).collect()
    }

    /// Precisions as numbers.
    pub fn lambda(&self) -> Vec<f64> {
        self.lambda.iter().map(|&b| f64::from_bits(b)).collect()
    }

    /// The veto players of every party of every issue: `[issue][party] → actors`.
    pub fn veto_lists(&self, m: &Model) -> Vec<Vec<Vec<ActorIx>>> {
        let mut at = 0;
        m.scenario
            .issues
            .iter()
            .map(|issue| {
                (0..issue.parties.len())
                    .map(|_| {
                        let k = self.vetoes[at] as usize;
                        let v = self.vetoes[at + 1..at + 1 + k]
                            .iter()
                            .map(|&x| ActorIx::new(x as usize))
                            .collect();
                        at += 1 + k;
                        v
                    })
                    .collect()
            })
            .collect()
    }

    /// The forbidden positions of every party of every issue: `[issue][party][position]`.
    pub fn forbidden_lists(&self, m: &Model) -> Vec<Vec<Vec<bool>>> {
        let mut at = 0;
        m.scenario
            .issues
            .iter()
            .map(|issue| {
                (0..issue.parties.len())
                    .map(|_| {
                        let v = self.forbidden[at..at + issue.len()].to_vec();
                        at += issue.len();
                        v
                    })
                    .collect()
            })
            .collect()
    }

    /// On a rule issue, every party's position and what each saw: `(positions, seen[party])`.
    pub fn rule_view(&self, m: &Model, i: usize) -> Option<(Vec<u32>, Vec<Vec<u32>>)> {
        if !m.rule_issue[i] {
            return None;
        }
        let mut at = 0;
        for (j, issue) in m.scenario.issues.iter().enumerate() {
            if !m.rule_issue[j] {
                continue;
            }
            let np = issue.parties.len();
            if j == i {
                let pos = self.rules[at..at + np].to_vec();
                let seen = (0..np)
                    .map(|k| {
                        let from = at + np + k * (np - 1);
                        self.rules[from..from + np - 1].to_vec()
                    })
                    .collect();
                return Some((pos, seen));
            }
            at += np + np * (np - 1);
        }
        None
    }
}

/// A perceived world: the regime and the state on the grid of each variable's resolution.
#[derive(Clone, Debug)]
pub(crate) struct Key {
    pub regime: Arc<Regime>,
    hash: u64,
    pub bins: Box<[i64]>,
}

impl Key {
    pub fn new(regime: Arc<Regime>, regime_hash: u64, bins: Box<[i64]>) -> Key {
        Key {
            hash: key_hash(regime_hash, &bins),
            regime,
            bins,
        }
    }

    /// Its hash ([`key_hash`]).
    pub fn hash_value(&self) -> u64 {
        self.hash
    }

    /// Whether this is the key of `regime` (of hash `regime_hash`) and `bins`, whose key hash is
    /// `hash` ([`key_hash`]): the same as comparing with the key they make, without making it.
    pub fn is(&self, hash: u64, regime: &Arc<Regime>, bins: &[i64]) -> bool {
        self.hash == hash
            && same_bins(&self.bins, bins)
            && (Arc::ptr_eq(&self.regime, regime) || *self.regime == **regime)
    }

    /// The perceived state: each variable at its grid point, within its bounds.
    pub fn state(&self, m: &Model) -> Vec<f64> {
        m.scenario
            .states
            .iter()
            .zip(self.bins.iter())
            .enumerate()
            .map(|(d, (x, &b))| m.grid(d).value(b).clamp(x.min, x.max))
            .collect()
    }
}

impl PartialEq for Key {
    fn eq(&self, o: &Key) -> bool {
        self.is(o.hash, &o.regime, &o.bins)
    }
}

/// The hash of the key of a regime (of hash `regime_hash`) and `bins`.
pub(crate) fn key_hash(regime_hash: u64, bins: &[i64]) -> u64 {
    // A multiply-rotate mix (the hash only sorts keys within one process; equality decides).
    let mut h = regime_hash;
    for &b in bins {
        h = (h.rotate_left(5) ^ b as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h
}

/// `a == b`, element by element (a few bins: cheaper than a call to `memcmp`).
#[inline]
fn same_bins(a: &[i64], b: &[i64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.hash);
    }
}

/// A regime's hash (for keys).
pub(crate) fn regime_hash(r: &Regime) -> u64 {
    let mut h = WordHasher::default();
    r.hash(&mut h);
    h.finish()
}

/// A cheap hasher (multiply-rotate over 8-byte words, as rustc's FxHasher). Hashes here only place
/// keys in tables within one process, where equality decides: no output depends on them.
#[derive(Default)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    #[inline]
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ (rest.len() as u64) << 56);
        }
    }

    #[inline]
    fn write_u64(&mut self, x: u64) {
        self.add(x);
    }

    #[inline]
    fn write_usize(&mut self, x: usize) {
        self.add(x as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits (which pick a table's bucket) the least mixed.
        self.0.rotate_left(26)
    }
}

/// The hasher for tables keyed by words.
pub(crate) type Words = BuildHasherDefault<WordHasher>;

/// The grid point nearest to each state variable.
pub(crate) fn bins(m: &Model, state: &[f64]) -> Box<[i64]> {
    let mut out = Vec::with_capacity(state.len());
    bins_into(m, state, &mut out);
    out.into_boxed_slice()
}

/// [`bins`] into `out` (cleared first).
pub(crate) fn bins_into(m: &Model, state: &[f64], out: &mut Vec<i64>) {
    out.clear();
    out.extend(
        state
            .iter()
            .enumerate()
            .map(|(d, &v)| round(m.grid(d).position(v))),
    );
}

/// `p.round() as i64` for a grid position (within ±2⁵², not NaN: [`super::model::Grid::position`]),
/// without a call to the platform's `round`: the integer part and the fraction are exact.
#[inline]
fn round(p: f64) -> i64 {
    let t = p as i64;
    let f = p - t as f64;
    if f >= 0.5 {
        t + 1
    } else if f <= -0.5 {
        t - 1
    } else {
        t
    }
}

/// The grid points of `state` into `out` (cleared first), taking those of `reference` — a state and
/// its grid points — for every variable whose value is bit for bit the reference's: what
/// [`bins_into`] gives, without recomputing what a hypothetical world did not move.
pub(crate) fn bins_like(m: &Model, state: &[f64], reference: (&[f64], &[i64]), out: &mut Vec<i64>) {
    let (rs, rb) = reference;
    if rs.len() != state.len() || rb.len() != state.len() {
        return bins_into(m, state, out);
    }
    out.clear();
    out.extend(state.iter().enumerate().map(|(d, &v)| {
        if v.to_bits() == rs[d].to_bits() {
            rb[d]
        } else {
            round(m.grid(d).position(v))
        }
    }));
}

/// Scratch space for [`corners`].
#[derive(Default)]
pub(crate) struct Corners {
    /// Corner c's bins: `bins[c * nstates..(c + 1) * nstates]`.
    pub bins: Vec<i64>,
    /// Corner c's interpolation weight.
    pub weights: Vec<f64>,
    next_bins: Vec<i64>,
    next_weights: Vec<f64>,
}

/// The grid points around `state` along the variables in `dims` (the others at their nearest
/// point), with their interpolation weights, into `out`: 2^|dims| corners at most (a corner at a
/// grid point is not split), in the order of the splits.
/// `reference` is a state and its grid points, taken where `state` has the same values
/// ([`bins_like`]).
pub(crate) fn corners(
    m: &Model,
    state: &[f64],
    reference: (&[f64], &[i64]),
    dims: &[usize],
    out: &mut Corners,
) {
    bins_like(m, state, reference, &mut out.bins);
    let k = out.bins.len();
    out.weights.clear();
    out.weights.push(1.0);
    for &d in dims {
        let g = m.grid(d);
        let pos = g.position(state[d]);
        let lo = pos.floor().min(((g.hi - 1) as f64).max(g.lo as f64));
        let frac = (pos - lo).clamp(0.0, 1.0);
        out.next_bins.clear();
        out.next_weights.clear();
        for (c, &w) in out.weights.iter().enumerate() {
            let b = &out.bins[c * k..(c + 1) * k];
            out.next_bins.extend_from_slice(b);
            out.next_bins[out.next_weights.len() * k + d] = lo as i64;
            out.next_weights.push(w * (1.0 - frac));
            if frac > 0.0 {
                out.next_bins.extend_from_slice(b);
                out.next_bins[out.next_weights.len() * k + d] = lo as i64 + 1;
                out.next_weights.push(w * frac);
            }
        }
        std::mem::swap(&mut out.bins, &mut out.next_bins);
        std::mem::swap(&mut out.weights, &mut out.next_weights);
    }
}

/// The time-until code of an event that can no longer happen.
pub(crate) const OVER: u8 = u8::MAX;

/// The upper ends of the buckets the time until an anticipated event is perceived in (turns): a
/// month ahead is told from two, a year from two, but not week 47 from week 48 — so solutions are
/// shared across turns. Bucket k (1-based) holds d in (EDGES[k−1], EDGES[k]].
const EDGES: [u32; 16] = [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192];

/// The bucket of `d` turns ahead (0: now).
pub(crate) fn bucket(d: u32) -> u8 {
    if d == 0 {
        return 0;
    }
    EDGES.iter().position(|&e| d <= e).unwrap_or(EDGES.len()) as u8
}

/// The number of turns a bucket stands for (its upper end; past the last edge, 256).
pub(crate) fn bucket_turns(b: u8) -> f64 {
    EDGES
        .get(b as usize)
        .map_or(256.0, |&e| f64::from(e.max(1)))
}

/// Per event, the perceived time until it (see [`Regime::timing`]).
fn timing(m: &Model, turn: u32) -> Box<[u8]> {
    (0..m.scenario.events.len())
        .map(|e| timing_of(m, e, turn))
        .collect()
}

/// The perceived time until event `e` at `turn`.
fn timing_of(m: &Model, e: usize, turn: u32) -> u8 {
    match (&m.foresight[e], &m.scenario.events[e].trigger) {
        (Foresight::Dated(t0), _) if *t0 > turn => bucket(*t0 - turn),
        (Foresight::Hazard, Trigger::Hazard { from, until, .. }) => {
            if turn > *until {
                OVER
            } else {
                bucket(from.saturating_sub(turn))
            }
        }
        _ => OVER,
    }
}

/// Where issue i settled in `w`, or −1 — 0 for every position where nothing the solver evaluates
/// can tell one from another (the issue's agreement is reached, and no expression the solver
/// evaluates reads `settled_as` of it).
fn settled_at(m: &Model, w: &World, i: IssueIx) -> i16 {
    if !w.settled(i) {
        -1
    } else if !m.perceive_all
        && w.flags.agreed >> m.scenario.issues[i].agreement & 1 == 1
        && m.read_settled_as >> i.ix() & 1 == 0
    {
        0
    } else {
        w.flags.settled_at[i.ix()]
    }
}

/// Whether flow f counts as switched on in the regime of `w` (a flow whose condition is false for
/// good does not: `reads.rs`).
fn flow_on(m: &Model, w: &World, f: usize) -> bool {
    if m.perceive_all {
        return w.flow_enabled[f];
    }
    m.reads.flow_on(
        &m.scenario,
        f,
        w.flow_enabled[f],
        w.flags.settled,
        w.flags.agreed,
    )
}

/// The bits of the anticipated events armed and not spent in `w`.
fn armed(m: &Model, w: &World) -> u128 {
    let mut armed = 0u128;
    for (e, ev) in m.scenario.events.iter().enumerate() {
        let spent = ev.once && w.flags.fired >> e & 1 == 1;
        if m.foresight[e] != Foresight::None && w.event_enabled[e] && !spent {
            armed |= 1 << e;
        }
    }
    armed
}

/// One bit per flag.
fn bool_bits(v: &[bool]) -> u64 {
    v.iter()
        .enumerate()
        .fold(0u64, |acc, (i, &b)| acc | u64::from(b) << i)
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_is_the_platforms_round_on_grid_positions() {
        let mut xs = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            0.499_999_999_999_999_94,
            -0.499_999_999_999_999_94,
            (1u64 << 52) as f64,
            -((1u64 << 52) as f64),
            4_503_599_627_370_495.5,
        ];
        let mut v = 0.123_456_789_f64;
        for _ in 0..10_000 {
            v = (v * 7.77 + 0.31).rem_euclid(40.0) - 20.0;
            xs.push(v);
            xs.push(v.floor() + 0.5);
        }
        for x in xs {
            assert_eq!(super::round(x), x.round() as i64, "{x}");
        }
    }
}
