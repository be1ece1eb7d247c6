//! The results table printed after `armistice sweep`, written from the sweep's document
//! ([`SweepDoc`]): per agreement, one row per point with the varied values, the share of runs that
//! reached it and its median date over all runs, each with its 95 % interval. Numbers read as
//! everywhere else ([`crate::format`]).

use std::fmt::Write;

use crate::format;
use crate::outcome::doc::summary::DateQuantile;
use crate::outcome::doc::sweep::SweepOutcomeDoc;
use crate::outcome::doc::{SweepDoc, TimeValue};

/// At most this many points are listed per agreement (`sweep.json` and `points_summary.csv` have
/// every one).
pub const MAX_ROWS: usize = 100;

/// A time for people: the date, or `turn N` on abstract clocks.
fn time(t: &TimeValue) -> String {
    match t {
        TimeValue::Date(d) => d.clone(),
        TimeValue::Turn(n) => format!("turn {n}"),
    }
}

/// A median over all runs: its date, or `after H` when it falls after the horizon.
fn median(q: &DateQuantile, horizon: &str) -> String {
    match &q.at {
        Some(t) => time(t),
        None => format!("after {horizon}"),
    }
}

/// The share reached with its interval: `72.0% [65.4%, 77.7%]`.
fn share_cell(o: &SweepOutcomeDoc) -> String {
    format!(
        "{} {}",
        format::percent_with(o.share, 1),
        format::interval(
            &format::percent_with(o.share_ci.0, 1),
            &format::percent_with(o.share_ci.1, 1)
        )
    )
}

/// The median date with its interval: `2002-04-22 [2002-01-14, 2002-07-08]`; an end after the
/// horizon reads `later`.
fn median_cell(o: &SweepOutcomeDoc, horizon: &str) -> String {
    let end = |t: &Option<TimeValue>| t.as_ref().map_or_else(|| "later".to_string(), time);
    format!(
        "{} {}",
        median(o.median(), horizon),
        format::interval(&end(&o.median_ci.0), &end(&o.median_ci.1))
    )
}

fn header(d: &SweepDoc, o: &mut String) {
    let conf = format::percent(d.confidence);
    let design = match d.lhs {
        Some((n, seed)) => format!("a Latin hypercube of {n} points (seed {seed})"),
        None => format!(
            "a grid of {}",
            format::count(d.points.len() as u64, "point")
        ),
    };
    let _ = writeln!(o, "{}", d.title);
    let _ = writeln!(
        o,
        "{design} × {}, seed {} (common random numbers across points); varied:",
        format::count(d.runs, "run"),
        d.seed
    );
    for p in &d.parameters {
        let values = p.vary.split_once('=').map_or("", |x| x.1);
        if p.label == p.path {
            let _ = writeln!(o, "  {} = {values}", p.path);
        } else {
            let _ = writeln!(o, "  {} = {values}  ({})", p.path, p.label);
        }
    }
    // The horizon, when every point has the sweep's (a varied parameter may move a point's).
    let horizon = d.clock.horizon_label();
    let common = d.points.iter().all(|p| time(&p.horizon) == horizon);
    let (h, named) = if common {
        (horizon.clone(), horizon)
    } else {
        ("H".to_string(), "H, each point's own".to_string())
    };
    let _ = writeln!(
        o,
        "[{conf} CI]: share reached, Wilson score interval; median date, order statistics (Conover 1999).\nMedians are over all runs, a run that never reaches the agreement counting as after the horizon\n({named}): a median is a date only when at least half the runs get there, else `after {h}`;\nan interval end `later` falls after the horizon."
    );
}

/// One agreement's block: a row per point (at most [`MAX_ROWS`]).
fn agreement(d: &SweepDoc, o: &mut String, id: &str, label: &str) {
    let conf = format::percent(d.confidence);
    let _ = writeln!(o, "\n{label} (agreement.{id})");
    let mut lines: Vec<Vec<String>> = vec![
        std::iter::once("point".to_string())
            .chain(d.parameters.iter().map(|p| p.path.clone()))
            .chain([
                format!("reached [{conf} CI]"),
                format!("median date [{conf} CI]"),
            ])
            .collect(),
    ];
    for p in d.points.iter().take(MAX_ROWS) {
        let Some(a) = p.agreements.get(id) else {
            continue;
        };
        lines.push(
            std::iter::once(p.point.to_string())
                .chain(p.values.iter().cloned())
                .chain([share_cell(a), median_cell(a, &time(&p.horizon))])
                .collect(),
        );
    }
    o.push_str(&format::columns(&lines, 0, 0));
    if d.points.len() > MAX_ROWS {
        let _ = writeln!(
            o,
            "… {} more: see sweep.json or points_summary.csv",
            format::count((d.points.len() - MAX_ROWS) as u64, "point")
        );
    }
}

/// The results table of a sweep: a head saying what was varied and how the intervals are computed,
/// then per agreement one row per point.
pub fn doc_text(d: &SweepDoc) -> String {
    let mut o = String::new();
    header(d, &mut o);
    for (id, label) in &d.agreements {
        agreement(d, &mut o, id, label);
    }
    if d.agreements.is_empty() {
        let _ = writeln!(
            o,
            "\nThe scenario declares no agreement: nothing to tabulate."
        );
    }
    o
}
