//! The text table printed by `armistice compare`, written from the comparison's document
//! ([`CompareDoc`]) so that the terminal, the charts and the report say the same numbers the same
//! way ([`crate::format`]).

use std::fmt::Write;

use super::Comparison;
use crate::format::{self, FEW_RUNS};
use crate::outcome::doc::CompareDoc;
use crate::outcome::doc::compare::{DateDist, DifferenceDoc, DistDoc, EstimateDoc, OutcomeDoc};
use crate::outcome::doc::summary::DateQuantile;

/// At most this many moved events and actions are listed.
const MOVED_LINES: usize = 8;

/// Whether a difference is exactly zero with a [0, 0] interval (or absent).
fn is_zero(e: &Option<EstimateDoc>) -> bool {
    e.as_ref().is_none_or(|e| {
        e.estimate == Some(0.0) && e.ci == Some((Some(0.0), Some(0.0))) && !e.censored
    })
}

/// Whether a difference is exactly nothing in every statistic.
fn no_difference(d: &DifferenceDoc) -> bool {
    is_zero(&d.share_change)
        && is_zero(&d.median_shift)
        && is_zero(&d.mean_change)
        && is_zero(&d.at_risk_change)
        && d.by_date.iter().all(|(_, e)| is_zero(&Some(e.clone())))
}

/// Whether every alternative that has this outcome shows exactly no difference.
fn unchanged(r: &OutcomeDoc) -> bool {
    !r.differences.is_empty() && r.differences.values().all(no_difference)
}

/// A date quantile over all runs: the date, or `after H`.
fn when(q: &DateQuantile, horizon: &str) -> String {
    match &q.at {
        Some(t) => t.to_string(),
        None if q.censored => format!("after {horizon}"),
        None => "never".into(),
    }
}

/// What every part of the table needs: the document, the name column's width, the unit of
/// shifts, the confidence level and the horizon as text.
struct Table<'a> {
    c: &'a CompareDoc,
    w: usize,
    unit: &'a str,
    conf: String,
    horizon: String,
}

impl Table<'_> {
    fn label(&self, v: usize) -> String {
        let name = &self.c.variants[v].name;
        if v == 0 {
            format!("  {name} (base)")
        } else {
            format!("  {name}")
        }
    }

    /// The variants (index, name) that have outcome `r`, base first.
    fn present<'b>(&'b self, r: &'b OutcomeDoc) -> impl Iterator<Item = (usize, &'b str)> + 'b {
        self.c
            .variants
            .iter()
            .enumerate()
            .filter(|(_, v)| r.variants.contains_key(&v.name))
            .map(|(i, v)| (i, v.name.as_str()))
    }
}

fn header(t: &Table, o: &mut String) {
    let c = t.c;
    let _ = writeln!(
        o,
        "{} — {} variants × {} paired runs, seed {}{}",
        c.title,
        c.variants.len(),
        c.runs,
        c.seed,
        if c.common_random_numbers {
            ", common random numbers"
        } else {
            ", INDEPENDENT streams (--independent)"
        }
    );
    let _ = writeln!(
        o,
        "[{} CI]: paired percentile bootstrap, {} resamples, seed {} (Efron & Tibshirani 1993)",
        t.conf, c.bootstrap.resamples, c.bootstrap.seed
    );
    let _ = writeln!(
        o,
        "Dates are over all runs, a run in which it never happens counting as after the horizon\n({h}): a median is a date only when at least half the runs get there, else `after {h}`.\nShifts: alternative minus base; `later: ≥ +N` when only the alternative's median is after the\nhorizon; an interval end `later`/`earlier` when it is in some resamples.\n{FEW_RUNS} rests on fewer than half the runs of a variant. pts: percentage points.",
        h = t.horizon
    );
    let base = &c.variants[0];
    for v in &c.variants[1..] {
        if v.spec == base.spec && !v.overrides.is_empty() {
            let _ = writeln!(
                o,
                "  {} = {} + {}",
                v.name,
                base.name,
                v.overrides.join(", ")
            );
        }
    }
}

fn date_of<'a>(r: &'a OutcomeDoc, name: &str) -> Option<&'a DateDist> {
    match r.variants.get(name) {
        Some(DistDoc::Date(d)) => Some(d),
        _ => None,
    }
}

/// One block of dated outcomes (agreements or issues): per outcome, each variant's share and median
/// date, and each alternative's shift and change with intervals; for agreements, the change in the
/// share reached before each checkpoint.
fn dated(t: &Table, o: &mut String, title: &str, what: &str, rows: &[&OutcomeDoc]) {
    if rows.is_empty() {
        return;
    }
    let (w, conf) = (t.w, &t.conf);
    let shift_head = format!("shift in {} [{conf} CI]", t.unit);
    let change_head = format!("Δ {what}, pts [{conf} CI]");
    let _ = writeln!(
        o,
        "\n{title:<w$} {what:>7}  {:<16}  {shift_head:<30} {change_head}",
        "median"
    );
    for r in rows {
        // Outcomes no alternative changes at all take one line.
        let same = unchanged(r);
        let _ = writeln!(o, "{}", r.outcome);
        for (v, name) in t.present(r) {
            let Some(d) = date_of(r, name) else { continue };
            if same && v > 0 {
                continue;
            }
            let (shift, change) = match r.differences.get(name) {
                Some(df) => (
                    df.median_shift
                        .as_ref()
                        .map_or("—".into(), |e| format::estimate(e, 1.0, 0)),
                    df.share_change
                        .as_ref()
                        .map_or("—".into(), |e| format::estimate(e, 100.0, 1)),
                ),
                None if same => ("(every alternative: exactly 0)".into(), String::new()),
                None => (String::new(), String::new()),
            };
            let line = format!(
                "{:<w$} {:>7}  {:<16}  {shift:<30} {change}",
                t.label(v),
                format::percent_with(d.share, 1),
                when(&d.date.median, &t.horizon),
            );
            let _ = writeln!(o, "{}", line.trim_end());
        }
        if !same {
            checkpoints(t, o, r);
        }
    }
}

/// An agreement's share of runs reached before each checkpoint (base) and its change (alternatives).
fn checkpoints(t: &Table, o: &mut String, r: &OutcomeDoc) {
    let base = &t.c.variants[0].name;
    let Some(b) = date_of(r, base).filter(|d| !d.by_date.is_empty()) else {
        return;
    };
    let mut lines: Vec<Vec<String>> = vec![
        std::iter::once("  reached before".to_string())
            .chain(b.by_date.iter().map(|(at, _)| at.to_string()))
            .collect(),
        std::iter::once(t.label(0))
            .chain(b.by_date.iter().map(|(_, p)| format::percent_with(*p, 1)))
            .collect(),
    ];
    for (v, name) in t.present(r).skip(1) {
        let Some(df) = r.differences.get(name) else {
            continue;
        };
        lines.push(
            std::iter::once(t.label(v))
                .chain(
                    df.by_date
                        .iter()
                        .map(|(_, e)| format::estimate(e, 100.0, 1)),
                )
                .collect(),
        );
    }
    o.push_str(&format::columns(&lines, t.w, 1));
}

/// One variant's part of an issue's terms: the base's option shares, or an alternative's changes.
fn term_parts(t: &Table, opts: &[&OutcomeDoc], v: usize) -> Vec<String> {
    let name = &t.c.variants[v].name;
    opts.iter()
        .filter_map(|r| {
            let d = r.variants.get(name)?;
            let diff = r.differences.get(name);
            let short = r.outcome.rsplit('.').next().unwrap_or(&r.outcome);
            match (d, diff) {
                // Only what is there (base) or what moved (alternatives).
                (DistDoc::Share(s), None) if v == 0 => {
                    (s.share > 0.0).then(|| format!("{short} {}", format::percent(s.share)))
                }
                (DistDoc::Share(_), Some(df)) if !is_zero(&df.share_change) => {
                    let e = df.share_change.as_ref()?;
                    Some(format!("{short} {}", format::estimate(e, 100.0, 1)))
                }
                (DistDoc::Median(m), None) if v == 0 => {
                    Some(format!("median {}", format::opt_num(m.median, 2)))
                }
                (DistDoc::Median(_), Some(df)) => {
                    let e = df.median_shift.as_ref()?;
                    Some(format!("median {}", format::estimate(e, 1.0, 2)))
                }
                _ => None,
            }
        })
        .collect()
}

/// Terms: per issue, the option shares of the base and the changes with intervals.
fn terms(t: &Table, o: &mut String, issues: &[&OutcomeDoc]) {
    let w = t.w;
    let mut terms = String::new();
    for issue in issues {
        let opts: Vec<&OutcomeDoc> =
            t.c.outcomes
                .iter()
                .filter(|r| {
                    r.outcome.starts_with(&format!("{}.option.", issue.outcome))
                        || r.outcome == format!("{}.value", issue.outcome)
                })
                .collect();
        if opts.is_empty() {
            continue;
        }
        let _ = writeln!(terms, "{}", issue.outcome);
        let all_same = opts
            .iter()
            .all(|r| unchanged(r) || r.differences.is_empty())
            && opts.iter().any(|r| !r.differences.is_empty());
        for v in 0..t.c.variants.len() {
            if all_same && v > 0 {
                continue;
            }
            let parts = term_parts(t, &opts, v);
            let name = &t.c.variants[v].name;
            let text = if all_same {
                format!("{}   (every alternative: no change)", parts.join(", "))
            } else if !parts.is_empty() {
                parts.join(", ")
            } else if v > 0 && opts.iter().any(|r| r.differences.contains_key(name)) {
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
            "\nTerms: base share of runs settled at each option; alternatives: change in pts [{} CI]\n(continuous issues: median value among the runs that settled, and its shift)",
            t.conf
        );
        o.push_str(&terms);
    }
}

/// Whether an event or action moved among the runs that could see it: a change in its share among
/// them or in its median date. A change only in the share of all runs (runs that ended earlier)
/// is not a move.
fn moved_at_risk(df: &DifferenceDoc) -> bool {
    let nonzero = |e: &Option<EstimateDoc>| {
        e.as_ref()
            .is_some_and(|e| e.censored || e.estimate.is_some_and(|x| x != 0.0))
    };
    match &df.at_risk_change {
        Some(_) => nonzero(&df.at_risk_change) || nonzero(&df.median_shift),
        None => nonzero(&df.share_change) || nonzero(&df.median_shift),
    }
}

/// An event or action whose probability among the runs still going, or whose date, moved under an
/// alternative.
pub struct Moved {
    /// The outcome, e.g. `event.stalin_death`.
    pub outcome: String,
    /// The alternative.
    pub variant: String,
    /// When it could first happen in the base (its own date for a dated event).
    pub first: String,
    /// Δ probability among the runs still going then, in points with its interval.
    pub at_risk: String,
    /// Δ probability over all runs, in points with its interval.
    pub all_runs: String,
    /// Shift of its median date.
    pub shift: String,
}

/// The events and actions that moved among the runs still going when each could first happen, the
/// largest changes in probability first, at most `max` of them; and how many moved in all.
pub fn moved_rows(c: &CompareDoc, max: usize) -> (Vec<Moved>, usize) {
    let est = |e: &Option<EstimateDoc>, scale, decimals| {
        e.as_ref()
            .map_or("—".into(), |e| format::estimate(e, scale, decimals))
    };
    let mut moved: Vec<(f64, usize, Moved)> = Vec::new();
    for r in c.outcomes.iter().filter(|r| {
        (r.outcome.starts_with("event.") || r.outcome.starts_with("action.")) && r.kind == "date"
    }) {
        let first = date_of(r, &c.base)
            .and_then(|d| d.at_risk.as_ref())
            .map_or(String::new(), |a| a.first_possible.to_string());
        for (name, df) in r.differences.iter().filter(|(_, d)| moved_at_risk(d)) {
            let key = df
                .at_risk_change
                .as_ref()
                .or(df.share_change.as_ref())
                .and_then(|e| e.estimate)
                .unwrap_or(0.0)
                .abs();
            let m = Moved {
                outcome: r.outcome.clone(),
                variant: name.clone(),
                first: first.clone(),
                at_risk: est(&df.at_risk_change, 100.0, 1),
                all_runs: est(&df.share_change, 100.0, 1),
                shift: est(&df.median_shift, 1.0, 0),
            };
            moved.push((key, moved.len(), m));
        }
    }
    let total = moved.len();
    moved.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    moved.truncate(max);
    moved.sort_by_key(|m| m.1);
    (moved.into_iter().map(|m| m.2).collect(), total)
}

/// Events and actions that moved (see [`moved_rows`]), at most [`MOVED_LINES`] (the JSON has every
/// one).
fn moved(t: &Table, o: &mut String) {
    let (rows, total) = moved_rows(t.c, MOVED_LINES);
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "\nEvents and actions that moved among the runs still going when each could first happen\n(a change that only comes from runs ending earlier is not one) [{} CI]",
        t.conf
    );
    let mut lines = vec![vec![
        String::new(),
        String::new(),
        "could happen from".to_string(),
        "Δ P among them, pts".to_string(),
        "Δ P of all runs, pts".to_string(),
        format!("median shift, {}", t.unit),
    ]];
    lines.extend(rows.into_iter().map(|m| {
        vec![
            format!("  {}", m.outcome),
            m.variant,
            m.first,
            m.at_risk,
            m.all_runs,
            m.shift,
        ]
    }));
    o.push_str(&format::columns(&lines, 0, 3));
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
            t.c.outcomes
                .iter()
                .filter(|r| r.outcome.starts_with("payoff."))
                .filter_map(|r| {
                    let e = r.differences.get(&var.name)?.mean_change.as_ref()?;
                    Some(format!(
                        "{} {}",
                        r.outcome.trim_start_matches("payoff."),
                        format::estimate(e, 1.0, 3)
                    ))
                })
                .collect();
        if !parts.is_empty() {
            let _ = writeln!(pay, "{:<w$} {}", t.label(v), parts.join(", "));
        }
    }
    if !pay.is_empty() {
        let _ = writeln!(
            o,
            "\nMean payoff change from {} (utility units) [{} CI]",
            t.c.variants[0].name, t.conf
        );
        o.push_str(&pay);
    }
}

/// The text table of a comparison document.
pub fn doc_text(c: &CompareDoc) -> String {
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
        unit: &c.shift_unit,
        conf: format!("{:.0}%", c.bootstrap.confidence * 100.0),
        horizon: c.clock.horizon_label(),
    };
    let mut o = String::new();
    header(&t, &mut o);
    let of = |f: &dyn Fn(&OutcomeDoc) -> bool| -> Vec<&OutcomeDoc> {
        c.outcomes.iter().filter(|r| f(r)).collect()
    };
    let agreements = of(&|r| r.outcome.starts_with("agreement."));
    dated(&t, &mut o, "Agreements", "reached", &agreements);
    let issues = of(&|r| r.outcome.starts_with("issue.") && r.kind == "date");
    dated(&t, &mut o, "Issues", "settled", &issues);
    terms(&t, &mut o, &issues);
    moved(&t, &mut o);
    payoffs(&t, &mut o);
    let _ = writeln!(o, "\nReproduce: {}", c.command);
    o
}

/// The text table printed by `armistice compare`.
pub fn to_text(c: &Comparison) -> String {
    doc_text(&super::to_json(c))
}
