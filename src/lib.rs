//! armistice: seeded, turn-based simulation of multi-party negotiations under fire.
//!
//! Pipeline: [`scenario::Scenario`] (validated TOML) → [`engine::Model`] → [`engine::Simulation`] (one
//! run) → [`outcome::RunOutcome`] → [`outcome::Summary`] (mergeable, over many runs) → export and charts.
//! The engine is generic: every actor, issue, event and payoff name comes from the scenario file.
//!
//! Many runs go through one runner, [`batch`] (parallel, deterministic, cancellable, within a memory
//! budget); [`analysis`] computes statistics over them; [`commands`] are the subcommands as library
//! functions, which the binary's `cli` only translates arguments for. `ARCHITECTURE.md` at the
//! repository root says what goes where.

pub mod analysis;
pub mod batch;
pub mod chart;
pub mod commands;
pub mod engine;
pub mod error;
pub mod explorer;
pub mod export;
pub mod expr;
pub mod format;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzz;
pub mod math;
pub mod outcome;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod strategy;
pub mod time;

pub use engine::{Model, Simulation};
pub use error::{Error, Result};
pub use scenario::Scenario;
