//! Interrupting a long run (Ctrl-C, or SIGKILL) never leaves a half-written result behind.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::common::*;

/// Starts a run far too long to finish during the test.
fn start_long_run(out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_armistice"))
        .args(["run", TOY, "--runs", "5000000", "--quiet", "--out"])
        .arg(out)
        .current_dir(repo(""))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until the run has staged its output (it is writing runs.csv), then a little longer.
fn wait_until_writing(dir: &Path, child: &mut Child) {
    let start = Instant::now();
    loop {
        let staged = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains(".tmp-"));
        if staged || start.elapsed() > Duration::from_secs(20) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(1000));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run finished before it could be interrupted"
    );
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(child.id().to_string())
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -{sig} failed");
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn ctrl_c_mid_run_leaves_no_output_and_no_temporary_files() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("o");
    let mut child = start_long_run(&out);
    wait_until_writing(t.path(), &mut child);
    signal(&child, "INT");
    let status = child.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    assert!(!out.exists(), "a partial output directory remains");
    assert!(
        names(t.path()).is_empty(),
        "left behind: {:?}",
        names(t.path())
    );
}

#[test]
fn sigkill_mid_run_never_leaves_a_half_written_target_and_the_next_run_cleans_up() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("o");
    // An earlier, complete result, which the killed run must not damage.
    armistice()
        .args(["run", TOY, "--runs", "20", "--quiet", "--out"])
        .arg(&out)
        .current_dir(repo(""))
        .assert()
        .success();
    let before = std::fs::read(out.join("summary.json")).unwrap();
    let mut child = start_long_run(&out);
    wait_until_writing(t.path(), &mut child);
    signal(&child, "KILL");
    child.wait().unwrap();
    // The target holds the earlier result, complete; only the hidden staging sibling may remain.
    assert_eq!(std::fs::read(out.join("summary.json")).unwrap(), before);
    let csv = std::fs::read_to_string(out.join("runs.csv")).unwrap();
    assert_eq!(csv.lines().count(), 21);
    for n in names(t.path()) {
        assert!(n == "o" || n.starts_with(".o.tmp-"), "unexpected {n}");
    }
    // The next run into the same place removes the dead process's staging directory.
    armistice()
        .args(["run", TOY, "--runs", "10", "--quiet", "--out"])
        .arg(&out)
        .current_dir(repo(""))
        .assert()
        .success();
    assert_eq!(names(t.path()), vec!["o".to_string()]);
    let csv = std::fs::read_to_string(out.join("runs.csv")).unwrap();
    assert_eq!(csv.lines().count(), 11);
}

/// Waits until `dir` holds a staging directory of a running command, or fails.
fn wait_for_staging(dir: &Path, child: &mut Child) {
    let start = Instant::now();
    while !names(dir).iter().any(|n| n.contains(".tmp-")) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the command ended before it could be interrupted"
        );
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "nothing was staged"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[test]
fn merge_interrupted_by_sigint_or_sigterm_exits_130_and_leaves_nothing() {
    use std::io::Write;
    for sig in ["INT", "TERM"] {
        let t = tempfile::tempdir().unwrap();
        let mut dirs = Vec::new();
        for k in 0..2 {
            let d = t.path().join(format!("s{k}"));
            armistice()
                .args([
                    "run",
                    TOY,
                    "--runs",
                    "2100",
                    "--quiet",
                    "--no-charts",
                    "--shard",
                ])
                .arg(format!("{k}/2"))
                .arg("--out")
                .arg(&d)
                .current_dir(repo(""))
                .assert()
                .success();
            dirs.push(d);
        }
        // The second shard's rows come through a FIFO, a line at a time, so the merge is surely
        // still copying when the signal comes.
        let csv = dirs[1].join("runs.csv");
        let rows = std::fs::read(&csv).unwrap();
        std::fs::remove_file(&csv).unwrap();
        assert!(Command::new("mkfifo").arg(&csv).status().unwrap().success());
        let feeder = {
            let csv = csv.clone();
            std::thread::spawn(move || {
                let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&csv) else {
                    return;
                };
                for line in rows.split_inclusive(|&b| b == b'\n').cycle() {
                    if f.write_all(line).is_err() {
                        return; // the merge is gone
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            })
        };
        let out = t.path().join("m");
        let mut child = Command::new(env!("CARGO_BIN_EXE_armistice"))
            .arg("merge")
            .args(&dirs)
            .arg("--out")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_for_staging(t.path(), &mut child);
        std::thread::sleep(Duration::from_millis(200));
        signal(&child, sig);
        let status = child.wait().unwrap();
        feeder.join().unwrap();
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        assert_eq!(status.code(), Some(130), "SIG{sig}: {status:?} {err}");
        assert!(err.contains("interrupted"), "{err}");
        assert!(!out.exists());
        assert!(
            !names(t.path()).iter().any(|n| n.contains(".tmp-")),
            "SIG{sig} left {:?}",
            names(t.path())
        );
    }
}

#[test]
fn sigterm_stops_a_sweep_while_it_checks_its_points() {
    // 300,000 points: checking that each loads takes minutes, long enough to be interrupted in
    // that phase (before: SIGTERM was only noticed once simulation began).
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("sw");
    let mut child = Command::new(env!("CARGO_BIN_EXE_armistice"))
        .args([
            "sweep",
            TOY,
            "--runs",
            "1",
            "--vary",
            "actor.North.discount=0.9..0.999:300000",
        ])
        .arg("--out")
        .arg(&out)
        .current_dir(repo(""))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "the sweep ended early");
    signal(&child, "TERM");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("the sweep did not stop on SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(130));
    assert!(
        !out.exists(),
        "nothing is written before the points are checked"
    );
}
