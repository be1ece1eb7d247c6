//! Figure "fan": owns the fan chart of a state variable over time (band
//! from the 10th to the 90th percentile, median line) and the event markers
//! drawn as dashed vertical lines with non-overlapping labels above the plot.

use plotters::coord::Shift;
use plotters::prelude::{Circle, DrawingArea, DrawingBackend, PathElement, Polygon};
use plotters::style::{Color, WHITE};

use super::layout::{
    self, Glyph, LegendItem, MUTED, Theme, TimeChartSpec, draw_markers, draw_mesh, draw_note,
    pad_time_range,
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

        let band_fill = OKABE_ITO_SKY_BLUE.mix(0.4);
        let legend = vec![
            LegendItem::new(
                Glyph::Fill {
                    fill: band_fill,
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
        let mut legend = legend;
        if pts.iter().any(|p| p.going < FAN_FADE_BELOW) {
            legend.push(LegendItem::new(
                Glyph::Fill {
                    fill: OKABE_ITO_SKY_BLUE.mix(0.12),
                    edge: OKABE_ITO_SKY_BLUE,
                },
                "Faded: fewer than 10 % of runs still going",
            ));
        }

        let mut ts: Vec<i64> = pts.iter().map(|p| p.t).collect();
        ts.extend(self.events.iter().map(|e| e.0));
        if let Some((a, b)) = self.range {
            ts.extend([a, b]);
        }
        let x_range = match (ts.iter().min(), ts.iter().max()) {
            (Some(&lo), Some(&hi)) => pad_time_range(lo as f64, hi as f64, self.time_axis),
            _ => layout::empty_time_range(self.time_axis),
        };
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
        let (y_lo, y_hi) = match self.bounds {
            Some((a, b)) if a <= b => ((lo - pad).max(a), (hi + pad).min(b)),
            _ => (lo - pad, hi + pad),
        };

        let spec = TimeChartSpec {
            title: &self.title,
            subtitle: self.subtitle.iter().cloned().collect(),
            legend,
            time_axis: self.time_axis,
            x_range,
            x_desc: &self.x_label,
            y_range: (y_lo, y_hi),
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

        if pts.len() >= 2 {
            // The part resting on enough runs, then the faded tail (sharing its first point).
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
                draw_fan_part(&mut chart, th, part, alpha, width)?;
            }
        } else if let Some(p) = pts.first() {
            // One time point: a whisker and a dot.
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
        draw_markers(root, th, &chart, &lay.labels, MUTED)?;
        if pts.is_empty() {
            draw_note(root, th, &lay.place.frame(), "No values to show")?;
        }
        Ok(())
    }
}

/// Draws one stretch of the fan: the band, its edges and the median, at opacity `alpha`.
fn draw_fan_part<DB: DrawingBackend>(
    chart: &mut plotters::chart::ChartContext<'_, DB, layout::Coord>,
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
