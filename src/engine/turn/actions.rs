//! Actions outside the talks: pressure, threats, side payments, unilateral acts.
//!
//! An action is worth what it changes in the world's value to its actor, in the equilibrium of the
//! world it makes: the others' answers at the table, their vetoes and the settlements that follow
//! all move with it (Schelling 1966: a threat's value to its maker is the change in the other side's
//! choices it causes). The expected utility of action x with credibility c and cost k is
//! V(now) + c·(V(after x) − V(now)) − k, where the difference is taken on the state interpolated
//! between the perceiver's grid points along the variables x moves, so that a small push is worth a
//! small amount. An action that ends the run is valued at the disagreement value of the world it
//! leaves (a breakdown: no further settlement).

use super::super::Simulation;
use super::super::percept::Regime;
use super::super::trace::{Considered, Entry};
use super::super::world::{self, World};
use crate::math;
use crate::scenario::{ActionKind, ActorIx, Effect, Noise};
use crate::strategy::{StrategySpec, logit, random};
use std::sync::Arc;

/// Per actor and the variables an action moves (named by the first action valued that moves them):
/// the actor's value of the world as it is, interpolated along them.
type Before = Vec<(ActorIx, usize, f64)>;

/// The buffers of the actors' choice of actions in a turn (kept by the simulation between turns).
#[derive(Default)]
pub(in crate::engine) struct Choosing {
    feasible: Vec<usize>,
    eus: Vec<f64>,
    probs: Vec<f64>,
    before: Before,
    chosen: Vec<(ActorIx, usize)>,
}

impl Simulation<'_> {
    /// Actor `a`'s feasible actions on track `k` this turn, into `out` (cleared first).
    fn feasible_actions(&self, a: ActorIx, k: usize, out: &mut Vec<usize>) {
        let s = &self.m.scenario;
        let env = self.w.env();
        out.clear();
        let feasible = s
            .actions
            .iter()
            .enumerate()
            .filter(|(x, act)| {
                act.actor == a
                    && self.m.action_track[*x] == k
                    && self.w.action_enabled[*x]
                    && !(act.once && self.action_out[*x].is_some())
                    && act.requires.as_ref().is_none_or(|c| c.holds(&env))
                    && match act.kind {
                        ActionKind::Suspend => !self.w.suspended,
                        ActionKind::Resume => self.w.suspended,
                        _ => true,
                    }
            })
            .map(|(x, _)| x);
        out.extend(feasible);
    }

    /// Actor `a`'s cost of action x in utility.
    fn action_cost(&self, a: ActorIx, x: usize) -> f64 {
        let nd = self.m.scenario.dimensions.len();
        self.m.scenario.actions[x]
            .cost
            .iter()
            .map(|&(d, c)| self.w.weights[a.ix() * nd + d] * c)
            .sum()
    }

    /// What action x is worth to its actor beyond the world as it is: c·(V(after) − V(now)).
    /// `before` keeps V(now) along the variables each action moves, per actor, for the turn (the
    /// world does not change while the actors choose).
    fn action_gain(&mut self, a: ActorIx, x: usize, before: &mut Before) -> f64 {
        let m = self.m;
        let act = &m.scenario.actions[x];
        let mut w = self
            .scratch
            .take()
            .unwrap_or_else(|| Box::new(self.w.clone()));
        w.reset_but_positions(&self.w, m.rules_perceived);
        for fx in &act.effects {
            let noise = match fx {
                Effect::AddState { noise, .. } | Effect::SetState { noise, .. } => noise.mean(),
                _ => Noise::None.mean(),
            };
            world::apply_effect(m, &mut w, fx, noise, false);
        }
        w.flags.done |= 1u128 << x;
        w.refresh_open(m);
        let dims = &m.action_dims[x][..];
        let now_regime = self.regime();
        let known = before
            .iter()
            .find(|&&(b, y, _)| b == a && m.action_dims[y] == dims);
        let before = match known {
            Some(&(_, _, v)) => v,
            None => {
                // (The state is lent out while it is valued: nothing the valuation does reads it.)
                let state_now = std::mem::take(&mut self.w.state);
                let v = self.value_along(&now_regime, &state_now, dims, a);
                self.w.state = state_now;
                before.push((a, x, v));
                v
            }
        };
        let after = if w.end.is_some() {
            // A breakdown: the world it leaves, with no further settlement.
            let regime = self.action_regime(x, &w);
            let mut bins = super::super::percept::bins(m, &w.state);
            let sol = self.lookup(&regime, &mut bins);
            sol.breakdown[a]
        } else {
            let changed = w.regime_version != self.w.regime_version || m.read_done >> x & 1 == 1;
            let regime = if changed && !now_regime.0.matches(m, &w) {
                self.action_regime(x, &w)
            } else {
                now_regime
            };
            self.value_along(&regime, &w.state, dims, a)
        };
        self.scratch = Some(w);
        act.credibility * (after - before)
    }

    /// The regime of `w`, the world action x makes: the one it made last time if it is still the
    /// same (the regime an action makes seldom changes from one turn to the next).
    fn action_regime(&mut self, x: usize, w: &World) -> (Arc<Regime>, u64) {
        if let Some((r, h)) = &self.action_regimes[x] {
            if r.matches(self.m, w) {
                return (r.clone(), *h);
            }
        }
        let r = Regime::of(self.m, w);
        let h = super::super::percept::regime_hash(&r);
        let regime = (self.intern(r, h), h);
        self.action_regimes[x] = Some(regime.clone());
        regime
    }

    /// Every active actor chooses, on each track, between no action and each feasible action of
    /// that track, all from the same world; then the chosen actions are applied in actor order, and
    /// an actor's in track order (one credibility draw each, so the later draws of the site stay
    /// aligned).
    pub(in crate::engine) fn actions(&mut self, t: u32) {
        let m = self.m;
        let s = &m.scenario;
        let mut c = std::mem::take(&mut self.choosing);
        c.chosen.clear();
        c.before.clear();
        for a in s.actor_ixs() {
            if !self.w.active[a] {
                continue;
            }
            let spec = s.actors[a].strategy;
            // Rule-based strategies and the hard-liner are negotiation tactics: they take no actions.
            if !matches!(spec, StrategySpec::Logit | StrategySpec::Random) {
                continue;
            }
            for k in 0..m.tracks.len() {
                if let Some(x) = self.choose_action(t, a, k, spec, &mut c) {
                    c.chosen.push((a, x));
                }
            }
        }
        for &(a, x) in &c.chosen {
            self.take_action(t, a, x);
        }
        self.choosing = c;
    }

    /// Actor a's choice on track k: an action, or none.
    fn choose_action(
        &mut self,
        t: u32,
        a: ActorIx,
        k: usize,
        spec: StrategySpec,
        c: &mut Choosing,
    ) -> Option<usize> {
        let m = self.m;
        self.feasible_actions(a, k, &mut c.feasible);
        if c.feasible.is_empty() {
            return None;
        }
        let base = self.solution().value[a];
        c.eus.clear();
        c.eus.push(base);
        for j in 0..c.feasible.len() {
            let x = c.feasible[j];
            let gain = self.action_gain(a, x, &mut c.before);
            c.eus.push(base + gain - self.action_cost(a, x));
        }
        match spec {
            StrategySpec::Random => random::probabilities(c.eus.len(), &mut c.probs),
            _ => logit::probabilities(&c.eus, self.w.lambda[a], &mut c.probs),
        }
        let u = self.streams.uniform(m.act_site(a, k));
        let pick = logit::pick(&c.probs, u);
        if self.tracing() {
            self.record_actions(t, a, k, &c.feasible, &c.eus, &c.probs, pick);
        }
        (pick > 0).then(|| c.feasible[pick - 1])
    }

    /// Applies actor a's action x.
    fn take_action(&mut self, t: u32, a: ActorIx, x: usize) {
        let m = self.m;
        let act = &m.scenario.actions[x];
        let site = m.site_action[x];
        // One draw for credibility always, so later draws of this site stay aligned.
        let u = self.streams.uniform(site);
        let effective = u < act.credibility;
        if self.action_out[x].is_none() {
            self.action_out[x] = Some(t);
        }
        self.w.flags.done |= 1u128 << x;
        if m.read_done >> x & 1 == 1 {
            // The regime holds only the `done` bits something the solver reads.
            self.w.touch();
        }
        let d = math::powi(self.w.discount[a], t as i32);
        self.payoff[a] -= d * self.action_cost(a, x);
        if let Some(b) = &mut self.beliefs {
            b.action_taken(a, x);
        }
        let texts = if effective {
            self.apply(&act.effects, Some(site))
        } else {
            Vec::new()
        };
        if self.tracing() {
            self.push(Entry::Action {
                turn: t,
                actor: m.scenario.actors[a].id.clone(),
                id: act.id.clone(),
                effective,
                effects: texts,
            });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn record_actions(
        &mut self,
        t: u32,
        a: ActorIx,
        track: usize,
        feasible: &[usize],
        eus: &[f64],
        probs: &[f64],
        k: usize,
    ) {
        let s = &self.m.scenario;
        let base = eus[0];
        let mut options = vec![Considered::plain("no action", base, probs[0])];
        for (j, &x) in feasible.iter().enumerate() {
            let mut c = Considered::plain(&s.actions[x].id, eus[j + 1], probs[j + 1]);
            c.terms = eus[j + 1] - base + self.action_cost(a, x);
            c.flows = -self.action_cost(a, x);
            options.push(c);
        }
        let why = super::super::trace::explain_action(s, a, &options, k, self.w.lambda[a]);
        self.push(Entry::Decision {
            turn: t,
            actor: s.actors[a].id.clone(),
            about: match self.m.tracks[track].as_str() {
                "" => "actions".into(),
                name => format!("actions ({name})"),
            },
            options,
            chosen: k,
            why,
        });
    }
}
