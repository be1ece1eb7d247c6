//! How an actor values a world: expected discounted utility of the terms it expects and of the
//! per-turn flows until and after each agreement. See `docs/model.md` for the equations.

use super::world::World;
use super::{FlowWhen, Model};
use crate::expr::{Env, Flags};

/// An actor's valuation of a world, split for explanations.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Breakdown {
    /// terms + flows.
    pub total: f64,
    /// Discounted value of the expected terms of pending agreements.
    pub terms: f64,
    /// Discounted value of per-turn flows, forever.
    pub flows: f64,
    /// Expected turns until the next agreement.
    pub t_next: f64,
}

/// Which world to value: the actual one, or one hypothetical change.
#[derive(Clone, Copy, Debug)]
pub enum View {
    /// As it is.
    Actual,
    /// Issue settles at a position.
    Settle(usize, u32),
    /// A party's position on an issue moves.
    Move(usize, usize, u32),
}

/// Per-turn flows for every actor, memoised by the flags they were computed under, and valuations of
/// the current world. Flows read state, flags, the turn, weights and which flows are enabled, but not
/// positions or beliefs, so they are kept while only positions or beliefs move (the world's
/// `flow_version` says when they must go); valuations are kept while the world's `version` stands.
#[derive(Default)]
pub struct FlowMemo {
    /// The flow tables.
    tables: Tables,
    /// Scratch space for [`value`], kept here so valuations allocate nothing.
    scratch: Scratch,
    /// Valuations already made of the current world: (actor, view) → breakdown.
    cache: Vec<(usize, ViewKey, Breakdown)>,
    /// Per (actor, issue), what the issue adds to the actor's valuation of the current world as it
    /// is: the expected utility of its terms and (open issues) the turns expected until it settles,
    /// stamped with the `epoch` it was computed in. A view changes one issue; the others are read
    /// from here.
    issues: Vec<(u64, f64, f64)>,
    /// Bumped whenever the valuations are forgotten (what `issues` is stamped with).
    epoch: u64,
    /// The world version the valuations were made for.
    version: u64,
    /// The world's flow version the flows were computed for.
    flow_version: u64,
}

/// Flow tables of one flow version: per key, every actor's per-turn flow.
#[derive(Default)]
struct Tables {
    keys: Vec<FlowKey>,
    vals: Vec<Vec<f64>>,
    len: usize,
    /// Per flow, its value in the current state (NaN: not computed yet). Flow values that read only
    /// state are the same under every hypothetical set of flags, so they are computed once.
    flow_values: Vec<f64>,
    /// When set, tables computed from now on hold only this actor's flows (a hypothetical world
    /// valued by one actor: the flows that touch no one else are all it needs).
    only: Option<usize>,
}

/// What flows depend on beyond the flow version: the settled, agreed and open bits, and for a
/// hypothetical settlement the position it settles at (only when some flow reads `settled_as`).
type FlowKey = (u64, u64, u64, u32);

type ViewKey = (u8, usize, usize, u32);

fn key(view: View) -> ViewKey {
    match view {
        View::Actual => (0, 0, 0, 0),
        View::Settle(i, q) => (1, i, 0, q),
        View::Move(i, k, q) => (2, i, k, q),
    }
}

#[derive(Default)]
struct Scratch {
    tg: Vec<f64>,
    ug: Vec<f64>,
    /// δ^{T_g} per pending agreement.
    dg: Vec<f64>,
    pending: Vec<bool>,
    ord: Vec<usize>,
}

impl FlowMemo {
    /// Forgets everything (a hypothetical world is being valued).
    pub fn clear(&mut self) {
        self.tables.only = None;
        self.tables.len = 0;
        self.cache.clear();
        self.epoch += 1;
        self.version = u64::MAX;
        self.flow_version = u64::MAX;
        self.tables.flow_values.clear();
    }

    /// Starts valuing a hypothetical world made from the world `from` was synced to, by effects that
    /// changed the flows in `stale` (or every flow's inputs, when `all_stale`): keeps `from`'s flow
    /// tables when nothing flows read changed, and otherwise the state-only flow values of the flows
    /// not in `stale`. Valuations are forgotten. The hypothetical world is valued by `actor` only:
    /// tables computed from now on hold its flows alone, and what the issues in `kept` add to its
    /// valuation is taken from `from` where `from` has it.
    pub fn adopt(
        &mut self,
        from: &FlowMemo,
        stale: &[bool],
        all_stale: bool,
        actor: usize,
        kept: &[bool],
    ) {
        self.clear();
        self.tables.only = Some(actor);
        let ni = kept.len();
        if from.issues.len() >= (actor + 1) * ni {
            if self.issues.len() != from.issues.len() {
                self.issues.clear();
                self.issues.resize(from.issues.len(), (u64::MAX, 0.0, 0.0));
            }
            let row = actor * ni..(actor + 1) * ni;
            for ((c, f), &k) in self.issues[row.clone()]
                .iter_mut()
                .zip(&from.issues[row])
                .zip(kept)
            {
                if k && f.0 == from.epoch {
                    *c = (self.epoch, f.1, f.2);
                }
            }
        }
        if all_stale {
            return;
        }
        self.flow_version = from.flow_version;
        self.tables.flow_values.clone_from(&from.tables.flow_values);
        if stale.iter().any(|&x| x) {
            for (v, &x) in self.tables.flow_values.iter_mut().zip(stale) {
                if x {
                    *v = f64::NAN;
                }
            }
            return;
        }
        for i in 0..from.tables.len {
            if i == self.tables.keys.len() {
                self.tables.keys.push(from.tables.keys[i]);
                self.tables.vals.push(Vec::new());
            }
            self.tables.keys[i] = from.tables.keys[i];
            self.tables.vals[i].clone_from(&from.tables.vals[i]);
        }
        self.tables.len = from.tables.len;
    }

    /// Keeps what is still valid for a world at `version` and `flow_version`, forgets the rest.
    pub fn sync(&mut self, version: u64, flow_version: u64) {
        if self.flow_version != flow_version {
            self.tables.len = 0;
            self.tables.flow_values.clear();
            self.flow_version = flow_version;
        }
        if self.version != version {
            self.cache.clear();
            self.epoch += 1;
            self.version = version;
        }
    }
}

impl Tables {
    /// The per-turn flows of every actor when the settled, open and agreed sets are `bits` (the rest
    /// of the world as `w`, with issue `settle.0` settled at `settle.1` if given). Tables are kept by
    /// the bits some flow reads (`Model::flow_mask`), so worlds that differ only in bits no flow
    /// reads share one.
    #[inline]
    fn get(
        &mut self,
        m: &Model,
        w: &World,
        bits: Bits,
        settle: Option<(usize, u32)>,
        extra: u32,
    ) -> &[f64] {
        let (ms, mo, ma) = m.flow_mask;
        let key = (bits.settled & ms, bits.agreed & ma, bits.open & mo, extra);
        if let Some(i) = self.keys[..self.len].iter().position(|k| *k == key) {
            return &self.vals[i];
        }
        self.add(m, w, bits, settle, key)
    }

    /// Computes and keeps the table for `key` (see [`Tables::get`]).
    #[inline(never)]
    fn add(
        &mut self,
        m: &Model,
        w: &World,
        bits: Bits,
        settle: Option<(usize, u32)>,
        key: FlowKey,
    ) -> &[f64] {
        if self.len == self.keys.len() {
            self.keys.push(key);
            self.vals.push(Vec::new());
        }
        let i = self.len;
        self.keys[i] = key;
        if self.flow_values.len() != m.scenario.flows.len() {
            self.flow_values.clear();
            self.flow_values.resize(m.scenario.flows.len(), f64::NAN);
        }
        let mut flags = w.flags;
        flags.settled = bits.settled;
        flags.open = bits.open;
        flags.agreed = bits.agreed;
        if let Some((i, q)) = settle {
            flags.settled_at[i] = q as i16;
        }
        let idx = bits.index(&m.flow_bits);
        let out = &mut self.vals[i];
        compute_flows(m, w, &flags, idx, self.only, out, &mut self.flow_values);
        self.len += 1;
        &self.vals[i]
    }
}

/// The settled, open and agreed sets of a world, actual or hypothetical.
#[derive(Clone, Copy)]
struct Bits {
    settled: u64,
    open: u64,
    agreed: u64,
}

impl Bits {
    fn of(f: &Flags) -> Bits {
        Bits {
            settled: f.settled,
            open: f.open,
            agreed: f.agreed,
        }
    }

    /// The index of these bits into the flow conditions' tables (see `Model::flow_bits`).
    fn index(self, at: &[(u8, u8)]) -> usize {
        let mut idx = 0;
        for (j, &(word, bit)) in at.iter().enumerate() {
            let w = match word {
                0 => self.settled,
                1 => self.open,
                _ => self.agreed,
            };
            idx |= ((w >> bit & 1) as usize) << j;
        }
        idx
    }
}

/// Every actor's per-turn flow under `flags` into `out`, or with `only` set that actor's alone (the
/// others are left at zero): the same additions in the same order, so its entry is bit for bit the
/// full computation's.
fn compute_flows(
    m: &Model,
    w: &World,
    flags: &Flags,
    idx: usize,
    only: Option<usize>,
    out: &mut Vec<f64>,
    cached: &mut [f64],
) {
    let s = &m.scenario;
    let nd = s.dimensions.len();
    out.clear();
    out.resize(s.actors.len(), 0.0);
    let env = Env {
        state: &w.state,
        flags,
        x: 0.0,
        turn: w.turn as f64,
    };
    let flows = match only {
        Some(a) => &m.actor_flows[a][..],
        None => &m.all_flows[..],
    };
    for &fi in flows {
        let f = &s.flows[fi];
        if !w.flow_enabled[fi] {
            continue;
        }
        let holds = match &m.flow_when[fi] {
            FlowWhen::Always => true,
            FlowWhen::Table(t) => t[idx],
            FlowWhen::Eval => f.when.as_ref().is_none_or(|c| c.holds(&env)),
        };
        if !holds {
            continue;
        }
        let v = if m.flow_reads_flags[fi] {
            f.value.eval(&env)
        } else {
            if cached[fi].is_nan() {
                cached[fi] = f.value.eval(&env);
            }
            cached[fi]
        };
        if v == 0.0 || !v.is_finite() {
            continue;
        }
        for &a in &f.to {
            if only.is_none_or(|o| o == a) {
                out[a] += w.weights[a * nd + f.dim] * v;
            }
        }
        if let Some((p, pd)) = f.payer {
            if only.is_none_or(|o| o == p) {
                out[p] -= w.weights[p * nd + pd] * v;
            }
        }
    }
}

/// This turn's flows for every actor, in the actual world.
pub fn flows_now<'a>(m: &Model, w: &World, memo: &'a mut FlowMemo) -> &'a [f64] {
    memo.tables.get(m, w, Bits::of(&w.flags), None, 0)
}

/// What open issue `i` adds to actor `a`'s valuation: the utility at the mean of the positions
/// (interpolated between the two positions around it; split the difference) and the turns it is
/// expected to take, max(1, gap / ρ) (plus reopening when closed). `moved` puts party k at q.
fn open_issue(
    m: &Model,
    w: &World,
    i: usize,
    a: usize,
    rho: f64,
    moved: Option<(usize, u32)>,
) -> (f64, f64) {
    let nact = m.scenario.actors.len();
    let (mut lo, mut hi, mut sum) = (u32::MAX, 0u32, 0u64);
    let ps = &w.pos[i];
    for (k, &p) in ps.iter().enumerate() {
        let p = match moved {
            Some((mk, q)) if mk == k => q,
            _ => p,
        };
        lo = lo.min(p);
        hi = hi.max(p);
        sum += p as u64;
    }
    let mean = sum as f64 / ps.len().max(1) as f64;
    // ⌊mean⌋: positions are never negative, so truncation is the floor (without a software floor
    // or an integer division).
    let below = mean as usize;
    let util = &w.util[i];
    let f = mean - below as f64;
    let u = if f < 1e-12 {
        util[below * nact + a]
    } else {
        util[below * nact + a] * (1.0 - f) + util[(below + 1) * nact + a] * f
    };
    let mut tau = ((hi - lo) as f64 / rho).max(1.0);
    if w.closed[i] {
        // Off the table: before it can even be negotiated it must be reopened.
        tau += m.scenario.issues[i].len() as f64 / rho;
    }
    (u, tau)
}

/// Actor `a`'s expected discounted utility of the world `w` seen through `view`.
///
/// Each pending agreement g is expected after T_g = T_prereq + Σ_i τ_i turns, where an open issue's
/// τ_i = max(1, gap_i / ρ_a): the gap between the parties' positions in steps over the actor's belief
/// ρ_a about how fast gaps close. An open issue is expected to settle at the mean of the positions
/// (split the difference). V = Σ_g δ^T_g U_g + Σ_k F_k (δ^{T_k} − δ^{T_{k+1}}) / (1 − δ), where F_k
/// is the per-turn flow while the agreements expected before T_k have been reached.
pub fn value(m: &Model, w: &World, a: usize, view: View, memo: &mut FlowMemo) -> Breakdown {
    // A party "moving" to where it stands is the actual world (the same numbers, and a cache hit).
    let view = match view {
        View::Move(i, k, q) if w.pos[i][k] == q => View::Actual,
        v => v,
    };
    debug_assert!(
        memo.tables.only.is_none_or(|o| o == a),
        "a memo kept for one actor's flows values another's"
    );
    let k = key(view);
    if let Some(b) = memo.cache.iter().find(|c| c.0 == a && c.1 == k) {
        return b.2;
    }
    let b = compute(m, w, a, view, memo);
    memo.cache.push((a, k, b));
    b
}

fn compute(m: &Model, w: &World, a: usize, view: View, memo: &mut FlowMemo) -> Breakdown {
    let s = &m.scenario;
    let nact = s.actors.len();
    let rho = w.belief[a].max(1e-3);
    let delta = w.discount[a];
    let ln_d = w.ln_discount[a];
    let mut flags = Bits::of(&w.flags);
    let mut extra = 0;
    let mut settle = None;
    if let View::Settle(i, q) = view {
        flags.settled |= 1 << i;
        flags.open &= !(1 << i);
        settle = Some((i, q));
        if m.flows_read_settled_as {
            extra = ((i as u32) << 16 | q) + 1;
        }
    }
    let settled_at = |i: usize| match settle {
        Some((si, q)) if si == i => q as usize,
        _ => w.flags.settled_at[i] as usize,
    };
    let ng = s.agreements.len();
    let ni = s.issues.len();
    if memo.issues.len() != nact * ni {
        memo.issues.clear();
        memo.issues.resize(nact * ni, (u64::MAX, 0.0, 0.0));
    }
    let sc = &mut memo.scratch;
    // Only `pending` needs resetting: the others are written before they are read.
    if sc.tg.len() != ng {
        sc.tg.resize(ng, 0.0);
        sc.ug.resize(ng, 0.0);
        sc.dg.resize(ng, 0.0);
        sc.ord.resize(ng, 0);
        sc.pending.resize(ng, false);
    }
    sc.pending.fill(false);
    let (tg, ug, dg, pending, ord) = (
        &mut sc.tg,
        &mut sc.ug,
        &mut sc.dg,
        &mut sc.pending,
        &mut sc.ord,
    );
    for &g in &m.order {
        if flags.agreed >> g & 1 == 1 {
            continue;
        }
        let mut t_own = 0.0;
        let mut u = 0.0;
        for &i in &s.agreements[g].issues {
            let viewed = match view {
                View::Settle(vi, _) | View::Move(vi, _, _) => vi == i,
                View::Actual => false,
            };
            if viewed {
                if flags.settled >> i & 1 == 1 {
                    u += w.util[i][settled_at(i) * nact + a];
                    continue;
                }
                let moved = match view {
                    View::Move(_, k, q) => Some((k, q)),
                    _ => None,
                };
                let (ui, tau) = open_issue(m, w, i, a, rho, moved);
                u += ui;
                t_own += tau;
                continue;
            }
            // Not what the view changes: as in the actual world, computed once per world.
            let cell = &mut memo.issues[a * ni + i];
            if cell.0 != memo.epoch {
                *cell = if flags.settled >> i & 1 == 1 {
                    (memo.epoch, w.util[i][settled_at(i) * nact + a], f64::NAN)
                } else {
                    let (ui, tau) = open_issue(m, w, i, a, rho, None);
                    (memo.epoch, ui, tau)
                };
            }
            u += cell.1;
            if flags.settled >> i & 1 == 0 {
                t_own += cell.2;
            }
        }
        if w.suspended && t_own > 0.0 {
            t_own += 1.0 / rho;
        }
        let pre = s.agreements[g]
            .after
            .iter()
            .filter(|&&p| pending[p])
            .map(|&p| tg[p])
            .fold(0.0, f64::max);
        tg[g] = pre + t_own;
        ug[g] = u;
        pending[g] = true;
    }
    let mut terms = 0.0;
    let mut n = 0;
    for g in 0..ng {
        if pending[g] {
            // δ^T, computed once per agreement: the flow segments below end at these same times.
            dg[g] = crate::math::exp(tg[g] * ln_d);
            terms += dg[g] * ug[g];
            // Insertion sort by completion time: a handful of agreements at most.
            let mut j = n;
            while j > 0 && tg[ord[j - 1]] > tg[g] {
                ord[j] = ord[j - 1];
                j -= 1;
            }
            ord[j] = g;
            n += 1;
        }
    }
    let t_next = if n > 0 { tg[ord[0]] } else { 0.0 };
    let mut seg = flags;
    let mut start = 0.0f64;
    // δ^start: exp(0 · ln δ) = 1 exactly.
    let mut d_start = 1.0;
    let mut flows = 0.0;
    let mut idx = 0;
    loop {
        while idx < n && tg[ord[idx]] <= start {
            let g = ord[idx];
            seg.agreed |= 1 << g;
            for &i in &s.agreements[g].issues {
                seg.settled |= 1 << i;
                seg.open &= !(1 << i);
            }
            idx += 1;
        }
        let (end, d_end) = if idx < n {
            (tg[ord[idx]], dg[ord[idx]])
        } else {
            (f64::INFINITY, 0.0)
        };
        let f = memo.tables.get(m, w, seg, settle, extra)[a];
        flows += f * (d_start - d_end) / (1.0 - delta);
        if !end.is_finite() {
            break;
        }
        start = end;
        d_start = d_end;
    }
    Breakdown {
        total: terms + flows,
        terms,
        flows,
        t_next,
    }
}
