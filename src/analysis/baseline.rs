//! The naive competitor `fidelity` scores the model against: a forecast of each observed record's date
//! fitted on the calibration records only, so that it never sees what it is scored on out of sample.
//!
//! Two candidates, both distributions over the turn in which the outcome happens (counted from the
//! scenario's start, turn 0; mass past the horizon is put at the horizon, as the model's runs that
//! never reach an outcome are):
//!
//! * **hazard** — a constant hazard per outcome: the turn is geometric, P(T = t) = (1 − p)ᵗ p, with
//!   p = n / Σ (dᵢ + 1), the maximum-likelihood rate from that outcome's n calibration records observed
//!   dᵢ turns after the start. An outcome with no calibration record of its own gets the rate pooled
//!   over every calibration record (the same formula over all of them), and its records say so
//!   (`baseline_basis = "pooled"`).
//! * **gap** — settlements arrive as a Poisson process whose mean gap g is the median gap between
//!   consecutive calibration records (the first gap measured from the start): the k-th settlement
//!   falls after k exponential gaps, an Erlang(k, 1/g) time. A calibration record of rank k (its place
//!   among the calibration records by date) is forecast by Erlang(k); a record the baseline was not
//!   fitted on is forecast by an equal mixture of the ranks after the calibration records
//!   (c + 1, …, c + m for c calibration and m other scored records): it assumes those records come
//!   later, as they do in a time split (`fidelity --split`).
//!
//! The baseline is whichever candidate has the lower mean CRPS over the calibration records (the
//! hazard on a tie). Either is a real competitor: it is fitted per outcome, knows how long the
//! calibration records took, and has a spread to be scored.

use serde::Serialize;

use crate::scenario::{Observed, ObservedUse, Scenario};

/// Which candidate a baseline is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BaselineKind {
    /// A constant hazard per outcome.
    Hazard,
    /// A Poisson clock of settlements with the median gap.
    Gap,
}

/// The baseline's forecast for one record: a distribution over turns `0..=max_turns`.
#[derive(Clone, Debug, PartialEq)]
pub struct Forecast {
    /// Probability of each turn (the last entry: at the horizon or later).
    pub weights: Vec<f64>,
    /// `outcome` (fitted on this outcome's own calibration records), `pooled` (the hazard pooled
    /// over all calibration records) or `gap` (the settlement clock).
    pub basis: &'static str,
}

/// The fitted baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    /// The candidate chosen.
    pub kind: BaselineKind,
    /// The hazard candidate's mean CRPS over the calibration records.
    pub hazard_crps: Option<f64>,
    /// The gap candidate's (`None` where there is no positive gap to fit).
    pub gap_crps: Option<f64>,
    /// The hazard per turn pooled over all calibration records.
    pub pooled_hazard: f64,
    /// The median gap between consecutive calibration records, in turns.
    pub gap_turns: Option<f64>,
    /// Per observed record (in the scenario's order): the forecast, `None` for records not scored.
    pub forecasts: Vec<Option<Forecast>>,
}

/// Where a record stands: its observed time in turns from the start (fractional on dated clocks:
/// the day within the turn counts), never before the start.
pub fn observed_turns(s: &Scenario, o: &Observed) -> f64 {
    match (o.date, s.clock.start) {
        (Some(d), Some(start)) => ((d.0 - start.0) as f64 / s.clock.turn_days as f64).max(0.0),
        _ => o.turn.max(0) as f64,
    }
}

/// Geometric turn distribution with per-turn hazard `p`, the tail at `max`.
fn geometric(p: f64, max: u32) -> Vec<f64> {
    let q = 1.0 - p;
    let mut w = Vec::with_capacity(max as usize + 1);
    let mut survive = 1.0;
    for _ in 0..max {
        w.push(survive * p);
        survive *= q;
    }
    w.push(survive);
    w
}

/// P(Erlang(k, 1/g) ≤ x): 1 − e^{−x/g} Σ_{n<k} (x/g)ⁿ / n!.
fn erlang_cdf(k: u32, g: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let r = x / g;
    let mut term = 1.0;
    let mut sum = 0.0;
    for n in 0..k {
        if n > 0 {
            term *= r / n as f64;
        }
        sum += term;
    }
    (1.0 - crate::math::exp(-r) * sum).clamp(0.0, 1.0)
}

/// An equal mixture of Erlang(k) for each k of `ranks`, on the turn grid (the turn of a time x is
/// ⌊x⌋, as an observed date's is), the tail at `max`.
fn erlang_mix(ranks: &[u32], g: f64, max: u32) -> Vec<f64> {
    let cdf = |x: f64| {
        ranks.iter().map(|&k| erlang_cdf(k, g, x)).sum::<f64>() / ranks.len().max(1) as f64
    };
    let mut w = Vec::with_capacity(max as usize + 1);
    let mut prev = 0.0;
    for t in 0..max {
        let next = cdf((t + 1) as f64);
        w.push((next - prev).max(0.0));
        prev = next;
    }
    w.push((1.0 - prev).max(0.0));
    w
}

/// The median of a non-empty list (the mean of the middle two for an even count).
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Fits the baseline. `uses[i]` is the use record `i` is scored under (after any `--split`); `score`
/// gives the CRPS of a turn distribution against record `i`. `None` when no record is used for
/// calibration: there is nothing to fit.
pub fn fit(
    s: &Scenario,
    uses: &[ObservedUse],
    score: &dyn Fn(usize, &[f64]) -> Option<f64>,
) -> Option<Baseline> {
    let cal: Vec<usize> = (0..s.observed.len())
        .filter(|&i| uses[i] == ObservedUse::Calibrate)
        .collect();
    if cal.is_empty() {
        return None;
    }
    let scored: Vec<usize> = (0..s.observed.len())
        .filter(|&i| uses[i] != ObservedUse::Input)
        .collect();
    let (pooled_hazard, hazard) = hazard_forecasts(s, &cal, &scored);
    let (gap_turns, gap) = gap_forecasts(s, &cal, &scored);
    let mean_on_cal = |fs: &[Option<Forecast>]| -> Option<f64> {
        let v: Vec<f64> = cal
            .iter()
            .filter_map(|&i| fs[i].as_ref().and_then(|f| score(i, &f.weights)))
            .collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    let hazard_crps = mean_on_cal(&hazard);
    let gap_crps = gap.as_deref().and_then(mean_on_cal);
    let (kind, forecasts) = match (gap, hazard_crps, gap_crps) {
        (Some(fs), Some(h), Some(gc)) if gc < h => (BaselineKind::Gap, fs),
        (Some(fs), None, Some(_)) => (BaselineKind::Gap, fs),
        _ => (BaselineKind::Hazard, hazard),
    };
    Some(Baseline {
        kind,
        hazard_crps,
        gap_crps,
        pooled_hazard,
        gap_turns,
        forecasts,
    })
}

/// The hazard candidate (module docs) fitted on the calibration records `cal`: the hazard pooled
/// over all of them, and a forecast per record (`None` for records not in `scored`).
fn hazard_forecasts(s: &Scenario, cal: &[usize], scored: &[usize]) -> (f64, Vec<Option<Forecast>>) {
    let max = s.clock.max_turns;
    let rate = |rs: &[usize]| {
        let exposure: f64 = rs
            .iter()
            .map(|&i| s.observed[i].turn.max(0) as f64 + 1.0)
            .sum();
        rs.len() as f64 / exposure
    };
    let pooled_hazard = rate(cal);
    let forecasts = (0..s.observed.len())
        .map(|i| {
            if !scored.contains(&i) {
                return None;
            }
            let own: Vec<usize> = cal
                .iter()
                .copied()
                .filter(|&j| s.observed[j].outcome == s.observed[i].outcome)
                .collect();
            Some(if own.is_empty() {
                Forecast {
                    weights: geometric(pooled_hazard, max),
                    basis: "pooled",
                }
            } else {
                Forecast {
                    weights: geometric(rate(&own), max),
                    basis: "outcome",
                }
            })
        })
        .collect();
    (pooled_hazard, forecasts)
}

/// The gap candidate (module docs) fitted on the calibration records `cal`: the median gap in
/// turns, and a forecast per record (`None` for records not in `scored`); neither when the median
/// gap is not positive.
fn gap_forecasts(
    s: &Scenario,
    cal: &[usize],
    scored: &[usize],
) -> (Option<f64>, Option<Vec<Option<Forecast>>>) {
    let max = s.clock.max_turns;
    // The settlement clock: calibration records by date, the start as settlement 0.
    let mut by_time: Vec<(f64, usize)> = cal
        .iter()
        .map(|&i| (observed_turns(s, &s.observed[i]), i))
        .collect();
    by_time.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let gaps: Vec<f64> = by_time
        .iter()
        .scan(0.0, |last, &(t, _)| {
            let g = t - *last;
            *last = t;
            Some(g)
        })
        .collect();
    let g = median(gaps);
    let gap_turns = (g > 0.0).then_some(g);
    let c = cal.len() as u32;
    let later: Vec<u32> = (c + 1..=scored.len() as u32).collect();
    let forecasts = gap_turns.map(|g| {
        (0..s.observed.len())
            .map(|i| {
                if !scored.contains(&i) {
                    return None;
                }
                let ranks = match by_time.iter().position(|&(_, j)| j == i) {
                    Some(r) => vec![r as u32 + 1],
                    None => later.clone(),
                };
                Some(Forecast {
                    weights: erlang_mix(&ranks, g, max),
                    basis: "gap",
                })
            })
            .collect()
    });
    (gap_turns, forecasts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_turn_distributions_sum_to_one() {
        let g: f64 = geometric(0.03, 200).iter().sum();
        assert!((g - 1.0).abs() < 1e-12, "{g}");
        let e: f64 = erlang_mix(&[2, 3, 4], 20.0, 150).iter().sum();
        assert!((e - 1.0).abs() < 1e-12, "{e}");
    }

    #[test]
    fn an_erlang_of_one_gap_is_the_exponential() {
        let x: f64 = 13.0;
        let want = 1.0 - crate::math::exp(-x / 10.0);
        assert!((erlang_cdf(1, 10.0, x) - want).abs() < 1e-15);
        // Two gaps: 1 − e^{−r}(1 + r).
        let r = 1.3;
        let want = 1.0 - crate::math::exp(-r) * (1.0 + r);
        assert!((erlang_cdf(2, 10.0, x) - want).abs() < 1e-15);
    }

    #[test]
    fn the_median_of_an_even_list_is_the_mean_of_the_middle_two() {
        assert_eq!(median(vec![4.0, 1.0, 3.0, 10.0]), 3.5);
        assert_eq!(median(vec![4.0, 1.0, 3.0]), 3.0);
    }
}
