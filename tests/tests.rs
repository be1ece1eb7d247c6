//! The integration test binary (one binary, one module per area, like ripgrep).
// Reference values in tests may use the platform math library: they are compared with tolerances,
// not written to outputs (the crate itself goes through `armistice::math`, see clippy.toml).
#![allow(clippy::disallowed_methods)]

mod analysis;
mod browser;
mod cli;
mod common;
mod determinism;
mod documents;
mod engine;
mod errors;
mod explorer;
mod kill;
mod korea;
mod limits;
mod nfg;
mod peers;
mod properties;
// The synthetic stalemates of benches/scaling/ (also the criterion group `issue_scaling`).
mod report;
#[path = "../benches/scaling/scenario.rs"]
mod scaling_scenario;
mod scenarios;
mod statics;
mod sweep;
mod theory;
mod validation;
