//! `compare.json`: a [`Comparison`] as its document ([`CompareDoc`]).

use super::super::bootstrap::Estimate;
use super::super::{Dist, Kind, shift_unit};
use super::{Comparison, DateStats, Difference, Row};
use crate::outcome::doc::compare::*;
use crate::outcome::doc::summary::{DateQuantile, DateQuantiles};
use crate::outcome::doc::{ClockDoc, IndexMap, ObservedDoc, TimeValue};
use crate::scenario::{Override, Scenario};

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

/// A time on a variant's axis (day number or turn) as a document time.
fn time_value(s: &Scenario, x: f64) -> TimeValue {
    match s.clock.start {
        Some(_) => TimeValue::Date(crate::time::Date(x.round() as i64).to_string()),
        None => TimeValue::Turn(x.round() as i64),
    }
}

/// A quantile that may be censored (`INFINITY`: after the horizon).
fn quantile(s: &Scenario, x: f64) -> DateQuantile {
    DateQuantile {
        at: x.is_finite().then(|| time_value(s, x)),
        censored: !x.is_finite(),
    }
}

/// An estimate of a statistic that is never censored (a share or a mean).
fn plain(e: &Estimate) -> EstimateDoc {
    EstimateDoc {
        estimate: finite(e.estimate),
        censored: false,
        at_least: None,
        at_most: None,
        ci: e.ci.map(|(lo, hi)| (Some(lo), Some(hi))),
        resamples_defined: e.defined,
        rests_on: None,
        few_runs: false,
    }
}

/// A median shift: censored where a median falls after the horizon, bounded when only one does
/// (`medians`: the base's and the alternative's, `horizons` theirs).
fn shift(
    e: &Estimate,
    medians: Option<(f64, f64)>,
    horizons: (f64, f64),
    rests_on: Option<f64>,
) -> EstimateDoc {
    let x = e.estimate;
    let (at_least, at_most) = match (x, medians) {
        (Some(x), Some((mb, _))) if x == f64::INFINITY => (Some(horizons.1 - mb), None),
        (Some(x), Some((_, ma))) if x == f64::NEG_INFINITY => (None, Some(ma - horizons.0)),
        _ => (None, None),
    };
    let both_after = medians.is_some_and(|(a, b)| a.is_infinite() && b.is_infinite());
    EstimateDoc {
        censored: x.is_some_and(f64::is_infinite) || (x.is_none() && both_after),
        at_least,
        at_most,
        ci: e.ci.map(|(lo, hi)| (finite(Some(lo)), finite(Some(hi)))),
        rests_on,
        few_runs: rests_on.is_some_and(|r| r < 0.5),
        ..plain(e)
    }
}

fn date_dist(s: &Scenario, d: &DateStats, checkpoints: &[TimeValue]) -> DateDist {
    let [p10, median, p90] = d.quantiles.map(|x| quantile(s, x));
    DateDist {
        share: d.share,
        date: DateQuantiles { p10, median, p90 },
        by_date: checkpoints
            .iter()
            .cloned()
            .zip(d.by_date.iter().copied())
            .collect(),
        at_risk: d.at_risk.as_ref().map(|r| AtRiskDoc {
            first_possible: time_value(s, r.first),
            runs: r.runs,
            share: r.share,
            median: quantile(s, r.median),
        }),
    }
}

/// The distribution of an outcome that is not a date.
fn dist(kind: Kind, d: &Dist) -> DistDoc {
    match kind {
        Kind::Share => DistDoc::Share(ShareDist {
            share: d.mean.unwrap_or(0.0),
        }),
        Kind::Mean => DistDoc::Mean(MeanDist {
            mean: finite(d.mean),
            p10: finite(d.p10),
            median: finite(d.median),
            p90: finite(d.p90),
        }),
        Kind::Date | Kind::Median => DistDoc::Median(MedianDist {
            share: d.share,
            p10: finite(d.p10),
            median: finite(d.median),
            p90: finite(d.p90),
        }),
    }
}

/// The median a date shift compares, per variant: over all runs, or among the runs at risk.
fn median_of(d: &DateStats) -> f64 {
    d.at_risk.as_ref().map_or(d.quantiles[1], |r| r.median)
}

fn difference(c: &Comparison, r: &Row, v: usize, d: &Difference) -> DifferenceDoc {
    let checkpoints: Vec<TimeValue> = c.checkpoints.iter().map(|x| x.0.clone()).collect();
    match r.kind {
        Kind::Date => {
            let (a, b) = (r.dates[0].as_ref(), r.dates[v].as_ref());
            let medians = a.zip(b).map(|(a, b)| (median_of(a), median_of(b)));
            let horizons = (
                a.map_or(f64::INFINITY, |x| x.horizon),
                b.map_or(f64::INFINITY, |x| x.horizon),
            );
            DifferenceDoc {
                share_change: d.change.as_ref().map(plain),
                median_shift: d
                    .shift
                    .as_ref()
                    .map(|e| shift(e, medians, horizons, d.rests_on)),
                at_risk_change: d.at_risk.as_ref().map(plain),
                by_date: checkpoints
                    .into_iter()
                    .zip(d.by_date.iter().map(plain))
                    .collect(),
                mean_change: None,
            }
        }
        Kind::Share => DifferenceDoc {
            share_change: d.change.as_ref().map(plain),
            ..DifferenceDoc::default()
        },
        Kind::Mean => DifferenceDoc {
            mean_change: d.change.as_ref().map(plain),
            ..DifferenceDoc::default()
        },
        Kind::Median => DifferenceDoc {
            median_shift: d
                .shift
                .as_ref()
                .map(|e| shift(e, None, (0.0, 0.0), d.rests_on)),
            ..DifferenceDoc::default()
        },
    }
}

fn outcome(c: &Comparison, r: &Row) -> OutcomeDoc {
    let checkpoints: Vec<TimeValue> = c.checkpoints.iter().map(|x| x.0.clone()).collect();
    let mut variants = IndexMap::new();
    let mut differences = IndexMap::new();
    for (v, var) in c.variants.iter().enumerate() {
        let s = &var.scenario;
        match (&r.dates[v], &r.dists[v]) {
            (Some(d), _) => {
                let by: &[TimeValue] = if d.by_date.is_empty() {
                    &[]
                } else {
                    &checkpoints
                };
                variants.insert(var.name.clone(), DistDoc::Date(date_dist(s, d, by)));
            }
            (None, Some(d)) => {
                variants.insert(var.name.clone(), dist(r.kind, d));
            }
            (None, None) => {}
        }
        if let Some(d) = &r.diffs[v] {
            differences.insert(var.name.clone(), difference(c, r, v, d));
        }
    }
    OutcomeDoc {
        outcome: r.name.clone(),
        kind: r.kind.as_str().to_string(),
        variants,
        differences,
    }
}

/// When each variant reached each agreement (the data of the comparison chart).
fn reached(c: &Comparison) -> IndexMap<String, ReachedDoc> {
    c.reached
        .iter()
        .map(|r| {
            let variants = c
                .variants
                .iter()
                .zip(&r.counts)
                .filter_map(|(var, counts)| {
                    let dated = var.scenario.clock.start.is_some();
                    let rows = counts
                        .as_ref()?
                        .iter()
                        .map(|&(t, n)| {
                            let at = if dated {
                                TimeValue::Date(crate::time::Date(t).to_string())
                            } else {
                                TimeValue::Turn(t)
                            };
                            (at, n)
                        })
                        .collect();
                    Some((var.name.clone(), rows))
                })
                .collect();
            (
                r.outcome.clone(),
                ReachedDoc {
                    label: r.label.clone(),
                    variants,
                },
            )
        })
        .collect()
}

/// `compare.json` / `compare --json` (contract in `docs/analysis.md`).
pub fn to_json(c: &Comparison) -> CompareDoc {
    let base = &c.variants[0].scenario;
    CompareDoc {
        format: "armistice-compare-1".into(),
        command: c.command.clone(),
        armistice_version: env!("CARGO_PKG_VERSION").into(),
        base: c.variants[0].name.clone(),
        runs: c.runs,
        seed: c.seed,
        common_random_numbers: !c.independent,
        shift_unit: shift_unit(base).into(),
        bootstrap: BootstrapDoc {
            method: "paired percentile bootstrap over run indices".into(),
            reference: "Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall, ch. 13".into(),
            resamples: c.bootstrap,
            seed: c.bootstrap_seed,
            confidence: c.confidence,
        },
        variants: c
            .variants
            .iter()
            .map(|v| VariantDoc {
                name: v.name.clone(),
                scenario: v.scenario.id.clone(),
                title: v.scenario.title.clone(),
                spec: v.spec.clone(),
                overrides: v.overrides.iter().map(Override::to_arg).collect(),
                seed: v.seed,
            })
            .collect(),
        outcomes: c.rows.iter().map(|r| outcome(c, r)).collect(),
        title: base.title.clone(),
        clock: ClockDoc::of(&base.clock),
        checkpoints: c.checkpoints.iter().map(|x| x.0.clone()).collect(),
        observed: base
            .observed
            .iter()
            .map(|o| ObservedDoc::of(o, false))
            .collect(),
        distributions: reached(c),
    }
}
