//! `compare`: a base scenario against alternatives, run for run, under common random numbers.
//!
//! Every variant plays runs `0..N` under one master seed, so run `i` of every variant draws from the
//! same per-site random streams (`src/rng.rs`): a difference between variants in run `i` comes from the
//! change, not from different luck. Differences are then estimated on the paired runs, with percentile
//! bootstrap intervals from resampling run indices ([`super::bootstrap`]). Method, statistics and the
//! JSON contract: `docs/analysis.md`.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use serde_json::{Map, Value, json};

use super::bootstrap::{self, Estimate, Statistic, lower_median};
use super::{Column, Dist, Kind, columns, dist, shift_unit, simulate};
use crate::engine::Model;
use crate::error::{Error, Result};
use crate::export::{self, Staging};
use crate::outcome::RunOutcome;
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
    pub runs: u64,
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
    /// Worker threads (all cores if `None`).
    pub threads: Option<usize>,
    /// Where to write `compare.json` and `paired_runs.csv`, if anywhere.
    pub out: Option<PathBuf>,
    /// Replace an output directory not written by armistice.
    pub force: bool,
    /// With `out`: also draw the comparison charts (PNG + SVG) into `out/charts/`.
    pub charts: Option<crate::chart::ChartOptions>,
}

impl Default for CompareConfig {
    fn default() -> Self {
        CompareConfig {
            base: String::new(),
            alts: Vec::new(),
            variants: Vec::new(),
            overrides: Vec::new(),
            runs: DEFAULT_RUNS,
            seed: None,
            bootstrap: DEFAULT_BOOTSTRAP,
            bootstrap_seed: None,
            confidence: 0.95,
            independent: false,
            threads: None,
            out: None,
            force: false,
            charts: None,
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
    /// Change in share (dates: of runs where it happened; options: of runs settled there) or in mean
    /// (payoffs).
    pub change: Option<Estimate>,
    /// Shift of the median (dates: in days or turns; continuous issues: in value units).
    pub shift: Option<Estimate>,
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

/// Quotes a command-line word for a POSIX shell when it needs it.
pub fn shell_word(w: &str) -> String {
    let plain = !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:=,+@%".contains(c));
    if plain {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', r"'\''"))
    }
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

fn check(cfg: &CompareConfig) -> Result<()> {
    let nv = 1 + cfg.alts.len() + cfg.variants.len();
    if nv < 2 {
        return Err(Error::Usage(
            "compare needs a base and at least one alternative: scenario files, embedded names, or --variant NAME:PATH=VALUE".into(),
        ));
    }
    if cfg.runs == 0 {
        return Err(Error::Usage("--runs must be at least 1".into()));
    }
    if cfg.runs.saturating_mul(nv as u64) > MAX_PAIRED_RUNS {
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

fn unique(names: &mut Vec<String>, want: &str) -> String {
    let mut n = want.to_string();
    let mut k = 2;
    while names.contains(&n) {
        n = format!("{want}#{k}");
        k += 1;
    }
    names.push(n.clone());
    n
}

/// Differences of one column between base `a` and alternative `b` as bootstrap statistics.
fn statistics<'a>(kind: Kind, a: &'a [Option<f64>], b: &'a [Option<f64>]) -> Vec<Statistic<'a>> {
    let share = move |col: &'a [Option<f64>], idx: &[u32]| {
        idx.iter().filter(|&&i| col[i as usize].is_some()).count() as f64 / idx.len() as f64
    };
    let mean = move |col: &'a [Option<f64>], idx: &[u32]| {
        let (s, n) = idx
            .iter()
            .filter_map(|&i| col[i as usize])
            .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        (n > 0).then(|| s / n as f64)
    };
    let median = move |col: &'a [Option<f64>], idx: &[u32]| {
        let mut v: Vec<f64> = idx.iter().filter_map(|&i| col[i as usize]).collect();
        lower_median(&mut v)
    };
    let shift: Statistic<'a> = Box::new(move |idx| Some(median(b, idx)? - median(a, idx)?));
    match kind {
        Kind::Date => vec![
            Box::new(move |idx| Some(share(b, idx) - share(a, idx))),
            shift,
        ],
        Kind::Share | Kind::Mean => vec![Box::new(move |idx| Some(mean(b, idx)? - mean(a, idx)?))],
        Kind::Median => vec![shift],
    }
}

/// Runs a comparison (and writes its files if `cfg.out` is set).
pub fn compare(
    cfg: &CompareConfig,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<Comparison> {
    check(cfg)?;
    let with = |extra: &[Override]| -> Vec<Override> {
        cfg.overrides.iter().chain(extra).cloned().collect()
    };
    let base = Scenario::load(&cfg.base, &cfg.overrides)?;
    let seed = cfg.seed.unwrap_or(base.default_seed);
    let mut names = Vec::new();
    let mut variants = vec![Variant {
        name: unique(&mut names, &base.id),
        spec: cfg.base.clone(),
        overrides: cfg.overrides.clone(),
        scenario: base,
        seed,
    }];
    for a in &cfg.alts {
        let s = Scenario::load(a, &cfg.overrides)?;
        variants.push(Variant {
            name: unique(&mut names, &s.id),
            spec: a.clone(),
            overrides: cfg.overrides.clone(),
            scenario: s,
            seed,
        });
    }
    for (name, ov) in &cfg.variants {
        let all = with(ov);
        let s = Scenario::load(&cfg.base, &all)?;
        variants.push(Variant {
            name: unique(&mut names, name),
            spec: cfg.base.clone(),
            overrides: all,
            scenario: s,
            seed,
        });
    }
    if cfg.independent {
        for (k, v) in variants.iter_mut().enumerate() {
            v.seed = seed.wrapping_add(k as u64);
        }
    }
    compare_variants(cfg, variants, cancel, progress)
}

/// Compares variants already loaded, the base first, each run under its own `seed` (the same for all
/// under common random numbers). `cfg` gives the runs, the bootstrap and the output; its scenario
/// specs only name the variants in the recorded command. The browser explorer compares a scenario
/// with an overlay and overrides at once this way, which no command line spells.
pub fn compare_variants(
    cfg: &CompareConfig,
    variants: Vec<Variant>,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<Comparison> {
    check(cfg)?;
    let Some(seed) = variants.first().map(|v| v.seed) else {
        return Err(Error::Usage("compare needs a base variant".into()));
    };
    let bootstrap_seed = cfg
        .bootstrap_seed
        .unwrap_or_else(|| default_bootstrap_seed(seed));
    let nv = variants.len();
    let (runs_per_variant, variants) = super::with_threads(cfg.threads, || -> Result<_> {
        let mut all: Vec<Vec<RunOutcome>> = Vec::with_capacity(nv);
        let mut done = Vec::with_capacity(nv);
        for (k, v) in variants.into_iter().enumerate() {
            progress(k, nv);
            let model = Model::new(v.scenario);
            all.push(simulate(&model, v.seed, cfg.runs, cancel)?);
            done.push(Variant {
                scenario: model.scenario,
                ..v
            });
        }
        progress(nv, nv);
        Ok((all, done))
    })??;
    let cols: Vec<Vec<Column>> = variants
        .iter()
        .zip(&runs_per_variant)
        .map(|(v, r)| columns(&v.scenario, r))
        .collect();
    // Outcome names: the base's, then those only alternatives have.
    let mut order: Vec<(String, Kind)> = Vec::new();
    for vc in &cols {
        for c in vc {
            if !order.iter().any(|(n, _)| *n == c.name) {
                order.push((c.name.clone(), c.kind));
            }
        }
    }
    let find = |v: usize, name: &str| cols[v].iter().find(|c| c.name == name);
    // Every statistic of every (outcome, alternative), evaluated on the same resamples.
    let mut stats: Vec<Statistic<'_>> = Vec::new();
    let mut slots: Vec<Vec<Option<(usize, usize)>>> = Vec::new();
    for (name, kind) in &order {
        let mut row = vec![None; nv];
        if let Some(a) = find(0, name) {
            for (v, slot) in row.iter_mut().enumerate().skip(1) {
                if let Some(b) = find(v, name).filter(|b| b.kind == *kind) {
                    let s = statistics(*kind, &a.values, &b.values);
                    *slot = Some((stats.len(), s.len()));
                    stats.extend(s);
                }
            }
        }
        slots.push(row);
    }
    let est = super::with_threads(cfg.threads, || {
        bootstrap::bootstrap(
            cfg.runs as usize,
            &stats,
            cfg.bootstrap,
            bootstrap_seed,
            cfg.confidence,
        )
    })?;
    drop(stats);
    let rows: Vec<Row> = order
        .iter()
        .zip(&slots)
        .map(|((name, kind), slot)| Row {
            name: name.clone(),
            kind: *kind,
            dists: (0..nv)
                .map(|v| find(v, name).map(|c| dist(&c.values)))
                .collect(),
            diffs: slot
                .iter()
                .map(|s| {
                    s.map(|(at, _)| match kind {
                        Kind::Date => Difference {
                            change: Some(est[at].clone()),
                            shift: Some(est[at + 1].clone()),
                        },
                        Kind::Share | Kind::Mean => Difference {
                            change: Some(est[at].clone()),
                            shift: None,
                        },
                        Kind::Median => Difference {
                            change: None,
                            shift: Some(est[at].clone()),
                        },
                    })
                })
                .collect(),
        })
        .collect();
    let reached = order
        .iter()
        .filter(|(name, kind)| name.starts_with("agreement.") && *kind == Kind::Date)
        .map(|(name, _)| {
            let id = name.trim_start_matches("agreement.");
            let label = variants
                .iter()
                .find_map(|v| v.scenario.agreements.iter().find(|a| a.id == id))
                .map(|a| a.label.clone())
                .unwrap_or_else(|| id.to_string());
            Reached {
                outcome: name.clone(),
                label,
                counts: (0..nv)
                    .map(|v| find(v, name).map(|c| counts(&c.values)))
                    .collect(),
            }
        })
        .collect();
    let mut c = Comparison {
        variants,
        rows,
        reached,
        runs: cfg.runs,
        seed,
        bootstrap: cfg.bootstrap,
        bootstrap_seed,
        confidence: cfg.confidence,
        independent: cfg.independent,
        command: command(cfg, seed, bootstrap_seed),
        files: Vec::new(),
    };
    if let Some(out) = &cfg.out {
        let staging = Staging::new(out, cfg.force)?;
        let json = to_json(&c);
        staging.write("compare.json", export::json::to_text(&json).as_bytes())?;
        staging.write(
            "paired_runs.csv",
            &paired_csv(&c.variants, &runs_per_variant)?,
        )?;
        c.files = vec!["compare.json".into(), "paired_runs.csv".into()];
        if let Some(opts) = &cfg.charts {
            let figs = crate::chart::figures::compare_figures(&json, opts)
                .map_err(|e| Error::Output(format!("cannot draw the comparison charts: {e}")))?;
            let n = crate::chart::figures::write_figures(&figs, |name, bytes| {
                staging.write(&format!("charts/{name}"), bytes)
            })?;
            c.files.push(format!("charts/ ({n} figures)"));
        }
        staging.commit()?;
    }
    Ok(c)
}

/// Runs per distinct value of a date column (day numbers or turns), sorted by time.
fn counts(values: &[Option<f64>]) -> Vec<(i64, u64)> {
    let mut v: Vec<i64> = values.iter().flatten().map(|x| x.round() as i64).collect();
    v.sort_unstable();
    let mut out: Vec<(i64, u64)> = Vec::new();
    for t in v {
        match out.last_mut() {
            Some((last, n)) if *last == t => *n += 1,
            _ => out.push((t, 1)),
        }
    }
    out
}

/// `paired_runs.csv`: one row per (run, variant), variants of a run adjacent; the columns of
/// `runs.csv` (union over the variants, blank where a variant lacks one).
pub fn paired_csv(variants: &[Variant], runs: &[Vec<RunOutcome>]) -> Result<Vec<u8>> {
    let mut header: Vec<String> = vec!["variant".into()];
    let heads: Vec<Vec<String>> = variants
        .iter()
        .map(|v| export::csv::header(&v.scenario))
        .collect();
    for h in &heads {
        for c in h {
            if !header.contains(c) {
                header.push(c.clone());
            }
        }
    }
    let maps: Vec<Vec<usize>> = heads
        .iter()
        .map(|h| {
            h.iter()
                .map(|c| header.iter().position(|x| x == c).unwrap_or(0))
                .collect()
        })
        .collect();
    let err = |e: csv::Error| Error::Output(format!("cannot write paired_runs.csv: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).map_err(err)?;
    let n = runs.first().map_or(0, Vec::len);
    for i in 0..n {
        for ((var, vruns), map) in variants.iter().zip(runs).zip(&maps) {
            let v = &vruns[i];
            let mut rec = vec![String::new(); header.len()];
            rec[0] = var.name.clone();
            for (cell, &at) in export::csv::row(&var.scenario, v).into_iter().zip(map) {
                rec[at] = cell;
            }
            w.write_record(&rec).map_err(err)?;
        }
    }
    w.into_inner()
        .map_err(|e| Error::Output(format!("cannot write paired_runs.csv: {}", e.error())))
}

fn num(v: Option<f64>) -> Value {
    match v {
        Some(x) if x.is_finite() => json!(x),
        _ => Value::Null,
    }
}

fn est_json(e: &Option<Estimate>) -> Value {
    match e {
        None => Value::Null,
        Some(e) => json!({
            "estimate": num(e.estimate),
            "ci": e.ci.map(|(lo, hi)| json!([lo, hi])).unwrap_or(Value::Null),
            "resamples_defined": e.defined,
        }),
    }
}

fn dist_json(s: &Scenario, kind: Kind, d: &Dist) -> Value {
    match kind {
        Kind::Date => {
            let day = |x: Option<f64>| {
                x.map(|x| json!(super::day_text(s, x)))
                    .unwrap_or(Value::Null)
            };
            json!({ "share": d.share, "p10": day(d.p10), "median": day(d.median), "p90": day(d.p90) })
        }
        Kind::Share => json!({ "share": d.mean.unwrap_or(0.0) }),
        Kind::Mean => {
            json!({ "mean": num(d.mean), "p10": num(d.p10), "median": num(d.median), "p90": num(d.p90) })
        }
        Kind::Median => {
            json!({ "share": d.share, "p10": num(d.p10), "median": num(d.median), "p90": num(d.p90) })
        }
    }
}

/// `compare.json` / `compare --json` (contract in `docs/analysis.md`).
pub fn to_json(c: &Comparison) -> Value {
    let base = &c.variants[0].scenario;
    let variants: Vec<Value> = c
        .variants
        .iter()
        .map(|v| {
            json!({
                "name": v.name,
                "scenario": v.scenario.id,
                "title": v.scenario.title,
                "spec": v.spec,
                "overrides": v.overrides.iter().map(Override::to_arg).collect::<Vec<_>>(),
                "seed": v.seed,
            })
        })
        .collect();
    let outcomes: Vec<Value> = c
        .rows
        .iter()
        .map(|r| {
            let mut dists = Map::new();
            let mut diffs = Map::new();
            for (v, var) in c.variants.iter().enumerate() {
                if let Some(d) = &r.dists[v] {
                    dists.insert(var.name.clone(), dist_json(&var.scenario, r.kind, d));
                }
                if let Some(d) = &r.diffs[v] {
                    let mut m = Map::new();
                    match r.kind {
                        Kind::Date => {
                            m.insert("share_change".into(), est_json(&d.change));
                            m.insert("median_shift".into(), est_json(&d.shift));
                        }
                        Kind::Share => {
                            m.insert("share_change".into(), est_json(&d.change));
                        }
                        Kind::Mean => {
                            m.insert("mean_change".into(), est_json(&d.change));
                        }
                        Kind::Median => {
                            m.insert("median_shift".into(), est_json(&d.shift));
                        }
                    }
                    diffs.insert(var.name.clone(), Value::Object(m));
                }
            }
            json!({ "outcome": r.name, "kind": r.kind.as_str(), "variants": dists, "differences": diffs })
        })
        .collect();
    // When each variant reached each agreement (the data of the comparison chart).
    let mut distributions = Map::new();
    for r in &c.reached {
        let mut per = Map::new();
        for (v, var) in c.variants.iter().enumerate() {
            if let Some(counts) = &r.counts[v] {
                let dated = var.scenario.clock.start.is_some();
                let rows: Vec<Value> = counts
                    .iter()
                    .map(|&(t, n)| {
                        if dated {
                            json!([crate::time::Date(t).to_string(), n])
                        } else {
                            json!([t, n])
                        }
                    })
                    .collect();
                per.insert(var.name.clone(), Value::Array(rows));
            }
        }
        distributions.insert(
            r.outcome.clone(),
            json!({ "label": r.label, "variants": per }),
        );
    }
    json!({
        "format": "armistice-compare-1",
        "command": c.command,
        "armistice_version": env!("CARGO_PKG_VERSION"),
        "base": c.variants[0].name,
        "runs": c.runs,
        "seed": c.seed,
        "common_random_numbers": !c.independent,
        "shift_unit": shift_unit(base),
        "bootstrap": {
            "method": "paired percentile bootstrap over run indices",
            "reference": "Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall, ch. 13",
            "resamples": c.bootstrap,
            "seed": c.bootstrap_seed,
            "confidence": c.confidence,
        },
        "variants": variants,
        "outcomes": outcomes,
        "title": base.title,
        "clock": {
            "start": base.clock.start.map(|d| d.to_string()),
            "turn_days": base.clock.turn_days,
            "max_turns": base.clock.max_turns,
        },
        "observed": base.observed.iter().map(|o| json!({
            "outcome": o.name,
            "date": o.date.map(|d| d.to_string()),
            "turn": o.turn,
            "label": o.label,
        })).collect::<Vec<_>>(),
        "distributions": distributions,
    })
}

fn signed(x: f64, decimals: usize) -> String {
    let s = format!("{x:+.decimals$}");
    // `-0` reads as a change; a zero difference is printed as 0.
    if s.trim_start_matches(['+', '-'])
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        format!("{:.decimals$}", 0.0)
    } else {
        s
    }
}

/// Whether a difference is exactly zero with a [0, 0] interval (or absent).
fn is_zero(e: &Option<Estimate>) -> bool {
    e.as_ref()
        .is_none_or(|e| e.estimate == Some(0.0) && e.ci == Some((0.0, 0.0)))
}

/// Whether every alternative that has this outcome shows exactly no difference.
fn unchanged(r: &Row) -> bool {
    let diffs: Vec<&Difference> = r.diffs.iter().flatten().collect();
    !diffs.is_empty()
        && diffs
            .iter()
            .all(|d| is_zero(&d.change) && is_zero(&d.shift))
}

fn est_text(e: &Option<Estimate>, scale: f64, decimals: usize) -> String {
    match e {
        Some(Estimate {
            estimate: Some(x),
            ci,
            ..
        }) => match ci {
            Some((lo, hi)) => format!(
                "{} [{}, {}]",
                signed(x * scale, decimals),
                signed(lo * scale, decimals),
                signed(hi * scale, decimals)
            ),
            None => format!("{} [—]", signed(x * scale, decimals)),
        },
        _ => "—".into(),
    }
}

/// The text table printed by `armistice compare`.
pub fn to_text(c: &Comparison) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let base = &c.variants[0];
    let unit = shift_unit(&base.scenario);
    let w = c
        .variants
        .iter()
        .map(|v| v.name.chars().count() + 2)
        .chain(std::iter::once(base.name.chars().count() + 9))
        .max()
        .unwrap_or(10)
        .clamp(14, 36);
    let _ = writeln!(
        o,
        "{} — {} variants × {} paired runs, seed {}{}",
        base.scenario.title,
        c.variants.len(),
        c.runs,
        c.seed,
        if c.independent {
            ", INDEPENDENT streams (--independent)"
        } else {
            ", common random numbers"
        }
    );
    let conf = format!("{:.0}%", c.confidence * 100.0);
    let _ = writeln!(
        o,
        "[{conf} CI]: paired percentile bootstrap, {} resamples, seed {} (Efron & Tibshirani 1993)\nmedians and shifts: among runs where it happened; pts: percentage points",
        c.bootstrap, c.bootstrap_seed
    );
    for v in &c.variants[1..] {
        if v.spec == base.spec && !v.overrides.is_empty() {
            let sets: Vec<String> = v.overrides.iter().map(Override::to_arg).collect();
            let _ = writeln!(o, "  {} = {} + {}", v.name, base.name, sets.join(", "));
        }
    }
    let row_of = |name: &str| c.rows.iter().find(|r| r.name == name);
    let dated = |o: &mut String, title: &str, what: &str, names: Vec<String>| {
        if names.is_empty() {
            return;
        }
        let shift_head = format!("shift in {unit} [{conf} CI]");
        let change_head = format!("Δ {what}, pts [{conf} CI]");
        let _ = writeln!(
            o,
            "\n{title:<w$} {what:>7}  {:<10}  {shift_head:<24} {change_head}",
            "median"
        );
        for name in names {
            let Some(r) = row_of(&name) else { continue };
            // Outcomes no alternative changes at all take one line.
            let same = unchanged(r);
            let _ = writeln!(o, "{name}");
            for (v, var) in c.variants.iter().enumerate() {
                let Some(d) = &r.dists[v] else { continue };
                if same && v > 0 {
                    continue;
                }
                let label = if v == 0 {
                    format!("  {} (base)", var.name)
                } else {
                    format!("  {}", var.name)
                };
                let med = d
                    .median
                    .map(|m| super::day_text(&var.scenario, m))
                    .unwrap_or_else(|| "never".into());
                let (shift, change) = match &r.diffs[v] {
                    Some(df) => (est_text(&df.shift, 1.0, 0), est_text(&df.change, 100.0, 1)),
                    None if same => ("(every alternative: exactly 0)".into(), String::new()),
                    None => (String::new(), String::new()),
                };
                let line = format!(
                    "{label:<w$} {:>6.1}%  {med:<10}  {shift:<24} {change}",
                    d.share * 100.0
                );
                let _ = writeln!(o, "{}", line.trim_end());
            }
        }
    };
    let agreements: Vec<String> = c
        .rows
        .iter()
        .filter(|r| r.name.starts_with("agreement."))
        .map(|r| r.name.clone())
        .collect();
    dated(&mut o, "Agreements", "reached", agreements);
    let issues: Vec<String> = c
        .rows
        .iter()
        .filter(|r| r.name.starts_with("issue.") && r.kind == Kind::Date)
        .map(|r| r.name.clone())
        .collect();
    dated(&mut o, "Issues", "settled", issues.clone());
    // Terms: per issue, the option shares of the base and the changes with intervals.
    let mut terms = String::new();
    for issue in &issues {
        let opts: Vec<&Row> = c
            .rows
            .iter()
            .filter(|r| {
                r.name.starts_with(&format!("{issue}.option."))
                    || r.name == format!("{issue}.value")
            })
            .collect();
        if opts.is_empty() {
            continue;
        }
        let _ = writeln!(terms, "{issue}");
        let all_same = opts
            .iter()
            .all(|r| unchanged(r) || r.diffs.iter().all(Option::is_none))
            && opts.iter().any(|r| r.diffs.iter().any(Option::is_some));
        for (v, var) in c.variants.iter().enumerate() {
            if all_same && v > 0 {
                continue;
            }
            let parts: Vec<String> = opts
                .iter()
                .filter_map(|r| {
                    let d = r.dists[v].as_ref()?;
                    // Only what is there (base) or what moved (alternatives).
                    match &r.diffs[v] {
                        None if r.kind == Kind::Share && d.mean == Some(0.0) => return None,
                        Some(df) if r.kind == Kind::Share && is_zero(&df.change) => return None,
                        _ => {}
                    }
                    let short = r.name.rsplit('.').next().unwrap_or(&r.name);
                    Some(match (r.kind, &r.diffs[v]) {
                        (Kind::Share, None) => {
                            format!("{short} {:.0}%", d.mean.unwrap_or(0.0) * 100.0)
                        }
                        (Kind::Share, Some(df)) => {
                            format!("{short} {}", est_text(&df.change, 100.0, 1))
                        }
                        (_, None) => format!(
                            "median {}",
                            d.median.map(|x| x.to_string()).unwrap_or("—".into())
                        ),
                        (_, Some(df)) => format!("median {}", est_text(&df.shift, 1.0, 2)),
                    })
                })
                .collect();
            let label = if v == 0 {
                format!("  {} (base)", var.name)
            } else {
                format!("  {}", var.name)
            };
            let text = if all_same {
                format!("{}   (every alternative: no change)", parts.join(", "))
            } else if !parts.is_empty() {
                parts.join(", ")
            } else if v > 0 && opts.iter().any(|r| r.diffs[v].is_some()) {
                "no change".to_string()
            } else {
                continue;
            };
            let _ = writeln!(terms, "{label:<w$} {text}");
        }
    }
    if !terms.is_empty() {
        let _ = writeln!(
            o,
            "\nTerms: base share of runs settled at each option; alternatives: change in pts [{conf} CI]\n(continuous issues: median value, and its shift)"
        );
        o.push_str(&terms);
    }
    // Events and actions: only those whose probability or date moved.
    // Events and actions: those whose probability or date moved, the largest probability changes
    // first, at most MOVED_LINES of them (the JSON has every one).
    const MOVED_LINES: usize = 8;
    let mut moved: Vec<(f64, usize, String)> = Vec::new();
    let dated_rows: Vec<&Row> = c
        .rows
        .iter()
        .filter(|r| {
            (r.name.starts_with("event.") || r.name.starts_with("action.")) && r.kind == Kind::Date
        })
        .collect();
    let nw = dated_rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(20);
    for r in dated_rows {
        for (v, var) in c.variants.iter().enumerate().skip(1) {
            let Some(df) = &r.diffs[v] else { continue };
            let value = |e: &Option<Estimate>| e.as_ref().and_then(|e| e.estimate);
            let nonzero = |e: &Option<Estimate>| value(e).is_some_and(|x| x != 0.0);
            if nonzero(&df.change) || nonzero(&df.shift) {
                let line = format!(
                    "  {:<nw$} {:<w$} P {} pts, median {} {unit}",
                    r.name,
                    var.name,
                    est_text(&df.change, 100.0, 1),
                    est_text(&df.shift, 1.0, 0)
                );
                let key = value(&df.change).unwrap_or(0.0).abs();
                moved.push((key, moved.len(), line));
            }
        }
    }
    if !moved.is_empty() {
        let total = moved.len();
        moved.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        moved.truncate(MOVED_LINES);
        moved.sort_by_key(|m| m.1);
        let _ = writeln!(o, "\nEvents and actions that moved (Δ [{conf} CI])");
        for (_, _, line) in &moved {
            let _ = writeln!(o, "{line}");
        }
        if total > MOVED_LINES {
            let _ = writeln!(
                o,
                "  … {} more (smaller changes in probability): see --json",
                total - MOVED_LINES
            );
        }
    }
    let mut pay = String::new();
    for (v, var) in c.variants.iter().enumerate().skip(1) {
        let parts: Vec<String> = c
            .rows
            .iter()
            .filter(|r| r.name.starts_with("payoff."))
            .filter_map(|r| {
                let df = r.diffs[v].as_ref()?;
                Some(format!(
                    "{} {}",
                    r.name.trim_start_matches("payoff."),
                    est_text(&df.change, 1.0, 3)
                ))
            })
            .collect();
        if !parts.is_empty() {
            let _ = writeln!(pay, "  {:<w$} {}", var.name, parts.join(", "));
        }
    }
    if !pay.is_empty() {
        let _ = writeln!(o, "\nMean payoff change from {} [{conf} CI]", base.name);
        o.push_str(&pay);
    }
    let _ = writeln!(o, "\nReproduce: {}", c.command);
    o
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

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(
            shell_word("actor.North.discount=0.97"),
            "actor.North.discount=0.97"
        );
        assert_eq!(shell_word("a:b=\"x y\""), "'a:b=\"x y\"'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }

    #[test]
    fn zero_prints_without_sign() {
        assert_eq!(signed(-0.0, 1), "0.0");
        assert_eq!(signed(0.0, 0), "0");
        assert_eq!(signed(-3.0, 0), "-3");
        assert_eq!(signed(2.5, 1), "+2.5");
    }
}
