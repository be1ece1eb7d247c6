//! The simulation engine: one run of a scenario, turn by turn.
//!
//! Pure: no I/O, no printing, no global state. A [`Model`] is a validated scenario prepared for
//! simulation. A [`Simulation`] plays one run of it from (master seed, run index) with
//! [`Simulation::step`] / [`Simulation::run`], in the shape of turmoil's `Sim`; batches restart one
//! simulation for each of their runs ([`Simulation::restart`], [`Simulation::play`]).
//!
//! The decision model (`docs/model.md`): every choice is a logit response to values computed in the
//! equilibrium of the world as the actors perceive it (`percept.rs`): each issue's alternating-offers
//! game solved for its stationary quantal-response equilibrium, the value of the world from the
//! chain of settlements it implies, anticipated events and outside options included (`solve/`). The
//! probabilities an actor expects of the others are the ones the others then use: expectations are
//! consistent by construction, and `beliefs.rs` measures how closely.
//!
//! Layout: `model.rs` (the static analysis), `world.rs` (the mutable world), `percept.rs` (what
//! actors perceive), `solve/` (expectations), `turn/` (the phases of a turn: events, actions,
//! negotiation), `package.rs` (package-level strategies' moves, and turn skipping where their
//! schedules decide a run), `trace.rs` (the chronicle and its explanations), `beliefs.rs` (predicted
//! against realized), `oneshot.rs` (the node game exported to Gambit).

pub mod beliefs;
mod model;
pub mod oneshot;
mod package;
mod percept;
mod reads;
mod recent;
pub mod solve;
pub mod trace;
mod turn;
mod world;

use std::sync::Arc;

pub use model::Model;

use crate::math;
use crate::outcome::run::{EndReason, RunOutcome};
use crate::rng::Streams;
use crate::scenario::{ActorIx, IssueIx, PartyIx, Pos};
use beliefs::Recorder;
use percept::{Key, Regime};
use solve::Solution;
use trace::Entry;
use world::World;

/// One run in progress.
pub struct Simulation<'m> {
    m: &'m Model,
    w: World,
    streams: Streams,
    run: u64,
    payoff: Vec<f64>,
    issue_out: Vec<Option<(u32, Pos)>>,
    agreement_out: Vec<Option<u32>>,
    event_out: Vec<Option<u32>>,
    action_out: Vec<Option<u32>>,
    trace: Option<Vec<Entry>>,
    path: Option<Vec<f64>>,
    finished: bool,
    /// Payoffs at the end, before the value of the world left is added.
    realized: Vec<f64>,
    /// The perceived regime, as of the world's regime version and its version less the turn's
    /// touches (see [`World::turn_touches`]).
    regime: Option<(u64, u64, Arc<Regime>, u64)>,
    /// The values of recently used solutions, in front of the model's store (`recent.rs`).
    values: recent::Values,
    /// Recently used solutions (`recent.rs`).
    solutions: recent::Solutions,
    /// Regimes met lately, shared so that keys compare by pointer.
    interned: Vec<(u64, Arc<Regime>)>,
    /// Predicted against realized, when recorded (for `beliefs`).
    beliefs: Option<Box<Recorder>>,
    /// Scratch world for hypothetical actions.
    scratch: Option<Box<World>>,
    /// Per action: the regime of the world it made when last valued.
    action_regimes: Vec<Option<(Arc<Regime>, u64)>>,
    /// Buffers of the choice of actions.
    choosing: turn::Choosing,
    /// The last solution of the real world, with the regime and state it was looked up for.
    now: Option<(Arc<Regime>, Vec<f64>, Arc<Solution>)>,
    /// Scratch space for the grid points of perceived states.
    corners: percept::Corners,
    /// The real world's state when it was last perceived, and its grid points (before a regime's
    /// projection): hypothetical worlds take the grid points of the variables they did not move.
    grid_now: (Vec<f64>, Vec<i64>),
    /// Scratch space for the turn's flows, per actor.
    flows: Vec<f64>,
    /// Package players' moves and planned packages (`package.rs`).
    pkg: package::Local,
    /// Whether runs played with [`Simulation::play`] or [`Simulation::run`] may skip turns.
    skipping: bool,
}

/// Regimes each simulation remembers having shared (see [`Simulation::intern`]).
const INTERNED: usize = 16;

impl<'m> Simulation<'m> {
    /// Starts run `run` of `model` under master seed `seed`.
    pub fn new(model: &'m Model, seed: u64, run: u64) -> Simulation<'m> {
        let w = model.initial().clone();
        let s = &model.scenario;
        Simulation {
            m: model,
            w,
            streams: Streams::new(seed, run, &model.hashes),
            run,
            payoff: vec![0.0; s.actors.len()],
            issue_out: vec![None; s.issues.len()],
            agreement_out: vec![None; s.agreements.len()],
            event_out: vec![None; s.events.len()],
            action_out: vec![None; s.actions.len()],
            trace: None,
            path: None,
            finished: false,
            realized: Vec::new(),
            regime: None,
            values: recent::Values::new(s.states.len(), s.actors.len()),
            solutions: recent::Solutions::new(),
            interned: Vec::new(),
            beliefs: None,
            scratch: None,
            action_regimes: vec![None; s.actions.len()],
            choosing: Default::default(),
            now: None,
            corners: percept::Corners::default(),
            grid_now: (Vec::new(), Vec::new()),
            flows: vec![0.0; s.actors.len()],
            pkg: package::Local::default(),
            skipping: true,
        }
    }

    /// Starts run `run` of the model under master seed `seed` afresh, reusing this simulation's
    /// memory: the same as [`Simulation::new`] (with the chronicle, path and belief records kept on
    /// if they were), for batches that play many runs one after another (see [`Simulation::play`]).
    pub fn restart(&mut self, seed: u64, run: u64) {
        self.w.reset_from(self.m.initial());
        self.streams.restart(seed, run);
        self.run = run;
        self.payoff.fill(0.0);
        self.issue_out.fill(None);
        self.agreement_out.fill(None);
        self.event_out.fill(None);
        self.action_out.fill(None);
        if let Some(t) = &mut self.trace {
            t.clear();
        }
        if let Some(p) = &mut self.path {
            p.clear();
        }
        if let Some(b) = &mut self.beliefs {
            b.new_run();
        }
        self.finished = false;
        self.realized.clear();
        self.regime = None;
        self.pkg.restart();
    }

    /// Plays the run to its end and returns its outcome, leaving the simulation to be
    /// [restarted](Simulation::restart) for another run.
    pub fn play(&mut self) -> RunOutcome {
        self.skip_turns();
        while !self.step() {
            self.skip_turns();
        }
        self.snapshot()
    }

    /// Plays every turn through the engine, even where a run could skip turns that the players'
    /// schedules decide (`package.rs`): the outcome is the same, only slower (for tests).
    pub fn turn_by_turn(mut self) -> Self {
        self.skipping = false;
        self
    }

    /// Skips what turns can be skipped from here (see `package.rs`); the step loop plays the rest.
    fn skip_turns(&mut self) {
        if self.skipping {
            self.skip();
        }
    }

    /// Records the chronicle of the run (for `trace`).
    pub fn with_trace(mut self) -> Self {
        self.trace = Some(Vec::new());
        self
    }

    /// Records every state variable at the end of each turn (for fan charts).
    pub fn with_path(mut self) -> Self {
        self.path = Some(Vec::new());
        self
    }

    /// Records each actor's predictions of the others' moves against what they then did (for
    /// `beliefs`); read them with [`Simulation::beliefs`].
    pub fn with_beliefs(mut self) -> Self {
        self.beliefs = Some(Box::new(Recorder::new(self.m)));
        self
    }

    /// The predictions recorded so far (over every run played since [`Simulation::with_beliefs`]).
    pub fn beliefs(&self) -> Option<&Recorder> {
        self.beliefs.as_deref()
    }

    /// The current turn.
    pub fn turn(&self) -> u32 {
        self.w.turn
    }

    /// Party `k`'s current position on issue `i`.
    pub fn position(&self, i: IssueIx, k: PartyIx) -> Pos {
        self.w.pos[i][k]
    }

    /// Plays one turn. Returns `true` when the run has finished.
    ///
    /// Order within a turn, and why: events first, so that actors respond to this turn's world (a
    /// death or an election on this date is known before anyone moves); then state dynamics (the
    /// battlefield moves on its own); then actions (pressure, threats, unilateral acts), chosen
    /// simultaneously from the same world and applied in actor order; then negotiation, issue by
    /// issue, with parties moving in an order that alternates each turn (alternating offers); then
    /// the turn's flows are paid.
    pub fn step(&mut self) -> bool {
        if self.finished {
            return true;
        }
        let t = self.w.turn;
        if self.m.reads_turn || self.m.timed {
            self.w.touch_turn();
        }
        self.events(t);
        self.dynamics();
        if self.w.end.is_none() {
            self.actions(t);
        }
        if self.w.end.is_none() && !self.w.suspended {
            if self.beliefs.is_some() {
                let converged = self.solution().converged;
                if let Some(b) = &mut self.beliefs {
                    b.negotiated(converged);
                }
            }
            self.negotiate(t);
        }
        self.accrue_flows(t);
        if let Some(p) = &mut self.path {
            p.extend_from_slice(&self.w.state);
        }
        self.w.turn += 1;
        let all_agreed = self.agreement_out.iter().all(Option::is_some);
        let end = if let Some(e) = self.w.end.clone() {
            Some(e)
        } else if all_agreed {
            Some(EndReason::Agreed)
        } else if self.w.turn >= self.m.scenario.clock.max_turns {
            Some(EndReason::Horizon)
        } else {
            None
        };
        if let Some(e) = end {
            self.finish(e);
        }
        self.finished
    }

    /// Ends the run: the world goes on after it, so each actor also gets the value of the world it is
    /// left in — the expected value of the talks going on after the horizon, or, after a breakdown,
    /// the flows of that world forever.
    fn finish(&mut self, e: EndReason) {
        self.w.end = Some(e.clone());
        self.finished = true;
        self.realized.clone_from(&self.payoff);
        if self.m.reads_turn || self.m.timed {
            self.w.touch_turn();
        }
        let sol = self.solution();
        let left = match e {
            EndReason::Terminal(_) => &sol.breakdown,
            _ => &sol.value,
        };
        for (a, l) in left.iter().enumerate().take(self.m.nact()) {
            let d = math::powi(self.w.discount[a], self.w.turn as i32);
            self.payoff[a] += d * l;
        }
        if let Some(tr) = &mut self.trace {
            let reason = match &e {
                EndReason::Terminal(r) => format!("terminal condition: {r}"),
                EndReason::Agreed => "every agreement reached".into(),
                EndReason::Horizon => "horizon reached".into(),
            };
            tr.push(Entry::End {
                turn: self.w.turn.saturating_sub(1),
                reason,
            });
        }
    }

    /// Plays the run to its end.
    pub fn run(mut self) -> RunOutcome {
        self.skip_turns();
        while !self.step() {
            self.skip_turns();
        }
        self.snapshot()
    }

    /// Each actor's realised discounted utility: the terms of the agreements reached, flows and
    /// action costs, without the value of the world left at the end that [`RunOutcome::payoffs`]
    /// adds (so a run that ends without agreement is worth only what it realised).
    pub fn realized(&self) -> &[f64] {
        if self.finished {
            &self.realized
        } else {
            &self.payoff
        }
    }

    /// The outcome of a run played with [`Simulation::step`].
    pub fn into_outcome(mut self) -> RunOutcome {
        self.snapshot()
    }

    /// Plays the run to its end and returns its chronicle too.
    pub fn run_traced(mut self) -> (RunOutcome, Vec<Entry>) {
        if self.trace.is_none() {
            self.trace = Some(Vec::new());
        }
        while !self.step() {}
        let tr = self.trace.take().unwrap_or_default();
        (self.snapshot(), tr)
    }

    /// The outcome so far (the path moves out; everything else is copied).
    fn snapshot(&mut self) -> RunOutcome {
        RunOutcome {
            run: self.run,
            seed: self.streams.run_seed,
            turns: self.w.turn,
            end_reason: self.w.end.clone().unwrap_or(EndReason::Horizon),
            issues: self.issue_out.clone(),
            agreements: self.agreement_out.clone(),
            events: self.event_out.clone(),
            actions: self.action_out.clone(),
            payoffs: self.payoff.clone(),
            states: self.w.state.clone(),
            // (Room for the next run's path, which is about as long.)
            path: self
                .path
                .as_mut()
                .map(|p| std::mem::replace(p, Vec::with_capacity(p.len()))),
        }
    }

    fn tracing(&self) -> bool {
        self.trace.is_some()
    }

    fn push(&mut self, e: Entry) {
        if let Some(t) = &mut self.trace {
            t.push(e);
        }
    }

    // ---- perception ----

    /// The regime of the real world, perceived afresh when it changed.
    fn regime(&mut self) -> (Arc<Regime>, u64) {
        let structure = self.w.regime_version.wrapping_sub(self.w.turn_touches);
        if let Some((v, st, r, h)) = &mut self.regime {
            // A new version of the world often has the same regime (the turn moved on): checked in
            // place, without building it — only what it reads of the turn when nothing else moved.
            if *v == self.w.regime_version
                || (*st == structure && r.same_time(self.m, &self.w))
                || r.matches(self.m, &self.w)
            {
                *v = self.w.regime_version;
                *st = structure;
                return (r.clone(), *h);
            }
        }
        let r = Regime::of(self.m, &self.w);
        let h = percept::regime_hash(&r);
        let r = self.intern(r, h);
        self.regime = Some((self.w.regime_version, structure, r.clone(), h));
        (r, h)
    }

    /// The shared copy of a regime met lately, or this one (then remembered).
    pub(crate) fn intern(&mut self, r: Regime, h: u64) -> Arc<Regime> {
        if let Some((_, a)) = self.interned.iter().find(|(x, a)| *x == h && **a == r) {
            return a.clone();
        }
        let a = self.m.store.intern(r, h);
        if self.interned.len() >= INTERNED {
            self.interned.remove(0);
        }
        self.interned.push((h, a.clone()));
        a
    }

    /// The solution of the perceived world of `regime` (and its hash) and `bins` (the variables the
    /// regime's solve does not read are set to grid point 0 in `bins`, in place).
    fn lookup(&mut self, regime: &(Arc<Regime>, u64), bins: &mut [i64]) -> Arc<Solution> {
        regime.0.project(bins);
        let bins = &*bins;
        let hash = percept::key_hash(regime.1, bins);
        if let Some(sol) = self.solutions.get(hash, &regime.0, bins) {
            return sol.clone();
        }
        let key = Key::new(regime.0.clone(), regime.1, bins.into());
        let sol = self.m.store.get(self.m, &key);
        let slot = self.values.slot(hash);
        self.values.put(slot, hash, &regime.0, bins, &sol);
        self.solutions.put(key, sol.clone());
        sol
    }

    /// Actor `a`'s value in the solution of the perceived world of `regime` (and its hash) and
    /// `bins` (projected in place, as by [`Simulation::lookup`]).
    fn lookup_value(&mut self, regime: &(Arc<Regime>, u64), bins: &mut [i64], a: ActorIx) -> f64 {
        regime.0.project(bins);
        let bins = &*bins;
        let hash = percept::key_hash(regime.1, bins);
        let slot = self.values.slot(hash);
        if !self.values.holds(slot, hash, &regime.0, bins) {
            let sol = match self.solutions.get(hash, &regime.0, bins) {
                Some(sol) => sol.clone(),
                None => self
                    .m
                    .store
                    .get(self.m, &Key::new(regime.0.clone(), regime.1, bins.into())),
            };
            self.values.put(slot, hash, &regime.0, bins, &sol);
        }
        self.values.value(slot, a.ix())
    }

    /// The expectations of the real world now.
    fn solution(&mut self) -> Arc<Solution> {
        let regime = self.regime();
        // Asked several times a turn, mostly of a world whose regime and state have not moved.
        if let Some((r, state, sol)) = &self.now {
            let same = |a: &[f64], b: &[f64]| {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
            };
            if Arc::ptr_eq(r, &regime.0) && same(state, &self.w.state) {
                return sol.clone();
            }
        }
        let mut c = std::mem::take(&mut self.corners);
        let (gs, gb) = &mut self.grid_now;
        percept::bins_like(self.m, &self.w.state, (gs, gb), &mut c.bins);
        gs.clone_from(&self.w.state);
        gb.clone_from(&c.bins);
        let sol = self.lookup(&regime, &mut c.bins);
        self.corners = c;
        match &mut self.now {
            Some((r, state, s)) => {
                *r = regime.0;
                state.clone_from(&self.w.state);
                *s = sol.clone();
            }
            None => self.now = Some((regime.0, self.w.state.clone(), sol.clone())),
        }
        sol
    }

    /// Actor `a`'s value of the world with `regime` and `state`, interpolated between grid points
    /// along the state variables `dims`.
    fn value_along(
        &mut self,
        regime: &(Arc<Regime>, u64),
        state: &[f64],
        dims: &[usize],
        a: ActorIx,
    ) -> f64 {
        let mut c = std::mem::take(&mut self.corners);
        let (gs, gb) = &self.grid_now;
        percept::corners(self.m, state, (gs, gb), dims, &mut c);
        let k = c.bins.len() / c.weights.len();
        let mut v = 0.0;
        for at in 0..c.weights.len() {
            let wt = c.weights[at];
            if wt == 0.0 {
                continue;
            }
            v += wt * self.lookup_value(regime, &mut c.bins[at * k..(at + 1) * k], a);
        }
        self.corners = c;
        v
    }

    // ---- flows ----

    fn accrue_flows(&mut self, t: u32) {
        let f = &mut self.flows;
        let env = self.w.env();
        let w = &self.w;
        solve::flows_now(&self.m.scenario, |x| w.flow_enabled[x], &w.weights, &env, f);
        for (a, v) in f.iter().enumerate() {
            self.payoff[a] += math::powi(self.w.discount[a], t as i32) * v;
        }
    }
}
