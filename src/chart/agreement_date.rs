//! Figure "agreement date": owns the histogram of when an agreement is
//! reached across runs (re-binned here into calendar-aligned bars), the
//! cumulative share of runs on a secondary 0–100 % axis, the observed
//! historical date as a dashed marker, and the subtitle sentence on runs
//! that never reach the agreement.

use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, PathElement, Rectangle};
use plotters::style::{Color, RGBColor, WHITE};

use super::layout::{
    self, Coord, Glyph, LegendItem, Theme, TimeChartSpec, draw_markers, draw_mesh, draw_note,
    draw_secondary_mesh, fixed_ticks, fmt_pct, month_index, month_start, time_extent,
};
use super::{
    AgreementDateData, ChartError, ChartOptions, Figure, OKABE_ITO_SKY_BLUE, OKABE_ITO_VERMILLION,
    Render, TimeAxis, draw_err, render_figure,
};

/// Draws the distribution of an agreement's date across runs: bars (runs per
/// bin, left axis), the cumulative share of runs (right axis, 0–100 %), the
/// observed date if given, and a note when no run reaches the agreement.
pub fn draw_agreement_date(
    data: &AgreementDateData,
    opts: &ChartOptions,
) -> Result<Figure, ChartError> {
    render_figure(data, opts)
}

/// Width of a histogram bin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinStep {
    /// A fixed number of units (days or turns); 7 and 14 days start on Mondays.
    Units(i64),
    /// Calendar months (aligned to January).
    Months(i64),
}

/// At most this many bars.
const MAX_BINS: i64 = 60;

impl BinStep {
    fn name(self, axis: TimeAxis) -> String {
        match (axis, self) {
            (TimeAxis::Turns, BinStep::Units(1)) => "turn".into(),
            (TimeAxis::Turns, BinStep::Units(n)) => format!("{n} turns"),
            (_, BinStep::Units(1)) => "day".into(),
            (_, BinStep::Units(7)) => "week".into(),
            (_, BinStep::Units(14)) => "2 weeks".into(),
            (_, BinStep::Units(n)) => format!("{n} days"),
            (_, BinStep::Months(1)) => "month".into(),
            (_, BinStep::Months(3)) => "quarter".into(),
            (_, BinStep::Months(6)) => "half-year".into(),
            (_, BinStep::Months(12)) => "year".into(),
            (_, BinStep::Months(n)) if n % 12 == 0 => format!("{} years", n / 12),
            (_, BinStep::Months(n)) => format!("{n} months"),
        }
    }

    /// Bin edges covering `lo..=hi` (each bin is `edge[i]..edge[i + 1]`).
    fn edges(self, axis: TimeAxis, lo: i64, hi: i64) -> Vec<i64> {
        let mut out = Vec::new();
        match self {
            BinStep::Units(n) => {
                let offset = if axis == TimeAxis::Dates && n % 7 == 0 {
                    4
                } else {
                    0
                };
                let mut e = (lo - offset).div_euclid(n) * n + offset;
                out.push(e);
                while e <= hi {
                    e += n;
                    out.push(e);
                }
            }
            BinStep::Months(n) => {
                let mut idx = month_index(lo).0.div_euclid(n) * n;
                out.push(month_start(idx));
                while *out.last().unwrap_or(&i64::MAX) <= hi {
                    idx += n;
                    out.push(month_start(idx));
                }
            }
        }
        out
    }

    /// Number of bins covering `lo..=hi`, without building them.
    fn count(self, lo: i64, hi: i64) -> i64 {
        match self {
            BinStep::Units(n) => (hi - lo) / n + 2,
            BinStep::Months(n) => (month_index(hi).0 - month_index(lo).0) / n + 2,
        }
    }
}

/// The smallest calendar-friendly bin giving at most [`MAX_BINS`] bars.
fn choose_step(axis: TimeAxis, lo: i64, hi: i64) -> BinStep {
    let candidates: Vec<BinStep> = match axis {
        TimeAxis::Dates => [1, 2, 3, 7, 14]
            .into_iter()
            .map(BinStep::Units)
            .chain([1, 2, 3, 6].into_iter().map(BinStep::Months))
            .chain(
                [1i64, 2, 5, 10, 20, 50, 100, 1000, 10_000, 100_000]
                    .into_iter()
                    .map(|y| BinStep::Months(12 * y)),
            )
            .collect(),
        TimeAxis::Turns => {
            let mut v: Vec<BinStep> = [1, 2, 3, 4].into_iter().map(BinStep::Units).collect();
            let mut mag = 1i64;
            while mag < i64::MAX / 100 {
                for m in [5, 10, 20, 25] {
                    v.push(BinStep::Units(m * mag));
                }
                mag *= 10;
            }
            v
        }
    };
    let last = *candidates.last().unwrap_or(&BinStep::Units(1));
    candidates
        .into_iter()
        .find(|s| s.count(lo, hi) - 1 <= MAX_BINS)
        .unwrap_or(last)
}

/// `(edges, runs per bin)` for value-sorted counts.
pub(crate) fn bin(axis: TimeAxis, counts: &[(i64, u64)]) -> Option<(BinStep, Vec<i64>, Vec<u64>)> {
    let lo = counts.iter().map(|c| c.0).min()?;
    let hi = counts.iter().map(|c| c.0).max()?;
    let step = choose_step(axis, lo, hi);
    let edges = step.edges(axis, lo, hi);
    let mut bins = vec![0u64; edges.len().saturating_sub(1)];
    for &(v, c) in counts {
        let i = edges.partition_point(|&e| e <= v).saturating_sub(1);
        if let Some(b) = bins.get_mut(i) {
            *b = b.saturating_add(c);
        }
    }
    // Drop an empty trailing bin (the edges run one past `hi`).
    while bins.len() > 1 && bins.last() == Some(&0) && edges[bins.len() - 1] > hi {
        bins.pop();
    }
    let edges = edges[..bins.len() + 1].to_vec();
    Some((step, edges, bins))
}

/// The bars' fill and the cumulative line's colour.
const BAR_FILL: RGBColor = OKABE_ITO_SKY_BLUE;
const LINE_COLOR: RGBColor = OKABE_ITO_VERMILLION;

/// The runs that reach the outcome by the value they reach it at, and the counts the figure says.
struct Reached {
    /// `(value, runs)` with at least one run, by value.
    counts: Vec<(i64, u64)>,
    /// Runs that reach it.
    reached: u64,
    /// Runs in all (those that never reach it too).
    total: u64,
}

impl Render for AgreementDateData {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), ChartError> {
        root.fill(&WHITE).map_err(draw_err)?;
        let runs = self.reached();
        let binned = bin(self.time_axis, &runs.counts);
        let y_desc = self.y_desc(binned.as_ref().map(|b| b.0));
        let spec = self.spec(&runs, binned.as_ref(), &y_desc);
        let lay = layout::layout_time_chart(root, th, &spec)?;
        let right = lay.right.clone().unwrap_or_else(|| lay.y.clone());
        let chart = layout::build_chart(root, &lay.place, &lay.x, &lay.y, true)?;
        let mut chart = chart.set_secondary_coord(
            layout::KeyAxis::new(lay.x.range, vec![], vec![]),
            right.key_axis(),
        );
        draw_mesh(&mut chart, th, &lay.x, &lay.y)?;
        draw_secondary_mesh(&mut chart, th, &right)?;
        if let Some((_, edges, bins)) = &binned {
            draw_bars(&mut chart, th, edges, bins)?;
        }
        // Cumulative share as a step line over all runs (so it levels off
        // below 100 % when some runs never agree).
        if runs.reached > 0 {
            let frame = lay.place.frame();
            let pts = cumulative_line(&runs, lay.x.range, frame.x1 - frame.x0);
            chart
                .draw_secondary_series(std::iter::once(PathElement::new(
                    pts,
                    th.line(LINE_COLOR, 2.5),
                )))
                .map_err(draw_err)?;
        }
        draw_markers(root, th, &chart, &lay.labels, layout::INK)?;
        let frame = lay.place.frame();
        if runs.total == 0 {
            draw_note(root, th, &frame, "No runs")?;
        } else if runs.reached == 0 {
            draw_note(
                root,
                th,
                &frame,
                &format!("No {} in any run by the horizon", self.outcome),
            )?;
        }
        Ok(())
    }
}

/// The histogram's bars, `bins[i]` runs from `edges[i]` to `edges[i + 1]`, empty bins left out.
fn draw_bars<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Coord>,
    th: &Theme,
    edges: &[i64],
    bins: &[u64],
) -> Result<(), ChartError> {
    let bar = |i: usize, c: u64| [(edges[i] as f64, 0.0), (edges[i + 1] as f64, c as f64)];
    let filled = bins.iter().enumerate().filter(|(_, c)| **c > 0);
    chart
        .draw_series(
            filled
                .clone()
                .map(|(i, &c)| Rectangle::new(bar(i, c), BAR_FILL.filled())),
        )
        .map_err(draw_err)?;
    // Thin white separators keep neighbouring bars apart.
    chart
        .draw_series(filled.map(|(i, &c)| Rectangle::new(bar(i, c), th.line(WHITE, 1.0))))
        .map_err(draw_err)?;
    Ok(())
}

/// The points of the cumulative share of all runs (percent) across the axis `x_range`, on a plot
/// `plot_w` pixels wide: a step line, or, with more distinct values than a few per pixel column
/// (where the steps blur into a line anyway), the points joined without risers, which would look
/// ragged on the bitmap.
fn cumulative_line(runs: &Reached, x_range: (f64, f64), plot_w: i32) -> Vec<(f64, f64)> {
    let pct = |c: u64| c as f64 / runs.total as f64 * 100.0;
    let dense = runs.counts.len() as i32 * 4 > plot_w;
    let mut pts = vec![(x_range.0, 0.0)];
    let mut cum = 0u64;
    for &(v, c) in &runs.counts {
        if !dense || pts.len() == 1 {
            pts.push((v as f64, pct(cum)));
        }
        cum = cum.saturating_add(c);
        pts.push((v as f64, pct(cum)));
    }
    pts.push((x_range.1, pct(cum)));
    pts
}

impl AgreementDateData {
    /// The runs that reach the outcome, by value, and how many runs there are in all.
    fn reached(&self) -> Reached {
        let mut counts: Vec<(i64, u64)> = self.counts.iter().copied().filter(|c| c.1 > 0).collect();
        counts.sort_by_key(|c| c.0);
        let reached: u64 = counts.iter().map(|c| c.1).fold(0u64, u64::saturating_add);
        Reached {
            counts,
            reached,
            total: reached.saturating_add(self.never),
        }
    }

    /// The left axis's description, "runs per week" (the bin of `step`, or a month or a turn
    /// without bins); none without a y label.
    fn y_desc(&self, step: Option<BinStep>) -> String {
        if self.y_label.is_empty() {
            return String::new();
        }
        let bin_name =
            step.map(|s| s.name(self.time_axis))
                .unwrap_or_else(|| match self.time_axis {
                    TimeAxis::Dates => "month".to_string(),
                    TimeAxis::Turns => "turn".to_string(),
                });
        format!("{} per {}", self.y_label, bin_name)
    }

    /// What the layout needs: the bars on the left axis, the cumulative share on the right
    /// (0–100 %), the observed date as a marker.
    fn spec<'s>(
        &'s self,
        runs: &Reached,
        binned: Option<&(BinStep, Vec<i64>, Vec<u64>)>,
        y_desc: &'s str,
    ) -> TimeChartSpec<'s> {
        let max_bin = binned
            .and_then(|b| b.2.iter().copied().max())
            .unwrap_or(0)
            .max(1);
        TimeChartSpec {
            title: &self.title,
            subtitle: self.subtitle_lines(runs.total),
            legend: legend(y_desc, runs.total),
            time_axis: self.time_axis,
            x_range: self.x_range(binned.map(|b| &b.1[..])),
            x_desc: &self.x_label,
            y_range: (0.0, max_bin as f64 * 1.05),
            y_ticks: None,
            y_integer: true,
            y_desc,
            right: Some((
                (0.0, 100.0),
                fixed_ticks(0.0, 100.0, 20.0),
                self.cumulative_label.clone(),
            )),
            markers: self
                .observed
                .iter()
                .map(|(v, l)| (*v as f64, l.clone()))
                .collect(),
        }
    }

    /// The subtitle, with the share of runs that never reach the outcome.
    fn subtitle_lines(&self, total: u64) -> Vec<String> {
        let mut subtitle: Vec<String> = self.subtitle.iter().cloned().collect();
        if total == 0 {
            subtitle.push("No runs to summarise".to_string());
        } else if self.never > 0 {
            subtitle.push(format!(
                "{} of runs reach no {} by the horizon ({} of {})",
                fmt_pct(self.never as f64 / total as f64),
                self.outcome,
                self.never,
                total
            ));
        }
        subtitle
    }

    /// The time axis's extent: the bins' edges, the observed date and the requested range.
    fn x_range(&self, edges: Option<&[i64]>) -> (f64, f64) {
        let edges = edges.map(|e| [e[0], e[e.len() - 1]]);
        let observed = self.observed.as_ref().map(|(v, _)| *v);
        let range = self.range.map(|(a, b)| [a, b]);
        let times = edges
            .into_iter()
            .flatten()
            .chain(observed)
            .chain(range.into_iter().flatten());
        time_extent(times, self.time_axis)
    }
}

/// The legend: the bars (runs per bin) and the cumulative line.
fn legend(y_desc: &str, total: u64) -> Vec<LegendItem> {
    vec![
        LegendItem::new(
            Glyph::solid(BAR_FILL),
            if y_desc.is_empty() {
                "Runs (bars, left axis)".to_string()
            } else {
                format!("{y_desc} (bars, left axis)")
            },
        ),
        LegendItem::new(
            Glyph::Line {
                color: LINE_COLOR,
                width: 2.5,
            },
            if total > 0 {
                format!("Cumulative share of all {total} runs (line, right axis)")
            } else {
                "Cumulative share of runs (line, right axis)".to_string()
            },
        ),
    ]
}
