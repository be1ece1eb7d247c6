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
