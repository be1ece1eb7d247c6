//! `armistice report`: one self-contained, deterministic HTML page with every section.

use predicates::prelude::*;

use super::common::*;

/// Every `<svg …>…</svg>` element of a page.
pub fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<svg") {
        let tail = &rest[i..];
        let end = tail.find("</svg>").expect("every <svg> is closed") + "</svg>".len();
        out.push(&tail[..end]);
        rest = &tail[end..];
    }
    out
}

/// Panics unless the page refers to nothing outside itself: no script, no stylesheet or image link,
/// every `href`/`src` an in-page anchor, no `url(…)` or `@import` in CSS. (The SVG namespace,
/// `xmlns="http://www.w3.org/2000/svg"`, is a name, not a resource.)
pub fn assert_self_contained(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script", "<link", "<img", "<iframe", "<object", "<embed", "<base", "@import", "url(",
        "<audio", "<video", "<source", "srcset=",
    ] {
        assert!(!lower.contains(bad), "the page contains `{bad}`");
    }
    // The one kind of link that leaves the page is the address of a cited work in the numbered
    // bibliography (issue 17.8): a plain link the reader may follow, never a resource the page loads.
    let work_link = "<a class=\"work\" rel=\"noreferrer\" href=\"";
    for attr in ["href=\"", "src=\"", "href='", "src='"] {
        for (i, _) in lower.match_indices(attr) {
            let value = &lower[i + attr.len()..];
            let work = attr == "href=\"" && lower[..i + attr.len()].ends_with(work_link);
            assert!(
                value.starts_with('#') || work,
                "a link or resource leaves the page: {}",
                &html[i..(i + 80).min(html.len())]
            );
        }
    }
    // Sources may cite web pages in their text; they stay text, never resources.
    for scheme in ["http:", "https:", "ftp:", "//"] {
        for attr in ["src=\"", "xlink:href=\""] {
            assert!(
                !lower.contains(&format!("{attr}{scheme}")),
                "`{attr}{scheme}` in the page"
            );
        }
    }
}

fn overlay(dir: &std::path::Path) -> std::path::PathBuf {
    let f = dir.join("keener.toml");
    std::fs::write(
        &f,
        format!(
            "[scenario]\nid = \"keener\"\nextends = \"{}\"\ntitle = \"The patron loses interest sooner\"\n\n[[event]]\nid = \"patron_loses_interest\"\nprobability = 0.04\n",
            repo(TOY).display()
        ),
    )
    .unwrap();
    f
}

#[test]
fn report_is_one_self_contained_page_with_every_section() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("korea.html");
    armistice()
        .args([
            "report",
            "korea_1951",
            "no_pow_stall",
            "--runs",
            "60",
            "--bootstrap",
            "50",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Reproduce: armistice report korea_1951 no_pow_stall --runs 60 --seed 1953 --bootstrap 50",
        ));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.trim_end().ends_with("</html>"));
    for id in [
        "command",
        "cast",
        "agreements",
        "issues",
        "payoffs",
        "dynamics",
        "fidelity",
        "counterfactuals",
        "chronicle",
        "sources",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "no section {id}"
        );
        assert!(
            html.contains(&format!("<a href=\"#{id}\">")),
            "no link to {id}"
        );
    }
    assert_self_contained(&html);
    // Every chart is inline SVG that parses as XML: the run's figures and the comparison.
    let figs = svgs(&html);
    assert!(figs.len() >= 10, "{} figures", figs.len());
    for svg in &figs {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("inline SVG: {e}"));
    }
    for needle in [
        "id=\"fig-agreement-armistice\"",
        "id=\"fig-issue-timeline\"",
        "id=\"fig-payoffs\"",
        "id=\"fig-event-timing\"",
        "id=\"fig-comparison-armistice\"",
        // The command, the fidelity table, the counterfactual's changes, the chronicle, the sources.
        "armistice report korea_1951 no_pow_stall --runs 60 --seed 1953 --bootstrap 50",
        "armistice compare korea_1951 no_pow_stall --runs 60 --seed 1953 --bootstrap 50",
        "<caption>Observed records</caption>",
        "actor PRC: weights = { pow_terms = 0.2 }",
        "<pre class=\"chronicle\">",
        "== 1951-",
        "docs/history.md",
        "Sources cited for individual parts of the scenario",
        "Median − history (days)",
    ] {
        assert!(html.contains(needle), "the page lacks `{needle}`");
    }
}

#[test]
fn report_is_byte_identical_across_thread_counts_and_to_standard_output() {
    let t = tempfile::tempdir().unwrap();
    let alt = overlay(t.path());
    let make = |threads: &str, out: &str| {
        armistice()
            .arg("report")
            .arg(repo(TOY))
            .arg(&alt)
            .args([
                "--runs",
                "120",
                "--bootstrap",
                "100",
                "-q",
                "--threads",
                threads,
            ])
            .args(["-o", out])
            .current_dir(t.path())
            .output()
            .unwrap()
    };
    let a = make("1", "a.html");
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    let b = make("2", "b.html");
    assert!(b.status.success());
    let a = std::fs::read(t.path().join("a.html")).unwrap();
    let b = std::fs::read(t.path().join("b.html")).unwrap();
    assert!(a == b, "the page differs between --threads 1 and 2");
    let stdout = make("2", "-");
    assert!(stdout.status.success());
    assert!(stdout.stdout == a, "-o - writes the same page");
    let html = String::from_utf8(a).unwrap();
    assert_self_contained(&html);
    assert!(html.contains("event patron_loses_interest: probability = 0.04"));
    assert!(html.contains("id=\"fig-comparison-ceasefire\""));
    // Nothing but the report was written (atomically: no temporary file is left behind).
    let mut names: Vec<String> = std::fs::read_dir(t.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.html", "b.html", "keener.toml"]);
}

#[test]
fn report_escapes_scenario_text_and_defaults_its_file_name() {
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("hostile.toml");
    let text = MINIMAL
        .replace(
            "id = \"mini\"",
            "id = \"mini\"\ntitle = \"<script>alert('x')</script> & Co\"\ndescription = \"<img src=http://evil.example/x.png> \\\"quoted\\\" </section>\"\nsources = [\"<a href='https://evil.example'>click</a>\"]",
        )
        .replace(
            "id = \"a\"\nside = \"A\"",
            "id = \"a\"\nname = \"O'Brien <b>bold</b>\"\nside = \"A\"",
        );
    std::fs::write(&f, text).unwrap();
    armistice()
        .args(["report"])
        .arg(&f)
        .args(["--runs", "30", "-q"])
        .current_dir(t.path())
        .assert()
        .success();
    let html = std::fs::read_to_string(t.path().join("mini_report.html")).unwrap();
    assert_self_contained(
        &html
            .replace("https://evil.example", "")
            .replace("http://evil.example", ""),
    );
    assert!(!html.contains("<script"));
    assert!(!html.contains("<img"));
    assert!(!html.contains("<b>bold"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"));
    assert!(html.contains("O&#39;Brien &lt;b&gt;bold&lt;/b&gt;"));
    assert!(html.contains("&lt;a href=&#39;https://evil.example&#39;&gt;click&lt;/a&gt;"));
    // One section closes per section: the description's `</section>` was escaped.
    assert_eq!(
        html.matches("<section ").count(),
        html.matches("</section>").count()
    );
    // No history and no alternatives: the sections say so instead of vanishing.
    assert!(html.contains("records no observed history"));
    assert!(html.contains("No alternatives were given"));
    for svg in svgs(&html) {
        roxmltree::Document::parse(svg).unwrap();
    }
}

#[test]
fn report_rejects_bad_input_with_exit_2() {
    armistice()
        .args(["report", "no_such_scenario"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("known embedded scenarios"));
    armistice()
        .args(["report", TOY, "--runs", "0"])
        .current_dir(repo(""))
        .assert()
        .code(2);
    armistice()
        .args(["report", TOY, "--chart-width", "50"])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--chart-width"));
    armistice()
        .args(["report", TOY, "--set", "actor.Nobody.discount=0.9"])
        .current_dir(repo(""))
        .assert()
        .code(2);
}

/// The text of every `<caption>` and `<figcaption>` of a page, tags removed.
fn captions(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in ["caption", "figcaption"] {
        let open = format!("<{tag}>");
        let close = format!("</{tag}>");
        for part in html.split(&open).skip(1) {
            let inner = part.split(&close).next().unwrap_or("");
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            out.push(text);
        }
    }
    out
}

/// Whether a text holds a parenthesis inside another: "(a (b))".
fn nested_parentheses(text: &str) -> bool {
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                if depth > 1 {
                    return true;
                }
            }
            ')' => depth -= 1,
            _ => {}
        }
    }
    false
}

#[test]
fn report_can_be_sent_short_chronicle_units_captions_and_print_breaks() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("korea.html");
    armistice()
        .args(["report", "korea_1951", "--runs", "40", "-q", "-o"])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();

    // A short chronicle by date, the full one collapsed under it.
    let chronicle = &html[html.find("<section id=\"chronicle\">").unwrap()..];
    let chronicle = &chronicle[..chronicle.find("</section>").unwrap()];
    assert!(chronicle.contains("<caption>Run 0 by date</caption>"));
    for kind in ["Settled", "Event", "Action", "Agreement", "End"] {
        assert!(
            chronicle.contains(&format!("<td>{kind}</td>")),
            "no {kind} in the short chronicle"
        );
    }
    assert!(chronicle.contains("The Armistice Agreement (signed at Panmunjom)"));
    assert!(chronicle.contains(" reached"));
    let details = chronicle
        .find("<details class=\"chronicle\"><summary>")
        .unwrap();
    assert!(
        chronicle.find("<pre class=\"chronicle\">").unwrap() > details,
        "the full chronicle is not inside <details>"
    );
    assert!(
        !chronicle.contains("<details open"),
        "the full chronicle is open"
    );
    // A veto or action that repeats is one row: far fewer rows than the trace has lines.
    let rows = chronicle.matches("<tr>").count();
    assert!(
        (5..=60).contains(&rows),
        "{rows} rows in the short chronicle"
    );

    // No caption puts parentheses inside parentheses.
    let caps = captions(&html);
    assert!(caps.len() > 10, "{} captions", caps.len());
    for c in &caps {
        assert!(
            !nested_parentheses(c),
            "doubled parentheses in a caption: {c}"
        );
    }
    assert!(nested_parentheses("a (b (c))") && !nested_parentheses("a (b) (c)"));

    // Every payoff dimension has a unit.
    let dims = &html[html.find("<caption>Payoff dimensions</caption>").unwrap()..];
    let dims = &dims[..dims.find("</table>").unwrap()];
    let body = &dims[dims.find("<tbody>").unwrap()..];
    let mut n = 0;
    for row in body.split("<tr>").skip(1) {
        let unit = row
            .split("<td>")
            .nth(3)
            .unwrap()
            .split("</td>")
            .next()
            .unwrap();
        assert!(
            !unit.trim().is_empty() && unit.trim() != "—",
            "a dimension without a unit: {row}"
        );
        n += 1;
    }
    assert!(n >= 5, "{n} dimensions");

    // On paper: headings, captions and table heads stay with what follows, rows stay whole, a long
    // table leaves neither its first nor its last row alone on a page, short tables stay whole.
    let print = &html[html.find("@media print").unwrap()..];
    for rule in [
        "h2, h3, caption, thead, summary { break-after: avoid;",
        "h2, h3, tr, figure, .keep { break-inside: avoid;",
        "tbody tr:nth-child(2), tbody tr:last-child { break-before: avoid;",
    ] {
        assert!(print.contains(rule), "the print style sheet lacks `{rule}`");
    }
    assert!(html.contains("<div class=\"scroll keep\"><table>\n<caption>Sides</caption>"));
}

#[test]
fn report_ends_with_a_numbered_bibliography_of_the_works_cited() {
    // Issue 17.8: the works a scenario cites, numbered, with their stable address as a link; each
    // part's source points to its numbers.
    let t = tempfile::tempdir().unwrap();
    let out = armistice()
        .arg("report")
        .arg(repo("scenarios/theory/rubinstein.toml"))
        .args(["--runs", "20", "-q", "-o", "r.html"])
        .current_dir(t.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(t.path().join("r.html")).unwrap();
    let bib = &html[html.find("<h3>Works cited</h3>").expect("a bibliography")..];
    let item = bib
        .find("<li id=\"ref-rubinstein1982\">")
        .map(|i| &bib[i..bib[i..].find("</li>").unwrap() + i])
        .expect("Rubinstein (1982) is listed");
    assert!(
        item.contains("Rubinstein") && item.contains("1982"),
        "{item}"
    );
    assert!(
        bib.starts_with("<h3>Works cited</h3>\n<ol class=\"bibliography\">"),
        "{}",
        &bib[..80]
    );
}
