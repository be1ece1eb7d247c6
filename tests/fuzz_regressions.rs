//! Replays the inputs the fuzzers (`fuzz/`, see `fuzz/README.md`) found interesting or once crashed
//! on: `tests/fuzz_regressions/scenario_loader/*` through the scenario loader, and
//! `tests/fuzz_regressions/set_paths/*` as `--set` lines on the example scenario. Each must return
//! normally (an error is fine; a panic or a stack overflow fails the test binary).

use armistice::scenario::fuzz;

use super::common::*;

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
        fuzz::scenario_loader(&bytes);
    }
}

#[test]
fn set_path_regressions_apply_without_panicking() {
    let found = inputs("tests/fuzz_regressions/set_paths");
    assert!(!found.is_empty());
    for (_, bytes) in found {
        fuzz::set_paths(&bytes);
    }
}

#[test]
fn the_seed_corpus_loads_without_panicking() {
    for (_, bytes) in inputs("tests/bad_inputs")
        .into_iter()
        .chain(inputs("scenarios/examples"))
    {
        fuzz::scenario_loader(&bytes);
    }
    // Overlays: a scenario layered over the example, as `extends` would.
    let mut overlay =
        b"[scenario]\nid = \"cf\"\n\n[[actor]]\nid = \"Patron\"\nremove = true\n\n#---\n".to_vec();
    overlay.extend_from_slice(fuzz::BASE.as_bytes());
    fuzz::scenario_loader(&overlay);
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
        fuzz::scenario_loader(&bytes);
    }
    fuzz::set_paths(format!("actor.South.discount={}", "[".repeat(100_000)).as_bytes());
    fuzz::set_paths(format!("{}=1", "a.".repeat(10_000) + "b").as_bytes());
}
