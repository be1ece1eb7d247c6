//! Axis ticks, pure functions of a range and a pixel length: nice value steps, calendar-aligned
//! date ticks, turn ticks, and the padding of time ranges. Unit-tested in `chart/tests.rs`.

use super::super::{ChartError, TimeAxis, civil_from_days, days_from_civil};
use super::*;

// Numbers on figures are written as everywhere else (`crate::format`).
pub(crate) use crate::format::{num as fmt_num, percent as fmt_pct, signed as fmt_signed};

/// Major ticks with their labels, plus unlabelled minor grid positions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ticks {
    pub major: Vec<(f64, String)>,
    pub minor: Vec<f64>,
}

impl Ticks {
    /// The label of the major tick at `v` (empty if none is there).
    pub(crate) fn label(&self, v: f64) -> String {
        self.major
            .iter()
            .find(|(t, _)| (t - v).abs() < 1e-9 * (1.0 + t.abs()))
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    }

    /// Widest major label, pixels.
    pub(crate) fn max_label_width(&self, th: &Theme) -> Result<i32, ChartError> {
        let mut w = 0;
        for (_, l) in &self.major {
            w = w.max(th.measure(l, TICK_FONT)?.0);
        }
        Ok(w)
    }
}

pub(crate) const TICK_FONT: Font = Font::new(SIZE_TICK, INK);

/// How many labels of width `label_w` fit along `axis_px` pixels.
fn max_ticks(th: &Theme, axis_px: i32, label_w: i32) -> usize {
    let slot = label_w + th.px(20.0);
    ((axis_px.max(1) / slot.max(1)) as usize).clamp(2, 12)
}

/// A "nice" step (1, 2, 2.5 or 5 times a power of ten) giving at most
/// `max_n` intervals over `span`.
fn nice_step(span: f64, max_n: usize, integer: bool) -> f64 {
    let raw = span / max_n.max(1) as f64;
    let raw = if raw > 0.0 && raw.is_finite() {
        raw
    } else {
        1.0
    };
    let mag = crate::math::powi(10.0, crate::math::log10(raw).floor() as i32);
    let mut step = mag * 10.0;
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if mag * m >= raw * (1.0 - 1e-9) {
            step = mag * m;
            break;
        }
    }
    if integer { step.round().max(1.0) } else { step }
}

/// Decimals needed to print multiples of `step` exactly.
fn step_decimals(step: f64) -> usize {
    let mut d = 0;
    while d < 6
        && ((step * crate::math::powi(10.0, d as i32)).round()
            - step * crate::math::powi(10.0, d as i32))
        .abs()
            > 1e-6
    {
        d += 1;
    }
    d
}

/// A value axis: widens `lo..hi` outwards to whole steps (so the axis ends
/// on labelled ticks) and returns the new range with its ticks. A flat
/// range is opened to ±10 % of its value (±1 around zero); `integer` keeps
/// the step whole (for counts).
pub(crate) fn value_axis(
    th: &Theme,
    lo: f64,
    hi: f64,
    axis_px: i32,
    vertical: bool,
    integer: bool,
) -> ((f64, f64), Ticks) {
    let (lo, hi) = guard_range(lo, hi, 0.0);
    let (lo, hi) = if hi - lo <= 1e-9 * (1.0 + lo.abs().max(hi.abs())) {
        let pad = if lo.abs() > 1e-12 {
            lo.abs() * 0.1
        } else {
            1.0
        };
        (lo - pad, hi + pad)
    } else {
        (lo, hi)
    };
    // Vertical axes: labels stack, so leave ~3 label heights between ticks.
    let max_n = if vertical {
        ((axis_px / th.em(SIZE_TICK * 3.2).max(1)) as usize).clamp(2, 10)
    } else {
        max_ticks(th, axis_px, th.em(SIZE_TICK * 3.0))
    };
    let step = nice_step(hi - lo, max_n, integer);
    let lo_n = (lo / step + 1e-9).floor() * step;
    let hi_n = (hi / step - 1e-9).ceil() * step;
    let decimals = step_decimals(step);
    let mut major = Vec::new();
    let mut i = 0;
    loop {
        let v = lo_n + step * i as f64;
        if v > hi_n + step * 1e-6 || i > 1000 {
            break;
        }
        major.push((v, fmt_num(v, decimals)));
        i += 1;
    }
    (
        (lo_n, hi_n),
        Ticks {
            major,
            minor: vec![],
        },
    )
}

/// Ticks at multiples of `step` inside `lo..=hi` with fixed labels (for
/// bounded axes like 0–100 %).
pub(crate) fn fixed_ticks(lo: f64, hi: f64, step: f64) -> Ticks {
    let decimals = step_decimals(step);
    let mut major = Vec::new();
    let mut v = (lo / step).ceil() * step;
    while v <= hi + step * 1e-9 {
        major.push((v, fmt_num(v, decimals)));
        v += step;
    }
    Ticks {
        major,
        minor: vec![],
    }
}

/// Makes a range usable: orders it and widens a zero-width one around its
/// value by `pad` on each side.
pub(crate) fn guard_range(lo: f64, hi: f64, pad: f64) -> (f64, f64) {
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    if hi - lo < 1e-9 {
        (lo - pad, hi + pad)
    } else {
        (lo, hi)
    }
}

/// Calendar steps for date ticks, smallest first.
#[derive(Debug, Clone, Copy)]
enum DateStep {
    Days(i64),
    Months(i64),
    Years(i64),
}

/// `(year * 12 + month - 1, day of month)` of a day number.
pub(crate) fn month_index(day: i64) -> (i64, i64) {
    let (y, m, d) = civil_from_days(day);
    (y * 12 + i64::from(m) - 1, i64::from(d))
}

/// First day of the month with index `year * 12 + month - 1`.
pub(crate) fn month_start(idx: i64) -> i64 {
    days_from_civil(idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32, 1)
}

/// Month starts (every `every` months, aligned to January) in `lo..=hi`.
fn month_starts(lo: f64, hi: f64, every: i64) -> Vec<f64> {
    let (lo_i, hi_i) = (lo.ceil() as i64, hi.floor() as i64);
    let (mut idx, d) = month_index(lo_i);
    if d > 1 {
        idx += 1;
    }
    idx = idx.div_euclid(every) * every + if idx.rem_euclid(every) == 0 { 0 } else { every };
    let mut out = Vec::new();
    while out.len() < 2000 {
        let day = month_start(idx);
        if day > hi_i {
            break;
        }
        out.push(day as f64);
        idx += every;
    }
    out
}

fn date_step_ticks(step: DateStep, lo: f64, hi: f64) -> Vec<f64> {
    match step {
        DateStep::Days(n) => {
            // Weeks start on Mondays (day 4 = Monday 1970-01-05).
            let offset = if n % 7 == 0 { 4 } else { 0 };
            let first = ((lo.ceil() as i64 - offset) as f64 / n as f64).ceil() as i64 * n + offset;
            let mut out = Vec::new();
            let mut d = first;
            while (d as f64) <= hi && out.len() < 2000 {
                out.push(d as f64);
                d += n;
            }
            out
        }
        DateStep::Months(n) => month_starts(lo, hi, n),
        DateStep::Years(n) => month_starts(lo, hi, 12 * n),
    }
}

/// Time-axis ticks over `lo..=hi` fitting `axis_px` pixels: calendar-aligned
/// days, weeks, months, quarters or years for dates, nice integers for turns.
pub(crate) fn time_ticks(
    th: &Theme,
    axis: TimeAxis,
    lo: f64,
    hi: f64,
    axis_px: i32,
) -> Result<Ticks, ChartError> {
    time_ticks_fit(th, axis, lo, hi, &|label_w| max_ticks(th, axis_px, label_w))
}

/// Time ticks for a vertical axis `axis_px` pixels tall: labels stack, so each takes about three
/// label heights whatever its width.
pub(crate) fn time_ticks_vertical(
    th: &Theme,
    axis: TimeAxis,
    lo: f64,
    hi: f64,
    axis_px: i32,
) -> Result<Ticks, ChartError> {
    let n = ((axis_px / th.em(SIZE_TICK * 3.0).max(1)) as usize).clamp(2, 10);
    time_ticks_fit(th, axis, lo, hi, &|_| n)
}

/// Time ticks over `lo..=hi`, at most `fit(label width)` of them.
fn time_ticks_fit(
    th: &Theme,
    axis: TimeAxis,
    lo: f64,
    hi: f64,
    fit: &dyn Fn(i32) -> usize,
) -> Result<Ticks, ChartError> {
    match axis {
        TimeAxis::Turns => {
            let wide = fmt_num(hi.abs().max(lo.abs()).round(), 0);
            let label_w = th.measure(&wide, TICK_FONT)?.0.max(th.em(SIZE_TICK * 2.0));
            let step = nice_step(hi - lo, fit(label_w), true);
            let mut major = Vec::new();
            let mut v = (lo / step).ceil() * step;
            while v <= hi + 1e-9 && major.len() < 1000 {
                major.push((v, fmt_num(v, 0)));
                v += step;
            }
            Ok(Ticks {
                major,
                minor: vec![],
            })
        }
        TimeAxis::Dates => {
            use DateStep::*;
            let steps = [
                Days(1),
                Days(2),
                Days(7),
                Days(14),
                Months(1),
                Months(2),
                Months(3),
                Months(6),
                Years(1),
                Years(2),
                Years(5),
                Years(10),
                Years(20),
                Years(50),
                Years(100),
                Years(1000),
            ];
            let w_day = th.measure("0000-00-00", TICK_FONT)?.0;
            let w_month = th.measure("0000-00", TICK_FONT)?.0;
            let w_year = th.measure("0000", TICK_FONT)?.0;
            for step in steps {
                let (label_w, fmt): (i32, fn(i64) -> String) = match step {
                    Days(_) => (w_day, super::super::format_date),
                    Months(_) => (w_month, super::super::format_month),
                    Years(_) => (w_year, |d| super::super::fmt_year(civil_from_days(d).0)),
                };
                let ticks = date_step_ticks(step, lo, hi);
                if ticks.len() > fit(label_w) {
                    continue;
                }
                let minor = match step {
                    Months(2) | Months(3) | Months(6) => month_starts(lo, hi, 1),
                    Years(1) => month_starts(lo, hi, 3),
                    Years(n) if n >= 2 => month_starts(lo, hi, 12),
                    Days(14) => date_step_ticks(Days(7), lo, hi),
                    _ => vec![],
                };
                let major: Vec<(f64, String)> = ticks.iter().map(|&t| (t, fmt(t as i64))).collect();
                let minor = minor
                    .into_iter()
                    .filter(|m| !ticks.iter().any(|t| (t - m).abs() < 0.5))
                    .collect();
                return Ok(Ticks { major, minor });
            }
            Ok(Ticks::default())
        }
    }
}

/// The default extent of a time axis with no data: a year of dates or ten
/// turns, so that an empty chart still has a sensible axis.
pub(crate) fn empty_time_range(axis: TimeAxis) -> (f64, f64) {
    match axis {
        TimeAxis::Dates => (0.0, 365.0),
        TimeAxis::Turns => (0.0, 10.0),
    }
}

/// The extent of a time axis over `times` (days or turns), padded by [`pad_time_range`], or
/// [`empty_time_range`] when there are none.
pub(crate) fn time_extent(times: impl IntoIterator<Item = i64>, axis: TimeAxis) -> (f64, f64) {
    let mut extent: Option<(i64, i64)> = None;
    for t in times {
        extent = Some(extent.map_or((t, t), |(lo, hi)| (lo.min(t), hi.max(t))));
    }
    match extent {
        Some((lo, hi)) => pad_time_range(lo as f64, hi as f64, axis),
        None => empty_time_range(axis),
    }
}

/// Pads a time range by a few percent on each side, first widening spans
/// shorter than two months (dates) or ten turns around their centre.
pub(crate) fn pad_time_range(lo: f64, hi: f64, axis: TimeAxis) -> (f64, f64) {
    let min_span = match axis {
        TimeAxis::Dates => 60.0,
        TimeAxis::Turns => 10.0,
    };
    let (lo, hi) = guard_range(lo, hi, 0.0);
    let (lo, hi) = if hi - lo < min_span {
        let c = (lo + hi) / 2.0;
        (c - min_span / 2.0, c + min_span / 2.0)
    } else {
        (lo, hi)
    };
    let pad = (hi - lo) * 0.03;
    (lo - pad, hi + pad)
}
