//! Honest validation: time splits in `fidelity` and `calibrate`, proper scores (CRPS) against a
//! baseline fitted on the calibration records only, and `compare` refusing alternatives built on
//! another world.

use predicates::prelude::*;

use crate::common::{MINIMAL, TOY, armistice, repo};

/// The toy with two records: the line settled in mid-2001, the cease-fire in mid-2002.
fn two_records(dir: &std::path::Path) -> std::path::PathBuf {
    let f = dir.join("toy_two.toml");
    let toy = repo(TOY).display().to_string().replace('\\', "/");
    std::fs::write(
        &f,
        format!(
            r#"[scenario]
id = "toy_two"
extends = "{toy}"

[[observed]]
outcome = "issue.line"
date = 2001-06-01
label = "line"

[[observed]]
outcome = "agreement.ceasefire"
date = 2002-06-01
label = "cease-fire"
"#
        ),
    )
    .unwrap();
    f
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = armistice()
        .args(args)
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn uses(v: &serde_json::Value) -> Vec<(String, String)> {
    v["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["outcome"].as_str().unwrap().to_string(),
                r["use"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn fidelity_split_scores_earlier_records_as_calibration_and_later_ones_as_holdout() {
    let own = json(&["fidelity", "korea_1951", "--runs", "40", "--json"]);
    let split = json(&[
        "fidelity",
        "korea_1951",
        "--runs",
        "40",
        "--json",
        "--split",
        "1952-06-30",
    ]);
    assert_eq!(own["split"], serde_json::Value::Null);
    assert_eq!(split["split"], "1952-06-30");
    let records = split["records"].as_array().unwrap();
    for (r, (outcome, own_use)) in records.iter().zip(uses(&own)) {
        assert_eq!(r["outcome"].as_str().unwrap(), outcome);
        let date = r["observed"].as_str().unwrap();
        let want = if own_use == "input" {
            "input"
        } else if date <= "1952-06-30" {
            "calibrate"
        } else {
            "holdout"
        };
        assert_eq!(r["use"], want, "{outcome} observed {date}");
    }
    let count = |u: &str| records.iter().filter(|r| r["use"] == u).count();
    assert_eq!(split["calibrate"]["records"], count("calibrate"));
    assert_eq!(split["holdout"]["records"], count("holdout"));
    assert!(count("calibrate") >= 1 && count("holdout") >= 3, "{split}");
    // The split moved records: the groups differ from the records' own uses.
    assert_ne!(uses(&own), uses(&split));
}

#[test]
fn fidelity_json_groups_carry_crps_and_the_baselines_crps() {
    let v = json(&[
        "fidelity",
        "korea_1951",
        "--runs",
        "40",
        "--json",
        "--split",
        "1952-06-30",
    ]);
    for g in ["calibrate", "holdout", "overall"] {
        for k in ["records", "mae", "coverage", "crps", "baseline_crps"] {
            assert!(v[g].get(k).is_some(), "{g} lacks {k}: {v}");
        }
        assert!(v[g]["crps"].as_f64().unwrap() >= 0.0, "{g}");
        assert!(v[g]["baseline_crps"].as_f64().unwrap() >= 0.0, "{g}");
        let cov = v[g]["coverage"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&cov), "{g}");
    }
    let kind = v["baseline"]["kind"].as_str().unwrap();
    assert!(kind == "hazard" || kind == "gap", "{kind}");
    // Held-out records whose outcome has no calibration record are forecast by the pooled hazard
    // (or the settlement clock), and say so.
    for r in v["records"].as_array().unwrap() {
        if r["use"] == "holdout" {
            let basis = r["baseline_basis"].as_str().unwrap();
            assert!(basis == "pooled" || basis == "gap", "{r}");
        }
    }
    let pacts = v["agreements"].as_array().unwrap();
    assert!(!pacts.is_empty());
    for a in pacts {
        assert!(a["width"].as_f64().unwrap() >= 0.0, "{a}");
        let spike = a["spike"].as_f64().unwrap();
        assert!(spike > 0.0 && spike <= 1.0, "{a}");
        assert!(a["spike_at"].is_string(), "{a}");
    }
}

#[test]
fn fidelity_text_shows_crps_against_the_baseline_per_group_and_the_agreements_shape() {
    let out = armistice()
        .args([
            "fidelity",
            "korea_1951",
            "--runs",
            "40",
            "--split",
            "1952-06-30",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for group in [
        "calibration records:",
        "held-out records:",
        "all scored records:",
    ] {
        let line = text.lines().find(|l| l.starts_with(group)).unwrap();
        assert!(
            line.contains("CRPS") && line.contains("(baseline"),
            "{line}"
        );
    }
    assert!(text.contains("split at 1952-06-30"), "{text}");
    assert!(text.contains("busiest week"), "{text}");
}

#[test]
fn the_baseline_never_sees_the_held_out_dates() {
    let t = tempfile::tempdir().unwrap();
    let f = two_records(t.path());
    let f = f.to_str().unwrap();
    let run = |date: &str| {
        json(&[
            "fidelity",
            f,
            "--runs",
            "30",
            "--json",
            "--split",
            "2001-12-31",
            "--set",
            &format!("observed.1.date={date}"),
        ])
    };
    let (a, b) = (run("2002-06-01"), run("2003-03-01"));
    assert_eq!(a["records"][1]["use"], "holdout");
    // Moving the held-out record changes its score, never the fitted baseline.
    assert_eq!(a["baseline"], b["baseline"]);
    assert_eq!(
        a["records"][1]["baseline"]["median"],
        b["records"][1]["baseline"]["median"]
    );
    assert_ne!(
        a["records"][1]["baseline_crps"],
        b["records"][1]["baseline_crps"]
    );
    assert_eq!(a["calibrate"], b["calibrate"]);
}

#[test]
fn a_split_with_nothing_before_it_has_no_baseline_but_still_scores_the_model() {
    let v = json(&[
        "fidelity",
        TOY,
        "--runs",
        "30",
        "--json",
        "--split",
        "2001-01-01",
    ]);
    assert_eq!(v["calibrate"]["records"], 0);
    assert_eq!(v["holdout"]["records"], 1);
    assert!(v["baseline"].is_null());
    assert!(v["holdout"]["crps"].as_f64().is_some());
    assert!(v["holdout"]["baseline_crps"].is_null());
}

#[test]
fn a_date_split_of_an_abstract_clock_is_refused_and_a_turn_split_is_not() {
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("mini.toml");
    std::fs::write(
        &f,
        format!("{MINIMAL}\n[[observed]]\noutcome = \"agreement.deal\"\nturn = 5\n"),
    )
    .unwrap();
    armistice()
        .arg("fidelity")
        .arg(&f)
        .args(["--runs", "10", "--split", "1952-06-30"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give a turn number"));
    let out = armistice()
        .arg("fidelity")
        .arg(&f)
        .args(["--runs", "10", "--split", "4", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["records"][0]["use"], "holdout");
    assert_eq!(v["overall"]["unit"], "turns");
    armistice()
        .args(["fidelity", TOY, "--split", "mid-1952"])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("neither a date"));
}

#[test]
fn calibrate_until_fits_only_on_the_records_up_to_the_cutoff() {
    let t = tempfile::tempdir().unwrap();
    let f = two_records(t.path());
    let out_file = t.path().join("fit.toml");
    let o = armistice()
        .arg("calibrate")
        .arg(&f)
        .args(["--runs", "30", "--rounds", "1", "--points", "2"])
        .args(["--until", "2001-12-31", "-o"])
        .arg(&out_file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    // Every fidelity table of the report lists the line as the only calibration record and the
    // later cease-fire as held out.
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| matches!(l.split_whitespace().nth(1), Some("calibrate" | "holdout")))
        .collect();
    assert_eq!(rows.len(), 4, "{text}");
    for r in rows {
        let want = if r.starts_with("issue.line") {
            "calibrate"
        } else {
            "holdout"
        };
        assert!(r.split_whitespace().nth(1) == Some(want), "{r}");
    }
    assert!(
        text.contains("calibration records up to 2001-12-31"),
        "{text}"
    );
    assert!(
        text.lines()
            .filter(|l| l.starts_with("calibration records:"))
            .all(|l| l.contains("n = 1,")),
        "{text}"
    );
    let overlay = std::fs::read_to_string(&out_file).unwrap();
    assert!(overlay.contains("up to 2001-12-31 only"), "{overlay}");
    // A cutoff before every record leaves nothing to fit.
    armistice()
        .arg("calibrate")
        .arg(&f)
        .args(["--runs", "10", "--until", "2001-01-01", "-q", "-o"])
        .arg(t.path().join("none.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to fit"));
}

#[test]
fn compare_refuses_an_alternative_built_on_another_world_unless_allowed() {
    let base = ["compare", "korea_1951", "escalation_approved"];
    let small = ["--runs", "5", "--bootstrap", "5", "-q"];
    armistice()
        .args(base)
        .args(small)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("korea_1950"))
        .stderr(predicate::str::contains("--allow-different-base"));
    armistice()
        .args(base)
        .args(small)
        .arg("--allow-different-base")
        .assert()
        .success();
    // An overlay of the same world, and the repository's file of the embedded base, are the same
    // world.
    armistice()
        .args(["compare", "scenarios/korea_1951.toml", "stalin_lives"])
        .args(small)
        .current_dir(repo(""))
        .assert()
        .success();
}

#[test]
fn fidelity_with_a_split_is_byte_identical_whatever_the_threads() {
    let run = |threads: &str| {
        armistice()
            .args(["fidelity", "korea_1951", "--runs", "60", "--json"])
            .args(["--split", "1952-06-30", "--threads", threads])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run("1"), run("2"));
}
