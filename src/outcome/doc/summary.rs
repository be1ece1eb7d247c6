//! `summary.json`: the document of a batch of runs — distributions per issue, agreement, event,
//! action, actor and state variable, and the histograms behind them. Built from a [`Summary`] by
//! [`SummaryDoc::new`]; the run charts ([`crate::chart::figures::run_figures`]) and the report are
//! drawn from it. Keys and meanings: `docs/output-format.md`.

use serde::{Deserialize, Serialize};

use super::{ClockDoc, IndexMap, ObservedDoc, TimeValue};
use crate::outcome::Summary;
use crate::outcome::summary::{TurnHist, ValueStats};
use crate::scenario::{IssueKind, Scenario};
use crate::time::Date;

/// What produced a summary (recorded so every output says exactly how it was made).
#[derive(Clone, Debug, Default)]
pub struct Provenance {
    /// Master seed.
    pub seed: u64,
    /// Runs requested.
    pub runs: u64,
    /// The command line, as typed.
    pub command: String,
}

/// `summary.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryDoc {
    /// Scenario id.
    pub scenario: String,
    /// Scenario title.
    pub title: String,
    /// Master seed used.
    pub seed: u64,
    /// Runs summarised.
    pub runs: u64,
    /// The `armistice run` command that reproduces the batch.
    pub command: String,
    /// The `--set` overrides, `PATH=VALUE`, in order.
    pub overrides: Vec<String>,
    /// Version of the binary that wrote the file.
    pub armistice_version: String,
    /// The scenario's clock.
    pub clock: ClockDoc,
    /// Counts of runs by end reason (they sum to `runs`).
    pub end_reasons: EndReasons,
    /// Per issue id, in declaration order.
    pub issues: IndexMap<String, IssueDoc>,
    /// Per agreement id.
    pub agreements: IndexMap<String, DatedDoc>,
    /// Per event id: its first firing.
    pub events: IndexMap<String, DatedDoc>,
    /// Per action id: its first taking.
    pub actions: IndexMap<String, DatedDoc>,
    /// Per actor id: the payoff's mean and quantiles.
    pub payoffs: IndexMap<String, PayoffDoc>,
    /// Per state variable id: the final value's mean and quantiles.
    pub states: IndexMap<String, StateDoc>,
    /// The scenario's historical records.
    pub observed: Vec<ObservedDoc>,
    /// The full distributions behind the numbers above (what charts are drawn from).
    pub distributions: Distributions,
}

/// Counts of runs by why they ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EndReasons {
    /// Every agreement reached.
    pub agreed: u64,
    /// The horizon came first.
    pub horizon: u64,
    /// A terminal condition fired.
    pub terminal: u64,
}

/// One quantile of a date over all runs, the runs in which the outcome never happened counting as
/// after the horizon.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateQuantile {
    /// The date (a turn number on abstract clocks); null when the quantile is censored.
    pub at: Option<TimeValue>,
    /// Whether the quantile falls after the horizon, among the runs that never got there.
    pub censored: bool,
}

/// The 10th, 50th and 90th percentile of a date over **all** runs: a run in which the outcome never
/// happened counts as after the horizon, so a quantile that falls among those runs is censored
/// (`at` null, `censored` true) rather than computed from the few runs that got there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateQuantiles {
    /// 10th percentile.
    pub p10: DateQuantile,
    /// Median.
    pub median: DateQuantile,
    /// 90th percentile.
    pub p90: DateQuantile,
}

impl DateQuantiles {
    /// Exact type-1 quantiles over `runs` runs of a turn histogram, as document times.
    pub fn of(s: &Scenario, h: &TurnHist, runs: u64) -> DateQuantiles {
        DateQuantiles::timed(h, runs, |t| TimeValue::of_turn(&s.clock, t))
    }

    /// As [`DateQuantiles::of`], each turn read as a time by `time` (a dated event's own date).
    pub fn timed(h: &TurnHist, runs: u64, time: impl Fn(u32) -> TimeValue) -> DateQuantiles {
        let q = |p: f64| {
            let at = h.censored_quantile(p, runs).map(&time);
            DateQuantile {
                censored: at.is_none() && runs > 0,
                at,
            }
        };
        DateQuantiles {
            p10: q(0.1),
            median: q(0.5),
            p90: q(0.9),
        }
    }
}

/// How one issue settled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssueDoc {
    /// The issue's label.
    pub label: String,
    /// Share of all runs in which it settled.
    pub share: f64,
    /// When it settled.
    pub date: DateQuantiles,
    /// On what terms.
    pub values: IssueValues,
    /// Per option id (discrete issues): its label.
    pub option_labels: IndexMap<String, String>,
    /// Share of all runs in which it was the last issue of its agreement to settle.
    pub settles_last: f64,
}

/// The terms an issue settled on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IssueValues {
    /// A continuous issue: quantiles of the settled value among the runs that settled it.
    Continuous(ValueQuantiles),
    /// A discrete issue: per option id, the share of all runs that settled on it.
    Discrete(IndexMap<String, f64>),
}

/// Quantiles of a settled value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueQuantiles {
    /// 10th percentile.
    pub p10: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
}

/// An outcome that happens at some turn of some runs: an agreement, an event, an action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatedDoc {
    /// Its label.
    pub label: String,
    /// Share of all runs in which it happened.
    pub share: f64,
    /// The first turn at which it could happen (a scheduled event's turn, a hazard window's start;
    /// turn 0 for everything else).
    pub first_possible: TimeValue,
    /// Runs still going at that turn: those in which it could happen at all.
    pub at_risk_runs: u64,
    /// Share of those runs in which it happened: the share of runs that got the chance. Beside
    /// `share` (of all runs), it tells "did not happen" from "could not happen because the run had
    /// ended".
    pub at_risk_share: f64,
    /// When it (first) happened, over all runs.
    pub date: DateQuantiles,
    /// Share of all runs in which it had happened by each checkpoint date (the first day of each
    /// year inside the horizon, and the horizon; quarters of the horizon on abstract clocks).
    pub by_date: Vec<(TimeValue, f64)>,
}

/// An actor's payoff across runs (DDSketch quantiles, exact fixed-point mean).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PayoffDoc {
    /// The actor's name.
    pub name: String,
    /// Mean.
    pub mean: Option<f64>,
    /// 10th percentile.
    pub p10: Option<f64>,
    /// 25th percentile.
    pub p25: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// 75th percentile.
    pub p75: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
}

/// A state variable's final value across runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateDoc {
    /// The state variable's label.
    pub label: String,
    /// Its unit (may be empty).
    pub unit: String,
    /// Its declared lower bound.
    pub min: f64,
    /// Its declared upper bound.
    pub max: f64,
    /// Mean.
    pub mean: Option<f64>,
    /// 10th percentile.
    pub p10: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
}

/// A histogram of turns: `(turn, runs)` pairs in turn order, only turns that occur.
pub type Histogram = Vec<(u32, u64)>;

/// One turn of a state variable's path: `(turn, p10, median, p90, runs)` among the `runs` runs that
/// played that turn.
pub type PathPoint = (u32, Option<f64>, Option<f64>, Option<f64>, u64);

/// The distributions behind the summary numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Distributions {
    /// Turns played per run.
    pub turns: Histogram,
    /// Per agreement: the turn reached.
    pub agreements: IndexMap<String, Histogram>,
    /// Per issue: the turn settled.
    pub issues: IndexMap<String, Histogram>,
    /// Per event: the turn first fired.
    pub events: IndexMap<String, Histogram>,
    /// Per action: the turn first taken.
    pub actions: IndexMap<String, Histogram>,
    /// Per issue: runs (a count) settled at each position, every position listed.
    pub positions: IndexMap<String, IndexMap<String, u64>>,
    /// Per state variable: its quantiles at the end of each turn.
    pub paths: IndexMap<String, Vec<PathPoint>>,
}

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

fn share(n: u64, runs: u64) -> f64 {
    if runs == 0 {
        0.0
    } else {
        n as f64 / runs as f64
    }
}

fn histogram(h: &TurnHist) -> Histogram {
    h.iter().collect()
}

fn payoff(name: &str, v: &ValueStats) -> PayoffDoc {
    PayoffDoc {
        name: name.to_string(),
        mean: finite(v.mean()),
        p10: finite(v.quantile(0.1)),
        p25: finite(v.quantile(0.25)),
        median: finite(v.quantile(0.5)),
        p75: finite(v.quantile(0.75)),
        p90: finite(v.quantile(0.9)),
    }
}

fn state(x: &crate::scenario::StateVar, v: &ValueStats) -> StateDoc {
    StateDoc {
        label: x.label.clone(),
        unit: x.unit.clone(),
        min: x.min,
        max: x.max,
        mean: finite(v.mean()),
        p10: finite(v.quantile(0.1)),
        median: finite(v.quantile(0.5)),
        p90: finite(v.quantile(0.9)),
    }
}

fn issue(s: &Scenario, sum: &Summary, i: usize) -> IssueDoc {
    let h = &sum.issue_dates[i];
    let values = match s.issues[i].kind {
        IssueKind::Discrete => {
            IssueValues::Discrete(sum.position_shares(s, i).into_iter().collect())
        }
        IssueKind::Continuous { .. } => IssueValues::Continuous(ValueQuantiles {
            p10: finite(sum.value_quantile(s, i, 0.1)),
            median: finite(sum.value_quantile(s, i, 0.5)),
            p90: finite(sum.value_quantile(s, i, 0.9)),
        }),
    };
    let issue = &s.issues[i];
    let option_labels = match issue.kind {
        IssueKind::Discrete => issue
            .positions
            .iter()
            .zip(&issue.option_labels)
            .map(|(p, l)| (p.clone(), if l.is_empty() { p.clone() } else { l.clone() }))
            .collect(),
        IssueKind::Continuous { .. } => IndexMap::new(),
    };
    IssueDoc {
        label: s.issues[i].label.clone(),
        option_labels,
        share: share(h.total(), sum.runs),
        date: DateQuantiles::of(s, h, sum.runs),
        values,
        settles_last: share(sum.issue_last[i], sum.runs),
    }
}

/// The dates at which the probability of an outcome is reported, each with the number of turns
/// that start before it: on dated clocks the first day of each year inside the horizon (at most
/// five, evenly picked) and the horizon; on abstract clocks the quarters of the horizon.
pub fn checkpoints(s: &Scenario) -> Vec<(TimeValue, u32)> {
    let c = &s.clock;
    let max = c.max_turns;
    let mut out: Vec<(TimeValue, u32)> = match c.start {
        Some(start) => {
            let days = i64::from(c.turn_days.max(1));
            let (y0, _, _) = start.ymd();
            (y0 + 1..)
                .map_while(|y| {
                    let d = crate::time::Date::from_ymd(y, 1, 1)?;
                    // Turns starting before the date: ⌈(date − start) / turn length⌉.
                    let before = (d.0 - start.0 + days - 1).div_euclid(days);
                    (before < i64::from(max))
                        .then_some((TimeValue::Date(d.to_string()), before as u32))
                })
                .filter(|x| x.1 > 0)
                .collect()
        }
        None => (1..4)
            .map(|k| max * k / 4)
            .filter(|&t| t > 0)
            .map(|t| (TimeValue::Turn(i64::from(t)), t))
            .collect(),
    };
    if out.len() > 5 {
        let n = out.len();
        out = (0..5).map(|k| out[k * (n - 1) / 4].clone()).collect();
        out.dedup();
    }
    out.push((TimeValue::of_turn(c, max), max));
    out
}

/// Share of all `runs` runs in which the outcome had happened before each checkpoint.
fn by_date(s: &Scenario, h: &TurnHist, runs: u64) -> Vec<(TimeValue, f64)> {
    checkpoints(s)
        .into_iter()
        .map(|(at, before)| (at, share(h.by_turn_before(before), runs)))
        .collect()
}

/// One dated outcome. `first` is the first turn at which it could happen; `dated` the own date of
/// a scheduled event (its turn and date), which replaces that turn's first day.
fn dated(
    s: &Scenario,
    sum: &Summary,
    label: &str,
    h: &TurnHist,
    first: u32,
    dated: Option<(u32, Date)>,
) -> DatedDoc {
    let at_risk = sum.turns.at_least(first.saturating_add(1));
    let time = |t: u32| match dated {
        Some((t0, d)) if t == t0 => TimeValue::Date(d.to_string()),
        _ => TimeValue::of_turn(&s.clock, t),
    };
    let mut by = by_date(s, h, sum.runs);
    if let Some((t0, d)) = dated {
        // A dated event fires on its own date, which may fall after a checkpoint its turn starts
        // before: those runs had not seen it by then.
        for ((at, sh), (_, before)) in by.iter_mut().zip(checkpoints(s)) {
            let after = at.axis_value().is_some_and(|c| d.0 >= c);
            if t0 < before && after {
                *sh -= share(h.iter().find(|x| x.0 == t0).map_or(0, |x| x.1), sum.runs);
            }
        }
    }
    DatedDoc {
        label: label.to_string(),
        share: share(h.total(), sum.runs),
        first_possible: time(first),
        at_risk_runs: at_risk,
        at_risk_share: share(h.total(), at_risk),
        date: DateQuantiles::timed(h, sum.runs, time),
        by_date: by,
    }
}

/// The first turn at which an event can fire.
pub fn first_possible(trigger: &crate::scenario::Trigger) -> u32 {
    match trigger {
        crate::scenario::Trigger::At(t) => *t,
        crate::scenario::Trigger::Hazard { from, .. } => *from,
        crate::scenario::Trigger::When(_) => 0,
    }
}

/// A scheduled event's turn and its own date, when the scenario dates it (`date = …`): reports give
/// that date, not the first day of the turn it falls in.
pub fn event_date(e: &crate::scenario::Event) -> Option<(u32, Date)> {
    match (&e.trigger, e.date) {
        (crate::scenario::Trigger::At(t), Some(d)) => Some((*t, d)),
        _ => None,
    }
}

fn distributions(s: &Scenario, sum: &Summary) -> Distributions {
    let hists = |ids: Vec<&String>, hs: &[TurnHist]| -> IndexMap<String, Histogram> {
        ids.into_iter()
            .zip(hs)
            .map(|(id, h)| (id.clone(), histogram(h)))
            .collect()
    };
    let positions = s
        .issues
        .iter()
        .enumerate()
        .map(|(i, issue)| {
            let counts = issue
                .positions
                .iter()
                .zip(&sum.issue_positions[i])
                .map(|(p, &c)| (p.clone(), c))
                .collect();
            (issue.id.clone(), counts)
        })
        .collect();
    let paths = s
        .states
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let rows = sum.paths[i]
                .iter()
                .enumerate()
                .map(|(t, v)| {
                    (
                        t as u32,
                        finite(v.quantile(0.1)),
                        finite(v.quantile(0.5)),
                        finite(v.quantile(0.9)),
                        v.count(),
                    )
                })
                .collect();
            (st.id.clone(), rows)
        })
        .collect();
    Distributions {
        turns: histogram(&sum.turns),
        agreements: hists(
            s.agreements.iter().map(|x| &x.id).collect(),
            &sum.agreement_dates,
        ),
        issues: hists(s.issues.iter().map(|x| &x.id).collect(), &sum.issue_dates),
        events: hists(s.events.iter().map(|x| &x.id).collect(), &sum.event_dates),
        actions: hists(s.actions.iter().map(|x| &x.id).collect(), &sum.action_dates),
        positions,
        paths,
    }
}

impl SummaryDoc {
    /// The document of a batch of runs of `s`.
    pub fn new(s: &Scenario, sum: &Summary, p: &Provenance) -> SummaryDoc {
        SummaryDoc {
            scenario: s.id.clone(),
            title: s.title.clone(),
            seed: p.seed,
            runs: sum.runs,
            command: p.command.clone(),
            overrides: s.overrides.iter().map(|o| o.to_arg()).collect(),
            armistice_version: env!("CARGO_PKG_VERSION").to_string(),
            clock: ClockDoc::of(&s.clock),
            end_reasons: EndReasons {
                agreed: sum.agreed,
                horizon: sum.horizon,
                terminal: sum.terminal,
            },
            issues: (0..s.issues.len())
                .map(|i| (s.issues[i].id.clone(), issue(s, sum, i)))
                .collect(),
            agreements: s
                .agreements
                .iter()
                .zip(&sum.agreement_dates)
                .map(|(a, h)| (a.id.clone(), dated(s, sum, &a.label, h, 0, None)))
                .collect(),
            events: s
                .events
                .iter()
                .zip(&sum.event_dates)
                .map(|(e, h)| {
                    let first = first_possible(&e.trigger);
                    (
                        e.id.clone(),
                        dated(s, sum, &e.label, h, first, event_date(e)),
                    )
                })
                .collect(),
            actions: s
                .actions
                .iter()
                .zip(&sum.action_dates)
                .map(|(a, h)| (a.id.clone(), dated(s, sum, &a.label, h, 0, None)))
                .collect(),
            payoffs: s
                .actors
                .iter()
                .zip(&sum.payoffs)
                .map(|(a, v)| (a.id.clone(), payoff(&a.name, v)))
                .collect(),
            states: s
                .states
                .iter()
                .zip(&sum.states)
                .map(|(x, v)| (x.id.clone(), state(x, v)))
                .collect(),
            observed: s
                .observed
                .iter()
                .map(|o| ObservedDoc::of(o, true))
                .collect(),
            distributions: distributions(s, sum),
        }
    }

    /// The record of `outcome` (e.g. `agreement.armistice`), if the scenario holds one.
    pub fn observed_for(&self, outcome: &str) -> Option<&ObservedDoc> {
        self.observed.iter().find(|o| o.outcome == outcome)
    }
}
