//! The mutable world of one run: state variables, actor parameters, positions on every issue, vetoes,
//! constraints and flags.
//!
//! The world owns its change tracking: every change to something the equilibrium solver reads other
//! than the state variables (flags, weights, vetoes, forbidden positions, enabled flows and events,
//! suspension) goes through a method here or through [`apply_effect`], which bump
//! [`World::regime_version`], so the simulation knows when to perceive the regime afresh
//! (see `percept.rs`).

use super::Model;
use crate::expr::{Env, Flags};
use crate::outcome::run::EndReason;
use crate::scenario::{ActorIx, Effect, IssueIx, IssueKind, Param, Pos, Target};

#[derive(Clone, Debug)]
pub(crate) struct World {
    /// Bumped on every change to what [`super::percept::Regime`] holds.
    pub regime_version: u64,
    /// How many of those bumps were only the turn moving on ([`World::touch_turn`]): while
    /// `regime_version − turn_touches` stays the same, the regime can differ only in what it reads
    /// of the turn.
    pub turn_touches: u64,
    pub turn: u32,
    pub state: Vec<f64>,
    /// Actor-major: `weights[a * ndims + d]`.
    pub weights: Vec<f64>,
    pub discount: Vec<f64>,
    pub lambda: Vec<f64>,
    pub active: Vec<bool>,
    /// Issue → party → position (index by [`IssueIx`], then [`PartyIx`](crate::scenario::PartyIx)).
    pub pos: Vec<Vec<Pos>>,
    /// Issue → party → the other parties' positions when this party last moved by rule (their
    /// openings before that), for behaviour-dependent strategies.
    pub seen: Vec<Vec<Vec<Pos>>>,
    /// Issue → party → veto players.
    pub vetoes: Vec<Vec<Vec<ActorIx>>>,
    /// Issue → party → position → forbidden.
    pub forbidden: Vec<Vec<Vec<bool>>>,
    /// A stamp of `vetoes` and `forbidden`, fresh ([`fresh_stamp`]) at every change to either: two
    /// worlds with the same stamp hold the same, so a reset copies them only when the stamps differ.
    pub talks: u64,
    /// Issues taken off the table by an effect.
    pub closed: Vec<bool>,
    /// Agreements whose phase has opened.
    pub agreement_open: Vec<bool>,
    pub flags: Flags,
    pub event_enabled: Vec<bool>,
    pub action_enabled: Vec<bool>,
    pub flow_enabled: Vec<bool>,
    pub suspended: bool,
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
            regime_version: 0,
            turn_touches: 0,
            turn: 0,
            state: s.states.iter().map(|x| x.initial).collect(),
            weights,
            discount: s.actors.iter().map(|a| a.discount).collect(),
            lambda: s.actors.iter().map(|a| a.lambda).collect(),
            active: s.actors.iter().map(|a| a.active).collect(),
            pos: s
                .issues
                .iter()
                .map(|i| i.parties.iter().map(|p| p.opening).collect())
                .collect(),
            seen: s
                .issues
                .iter()
                .map(|i| {
                    (0..i.parties.len())
                        .map(|k| {
                            (0..i.parties.len())
                                .filter(|&j| j != k)
                                .map(|j| i.parties[j].opening)
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
            talks: fresh_stamp(),
            closed: s.issues.iter().map(|i| !i.open).collect(),
            agreement_open: s.agreements.iter().map(|g| g.after.is_empty()).collect(),
            flags: Flags::default(),
            event_enabled: s.events.iter().map(|e| e.enabled).collect(),
            action_enabled: s.actions.iter().map(|a| a.enabled).collect(),
            flow_enabled: s.flows.iter().map(|f| f.enabled).collect(),
            suspended: false,
            end: None,
        };
        w.refresh_open(m);
        w
    }

    /// Makes `self` a copy of `o`, reusing allocations. Every field is named, so a field added to
    /// `World` cannot be forgotten here.
    pub fn reset_from(&mut self, o: &World) {
        self.reset_but_positions(o, true);
    }

    /// [`World::reset_from`], leaving the issues' positions (`pos`, `seen`) as they were unless
    /// `positions`: for the hypothetical worlds actions are valued in, where nothing reads them
    /// unless a rule-based strategy's moves are perceived (`Model::rule_issue`). Copying them was a
    /// tenth of the run phase.
    pub fn reset_but_positions(&mut self, o: &World, positions: bool) {
        let World {
            regime_version,
            turn_touches,
            turn,
            state,
            weights,
            discount,
            lambda,
            active,
            pos,
            seen,
            vetoes,
            forbidden,
            talks,
            closed,
            agreement_open,
            flags,
            event_enabled,
            action_enabled,
            flow_enabled,
            suspended,
            end,
        } = o;
        self.regime_version = *regime_version;
        self.turn_touches = *turn_touches;
        self.turn = *turn;
        self.state.clone_from(state);
        self.weights.clone_from(weights);
        self.discount.clone_from(discount);
        self.lambda.clone_from(lambda);
        self.active.clone_from(active);
        if positions {
            self.pos.clone_from(pos);
            self.seen.clone_from(seen);
        }
        if self.talks != *talks {
            self.vetoes.clone_from(vetoes);
            self.forbidden.clone_from(forbidden);
            self.talks = *talks;
        }
        self.closed.clone_from(closed);
        self.agreement_open.clone_from(agreement_open);
        self.flags = *flags;
        self.event_enabled.clone_from(event_enabled);
        self.action_enabled.clone_from(action_enabled);
        self.flow_enabled.clone_from(flow_enabled);
        self.suspended = *suspended;
        self.end.clone_from(end);
    }

    pub fn env(&self) -> Env<'_> {
        Env {
            state: &self.state,
            flags: &self.flags,
            x: 0.0,
            turn: self.turn as f64,
        }
    }

    /// Whether issue `i` is settled.
    pub fn settled(&self, i: IssueIx) -> bool {
        self.flags.settled >> i.ix() & 1 == 1
    }

    /// The position issue `i` settled at (meaningful once [`World::settled`]).
    pub fn settled_pos(&self, i: IssueIx) -> Pos {
        Pos::new(self.flags.settled_at[i].max(0) as usize)
    }

    /// Whether issue `i` is on the table.
    pub fn open(&self, i: IssueIx) -> bool {
        self.flags.open >> i.ix() & 1 == 1
    }

    /// Marks a change to the regime (anything the solver reads besides the state variables).
    pub fn touch(&mut self) {
        self.regime_version += 1;
    }

    /// Marks that the turn moved on, where the regime reads it (its timing buckets or the turn).
    pub fn touch_turn(&mut self) {
        self.regime_version += 1;
        self.turn_touches += 1;
    }

    /// Recomputes which issues are on the table, and opens phases whose prerequisites are reached.
    pub fn refresh_open(&mut self, m: &Model) {
        let s = &m.scenario;
        for (g, a) in s.agreements.iter().enumerate() {
            if !self.agreement_open[g] && a.after.iter().all(|&p| self.flags.agreed >> p & 1 == 1) {
                self.agreement_open[g] = true;
                self.regime_version += 1;
            }
        }
        let mut open = 0u64;
        for (i, issue) in s.issue_ixs().zip(&s.issues) {
            if !self.closed[i] && self.agreement_open[issue.agreement] && !self.settled(i) {
                open |= 1 << i.ix();
            }
        }
        if open != self.flags.open {
            self.flags.open = open;
            self.regime_version += 1;
        }
    }

    /// Actor `a`'s payoff of issue `i` settling at position `p` in the world as it is (weighted
    /// sum of the option's terms, evaluated in the current state).
    pub fn utility(&self, m: &Model, i: IssueIx, p: Pos, a: ActorIx) -> f64 {
        let s = &m.scenario;
        let nd = s.dimensions.len();
        let issue = &s.issues[i];
        let (terms, x) = match issue.kind {
            IssueKind::Discrete => (&issue.effects[p], 0.0),
            IssueKind::Continuous { .. } => (&issue.effects[0], issue.value(p)),
        };
        let env = Env {
            state: &self.state,
            flags: &self.flags,
            x,
            turn: self.turn as f64,
        };
        terms
            .iter()
            .filter(|t| t.actor == a)
            .map(|t| self.weights[a.ix() * nd + t.dim] * t.expr.eval(&env))
            .sum()
    }
}

/// Builds an effect's description only when a chronicle is being recorded: formatting is costly.
macro_rules! text {
    ($describe:expr, $($arg:tt)*) => {
        if $describe { Some(format!($($arg)*)) } else { None }
    };
}

/// Applies one effect with the given noise draw; describes it when `describe`.
pub(super) fn apply_effect(
    m: &Model,
    w: &mut World,
    fx: &Effect,
    noise: f64,
    describe: bool,
) -> Option<String> {
    match fx {
        Effect::AddState { .. } | Effect::SetState { .. } => {
            return apply_state(m, w, fx, noise, describe);
        }
        _ => w.regime_version += 1,
    }
    match fx {
        Effect::SetWeight { .. } | Effect::ScaleWeight { .. } | Effect::SetParam { .. } => {
            apply_actor(m, w, fx, describe)
        }
        Effect::AddVeto { .. }
        | Effect::RemoveVeto { .. }
        | Effect::Forbid { .. }
        | Effect::Allow { .. } => apply_talks(m, w, fx, describe),
        Effect::Enable(_) | Effect::Disable(_) | Effect::OpenIssue(_) | Effect::CloseIssue(_) => {
            apply_switch(m, w, fx, describe)
        }
        _ => apply_run(m, w, fx, describe),
    }
}

/// A move of a state variable (clamped to its bounds; a non-finite result leaves it where it was).
fn apply_state(
    m: &Model,
    w: &mut World,
    fx: &Effect,
    noise: f64,
    describe: bool,
) -> Option<String> {
    let s = &m.scenario;
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
            text!(describe, "{} {:.3} → {:.3}", sv.id, before, w.state[*state])
        }
        _ => None,
    }
}

/// A change of an actor's weights, discount or precision.
fn apply_actor(m: &Model, w: &mut World, fx: &Effect, describe: bool) -> Option<String> {
    let s = &m.scenario;
    let nd = s.dimensions.len();
    match fx {
        Effect::SetWeight { actor, dim, value } => {
            w.weights[actor.ix() * nd + dim] = *value;
            text!(
                describe,
                "{}'s weight on {} = {}",
                s.actors[*actor].id,
                s.dimensions[*dim].id,
                value
            )
        }
        Effect::ScaleWeight { actor, dim, factor } => {
            w.weights[actor.ix() * nd + dim] *= factor;
            text!(
                describe,
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
            let name = match param {
                Param::Discount => {
                    w.discount[*actor] = *value;
                    "discount"
                }
                Param::Lambda => {
                    w.lambda[*actor] = *value;
                    "lambda"
                }
            };
            text!(describe, "{}'s {name} = {value}", s.actors[*actor].id)
        }
        _ => None,
    }
}

/// Switching an action, flow or event on or off; opening or closing an issue.
fn apply_switch(m: &Model, w: &mut World, fx: &Effect, describe: bool) -> Option<String> {
    let s = &m.scenario;
    match fx {
        Effect::Enable(t) | Effect::Disable(t) => {
            let on = matches!(fx, Effect::Enable(_));
            let (kind, id) = match t {
                Target::Action(x) => {
                    w.action_enabled[*x] = on;
                    ("action", &s.actions[*x].id)
                }
                Target::Flow(x) => {
                    w.flow_enabled[*x] = on;
                    ("flow", &s.flows[*x].id)
                }
                Target::Event(x) => {
                    w.event_enabled[*x] = on;
                    ("event", &s.events[*x].id)
                }
            };
            text!(
                describe,
                "{} {kind} {id}",
                if on { "enable" } else { "disable" }
            )
        }
        Effect::OpenIssue(i) => {
            w.closed[*i] = false;
            text!(describe, "issue {} opened", s.issues[*i].id)
        }
        Effect::CloseIssue(i) => {
            w.closed[*i] = true;
            text!(describe, "issue {} closed", s.issues[*i].id)
        }
        _ => None,
    }
}

/// A change of who may veto or accept what.
fn apply_talks(m: &Model, w: &mut World, fx: &Effect, describe: bool) -> Option<String> {
    let s = &m.scenario;
    w.talks = fresh_stamp();
    match fx {
        Effect::AddVeto {
            issue,
            party,
            actor,
        } => {
            if !w.vetoes[*issue][*party].contains(actor) {
                w.vetoes[*issue][*party].push(*actor);
            }
            text!(
                describe,
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
                describe,
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
                describe,
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
        _ => None,
    }
}

/// Who takes part, whether the talks sit, and the end of the run.
fn apply_run(m: &Model, w: &mut World, fx: &Effect, describe: bool) -> Option<String> {
    let s = &m.scenario;
    match fx {
        Effect::Activate(a) | Effect::Deactivate(a) => {
            let on = matches!(fx, Effect::Activate(_));
            w.active[*a] = on;
            text!(
                describe,
                "{} {}",
                s.actors[*a].id,
                if on { "joins" } else { "leaves" }
            )
        }
        Effect::SuspendTalks => {
            w.suspended = true;
            text!(describe, "talks suspended")
        }
        Effect::ResumeTalks => {
            w.suspended = false;
            text!(describe, "talks resume")
        }
        Effect::End(reason) => {
            w.end = Some(EndReason::Terminal(reason.clone()));
            text!(describe, "the run ends: {reason}")
        }
        _ => None,
    }
}

/// A stamp no world has held before (see [`World::talks`]): stamps only tell contents apart, so
/// which number a world gets changes nothing but what a reset copies.
pub(super) fn fresh_stamp() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{PartyIx, Scenario};

    #[test]
    fn a_reset_copies_vetoes_and_forbidden_positions_whenever_they_differ() {
        // A reset skips the veto lists and forbidden positions when the stamps say they are the
        // same: every change must give a fresh stamp, or a hypothetical world would keep another's.
        let s = Scenario::load("scenarios/examples/ceasefire_toy.toml", &[]).unwrap();
        let m = Model::new(s);
        let w0 = World::new(&m);
        let (issue, actor) = (IssueIx::new(1), ActorIx::new(2));
        let mut changed = w0.clone();
        apply_effect(
            &m,
            &mut changed,
            &Effect::RemoveVeto { issue, actor },
            0.0,
            false,
        );
        let forbid = Effect::Forbid {
            issue,
            party: PartyIx::new(0),
            positions: vec![Pos::new(0)],
        };
        apply_effect(&m, &mut changed, &forbid, 0.0, false);
        assert_ne!(changed.vetoes, w0.vetoes);
        assert_ne!(changed.forbidden, w0.forbidden);
        let mut scratch = w0.clone();
        scratch.reset_from(&changed);
        assert_eq!(
            (&scratch.vetoes, &scratch.forbidden),
            (&changed.vetoes, &changed.forbidden)
        );
        scratch.reset_from(&w0);
        assert_eq!(
            (&scratch.vetoes, &scratch.forbidden),
            (&w0.vetoes, &w0.forbidden)
        );
        // Changed in place, then reset from the world it was copied from.
        apply_effect(&m, &mut scratch, &forbid, 0.0, false);
        scratch.reset_from(&w0);
        assert_eq!(scratch.forbidden, w0.forbidden);
    }
}
