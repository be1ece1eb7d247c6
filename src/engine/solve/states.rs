//! The lattice's states for a perceived world: flags, flows and anticipated exits in each (the
//! agenda applied as conditional events open issues; anticipated events leading to breakdown or to
//! other regimes, solved recursively through the store).

use std::sync::Arc;

use super::context::{Ctx, canonical_world};
use super::lattice::Chain;
use super::{Exit, MAX_DEPTH, Solution, Store};
use crate::engine::model::Foresight;
use crate::engine::percept::{self, Key, Regime};
use crate::engine::world;
use crate::expr::Flags;
use crate::scenario::{Effect, Noise, Trigger};

/// The chain of settlements over `pending`, with flags, flows and exits in every state.
pub(super) fn build_chain(
    cx: &Ctx,
    base: &Flags,
    pending: &[usize],
    key: &Key,
    store: &Store,
    depth: u32,
) -> Chain {
    let m = cx.m;
    let s = &m.scenario;
    let nact = cx.nact();
    let len = 1usize << pending.len();
    let mut chain = Chain {
        pending: pending.to_vec(),
        flags: Vec::with_capacity(len),
        talks: Vec::with_capacity(len),
        flow: vec![0.0; len * nact],
        exits: Vec::with_capacity(len),
    };
    for st in 0..len {
        let flags = chain_flags(cx, base, pending, st);
        let talks = if cx.r.suspended {
            0
        } else {
            pending
                .iter()
                .enumerate()
                .filter(|&(_, &i)| flags.open >> i & 1 == 1)
                .fold(0u32, |acc, (j, _)| acc | 1 << j)
        };
        super::lattice::flows(
            s,
            |f| cx.r.flow_enabled[f],
            &cx.weights,
            &cx.env(&flags),
            &mut chain.flow[st * nact..(st + 1) * nact],
        );
        chain.flags.push(flags);
        chain.talks.push(talks);
    }
    // Exits: computed per state once the flows are known (a breakdown is worth them forever).
    let successors = successors(cx, key, store, depth);
    for st in 0..len {
        let exits = exits(cx, &chain, &successors, pending, st);
        chain.exits.push(exits);
    }
    chain
}

/// The flags of chain state `st`: the issues of `st` settled, agreements reached, phases opened,
/// and the agenda events whose conditions then hold applied.
fn chain_flags(cx: &Ctx, base: &Flags, pending: &[usize], st: usize) -> Flags {
    let m = cx.m;
    let s = &m.scenario;
    let mut f = *base;
    for (j, &i) in pending.iter().enumerate() {
        if st >> j & 1 == 1 {
            f.settled |= 1 << i;
        }
    }
    for (g, a) in s.agreements.iter().enumerate() {
        if a.issues.iter().all(|&i| f.settled >> i.ix() & 1 == 1) {
            f.agreed |= 1 << g;
        }
    }
    let mut agreement_open = cx.r.agreement_open;
    for &g in &m.order {
        if s.agreements[g]
            .after
            .iter()
            .all(|&p| f.agreed >> p & 1 == 1)
        {
            agreement_open |= 1 << g;
        }
    }
    let mut closed = cx.r.closed;
    let mut applied = 0u128;
    loop {
        f.open = 0;
        for (i, issue) in s.issues.iter().enumerate() {
            if closed >> i & 1 == 0
                && agreement_open >> issue.agreement & 1 == 1
                && f.settled >> i & 1 == 0
            {
                f.open |= 1 << i;
            }
        }
        let mut changed = false;
        for (e, ev) in s.events.iter().enumerate() {
            if m.foresight[e] != Foresight::Agenda
                || cx.r.armed >> e & 1 == 0
                || applied >> e & 1 == 1
            {
                continue;
            }
            let Trigger::When(c) = &ev.trigger else {
                continue;
            };
            if !c.holds(&cx.env(&f)) {
                continue;
            }
            applied |= 1 << e;
            f.fired |= (1 << e) & m.read_fired;
            for fx in &ev.effects {
                match fx {
                    Effect::OpenIssue(i) => closed &= !(1 << i.ix()),
                    Effect::CloseIssue(i) => closed |= 1 << i.ix(),
                    _ => {}
                }
            }
            changed = true;
        }
        if !changed {
            break;
        }
    }
    f
}

/// A regime one anticipated event leads to, solved.
struct Successor {
    event: usize,
    terminal: bool,
    /// The event's window is not open yet: this is the world when it opens (anticipated at a rate
    /// of 1/d per turn, d turns ahead), not the world after the event.
    opening: bool,
    solution: Option<Arc<Solution>>,
}

/// The regimes the anticipated events lead to from the key's world.
fn successors(cx: &Ctx, key: &Key, store: &Store, depth: u32) -> Vec<Successor> {
    let m = cx.m;
    let mut out = Vec::new();
    for (e, ev) in m.scenario.events.iter().enumerate() {
        if !matches!(m.foresight[e], Foresight::Hazard | Foresight::Dated(_))
            || cx.r.armed >> e & 1 == 0
        {
            continue;
        }
        let code = cx.r.timing.get(e).copied().unwrap_or(0);
        if code == percept::OVER {
            continue;
        }
        // A hazard whose window opens later: anticipated as the world when it opens.
        if matches!(ev.trigger, Trigger::Hazard { .. }) && code > 0 {
            {
                if depth < MAX_DEPTH {
                    let mut r = (*key.regime).clone();
                    r.timing = r.timing.to_vec().into_boxed_slice();
                    r.timing[e] = 0;
                    if let Some(t) = r.turn.as_mut() {
                        if let Trigger::Hazard { from, .. } = &ev.trigger {
                            *t = (*t).max(*from);
                        }
                    }
                    let h = percept::regime_hash(&r);
                    let next = Key::new(store.intern(r, h), h, key.bins.clone());
                    out.push(Successor {
                        event: e,
                        terminal: false,
                        opening: true,
                        solution: Some(store.get_at(m, &next, depth + 1)),
                    });
                }
                continue;
            }
        }
        if m.terminal[e] {
            out.push(Successor {
                event: e,
                terminal: true,
                opening: false,
                solution: None,
            });
            continue;
        }
        if depth >= MAX_DEPTH {
            continue;
        }
        let next = successor_key(cx, key, e, store);
        if next == *key {
            continue;
        }
        out.push(Successor {
            event: e,
            terminal: false,
            opening: false,
            solution: Some(store.get_at(m, &next, depth + 1)),
        });
    }
    out
}

/// The key of the world after event `e` fires (its effects at their mean).
fn successor_key(cx: &Ctx, key: &Key, e: usize, store: &Store) -> Key {
    let m = cx.m;
    let mut w = canonical_world(cx);
    let ev = &m.scenario.events[e];
    w.flags.fired |= 1 << e;
    for fx in &ev.effects {
        let noise = match fx {
            Effect::AddState { noise, .. } | Effect::SetState { noise, .. } => noise.mean(),
            _ => Noise::None.mean(),
        };
        world::apply_effect(m, &mut w, fx, noise, false);
    }
    w.refresh_open(m);
    let regime = Regime::of(m, &w);
    let mut bins = percept::bins(m, &w.state);
    regime.project(&mut bins);
    if regime == *key.regime {
        Key::new(key.regime.clone(), percept::regime_hash(&regime), bins)
    } else {
        let h = percept::regime_hash(&regime);
        Key::new(store.intern(regime, h), h, bins)
    }
}

/// The exits of chain state `st`.
fn exits(cx: &Ctx, chain: &Chain, succ: &[Successor], pending: &[usize], st: usize) -> Vec<Exit> {
    let m = cx.m;
    let nact = cx.nact();
    let ng = m.scenario.agreements.len();
    let flags = &chain.flags[st];
    let mut out = Vec::new();
    for sc in succ {
        let p = if sc.opening {
            let code = cx.r.timing.get(sc.event).copied().unwrap_or(0);
            1.0 / percept::bucket_turns(code)
        } else {
            exit_probability(cx, sc.event, flags)
        };
        if p <= 0.0 {
            continue;
        }
        if sc.terminal {
            out.push(Exit {
                p,
                value: (0..nact)
                    .map(|a| chain.flow[st * nact + a] / (1.0 - cx.delta[a]))
                    .collect(),
                reach: Vec::new(),
            });
            continue;
        }
        let Some(sol) = &sc.solution else { continue };
        // The successor's chain state matching this one, if it tracks the same issues.
        let at = if sol.pending == pending { st } else { 0 };
        out.push(Exit {
            p,
            value: sol.wn[at * nact..(at + 1) * nact].to_vec(),
            reach: sol.dn[at * ng * nact..(at + 1) * ng * nact].to_vec(),
        });
    }
    out
}

/// The per-turn probability of anticipated event `e` in a world with `flags`.
fn exit_probability(cx: &Ctx, e: usize, flags: &Flags) -> f64 {
    let m = cx.m;
    let env = cx.env(flags);
    match (&m.foresight[e], &m.scenario.events[e].trigger) {
        (
            Foresight::Hazard,
            Trigger::Hazard {
                probability,
                from,
                until,
                when,
            },
        ) => {
            let _ = (from, until);
            let live = cx.r.timing.get(e).is_none_or(|&c| c == 0);
            if !live || !when.as_ref().is_none_or(|c| c.holds(&env)) {
                return 0.0;
            }
            let p = probability.eval(&env);
            if p.is_finite() {
                p.clamp(0.0, 1.0)
            } else {
                0.0
            }
        }
        // A dated event d turns ahead is expected at a rate of 1/d per turn.
        (Foresight::Dated(_), _) => match cx.r.timing.get(e) {
            Some(&c) if c != percept::OVER && c > 0 => 1.0 / percept::bucket_turns(c),
            _ => 0.0,
        },
        _ => 0.0,
    }
}
