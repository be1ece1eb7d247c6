//! `sensitivity.json`: which free parameters move the outcomes most — one-at-a-time effects (the
//! tornado) and Morris elementary effects, per parameter and output. Built by
//! [`crate::analysis::sensitivity`]; the tornado charts are drawn from it. Keys and meanings:
//! `docs/analysis.md`.

use serde::{Deserialize, Serialize};

use super::IndexMap;

/// `sensitivity.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SensitivityDoc {
    /// Format marker, `armistice-sensitivity-1`.
    pub format: String,
    /// The command that reproduces every number.
    pub command: String,
    /// Version of the binary that wrote the file.
    pub armistice_version: String,
    /// Scenario id.
    pub scenario: String,
    /// Scenario title.
    pub title: String,
    /// Runs per design point.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// Design points simulated.
    pub design_points: usize,
    /// The outputs, in order.
    pub outputs: Vec<OutputDoc>,
    /// The parameters, in declaration order.
    pub parameters: Vec<ParameterDoc>,
    /// One-at-a-time effects, per parameter then output.
    pub oat: Vec<OatDoc>,
    /// Morris screening.
    pub morris: MorrisDoc,
    /// Per output name: the parameter paths, most influential first.
    pub ranking: IndexMap<String, Vec<String>>,
}

/// One output of the analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutputDoc {
    /// Name, e.g. `agreement.ceasefire.median`, `agreement.ceasefire.share`.
    pub name: String,
    /// Unit: `days`, `turns`, `share` or `value`.
    pub unit: String,
}

/// One free parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParameterDoc {
    /// Its `--set` path.
    pub path: String,
    /// Its label.
    pub label: String,
    /// Low end of its range.
    pub low: f64,
    /// High end.
    pub high: f64,
    /// Its value in the scenario as loaded, if the path holds a number.
    pub value: Option<f64>,
    /// The low end as set (TOML text).
    pub low_value: String,
    /// The high end as set.
    pub high_value: String,
}

/// One parameter's one-at-a-time effect on one output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OatDoc {
    /// Parameter path.
    pub parameter: String,
    /// Output name.
    pub output: String,
    /// Output unit.
    pub unit: String,
    /// The output at the scenario's values (a day number for dates on dated clocks).
    pub base: Option<f64>,
    /// The low end as set.
    pub low_value: String,
    /// The high end as set.
    pub high_value: String,
    /// The output with the parameter at its low end, minus `base`.
    pub effect_low: Option<f64>,
    /// The output with the parameter at its high end, minus `base`.
    pub effect_high: Option<f64>,
    /// |effect_high − effect_low|.
    pub swing: f64,
}

/// The Morris design and its measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MorrisDoc {
    /// The method, in words.
    pub method: String,
    /// Where it is described.
    pub reference: String,
    /// Trajectories.
    pub trajectories: u32,
    /// Grid levels.
    pub levels: u32,
    /// Step Δ in scaled units.
    pub delta: f64,
    /// Seed of the design.
    pub seed: u64,
    /// Per parameter then output.
    pub results: Vec<MorrisResultDoc>,
}

/// One parameter's Morris measures on one output, per full parameter range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MorrisResultDoc {
    /// Parameter path.
    pub parameter: String,
    /// Output name.
    pub output: String,
    /// Output unit.
    pub unit: String,
    /// Mean elementary effect.
    pub mu: Option<f64>,
    /// Mean absolute elementary effect.
    pub mu_star: Option<f64>,
    /// Standard deviation of the elementary effects.
    pub sigma: Option<f64>,
    /// Elementary effects that were defined.
    pub effects: usize,
}
