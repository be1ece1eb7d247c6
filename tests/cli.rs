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
        .stderr(predicate::str::contains("wrote runs.csv, summary.json"));
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
fn the_printed_summary_keeps_its_columns_aligned_whatever_the_ids_length() {
    // The default scenario has an action id longer than the name column's usual 24 characters: the
    // columns after it must not shift on its line.
    let t = tempfile::tempdir().unwrap();
    let out = armistice()
        .args([
            "run",
            "--runs",
            "20",
            "--no-charts",
            "--no-runs-csv",
            "--out",
        ])
        .arg(t.path().join("o"))
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("still going at"))
        .collect();
    assert!(rows.iter().any(|l| {
        let id = l.split_whitespace().nth(1).unwrap();
        id.chars().count() > 24
    }));
    let at: Vec<usize> = rows.iter().map(|l| l.find(" of ").unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] == w[1]), "{rows:#?}");
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
            "-o",
        ])
        .arg(&out)
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    // Standard error is not a terminal here: no progress lines, only the status line.
    assert!(!err.contains("evaluation"), "{err}");
    assert!(err.contains("wrote "), "{err}");
    // The counts agree: the scenario as written, the starting point, and 1 round × 3 points per
    // free parameter, in the report and in the overlay alike.
    let params = armistice::Scenario::load(repo(TOY).to_str().unwrap(), &[])
        .unwrap()
        .parameters
        .iter()
        .filter(|p| p.calibrate)
        .count();
    let n = 2 + 3 * params;
    assert!(
        text.contains(&format!("({n} evaluations of 60 runs")),
        "{text}"
    );
    let overlay = std::fs::read_to_string(&out).unwrap();
    assert!(overlay.contains(&format!("{n} evaluations)")), "{overlay}");
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
    // A directory that is not an output, or no directory at all, is the user's input: exit 2.
    armistice()
        .arg("chart")
        .arg(t.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds none of summary.json"));
    armistice()
        .arg("chart")
        .arg("/missing/dir")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`/missing/dir` does not exist"))
        .stderr(predicate::str::contains("entity not found").not());
}

// ---- One consistent command line (issue 17, points 9, 10, 11, 13) ----

#[test]
fn results_go_to_stdout_and_status_lines_to_stderr_with_one_slash() {
    let t = tempfile::tempdir().unwrap();
    let out = format!("{}/", t.path().join("results").display());
    armistice()
        .args(["run", TOY, "--runs", "20", "--no-charts", "--out", &out])
        .current_dir(repo(""))
        .assert()
        .success()
        .stdout(predicate::str::contains("Agreements"))
        .stdout(predicate::str::contains("wrote").not())
        .stderr(predicate::str::contains("wrote runs.csv, summary.json in "))
        .stderr(predicate::str::contains("results/ ("))
        .stderr(predicate::str::contains("results//").not());
}

#[test]
fn run_json_prints_the_summary_document_it_writes() {
    let t = tempfile::tempdir().unwrap();
    let o = armistice()
        .args(["run", TOY, "--runs", "30", "--json", "--no-charts", "--out"])
        .arg(t.path().join("o"))
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert!(o.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.path().join("o/summary.json")).unwrap()).unwrap();
    assert_eq!(printed, written);
    // A shard has no summary of the whole to print.
    armistice()
        .args(["run", TOY, "--json", "--shard", "0/2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--shard"));
}

#[test]
fn validate_json_gives_each_file_a_verdict_with_places() {
    let t = tempfile::tempdir().unwrap();
    let bad = t.path().join("bad.toml");
    std::fs::write(&bad, MINIMAL.replace("lead = \"b\"", "lead = \"bb\"")).unwrap();
    let o = armistice()
        .args(["validate", "--json", TOY])
        .arg(&bad)
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["valid"], true);
    assert_eq!(v[0]["scenario"]["agreements"], 1);
    assert_eq!(v[1]["valid"], false);
    let e = &v[1]["errors"][0];
    assert!(e["message"].as_str().unwrap().contains("bb"), "{e}");
    assert!(e["line"].as_u64().unwrap() > 1 && e["column"].as_u64().unwrap() > 1);
    assert!(e["help"].is_string());
    // The counts agree with their nouns in the text form.
    armistice()
        .args(["validate", TOY])
        .current_dir(repo(""))
        .assert()
        .success()
        .stdout(predicate::str::contains("1 agreement,"))
        .stdout(predicate::str::contains("1 event,"));
}

#[test]
fn scenarios_json_lists_every_embedded_scenario_and_show_prints_its_toml() {
    let o = armistice().args(["scenarios", "--json"]).output().unwrap();
    let v: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.len(), armistice::scenario::embedded::ALL.len());
    assert_eq!(v[0]["default"], true);
    assert!(
        v.iter()
            .any(|e| e["name"] == "stalin_lives" && e["counterfactual"] == true)
    );
    // `show` prints the file exactly as shipped: valid, comments included.
    let o = armistice()
        .args(["scenarios", "show", "ceasefire_toy"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let shipped = std::fs::read(repo(TOY)).unwrap();
    assert_eq!(o.stdout, shipped);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("# A three-actor toy"));
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("toy.toml");
    std::fs::write(&f, &o.stdout).unwrap();
    armistice().arg("validate").arg(&f).assert().success();
    armistice()
        .args(["scenarios", "show", "ceasefire_tyo"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `ceasefire_toy`?"));
}

#[test]
fn new_writes_a_commented_starter_that_validates_and_runs() {
    let t = tempfile::tempdir().unwrap();
    armistice()
        .args(["new", "trade_talks"])
        .current_dir(t.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote trade_talks.toml"));
    let f = t.path().join("trade_talks.toml");
    let text = std::fs::read_to_string(&f).unwrap();
    assert!(text.starts_with("# A starter scenario"), "{text}");
    assert!(text.contains("id = \"trade_talks\""));
    assert!(
        text.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            > 15
    );
    armistice()
        .args(["validate", "trade_talks.toml"])
        .current_dir(t.path())
        .assert()
        .success();
    armistice()
        .args(["run", "trade_talks.toml", "--runs", "20", "--quiet"])
        .current_dir(t.path())
        .assert()
        .success();
    assert!(
        t.path()
            .join("armistice-out/trade_talks/summary.json")
            .exists()
    );
    // It never overwrites a file without --force.
    armistice()
        .args(["new", "trade_talks"])
        .current_dir(t.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    armistice()
        .args(["new", "trade_talks", "--force"])
        .current_dir(t.path())
        .assert()
        .success();
    armistice()
        .args(["new", "9lives"])
        .current_dir(t.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be a scenario id"));
}

#[test]
fn new_from_an_embedded_scenario_or_overlay_copies_it_under_the_new_id() {
    let t = tempfile::tempdir().unwrap();
    for (name, from) in [("my_toy", "ceasefire_toy"), ("my_cf", "stalin_lives")] {
        armistice()
            .args(["new", name, "--from", from])
            .current_dir(t.path())
            .assert()
            .success();
        let f = t.path().join(format!("{name}.toml"));
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(text.contains(&format!("id = \"{name}\"")), "{text}");
        armistice()
            .arg("validate")
            .arg(&f)
            .assert()
            .success()
            .stdout(predicate::str::contains("OK"));
    }
    // The overlay now extends the embedded base by name, so it works from any directory.
    let text = std::fs::read_to_string(t.path().join("my_cf.toml")).unwrap();
    assert!(text.contains("extends = \"korea_1951\""), "{text}");
    armistice()
        .args(["new", "x", "--from", "no_such_one"])
        .current_dir(t.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no embedded scenario named `no_such_one`",
        ));
}

#[test]
fn out_is_the_output_flag_of_every_command_that_writes_a_file() {
    let t = tempfile::tempdir().unwrap();
    // export-nfg: --out, -o and the old --output all write the file.
    for (flag, name) in [("--out", "a.nfg"), ("-o", "b.nfg"), ("--output", "c.nfg")] {
        armistice()
            .args(["export-nfg", "ceasefire_toy", "--turn", "10", flag])
            .arg(t.path().join(name))
            .assert()
            .success()
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(format!(
                "wrote {}",
                t.path().join(name).display()
            )));
    }
    assert_eq!(
        std::fs::read(t.path().join("a.nfg")).unwrap(),
        std::fs::read(t.path().join("c.nfg")).unwrap()
    );
    // report: --out FILE, and --out - for standard output.
    armistice()
        .args(["report", "ceasefire_toy", "--runs", "40", "--out"])
        .arg(t.path().join("r.html"))
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    assert!(t.path().join("r.html").exists());
    armistice()
        .args(["report", "ceasefire_toy", "--runs", "40", "--out", "-"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("<!DOCTYPE html>"));
}

#[test]
fn report_compares_named_variants_of_the_scenario() {
    let o = armistice()
        .args([
            "report",
            "ceasefire_toy",
            "--runs",
            "60",
            "--bootstrap",
            "50",
            "--variant",
            "patient:actor.North.discount=0.999",
            "--out",
            "-",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = String::from_utf8_lossy(&o.stdout);
    assert!(html.contains("patient"), "the variant is in the page");
    assert!(
        html.contains("--variant patient:actor.North.discount=0.999"),
        "the reproducing command names the variant"
    );
}

#[test]
fn quiet_is_only_accepted_where_it_means_something() {
    for cmd in [
        &["trace", "ceasefire_toy"][..],
        &["validate", "ceasefire_toy"],
        &["fidelity", "ceasefire_toy"],
        &["scenarios"],
        &["completions", "bash"],
    ] {
        armistice()
            .args(cmd)
            .arg("--quiet")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("unexpected argument '--quiet'"));
    }
    let t = tempfile::tempdir().unwrap();
    armistice()
        .args(["run", TOY, "--runs", "10", "-q", "--out"])
        .arg(t.path().join("o"))
        .current_dir(repo(""))
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::is_empty());
}

#[test]
fn every_batch_command_checks_runs_and_threads_the_same_way() {
    for cmd in [
        &["run", "ceasefire_toy"][..],
        &["compare", "ceasefire_toy", "ceasefire_toy"],
        &[
            "sweep",
            "ceasefire_toy",
            "--vary",
            "actor.North.discount=0.98,0.99",
        ],
        &["sensitivity", "ceasefire_toy"],
        &["fidelity", "ceasefire_toy"],
        &["calibrate", "ceasefire_toy"],
        &["report", "ceasefire_toy"],
        &["tournament", "ceasefire_toy", "--strategies", "linear"],
    ] {
        for (flag, value, expect) in [
            ("--threads", "0", "use 1 to 1024 threads"),
            ("--threads", "5000", "use 1 to 1024 threads"),
            ("--runs", "0", "use 1 to 10000000000 runs"),
        ] {
            armistice()
                .args(cmd)
                .args([flag, value])
                .assert()
                .code(2)
                .stderr(predicate::str::contains(format!("for '{flag} <")))
                .stderr(predicate::str::contains(expect));
        }
    }
}

#[test]
fn tournament_out_can_be_written_again_into_the_same_directory() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("tourney");
    for _ in 0..2 {
        armistice()
            .args([
                "tournament",
                "ceasefire_toy",
                "--strategies",
                "linear,boulware",
                "--runs",
                "5",
                "--quiet",
                "--out",
            ])
            .arg(&out)
            .assert()
            .success();
    }
    assert!(out.join("tournament.csv").exists());
    // Something the user put there is still protected.
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    armistice()
        .args([
            "tournament",
            "ceasefire_toy",
            "--strategies",
            "linear",
            "--runs",
            "5",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds `notes.txt`"));
}

#[test]
fn a_calibrated_overlay_patches_an_effect_by_index_and_loads_back() {
    // korea_1950 fits `action.chinese_offensive.effects.1.value`: the overlay addresses the effect
    // by index (`[action.effects.1]`), which an overlay merges into the parent's effect.
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("cal.toml");
    let o = armistice()
        .args([
            "calibrate",
            "korea_1950",
            "--runs",
            "20",
            "--rounds",
            "1",
            "--points",
            "2",
            "-q",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let overlay = std::fs::read_to_string(&out).unwrap();
    assert!(overlay.contains("[action.effects.1]"), "{overlay}");
    let path = "action.chinese_offensive.effects.1.value";
    let fitted: f64 = overlay
        .lines()
        .find_map(|l| l.strip_prefix(&format!("# {path} = ")))
        .and_then(|l| l.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    let s = armistice::Scenario::load(out.to_str().unwrap(), &[]).unwrap();
    let x = s
        .actions
        .iter()
        .find(|a| a.id == "chinese_offensive")
        .unwrap();
    // The patched effect keeps its other keys (the state it moves) and takes the fitted value.
    assert_eq!(x.effects.len(), 2);
    match &x.effects[1] {
        armistice::scenario::Effect::AddState { value, .. } => {
            assert_eq!(value.as_constant(), Some(fitted))
        }
        e => panic!("{e:?}"),
    }
}
