//! Byte-identical outputs across runs, thread counts and shard splits.

use super::common::*;

fn run_to(dir: &std::path::Path, extra: &[&str]) {
    let mut c = armistice();
    c.args([
        "run", TOY, "--runs", "2500", "--seed", "9", "--quiet", "--out",
    ])
    .arg(dir)
    .args(extra);
    c.current_dir(repo("")).assert().success();
}

#[test]
fn outputs_are_identical_across_thread_counts() {
    let t = tempfile::tempdir().unwrap();
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    run_to(&a, &["--threads", "1"]);
    run_to(&b, &["--threads", "2"]);
    for f in ["runs.csv", "summary.json"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn sharded_runs_merge_to_the_same_bytes() {
    let t = tempfile::tempdir().unwrap();
    let whole = t.path().join("whole");
    run_to(&whole, &[]);
    let mut dirs = Vec::new();
    for k in 0..3 {
        let d = t.path().join(format!("shard-{k}"));
        run_to(&d, &["--shard", &format!("{k}/3")]);
        dirs.push(d);
    }
    let merged = t.path().join("merged");
    armistice()
        .arg("merge")
        .args(&dirs)
        .arg("--out")
        .arg(&merged)
        .arg("--quiet")
        .assert()
        .success();
    for f in ["runs.csv", "summary.json"] {
        assert_eq!(
            std::fs::read(whole.join(f)).unwrap(),
            std::fs::read(merged.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn empty_shards_and_shuffled_merge_order_still_give_the_same_bytes() {
    // 1500 runs are two blocks: with four shards, two shards are empty.
    let t = tempfile::tempdir().unwrap();
    let run = |dir: &std::path::Path, extra: &[&str]| {
        armistice()
            .args([
                "run", TOY, "--runs", "1500", "--seed", "4", "--quiet", "--out",
            ])
            .arg(dir)
            .args(extra)
            .current_dir(repo(""))
            .assert()
            .success();
    };
    let whole = t.path().join("whole");
    run(&whole, &[]);
    let dirs: Vec<_> = (0..4).map(|k| t.path().join(format!("s{k}"))).collect();
    for (k, d) in dirs.iter().enumerate() {
        run(d, &["--shard", &format!("{k}/4")]);
    }
    let merged = t.path().join("m");
    armistice()
        .arg("merge")
        .args([&dirs[3], &dirs[1], &dirs[2], &dirs[0]])
        .arg("--out")
        .arg(&merged)
        .arg("--quiet")
        .assert()
        .success();
    for f in ["runs.csv", "summary.json"] {
        assert_eq!(
            std::fs::read(whole.join(f)).unwrap(),
            std::fs::read(merged.join(f)).unwrap(),
            "{f}"
        );
    }
    armistice()
        .arg("merge")
        .args([&dirs[0], &dirs[0], &dirs[1], &dirs[2], &dirs[3]])
        .arg("--out")
        .arg(t.path().join("x"))
        .assert()
        .code(2);
    armistice()
        .arg("merge")
        .args([&dirs[0], &dirs[1], &dirs[2]])
        .arg("--out")
        .arg(t.path().join("y"))
        .assert()
        .code(2);
}

/// Runs `spec` into `dir` with extra arguments.
fn run_spec(spec: &str, runs: &str, dir: &std::path::Path, extra: &[&str]) {
    armistice()
        .args([
            "run",
            spec,
            "--runs",
            runs,
            "--seed",
            "1",
            "--quiet",
            "--no-charts",
        ])
        .args(extra)
        .arg("--out")
        .arg(dir)
        .current_dir(repo(""))
        .assert()
        .success();
}

/// Runs `spec` whole and in `n` shards, merges the shards, and compares the bytes.
fn assert_shards_merge_to_the_whole(spec: &str, runs: &str, n: u64, t: &std::path::Path) {
    let whole = t.join(format!("{spec}-whole"));
    if !whole.exists() {
        run_spec(spec, runs, &whole, &[]);
    }
    let dirs: Vec<_> = (0..n)
        .map(|k| {
            let d = t.join(format!("{spec}-{k}of{n}"));
            run_spec(spec, runs, &d, &["--shard", &format!("{k}/{n}")]);
            d
        })
        .collect();
    let merged = t.join(format!("{spec}-merged{n}"));
    armistice()
        .arg("merge")
        .args(&dirs)
        .arg("--out")
        .arg(&merged)
        .arg("--quiet")
        .assert()
        .success();
    for f in ["runs.csv", "summary.json"] {
        assert!(
            std::fs::read(whole.join(f)).unwrap() == std::fs::read(merged.join(f)).unwrap(),
            "{spec}, {n} shards: {f} differs from the unsharded run"
        );
    }
}

#[test]
fn korea_1950_shards_merge_to_the_same_bytes_where_a_float_once_lost_its_last_bit() {
    // Before serde_json's float_roundtrip, summary.json differed at
    // distributions.paths.macarthur_dissent (0.44999999999999996 vs 0.45).
    let t = tempfile::tempdir().unwrap();
    assert_shards_merge_to_the_whole("korea_1950", "2048", 2, t.path());
}

#[test]
fn every_shipped_scenario_merges_to_the_same_bytes_in_2_3_and_5_shards() {
    // 2100 runs are three blocks: 2 shards cut 1 | 2 blocks, 3 shards one block each, 5 shards
    // leave two shards empty.
    let t = tempfile::tempdir().unwrap();
    for e in armistice::scenario::embedded::ALL {
        for n in [2, 3, 5] {
            assert_shards_merge_to_the_whole(e.name, "2100", n, t.path());
        }
    }
}

/// The store of solutions forgets and recomputes when it is full: what it keeps changes the time a
/// batch takes, never a run (a store a thousand times too small gives the same runs as a roomy one).
#[test]
fn a_store_too_small_to_keep_anything_gives_the_same_runs() {
    use armistice::engine::{Model, Simulation};
    let load = || {
        Model::new(
            armistice::Scenario::load(repo("scenarios/korea_1951.toml").to_str().unwrap(), &[])
                .unwrap(),
        )
    };
    let (roomy, tiny) = (load(), load());
    assert_eq!(tiny.limit_store(64 << 10), 64 << 10);
    // A batch's own cap (a quarter of its memory limit) does not raise it again.
    assert_eq!(tiny.limit_store(1 << 30), 64 << 10);
    for r in 0..12 {
        let a = Simulation::new(&roomy, 5, r).run();
        let b = Simulation::new(&tiny, 5, r).run();
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "run {r}");
    }
    let ((ca, _), (cb, _)) = (roomy.solver_stats(), tiny.solver_stats());
    assert!(
        cb > ca,
        "the tiny store recomputed nothing ({cb} vs {ca} solutions)"
    );
}
