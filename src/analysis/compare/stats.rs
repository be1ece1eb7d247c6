//! The statistics of a comparison, each a function of a resample of run indices: shares, means,
//! censored date quantiles over all runs, shares before checkpoint dates and shares among the runs
//! still going when an event could happen.
//!
//! A date quantile counts every run, a run in which the outcome never happened as after the
//! horizon: when the quantile's rank falls among those runs it is *censored*, represented here as
//! `f64::INFINITY` (and turned into `null` + `"censored": true` in the documents). A shift between
//! two censored quantiles is then `+∞` (the alternative's falls after the horizon), `−∞` (the
//! base's does) or undefined (both do); the bootstrap keeps infinite values, so an interval can be
//! open at one end.

use super::super::Kind;
use super::super::bootstrap::Statistic;

/// One variant's column of a date outcome, with what its statistics need beyond the values.
#[derive(Clone, Copy)]
pub(super) struct DateCol<'a> {
    /// Day number or turn per run; `None` where it never happened.
    pub values: &'a [Option<f64>],
    /// Per run, whether the run was still going when the outcome could first happen (events and
    /// actions); `None` for agreements and issues.
    pub at_risk: Option<&'a [bool]>,
}

/// The type-1 quantile `q` of a column over the runs `idx`, a run without a value counting as
/// after every value: `INFINITY` when the rank falls there, `None` for no runs.
pub(super) fn censored_quantile(
    values: &[Option<f64>],
    idx: impl Iterator<Item = u32>,
    q: f64,
) -> Option<f64> {
    let mut n = 0usize;
    let mut v: Vec<f64> = Vec::new();
    for i in idx {
        n += 1;
        if let Some(x) = values[i as usize] {
            v.push(x);
        }
    }
    if n == 0 {
        return None;
    }
    let k = ((q * n as f64).ceil() as usize).clamp(1, n) - 1;
    if k >= v.len() {
        return Some(f64::INFINITY);
    }
    let (_, m, _) = v.select_nth_unstable_by(k, f64::total_cmp);
    Some(*m)
}

/// `b − a` of two censored quantiles: `±∞` when one is censored, `None` when both are.
pub(super) fn shift(a: f64, b: f64) -> Option<f64> {
    let d = b - a;
    (!d.is_nan()).then_some(d)
}

fn share(values: &[Option<f64>], idx: &[u32]) -> f64 {
    idx.iter()
        .filter(|&&i| values[i as usize].is_some())
        .count() as f64
        / idx.len() as f64
}

fn share_before(values: &[Option<f64>], idx: &[u32], limit: f64) -> f64 {
    idx.iter()
        .filter(|&&i| values[i as usize].is_some_and(|x| x < limit))
        .count() as f64
        / idx.len() as f64
}

/// The runs of `idx` still going when the outcome could first happen.
fn going<'a>(at_risk: &'a [bool], idx: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    idx.iter().copied().filter(|&i| at_risk[i as usize])
}

fn at_risk_share(c: DateCol, at_risk: &[bool], idx: &[u32]) -> Option<f64> {
    let (mut n, mut k) = (0usize, 0usize);
    for i in going(at_risk, idx) {
        n += 1;
        k += usize::from(c.values[i as usize].is_some());
    }
    (n > 0).then(|| k as f64 / n as f64)
}

/// The median of a date outcome: over all runs, or for events and actions over the runs still
/// going when it could first happen.
fn date_median(c: DateCol, idx: &[u32]) -> Option<f64> {
    match c.at_risk {
        Some(r) => censored_quantile(c.values, going(r, idx), 0.5),
        None => censored_quantile(c.values, idx.iter().copied(), 0.5),
    }
}

/// Where each statistic of a date difference sits in the list [`date_statistics`] returns.
#[derive(Clone, Copy, Debug)]
pub(super) struct DateLayout {
    /// Whether an at-risk change follows the shift.
    pub at_risk: bool,
    /// How many checkpoint changes follow.
    pub checkpoints: usize,
}

#[cfg(test)]
impl DateLayout {
    /// How many statistics a date difference takes.
    pub fn len(self) -> usize {
        2 + usize::from(self.at_risk) + self.checkpoints
    }
}

/// The differences of a date outcome between base `a` and alternative `b`, in this order: change
/// in the share of all runs, shift of the median, change in the share among the runs at risk (events
/// and actions), change in the share before each of `limits` (agreements).
pub(super) fn date_statistics<'a>(
    a: DateCol<'a>,
    b: DateCol<'a>,
    limits: &'a [f64],
) -> (Vec<Statistic<'a>>, DateLayout) {
    let mut out: Vec<Statistic<'a>> = vec![
        Box::new(move |idx| Some(share(b.values, idx) - share(a.values, idx))),
        Box::new(move |idx| shift(date_median(a, idx)?, date_median(b, idx)?)),
    ];
    let at_risk = match (a.at_risk, b.at_risk) {
        (Some(ra), Some(rb)) => {
            out.push(Box::new(move |idx| {
                Some(at_risk_share(b, rb, idx)? - at_risk_share(a, ra, idx)?)
            }));
            true
        }
        _ => false,
    };
    for &limit in limits {
        out.push(Box::new(move |idx| {
            Some(share_before(b.values, idx, limit) - share_before(a.values, idx, limit))
        }));
    }
    let layout = DateLayout {
        at_risk,
        checkpoints: limits.len(),
    };
    (out, layout)
}

/// The differences of a column that is not a date between base `a` and alternative `b`: the change
/// in mean (shares and payoffs) or the shift of the median among the runs with a value (continuous
/// issues).
pub(super) fn value_statistics<'a>(
    kind: Kind,
    a: &'a [Option<f64>],
    b: &'a [Option<f64>],
) -> Statistic<'a> {
    let mean = move |col: &'a [Option<f64>], idx: &[u32]| {
        let (s, n) = idx
            .iter()
            .filter_map(|&i| col[i as usize])
            .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        (n > 0).then(|| s / n as f64)
    };
    let median = move |col: &'a [Option<f64>], idx: &[u32]| {
        let mut v: Vec<f64> = idx.iter().filter_map(|&i| col[i as usize]).collect();
        super::super::bootstrap::lower_median(&mut v)
    };
    match kind {
        Kind::Median => Box::new(move |idx| Some(median(b, idx)? - median(a, idx)?)),
        _ => Box::new(move |idx| Some(mean(b, idx)? - mean(a, idx)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_median_falls_after_the_horizon_when_fewer_than_half_the_runs_get_there() {
        let v = [Some(3.0), None, Some(1.0), None, None];
        let all = || 0..5u32;
        // Ranks 1..5 of [1, 3, ∞, ∞, ∞]: the 10th percentile is rank 1, the median rank 3.
        assert_eq!(censored_quantile(&v, all(), 0.1), Some(1.0));
        assert_eq!(censored_quantile(&v, all(), 0.4), Some(3.0));
        assert_eq!(censored_quantile(&v, all(), 0.5), Some(f64::INFINITY));
        assert_eq!(censored_quantile(&v, [0u32, 2].into_iter(), 0.5), Some(1.0));
        assert_eq!(censored_quantile(&v, std::iter::empty(), 0.5), None);
    }

    #[test]
    fn shifts_of_censored_medians_are_open_or_undefined() {
        assert_eq!(shift(10.0, 4.0), Some(-6.0));
        assert_eq!(shift(10.0, f64::INFINITY), Some(f64::INFINITY));
        assert_eq!(shift(f64::INFINITY, 4.0), Some(f64::NEG_INFINITY));
        assert_eq!(shift(f64::INFINITY, f64::INFINITY), None);
    }

    #[test]
    fn the_at_risk_change_ignores_runs_that_ended_before_the_event_could_happen() {
        // The base: every run goes on and the event happens in all of them. The alternative: half
        // the runs ended before the event's date, and it happens in every run still going.
        let a_values = [Some(5.0); 4];
        let a_risk = [true; 4];
        let b_values = [Some(5.0), Some(5.0), None, None];
        let b_risk = [true, true, false, false];
        let a = DateCol {
            values: &a_values,
            at_risk: Some(&a_risk),
        };
        let b = DateCol {
            values: &b_values,
            at_risk: Some(&b_risk),
        };
        let (stats, layout) = date_statistics(a, b, &[]);
        assert!(layout.at_risk);
        let idx = [0u32, 1, 2, 3];
        assert_eq!(stats[0](&idx), Some(-0.5), "of all runs: half as often");
        assert_eq!(
            stats[1](&idx),
            Some(0.0),
            "the same date among the runs going"
        );
        assert_eq!(stats[2](&idx), Some(0.0), "among the runs going: no change");
    }

    #[test]
    fn checkpoint_changes_count_the_runs_before_each_limit() {
        let a_values = [Some(1.0), Some(5.0), None, None];
        let b_values = [Some(1.0), Some(2.0), Some(3.0), None];
        let a = DateCol {
            values: &a_values,
            at_risk: None,
        };
        let b = DateCol {
            values: &b_values,
            at_risk: None,
        };
        let limits = [2.0, 4.0, 10.0];
        let (stats, layout) = date_statistics(a, b, &limits);
        assert_eq!(layout.len(), 5);
        let idx = [0u32, 1, 2, 3];
        let got: Vec<Option<f64>> = stats[2..].iter().map(|s| s(&idx)).collect();
        assert_eq!(got, vec![Some(0.0), Some(0.5), Some(0.25)]);
        // The median: base rank 2 of [1, 5, ∞, ∞] is 5; alternative [1, 2, 3, ∞] gives 2.
        assert_eq!(stats[1](&idx), Some(-3.0));
    }
}
