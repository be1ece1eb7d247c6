//! `compare.json`: a [`Comparison`] as its document ([`CompareDoc`]).

use super::super::bootstrap::Estimate;
use super::super::{Dist, Kind, shift_unit};
use super::Comparison;
use crate::outcome::doc::compare::*;
use crate::outcome::doc::{ClockDoc, IndexMap, ObservedDoc, TimeValue};
use crate::scenario::{Override, Scenario};

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

fn estimate(e: &Option<Estimate>) -> Option<EstimateDoc> {
    e.as_ref().map(|e| EstimateDoc {
        estimate: finite(e.estimate),
        ci: e.ci,
        resamples_defined: e.defined,
    })
}

fn dist(s: &Scenario, kind: Kind, d: &Dist) -> DistDoc {
    match kind {
        Kind::Date => {
            let day = |x: Option<f64>| x.map(|x| super::super::day_text(s, x));
            DistDoc::Date(DateDist {
                share: d.share,
                p10: day(d.p10),
                median: day(d.median),
                p90: day(d.p90),
            })
        }
        Kind::Share => DistDoc::Share(ShareDist {
            share: d.mean.unwrap_or(0.0),
        }),
        Kind::Mean => DistDoc::Mean(MeanDist {
            mean: finite(d.mean),
            p10: finite(d.p10),
            median: finite(d.median),
            p90: finite(d.p90),
        }),
        Kind::Median => DistDoc::Median(MedianDist {
            share: d.share,
            p10: finite(d.p10),
            median: finite(d.median),
            p90: finite(d.p90),
        }),
    }
}

fn outcome(c: &Comparison, r: &super::Row) -> OutcomeDoc {
    let mut variants = IndexMap::new();
    let mut differences = IndexMap::new();
    for (v, var) in c.variants.iter().enumerate() {
        if let Some(d) = &r.dists[v] {
            variants.insert(var.name.clone(), dist(&var.scenario, r.kind, d));
        }
        if let Some(d) = &r.diffs[v] {
            let (share_change, median_shift, mean_change) = match r.kind {
                Kind::Date => (estimate(&d.change), estimate(&d.shift), None),
                Kind::Share => (estimate(&d.change), None, None),
                Kind::Mean => (None, None, estimate(&d.change)),
                Kind::Median => (None, estimate(&d.shift), None),
            };
            differences.insert(
                var.name.clone(),
                DifferenceDoc {
                    share_change,
                    median_shift,
                    mean_change,
                },
            );
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
        observed: base
            .observed
            .iter()
            .map(|o| ObservedDoc {
                outcome: o.name.clone(),
                date: o.date.map(|d| d.to_string()),
                turn: o.turn,
                label: o.label.clone(),
                source: None,
            })
            .collect(),
        distributions: reached(c),
    }
}
