//! Every shipped scenario loads, validates and runs.

use armistice::Scenario;
use armistice::engine::{Model, Simulation};
use armistice::scenario::embedded;

use super::common::*;

fn toml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "data") {
                toml_files(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

#[test]
fn every_file_in_scenarios_validates_and_runs() {
    let mut files = Vec::new();
    toml_files(&repo("scenarios"), &mut files);
    assert!(!files.is_empty());
    for f in files {
        let s = Scenario::load(f.to_str().unwrap(), &[])
            .unwrap_or_else(|e| panic!("{}:\n{e}", f.display()));
        let m = Model::new(s);
        let o = Simulation::new(&m, 0, 0).run();
        assert!(o.turns >= 1);
    }
}

#[test]
fn every_embedded_scenario_loads_and_matches_its_file() {
    for e in embedded::ALL {
        Scenario::load(e.name, &[]).unwrap_or_else(|err| panic!("{}:\n{err}", e.name));
        let on_disk = std::fs::read_to_string(repo(e.path)).unwrap();
        assert_eq!(on_disk, e.text, "{} is stale", e.path);
    }
}

#[test]
fn a_restarted_simulation_plays_exactly_what_a_fresh_one_does() {
    // The batch runner plays a block's runs on one simulation, restarted for each: nothing of one
    // run may leak into the next. Runs are played out of order, with paths recorded, on every
    // shipped scenario (rule-based and logit strategies, events, actions, vetoes).
    let mut files = Vec::new();
    toml_files(&repo("scenarios"), &mut files);
    for f in files {
        let m = Model::new(Scenario::load(f.to_str().unwrap(), &[]).unwrap());
        let mut sim = Simulation::new(&m, 5, 0).with_path();
        for r in [3, 0, 7, 1, 3, 12] {
            sim.restart(5, r);
            let reused = sim.play();
            let fresh = Simulation::new(&m, 5, r).with_path().run();
            assert_eq!(reused, fresh, "{} run {r}", f.display());
        }
    }
}

#[test]
fn the_korean_scenarios_cite_the_bibliography_that_travels_with_them() {
    for name in ["korea_1951", "korea_1950", "stalin_lives"] {
        let s = Scenario::load(name, &[]).unwrap();
        assert!(
            s.bibliography.file.ends_with("scenarios/data/sources.toml"),
            "{name}: {}",
            s.bibliography.file
        );
        // Every part with a source cites at least one work or record, and every record rests on works.
        for c in s.citations() {
            if !c.cite.source.trim().is_empty() {
                assert!(
                    !c.cite.keys.is_empty(),
                    "{name}: {} {} cites nothing",
                    c.kind,
                    c.id
                );
            }
        }
        let works = s.cited_works();
        assert!(works.len() > 20, "{name}: only {} works cited", works.len());
        for coll in &s.bibliography.collections {
            for r in &coll.records {
                assert!(
                    r.sources.iter().all(|c| !c.keys.is_empty()),
                    "{}:{}",
                    coll.prefix,
                    r.id
                );
            }
        }
    }
}

#[test]
fn nothing_in_the_repository_points_outside_it() {
    // Sources, briefs and style notes are copied into the repository with their citation; a path
    // into the workspace around it would break for anyone who clones the repository alone.
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if p.is_dir() {
                if !["target", ".git", "corpus", "artifacts"].contains(&name.as_str()) {
                    walk(&p, out);
                }
            } else if ["md", "toml", "rs", "txt", "sh", "py"]
                .iter()
                .any(|x| name.ends_with(&format!(".{x}")))
            {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&repo("."), &mut files);
    let outside = [
        "shared/history",
        "shared/seeds",
        "shared/MODEL",
        "shared/STYLE",
        "../shared",
    ];
    for f in files {
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
        if f.ends_with("tests/scenarios.rs") {
            continue;
        }
        for o in outside {
            assert!(!text.contains(o), "{} refers to `{o}`", f.display());
        }
    }
}
