//! Figure "tornado": owns the one-at-a-time sensitivity chart — per
//! parameter, bars from the base outcome to the outcome at the parameter's
//! low and high values, sorted by span (largest on top), on an axis centred
//! on the base, with signed value labels at the bar ends.

use plotters::coord::Shift;
use plotters::prelude::{ChartContext, DrawingArea, DrawingBackend, PathElement, Rectangle};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor, WHITE};

use super::layout::{
    self, Axis, Coord, Font, Frame, Glyph, INK, LegendItem, MUTED, SIZE_NOTE, Theme, bar_half,
    category_axis, draw_mesh, draw_note, draw_text, draw_top, draw_zebra, fmt_signed,
    plot_placement, row_y, value_axis,
};
use super::{
    ChartError, ChartOptions, Figure, OKABE_ITO_BLUE, OKABE_ITO_ORANGE, Render, TornadoData,
    TornadoRow, draw_err, render_figure,
};

/// Draws a sensitivity tornado: per parameter, the outcome at its low and
/// high values relative to the base, largest span on top.
pub fn draw_tornado(data: &TornadoData, opts: &ChartOptions) -> Result<Figure, ChartError> {
    render_figure(data, opts)
}

fn finite(v: f64, or: f64) -> f64 {
    if v.is_finite() { v } else { or }
}

/// Decimals for value labels: none when effects are large, else one.
fn label_decimals(max_abs: f64) -> usize {
    if max_abs >= 10.0 || max_abs == 0.0 {
        0
    } else if max_abs >= 1.0 {
        1
    } else {
        2
    }
}

/// The bars' colours: the outcome at the parameter's low value, and at its high value.
const LOW_COLOR: RGBColor = OKABE_ITO_BLUE;
const HIGH_COLOR: RGBColor = OKABE_ITO_ORANGE;

impl Render for TornadoData {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), ChartError> {
        root.fill(&WHITE).map_err(draw_err)?;
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let base = finite(self.base, 0.0);
        let rows = self.sorted_rows(base);
        let n = rows.len();
        let subtitle: Vec<String> = self.subtitle.iter().cloned().collect();
        let mut top = draw_top(root, th, &self.title, &subtitle, &self.legend())?;
        // A row above the plot for the base line's label.
        let base_font = Font::new(SIZE_NOTE, INK);
        let band = if self.base_label.is_empty() {
            0
        } else {
            th.line_height(base_font) + th.px(4.0)
        };
        top += band;

        let labels: Vec<String> = rows.iter().map(|r| r.parameter.clone()).collect();
        // Parameter names are long paths: give them two fifths of the width (the value axis is symmetric
        // and rarely needs more).
        let y = category_axis(th, &labels, w * 2 / 5)?;
        let x_desc = !self.x_label.is_empty();
        let place = plot_placement(th, (w, h), top, &y, th.px(24.0), x_desc)?;
        let frame = place.frame();
        let max_abs = rows
            .iter()
            .map(|r| (r.low - base).abs().max((r.high - base).abs()))
            .fold(0.0, f64::max);
        let x = self.x_axis(th, base, max_abs, frame.x1 - frame.x0);
        let mut chart = layout::build_chart(root, &place, &x, &y, false)?;
        draw_zebra(&mut chart, n, x.range)?;
        draw_mesh(&mut chart, th, &x, &y)?;

        let bars = Bars {
            base,
            half: bar_half(th, &frame, n, 0.6, 44.0),
            // Rows whose two bars lie on one side are split in two: each half gets more of the
            // row, so that the two value labels stacked beside them do not overlap.
            split_half: bar_half(th, &frame, n, 0.84, 64.0),
            decimals: label_decimals(max_abs),
            unit: if self.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", self.unit)
            },
            colors: (LOW_COLOR, HIGH_COLOR),
        };
        for (i, r) in rows.iter().enumerate() {
            bars.draw_row(root, th, &mut chart, r, row_y(i, n))?;
        }
        self.draw_base(root, th, &chart, &y, &frame, (base, max_abs, n), base_font)?;
        Ok(())
    }
}

/// How the rows' bars are drawn: about the base, with their value labels.
struct Bars {
    base: f64,
    half: f64,
    split_half: f64,
    decimals: usize,
    unit: String,
    colors: (RGBColor, RGBColor),
}

impl Bars {
    /// One parameter's two bars (low and high) and their labels, centred on `yc`.
    fn draw_row<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
        chart: &mut ChartContext<'_, DB, Coord>,
        r: &TornadoRow,
        yc: f64,
    ) -> Result<(), ChartError> {
        let value_font = Font::new(SIZE_NOTE, INK);
        // Both on one side of the self.base: split the row so neither hides.
        let same_side = (r.low - self.base) * (r.high - self.base) > 0.0;
        let bars = [(r.low, self.colors.0, 1.0), (r.high, self.colors.1, -1.0)];
        for (v, c, side) in bars {
            let (y0, y1) = if same_side {
                if side > 0.0 {
                    (yc, yc + self.split_half)
                } else {
                    (yc - self.split_half, yc)
                }
            } else {
                (yc - self.half, yc + self.half)
            };
            if (v - self.base).abs() > 0.0 {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(self.base, y0), (v, y1)],
                        c.filled(),
                    )))
                    .map_err(draw_err)?;
            }
            let text = format!("{}{}", fmt_signed(v - self.base, self.decimals), self.unit);
            let (px, py) = chart.backend_coord(&(v, (y0 + y1) / 2.0));
            let (anchor, tx) = if v >= self.base {
                (HPos::Left, px + th.px(6.0))
            } else {
                (HPos::Right, px - th.px(6.0))
            };
            // Label zero effects only when both are zero, and then once. Two labels stacked in
            // a row too low for both are written once, together, beside the longer bar.
            let both_zero = r.low == self.base && r.high == self.base;
            let (_, top_px) = chart.backend_coord(&(v, yc + self.split_half));
            let (_, bottom_px) = chart.backend_coord(&(v, yc - self.split_half));
            let tight = same_side && (bottom_px - top_px) < 2 * th.line_height(value_font);
            if tight {
                let far = if (r.low - self.base).abs() >= (r.high - self.base).abs() {
                    r.low
                } else {
                    r.high
                };
                if v == far {
                    let both = format!(
                        "{} / {}{}",
                        fmt_signed(r.low - self.base, self.decimals),
                        fmt_signed(r.high - self.base, self.decimals),
                        self.unit
                    );
                    let (px, py) = chart.backend_coord(&(v, yc));
                    let (anchor, tx) = if v >= self.base {
                        (HPos::Left, px + th.px(6.0))
                    } else {
                        (HPos::Right, px - th.px(6.0))
                    };
                    draw_text(
                        root,
                        th,
                        &both,
                        (tx, py),
                        value_font,
                        (anchor, VPos::Center),
                    )?;
                }
            } else if v != self.base || (both_zero && side > 0.0) {
                draw_text(
                    root,
                    th,
                    &text,
                    (tx, py),
                    value_font,
                    (anchor, VPos::Center),
                )?;
            }
        }
        Ok(())
    }
}

impl TornadoData {
    /// The rows with non-finite outcomes put at the base, largest span first (stable, so ties keep
    /// the caller's order).
    fn sorted_rows(&self, base: f64) -> Vec<TornadoRow> {
        let mut rows: Vec<TornadoRow> = self
            .rows
            .iter()
            .map(|r| TornadoRow {
                parameter: r.parameter.clone(),
                low: finite(r.low, base),
                high: finite(r.high, base),
            })
            .collect();
        rows.sort_by(|a, b| (b.high - b.low).abs().total_cmp(&(a.high - a.low).abs()));
        rows
    }

    /// The legend: the low and the high values' bars.
    fn legend(&self) -> Vec<LegendItem> {
        vec![
            LegendItem::new(Glyph::solid(LOW_COLOR), self.low_legend.clone()),
            LegendItem::new(Glyph::solid(HIGH_COLOR), self.high_legend.clone()),
        ]
    }

    /// The value axis, `width` pixels long: symmetric about the base, reaching past the largest
    /// effect `max_abs` with room for the value labels, ticks only inside it.
    fn x_axis(&self, th: &Theme, base: f64, max_abs: f64, width: i32) -> Axis {
        let reach = if max_abs > 0.0 { max_abs } else { 1.0 };
        let (x_range, x_ticks) = value_axis(
            th,
            base - reach * 1.3,
            base + reach * 1.3,
            width,
            false,
            false,
        );
        let half_span = (x_range.1 - base).max(base - x_range.0);
        let x_range = (base - half_span, base + half_span);
        let x_ticks = layout::Ticks {
            major: x_ticks
                .major
                .into_iter()
                .filter(|(v, _)| *v >= x_range.0 - 1e-9 && *v <= x_range.1 + 1e-9)
                .collect(),
            minor: vec![],
        };
        Axis {
            range: x_range,
            ticks: x_ticks,
            desc: self.x_label.clone(),
            grid: true,
        }
    }

    /// The base line with its label, and a note when there is nothing to show.
    #[allow(clippy::too_many_arguments)]
    fn draw_base<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
        chart: &ChartContext<'_, DB, Coord>,
        y: &Axis,
        frame: &Frame,
        (base, max_abs, n): (f64, f64, usize),
        base_font: Font,
    ) -> Result<(), ChartError> {
        // Base line and its label.
        let (bx, by_top) = chart.backend_coord(&(base, y.range.1));
        let (_, by_bottom) = chart.backend_coord(&(base, y.range.0));
        root.draw(&PathElement::new(
            vec![(bx, by_bottom), (bx, by_top)],
            th.line(INK, 1.5),
        ))
        .map_err(draw_err)?;
        if !self.base_label.is_empty() {
            draw_text(
                root,
                th,
                &self.base_label,
                (bx, by_top - th.px(6.0)),
                base_font,
                (HPos::Center, VPos::Bottom),
            )?;
        }
        if n == 0 {
            draw_note(root, th, frame, "No parameters to show")?;
        } else if max_abs == 0.0 {
            draw_text(
                root,
                th,
                "No parameter changes the outcome",
                ((frame.x0 + frame.x1) / 2, frame.y1 - th.px(16.0)),
                Font::new(SIZE_NOTE, MUTED),
                (HPos::Center, VPos::Bottom),
            )?;
        }
        Ok(())
    }
}
