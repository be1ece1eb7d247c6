//! Entry points for fuzzing the scenario loader (`fuzz/`), shared with the regression tests that replay
//! every input the fuzzers found (`tests/fuzz_regressions/`). Each takes arbitrary bytes and must
//! return normally: errors are expected, panics, hangs and aborts are bugs.

use super::{Override, Scenario};
use crate::engine::{Model, Simulation};

/// Work budget for the smoke run after a successful load: turns × positions × actors. Keeps one fuzz
/// input fast while still running the engine on every small scenario the fuzzer builds.
const SMOKE_BUDGET: u64 = 2_000_000;

/// The example scenario the `--set` fuzzer patches.
pub const BASE: &str = include_str!("../../scenarios/examples/ceasefire_toy.toml");

/// Splits fuzz bytes at lines `#---` into at most three layers (a scenario and its parents).
fn layers(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut rest = data;
    let sep = b"\n#---\n";
    while out.len() < 2 {
        match rest.windows(sep.len()).position(|w| w == sep) {
            Some(i) => {
                out.push((format!("layer{}.toml", out.len()), rest[..i].to_vec()));
                rest = &rest[i + sep.len()..];
            }
            None => break,
        }
    }
    out.push((format!("layer{}.toml", out.len()), rest.to_vec()));
    out
}

/// Loads the layers in `data`, renders any error, and runs a small valid scenario once.
pub fn scenario_loader(data: &[u8]) {
    match Scenario::from_layers(&layers(data), &[]) {
        Ok(s) => smoke_run(s),
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// Applies each line of `data` as a `--set` argument to [`BASE`], renders any error, and runs the
/// result once if it validates.
pub fn set_paths(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut sets = Vec::new();
    for line in text.lines().take(16) {
        match Override::parse(line) {
            Ok(o) => sets.push(o),
            Err(m) => {
                let _ = m.len();
            }
        }
    }
    let base = [("ceasefire_toy.toml".to_string(), BASE.as_bytes().to_vec())];
    match Scenario::from_layers(&base, &sets) {
        Ok(s) => smoke_run(s),
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

fn smoke_run(s: Scenario) {
    let positions: u64 = s.issues.iter().map(|i| i.len() as u64).sum();
    let work = u64::from(s.clock.max_turns) * positions.max(1) * s.actors.len().max(1) as u64;
    if work > SMOKE_BUDGET {
        return;
    }
    let model = Model::new(s);
    let (o, _) = Simulation::new(&model, 7, 0).run_traced();
    assert!(
        o.turns <= model.scenario.clock.max_turns,
        "run overran its horizon"
    );
}
