//! Counterfactual analysis: `--set` on every table kind, `compare` under common random numbers,
//! `sweep` (resumable) and `sensitivity`.

use std::sync::atomic::AtomicBool;

use armistice::Scenario;
use armistice::analysis::compare::{self, CompareConfig, Comparison};
use armistice::batch::Runs;
use armistice::scenario::Override;
use predicates::prelude::*;

use super::common::*;

fn ov(s: &str) -> Override {
    Override::parse(s).unwrap()
}

fn toy_with(sets: &[&str]) -> Scenario {
    let o: Vec<Override> = sets.iter().map(|s| ov(s)).collect();
    Scenario::load(repo(TOY).to_str().unwrap(), &o).unwrap_or_else(|e| panic!("{sets:?}:\n{e}"))
}

#[test]
fn set_reaches_every_table_kind() {
    let base = toy_with(&[]);
    let s = toy_with(&["scenario.horizon=2003-01-01"]);
    assert!(s.clock.max_turns < base.clock.max_turns);
    assert_eq!(
        toy_with(&["dimension.war.label=\"Bloodshed\""]).dimensions[2].label,
        "Bloodshed"
    );
    assert_eq!(
        toy_with(&["state.front.initial=0.3"]).states[0].initial,
        0.3
    );
    assert_eq!(toy_with(&["side.NORTH.name=\"N\""]).sides[1].name, "N");
    assert_eq!(
        toy_with(&["actor.North.discount=0.9"]).actors[1].discount,
        0.9
    );
    assert_eq!(toy_with(&["issue.line.step=0.2"]).issues[0].len(), 6);
    let s = toy_with(&["issue.prisoners.options.voluntary.effects.South.prisoners=2.5"]);
    let south = s.actor("South").unwrap();
    let term = s.issues[1].effects[2]
        .iter()
        .find(|t| t.actor == south)
        .unwrap();
    assert_eq!(term.expr.as_constant(), Some(2.5));
    assert_eq!(
        toy_with(&["agreement.ceasefire.label=\"CF\""]).agreements[0].label,
        "CF"
    );
    assert_eq!(
        toy_with(&["flow.war_cost.value=-0.5"]).flows[0]
            .value
            .as_constant(),
        Some(-0.5)
    );
    let s = toy_with(&["event.patron_loses_interest.probability=0.5"]);
    match &s.events[0].trigger {
        armistice::scenario::Trigger::Hazard { probability, .. } => {
            assert_eq!(probability.as_constant(), Some(0.5))
        }
        t => panic!("{t:?}"),
    }
    assert_eq!(
        toy_with(&["action.offensive.credibility=0.5"]).actions[0].credibility,
        0.5
    );
    assert_eq!(
        toy_with(&["observed.0.date=2002-07-01"]).observed[0]
            .date
            .unwrap()
            .to_string(),
        "2002-07-01"
    );
    let s = toy_with(&["parameter.0.high=2.5"]);
    assert_eq!(s.parameters[0].high, 2.5);
    // Arrays of tables are addressed by id or by index.
    assert_eq!(toy_with(&["actor.0.discount=0.9"]).actors[0].discount, 0.9);
    assert_eq!(
        toy_with(&["issue.prisoners.options.2.label=\"v\""]).issues[1].option_labels[2],
        "v"
    );
}

#[test]
fn parameters_know_their_scenario_value() {
    let s = toy_with(&[]);
    let p = s
        .parameters
        .iter()
        .find(|p| p.path == "event.patron_loses_interest.probability")
        .unwrap();
    assert_eq!(p.value, Some(0.02));
    assert!(!p.integer);
    let s = toy_with(&["event.patron_loses_interest.probability=0.05"]);
    let p = s
        .parameters
        .iter()
        .find(|p| p.path == "event.patron_loses_interest.probability")
        .unwrap();
    assert_eq!(p.value, Some(0.05));
}

#[test]
fn invalid_set_paths_exit_2_and_name_the_valid_parts() {
    for (set, expect) in [
        ("actorz.North.discount=0.9", "valid here:"),
        (
            "actor.Nobody.discount=0.9",
            "valid ids: South, North, Patron",
        ),
        (
            "issue.prisoners.options.maybe.label=x",
            "valid ids: all_for_all, commission, voluntary",
        ),
        ("observed.7.date=2002-01-01", "out of range"),
        ("actor.North.discount.x=1", "is a value, not a table"),
        ("actor.North.discont=0.9", "unknown field `discont`"),
    ] {
        for cmd in [
            vec!["run", TOY, "--runs", "5", "--set", set],
            vec!["compare", TOY, TOY, "--runs", "5", "--set", set],
            vec![
                "sweep",
                TOY,
                "--vary",
                "actor.South.discount=0.99,0.995",
                "--set",
                set,
            ],
        ] {
            armistice()
                .args(&cmd)
                .current_dir(repo(""))
                .assert()
                .code(2)
                .stderr(predicate::str::contains(expect));
        }
    }
    armistice()
        .args(["compare", TOY, "--variant", "bad:actor.Nobody.discount=0.9"])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("valid ids"));
    armistice()
        .args(["sweep", TOY, "--vary", "actor.Nobody.discount=0.9..0.99:3"])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("valid ids"));
}

fn run_compare(cfg: &CompareConfig) -> Comparison {
    compare::compare(cfg, &AtomicBool::new(false), &mut |_, _| {}).unwrap()
}

fn row<'a>(c: &'a Comparison, name: &str) -> &'a compare::Row {
    c.rows
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no row {name}"))
}

#[test]
fn comparing_a_scenario_with_itself_gives_exactly_zero() {
    let cfg = CompareConfig {
        base: repo(TOY).to_str().unwrap().into(),
        alts: vec![repo(TOY).to_str().unwrap().into()],
        variants: vec![("same".into(), vec![ov("actor.North.discount=0.99")])],
        runs: Runs::new(300).unwrap(),
        bootstrap: 300,
        ..Default::default()
    };
    let c = run_compare(&cfg);
    assert_eq!(c.variants.len(), 3);
    let mut checked = 0;
    for r in &c.rows {
        for d in r.diffs.iter().flatten() {
            for e in [&d.change, &d.shift].into_iter().flatten() {
                if let Some(x) = e.estimate {
                    assert_eq!(x, 0.0, "{}", r.name);
                    assert_eq!(e.ci, Some((0.0, 0.0)), "{}", r.name);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} differences");
    // The CLI prints zeros too.
    armistice()
        .args(["compare", TOY, TOY, "--runs", "100", "--bootstrap", "100"])
        .current_dir(repo(""))
        .assert()
        .success()
        .stdout(predicate::str::contains("(every alternative: exactly 0)"))
        .stdout(predicate::str::contains("(every alternative: no change)"))
        .stdout(predicate::str::contains("South 0.000 [0.000, 0.000]"))
        .stdout(predicate::str::contains("moved").not())
        .stdout(predicate::str::contains("Reproduce: armistice compare"));
}

/// Talks open on a scheduled date; the deal follows within days. Moving the date moves the deal.
const SCHEDULED: &str = r#"
[scenario]
id = "scheduled"
start = 2000-01-01
turn = "1d"
horizon = 2001-01-01

[[dimension]]
id = "money"

[[side]]
id = "A"
lead = "a"

[[side]]
id = "B"
lead = "b"

[[actor]]
id = "a"
side = "A"
weights = { money = 1.0 }

[[actor]]
id = "b"
side = "B"
weights = { money = 1.0 }

[[issue]]
id = "split"
open = false
min = 0.0
max = 1.0
step = 0.1
effects = { a = { money = "x" }, b = { money = "1 - x" } }

[[agreement]]
id = "deal"
issues = ["split"]

[[flow]]
id = "delay"
to = "A"
dimension = "money"
value = -0.05
when = "not agreed(deal)"

[[flow]]
id = "delay_b"
to = "B"
dimension = "money"
value = -0.05
when = "not agreed(deal)"

[[event]]
id = "talks_open"
date = 2000-03-01
effects = [{ op = "open_issue", issue = "split" }]
"#;

#[test]
fn a_known_30_day_shift_is_recovered_inside_its_interval() {
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("scheduled.toml");
    std::fs::write(&f, SCHEDULED).unwrap();
    let cfg = CompareConfig {
        base: f.to_str().unwrap().into(),
        variants: vec![("later".into(), vec![ov("event.talks_open.date=2000-03-31")])],
        runs: Runs::new(300).unwrap(),
        bootstrap: 500,
        ..Default::default()
    };
    let c = run_compare(&cfg);
    let d = row(&c, "agreement.deal").diffs[1].clone().unwrap();
    let shift = d.shift.unwrap();
    let (lo, hi) = shift.ci.unwrap();
    assert!(lo <= 30.0 && 30.0 <= hi, "30 days not in [{lo}, {hi}]");
    assert!((shift.estimate.unwrap() - 30.0).abs() <= 3.0, "{shift:?}");
    let ev = row(&c, "event.talks_open").diffs[1].clone().unwrap();
    assert_eq!(ev.shift.unwrap().estimate, Some(30.0));
}

/// The scheduled scenario with a hazard that may end the war before the talks open: with
/// `probability` 0 it never fires.
fn with_collapse(probability: f64) -> String {
    format!(
        "{SCHEDULED}\n[[event]]\nid = \"collapse\"\nprobability = {probability}\nfrom = 2000-01-02\nuntil = 2000-01-02\neffects = [{{ op = \"end\", reason = \"the war ends without talks\" }}]\n"
    )
}

#[test]
fn a_median_that_most_runs_never_reach_is_after_the_horizon_not_the_few_runs_median() {
    // Under the alternative 90 % of the runs end on the second day, before talks open: the deal
    // comes on the same date as in the base in the other 10 %. The median of those few is no
    // shift at all; over all runs the alternative's median is after the horizon.
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("collapse.toml");
    std::fs::write(&f, with_collapse(0.0)).unwrap();
    let out = armistice()
        .arg("compare")
        .arg(&f)
        .args(["--variant", "collapse:event.collapse.probability=0.9"])
        .args(["--runs", "200", "--bootstrap", "200"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text
        .lines()
        .skip_while(|l| *l != "agreement.deal")
        .find(|l| l.trim_start().starts_with("collapse"))
        .unwrap_or_else(|| panic!("no line for the alternative in\n{text}"));
    assert!(line.contains("after 2001-01-01"), "{line}");
    assert!(line.contains("later: \u{2265} +"), "{line}");
    assert!(
        line.contains('\u{2020}'),
        "the shift is not flagged: {line}"
    );
    // The event that could not happen in the runs that ended is not listed as moved: among the
    // runs still going on the day the talks open, they open in every one.
    assert!(!text.contains("event.talks_open"), "{text}");
}

/// Widths of the 95% intervals of the line's median settlement shift and of the cease-fire's change
/// in probability.
fn widths(independent: bool) -> (f64, f64) {
    let cfg = CompareConfig {
        base: repo(TOY).to_str().unwrap().into(),
        variants: vec![(
            "keener".into(),
            vec![ov("event.patron_loses_interest.probability=0.025")],
        )],
        runs: Runs::new(400).unwrap(),
        bootstrap: 400,
        independent,
        ..Default::default()
    };
    let c = run_compare(&cfg);
    let w = |e: Option<armistice::analysis::bootstrap::Estimate>| {
        let (lo, hi) = e.unwrap().ci.unwrap();
        hi - lo
    };
    // The cease-fire's median over all runs sits near the horizon (about half the runs reach it):
    // the line's settlement, which two thirds of the runs reach, has a median shift with two
    // finite ends.
    let line = row(&c, "issue.line").diffs[1].clone().unwrap();
    let ceasefire = row(&c, "agreement.ceasefire").diffs[1].clone().unwrap();
    (w(line.shift), w(ceasefire.change))
}

#[test]
fn common_random_numbers_narrow_the_interval() {
    // Same change, same runs and resamples; only the streams differ (shared vs seed + k).
    let (crn_shift, crn_p) = widths(false);
    let (ind_shift, ind_p) = widths(true);
    // The line now settles within the first weeks, so the shift's interval is a whole number of
    // weeks: narrower is all a seven-day grid can show.
    assert!(
        crn_shift < ind_shift,
        "median shift: CRN interval {crn_shift} days is not under the independent one ({ind_shift})"
    );
    // The hazard's probability is foreseen: changing it changes every actor's valuations, so paired
    // runs diverge more than a pure change of the draw would make them (measured: 0.0375 against
    // 0.0525 at 400 runs). Three quarters is what common random numbers still buy.
    assert!(
        crn_p < 0.75 * ind_p,
        "probability: CRN interval {crn_p} is not under three quarters of the independent one ({ind_p})"
    );
}

#[test]
fn compare_json_follows_its_contract_and_out_writes_paired_runs() {
    let t = tempfile::tempdir().unwrap();
    let out = armistice()
        .args([
            "compare",
            TOY,
            "--variant",
            "keener:event.patron_loses_interest.probability=0.04",
            "--runs",
            "50",
            "--bootstrap",
            "50",
            "--json",
            "--out",
        ])
        .arg(t.path().join("cmp"))
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "armistice-compare-1");
    assert_eq!(v["base"], "ceasefire_toy");
    assert_eq!(v["bootstrap"]["resamples"], 50);
    assert!(v["command"].as_str().unwrap().contains("--bootstrap-seed"));
    let o = v["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["outcome"] == "agreement.ceasefire")
        .unwrap();
    assert_eq!(o["kind"], "date");
    // A median over all runs: a date, or null and censored when it falls after the horizon.
    let median = &o["variants"]["ceasefire_toy"]["date"]["median"];
    assert_eq!(
        median["at"].is_string(),
        !median["censored"].as_bool().unwrap()
    );
    let d = &o["differences"]["keener"];
    let shift = &d["median_shift"];
    assert_eq!(
        shift["estimate"].is_number(),
        !shift["censored"].as_bool().unwrap()
    );
    assert!(shift["few_runs"].is_boolean());
    assert!(d["share_change"]["ci"].is_array());
    assert_eq!(
        d["by_date"].as_array().unwrap().len(),
        v["checkpoints"].as_array().unwrap().len()
    );
    // An issue most runs settle has a plain shift with a two-ended interval.
    let line = v["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["outcome"] == "issue.prisoners")
        .unwrap();
    let shift = &line["differences"]["keener"]["median_shift"];
    assert!(shift["estimate"].is_number(), "{shift}");
    assert_eq!(shift["ci"].as_array().unwrap().len(), 2);
    // Events report the runs that could see them.
    let ev = v["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["outcome"] == "event.patron_loses_interest")
        .unwrap();
    assert!(ev["variants"]["keener"]["at_risk"]["runs"].is_number());
    assert!(ev["differences"]["keener"]["at_risk_change"]["estimate"].is_number());
    let j = std::fs::read_to_string(t.path().join("cmp/compare.json")).unwrap();
    assert_eq!(serde_json::from_str::<serde_json::Value>(&j).unwrap(), v);
    let csv = std::fs::read_to_string(t.path().join("cmp/paired_runs.csv")).unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("variant,run,seed,"));
    assert!(lines.next().unwrap().starts_with("ceasefire_toy,0,"));
    assert!(lines.next().unwrap().starts_with("keener,0,"));
    assert_eq!(csv.lines().count(), 1 + 2 * 50);
}

#[test]
fn the_printed_command_reproduces_the_numbers() {
    let out = armistice()
        .args([
            "compare",
            TOY,
            "--variant",
            "k:event.patron_loses_interest.probability=0.04",
        ])
        .args(["--runs", "60", "--bootstrap", "60", "--json"])
        .current_dir(repo(""))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cmd = v["command"].as_str().unwrap().to_string();
    let again = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{} --json",
            cmd.replacen(
                "armistice",
                assert_cmd::cargo::cargo_bin("armistice").to_str().unwrap(),
                1
            )
        ))
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let w: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(v["outcomes"], w["outcomes"]);
}

#[test]
fn compare_refuses_absurd_sizes() {
    armistice()
        .args(["compare", TOY, TOY, "--runs", "900000"])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("paired runs"));
    armistice()
        .args(["compare", TOY])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at least one alternative"));
}

#[test]
fn sweeps_write_tidy_tables_and_resume() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("sw");
    let sweep = |extra: &[&str]| {
        let mut c = armistice();
        c.args([
            "sweep",
            TOY,
            "--vary",
            "actor.North.discount=0.98,0.99",
            "--vary",
            "event.patron_loses_interest.probability=0.01..0.03:2",
            "--runs",
            "20",
            "--out",
        ])
        .arg(&dir)
        .args(extra)
        .current_dir(repo(""));
        c
    };
    sweep(&[])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "4 points × 20 runs (4 simulated now, 0 already done)",
        ));
    let points = std::fs::read_to_string(dir.join("points.csv")).unwrap();
    assert_eq!(
        points,
        "point,actor.North.discount,event.patron_loses_interest.probability\n0,0.98,0.01\n1,0.98,0.03\n2,0.99,0.01\n3,0.99,0.03\n"
    );
    let runs = std::fs::read(dir.join("runs.csv")).unwrap();
    let text = String::from_utf8_lossy(&runs);
    assert!(text.starts_with("point,run,seed,"));
    assert_eq!(text.lines().count(), 1 + 4 * 20);
    let summary = std::fs::read_to_string(dir.join("points_summary.csv")).unwrap();
    assert!(
        summary
            .lines()
            .next()
            .unwrap()
            .contains("agreement.ceasefire.share")
    );
    assert_eq!(summary.lines().count(), 5);
    // Nothing to do the second time.
    sweep(&[])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "(0 simulated now, 4 already done)",
        ));
    // A point lost in a crash is redone, and the tables come out the same.
    std::fs::remove_file(dir.join("points/p000002.json")).unwrap();
    sweep(&[])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "(1 simulated now, 3 already done)",
        ));
    assert_eq!(std::fs::read(dir.join("runs.csv")).unwrap(), runs);
    assert_eq!(
        std::fs::read_to_string(dir.join("points_summary.csv")).unwrap(),
        summary
    );
    // A different sweep does not mix into it.
    sweep(&["--seed", "99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("different sweep"));
}

#[test]
fn latin_hypercube_sweeps_run() {
    let t = tempfile::tempdir().unwrap();
    armistice()
        .args([
            "sweep",
            TOY,
            "--vary",
            "actor.North.discount=0.98..0.999",
            "--lhs",
            "3",
            "--runs",
            "5",
            "--out",
        ])
        .arg(t.path().join("lhs"))
        .current_dir(repo(""))
        .assert()
        .success()
        .stdout(predicate::str::contains("--lhs 3 --lhs-seed"));
    let points = std::fs::read_to_string(t.path().join("lhs/points.csv")).unwrap();
    assert_eq!(points.lines().count(), 4);
}

/// Two parameters: one drives the delay cost, one (`scenario.runs`) cannot change any run.
fn sensitivity_scenario() -> String {
    format!(
        "{MINIMAL}\n[[parameter]]\npath = \"flow.delay.value\"\nlow = -0.2\nhigh = -0.005\n\n[[parameter]]\npath = \"scenario.runs\"\nlow = 10\nhigh = 1000\n"
    )
    .replace("id = \"mini\"", "id = \"mini\"\nruns = 100")
}

#[test]
fn sensitivity_ranks_the_parameter_that_matters_first() {
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("s.toml");
    std::fs::write(&f, sensitivity_scenario()).unwrap();
    let out = armistice()
        .arg("sensitivity")
        .arg(&f)
        .args(["--runs", "60", "--trajectories", "4", "--json", "--out"])
        .arg(t.path().join("sens"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "armistice-sensitivity-1");
    assert_eq!(v["ranking"]["agreement.deal.median"][0], "flow.delay.value");
    assert_eq!(v["parameters"][1]["low_value"], "10");
    let idle = v["morris"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["parameter"] == "scenario.runs")
        .collect::<Vec<_>>();
    assert!(!idle.is_empty());
    for m in idle {
        assert_eq!(m["mu_star"], 0.0, "{m}");
    }
    let oat = v["oat"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["parameter"] == "flow.delay.value" && x["output"] == "agreement.deal.median")
        .unwrap();
    for k in [
        "low_value",
        "high_value",
        "effect_low",
        "effect_high",
        "base",
    ] {
        assert!(!oat[k].is_null(), "{k}");
    }
    assert!(t.path().join("sens/sensitivity.csv").exists());
    armistice()
        .arg("sensitivity")
        .arg(&f)
        .args(["--runs", "30", "--trajectories", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("agreement.deal.median"))
        .stdout(predicate::str::contains("Reproduce: armistice sensitivity"));
}

#[test]
fn sensitivity_without_parameters_says_how_to_declare_them() {
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("m.toml");
    std::fs::write(&f, MINIMAL).unwrap();
    armistice()
        .arg("sensitivity")
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("[[parameter]]"));
}

/// Checks every figure of a `charts/` directory: each SVG parses, each PNG decodes and is not blank.
fn check_charts(dir: &std::path::Path, expect: &[&str]) {
    let files = files_in(dir);
    for stem in expect {
        assert!(
            files.contains_key(&format!("{stem}.png"))
                && files.contains_key(&format!("{stem}.svg")),
            "{stem} missing in {}: {:?}",
            dir.display(),
            files.keys().collect::<Vec<_>>()
        );
    }
    for name in files.keys() {
        let p = dir.join(name);
        if name.ends_with(".png") {
            assert_png_not_blank(&p, 8);
        } else if name.ends_with(".svg") {
            assert_svg_parses(&p);
        }
    }
}

#[test]
fn compare_out_draws_comparison_charts_identical_across_threads_and_chart_redraws_them() {
    let t = tempfile::tempdir().unwrap();
    let run = |threads: &str, dir: &str| {
        armistice()
            .args([
                "compare",
                TOY,
                "--variant",
                "keener:event.patron_loses_interest.probability=0.04",
                "--runs",
                "60",
                "--bootstrap",
                "50",
                "--quiet",
                "--threads",
                threads,
                "--out",
            ])
            .arg(t.path().join(dir))
            .current_dir(repo(""))
            .assert()
            .success();
    };
    run("1", "a");
    run("2", "b");
    let (a, b) = (t.path().join("a/charts"), t.path().join("b/charts"));
    check_charts(&a, &["comparison_ceasefire"]);
    assert_eq!(
        files_in(&a),
        files_in(&b),
        "charts differ across thread counts"
    );
    let svg = std::fs::read_to_string(a.join("comparison_ceasefire.svg")).unwrap();
    assert!(svg.contains("keener: median"), "legend names the shift");
    // The same command into the same directory replaces it (compare's own files are its own).
    run("2", "a");
    // `chart DIR` recognises a compare output by compare.json and draws the same files.
    std::fs::remove_dir_all(&a).unwrap();
    armistice()
        .arg("chart")
        .arg(t.path().join("a"))
        .assert()
        .success()
        .stderr(predicate::str::contains("compare.json"));
    assert_eq!(files_in(&a), files_in(&b));
    // --no-charts writes none; --charts without --out is a usage error.
    armistice()
        .args([
            "compare",
            TOY,
            TOY,
            "--runs",
            "10",
            "--bootstrap",
            "10",
            "-q",
            "--no-charts",
            "--out",
        ])
        .arg(t.path().join("c"))
        .current_dir(repo(""))
        .assert()
        .success();
    assert!(!t.path().join("c/charts").exists());
    assert!(t.path().join("c/compare.json").exists());
    armistice()
        .args(["compare", TOY, TOY, "--runs", "10", "--charts"])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--charts needs --out"));
    armistice()
        .args([
            "compare",
            TOY,
            TOY,
            "--runs",
            "10",
            "--chart-width",
            "10",
            "--out",
        ])
        .arg(t.path().join("d"))
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--chart-width"));
}

#[test]
fn sensitivity_out_draws_tornados_identical_across_threads_and_chart_redraws_them() {
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("s.toml");
    std::fs::write(&f, sensitivity_scenario()).unwrap();
    let run = |threads: &str, dir: &str| {
        armistice()
            .arg("sensitivity")
            .arg(&f)
            .args([
                "--runs",
                "40",
                "--trajectories",
                "2",
                "-q",
                "--threads",
                threads,
            ])
            .arg("--out")
            .arg(t.path().join(dir))
            .assert()
            .success();
    };
    run("1", "a");
    run("2", "b");
    let (a, b) = (t.path().join("a/charts"), t.path().join("b/charts"));
    check_charts(&a, &["tornado_deal_median", "tornado_deal_share"]);
    assert_eq!(
        files_in(&a),
        files_in(&b),
        "charts differ across thread counts"
    );
    let svg = std::fs::read_to_string(a.join("tornado_deal_median.svg")).unwrap();
    assert!(svg.contains("flow.delay.value"), "rows name the parameter");
    run("1", "a");
    std::fs::remove_dir_all(&a).unwrap();
    armistice()
        .arg("chart")
        .arg(t.path().join("a"))
        .assert()
        .success()
        .stderr(predicate::str::contains("sensitivity.json"));
    assert_eq!(files_in(&a), files_in(&b));
    // A JSON file that is not a sensitivity output is refused with a hint, not a panic.
    let bad = t.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("sensitivity.json"), "{\"format\": 1}").unwrap();
    armistice()
        .arg("chart")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("re-run"));
}
