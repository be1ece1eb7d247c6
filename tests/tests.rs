//! The integration test binary (one binary, one module per area, like ripgrep).

mod analysis;
mod browser;
mod cli;
mod common;
mod determinism;
mod engine;
mod errors;
mod fuzz_regressions;
mod kill;
mod korea;
mod limits;
mod nfg;
mod properties;
mod report;
mod scenarios;
mod theory;
