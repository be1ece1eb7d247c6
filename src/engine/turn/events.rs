//! Events and state dynamics: what happens to the world before anyone moves.

use super::super::Simulation;
use super::super::trace::Entry;
use super::super::world;
use crate::scenario::{Effect, Noise, Trigger};

impl Simulation<'_> {
    /// Fires the events of turn `t`: dated events on their turn, hazards with their probability
    /// (one draw every turn of the window, gate or not, so that the k-th turn of the window always
    /// uses the same number: common random numbers across variants), conditional events when their
    /// condition holds.
    pub(in crate::engine) fn events(&mut self, t: u32) {
        let m = self.m;
        for (e, ev) in m.scenario.events.iter().enumerate() {
            if !self.w.event_enabled[e] || (ev.once && self.event_out[e].is_some()) {
                continue;
            }
            let fire = match &ev.trigger {
                Trigger::At(t0) => t == *t0,
                Trigger::Hazard {
                    probability,
                    from,
                    until,
                    when,
                } => {
                    if t < *from || t > *until {
                        false
                    } else {
                        let u = self.streams.uniform(m.site_event[e]);
                        let env = self.w.env();
                        let gate = when.as_ref().is_none_or(|c| c.holds(&env));
                        gate && u < probability.eval(&env).clamp(0.0, 1.0)
                    }
                }
                Trigger::When(c) => c.holds(&self.w.env()),
            };
            if !fire {
                continue;
            }
            if self.event_out[e].is_none() {
                self.event_out[e] = Some(t);
            }
            self.w.flags.fired |= 1u128 << e;
            self.w.touch();
            let texts = self.apply(&ev.effects, Some(m.site_event_fx[e]));
            if self.tracing() {
                self.push(Entry::Event {
                    turn: t,
                    id: ev.id.clone(),
                    label: ev.label.clone(),
                    effects: texts,
                });
            }
        }
    }

    /// Drift and noise of every state variable.
    pub(in crate::engine) fn dynamics(&mut self) {
        let m = self.m;
        for (i, s) in m.scenario.states.iter().enumerate() {
            let mut d = 0.0;
            if let Some(drift) = &s.drift {
                d += drift.eval(&self.w.env());
            }
            if s.noise > 0.0 {
                d += s.noise * self.streams.normal(m.site_state[i]);
            }
            if d != 0.0 {
                self.w.state[i] = (self.w.state[i] + d).clamp(s.min, s.max);
            }
        }
    }

    /// Applies effects to the real world, drawing noise from `site`. Returns descriptions when
    /// tracing.
    pub(in crate::engine) fn apply(
        &mut self,
        effects: &[Effect],
        site: Option<usize>,
    ) -> Vec<String> {
        let tracing = self.tracing();
        let mut texts = Vec::new();
        for fx in effects {
            let noise = match fx {
                Effect::AddState { noise, .. } | Effect::SetState { noise, .. } => {
                    match (noise, site) {
                        (Noise::Normal(sd), Some(s)) => sd * self.streams.normal(s),
                        (Noise::Uniform(a, b), Some(s)) => a + (b - a) * self.streams.uniform(s),
                        (n, _) => n.mean(),
                    }
                }
                _ => 0.0,
            };
            if let Some(t) = world::apply_effect(self.m, &mut self.w, fx, noise, tracing) {
                texts.push(t);
            }
        }
        self.w.refresh_open(self.m);
        texts
    }
}
