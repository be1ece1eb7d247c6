//! A scenario prepared for simulation: random-stream sites named and hashed, agreements in phase
//! order, events classified for anticipation, and the shared store of equilibrium solutions.

use std::sync::OnceLock;

use super::solve::Store;
use super::world::World;
use crate::expr::Expr;
use crate::rng::site_hash;
use crate::scenario::{ActorIx, Effect, IssueIx, Scenario, StateVar, Trigger};

/// How actors anticipate an event (see `docs/model.md`, "Anticipated events").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Foresight {
    /// Not anticipated: it enters valuations only once it has happened.
    None,
    /// A hazard actors expect each turn of its window with its probability.
    Hazard,
    /// A dated event actors expect on its date.
    Dated(u32),
    /// A conditional event whose only effects open or close issues: anticipated structurally, in
    /// the lattice of settlements (the agenda opens when its condition holds).
    Agenda,
}

/// A scenario prepared for simulation.
#[derive(Debug)]
pub struct Model {
    /// The scenario.
    pub scenario: Scenario,
    pub(super) hashes: Vec<u64>,
    pub(super) site_event: Vec<usize>,
    pub(super) site_event_fx: Vec<usize>,
    pub(super) site_action: Vec<usize>,
    pub(super) site_state: Vec<usize>,
    /// Actor-major, by [`Model::choose_site`].
    site_choose: Vec<usize>,
    /// Actor-major, by [`Model::veto_site`].
    site_veto: Vec<usize>,
    /// Actor-major, by [`Model::act_site`].
    site_act: Vec<usize>,
    /// The tracks actions are chosen on: `""` (the main one) first, then the others in the order the
    /// scenario first names them.
    pub(super) tracks: Vec<String>,
    /// Per action, the index of its track in `tracks`.
    pub(super) action_track: Vec<usize>,
    /// Per action, the state variables it moves (the first three): it is valued along them.
    pub(super) action_dims: Vec<Vec<usize>>,
    /// Agreements in an order where every agreement comes after those it waits for.
    pub(super) order: Vec<usize>,
    /// Per event, how actors anticipate it.
    pub(super) foresight: Vec<Foresight>,
    /// Per event, whether its effects end the run.
    pub(super) terminal: Vec<bool>,
    /// The `fired(...)` bits and `done(...)` bits that something the solver evaluates reads: only
    /// these enter the perceived regime.
    pub(super) read_fired: u128,
    pub(super) read_done: u128,
    /// The issues whose settled position something the solver evaluates reads (`settled_as`).
    pub(super) read_settled_as: u64,
    /// The state variables each part of the scenario reads (which of them a regime's solve reads).
    pub(super) reads: super::reads::Reads,
    /// Keys hold every state variable, read or not (for the test that leaving them out changes
    /// nothing).
    pub(super) perceive_all: bool,
    /// Per state variable: the grid actors perceive it on.
    grids: Vec<Grid>,
    /// Whether something the solver evaluates reads the turn itself (an expression, or a rule-based
    /// strategy's schedule): then solutions are kept per turn.
    pub(super) reads_turn: bool,
    /// Whether some anticipated event depends on time (a dated event, a hazard with a window): then
    /// the time until each is perceived, in buckets (see `percept::bucket`).
    pub(super) timed: bool,
    /// Whether some actor chooses in the solved game (logit, subgame-perfect, hard-line, random
    /// play) rather than by a rule: only then are the bargaining games solved.
    pub(super) expectant: bool,
    /// Per issue: whether a rule-based strategy leads one of its parties while some logit actor
    /// must predict it (then the rule's inputs enter the perceived regime).
    pub(super) rule_issue: Vec<bool>,
    /// Whether some issue is a rule issue (then positions enter the perceived regime).
    pub(super) rules_perceived: bool,
    /// Whether the utilities of every issue are the same all run long (package players' schedules
    /// are then made once, `package.rs`).
    pub(super) package_fixed: bool,
    /// Whether runs may skip turns that package players' schedules decide (`package.rs`).
    pub(super) skip: bool,
    /// Package players' planned packages, shared by every run and thread.
    pub(super) packages: super::package::Store,
    /// The world every run starts from, made on first use.
    initial: OnceLock<World>,
    /// Equilibrium solutions shared by every run and thread (pure functions of their key).
    pub(super) store: Store,
}

impl Model {
    /// Prepares a scenario.
    pub fn new(scenario: Scenario) -> Model {
        let s = &scenario;
        let mut names: Vec<String> = Vec::new();
        let mut add = |n: String| {
            names.push(n);
            names.len() - 1
        };
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
        let mut tracks = vec![String::new()];
        let action_track = s
            .actions
            .iter()
            .map(|x| {
                tracks
                    .iter()
                    .position(|t| *t == x.track)
                    .unwrap_or_else(|| {
                        tracks.push(x.track.clone());
                        tracks.len() - 1
                    })
            })
            .collect();
        // The main track's site keeps its name, so a scenario without tracks draws as before.
        let site_act = s
            .actors
            .iter()
            .flat_map(|a| {
                tracks
                    .iter()
                    .map(|t| match t.as_str() {
                        "" => format!("act:{}", a.id),
                        t => format!("act:{}:{t}", a.id),
                    })
                    .collect::<Vec<_>>()
            })
            .map(&mut add)
            .collect();
        let hashes = names.iter().map(|n| site_hash(n)).collect();
        let foresight: Vec<Foresight> = s.events.iter().map(foresight).collect();
        let terminal = s
            .events
            .iter()
            .map(|e| e.effects.iter().any(|fx| matches!(fx, Effect::End(_))))
            .collect();
        let (read_fired, read_done, read_settled_as, reads_turn) = solver_reads(s, &foresight);
        let timed = s.events.iter().zip(&foresight).any(|(e, f)| match f {
            Foresight::Dated(_) => true,
            Foresight::Hazard => {
                matches!(e.trigger, Trigger::Hazard { from, until, .. } if from > 0 || until < s.clock.max_turns)
            }
            _ => false,
        });
        let expectant = s.actors.iter().any(|a| !a.strategy.is_rule_based());
        let rule_issue: Vec<bool> = s
            .issues
            .iter()
            .map(|i| {
                expectant
                    && i.parties
                        .iter()
                        .any(|p| s.actors[p.lead].strategy.is_rule_based())
            })
            .collect();
        let rules_perceived = rule_issue.iter().any(|&r| r);
        let (package_fixed, skip) = super::package::analyse(s);
        Model {
            order: phase_order(s),
            package_fixed,
            skip,
            packages: Default::default(),
            reads_turn: reads_turn || rules_perceived,
            rules_perceived,
            timed,
            rule_issue,
            foresight,
            terminal,
            read_fired,
            read_done,
            read_settled_as,
            reads: super::reads::Reads::new(s),
            perceive_all: false,
            grids: s.states.iter().map(Grid::of).collect(),
            expectant,
            hashes,
            site_event,
            site_event_fx,
            site_action,
            site_state,
            site_choose,
            site_veto,
            site_act,
            tracks,
            action_track,
            action_dims: s.actions.iter().map(action_dims).collect(),
            initial: OnceLock::new(),
            store: Store::default(),
            scenario,
        }
    }

    /// The draw site of actor `a`'s moves on issue `i`.
    pub(super) fn choose_site(&self, a: ActorIx, i: IssueIx) -> usize {
        self.site_choose[a.ix() * self.scenario.issues.len() + i.ix()]
    }

    /// The draw site of actor `a`'s choice of an action on track `k` (an index into `tracks`).
    pub(super) fn act_site(&self, a: ActorIx, k: usize) -> usize {
        self.site_act[a.ix() * self.tracks.len() + k]
    }

    /// The draw site of actor `a`'s vetoes on issue `i`.
    pub(super) fn veto_site(&self, a: ActorIx, i: IssueIx) -> usize {
        self.site_veto[a.ix() * self.scenario.issues.len() + i.ix()]
    }

    pub(super) fn nact(&self) -> usize {
        self.scenario.actors.len()
    }

    /// The world at the start of every run (the same for all: runs differ only in their draws).
    pub(super) fn initial(&self) -> &World {
        self.initial.get_or_init(|| World::new(self))
    }

    /// The grid on which actors perceive state variable `d` (see [`Grid`]).
    pub(super) fn grid(&self, d: usize) -> Grid {
        self.grids[d]
    }

    /// Whether runs played to the end ([`super::Simulation::play`], [`super::Simulation::run`]) may
    /// skip the turns that package players' schedules decide: every actor follows a rule, every
    /// issue is negotiated by two package players, and nothing random or changing can happen
    /// (docs/strategies.md, "Turn skipping"); at run time, only where the players' package spaces are
    /// small enough to sort. Outcomes are the same either way.
    pub fn skips_turns(&self) -> bool {
        self.skip
    }

    /// The bytes each simulation of this model keeps in its caches of recent solutions (for the
    /// memory guard's estimate of a batch: one simulation per worker thread).
    pub fn simulation_bytes(&self) -> u64 {
        let s = &self.scenario;
        super::recent::Values::bytes(s.states.len(), s.actors.len())
    }

    /// How many equilibrium solutions have been computed, and how many lookups they served (for
    /// `beliefs` and the performance notes).
    pub fn solver_stats(&self) -> (u64, u64) {
        self.store.stats()
    }

    /// This model with keys that hold every state variable, even those the solve of their regime
    /// does not read: the same outcomes, bit for bit, from more solutions (for tests).
    #[doc(hidden)]
    pub fn perceiving_every_variable(mut self) -> Model {
        self.perceive_all = true;
        self
    }

    /// Caps the memory of the store of solutions at `bytes` (a cap only lowers the budget, which
    /// starts at [`STORE_BYTES`](super::solve::STORE_BYTES)); returns the budget now in force. What
    /// the store keeps changes only the time a batch takes, never its results.
    pub fn limit_store(&self, bytes: u64) -> u64 {
        self.store.limit(bytes)
    }
}

/// The grain that stands for "no rounding" on a variable without both bounds.
const NO_ROUNDING: f64 = 1.0 / 4_294_967_296.0;
/// The largest grid index either way (values further out are perceived at the edge).
const GRID_LIMIT: i64 = 1 << 52;

/// How actors perceive one state variable: grid point k stands for `origin + k · res`, k in
/// `lo ..= hi` (the origin is the lower bound, else the upper, else 0).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Grid {
    /// The value of grid point 0.
    pub origin: f64,
    /// The step.
    pub res: f64,
    /// The lowest grid point.
    pub lo: i64,
    /// The highest grid point.
    pub hi: i64,
}

impl Grid {
    /// The grid on which actors perceive state variable `x`.
    fn of(x: &StateVar) -> Grid {
        let bounded = x.min.is_finite() && x.max.is_finite();
        let res = if x.resolution > 0.0 && x.resolution.is_finite() {
            x.resolution
        } else if bounded {
            ((x.max - x.min) / 16.0).max(f64::MIN_POSITIVE)
        } else {
            // `resolution = 0` on a variable without both bounds: no rounding, to within 2⁻³².
            NO_ROUNDING
        };
        let origin = if x.min.is_finite() {
            x.min
        } else if x.max.is_finite() {
            x.max
        } else {
            0.0
        };
        Grid {
            origin,
            res,
            lo: if x.min.is_finite() { 0 } else { -GRID_LIMIT },
            hi: if bounded {
                ((x.max - x.min) / res).ceil().min(GRID_LIMIT as f64) as i64
            } else if x.min.is_finite() {
                GRID_LIMIT
            } else {
                0
            },
        }
    }

    /// The grid position of `v` (fractional), within the grid.
    pub(crate) fn position(&self, v: f64) -> f64 {
        let p = (v - self.origin) / self.res;
        if p.is_nan() {
            0.0
        } else {
            p.clamp(self.lo as f64, self.hi as f64)
        }
    }

    /// The value of grid point `k`.
    pub(crate) fn value(&self, k: i64) -> f64 {
        self.origin + k as f64 * self.res
    }
}

/// The state variables action x moves, the first three (it is valued along them).
fn action_dims(x: &crate::scenario::Action) -> Vec<usize> {
    x.effects
        .iter()
        .filter_map(|fx| match fx {
            Effect::AddState { state, .. } | Effect::SetState { state, .. } => Some(*state),
            _ => None,
        })
        .take(3)
        .collect()
}

/// Topological order of the `after` graph (validated acyclic).
fn phase_order(s: &Scenario) -> Vec<usize> {
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
    order
}

fn foresight(e: &crate::scenario::Event) -> Foresight {
    match &e.trigger {
        Trigger::When(_) => {
            let agenda = e
                .effects
                .iter()
                .all(|fx| matches!(fx, Effect::OpenIssue(_) | Effect::CloseIssue(_)));
            if agenda {
                Foresight::Agenda
            } else {
                Foresight::None
            }
        }
        _ if !e.foreseen => Foresight::None,
        Trigger::Hazard { .. } => Foresight::Hazard,
        Trigger::At(t) => Foresight::Dated(*t),
    }
}

/// The `fired` and `done` bits and the issues' settled positions read by what the solver evaluates
/// (flows, issue terms, anticipated events' conditions and effects, outside options), and whether
/// any of it reads the turn.
fn solver_reads(s: &Scenario, foresight: &[Foresight]) -> (u128, u128, u64, bool) {
    let mut exprs: Vec<&Expr> = Vec::new();
    for f in &s.flows {
        exprs.push(&f.value);
        exprs.extend(&f.when);
    }
    for i in &s.issues {
        exprs.extend(i.effects.iter().flatten().map(|t| &t.expr));
    }
    for (e, ev) in s.events.iter().enumerate() {
        if foresight[e] == Foresight::None {
            continue;
        }
        match &ev.trigger {
            Trigger::Hazard {
                probability, when, ..
            } => {
                exprs.push(probability);
                exprs.extend(when);
            }
            Trigger::When(c) => exprs.push(c),
            Trigger::At(_) => {}
        }
        for fx in &ev.effects {
            if let Effect::AddState { value, .. } | Effect::SetState { value, .. } = fx {
                exprs.push(value);
            }
        }
    }
    for o in &s.outside_options {
        exprs.extend(o.value.iter().map(|(_, e)| e));
        exprs.extend(o.others.iter().map(|t| &t.expr));
        exprs.extend(&o.requires);
    }
    let mut fired = 0u128;
    let mut done = 0u128;
    let mut settled_as = 0u64;
    let mut turn = false;
    for e in exprs {
        let (f, d) = e.fired_done_mask();
        fired |= f;
        done |= d;
        settled_as |= e.settled_as_mask();
        turn |= e.reads_turn();
    }
    (fired, done, settled_as, turn)
}
