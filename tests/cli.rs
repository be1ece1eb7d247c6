//! The command line as a user meets it.

use predicates::prelude::*;

use super::common::*;

#[test]
fn no_arguments_runs_the_default_scenario_and_prints_a_summary() {
    let t = tempfile::tempdir().unwrap();
    armistice()
        .current_dir(t.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("Agreements"))
        .stdout(predicate::str::contains("wrote runs.csv, summary.json"));
    let def = armistice::scenario::embedded::default_name();
    assert_eq!(def, "korea_1951");
    assert!(
        t.path()
            .join("armistice-out")
            .join(def)
            .join("summary.json")
            .exists()
    );
}

#[test]
fn run_writes_the_documented_columns_and_keys() {
    let t = tempfile::tempdir().unwrap();
    armistice()
        .args(["run", TOY, "--runs", "50", "--quiet", "--out"])
        .arg(t.path().join("o"))
        .current_dir(repo(""))
        .assert()
        .success();
    let csv = std::fs::read_to_string(t.path().join("o/runs.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("run,seed,turns,end_date,end_reason,issue.line.date,issue.line.value")
    );
    assert!(
        header.contains("agreement.ceasefire.date")
            && header.contains("payoff.Patron")
            && header.contains("state.front")
    );
    assert_eq!(csv.lines().count(), 51);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(t.path().join("o/summary.json")).unwrap())
            .unwrap();
    for k in [
        "scenario",
        "seed",
        "runs",
        "issues",
        "agreements",
        "events",
        "actions",
        "payoffs",
    ] {
        assert!(v.get(k).is_some(), "summary.json lacks {k}");
    }
    assert!(v["agreements"]["ceasefire"]["date"]["median"]["at"].is_string());
    assert!(v["agreements"]["ceasefire"]["date"]["median"]["censored"].is_boolean());
    assert!(v["issues"]["prisoners"]["values"]["voluntary"].is_number());
}

#[test]
fn trace_explains_each_move() {
    armistice()
        .args(["trace", TOY, "--run", "1"])
        .current_dir(repo(""))
        .assert()
        .success()
        .stdout(predicate::str::contains("chose"))
        .stdout(predicate::str::contains("AGREEMENT ceasefire reached"));
    let out = armistice()
        .args(["trace", TOY, "--run", "1", "--json"])
        .current_dir(repo(""))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["chronicle"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "decision")
    );
}

#[test]
fn validate_says_ok_or_exits_2() {
    armistice()
        .args(["validate", TOY])
        .current_dir(repo(""))
        .assert()
        .success()
        .stdout(predicate::str::contains("OK"));
    armistice()
        .args(["validate", "no_such_scenario"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no scenario file"));
}

#[test]
fn scenarios_lists_the_embedded_ones() {
    armistice()
        .arg("scenarios")
        .assert()
        .success()
        .stdout(predicate::str::contains("ceasefire_toy"));
}

#[test]
fn completions_are_generated() {
    armistice()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("armistice"));
}

#[test]
fn bad_arguments_exit_2() {
    armistice().args(["run", "--runs", "many"]).assert().code(2);
    armistice()
        .args(["run", TOY, "--shard", "3/3"])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--shard"));
    armistice()
        .args(["run", TOY, "--runs", "0"])
        .current_dir(repo(""))
        .assert()
        .code(2);
    armistice()
        .args(["run", TOY, "--set", "actor.Nobody.discount=0.9"])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("valid ids"));
}

#[test]
fn refuses_to_mix_results_into_a_foreign_directory() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("thesis.tex"), "precious").unwrap();
    armistice()
        .args(["run", TOY, "--runs", "10", "--out"])
        .arg(t.path())
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(
        std::fs::read_to_string(t.path().join("thesis.tex")).unwrap(),
        "precious"
    );
}

#[test]
fn a_broken_pipe_is_success() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("armistice"))
        .args(["trace", TOY, "--run", "0", "--all"])
        .current_dir(repo(""))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

#[test]
fn fidelity_reports_each_observed_record_against_a_baseline() {
    let out = armistice()
        .args(["fidelity", TOY, "--runs", "200", "--json"])
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &v["records"][0];
    assert_eq!(r["outcome"], "agreement.ceasefire");
    assert_eq!(r["observed"], "2002-06-01");
    assert!(r["model"]["median"].is_string() && r["baseline"]["median"].is_string());
    assert!(r["model"]["error"].is_number());
    assert!(v["overall"]["skill"].is_number());
    armistice()
        .args(["fidelity", TOY, "--runs", "100"])
        .current_dir(repo(""))
        .assert()
        .success()
        .stdout(predicate::str::contains("baseline"));
}

#[test]
fn calibrate_writes_an_overlay_that_validates_and_fits_no_worse() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("cal.toml");
    let o = armistice()
        .args([
            "calibrate",
            TOY,
            "--runs",
            "60",
            "--rounds",
            "1",
            "--points",
            "3",
            "--quiet",
            "-o",
        ])
        .arg(&out)
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    let nums: Vec<f64> = text
        .lines()
        .find(|l| l.starts_with("objective"))
        .unwrap()
        .split(": ")
        .nth(1)
        .unwrap()
        .split(" -> ")
        .map(|x| x.trim().parse().unwrap())
        .collect();
    assert!(nums[1] <= nums[0] + 1e-9 || nums[1] <= nums[0], "{text}");
    armistice().arg("validate").arg(&out).assert().success();
}

#[test]
fn run_draws_charts_that_decode_and_are_not_blank_and_chart_redraws_them() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("o");
    armistice()
        .args(["run", "korea_1951", "--runs", "100", "--quiet", "--out"])
        .arg(&dir)
        .assert()
        .success();
    let charts = dir.join("charts");
    let mut pngs = 0;
    for e in std::fs::read_dir(&charts).unwrap() {
        let p = e.unwrap().path();
        match p.extension().and_then(|x| x.to_str()) {
            Some("png") => {
                let decoder =
                    png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&p).unwrap()));
                let mut reader = decoder.read_info().unwrap();
                let mut buf = vec![0; reader.output_buffer_size()];
                let info = reader.next_frame(&mut buf).unwrap();
                let px = &buf[..info.buffer_size()];
                let distinct: std::collections::BTreeSet<&[u8]> =
                    px.chunks(info.color_type.samples()).collect();
                assert!(distinct.len() > 8, "{} looks blank", p.display());
                pngs += 1;
            }
            Some("svg") => {
                let text = std::fs::read_to_string(&p).unwrap();
                roxmltree::Document::parse(&text)
                    .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            }
            _ => {}
        }
    }
    assert!(pngs >= 6, "{pngs} charts");
    std::fs::remove_dir_all(&charts).unwrap();
    armistice().arg("chart").arg(&dir).assert().success();
    assert!(charts.join("agreement_armistice.svg").exists());
    // A directory without any armistice document is bad input (exit 2), as is one that does not exist.
    armistice().arg("chart").arg(t.path()).assert().code(2);
    armistice()
        .arg("chart")
        .arg(t.path().join("missing"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not a directory"));
}
