//! Bad input: every error path exits 2 with file, line, column and a hint; nothing panics.
//! The corpus in `tests/bad_inputs/` has one file per failure class; its first line says what the
//! message must contain: `# expect: <fragment>`.

use predicates::prelude::*;

use super::common::*;

#[test]
fn every_bad_input_gets_a_located_error_and_exit_2() {
    let dir = repo("tests/bad_inputs");
    let mut n = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for p in files {
        // Some inputs are deliberately not UTF-8; only their first line must be.
        let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{} lacks `# expect:`", p.display()))
            .to_string();
        let out = armistice().arg("validate").arg(&p).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {err}", p.display());
        assert!(
            err.contains(&expect),
            "{}: expected `{expect}` in:\n{err}",
            p.display()
        );
        // Every problem has a place in the file and a hint; the last line ("FILE: invalid") is
        // the command's summary.
        let blocks: Vec<&str> = err.split("error: ").filter(|b| !b.is_empty()).collect();
        for block in &blocks[..blocks.len() - 1] {
            let numbered = block
                .lines()
                .skip(1)
                .any(|l| l.trim_start().starts_with("-->"));
            assert!(
                numbered && block.contains("= help:"),
                "{}: a diagnostic without a location or a hint:\nerror: {block}",
                p.display()
            );
        }
        assert!(!err.contains("panicked"), "{}", p.display());
        n += 1;
    }
    assert!(n >= 55, "only {n} bad inputs");
}

#[test]
fn errors_point_at_line_and_column() {
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("s.toml");
    std::fs::write(&f, MINIMAL.replace("lead = \"b\"", "lead = \"bb\"")).unwrap();
    armistice()
        .arg("validate")
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown actor `bb`"))
        .stderr(predicate::str::contains("s.toml:15:8"))
        .stderr(predicate::str::contains("did you mean `b`?"));
}

#[test]
fn binary_files_directories_and_missing_files_are_input_errors() {
    let t = tempfile::tempdir().unwrap();
    let bin = t.path().join("x.toml");
    std::fs::write(&bin, [0xff, 0xfe, 0x00, 0x12]).unwrap();
    armistice()
        .arg("validate")
        .arg(&bin)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not UTF-8"));
    armistice()
        .arg("validate")
        .arg(t.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("directory"));
    armistice()
        .arg("validate")
        .arg(t.path().join("missing.toml"))
        .assert()
        .code(2);
}

#[test]
fn extends_cycles_are_reported() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("a.toml"),
        "[scenario]\nid = \"a\"\nextends = \"b.toml\"\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join("b.toml"),
        "[scenario]\nid = \"b\"\nextends = \"a.toml\"\n",
    )
    .unwrap();
    armistice()
        .arg("validate")
        .arg(t.path().join("a.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cycle"));
}

#[test]
fn overlays_patch_tables_by_id() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("base.toml"), MINIMAL).unwrap();
    std::fs::write(
        t.path().join("cf.toml"),
        "[scenario]\nid = \"cf\"\nextends = \"base.toml\"\n\n[[actor]]\nid = \"a\"\ndiscount = 0.5\n\n[[flow]]\nid = \"delay_b\"\nremove = true\n",
    )
    .unwrap();
    let s = armistice::Scenario::load(t.path().join("cf.toml").to_str().unwrap(), &[]).unwrap();
    assert_eq!(s.id, "cf");
    assert_eq!(s.actors[0].discount, 0.5);
    assert_eq!(s.actors[0].weights, vec![1.0]);
    assert_eq!(s.flows.len(), 1);
}
