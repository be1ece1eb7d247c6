//! `compare.json`: a base scenario against alternatives over paired runs — per outcome, each
//! variant's distribution and each alternative's difference from the base with its bootstrap
//! interval, and per agreement when each variant's runs reached it. Built by
//! [`crate::analysis::compare`]; the comparison charts and the report's counterfactual section are
//! drawn from it. Keys and meanings: `docs/analysis.md`.

use serde::{Deserialize, Serialize};

use super::summary::{DateQuantile, DateQuantiles};
use super::{ClockDoc, IndexMap, ObservedDoc, TimeValue};

/// `compare.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompareDoc {
    /// Format marker, `armistice-compare-1`.
    pub format: String,
    /// The command that reproduces every number.
    pub command: String,
    /// Version of the binary that wrote the file.
    pub armistice_version: String,
    /// The base variant's name.
    pub base: String,
    /// Paired runs per variant.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// Whether every variant used the master seed (false under `--independent`).
    pub common_random_numbers: bool,
    /// Unit of date shifts: `days` on dated clocks, `turns` otherwise.
    pub shift_unit: String,
    /// How the intervals were computed.
    pub bootstrap: BootstrapDoc,
    /// The variants, base first.
    pub variants: Vec<VariantDoc>,
    /// Per outcome: distributions and differences.
    pub outcomes: Vec<OutcomeDoc>,
    /// The base scenario's title.
    pub title: String,
    /// The base scenario's clock.
    pub clock: ClockDoc,
    /// The base scenario's historical records.
    pub observed: Vec<ObservedDoc>,
    /// The base's checkpoint dates, at which agreements report the change in the share of runs that
    /// had reached them (`by_date`).
    pub checkpoints: Vec<TimeValue>,
    /// Per agreement outcome (`agreement.<id>`): when each variant's runs reached it.
    pub distributions: IndexMap<String, ReachedDoc>,
}

/// The bootstrap behind the intervals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BootstrapDoc {
    /// The method, in words.
    pub method: String,
    /// Where it is described.
    pub reference: String,
    /// Resamples.
    pub resamples: u32,
    /// Seed of the resampling.
    pub seed: u64,
    /// Confidence level of the intervals, in (0, 1).
    pub confidence: f64,
}

/// One variant as run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VariantDoc {
    /// Its name in tables (scenario id or `--variant` name).
    pub name: String,
    /// The scenario id.
    pub scenario: String,
    /// The scenario title.
    pub title: String,
    /// The scenario as given (path or embedded name).
    pub spec: String,
    /// Overrides applied to it, `PATH=VALUE`.
    pub overrides: Vec<String>,
    /// The master seed its runs used.
    pub seed: u64,
}

/// One outcome across the variants.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutcomeDoc {
    /// Outcome name, e.g. `agreement.armistice`, `issue.pow.option.nnrc`, `payoff.US`.
    pub outcome: String,
    /// How it is compared: `date`, `share`, `mean` or `median`.
    pub kind: String,
    /// Per variant name: its distribution (variants that lack the outcome are absent).
    pub variants: IndexMap<String, DistDoc>,
    /// Per alternative name: its difference from the base.
    pub differences: IndexMap<String, DifferenceDoc>,
}

/// A variant's distribution of one outcome; its fields depend on the outcome's kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DistDoc {
    /// `share`: the share of all runs.
    Share(ShareDist),
    /// `mean`: the mean and quantiles of a number every run has.
    Mean(MeanDist),
    /// `date`: the share of runs in which it happened and the quantiles of its date among them.
    Date(DateDist),
    /// `median`: the share of runs with a value and the quantiles of the value among them.
    Median(MedianDist),
}

/// See [`DistDoc::Share`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareDist {
    /// Share of all runs (0–1).
    pub share: f64,
}

/// See [`DistDoc::Mean`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeanDist {
    /// Mean.
    pub mean: Option<f64>,
    /// 10th percentile.
    pub p10: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
}

/// See [`DistDoc::Date`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateDist {
    /// Share of all runs in which it happened.
    pub share: f64,
    /// Its date over **all** runs, a run in which it never happened counting as after the horizon
    /// (a quantile that falls there is censored), as in `summary.json`.
    pub date: DateQuantiles,
    /// Agreements: share of all runs that had reached it before each checkpoint date (the base's
    /// checkpoints, as in `summary.json`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_date: Vec<(TimeValue, f64)>,
    /// Events and actions: who could have seen it happen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_risk: Option<AtRiskDoc>,
}

/// Events and actions: the runs still going when one could first happen, and how it went in them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AtRiskDoc {
    /// The first time at which it could happen (a scheduled event's own date, a hazard window's
    /// start; the start for actions and conditional events).
    pub first_possible: TimeValue,
    /// Runs still going then.
    pub runs: u64,
    /// Share of those runs in which it happened.
    pub share: f64,
    /// Its median date among those runs (censored when it falls after the horizon).
    pub median: DateQuantile,
}

/// See [`DistDoc::Median`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MedianDist {
    /// Share of runs with a value.
    pub share: f64,
    /// 10th percentile.
    pub p10: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
}

/// An alternative's difference from the base in one outcome; which fields are present depends on
/// the outcome's kind (`date`: share change and median shift, plus `by_date` for agreements and
/// `at_risk_change` for events and actions; `share`: share change; `mean`: mean change; `median`:
/// median shift).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DifferenceDoc {
    /// Change in the share of all runs (alternative − base, a fraction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_change: Option<EstimateDoc>,
    /// Shift of the median: dates in days or turns, over all runs (events and actions: over the
    /// runs still going when they could first happen), censored at the horizon; continuous issues
    /// in value units, among the runs that settled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_shift: Option<EstimateDoc>,
    /// Events and actions: change in the share among the runs still going when it could first
    /// happen — a difference that only comes from runs ending earlier is not one here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_risk_change: Option<EstimateDoc>,
    /// Agreements: change in the share of all runs that had reached it before each checkpoint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_date: Vec<(TimeValue, EstimateDoc)>,
    /// Change in the mean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_change: Option<EstimateDoc>,
}

/// A point estimate with its bootstrap interval.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EstimateDoc {
    /// The statistic on the runs as simulated; null where undefined or censored.
    pub estimate: Option<f64>,
    /// Whether a median the statistic needs falls after the horizon (the estimate is then null,
    /// bounded by `at_least` or `at_most` when only one of the two medians does).
    pub censored: bool,
    /// When only the alternative's median falls after the horizon: the shift is at least this
    /// (the horizon minus the base's median).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    /// When only the base's median falls after the horizon: the shift is at most this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<f64>,
    /// The percentile interval, null when fewer than half the resamples define the statistic; an
    /// end is null where it is censored (the interval is open there: below for a base median after
    /// the horizon, above for an alternative's).
    pub ci: Option<(Option<f64>, Option<f64>)>,
    /// Resamples on which the statistic was defined.
    pub resamples_defined: u32,
    /// Median shifts: the smaller of the two variants' shares of all runs the medians rest on (runs
    /// in which it happened, or in which a continuous issue settled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rests_on: Option<f64>,
    /// Whether that share is below one half: the shift describes fewer than half the runs.
    pub few_runs: bool,
}

/// When each variant's runs reached one agreement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReachedDoc {
    /// The agreement's label.
    pub label: String,
    /// Per variant name: `(time, runs that reached it then)`, sorted by time; runs that never reach
    /// it are not listed.
    pub variants: IndexMap<String, Vec<(TimeValue, u64)>>,
}

impl CompareDoc {
    /// The outcome named `name`, if the comparison has it.
    pub fn outcome(&self, name: &str) -> Option<&OutcomeDoc> {
        self.outcomes.iter().find(|o| o.outcome == name)
    }

    /// The base scenario's record of `outcome`, if any.
    pub fn observed_for(&self, outcome: &str) -> Option<&ObservedDoc> {
        self.observed.iter().find(|o| o.outcome == outcome)
    }
}
