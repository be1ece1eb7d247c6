//! Calibration: fit a scenario's free parameters to its observed records.
//!
//! Method: cyclic coordinate descent on a shrinking grid. Each round visits the parameters marked
//! `calibrate = true` in turn; for each, `points` equally spaced values of its current interval are tried
//! with the others held at their best values so far, the best is kept, and the interval shrinks to one grid
//! step on either side of it (clamped to the declared range). Every evaluation uses the same master seed,
//! so the runs of all candidates share their random streams (common random numbers): differences in the
//! objective come from the parameters, not from noise, and the search is deterministic.
//!
//! Objective: the mean, over records marked `calibrate`, of |simulated median − observed| in days (turns on
//! abstract clocks), where the share of runs in which the outcome never happens counts as an error of the
//! whole horizon. Records marked `holdout` are never used for fitting; they are reported beside the fit so
//! it can be judged honestly. With a cutoff (`calibrate --until DATE`), the records up to it are the
//! calibration records and every later one is held out, whatever its own `use` (the time split of
//! `fidelity --split`): the fit never sees what happened after the cutoff.

use std::sync::atomic::AtomicBool;

use super::fidelity::{self, Cutoff, Fidelity};
use crate::batch::{self, Plan, Runs};
use crate::engine::Model;
use crate::error::{Error, Result};
use crate::scenario::{ObservedUse, Override, Parameter, Scenario};

/// Everything a calibration needs besides the scenario (which comes from a loader, so that each
/// candidate is the scenario with its own overrides).
#[derive(Clone, Debug)]
pub struct CalibrateConfig {
    /// Fixed overrides applied before fitting.
    pub overrides: Vec<Override>,
    /// Runs per evaluation.
    pub runs: Runs,
    /// Master seed (scenario default if `None`).
    pub seed: Option<u64>,
    /// Rounds of coordinate descent.
    pub rounds: u32,
    /// Grid points per parameter per round (≥ 2).
    pub points: u32,
    /// Fit only on the records up to this cutoff (`--until`); later ones are held out.
    pub until: Option<Cutoff>,
}

/// One fitted parameter.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Fitted {
    /// Its `--set` path.
    pub path: String,
    /// Fitted value.
    pub value: f64,
    /// Declared range.
    pub low: f64,
    /// Declared range.
    pub high: f64,
}

/// The result of a calibration.
pub struct Calibration {
    /// The scenario as loaded (before fitting).
    pub scenario: Scenario,
    /// Fitted values.
    pub fitted: Vec<Fitted>,
    /// Fidelity before fitting (the scenario as written).
    pub before: Fidelity,
    /// Fidelity with the fitted values.
    pub after: Fidelity,
    /// Objective before and after.
    pub objective: (f64, f64),
    /// Evaluations made: the scenario as written, the starting point, and every candidate.
    pub evaluations: u32,
    /// Master seed used.
    pub seed: u64,
    /// The cutoff the fit was restricted to, if any.
    pub until: Option<Cutoff>,
}

/// The objective of a fidelity report (lower is better).
pub fn objective(s: &Scenario, f: &Fidelity) -> f64 {
    let horizon = s.clock.max_turns as f64
        * if s.clock.start.is_some() {
            s.clock.turn_days as f64
        } else {
            1.0
        };
    let errs: Vec<f64> = f
        .records
        .iter()
        .filter(|r| r.use_ == "calibrate")
        .map(|r| {
            r.share * r.model.error.map(f64::abs).unwrap_or(horizon) + (1.0 - r.share) * horizon
        })
        .collect();
    if errs.is_empty() {
        0.0
    } else {
        errs.iter().sum::<f64>() / errs.len() as f64
    }
}

fn fmt_value(v: f64) -> String {
    let r = (v * 1e6).round() / 1e6;
    if r == r.trunc() && r.abs() < 1e15 {
        format!("{r:.1}")
    } else {
        format!("{r}")
    }
}

/// The number of evaluations a calibration of `parameters` free parameters makes: the scenario as
/// written, the starting point (the middle of every range), then `points` candidates per parameter per
/// round.
pub fn evaluations(cfg: &CalibrateConfig, parameters: usize) -> u32 {
    let grid = cfg
        .rounds
        .saturating_mul(parameters as u32)
        .saturating_mul(cfg.points.max(2));
    grid.saturating_add(2)
}

/// Runs the calibration on the current thread pool. `load` gives the scenario with the overrides it
/// is handed; `progress(done, total, best objective)` is told after every evaluation.
pub fn calibrate(
    cfg: &CalibrateConfig,
    load: &(dyn Fn(&[Override]) -> Result<Scenario> + Sync),
    cancel: &AtomicBool,
    mut progress: impl FnMut(u32, u32, f64),
) -> Result<Calibration> {
    let scenario = load(&cfg.overrides)?;
    let seed = cfg.seed.unwrap_or(scenario.default_seed);
    let params = free_parameters(&scenario)?;
    check_records(&scenario, cfg.until.as_ref())?;
    let plan = Plan::new(cfg.runs, seed);
    let evaluate = |m: &Model| -> Result<(Fidelity, f64)> {
        let sum = batch::summarize(m, &plan, false, cancel)?;
        let f = fidelity::evaluate_uses(
            &m.scenario,
            &sum,
            seed,
            &observed_uses(&m.scenario, cfg.until.as_ref())?,
            cfg.until.as_ref(),
        );
        let obj = objective(&m.scenario, &f);
        Ok((f, obj))
    };
    let eval = |values: &[f64]| -> Result<(Fidelity, f64)> {
        let mut ov = cfg.overrides.clone();
        for (p, v) in params.iter().zip(values) {
            ov.push(Override {
                path: p.path.clone(),
                value: fmt_value(*v),
            });
        }
        evaluate(&Model::new(load(&ov)?))
    };
    let total = evaluations(cfg, params.len());
    let (before, before_obj) = evaluate(&Model::new(scenario.clone()))?;
    progress(1, total, before_obj);
    let mut best = start(&params, (&before, before_obj), &eval)?;
    let mut n = 2;
    progress(n, total, best.objective);
    let points = cfg.points.max(2);
    descend(
        &params,
        (cfg.rounds, points),
        &mut best,
        &eval,
        &mut |obj| {
            n += 1;
            progress(n, total, obj);
        },
    )?;
    let fitted = params
        .iter()
        .zip(&best.values)
        .map(|(p, v)| Fitted {
            path: p.path.clone(),
            value: (*v * 1e6).round() / 1e6,
            low: p.low,
            high: p.high,
        })
        .collect();
    Ok(Calibration {
        scenario,
        fitted,
        before,
        after: best.fidelity,
        objective: (before_obj, best.objective),
        evaluations: n,
        seed,
        until: cfg.until,
    })
}

/// The parameters marked `calibrate = true`; an error if there are none.
fn free_parameters(scenario: &Scenario) -> Result<Vec<Parameter>> {
    let params: Vec<Parameter> = scenario
        .parameters
        .iter()
        .filter(|p| p.calibrate)
        .cloned()
        .collect();
    if params.is_empty() {
        return Err(Error::Usage(format!(
            "scenario `{}` declares no [[parameter]] with `calibrate = true`; mark the free parameters to fit",
            scenario.id
        )));
    }
    Ok(params)
}

/// What each observed record is used for: its own `use`, or, with a cutoff, calibration up to it
/// and held out after.
fn observed_uses(s: &Scenario, until: Option<&Cutoff>) -> Result<Vec<ObservedUse>> {
    match until {
        Some(cut) => cut.uses(s),
        None => Ok(s.observed.iter().map(|o| o.use_).collect()),
    }
}

/// An error unless some observed record is there to fit on.
fn check_records(scenario: &Scenario, until: Option<&Cutoff>) -> Result<()> {
    if observed_uses(scenario, until)?.contains(&ObservedUse::Calibrate) {
        return Ok(());
    }
    Err(Error::Usage(match until {
        Some(cut) => format!(
            "scenario `{}` has no scored [[observed]] record up to {cut}, so there is nothing to fit; choose a later --until",
            scenario.id
        ),
        None => format!(
            "scenario `{}` has no [[observed]] record with use = \"calibrate\"",
            scenario.id
        ),
    }))
}

/// The evaluation function of a search: a candidate's values to its fidelity and objective.
type Evaluate<'a> = dyn Fn(&[f64]) -> Result<(Fidelity, f64)> + 'a;

/// The best candidate found so far.
struct Best {
    /// The parameters' values.
    values: Vec<f64>,
    /// Its fidelity.
    fidelity: Fidelity,
    /// Its objective.
    objective: f64,
}

/// The search's incumbent at the start: the scenario as written (evaluated as `before`), when its
/// values are known and inside the ranges and it is no worse than the midpoint of the ranges (then
/// the fit never ends worse than it started), else that midpoint.
fn start(params: &[Parameter], before: (&Fidelity, f64), eval: &Evaluate<'_>) -> Result<Best> {
    let written: Option<Vec<f64>> = params
        .iter()
        .map(|p| p.value.filter(|v| (p.low..=p.high).contains(v)))
        .collect();
    let middle: Vec<f64> = params.iter().map(|p| (p.low + p.high) / 2.0).collect();
    let (fidelity, objective) = eval(&middle)?;
    Ok(match written {
        Some(w) if before.1 <= objective => Best {
            values: w,
            fidelity: before.0.clone(),
            objective: before.1,
        },
        _ => Best {
            values: middle,
            fidelity,
            objective,
        },
    })
}

/// Cyclic coordinate descent from `best` (the module's method): `rounds` rounds, `points` grid
/// points per parameter, the interval shrinking around the best value. `tried(best objective)` is
/// told after every evaluation.
fn descend(
    params: &[Parameter],
    (rounds, points): (u32, u32),
    best: &mut Best,
    eval: &Evaluate<'_>,
    tried: &mut dyn FnMut(f64),
) -> Result<()> {
    let mut lo: Vec<f64> = params.iter().map(|p| p.low).collect();
    let mut hi: Vec<f64> = params.iter().map(|p| p.high).collect();
    for _ in 0..rounds {
        for j in 0..params.len() {
            let step = (hi[j] - lo[j]) / (points - 1) as f64;
            for k in 0..points {
                let mut cand = best.values.clone();
                cand[j] = lo[j] + step * k as f64;
                let (f, obj) = eval(&cand)?;
                // Ties keep the earlier (smaller) value, so the search is deterministic.
                if obj < best.objective {
                    *best = Best {
                        values: cand,
                        fidelity: f,
                        objective: obj,
                    };
                }
                tried(best.objective);
            }
            lo[j] = (best.values[j] - step).max(params[j].low);
            hi[j] = (best.values[j] + step).min(params[j].high);
        }
    }
    Ok(())
}

/// The overlay file that applies the fitted values to the scenario.
pub fn overlay(c: &Calibration, extends: &str, runs: u64) -> Result<String> {
    let mut root = toml::Table::new();
    let mut meta = toml::Table::new();
    meta.insert(
        "id".into(),
        toml::Value::String(format!("{}_calibrated", c.scenario.id)),
    );
    meta.insert("extends".into(), toml::Value::String(extends.to_string()));
    root.insert("scenario".into(), toml::Value::Table(meta));
    for f in &c.fitted {
        set_path(&mut root, &f.path, toml::Value::Float(f.value))?;
    }
    let body = toml::to_string(&root)
        .map_err(|e| Error::Output(format!("cannot write the overlay: {e}")))?;
    let mut head = format!(
        "# Calibrated overlay of `{}`, written by `armistice calibrate` (seed {}, {} runs per evaluation, {} evaluations).\n# Method: coordinate descent on a shrinking grid with common random numbers (see src/analysis/calibrate.rs).\n# Objective (mean |median error| over calibration records, days): {:.1} -> {:.1}\n",
        c.scenario.id, c.seed, runs, c.evaluations, c.objective.0, c.objective.1
    );
    for f in &c.fitted {
        head.push_str(&format!(
            "# {} = {} (range {} .. {})\n",
            f.path,
            fmt_value(f.value),
            f.low,
            f.high
        ));
    }
    if let Some(cut) = &c.until {
        head.push_str(&format!(
            "# Fitted on the records up to {cut} only (--until); later records were held out.\n"
        ));
    }
    head.push('\n');
    Ok(head + &body)
}

/// Places `value` at a `--set` style path in an overlay document: top-level arrays of tables (and
/// `options` inside issues) are addressed by id, everything else by key.
fn set_path(root: &mut toml::Table, path: &str, value: toml::Value) -> Result<()> {
    let parts: Vec<&str> = path.split('.').collect();
    let bad = || {
        Error::Usage(format!(
            "cannot express `{path}` in an overlay; use --set {path}=… instead"
        ))
    };
    let mut table = root;
    let mut i = 0;
    while i < parts.len() {
        let key = parts[i];
        if i + 1 == parts.len() {
            table.insert(key.to_string(), value);
            return Ok(());
        }
        let is_array = (i == 0 && key != "scenario") || key == "options" || key == "parties";
        if is_array {
            let id = parts.get(i + 1).ok_or_else(bad)?;
            if i + 2 >= parts.len() {
                return Err(bad());
            }
            let arr = table
                .entry(key.to_string())
                .or_insert_with(|| toml::Value::Array(Vec::new()));
            let toml::Value::Array(items) = arr else {
                return Err(bad());
            };
            let pos = items
                .iter()
                .position(|t| t.get("id").and_then(|v| v.as_str()) == Some(id));
            let pos = match pos {
                Some(p) => p,
                None => {
                    let mut t = toml::Table::new();
                    t.insert("id".into(), toml::Value::String(id.to_string()));
                    items.push(toml::Value::Table(t));
                    items.len() - 1
                }
            };
            let toml::Value::Table(t) = &mut items[pos] else {
                return Err(bad());
            };
            table = t;
            i += 2;
        } else {
            let next = table
                .entry(key.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            let toml::Value::Table(t) = next else {
                return Err(bad());
            };
            table = t;
            i += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_paths_become_tables_by_id() {
        let mut root = toml::Table::new();
        set_path(&mut root, "actor.North.discount", toml::Value::Float(0.97)).unwrap();
        set_path(
            &mut root,
            "actor.North.weights.aid",
            toml::Value::Float(2.0),
        )
        .unwrap();
        set_path(
            &mut root,
            "issue.pow.options.voluntary.label",
            toml::Value::String("v".into()),
        )
        .unwrap();
        let text = toml::to_string(&root).unwrap();
        assert!(text.contains("[[actor]]"), "{text}");
        assert!(text.contains("id = \"North\""), "{text}");
        assert!(text.contains("discount = 0.97"), "{text}");
        assert!(text.contains("[[issue.options]]"), "{text}");
    }
}
