//! The report in a real browser: headless Chromium (Debian's `chromium` package) opens the page from
//! disk, takes a screenshot and logs its network activity. The screenshot must not be blank and the
//! page must load nothing from anywhere else.
//!
//! Without Chromium the test is skipped with a note, except under CI (`CI` set), where it fails: CI
//! installs Chromium (`.ci/run`), so a missing browser there is a broken setup, not a pass.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::common::*;

/// The Chromium binary on `PATH`, if any.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Chromium, or `None` after printing why the test is skipped (panics under CI).
pub(super) fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    match chromium() {
        Some(p) => Some(p),
        None if std::env::var_os("CI").is_some() => panic!(
            "{test}: `chromium` is not installed, and CI is set: install it (`apt-get install -y --no-install-recommends chromium`; .ci/run does) so the report is checked in a real browser"
        ),
        None => {
            eprintln!(
                "{test}: skipped: `chromium` is not on PATH (apt-get install chromium to run this check; under CI it is required)"
            );
            None
        }
    }
}

/// Opens `page` in headless Chromium with a fresh profile; returns (screenshot PNG, net log JSON).
fn open_in_chromium(chromium: &Path, page: &Path, work: &Path) -> (PathBuf, serde_json::Value) {
    let shot = work.join("shot.png");
    let netlog = work.join("netlog.json");
    let profile = work.join("profile");
    std::fs::create_dir_all(&profile).unwrap();
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let mut child = Command::new(chromium)
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
            "--hide-scrollbars",
            "--window-size=1280,4000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    // A guard against a hung browser, not an assertion on speed: give it a generous while.
    let mut waited = 0;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if waited >= 600 {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish with {url}");
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
        waited += 1;
    };
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut err);
    }
    assert!(status.success(), "chromium failed on {url}: {err}");
    assert!(shot.is_file(), "chromium wrote no screenshot: {err}");
    let text = std::fs::read_to_string(&netlog).expect("chromium wrote a net log");
    // A log cut short at exit lacks its closing brackets; the events before are whole.
    let log: serde_json::Value = serde_json::from_str(&text)
        .or_else(|_| serde_json::from_str(&format!("{}]}}", text.trim_end().trim_end_matches(','))))
        .expect("the net log is JSON");
    (shot, log)
}

/// URLs of network requests made on behalf of a page. Chromium makes requests of its own (component
/// updates, account checks) that no flag fully silences; those have no initiator ("not an origin") and
/// no page in their network isolation key, while a page's requests carry the page's origin (`null`
/// for a file) and `file://` in the key.
pub(super) fn page_requests(log: &serde_json::Value) -> Vec<String> {
    let types = &log["constants"]["logEventTypes"];
    let start = types["URL_REQUEST_START_JOB"].as_i64();
    let mut out = Vec::new();
    for e in log["events"].as_array().into_iter().flatten() {
        if e["type"].as_i64() != start {
            continue;
        }
        let p = &e["params"];
        let Some(url) = p["url"].as_str() else {
            continue;
        };
        let initiator = p["initiator"].as_str().unwrap_or("not an origin");
        let key = p["network_isolation_key"].as_str().unwrap_or("");
        if initiator != "not an origin" || key.contains("file://") {
            out.push(url.to_string());
        }
    }
    out
}

/// Requests that leave the file: anything but `file:`, `data:`, `about:` and Chromium's own pages.
pub(super) fn external(urls: &[String]) -> Vec<&String> {
    urls.iter()
        .filter(|u| {
            !["file:", "data:", "about:", "chrome:", "chrome-error:"]
                .iter()
                .any(|s| u.starts_with(s))
        })
        .collect()
}

/// (distinct colours, share of pixels that are not near-white) of a screenshot.
fn ink(png_path: &Path) -> (usize, f64) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let n = info.color_type.samples();
    let px = &buf[..info.buffer_size()];
    let mut colors = std::collections::BTreeSet::new();
    let mut inked = 0usize;
    let mut total = 0usize;
    for p in px.chunks(n) {
        let rgb = [p[0], p[1.min(n - 1)], p[2.min(n - 1)]];
        colors.insert(rgb);
        total += 1;
        if rgb.iter().any(|&c| c < 235) {
            inked += 1;
        }
    }
    (colors.len(), inked as f64 / total.max(1) as f64)
}

#[test]
fn the_report_renders_in_chromium_and_loads_nothing_from_elsewhere() {
    let Some(chromium) = chromium_or_skip("the_report_renders_in_chromium") else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let page = t.path().join("report.html");
    armistice()
        .args([
            "report",
            "korea_1951",
            "no_pow_stall",
            "--runs",
            "60",
            "--bootstrap",
            "50",
            "-q",
            "-o",
        ])
        .arg(&page)
        .assert()
        .success();

    // First the checker itself: a page that does fetch an image from the network must be caught.
    let bait = t.path().join("bait.html");
    std::fs::write(
        &bait,
        "<!DOCTYPE html><html><body><p>bait</p><img src=\"http://example.invalid/x.png\"></body></html>",
    )
    .unwrap();
    let bait_dir = t.path().join("bait");
    let (_, log) = open_in_chromium(&chromium, &bait, &bait_dir);
    let caught = page_requests(&log);
    assert!(
        external(&caught)
            .iter()
            .any(|u| u.contains("example.invalid")),
        "the net log check does not see a page's request: {caught:?}"
    );

    let work = t.path().join("report");
    let (shot, log) = open_in_chromium(&chromium, &page, &work);
    let requests = page_requests(&log);
    assert!(
        external(&requests).is_empty(),
        "the report made network requests: {:?}",
        external(&requests)
    );
    let (colors, share) = ink(&shot);
    assert!(colors > 64, "the screenshot looks blank: {colors} colours");
    assert!(
        share > 0.03,
        "the screenshot is almost all white: {:.1} % of pixels inked",
        share * 100.0
    );
    if let Some(keep) = std::env::var_os("ARMISTICE_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}
