//! armistice: seeded, turn-based simulation of multi-party negotiations under fire.
//!
//! Pipeline: [`scenario::Scenario`] (validated TOML) → [`engine::Model`] → [`engine::Simulation`] (one
//! run) → [`outcome::RunOutcome`] → [`outcome::Summary`] (mergeable, over many runs) → export and charts.
//! The engine is generic: every actor, issue, event and payoff name comes from the scenario file.

pub mod analysis;
pub mod app;
pub mod batch;
pub mod calibrate;
pub mod chart;
pub mod engine;
pub mod error;
pub mod export;
pub mod expr;
pub mod fidelity;
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
pub mod tournament;

pub use engine::{Model, Simulation};
pub use error::{Error, Result};
pub use scenario::Scenario;
