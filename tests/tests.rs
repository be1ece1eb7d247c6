//! The integration test binary (one binary, one module per area, like ripgrep).

mod cli;
mod common;
mod determinism;
mod engine;
mod errors;
mod fuzz_regressions;
mod kill;
mod limits;
mod properties;
mod scenarios;
