//! `tournament.json`: every assignment of strategies to a scenario's negotiating actors, with mean
//! payoffs, agreement rates and times, and each strategy's record. Built by
//! [`crate::tournament`]. Keys and meanings: `docs/strategies.md`.

use serde::{Deserialize, Serialize};

/// `tournament.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TournamentDoc {
    /// Scenario id.
    pub scenario: String,
    /// The actors whose strategies vary (seats), by id.
    pub seats: Vec<String>,
    /// The strategies, by label.
    pub strategies: Vec<String>,
    /// Master seed.
    pub seed: u64,
    /// Runs per assignment.
    pub runs: u64,
    /// One row per assignment, the first seat's strategy varying slowest.
    pub rows: Vec<TournamentRowDoc>,
    /// One score per strategy, in the order given.
    pub scores: Vec<ScoreDoc>,
}

/// One assignment of strategies to seats, with its results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TournamentRowDoc {
    /// The strategy of each seat, in seat order.
    pub strategies: Vec<String>,
    /// Runs played.
    pub runs: u64,
    /// Mean realised utility of each seat's actor.
    pub mean_utility: Vec<f64>,
    /// Mean payoff of each seat's actor (realised utility plus the value of the world left).
    pub mean_payoff: Vec<f64>,
    /// Share of runs in which every agreement was reached.
    pub agreement_rate: f64,
    /// Mean turn at which the last agreement was reached, over runs that reached them all.
    pub mean_agreement_turn: Option<f64>,
}

/// A strategy's record over every seat it filled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreDoc {
    /// The strategy's label.
    pub strategy: String,
    /// Seats it filled (assignments × seats).
    pub seats: u64,
    /// Mean realised utility over those seats' runs.
    pub mean_utility: f64,
    /// Mean payoff over those seats' runs.
    pub mean_payoff: f64,
    /// Share of those runs that reached every agreement.
    pub agreement_rate: f64,
    /// Mean agreement turn over those runs that reached every agreement.
    pub mean_agreement_turn: Option<f64>,
}
