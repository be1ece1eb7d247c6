//! What the solver reads of a perceived world, gathered once per key: the regime's numbers, the
//! perceived state, the payoffs of every position, and a world rebuilt from them (to apply an
//! anticipated event's effects to).

use super::super::model::{Foresight, Model};
use super::super::percept::{Key, Regime};
use super::super::world::World;
use crate::expr::{Env, Flags};
use crate::scenario::{ActorIx, IssueKind, Pos};

/// What the solver reads, gathered once per key.
pub(super) struct Ctx<'a> {
    pub m: &'a Model,
    /// The store the world is solved through (its memo of solved games too).
    pub store: &'a super::Store,
    pub r: &'a Regime,
    pub state: Vec<f64>,
    pub turn: u32,
    pub weights: Vec<f64>,
    pub delta: Vec<f64>,
    pub lambda: Vec<f64>,
    pub vetoes: Vec<Vec<Vec<ActorIx>>>,
    pub forbidden: Vec<Vec<Vec<bool>>>,
    /// `u[i][q * nact + a]` for pending issues (empty otherwise).
    pub u: Vec<Vec<f64>>,
}

impl<'a> Ctx<'a> {
    /// What the solver reads of the perceived world `key` (payoffs `u` still to fill in).
    pub fn new(m: &'a Model, key: &'a Key, store: &'a super::Store) -> Ctx<'a> {
        let r = &*key.regime;
        Ctx {
            m,
            store,
            r,
            turn: r.turn.unwrap_or(0),
            weights: r.weights(),
            delta: r.discount(),
            lambda: r.lambda(),
            vetoes: r.veto_lists(m),
            forbidden: r.forbidden_lists(m),
            u: vec![Vec::new(); m.scenario.issues.len()],
            state: key.state(m),
        }
    }

    /// Per actor, the mean of issue i's payoffs over its positions.
    pub fn mean_terms(&self, i: usize) -> Vec<f64> {
        let nact = self.nact();
        let n = self.m.scenario.issues[i].len() as f64;
        (0..nact)
            .map(|a| self.u[i].iter().skip(a).step_by(nact).sum::<f64>() / n)
            .collect()
    }

    pub fn nact(&self) -> usize {
        self.m.scenario.actors.len()
    }

    pub fn env<'b>(&'b self, flags: &'b Flags) -> Env<'b> {
        Env {
            state: &self.state,
            flags,
            x: 0.0,
            turn: self.turn as f64,
        }
    }

    /// Payoffs of every position of issue i for every actor, in the perceived state.
    pub fn utilities(&self, i: usize, flags: &Flags) -> Vec<f64> {
        let s = &self.m.scenario;
        let nact = s.actors.len();
        let nd = s.dimensions.len();
        let issue = &s.issues[i];
        let mut u = vec![0.0; issue.len() * nact];
        for p in 0..issue.len() {
            let (terms, x) = match issue.kind {
                IssueKind::Discrete => (&issue.effects[p], 0.0),
                IssueKind::Continuous { .. } => (&issue.effects[0], issue.value(Pos::new(p))),
            };
            let env = Env {
                state: &self.state,
                flags,
                x,
                turn: self.turn as f64,
            };
            for t in terms {
                u[p * nact + t.actor.ix()] +=
                    self.weights[t.actor.ix() * nd + t.dim] * t.expr.eval(&env);
            }
        }
        u
    }
}

/// The flags of the regime itself.
pub(super) fn base_flags(m: &Model, r: &Regime) -> Flags {
    let mut f = Flags {
        settled: r.settled,
        agreed: r.agreed,
        fired: r.fired,
        done: r.done,
        ..Flags::default()
    };
    for (i, &p) in r.settled_at.iter().enumerate() {
        f.settled_at[i] = p;
    }
    let s = &m.scenario;
    for (i, issue) in s.issues.iter().enumerate() {
        if r.closed >> i & 1 == 0
            && r.agreement_open >> issue.agreement & 1 == 1
            && r.settled >> i & 1 == 0
        {
            f.open |= 1 << i;
        }
    }
    f
}

/// Per issue settled in the regime whose agreement is not reached: (agreement, per actor terms).
pub(super) fn settled_terms(cx: &Ctx, base: &Flags) -> Vec<(usize, Vec<f64>)> {
    let s = &cx.m.scenario;
    let nact = cx.nact();
    (0..s.issues.len())
        .filter(|&i| cx.r.settled >> i & 1 == 1 && cx.r.agreed >> s.issues[i].agreement & 1 == 0)
        .map(|i| {
            let q = cx.r.settled_at[i].max(0) as usize;
            let u = cx.utilities(i, base);
            (s.issues[i].agreement, u[q * nact..(q + 1) * nact].to_vec())
        })
        .collect()
}

/// A world holding exactly what the regime and the perceived state say (for applying effects).
pub(super) fn canonical_world(cx: &Ctx) -> World {
    let m = cx.m;
    let s = &m.scenario;
    let r = cx.r;
    let mut w = m.initial().clone();
    w.turn = cx.turn;
    w.state.clone_from(&cx.state);
    w.weights.clone_from(&cx.weights);
    w.discount.clone_from(&cx.delta);
    w.lambda.clone_from(&cx.lambda);
    w.active = r.active.to_vec();
    w.vetoes.clone_from(&cx.vetoes);
    w.forbidden.clone_from(&cx.forbidden);
    w.talks = super::super::world::fresh_stamp();
    w.closed = (0..s.issues.len())
        .map(|i| r.closed >> i & 1 == 1)
        .collect();
    w.agreement_open = (0..s.agreements.len())
        .map(|g| r.agreement_open >> g & 1 == 1)
        .collect();
    w.flags = base_flags(m, r);
    // Events: armed ones are enabled and unspent; the fired bits beyond what is read do not matter.
    for e in 0..s.events.len() {
        w.event_enabled[e] = r.armed >> e & 1 == 1 || m.foresight[e] == Foresight::None;
    }
    w.flow_enabled = r.flow_enabled.to_vec();
    w.suspended = r.suspended;
    w
}
