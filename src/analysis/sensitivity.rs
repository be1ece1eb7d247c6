//! `sensitivity`: which free parameters (`[[parameter]]` tables) move the outcomes most.
//!
//! Two methods, both on the same outputs and under common random numbers (every design point plays
//! runs `0..N` under one master seed, so two points differ only by their parameters):
//!
//! * one-at-a-time (a tornado): each parameter at its low and at its high end, the others as the
//!   scenario sets them;
//! * Morris elementary effects (Morris 1991, "Factorial sampling plans for preliminary computational
//!   experiments", Technometrics 33(2), 161–174), with the μ* = mean |EE| screening measure of
//!   Campolongo, Cariboni & Saltelli (2007), "An effective screening design for sensitivity analysis of
//!   large models", Environmental Modelling & Software 22(10), 1509–1518. Trajectories are built as in
//!   Saltelli et al. (2008), *Global Sensitivity Analysis: The Primer*, Wiley, §3.3.
//!
//! Outputs: each agreement's median date (in days, or turns on abstract clocks, among runs that reach
//! it) and its share of runs reached, and the option shares (or median value) of every issue of the
//! final agreements (those no other agreement waits for — the pact).

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use rand::{RngExt, SeedableRng};

use super::compare::shell_word;
use super::{Kind, columns, dist, simulate, toml_number};
use crate::engine::Model;
use crate::error::{Error, Result};
use crate::export::{self, Staging};
use crate::outcome::doc::SensitivityDoc;
use crate::rng::{SimRng, site_hash};
use crate::scenario::{Override, Parameter, Scenario};

/// Runs per design point when none are given.
pub const DEFAULT_RUNS: u64 = 200;
/// Morris trajectories when none are given.
pub const DEFAULT_TRAJECTORIES: u32 = 10;
/// Most design points (one-at-a-time plus Morris) one analysis accepts.
pub const MAX_POINTS: u64 = 100_000;

/// Everything `armistice sensitivity` needs.
#[derive(Clone, Debug)]
pub struct SensitivityConfig {
    /// Scenario path or embedded name.
    pub scenario: String,
    /// Overrides applied at every point.
    pub overrides: Vec<Override>,
    /// Runs per design point.
    pub runs: u64,
    /// Master seed (the scenario's if `None`).
    pub seed: Option<u64>,
    /// Morris trajectories (0: one-at-a-time only).
    pub trajectories: u32,
    /// Morris grid levels p (even).
    pub levels: u32,
    /// Seed of the Morris design (derived from the master seed if `None`).
    pub morris_seed: Option<u64>,
    /// Worker threads.
    pub threads: Option<usize>,
    /// Where to write `sensitivity.json` and `sensitivity.csv`, if anywhere.
    pub out: Option<PathBuf>,
    /// Replace an output directory not written by armistice.
    pub force: bool,
    /// With `out`: also draw the tornado charts (PNG + SVG) into `out/charts/`.
    pub charts: Option<crate::chart::ChartOptions>,
}

impl Default for SensitivityConfig {
    fn default() -> Self {
        SensitivityConfig {
            scenario: String::new(),
            overrides: Vec::new(),
            runs: DEFAULT_RUNS,
            seed: None,
            trajectories: DEFAULT_TRAJECTORIES,
            levels: 4,
            morris_seed: None,
            threads: None,
            out: None,
            force: false,
            charts: None,
        }
    }
}

/// One parameter's one-at-a-time effect on one output.
#[derive(Clone, Debug, PartialEq)]
pub struct Oat {
    /// Parameter index.
    pub parameter: usize,
    /// Output index.
    pub output: usize,
    /// The output at the scenario's values.
    pub base: Option<f64>,
    /// The output with the parameter at its low end, minus `base`.
    pub effect_low: Option<f64>,
    /// The output with the parameter at its high end, minus `base`.
    pub effect_high: Option<f64>,
}

impl Oat {
    /// |effect_high − effect_low|, the tornado bar's length.
    pub fn swing(&self) -> f64 {
        match (self.effect_low, self.effect_high) {
            (Some(l), Some(h)) => (h - l).abs(),
            (Some(x), None) | (None, Some(x)) => x.abs(),
            _ => 0.0,
        }
    }
}

/// One parameter's Morris measures on one output, in output units per full parameter range.
#[derive(Clone, Debug, PartialEq)]
pub struct Morris {
    /// Parameter index.
    pub parameter: usize,
    /// Output index.
    pub output: usize,
    /// Mean elementary effect.
    pub mu: Option<f64>,
    /// Mean absolute elementary effect (Campolongo et al. 2007).
    pub mu_star: Option<f64>,
    /// Standard deviation of the elementary effects (interactions, non-linearity).
    pub sigma: Option<f64>,
    /// Elementary effects that were defined.
    pub n: usize,
}

/// The result.
pub struct Sensitivity {
    /// The scenario.
    pub scenario: Scenario,
    /// Output names.
    pub outputs: Vec<String>,
    /// Output units (`days`, `turns`, `share`, `value`).
    pub units: Vec<&'static str>,
    /// The parameters, with the value at which others are held.
    pub parameters: Vec<Parameter>,
    /// Low and high override texts per parameter.
    pub ends: Vec<(String, String)>,
    /// One-at-a-time effects, per parameter then output.
    pub oat: Vec<Oat>,
    /// Morris measures, per parameter then output (empty with 0 trajectories).
    pub morris: Vec<Morris>,
    /// Trajectories, levels, Δ and seed of the Morris design.
    pub design: (u32, u32, f64, u64),
    /// Runs per point.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// Design points simulated.
    pub points: usize,
    /// The command.
    pub command: String,
    /// Files written.
    pub files: Vec<String>,
}

/// The outputs: names, units, and their values from a batch.
fn outputs(
    s: &Scenario,
    runs: &[crate::outcome::RunOutcome],
) -> Vec<(String, &'static str, Option<f64>)> {
    let finals: Vec<usize> = (0..s.agreements.len())
        .filter(|&g| !s.agreements.iter().any(|a| a.after.contains(&g)))
        .collect();
    let pact_issues: Vec<String> = finals
        .iter()
        .flat_map(|&g| {
            s.agreements[g]
                .issues
                .iter()
                .map(|&i| format!("issue.{}.", s.issues[i].id))
        })
        .collect();
    let unit = super::shift_unit(s);
    let mut out = Vec::new();
    for c in columns(s, runs) {
        let d = dist(&c.values);
        if c.name.starts_with("agreement.") {
            out.push((format!("{}.median", c.name), unit, d.median));
            out.push((format!("{}.share", c.name), "share", Some(d.share)));
        } else if pact_issues.iter().any(|p| c.name.starts_with(p)) {
            match c.kind {
                Kind::Share => out.push((format!("{}.share", c.name), "share", d.mean)),
                Kind::Median => out.push((format!("{}.median", c.name), "value", d.median)),
                _ => {}
            }
        }
    }
    out
}

fn param_value(p: &Parameter, u: f64) -> String {
    toml_number(p.low + u * (p.high - p.low), p.integer)
}

/// The command that reproduces an analysis.
pub fn command(cfg: &SensitivityConfig, seed: u64, morris_seed: u64) -> String {
    let mut w = vec![
        "armistice".to_string(),
        "sensitivity".into(),
        shell_word(&cfg.scenario),
    ];
    for o in &cfg.overrides {
        w.push("--set".into());
        w.push(shell_word(&o.to_arg()));
    }
    w.push(format!("--runs {} --seed {seed}", cfg.runs));
    w.push(format!(
        "--trajectories {} --levels {} --morris-seed {morris_seed}",
        cfg.trajectories, cfg.levels
    ));
    w.join(" ")
}

/// A Morris trajectory: k + 1 points in the unit cube, each differing from the previous in one
/// coordinate by ±Δ; returns the points and, per step, the coordinate moved.
pub fn trajectory(rng: &mut SimRng, k: usize, levels: u32) -> (Vec<Vec<f64>>, Vec<usize>) {
    let p = levels as f64;
    let delta = p / (2.0 * (p - 1.0));
    // Starting levels from {0, 1/(p−1), …, 1 − Δ}, so that x + Δ stays in the cube.
    let starts = (levels / 2) as usize;
    let mut x: Vec<f64> = (0..k)
        .map(|_| rng.random_range(0..starts) as f64 / (p - 1.0))
        .collect();
    // Random direction per factor: a factor going down starts at x + Δ.
    let up: Vec<bool> = (0..k).map(|_| rng.random::<bool>()).collect();
    for i in 0..k {
        if !up[i] {
            x[i] += delta;
        }
    }
    let mut order: Vec<usize> = (0..k).collect();
    for i in (1..k).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
    let mut pts = vec![x.clone()];
    for &i in &order {
        x[i] += if up[i] { delta } else { -delta };
        pts.push(x.clone());
    }
    (pts, order)
}

/// Runs the analysis.
pub fn sensitivity(
    cfg: &SensitivityConfig,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<Sensitivity> {
    if cfg.runs == 0 {
        return Err(Error::Usage("--runs must be at least 1".into()));
    }
    if cfg.levels < 2 || cfg.levels % 2 == 1 {
        return Err(Error::Usage(format!(
            "--levels {} must be even and at least 2 (4 is usual)",
            cfg.levels
        )));
    }
    let base = Scenario::load(&cfg.scenario, &cfg.overrides)?;
    if base.parameters.is_empty() {
        return Err(Error::Usage(format!(
            "`{}` declares no [[parameter]] tables (path, low, high); add them, or explore values with `armistice sweep --vary`",
            cfg.scenario
        )));
    }
    let seed = cfg.seed.unwrap_or(base.default_seed);
    let morris_seed = cfg
        .morris_seed
        .unwrap_or_else(|| site_hash(&format!("morris:{seed}")));
    let params = base.parameters.clone();
    let k = params.len();
    let npoints = 1 + 2 * k as u64 + cfg.trajectories as u64 * (k as u64 + 1);
    if npoints > MAX_POINTS || npoints.saturating_mul(cfg.runs) > crate::app::MAX_RUNS {
        return Err(Error::Limit(format!(
            "{npoints} design points × {} runs is too many; use fewer --trajectories or --runs",
            cfg.runs
        )));
    }
    // Design: the scenario as is, then low/high per parameter, then the Morris trajectories.
    let mut design: Vec<Vec<(usize, String)>> = vec![Vec::new()];
    let ends: Vec<(String, String)> = params
        .iter()
        .map(|p| (param_value(p, 0.0), param_value(p, 1.0)))
        .collect();
    for (i, (lo, hi)) in ends.iter().enumerate() {
        design.push(vec![(i, lo.clone())]);
        design.push(vec![(i, hi.clone())]);
    }
    let p = cfg.levels as f64;
    let delta = p / (2.0 * (p - 1.0));
    let mut rng = SimRng::seed_from_u64(morris_seed);
    let mut steps: Vec<(usize, Vec<usize>)> = Vec::new();
    // Unit coordinates actually used (after rounding integer parameters), per design point.
    let mut unit: Vec<Vec<f64>> = vec![Vec::new(); design.len()];
    for _ in 0..cfg.trajectories {
        let (pts, order) = trajectory(&mut rng, k, cfg.levels);
        let first = design.len();
        for x in pts {
            let vals: Vec<(usize, String)> = x
                .iter()
                .enumerate()
                .map(|(i, &u)| (i, param_value(&params[i], u)))
                .collect();
            unit.push(
                vals.iter()
                    .map(|(i, v)| {
                        let pr = &params[*i];
                        let x: f64 = v.parse().unwrap_or(pr.low);
                        if pr.high > pr.low {
                            (x - pr.low) / (pr.high - pr.low)
                        } else {
                            0.0
                        }
                    })
                    .collect(),
            );
            design.push(vals);
        }
        steps.push((first, order));
    }
    let at = |vals: &[(usize, String)]| -> Vec<Override> {
        cfg.overrides
            .iter()
            .cloned()
            .chain(vals.iter().map(|(i, v)| Override {
                path: params[*i].path.clone(),
                value: v.clone(),
            }))
            .collect()
    };
    for d in &design {
        Scenario::load(&cfg.scenario, &at(d))?;
    }
    let mut names: Vec<String> = Vec::new();
    let mut units: Vec<&'static str> = Vec::new();
    let n = design.len();
    let ys: Vec<Vec<Option<f64>>> = super::with_threads(cfg.threads, || -> Result<_> {
        let mut ys = Vec::with_capacity(n);
        for (j, d) in design.iter().enumerate() {
            progress(j, n);
            let model = Model::new(Scenario::load(&cfg.scenario, &at(d))?);
            let runs = simulate(&model, seed, cfg.runs, cancel)?;
            let o = outputs(&model.scenario, &runs);
            if j == 0 {
                names = o.iter().map(|x| x.0.clone()).collect();
                units = o.iter().map(|x| x.1).collect();
            }
            // Outputs are matched by name: a parameter cannot change the scenario's structure.
            ys.push(
                names
                    .iter()
                    .map(|nm| o.iter().find(|x| &x.0 == nm).and_then(|x| x.2))
                    .collect(),
            );
        }
        progress(n, n);
        Ok(ys)
    })??;
    let no = names.len();
    let mut oat = Vec::new();
    for i in 0..k {
        for (o, &b) in ys[0].iter().enumerate() {
            let diff = |y: Option<f64>| Some(y? - b?);
            oat.push(Oat {
                parameter: i,
                output: o,
                base: b,
                effect_low: diff(ys[1 + 2 * i][o]),
                effect_high: diff(ys[2 + 2 * i][o]),
            });
        }
    }
    let mut ee: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); no]; k];
    for (first, order) in &steps {
        for (s, &i) in order.iter().enumerate() {
            let (a, b) = (first + s, first + s + 1);
            let dx = unit[b][i] - unit[a][i];
            if dx == 0.0 {
                continue;
            }
            for o in 0..no {
                if let (Some(ya), Some(yb)) = (ys[a][o], ys[b][o]) {
                    ee[i][o].push((yb - ya) / dx);
                }
            }
        }
    }
    let mut morris = Vec::new();
    if cfg.trajectories > 0 {
        for (i, per) in ee.iter().enumerate() {
            for (o, e) in per.iter().enumerate() {
                let m = e.len();
                let mean = |f: &dyn Fn(f64) -> f64| {
                    (m > 0).then(|| e.iter().map(|&x| f(x)).sum::<f64>() / m as f64)
                };
                let mu = mean(&|x| x);
                let sigma = mu.filter(|_| m > 1).map(|mu| {
                    (e.iter().map(|x| (x - mu) * (x - mu)).sum::<f64>() / (m - 1) as f64).sqrt()
                });
                morris.push(Morris {
                    parameter: i,
                    output: o,
                    mu,
                    mu_star: mean(&|x: f64| x.abs()),
                    sigma,
                    n: m,
                });
            }
        }
    }
    let parameters = params;
    let mut res = Sensitivity {
        scenario: base,
        outputs: names,
        units,
        parameters,
        ends,
        oat,
        morris,
        design: (cfg.trajectories, cfg.levels, delta, morris_seed),
        runs: cfg.runs,
        seed,
        points: n,
        command: command(cfg, seed, morris_seed),
        files: Vec::new(),
    };
    if let Some(out) = &cfg.out {
        let st = Staging::new(out, cfg.force)?;
        let json = to_json(&res);
        st.write("sensitivity.json", export::json::to_text(&json).as_bytes())?;
        st.write("sensitivity.csv", &to_csv(&res)?)?;
        res.files = vec!["sensitivity.json".into(), "sensitivity.csv".into()];
        if let Some(opts) = &cfg.charts {
            let figs = crate::chart::figures::sensitivity_figures(&json, opts)
                .map_err(|e| Error::Output(format!("cannot draw the tornado charts: {e}")))?;
            let n = crate::chart::figures::write_figures(&figs, |name, bytes| {
                st.write(&format!("charts/{name}"), bytes)
            })?;
            res.files.push(format!("charts/ ({n} figures)"));
        }
        st.commit()?;
    }
    Ok(res)
}

/// Parameters ranked for one output: by Morris μ* when available, else by the tornado swing.
pub fn ranking(r: &Sensitivity, output: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..r.parameters.len()).collect();
    let key = |i: usize| -> f64 {
        r.morris
            .iter()
            .find(|m| m.parameter == i && m.output == output)
            .and_then(|m| m.mu_star)
            .unwrap_or_else(|| {
                r.oat
                    .iter()
                    .find(|x| x.parameter == i && x.output == output)
                    .map_or(0.0, Oat::swing)
            })
    };
    idx.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
    idx
}

/// `sensitivity.json` (contract in `docs/analysis.md`; the document is defined in
/// [`crate::outcome::doc::sensitivity`]).
pub fn to_json(r: &Sensitivity) -> SensitivityDoc {
    use crate::outcome::doc::sensitivity::*;
    let fin = |v: Option<f64>| v.filter(|x| x.is_finite());
    let (traj, levels, delta, mseed) = r.design;
    SensitivityDoc {
        format: "armistice-sensitivity-1".into(),
        command: r.command.clone(),
        armistice_version: env!("CARGO_PKG_VERSION").into(),
        scenario: r.scenario.id.clone(),
        title: r.scenario.title.clone(),
        runs: r.runs,
        seed: r.seed,
        design_points: r.points,
        outputs: r
            .outputs
            .iter()
            .zip(&r.units)
            .map(|(n, u)| OutputDoc {
                name: n.clone(),
                unit: u.to_string(),
            })
            .collect(),
        parameters: r
            .parameters
            .iter()
            .zip(&r.ends)
            .map(|(p, (lo, hi))| ParameterDoc {
                path: p.path.clone(),
                label: p.label.clone(),
                low: p.low,
                high: p.high,
                value: fin(p.value),
                low_value: lo.clone(),
                high_value: hi.clone(),
            })
            .collect(),
        oat: r
            .oat
            .iter()
            .map(|x| OatDoc {
                parameter: r.parameters[x.parameter].path.clone(),
                output: r.outputs[x.output].clone(),
                unit: r.units[x.output].to_string(),
                base: fin(x.base),
                low_value: r.ends[x.parameter].0.clone(),
                high_value: r.ends[x.parameter].1.clone(),
                effect_low: fin(x.effect_low),
                effect_high: fin(x.effect_high),
                swing: x.swing(),
            })
            .collect(),
        morris: MorrisDoc {
            method: "Morris elementary effects, mu* screening".into(),
            reference: "Morris (1991) Technometrics 33(2):161-174; Campolongo, Cariboni & Saltelli (2007) Environ. Model. Softw. 22(10):1509-1518".into(),
            trajectories: traj,
            levels,
            delta,
            seed: mseed,
            results: r
                .morris
                .iter()
                .map(|m| MorrisResultDoc {
                    parameter: r.parameters[m.parameter].path.clone(),
                    output: r.outputs[m.output].clone(),
                    unit: r.units[m.output].to_string(),
                    mu: fin(m.mu),
                    mu_star: fin(m.mu_star),
                    sigma: fin(m.sigma),
                    effects: m.n,
                })
                .collect(),
        },
        ranking: (0..r.outputs.len())
            .map(|o| {
                let order = ranking(r, o)
                    .iter()
                    .map(|&i| r.parameters[i].path.clone())
                    .collect();
                (r.outputs[o].clone(), order)
            })
            .collect(),
    }
}

/// `sensitivity.csv`: one row per (parameter, output).
pub fn to_csv(r: &Sensitivity) -> Result<Vec<u8>> {
    let err = |e: csv::Error| Error::Output(format!("cannot write sensitivity.csv: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "parameter",
        "output",
        "unit",
        "low_value",
        "high_value",
        "base",
        "effect_low",
        "effect_high",
        "swing",
        "mu",
        "mu_star",
        "sigma",
    ])
    .map_err(err)?;
    let f = |v: Option<f64>| v.map(export::csv::num).unwrap_or_default();
    for x in &r.oat {
        let m = r
            .morris
            .iter()
            .find(|m| m.parameter == x.parameter && m.output == x.output);
        w.write_record([
            r.parameters[x.parameter].path.clone(),
            r.outputs[x.output].clone(),
            r.units[x.output].to_string(),
            r.ends[x.parameter].0.clone(),
            r.ends[x.parameter].1.clone(),
            f(x.base),
            f(x.effect_low),
            f(x.effect_high),
            export::csv::num(x.swing()),
            f(m.and_then(|m| m.mu)),
            f(m.and_then(|m| m.mu_star)),
            f(m.and_then(|m| m.sigma)),
        ])
        .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| Error::Output(format!("cannot write sensitivity.csv: {}", e.error())))
}

/// The text printed by `armistice sensitivity`.
pub fn to_text(r: &Sensitivity) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let (traj, levels, _, mseed) = r.design;
    let _ = writeln!(
        o,
        "{} — {} parameters, {} design points × {} runs, seed {} (common random numbers)",
        r.scenario.title,
        r.parameters.len(),
        r.points,
        r.runs,
        r.seed
    );
    let _ = writeln!(
        o,
        "one-at-a-time: each parameter at low / high, others as in the scenario; Morris: {traj} trajectories, {levels} levels, seed {mseed} (μ* per full range)"
    );
    let w = r
        .parameters
        .iter()
        .map(|p| p.path.len())
        .max()
        .unwrap_or(10)
        .clamp(10, 40);
    let fmt = |v: Option<f64>, unit: &str| match v {
        Some(x) if unit == "share" => format!("{:+.1} pts", x * 100.0),
        Some(x) if unit == "days" || unit == "turns" => format!("{x:+.0}"),
        Some(x) => format!("{x:+.3}"),
        None => "—".into(),
    };
    for (oi, name) in r.outputs.iter().enumerate() {
        let unit = r.units[oi];
        let base = r.oat.iter().find(|x| x.output == oi).and_then(|x| x.base);
        let base_text = match (base, unit) {
            (Some(b), "days") => super::day_text(&r.scenario, b),
            (Some(b), "share") => format!("{:.1}%", b * 100.0),
            (Some(b), _) => format!("{b}"),
            (None, _) => "—".into(),
        };
        let _ = writeln!(o, "\n{name} (base {base_text}; effects in {unit})");
        let _ = writeln!(
            o,
            "  {:<w$} {:>22}  {:>10} {:>10}  {:>10} {:>10}",
            "parameter", "low .. high", "at low", "at high", "μ*", "σ"
        );
        for i in ranking(r, oi) {
            let x = r.oat.iter().find(|x| x.parameter == i && x.output == oi);
            let m = r.morris.iter().find(|m| m.parameter == i && m.output == oi);
            let mstar = |v: Option<f64>| match v {
                Some(x) if unit == "share" => format!("{:.1} pts", x * 100.0),
                Some(x) if unit == "days" || unit == "turns" => format!("{x:.0}"),
                Some(x) => format!("{x:.3}"),
                None => "—".into(),
            };
            let _ = writeln!(
                o,
                "  {:<w$} {:>22}  {:>10} {:>10}  {:>10} {:>10}",
                r.parameters[i].path,
                format!("{} .. {}", r.ends[i].0, r.ends[i].1),
                fmt(x.and_then(|x| x.effect_low), unit),
                fmt(x.and_then(|x| x.effect_high), unit),
                mstar(m.and_then(|m| m.mu_star)),
                mstar(m.and_then(|m| m.sigma)),
            );
        }
    }
    let _ = writeln!(o, "\nReproduce: {}", r.command);
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trajectories_move_one_factor_by_delta_and_stay_in_the_cube() {
        let mut rng = SimRng::seed_from_u64(1);
        for _ in 0..50 {
            let (pts, order) = trajectory(&mut rng, 3, 4);
            assert_eq!(pts.len(), 4);
            let mut sorted = order.clone();
            sorted.sort();
            assert_eq!(sorted, vec![0, 1, 2]);
            for (s, &i) in order.iter().enumerate() {
                for (j, (after, before)) in pts[s + 1].iter().zip(&pts[s]).enumerate() {
                    let d = after - before;
                    if j == i {
                        assert!((d.abs() - 2.0 / 3.0).abs() < 1e-12);
                    } else {
                        assert_eq!(d, 0.0);
                    }
                }
            }
            assert!(
                pts.iter()
                    .flatten()
                    .all(|&x| (-1e-12..=1.0 + 1e-12).contains(&x))
            );
        }
    }
}
