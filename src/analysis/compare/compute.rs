//! The computation of a comparison: every variant simulated over the same run indices, the
//! outcome columns of each, and every difference from the base estimated on the same bootstrap
//! resamples.

use std::sync::atomic::AtomicBool;

use super::super::bootstrap::{self, Statistic, lower_median};
use super::super::{Column, Kind, columns, dist, simulate};
use super::{
    CompareConfig, Comparison, Difference, Reached, Row, Variant, check, command,
    default_bootstrap_seed, unique,
};
use crate::engine::Model;
use crate::error::{Error, Result};
use crate::export::{self, Staging};
use crate::outcome::RunOutcome;
use crate::scenario::{Override, Scenario};

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

/// The variants of a comparison, base first, loaded (not yet simulated).
fn load_variants(cfg: &CompareConfig, seed: u64) -> Result<Vec<Variant>> {
    let with = |extra: &[Override]| -> Vec<Override> {
        cfg.overrides.iter().chain(extra).cloned().collect()
    };
    let base = Scenario::load(&cfg.base, &cfg.overrides)?;
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
    Ok(variants)
}

/// Plays runs `0..cfg.runs` of every variant; returns the runs per variant and the variants.
fn simulate_variants(
    cfg: &CompareConfig,
    variants: Vec<Variant>,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<(Vec<Vec<RunOutcome>>, Vec<Variant>)> {
    let nv = variants.len();
    super::super::with_threads(cfg.threads, || -> Result<_> {
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
    })?
}

/// The rows of a comparison: every outcome's distribution per variant and every alternative's
/// difference from the base, all statistics evaluated on the same bootstrap resamples.
fn estimate_rows(
    cfg: &CompareConfig,
    cols: &[Vec<Column>],
    bootstrap_seed: u64,
) -> Result<Vec<Row>> {
    let nv = cols.len();
    // Outcome names: the base's, then those only alternatives have.
    let mut order: Vec<(String, Kind)> = Vec::new();
    for vc in cols {
        for c in vc {
            if !order.iter().any(|(n, _)| *n == c.name) {
                order.push((c.name.clone(), c.kind));
            }
        }
    }
    let find = |v: usize, name: &str| cols[v].iter().find(|c| c.name == name);
    let mut stats: Vec<Statistic<'_>> = Vec::new();
    let mut slots: Vec<Vec<Option<usize>>> = Vec::new();
    for (name, kind) in &order {
        let mut row = vec![None; nv];
        if let Some(a) = find(0, name) {
            for (v, slot) in row.iter_mut().enumerate().skip(1) {
                if let Some(b) = find(v, name).filter(|b| b.kind == *kind) {
                    *slot = Some(stats.len());
                    stats.extend(statistics(*kind, &a.values, &b.values));
                }
            }
        }
        slots.push(row);
    }
    let est = super::super::with_threads(cfg.threads, || {
        bootstrap::bootstrap(
            cfg.runs as usize,
            &stats,
            cfg.bootstrap,
            bootstrap_seed,
            cfg.confidence,
        )
    })?;
    let difference = |kind: Kind, at: usize| match kind {
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
    };
    Ok(order
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
                .map(|s| s.map(|at| difference(*kind, at)))
                .collect(),
        })
        .collect())
}

/// Per agreement: when each variant's runs reached it (the data of the comparison chart).
fn reached(variants: &[Variant], cols: &[Vec<Column>], rows: &[Row]) -> Vec<Reached> {
    rows.iter()
        .filter(|r| r.name.starts_with("agreement.") && r.kind == Kind::Date)
        .map(|r| {
            let id = r.name.trim_start_matches("agreement.");
            let label = variants
                .iter()
                .find_map(|v| v.scenario.agreements.iter().find(|a| a.id == id))
                .map(|a| a.label.clone())
                .unwrap_or_else(|| id.to_string());
            Reached {
                outcome: r.name.clone(),
                label,
                counts: cols
                    .iter()
                    .map(|vc| {
                        vc.iter()
                            .find(|c| c.name == r.name)
                            .map(|c| counts(&c.values))
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Writes `compare.json`, `paired_runs.csv` and (with `cfg.charts`) the charts into `out`.
fn write(
    cfg: &CompareConfig,
    c: &mut Comparison,
    runs: &[Vec<RunOutcome>],
    out: &std::path::Path,
) -> Result<()> {
    let staging = Staging::new(out, cfg.force)?;
    let doc = super::to_json(c);
    staging.write("compare.json", export::json::to_text(&doc).as_bytes())?;
    staging.write("paired_runs.csv", &paired_csv(&c.variants, runs)?)?;
    c.files = vec!["compare.json".into(), "paired_runs.csv".into()];
    if let Some(opts) = &cfg.charts {
        let figs = crate::chart::figures::compare_figures(&doc, opts)
            .map_err(|e| Error::Output(format!("cannot draw the comparison charts: {e}")))?;
        let n = crate::chart::figures::write_figures(&figs, |name, bytes| {
            staging.write(&format!("charts/{name}"), bytes)
        })?;
        c.files.push(format!("charts/ ({n} figures)"));
    }
    staging.commit()
}

/// Runs a comparison (and writes its files if `cfg.out` is set).
pub fn compare(
    cfg: &CompareConfig,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<Comparison> {
    check(cfg)?;
    let seed = match cfg.seed {
        Some(s) => s,
        None => Scenario::load(&cfg.base, &cfg.overrides)?.default_seed,
    };
    let bootstrap_seed = cfg
        .bootstrap_seed
        .unwrap_or_else(|| default_bootstrap_seed(seed));
    let variants = load_variants(cfg, seed)?;
    let (runs_per_variant, variants) = simulate_variants(cfg, variants, cancel, progress)?;
    let cols: Vec<Vec<Column>> = variants
        .iter()
        .zip(&runs_per_variant)
        .map(|(v, r)| columns(&v.scenario, r))
        .collect();
    let rows = estimate_rows(cfg, &cols, bootstrap_seed)?;
    let reached = reached(&variants, &cols, &rows);
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
        write(cfg, &mut c, &runs_per_variant, out)?;
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
