//! The mutable world of one run: state variables, actor parameters, positions on every issue, vetoes,
//! constraints and flags, plus the per-turn cache of what each position is worth to each actor.

use super::Model;
use crate::expr::{Env, Flags};
use crate::outcome::run::EndReason;
use crate::scenario::{Effect, IssueKind, Param, Target};

/// Rows of different lengths in one allocation (issue → utility table):
/// `r[i]` is row i. Copying one into another of the same shape is one `memcpy`.
#[derive(Clone, Debug)]
pub(super) struct Ragged<T> {
    data: Vec<T>,
    /// Row i is `data[at[i]..at[i + 1]]`.
    at: Vec<usize>,
}

impl<T: Copy> Ragged<T> {
    fn new(rows: impl Iterator<Item = Vec<T>>) -> Ragged<T> {
        let mut data = Vec::new();
        let mut at = vec![0];
        for r in rows {
            data.extend_from_slice(&r);
            at.push(data.len());
        }
        Ragged { data, at }
    }

    /// Copies `o`'s values (the same shape) into `self`.
    fn copy_from(&mut self, o: &Ragged<T>) {
        debug_assert_eq!(self.at, o.at);
        self.data.copy_from_slice(&o.data);
    }
}

impl<T> std::ops::Index<usize> for Ragged<T> {
    type Output = [T];
    fn index(&self, i: usize) -> &[T] {
        &self.data[self.at[i]..self.at[i + 1]]
    }
}

impl<T> std::ops::IndexMut<usize> for Ragged<T> {
    fn index_mut(&mut self, i: usize) -> &mut [T] {
        &mut self.data[self.at[i]..self.at[i + 1]]
    }
}

#[derive(Clone, Debug)]
pub(super) struct World {
    /// Bumped on every change, so memoised valuations know when they are stale.
    pub version: u64,
    /// Bumped whenever what flows read changes (state, flags other than positions' settlements,
    /// turn, weights, enabled flows): memoised flows survive moves of positions and beliefs.
    pub flow_version: u64,
    pub turn: u32,
    pub state: Vec<f64>,
    /// Actor-major: `weights[a * ndims + d]`.
    pub weights: Vec<f64>,
    pub discount: Vec<f64>,
    /// ln δ per actor (valuations use it on every call).
    pub ln_discount: Vec<f64>,
    pub lambda: Vec<f64>,
    pub belief: Vec<f64>,
    pub learning: Vec<f64>,
    pub active: Vec<bool>,
    /// Issue → party → position.
    pub pos: Vec<Vec<u32>>,
    /// Issue → party → the other parties' positions when this party last moved by rule (their
    /// openings before that), for behaviour-dependent strategies.
    pub seen: Vec<Vec<Vec<u32>>>,
    /// Issue → party → veto players.
    pub vetoes: Vec<Vec<Vec<usize>>>,
    /// Issue → party → position → forbidden.
    pub forbidden: Vec<Vec<Vec<bool>>>,
    /// Issues taken off the table by an effect.
    pub closed: Vec<bool>,
    /// Agreements whose phase has opened.
    pub agreement_open: Vec<bool>,
    pub flags: Flags,
    pub event_enabled: Vec<bool>,
    pub action_enabled: Vec<bool>,
    pub flow_enabled: Vec<bool>,
    pub suspended: bool,
    /// Issue → `util[pos * nactors + actor]`: weighted payoff of settling there.
    pub util: Ragged<f64>,
    /// Issue → `scaled[actor * npos + pos]`: the same payoffs actor by actor, raw (`.0`) and rescaled
    /// to [0, 1] on the issue (`.1`, see `strategy::normalise`). Kept only when some actor plays a
    /// rule-based strategy, which reads them on every move; not copied into hypothetical worlds.
    pub scaled: Vec<(Vec<f64>, Vec<f64>)>,
    weights_dirty: bool,
    /// Per issue: the values of the state variables its terms read, when `util` was last computed
    /// (NaN before the first time).
    util_inputs: Ragged<f64>,
    pub end: Option<EndReason>,
}

impl World {
    pub fn new(m: &Model) -> World {
        let s = &m.scenario;
        let nd = s.dimensions.len();
        let mut weights = vec![0.0; s.actors.len() * nd];
        for (a, actor) in s.actors.iter().enumerate() {
            weights[a * nd..(a + 1) * nd].copy_from_slice(&actor.weights);
        }
        let mut forbidden: Vec<Vec<Vec<bool>>> = s
            .issues
            .iter()
            .map(|i| vec![vec![false; i.len()]; i.parties.len()])
            .collect();
        for (ii, i) in s.issues.iter().enumerate() {
            for f in &i.forbid {
                for &p in &f.positions {
                    forbidden[ii][f.party][p] = true;
                }
            }
        }
        let mut w = World {
            version: 0,
            flow_version: 0,
            turn: 0,
            state: s.states.iter().map(|x| x.initial).collect(),
            weights,
            discount: s.actors.iter().map(|a| a.discount).collect(),
            ln_discount: s
                .actors
                .iter()
                .map(|a| crate::math::ln(a.discount))
                .collect(),
            lambda: s.actors.iter().map(|a| a.lambda).collect(),
            belief: s.actors.iter().map(|a| a.belief_rate).collect(),
            learning: s.actors.iter().map(|a| a.learning).collect(),
            active: s.actors.iter().map(|a| a.active).collect(),
            pos: s
                .issues
                .iter()
                .map(|i| i.parties.iter().map(|p| p.opening as u32).collect())
                .collect(),
            seen: s
                .issues
                .iter()
                .map(|i| {
                    (0..i.parties.len())
                        .map(|k| {
                            (0..i.parties.len())
                                .filter(|&j| j != k)
                                .map(|j| i.parties[j].opening as u32)
                                .collect()
                        })
                        .collect()
                })
                .collect(),
            vetoes: s
                .issues
                .iter()
                .map(|i| i.parties.iter().map(|p| p.veto.clone()).collect())
                .collect(),
            forbidden,
            closed: s.issues.iter().map(|i| !i.open).collect(),
            agreement_open: s.agreements.iter().map(|g| g.after.is_empty()).collect(),
            flags: Flags::default(),
            event_enabled: s.events.iter().map(|e| e.enabled).collect(),
            action_enabled: s.actions.iter().map(|a| a.enabled).collect(),
            flow_enabled: s.flows.iter().map(|f| f.enabled).collect(),
            suspended: false,
            util: Ragged::new(s.issues.iter().map(|i| vec![0.0; i.len() * s.actors.len()])),
            scaled: if m.rule_based {
                s.issues
                    .iter()
                    .map(|i| {
                        let n = i.len() * s.actors.len();
                        (vec![0.0; n], vec![0.0; n])
                    })
                    .collect()
            } else {
                Vec::new()
            },
            weights_dirty: true,
            util_inputs: Ragged::new(m.issue_deps.iter().map(|(d, _)| vec![f64::NAN; d.len()])),
            end: None,
        };
        w.refresh_open(m);
        w.refresh_utilities(m, true);
        w
    }

    /// Undoes, in a copy of `o` made by [`World::copy_for_valuation`], an action whose effects only
    /// moved state variables (which its `done` flag, the open issues and the payoffs of the issues not
    /// in `kept` may follow): afterwards `self` is again such a copy of `o`. Valid only while `o`'s
    /// weights are clean (the refresh of the hypothetical world then touched nothing else).
    pub fn undo_state_effects(&mut self, o: &World, kept: &[bool]) {
        debug_assert!(!o.weights_dirty);
        self.version = o.version;
        self.flow_version = o.flow_version;
        self.state.copy_from_slice(&o.state);
        self.flags = o.flags;
        self.agreement_open.copy_from_slice(&o.agreement_open);
        for (i, &k) in kept.iter().enumerate() {
            if !k {
                self.util[i].copy_from_slice(&o.util[i]);
            }
        }
        debug_assert!(
            self.same_for_valuation(o),
            "undo left the hypothetical world changed"
        );
    }

    /// Whether everything [`World::copy_for_valuation`] copies is the same in `self` and `o`
    /// (bit for bit: NaN inputs compare equal). For assertions.
    pub(super) fn same_for_valuation(&self, o: &World) -> bool {
        let bits = |a: &[f64], b: &[f64]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
        };
        self.version == o.version
            && self.flow_version == o.flow_version
            && self.turn == o.turn
            && bits(&self.state, &o.state)
            && bits(&self.weights, &o.weights)
            && bits(&self.discount, &o.discount)
            && bits(&self.ln_discount, &o.ln_discount)
            && bits(&self.belief, &o.belief)
            && self.pos == o.pos
            && self.closed == o.closed
            && self.agreement_open == o.agreement_open
            && self.flags == o.flags
            && self.flow_enabled == o.flow_enabled
            && self.suspended == o.suspended
            && bits(&self.util.data, &o.util.data)
            && self.weights_dirty == o.weights_dirty
            && bits(&self.util_inputs.data, &o.util_inputs.data)
    }

    /// Whether weights changed since payoffs were last computed.
    pub fn weights_dirty(&self) -> bool {
        self.weights_dirty
    }

    /// Makes `self` a copy of `o`, a world of the same model, reusing allocations (a new run starts
    /// from the model's initial world). Every field is named, so a field added to `World` cannot be
    /// forgotten here.
    pub fn reset_from(&mut self, o: &World) {
        let World {
            version,
            flow_version,
            turn,
            state,
            weights,
            discount,
            ln_discount,
            lambda,
            belief,
            learning,
            active,
            pos,
            seen,
            vetoes,
            forbidden,
            closed,
            agreement_open,
            flags,
            event_enabled,
            action_enabled,
            flow_enabled,
            suspended,
            util,
            scaled,
            weights_dirty,
            util_inputs,
            end,
        } = o;
        self.version = *version;
        self.flow_version = *flow_version;
        self.turn = *turn;
        self.state.clone_from(state);
        self.weights.clone_from(weights);
        self.discount.clone_from(discount);
        self.ln_discount.clone_from(ln_discount);
        self.lambda.clone_from(lambda);
        self.belief.clone_from(belief);
        self.learning.clone_from(learning);
        self.active.clone_from(active);
        self.pos.clone_from(pos);
        self.seen.clone_from(seen);
        self.vetoes.clone_from(vetoes);
        self.forbidden.clone_from(forbidden);
        self.closed.clone_from(closed);
        self.agreement_open.clone_from(agreement_open);
        self.flags = *flags;
        self.event_enabled.clone_from(event_enabled);
        self.action_enabled.clone_from(action_enabled);
        self.flow_enabled.clone_from(flow_enabled);
        self.suspended = *suspended;
        self.util.copy_from(util);
        self.scaled.clone_from(scaled);
        self.weights_dirty = *weights_dirty;
        self.util_inputs.copy_from(util_inputs);
        self.end.clone_from(end);
    }

    /// A world to value hypotheticals in (see [`World::copy_for_valuation`]): a clone without the
    /// per-actor utility tables, which only rule-based moves of the real world read.
    pub fn scratch_copy(&self) -> World {
        let mut w = self.clone();
        w.scaled = Vec::new();
        w
    }

    /// Copies into `self` what valuing `o` (and applying effects to it, and refreshing its open
    /// issues and utilities) reads, reusing allocations: hypothetical worlds are made every turn.
    /// Left out, because a valuation never reads them: what other parties saw (`seen`), vetoes,
    /// forbidden positions, which events and actions are enabled, λ, learning rates, who is active,
    /// the end, and the per-actor utility tables (`scaled`). Effects may still write those fields of
    /// the copy; nothing reads them back.
    pub fn copy_for_valuation(&mut self, o: &World) {
        self.version = o.version;
        self.flow_version = o.flow_version;
        self.turn = o.turn;
        self.state.clone_from(&o.state);
        self.weights.clone_from(&o.weights);
        self.discount.clone_from(&o.discount);
        self.ln_discount.clone_from(&o.ln_discount);
        self.belief.clone_from(&o.belief);
        self.pos.clone_from(&o.pos);
        self.closed.clone_from(&o.closed);
        self.agreement_open.clone_from(&o.agreement_open);
        self.flags = o.flags;
        self.flow_enabled.clone_from(&o.flow_enabled);
        self.suspended = o.suspended;
        self.util.copy_from(&o.util);
        self.weights_dirty = o.weights_dirty;
        self.util_inputs.copy_from(&o.util_inputs);
    }

    pub fn env(&self) -> Env<'_> {
        Env {
            state: &self.state,
            flags: &self.flags,
            x: 0.0,
            turn: self.turn as f64,
        }
    }

    /// Recomputes which issues are on the table, and opens phases whose prerequisites are reached.
    pub fn refresh_open(&mut self, m: &Model) {
        let s = &m.scenario;
        for (g, a) in s.agreements.iter().enumerate() {
            if !self.agreement_open[g] && a.after.iter().all(|&p| self.flags.agreed >> p & 1 == 1) {
                self.agreement_open[g] = true;
            }
        }
        let mut open = 0u64;
        for (i, issue) in s.issues.iter().enumerate() {
            if !self.closed[i]
                && self.agreement_open[issue.agreement]
                && self.flags.settled >> i & 1 == 0
            {
                open |= 1 << i;
            }
        }
        self.flags.open = open;
    }

    /// Brings the payoff of every position for every actor up to date: every cell after weights
    /// changed (or when `all`); otherwise the cells whose terms read flags or the turn, and those
    /// reading state variables that moved. Nothing else enters a payoff, so after any effect the
    /// partial refresh is exact.
    pub fn refresh_utilities(&mut self, m: &Model, all: bool) {
        self.refresh(m, all, None);
    }

    /// [`World::refresh_utilities`] for a hypothetical world that only actor `a` values: only its
    /// payoffs are brought up to date (all of them after weights changed). The others are left as
    /// they were, and so is the record of the inputs, so that such a world must be copied afresh
    /// (`copy_for_valuation`) or undone (`undo_state_effects`) before anything else reads it.
    pub fn refresh_utilities_of(&mut self, m: &Model, a: usize) {
        self.refresh(m, false, Some(a));
    }

    fn refresh(&mut self, m: &Model, all: bool, only: Option<usize>) {
        let s = &m.scenario;
        let all = all || self.weights_dirty;
        let only = if all { None } else { only };
        let nact = s.actors.len();
        let nd = s.dimensions.len();
        for (i, issue) in s.issues.iter().enumerate() {
            if !all && !m.issue_dynamic[i] {
                continue;
            }
            // Skip an issue whose terms read only state that has not moved since they were computed.
            let (deps, always) = &m.issue_deps[i];
            let inputs = &mut self.util_inputs[i];
            if !all
                && !always
                && deps
                    .iter()
                    .zip(inputs.iter())
                    .all(|(&d, &v)| self.state[d] == v)
            {
                continue;
            }
            if only.is_none() {
                for (v, &d) in inputs.iter_mut().zip(deps) {
                    *v = self.state[d];
                }
            }
            let util = &mut self.util[i];
            let terms_x = |p: usize| match issue.kind {
                IssueKind::Discrete => (&issue.effects[p], 0.0),
                IssueKind::Continuous { .. } => (&issue.effects[0], issue.value(p)),
            };
            let env = |x| Env {
                state: &self.state,
                flags: &self.flags,
                x,
                turn: self.turn as f64,
            };
            if all {
                util.iter_mut().for_each(|u| *u = 0.0);
                for p in 0..issue.len() {
                    let (terms, x) = terms_x(p);
                    let env = env(x);
                    for t in terms {
                        util[p * nact + t.actor] +=
                            self.weights[t.actor * nd + t.dim] * t.expr.eval(&env);
                    }
                }
            } else {
                // Only the cells the state can move; each is summed afresh in the same order as
                // above, so it is bit for bit what a full recomputation gives.
                for c in &m.issue_dyn_cells[i] {
                    if only.is_some_and(|a| a != c.actor) {
                        continue;
                    }
                    let (terms, x) = terms_x(c.p);
                    let env = env(x);
                    let mut u = 0.0;
                    for &j in &c.terms {
                        let t = &terms[j];
                        u += self.weights[t.actor * nd + t.dim] * t.expr.eval(&env);
                    }
                    util[c.p * nact + c.actor] = u;
                }
            }
            if only.is_some() {
                continue;
            }
            if let Some((raw, scaled)) = self.scaled.get_mut(i) {
                let npos = issue.len();
                for a in 0..nact {
                    let r = &mut raw[a * npos..(a + 1) * npos];
                    for (p, x) in r.iter_mut().enumerate() {
                        *x = util[p * nact + a];
                    }
                    crate::strategy::normalise_into(r, &mut scaled[a * npos..(a + 1) * npos]);
                }
            }
        }
        self.weights_dirty = false;
    }
}

/// Applies one effect with the given noise draw; describes it when `describe`.
// Over the function-length limit (clippy.toml); the model rewrite splits it.
#[allow(clippy::too_many_lines)]
pub(super) fn apply_effect(
    m: &Model,
    w: &mut World,
    fx: &Effect,
    noise: f64,
    describe: bool,
) -> Option<String> {
    let s = &m.scenario;
    let nd = s.dimensions.len();
    // Descriptions are only built when a chronicle is being recorded: formatting is costly.
    macro_rules! text {
        ($($arg:tt)*) => {
            if describe { Some(format!($($arg)*)) } else { None }
        };
    }
    match fx {
        Effect::AddState { state, value, .. } | Effect::SetState { state, value, .. } => {
            let v = value.eval(&w.env()) + noise;
            let sv = &s.states[*state];
            let before = w.state[*state];
            let after = if matches!(fx, Effect::AddState { .. }) {
                before + v
            } else {
                v
            };
            w.state[*state] = if after.is_finite() {
                after.clamp(sv.min, sv.max)
            } else {
                before
            };
            text!("{} {:.3} → {:.3}", sv.id, before, w.state[*state])
        }
        Effect::SetWeight { actor, dim, value } => {
            w.weights[actor * nd + dim] = *value;
            w.weights_dirty = true;
            text!(
                "{}'s weight on {} = {}",
                s.actors[*actor].id,
                s.dimensions[*dim].id,
                value
            )
        }
        Effect::ScaleWeight { actor, dim, factor } => {
            w.weights[actor * nd + dim] *= factor;
            w.weights_dirty = true;
            text!(
                "{}'s weight on {} × {}",
                s.actors[*actor].id,
                s.dimensions[*dim].id,
                factor
            )
        }
        Effect::SetParam {
            actor,
            param,
            value,
        } => {
            let (slot, name) = match param {
                Param::Discount => (&mut w.discount, "discount"),
                Param::Lambda => (&mut w.lambda, "lambda"),
                Param::BeliefRate => (&mut w.belief, "belief"),
                Param::Learning => (&mut w.learning, "learning"),
            };
            slot[*actor] = *value;
            w.ln_discount[*actor] = crate::math::ln(w.discount[*actor]);
            text!("{}'s {name} = {value}", s.actors[*actor].id)
        }
        Effect::Enable(t) | Effect::Disable(t) => {
            let on = matches!(fx, Effect::Enable(_));
            let name = match t {
                Target::Action(x) => {
                    w.action_enabled[*x] = on;
                    format!("action {}", s.actions[*x].id)
                }
                Target::Flow(x) => {
                    w.flow_enabled[*x] = on;
                    format!("flow {}", s.flows[*x].id)
                }
                Target::Event(x) => {
                    w.event_enabled[*x] = on;
                    format!("event {}", s.events[*x].id)
                }
            };
            text!("{} {name}", if on { "enable" } else { "disable" })
        }
        Effect::OpenIssue(i) => {
            w.closed[*i] = false;
            text!("issue {} opened", s.issues[*i].id)
        }
        Effect::CloseIssue(i) => {
            w.closed[*i] = true;
            text!("issue {} closed", s.issues[*i].id)
        }
        Effect::AddVeto {
            issue,
            party,
            actor,
        } => {
            if !w.vetoes[*issue][*party].contains(actor) {
                w.vetoes[*issue][*party].push(*actor);
            }
            text!(
                "{} gains a veto on {}",
                s.actors[*actor].id,
                s.issues[*issue].id
            )
        }
        Effect::RemoveVeto { issue, actor } => {
            for p in w.vetoes[*issue].iter_mut() {
                p.retain(|a| a != actor);
            }
            text!(
                "{} loses its veto on {}",
                s.actors[*actor].id,
                s.issues[*issue].id
            )
        }
        Effect::Forbid {
            issue,
            party,
            positions,
        }
        | Effect::Allow {
            issue,
            party,
            positions,
        } => {
            let on = matches!(fx, Effect::Forbid { .. });
            for &p in positions {
                w.forbidden[*issue][*party][p] = on;
            }
            let names: Vec<&str> = positions
                .iter()
                .map(|&p| s.issues[*issue].positions[p].as_str())
                .collect();
            text!(
                "{} {} {} on {}",
                s.issues[*issue].parties[*party].id,
                if on {
                    "may no longer accept"
                } else {
                    "may accept again"
                },
                names.join(", "),
                s.issues[*issue].id
            )
        }
        Effect::Activate(a) | Effect::Deactivate(a) => {
            let on = matches!(fx, Effect::Activate(_));
            w.active[*a] = on;
            text!(
                "{} {}",
                s.actors[*a].id,
                if on { "joins" } else { "leaves" }
            )
        }
        Effect::SuspendTalks => {
            w.suspended = true;
            text!("talks suspended")
        }
        Effect::ResumeTalks => {
            w.suspended = false;
            text!("talks resume")
        }
        Effect::End(reason) => {
            w.end = Some(EndReason::Terminal(reason.clone()));
            text!("the run ends: {reason}")
        }
    }
}
