//! `sweep`: the points of a grid (full factorial) or a Latin hypercube of parameter values,
//! BehaviorSpace-style, and the summary row of each point. The sweep itself (resumable point files,
//! the tidy tables) is the command's: `crate::commands::sweep`; the results table printed after a
//! sweep is [`text`].
//!
//! Every point plays runs `0..N` under the same master seed, so points are compared under common
//! random numbers too. Latin hypercube sampling: McKay, Beckman & Conover (1979), Technometrics
//! 21(2), 239–245.

pub mod text;

use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::compare::split_top_level;
use super::{Kind, columns, dist};
use crate::batch::{MAX_RUNS, Runs};
use crate::error::{Error, Result};
use crate::export;
use crate::rng::{SimRng, site_hash};
use crate::scenario::Scenario;

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

/// How many points a grid has: the product of its axes' lengths (before equal neighbours that rounding
/// makes are merged), computed without building it.
fn grid_size(vary: &[Vary]) -> Result<(u64, String)> {
    let mut lens = Vec::with_capacity(vary.len());
    for v in vary {
        lens.push(match &v.values {
            Values::Range { steps: 0, .. } => {
                return Err(Error::Usage(format!(
                    "--vary {}: a grid needs a number of steps (LOW..HIGH:STEPS), or use --lhs N",
                    v.arg
                )));
            }
            Values::Range { steps, .. } => u64::from(*steps),
            Values::List(l) => l.len() as u64,
        });
    }
    let total = lens.iter().fold(1u64, |a, &n| a.saturating_mul(n));
    let product: Vec<String> = lens.iter().map(u64::to_string).collect();
    Ok((total, format!("the grid ({})", product.join(" × "))))
}

/// How many points the sweep has — the product of the axes' lengths, or the Latin hypercube's size —
/// checked against [`MAX_POINTS`] and, with `runs` per point, against [`MAX_RUNS`], before any point
/// is built: an absurd `--vary x=0..1:4294967295` is refused at once with the numbers, not after
/// gigabytes of grid.
pub fn check_size(vary: &[Vary], lhs: Option<u32>, runs: Option<Runs>) -> Result<u64> {
    let (total, what) = match lhs {
        Some(n) => (u64::from(n), format!("--lhs {n}")),
        None => grid_size(vary)?,
    };
    if total == 0 || total > MAX_POINTS {
        return Err(Error::Limit(format!(
            "{what} has {total} points; a sweep takes 1 to {MAX_POINTS}: use fewer steps, fewer values or --lhs N"
        )));
    }
    if let Some(runs) = runs {
        let all = total.saturating_mul(runs.get());
        if all > MAX_RUNS {
            return Err(Error::Limit(format!(
                "{what} has {total} points × {runs} runs = {all} runs, more than {MAX_RUNS}: use fewer points or --runs"
            )));
        }
    }
    Ok(total)
}

/// The points of a sweep: per point, one TOML value text per `--vary`. The size is checked first
/// ([`check_size`]).
pub fn points(vary: &[Vary], lhs: Option<(u32, u64)>) -> Result<Vec<Vec<String>>> {
    check_size(vary, lhs.map(|l| l.0), None)?;
    Ok(match lhs {
        None => grid(vary),
        Some((n, seed)) => hypercube(vary, n as usize, seed),
    })
}

/// The full factorial, row-major: the first `--vary` changes slowest.
fn grid(vary: &[Vary]) -> Vec<Vec<String>> {
    let axes: Vec<Vec<String>> = vary
        .iter()
        .map(|v| match &v.values {
            Values::Range {
                low,
                high,
                steps,
                integer,
            } => {
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
        })
        .collect();
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
    pts
}

/// A Latin hypercube of `n` points: one stratum per point on each axis, in a random order (McKay et
/// al. 1979), and a uniform position inside the stratum.
fn hypercube(vary: &[Vary], n: usize, seed: u64) -> Vec<Vec<String>> {
    let mut pts = vec![Vec::with_capacity(vary.len()); n];
    for (j, v) in vary.iter().enumerate() {
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
                Values::List(l) => l[((u * l.len() as f64) as usize).min(l.len() - 1)].clone(),
            });
        }
    }
    pts
}

/// The per-point summary header (after `point` and the parameters) and values.
pub fn summary_cells(
    s: &Scenario,
    runs: &[crate::outcome::RunOutcome],
) -> (Vec<String>, Vec<String>) {
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
    fn an_absurd_grid_is_refused_before_it_is_built() {
        // 4294967295 steps would take ~100 GB as strings; the refusal must come at once.
        let v = vec![parse_vary("a=0.98..0.999:4294967295").unwrap()];
        let e = points(&v, None).unwrap_err().to_string();
        assert!(e.contains("4294967295 points"), "{e}");
        let v = vec![
            parse_vary("a=0..1:1000").unwrap(),
            parse_vary("b=0..1:1000").unwrap(),
            parse_vary("c=1,2").unwrap(),
        ];
        let e = check_size(&v, None, None).unwrap_err().to_string();
        assert!(e.contains("(1000 × 1000 × 2) has 2000000 points"), "{e}");
        let v = vec![parse_vary("a=0..1:1000").unwrap()];
        let e = check_size(&v, None, Some(Runs::new(100_000_000).unwrap()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("100000000000 runs"), "{e}");
        assert_eq!(
            check_size(&v, Some(50), Some(Runs::new(10).unwrap())).unwrap(),
            50
        );
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
