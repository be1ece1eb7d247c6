//! The computation of a comparison: every variant simulated over the same run indices, the
//! outcome columns of each, and every difference from the base estimated on the same bootstrap
//! resamples.

use std::sync::atomic::AtomicBool;

use super::super::bootstrap::{self, Estimate, Statistic};
use super::super::{Column, Dist, Kind, columns, day_of, dist, simulate};
use super::stats::{DateCol, DateLayout, censored_quantile, date_statistics, value_statistics};
use super::{
    AtRisk, CompareConfig, Comparison, DateStats, Difference, Reached, Row, Variant, check,
    check_bases, command, default_bootstrap_seed, unique,
};
use crate::engine::Model;
use crate::error::{Error, Result};
use crate::export::{self, Staging};
use crate::outcome::RunOutcome;
use crate::outcome::doc::TimeValue;
use crate::outcome::doc::summary::{checkpoints, event_date, first_possible};
use crate::scenario::{Override, Scenario};

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
    check_bases(&variants, cfg.allow_different_base)?;
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
    cfg.threads.install(|| -> Result<_> {
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

/// One variant's measured columns, with what the statistics of dates need beyond them.
struct VariantCols {
    /// The outcome columns ([`columns`]).
    cols: Vec<Column>,
    /// Per event and action column name: the first time it could happen and, per run, whether the
    /// run was still going then.
    risk: Vec<(String, f64, Vec<bool>)>,
    /// The first day (or turn) past the horizon.
    horizon: f64,
}

impl VariantCols {
    fn new(s: &Scenario, runs: &[RunOutcome]) -> VariantCols {
        let mut risk = Vec::new();
        for e in &s.events {
            let first = first_possible(&e.trigger);
            let at = match event_date(e) {
                Some((t, d)) if t == first => d.0 as f64,
                _ => day_of(s, first),
            };
            let going = runs.iter().map(|o| o.turns > first).collect();
            risk.push((format!("event.{}", e.id), at, going));
        }
        for a in &s.actions {
            // An action can be taken from the start: every run is at risk.
            risk.push((
                format!("action.{}", a.id),
                day_of(s, 0),
                vec![true; runs.len()],
            ));
        }
        VariantCols {
            cols: columns(s, runs),
            risk,
            horizon: day_of(s, s.clock.max_turns),
        }
    }

    fn col(&self, name: &str) -> Option<&Column> {
        self.cols.iter().find(|c| c.name == name)
    }

    fn risk(&self, name: &str) -> Option<(f64, &[bool])> {
        self.risk
            .iter()
            .find(|r| r.0 == name)
            .map(|r| (r.1, r.2.as_slice()))
    }

    fn date_col<'a>(&'a self, c: &'a Column) -> DateCol<'a> {
        DateCol {
            values: &c.values,
            at_risk: self.risk(&c.name).map(|r| r.1),
        }
    }

    /// The distribution of a date column over all runs.
    fn date_stats(&self, c: &Column, limits: &[f64]) -> DateStats {
        let n = c.values.len() as u32;
        let q = |p: f64| censored_quantile(&c.values, 0..n, p).unwrap_or(f64::INFINITY);
        let share_of = |pred: &dyn Fn(f64) -> bool| {
            c.values.iter().flatten().filter(|&&x| pred(x)).count() as f64 / f64::from(n.max(1))
        };
        let at_risk = self.risk(&c.name).map(|(first, going)| {
            let idx = || (0..n).filter(|&i| going[i as usize]);
            let runs = idx().count() as u64;
            let happened = idx().filter(|&i| c.values[i as usize].is_some()).count();
            AtRisk {
                first,
                runs,
                share: if runs == 0 {
                    0.0
                } else {
                    happened as f64 / runs as f64
                },
                median: censored_quantile(&c.values, idx(), 0.5).unwrap_or(f64::INFINITY),
            }
        });
        DateStats {
            share: share_of(&|_| true),
            quantiles: [q(0.1), q(0.5), q(0.9)],
            horizon: self.horizon,
            by_date: limits.iter().map(|&l| share_of(&|x| x < l)).collect(),
            at_risk,
        }
    }
}

/// Where a difference's statistics sit in the list handed to the bootstrap.
#[derive(Clone, Copy)]
enum Slot {
    Date(usize, DateLayout),
    Value(usize),
}

/// The limits of the checkpoints on the axis of a row: agreements only.
fn limits_for<'a>(name: &str, limits: &'a [f64]) -> &'a [f64] {
    if name.starts_with("agreement.") {
        limits
    } else {
        &[]
    }
}

/// A difference from the estimates of its slot.
fn difference(est: &[Estimate], slot: Slot, kind: Kind, rests_on: Option<f64>) -> Difference {
    match slot {
        Slot::Date(at, layout) => {
            let mut k = at + 2;
            let at_risk = layout.at_risk.then(|| {
                k += 1;
                est[k - 1].clone()
            });
            Difference {
                change: Some(est[at].clone()),
                shift: Some(est[at + 1].clone()),
                at_risk,
                by_date: est[k..k + layout.checkpoints].to_vec(),
                rests_on,
            }
        }
        Slot::Value(at) => Difference {
            change: (kind != Kind::Median).then(|| est[at].clone()),
            shift: (kind == Kind::Median).then(|| est[at].clone()),
            at_risk: None,
            by_date: Vec::new(),
            rests_on: (kind == Kind::Median).then_some(rests_on).flatten(),
        },
    }
}

/// The rows of a comparison: every outcome's distribution per variant and every alternative's
/// difference from the base, all statistics evaluated on the same bootstrap resamples. `limits`
/// are the checkpoints' times on the axis.
fn estimate_rows(
    cfg: &CompareConfig,
    vcs: &[VariantCols],
    limits: &[f64],
    bootstrap_seed: u64,
) -> Result<Vec<Row>> {
    let nv = vcs.len();
    // Outcome names: the base's, then those only alternatives have.
    let mut order: Vec<(String, Kind)> = Vec::new();
    for vc in vcs {
        for c in &vc.cols {
            if !order.iter().any(|(n, _)| *n == c.name) {
                order.push((c.name.clone(), c.kind));
            }
        }
    }
    let mut stats: Vec<Statistic<'_>> = Vec::new();
    let mut slots: Vec<Vec<Option<Slot>>> = Vec::new();
    for (name, kind) in &order {
        let mut row = vec![None; nv];
        if let Some(a) = vcs[0].col(name) {
            for (v, slot) in row.iter_mut().enumerate().skip(1) {
                let Some(b) = vcs[v].col(name).filter(|b| b.kind == *kind) else {
                    continue;
                };
                *slot = Some(if *kind == Kind::Date {
                    let (st, layout) = date_statistics(
                        vcs[0].date_col(a),
                        vcs[v].date_col(b),
                        limits_for(name, limits),
                    );
                    let at = stats.len();
                    stats.extend(st);
                    Slot::Date(at, layout)
                } else {
                    stats.push(value_statistics(*kind, &a.values, &b.values));
                    Slot::Value(stats.len() - 1)
                });
            }
        }
        slots.push(row);
    }
    let est = cfg.threads.install(|| {
        bootstrap::bootstrap(
            cfg.runs.get() as usize,
            &stats,
            cfg.bootstrap,
            bootstrap_seed,
            cfg.confidence,
        )
    })?;
    Ok(order
        .iter()
        .zip(&slots)
        .map(|((name, kind), slot)| {
            let dists: Vec<Option<Dist>> = vcs
                .iter()
                .map(|vc| vc.col(name).map(|c| dist(&c.values)))
                .collect();
            let dates: Vec<Option<DateStats>> = vcs
                .iter()
                .map(|vc| {
                    let c = vc.col(name).filter(|c| c.kind == Kind::Date)?;
                    Some(vc.date_stats(c, limits_for(name, limits)))
                })
                .collect();
            // The share of all runs a median rests on: the runs with a date, or a settled value.
            let rests = |v: usize| -> Option<f64> {
                match &dates[v] {
                    Some(d) => Some(d.share),
                    None => dists[v].as_ref().map(|d| d.share),
                }
            };
            let diffs = slot
                .iter()
                .enumerate()
                .map(|(v, s)| {
                    let rests_on = match (rests(0), rests(v)) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        _ => None,
                    };
                    s.map(|s| difference(&est, s, *kind, rests_on))
                })
                .collect();
            Row {
                name: name.clone(),
                kind: *kind,
                dists,
                dates,
                diffs,
            }
        })
        .collect())
}

/// Per agreement: when each variant's runs reached it (the data of the comparison chart).
fn reached(variants: &[Variant], vcs: &[VariantCols], rows: &[Row]) -> Vec<Reached> {
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
                counts: vcs
                    .iter()
                    .map(|vc| vc.col(&r.name).map(|c| counts(&c.values)))
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
    let variants = load_variants(cfg, seed)?;
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
    let (runs_per_variant, variants) = simulate_variants(cfg, variants, cancel, progress)?;
    let vcs: Vec<VariantCols> = variants
        .iter()
        .zip(&runs_per_variant)
        .map(|(v, r)| VariantCols::new(&v.scenario, r))
        .collect();
    let base = &variants[0].scenario;
    // A checkpoint's limit is its own time on the axis: a run had reached an outcome before it when
    // the outcome's time is earlier.
    let checkpoints: Vec<(TimeValue, f64)> = checkpoints(base)
        .into_iter()
        .map(|(at, before)| {
            let limit = at
                .axis_value()
                .map_or_else(|| day_of(base, before), |x| x as f64);
            (at, limit)
        })
        .collect();
    let limits: Vec<f64> = checkpoints.iter().map(|c| c.1).collect();
    let rows = estimate_rows(cfg, &vcs, &limits, bootstrap_seed)?;
    let reached = reached(&variants, &vcs, &rows);
    let mut c = Comparison {
        variants,
        rows,
        reached,
        checkpoints,
        runs: cfg.runs.get(),
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
