//! The statistics of many runs: `compare` (paired runs under common random numbers, bootstrap
//! intervals), `sweep` (parameter grids and Latin hypercubes), `sensitivity` (one-at-a-time and
//! Morris screening), `fidelity` (simulated against observed history), `calibrate` (fitting free
//! parameters to it) and `tournament` (strategies against each other). Methods and references:
//! `docs/analysis.md`. Runs come from the batch runner (`crate::batch`); files and printing belong to
//! the commands (`crate::commands`).
//!
//! Everything here builds on two properties of the engine: run `i` of a batch depends only on
//! (master seed, i), and each random draw site has its own stream (`src/rng.rs`), so run `i` of two
//! variants of a scenario sees the same random numbers wherever the variants agree.

pub mod baseline;
pub mod bootstrap;
pub mod calibrate;
pub mod compare;
pub mod crps;
pub mod fidelity;
pub mod sensitivity;
pub mod sweep;
pub mod tournament;

use std::sync::atomic::AtomicBool;

use crate::batch::{self, CollectSink, Plan, Runs};
use crate::engine::Model;
use crate::error::Result;
use crate::outcome::RunOutcome;
use crate::scenario::{IssueKind, Pos, Scenario};

/// Simulates runs `0..runs` of `model` under `seed` through the batch runner (on the current thread
/// pool, cancellable, within the memory budget) and returns every outcome, in index order: the paired
/// runs that compare, sweeps and sensitivity analyses are computed from.
pub fn simulate(
    model: &Model,
    seed: u64,
    runs: Runs,
    cancel: &AtomicBool,
) -> Result<Vec<RunOutcome>> {
    let mut sink = CollectSink::new();
    batch::run(
        model,
        &Plan::new(runs, seed),
        &mut sink,
        cancel,
        &mut |_, _| {},
    )?;
    Ok(sink.into_runs())
}

/// How a column is summarised and compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A date (day number on dated clocks, turn otherwise), missing when it never happened:
    /// compared by the change in the share of runs where it happened and the shift of its median.
    Date,
    /// 1 or 0 per run (an issue settled at an option): compared by the change in share.
    Share,
    /// A number per run (a payoff): compared by the change in mean.
    Mean,
    /// A number per run, missing in some (a continuous issue's settled value): compared by the
    /// shift of its median.
    Median,
}

impl Kind {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Date => "date",
            Kind::Share => "share",
            Kind::Mean => "mean",
            Kind::Median => "median",
        }
    }
}

/// One measured outcome per run.
#[derive(Clone, Debug)]
pub struct Column {
    /// Name, e.g. `agreement.ceasefire`, `issue.prisoners.option.voluntary`, `payoff.South`.
    pub name: String,
    /// How it is summarised.
    pub kind: Kind,
    /// One value per run (`None`: did not happen / not settled).
    pub values: Vec<Option<f64>>,
}

/// The day number of a turn on a dated clock (days since 1970-01-01), or the turn itself.
pub fn day_of(s: &Scenario, t: u32) -> f64 {
    match s.clock.date(t) {
        Some(d) => d.0 as f64,
        None => t as f64,
    }
}

/// A day number (see [`day_of`]) back as text: an ISO date on dated clocks, `turn N` otherwise.
pub fn day_text(s: &Scenario, d: f64) -> String {
    match s.clock.start {
        Some(_) => crate::time::Date(d.round() as i64).to_string(),
        None => format!("turn {d}"),
    }
}

/// The unit of date shifts: `days` on dated clocks, `turns` otherwise.
pub fn shift_unit(s: &Scenario) -> &'static str {
    if s.clock.start.is_some() {
        "days"
    } else {
        "turns"
    }
}

/// The measured columns of a batch, in a fixed order: agreements, issues (date, then options or
/// value), events, actions, payoffs.
pub fn columns(s: &Scenario, runs: &[RunOutcome]) -> Vec<Column> {
    let mut cols = Vec::new();
    let date = |t: Option<u32>| t.map(|t| day_of(s, t));
    for (g, a) in s.agreements.iter().enumerate() {
        cols.push(Column {
            name: format!("agreement.{}", a.id),
            kind: Kind::Date,
            values: runs.iter().map(|o| date(o.agreements[g])).collect(),
        });
    }
    for (i, issue) in s.issues.iter().enumerate() {
        cols.push(Column {
            name: format!("issue.{}", issue.id),
            kind: Kind::Date,
            values: runs
                .iter()
                .map(|o| date(o.issues[i].map(|x| x.0)))
                .collect(),
        });
        match issue.kind {
            IssueKind::Discrete => {
                for (p, opt) in Pos::all(issue.len()).zip(&issue.positions) {
                    cols.push(Column {
                        name: format!("issue.{}.option.{opt}", issue.id),
                        kind: Kind::Share,
                        values: runs
                            .iter()
                            .map(|o| Some(f64::from(o.issues[i].is_some_and(|x| x.1 == p))))
                            .collect(),
                    });
                }
            }
            IssueKind::Continuous { .. } => cols.push(Column {
                name: format!("issue.{}.value", issue.id),
                kind: Kind::Median,
                values: runs
                    .iter()
                    .map(|o| o.issues[i].map(|x| issue.value(x.1)))
                    .collect(),
            }),
        }
    }
    for (e, ev) in s.events.iter().enumerate() {
        // A dated event happens on its own date, not on the first day of its turn.
        let own = crate::outcome::doc::summary::event_date(ev);
        let when = |t: u32| match own {
            Some((t0, d)) if t == t0 => d.0 as f64,
            _ => day_of(s, t),
        };
        cols.push(Column {
            name: format!("event.{}", ev.id),
            kind: Kind::Date,
            values: runs.iter().map(|o| o.events[e].map(when)).collect(),
        });
    }
    for (e, ac) in s.actions.iter().enumerate() {
        cols.push(Column {
            name: format!("action.{}", ac.id),
            kind: Kind::Date,
            values: runs.iter().map(|o| date(o.actions[e])).collect(),
        });
    }
    for (a, actor) in s.actors.iter().enumerate() {
        cols.push(Column {
            name: format!("payoff.{}", actor.id),
            kind: Kind::Mean,
            values: runs.iter().map(|o| Some(o.payoffs[a])).collect(),
        });
    }
    cols
}

/// Summary numbers of one column: share of runs with a value, mean, and type-1 quantiles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dist {
    /// Share of runs where it happened (has a value).
    pub share: f64,
    /// Mean of the values.
    pub mean: Option<f64>,
    /// 10th percentile.
    pub p10: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
}

/// Type-1 quantile of sorted values.
fn quantile_sorted(v: &[f64], q: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let k = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1;
    Some(v[k])
}

/// The distribution of a column.
pub fn dist(values: &[Option<f64>]) -> Dist {
    let mut v: Vec<f64> = values.iter().flatten().copied().collect();
    v.sort_by(f64::total_cmp);
    let n = values.len().max(1) as f64;
    Dist {
        share: v.len() as f64 / n,
        mean: (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64),
        p10: quantile_sorted(&v, 0.1),
        median: quantile_sorted(&v, 0.5),
        p90: quantile_sorted(&v, 0.9),
    }
}

/// A number as TOML text for an override: integers stay integers where the scenario wrote one.
pub fn toml_number(x: f64, integer: bool) -> String {
    if integer {
        format!("{}", x.round() as i64)
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}
