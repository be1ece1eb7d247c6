//! Fidelity: how close simulated outcomes come to the observed history a scenario records.
//!
//! For each `[[observed]]` record: the observed date, the simulated p10/median/p90 (among runs in which
//! the outcome happened), the median's error in days, whether the 80 % band (p10–p90) contains the
//! observed date, and the same for a naive baseline: a constant-hazard (exponential) model whose one rate
//! is fitted by maximum likelihood to the same records' observed durations from the scenario start,
//! λ̂ = n / Σ d_i. The baseline says "things happen at a steady rate"; a model earns its mechanisms only if
//! it beats it. Records marked `input` (scheduled exogenous events) are shown but not scored.

use serde::Serialize;

use crate::outcome::Summary;
use crate::outcome::summary::TurnHist;
use crate::scenario::{Observed, ObservedUse, OutcomeRef, Scenario};

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
    /// `calibrate`, `holdout` or `input`.
    #[serde(rename = "use")]
    pub use_: String,
    /// The observed date (or turn).
    pub observed: String,
    /// Share of runs in which the outcome happened at all.
    pub share: f64,
    /// The model's band.
    pub model: Band,
    /// The constant-hazard baseline's band.
    pub baseline: Band,
    /// For issues: the observed option, if recorded.
    pub observed_value: Option<String>,
    /// For issues: the share of runs that settled on the observed option.
    pub value_share: Option<f64>,
}

/// Overall scores.
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
    /// Share of scored records inside the model's 80 % band.
    pub coverage: f64,
    /// The baseline's.
    pub baseline_coverage: f64,
    /// Mean share of runs in which the scored outcomes happened.
    pub mean_share: f64,
    /// The baseline's fitted hazard per turn.
    pub baseline_hazard: Option<f64>,
    /// Unit of errors: `days` or `turns`.
    pub unit: String,
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
    /// Per record.
    pub records: Vec<RecordFit>,
    /// Scores over the records marked `calibrate`.
    pub calibrate: Score,
    /// Scores over the records marked `holdout`.
    pub holdout: Score,
    /// Scores over both.
    pub overall: Score,
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

fn cell(s: &Scenario, t: f64) -> String {
    let t = t.round().max(0.0) as u32;
    s.clock.cell(t)
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
}

/// One observed record against the simulated distribution of its outcome and the baseline's.
fn record_fit(s: &Scenario, sum: &Summary, o: &Observed, hazard: Option<f64>) -> RecordFit {
    let ud = unit_days(s);
    let h = hist(sum, o.outcome);
    let q = |p: f64| h.quantile(p);
    let obs = o.turn as f64;
    // Errors are measured from the observed day itself, not from the start of the turn holding it.
    let obs_day = |t: f64| -> f64 {
        match (o.date, s.clock.start) {
            (Some(d), Some(start)) => (start.0 as f64 + t * s.clock.turn_days as f64) - d.0 as f64,
            _ => (t - obs) * ud,
        }
    };
    let model = match (q(0.1), q(0.5), q(0.9)) {
        (Some(a), Some(m), Some(b)) => Band {
            p10: Some(s.clock.cell(a)),
            median: Some(s.clock.cell(m)),
            p90: Some(s.clock.cell(b)),
            error: Some(obs_day(m as f64)),
            in_band: (a as f64) <= obs && obs <= b as f64,
        },
        _ => Band::none(),
    };
    // Exponential quantiles: t_q = −ln(1 − q)/λ, on the turn grid.
    let baseline = match hazard {
        Some(l) => {
            let tq = |p: f64| (-crate::math::ln(1.0f64 - p) / l).floor();
            let (a, m, b) = (tq(0.1), tq(0.5), tq(0.9));
            Band {
                p10: Some(cell(s, a)),
                median: Some(cell(s, m)),
                p90: Some(cell(s, b)),
                error: Some(obs_day(m)),
                in_band: a <= obs && obs <= b,
            }
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
        use_: match o.use_ {
            ObservedUse::Calibrate => "calibrate",
            ObservedUse::Holdout => "holdout",
            ObservedUse::Input => "input",
        }
        .into(),
        observed: o
            .date
            .map(|d| d.to_string())
            .unwrap_or_else(|| o.turn.to_string()),
        share: h.total() as f64 / sum.runs.max(1) as f64,
        model,
        baseline,
        observed_value,
        value_share,
    }
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
    let mean = |v: Vec<f64>| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    let mae = mean(
        rs.iter()
            .filter_map(|r| r.model.error.map(f64::abs))
            .collect(),
    );
    let baseline_mae = mean(
        rs.iter()
            .filter_map(|r| r.baseline.error.map(f64::abs))
            .collect(),
    );
    let n = rs.len().max(1) as f64;
    Score {
        records: rs.len(),
        skill: match (mae, baseline_mae) {
            (Some(m), Some(b)) if b > 0.0 => Some(1.0 - m / b),
            _ => None,
        },
        mae,
        baseline_mae,
        coverage: rs.iter().filter(|r| r.model.in_band).count() as f64 / n,
        baseline_coverage: rs.iter().filter(|r| r.baseline.in_band).count() as f64 / n,
        mean_share: rs.iter().map(|r| r.share).sum::<f64>() / n,
        baseline_hazard: hazard,
        unit: unit.to_string(),
    }
}

/// Evaluates a summary against the scenario's observed records.
pub fn evaluate(s: &Scenario, sum: &Summary, seed: u64) -> Fidelity {
    // Baseline: one constant hazard fitted to the observed durations of the scored records.
    let scored: Vec<_> = s
        .observed
        .iter()
        .filter(|o| o.use_ != ObservedUse::Input)
        .collect();
    let total: f64 = scored.iter().map(|o| (o.turn.max(0) as f64) + 1.0).sum();
    let hazard = (!scored.is_empty() && total > 0.0).then(|| scored.len() as f64 / total);
    let records: Vec<RecordFit> = s
        .observed
        .iter()
        .map(|o| record_fit(s, sum, o, hazard))
        .collect();
    let unit = if s.clock.start.is_some() {
        "days"
    } else {
        "turns"
    };
    let scores = |pick: &dyn Fn(&RecordFit) -> bool| score(&records, pick, hazard, unit);
    Fidelity {
        scenario: s.id.clone(),
        runs: sum.runs,
        seed,
        calibrate: scores(&|r| r.use_ == "calibrate"),
        holdout: scores(&|r| r.use_ == "holdout"),
        overall: scores(&|_| true),
        records,
    }
}

/// The report as a text table.
pub fn to_text(f: &Fidelity) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Fidelity of {} against history ({} runs, seed {})",
        f.scenario, f.runs, f.seed
    );
    let _ = writeln!(
        o,
        "{:<32} {:<9} {:>10}  {:>5}  {:>10} [{:>10} – {:>10}] {:>8} {:>4}   {:>8} {:>4}",
        "outcome",
        "use",
        "observed",
        "share",
        "median",
        "p10",
        "p90",
        "error",
        "in80",
        "baseline",
        "in80"
    );
    let d = |x: &Option<String>| x.clone().unwrap_or_else(|| "—".into());
    let e = |x: Option<f64>| x.map(|v| format!("{v:+.0}")).unwrap_or_else(|| "—".into());
    for r in &f.records {
        let _ = writeln!(
            o,
            "{:<32} {:<9} {:>10}  {:>4.0}%  {:>10} [{:>10} – {:>10}] {:>8} {:>4}   {:>8} {:>4}",
            r.outcome,
            r.use_,
            r.observed,
            r.share * 100.0,
            d(&r.model.median),
            d(&r.model.p10),
            d(&r.model.p90),
            e(r.model.error),
            if r.model.in_band { "yes" } else { "no" },
            e(r.baseline.error),
            if r.baseline.in_band { "yes" } else { "no" },
        );
        if let (Some(v), Some(sh)) = (&r.observed_value, r.value_share) {
            let _ = writeln!(
                o,
                "{:<32}   observed option `{v}`: {:.0}% of runs settle on it",
                "",
                sh * 100.0
            );
        }
    }
    for (name, s) in [
        ("calibration records", &f.calibrate),
        ("held-out records", &f.holdout),
        ("all scored records", &f.overall),
    ] {
        if s.records == 0 {
            continue;
        }
        let g = |x: Option<f64>| x.map(|v| format!("{v:.0}")).unwrap_or_else(|| "—".into());
        let _ = writeln!(
            o,
            "{name}: n = {}, mean |error| {} {} (baseline {}), skill {}, inside the 80% band {:.0}% (baseline {:.0}%)",
            s.records,
            g(s.mae),
            s.unit,
            g(s.baseline_mae),
            s.skill
                .map(|v| format!("{v:+.2}"))
                .unwrap_or_else(|| "—".into()),
            s.coverage * 100.0,
            s.baseline_coverage * 100.0
        );
    }
    let _ = writeln!(
        o,
        "error = simulated median − observed; baseline = constant hazard fitted to the observed durations (see docs/output-format.md)"
    );
    o
}
