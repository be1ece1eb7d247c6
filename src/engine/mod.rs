//! The simulation engine: one run of a scenario, turn by turn.
//!
//! Pure: no I/O, no printing, no global state. A [`Model`] is a validated scenario prepared for
//! simulation (random-stream sites named and hashed, agreements in phase order). A [`Simulation`] plays
//! one run of it from (master seed, run index) with [`Simulation::step`] / [`Simulation::run`], in the
//! shape of turmoil's `Sim`; batches restart one simulation for each of their runs
//! ([`Simulation::restart`], [`Simulation::play`]), which gives the same outcomes without
//! reallocating. The decision model — expected discounted utility with a one-step lookahead at the
//! other side's response, logit choice — is specified with its references in `docs/model.md`.

pub mod oneshot;
pub mod trace;
mod value;
mod world;

use crate::outcome::run::{EndReason, RunOutcome};
use crate::rng::{Streams, site_hash};
use crate::scenario::{ActionKind, Effect, Noise, Scenario, Target, Trigger};
use crate::strategy::{StrategySpec, hardliner, logit, random};
use trace::{Considered, Entry};
use value::{Breakdown, FlowMemo, View};
use world::World;

/// A scenario prepared for simulation.
#[derive(Debug)]
pub struct Model {
    /// The scenario.
    pub scenario: Scenario,
    hashes: Vec<u64>,
    site_event: Vec<usize>,
    site_event_fx: Vec<usize>,
    site_action: Vec<usize>,
    site_state: Vec<usize>,
    site_choose: Vec<usize>,
    site_veto: Vec<usize>,
    site_act: Vec<usize>,
    /// Agreements in an order where every agreement comes after those it waits for.
    order: Vec<usize>,
    /// Whether an issue's payoff terms must be recomputed every turn.
    issue_dynamic: Vec<bool>,
    /// Whether some actor plays a rule-based strategy (then the world keeps per-actor utility tables).
    rule_based: bool,
    /// Per actor, the time-dependent target u*(τ) of each turn (empty for other strategies).
    aspiration: Vec<Vec<f64>>,
    /// Per action, the flows whose value or condition its effects change (through the state they
    /// read, or by enabling or disabling them).
    action_stale_flows: Vec<Vec<bool>>,
    /// Per action, whether its effects change what every flow reads (weights, or a `done` flag that
    /// some flow tests).
    action_stale_all: Vec<bool>,
    /// Per action, per issue: whether its effects leave what the issue adds to any valuation as it
    /// was (then a hypothetical world after the action keeps the real world's figures for it).
    action_kept_issues: Vec<Vec<bool>>,
    /// Per action, whether its effects only move state variables.
    action_only_state: Vec<bool>,
    /// Whether a flow's value (not its condition) reads flags.
    flow_reads_flags: Vec<bool>,
    /// Whether any flow's value or condition reads `settled_as` (then flows depend on where an issue
    /// settles, not only on whether it did).
    flows_read_settled_as: bool,
    /// The settled, open and agreed bits that some flow's value or condition reads
    /// (see [`crate::expr::Expr::flag_mask`]): flow tables are kept by these bits only.
    flow_mask: (u64, u64, u64),
    /// The bits of `flow_mask`, one by one: (0 settled | 1 open | 2 agreed, bit). A set of flags
    /// indexes [`Model::flow_when`]'s tables by these bits, the first the lowest.
    flow_bits: Vec<(u8, u8)>,
    /// Per flow, its condition: none, tabulated over `flow_bits` when it reads nothing else (the
    /// usual `not agreed(armistice)`), or evaluated.
    flow_when: Vec<FlowWhen>,
    /// Every flow's index, in order.
    all_flows: Vec<usize>,
    /// Per actor, the flows that pay it or that it pays, in order.
    actor_flows: Vec<Vec<usize>>,
    /// Per issue: the state variables its payoff terms read, and whether they also read flags or the
    /// turn (then they are recomputed every time).
    issue_deps: Vec<(Vec<usize>, bool)>,
    /// Per issue, the cells of its utility table whose terms read state, flags or the turn: only
    /// these are recomputed when the state moves (see `World::refresh_utilities`).
    issue_dyn_cells: Vec<Vec<DynCell>>,
    /// The world every run starts from, made on first use (see [`Model::initial`]).
    initial: std::sync::OnceLock<World>,
}

/// One cell of an issue's utility table that the state can move: `util[p * nact + actor]`, the sum
/// of the option's terms `terms` (indices into its term list, in order).
#[derive(Debug)]
struct DynCell {
    p: usize,
    actor: usize,
    terms: Vec<usize>,
}

impl Model {
    /// Prepares a scenario.
    // Over the function-length limit (clippy.toml); the model rewrite splits it.
    #[allow(clippy::too_many_lines)]
    pub fn new(scenario: Scenario) -> Model {
        let mut names: Vec<String> = Vec::new();
        let mut add = |n: String| {
            names.push(n);
            names.len() - 1
        };
        let s = &scenario;
        let site_event = s
            .events
            .iter()
            .map(|e| add(format!("event:{}", e.id)))
            .collect();
        let site_event_fx = s
            .events
            .iter()
            .map(|e| add(format!("effects:event:{}", e.id)))
            .collect();
        let site_action = s
            .actions
            .iter()
            .map(|a| add(format!("action:{}", a.id)))
            .collect();
        let site_state = s
            .states
            .iter()
            .map(|x| add(format!("state:{}", x.id)))
            .collect();
        let mut site_choose = Vec::new();
        let mut site_veto = Vec::new();
        for a in &s.actors {
            for i in &s.issues {
                site_choose.push(add(format!("choose:{}:{}", a.id, i.id)));
                site_veto.push(add(format!("veto:{}:{}", a.id, i.id)));
            }
        }
        let site_act = s
            .actors
            .iter()
            .map(|a| add(format!("act:{}", a.id)))
            .collect();
        let hashes = names.iter().map(|n| site_hash(n)).collect();
        // Topological order of the `after` graph (validated acyclic).
        let mut order = Vec::new();
        let mut placed = vec![false; s.agreements.len()];
        while order.len() < s.agreements.len() {
            let before = order.len();
            for (g, a) in s.agreements.iter().enumerate() {
                if !placed[g] && a.after.iter().all(|&p| placed[p]) {
                    placed[g] = true;
                    order.push(g);
                }
            }
            if order.len() == before {
                // Unreachable for validated scenarios; keep going rather than loop forever.
                order.extend((0..s.agreements.len()).filter(|&g| !placed[g]));
                break;
            }
        }
        let issue_dynamic = s
            .issues
            .iter()
            .map(|i| {
                i.effects
                    .iter()
                    .flatten()
                    .any(|t| t.expr.reads_state() || t.expr.reads_flags())
            })
            .collect();
        let flow_reads_flags = s.flows.iter().map(|f| f.value.reads_flags()).collect();
        let flows_read_settled_as = s.flows.iter().any(|f| {
            f.value.reads_settled_as() || f.when.as_ref().is_some_and(|c| c.reads_settled_as())
        });
        let mut flow_mask = (0, 0, 0);
        for f in &s.flows {
            for e in std::iter::once(&f.value).chain(&f.when) {
                let (ms, mo, ma) = e.flag_mask();
                flow_mask.0 |= ms;
                flow_mask.1 |= mo;
                flow_mask.2 |= ma;
            }
        }
        let issue_dyn_cells = s
            .issues
            .iter()
            .map(|issue| {
                let dynamic = |t: &crate::scenario::Term| {
                    t.expr.reads_state() || t.expr.reads_flags() || t.expr.reads_turn()
                };
                let mut cells = Vec::new();
                for p in 0..issue.len() {
                    let terms = match issue.kind {
                        crate::scenario::IssueKind::Discrete => &issue.effects[p],
                        crate::scenario::IssueKind::Continuous { .. } => &issue.effects[0],
                    };
                    for a in 0..s.actors.len() {
                        let mine = || terms.iter().enumerate().filter(|(_, t)| t.actor == a);
                        if mine().any(|(_, t)| dynamic(t)) {
                            cells.push(DynCell {
                                p,
                                actor: a,
                                terms: mine().map(|(j, _)| j).collect(),
                            });
                        }
                    }
                }
                cells
            })
            .collect();
        let mut flow_bits = Vec::new();
        for (word, mask) in [flow_mask.0, flow_mask.1, flow_mask.2]
            .into_iter()
            .enumerate()
        {
            flow_bits.extend(
                (0..64u8)
                    .filter(|b| mask >> b & 1 == 1)
                    .map(|b| (word as u8, b)),
            );
        }
        let flow_when = s
            .flows
            .iter()
            .map(|f| match &f.when {
                None => FlowWhen::Always,
                Some(c) if c.reads_only_flag_sets() && flow_bits.len() <= FLOW_TABLE_BITS => {
                    FlowWhen::Table(tabulate(c, &flow_bits))
                }
                Some(_) => FlowWhen::Eval,
            })
            .collect();
        let issue_deps: Vec<(Vec<usize>, bool)> = s
            .issues
            .iter()
            .map(|i| {
                let mut deps = Vec::new();
                let mut always = false;
                for t in i.effects.iter().flatten() {
                    t.expr.state_deps(&mut deps);
                    always |= t.expr.reads_flags() || t.expr.reads_turn();
                }
                (deps, always)
            })
            .collect();
        let flow_states: Vec<Vec<usize>> = s
            .flows
            .iter()
            .map(|f| {
                let mut deps = Vec::new();
                f.value.state_deps(&mut deps);
                if let Some(c) = &f.when {
                    c.state_deps(&mut deps);
                }
                deps
            })
            .collect();
        let flows_read_done = s
            .flows
            .iter()
            .any(|f| f.value.reads_done() || f.when.as_ref().is_some_and(|c| c.reads_done()));
        let mut action_stale_flows = Vec::new();
        let mut action_stale_all = Vec::new();
        for act in &s.actions {
            let mut stale = vec![false; s.flows.len()];
            let mut all = flows_read_done;
            for fx in &act.effects {
                match fx {
                    Effect::AddState { state, .. } | Effect::SetState { state, .. } => {
                        for (f, deps) in flow_states.iter().enumerate() {
                            stale[f] |= deps.contains(state);
                        }
                    }
                    Effect::Enable(Target::Flow(f)) | Effect::Disable(Target::Flow(f)) => {
                        stale[*f] = true;
                    }
                    Effect::SetWeight { .. } | Effect::ScaleWeight { .. } => all = true,
                    _ => {}
                }
            }
            action_stale_flows.push(stale);
            action_stale_all.push(all);
        }
        // The state variable an effect writes, if it writes one and nothing else.
        let written = |fx: &Effect| match fx {
            Effect::AddState { state, .. } | Effect::SetState { state, .. } => Some(*state),
            _ => None,
        };
        let action_only_state: Vec<bool> = s
            .actions
            .iter()
            .map(|act| act.effects.iter().all(|fx| written(fx).is_some()))
            .collect();
        // Effects on state variables alone leave positions, beliefs, weights and what is open as
        // they were: an issue whose terms read none of those variables, no flag (the action sets its
        // `done` flag) and not the turn adds the same to a valuation.
        let action_kept_issues = s
            .actions
            .iter()
            .zip(&action_only_state)
            .map(|(act, &only_state)| {
                issue_deps
                    .iter()
                    .map(|(deps, always)| {
                        only_state
                            && !always
                            && !act
                                .effects
                                .iter()
                                .any(|fx| written(fx).is_some_and(|x| deps.contains(&x)))
                    })
                    .collect()
            })
            .collect();
        let rule_based = s.actors.iter().any(|a| a.strategy.is_rule_based());
        let horizon = s.clock.max_turns;
        let aspiration = s
            .actors
            .iter()
            .map(|a| match a.strategy {
                StrategySpec::TimeDependent { beta } => (0..horizon)
                    .map(|t| crate::strategy::time_dependent::target(t, horizon, beta))
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        let all_flows = (0..s.flows.len()).collect();
        let actor_flows = (0..s.actors.len())
            .map(|a| {
                (0..s.flows.len())
                    .filter(|&f| {
                        let f = &s.flows[f];
                        f.to.contains(&a) || f.payer.is_some_and(|(p, _)| p == a)
                    })
                    .collect()
            })
            .collect();
        Model {
            initial: std::sync::OnceLock::new(),
            all_flows,
            actor_flows,
            action_stale_flows,
            action_stale_all,
            action_kept_issues,
            action_only_state,
            rule_based,
            aspiration,
            flow_reads_flags,
            flows_read_settled_as,
            flow_mask,
            flow_bits,
            flow_when,
            issue_deps,
            issue_dyn_cells,
            scenario,
            hashes,
            site_event,
            site_event_fx,
            site_action,
            site_state,
            site_choose,
            site_veto,
            site_act,
            order,
            issue_dynamic,
        }
    }

    fn nact(&self) -> usize {
        self.scenario.actors.len()
    }

    /// The world at the start of every run (the same for all: runs differ only in their draws).
    fn initial(&self) -> &World {
        self.initial.get_or_init(|| World::new(self))
    }
}

/// The most flag bits a flow condition is tabulated over (a table of 2^bits entries).
const FLOW_TABLE_BITS: usize = 12;

/// A condition that reads only the settled, open and agreed bits in `bits`, evaluated for every
/// combination of them (entry j sets `bits[k]` where bit k of j is set).
fn tabulate(c: &crate::expr::Expr, bits: &[(u8, u8)]) -> Box<[bool]> {
    (0..1usize << bits.len())
        .map(|idx| {
            let mut flags = crate::expr::Flags::default();
            for (j, &(word, bit)) in bits.iter().enumerate() {
                let set = ((idx >> j & 1) as u64) << bit;
                match word {
                    0 => flags.settled |= set,
                    1 => flags.open |= set,
                    _ => flags.agreed |= set,
                }
            }
            c.holds(&crate::expr::Env {
                state: &[],
                flags: &flags,
                x: 0.0,
                turn: 0.0,
            })
        })
        .collect()
}

/// A flow's condition, prepared (see [`Model::flow_when`]).
#[derive(Debug)]
enum FlowWhen {
    Always,
    Table(Box<[bool]>),
    Eval,
}

/// One run in progress.
pub struct Simulation<'m> {
    m: &'m Model,
    w: World,
    scratch: World,
    streams: Streams,
    run: u64,
    payoff: Vec<f64>,
    issue_out: Vec<Option<(u32, u32)>>,
    agreement_out: Vec<Option<u32>>,
    event_out: Vec<Option<u32>>,
    action_out: Vec<Option<u32>>,
    trace: Option<Vec<Entry>>,
    path: Option<Vec<Vec<f64>>>,
    memo: FlowMemo,
    /// Memo for hypothetical worlds (reused so valuing an action allocates nothing).
    scratch_memo: FlowMemo,
    probs: Vec<f64>,
    /// Scratch: candidates' expected utilities.
    eus: Vec<f64>,
    /// Scratch: candidate moves (reused by every decision).
    cands: Vec<Cand>,
    /// Scratch: the other parties' positions on the issue being moved on.
    others: Vec<u32>,
    /// Scratch: an actor's feasible actions.
    feasible: Vec<usize>,
    /// Scratch: each issue's gap at the start of negotiation this turn.
    gaps_before: Vec<f64>,
    /// Scratch: each issue's gap now.
    gaps_now: Vec<f64>,
    finished: bool,
    /// Payoffs at the end, before the value of the world left is added.
    realized: Vec<f64>,
}

fn logit2(lambda: f64, x: f64, y: f64) -> f64 {
    let z = lambda * (x - y);
    if z > 700.0 {
        1.0
    } else if z < -700.0 {
        0.0
    } else {
        1.0 / (1.0 + crate::math::exp(-z))
    }
}

/// What a candidate move is; rendered as text only when a chronicle is recorded.
#[derive(Clone, Copy)]
enum Label {
    NoAction,
    Action(usize),
    Stall,
    Concede(usize, u32),
    Accept(usize, u32),
    Allow(usize, u32),
    Veto,
}

impl Label {
    fn text(self, s: &Scenario) -> String {
        match self {
            Label::NoAction => "no action".into(),
            Label::Action(x) => s.actions[x].id.clone(),
            Label::Stall => "stall".into(),
            Label::Concede(i, q) => format!("concede to {}", s.issues[i].positions[q as usize]),
            Label::Accept(i, q) => format!("accept {}", s.issues[i].positions[q as usize]),
            Label::Allow(i, q) => format!("allow {}", s.issues[i].positions[q as usize]),
            Label::Veto => "veto".into(),
        }
    }
}

/// One candidate move, before the choice.
struct Cand {
    label: Label,
    pos: u32,
    eu: f64,
    b: Breakdown,
    accept: Option<f64>,
}

impl<'m> Simulation<'m> {
    /// Starts run `run` of `model` under master seed `seed`.
    pub fn new(model: &'m Model, seed: u64, run: u64) -> Simulation<'m> {
        let w = model.initial().clone();
        let s = &model.scenario;
        Simulation {
            m: model,
            scratch: w.scratch_copy(),
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
            memo: FlowMemo::default(),
            scratch_memo: FlowMemo::default(),
            probs: Vec::new(),
            eus: Vec::new(),
            cands: Vec::new(),
            others: Vec::new(),
            feasible: Vec::new(),
            gaps_before: Vec::new(),
            gaps_now: Vec::new(),
            finished: false,
            realized: Vec::new(),
        }
    }

    /// Starts run `run` of the model under master seed `seed` afresh, reusing this simulation's
    /// memory: the same as [`Simulation::new`] (with the chronicle and path kept on if they were),
    /// for batches that play many runs one after another (see [`Simulation::play`]).
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
        self.memo.clear();
        self.scratch_memo.clear();
        self.finished = false;
        self.realized.clear();
    }

    /// Plays the run to its end and returns its outcome, leaving the simulation to be
    /// [restarted](Simulation::restart) for another run.
    pub fn play(&mut self) -> RunOutcome {
        while !self.step() {}
        self.snapshot()
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

    /// The current turn.
    pub fn turn(&self) -> u32 {
        self.w.turn
    }

    /// Party `k`'s current position on issue `i` (an index into the issue's positions).
    pub fn position(&self, i: usize, k: usize) -> u32 {
        self.w.pos[i][k]
    }

    /// Plays one turn. Returns `true` when the run has finished.
    ///
    /// Order within a turn, and why: events first, so that actors respond to this turn's world (a
    /// death or an election on this date is known before anyone moves); then state dynamics (the
    /// battlefield moves on its own); then actions (pressure, threats, unilateral acts), chosen
    /// simultaneously from the same world and applied in actor order; then negotiation, issue by
    /// issue, with parties moving in an order that rotates each turn (alternating offers); then the
    /// turn's flows are paid and beliefs updated from what the turn showed.
    pub fn step(&mut self) -> bool {
        if self.finished {
            return true;
        }
        let t = self.w.turn;
        self.events(t);
        self.dynamics();
        self.w.refresh_utilities(self.m, false);
        self.w.version += 1;
        self.w.flow_version += 1;
        if self.w.end.is_none() {
            self.actions(t);
        }
        let mut before = std::mem::take(&mut self.gaps_before);
        self.gaps(&mut before);
        self.gaps_before = before;
        if self.w.end.is_none() && !self.w.suspended {
            self.negotiate(t);
        }
        self.accrue_flows(t);
        self.update_beliefs();
        if let Some(p) = &mut self.path {
            p.push(self.w.state.clone());
        }
        self.w.turn += 1;
        self.w.version += 1;
        self.w.flow_version += 1;
        let all_agreed = self.agreement_out.iter().all(Option::is_some);
        let end = if all_agreed {
            Some(EndReason::Agreed)
        } else if let Some(e) = self.w.end.clone() {
            Some(e)
        } else if self.w.turn >= self.m.scenario.clock.max_turns {
            Some(EndReason::Horizon)
        } else {
            None
        };
        if let Some(e) = end {
            self.w.end = Some(e.clone());
            self.finished = true;
            self.realized.clone_from(&self.payoff);
            // The world goes on after the run: add the value of the world each actor is left in, so
            // a run cut off by the horizon is comparable with one that ended in agreement.
            self.memo.sync(self.w.version, self.w.flow_version);
            for a in 0..self.m.nact() {
                let v = value::value(self.m, &self.w, a, View::Actual, &mut self.memo);
                let d = self.w.discount[a];
                self.payoff[a] += crate::math::powi(d, self.w.turn as i32) * v.total;
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
        self.finished
    }

    /// Plays the run to its end.
    pub fn run(mut self) -> RunOutcome {
        while !self.step() {}
        self.outcome()
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
    pub fn into_outcome(self) -> RunOutcome {
        self.outcome()
    }

    /// Plays the run to its end and returns its chronicle too.
    pub fn run_traced(mut self) -> (RunOutcome, Vec<Entry>) {
        if self.trace.is_none() {
            self.trace = Some(Vec::new());
        }
        while !self.step() {}
        let tr = self.trace.take().unwrap_or_default();
        (self.outcome(), tr)
    }

    fn outcome(mut self) -> RunOutcome {
        self.snapshot()
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
            path: self.path.as_mut().map(std::mem::take),
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

    // ---- events and dynamics ----

    fn events(&mut self, t: u32) {
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
                        // Draw every turn of the window, gate or not, so that the k-th turn of the
                        // window always uses the same number (common random numbers across variants).
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

    fn dynamics(&mut self) {
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

    /// Applies effects to the real world, drawing noise from `site`. Returns descriptions when tracing.
    fn apply(&mut self, effects: &[Effect], site: Option<usize>) -> Vec<String> {
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
            let text = world::apply_effect(self.m, &mut self.w, fx, noise, tracing);
            if let Some(t) = text {
                texts.push(t);
            }
        }
        self.w.refresh_open(self.m);
        self.w.refresh_utilities(self.m, false);
        self.w.version += 1;
        self.w.flow_version += 1;
        texts
    }

    // ---- actions ----

    /// Actor `a`'s feasible actions this turn, into `out`.
    fn feasible_actions(&self, a: usize, out: &mut Vec<usize>) {
        let s = &self.m.scenario;
        let env = self.w.env();
        out.clear();
        let feasible = s
            .actions
            .iter()
            .enumerate()
            .filter(|(x, act)| {
                act.actor == a
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

    fn actions(&mut self, t: u32) {
        let m = self.m;
        let s = &m.scenario;
        let mut chosen: Vec<(usize, usize)> = Vec::new();
        // The action the hypothetical world was last made for this turn.
        let mut held = None;
        for a in 0..s.actors.len() {
            if !self.w.active[a] {
                continue;
            }
            let mut feasible = std::mem::take(&mut self.feasible);
            self.feasible_actions(a, &mut feasible);
            if feasible.is_empty() {
                self.feasible = feasible;
                continue;
            }
            self.memo.sync(self.w.version, self.w.flow_version);
            let base = value::value(m, &self.w, a, View::Actual, &mut self.memo);
            let mut cands = std::mem::take(&mut self.cands);
            cands.clear();
            cands.push(Cand {
                label: Label::NoAction,
                pos: u32::MAX,
                eu: base.total,
                b: base,
                accept: None,
            });
            for &x in &feasible {
                let act = &s.actions[x];
                self.action_world(a, x, held);
                held = Some(x);
                self.scratch_memo.adopt(
                    &self.memo,
                    &m.action_stale_flows[x],
                    m.action_stale_all[x],
                    a,
                    &m.action_kept_issues[x],
                );
                let after = value::value(m, &self.scratch, a, View::Actual, &mut self.scratch_memo);
                let cost: f64 = act
                    .cost
                    .iter()
                    .map(|&(d, c)| self.w.weights[a * s.dimensions.len() + d] * c)
                    .sum();
                let eu =
                    act.credibility * after.total + (1.0 - act.credibility) * base.total - cost;
                cands.push(Cand {
                    label: Label::Action(x),
                    pos: x as u32,
                    eu,
                    b: after,
                    accept: None,
                });
            }
            let u = self.streams.uniform(m.site_act[a]);
            let k = self.choose(a, &cands, u, None);
            if self.tracing() {
                self.record(t, a, "actions".into(), &cands, k);
            }
            if k > 0 {
                chosen.push((a, cands[k].pos as usize));
            }
            self.cands = cands;
            self.feasible = feasible;
        }
        for (a, x) in chosen {
            let act = &s.actions[x];
            let site = m.site_action[x];
            // One draw for credibility always, so later draws of this site stay aligned.
            let u = self.streams.uniform(site);
            let effective = u < act.credibility;
            if self.action_out[x].is_none() {
                self.action_out[x] = Some(t);
            }
            self.w.flags.done |= 1u128 << x;
            // Conditions may read `done(...)` even when the action had no effect.
            self.w.version += 1;
            self.w.flow_version += 1;
            let d = crate::math::powi(self.w.discount[a], t as i32);
            let nd = s.dimensions.len();
            let cost: f64 = act
                .cost
                .iter()
                .map(|&(dim, c)| self.w.weights[a * nd + dim] * c)
                .sum();
            self.payoff[a] -= d * cost;
            let texts = if effective {
                self.apply(&act.effects, Some(site))
            } else {
                Vec::new()
            };
            if self.tracing() {
                self.push(Entry::Action {
                    turn: t,
                    actor: s.actors[a].id.clone(),
                    id: act.id.clone(),
                    effective,
                    effects: texts,
                });
            }
        }
    }

    /// Makes the hypothetical world the real one after actor `a`'s action `x`, its effects at their
    /// mean, with the payoffs `a` reads brought up to date. `held` is the action the hypothetical
    /// world was last made for this turn: the real world does not change while actions are chosen, so
    /// after an action that only moved state variables undoing that is enough; otherwise the world is
    /// copied afresh.
    fn action_world(&mut self, a: usize, x: usize, held: Option<usize>) {
        let m = self.m;
        match held {
            Some(y) if m.action_only_state[y] && !self.w.weights_dirty() => {
                self.scratch
                    .undo_state_effects(&self.w, &m.action_kept_issues[y]);
            }
            _ => self.scratch.copy_for_valuation(&self.w),
        }
        for fx in &m.scenario.actions[x].effects {
            let noise = match fx {
                Effect::AddState { noise, .. } | Effect::SetState { noise, .. } => noise.mean(),
                _ => 0.0,
            };
            world::apply_effect(m, &mut self.scratch, fx, noise, false);
        }
        self.scratch.flags.done |= 1u128 << x;
        self.scratch.refresh_open(m);
        self.scratch.refresh_utilities_of(m, a);
    }

    /// Chooses among candidates with the actor's strategy, from one uniform draw.
    fn choose(&mut self, a: usize, cands: &[Cand], u: f64, hard_accept: Option<usize>) -> usize {
        let mut eus = std::mem::take(&mut self.eus);
        eus.clear();
        eus.extend(cands.iter().map(|c| c.eu));
        match self.m.scenario.actors[a].strategy {
            StrategySpec::Logit => logit::probabilities(&eus, self.w.lambda[a], &mut self.probs),
            StrategySpec::Random => random::probabilities(cands.len(), &mut self.probs),
            // Rule-based strategies never reach this choice on issues (see `rule_move`): they are
            // negotiation tactics, so like the hard-liner they take no actions, and as veto players
            // they allow a settlement exactly when it is worth more to them than blocking it.
            _ => hardliner::probabilities(cands.len(), hard_accept, &mut self.probs),
        }
        self.eus = eus;
        logit::pick(&self.probs, u)
    }

    fn record(&mut self, t: u32, a: usize, about: String, cands: &[Cand], k: usize) {
        let options: Vec<Considered> = cands
            .iter()
            .zip(&self.probs)
            .map(|(c, &p)| Considered {
                option: c.label.text(&self.m.scenario),
                eu: c.eu,
                probability: p,
                expected_turns: c.b.t_next,
                terms: c.b.terms,
                flows: c.b.flows,
                accept_probability: c.accept,
            })
            .collect();
        let actor = &self.m.scenario.actors[a];
        let why = explain(&actor.id, &options, k, self.w.lambda[a], actor.strategy);
        self.push(Entry::Decision {
            turn: t,
            actor: actor.id.clone(),
            about,
            options,
            chosen: k,
            why,
        });
    }

    // ---- negotiation ----

    /// Each issue's gap between the furthest-apart parties, in steps (−1 when not under negotiation).
    fn gaps(&self, out: &mut Vec<f64>) {
        out.clear();
        out.extend((0..self.m.scenario.issues.len()).map(|i| {
            if self.w.flags.settled >> i & 1 == 1 || self.w.flags.open >> i & 1 == 0 {
                return -1.0;
            }
            let p = &self.w.pos[i];
            let (lo, hi) = p
                .iter()
                .fold((u32::MAX, 0), |(l, h), &x| (l.min(x), h.max(x)));
            (hi - lo) as f64
        }));
    }

    /// Updates beliefs about how fast gaps close from what this turn showed (`gaps_before`).
    fn update_beliefs(&mut self) {
        let mut after = std::mem::take(&mut self.gaps_now);
        self.gaps(&mut after);
        let mut closed = 0.0;
        let mut n = 0.0;
        for (i, &b) in self.gaps_before.iter().enumerate() {
            if b < 0.0 {
                continue;
            }
            let a = if self.w.flags.settled >> i & 1 == 1 {
                0.0
            } else {
                after[i].max(0.0)
            };
            closed += (b - a).max(0.0);
            n += 1.0;
        }
        self.gaps_now = after;
        if n == 0.0 {
            return;
        }
        let observed = closed / n;
        for a in 0..self.w.belief.len() {
            let l = self.w.learning[a];
            self.w.belief[a] = ((1.0 - l) * self.w.belief[a] + l * observed).max(1e-3);
        }
        self.w.version += 1;
    }

    fn negotiate(&mut self, t: u32) {
        let m = self.m;
        for i in 0..m.scenario.issues.len() {
            let np = m.scenario.issues[i].parties.len();
            let first = t as usize % np.max(1);
            for r in 0..np {
                if self.w.flags.settled >> i & 1 == 1
                    || self.w.flags.open >> i & 1 == 0
                    || self.w.suspended
                {
                    break;
                }
                let k = (first + r) % np;
                self.move_party(t, i, k);
            }
        }
    }

    fn allowed(&self, i: usize, k: usize, p: u32) -> bool {
        !self.w.forbidden[i][k][p as usize]
    }

    fn move_party(&mut self, t: u32, i: usize, k: usize) {
        let m = self.m;
        let s = &m.scenario;
        let issue = &s.issues[i];
        let lead = issue.parties[k].lead;
        if !self.w.active[lead] {
            return;
        }
        let np = issue.parties.len();
        let cur = self.w.pos[i][k];
        // The others' common position (an offer to accept), and the mean of their positions.
        let mut target = None;
        let mut common = true;
        let mut sum = 0.0;
        for (j, &p) in self.w.pos[i].iter().enumerate() {
            if j == k {
                continue;
            }
            sum += p as f64;
            match target {
                None if common => target = Some(p),
                Some(q) if q != p => {
                    common = false;
                    target = None;
                }
                _ => {}
            }
        }
        if s.actors[lead].strategy.is_rule_based() {
            self.rule_move(t, i, k, target);
            return;
        }
        let mean = if np > 1 {
            sum / (np - 1) as f64
        } else {
            cur as f64
        };
        let mut concede = None;
        if (mean - cur as f64).abs() >= 0.5 {
            let dir: i64 = if mean > cur as f64 { 1 } else { -1 };
            let mut p = cur as i64 + dir;
            while p >= 0 && (p as usize) < issue.len() && ((p as f64) - mean) * dir as f64 <= 0.0 {
                if self.allowed(i, k, p as u32) {
                    concede = Some(p as u32);
                    break;
                }
                p += dir;
            }
        }
        let accept = target.filter(|&tp| tp != cur && self.allowed(i, k, tp));
        self.memo.sync(self.w.version, self.w.flow_version);
        let mut cands = std::mem::take(&mut self.cands);
        cands.clear();
        let mut add = |sim: &mut Self, lbl: Label, q: u32| {
            let (eu, b, acc) = sim.eu_position(i, k, q, target);
            cands.push(Cand {
                label: lbl,
                pos: q,
                eu,
                b,
                accept: acc,
            });
        };
        add(self, Label::Stall, cur);
        if let Some(q) = concede.filter(|q| Some(*q) != accept) {
            add(self, Label::Concede(i, q), q);
        }
        if let Some(q) = accept {
            add(self, Label::Accept(i, q), q);
        }
        // A hard-liner accepts only an offer at least as good for it as its own opening.
        let hard = accept.and_then(|q| {
            let nact = m.nact();
            let u = &self.w.util[i];
            let open = issue.parties[k].opening;
            (u[q as usize * nact + lead] >= u[open * nact + lead]).then_some(cands.len() - 1)
        });
        let u = self
            .streams
            .uniform(m.site_choose[lead * s.issues.len() + i]);
        let c = self.choose(lead, &cands, u, hard);
        if self.tracing() {
            self.record(t, lead, issue.id.clone(), &cands, c);
        }
        let q = cands[c].pos;
        self.cands = cands;
        if q == cur {
            return;
        }
        self.w.pos[i][k] = q;
        self.w.version += 1;
        if Some(q) == target {
            self.try_settle(t, i, k, cur, q);
        }
    }

    /// A rule-based strategy's move (time-dependent concession, tit-for-tat, subgame-perfect play).
    fn rule_move(&mut self, t: u32, i: usize, k: usize, target: Option<u32>) {
        let m = self.m;
        let s = &m.scenario;
        let issue = &s.issues[i];
        let lead = issue.parties[k].lead;
        let np = issue.parties.len();
        let npos = issue.len();
        let o = if np > 1 { (k + 1) % np } else { k };
        let ol = issue.parties[o].lead;
        let mut others = std::mem::take(&mut self.others);
        others.clear();
        let ps = &self.w.pos[i];
        for (j, &p) in ps.iter().enumerate() {
            if j != k {
                others.push(p);
            }
        }
        let cur = ps[k];
        let (raw, scaled) = &self.w.scaled[i];
        let q = {
            let view = crate::strategy::IssueView {
                turn: t,
                horizon: s.clock.max_turns,
                position: cur,
                opening: issue.parties[k].opening as u32,
                others: &others,
                others_before: &self.w.seen[i][k],
                own_utility: &scaled[lead * npos..(lead + 1) * npos],
                other_utility: &scaled[ol * npos..(ol + 1) * npos],
                forbidden: &self.w.forbidden[i][k],
                discount: self.w.discount[lead],
                other_discount: self.w.discount[ol],
                moves_first: t as usize % np.max(1) == k,
                aspiration: m.aspiration[lead].get(t as usize).copied(),
            };
            s.actors[lead]
                .strategy
                .rule_move(&view)
                .unwrap_or(cur)
                .min(npos as u32 - 1)
        };
        let own_q = raw[lead * npos + q as usize];
        // What this party saw now is what its next move compares with.
        let seen = &mut self.w.seen[i][k];
        seen.clear();
        seen.extend_from_slice(&others);
        // One draw per decision keeps this actor's stream aligned with the logit strategy's.
        let _ = self
            .streams
            .uniform(m.site_choose[lead * s.issues.len() + i]);
        if self.tracing() {
            let name = s.actors[lead].strategy.name();
            let label = if q == cur {
                "stall".to_string()
            } else if Some(q) == target {
                format!("accept {}", issue.positions[q as usize])
            } else {
                format!("offer {}", issue.positions[q as usize])
            };
            let why = format!(
                "{} follows its `{name}` strategy: {label} (own utility {:.3} there; the other side offers {})",
                s.actors[lead].id,
                own_q,
                others
                    .iter()
                    .map(|&p| issue.positions[p as usize].as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            self.push(Entry::Decision {
                turn: t,
                actor: s.actors[lead].id.clone(),
                about: issue.id.clone(),
                options: vec![Considered {
                    option: label,
                    eu: own_q,
                    probability: 1.0,
                    expected_turns: 0.0,
                    terms: own_q,
                    flows: 0.0,
                    accept_probability: None,
                }],
                chosen: 0,
                why,
            });
        }
        self.others = others;
        if q == cur || self.w.forbidden[i][k][q as usize] && Some(q) == target {
            return;
        }
        self.w.pos[i][k] = q;
        self.w.version += 1;
        if Some(q) == target {
            self.try_settle(t, i, k, cur, q);
        }
    }

    /// Expected utility for the lead of party `k` of moving to `q` on issue `i`.
    fn eu_position(
        &mut self,
        i: usize,
        k: usize,
        q: u32,
        target: Option<u32>,
    ) -> (f64, Breakdown, Option<f64>) {
        let m = self.m;
        let issue = &m.scenario.issues[i];
        let a = issue.parties[k].lead;
        if Some(q) == target {
            // Settlement, unless a veto player blocks it.
            let settled = value::value(m, &self.w, a, View::Settle(i, q), &mut self.memo);
            let stay = value::value(m, &self.w, a, View::Actual, &mut self.memo);
            let mut ok = 1.0;
            for (pk, p) in issue.parties.iter().enumerate() {
                let _ = p;
                for &v in &self.w.vetoes[i][pk] {
                    if !self.w.active[v] {
                        continue;
                    }
                    let vs = value::value(m, &self.w, v, View::Settle(i, q), &mut self.memo).total;
                    let vo = value::value(m, &self.w, v, View::Actual, &mut self.memo).total;
                    ok *= logit2(self.w.lambda[v], vs, vo);
                }
            }
            let eu = ok * settled.total + (1.0 - ok) * stay.total;
            return (eu, settled, None);
        }
        let open = value::value(m, &self.w, a, View::Move(i, k, q), &mut self.memo);
        if issue.parties.len() != 2 {
            return (open.total, open, None);
        }
        let o = 1 - k;
        let ol = issue.parties[o].lead;
        if !self.w.active[ol] || !self.allowed(i, o, q) {
            return (open.total, open, Some(0.0));
        }
        let os = value::value(m, &self.w, ol, View::Settle(i, q), &mut self.memo).total;
        let oo = value::value(m, &self.w, ol, View::Move(i, k, q), &mut self.memo).total;
        let p = logit2(self.w.lambda[ol], os, oo);
        let settled = value::value(m, &self.w, a, View::Settle(i, q), &mut self.memo);
        let eu = p * settled.total + (1.0 - p) * open.total;
        (eu, open, Some(p))
    }

    fn try_settle(&mut self, t: u32, i: usize, k: usize, prev: u32, q: u32) {
        let m = self.m;
        let s = &m.scenario;
        let issue = &s.issues[i];
        self.memo.sync(self.w.version, self.w.flow_version);
        let mut vetoed_by = None;
        for pk in 0..issue.parties.len() {
            for vi in 0..self.w.vetoes[i][pk].len() {
                let v = self.w.vetoes[i][pk][vi];
                if !self.w.active[v] {
                    continue;
                }
                let allow = value::value(m, &self.w, v, View::Settle(i, q), &mut self.memo);
                let block = value::value(m, &self.w, v, View::Move(i, k, prev), &mut self.memo);
                let cands = [
                    Cand {
                        label: Label::Allow(i, q),
                        pos: 0,
                        eu: allow.total,
                        b: allow,
                        accept: None,
                    },
                    Cand {
                        label: Label::Veto,
                        pos: 1,
                        eu: block.total,
                        b: block,
                        accept: None,
                    },
                ];
                let u = self.streams.uniform(m.site_veto[v * s.issues.len() + i]);
                let hard = Some(if allow.total >= block.total { 0 } else { 1 });
                let c = self.choose(v, &cands, u, hard);
                if self.tracing() {
                    self.record(t, v, format!("veto on {}", issue.id), &cands, c);
                }
                if c == 1 && vetoed_by.is_none() {
                    vetoed_by = Some(v);
                }
            }
        }
        if let Some(v) = vetoed_by {
            self.w.pos[i][k] = prev;
            self.w.version += 1;
            if self.tracing() {
                self.push(Entry::Veto {
                    turn: t,
                    issue: issue.id.clone(),
                    option: issue.positions[q as usize].clone(),
                    by: s.actors[v].id.clone(),
                });
            }
            return;
        }
        self.settle(t, i, q);
    }

    fn settle(&mut self, t: u32, i: usize, q: u32) {
        let m = self.m;
        let s = &m.scenario;
        self.w.version += 1;
        if m.flows_read_settled_as {
            // Flows are memoised by the settled bits only; where this issue settles matters too.
            self.w.flow_version += 1;
        }
        self.w.flags.settled |= 1u64 << i;
        self.w.flags.settled_at[i] = q as i16;
        self.issue_out[i] = Some((t, q));
        if self.tracing() {
            self.push(Entry::Settled {
                turn: t,
                issue: s.issues[i].id.clone(),
                option: s.issues[i].positions[q as usize].clone(),
            });
        }
        let g = s.issues[i].agreement;
        if s.agreements[g]
            .issues
            .iter()
            .all(|&x| self.w.flags.settled >> x & 1 == 1)
        {
            self.w.flags.agreed |= 1u64 << g;
            self.agreement_out[g] = Some(t);
            // The terms take effect with the agreement, valued in the world of that day.
            self.w.refresh_utilities(m, false);
            let nact = m.nact();
            for a in 0..nact {
                let terms: f64 = s.agreements[g]
                    .issues
                    .iter()
                    .map(|&x| self.w.util[x][self.w.flags.settled_at[x] as usize * nact + a])
                    .sum();
                self.payoff[a] += crate::math::powi(self.w.discount[a], t as i32) * terms;
            }
            if self.tracing() {
                self.push(Entry::Agreement {
                    turn: t,
                    id: s.agreements[g].id.clone(),
                });
            }
        }
        self.w.refresh_open(m);
    }

    fn accrue_flows(&mut self, t: u32) {
        self.memo.sync(self.w.version, self.w.flow_version);
        let f = value::flows_now(self.m, &self.w, &mut self.memo);
        for (a, v) in f.iter().enumerate() {
            self.payoff[a] += crate::math::powi(self.w.discount[a], t as i32) * v;
        }
    }
}

/// Explains a decision in words, from the options' breakdowns.
fn explain(
    actor: &str,
    opts: &[Considered],
    k: usize,
    lambda: f64,
    strategy: StrategySpec,
) -> String {
    let c = &opts[k];
    let best = opts
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.eu.total_cmp(&b.1.eu))
        .map(|(i, _)| i)
        .unwrap_or(k);
    let mut s = format!(
        "{actor} chose {} (p = {:.2}): expected utility {:.3} = terms {:.3} + flows {:.3}, next agreement in ~{:.0} turns",
        c.option, c.probability, c.eu, c.terms, c.flows, c.expected_turns
    );
    if let Some(p) = c.accept_probability {
        s.push_str(&format!(
            "; the other side would accept this offer with p = {p:.2}"
        ));
    }
    let alt = if best != k {
        best
    } else {
        opts.iter()
            .enumerate()
            .filter(|(i, _)| *i != k)
            .max_by(|a, b| a.1.eu.total_cmp(&b.1.eu))
            .map(|(i, _)| i)
            .unwrap_or(k)
    };
    if alt != k {
        let o = &opts[alt];
        let dterms = c.terms - o.terms;
        let dflows = c.flows - o.flows;
        s.push_str(&format!(
            ". Against {} ({:.3}): {} by {:.3} in terms and {} by {:.3} in flows (cost of war, aid, side payments)",
            o.option,
            o.eu,
            if dterms >= 0.0 { "better" } else { "worse" },
            dterms.abs(),
            if dflows >= 0.0 { "better" } else { "worse" },
            dflows.abs()
        ));
        // What terms and flows do not show: one-time costs, and the chances that the other side
        // accepts an offer or a veto player blocks a settlement.
        let rest = (c.eu - c.terms - c.flows) - (o.eu - o.terms - o.flows);
        if rest.abs() >= 0.0005 {
            s.push_str(&format!(
                ", {} by {:.3} in costs and in the chances of acceptance and veto",
                if rest >= 0.0 { "better" } else { "worse" },
                rest.abs()
            ));
        }
        if (c.expected_turns - o.expected_turns).abs() >= 0.5 {
            s.push_str(&format!(
                ", and it expects the next agreement {:.0} turns {}",
                (c.expected_turns - o.expected_turns).abs(),
                if c.expected_turns > o.expected_turns {
                    "later"
                } else {
                    "sooner"
                }
            ));
        }
    }
    if best != k {
        s.push_str(&match strategy {
            StrategySpec::Logit => {
                format!(". Not the best option: logit choice (λ = {lambda}) leaves room for error")
            }
            _ => format!(". Chosen by its `{}` strategy", strategy.name()),
        });
    }
    s.push('.');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undoing_an_action_on_state_restores_the_hypothetical_world() {
        // Hypothetical action worlds are undone rather than copied afresh when the action only moved
        // state variables: after the undo, everything a valuation reads must be as in the real world.
        let m = Model::new(Scenario::load("korea_1951", &[]).unwrap());
        let mut checked = 0;
        for run in 0..3 {
            let mut sim = Simulation::new(&m, 1, run);
            while !sim.step() {
                let mut held = None;
                for (x, act) in m.scenario.actions.iter().enumerate() {
                    sim.action_world(act.actor, x, held);
                    held = Some(x);
                    if m.action_only_state[x] {
                        sim.scratch
                            .undo_state_effects(&sim.w, &m.action_kept_issues[x]);
                        assert!(
                            sim.scratch.same_for_valuation(&sim.w),
                            "{} at turn {}",
                            act.id,
                            sim.turn()
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 300, "{checked} undos checked");
    }
}
