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
    use armistice::batch::{Options, estimate};
    let s = armistice::Scenario::from_toml("m.toml", MINIMAL).unwrap();
    let small = estimate(
        &armistice::Model::new(s),
        Options {
            keep_runs: true,
            paths: true,
            wave: 0,
        },
    );
    let mut text = MINIMAL.replace("horizon = 100", "horizon = 100000");
    for i in 0..200 {
        text.push_str(&format!("\n[[state]]\nid = \"s{i}\"\ninitial = 0\n"));
    }
    let s = armistice::Scenario::from_toml("m.toml", &text).unwrap();
    let big = estimate(
        &armistice::Model::new(s),
        Options {
            keep_runs: true,
            paths: true,
            wave: 0,
        },
    );
    assert!(big.summary > 1000 * small.summary);
    // 200 states × 100,000 turns of sketches: tens of GiB, refused on any ordinary machine.
    assert!(big.summary > 20 << 30, "{big:?}");
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
