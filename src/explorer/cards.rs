//! The page's cards: the headline numbers of a run and of a comparison, read from the typed documents
//! and written by [`crate::format`], so the page writes every number as the terminal and the report do.

use serde::Serialize;

use crate::export::text::quantile_text;
use crate::format;
use crate::outcome::doc::compare::{DistDoc, EstimateDoc};
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
    /// Shift of the median date, `−21 days [−28, −7]`.
    pub median_shift: String,
    /// `earlier`, `later` or `no clear change`, from the interval.
    pub shift_verdict: String,
    /// Median date, base then alternative.
    pub medians: (String, String),
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

fn date_dist(d: Option<&DistDoc>) -> (String, String) {
    match d {
        Some(DistDoc::Date(d)) => (
            format::percent(d.share),
            d.median.clone().unwrap_or_else(|| "—".into()),
        ),
        _ => ("—".into(), "—".into()),
    }
}

/// The cards of a comparison of two variants: one per agreement, and the options whose share of
/// runs moved beyond its interval (`issue: option +2.0 pts [+0.8, +3.3]`).
pub fn compare_cards(s: &Scenario, doc: &CompareDoc) -> (Vec<CompareCard>, Vec<String>) {
    let Some(alt) = doc.variants.get(1).map(|v| v.name.as_str()) else {
        return (Vec::new(), Vec::new());
    };
    let mut cards = Vec::new();
    let mut terms = Vec::new();
    for o in &doc.outcomes {
        let Some(diff) = o.differences.get(alt) else {
            continue;
        };
        if let Some(id) = o.outcome.strip_prefix("agreement.") {
            let (base_share, base_median) = date_dist(o.variants.get(&doc.base));
            let (alt_share, alt_median) = date_dist(o.variants.get(alt));
            cards.push(CompareCard {
                label: doc
                    .distributions
                    .get(&o.outcome)
                    .map_or_else(|| id.to_string(), |d| d.label.clone()),
                reached: (base_share, alt_share),
                share_change: estimate(diff.share_change.as_ref(), 100.0, 1, "pts"),
                share_verdict: verdict(diff.share_change.as_ref(), "less often", "more often"),
                median_shift: estimate(diff.median_shift.as_ref(), 1.0, 0, &doc.shift_unit),
                shift_verdict: verdict(diff.median_shift.as_ref(), "earlier", "later"),
                medians: (base_median, alt_median),
            });
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
