//! The results of `sweep`: the table it prints, `sweep.json` (checked against the runs it wrote),
//! its charts (a point that moves when its data moves), `chart DIR` on a sweep, and the same bytes
//! after a resume and at any thread count. (The resumable point files themselves: `analysis.rs`
//! and `limits.rs`.)

use std::path::{Path, PathBuf};

use armistice::chart::ChartOptions;
use armistice::chart::figures::sweep_figures;
use armistice::outcome::doc::SweepDoc;
use predicates::prelude::*;

use super::common::*;

/// Two parameters on a grid: the patron's weekly chance of losing interest from 0 (the cease-fire
/// is never reached: censored) up, and the North's patience.
const VARY: [&str; 4] = [
    "--vary",
    "event.patron_loses_interest.probability=0..0.02:3",
    "--vary",
    "actor.North.discount=0.98,0.999",
];

fn sweep(out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    armistice()
        .args(["sweep", TOY, "--runs", "40", "--chart-width", "800"])
        .args(["--chart-height", "450"])
        .args(VARY)
        .arg("--out")
        .arg(out)
        .args(extra)
        .current_dir(repo(""))
        .assert()
}

fn read(p: PathBuf) -> Vec<u8> {
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn doc(dir: &Path) -> SweepDoc {
    serde_json::from_slice(&read(dir.join("sweep.json"))).unwrap()
}

/// Every file of a sweep that is a result (not a point's record), name and bytes, in name order.
fn results(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut names: Vec<String> = ["points.csv", "runs.csv", "points_summary.csv", "sweep.json"]
        .map(String::from)
        .into();
    let mut charts: Vec<String> = std::fs::read_dir(dir.join("charts"))
        .unwrap()
        .map(|e| format!("charts/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    charts.sort();
    names.extend(charts);
    names
        .into_iter()
        .map(|n| {
            let bytes = read(dir.join(&n));
            (n, bytes)
        })
        .collect()
}

#[test]
fn a_sweep_prints_an_aligned_table_of_each_point_with_its_intervals() {
    let t = tempfile::tempdir().unwrap();
    let out = sweep(&t.path().join("sw"), &[]).success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for want in [
        "6 points × 40 runs (6 simulated now, 0 already done)",
        "a grid of 6 points × 40 runs, seed 7 (common random numbers across points); varied:",
        "  event.patron_loses_interest.probability = 0..0.02:3  (Weekly chance that the patron loses interest)",
        "[95% CI]: share reached, Wilson score interval",
        "Cease-fire (agreement.ceasefire)",
        "Reproduce: armistice sweep",
    ] {
        assert!(text.contains(want), "no `{want}` in:\n{text}");
    }
    // The block: a head and one row per point, every line as wide as the head (right-aligned).
    let block: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("Cease-fire"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(block.len(), 7, "{text}");
    assert!(block[0].starts_with("point  event.patron_loses_interest.probability"));
    assert!(
        block[0].contains("  reached [95% CI]  ") && block[0].ends_with("median date [95% CI]")
    );
    let width = block[0].chars().count();
    assert!(block.iter().all(|l| l.chars().count() == width), "{text}");
    // Point 0 never reaches the cease-fire: 0 %, its median after the horizon, open at both ends.
    let cells: Vec<&str> = block[1].split("  ").filter(|c| !c.is_empty()).collect();
    assert_eq!(
        cells[..3].iter().map(|c| c.trim()).collect::<Vec<_>>(),
        ["0", "0.0", "0.98"]
    );
    assert!(block[1].contains("0.0% [0.0%, 8.8%]"), "{}", block[1]);
    assert!(
        block[1].ends_with("after 2004-01-05 [later, later]"),
        "{}",
        block[1]
    );
    // A point that reaches it: a share with its interval, a median date with both ends.
    assert!(ends_with_share_and_dated_median(block[5]), "{}", block[5]);
    // --quiet: nothing on standard output.
    sweep(&t.path().join("q"), &["--quiet"])
        .success()
        .stdout(predicate::str::is_empty());
}

/// Whether a row ends `NN.N% [NN.N%, NN.N%]  YYYY-MM-DD [YYYY-MM-DD, YYYY-MM-DD]`.
fn ends_with_share_and_dated_median(row: &str) -> bool {
    let tail: Vec<&str> = row.split_whitespace().rev().take(6).collect();
    let date = |s: &str| {
        let s = s.trim_matches(|c| c == '[' || c == ']' || c == ',');
        s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-'
    };
    let pct = |s: &str| {
        s.trim_matches(|c| c == '[' || c == ']' || c == ',')
            .ends_with('%')
    };
    tail.len() == 6
        && date(tail[0])
        && date(tail[1])
        && date(tail[2])
        && pct(tail[3])
        && pct(tail[4])
        && pct(tail[5])
}

#[test]
fn sweep_json_holds_each_points_values_and_outcomes_as_its_runs_give_them() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("sw");
    sweep(&dir, &[]).success();
    let d = doc(&dir);
    assert_eq!(d.format, "armistice-sweep-results-1");
    assert_eq!((d.runs, d.seed, d.lhs), (40, 7, None));
    assert_eq!(d.confidence, 0.95);
    let paths: Vec<&str> = d.parameters.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "event.patron_loses_interest.probability",
            "actor.North.discount"
        ]
    );
    assert_eq!(
        d.parameters[0].label,
        "Weekly chance that the patron loses interest"
    );
    assert_eq!(d.parameters[1].label, "actor.North.discount");
    assert_eq!(d.agreements["ceasefire"], "Cease-fire");
    // The values are points.csv's.
    let points = String::from_utf8(read(dir.join("points.csv"))).unwrap();
    for (p, line) in d.points.iter().zip(points.lines().skip(1)) {
        assert_eq!(format!("{},{}", p.point, p.values.join(",")), line);
    }
    assert_eq!(d.points.len(), 6);
    // Per point, the cease-fire's numbers from runs.csv: runs reaching it, and the median over all
    // runs (type 1, a run that never reaches it after every date).
    let rows = read(dir.join("runs.csv"));
    let mut r = csv::Reader::from_reader(&rows[..]);
    let head = r.headers().unwrap().clone();
    let col = head
        .iter()
        .position(|h| h == "agreement.ceasefire.date")
        .unwrap();
    let mut dates: Vec<Vec<String>> = vec![Vec::new(); 6];
    let mut runs = [0u64; 6];
    for row in r.records() {
        let row = row.unwrap();
        let p: usize = row[0].parse().unwrap();
        runs[p] += 1;
        if !row[col].is_empty() {
            dates[p].push(row[col].to_string());
        }
    }
    for p in &d.points {
        let a = &p.agreements["ceasefire"];
        let mut reached = dates[p.point].clone();
        reached.sort();
        assert_eq!(p.runs, runs[p.point]);
        assert_eq!(a.reached, reached.len() as u64);
        assert_eq!(a.share, reached.len() as f64 / 40.0);
        assert!(a.share_ci.0 <= a.share && a.share <= a.share_ci.1, "{a:?}");
        let e = &p.end_reasons;
        assert_eq!(e.agreed + e.horizon + e.terminal, 40);
        // rank ⌈0.5 × 40⌉ = 20
        match reached.get(19) {
            Some(m) => {
                assert_eq!(a.date.median.at.as_ref().unwrap().to_string(), *m);
                assert!(!a.date.median.censored);
            }
            None => assert!(a.date.median.censored && a.date.median.at.is_none()),
        }
        // The interval's ends are order statistics 13 and 28 of 40 (⌊20 − 1.96·√40/2⌋ and
        // ⌈20 + 1.96·√40/2⌉ + 1), null where they fall among the runs that never reached it.
        let end = |k: usize| reached.get(k - 1).cloned();
        let ci = (
            a.median_ci.0.as_ref().map(ToString::to_string),
            a.median_ci.1.as_ref().map(ToString::to_string),
        );
        assert_eq!(ci, (end(13), end(28)), "point {}", p.point);
    }
    // Probability 0: never reached, everything censored.
    let never = &d.points[0].agreements["ceasefire"];
    assert_eq!((never.reached, never.median_ci.clone()), (0, (None, None)));
    assert_eq!(d.points[0].horizon.to_string(), "2004-01-05");
}

/// The centres of the filled circles of an SVG, in document order.
fn circles(svg: &str) -> Vec<(i64, i64)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("circle"))
        .map(|n| {
            let v = |a| n.attribute(a).unwrap().parse::<f64>().unwrap().round() as i64;
            (v("cx"), v("cy"))
        })
        .collect()
}

#[test]
fn the_sweep_chart_moves_a_point_when_its_data_moves() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("sw");
    sweep(&dir, &["--no-charts"]).success();
    assert!(!dir.join("charts").exists());
    let base = doc(&dir);
    let opts = ChartOptions {
        width: 800,
        height: 450,
        dpi_scale: 1.0,
    };
    let draw = |d: &SweepDoc| {
        let figs = sweep_figures(d, &opts).unwrap();
        let names: Vec<&str> = figs.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "sweep_ceasefire_by_event.patron_loses_interest.probability",
                "sweep_ceasefire_by_actor.North.discount"
            ]
        );
        circles(&figs[0].figure.svg)
    };
    let before = draw(&base);
    // Point 4 (probability 0.02, patience 0.98): its share 30 percentage points lower.
    let mut moved = base.clone();
    let a = moved.points[4].agreements.get_mut("ceasefire").unwrap();
    assert!(a.share > 0.5, "{a:?}");
    a.share -= 0.3;
    let after = draw(&moved);
    assert_eq!(before.len(), after.len());
    let changed: Vec<usize> = (0..before.len())
        .filter(|&i| before[i] != after[i])
        .collect();
    assert_eq!(changed.len(), 1, "{before:?}\n{after:?}");
    let (b, a) = (before[changed[0]], after[changed[0]]);
    assert_eq!(a.0, b.0, "the point stays at its parameter value");
    // 30 points of share on a 0–100 axis some 200 pixels tall: lower on the page by 50 or more.
    assert!(a.1 - b.1 > 50, "{b:?} -> {a:?}");
    // A later median moves its point up the right panel.
    let mut later = base.clone();
    let a = later.points[4].agreements.get_mut("ceasefire").unwrap();
    a.date.median.at = Some(armistice::outcome::doc::TimeValue::Date(
        "2003-06-02".into(),
    ));
    let after = draw(&later);
    let changed: Vec<usize> = (0..before.len())
        .filter(|&i| before[i] != after[i])
        .collect();
    assert_eq!(changed.len(), 1);
    let (b, a) = (before[changed[0]], after[changed[0]]);
    assert!(a.0 == b.0 && a.1 < b.1, "{b:?} -> {a:?}");
}

#[test]
fn a_resumed_sweep_rebuilds_every_result_byte_for_byte() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("sw");
    sweep(&dir, &[]).success();
    let whole = results(&dir);
    assert_eq!(whole.len(), 8, "4 files and 2 charts (SVG + PNG)");
    // Lose a point and every result, as a crash before the end would; resume.
    std::fs::remove_file(dir.join("points/p000003.json")).unwrap();
    for f in ["sweep.json", "points_summary.csv"] {
        std::fs::remove_file(dir.join(f)).unwrap();
    }
    std::fs::remove_dir_all(dir.join("charts")).unwrap();
    sweep(&dir, &[]).success().stdout(predicate::str::contains(
        "(1 simulated now, 5 already done)",
    ));
    assert_eq!(results(&dir), whole);
    // Nothing to do: sweep.json is rebuilt from the points' records alone.
    std::fs::remove_file(dir.join("sweep.json")).unwrap();
    sweep(&dir, &[]).success().stdout(predicate::str::contains(
        "(0 simulated now, 6 already done)",
    ));
    assert_eq!(results(&dir), whole);
}

#[test]
fn a_sweeps_results_do_not_depend_on_the_thread_count() {
    let t = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    for threads in ["1", "3"] {
        let dir = t.path().join(format!("j{threads}"));
        let out = sweep(&dir, &["--threads", threads]).success();
        seen.push((out.get_output().stdout.clone(), results(&dir)));
    }
    assert!(
        seen[0] == seen[1],
        "the table or a file differs between -j1 and -j3"
    );
}

#[test]
fn chart_redraws_a_sweep_from_its_document_and_names_a_missing_key() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("sw");
    armistice()
        .args(["sweep", TOY, "--runs", "20"])
        .args(VARY)
        .arg("--out")
        .arg(&dir)
        .current_dir(repo(""))
        .assert()
        .success();
    let drawn = results(&dir);
    std::fs::remove_dir_all(dir.join("charts")).unwrap();
    armistice()
        .arg("chart")
        .arg(&dir)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "wrote 2 figures (PNG + SVG) from sweep.json",
        ));
    assert_eq!(results(&dir), drawn, "the same figures as the sweep drew");
    // A document that lacks a key is refused, naming it.
    let mut v: serde_json::Value = serde_json::from_slice(&read(dir.join("sweep.json"))).unwrap();
    v["points"][1]
        .as_object_mut()
        .unwrap()
        .remove("horizon")
        .unwrap();
    std::fs::write(dir.join("sweep.json"), v.to_string()).unwrap();
    armistice().arg("chart").arg(&dir).assert().code(2).stderr(
        predicate::str::contains("sweep.json")
            .and(predicate::str::contains("missing field `horizon`")),
    );
}

#[test]
fn a_sweep_of_an_earlier_format_is_refused_not_resumed() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("sw");
    sweep(&dir, &["--no-charts"]).success();
    let m = dir.join("manifest.json");
    let text = String::from_utf8(read(m.clone())).unwrap();
    assert!(text.contains("\"armistice-sweep-3\""), "{text}");
    std::fs::write(&m, text.replace("armistice-sweep-3", "armistice-sweep-2")).unwrap();
    sweep(&dir, &["--no-charts"])
        .code(2)
        .stderr(predicate::str::contains(
            "holds a sweep written by another version of armistice (its manifest.json is armistice-sweep-2",
        ));
    sweep(&dir, &["--no-charts", "--force"])
        .success()
        .stdout(predicate::str::contains(
            "(6 simulated now, 0 already done)",
        ));
}
