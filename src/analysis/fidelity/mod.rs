//! Fidelity: how close simulated outcomes come to the observed history a scenario records.
//!
//! For each `[[observed]]` record: the observed date, the simulated p10/median/p90 (among runs in which
//! the outcome happened), the median's error in days, whether the 80 % band (p10–p90) contains the
//! observed date, and the continuous ranked probability score (CRPS, [`super::crps`]) of the simulated
//! date distribution over all runs (a run that never reaches the outcome counts at the horizon). The
//! same for a naive baseline fitted on the calibration records only ([`super::baseline`]): a model
//! earns its mechanisms only if it beats it. Records marked `input` (scheduled exogenous events) are
//! shown but not scored.
//!
//! A time split ([`Cutoff`], `fidelity --split DATE`, `calibrate --until DATE`) scores the records up
//! to the cutoff as `calibrate` and the later ones as `holdout`, whatever their own `use` says.
//!
//! Per agreement, the shape of the simulated dates: the width of the 80 % band (sharpness) and the
//! largest share of its dates in any one week (turn, on abstract clocks): a calendar spike says a date
//! is set by a scheduled switch rather than by the bargaining.

mod text;

use std::str::FromStr;

use serde::Serialize;

pub use text::to_text;

use super::baseline::{self, BaselineKind};
use super::crps::crps_sorted;
use crate::error::{Error, Result};
use crate::outcome::Summary;
use crate::outcome::summary::TurnHist;
use crate::scenario::{Observed, ObservedUse, OutcomeRef, Scenario};
use crate::time::Date;

/// The baseline's prediction or the model's, for one record.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Band {
    /// 10th percentile (ISO date, or turn number on abstract clocks).
    pub p10: Option<String>,
    /// Median.
    pub median: Option<String>,
    /// 90th percentile.
    pub p90: Option<String>,
    /// Median minus observed, in days (turns on abstract clocks).
    pub error: Option<f64>,
    /// Whether p10 ≤ observed ≤ p90.
    pub in_band: bool,
}

/// Fit for one observed record.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RecordFit {
    /// The outcome, e.g. `agreement.armistice`.
    pub outcome: String,
    /// Label of the record.
    pub label: String,
    /// Its source.
    pub source: String,
    /// `calibrate`, `holdout` or `input` (after a `--split`).
    #[serde(rename = "use")]
    pub use_: String,
    /// The observed date (or turn).
    pub observed: String,
    /// Share of runs in which the outcome happened at all.
    pub share: f64,
    /// The model's band.
    pub model: Band,
    /// The baseline's band.
    pub baseline: Band,
    /// The model's CRPS (days; turns on abstract clocks), over all runs.
    pub crps: Option<f64>,
    /// The baseline's CRPS.
    pub baseline_crps: Option<f64>,
    /// What the baseline's forecast of this record rests on: `outcome` (its own calibration records),
    /// `pooled` (the hazard pooled over all calibration records: the outcome has none) or `gap` (the
    /// settlement clock); `None` where there is no baseline.
    pub baseline_basis: Option<String>,
    /// For issues: the observed option, if recorded.
    pub observed_value: Option<String>,
    /// For issues: the share of runs that settled on the observed option.
    pub value_share: Option<f64>,
}

/// Scores over one group of records.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Score {
    /// Records scored (not `input`).
    pub records: usize,
    /// Mean absolute error of the model's median, in days (turns on abstract clocks).
    pub mae: Option<f64>,
    /// The baseline's.
    pub baseline_mae: Option<f64>,
    /// 1 − mae / baseline_mae: above 0 the model beats the baseline.
    pub skill: Option<f64>,
    /// Mean CRPS of the model, in days (turns on abstract clocks).
    pub crps: Option<f64>,
    /// Mean CRPS of the baseline.
    pub baseline_crps: Option<f64>,
    /// Share of scored records inside the model's 80 % band.
    pub coverage: f64,
    /// The baseline's.
    pub baseline_coverage: f64,
    /// Mean share of runs in which the scored outcomes happened.
    pub mean_share: f64,
    /// The baseline's hazard per turn pooled over the calibration records.
    pub baseline_hazard: Option<f64>,
    /// Unit of errors: `days` or `turns`.
    pub unit: String,
}

/// How the baseline was fitted.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BaselineInfo {
    /// `hazard` (a constant hazard per outcome) or `gap` (a Poisson clock with the median gap).
    pub kind: BaselineKind,
    /// The hazard candidate's mean CRPS on the calibration records.
    pub hazard_crps: Option<f64>,
    /// The gap candidate's.
    pub gap_crps: Option<f64>,
    /// The hazard per turn pooled over all calibration records (used for outcomes without one).
    pub pooled_hazard: f64,
    /// The median gap between consecutive calibration records (days; turns on abstract clocks).
    pub gap: Option<f64>,
}

/// The shape of one agreement's simulated dates.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Shape {
    /// `agreement.ID`.
    pub outcome: String,
    /// Its label.
    pub label: String,
    /// Share of runs that reached it.
    pub share: f64,
    /// 10th percentile of its date among those runs.
    pub p10: Option<String>,
    /// 90th percentile.
    pub p90: Option<String>,
    /// Sharpness: p90 − p10 in days (turns on abstract clocks).
    pub width: Option<f64>,
    /// The largest share of its dates (among runs that reached it) in any one week (turn on
    /// abstract clocks; weeks counted from the start).
    pub spike: Option<f64>,
    /// The first day of that week (the turn on abstract clocks).
    pub spike_at: Option<String>,
}

/// The fidelity report.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Fidelity {
    /// Scenario id.
    pub scenario: String,
    /// Runs.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// The time split, if one was given: records up to it are `calibrate`, later ones `holdout`.
    pub split: Option<String>,
    /// Per record.
    pub records: Vec<RecordFit>,
    /// Scores over the records marked `calibrate`.
    pub calibrate: Score,
    /// Scores over the records marked `holdout`.
    pub holdout: Score,
    /// Scores over both.
    pub overall: Score,
    /// The baseline fitted on the calibration records (`None` when there are none).
    pub baseline: Option<BaselineInfo>,
    /// Per agreement: sharpness and calendar spike.
    pub agreements: Vec<Shape>,
}

/// A time split: a date (dated clocks) or a turn (any clock). A record is on or before it when its
/// date is (its turn, for a turn cutoff or a record given by turn).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cutoff {
    /// Records dated up to this day, inclusive.
    Date(Date),
    /// Records in turns up to this one, inclusive.
    Turn(i64),
}

impl FromStr for Cutoff {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Cutoff, String> {
        let s = s.trim();
        if let Some(d) = Date::parse(s) {
            return Ok(Cutoff::Date(d));
        }
        s.parse::<i64>().map(Cutoff::Turn).map_err(|_| {
            format!("`{s}` is neither a date (YYYY-MM-DD) nor a turn number (an integer)")
        })
    }
}

impl std::fmt::Display for Cutoff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cutoff::Date(d) => write!(f, "{d}"),
            Cutoff::Turn(t) => write!(f, "turn {t}"),
        }
    }
}

impl Cutoff {
    /// Whether a record falls on or before the cutoff.
    fn includes(&self, s: &Scenario, o: &Observed) -> bool {
        match self {
            Cutoff::Date(d) => match (o.date, s.clock.start) {
                (Some(od), _) => od <= *d,
                // A record given by turn on a dated clock: the day its turn starts.
                (None, Some(start)) => start.0 + o.turn * s.clock.turn_days as i64 <= d.0,
                (None, None) => false,
            },
            Cutoff::Turn(t) => o.turn <= *t,
        }
    }

    /// The use each record is scored under: `input` records stay inputs; the others are
    /// `calibrate` up to the cutoff and `holdout` after it. A date on an abstract clock is refused.
    pub fn uses(&self, s: &Scenario) -> Result<Vec<ObservedUse>> {
        if matches!(self, Cutoff::Date(_)) && s.clock.start.is_none() {
            return Err(Error::Usage(format!(
                "scenario `{}` counts abstract turns (no `start` date), so a split at {self} has nothing to compare with; give a turn number instead, e.g. 40",
                s.id
            )));
        }
        Ok(s.observed
            .iter()
            .map(|o| match o.use_ {
                ObservedUse::Input => ObservedUse::Input,
                _ if self.includes(s, o) => ObservedUse::Calibrate,
                _ => ObservedUse::Holdout,
            })
            .collect())
    }
}

fn hist(sum: &Summary, o: OutcomeRef) -> &TurnHist {
    match o {
        OutcomeRef::Agreement(i) => &sum.agreement_dates[i],
        OutcomeRef::Issue(i) => &sum.issue_dates[i],
        OutcomeRef::Event(i) => &sum.event_dates[i],
        OutcomeRef::Action(i) => &sum.action_dates[i],
    }
}

fn unit_days(s: &Scenario) -> f64 {
    if s.clock.start.is_some() {
        s.clock.turn_days as f64
    } else {
        1.0
    }
}

/// The observed time of a record on the scoring axis: days since the start (turns on abstract
/// clocks), the day within the turn included.
fn observed_axis(s: &Scenario, o: &Observed) -> f64 {
    match (o.date, s.clock.start) {
        (Some(d), Some(start)) => (d.0 - start.0) as f64,
        _ => o.turn as f64 * unit_days(s),
    }
}

/// The turn quantile of a discrete distribution over turns (type 1: the smallest turn with F ≥ q).
fn weights_quantile(w: &[f64], q: f64) -> u32 {
    let mut acc = 0.0;
    for (t, x) in w.iter().enumerate() {
        acc += x;
        if acc >= q - 1e-12 {
            return t as u32;
        }
    }
    w.len().saturating_sub(1) as u32
}

impl Band {
    /// No band: the outcome never happened in the runs, or there is no baseline.
    fn none() -> Band {
        Band {
            p10: None,
            median: None,
            p90: None,
            error: None,
            in_band: false,
        }
    }

    /// The band of turns `a ≤ m ≤ b` against record `o`.
    fn of(s: &Scenario, o: &Observed, (a, m, b): (u32, u32, u32)) -> Band {
        let obs = o.turn as f64;
        Band {
            p10: Some(s.clock.cell(a)),
            median: Some(s.clock.cell(m)),
            p90: Some(s.clock.cell(b)),
            // Errors are measured from the observed day itself, not from the start of its turn.
            error: Some(m as f64 * unit_days(s) - observed_axis(s, o)),
            in_band: (a as f64) <= obs && obs <= b as f64,
        }
    }
}

/// The model's distribution of an outcome's time on the scoring axis, over all runs: the runs that
/// never reached it at the horizon.
fn model_points(s: &Scenario, sum: &Summary, h: &TurnHist) -> Vec<(f64, f64)> {
    let ud = unit_days(s);
    let mut p: Vec<(f64, f64)> = h.iter().map(|(t, c)| (t as f64 * ud, c as f64)).collect();
    let never = sum.runs.saturating_sub(h.total());
    if never > 0 {
        p.push((s.clock.max_turns as f64 * ud, never as f64));
    }
    p
}

/// A turn distribution on the scoring axis.
fn turn_points(s: &Scenario, w: &[f64]) -> Vec<(f64, f64)> {
    let ud = unit_days(s);
    w.iter()
        .enumerate()
        .filter(|(_, x)| **x > 0.0)
        .map(|(t, &x)| (t as f64 * ud, x))
        .collect()
}

fn use_name(u: ObservedUse) -> &'static str {
    match u {
        ObservedUse::Calibrate => "calibrate",
        ObservedUse::Holdout => "holdout",
        ObservedUse::Input => "input",
    }
}

/// One observed record against the simulated distribution of its outcome and the baseline's.
fn record_fit(
    s: &Scenario,
    sum: &Summary,
    o: &Observed,
    use_: ObservedUse,
    forecast: Option<&baseline::Forecast>,
) -> RecordFit {
    let h = hist(sum, o.outcome);
    let model = match (h.quantile(0.1), h.quantile(0.5), h.quantile(0.9)) {
        (Some(a), Some(m), Some(b)) => Band::of(s, o, (a, m, b)),
        _ => Band::none(),
    };
    let y = observed_axis(s, o);
    let scored = use_ != ObservedUse::Input;
    let baseline = match forecast {
        Some(f) => {
            let q = |p: f64| weights_quantile(&f.weights, p);
            Band::of(s, o, (q(0.1), q(0.5), q(0.9)))
        }
        None => Band::none(),
    };
    let (observed_value, value_share) = match (o.outcome, &o.value) {
        (OutcomeRef::Issue(i), Some(v)) => {
            let p = s.issues[i].positions.iter().position(|x| x == v);
            let share = p.map(|p| sum.issue_positions[i][p] as f64 / sum.runs.max(1) as f64);
            (Some(v.clone()), share)
        }
        _ => (None, None),
    };
    RecordFit {
        outcome: o.name.clone(),
        label: o.label.clone(),
        source: o.source.clone(),
        use_: use_name(use_).into(),
        observed: o
            .date
            .map(|d| d.to_string())
            .unwrap_or_else(|| o.turn.to_string()),
        share: h.total() as f64 / sum.runs.max(1) as f64,
        model,
        baseline,
        crps: scored
            .then(|| crps_sorted(&model_points(s, sum, h), y))
            .flatten(),
        baseline_crps: forecast.and_then(|f| crps_sorted(&turn_points(s, &f.weights), y)),
        baseline_basis: forecast.map(|f| f.basis.to_string()),
        observed_value,
        value_share,
    }
}

fn mean(v: Vec<f64>) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The scores over the scored records `pick` keeps.
fn score(
    records: &[RecordFit],
    pick: &dyn Fn(&RecordFit) -> bool,
    hazard: Option<f64>,
    unit: &str,
) -> Score {
    let rs: Vec<&RecordFit> = records
        .iter()
        .filter(|r| r.use_ != "input" && pick(r))
        .collect();
    let each =
        |f: &dyn Fn(&RecordFit) -> Option<f64>| mean(rs.iter().filter_map(|r| f(r)).collect());
    let mae = each(&|r| r.model.error.map(f64::abs));
    let baseline_mae = each(&|r| r.baseline.error.map(f64::abs));
    let n = rs.len().max(1) as f64;
    Score {
        records: rs.len(),
        skill: match (mae, baseline_mae) {
            (Some(m), Some(b)) if b > 0.0 => Some(1.0 - m / b),
            _ => None,
        },
        mae,
        baseline_mae,
        crps: each(&|r| r.crps),
        baseline_crps: each(&|r| r.baseline_crps),
        coverage: rs.iter().filter(|r| r.model.in_band).count() as f64 / n,
        baseline_coverage: rs.iter().filter(|r| r.baseline.in_band).count() as f64 / n,
        // An empty sum is −0.0 in Rust; no records share nothing.
        mean_share: rs.iter().map(|r| r.share).fold(0.0, |a, b| a + b) / n,
        baseline_hazard: hazard,
        unit: unit.to_string(),
    }
}

/// The sharpness and calendar spike of each agreement's simulated dates.
fn shapes(s: &Scenario, sum: &Summary) -> Vec<Shape> {
    let ud = unit_days(s);
    // On dated clocks a week is 7 days from the start; on abstract clocks a turn.
    let bucket = |t: u32| -> u64 {
        if s.clock.start.is_some() {
            (t as u64 * s.clock.turn_days as u64) / 7
        } else {
            t as u64
        }
    };
    s.agreements
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let h = &sum.agreement_dates[i];
            let (p10, p90) = (h.quantile(0.1), h.quantile(0.9));
            let mut weeks: std::collections::BTreeMap<u64, u64> = Default::default();
            for (t, c) in h.iter() {
                *weeks.entry(bucket(t)).or_default() += c;
            }
            // The busiest week; the earliest on a tie.
            let top = weeks
                .iter()
                .fold(None, |best: Option<(u64, u64)>, (&w, &c)| match best {
                    Some((_, bc)) if bc >= c => best,
                    _ => Some((w, c)),
                });
            Shape {
                outcome: format!("agreement.{}", a.id),
                label: a.label.clone(),
                share: h.total() as f64 / sum.runs.max(1) as f64,
                p10: p10.map(|t| s.clock.cell(t)),
                p90: p90.map(|t| s.clock.cell(t)),
                width: p10.zip(p90).map(|(a, b)| (b as f64 - a as f64) * ud),
                spike: top.map(|(_, c)| c as f64 / h.total().max(1) as f64),
                spike_at: top.map(|(w, _)| match s.clock.start {
                    Some(start) => Date(start.0 + w as i64 * 7).to_string(),
                    None => w.to_string(),
                }),
            }
        })
        .collect()
}

/// Evaluates a summary against the scenario's observed records, each scored under its own `use`.
pub fn evaluate(s: &Scenario, sum: &Summary, seed: u64) -> Fidelity {
    let uses: Vec<ObservedUse> = s.observed.iter().map(|o| o.use_).collect();
    evaluate_uses(s, sum, seed, &uses, None)
}

/// Evaluates a summary with a time split: records up to `cut` are scored as `calibrate`, later
/// ones as `holdout` (inputs stay inputs). Fails on a date split of an abstract clock.
pub fn evaluate_split(s: &Scenario, sum: &Summary, seed: u64, cut: &Cutoff) -> Result<Fidelity> {
    Ok(evaluate_uses(s, sum, seed, &cut.uses(s)?, Some(cut)))
}

/// Evaluates a summary with record `i` scored under `uses[i]`.
pub fn evaluate_uses(
    s: &Scenario,
    sum: &Summary,
    seed: u64,
    uses: &[ObservedUse],
    split: Option<&Cutoff>,
) -> Fidelity {
    let score_of =
        |i: usize, w: &[f64]| crps_sorted(&turn_points(s, w), observed_axis(s, &s.observed[i]));
    let base = baseline::fit(s, uses, &score_of);
    let records: Vec<RecordFit> = s
        .observed
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let f = base.as_ref().and_then(|b| b.forecasts[i].as_ref());
            record_fit(s, sum, o, uses[i], f)
        })
        .collect();
    let unit = if s.clock.start.is_some() {
        "days"
    } else {
        "turns"
    };
    let hazard = base.as_ref().map(|b| b.pooled_hazard);
    let scores = |pick: &dyn Fn(&RecordFit) -> bool| score(&records, pick, hazard, unit);
    Fidelity {
        scenario: s.id.clone(),
        runs: sum.runs,
        seed,
        split: split.map(|c| match c {
            Cutoff::Date(d) => d.to_string(),
            Cutoff::Turn(t) => t.to_string(),
        }),
        calibrate: scores(&|r| r.use_ == "calibrate"),
        holdout: scores(&|r| r.use_ == "holdout"),
        overall: scores(&|_| true),
        records,
        baseline: base.map(|b| BaselineInfo {
            kind: b.kind,
            hazard_crps: b.hazard_crps,
            gap_crps: b.gap_crps,
            pooled_hazard: b.pooled_hazard,
            gap: b.gap_turns.map(|g| g * unit_days(s)),
        }),
        agreements: shapes(s, sum),
    }
}
