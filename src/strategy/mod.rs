//! Strategies: how an actor chooses among its feasible moves.
//!
//! The engine computes, for every feasible move, the actor's expected discounted utility (see
//! `docs/model.md`); a strategy turns those into a choice. Each strategy lives in its own file; the
//! scenario selects one per actor with `strategy = "..."`.

pub mod logit;

/// A strategy as declared in a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum StrategySpec {
    /// Logit (quantal response) choice over expected utilities, with precision λ (the default).
    #[default]
    Logit,
    /// Never concedes, never accepts less than its opening; takes no actions.
    HardLiner,
    /// Picks uniformly among feasible moves (a baseline).
    Random,
}

/// What a rule-based strategy sees when its party moves on an issue. Utilities are the actor's
/// weighted payoff of the issue settling at each position, in the current world.
pub struct IssueView<'a> {
    /// Current turn.
    pub turn: u32,
    /// Number of turns in the horizon (the deadline).
    pub horizon: u32,
    /// This party's current position.
    pub position: u32,
    /// This party's opening position.
    pub opening: u32,
    /// The other parties' current positions.
    pub others: &'a [u32],
    /// The other parties' positions at the start of the previous turn.
    pub others_before: &'a [u32],
    /// Own utility of settling at each position.
    pub own_utility: &'a [f64],
    /// The (first) other party's lead's utility of settling at each position.
    pub other_utility: &'a [f64],
    /// Positions this party may not accept.
    pub forbidden: &'a [bool],
    /// Own discount factor.
    pub discount: f64,
    /// The (first) other party's lead's discount factor.
    pub other_discount: f64,
    /// Whether this party moves first on the issue this turn (it proposes).
    pub moves_first: bool,
}

impl StrategySpec {
    /// For rule-based strategies: the position to take (accepting = taking the others' common
    /// position). `None` means the strategy chooses by expected utility instead (logit, hard-liner,
    /// random), among stall / concede / accept.
    pub fn rule_move(&self, _view: &IssueView) -> Option<u32> {
        match self {
            StrategySpec::Logit | StrategySpec::HardLiner | StrategySpec::Random => None,
        }
    }
}

/// Strategy names accepted in scenarios.
pub const NAMES: &[&str] = &["logit", "hardliner", "random"];

impl StrategySpec {
    /// Parses a scenario's `strategy` value (`exponent` is for time-dependent strategies).
    pub fn parse(name: &str, _exponent: Option<f64>) -> Result<StrategySpec, String> {
        match name {
            "logit" => Ok(StrategySpec::Logit),
            "hardliner" | "hard_liner" => Ok(StrategySpec::HardLiner),
            "random" => Ok(StrategySpec::Random),
            _ => Err(format!("known strategies: {}", NAMES.join(", "))),
        }
    }

    /// The scenario keyword.
    pub fn name(&self) -> &'static str {
        match self {
            StrategySpec::Logit => "logit",
            StrategySpec::HardLiner => "hardliner",
            StrategySpec::Random => "random",
        }
    }
}
