//! `sweep.json`: a scenario over a grid or Latin hypercube of parameter values — per point, the
//! value of each varied parameter, how the point's runs ended, and per agreement the share of runs
//! that reached it and its date over all runs, each with a 95 % interval, so that the outcome can be
//! read against each varied parameter. Each point's part ([`SweepPointDoc::new`]) is computed from
//! its runs when the point is simulated and kept in the point's record, so a resumed sweep rebuilds
//! the same document; the sweep's results table and charts are drawn from it. Keys and meanings:
//! `docs/analysis.md`.

use serde::{Deserialize, Serialize};

use super::summary::{DateQuantile, DateQuantiles, EndReasons};
use super::{ClockDoc, IndexMap, ObservedDoc, TimeValue};
use crate::outcome::RunOutcome;
use crate::outcome::run::EndReason;
use crate::outcome::summary::TurnHist;
use crate::scenario::Scenario;

/// The format marker of `sweep.json`.
pub const FORMAT: &str = "armistice-sweep-results-1";

/// Confidence level of every interval in the document.
pub const CONFIDENCE: f64 = 0.95;

/// Normal quantile of the two-sided 95 % level.
const Z95: f64 = 1.959_963_984_540_054;

/// `sweep.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepDoc {
    /// Format marker, `armistice-sweep-results-1`.
    pub format: String,
    /// The command that reproduces the sweep.
    pub command: String,
    /// Version of the binary that wrote the file.
    pub armistice_version: String,
    /// Scenario id.
    pub scenario: String,
    /// Scenario title.
    pub title: String,
    /// The `--set` overrides applied at every point, `PATH=VALUE`, in order.
    pub overrides: Vec<String>,
    /// Runs per point.
    pub runs: u64,
    /// Master seed (every point plays runs `0..runs` under it: common random numbers across points).
    pub seed: u64,
    /// The Latin hypercube's size and seed, or null for a full grid.
    pub lhs: Option<(u32, u64)>,
    /// The scenario's clock.
    pub clock: ClockDoc,
    /// Confidence level of every interval (0.95).
    pub confidence: f64,
    /// How the intervals are computed, in words, with their references.
    pub intervals: IntervalsDoc,
    /// The varied parameters, in `--vary` order.
    pub parameters: Vec<SweepParameterDoc>,
    /// Per agreement id, in declaration order: its label.
    pub agreements: IndexMap<String, String>,
    /// The scenario's historical records.
    pub observed: Vec<ObservedDoc>,
    /// The points, in point order.
    pub points: Vec<SweepPointDoc>,
}

/// How the intervals of a sweep are computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IntervalsDoc {
    /// The interval of a share of runs.
    pub share: String,
    /// The interval of a median date.
    pub median: String,
}

/// One varied parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepParameterDoc {
    /// The `--set` path, e.g. `actor.North.discount`.
    pub path: String,
    /// Its label: the scenario's `[[parameter]]` label for that path, else the path.
    pub label: String,
    /// The `--vary` argument as typed, `PATH=LOW..HIGH:STEPS` or `PATH=V1,V2,...`.
    pub vary: String,
}

/// One point of a sweep and what its runs gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepPointDoc {
    /// Point index.
    pub point: usize,
    /// The value of each varied parameter (TOML text), in `--vary` order.
    pub values: Vec<String>,
    /// Runs played at the point.
    pub runs: u64,
    /// The first time past the point's horizon (the sweep's, unless a varied parameter moves the
    /// clock): the time after which a censored median or interval end falls.
    pub horizon: TimeValue,
    /// Counts of the point's runs by why they ended (they sum to `runs`): a run that ended at the
    /// horizon or on a terminal condition is censored for every agreement it had not reached.
    pub end_reasons: EndReasons,
    /// Per agreement id, in declaration order.
    pub agreements: IndexMap<String, SweepOutcomeDoc>,
}

/// An agreement at one point of a sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepOutcomeDoc {
    /// Runs that reached it.
    pub reached: u64,
    /// Share of all runs that reached it (`reached / runs`).
    pub share: f64,
    /// 95 % Wilson score interval of the share (Wilson 1927).
    pub share_ci: (f64, f64),
    /// Its date over **all** runs, a run that never reached it counting as after the horizon: a
    /// quantile that falls among those runs is censored (`at` null, `censored` true), as in
    /// `summary.json`.
    pub date: DateQuantiles,
    /// Distribution-free 95 % interval of the median date over all runs, from order statistics
    /// (Conover 1999, §3.2): its lower and upper end, each null when it falls after the horizon
    /// (the interval is then open above).
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

/// 1-based ranks `(j, k)` of the order statistics that bracket the median of `n` values with at
/// least about 95 % confidence (normal approximation to the binomial; Conover, W. J. (1999).
/// *Practical Nonparametric Statistics*, 3rd ed., Wiley, §3.2; for n = 100: the 40th and 61st, as
/// the exact binomial gives), clamped to `1..=n`.
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

/// How the intervals are computed, as recorded in [`SweepDoc::intervals`].
pub fn intervals() -> IntervalsDoc {
    IntervalsDoc {
        share: "Wilson score interval (Wilson, E. B. (1927). JASA 22(158), 209-212)".into(),
        median: "order statistics of all runs bracketing the median, a run that never reached it counting as after the horizon (Conover, W. J. (1999). Practical Nonparametric Statistics, 3rd ed., section 3.2)".into(),
    }
}

impl SweepOutcomeDoc {
    /// The statistics of one agreement over a point's `runs` runs, from its histogram of turns
    /// reached.
    pub fn new(s: &Scenario, h: &TurnHist, runs: u64) -> SweepOutcomeDoc {
        let at = |rank: u64| h.rank(rank).map(|t| TimeValue::of_turn(&s.clock, t));
        let (j, k) = median_ranks(runs);
        SweepOutcomeDoc {
            reached: h.total(),
            share: if runs == 0 {
                0.0
            } else {
                h.total() as f64 / runs as f64
            },
            share_ci: wilson(h.total(), runs),
            date: DateQuantiles::of(s, h, runs),
            median_ci: (at(j), at(k)),
        }
    }

    /// The median date over all runs.
    pub fn median(&self) -> &DateQuantile {
        &self.date.median
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
        let count = |f: fn(&EndReason) -> bool| runs.iter().filter(|o| f(&o.end_reason)).count();
        SweepPointDoc {
            point,
            values,
            runs: n,
            horizon: TimeValue::of_turn(&s.clock, s.clock.max_turns),
            end_reasons: EndReasons {
                agreed: count(|e| matches!(e, EndReason::Agreed)) as u64,
                horizon: count(|e| matches!(e, EndReason::Horizon)) as u64,
                terminal: count(|e| matches!(e, EndReason::Terminal(_))) as u64,
            },
            agreements,
        }
    }
}

/// What a sweep is, besides its points: see [`SweepDoc::new`].
pub struct SweepHead<'a> {
    /// The command that reproduces it.
    pub command: &'a str,
    /// Runs per point.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// Latin hypercube size and seed.
    pub lhs: Option<(u32, u64)>,
    /// `(path, --vary as typed)` per varied parameter.
    pub vary: Vec<(String, String)>,
}

impl SweepDoc {
    /// The document of a sweep of `s` (the scenario with the sweep's `--set` overrides, before any
    /// varied value): its identity from `head`, its points as computed.
    pub fn new(s: &Scenario, head: &SweepHead, points: Vec<SweepPointDoc>) -> SweepDoc {
        let label = |path: &str| {
            s.parameters
                .iter()
                .find(|p| p.path == path && !p.label.trim().is_empty())
                .map_or_else(|| path.to_string(), |p| p.label.clone())
        };
        SweepDoc {
            format: FORMAT.into(),
            command: head.command.to_string(),
            armistice_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario: s.id.clone(),
            title: s.title.clone(),
            overrides: s.overrides.iter().map(|o| o.to_arg()).collect(),
            runs: head.runs,
            seed: head.seed,
            lhs: head.lhs,
            clock: ClockDoc::of(&s.clock),
            confidence: CONFIDENCE,
            intervals: intervals(),
            parameters: head
                .vary
                .iter()
                .map(|(path, vary)| SweepParameterDoc {
                    path: path.clone(),
                    label: label(path),
                    vary: vary.clone(),
                })
                .collect(),
            agreements: s
                .agreements
                .iter()
                .map(|a| (a.id.clone(), a.label.clone()))
                .collect(),
            observed: s
                .observed
                .iter()
                .map(|o| ObservedDoc::of(o, false))
                .collect(),
            points,
        }
    }

    /// The scenario's record of `outcome` (e.g. `agreement.ceasefire`), if it holds one.
    pub fn observed_for(&self, outcome: &str) -> Option<&ObservedDoc> {
        self.observed.iter().find(|o| o.outcome == outcome)
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
        let (lo, hi) = wilson(20, 20);
        assert!(hi == 1.0 && lo > 0.8 && lo < 0.9, "{lo} {hi}");
    }

    #[test]
    fn median_ranks_bracket_the_middle_and_stay_in_range() {
        assert_eq!(median_ranks(1), (1, 1));
        // The exact binomial 95 % interval for n = 100 is (X(40), X(61)).
        assert_eq!(median_ranks(100), (40, 61));
        let (j, k) = median_ranks(3);
        assert!(j >= 1 && k <= 3);
    }

    #[test]
    fn a_median_interval_end_among_the_runs_that_never_got_there_is_open() {
        let s = crate::Scenario::load("ceasefire_toy", &[]).unwrap();
        let mut h = TurnHist::default();
        // 55 of 100 runs reach it at turns 10..65: the median is a date, its upper end is not.
        (10..65).for_each(|t| h.add(t));
        let o = SweepOutcomeDoc::new(&s, &h, 100);
        assert_eq!(o.reached, 55);
        assert!(!o.median().censored && o.median().at.is_some());
        assert_eq!(o.median_ci.0, Some(TimeValue::of_turn(&s.clock, 49)));
        assert_eq!(o.median_ci.1, None);
        // 30 of 100: the median itself falls after the horizon.
        let mut h = TurnHist::default();
        (10..40).for_each(|t| h.add(t));
        let o = SweepOutcomeDoc::new(&s, &h, 100);
        assert!(o.median().censored && o.median().at.is_none());
        assert_eq!(o.median_ci, (None, None));
    }
}
