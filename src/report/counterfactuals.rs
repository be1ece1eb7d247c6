//! Section `#counterfactuals`: the alternatives compared with the base over paired runs. Every
//! number comes from the comparison's document ([`CompareDoc`]) and is written as `compare` writes
//! it ([`format::estimate`]).

use super::*;
use crate::outcome::doc::CompareDoc;
use crate::outcome::doc::compare::{DistDoc, EstimateDoc, OutcomeDoc};

/// An estimate as the page writes it: without `[—]` where there is no interval.
fn est(e: Option<&EstimateDoc>, scale: f64, decimals: usize) -> String {
    e.map_or("—".into(), |e| {
        format::estimate(e, scale, decimals).replace(" [—]", "")
    })
}

impl Page {
    pub(super) fn counterfactuals(&mut self, cf: Option<&Counterfactuals>) {
        self.section("counterfactuals", "Counterfactuals");
        let Some(cf) = cf else {
            self.p("No alternatives were given. Name counterfactual scenarios after the scenario (`armistice report SCENARIO ALT...`) to compare them here, run for run.");
            return;
        };
        let (c, doc) = (&cf.c, &cf.doc);
        let base = &c.variants[0];
        let conf = format!("{:.0} %", c.confidence * 100.0);
        let horizon = doc.clock.horizon_label();
        self.p(&format!(
            "Each alternative plays the same {} runs as the base under the same master seed ({}), so run i of every variant draws the same random numbers wherever the variants agree (common random numbers): differences come from the change, not from different luck. Intervals are {conf} paired percentile bootstrap intervals over run indices ({} resamples, seed {}; Efron & Tibshirani 1993). Dates and their shifts are over all runs, a run that never gets there counting as after the horizon ({horizon}): a median is a date only when at least half the runs get there; otherwise the table says `after {horizon}`, and a shift to it gives the least it can be (`later: ≥ +N`). {} marks a shift that rests on fewer than half the runs of a variant.",
            c.runs,
            c.seed,
            c.bootstrap,
            c.bootstrap_seed,
            format::FEW_RUNS
        ));
        self.alternatives(c);
        self.dated_outcomes(doc, &conf);
        self.checkpoint_changes(doc, &conf);
        self.moved(doc, &conf);
        self.payoff_changes(doc, &conf);
        for f in &cf.figs {
            self.figure(&base.scenario, f, &format!("Comparison: {}", f.name));
        }
    }

    /// What each alternative changes.
    fn alternatives(&mut self, c: &Comparison) {
        let base = &c.variants[0];
        let rows: Vec<Vec<Cell>> = c.variants[1..]
            .iter()
            .map(|v| {
                let mut what = Vec::new();
                if v.scenario.description != base.scenario.description
                    && !v.scenario.description.is_empty()
                {
                    what.push(v.scenario.description.clone());
                }
                what.extend(overlay_changes(&v.spec, &v.overrides));
                vec![
                    t(&v.name),
                    t(&v.scenario.title),
                    t(if what.is_empty() {
                        "—".to_string()
                    } else {
                        what.join("\n")
                    }),
                ]
            })
            .collect();
        table(
            &mut self.body,
            &format!("The alternatives (base: {})", base.name),
            &[t("Alternative"), t("Title"), t("What changes")],
            &rows,
        );
    }

    /// Agreements and issues: share, median over all runs, shift and change per variant.
    fn dated_outcomes(&mut self, doc: &CompareDoc, conf: &str) {
        let horizon = doc.clock.horizon_label();
        let mut rows = Vec::new();
        let dated = doc.outcomes.iter().filter(|r| {
            r.kind == "date"
                && (r.outcome.starts_with("agreement.") || r.outcome.starts_with("issue."))
        });
        for r in dated {
            for (k, v) in doc.variants.iter().enumerate() {
                let Some(DistDoc::Date(d)) = r.variants.get(&v.name) else {
                    continue;
                };
                let med = match &d.date.median.at {
                    Some(at) => at.to_string(),
                    None => format!("after {horizon}"),
                };
                let (shift, change) = match r.differences.get(&v.name) {
                    Some(df) => (
                        est(df.median_shift.as_ref(), 1.0, 0),
                        est(df.share_change.as_ref(), 100.0, 1),
                    ),
                    None => ("(base)".into(), "(base)".into()),
                };
                rows.push(vec![
                    t(if k == 0 {
                        r.outcome.clone()
                    } else {
                        String::new()
                    }),
                    t(&v.name),
                    n(pct(d.share)),
                    n(med),
                    n(shift),
                    n(change),
                ]);
            }
        }
        table(
            &mut self.body,
            "Agreements and issues under each variant (dates over all runs)",
            &[
                t("Outcome"),
                t("Variant"),
                n("Happens (% of runs)"),
                n("Median"),
                n(format!("Median shift ({}) [{conf} CI]", doc.shift_unit)),
                n(format!("Change in % of runs (points) [{conf} CI]")),
            ],
            &rows,
        );
    }

    /// Agreements: the share of runs that reached each before each checkpoint date, and its change.
    fn checkpoint_changes(&mut self, doc: &CompareDoc, conf: &str) {
        if doc.checkpoints.is_empty() {
            return;
        }
        let mut rows = Vec::new();
        for r in doc
            .outcomes
            .iter()
            .filter(|r| r.outcome.starts_with("agreement."))
        {
            for (k, v) in doc.variants.iter().enumerate() {
                let Some(DistDoc::Date(d)) = r.variants.get(&v.name) else {
                    continue;
                };
                let mut row = vec![
                    t(if k == 0 {
                        r.outcome.clone()
                    } else {
                        String::new()
                    }),
                    t(&v.name),
                ];
                match r.differences.get(&v.name) {
                    Some(df) => {
                        row.extend(df.by_date.iter().map(|(_, e)| n(est(Some(e), 100.0, 1))))
                    }
                    None => row.extend(d.by_date.iter().map(|(_, p)| n(pct(*p)))),
                }
                rows.push(row);
            }
        }
        let mut head = vec![t("Agreement"), t("Variant")];
        head.extend(doc.checkpoints.iter().map(|c| n(format!("Before {c}"))));
        table(
            &mut self.body,
            &format!(
                "The probability of each agreement by each date: the base's share of runs, each alternative's change in points [{conf} CI]"
            ),
            &head,
            &rows,
        );
    }

    /// Events and actions that moved among the runs still going when each could first happen.
    fn moved(&mut self, doc: &CompareDoc, conf: &str) {
        let (moved, total) = compare::moved_rows(doc, usize::MAX);
        if moved.is_empty() {
            return;
        }
        let rows: Vec<Vec<Cell>> = moved
            .into_iter()
            .map(|m| {
                vec![
                    t(m.outcome),
                    t(m.variant),
                    n(m.first),
                    n(m.at_risk),
                    n(m.all_runs),
                    n(m.shift),
                ]
            })
            .collect();
        table(
            &mut self.body,
            &format!(
                "Events and actions that moved ({total}): the change in their probability among the runs still going when each could first happen, beside the change among all runs [{conf} CI]"
            ),
            &[
                t("Event or action"),
                t("Alternative"),
                n("Could happen from"),
                n("Among the runs going (points)"),
                n("Among all runs (points)"),
                n(format!("Median shift ({})", doc.shift_unit)),
            ],
            &rows,
        );
    }

    /// Mean payoffs of the base and their changes.
    fn payoff_changes(&mut self, doc: &CompareDoc, conf: &str) {
        let payoffs: Vec<&OutcomeDoc> = doc
            .outcomes
            .iter()
            .filter(|r| r.outcome.starts_with("payoff."))
            .collect();
        if payoffs.is_empty() {
            return;
        }
        let rows: Vec<Vec<Cell>> = payoffs
            .iter()
            .map(|r| {
                let base_mean = match r.variants.get(&doc.base) {
                    Some(DistDoc::Mean(m)) => m.mean,
                    _ => None,
                };
                let mut row = vec![
                    t(r.outcome.trim_start_matches("payoff.")),
                    n(num3(base_mean)),
                ];
                for v in &doc.variants[1..] {
                    let e = r
                        .differences
                        .get(&v.name)
                        .and_then(|d| d.mean_change.as_ref());
                    row.push(n(est(e, 1.0, 3)));
                }
                row
            })
            .collect();
        let mut head = vec![t("Actor"), n(format!("Base mean ({})", doc.base))];
        for v in &doc.variants[1..] {
            head.push(n(format!("{}: change [{conf} CI]", v.name)));
        }
        table(
            &mut self.body,
            "Mean payoff (utility units) and its change under each alternative",
            &head,
            &rows,
        );
    }
}
