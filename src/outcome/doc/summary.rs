//! `summary.json`: the document of a batch of runs — distributions per issue, agreement, event,
//! action, actor and state variable, and the histograms behind them. Built from a [`Summary`] by
//! [`SummaryDoc::new`]; the run charts ([`crate::chart::figures::run_figures`]) and the report are
//! drawn from it. Keys and meanings: `docs/output-format.md`.

use serde::{Deserialize, Serialize};

use super::{ClockDoc, IndexMap, ObservedDoc, TimeValue};
use crate::outcome::Summary;
use crate::outcome::summary::{TurnHist, ValueStats};
use crate::scenario::{IssueKind, Scenario};

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

/// The 10th, 50th and 90th percentile of a date, among the runs in which the outcome happened;
/// each null if it never happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateQuantiles {
    /// 10th percentile.
    pub p10: Option<TimeValue>,
    /// Median.
    pub median: Option<TimeValue>,
    /// 90th percentile.
    pub p90: Option<TimeValue>,
}

impl DateQuantiles {
    /// Exact type-1 quantiles of a turn histogram, as document times.
    pub fn of(s: &Scenario, h: &TurnHist) -> DateQuantiles {
        let q = |p: f64| h.quantile(p).map(|t| TimeValue::of_turn(&s.clock, t));
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
    /// When it (first) happened.
    pub date: DateQuantiles,
}

/// An actor's payoff across runs (DDSketch quantiles, exact fixed-point mean).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PayoffDoc {
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

/// One turn of a state variable's path: `(turn, p10, median, p90)` among the runs that played it.
pub type PathPoint = (u32, Option<f64>, Option<f64>, Option<f64>);

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

fn payoff(v: &ValueStats) -> PayoffDoc {
    PayoffDoc {
        mean: finite(v.mean()),
        p10: finite(v.quantile(0.1)),
        p25: finite(v.quantile(0.25)),
        median: finite(v.quantile(0.5)),
        p75: finite(v.quantile(0.75)),
        p90: finite(v.quantile(0.9)),
    }
}

fn state(v: &ValueStats) -> StateDoc {
    StateDoc {
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
    IssueDoc {
        label: s.issues[i].label.clone(),
        share: share(h.total(), sum.runs),
        date: DateQuantiles::of(s, h),
        values,
        settles_last: share(sum.issue_last[i], sum.runs),
    }
}

fn dated<'a>(
    s: &Scenario,
    runs: u64,
    items: impl Iterator<Item = (&'a String, &'a String)>,
    hists: &[TurnHist],
) -> IndexMap<String, DatedDoc> {
    items
        .zip(hists)
        .map(|((id, label), h)| {
            (
                id.clone(),
                DatedDoc {
                    label: label.clone(),
                    share: share(h.total(), runs),
                    date: DateQuantiles::of(s, h),
                },
            )
        })
        .collect()
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
        let runs = sum.runs;
        SummaryDoc {
            scenario: s.id.clone(),
            title: s.title.clone(),
            seed: p.seed,
            runs,
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
            agreements: dated(
                s,
                runs,
                s.agreements.iter().map(|g| (&g.id, &g.label)),
                &sum.agreement_dates,
            ),
            events: dated(
                s,
                runs,
                s.events.iter().map(|g| (&g.id, &g.label)),
                &sum.event_dates,
            ),
            actions: dated(
                s,
                runs,
                s.actions.iter().map(|g| (&g.id, &g.label)),
                &sum.action_dates,
            ),
            payoffs: s
                .actors
                .iter()
                .zip(&sum.payoffs)
                .map(|(a, v)| (a.id.clone(), payoff(v)))
                .collect(),
            states: s
                .states
                .iter()
                .zip(&sum.states)
                .map(|(x, v)| (x.id.clone(), state(v)))
                .collect(),
            observed: s
                .observed
                .iter()
                .map(|o| ObservedDoc {
                    outcome: o.name.clone(),
                    date: o.date.map(|d| d.to_string()),
                    turn: o.turn,
                    label: o.label.clone(),
                    source: Some(o.source.clone()),
                })
                .collect(),
            distributions: distributions(s, sum),
        }
    }

    /// The record of `outcome` (e.g. `agreement.armistice`), if the scenario holds one.
    pub fn observed_for(&self, outcome: &str) -> Option<&ObservedDoc> {
        self.observed.iter().find(|o| o.outcome == outcome)
    }
}
