//! Resource limits and hostile sizes: each is refused up front with exit 2 and a message saying how to
//! get under (or raise) the limit; nothing is written and nothing is killed by the OS.

use predicates::prelude::*;

use super::common::*;

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn validate_fails(text: &str, expect: &str) {
    let t = tempfile::tempdir().unwrap();
    let f = write(t.path(), "s.toml", text);
    armistice()
        .arg("validate")
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(expect))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn a_file_of_hundreds_of_megabytes_is_refused_without_reading_it() {
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("huge.toml");
    // Sparse: no disk space used, but 300 MB as far as the loader can tell.
    std::fs::File::create(&f)
        .unwrap()
        .set_len(300 << 20)
        .unwrap();
    armistice()
        .arg("validate")
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("scenario files are limited to"))
        .stderr(predicate::str::contains("ARMISTICE_MAX_SCENARIO_BYTES"));
}

#[test]
fn an_unreadable_file_is_an_input_error() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().unwrap();
    let f = write(t.path(), "s.toml", MINIMAL);
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&f).is_ok() {
        // Running as root: permissions do not stop us, so there is nothing to test.
        return;
    }
    armistice()
        .arg("validate")
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"))
        .stderr(predicate::str::contains("permissions"));
}

#[test]
fn absurd_counts_are_refused_with_the_limit() {
    let mut many_actors = MINIMAL.to_string();
    for i in 0..70 {
        many_actors.push_str(&format!(
            "\n[[actor]]\nid = \"x{i}\"\nside = \"A\"\nweights = {{ money = 1.0 }}\n"
        ));
    }
    validate_fails(&many_actors, "at most 64 are supported");
    let mut many_issues = MINIMAL.to_string();
    for i in 0..70 {
        many_issues.push_str(&format!(
            "\n[[issue]]\nid = \"i{i}\"\nmin = 0.0\nmax = 1.0\neffects = {{ a = {{ money = \"x\" }} }}\n"
        ));
    }
    validate_fails(&many_issues, "71 issues; at most 64");
    let mut many_options = MINIMAL.replace(
        "min = 0.0\nmax = 1.0\nstep = 0.1\neffects = { a = { money = \"x\" }, b = { money = \"1 - x\" } }",
        "",
    );
    for i in 0..10_002 {
        many_options.push_str(&format!("\n[[issue.options]]\nid = \"o{i}\"\n"));
    }
    // Options must follow their issue: move the issue's options to just after it.
    let (head, opts) = many_options.split_at(many_options.find("\n[[issue.options]]").unwrap());
    let head = head.replace("id = \"split\"\n", &format!("id = \"split\"\n{opts}\n"));
    validate_fails(&head, "10002 options; at most 10001");
    validate_fails(
        &MINIMAL.replace("horizon = 100", "horizon = 99999999999"),
        "at most 100000 are allowed",
    );
    validate_fails(
        &MINIMAL.replace("step = 0.1", "step = 1e-300"),
        "grid positions; at most",
    );
}

#[test]
fn hostile_nesting_is_an_error_not_a_crash() {
    // Deeply nested TOML arrays and inline tables, and expressions that would overflow a
    // recursive-descent parser's stack.
    let deep_array = format!(
        "{}{}",
        "x = ".to_string() + &"[".repeat(100_000),
        "]".repeat(100_000)
    );
    validate_fails(&deep_array, "error");
    let deep_table = "x = ".to_string() + &"{ a = ".repeat(50_000) + "1" + &" }".repeat(50_000);
    validate_fails(&deep_table, "error");
    for expr in [
        "(".repeat(100_000),
        "-".repeat(100_000) + "1",
        "not ".repeat(1000) + "1",
        vec!["1"; 100_000].join("+"),
    ] {
        let text = MINIMAL.replace("value = -0.05", &format!("value = \"{expr}\""));
        validate_fails(&text, "in `value`");
    }
}

#[test]
fn a_run_that_would_not_fit_in_memory_is_refused_before_it_starts() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("o");
    armistice()
        .args(["run", TOY, "--runs", "100", "--out"])
        .arg(&out)
        .env("ARMISTICE_MAX_MEMORY", "100K")
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("would need about"))
        .stderr(predicate::str::contains("ARMISTICE_MAX_MEMORY="));
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(t.path()).unwrap().count(), 0);
    armistice()
        .args(["run", TOY, "--runs", "100", "--out"])
        .arg(&out)
        .env("ARMISTICE_MAX_MEMORY", "lots")
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a size"));
    // With a budget too small for four blocks per thread but enough for one, the run still goes
    // through (fewer blocks at once), with the same result.
    let a = t.path().join("a");
    let b = t.path().join("b");
    for (dir, mem) in [(&a, "64G"), (&b, "3M")] {
        armistice()
            .args([
                "run",
                TOY,
                "--runs",
                "3000",
                "--quiet",
                "--threads",
                "2",
                "--out",
            ])
            .arg(dir)
            .env("ARMISTICE_MAX_MEMORY", mem)
            .current_dir(repo(""))
            .assert()
            .success();
    }
    assert_eq!(
        std::fs::read(a.join("summary.json")).unwrap(),
        std::fs::read(b.join("summary.json")).unwrap()
    );
}

#[test]
fn the_memory_estimate_grows_with_states_and_turns() {
    use armistice::batch::summary_bytes;
    let s = armistice::Scenario::from_toml("m.toml", MINIMAL).unwrap();
    let small = summary_bytes(&armistice::Model::new(s), true);
    let mut text = MINIMAL.replace("horizon = 100", "horizon = 100000");
    for i in 0..200 {
        text.push_str(&format!("\n[[state]]\nid = \"s{i}\"\ninitial = 0\n"));
    }
    let s = armistice::Scenario::from_toml("m.toml", &text).unwrap();
    let big = summary_bytes(&armistice::Model::new(s), true);
    assert!(big > 1000 * small);
    // 200 states × 100,000 turns of sketches: tens of GiB, refused on any ordinary machine.
    assert!(big > 20 << 30, "{big}");
}

#[test]
fn bad_arguments_are_refused_with_the_valid_range() {
    let t = tempfile::tempdir().unwrap();
    for (args, expect) in [
        (vec!["--runs", "0"], "out of range"),
        (vec!["--threads", "0"], "use 1 to 1024"),
        (vec!["--threads", "100000"], "use 1 to 1024"),
        (vec!["--shard", "3/3"], "0 <= K < N"),
        (
            vec!["--shard", "18446744073709551614/18446744073709551615"],
            "",
        ),
        (vec!["--runs", "many"], "invalid value"),
        (vec!["--set", "nonsense"], "is not PATH=VALUE"),
        (vec!["--set", "actor..x=1"], "empty part"),
    ] {
        let mut cmd = armistice();
        cmd.args(["run", TOY, "--quiet", "--out"])
            .arg(t.path().join("o"))
            .args(&args)
            .current_dir(repo(""));
        if expect.is_empty() {
            // An absurd but valid shard: one shard of many, with nothing to do, still succeeds.
            cmd.assert().success();
            continue;
        }
        cmd.assert()
            .code(2)
            .stderr(predicate::str::contains(expect))
            .stderr(predicate::str::contains("panicked").not());
    }
}

#[test]
fn unknown_set_paths_list_the_valid_choices_for_every_kind_of_table() {
    for (set, expect) in [
        ("nothing.x=1", "valid here: action, actor, agreement"),
        ("scenario.horizn=3", "unknown field `horizn`"),
        (
            "actor.Nobody.discount=0.9",
            "valid ids: South, North, Patron",
        ),
        ("actor.South.discont=0.9", "unknown field `discont`"),
        (
            "actor.South.weights.terrain=1",
            "unknown dimension `terrain`",
        ),
        ("actor.7.discount=0.9", "index 7 is out of range"),
        ("side.EAST.lead=South", "valid ids: SOUTH, NORTH"),
        ("issue.lines.step=0.5", "valid ids: line, prisoners"),
        (
            "issue.prisoners.options.none.label=x",
            "valid ids: all_for_all, commission, voluntary",
        ),
        ("agreement.truce.label=x", "valid ids: ceasefire"),
        (
            "flow.war.value=1",
            "valid ids: war_cost, war_cost_north, patron_gain",
        ),
        (
            "event.coup.probability=0.1",
            "valid ids: patron_loses_interest",
        ),
        ("action.bomb.cost.war=1", "valid ids: offensive"),
        ("state.frnt.initial=0.1", "valid ids: front"),
        (
            "dimension.land.label=x",
            "valid ids: territory, prisoners, war",
        ),
        ("observed.9.date=2001-01-01", "index 9 is out of range"),
        (
            "parameter.x.low=0",
            "entries without ids are addressed by index",
        ),
        ("actor.South=1", "is a table; name the key to set"),
        ("scenario.id.x=1", "is a value, not a table"),
        ("actor.South.discount=[1, 2", "is not a TOML value"),
        ("actor.South.discount=2", "strictly between 0 and 1"),
        ("actor.South.discount=nan", "strictly between 0 and 1"),
    ] {
        armistice()
            .args(["validate", TOY, "--set", set])
            .current_dir(repo(""))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expect))
            .stderr(predicate::str::contains("panicked").not());
    }
}

#[test]
fn several_independent_mistakes_are_reported_together() {
    let text = MINIMAL
        .replace("lead = \"b\"", "lead = \"bb\"")
        .replace("to = \"A\"", "to = \"AA\"")
        .replace("step = 0.1", "step = -0.1");
    let t = tempfile::tempdir().unwrap();
    let f = write(t.path(), "s.toml", &text);
    armistice()
        .arg("validate")
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown actor `bb`"))
        .stderr(predicate::str::contains(
            "`AA` is neither an actor nor a side",
        ))
        .stderr(predicate::str::contains("needs min < max and step > 0"))
        .stderr(predicate::str::contains("3 errors in the scenario"));
}

#[test]
fn an_output_directory_with_files_armistice_did_not_write_is_not_replaced() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("o");
    let run = || {
        let mut c = armistice();
        c.args(["run", TOY, "--runs", "10", "--quiet", "--out"])
            .arg(&out)
            .current_dir(repo(""));
        c
    };
    run().assert().success();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    run()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds `notes.txt`"))
        .stderr(predicate::str::contains("--force"));
    assert!(out.join("notes.txt").exists());
    run().arg("--force").assert().success();
    assert!(!out.join("notes.txt").exists());
    // An output path that is a file is refused too.
    let f = t.path().join("file");
    std::fs::write(&f, "x").unwrap();
    armistice()
        .args(["run", TOY, "--runs", "10", "--quiet", "--out"])
        .arg(&f)
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a directory"));
}

// ---- Hostile input, round two (issue 18, items 2, 4 and 9) ----

#[test]
fn an_absurd_sweep_grid_is_refused_at_once_with_its_size() {
    // Before: `:1000000000` grew to 23.7 GB and was OOM-killed, `:4294967295` aborted (exit 134).
    for (steps, expect) in [
        ("1000000000", "has 1000000000 points"),
        ("4294967295", "has 4294967295 points"),
    ] {
        armistice()
            .args(["sweep", TOY, "--runs", "1", "--vary"])
            .arg(format!("actor.North.discount=0.98..0.999:{steps}"))
            .current_dir(repo(""))
            .env("ARMISTICE_MAX_MEMORY", "1G")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expect))
            .stderr(predicate::str::contains("a sweep takes 1 to 1000000"));
    }
    // Points × runs is checked too, before anything is simulated or written.
    let t = tempfile::tempdir().unwrap();
    armistice()
        .args(["sweep", TOY, "--runs", "100000000", "--vary"])
        .arg("actor.North.discount=0.98..0.999:1000")
        .arg("--out")
        .arg(t.path().join("s"))
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("100000000000 runs"));
    assert!(!t.path().join("s").exists());
}

/// Runs `TOY` as `n` shards of `runs` runs into `dir/s0`… and returns the shard directories.
fn shards(dir: &std::path::Path, runs: u64, n: u64) -> Vec<std::path::PathBuf> {
    (0..n)
        .map(|k| {
            let d = dir.join(format!("s{k}"));
            armistice()
                .args([
                    "run",
                    TOY,
                    "--quiet",
                    "--no-charts",
                    "--seed",
                    "3",
                    "--runs",
                ])
                .arg(runs.to_string())
                .arg("--shard")
                .arg(format!("{k}/{n}"))
                .arg("--out")
                .arg(&d)
                .current_dir(repo(""))
                .assert()
                .success();
            d
        })
        .collect()
}

fn merge(dirs: &[std::path::PathBuf], out: &std::path::Path) -> assert_cmd::assert::Assert {
    armistice()
        .arg("merge")
        .args(dirs)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .assert()
}

#[test]
fn merge_refuses_a_truncated_or_damaged_shard_and_names_the_file() {
    let t = tempfile::tempdir().unwrap();
    let dirs = shards(t.path(), 3000, 3);
    merge(&dirs, &t.path().join("ok")).success();
    let csv = dirs[1].join("runs.csv");
    let good = std::fs::read(&csv).unwrap();
    // Truncated (before: exit 0 with spliced rows and a summary still claiming every run).
    std::fs::write(&csv, &good[..good.len() / 2]).unwrap();
    merge(&dirs, &t.path().join("m1"))
        .code(2)
        .stderr(predicate::str::contains(csv.display().to_string()))
        .stderr(predicate::str::contains("is damaged"));
    assert!(!t.path().join("m1").exists());
    // Same length, one byte changed.
    let mut bad = good.clone();
    let at = bad.len() / 2;
    bad[at] = if bad[at] == b'1' { b'2' } else { b'1' };
    std::fs::write(&csv, &bad).unwrap();
    merge(&dirs, &t.path().join("m2"))
        .code(2)
        .stderr(predicate::str::contains("CRC-32"));
    // Missing.
    std::fs::remove_file(&csv).unwrap();
    merge(&dirs, &t.path().join("m3"))
        .code(2)
        .stderr(predicate::str::contains("re-run that shard"));
    std::fs::write(&csv, &good).unwrap();
    // A partial.json whose run range does not match its shard number.
    let p = dirs[2].join("partial.json");
    let text = std::fs::read_to_string(&p).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["first_run"] = serde_json::json!(1);
    std::fs::write(&p, v.to_string()).unwrap();
    merge(&dirs, &t.path().join("m4"))
        .code(2)
        .stderr(predicate::str::contains("partial.json` is damaged"));
    // A summary whose quantile sketch lost its bins (merging it would index past them), or whose
    // counts exceed its runs: refused, not trusted.
    let sketch_store = |v: &serde_json::Value| {
        let k = &v["summary"]["payoffs"][0]["sketch"];
        if k["store"]["count"] != 0 {
            "store"
        } else {
            "negative_store"
        }
    };
    for (name, change) in [
        (
            "m6",
            &(|v: &mut serde_json::Value| {
                let store = sketch_store(v);
                v["summary"]["payoffs"][0]["sketch"][store]["bins"] = serde_json::json!([]);
            }) as &dyn Fn(&mut serde_json::Value),
        ),
        ("m7", &|v: &mut serde_json::Value| {
            v["summary"]["issue_last"][0] = serde_json::json!(u64::MAX);
        }),
    ] {
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        change(&mut v);
        std::fs::write(&p, v.to_string()).unwrap();
        merge(&dirs, &t.path().join(name))
            .code(2)
            .stderr(predicate::str::contains("partial.json"))
            .stderr(predicate::str::contains("damaged"));
        assert!(!t.path().join(name).exists());
    }
    std::fs::write(&p, text).unwrap();
    merge(&dirs, &t.path().join("m5")).success();
    assert_eq!(
        std::fs::read(t.path().join("ok/runs.csv")).unwrap(),
        std::fs::read(t.path().join("m5/runs.csv")).unwrap()
    );
}

#[test]
fn a_sweep_resumed_over_a_damaged_point_simulates_that_point_again() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("sw");
    let sweep = || {
        let mut c = armistice();
        c.args(["sweep", TOY, "--runs", "40", "--vary"])
            .arg("actor.North.discount=0.98..0.99:3")
            .arg("--out")
            .arg(&out)
            .current_dir(repo(""));
        c
    };
    sweep().assert().success();
    let whole = std::fs::read(out.join("runs.csv")).unwrap();
    let point = out.join("points/p000001.csv");
    let rows = std::fs::read(&point).unwrap();
    std::fs::write(&point, &rows[..rows.len() / 3]).unwrap();
    // Before: the truncated point was reused and runs.csv silently lost rows.
    sweep().assert().success().stdout(predicate::str::contains(
        "1 simulated now, 1 of them again because their files were damaged, 2 already done",
    ));
    assert_eq!(std::fs::read(out.join("runs.csv")).unwrap(), whole);
    assert_eq!(std::fs::read(&point).unwrap(), rows);
}

#[test]
fn an_output_path_under_a_file_is_a_usage_error() {
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("a");
    std::fs::write(&f, "x").unwrap();
    for args in [
        &["run", TOY, "--runs", "5"][..],
        &["tournament", TOY, "--strategies", "linear", "--runs", "5"],
        &[
            "sweep",
            TOY,
            "--runs",
            "5",
            "--vary",
            "actor.North.discount=0.98,0.99",
        ],
        &[
            "calibrate",
            TOY,
            "--runs",
            "5",
            "--rounds",
            "1",
            "--points",
            "2",
        ],
    ] {
        armistice()
            .args(args)
            .arg("--out")
            .arg(f.join("b"))
            .current_dir(repo(""))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("is a file, not a directory"));
    }
}

#[cfg(unix)]
#[test]
fn an_output_symlink_to_a_directory_is_written_through() {
    let t = tempfile::tempdir().unwrap();
    let real = t.path().join("real");
    std::fs::create_dir(&real).unwrap();
    let link = t.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    for _ in 0..2 {
        armistice()
            .args(["run", TOY, "--runs", "5", "--quiet", "--no-charts", "--out"])
            .arg(&link)
            .current_dir(repo(""))
            .assert()
            .success();
    }
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert!(
        real.join("summary.json").exists(),
        "the target holds the results"
    );
    // A link to nowhere is refused with a message, not followed into an error.
    let dangling = t.path().join("dangling");
    std::os::unix::fs::symlink(t.path().join("nowhere"), &dangling).unwrap();
    armistice()
        .args(["run", TOY, "--runs", "5", "--quiet", "--out"])
        .arg(&dangling)
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "symbolic link to a directory that does not exist",
        ));
}

#[cfg(unix)]
#[test]
fn a_scenario_file_whose_name_is_not_utf8_can_be_opened() {
    use std::os::unix::ffi::OsStrExt;
    let t = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"sc\xe9nario.toml");
    let f = t.path().join(name);
    std::fs::write(&f, MINIMAL).unwrap();
    armistice()
        .arg("validate")
        .arg(&f)
        .assert()
        .success()
        .stdout(predicate::str::contains("OK"));
    armistice()
        .args(["run", "--runs", "5", "--quiet", "--no-charts"])
        .arg(&f)
        .arg("--out")
        .arg(t.path().join("o"))
        .assert()
        .success();
    armistice()
        .args(["trace"])
        .arg(&f)
        .assert()
        .success()
        .stdout(predicate::str::contains("run 0"));
}

/// MINIMAL with side `B` vetoed by `n` actors that do not exist, all on one line.
fn unknown_vetoes(n: usize) -> String {
    let ids: Vec<String> = (0..n).map(|k| format!("\"u{k}\"")).collect();
    MINIMAL.replace(
        "id = \"B\"\nlead = \"b\"",
        &format!("id = \"B\"\nlead = \"b\"\nveto = [{}]", ids.join(", ")),
    )
}

#[test]
fn thousands_of_errors_on_one_long_line_print_a_bounded_report() {
    // Each error used to print the whole 90 KB line again: 1.3 GB of output for this file.
    let t = tempfile::tempdir().unwrap();
    let f = write(t.path(), "s.toml", &unknown_vetoes(10_000));
    let out = armistice()
        .arg("validate")
        .arg(&f)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.len() < 64 * 1024, "{} bytes of errors", err.len());
    assert_eq!(err.matches("unknown actor `u").count(), 50, "{err}");
    assert!(err.contains("… and 9950 more, not shown"), "{err}");
    assert!(err.contains("10000 errors in the scenario"), "{err}");
    // The line under each message is a window around the column, not the whole line.
    assert!(
        err.lines().all(|l| l.chars().count() < 200),
        "a long line was printed whole"
    );
    assert!(err.contains("\"u49\", \"u50\""), "{err}");
}

#[test]
fn special_files_are_refused_without_reading_them() {
    use std::time::Duration;
    #[cfg(unix)]
    for dev in ["/dev/zero", "/dev/urandom"] {
        armistice()
            .arg("validate")
            .arg(dev)
            .timeout(Duration::from_secs(30))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "is a character device, not a regular file",
            ));
    }
    let t = tempfile::tempdir().unwrap();
    let fifo = t.path().join("f.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here: nothing to test
    }
    // Opening a FIFO for reading blocks until a writer comes: it must be refused before that.
    armistice()
        .arg("validate")
        .arg(&fifo)
        .timeout(Duration::from_secs(30))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is a FIFO (named pipe), not a regular file",
        ));
}
