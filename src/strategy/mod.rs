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
