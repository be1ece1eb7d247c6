//! How numbers are written for people: the one place that decides how a share, a signed change, an
//! interval, a date, a count or a rate reads, so that the terminal, the charts, the HTML report and
//! the text drawn from the JSON documents all write one number the same way (0.905 is "91%" in every
//! one of them).
//!
//! Conventions:
//! - rounding is half away from zero on the value as stored (`90.5` → `91`), never banker's rounding;
//! - negative numbers take a true minus sign (U+2212), as typeset, and a zero is never signed
//!   (`−0.0` and `+0` read as changes);
//! - a share that is not exactly 0 or 1 never prints as `0%` or `100%`: it prints `<1%` or `>99%`
//!   (with decimals, `<0.1%` and `>99.9%`), so "never" and "always" are only said when they are true;
//! - machine formats (CSV cells, JSON numbers) are not written here: they keep the shortest
//!   round-trip form of [`crate::export::csv::num`] and serde.

use std::path::Path;

use crate::outcome::doc::compare::EstimateDoc;

/// The minus sign used in text for people.
pub const MINUS: char = '\u{2212}';

/// `10^d` for small `d`.
fn pow10(d: usize) -> f64 {
    crate::math::powi(10.0, d.min(15) as i32)
}

/// `v` rounded half away from zero to `decimals` decimals.
pub fn round_to(v: f64, decimals: usize) -> f64 {
    let m = pow10(decimals);
    (v * m).round() / m
}

/// `v` with `decimals` decimals (rounded half away from zero), a true minus sign, never `−0`.
pub fn num(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let r = round_to(v, decimals);
    let s = format!("{:.decimals$}", r.abs());
    if r < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("{MINUS}{s}")
    } else {
        s
    }
}

/// `v` with an explicit sign: `+12`, `−3`, `0` (a zero, after rounding, has no sign).
pub fn signed(v: f64, decimals: usize) -> String {
    let s = num(v, decimals);
    if v > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{s}")
    } else {
        s
    }
}

/// An optional number, `—` when absent.
pub fn opt_num(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "—".into(), |x| num(x, decimals))
}

/// A share of runs (0..=1) as a percentage with `decimals` decimals: `91%`, `<1%`, `>99%`, `0%`,
/// `100%` (the last two only when exactly so).
pub fn percent_with(share: f64, decimals: usize) -> String {
    if !share.is_finite() {
        return "—".into();
    }
    let p = share * 100.0;
    let step = 1.0 / pow10(decimals);
    let r = round_to(p, decimals);
    if p > 0.0 && r <= 0.0 {
        format!("<{}%", num(step, decimals))
    } else if p < 100.0 && r >= 100.0 {
        format!(">{}%", num(100.0 - step, decimals))
    } else {
        format!("{}%", num(r, decimals))
    }
}

/// A share of runs as a whole percentage ([`percent_with`] 0 decimals): the form used everywhere a
/// share is shown on its own.
pub fn percent(share: f64) -> String {
    percent_with(share, 0)
}

/// A share of `n` out of `d` runs as a whole percentage (`0%` when `d` is 0).
pub fn percent_of(n: u64, d: u64) -> String {
    if d == 0 {
        "0%".into()
    } else {
        percent(n as f64 / d as f64)
    }
}

/// A change in a share, in signed percentage points with one decimal: `+2.5 pts`, `−0.4 pts`, `0.0 pts`.
pub fn points(change: f64) -> String {
    format!("{} pts", signed(change * 100.0, 1))
}

/// An interval `[lo, hi]` of two already formatted ends.
pub fn interval(lo: &str, hi: &str) -> String {
    format!("[{lo}, {hi}]")
}

/// A signed estimate with its interval, each end scaled by `scale` and written with `decimals`
/// decimals: `+12 [+3, +20]`; `+12 [—]` without an interval; `—` without an estimate.
pub fn signed_interval(
    estimate: Option<f64>,
    ci: Option<(f64, f64)>,
    scale: f64,
    decimals: usize,
) -> String {
    match (estimate, ci) {
        (Some(x), Some((lo, hi))) => format!(
            "{} {}",
            signed(x * scale, decimals),
            interval(&signed(lo * scale, decimals), &signed(hi * scale, decimals))
        ),
        (Some(x), None) => format!("{} [—]", signed(x * scale, decimals)),
        (None, _) => "—".into(),
    }
}

/// A range of two numbers as text, `a–b`; written `a to b` when either is negative, where a dash
/// would read as a minus sign.
pub fn range(a: &str, b: &str) -> String {
    if a.starts_with(['-', MINUS]) || b.starts_with(['-', MINUS]) {
        format!(
            "{} to {}",
            a.replacen('-', "\u{2212}", 1),
            b.replacen('-', "\u{2212}", 1)
        )
    } else {
        format!("{a}–{b}")
    }
}

/// `n` with its noun in the right number: `1 agreement`, `2 agreements`, `0 agreements`.
/// `singular` takes an `s` in the plural; use [`count_irregular`] for other plurals.
pub fn count(n: u64, singular: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{} {singular}s", group(n))
    }
}

/// A signed count with its noun: `+15 days`, `−1 day`, `0 days`.
pub fn count_signed(n: i64, singular: &str) -> String {
    let sign = match n.signum() {
        1 => "+".to_string(),
        -1 => MINUS.to_string(),
        _ => String::new(),
    };
    let magnitude = n.unsigned_abs();
    let noun = if magnitude == 1 {
        singular.to_string()
    } else {
        format!("{singular}s")
    };
    format!("{sign}{} {noun}", group(magnitude))
}

/// `n` with an irregular noun: `count_irregular(2, "analysis", "analyses")`.
pub fn count_irregular(n: u64, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{} {plural}", group(n))
    }
}

/// An integer with thousands separated by commas: `1,000,000`.
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A rate of things per second: two decimals below 1,000 (`3.25/s`, `229.96/s`), whole numbers with
/// thousands separated from there on (`2,540/s`).
pub fn rate(per_second: f64) -> String {
    if !per_second.is_finite() || per_second < 0.0 {
        return "—/s".into();
    }
    if per_second < 1000.0 {
        format!("{}/s", num(per_second, 2))
    } else {
        format!("{}/s", group(per_second.round() as u64))
    }
}

/// A duration in seconds for a status line: `0.3 s`, `12.4 s`, `3 min 05 s`.
pub fn seconds(s: f64) -> String {
    if !s.is_finite() || s < 0.0 {
        return "—".into();
    }
    if s < 60.0 {
        format!("{} s", num(s, 1))
    } else {
        let whole = s.round() as u64;
        format!("{} min {:02} s", whole / 60, whole % 60)
    }
}

/// A directory for a status line, with exactly one trailing slash (`results/`, whether the user
/// typed `results` or `results/`).
pub fn dir(p: &Path) -> String {
    let s = p.display().to_string();
    let trimmed = s.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("{trimmed}/")
    }
}

/// A day number (days since 1970-01-01) as an ISO date.
pub fn date(days: i64) -> String {
    crate::time::Date(days).to_string()
}

/// A time on a scenario's axis as text: an ISO date for dated clocks (`dated`), `turn N` otherwise.
pub fn time(value: i64, dated: bool) -> String {
    if dated {
        date(value)
    } else {
        format!("turn {value}")
    }
}

/// A quantile of a date that may fall after the horizon (censored): the time, or `after H` where
/// `horizon` is the first time past the horizon.
pub fn censored_time(value: Option<i64>, horizon: i64, dated: bool) -> String {
    match value {
        Some(v) => time(v, dated),
        None => format!("after {}", time(horizon, dated)),
    }
}

/// Rows of cells as text columns, one line per row: the first `left` cells left-aligned (the first at
/// least `min_first` characters wide), the others right-aligned, two spaces apart, no trailing
/// spaces. Widths count characters, so `−` and `…` take one column like any digit.
pub fn columns(lines: &[Vec<String>], min_first: usize, left: usize) -> String {
    use std::fmt::Write;
    let cols = lines.iter().map(Vec::len).max().unwrap_or(0);
    let width = |k: usize| {
        lines
            .iter()
            .filter_map(|l| l.get(k))
            .map(|x| x.chars().count())
            .max()
            .unwrap_or(0)
    };
    let mut widths: Vec<usize> = (0..cols).map(width).collect();
    if let Some(first) = widths.first_mut() {
        *first = (*first).max(min_first);
    }
    let mut o = String::new();
    for l in lines {
        let mut line = String::new();
        for (k, cell) in l.iter().enumerate() {
            let sep = if k == 0 { "" } else { "  " };
            if k < left {
                let _ = write!(line, "{sep}{cell:<w$}", w = widths[k]);
            } else {
                let _ = write!(line, "{sep}{cell:>w$}", w = widths[k]);
            }
        }
        let _ = writeln!(o, "{}", line.trim_end());
    }
    o
}

/// The mark of a shift that rests on fewer than half the runs of a variant.
pub const FEW_RUNS: char = '\u{2020}';

/// An estimate of a comparison with its interval, scaled by `scale` and written with `decimals`
/// decimals: `+12 [+3, +20]`; `+12 [—]` without an interval; `—` when undefined. Censored medians
/// (see [`EstimateDoc`]) read in words: a shift to a median after the horizon is `later: ≥ +522`
/// (or `earlier: ≤ −300`), both medians after it `both after the horizon`, and an interval end
/// that falls there `later` or `earlier`. A shift resting on fewer than half the runs takes
/// [`FEW_RUNS`].
pub fn estimate(e: &EstimateDoc, scale: f64, decimals: usize) -> String {
    let s = |x: f64| signed(x * scale, decimals);
    let ci = match e.ci {
        Some((lo, hi)) => interval(
            &lo.map_or_else(|| "earlier".to_string(), s),
            &hi.map_or_else(|| "later".to_string(), s),
        ),
        None => "[—]".into(),
    };
    let text = match (e.estimate, e.at_least, e.at_most) {
        (Some(x), _, _) => format!("{} {ci}", s(x)),
        (None, Some(b), _) => format!("later: \u{2265} {}", s(b)),
        (None, _, Some(b)) => format!("earlier: \u{2264} {}", s(b)),
        (None, None, None) if e.censored => "both after the horizon".into(),
        (None, None, None) => "—".into(),
    };
    if e.few_runs {
        format!("{text} {FEW_RUNS}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_is_written_the_same_way_everywhere_and_extremes_are_only_said_when_true() {
        assert_eq!(percent(0.905), "91%");
        assert_eq!(percent(0.999), ">99%");
        assert_eq!(percent(0.002), "<1%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.5), "50%");
        assert_eq!(percent_with(0.1234, 1), "12.3%");
        assert_eq!(percent_with(0.0004, 1), "<0.1%");
        assert_eq!(percent_with(0.9996, 1), ">99.9%");
        assert_eq!(percent_of(1, 3), "33%");
        assert_eq!(percent_of(0, 0), "0%");
    }

    #[test]
    fn signed_numbers_use_a_true_minus_and_never_sign_zero() {
        assert_eq!(signed(12.0, 0), "+12");
        assert_eq!(signed(-3.0, 0), "\u{2212}3");
        assert_eq!(signed(-0.04, 1), "0.0");
        assert_eq!(signed(0.0, 0), "0");
        assert_eq!(num(-0.0, 2), "0.00");
        assert_eq!(num(2.5, 0), "3");
        assert_eq!(num(-2.5, 0), "\u{2212}3");
        assert_eq!(points(0.025), "+2.5 pts");
        assert_eq!(points(-0.004), "\u{2212}0.4 pts");
    }

    #[test]
    fn intervals_read_as_estimate_then_bracketed_ends() {
        assert_eq!(
            signed_interval(Some(-210.0), Some((-231.0, -182.0)), 1.0, 0),
            "\u{2212}210 [\u{2212}231, \u{2212}182]"
        );
        assert_eq!(signed_interval(Some(0.02), None, 100.0, 1), "+2.0 [—]");
        assert_eq!(signed_interval(None, Some((1.0, 2.0)), 1.0, 0), "—");
        assert_eq!(range("0.1", "0.5"), "0.1–0.5");
        assert_eq!(range("-1", "2"), "\u{2212}1 to 2");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(count(1, "agreement"), "1 agreement");
        assert_eq!(count(2, "agreement"), "2 agreements");
        assert_eq!(count(0, "issue"), "0 issues");
        assert_eq!(count(12_345, "run"), "12,345 runs");
        assert_eq!(count_irregular(3, "analysis", "analyses"), "3 analyses");
        assert_eq!(count_signed(15, "day"), "+15 days");
        assert_eq!(count_signed(-1, "day"), "\u{2212}1 day");
        assert_eq!(count_signed(0, "turn"), "0 turns");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(1_234_567), "1,234,567");
    }

    #[test]
    fn rates_durations_and_directories_read_cleanly() {
        assert_eq!(rate(229.9617), "229.96/s");
        assert_eq!(rate(12.3456), "12.35/s");
        assert_eq!(rate(2540.4), "2,540/s");
        assert_eq!(seconds(0.31), "0.3 s");
        assert_eq!(seconds(185.0), "3 min 05 s");
        assert_eq!(dir(Path::new("results/")), "results/");
        assert_eq!(dir(Path::new("results")), "results/");
        assert_eq!(dir(Path::new("/")), "/");
    }

    #[test]
    fn columns_align_by_characters_and_leave_no_trailing_space() {
        let rows = vec![
            vec!["point".to_string(), "x".into(), "share".into()],
            vec!["0".to_string(), "\u{2212}1".into(), "5% [1%, 9%]".into()],
            vec!["10".to_string(), "0.25".into(), String::new()],
        ];
        assert_eq!(
            columns(&rows, 0, 1),
            "point     x        share\n0        \u{2212}1  5% [1%, 9%]\n10     0.25\n"
        );
        assert_eq!(columns(&rows[..1], 8, 0), "   point  x  share\n");
    }

    #[test]
    fn censored_times_say_after_the_horizon() {
        assert_eq!(censored_time(Some(0), 10, true), "1970-01-01");
        assert_eq!(censored_time(None, 10, false), "after turn 10");
        assert_eq!(censored_time(None, 0, true), "after 1970-01-01");
    }
    #[test]
    fn censored_shifts_read_as_bounds_and_open_ends() {
        let e = |estimate, ci, at_least, at_most, censored, few_runs| EstimateDoc {
            estimate,
            censored,
            at_least,
            at_most,
            ci,
            resamples_defined: 100,
            rests_on: None,
            few_runs,
        };
        let closed = e(
            Some(-210.0),
            Some((Some(-231.0), Some(-182.0))),
            None,
            None,
            false,
            false,
        );
        assert_eq!(
            estimate(&closed, 1.0, 0),
            "\u{2212}210 [\u{2212}231, \u{2212}182]"
        );
        let open = e(
            Some(40.0),
            Some((Some(-10.0), None)),
            None,
            None,
            false,
            false,
        );
        assert_eq!(estimate(&open, 1.0, 0), "+40 [\u{2212}10, later]");
        let later = e(None, Some((None, None)), Some(522.0), None, true, true);
        assert_eq!(estimate(&later, 1.0, 0), "later: \u{2265} +522 \u{2020}");
        let earlier = e(None, None, None, Some(-300.0), true, true);
        assert_eq!(
            estimate(&earlier, 1.0, 0),
            "earlier: \u{2264} \u{2212}300 \u{2020}"
        );
        let both = e(None, None, None, None, true, true);
        assert_eq!(estimate(&both, 1.0, 0), "both after the horizon \u{2020}");
        let share = e(Some(0.025), None, None, None, false, false);
        assert_eq!(estimate(&share, 100.0, 1), "+2.5 [—]");
    }
}
