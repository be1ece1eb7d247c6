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
    /// Change in that share, `+2.0 pts [+0.8, +3.3]`.
    pub share_change: String,
    /// `more often`, `less often` or `no clear change`, from the interval.
    pub share_verdict: String,
    /// Shift of the median date, `−21 days [−28, −7]`; `none` when a median is after the horizon.
    pub median_shift: String,
    /// `earlier`, `later` or `no clear change`, from the interval (or from which median is after
    /// the horizon).
    pub shift_verdict: String,
    /// Median date over all runs, base then alternative (`after H` when fewer than half the runs
    /// reach it).
    pub medians: (String, String),
    /// Where a median is after the horizon: the shift among the runs that reach it, said to rest on
    /// fewer than half the runs.
    pub among_reached: Option<String>,
}

/// What an interval says of a change: `less` if it lies below zero, `more` above, else no clear change.
fn verdict(e: Option<&EstimateDoc>, less: &str, more: &str) -> String {
    match e.and_then(|e| e.ci) {
        Some((_, hi)) if hi < 0.0 => less.into(),
        Some((lo, _)) if lo > 0.0 => more.into(),
        Some(_) => "no clear change".into(),
        None => "undefined".into(),
    }
}

fn estimate(e: Option<&EstimateDoc>, scale: f64, decimals: usize, unit: &str) -> String {
    match e {
        Some(e) if e.estimate.is_some() => format!(
            "{} {unit}",
            format::signed_interval(e.estimate, e.ci, scale, decimals)
        ),
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

/// `(share reached, median over all runs, whether that median is after the horizon)`. A median over
/// all runs is a date only when at least half the runs reach the agreement (docs/output-format.md).
fn date_dist(d: Option<&DistDoc>, horizon: &str) -> (String, String, bool) {
    match d {
        Some(DistDoc::Date(d)) if d.share < 0.5 => {
            (format::percent(d.share), format!("after {horizon}"), true)
        }
        Some(DistDoc::Date(d)) => (
            format::percent(d.share),
            d.median.clone().unwrap_or_else(|| "—".into()),
            false,
        ),
        _ => ("—".into(), "—".into(), false),
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
    let (base_share, base_median, base_late) = date_dist(base, horizon);
    let (alt_share, alt_median, alt_late) = date_dist(alt, horizon);
    let shift = estimate(diff.median_shift.as_ref(), 1.0, 0, unit);
    let (median_shift, shift_verdict, among_reached) = match (base_late, alt_late) {
        (false, false) => (
            shift,
            verdict(diff.median_shift.as_ref(), "earlier", "later"),
            None,
        ),
        (base_late, alt_late) => (
            "none over all runs".to_string(),
            match (base_late, alt_late) {
                (false, true) => "later".to_string(),
                (true, false) => "earlier".to_string(),
                _ => "no median within the horizon".to_string(),
            },
            Some(format!(
                "among the runs that reach it, {shift}: a shift that rests on fewer than half the runs"
            )),
        ),
    };
    CompareCard {
        label,
        reached: (base_share, alt_share),
        share_change: estimate(diff.share_change.as_ref(), 100.0, 1, "pts"),
        share_verdict: verdict(diff.share_change.as_ref(), "less often", "more often"),
        median_shift,
        shift_verdict,
        medians: (base_median, alt_median),
        among_reached,
    }
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
            let moved = diff
                .share_change
                .as_ref()
                .and_then(|e| e.ci)
                .is_some_and(|(lo, hi)| lo > 0.0 || hi < 0.0);
            if moved {
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
    use crate::outcome::doc::compare::DateDist;

    fn reached(share: f64, median: &str) -> DistDoc {
        DistDoc::Date(DateDist {
            share,
            p10: Some(median.into()),
            median: Some(median.into()),
            p90: Some(median.into()),
        })
    }

    fn shift(estimate: f64, lo: f64, hi: f64) -> DifferenceDoc {
        let e = EstimateDoc {
            estimate: Some(estimate),
            ci: Some((lo, hi)),
            resamples_defined: 100,
        };
        DifferenceDoc {
            share_change: Some(EstimateDoc {
                estimate: Some(0.0),
                ci: Some((-0.01, 0.01)),
                resamples_defined: 100,
            }),
            median_shift: Some(e),
            mean_change: None,
        }
    }

    #[test]
    fn a_shift_whose_interval_is_below_zero_reads_earlier() {
        let base = reached(1.0, "1953-07-21");
        let alt = reached(1.0, "1953-06-30");
        let c = agreement_card(
            "Armistice".into(),
            &shift(-21.0, -28.0, -7.0),
            Some(&base),
            Some(&alt),
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
    fn when_fewer_than_half_the_runs_reach_it_the_median_is_after_the_horizon_not_a_shift() {
        // 13 % of the alternative's runs reach it: their median is not the alternative's date.
        let base = reached(1.0, "1953-07-21");
        let alt = reached(0.13, "1952-12-30");
        let c = agreement_card(
            "Armistice".into(),
            &shift(-203.0, -217.0, -182.0),
            Some(&base),
            Some(&alt),
            "days",
            "1955-01-04",
        );
        assert_eq!(c.medians.1, "after 1955-01-04");
        assert_eq!(c.shift_verdict, "later");
        assert_eq!(c.median_shift, "none over all runs");
        let note = c.among_reached.unwrap();
        assert!(note.contains("fewer than half"), "{note}");
        assert!(note.contains("\u{2212}203"), "{note}");
    }
}
