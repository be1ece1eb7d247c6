//! The text table printed by `armistice compare`.

use std::fmt::Write;

use super::super::bootstrap::Estimate;
use super::super::{Kind, shift_unit};
use super::{Comparison, Difference, Row};
use crate::scenario::Override;

fn signed(x: f64, decimals: usize) -> String {
    let s = format!("{x:+.decimals$}");
    // `-0` reads as a change; a zero difference is printed as 0.
    if s.trim_start_matches(['+', '-'])
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        format!("{:.decimals$}", 0.0)
    } else {
        s
    }
}

/// Whether a difference is exactly zero with a [0, 0] interval (or absent).
fn is_zero(e: &Option<Estimate>) -> bool {
    e.as_ref()
        .is_none_or(|e| e.estimate == Some(0.0) && e.ci == Some((0.0, 0.0)))
}

/// Whether every alternative that has this outcome shows exactly no difference.
fn unchanged(r: &Row) -> bool {
    let diffs: Vec<&Difference> = r.diffs.iter().flatten().collect();
    !diffs.is_empty()
        && diffs
            .iter()
            .all(|d| is_zero(&d.change) && is_zero(&d.shift))
}

fn est_text(e: &Option<Estimate>, scale: f64, decimals: usize) -> String {
    match e {
        Some(Estimate {
            estimate: Some(x),
            ci,
            ..
        }) => match ci {
            Some((lo, hi)) => format!(
                "{} [{}, {}]",
                signed(x * scale, decimals),
                signed(lo * scale, decimals),
                signed(hi * scale, decimals)
            ),
            None => format!("{} [—]", signed(x * scale, decimals)),
        },
        _ => "—".into(),
    }
}

/// What every part of the table needs: the comparison, the name column's width, the unit of
/// shifts and the confidence level as text.
struct Table<'a> {
    c: &'a Comparison,
    w: usize,
    unit: &'static str,
    conf: String,
}

impl Table<'_> {
    fn row(&self, name: &str) -> Option<&Row> {
        self.c.rows.iter().find(|r| r.name == name)
    }

    fn label(&self, v: usize) -> String {
        let var = &self.c.variants[v];
        if v == 0 {
            format!("  {} (base)", var.name)
        } else {
            format!("  {}", var.name)
        }
    }
}

fn header(t: &Table, o: &mut String) {
    let c = t.c;
    let base = &c.variants[0];
    let _ = writeln!(
        o,
        "{} — {} variants × {} paired runs, seed {}{}",
        base.scenario.title,
        c.variants.len(),
        c.runs,
        c.seed,
        if c.independent {
            ", INDEPENDENT streams (--independent)"
        } else {
            ", common random numbers"
        }
    );
    let _ = writeln!(
        o,
        "[{}]: paired percentile bootstrap, {} resamples, seed {} (Efron & Tibshirani 1993)\nmedians and shifts: among runs where it happened; pts: percentage points",
        format_args!("{} CI", t.conf),
        c.bootstrap,
        c.bootstrap_seed
    );
    for v in &c.variants[1..] {
        if v.spec == base.spec && !v.overrides.is_empty() {
            let sets: Vec<String> = v.overrides.iter().map(Override::to_arg).collect();
            let _ = writeln!(o, "  {} = {} + {}", v.name, base.name, sets.join(", "));
        }
    }
}

/// One block of dated outcomes (agreements or issues): per outcome, each variant's share and median
/// date, and each alternative's shift and change with intervals.
fn dated(t: &Table, o: &mut String, title: &str, what: &str, names: &[String]) {
    if names.is_empty() {
        return;
    }
    let (w, unit, conf) = (t.w, t.unit, &t.conf);
    let shift_head = format!("shift in {unit} [{conf} CI]");
    let change_head = format!("Δ {what}, pts [{conf} CI]");
    let _ = writeln!(
        o,
        "\n{title:<w$} {what:>7}  {:<10}  {shift_head:<24} {change_head}",
        "median"
    );
    for name in names {
        let Some(r) = t.row(name) else { continue };
        // Outcomes no alternative changes at all take one line.
        let same = unchanged(r);
        let _ = writeln!(o, "{name}");
        for (v, var) in t.c.variants.iter().enumerate() {
            let Some(d) = &r.dists[v] else { continue };
            if same && v > 0 {
                continue;
            }
            let label = t.label(v);
            let med = d
                .median
                .map(|m| super::super::day_text(&var.scenario, m))
                .unwrap_or_else(|| "never".into());
            let (shift, change) = match &r.diffs[v] {
                Some(df) => (est_text(&df.shift, 1.0, 0), est_text(&df.change, 100.0, 1)),
                None if same => ("(every alternative: exactly 0)".into(), String::new()),
                None => (String::new(), String::new()),
            };
            let line = format!(
                "{label:<w$} {:>6.1}%  {med:<10}  {shift:<24} {change}",
                d.share * 100.0
            );
            let _ = writeln!(o, "{}", line.trim_end());
        }
    }
}

/// One variant's part of an issue's terms: the base's option shares, or an alternative's changes.
fn term_parts(opts: &[&Row], v: usize) -> Vec<String> {
    opts.iter()
        .filter_map(|r| {
            let d = r.dists[v].as_ref()?;
            // Only what is there (base) or what moved (alternatives).
            match &r.diffs[v] {
                None if r.kind == Kind::Share && d.mean == Some(0.0) => return None,
                Some(df) if r.kind == Kind::Share && is_zero(&df.change) => return None,
                _ => {}
            }
            let short = r.name.rsplit('.').next().unwrap_or(&r.name);
            Some(match (r.kind, &r.diffs[v]) {
                (Kind::Share, None) => {
                    format!("{short} {:.0}%", d.mean.unwrap_or(0.0) * 100.0)
                }
                (Kind::Share, Some(df)) => {
                    format!("{short} {}", est_text(&df.change, 100.0, 1))
                }
                (_, None) => format!(
                    "median {}",
                    d.median.map(|x| x.to_string()).unwrap_or("—".into())
                ),
                (_, Some(df)) => format!("median {}", est_text(&df.shift, 1.0, 2)),
            })
        })
        .collect()
}

/// Terms: per issue, the option shares of the base and the changes with intervals.
fn terms(t: &Table, o: &mut String, issues: &[String]) {
    let w = t.w;
    let mut terms = String::new();
    for issue in issues {
        let opts: Vec<&Row> =
            t.c.rows
                .iter()
                .filter(|r| {
                    r.name.starts_with(&format!("{issue}.option."))
                        || r.name == format!("{issue}.value")
                })
                .collect();
        if opts.is_empty() {
            continue;
        }
        let _ = writeln!(terms, "{issue}");
        let all_same = opts
            .iter()
            .all(|r| unchanged(r) || r.diffs.iter().all(Option::is_none))
            && opts.iter().any(|r| r.diffs.iter().any(Option::is_some));
        for v in 0..t.c.variants.len() {
            if all_same && v > 0 {
                continue;
            }
            let parts = term_parts(&opts, v);
            let text = if all_same {
                format!("{}   (every alternative: no change)", parts.join(", "))
            } else if !parts.is_empty() {
                parts.join(", ")
            } else if v > 0 && opts.iter().any(|r| r.diffs[v].is_some()) {
                "no change".to_string()
            } else {
                continue;
            };
            let _ = writeln!(terms, "{:<w$} {text}", t.label(v));
        }
    }
    if !terms.is_empty() {
        let _ = writeln!(
            o,
            "\nTerms: base share of runs settled at each option; alternatives: change in pts [{} CI]\n(continuous issues: median value, and its shift)",
            t.conf
        );
        o.push_str(&terms);
    }
}

/// Events and actions: those whose probability or date moved, the largest probability changes
/// first, at most [`MOVED_LINES`] of them (the JSON has every one).
fn moved(t: &Table, o: &mut String) {
    let (w, unit) = (t.w, t.unit);
    let mut moved: Vec<(f64, usize, String)> = Vec::new();
    let dated_rows: Vec<&Row> = t
        .c
        .rows
        .iter()
        .filter(|r| {
            (r.name.starts_with("event.") || r.name.starts_with("action.")) && r.kind == Kind::Date
        })
        .collect();
    let nw = dated_rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(20);
    for r in dated_rows {
        for (v, var) in t.c.variants.iter().enumerate().skip(1) {
            let Some(df) = &r.diffs[v] else { continue };
            let value = |e: &Option<Estimate>| e.as_ref().and_then(|e| e.estimate);
            let nonzero = |e: &Option<Estimate>| value(e).is_some_and(|x| x != 0.0);
            if nonzero(&df.change) || nonzero(&df.shift) {
                let line = format!(
                    "  {:<nw$} {:<w$} P {} pts, median {} {unit}",
                    r.name,
                    var.name,
                    est_text(&df.change, 100.0, 1),
                    est_text(&df.shift, 1.0, 0)
                );
                let key = value(&df.change).unwrap_or(0.0).abs();
                moved.push((key, moved.len(), line));
            }
        }
    }
    if moved.is_empty() {
        return;
    }
    let total = moved.len();
    moved.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    moved.truncate(MOVED_LINES);
    moved.sort_by_key(|m| m.1);
    let _ = writeln!(o, "\nEvents and actions that moved (Δ [{} CI])", t.conf);
    for (_, _, line) in &moved {
        let _ = writeln!(o, "{line}");
    }
    if total > MOVED_LINES {
        let _ = writeln!(
            o,
            "  … {} more (smaller changes in probability): see --json",
            total - MOVED_LINES
        );
    }
}

/// Mean payoff changes per alternative.
fn payoffs(t: &Table, o: &mut String) {
    let w = t.w;
    let mut pay = String::new();
    for (v, var) in t.c.variants.iter().enumerate().skip(1) {
        let parts: Vec<String> =
            t.c.rows
                .iter()
                .filter(|r| r.name.starts_with("payoff."))
                .filter_map(|r| {
                    let df = r.diffs[v].as_ref()?;
                    Some(format!(
                        "{} {}",
                        r.name.trim_start_matches("payoff."),
                        est_text(&df.change, 1.0, 3)
                    ))
                })
                .collect();
        if !parts.is_empty() {
            let _ = writeln!(pay, "  {:<w$} {}", var.name, parts.join(", "));
        }
    }
    if !pay.is_empty() {
        let _ = writeln!(
            o,
            "\nMean payoff change from {} [{} CI]",
            t.c.variants[0].name, t.conf
        );
        o.push_str(&pay);
    }
}

/// At most this many moved events and actions are listed.
const MOVED_LINES: usize = 8;

/// The text table printed by `armistice compare`.
pub fn to_text(c: &Comparison) -> String {
    let base = &c.variants[0];
    let w = c
        .variants
        .iter()
        .map(|v| v.name.chars().count() + 2)
        .chain(std::iter::once(base.name.chars().count() + 9))
        .max()
        .unwrap_or(10)
        .clamp(14, 36);
    let t = Table {
        c,
        w,
        unit: shift_unit(&base.scenario),
        conf: format!("{:.0}%", c.confidence * 100.0),
    };
    let mut o = String::new();
    header(&t, &mut o);
    let names = |f: &dyn Fn(&Row) -> bool| -> Vec<String> {
        c.rows
            .iter()
            .filter(|r| f(r))
            .map(|r| r.name.clone())
            .collect()
    };
    let agreements = names(&|r| r.name.starts_with("agreement."));
    dated(&t, &mut o, "Agreements", "reached", &agreements);
    let issues = names(&|r| r.name.starts_with("issue.") && r.kind == Kind::Date);
    dated(&t, &mut o, "Issues", "settled", &issues);
    terms(&t, &mut o, &issues);
    moved(&t, &mut o);
    payoffs(&t, &mut o);
    let _ = writeln!(o, "\nReproduce: {}", c.command);
    o
}
