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
