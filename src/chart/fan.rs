//! Figure "fan": owns the fan chart of a state variable over time (band
//! from the 10th to the 90th percentile, median line) and the event markers
//! drawn as dashed vertical lines with non-overlapping labels above the plot.

use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::prelude::{Circle, DrawingArea, DrawingBackend, PathElement, Polygon};
use plotters::style::{Color, WHITE};

use super::layout::{
    self, Coord, Glyph, LegendItem, MUTED, Theme, TimeChartSpec, draw_markers, draw_mesh,
    draw_note, time_extent,
};
use super::{
    ChartError, ChartOptions, FAN_FADE_BELOW, FanData, FanPoint, Figure, OKABE_ITO_BLUE,
    OKABE_ITO_SKY_BLUE, Render, draw_err, render_figure,
};

/// Draws a state variable over time: a band from the 10th to the 90th
/// percentile across runs, the median line, and events as labelled lines.
pub fn draw_fan(data: &FanData, opts: &ChartOptions) -> Result<Figure, ChartError> {
    render_figure(data, opts)
}

impl Render for FanData {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), ChartError> {
        root.fill(&WHITE).map_err(draw_err)?;
        let pts = self.clean_points();
        let spec = TimeChartSpec {
            title: &self.title,
            subtitle: self.subtitle.iter().cloned().collect(),
            legend: legend(pts.iter().any(|p| p.going < FAN_FADE_BELOW)),
            time_axis: self.time_axis,
            x_range: self.x_range(&pts),
            x_desc: &self.x_label,
            y_range: self.y_range(&pts),
            y_ticks: None,
            y_integer: false,
            y_desc: &self.y_label,
            right: None,
            markers: self
                .events
                .iter()
                .map(|(t, l)| (*t as f64, l.clone()))
                .collect(),
        };
        let lay = layout::layout_time_chart(root, th, &spec)?;
        let mut chart = layout::build_chart(root, &lay.place, &lay.x, &lay.y, false)?;
        draw_mesh(&mut chart, th, &lay.x, &lay.y)?;
        draw_band(&mut chart, th, &pts)?;
        draw_markers(root, th, &chart, &lay.labels, MUTED)?;
        if pts.is_empty() {
            draw_note(root, th, &lay.place.frame(), "No values to show")?;
        }
        Ok(())
    }
}

impl FanData {
    /// The points with finite quantiles, clamped to the variable's bounds, in time order.
    fn clean_points(&self) -> Vec<FanPoint> {
        let clamp = |v: f64| match self.bounds {
            Some((lo, hi)) if lo <= hi => v.clamp(lo, hi),
            _ => v,
        };
        let mut pts: Vec<FanPoint> = self
            .points
            .iter()
            .copied()
            .filter(|p| p.p10.is_finite() && p.median.is_finite() && p.p90.is_finite())
            .map(|p| FanPoint {
                p10: clamp(p.p10),
                median: clamp(p.median),
                p90: clamp(p.p90),
                ..p
            })
            .collect();
        pts.sort_by_key(|p| p.t);
        pts
    }

    /// The time axis's extent over the points, the events and the requested range.
    fn x_range(&self, pts: &[FanPoint]) -> (f64, f64) {
        let times = pts
            .iter()
            .map(|p| p.t)
            .chain(self.events.iter().map(|e| e.0));
        let range = self.range.map(|(a, b)| [a, b]).into_iter().flatten();
        time_extent(times.chain(range), self.time_axis)
    }

    /// The value axis's extent: the points' quantiles padded by 5 %, within the variable's bounds.
    fn y_range(&self, pts: &[FanPoint]) -> (f64, f64) {
        let lo = pts
            .iter()
            .map(|p| p.p10.min(p.median).min(p.p90))
            .fold(f64::INFINITY, f64::min);
        let hi = pts
            .iter()
            .map(|p| p.p90.max(p.median).max(p.p10))
            .fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = if pts.is_empty() { (0.0, 1.0) } else { (lo, hi) };
        let pad = (hi - lo) * 0.05;
        match self.bounds {
            Some((a, b)) if a <= b => ((lo - pad).max(a), (hi + pad).min(b)),
            _ => (lo - pad, hi + pad),
        }
    }
}

/// The legend: the band, the median and, where some points rest on few runs (`faded`), the faded
/// tail.
fn legend(faded: bool) -> Vec<LegendItem> {
    let mut legend = vec![
        LegendItem::new(
            Glyph::Fill {
                fill: OKABE_ITO_SKY_BLUE.mix(0.4),
                edge: OKABE_ITO_SKY_BLUE,
            },
            "10th–90th percentile of runs",
        ),
        LegendItem::new(
            Glyph::Line {
                color: OKABE_ITO_BLUE,
                width: 3.0,
            },
            "Median",
        ),
    ];
    if faded {
        legend.push(LegendItem::new(
            Glyph::Fill {
                fill: OKABE_ITO_SKY_BLUE.mix(0.12),
                edge: OKABE_ITO_SKY_BLUE,
            },
            "Faded: fewer than 10 % of runs still going",
        ));
    }
    legend
}

/// Draws the fan of time-ordered points: the part resting on enough runs, then the faded tail
/// (sharing its first point); one time point as a whisker and a dot.
fn draw_band<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Coord>,
    th: &Theme,
    pts: &[FanPoint],
) -> Result<(), ChartError> {
    if pts.len() >= 2 {
        let cut = pts
            .iter()
            .position(|p| p.going < FAN_FADE_BELOW)
            .unwrap_or(pts.len());
        let solid = &pts[..cut.max(1).min(pts.len())];
        let tail = &pts[cut.saturating_sub(1)..];
        for (part, alpha, width) in [(solid, 1.0, 3.0), (tail, 0.3, 2.0)] {
            if part.len() < 2 || (alpha < 1.0 && cut >= pts.len()) {
                continue;
            }
            draw_fan_part(chart, th, part, alpha, width)?;
        }
    } else if let Some(p) = pts.first() {
        let t = p.t as f64;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(t, p.p10), (t, p.p90)],
                th.line(OKABE_ITO_SKY_BLUE, 4.0),
            )))
            .map_err(draw_err)?;
        chart
            .draw_series(std::iter::once(Circle::new(
                (t, p.median),
                th.px(6.0),
                OKABE_ITO_BLUE.filled(),
            )))
            .map_err(draw_err)?;
    }
    Ok(())
}

/// Draws one stretch of the fan: the band, its edges and the median, at opacity `alpha`.
fn draw_fan_part<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Coord>,
    th: &Theme,
    pts: &[FanPoint],
    alpha: f64,
    width: f64,
) -> Result<(), ChartError> {
    let mut band: Vec<(f64, f64)> = pts.iter().map(|p| (p.t as f64, p.p90)).collect();
    band.extend(pts.iter().rev().map(|p| (p.t as f64, p.p10)));
    chart
        .draw_series(std::iter::once(Polygon::new(
            band,
            OKABE_ITO_SKY_BLUE.mix(0.4 * alpha).filled(),
        )))
        .map_err(draw_err)?;
    let edge = OKABE_ITO_SKY_BLUE.mix(alpha).stroke_width(th.stroke(1.0));
    for e in [
        pts.iter().map(|p| (p.t as f64, p.p10)).collect::<Vec<_>>(),
        pts.iter().map(|p| (p.t as f64, p.p90)).collect::<Vec<_>>(),
    ] {
        chart
            .draw_series(std::iter::once(PathElement::new(e, edge)))
            .map_err(draw_err)?;
    }
    chart
        .draw_series(std::iter::once(PathElement::new(
            pts.iter()
                .map(|p| (p.t as f64, p.median))
                .collect::<Vec<_>>(),
            OKABE_ITO_BLUE.mix(alpha).stroke_width(th.stroke(width)),
        )))
        .map_err(draw_err)?;
    Ok(())
}
