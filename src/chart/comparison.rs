//! Figure "comparison": owns the overlaid cumulative distributions (ECDFs)
//! of an agreement's date under the base scenario (black) and each
//! alternative (palette colours), their legend with caller-supplied texts,
//! and the observed-date marker.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, PathElement};
use plotters::style::{RGBColor, WHITE};

use super::layout::{
    self, Glyph, INK, LegendItem, Theme, TimeChartSpec, draw_markers, draw_mesh, draw_note,
    fixed_ticks, pad_time_range,
};
use super::{
    ChartError, ChartOptions, ComparisonData, EcdfSeries, Figure, OKABE_ITO_BLACK, Render,
    SERIES_COLORS, draw_err, render_figure,
};

/// Draws the cumulative share of runs that have reached the agreement by
/// each date, for the base scenario and every alternative.
pub fn draw_comparison(data: &ComparisonData, opts: &ChartOptions) -> Result<Figure, ChartError> {
    render_figure(data, opts)
}

/// Alternatives' colours: the palette without black (the base's colour).
fn alt_color(i: usize) -> RGBColor {
    SERIES_COLORS[i % (SERIES_COLORS.len() - 1)]
}

/// Step-line points (in %) for one ECDF over the x range `x`; points are
/// sorted by time and shares clamped to 0..=1. Dense data (more than a
/// point per few pixels) is joined directly instead of with risers.
fn ecdf_path(series: &EcdfSeries, x: (f64, f64), dense_above: usize) -> Vec<(f64, f64)> {
    let mut pts = series.points.clone();
    pts.sort_by_key(|p| p.0);
    let dense = pts.len() > dense_above;
    let mut out = vec![(x.0, 0.0)];
    let mut prev = 0.0;
    for (t, share) in pts {
        let v = if share.is_finite() {
            share.clamp(0.0, 1.0) * 100.0
        } else {
            prev
        };
        if !dense || out.len() == 1 {
            out.push((t as f64, prev));
        }
        out.push((t as f64, v));
        prev = v;
    }
    out.push((x.1, prev));
    out
}

impl Render for ComparisonData {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), ChartError> {
        root.fill(&WHITE).map_err(draw_err)?;
        let mut legend = vec![LegendItem::new(
            Glyph::Line {
                color: OKABE_ITO_BLACK,
                width: 3.0,
            },
            self.base.legend.clone(),
        )];
        for (i, alt) in self.alternatives.iter().enumerate() {
            legend.push(LegendItem::new(
                Glyph::Line {
                    color: alt_color(i),
                    width: 2.5,
                },
                alt.legend.clone(),
            ));
        }

        let all = std::iter::once(&self.base).chain(&self.alternatives);
        let mut xs: Vec<i64> = all
            .clone()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .collect();
        xs.extend(self.observed.iter().map(|o| o.0));
        if let Some((a, b)) = self.range {
            xs.extend([a, b]);
        }
        let x_range = match (xs.iter().min(), xs.iter().max()) {
            (Some(&lo), Some(&hi)) => pad_time_range(lo as f64, hi as f64, self.time_axis),
            _ => layout::empty_time_range(self.time_axis),
        };
        let spec = TimeChartSpec {
            title: &self.title,
            subtitle: self.subtitle.iter().cloned().collect(),
            legend,
            time_axis: self.time_axis,
            x_range,
            x_desc: &self.x_label,
            y_range: (0.0, 100.0),
            y_ticks: Some(fixed_ticks(0.0, 100.0, 25.0)),
            y_integer: false,
            y_desc: &self.y_label,
            right: None,
            markers: self
                .observed
                .iter()
                .map(|(v, l)| (*v as f64, l.clone()))
                .collect(),
        };
        let lay = layout::layout_time_chart(root, th, &spec)?;
        let mut chart = layout::build_chart(root, &lay.place, &lay.x, &lay.y, false)?;
        draw_mesh(&mut chart, th, &lay.x, &lay.y)?;
        let frame = lay.place.frame();
        let dense_above = ((frame.x1 - frame.x0) / th.px(4.0).max(1)).max(1) as usize;

        // Alternatives first, base on top.
        for (i, alt) in self.alternatives.iter().enumerate() {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    ecdf_path(alt, lay.x.range, dense_above),
                    th.line(alt_color(i), 2.5),
                )))
                .map_err(draw_err)?;
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                ecdf_path(&self.base, lay.x.range, dense_above),
                th.line(OKABE_ITO_BLACK, 3.0),
            )))
            .map_err(draw_err)?;
        draw_markers(root, th, &chart, &lay.labels, INK)?;

        let reached_any = all.clone().any(|s| s.points.iter().any(|p| p.1 > 0.0));
        if !reached_any {
            draw_note(
                root,
                th,
                &frame,
                "No run reaches the agreement in any scenario",
            )?;
        }
        Ok(())
    }
}
