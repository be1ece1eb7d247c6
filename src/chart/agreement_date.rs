//! Figure "agreement date": owns the histogram of when an agreement is
//! reached across runs (re-binned here into calendar-aligned bars), the
//! cumulative share of runs on a secondary 0–100 % axis, the observed
//! historical date as a dashed marker, and the subtitle sentence on runs
//! that never reach the agreement.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, PathElement, Rectangle};
use plotters::style::{Color, RGBColor, WHITE};

use super::layout::{
    self, Glyph, LegendItem, Theme, TimeChartSpec, draw_markers, draw_mesh, draw_note, fixed_ticks,
    fmt_pct, month_index, month_start, pad_time_range,
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

impl Render for AgreementDateData {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), ChartError> {
        root.fill(&WHITE).map_err(draw_err)?;
        let mut counts: Vec<(i64, u64)> = self.counts.iter().copied().filter(|c| c.1 > 0).collect();
        counts.sort_by_key(|c| c.0);
        let reached: u64 = counts.iter().map(|c| c.1).fold(0u64, u64::saturating_add);
        let total = reached.saturating_add(self.never);

        let subtitle = self.subtitle_lines(total);

        let binned = bin(self.time_axis, &counts);
        let bin_name = binned
            .as_ref()
            .map(|b| b.0.name(self.time_axis))
            .unwrap_or_else(|| match self.time_axis {
                TimeAxis::Dates => "month".to_string(),
                TimeAxis::Turns => "turn".to_string(),
            });
        let y_desc = if self.y_label.is_empty() {
            String::new()
        } else {
            format!("{} per {}", self.y_label, bin_name)
        };

        let x_range = self.x_range(binned.as_ref().map(|b| &b.1[..]));
        let max_bin = binned
            .as_ref()
            .and_then(|b| b.2.iter().copied().max())
            .unwrap_or(0)
            .max(1);

        let bar_fill = OKABE_ITO_SKY_BLUE;
        let line_color = OKABE_ITO_VERMILLION;
        let legend = legend(&y_desc, total, bar_fill, line_color);
        let spec = TimeChartSpec {
            title: &self.title,
            subtitle,
            legend,
            time_axis: self.time_axis,
            x_range,
            x_desc: &self.x_label,
            y_range: (0.0, max_bin as f64 * 1.05),
            y_ticks: None,
            y_integer: true,
            y_desc: &y_desc,
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
        };
        let lay = layout::layout_time_chart(root, th, &spec)?;
        let right = lay.right.clone().unwrap_or_else(|| lay.y.clone());
        let chart = layout::build_chart(root, &lay.place, &lay.x, &lay.y, true)?;
        let mut chart = chart.set_secondary_coord(
            layout::KeyAxis::new(lay.x.range, vec![], vec![]),
            right.key_axis(),
        );
        draw_mesh(&mut chart, th, &lay.x, &lay.y)?;
        let rf = |v: &f64| right.ticks.label(*v);
        chart
            .configure_secondary_axes()
            .y_label_formatter(&rf)
            .label_style(th.style(layout::TICK_FONT))
            .y_label_offset(th.baseline_fix(layout::TICK_FONT))
            .axis_desc_style(th.style(layout::Font::new(layout::SIZE_LABEL, layout::INK)))
            .y_desc(right.desc.clone())
            .axis_style(th.line(layout::AXIS, 1.0))
            .set_all_tick_mark_size(th.px(6.0))
            .draw()
            .map_err(draw_err)?;

        if let Some((_, edges, bins)) = &binned {
            let bars = bins
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(i, &c)| {
                    Rectangle::new(
                        [(edges[i] as f64, 0.0), (edges[i + 1] as f64, c as f64)],
                        bar_fill.filled(),
                    )
                });
            chart.draw_series(bars).map_err(draw_err)?;
            // Thin white separators keep neighbouring bars apart.
            let seps = bins
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(i, &c)| {
                    Rectangle::new(
                        [(edges[i] as f64, 0.0), (edges[i + 1] as f64, c as f64)],
                        th.line(WHITE, 1.0),
                    )
                });
            chart.draw_series(seps).map_err(draw_err)?;
        }

        // Cumulative share as a step line over all runs (so it levels off
        // below 100 % when some runs never agree).
        if reached > 0 {
            let pct = |c: u64| c as f64 / total as f64 * 100.0;
            let frame = lay.place.frame();
            // With more distinct values than a few per pixel column, the
            // steps blur into a line anyway: join the points instead of
            // drawing risers, which would look ragged on the bitmap.
            let dense = counts.len() as i32 * 4 > frame.x1 - frame.x0;
            let mut pts = vec![(lay.x.range.0, 0.0)];
            let mut cum = 0u64;
            for &(v, c) in &counts {
                if !dense || pts.len() == 1 {
                    pts.push((v as f64, pct(cum)));
                }
                cum = cum.saturating_add(c);
                pts.push((v as f64, pct(cum)));
            }
            pts.push((lay.x.range.1, pct(cum)));
            chart
                .draw_secondary_series(std::iter::once(PathElement::new(
                    pts,
                    th.line(line_color, 2.5),
                )))
                .map_err(draw_err)?;
        }

        draw_markers(root, th, &chart, &lay.labels, layout::INK)?;
        let frame = lay.place.frame();
        if total == 0 {
            draw_note(root, th, &frame, "No runs")?;
        } else if reached == 0 {
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

impl AgreementDateData {
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
        let mut xs: Vec<f64> = Vec::new();
        if let Some(edges) = edges {
            xs.push(edges[0] as f64);
            xs.push(edges[edges.len() - 1] as f64);
        }
        if let Some((v, _)) = &self.observed {
            xs.push(*v as f64);
        }
        if let Some((a, b)) = self.range {
            xs.push(a as f64);
            xs.push(b as f64);
        }
        if xs.is_empty() {
            layout::empty_time_range(self.time_axis)
        } else {
            let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            pad_time_range(lo, hi, self.time_axis)
        }
    }
}

/// The legend: the bars (runs per bin) and the cumulative line.
fn legend(y_desc: &str, total: u64, bar_fill: RGBColor, line_color: RGBColor) -> Vec<LegendItem> {
    vec![
        LegendItem::new(
            Glyph::Fill {
                fill: bar_fill.to_rgba(),
                edge: bar_fill,
            },
            if y_desc.is_empty() {
                "Runs (bars, left axis)".to_string()
            } else {
                format!("{y_desc} (bars, left axis)")
            },
        ),
        LegendItem::new(
            Glyph::Line {
                color: line_color,
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
