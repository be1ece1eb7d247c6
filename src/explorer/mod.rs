//! The browser explorer's engine side (docs/explorer.md): the questions the page asks, answered by the
//! library's own code paths, so that the page and the command line give the same numbers.
//!
//! `scripts/explorer.sh` compiles this crate to WebAssembly and [`page`] assembles one HTML file around
//! it. In the page, a Web Worker hands JSON requests to the module's exports (`explorer::wasm`, built for WebAssembly only), which answer
//! them with [`handle`]:
//! - `run`: a batch through [`crate::batch::run`] (one thread), its `summary.json` from
//!   [`crate::export::json::summary`] and the figures of `armistice run` from
//!   [`crate::chart::figures::run_figures`], as `armistice run` makes them;
//! - `compare`: the current settings against the base scenario through
//!   [`crate::analysis::compare::compare_variants`] (common random numbers, paired bootstrap), with
//!   the figures of `armistice compare`.
//!
//! [`describe`] lists what the page offers: a slider per `[[parameter]]`, a toggle per counterfactual
//! overlay that extends the scenario, runs and seed. Nothing here or in the page knows any scenario.

use std::sync::atomic::AtomicBool;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::analysis::compare::{self, CompareConfig, Variant};
use crate::batch::{self, MAX_RUNS, Plan, Runs, SummarySink, Threads};
use crate::chart::ChartOptions;
use crate::chart::figures::{self, Named};
use crate::engine::Model;
use crate::error::{Error, Result};
use crate::export::json::{self as summary_json, Provenance};
use crate::export::run_command;
use crate::outcome::Summary;
use crate::scenario::{Override, Scenario, embedded};

pub mod cards;
#[cfg(not(target_family = "wasm"))]
pub mod page;
#[cfg(target_family = "wasm")]
mod wasm;

/// Most runs the page accepts per batch: a browser tab is no place for a cluster-sized batch.
pub const MAX_PAGE_RUNS: u64 = 1_000_000;

/// The scenario a page explores, as the page was built.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// As given to `scripts/explorer.sh`: an embedded name or a file path (recorded in commands).
    pub spec: String,
    /// For a file: its text and its `extends` parents' texts, the file first; `None` for an embedded
    /// scenario, which the module carries itself.
    #[serde(default)]
    pub layers: Option<Vec<Layer>>,
    /// The `--set` overrides the page was built with: they are part of its base scenario.
    #[serde(default)]
    pub overrides: Vec<String>,
}

/// One source file of a scenario read from disk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Layer {
    /// Its name in messages (the path as read).
    pub name: String,
    /// Its TOML text.
    pub text: String,
}

/// What the page asks to simulate.
#[derive(Clone, Debug, Deserialize)]
pub struct Settings {
    /// The page's scenario.
    pub source: Source,
    /// A counterfactual overlay (an embedded name from [`describe`]'s `overlays`), if one is toggled.
    #[serde(default)]
    pub overlay: Option<String>,
    /// The page's own `PATH=VALUE` overrides (sliders, `&set=` in the URL), applied after the source's;
    /// one for a path the source already sets replaces it.
    #[serde(default)]
    pub sets: Vec<String>,
    /// Runs.
    pub runs: u64,
    /// Master seed (a number, or its decimal text: JavaScript numbers cannot hold every `u64`).
    #[serde(deserialize_with = "seed")]
    pub seed: u64,
    /// Size of the figures (the command line's default, 1280 × 720, if absent).
    #[serde(default)]
    pub chart: Option<(u32, u32)>,
    /// Bootstrap resamples of the comparison (the command line's default if absent).
    #[serde(default)]
    pub bootstrap: Option<u32>,
    /// For `run`: the parts of the batch the `part` requests simulated (by several workers), each
    /// the JSON text of a [`Part`] as they answered it, merged instead of simulating the batch. Empty:
    /// simulate it. (Text, read on its own: a summary's maps keyed by turn and its 128-bit sums
    /// cannot pass through the buffering of a tagged request.)
    #[serde(default)]
    pub parts: Vec<String>,
}

/// A `part` request: the runs `first..end` of the batch of `settings`.
#[derive(Clone, Debug, Deserialize)]
pub struct PartSettings {
    /// The batch's settings.
    #[serde(flatten)]
    pub settings: Settings,
    /// The first run of the part.
    pub first: u64,
    /// The run after its last.
    pub end: u64,
}

/// The summary of the runs `first..end` of a batch (the answer to a `part` request).
#[derive(Clone, Serialize, Deserialize)]
pub struct Part {
    /// The first run of the part.
    pub first: u64,
    /// The run after its last.
    pub end: u64,
    /// Their summary.
    pub summary: Summary,
}

impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Part({}..{})", self.first, self.end)
    }
}

fn seed<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Seed {
        Number(u64),
        Text(String),
    }
    match Seed::deserialize(d)? {
        Seed::Number(n) => Ok(n),
        Seed::Text(t) => t.trim().parse().map_err(|_| {
            serde::de::Error::custom(format!(
                "seed `{t}` is not a whole number from 0 to 2^64 - 1"
            ))
        }),
    }
}

/// A request from the page.
#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Request {
    /// Simulate the settings: summary and figures.
    Run(Settings),
    /// Compare the settings with the base scenario.
    Compare(Settings),
    /// Simulate some of the runs of the settings' batch: a summary to merge (`Settings::parts`).
    Part(PartSettings),
}

/// Answers one JSON request of the page with JSON text: the answer, or `{"error": {...}}` with the
/// message and the exit code the command line would give. `progress(done, total)` is told how far
/// a batch has got.
pub fn handle(request: &str, progress: &mut (dyn FnMut(u64, u64) + Send)) -> String {
    let answer = serde_json::from_str::<Request>(request)
        .map_err(|e| {
            Error::Usage(format!(
                "the page sent a request the engine cannot read: {e}"
            ))
        })
        .and_then(|r| match r {
            Request::Run(s) => run(&s, progress),
            Request::Compare(s) => compare_settings(&s, progress),
            Request::Part(p) => part(&p, progress),
        });
    match answer {
        Ok(v) => v.to_string(),
        Err(e) => json!({ "error": {
            "message": e.to_string(),
            "exit_code": if e.is_input() { 2 } else { 1 },
        }})
        .to_string(),
    }
}

/// Parses `PATH=VALUE` overrides; a later one for the same path replaces an earlier one in place.
pub fn overrides(source: &Source, sets: &[String]) -> Result<Vec<Override>> {
    let mut out: Vec<Override> = Vec::new();
    for s in source.overrides.iter().chain(sets) {
        let o = Override::parse(s).map_err(Error::Usage)?;
        match out.iter_mut().find(|x| x.path == o.path) {
            Some(x) => *x = o,
            None => out.push(o),
        }
    }
    Ok(out)
}

/// Loads the page's base scenario (no overlay) with `ov`.
pub fn load_base(source: &Source, ov: &[Override]) -> Result<Scenario> {
    Ok(match &source.layers {
        None => Scenario::load(&source.spec, ov)?,
        Some(layers) => {
            let bytes: Vec<(String, Vec<u8>)> = layers
                .iter()
                .map(|l| (l.name.clone(), l.text.clone().into_bytes()))
                .collect();
            Scenario::from_layers(&bytes, ov)?
        }
    })
}

/// The embedded counterfactual overlays that extend `base` directly, by embedded name (none for a
/// scenario file).
pub fn overlays(source: &Source, base: &Scenario) -> Result<Vec<(&'static str, Scenario)>> {
    if source.layers.is_some() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for e in embedded::ALL.iter().filter(|e| e.counterfactual) {
        let s = Scenario::load(e.name, &base.overrides)?;
        if s.chain.get(1).is_some() && s.chain.get(1) == base.chain.first() {
            out.push((e.name, s));
        }
    }
    Ok(out)
}

/// The scenario the settings describe, with the spec a command line would name it by.
fn load_current(s: &Settings) -> Result<(Scenario, String, Vec<Override>)> {
    let ov = overrides(&s.source, &s.sets)?;
    let Some(name) = &s.overlay else {
        return Ok((load_base(&s.source, &ov)?, s.source.spec.clone(), ov));
    };
    let base = load_base(&s.source, &overrides(&s.source, &[])?)?;
    let extends_base =
        |o: &Scenario| o.chain.get(1).is_some() && o.chain.get(1) == base.chain.first();
    let candidate = embedded::find(name).filter(|e| e.counterfactual && s.source.layers.is_none());
    if let Some(e) = candidate {
        let o = Scenario::load(e.name, &ov)?;
        if extends_base(&o) {
            return Ok((o, e.name.to_string(), ov));
        }
    }
    let known: Vec<&str> = overlays(&s.source, &base)?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    Err(Error::Usage(format!(
        "`{name}` is not a counterfactual overlay of `{}`; its overlays are: {}",
        s.source.spec,
        if known.is_empty() {
            "none".to_string()
        } else {
            known.join(", ")
        }
    )))
}

fn check_runs(runs: u64) -> Result<()> {
    let most = MAX_PAGE_RUNS.min(MAX_RUNS);
    if runs == 0 || runs > most {
        return Err(Error::Limit(format!(
            "{runs} runs is out of range: the page runs 1 to {most} (use the command line for more)"
        )));
    }
    Ok(())
}

fn chart_options(s: &Settings) -> Result<ChartOptions> {
    let mut o = ChartOptions::default();
    if let Some((w, h)) = s.chart {
        o.width = w;
        o.height = h;
    }
    o.check()
        .map_err(|e| Error::Usage(format!("chart size: {e}")))?;
    Ok(o)
}

fn svgs(figs: Vec<Named>) -> Value {
    Value::Array(
        figs.into_iter()
            .map(|f| json!({ "name": f.name, "svg": f.figure.svg }))
            .collect(),
    )
}

/// `run`: the batch `armistice run SPEC --runs N --seed S --set …` makes, with its summary and figures
/// (simulated, or merged from the settings' parts).
pub fn run(s: &Settings, progress: &mut (dyn FnMut(u64, u64) + Send)) -> Result<Value> {
    check_runs(s.runs)?;
    let opts = chart_options(s)?;
    let (scenario, spec, ov) = load_current(s)?;
    let summary = if s.parts.is_empty() {
        let model = Model::new(scenario.clone());
        simulate(&model, Plan::new(Runs::new(s.runs)?, s.seed), progress)?
    } else {
        merge_parts(&scenario, s)?
    };
    let command = run_command(&spec, s.runs, s.seed, &ov);
    let prov = Provenance {
        seed: s.seed,
        runs: s.runs,
        command: command.clone(),
    };
    let doc = summary_json::summary(&scenario, &summary, &prov);
    let figs = figures::run_figures(&doc, &opts)
        .map_err(|e| Error::Output(format!("cannot draw the charts: {e}")))?;
    let (cards, horizon) = cards::run_cards(&scenario, &doc);
    Ok(json!({
        "command": command,
        "summary": summary_json::to_text(&doc),
        "text": crate::export::text::summary(&scenario, &summary, s.seed),
        "cards": cards,
        "horizon": horizon,
        "figures": svgs(figs),
    }))
}

/// The summary of the runs of `plan`, as `armistice run` makes it (with the state paths of the fan
/// charts; kept runs do not change the summary).
fn simulate(
    model: &Model,
    plan: Plan,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<Summary> {
    let mut sink = SummarySink::new(&model.scenario, true);
    batch::run(
        model,
        &plan,
        &mut sink,
        &AtomicBool::new(false),
        &mut |done, total| progress(done, total),
    )?;
    Ok(sink.finish().0)
}

/// `part`: the summary of the runs `first..end` of the settings' batch.
pub fn part(p: &PartSettings, progress: &mut (dyn FnMut(u64, u64) + Send)) -> Result<Value> {
    let s = &p.settings;
    check_runs(s.runs)?;
    if p.first >= p.end || p.end > s.runs {
        return Err(Error::Usage(format!(
            "the page asked for runs {}..{} of a batch of {}: a part is a non-empty range within the batch",
            p.first, p.end, s.runs
        )));
    }
    let (scenario, _, _) = load_current(s)?;
    let plan = Plan {
        span: Some((p.first, p.end)),
        ..Plan::new(Runs::new(s.runs)?, s.seed)
    };
    let summary = simulate(&Model::new(scenario), plan, progress)?;
    let part = Part {
        first: p.first,
        end: p.end,
        summary,
    };
    let text = serde_json::to_string(&part)
        .map_err(|e| Error::Output(format!("cannot write the part's summary: {e}")))?;
    Ok(json!({ "part": text }))
}

/// The settings' parts merged into the summary of the whole batch: they must cover its runs once each,
/// in order. Merging is exact (`outcome::summary`): the same summary as the batch simulated at once.
fn merge_parts(scenario: &Scenario, s: &Settings) -> Result<Summary> {
    let mut summary = Summary::new(scenario);
    let mut next = 0;
    for text in &s.parts {
        let p: Part = serde_json::from_str(text).map_err(|e| {
            Error::Usage(format!("the page sent a part the engine cannot read: {e}"))
        })?;
        p.summary.check(scenario).map_err(|e| {
            Error::Usage(format!(
                "the page sent a part of runs {}..{} that is not a summary of this scenario: {e}",
                p.first, p.end
            ))
        })?;
        if p.first != next || p.end <= p.first || p.summary.runs != p.end - p.first {
            return Err(Error::Usage(format!(
                "the page sent parts that do not cover runs 0..{} once each, in order (a part of runs {}..{} with {} runs summarised after run {next})",
                s.runs, p.first, p.end, p.summary.runs
            )));
        }
        summary.merge(&p.summary);
        next = p.end;
    }
    if next != s.runs {
        return Err(Error::Usage(format!(
            "the page's parts cover runs 0..{next} of {}",
            s.runs
        )));
    }
    Ok(summary)
}

/// `compare`: the settings against the base scenario (the page's scenario as built: no overlay, no
/// slider moved), run for run under common random numbers. `null` comparison when they are the same.
pub fn compare_settings(
    s: &Settings,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<Value> {
    check_runs(s.runs)?;
    let opts = chart_options(s)?;
    let (current, spec, ov) = load_current(s)?;
    let base_ov = overrides(&s.source, &[])?;
    if s.overlay.is_none() && ov == base_ov {
        return Ok(json!({ "comparison": null, "command": null, "figures": [] }));
    }
    let base = load_base(&s.source, &base_ov)?;
    let changed: Vec<Override> = ov
        .iter()
        .filter(|o| !base_ov.contains(o))
        .cloned()
        .collect();
    // Named as `armistice compare` names them: the overlay by its id, overrides by a variant name.
    let name = match (&s.overlay, changed.is_empty()) {
        (Some(_), true) => current.id.clone(),
        (Some(_), false) => format!("{}, adjusted", current.id),
        (None, _) => "adjusted".to_string(),
    };
    let cfg = CompareConfig {
        base: s.source.spec.clone(),
        alts: s.overlay.iter().cloned().collect(),
        variants: if s.overlay.is_none() {
            vec![(name.clone(), changed.clone())]
        } else {
            Vec::new()
        },
        overrides: base_ov.clone(),
        runs: Runs::new(s.runs)?,
        seed: Some(s.seed),
        bootstrap: s.bootstrap.unwrap_or(compare::DEFAULT_BOOTSTRAP),
        threads: Threads::ALL,
        ..Default::default()
    };
    let variants = vec![
        Variant {
            name: base.id.clone(),
            spec: s.source.spec.clone(),
            overrides: base_ov,
            scenario: base,
            seed: s.seed,
        },
        Variant {
            name,
            spec,
            overrides: ov,
            scenario: current,
            seed: s.seed,
        },
    ];
    let mut on_variant = |k: usize, n: usize| progress(k as u64, n as u64);
    let c = compare::compare_variants(&cfg, variants, &AtomicBool::new(false), &mut on_variant)?;
    let doc = compare::to_json(&c);
    let figs = figures::compare_figures(&doc, &opts)
        .map_err(|e| Error::Output(format!("cannot draw the comparison charts: {e}")))?;
    // The command line compares an overlay or a set of overrides with the base, not both at once.
    let command = (s.overlay.is_none() || changed.is_empty()).then(|| c.command.clone());
    let (cards, terms) = cards::compare_cards(&c.variants[1].scenario, &doc);
    Ok(json!({
        "comparison": doc,
        "text": compare::to_text(&c),
        "command": command,
        "cards": cards,
        "terms": terms,
        "figures": svgs(figs),
    }))
}

/// A parameter's unit, where the scenario's structure gives one: flows are amounts per turn in their
/// dimension's unit, discount factors and event probabilities are per turn.
fn parameter_unit(s: &Scenario, path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('.').collect();
    match parts.as_slice() {
        ["flow", id, "value"] => {
            let f = s.flows.iter().find(|f| f.id == *id)?;
            let d = s.dimensions.get(f.dim)?;
            let unit = if d.unit.is_empty() {
                "utility".to_string()
            } else {
                d.unit.clone()
            };
            Some(format!("{unit} per turn"))
        }
        ["actor", _, "discount"] => Some("per turn".into()),
        ["event", _, "probability"] => Some("probability per turn".into()),
        _ => None,
    }
}

/// What the page offers for `source`: the scenario, its clock, its parameters (sliders), its overlays
/// (toggles), default runs and seed. Loads every overlay, so a page is only built for a scenario whose
/// overlays all load.
pub fn describe(source: &Source) -> Result<Value> {
    let base = load_base(source, &overrides(source, &[])?)?;
    let overlays: Vec<Value> = overlays(source, &base)?
        .iter()
        .map(|(name, o)| json!({ "name": name, "title": o.title }))
        .collect();
    let parameters: Vec<Value> = base
        .parameters
        .iter()
        .map(|p| {
            json!({
                "path": p.path,
                "label": p.label,
                "low": p.low,
                "high": p.high,
                "value": p.value,
                "integer": p.integer,
                "unit": parameter_unit(&base, &p.path),
            })
        })
        .collect();
    let c = &base.clock;
    Ok(json!({
        "format": "armistice-explorer-1",
        "armistice_version": env!("CARGO_PKG_VERSION"),
        "source": source,
        "scenario": { "id": base.id, "title": base.title, "description": base.description },
        "clock": {
            "start": c.start.map(|d| d.to_string()),
            "end": c.date(c.max_turns).map(|d| d.to_string()),
            "turn_days": c.turn_days,
            "max_turns": c.max_turns,
        },
        "runs": base.default_runs.clamp(1, MAX_PAGE_RUNS),
        "seed": base.default_seed,
        "parameters": parameters,
        "overlays": overlays,
    }))
}
