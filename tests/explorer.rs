//! The browser explorer (docs/explorer.md): the engine side gives the command line's numbers, the page
//! is one file that refers to nothing outside it, `explore` refuses bad input, and, in headless
//! Chromium, the page built by `scripts/explorer.sh` writes the summary `armistice run` writes and draws
//! the figures it draws.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use armistice::explorer::{self, Source, page};
use armistice::scenario::Override;
use predicates::prelude::*;
use serde_json::{Value, json};

use super::browser::{chromium_or_skip, external, page_requests};
use super::common::*;

fn source(spec: &str) -> Source {
    Source {
        spec: spec.into(),
        layers: None,
        overrides: Vec::new(),
    }
}

fn ask(request: Value) -> Value {
    let text = explorer::handle(&request.to_string(), &mut |_, _| {});
    serde_json::from_str(&text).expect("the engine answers JSON")
}

/// `summary.json` of `armistice run SPEC --runs N --seed S --set …`.
fn cli_summary(
    dir: &Path,
    spec: &str,
    runs: u64,
    seed: u64,
    sets: &[&str],
    charts: bool,
) -> String {
    let out = dir.join(format!(
        "cli-{}-{runs}-{seed}-{}",
        spec.replace('/', "_"),
        sets.len()
    ));
    let mut cmd = armistice();
    cmd.args([
        "run",
        spec,
        "--runs",
        &runs.to_string(),
        "--seed",
        &seed.to_string(),
        "-q",
    ]);
    for s in sets {
        cmd.args(["--set", s]);
    }
    if !charts {
        cmd.arg("--no-charts");
    }
    cmd.arg("--out").arg(&out).arg("--force").assert().success();
    std::fs::read_to_string(out.join("summary.json")).unwrap()
}

#[test]
fn the_engine_side_writes_the_summary_armistice_run_writes() {
    let t = tempfile::tempdir().unwrap();
    let cases: [(&str, Option<&str>, &[&str]); 3] = [
        ("korea_1951", None, &["actor.PRC.lambda=30"]),
        ("korea_1951", Some("stalin_lives"), &[]),
        ("ceasefire_toy", None, &[]),
    ];
    for (spec, overlay, sets) in cases {
        let answer = ask(json!({
            "op": "run", "source": source(spec), "overlay": overlay, "sets": sets,
            "runs": 150, "seed": "7",
        }));
        assert!(answer.get("error").is_none(), "{answer}");
        let cli = cli_summary(t.path(), overlay.unwrap_or(spec), 150, 7, sets, false);
        assert_eq!(
            answer["summary"].as_str().unwrap(),
            cli,
            "{spec} {overlay:?} {sets:?}"
        );
        assert!(answer["command"].as_str().unwrap().starts_with(&format!(
            "armistice run {} --runs 150 --seed 7",
            overlay.unwrap_or(spec)
        )));
        let names: Vec<&str> = answer["figures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("agreement_")),
            "{names:?}"
        );
        assert!(names.contains(&"payoffs"), "{names:?}");
    }
}

#[test]
fn a_batch_simulated_in_parts_by_several_workers_gives_the_summary_of_the_whole() {
    // The page splits a batch between two workers at any run (not only at a block's edge) and asks
    // one of them to merge the parts: the answer must be the batch's, byte for byte.
    for (spec, overlay, sets, runs, cuts) in [
        (
            "korea_1951",
            None,
            vec!["actor.PRC.lambda=30"],
            150u64,
            vec![0u64, 75, 150],
        ),
        // A counterfactual toggled: every part loads the overlay.
        (
            "korea_1951",
            Some("stalin_lives"),
            vec![],
            120,
            vec![0, 50, 120],
        ),
        (
            "ceasefire_toy",
            None,
            vec![],
            1100,
            vec![0, 1, 600, 1025, 1100],
        ),
    ] {
        let settings = json!({
            "source": source(spec), "overlay": overlay, "sets": sets, "runs": runs, "seed": "7",
        });
        let with = |extra: Value| {
            let mut r = settings.clone();
            r.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            r
        };
        let whole = ask(with(json!({"op": "run"})));
        assert!(whole.get("error").is_none(), "{whole}");
        let parts: Vec<String> = cuts
            .windows(2)
            .map(|w| {
                let a = ask(with(json!({"op": "part", "first": w[0], "end": w[1]})));
                assert!(a.get("error").is_none(), "{a}");
                let text = a["part"]
                    .as_str()
                    .expect("a part is the text of its summary");
                let part: Value = serde_json::from_str(text).unwrap();
                assert_eq!(part["summary"]["runs"], w[1] - w[0], "{spec} {w:?}");
                text.to_string()
            })
            .collect();
        let merged = ask(with(json!({"op": "run", "parts": parts})));
        assert!(merged.get("error").is_none(), "{merged}");
        assert_eq!(merged["summary"], whole["summary"], "{spec} {cuts:?}");
        assert_eq!(merged["figures"], whole["figures"], "{spec} {cuts:?}");
        assert_eq!(merged["cards"], whole["cards"], "{spec} {cuts:?}");
        // Parts that leave a gap, overlap or go beyond the batch, or whose summaries are damaged,
        // are refused as input errors (a damaged quantile sketch would otherwise be indexed out of
        // its bins when merged, and counts beyond the runs could overflow).
        let mut gap = parts.clone();
        gap.remove(0);
        let damaged = |change: &dyn Fn(&mut Value)| {
            let mut p: Value = serde_json::from_str(&parts[1]).unwrap();
            change(&mut p["summary"]);
            let mut all = parts.clone();
            all[1] = p.to_string();
            with(json!({"op": "run", "parts": all}))
        };
        // A field of the first payoff's sketch's store that holds values, changed.
        let in_store = |field: &str, value: Value| {
            damaged(&|v| {
                let k = &mut v["payoffs"][0]["sketch"];
                let store = if k["store"]["count"] != 0 {
                    "store"
                } else {
                    "negative_store"
                };
                k[store][field] = value.clone();
            })
        };
        let emptied = in_store("bins", json!([]));
        let keys = in_store("max_key", json!(2_000_000_000));
        let counts = damaged(&|v| v["agreed"] = json!(u64::MAX));
        let shape = damaged(&|v| {
            v["payoffs"].as_array_mut().unwrap().pop();
        });
        for (request, says) in [
            (emptied, "damaged quantile sketch"),
            (keys, "damaged quantile sketch"),
            (counts, "not a summary of this scenario"),
            (shape, "payoffs"),
            (with(json!({"op": "run", "parts": gap})), "do not cover"),
            (
                with(json!({"op": "run", "parts": [parts[0].clone()]})),
                "cover runs 0..",
            ),
            (
                with(json!({"op": "part", "first": 5, "end": runs + 1})),
                "within the batch",
            ),
            (
                with(json!({"op": "part", "first": 5, "end": 5})),
                "non-empty",
            ),
        ] {
            let a = ask(request.clone());
            assert_eq!(a["error"]["exit_code"], 2, "{a}");
            let m = a["error"]["message"].as_str().unwrap();
            assert!(m.contains(says), "`{m}` does not mention `{says}`");
        }
    }
}

#[test]
fn the_page_offers_a_slider_per_parameter_and_a_toggle_per_overlay_of_the_scenario() {
    let d = explorer::describe(&source("korea_1951")).unwrap();
    let s = armistice::Scenario::load("korea_1951", &[]).unwrap();
    let paths: Vec<&str> = d["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    let declared: Vec<&str> = s.parameters.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, declared);
    let overlays: Vec<&str> = d["overlays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert!(overlays.contains(&"stalin_lives"), "{overlays:?}");
    assert!(overlays.contains(&"no_pow_stall"), "{overlays:?}");
    // An overlay of another scenario (the 1950–51 cease-fire) is not offered.
    assert!(!overlays.contains(&"escalation_approved"), "{overlays:?}");
    // Flows are amounts per turn in their dimension's unit.
    let flow = d["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"].as_str().unwrap().starts_with("flow."))
        .unwrap();
    assert!(
        flow["unit"].as_str().unwrap().ends_with("per turn"),
        "{flow}"
    );

    let toy = explorer::describe(&source("ceasefire_toy")).unwrap();
    assert_eq!(toy["overlays"], json!([]));
    assert_eq!(toy["parameters"].as_array().unwrap().len(), 2);
    assert!(toy["parameters"][0]["value"].is_number(), "{toy}");
}

#[test]
fn bad_settings_from_the_page_come_back_as_input_errors_not_panics() {
    let bad = |request: Value, says: &str| {
        let a = ask(request.clone());
        let e = &a["error"];
        assert_eq!(e["exit_code"], 2, "{request} gave {a}");
        let m = e["message"].as_str().unwrap();
        assert!(
            m.contains(says),
            "{request}: `{m}` does not mention `{says}`"
        );
    };
    let base = |extra: Value| {
        let mut r = json!({"op": "run", "source": source("ceasefire_toy"), "runs": 20, "seed": 1});
        r.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        r
    };
    bad(
        base(json!({"sets": ["actor.Nobody.discount=0.9"]})),
        "Nobody",
    );
    bad(base(json!({"sets": ["no equals sign"]})), "PATH=VALUE");
    bad(base(json!({"runs": 0})), "runs");
    bad(base(json!({"seed": "x1"})), "seed");
    bad(
        base(json!({"overlay": "stalin_lives"})),
        "not a counterfactual overlay",
    );
    bad(json!({"op": "fly"}), "cannot read");
    let a = ask(json!("not even an object"));
    assert_eq!(a["error"]["exit_code"], 2);
}

#[test]
fn the_page_compares_as_armistice_compare_does() {
    let answer = ask(json!({
        "op": "compare", "source": source("ceasefire_toy"),
        "sets": ["actor.North.discount=0.97"], "runs": 200, "seed": 3, "bootstrap": 200,
    }));
    assert!(answer.get("error").is_none(), "{answer}");
    let command = answer["command"].as_str().unwrap();
    assert!(
        command.contains("--variant adjusted:actor.North.discount=0.97"),
        "{command}"
    );
    let out = armistice()
        .args([
            "compare",
            "ceasefire_toy",
            "--variant",
            "adjusted:actor.North.discount=0.97",
            "--runs",
            "200",
            "--seed",
            "3",
            "--bootstrap",
            "200",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["comparison"]["outcomes"], cli["outcomes"]);
    assert_eq!(answer["comparison"]["distributions"], cli["distributions"]);
    assert!(!answer["figures"].as_array().unwrap().is_empty());

    // Nothing changed: nothing to compare.
    let same =
        ask(json!({"op": "compare", "source": source("ceasefire_toy"), "runs": 20, "seed": 3}));
    assert_eq!(same["comparison"], Value::Null);
    // An overlay with a slider moved is compared too, though no command line spells it.
    let both = ask(json!({
        "op": "compare", "source": source("korea_1951"), "overlay": "stalin_lives",
        "sets": ["actor.PRC.lambda=30"], "runs": 40, "seed": 3, "bootstrap": 50,
    }));
    assert!(both.get("error").is_none(), "{both}");
    assert_eq!(both["command"], Value::Null);
    assert_eq!(
        both["comparison"]["variants"][1]["name"],
        "stalin_lives, adjusted"
    );
}

#[test]
fn a_page_for_a_scenario_file_carries_the_files_it_extends() {
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("keen.toml");
    std::fs::write(
        &f,
        format!(
            "[scenario]\nid = \"keen\"\nextends = \"{}\"\n\n[[event]]\nid = \"patron_loses_interest\"\nprobability = 0.04\n",
            repo(TOY).display()
        ),
    )
    .unwrap();
    let spec = f.to_str().unwrap();
    let ov = vec![Override::parse("actor.North.discount=0.97").unwrap()];
    let src = page::source(spec, &ov).unwrap();
    let layers = src.layers.clone().expect("a file's page carries its texts");
    assert_eq!(layers.len(), 2, "{layers:?}");
    assert!(layers[1].text.contains("[scenario]"));
    // The page's default slider values are the file's, after the build's overrides.
    let d = explorer::describe(&src).unwrap();
    assert!(d["parameters"][0]["value"].is_number(), "{d}");
    let answer = ask(json!({"op": "run", "source": src, "runs": 60, "seed": 5}));
    let cli = cli_summary(t.path(), spec, 60, 5, &["actor.North.discount=0.97"], false);
    assert_eq!(answer["summary"].as_str().unwrap(), cli);
}

/// A stand-in module with the engine's exports (the real one needs the wasm target).
fn fake_wasm() -> Vec<u8> {
    let mut w = b"\0asm\x01\0\0\0".to_vec();
    for name in page::EXPORTS {
        w.extend_from_slice(name.as_bytes());
    }
    w
}

#[test]
fn the_page_is_one_file_that_refers_to_nothing_outside_it() {
    let page = page::build(&source("korea_1951"), &fake_wasm()).unwrap();
    let html = &page.html;
    assert!(!html.contains("{{"), "a placeholder is left");
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("default-src 'none'"));
    let lower = html.to_ascii_lowercase();
    for bad in ["<link", "<img", "<iframe", " src=\"http", " href=\"http"] {
        assert!(!lower.contains(bad), "the page contains `{bad}`");
    }
    let style = &lower[lower.find("<style>").unwrap()..lower.find("</style>").unwrap()];
    for bad in ["@import", "url(", "@font-face"] {
        assert!(!style.contains(bad), "the page's CSS contains `{bad}`");
    }
    // Every script is inline.
    for (i, _) in lower.match_indices("<script") {
        let tag = &lower[i..i + lower[i..].find('>').unwrap()];
        assert!(!tag.contains("src="), "{tag}");
    }
    // The scenario's text cannot close the <script> that holds the description.
    let config_start = html.find("id=\"config\">").unwrap();
    let config =
        &html[config_start..config_start + html[config_start..].find("</script>").unwrap()];
    assert!(
        !config[12..].contains('<'),
        "unescaped `<` in the description"
    );
    // The same inputs give the same bytes.
    assert_eq!(
        page::build(&source("korea_1951"), &fake_wasm())
            .unwrap()
            .html,
        page.html
    );
}

#[test]
fn explore_refuses_what_is_not_the_engine_and_writes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("page.html");
    armistice()
        .args(["explore", "ceasefire_toy", "--wasm"])
        .arg(repo("Cargo.toml"))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a WebAssembly module"))
        .stderr(predicate::str::contains("scripts/explorer.sh"));
    armistice()
        .args(["explore", "ceasefire_toy", "--wasm"])
        .arg(t.path().join("missing.wasm"))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.wasm"));
    let fake = t.path().join("fake.wasm");
    std::fs::write(&fake, fake_wasm()).unwrap();
    armistice()
        .args(["explore", "no_such_world", "--wasm"])
        .arg(&fake)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no_such_world"));
    armistice()
        .args([
            "explore",
            "ceasefire_toy",
            "--set",
            "actor.Nobody.discount=0.9",
            "--wasm",
        ])
        .arg(&fake)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    assert!(!out.exists(), "a refused page was written");
    armistice()
        .args(["explore", "ceasefire_toy", "--wasm"])
        .arg(&fake)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert!(out.is_file());
}

// ------------------------------------------------------------------------------------------------
// In a real browser
// ------------------------------------------------------------------------------------------------

/// Builds a page with `scripts/explorer.sh` (the engine for WebAssembly in its own target directory,
/// the page by this test's `armistice`). `None` if the wasm target cannot be installed here (a
/// failure under CI).
fn explorer_page(spec: &str, out: &Path) -> Option<PathBuf> {
    let bin = assert_cmd::cargo::cargo_bin("armistice");
    let result = Command::new("bash")
        .arg(repo("scripts/explorer.sh"))
        .args([spec, out.to_str().unwrap()])
        .env("ARMISTICE", &bin)
        // Apart from the target directory this test binary was built in, which cargo holds.
        .env("CARGO_TARGET_DIR", repo("target/explorer-test"))
        .stdin(Stdio::null())
        .output()
        .expect("bash runs");
    let err = String::from_utf8_lossy(&result.stderr);
    if !result.status.success() && err.contains("cannot install the Rust target") {
        assert!(
            std::env::var_os("CI").is_none(),
            "the explorer's browser test needs the wasm target, and CI is set: {err}"
        );
        eprintln!("the explorer's browser test: skipped: {err}");
        return None;
    }
    assert!(
        result.status.success(),
        "scripts/explorer.sh {spec} failed:\n{err}"
    );
    Some(out.to_path_buf())
}

/// Opens `url` in headless Chromium until its virtual-time budget runs out; returns the DOM and the
/// net log.
fn dump_dom(chromium: &Path, url: &str, work: &Path) -> (String, Value) {
    std::fs::create_dir_all(work.join("profile")).unwrap();
    let netlog = work.join("netlog.json");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            // Virtual time: a generous budget, not a measure of speed; the page holds it while it works.
            "--virtual-time-budget=600000",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.join("profile").display()
        ))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(url)
        .stdin(Stdio::null())
        .output()
        .expect("chromium starts");
    assert!(
        out.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&netlog).expect("chromium wrote a net log");
    let log: Value = serde_json::from_str(&text)
        .or_else(|_| serde_json::from_str(&format!("{}]}}", text.trim_end().trim_end_matches(','))))
        .expect("the net log is JSON");
    (String::from_utf8_lossy(&out.stdout).into_owned(), log)
}

/// The text of the element `<TAG id="ID" …>…</TAG>`, unescaped.
fn element_text(dom: &str, tag: &str, id: &str) -> String {
    let open = format!("<{tag} id=\"{id}\"");
    let at = dom
        .find(&open)
        .unwrap_or_else(|| panic!("no {open} in the page"));
    let start = at + dom[at..].find('>').unwrap() + 1;
    let end = start + dom[start..].find(&format!("</{tag}>")).unwrap();
    dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// `(name, 32-bit FNV-1a)` of every figure the page drew (`data-name`, `data-fnv`).
fn page_figures(dom: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, _) in dom.match_indices("data-name=\"") {
        let rest = &dom[i + 11..];
        let name = &rest[..rest.find('"').unwrap()];
        let f = rest.find("data-fnv=\"").unwrap() + 10;
        out.push((name.to_string(), rest[f..f + 8].to_string()));
    }
    out
}

fn fnv1a(bytes: &[u8]) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

/// One view of a page: `?runs=…&seed=…[&overlay=…][&set=…]`, and the spec `armistice run` names it by.
struct View<'a> {
    overlay: Option<&'a str>,
    cli_spec: &'a str,
    runs: u64,
    seed: u64,
    sets: &'a [&'a str],
}

/// Opens the page at `view`, checks its summary and figures against `armistice run` and that it loaded
/// nothing from elsewhere.
fn check_page(chromium: &Path, page: &Path, view: &View, work: &Path) {
    let mut query = format!("runs={}&seed={}", view.runs, view.seed);
    if let Some(o) = view.overlay {
        query.push_str(&format!("&overlay={o}"));
    }
    for s in view.sets {
        query.push_str(&format!("&set={s}"));
    }
    let url = format!("file://{}?{query}", page.canonicalize().unwrap().display());
    let (dom, log) = dump_dom(chromium, &url, work);
    assert!(
        dom.contains("data-state=\"done\""),
        "{url} did not finish: {}",
        element_text(&dom, "div", "error")
    );
    // A batch of 500 runs or more is split between the page's workers where there are two cores.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if view.runs >= 500 && cores >= 2 {
        assert!(
            !dom.contains("data-workers=\"1\"") && dom.contains("data-workers=\""),
            "{url}: the batch was not split between workers"
        );
    }
    let summary = element_text(&dom, "pre", "summary");
    let (spec, runs, seed) = (view.cli_spec, view.runs, view.seed);
    let cli = cli_summary(work, spec, runs, seed, view.sets, true);
    let p: Value = serde_json::from_str(&summary).unwrap();
    let c: Value = serde_json::from_str(&cli).unwrap();
    // What the issue requires, then everything.
    assert_eq!(p["agreements"], c["agreements"], "{url}: agreements");
    assert_eq!(p["issues"], c["issues"], "{url}: issues");
    assert_eq!(
        summary, cli,
        "{url}: summary.json differs from the command line's"
    );
    let figures = page_figures(&dom);
    assert!(figures.len() >= 4, "{url}: {figures:?}");
    let charts = work
        .join(format!(
            "cli-{}-{runs}-{seed}-{}",
            spec.replace('/', "_"),
            view.sets.len()
        ))
        .join("charts");
    for (name, hash) in &figures {
        if name.starts_with("comparison_") {
            continue;
        }
        let svg = std::fs::read(charts.join(format!("{name}.svg"))).unwrap();
        assert_eq!(
            &fnv1a(&svg),
            hash,
            "{url}: figure {name} differs from the command line's"
        );
    }
    let requests = page_requests(&log);
    assert!(
        external(&requests).is_empty(),
        "{url} made requests: {:?}",
        external(&requests)
    );
}

#[test]
fn in_chromium_the_page_gives_the_summary_and_figures_of_armistice_run() {
    let Some(chromium) = chromium_or_skip("the explorer's browser test") else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let Some(korea) = explorer_page("korea_1951", &t.path().join("korea.html")) else {
        return;
    };
    let toy = explorer_page(TOY, &t.path().join("toy.html")).unwrap();
    assert!(
        std::fs::metadata(&korea).unwrap().len() < 3 * 1024 * 1024,
        "the page is over its 3 MB budget"
    );
    let work = |n: &str| {
        let w = t.path().join(n);
        std::fs::create_dir_all(&w).unwrap();
        w
    };
    let views = [
        (
            &korea,
            "k1",
            View {
                overlay: None,
                cli_spec: "korea_1951",
                runs: 300,
                seed: 7,
                sets: &["actor.PRC.lambda=30"],
            },
        ),
        (
            &korea,
            "k2",
            View {
                overlay: Some("stalin_lives"),
                cli_spec: "stalin_lives",
                runs: 200,
                seed: 11,
                sets: &[],
            },
        ),
        (
            &toy,
            "t1",
            View {
                overlay: None,
                cli_spec: TOY,
                // Enough runs for the page to split the batch between its workers (where the
                // machine has two cores or more), one part across a block's edge.
                runs: 1100,
                seed: 3,
                sets: &[],
            },
        ),
    ];
    for (page, name, view) in &views {
        check_page(&chromium, page, view, &work(name));
    }
}
