//! `compare.json`: a base scenario against alternatives over paired runs — per outcome, each
//! variant's distribution and each alternative's difference from the base with its bootstrap
//! interval, and per agreement when each variant's runs reached it. Built by
//! [`crate::analysis::compare`]; the comparison charts and the report's counterfactual section are
//! drawn from it. Keys and meanings: `docs/analysis.md`.

use serde::{Deserialize, Serialize};

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
    /// Share of runs in which it happened.
    pub share: f64,
    /// 10th percentile (ISO date, or `turn N`).
    pub p10: Option<String>,
    /// Median.
    pub median: Option<String>,
    /// 90th percentile.
    pub p90: Option<String>,
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
/// the outcome's kind (`date`: share change and median shift; `share`: share change; `mean`: mean
/// change; `median`: median shift).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DifferenceDoc {
    /// Change in the share of runs (alternative − base, a fraction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_change: Option<EstimateDoc>,
    /// Shift of the median (days or turns for dates, value units for continuous issues).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_shift: Option<EstimateDoc>,
    /// Change in the mean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_change: Option<EstimateDoc>,
}

/// A point estimate with its bootstrap interval.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EstimateDoc {
    /// The statistic on the runs as simulated; null where undefined.
    pub estimate: Option<f64>,
    /// The percentile interval, null when fewer than half the resamples define the statistic.
    pub ci: Option<(f64, f64)>,
    /// Resamples on which the statistic was defined.
    pub resamples_defined: u32,
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
