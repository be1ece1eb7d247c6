//! The result of one run.

use serde::Serialize;

use crate::scenario::Pos;

/// Why a run ended.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// Every declared agreement was reached.
    Agreed,
    /// The horizon came first.
    Horizon,
    /// A declared terminal condition (an `end` effect) fired, with its reason.
    Terminal(String),
}

impl EndReason {
    /// The value written in `runs.csv`.
    pub fn as_str(&self) -> &str {
        match self {
            EndReason::Agreed => "agreed",
            EndReason::Horizon => "horizon",
            EndReason::Terminal(_) => "terminal",
        }
    }
}

/// Everything recorded about one run; one row of `runs.csv`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunOutcome {
    /// Run index within the batch.
    pub run: u64,
    /// The run's own seed (first 64 bits of its generator; `trace --run K` reproduces the run).
    pub seed: u64,
    /// Turns played.
    pub turns: u32,
    /// Why it ended.
    pub end_reason: EndReason,
    /// Per issue: (turn settled, position), if it settled.
    pub issues: Vec<Option<(u32, Pos)>>,
    /// Per agreement: turn reached.
    pub agreements: Vec<Option<u32>>,
    /// Per event: turn it first fired.
    pub events: Vec<Option<u32>>,
    /// Per action: turn it was first taken.
    pub actions: Vec<Option<u32>>,
    /// Per actor: realised discounted utility plus the value of the world it was left in.
    pub payoffs: Vec<f64>,
    /// Per state variable: final value.
    pub states: Vec<f64>,
    /// The value of each state variable at the end of each turn, turn after turn (`states.len()`
    /// values a turn; only when requested).
    pub path: Option<Vec<f64>>,
}
