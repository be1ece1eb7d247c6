//! The paired percentile bootstrap.
//!
//! Resample `b` draws `n` run indices with replacement from ChaCha8 seeded with the bootstrap seed
//! on stream `b`, so resample `b` is the same whatever thread computes it, and every statistic of a
//! comparison is evaluated on the same resamples. Resampling whole run indices keeps each run's
//! variants together: that is what makes the bootstrap *paired*, and what lets common random numbers
//! narrow the intervals. The interval is the percentile interval of Efron & Tibshirani (1993), *An
//! Introduction to the Bootstrap*, Chapman & Hall, ch. 13: the α/2 and 1 − α/2 order statistics of the
//! resampled statistic.

use rand::{RngExt, SeedableRng};
use rayon::prelude::*;

use crate::rng::SimRng;

/// A statistic of a resample, given the resampled run indices; `None` where undefined (e.g. a
/// median of no values). It may be `±∞` (a shift to a median that falls after the horizon).
pub type Statistic<'a> = Box<dyn Fn(&[u32]) -> Option<f64> + Send + Sync + 'a>;

/// A point estimate with its interval.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// The statistic on the runs as simulated.
    pub estimate: Option<f64>,
    /// The percentile interval, if enough resamples defined the statistic.
    pub ci: Option<(f64, f64)>,
    /// Resamples on which the statistic was defined.
    pub defined: u32,
}

/// The indices of resample `b` of `n` runs.
pub fn resample(seed: u64, b: u64, n: usize, out: &mut Vec<u32>) {
    let mut rng = SimRng::seed_from_u64(seed);
    rng.set_stream(b);
    out.clear();
    out.extend((0..n).map(|_| rng.random_range(0..n as u32)));
}

/// The percentile interval at `confidence` of some resampled values (sorted in place).
///
/// With `m` defined values sorted ascending, the bounds are the values of rank ⌈m·α/2⌉ and
/// ⌈m·(1 − α/2)⌉ (1-based, clamped to 1..m).
pub fn percentile_interval(values: &mut [f64], confidence: f64) -> Option<(f64, f64)> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let m = values.len();
    let alpha = 1.0 - confidence;
    let rank = |q: f64| ((q * m as f64).ceil() as usize).clamp(1, m) - 1;
    Some((values[rank(alpha / 2.0)], values[rank(1.0 - alpha / 2.0)]))
}

/// Evaluates `stats` on the runs as they are and on `resamples` paired resamples of `n` runs.
/// Deterministic: the result does not depend on the number of threads.
pub fn bootstrap(
    n: usize,
    stats: &[Statistic<'_>],
    resamples: u32,
    seed: u64,
    confidence: f64,
) -> Vec<Estimate> {
    let identity: Vec<u32> = (0..n as u32).collect();
    let point: Vec<Option<f64>> = stats.iter().map(|s| s(&identity)).collect();
    // One row per resample, in resample order (rayon's indexed collect keeps the order).
    let rows: Vec<Vec<Option<f64>>> = (0..resamples as u64)
        .into_par_iter()
        .map_init(Vec::new, |idx, b| {
            resample(seed, b, n, idx);
            stats.iter().map(|s| s(idx)).collect()
        })
        .collect();
    (0..stats.len())
        .map(|k| {
            // Infinite values are kept: a censored statistic (a median after the horizon) is
            // `±∞`, and an interval may be open at that end. NaN is undefined.
            let mut vals: Vec<f64> = rows
                .iter()
                .filter_map(|r| r[k])
                .filter(|v| !v.is_nan())
                .collect();
            let defined = vals.len() as u32;
            // An interval from fewer than half the resamples would hide how unstable the statistic is.
            let ci = if point[k].is_some() && defined * 2 >= resamples {
                percentile_interval(&mut vals, confidence)
            } else {
                None
            };
            Estimate {
                estimate: point[k],
                ci,
                defined,
            }
        })
        .collect()
}

/// The lower median (Hyndman & Fan type 1: the smallest value with F ≥ 0.5) of some values, which
/// are reordered.
pub fn lower_median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let k = v.len().div_ceil(2) - 1;
    let (_, m, _) = v.select_nth_unstable_by(k, f64::total_cmp);
    Some(*m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_interval_picks_order_statistics() {
        let mut v: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        assert_eq!(percentile_interval(&mut v, 0.9), Some((5.0, 95.0)));
        assert_eq!(percentile_interval(&mut [], 0.9), None);
    }

    #[test]
    fn lower_median_is_type_1() {
        assert_eq!(lower_median(&mut [3.0, 1.0, 2.0, 4.0]), Some(2.0));
        assert_eq!(lower_median(&mut [5.0]), Some(5.0));
        assert_eq!(lower_median(&mut []), None);
    }

    #[test]
    fn resamples_are_reproducible_and_in_range() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        resample(3, 17, 50, &mut a);
        resample(3, 17, 50, &mut b);
        assert_eq!(a, b);
        assert!(a.iter().all(|&i| i < 50));
        resample(3, 18, 50, &mut b);
        assert_ne!(a, b);
    }

    #[test]
    fn bootstrap_of_a_mean_covers_it_and_is_thread_independent() {
        let data: Vec<f64> = (0..200).map(|i| ((i * 37) % 101) as f64).collect();
        let mean = |idx: &[u32]| {
            Some(idx.iter().map(|&i| data[i as usize]).sum::<f64>() / idx.len() as f64)
        };
        let stats: Vec<Statistic<'_>> = vec![Box::new(mean)];
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| bootstrap(200, &stats, 500, 9, 0.95));
        let two = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
            .install(|| bootstrap(200, &stats, 500, 9, 0.95));
        assert_eq!(one, two);
        let e = &one[0];
        let (lo, hi) = e.ci.unwrap();
        let m = e.estimate.unwrap();
        assert!(lo < m && m < hi, "{lo} {m} {hi}");
        // Standard error of the mean of ~uniform(0,100) over 200 runs is about 2.
        assert!(hi - lo > 4.0 && hi - lo < 12.0, "{lo} {hi}");
    }
}
