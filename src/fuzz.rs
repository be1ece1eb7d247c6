//! Entry points for fuzzing the scenario loader (`fuzz/`), shared with the tests below that replay
//! every input the fuzzers found (`tests/fuzz_regressions/`). Each takes arbitrary bytes and must
//! return normally: errors are expected, panics, hangs and aborts are bugs.
//!
//! Compiled only with the `fuzzing` feature (the `fuzz/` crate turns it on) and in the library's own
//! tests: it runs the engine on what the loader accepts and patches the example scenario, neither of
//! which the library proper needs.

use crate::engine::{Model, Simulation};
use crate::scenario::{Override, Scenario};

/// Work budget for the smoke run after a successful load: turns × positions × actors. Keeps one fuzz
/// input fast while still running the engine on every small scenario the fuzzer builds.
const SMOKE_BUDGET: u64 = 2_000_000;

/// The example scenario the `--set` fuzzer patches.
pub const BASE: &str = include_str!("../scenarios/examples/ceasefire_toy.toml");

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

#[cfg(test)]
mod tests {
    //! Replays the inputs the fuzzers found interesting or once crashed on:
    //! `tests/fuzz_regressions/scenario_loader/*` through the scenario loader, and
    //! `tests/fuzz_regressions/set_paths/*` as `--set` lines on the example scenario. Each must
    //! return normally (an error is fine; a panic or a stack overflow fails the test binary).

    use super::*;

    fn repo(p: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
    }

    fn inputs(dir: &str) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(repo(dir))
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn scenario_loader_regressions_load_without_panicking() {
        let found = inputs("tests/fuzz_regressions/scenario_loader");
        assert!(!found.is_empty());
        for (_, bytes) in found {
            scenario_loader(&bytes);
        }
    }

    #[test]
    fn set_path_regressions_apply_without_panicking() {
        let found = inputs("tests/fuzz_regressions/set_paths");
        assert!(!found.is_empty());
        for (_, bytes) in found {
            set_paths(&bytes);
        }
    }

    #[test]
    fn the_seed_corpus_loads_without_panicking() {
        for (_, bytes) in inputs("tests/bad_inputs")
            .into_iter()
            .chain(inputs("scenarios/examples"))
        {
            scenario_loader(&bytes);
        }
        // Overlays: a scenario layered over the example, as `extends` would.
        let mut overlay =
            b"[scenario]\nid = \"cf\"\n\n[[actor]]\nid = \"Patron\"\nremove = true\n\n#---\n"
                .to_vec();
        overlay.extend_from_slice(BASE.as_bytes());
        scenario_loader(&overlay);
    }

    #[test]
    fn the_seed_with_the_new_keys_is_valid_in_memory() {
        // The fuzzer starts from it: it must reach the end of validation (citations resolved
        // through the embedded bibliography) and the smoke run.
        let bytes =
            std::fs::read(repo("tests/fuzz_regressions/scenario_loader/new_keys.toml")).unwrap();
        let s = Scenario::from_layers(&[("new_keys.toml".into(), bytes)], &[])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.outside_options.len(), 1);
        assert!(!s.bibliography.works.is_empty());
        smoke_run(s);
    }

    #[test]
    fn generated_hostile_inputs_load_without_panicking() {
        let deep = |open: &str, close: &str, n: usize| {
            format!("x = {}1{}", open.repeat(n), close.repeat(n)).into_bytes()
        };
        for bytes in [
            deep("[", "]", 200_000),
            deep("{ a = ", " }", 100_000),
            format!("[{}]\n", "a.".repeat(50_000) + "b").into_bytes(),
            vec![0xff; 1000],
            vec![b'['; 100_000],
            "[scenario]\nid = \"x\"\nhorizon = 1\n"
                .repeat(10_000)
                .into_bytes(),
        ] {
            scenario_loader(&bytes);
        }
        set_paths(format!("actor.South.discount={}", "[".repeat(100_000)).as_bytes());
        set_paths(format!("{}=1", "a.".repeat(10_000) + "b").as_bytes());
    }
}
