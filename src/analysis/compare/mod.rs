//! `compare`: a base scenario against alternatives, run for run, under common random numbers.
//!
//! Every variant plays runs `0..N` under one master seed, so run `i` of every variant draws from the
//! same per-site random streams (`src/rng.rs`): a difference between variants in run `i` comes from the
//! change, not from different luck. Differences are then estimated on the paired runs, with percentile
//! bootstrap intervals from resampling run indices ([`super::bootstrap`]). Method, statistics and the
//! JSON contract: `docs/analysis.md`.
//!
//! The parts: this file holds the configuration, the variants and the result types; `compute`
//! simulates the variants and estimates the differences; `doc` turns a comparison into its
//! document (`compare.json`); `text` prints the table.

use std::path::PathBuf;

mod compute;
mod doc;
mod stats;
mod text;

pub use compute::{compare, compare_variants, paired_csv};
pub use doc::to_json;
pub use text::{Moved, doc_text, moved_rows, to_text};

use super::bootstrap::Estimate;
use super::{Dist, Kind};
use crate::batch::{Runs, Threads};
use crate::error::{Error, Result};
use crate::export::shell_word;
use crate::rng::site_hash;
use crate::scenario::{Override, Scenario};

/// Runs per variant when none are given.
pub const DEFAULT_RUNS: u64 = 1000;
/// Bootstrap resamples when none are given.
pub const DEFAULT_BOOTSTRAP: u32 = 2000;
/// Most runs × variants one comparison keeps in memory.
pub const MAX_PAIRED_RUNS: u64 = 1_000_000;
/// Most bootstrap resamples.
pub const MAX_BOOTSTRAP: u32 = 100_000;

/// Everything `armistice compare` needs.
#[derive(Clone, Debug)]
pub struct CompareConfig {
    /// The base scenario (path or embedded name).
    pub base: String,
    /// Alternative scenarios (paths or embedded names).
    pub alts: Vec<String>,
    /// Named variants of the base: `(name, overrides)`.
    pub variants: Vec<(String, Vec<Override>)>,
    /// Overrides applied to every variant (`--set`).
    pub overrides: Vec<Override>,
    /// Runs per variant.
    pub runs: Runs,
    /// Master seed (the base scenario's if `None`).
    pub seed: Option<u64>,
    /// Bootstrap resamples.
    pub bootstrap: u32,
    /// Bootstrap seed (derived from the master seed if `None`).
    pub bootstrap_seed: Option<u64>,
    /// Confidence level of the intervals, in (0, 1).
    pub confidence: f64,
    /// Give variant k the master seed `seed + k` (independent streams), to measure what common
    /// random numbers buy. Not for real comparisons.
    pub independent: bool,
    /// Worker threads.
    pub threads: Threads,
    /// Where to write `compare.json` and `paired_runs.csv`, if anywhere.
    pub out: Option<PathBuf>,
    /// Replace an output directory not written by armistice.
    pub force: bool,
    /// With `out`: also draw the comparison charts (PNG + SVG) into `out/charts/`.
    pub charts: Option<crate::chart::ChartOptions>,
    /// Compare alternatives built on another base world than the base scenario's (the root of
    /// their `extends` chains differ); refused unless set.
    pub allow_different_base: bool,
}

impl Default for CompareConfig {
    fn default() -> Self {
        CompareConfig {
            base: String::new(),
            alts: Vec::new(),
            variants: Vec::new(),
            overrides: Vec::new(),
            runs: Runs::clamped(DEFAULT_RUNS),
            seed: None,
            bootstrap: DEFAULT_BOOTSTRAP,
            bootstrap_seed: None,
            confidence: 0.95,
            independent: false,
            threads: Threads::ALL,
            out: None,
            force: false,
            charts: None,
            allow_different_base: false,
        }
    }
}

/// One variant as run.
pub struct Variant {
    /// Its name in tables (the scenario id, or the `--variant` name; `#2`… added on clashes).
    pub name: String,
    /// The scenario spec it was loaded from.
    pub spec: String,
    /// Overrides applied to it.
    pub overrides: Vec<Override>,
    /// The loaded scenario.
    pub scenario: Scenario,
    /// The master seed its runs used.
    pub seed: u64,
}

/// A difference from the base, with intervals.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// Change in share (dates: of all runs in which it happened; options: of runs settled there) or
    /// in mean (payoffs).
    pub change: Option<Estimate>,
    /// Shift of the median: for dates, in days or turns, over all runs with a run in which it never
    /// happened counted as after the horizon (`±∞` when one median falls there; events and actions:
    /// over the runs still going when they could first happen); for continuous issues, in value
    /// units among the runs that settled.
    pub shift: Option<Estimate>,
    /// Events and actions: change in the share among the runs still going when it could first
    /// happen.
    pub at_risk: Option<Estimate>,
    /// Agreements: change in the share of all runs that had reached it before each of the
    /// comparison's checkpoints ([`Comparison::checkpoints`]).
    pub by_date: Vec<Estimate>,
    /// The smaller of the two variants' shares of all runs that the median rests on (runs in which
    /// it happened, or settled); a shift resting on fewer than half the runs is flagged.
    pub rests_on: Option<f64>,
}

impl Difference {
    /// Whether the shift rests on fewer than half the runs of either variant.
    pub fn few_runs(&self) -> bool {
        self.rests_on.is_some_and(|r| r < 0.5)
    }
}

/// A date outcome under one variant, over all runs.
#[derive(Clone, Debug, PartialEq)]
pub struct DateStats {
    /// Share of all runs in which it happened.
    pub share: f64,
    /// The 10th, 50th and 90th percentile over all runs (day number or turn), `f64::INFINITY`
    /// where censored: after the horizon.
    pub quantiles: [f64; 3],
    /// The first day (or turn) past this variant's horizon.
    pub horizon: f64,
    /// Agreements: share of all runs that had reached it before each checkpoint.
    pub by_date: Vec<f64>,
    /// Events and actions: who could have seen it.
    pub at_risk: Option<AtRisk>,
}

/// Events and actions: the runs still going when they could first happen.
#[derive(Clone, Debug, PartialEq)]
pub struct AtRisk {
    /// The first time it could happen (day number or turn).
    pub first: f64,
    /// Runs still going then.
    pub runs: u64,
    /// Share of those runs in which it happened.
    pub share: f64,
    /// Its median among those runs (`INFINITY`: after the horizon).
    pub median: f64,
}

/// One outcome across variants.
#[derive(Clone, Debug)]
pub struct Row {
    /// Outcome name (see [`super::columns`]).
    pub name: String,
    /// How it is compared.
    pub kind: Kind,
    /// Per variant: its distribution, if the variant has this outcome.
    pub dists: Vec<Option<Dist>>,
    /// Per variant, for dates: the distribution over all runs, censored at the horizon.
    pub dates: Vec<Option<DateStats>>,
    /// Per variant: its difference from the base (`None` for the base, and where either lacks it).
    pub diffs: Vec<Option<Difference>>,
}

/// When each variant reached one agreement: the data of the comparison chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Reached {
    /// The agreement's outcome name, e.g. `agreement.ceasefire`.
    pub outcome: String,
    /// Its label (from the first variant that has it, base first).
    pub label: String,
    /// Per variant (base first): `(day number or turn, runs that reached it then)`, sorted by time;
    /// `None` where the variant has no such agreement.
    pub counts: Vec<Option<Vec<(i64, u64)>>>,
}

/// The result of a comparison.
pub struct Comparison {
    /// The variants, base first.
    pub variants: Vec<Variant>,
    /// Outcomes, in the base scenario's column order, then outcomes only alternatives have.
    pub rows: Vec<Row>,
    /// Per agreement: when each variant's runs reached it (for the ECDF chart).
    pub reached: Vec<Reached>,
    /// The base's checkpoint dates (as in `summary.json`'s `by_date`): each with its time on the
    /// comparison's axis (day number or turn); agreements report the change in the share of runs
    /// that reached them before each.
    pub checkpoints: Vec<(crate::outcome::doc::TimeValue, f64)>,
    /// Runs per variant.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// Resamples.
    pub bootstrap: u32,
    /// Bootstrap seed.
    pub bootstrap_seed: u64,
    /// Confidence level.
    pub confidence: f64,
    /// Whether variants used independent streams (`--independent`).
    pub independent: bool,
    /// The command that reproduces every number.
    pub command: String,
    /// Files written, relative to `out`.
    pub files: Vec<String>,
}

/// The default bootstrap seed for a master seed.
pub fn default_bootstrap_seed(seed: u64) -> u64 {
    site_hash(&format!("bootstrap:{seed}"))
}

/// Splits `a=1,b=[1,2],c="x,y"` at the commas outside brackets and quotes.
pub fn split_top_level(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out.into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Parses `--variant NAME:PATH=VALUE[,PATH=VALUE…]`.
pub fn parse_variant(s: &str) -> Result<(String, Vec<Override>)> {
    let bad = |why: &str| {
        Error::Usage(format!(
            "--variant `{s}`: {why}; write NAME:PATH=VALUE[,PATH=VALUE…], e.g. --variant 'late:event.stalin_death.date=1954-03-05'"
        ))
    };
    let (name, sets) = s
        .split_once(':')
        .ok_or_else(|| bad("no `:` after the name"))?;
    let name = name.trim();
    if name.is_empty() || name.contains('=') {
        return Err(bad("the name is missing"));
    }
    let sets = split_top_level(sets);
    if sets.is_empty() {
        return Err(bad("no PATH=VALUE after the name"));
    }
    let ov = sets
        .iter()
        .map(|x| Override::parse(x).map_err(|m| Error::Usage(format!("--variant {name}: {m}"))))
        .collect::<Result<Vec<_>>>()?;
    Ok((name.to_string(), ov))
}

/// The command line that reproduces a comparison.
pub fn command(cfg: &CompareConfig, seed: u64, bootstrap_seed: u64) -> String {
    let mut w: Vec<String> = vec!["armistice".into(), "compare".into(), shell_word(&cfg.base)];
    w.extend(cfg.alts.iter().map(|a| shell_word(a)));
    for (name, ov) in &cfg.variants {
        let sets: Vec<String> = ov.iter().map(Override::to_arg).collect();
        w.push("--variant".into());
        w.push(shell_word(&format!("{name}:{}", sets.join(","))));
    }
    for o in &cfg.overrides {
        w.push("--set".into());
        w.push(shell_word(&o.to_arg()));
    }
    w.push(format!("--runs {}", cfg.runs));
    w.push(format!("--seed {seed}"));
    w.push(format!("--bootstrap {}", cfg.bootstrap));
    w.push(format!("--bootstrap-seed {bootstrap_seed}"));
    if cfg.confidence != 0.95 {
        w.push(format!("--confidence {}", cfg.confidence));
    }
    if cfg.independent {
        w.push("--independent".into());
    }
    w.join(" ")
}

pub(crate) fn check(cfg: &CompareConfig) -> Result<()> {
    let nv = 1 + cfg.alts.len() + cfg.variants.len();
    if nv < 2 {
        return Err(Error::Usage(
            "compare needs a base and at least one alternative: scenario files, embedded names, or --variant NAME:PATH=VALUE".into(),
        ));
    }
    if cfg.runs.get().saturating_mul(nv as u64) > MAX_PAIRED_RUNS {
        return Err(Error::Limit(format!(
            "{} runs × {nv} variants is more than the {MAX_PAIRED_RUNS} paired runs compare keeps in memory; use fewer --runs (1000–10000 is plenty for intervals of a few days)",
            cfg.runs
        )));
    }
    if cfg.bootstrap == 0 || cfg.bootstrap > MAX_BOOTSTRAP {
        return Err(Error::Usage(format!(
            "--bootstrap {} is out of range: use 1 to {MAX_BOOTSTRAP} (2000 is the usual choice)",
            cfg.bootstrap
        )));
    }
    if !(cfg.confidence > 0.0 && cfg.confidence < 1.0) {
        return Err(Error::Usage(format!(
            "--confidence {} must lie strictly between 0 and 1, e.g. 0.95",
            cfg.confidence
        )));
    }
    Ok(())
}

/// The root of a scenario's `extends` chain (the world it is built on), as a key two scenarios can be
/// compared by: an embedded root by its repository path, a file by its canonical path. A file that is
/// the repository's own copy of an embedded scenario (its canonical path ends with the embedded
/// path, e.g. `…/scenarios/korea_1951.toml`) is the same world as the embedded one.
fn base_world(s: &Scenario) -> String {
    let root = s.chain.last().cloned().unwrap_or_default();
    match root.strip_prefix("embedded:") {
        Some(p) => p.to_string(),
        None => std::fs::canonicalize(&root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or(root),
    }
}

fn same_world(a: &str, b: &str) -> bool {
    let suffix = |long: &str, short: &str| {
        long.strip_suffix(short)
            .is_some_and(|head| head.is_empty() || head.ends_with('/'))
    };
    a == b || suffix(a, b) || suffix(b, a)
}

/// Refuses alternatives whose base world (the root of their `extends` chain) differs from the
/// base scenario's, unless `allow` (`--allow-different-base`): their differences would mix the
/// counterfactual with everything else that differs between the two worlds.
pub(crate) fn check_bases(variants: &[Variant], allow: bool) -> Result<()> {
    let Some(first) = variants.first() else {
        return Ok(());
    };
    let want = base_world(&first.scenario);
    let odd: Vec<String> = variants[1..]
        .iter()
        .filter_map(|v| {
            let got = base_world(&v.scenario);
            (!same_world(&want, &got)).then(|| format!("`{}` is built on {got}", v.name))
        })
        .collect();
    if odd.is_empty() || allow {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "the alternatives must be built on the base scenario's world, {want} (`{}`), but {}; a difference would mix the change with everything else that differs between the two worlds (start date, actors, events). Compare each with its own base (e.g. `armistice compare korea_1950 escalation_approved`), or pass --allow-different-base if that is what you mean",
        first.name,
        odd.join(", ")
    )))
}

pub(crate) fn unique(names: &mut Vec<String>, want: &str) -> String {
    let mut n = want.to_string();
    let mut k = 2;
    while names.contains(&n) {
        n = format!("{want}#{k}");
        k += 1;
    }
    names.push(n.clone());
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_parse_with_commas_inside_values() {
        let (n, ov) = parse_variant("late:a.b=1,c.d=[1,2],e.f=\"x,y\"").unwrap();
        assert_eq!(n, "late");
        let args: Vec<String> = ov.iter().map(Override::to_arg).collect();
        assert_eq!(args, vec!["a.b=1", "c.d=[1,2]", "e.f=\"x,y\""]);
        assert!(parse_variant("no-colon").is_err());
        assert!(parse_variant("x:").is_err());
    }
}
