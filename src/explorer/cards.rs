//! The page's cards: the headline numbers of a run and of a comparison, read from the typed documents
//! and written by [`crate::format`], so the page writes every number as the terminal and the report do.

use serde::Serialize;

use crate::export::text::quantile_text;
use crate::format;
use crate::outcome::doc::compare::{DifferenceDoc, DistDoc, EstimateDoc};
use crate::outcome::doc::{CompareDoc, SummaryDoc};
use crate::scenario::Scenario;

/// When an agreement comes, over all runs of a batch.
#[derive(Debug, Serialize)]
pub struct RunCard {
    /// The agreement's label.
    pub label: String,
    /// Share of all runs that reach it, e.g. `91%`.
    pub share: String,
    /// Whether fewer than half the runs reach it (its median is then after the horizon).
    pub few: bool,
    /// Median date, or `after H`.
    pub median: String,
    /// 10th to 90th percentile of the date, `p10 – p90`.
    pub range: String,
    /// Share of all runs that reached it before each checkpoint: `(date, share)`.
    pub by_date: Vec<(String, String)>,
    /// The date history records, if the scenario has one.
    pub history: Option<String>,
}

/// The cards of a batch: one per agreement, and the horizon the censored dates refer to.
pub fn run_cards(s: &Scenario, doc: &SummaryDoc) -> (Vec<RunCard>, String) {
    let horizon = s.clock.label(s.clock.max_turns);
    let cards = doc
        .agreements
        .iter()
        .map(|(id, a)| RunCard {
            label: a.label.clone(),
            share: format::percent(a.share),
            few: a.share < 0.5,
            median: quantile_text(&a.date.median, &horizon),
            range: format!(
                "{} – {}",
                quantile_text(&a.date.p10, &horizon),
                quantile_text(&a.date.p90, &horizon)
            ),
            by_date: a
                .by_date
                .iter()
                .map(|(t, p)| (t.to_string(), format::percent(*p)))
                .collect(),
            history: doc
                .observed
                .iter()
                .find(|o| o.outcome == format!("agreement.{id}"))
                .and_then(|o| o.date.clone().or_else(|| Some(format!("turn {}", o.turn)))),
        })
        .collect();
    (cards, horizon)
}

/// How one agreement moved between the base and the alternative.
#[derive(Debug, Serialize)]
pub struct CompareCard {
    /// The agreement's label.
    pub label: String,
    /// Share of runs that reach it, base then alternative.
    pub reached: (String, String),
    /// Change in that share, `+2.0 [+0.8, +3.3] pts`.
    pub share_change: String,
    /// `more often`, `less often` or `no clear change`, from the interval.
    pub share_verdict: String,
    /// Shift of the median date over all runs, `−21 [−28, −7] days`; a median after the horizon
    /// makes it a bound (`later: ≥ +522 days`, see [`format::estimate`]).
    pub median_shift: String,
    /// `earlier`, `later` or `no clear change`, from the interval or the bound.
    pub shift_verdict: String,
    /// Median date over all runs, base then alternative (`after H` when fewer than half the runs
    /// reach it).
    pub medians: (String, String),
    /// A warning when the shift rests on fewer than half the runs.
    pub among_reached: Option<String>,
}

/// What an estimate says of a change: `less` if its interval (or its bound, when censored) lies
/// below zero, `more` above, else no clear change.
fn verdict(e: Option<&EstimateDoc>, less: &str, more: &str) -> String {
    let Some(e) = e else {
        return "undefined".into();
    };
    match (e.ci, e.at_least, e.at_most) {
        (Some((_, Some(hi))), _, _) if hi < 0.0 => less.into(),
        (Some((Some(lo), _)), _, _) if lo > 0.0 => more.into(),
        (Some((Some(_), None)), _, _) | (None, Some(_), _) if e.estimate.is_none() => more.into(),
        (Some((None, Some(_))), _, _) | (None, _, Some(_)) if e.estimate.is_none() => less.into(),
        (Some(_), _, _) => "no clear change".into(),
        _ if e.censored => "no median within the horizon".into(),
        _ => "undefined".into(),
    }
}

fn estimate(e: Option<&EstimateDoc>, scale: f64, decimals: usize, unit: &str) -> String {
    match e {
        Some(e) if e.estimate.is_some() || e.at_least.is_some() || e.at_most.is_some() => {
            format!("{} {unit}", format::estimate(e, scale, decimals))
        }
        Some(e) if e.censored => format::estimate(e, scale, decimals),
        _ => "undefined".into(),
    }
}

fn issue_label(s: &Scenario, id: &str) -> String {
    s.issue(id)
        .map_or_else(|| id.to_string(), |i| s.issues[i].label.clone())
}

fn option_label(s: &Scenario, issue: &str, option: &str) -> String {
    s.issue(issue)
        .map(|i| &s.issues[i])
        .and_then(|i| {
            let p = i.positions.iter().position(|x| x == option)?;
            i.option_labels.get(p).filter(|l| !l.is_empty()).cloned()
        })
        .unwrap_or_else(|| option.to_string())
}

/// `(share reached, median over all runs)`: a median over all runs is a date only when at least
/// half the runs reach the agreement, else `after H` (docs/output-format.md).
fn date_dist(d: Option<&DistDoc>, horizon: &str) -> (String, String) {
    match d {
        Some(DistDoc::Date(d)) => (
            format::percent(d.share),
            match &d.date.median.at {
                Some(t) => t.to_string(),
                None if d.date.median.censored => format!("after {horizon}"),
                None => "\u{2014}".into(),
            },
        ),
        _ => ("\u{2014}".into(), "\u{2014}".into()),
    }
}

/// The card of one agreement.
fn agreement_card(
    label: String,
    diff: &DifferenceDoc,
    base: Option<&DistDoc>,
    alt: Option<&DistDoc>,
    unit: &str,
    horizon: &str,
) -> CompareCard {
    let (base_share, base_median) = date_dist(base, horizon);
    let (alt_share, alt_median) = date_dist(alt, horizon);
    let shift = diff.median_shift.as_ref();
    CompareCard {
        label,
        reached: (base_share, alt_share),
        share_change: estimate(diff.share_change.as_ref(), 100.0, 1, "pts"),
        share_verdict: verdict(diff.share_change.as_ref(), "less often", "more often"),
        median_shift: estimate(shift, 1.0, 0, unit),
        shift_verdict: verdict(shift, "earlier", "later"),
        medians: (base_median, alt_median),
        among_reached: shift.filter(|e| e.few_runs).map(|_| {
            "the shift rests on fewer than half the runs: read it as a tendency, not a date".into()
        }),
    }
}

/// Whether an estimate's interval lies clear of zero.
fn moved(e: Option<&EstimateDoc>) -> bool {
    e.and_then(|e| e.ci)
        .is_some_and(|(lo, hi)| lo.is_some_and(|l| l > 0.0) || hi.is_some_and(|h| h < 0.0))
}

/// The cards of a comparison of two variants: one per agreement, and the options whose share of
/// runs moved beyond its interval (`issue: option +2.0 pts [+0.8, +3.3]`).
pub fn compare_cards(s: &Scenario, doc: &CompareDoc) -> (Vec<CompareCard>, Vec<String>) {
    let Some(alt) = doc.variants.get(1).map(|v| v.name.as_str()) else {
        return (Vec::new(), Vec::new());
    };
    let horizon = s.clock.label(s.clock.max_turns);
    let mut cards = Vec::new();
    let mut terms = Vec::new();
    for o in &doc.outcomes {
        let Some(diff) = o.differences.get(alt) else {
            continue;
        };
        if let Some(id) = o.outcome.strip_prefix("agreement.") {
            let label = doc
                .distributions
                .get(&o.outcome)
                .map_or_else(|| id.to_string(), |d| d.label.clone());
            cards.push(agreement_card(
                label,
                diff,
                o.variants.get(&doc.base),
                o.variants.get(alt),
                &doc.shift_unit,
                &horizon,
            ));
        } else if let Some((issue, option)) = o
            .outcome
            .strip_prefix("issue.")
            .and_then(|r| r.split_once(".option."))
        {
            if moved(diff.share_change.as_ref()) {
                terms.push(format!(
                    "{}: {} {}",
                    issue_label(s, issue),
                    option_label(s, issue, option),
                    estimate(diff.share_change.as_ref(), 100.0, 1, "pts")
                ));
            }
        }
    }
    (cards, terms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::doc::TimeValue;
    use crate::outcome::doc::compare::DateDist;
    use crate::outcome::doc::summary::{DateQuantile, DateQuantiles};

    fn q(at: Option<&str>) -> DateQuantile {
        DateQuantile {
            at: at.map(|d| TimeValue::Date(d.into())),
            censored: at.is_none(),
        }
    }

    fn reached(share: f64, median: Option<&str>) -> DistDoc {
        DistDoc::Date(DateDist {
            share,
            date: DateQuantiles {
                p10: q(median),
                median: q(median),
                p90: q(None),
            },
            by_date: Vec::new(),
            at_risk: None,
        })
    }

    fn est(estimate: Option<f64>, ci: Option<(Option<f64>, Option<f64>)>) -> EstimateDoc {
        EstimateDoc {
            estimate,
            censored: estimate.is_none(),
            at_least: None,
            at_most: None,
            ci,
            resamples_defined: 100,
            rests_on: None,
            few_runs: false,
        }
    }

    fn diff(shift: EstimateDoc) -> DifferenceDoc {
        DifferenceDoc {
            share_change: Some(est(Some(0.0), Some((Some(-0.01), Some(0.01))))),
            median_shift: Some(shift),
            ..Default::default()
        }
    }

    #[test]
    fn a_shift_whose_interval_is_below_zero_reads_earlier() {
        let c = agreement_card(
            "Armistice".into(),
            &diff(est(Some(-21.0), Some((Some(-28.0), Some(-7.0))))),
            Some(&reached(1.0, Some("1953-07-21"))),
            Some(&reached(1.0, Some("1953-06-30"))),
            "days",
            "1955-01-04",
        );
        assert_eq!(c.median_shift, "\u{2212}21 [\u{2212}28, \u{2212}7] days");
        assert_eq!(c.shift_verdict, "earlier");
        assert_eq!(c.share_verdict, "no clear change");
        assert_eq!(c.medians, ("1953-07-21".into(), "1953-06-30".into()));
        assert!(c.among_reached.is_none());
    }

    #[test]
    fn a_median_after_the_horizon_reads_as_a_bound_and_later() {
        // 13 % of the alternative's runs reach it: its median over all runs is after the horizon.
        let mut shift = est(None, Some((Some(400.0), None)));
        shift.at_least = Some(532.0);
        let c = agreement_card(
            "Armistice".into(),
            &diff(shift),
            Some(&reached(1.0, Some("1953-07-21"))),
            Some(&reached(0.13, None)),
            "days",
            "1955-01-04",
        );
        assert_eq!(c.medians.1, "after 1955-01-04");
        assert_eq!(c.shift_verdict, "later");
        assert!(
            c.median_shift.contains("\u{2265} +532"),
            "{}",
            c.median_shift
        );
    }
}
