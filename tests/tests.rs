//! The integration test binary (one binary, one module per area, like ripgrep).

mod analysis;
mod cli;
mod common;
mod determinism;
mod engine;
mod errors;
mod korea;
mod nfg;
mod scenarios;
mod theory;
