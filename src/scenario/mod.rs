//! Scenarios: the validated world a simulation runs on.
//!
//! `raw.rs` mirrors the TOML, `load.rs` reads files, overlays and overrides, `compile/` validates the
//! raw form into the [`Scenario`] defined here, in which every reference is an index and every value is
//! checked. The engine only ever sees a [`Scenario`]. `ix.rs` defines the index types that say what an
//! index points at: [`ActorIx`], [`IssueIx`], [`PartyIx`] (a party within an issue) and [`Pos`] (a
//! position on an issue).

mod compile;
pub mod embedded;
mod ix;
pub mod load;
pub(crate) mod raw;
pub mod sources;

pub use compile::{
    MAX_ACTORS, MAX_FLOWS, MAX_OUTSIDE_OPTIONS, MAX_POSITIONS, MAX_RUNS, MAX_STATES, MAX_TURNS,
};
pub use ix::{ActorIx, IssueIx, PartyIx, Pos};
pub use load::{MAX_PARAMETERS, Override};
pub use sources::{Bibliography, Citation, Cite, Cited, Collection, Record, Work, WorkKind};

use crate::error::{ScenarioError, SourceMap};
use crate::expr::Expr;
use crate::strategy::StrategySpec;
use crate::time::{Clock, Date};

/// A validated scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Short id, used for output folder names.
    pub id: String,
    /// Human title.
    pub title: String,
    /// What the scenario models.
    pub description: String,
    /// Sources cited by the scenario (`[scenario] sources`), as written.
    pub sources: Vec<String>,
    /// The header's citation: its `sources` (joined with `; `) with their keys resolved, and its `note`.
    pub cite: Citation,
    /// The bibliography the scenario declares (`[scenario] bibliography`), empty if none.
    pub bibliography: Bibliography,
    /// The turn clock.
    pub clock: Clock,
    /// Who moves first on each issue each turn (`[scenario] turn_order`).
    pub turn_order: TurnOrder,
    /// Runs when the command line gives none.
    pub default_runs: u64,
    /// Master seed when the command line gives none.
    pub default_seed: u64,
    /// Payoff dimensions.
    pub dimensions: Vec<Dimension>,
    /// State variables.
    pub states: Vec<StateVar>,
    /// Sides (blocs).
    pub sides: Vec<Side>,
    /// Actors.
    pub actors: Vec<Actor>,
    /// Issues (agenda items).
    pub issues: Vec<Issue>,
    /// Agreements (bundles of issues), in declaration order.
    pub agreements: Vec<Agreement>,
    /// Per-turn payoff flows.
    pub flows: Vec<Flow>,
    /// Exogenous events.
    pub events: Vec<Event>,
    /// Actions actors may take besides negotiating.
    pub actions: Vec<Action>,
    /// Observed history to compare with.
    pub observed: Vec<Observed>,
    /// Free parameters with their explorable ranges.
    pub parameters: Vec<Parameter>,
    /// Outside options: walking away from the talks (`[[outside_option]]`).
    pub outside_options: Vec<OutsideOption>,
    /// The `--set` overrides applied, in order.
    pub overrides: Vec<Override>,
    /// The chain of files (the scenario, then its `extends` parents).
    pub chain: Vec<String>,
}

/// Who moves first on an issue each turn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TurnOrder {
    /// The first mover alternates: party 0 at even turns, party 1 at odd (Rubinstein's alternating
    /// offers; the default, and what the solved game assumes).
    #[default]
    Alternating,
    /// Party 0 first every turn, the others after it in their order: the stacked alternating offers
    /// protocol (Aydoğan et al. 2017) of NegMAS's `SAOMechanism`. Only for scenarios in which every
    /// actor follows a rule (no game is solved).
    Fixed,
}

impl TurnOrder {
    /// The party that moves first at turn `t` of an issue with `parties` parties.
    pub fn first(self, t: u32, parties: usize) -> PartyIx {
        PartyIx::new(match self {
            TurnOrder::Alternating => t as usize % parties.max(1),
            TurnOrder::Fixed => 0,
        })
    }
}

/// A payoff dimension.
#[derive(Clone, Debug)]
pub struct Dimension {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Unit, free text.
    pub unit: String,
    /// Its `source` and `note`.
    pub cite: Citation,
}

/// A numeric state variable of the world.
#[derive(Clone, Debug)]
pub struct StateVar {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Unit, free text.
    pub unit: String,
    /// Value at turn 0.
    pub initial: f64,
    /// Lower bound.
    pub min: f64,
    /// Upper bound.
    pub max: f64,
    /// Deterministic change per turn.
    pub drift: Option<Expr>,
    /// Standard deviation of a normal shock added each turn.
    pub noise: f64,
    /// The grain at which actors perceive this variable when they form expectations: their
    /// valuations use the state rounded to a grid of this step. `[[state]] resolution`; default
    /// (`max` − `min`) / 16, or 0 (no rounding) when a bound is not given. Read by the decision
    /// model (docs/model.md).
    pub resolution: f64,
    /// Its `source` and `note`.
    pub cite: Citation,
}

/// A side: a bloc negotiating as one party.
#[derive(Clone, Debug)]
pub struct Side {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The member who negotiates.
    pub lead: ActorIx,
    /// Members whose consent the side's acceptance needs.
    pub veto: Vec<ActorIx>,
    /// Its `source` and `note`.
    pub cite: Citation,
}

/// An actor.
#[derive(Clone, Debug)]
pub struct Actor {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Side index.
    pub side: usize,
    /// Per-turn discount factor δ in (0, 1).
    pub discount: f64,
    /// Logit precision λ ≥ 0.
    pub lambda: f64,
    /// Weight per dimension (by dimension index).
    pub weights: Vec<f64>,
    /// How the actor chooses.
    pub strategy: StrategySpec,
    /// Whether the actor takes part from turn 0.
    pub active: bool,
    /// Its `source` and `note`.
    pub cite: Citation,
}

/// Discrete options or a continuous range.
#[derive(Clone, Debug, PartialEq)]
pub enum IssueKind {
    /// Ordered options; positions are option indices.
    Discrete,
    /// A range on a grid: position p is `min + p * step`.
    Continuous {
        /// Lowest value.
        min: f64,
        /// Grid step.
        step: f64,
    },
}

/// One payoff term: actor gets `expr` in dimension `dim`.
#[derive(Clone, Debug)]
pub struct Term {
    /// Actor index.
    pub actor: ActorIx,
    /// Dimension index.
    pub dim: usize,
    /// The value (may read state, and `x` on continuous issues).
    pub expr: Expr,
}

/// A party to an issue.
#[derive(Clone, Debug)]
pub struct Party {
    /// Id (a side id or an actor id).
    pub id: String,
    /// The negotiating actor.
    pub lead: ActorIx,
    /// Actors who can veto this party's acceptance.
    pub veto: Vec<ActorIx>,
    /// Opening position.
    pub opening: Pos,
}

/// An option a party may not accept (an outside constraint, e.g. a legislature).
#[derive(Clone, Debug)]
pub struct Forbid {
    /// Party index in the issue.
    pub party: PartyIx,
    /// Forbidden positions.
    pub positions: Vec<Pos>,
    /// Why.
    pub label: String,
    /// Its `source` and `note`.
    pub cite: Citation,
}

/// An issue (agenda item).
#[derive(Clone, Debug)]
pub struct Issue {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Discrete or continuous.
    pub kind: IssueKind,
    /// Label of each position (option id, or the number).
    pub positions: Vec<String>,
    /// Option labels (discrete) or empty.
    pub option_labels: Vec<String>,
    /// Payoff terms per position (discrete), or one list in `x` (continuous, in `effects[0]`).
    pub effects: Vec<Vec<Term>>,
    /// The parties.
    pub parties: Vec<Party>,
    /// Outside constraints.
    pub forbid: Vec<Forbid>,
    /// Whether it is on the table as soon as its agreement opens.
    pub open: bool,
    /// The agreement it belongs to.
    pub agreement: usize,
    /// Its `source` and `note`.
    pub cite: Citation,
    /// The `source` and `note` of each option (discrete issues; empty for continuous ones).
    pub option_cites: Vec<Citation>,
}

impl Issue {
    /// Number of positions.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// Every position's index, in order.
    pub fn pos_ixs(&self) -> impl DoubleEndedIterator<Item = Pos> + ExactSizeIterator + Clone {
        Pos::all(self.positions.len())
    }

    /// Every party's index, in order.
    pub fn party_ixs(
        &self,
    ) -> impl DoubleEndedIterator<Item = PartyIx> + ExactSizeIterator + Clone {
        PartyIx::all(self.parties.len())
    }

    /// Whether the issue has no positions (never true for a validated issue).
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// The numeric value of position `p` (the option index for discrete issues).
    pub fn value(&self, p: Pos) -> f64 {
        let p = f64::from(p.get());
        match self.kind {
            IssueKind::Discrete => p,
            IssueKind::Continuous { min, step } => ((min + p * step) * 1e9).round() / 1e9,
        }
    }
}

/// A named bundle of issues.
#[derive(Clone, Debug)]
pub struct Agreement {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Its issues.
    pub issues: Vec<IssueIx>,
    /// Agreements that must be reached before this one opens (phases).
    pub after: Vec<usize>,
    /// Its `source` and `note`.
    pub cite: Citation,
}

/// A per-turn payoff to actors (cost of war, aid, a side payment).
#[derive(Clone, Debug)]
pub struct Flow {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Receiving actors.
    pub to: Vec<ActorIx>,
    /// Dimension.
    pub dim: usize,
    /// Amount per turn.
    pub value: Expr,
    /// Only while this holds.
    pub when: Option<Expr>,
    /// Who pays, and in which of its dimensions (a side payment).
    pub payer: Option<(ActorIx, usize)>,
    /// Whether active at turn 0.
    pub enabled: bool,
    /// Its `source` and `note`.
    pub cite: Citation,
}

/// When an event fires.
#[derive(Clone, Debug)]
pub enum Trigger {
    /// At the start of this turn.
    At(u32),
    /// Each turn in `from..=until` with this probability (while `when` holds).
    Hazard {
        /// Per-turn probability (may read state).
        probability: Expr,
        /// First turn.
        from: u32,
        /// Last turn.
        until: u32,
        /// Gate.
        when: Option<Expr>,
    },
    /// As soon as the condition holds.
    When(Expr),
}

/// An exogenous event.
#[derive(Clone, Debug)]
pub struct Event {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Trigger.
    pub trigger: Trigger,
    /// The date the scenario gives a scheduled event (`date = …`), which may fall inside its turn:
    /// reports show it rather than the turn's first day. `None` for events scheduled by `turn`,
    /// hazards and conditional events.
    pub date: Option<crate::time::Date>,
    /// Fires at most once.
    pub once: bool,
    /// Whether armed at turn 0.
    pub enabled: bool,
    /// Whether actors anticipate the event in their valuations before it happens (`foreseen`;
    /// default: true for hazards, false for dated events; conditional events are anticipated
    /// structurally and are always false here). Read by the decision model (docs/model.md).
    pub foreseen: bool,
    /// What it does.
    pub effects: Vec<Effect>,
    /// Its `source` and `note`.
    pub cite: Citation,
}

/// An outside option: instead of answering at one of its moves in the talks on an issue of the
/// agreement, its holder may walk away. The run then ends as a breakdown (open issues pay nothing),
/// the holder receives `value` and the others `others`. Read by the decision model (docs/model.md).
#[derive(Clone, Debug)]
pub struct OutsideOption {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Who may take it: the lead of a party on at least one issue of the agreement.
    pub actor: ActorIx,
    /// The agreement whose talks it walks away from; `None` for every agreement.
    pub agreement: Option<usize>,
    /// The holder's lump payoff on taking it, per dimension (weighted by the holder's weights, like
    /// an action's cost, but a gain).
    pub value: Vec<(usize, Expr)>,
    /// What the others get when it is taken.
    pub others: Vec<Term>,
    /// Only while this holds.
    pub requires: Option<Expr>,
    /// Its `source` and `note`.
    pub cite: Citation,
}

/// What an action is, for reports and for validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    /// Military pressure.
    Pressure,
    /// A threat, effective with its credibility.
    Threat,
    /// A side payment or linkage offer.
    SidePayment,
    /// An irreversible unilateral act.
    Unilateral,
    /// Suspend talks.
    Suspend,
    /// Resume talks.
    Resume,
    /// Anything else.
    Other,
}

impl ActionKind {
    /// The keyword used in scenarios.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Pressure => "pressure",
            ActionKind::Threat => "threat",
            ActionKind::SidePayment => "side_payment",
            ActionKind::Unilateral => "unilateral",
            ActionKind::Suspend => "suspend",
            ActionKind::Resume => "resume",
            ActionKind::Other => "other",
        }
    }
}

/// A move besides negotiating: pressure, threats, side payments, unilateral acts, suspending talks.
#[derive(Clone, Debug)]
pub struct Action {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Kind.
    pub kind: ActionKind,
    /// Who may take it.
    pub actor: ActorIx,
    /// The track it is chosen on (`""`: the main one). Each turn an actor chooses at most one
    /// action per track.
    pub track: String,
    /// At most once per run.
    pub once: bool,
    /// Whether available at turn 0.
    pub enabled: bool,
    /// Only while this holds.
    pub requires: Option<Expr>,
    /// One-time cost to the actor: (dimension, amount).
    pub cost: Vec<(usize, f64)>,
    /// Probability its effects take hold.
    pub credibility: f64,
    /// What it does.
    pub effects: Vec<Effect>,
    /// Its `source` and `note`.
    pub cite: Citation,
}

/// Random noise added to an effect's value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Noise {
    /// None.
    None,
    /// Normal with this standard deviation.
    Normal(f64),
    /// Uniform on [low, high].
    Uniform(f64, f64),
}

impl Noise {
    /// The mean of the noise.
    pub fn mean(self) -> f64 {
        match self {
            Noise::Uniform(a, b) => (a + b) / 2.0,
            _ => 0.0,
        }
    }
}

/// An actor parameter an effect can set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// δ.
    Discount,
    /// λ.
    Lambda,
}

/// Something an effect can switch on or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// An action.
    Action(usize),
    /// A flow.
    Flow(usize),
    /// An event.
    Event(usize),
}

/// A change to the world, made by an event or an action.
#[derive(Clone, Debug)]
pub enum Effect {
    /// state += value (+ noise).
    AddState {
        /// State index.
        state: usize,
        /// Amount.
        value: Expr,
        /// Noise.
        noise: Noise,
    },
    /// state = value (+ noise).
    SetState {
        /// State index.
        state: usize,
        /// Value.
        value: Expr,
        /// Noise.
        noise: Noise,
    },
    /// An actor's weight on a dimension becomes `value`.
    SetWeight {
        /// Actor.
        actor: ActorIx,
        /// Dimension.
        dim: usize,
        /// New weight.
        value: f64,
    },
    /// An actor's weight on a dimension is multiplied by `factor`.
    ScaleWeight {
        /// Actor.
        actor: ActorIx,
        /// Dimension.
        dim: usize,
        /// Factor.
        factor: f64,
    },
    /// An actor parameter becomes `value`.
    SetParam {
        /// Actor.
        actor: ActorIx,
        /// Which.
        param: Param,
        /// New value.
        value: f64,
    },
    /// Switch on.
    Enable(Target),
    /// Switch off.
    Disable(Target),
    /// Put an issue on the table.
    OpenIssue(IssueIx),
    /// Take an issue off the table.
    CloseIssue(IssueIx),
    /// Give an actor a veto over a party's acceptance.
    AddVeto {
        /// Issue.
        issue: IssueIx,
        /// Party index.
        party: PartyIx,
        /// Actor.
        actor: ActorIx,
    },
    /// Take an actor's veto away on an issue.
    RemoveVeto {
        /// Issue.
        issue: IssueIx,
        /// Actor.
        actor: ActorIx,
    },
    /// A party may no longer accept these positions.
    Forbid {
        /// Issue.
        issue: IssueIx,
        /// Party index.
        party: PartyIx,
        /// Positions.
        positions: Vec<Pos>,
    },
    /// A party may accept these positions again.
    Allow {
        /// Issue.
        issue: IssueIx,
        /// Party index.
        party: PartyIx,
        /// Positions.
        positions: Vec<Pos>,
    },
    /// An actor joins.
    Activate(ActorIx),
    /// An actor leaves: no moves, no voice, no veto.
    Deactivate(ActorIx),
    /// Talks are suspended: no issue can settle.
    SuspendTalks,
    /// Talks resume.
    ResumeTalks,
    /// The run ends now (a declared terminal condition).
    End(String),
}

/// An outcome a record or a column refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutcomeRef {
    /// `agreement.<id>`.
    Agreement(usize),
    /// `issue.<id>`.
    Issue(IssueIx),
    /// `event.<id>`.
    Event(usize),
    /// `action.<id>`.
    Action(usize),
}

/// How an observed record may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObservedUse {
    /// Fit free parameters to it.
    Calibrate,
    /// Kept out of calibration, to check the fit.
    Holdout,
    /// An input (a scheduled exogenous event), shown for reference only.
    Input,
}

/// A historical record to compare simulated outcomes with.
#[derive(Clone, Debug)]
pub struct Observed {
    /// The outcome, e.g. `agreement.armistice`.
    pub name: String,
    /// Resolved outcome.
    pub outcome: OutcomeRef,
    /// Observed turn (from the date on dated clocks).
    pub turn: i64,
    /// Observed date, if dated.
    pub date: Option<Date>,
    /// Observed option (for issues), if given.
    pub value: Option<String>,
    /// Label.
    pub label: String,
    /// Source.
    pub source: String,
    /// Certainty as given.
    pub certainty: String,
    /// Use.
    pub use_: ObservedUse,
    /// Its `source` and `note`.
    pub cite: Citation,
}

/// A free parameter: a `--set` path with the range a user may explore.
#[derive(Clone, Debug)]
pub struct Parameter {
    /// Path, e.g. `actor.PRC.discount`.
    pub path: String,
    /// Low end.
    pub low: f64,
    /// High end.
    pub high: f64,
    /// Label.
    pub label: String,
    /// Whether `calibrate` fits it.
    pub calibrate: bool,
    /// Its value in the scenario as loaded (after overrides), if the path holds a number.
    pub value: Option<f64>,
    /// Whether the scenario writes the value as an integer (sweeps then round it).
    pub integer: bool,
    /// Its `source` and `note`.
    pub cite: Citation,
}

impl Scenario {
    /// Loads a scenario by path or embedded name, with overrides, and validates it.
    pub fn load(spec: &str, overrides: &[Override]) -> Result<Scenario, ScenarioError> {
        Scenario::compiled(load::load_raw(spec, overrides)?, overrides)
    }

    /// Loads a scenario file by path — any path the OS accepts, UTF-8 or not — with overrides.
    pub fn load_file(
        path: &std::path::Path,
        overrides: &[Override],
    ) -> Result<Scenario, ScenarioError> {
        let origin = load::Origin::File(path.to_path_buf());
        Scenario::compiled(load::load_origin(origin, overrides)?, overrides)
    }

    fn compiled(
        loaded: load::LoadedRaw,
        overrides: &[Override],
    ) -> Result<Scenario, ScenarioError> {
        let mut s = compile::compile(loaded.raw, &loaded.sources, loaded.library.as_ref())?;
        s.overrides = overrides.to_vec();
        s.chain = loaded.chain;
        fill_parameter_values(&mut s, &loaded.param_values);
        Ok(s)
    }

    /// Loads a scenario from TOML text (for tests and tools), named `name` in messages.
    pub fn from_toml(name: &str, text: &str) -> Result<Scenario, ScenarioError> {
        let mut map = SourceMap::default();
        map.add(name.to_string(), text.to_string());
        let loaded = load::load_text(map)?;
        let mut s = compile::compile(loaded.raw, &loaded.sources, loaded.library.as_ref())?;
        fill_parameter_values(&mut s, &loaded.param_values);
        Ok(s)
    }

    /// Loads a scenario from in-memory file contents: `layers[0]` is the scenario and each later layer
    /// its parent, as `extends` would chain them (see [`load::load_layers`]); `overrides` apply on top.
    /// Every problem, from bytes that are not UTF-8 to references that do not resolve, comes back as a
    /// [`ScenarioError`]; nothing panics.
    pub fn from_layers(
        layers: &[(String, Vec<u8>)],
        overrides: &[Override],
    ) -> Result<Scenario, ScenarioError> {
        let loaded = load::load_layers(layers, overrides)?;
        let mut s = compile::compile(loaded.raw, &loaded.sources, loaded.library.as_ref())?;
        s.overrides = overrides.to_vec();
        s.chain = loaded.chain;
        fill_parameter_values(&mut s, &loaded.param_values);
        Ok(s)
    }

    /// Index of an actor by id.
    pub fn actor(&self, id: &str) -> Option<ActorIx> {
        self.actors
            .iter()
            .position(|a| a.id == id)
            .map(ActorIx::new)
    }

    /// Index of an issue by id.
    pub fn issue(&self, id: &str) -> Option<IssueIx> {
        self.issues
            .iter()
            .position(|a| a.id == id)
            .map(IssueIx::new)
    }

    /// Every actor's index, in order.
    pub fn actor_ixs(
        &self,
    ) -> impl DoubleEndedIterator<Item = ActorIx> + ExactSizeIterator + Clone {
        ActorIx::all(self.actors.len())
    }

    /// Every issue's index, in order.
    pub fn issue_ixs(
        &self,
    ) -> impl DoubleEndedIterator<Item = IssueIx> + ExactSizeIterator + Clone {
        IssueIx::all(self.issues.len())
    }

    /// Index of an agreement by id.
    pub fn agreement(&self, id: &str) -> Option<usize> {
        self.agreements.iter().position(|a| a.id == id)
    }

    /// Index of an event by id.
    pub fn event(&self, id: &str) -> Option<usize> {
        self.events.iter().position(|a| a.id == id)
    }

    /// Index of an action by id.
    pub fn action(&self, id: &str) -> Option<usize> {
        self.actions.iter().position(|a| a.id == id)
    }

    /// Index of a state variable by id.
    pub fn state(&self, id: &str) -> Option<usize> {
        self.states.iter().position(|a| a.id == id)
    }

    /// Resolves `agreement.X`, `issue.X`, `event.X` or `action.X`.
    pub fn outcome(&self, name: &str) -> Option<OutcomeRef> {
        let (kind, id) = name.split_once('.')?;
        match kind {
            "agreement" => self.agreement(id).map(OutcomeRef::Agreement),
            "issue" => self.issue(id).map(OutcomeRef::Issue),
            "event" => self.event(id).map(OutcomeRef::Event),
            "action" => self.action(id).map(OutcomeRef::Action),
            _ => None,
        }
    }
}

fn fill_parameter_values(s: &mut Scenario, values: &[Option<(f64, bool)>]) {
    for (p, v) in s.parameters.iter_mut().zip(values) {
        if let Some((x, int)) = v {
            p.value = Some(*x);
            p.integer = *int;
        }
    }
}
