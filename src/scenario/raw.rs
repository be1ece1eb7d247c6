//! The serde mirror of the scenario TOML: exactly the keys a file may contain, nothing validated yet.
//!
//! Every id and reference is `Spanned` so that validation can point at the offending text; unknown keys
//! are rejected (`deny_unknown_fields`) so a typo never silently becomes a default. The format is
//! specified in `docs/scenario-format.md`; `scenario::compile` turns this into a validated
//! [`super::Scenario`].

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

/// A spanned string.
pub type S = Spanned<String>;
/// A spanned TOML value (for keys that accept several types, e.g. a number or an expression).
pub type V = Spanned<toml::Value>;
/// `{ actor-or-side = { dimension = value } }`.
pub type EffectTable = IndexMap<S, IndexMap<S, V>>;

/// A whole scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub scenario: Spanned<RawMeta>,
    #[serde(default)]
    pub dimension: Vec<Spanned<RawDimension>>,
    #[serde(default)]
    pub state: Vec<Spanned<RawState>>,
    #[serde(default)]
    pub side: Vec<Spanned<RawSide>>,
    #[serde(default)]
    pub actor: Vec<Spanned<RawActor>>,
    #[serde(default)]
    pub issue: Vec<Spanned<RawIssue>>,
    #[serde(default)]
    pub agreement: Vec<Spanned<RawAgreement>>,
    #[serde(default)]
    pub flow: Vec<Spanned<RawFlow>>,
    #[serde(default)]
    pub event: Vec<Spanned<RawEvent>>,
    #[serde(default)]
    pub action: Vec<Spanned<RawAction>>,
    #[serde(default)]
    pub observed: Vec<Spanned<RawObserved>>,
    #[serde(default)]
    pub parameter: Vec<Spanned<RawParameter>>,
    #[serde(default)]
    pub outside_option: Vec<Spanned<RawOutsideOption>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub id: S,
    pub title: Option<String>,
    pub description: Option<String>,
    pub extends: Option<S>,
    pub start: Option<Spanned<Datetime>>,
    pub turn: Option<S>,
    pub horizon: Option<V>,
    pub turn_order: Option<S>,
    pub runs: Option<Spanned<i64>>,
    pub seed: Option<Spanned<i64>>,
    #[serde(default)]
    pub sources: Vec<S>,
    pub bibliography: Option<S>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDimension {
    pub id: S,
    pub label: Option<String>,
    pub unit: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawState {
    pub id: S,
    pub label: Option<String>,
    pub unit: Option<String>,
    pub initial: Spanned<f64>,
    pub min: Option<Spanned<f64>>,
    pub max: Option<Spanned<f64>>,
    pub drift: Option<V>,
    pub noise: Option<Spanned<f64>>,
    pub resolution: Option<Spanned<f64>>,
    pub source: Option<S>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSide {
    pub id: S,
    pub name: Option<String>,
    pub lead: S,
    #[serde(default)]
    pub veto: Vec<S>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    pub id: S,
    pub name: Option<String>,
    pub side: S,
    pub discount: Option<Spanned<f64>>,
    pub lambda: Option<Spanned<f64>>,
    #[serde(default)]
    pub weights: IndexMap<S, Spanned<f64>>,
    /// Removed keys, kept so that compile refuses them with a hint rather than "unknown field".
    pub belief_rate: Option<Spanned<f64>>,
    pub learning: Option<Spanned<f64>>,
    pub strategy: Option<S>,
    pub exponent: Option<Spanned<f64>>,
    pub tolerance: Option<Spanned<f64>>,
    pub active: Option<bool>,
    pub source: Option<S>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIssue {
    pub id: S,
    pub label: Option<String>,
    pub kind: Option<S>,
    #[serde(default)]
    pub options: Vec<Spanned<RawOption>>,
    pub min: Option<Spanned<f64>>,
    pub max: Option<Spanned<f64>>,
    pub step: Option<Spanned<f64>>,
    pub effects: Option<Spanned<EffectTable>>,
    #[serde(default)]
    pub opening: IndexMap<S, V>,
    pub parties: Option<Vec<Spanned<RawParty>>>,
    #[serde(default)]
    pub forbid: Vec<Spanned<RawForbid>>,
    pub open: Option<bool>,
    pub source: Option<S>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub id: S,
    pub label: Option<String>,
    #[serde(default)]
    pub effects: EffectTable,
    pub source: Option<S>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParty {
    pub id: S,
    pub lead: S,
    #[serde(default)]
    pub veto: Vec<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawForbid {
    pub party: S,
    pub options: Vec<S>,
    pub label: Option<String>,
    pub source: Option<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgreement {
    pub id: S,
    pub label: Option<String>,
    pub issues: Vec<S>,
    #[serde(default)]
    pub after: Vec<S>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFlow {
    pub id: S,
    pub label: Option<String>,
    pub to: S,
    pub dimension: S,
    pub value: V,
    pub when: Option<S>,
    pub from: Option<S>,
    pub from_dimension: Option<S>,
    pub enabled: Option<bool>,
    pub source: Option<S>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub id: S,
    pub label: Option<String>,
    pub kind: Option<S>,
    pub date: Option<Spanned<Datetime>>,
    pub turn: Option<Spanned<i64>>,
    pub probability: Option<V>,
    pub from: Option<V>,
    pub until: Option<V>,
    pub when: Option<S>,
    pub once: Option<bool>,
    pub enabled: Option<bool>,
    pub foreseen: Option<Spanned<bool>>,
    #[serde(default)]
    pub effects: Vec<Spanned<RawEffect>>,
    pub source: Option<S>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    pub id: S,
    pub label: Option<String>,
    pub actor: S,
    pub kind: Option<S>,
    pub track: Option<S>,
    pub once: Option<bool>,
    pub enabled: Option<bool>,
    pub requires: Option<S>,
    #[serde(default)]
    pub cost: IndexMap<S, Spanned<f64>>,
    pub credibility: Option<Spanned<f64>>,
    #[serde(default)]
    pub effects: Vec<Spanned<RawEffect>>,
    pub source: Option<S>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEffect {
    pub op: S,
    pub state: Option<S>,
    pub actor: Option<S>,
    pub dimension: Option<S>,
    pub value: Option<V>,
    pub sd: Option<Spanned<f64>>,
    pub low: Option<Spanned<f64>>,
    pub high: Option<Spanned<f64>>,
    pub factor: Option<Spanned<f64>>,
    pub param: Option<S>,
    pub target: Option<S>,
    pub issue: Option<S>,
    pub party: Option<S>,
    #[serde(default)]
    pub options: Vec<S>,
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawObserved {
    pub outcome: S,
    pub date: Option<Spanned<Datetime>>,
    pub turn: Option<Spanned<i64>>,
    pub value: Option<V>,
    pub label: Option<String>,
    pub source: Option<S>,
    pub certainty: Option<String>,
    #[serde(rename = "use")]
    pub use_: Option<S>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParameter {
    pub path: S,
    pub low: Spanned<f64>,
    pub high: Spanned<f64>,
    pub label: Option<String>,
    pub calibrate: Option<bool>,
    pub source: Option<S>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutsideOption {
    pub id: S,
    pub actor: S,
    pub agreement: Option<S>,
    pub value: IndexMap<S, V>,
    #[serde(default)]
    pub others: EffectTable,
    pub requires: Option<S>,
    pub label: Option<String>,
    pub source: Option<S>,
    pub note: Option<String>,
}
