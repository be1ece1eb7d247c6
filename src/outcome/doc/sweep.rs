//! `sweep.json`: a scenario over a grid or Latin hypercube of parameter values — per point, each
//! agreement's share of runs reached and its median date, with intervals, so the outcome can be read
//! against each varied parameter. Built point by point by [`SweepPointDoc::new`] while the sweep
//! runs; the sweep's results table and charts are drawn from it. Keys and meanings:
//! `docs/analysis.md`.

use serde::{Deserialize, Serialize};

use super::{ClockDoc, IndexMap, TimeValue};
use crate::outcome::RunOutcome;
use crate::outcome::summary::TurnHist;
use crate::scenario::Scenario;

/// Normal quantile of the two-sided 95 % level.
const Z95: f64 = 1.959_963_984_540_054;

/// `sweep.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepDoc {
    /// Format marker, `armistice-sweep-1`.
    pub format: String,
    /// The command that reproduces the sweep.
    pub command: String,
    /// Version of the binary that wrote the file.
    pub armistice_version: String,
    /// Scenario id.
    pub scenario: String,
    /// Scenario title.
    pub title: String,
    /// Runs per point.
    pub runs: u64,
    /// Master seed (every point plays runs `0..runs` under it).
    pub seed: u64,
    /// The scenario's clock.
    pub clock: ClockDoc,
    /// Confidence level of every interval (0.95).
    pub confidence: f64,
    /// The varied `--set` paths, in `--vary` order.
    pub parameters: Vec<String>,
    /// The points, in point order.
    pub points: Vec<SweepPointDoc>,
}

/// One point of a sweep and what its runs gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepPointDoc {
    /// Point index.
    pub point: usize,
    /// The value of each varied parameter (TOML text), in `--vary` order.
    pub values: Vec<String>,
    /// Per agreement id, in declaration order.
    pub agreements: IndexMap<String, SweepOutcomeDoc>,
}

/// An agreement at one point of a sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepOutcomeDoc {
    /// Share of the runs that reached it.
    pub share: f64,
    /// Wilson score interval of the share (Wilson 1927).
    pub share_ci: (f64, f64),
    /// Median date over all runs, a run that never reached it counting as after the horizon: null
    /// when fewer than half the runs reached it (the median is censored).
    pub median: Option<TimeValue>,
    /// Distribution-free interval of that median from order statistics (Conover 1999, §3.2):
    /// its ends, each null when it falls after the horizon.
    pub median_ci: (Option<TimeValue>, Option<TimeValue>),
}

/// The Wilson score interval for `k` successes in `n` trials at the 95 % level (Wilson, E. B.
/// (1927). Probable inference, the law of succession, and statistical inference. *JASA* 22(158),
/// 209–212).
pub fn wilson(k: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n = n as f64;
    let p = k as f64 / n;
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// 1-based ranks `(j, k)` of the order statistics bracketing the median of `n` values at about 95 %
/// (normal approximation to the binomial; Conover, W. J. (1999). *Practical Nonparametric
/// Statistics*, 3rd ed., Wiley, §3.2), clamped to `1..=n`.
pub fn median_ranks(n: u64) -> (u64, u64) {
    if n == 0 {
        return (1, 1);
    }
    let nf = n as f64;
    let half = Z95 * nf.sqrt() / 2.0;
    let j = (nf / 2.0 - half).floor().max(1.0) as u64;
    let k = (nf / 2.0 + half).ceil() as u64 + 1;
    (j.min(n), k.clamp(1, n))
}

impl SweepOutcomeDoc {
    /// The statistics of one agreement over a point's `runs` runs, from its histogram of turns
    /// reached.
    pub fn new(s: &Scenario, h: &TurnHist, runs: u64) -> SweepOutcomeDoc {
        let at = |rank: u64| h.rank(rank).map(|t| TimeValue::of_turn(&s.clock, t));
        let (j, k) = median_ranks(runs);
        SweepOutcomeDoc {
            share: if runs == 0 {
                0.0
            } else {
                h.total() as f64 / runs as f64
            },
            share_ci: wilson(h.total(), runs),
            median: h
                .censored_quantile(0.5, runs)
                .map(|t| TimeValue::of_turn(&s.clock, t)),
            median_ci: (at(j), at(k)),
        }
    }
}

impl SweepPointDoc {
    /// What the runs of one point gave.
    pub fn new(s: &Scenario, point: usize, values: Vec<String>, runs: &[RunOutcome]) -> Self {
        let n = runs.len() as u64;
        let agreements = s
            .agreements
            .iter()
            .enumerate()
            .map(|(g, a)| {
                let mut h = TurnHist::default();
                runs.iter()
                    .filter_map(|o| o.agreements[g])
                    .for_each(|t| h.add(t));
                (a.id.clone(), SweepOutcomeDoc::new(s, &h, n))
            })
            .collect();
        SweepPointDoc {
            point,
            values,
            agreements,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_interval_matches_a_textbook_value_and_stays_in_bounds() {
        // 10 of 100: Wilson 95 % interval 0.0552–0.1744 (Newcombe 1998, table I, method 3).
        let (lo, hi) = wilson(10, 100);
        assert!(
            (lo - 0.0552).abs() < 5e-4 && (hi - 0.1744).abs() < 5e-4,
            "{lo} {hi}"
        );
        assert_eq!(wilson(0, 0), (0.0, 1.0));
        let (lo, hi) = wilson(0, 20);
        assert!(lo == 0.0 && hi > 0.1 && hi < 0.2, "{lo} {hi}");
    }

    #[test]
    fn median_ranks_bracket_the_middle_and_stay_in_range() {
        assert_eq!(median_ranks(1), (1, 1));
        let (j, k) = median_ranks(100);
        assert!(j < 50 && k > 51 && j >= 39 && k <= 62, "{j} {k}");
        let (j, k) = median_ranks(3);
        assert!(j >= 1 && k <= 3);
    }
}
