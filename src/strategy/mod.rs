//! Strategies: how an actor chooses among its feasible moves.
//!
//! Two families share one scenario keyword (`strategy = "..."` on an actor, see `docs/strategies.md`):
//!
//! - **Expected-utility choosers** ([`logit`], [`hardliner`], [`random`]): the engine computes, for
//!   every feasible move (stall, concede one step, accept), the actor's expected discounted utility
//!   (see `docs/model.md`); the strategy turns those into choice probabilities.
//! - **Rule-based strategies** ([`time_dependent`], [`tit_for_tat`], [`spe`]): given an [`IssueView`]
//!   of one issue, they return the position to take; taking the others' common position accepts it.
//! - **Package-level strategies** ([`aspiration`]): rule-based too, but over every open issue of an
//!   agreement at once ([`package`]: the package space and its search); the engine moves them on
//!   whole packages.
//!
//! Each strategy lives in its own file, with its source.

pub mod aspiration;
pub mod hardliner;
pub mod logit;
pub mod package;
pub mod random;
pub mod spe;
pub mod time_dependent;
pub mod tit_for_tat;

use crate::scenario::Pos;

/// A strategy as declared in a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum StrategySpec {
    /// Logit (quantal response) choice over expected utilities, with precision λ (the default).
    #[default]
    Logit,
    /// Time-dependent concession (Faratin, Sierra & Jennings 1998) with exponent β: β < 1 Boulware,
    /// β = 1 linear, β > 1 Conceder.
    TimeDependent {
        /// The concession exponent β > 0.
        beta: f64,
    },
    /// Behaviour-dependent tit-for-tat (Faratin, Sierra & Jennings 1998): reproduces the other side's
    /// last concession, as a proportion of its utility (`relative`) or as an amount (absolute).
    TitForTat {
        /// Relative (proportional) rather than absolute imitation.
        relative: bool,
    },
    /// Package-level time-dependent concession, NegMAS's `AspirationNegotiator`: aspiration
    /// 1 − τ^(1/β) over whole packages (every open issue of an agreement), accepting any package worth
    /// at least it, offering the one worth the least at or above it ([`aspiration`]).
    Aspiration {
        /// The concession exponent β > 0 (NegMAS's aspiration exponent is 1/β).
        beta: f64,
        /// How far below the aspiration it still accepts and offers, as a share of its range of
        /// package utilities (NegMAS's `tolerance`).
        tolerance: f64,
    },
    /// Subgame-perfect play: best responses in the solved game the engine plays (its logit
    /// equilibrium as λ → ∞), which on one issue with discounting is Rubinstein's (1982) split.
    SubgamePerfect,
    /// Never concedes, never accepts less than its opening; takes no actions.
    HardLiner,
    /// Picks uniformly among feasible moves (a baseline).
    Random,
}

/// What a rule-based strategy sees when its party moves on an issue. Utilities are the actor's
/// weighted payoff of the issue settling at each position, in the current world, rescaled with
/// [`normalise`] to [0, 1] on the issue (the engine keeps them rescaled, so a move allocates nothing).
pub struct IssueView<'a> {
    /// Current turn (0-based).
    pub turn: u32,
    /// Number of turns in the horizon (the deadline): the last turn is `horizon - 1`.
    pub horizon: u32,
    /// This party's current position.
    pub position: Pos,
    /// This party's opening position.
    pub opening: Pos,
    /// The other parties' current positions.
    pub others: &'a [Pos],
    /// The other parties' positions when this party last moved on the issue (their openings before
    /// its first move), so that a strategy can see what the others conceded since.
    pub others_before: &'a [Pos],
    /// Own utility of settling at each position, normalised ([`normalise`]).
    pub own_utility: &'a [f64],
    /// The (first) other party's lead's utility of settling at each position, normalised.
    pub other_utility: &'a [f64],
    /// Own value of settling at each position less the value of the issue never settling (its
    /// disagreement value, from the decision model: flows of going on, the rest of the talks,
    /// anticipated events): the surplus a settlement gives. Negative entries are worse than no deal.
    pub own_surplus: &'a [f64],
    /// The same for the (first) other party's lead.
    pub other_surplus: &'a [f64],
    /// Own outside option (walking away), as surplus over no deal, if this party's lead holds one.
    pub own_outside: Option<f64>,
    /// The other party's lead's outside option, as surplus over no deal.
    pub other_outside: Option<f64>,
    /// Probability per turn that the run leaves this world before the next offer (a breakdown or
    /// another anticipated event): it acts like discounting (Binmore, Rubinstein & Wolinsky 1986).
    pub breakdown: f64,
    /// Positions this party may not accept: forbidden by an outside constraint, or worth less to it
    /// than no deal on the issue (no strategy accepts a deal worse than disagreement).
    pub forbidden: &'a [bool],
    /// Own discount factor.
    pub discount: f64,
    /// The (first) other party's lead's discount factor.
    pub other_discount: f64,
    /// Whether this party moves first on the issue this turn (it proposes).
    pub moves_first: bool,
    /// The time-dependent target u*(τ) for this turn when the engine has tabulated it (it is the
    /// same on every issue of a turn); `None` computes it.
    pub aspiration: Option<f64>,
}

/// Tolerance for comparing normalised utilities (they lie in [0, 1]).
pub(crate) const EPS: f64 = 1e-9;

impl IssueView<'_> {
    /// The others' common position, if they all stand at one (the offer this party can accept).
    pub fn offer(&self) -> Option<Pos> {
        let first = *self.others.first()?;
        self.others.iter().all(|&p| p == first).then_some(first)
    }

    /// Whether this party may take position `p`.
    pub fn allowed(&self, p: Pos) -> bool {
        !self.forbidden.get(p.ix()).copied().unwrap_or(true)
    }
}

/// Utilities rescaled to [0, 1] on the issue: 0 at the actor's worst settlement, 1 at its best.
/// Rule-based strategies reason on this scale so that their parameters mean the same on every issue
/// (an indifferent actor gets 1 everywhere).
pub fn normalise(u: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; u.len()];
    normalise_into(u, &mut out);
    out
}

/// [`normalise`] into a slice of the same length.
pub fn normalise_into(u: &[f64], out: &mut [f64]) {
    let (lo, hi) = u
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &x| {
            (l.min(x), h.max(x))
        });
    let range = hi - lo;
    if range.is_nan() || range <= 1e-12 || !range.is_finite() {
        out.fill(1.0);
        return;
    }
    for (o, &x) in out.iter_mut().zip(u) {
        *o = (x - lo) / range;
    }
}

/// The allowed position whose own utility is the lowest at or above `level`, breaking ties by the
/// other side's utility (the concession that gives the other side most). `None` if there is none.
pub fn cheapest_at_least(view: &IssueView, own: &[f64], other: &[f64], level: f64) -> Option<Pos> {
    // The best so far and its own utility.
    let mut best: Option<(usize, f64)> = None;
    let bar = level - EPS;
    // Positions past the end of `forbidden` are not allowed (`IssueView::allowed`): zip stops there.
    for (p, (&u, &forbidden)) in own.iter().zip(view.forbidden).enumerate() {
        if forbidden || u < bar {
            continue;
        }
        best = match best {
            None => Some((p, u)),
            Some((_, bu)) if u < bu - EPS => Some((p, u)),
            Some((b, bu)) if (u - bu).abs() <= EPS && other[p] > other[b] + EPS => Some((p, u)),
            keep => keep,
        };
    }
    best.map(|(p, _)| Pos::new(p))
}

impl StrategySpec {
    /// For rule-based strategies: the position to take (accepting = taking the others' common
    /// position). `None` means the strategy chooses by expected utility instead (logit, hard-liner,
    /// random), among stall / concede / accept.
    pub fn rule_move(&self, view: &IssueView) -> Option<Pos> {
        match self {
            StrategySpec::Logit
            | StrategySpec::HardLiner
            | StrategySpec::Random
            | StrategySpec::SubgamePerfect => None,
            StrategySpec::TimeDependent { beta } => Some(time_dependent::decide(view, *beta)),
            StrategySpec::TitForTat { relative } => Some(tit_for_tat::decide(view, *relative)),
            StrategySpec::Aspiration { beta, tolerance } => {
                Some(aspiration::decide(view, *beta, *tolerance))
            }
        }
    }

    /// Whether the strategy picks positions by rule ([`StrategySpec::rule_move`]) rather than by
    /// expected utility.
    pub fn is_rule_based(&self) -> bool {
        !matches!(
            self,
            StrategySpec::Logit
                | StrategySpec::HardLiner
                | StrategySpec::Random
                | StrategySpec::SubgamePerfect
        )
    }

    /// Whether the strategy moves on whole packages (every open issue of an agreement it negotiates
    /// at once) rather than issue by issue.
    pub fn is_package(&self) -> bool {
        matches!(self, StrategySpec::Aspiration { .. })
    }
}

/// Strategy names accepted in scenarios.
pub const NAMES: &[&str] = &[
    "logit",
    "boulware",
    "linear",
    "conceder",
    "time_dependent",
    "tit_for_tat",
    "tit_for_tat_absolute",
    "aspiration",
    "spe",
    "hardliner",
    "random",
];

/// Default Boulware exponent: β = 1/4, i.e. NegMAS's `boulware` aspiration 1 − t⁴.
pub const BOULWARE_BETA: f64 = 0.25;
/// Default Conceder exponent: β = 4, i.e. NegMAS's `conceder` aspiration 1 − t^(1/4).
pub const CONCEDER_BETA: f64 = 4.0;

/// Whether `exponent` applies to the strategy `name`.
fn takes_exponent(name: &str) -> bool {
    matches!(
        name,
        "boulware" | "linear" | "conceder" | "time_dependent" | "aspiration"
    )
}

impl StrategySpec {
    /// Parses a scenario's `strategy` value; `exponent` is the concession exponent β (only for
    /// `boulware`, `linear`, `conceder`, `time_dependent` and `aspiration`). The error is a hint
    /// for the user.
    pub fn parse(name: &str, exponent: Option<f64>) -> Result<StrategySpec, String> {
        StrategySpec::parse_with(name, exponent, None)
    }

    /// [`StrategySpec::parse`] with the `tolerance` of `aspiration` (0 ≤ tolerance < 1; default
    /// NegMAS's 0.001).
    pub fn parse_with(
        name: &str,
        exponent: Option<f64>,
        tolerance: Option<f64>,
    ) -> Result<StrategySpec, String> {
        if exponent.is_some() && !takes_exponent(name) {
            return Err(format!(
                "`exponent` only applies to time-dependent strategies (boulware, linear, conceder, time_dependent, aspiration), not `{name}`"
            ));
        }
        if tolerance.is_some() && name != "aspiration" {
            return Err(format!(
                "`tolerance` only applies to the `aspiration` strategy, not `{name}`"
            ));
        }
        match name {
            "aspiration" => {
                let beta = match exponent.unwrap_or(BOULWARE_BETA) {
                    b if b > 0.0 && b.is_finite() => b,
                    b => return Err(format!("the exponent β must be > 0 (got {b})")),
                };
                match tolerance.unwrap_or(aspiration::DEFAULT_TOLERANCE) {
                    t if (0.0..1.0).contains(&t) => Ok(StrategySpec::Aspiration { beta, tolerance: t }),
                    t => Err(format!(
                        "the tolerance is a share of the actor's range of package utilities, at least 0 and below 1 (got {t}); NegMAS's default is 0.001"
                    )),
                }
            }
            "logit" => Ok(StrategySpec::Logit),
            "hardliner" | "hard_liner" => Ok(StrategySpec::HardLiner),
            "random" => Ok(StrategySpec::Random),
            "boulware" => match exponent.unwrap_or(BOULWARE_BETA) {
                b if b > 0.0 && b < 1.0 => Ok(StrategySpec::TimeDependent { beta: b }),
                b => Err(format!(
                    "a Boulware exponent is below 1 (got {b}); use `conceder` for β > 1, or `time_dependent` with any β > 0"
                )),
            },
            "linear" => match exponent {
                None | Some(1.0) => Ok(StrategySpec::TimeDependent { beta: 1.0 }),
                Some(b) => Err(format!(
                    "`linear` means β = 1 (got exponent {b}); use `time_dependent` with `exponent = {b}`"
                )),
            },
            "conceder" => match exponent.unwrap_or(CONCEDER_BETA) {
                b if b > 1.0 && b.is_finite() => Ok(StrategySpec::TimeDependent { beta: b }),
                b => Err(format!(
                    "a Conceder exponent is above 1 (got {b}); use `boulware` for β < 1, or `time_dependent` with any β > 0"
                )),
            },
            "time_dependent" => match exponent {
                Some(b) if b > 0.0 && b.is_finite() => Ok(StrategySpec::TimeDependent { beta: b }),
                Some(b) => Err(format!("the exponent β must be > 0 (got {b})")),
                None => Err(
                    "`time_dependent` needs `exponent = β` (β < 1 Boulware, 1 linear, > 1 Conceder)"
                        .into(),
                ),
            },
            "tit_for_tat" | "tit_for_tat_relative" => {
                Ok(StrategySpec::TitForTat { relative: true })
            }
            "tit_for_tat_absolute" => Ok(StrategySpec::TitForTat { relative: false }),
            "spe" | "subgame_perfect" => Ok(StrategySpec::SubgamePerfect),
            _ => Err(format!("known strategies: {}", NAMES.join(", "))),
        }
    }

    /// The scenario keyword (time-dependent strategies are named by their family).
    pub fn name(&self) -> &'static str {
        match self {
            StrategySpec::Logit => "logit",
            StrategySpec::TimeDependent { beta } if *beta < 1.0 => "boulware",
            StrategySpec::TimeDependent { beta } if *beta == 1.0 => "linear",
            StrategySpec::TimeDependent { .. } => "conceder",
            StrategySpec::TitForTat { relative: true } => "tit_for_tat",
            StrategySpec::TitForTat { relative: false } => "tit_for_tat_absolute",
            StrategySpec::Aspiration { .. } => "aspiration",
            StrategySpec::SubgamePerfect => "spe",
            StrategySpec::HardLiner => "hardliner",
            StrategySpec::Random => "random",
        }
    }

    /// A label that identifies the strategy with its parameters, e.g. `boulware:0.25`, or
    /// `aspiration:0.25:0.01` (exponent, then tolerance when not the default); it parses back with
    /// [`StrategySpec::parse_label`].
    pub fn label(&self) -> String {
        match self {
            StrategySpec::TimeDependent { beta } if *beta != 1.0 => {
                format!("{}:{beta}", self.name())
            }
            StrategySpec::Aspiration { beta, tolerance }
                if *tolerance != aspiration::DEFAULT_TOLERANCE =>
            {
                format!("aspiration:{beta}:{tolerance}")
            }
            StrategySpec::Aspiration { beta, .. } => format!("aspiration:{beta}"),
            _ => self.name().to_string(),
        }
    }

    /// Parses `NAME`, `NAME:EXPONENT` (e.g. `boulware:0.1`) or, for `aspiration`,
    /// `aspiration:EXPONENT:TOLERANCE`, as given to `--strategies`.
    pub fn parse_label(label: &str) -> Result<StrategySpec, String> {
        let label = label.trim();
        let mut parts = label.split(':').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let number = |what: &str, text: Option<&str>| -> Result<Option<f64>, String> {
            text.map(|e| {
                e.parse().map_err(|_| {
                    format!("`{label}`: the {what} after `:` must be a number, e.g. boulware:0.2 or aspiration:0.25:0.001")
                })
            })
            .transpose()
        };
        let exponent = number("exponent", parts.next())?;
        let tolerance = number("tolerance", parts.next())?;
        if parts.next().is_some() {
            return Err(format!(
                "`{label}`: at most two numbers follow a strategy's name (aspiration:EXPONENT:TOLERANCE)"
            ));
        }
        StrategySpec::parse_with(name, exponent, tolerance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_round_trip() {
        for n in NAMES.iter().filter(|n| **n != "time_dependent") {
            let s = StrategySpec::parse(n, None).unwrap();
            assert_eq!(StrategySpec::parse_label(&s.label()).unwrap(), s, "{n}");
        }
        assert_eq!(
            StrategySpec::parse("time_dependent", Some(0.5)).unwrap(),
            StrategySpec::TimeDependent { beta: 0.5 }
        );
        assert_eq!(
            StrategySpec::parse_label("conceder:2").unwrap(),
            StrategySpec::TimeDependent { beta: 2.0 }
        );
        assert!(StrategySpec::parse("boulware", Some(2.0)).is_err());
        assert!(StrategySpec::parse("conceder", Some(0.5)).is_err());
        assert!(StrategySpec::parse("linear", Some(0.5)).is_err());
        assert!(StrategySpec::parse("time_dependent", None).is_err());
        assert!(StrategySpec::parse("logit", Some(1.0)).is_err());
        assert!(StrategySpec::parse("bogus", None).is_err());
        assert_eq!(
            StrategySpec::parse("aspiration", None).unwrap(),
            StrategySpec::Aspiration {
                beta: 0.25,
                tolerance: 0.001
            }
        );
        let a = StrategySpec::parse_with("aspiration", Some(1.0), Some(0.0)).unwrap();
        assert_eq!(a.label(), "aspiration:1:0");
        assert_eq!(StrategySpec::parse_label(&a.label()).unwrap(), a);
        assert!(StrategySpec::parse_with("aspiration", None, Some(1.0)).is_err());
        assert!(StrategySpec::parse_with("boulware", None, Some(0.1)).is_err());
        assert!(StrategySpec::parse_label("aspiration:0.2:0.1:3").is_err());
        assert!(StrategySpec::parse_label("aspiration:x").is_err());
        assert!(a.is_rule_based() && a.is_package());
    }

    #[test]
    fn normalise_maps_worst_to_0_and_best_to_1() {
        assert_eq!(normalise(&[-2.0, 0.0, 2.0]), vec![0.0, 0.5, 1.0]);
        assert_eq!(normalise(&[3.0, 3.0]), vec![1.0, 1.0]);
    }
}
