//! `sweep`: a scenario over a grid (full factorial) or a Latin hypercube of parameter values,
//! BehaviorSpace-style, resumable.
//!
//! Every point plays runs `0..N` under the same master seed, so points are compared under common
//! random numbers too. Each finished point is written as two files under `points/` (its runs, then
//! its summary row, each by temporary file + rename; the summary is the completion mark), so a crash
//! never leaves half a point, and re-running the same sweep skips the points already done. The tidy
//! `runs.csv`, `points.csv` and `points_summary.csv` are rebuilt from them at the end. Latin
//! hypercube sampling: McKay, Beckman & Conover (1979), Technometrics 21(2), 239–245.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::compare::{shell_word, split_top_level};
use super::{Kind, columns, dist, simulate};
use crate::engine::Model;
use crate::error::{Error, Result};
use crate::export::{self, MARKER, write_atomic};
use crate::rng::{SimRng, site_hash};
use crate::scenario::{Override, Scenario};

/// Runs per point when none are given.
pub const DEFAULT_RUNS: u64 = 100;
/// Most points one sweep accepts.
pub const MAX_POINTS: u64 = 1_000_000;

/// What one `--vary` explores.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Values {
    /// `a..b:steps`: `steps` evenly spaced numbers from a to b (integers if a and b are).
    Range {
        /// a.
        low: f64,
        /// b.
        high: f64,
        /// Number of grid points (ignored by Latin hypercubes).
        steps: u32,
        /// Whether a and b were written as integers.
        integer: bool,
    },
    /// `v1,v2,…`: TOML values.
    List(Vec<String>),
}

/// One `--vary PATH=…`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vary {
    /// The `--set` path.
    pub path: String,
    /// Its values.
    pub values: Values,
    /// As typed.
    pub arg: String,
}

fn is_int(s: &str) -> bool {
    s.trim().parse::<i64>().is_ok()
}

/// Parses `PATH=a..b:steps`, `PATH=a..b` (Latin hypercube) or `PATH=v1,v2,…`.
pub fn parse_vary(s: &str) -> Result<Vary> {
    let bad = |why: String| {
        Error::Usage(format!(
            "--vary `{s}`: {why}; write PATH=LOW..HIGH:STEPS (e.g. actor.North.discount=0.95..0.99:5) or PATH=V1,V2,... (e.g. event.x.date=1952-01-01,1953-01-01)"
        ))
    };
    let (path, spec) = s.split_once('=').ok_or_else(|| bad("no `=`".into()))?;
    let path = path.trim();
    if path.is_empty() || path.split('.').any(|p| p.trim().is_empty()) {
        return Err(bad(format!("the path `{path}` has an empty part")));
    }
    let spec = spec.trim();
    let values = if let Some((lo, rest)) = spec.split_once("..") {
        let (hi, steps) = match rest.split_once(':') {
            Some((h, st)) => {
                let n: u32 = st
                    .trim()
                    .parse()
                    .map_err(|_| bad(format!("`{st}` is not a number of steps")))?;
                if n == 0 {
                    return Err(bad("steps must be at least 1".into()));
                }
                (h, n)
            }
            None => (rest, 0),
        };
        let num = |t: &str| -> Result<f64> {
            t.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| bad(format!("`{t}` is not a number")))
        };
        let (low, high) = (num(lo)?, num(hi)?);
        if low > high {
            return Err(bad(format!("{low} is above {high}")));
        }
        Values::Range {
            low,
            high,
            steps,
            integer: is_int(lo) && is_int(hi),
        }
    } else {
        let list = split_top_level(spec);
        if list.is_empty() {
            return Err(bad("no values".into()));
        }
        Values::List(list)
    };
    Ok(Vary {
        path: path.to_string(),
        values,
        arg: format!("{path}={spec}"),
    })
}

fn clean(x: f64) -> f64 {
    // Grid arithmetic leaves 0.30000000000000004; 12 significant decimals are plenty for a parameter.
    if x == 0.0 {
        0.0
    } else {
        let mag = crate::math::powi(10.0, 12 - crate::math::log10(x.abs()).ceil() as i32);
        (x * mag).round() / mag
    }
}

fn range_value(low: f64, high: f64, u: f64, integer: bool) -> String {
    super::toml_number(clean(low + u * (high - low)), integer)
}

/// The points of a sweep: per point, one TOML value text per `--vary`.
pub fn points(vary: &[Vary], lhs: Option<(u32, u64)>) -> Result<Vec<Vec<String>>> {
    match lhs {
        None => {
            let mut axes: Vec<Vec<String>> = Vec::new();
            let mut total: u64 = 1;
            for v in vary {
                let axis = match &v.values {
                    Values::Range {
                        low,
                        high,
                        steps,
                        integer,
                    } => {
                        if *steps == 0 {
                            return Err(Error::Usage(format!(
                                "--vary {}: a grid needs a number of steps (LOW..HIGH:STEPS), or use --lhs N",
                                v.arg
                            )));
                        }
                        let n = *steps;
                        let mut axis: Vec<String> = (0..n)
                            .map(|k| {
                                let u = if n == 1 {
                                    0.0
                                } else {
                                    k as f64 / (n - 1) as f64
                                };
                                range_value(*low, *high, u, *integer)
                            })
                            .collect();
                        axis.dedup();
                        axis
                    }
                    Values::List(l) => l.clone(),
                };
                total = total.saturating_mul(axis.len() as u64);
                axes.push(axis);
            }
            if total > MAX_POINTS {
                return Err(Error::Limit(format!(
                    "the grid has {total} points, more than {MAX_POINTS}; use fewer steps or --lhs N"
                )));
            }
            // Row-major: the first --vary changes slowest.
            let mut pts = vec![Vec::new()];
            for axis in &axes {
                pts = pts
                    .into_iter()
                    .flat_map(|p| {
                        axis.iter().map(move |v| {
                            let mut q = p.clone();
                            q.push(v.clone());
                            q
                        })
                    })
                    .collect();
            }
            Ok(pts)
        }
        Some((n, seed)) => {
            if n == 0 || n as u64 > MAX_POINTS {
                return Err(Error::Usage(format!(
                    "--lhs {n} is out of range: use 1 to {MAX_POINTS}"
                )));
            }
            let n = n as usize;
            let mut pts = vec![Vec::with_capacity(vary.len()); n];
            for (j, v) in vary.iter().enumerate() {
                // One stratum per point on each axis, in a random order (McKay et al. 1979), and a
                // uniform position inside the stratum.
                let mut rng = SimRng::seed_from_u64(seed);
                rng.set_stream(site_hash(&format!("lhs:{}", v.path)) ^ j as u64);
                let mut perm: Vec<usize> = (0..n).collect();
                for i in (1..n).rev() {
                    let k = rng.random_range(0..=i);
                    perm.swap(i, k);
                }
                for (i, p) in pts.iter_mut().enumerate() {
                    let u = (perm[i] as f64 + rng.random::<f64>()) / n as f64;
                    p.push(match &v.values {
                        Values::Range {
                            low, high, integer, ..
                        } => range_value(*low, *high, u, *integer),
                        Values::List(l) => {
                            l[((u * l.len() as f64) as usize).min(l.len() - 1)].clone()
                        }
                    });
                }
            }
            Ok(pts)
        }
    }
}

/// Everything `armistice sweep` needs.
#[derive(Clone, Debug, Default)]
pub struct SweepConfig {
    /// Scenario path or embedded name.
    pub scenario: String,
    /// Overrides applied at every point.
    pub overrides: Vec<Override>,
    /// What to vary.
    pub vary: Vec<Vary>,
    /// Latin hypercube of this many points instead of the full grid.
    pub lhs: Option<u32>,
    /// Seed of the Latin hypercube (derived from the master seed if `None`).
    pub lhs_seed: Option<u64>,
    /// Runs per point.
    pub runs: u64,
    /// Master seed (the scenario's if `None`).
    pub seed: Option<u64>,
    /// Output directory (default `armistice-out/<id>-sweep`).
    pub out: Option<PathBuf>,
    /// Worker threads.
    pub threads: Option<usize>,
    /// Start over in a directory holding another sweep, or not written by armistice.
    pub force: bool,
}

/// The identity of a sweep, kept in `manifest.json`: a re-run resumes only if it matches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format marker.
    pub format: String,
    /// Scenario spec.
    pub scenario: String,
    /// Overrides at every point.
    pub overrides: Vec<String>,
    /// `--vary` as typed.
    pub vary: Vec<String>,
    /// Latin hypercube size and seed.
    pub lhs: Option<(u32, u64)>,
    /// Runs per point.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// The command.
    pub command: String,
    /// The points (TOML value texts, one per `--vary`).
    pub points: Vec<Vec<String>>,
}

/// What `sweep` did.
pub struct SweepReport {
    /// Where.
    pub out: PathBuf,
    /// Points in the sweep.
    pub points: usize,
    /// Points found complete and skipped.
    pub skipped: usize,
    /// Points simulated now.
    pub simulated: usize,
    /// The command that reproduces it.
    pub command: String,
    /// The scenario id.
    pub scenario: String,
}

/// The command that reproduces a sweep.
pub fn command(cfg: &SweepConfig, seed: u64, lhs: Option<(u32, u64)>) -> String {
    let mut w = vec![
        "armistice".to_string(),
        "sweep".into(),
        shell_word(&cfg.scenario),
    ];
    for v in &cfg.vary {
        w.push("--vary".into());
        w.push(shell_word(&v.arg));
    }
    if let Some((n, s)) = lhs {
        w.push(format!("--lhs {n} --lhs-seed {s}"));
    }
    for o in &cfg.overrides {
        w.push("--set".into());
        w.push(shell_word(&o.to_arg()));
    }
    w.push(format!("--runs {} --seed {seed}", cfg.runs));
    w.join(" ")
}

fn point_file(out: &Path, p: usize, ext: &str) -> PathBuf {
    out.join("points").join(format!("p{p:06}.{ext}"))
}

fn csv_line(cells: &[String]) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(cells)
        .map_err(|e| Error::Output(format!("cannot write CSV: {e}")))?;
    w.into_inner()
        .map_err(|e| Error::Output(format!("cannot write CSV: {}", e.error())))
}

/// The per-point summary header (after `point` and the parameters) and values.
fn summary_cells(s: &Scenario, runs: &[crate::outcome::RunOutcome]) -> (Vec<String>, Vec<String>) {
    let mut h = vec!["runs".to_string()];
    let mut v = vec![runs.len().to_string()];
    for c in columns(s, runs) {
        let d = dist(&c.values);
        let opt = |x: Option<f64>| x.map(export::csv::num).unwrap_or_default();
        match c.kind {
            Kind::Date => {
                h.push(format!("{}.share", c.name));
                v.push(export::csv::num(d.share));
                h.push(format!("{}.median", c.name));
                v.push(
                    d.median
                        .map(|m| {
                            super::day_text(s, m)
                                .trim_start_matches("turn ")
                                .to_string()
                        })
                        .unwrap_or_default(),
                );
            }
            Kind::Share => {
                h.push(format!("{}.share", c.name));
                v.push(opt(d.mean));
            }
            Kind::Mean => {
                h.push(format!("{}.mean", c.name));
                v.push(opt(d.mean));
            }
            Kind::Median => {
                h.push(format!("{}.median", c.name));
                v.push(opt(d.median));
            }
        }
    }
    (h, v)
}

/// Runs (or resumes) a sweep.
pub fn sweep(
    cfg: &SweepConfig,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<SweepReport> {
    if cfg.vary.is_empty() {
        return Err(Error::Usage(
            "sweep needs at least one --vary PATH=LOW..HIGH:STEPS or PATH=V1,V2,...".into(),
        ));
    }
    if cfg.runs == 0 || cfg.runs > crate::app::MAX_RUNS {
        return Err(Error::Usage(format!("--runs {} is out of range", cfg.runs)));
    }
    let base = Scenario::load(&cfg.scenario, &cfg.overrides)?;
    let seed = cfg.seed.unwrap_or(base.default_seed);
    let lhs = cfg.lhs.map(|n| {
        (
            n,
            cfg.lhs_seed
                .unwrap_or_else(|| site_hash(&format!("lhs:{seed}"))),
        )
    });
    let pts = points(&cfg.vary, lhs)?;
    let overrides_at = |p: &[String]| -> Vec<Override> {
        cfg.overrides
            .iter()
            .cloned()
            .chain(cfg.vary.iter().zip(p).map(|(v, x)| Override {
                path: v.path.clone(),
                value: x.clone(),
            }))
            .collect()
    };
    // Check every point's scenario loads before simulating anything: a bad path or value fails now.
    for p in &pts {
        Scenario::load(&cfg.scenario, &overrides_at(p))?;
    }
    let out = cfg
        .out
        .clone()
        .unwrap_or_else(|| Path::new("armistice-out").join(format!("{}-sweep", base.id)));
    let manifest = Manifest {
        format: "armistice-sweep-1".into(),
        scenario: cfg.scenario.clone(),
        overrides: cfg.overrides.iter().map(Override::to_arg).collect(),
        vary: cfg.vary.iter().map(|v| v.arg.clone()).collect(),
        lhs,
        runs: cfg.runs,
        seed,
        command: command(cfg, seed, lhs),
        points: pts.clone(),
    };
    let mpath = out.join("manifest.json");
    let mut fresh = true;
    if out.exists() {
        if !out.is_dir() {
            return Err(Error::Usage(format!(
                "output path `{}` exists and is not a directory",
                out.display()
            )));
        }
        let old: Option<Manifest> = std::fs::read_to_string(&mpath)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok());
        let ours = out.join(MARKER).exists();
        let empty = std::fs::read_dir(&out)
            .map_err(|e| Error::io(format!("cannot read `{}`", out.display()), e))?
            .next()
            .is_none();
        match old {
            Some(m) if m == manifest => fresh = false,
            Some(_) if !cfg.force => {
                return Err(Error::Usage(format!(
                    "`{}` holds a different sweep (scenario, --vary, --set, --lhs, --runs or --seed differ); choose another --out, or add --force to start over",
                    out.display()
                )));
            }
            None if !ours && !empty && !cfg.force => {
                return Err(Error::Usage(format!(
                    "output directory `{}` exists and was not written by armistice; refusing to mix results (use --force, or choose another --out)",
                    out.display()
                )));
            }
            _ => {}
        }
        if fresh {
            std::fs::remove_dir_all(&out)
                .map_err(|e| Error::io(format!("cannot clear `{}`", out.display()), e))?;
        }
    }
    if fresh {
        std::fs::create_dir_all(out.join("points"))
            .map_err(|e| Error::io(format!("cannot create `{}`", out.display()), e))?;
        write_atomic(
            &out.join(MARKER),
            b"written by armistice; this directory may be replaced by it\n",
        )?;
        let text = serde_json::to_string_pretty(&manifest)
            .map_err(|e| Error::Output(format!("cannot encode manifest.json: {e}")))?;
        write_atomic(&mpath, text.as_bytes())?;
    }
    let todo: Vec<usize> = (0..pts.len())
        .filter(|&p| !point_file(&out, p, "json").exists())
        .collect();
    let skipped = pts.len() - todo.len();
    let header = export::csv::header(&base);
    let mut summary_header: Option<Vec<String>> = None;
    super::with_threads(cfg.threads, || -> Result<()> {
        for (k, &p) in todo.iter().enumerate() {
            progress(skipped + k, pts.len());
            let s = Scenario::load(&cfg.scenario, &overrides_at(&pts[p]))?;
            let model = Model::new(s);
            let runs = simulate(&model, seed, cfg.runs, cancel)?;
            let s = &model.scenario;
            if export::csv::header(s) != header {
                return Err(Error::Usage(format!(
                    "point {p} changes the scenario's outcomes (its runs.csv columns differ); sweep values only, not structure"
                )));
            }
            let mut rows = Vec::new();
            for o in &runs {
                let mut cells = vec![p.to_string()];
                cells.extend(export::csv::row(s, o));
                rows.extend(csv_line(&cells)?);
            }
            write_atomic(&point_file(&out, p, "csv"), &rows)?;
            let (h, v) = summary_cells(s, &runs);
            summary_header.get_or_insert(h);
            let text = serde_json::to_string(&v)
                .map_err(|e| Error::Output(format!("cannot encode point {p}: {e}")))?;
            // Written last: its presence marks the point complete.
            write_atomic(&point_file(&out, p, "json"), text.as_bytes())?;
        }
        progress(pts.len(), pts.len());
        Ok(())
    })??;
    // Rebuild the tidy tables from the per-point files, in point order.
    let paths: Vec<String> = cfg.vary.iter().map(|v| v.path.clone()).collect();
    let mut points_csv = csv_line(
        &std::iter::once("point".to_string())
            .chain(paths.iter().cloned())
            .collect::<Vec<_>>(),
    )?;
    let mut runs_csv = csv_line(
        &std::iter::once("point".to_string())
            .chain(header.iter().cloned())
            .collect::<Vec<_>>(),
    )?;
    let sh = match summary_header {
        Some(h) => h,
        None => summary_cells(&base, &[]).0,
    };
    let mut summary_csv = csv_line(
        &std::iter::once("point".to_string())
            .chain(paths.iter().cloned())
            .chain(sh)
            .collect::<Vec<_>>(),
    )?;
    for (p, values) in pts.iter().enumerate() {
        let row: Vec<String> = std::iter::once(p.to_string())
            .chain(values.iter().cloned())
            .collect();
        points_csv.extend(csv_line(&row)?);
        let f = point_file(&out, p, "csv");
        runs_csv.extend(
            std::fs::read(&f)
                .map_err(|e| Error::io(format!("cannot read `{}`", f.display()), e))?,
        );
        let f = point_file(&out, p, "json");
        let cells: Vec<String> = std::fs::read_to_string(&f)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .ok_or_else(|| {
                Error::Output(format!(
                    "`{}` is damaged; delete it to redo the point",
                    f.display()
                ))
            })?;
        summary_csv.extend(csv_line(&row.into_iter().chain(cells).collect::<Vec<_>>())?);
    }
    write_atomic(&out.join("points.csv"), &points_csv)?;
    write_atomic(&out.join("runs.csv"), &runs_csv)?;
    write_atomic(&out.join("points_summary.csv"), &summary_csv)?;
    Ok(SweepReport {
        out,
        points: pts.len(),
        skipped,
        simulated: todo.len(),
        command: manifest.command,
        scenario: base.id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vary_parses_ranges_and_lists() {
        let v = parse_vary("actor.a.discount=0.9..0.99:4").unwrap();
        assert_eq!(
            v.values,
            Values::Range {
                low: 0.9,
                high: 0.99,
                steps: 4,
                integer: false
            }
        );
        let v = parse_vary("event.e.turn=10..20:3").unwrap();
        assert!(matches!(v.values, Values::Range { integer: true, .. }));
        let v = parse_vary("event.e.date=1952-01-01,1953-01-01").unwrap();
        assert_eq!(
            v.values,
            Values::List(vec!["1952-01-01".into(), "1953-01-01".into()])
        );
        assert!(parse_vary("x=2..1:3").is_err());
        assert!(parse_vary("x=1..2:0").is_err());
        assert!(parse_vary("nothing").is_err());
    }

    #[test]
    fn grids_are_row_major_with_clean_numbers() {
        let v = vec![
            parse_vary("a=0..2:3").unwrap(),
            parse_vary("b=0.1..0.3:3").unwrap(),
        ];
        let p = points(&v, None).unwrap();
        assert_eq!(p.len(), 9);
        assert_eq!(p[0], vec!["0", "0.1"]);
        assert_eq!(p[1], vec!["0", "0.2"]);
        assert_eq!(p[8], vec!["2", "0.3"]);
    }

    #[test]
    fn latin_hypercube_puts_one_point_in_each_stratum() {
        let v = vec![
            parse_vary("a=0.0..1.0").unwrap(),
            parse_vary("b=0.0..10.0").unwrap(),
        ];
        let p = points(&v, Some((20, 5))).unwrap();
        assert_eq!(p, points(&v, Some((20, 5))).unwrap());
        for (j, scale) in [(0, 1.0), (1, 10.0)] {
            let mut strata: Vec<usize> = p
                .iter()
                .map(|x| (x[j].parse::<f64>().unwrap() / scale * 20.0) as usize)
                .collect();
            strata.sort();
            assert_eq!(strata, (0..20).collect::<Vec<_>>());
        }
    }
}
