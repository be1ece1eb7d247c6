//! Figure "payoffs": owns the per-actor box plots of payoffs (box 25th–75th
//! percentile, whiskers 10th–90th, median line, mean diamond, median value
//! label), the zero reference line and the legend explaining the glyphs.

use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, PathElement, Rectangle};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor, WHITE};

use super::layout::{
    self, Axis, Coord, Font, Glyph, INK, LegendItem, MUTED, SIZE_NOTE, TICK_FONT, Theme, Ticks,
    draw_diamond, draw_mesh, draw_note, draw_text, draw_top, fmt_num, plot_placement, truncate_to,
    value_axis,
};
use super::{
    ActorPayoff, ChartError, ChartOptions, Figure, PayoffsData, Render, draw_err, render_figure,
    series_color,
};

/// Draws one box plot per actor: box from the 25th to the 75th percentile,
/// whiskers from the 10th to the 90th, a median line and a mean diamond.
pub fn draw_payoffs(data: &PayoffsData, opts: &ChartOptions) -> Result<Figure, ChartError> {
    render_figure(data, opts)
}

/// Decimals that show differences of `span` meaningfully.
fn decimals_for(span: f64) -> usize {
    if span.is_nan() || span <= 0.0 || span.is_infinite() {
        return 2;
    }
    let d = 1.0 - crate::math::log10(span).floor();
    d.clamp(0.0, 4.0) as usize
}

impl Render for PayoffsData {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), ChartError> {
        root.fill(&WHITE).map_err(draw_err)?;
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let n = self.actors.len();
        let subtitle: Vec<String> = self.subtitle.iter().cloned().collect();
        let top = draw_top(root, th, &self.title, &subtitle, &legend())?;

        let (lo, hi) = self.extent();
        let pad = (hi - lo) * 0.06;
        let x_desc = !self.x_label.is_empty();
        let plot_h = h - th.px(12.0) - layout::bottom_label_area(th, x_desc) - top;
        let (y_range, y_ticks) = value_axis(th, lo - pad, hi + pad, plot_h, true, false);
        let y = Axis {
            range: y_range,
            ticks: y_ticks,
            desc: self.y_label.clone(),
            grid: true,
        };
        let place = plot_placement(th, (w, h), top, &y, th.px(16.0), x_desc)?;
        let frame = place.frame();
        let x = self.actor_axis(th, (frame.x1 - frame.x0) / n.max(1) as i32)?;
        let mut chart = layout::build_chart(root, &place, &x, &y, false)?;
        draw_mesh(&mut chart, th, &x, &y)?;
        if y.range.0 < 0.0 && y.range.1 > 0.0 {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x.range.0, 0.0), (x.range.1, 0.0)],
                    th.line(RGBColor(0x88, 0x88, 0x88), 1.5),
                )))
                .map_err(draw_err)?;
        }

        let slot_px = f64::from(frame.x1 - frame.x0) / n.max(1) as f64;
        let box_half = (0.45 * slot_px).min(f64::from(th.px(110.0))) / slot_px / 2.0;
        let decimals = decimals_for(y.range.1 - y.range.0);
        for (i, a) in self.actors.iter().enumerate() {
            draw_box(root, th, &mut chart, i, a, box_half, decimals)?;
        }
        if n == 0 {
            draw_note(root, th, &frame, "No actors to show")?;
        }
        Ok(())
    }
}

/// Actor `i`'s box plot at x = `i`, in its series colour, `box_half` wide on each side: whiskers
/// with caps, the box, the median line labelled with its value (`decimals` decimals) and the mean
/// diamond.
fn draw_box<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    th: &Theme,
    chart: &mut ChartContext<'_, DB, Coord>,
    i: usize,
    a: &ActorPayoff,
    box_half: f64,
    decimals: usize,
) -> Result<(), ChartError> {
    let xc = i as f64;
    let c = series_color(i);
    let cap_half = box_half * 0.5;
    let mut q = [a.p10, a.p25, a.median, a.p75, a.p90];
    q.sort_by(f64::total_cmp);
    let [p10, p25, _, p75, p90] = q;
    let med = a.median;
    let whisker = th.line(INK, 1.5);
    chart
        .draw_series([
            PathElement::new(vec![(xc, p10), (xc, p25)], whisker),
            PathElement::new(vec![(xc, p75), (xc, p90)], whisker),
            PathElement::new(vec![(xc - cap_half, p10), (xc + cap_half, p10)], whisker),
            PathElement::new(vec![(xc - cap_half, p90), (xc + cap_half, p90)], whisker),
        ])
        .map_err(draw_err)?;
    chart
        .draw_series([
            Rectangle::new(
                [(xc - box_half, p25), (xc + box_half, p75)],
                c.mix(0.35).filled(),
            ),
            Rectangle::new(
                [(xc - box_half, p25), (xc + box_half, p75)],
                th.line(c, 2.0),
            ),
        ])
        .map_err(draw_err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(xc - box_half, med), (xc + box_half, med)],
            th.line(INK, 3.0),
        )))
        .map_err(draw_err)?;
    let pm = chart.backend_coord(&(xc, a.mean));
    draw_diamond(root, th, pm, 7.0, WHITE, INK)?;
    let (bx, by) = chart.backend_coord(&(xc + box_half, med));
    draw_text(
        root,
        th,
        &fmt_num(med, decimals),
        (bx + th.px(8.0), by),
        Font::new(SIZE_NOTE, MUTED),
        (HPos::Left, VPos::Center),
    )
}

/// The legend: the boxes, whiskers, median and mean.
fn legend() -> Vec<LegendItem> {
    let grey = RGBColor(0x99, 0x99, 0x99);
    vec![
        LegendItem::new(
            Glyph::Fill {
                fill: grey.mix(0.35),
                edge: grey,
            },
            "25th–75th percentile",
        ),
        LegendItem::new(Glyph::Whisker { color: INK }, "10th–90th percentile"),
        LegendItem::new(
            Glyph::Line {
                color: INK,
                width: 3.0,
            },
            "Median",
        ),
        LegendItem::new(
            Glyph::Diamond {
                fill: WHITE,
                edge: INK,
            },
            "Mean",
        ),
    ]
}

impl PayoffsData {
    /// The x axis: actors left to right at x = 0, 1, …, each name shortened to its `slot` pixels.
    fn actor_axis(&self, th: &Theme, slot: i32) -> Result<Axis, ChartError> {
        let n = self.actors.len();
        let mut major = Vec::with_capacity(n);
        for (i, a) in self.actors.iter().enumerate() {
            major.push((
                i as f64,
                truncate_to(th, &a.actor, TICK_FONT, slot - th.px(8.0))?,
            ));
        }
        Ok(Axis {
            range: (-0.5, n.max(1) as f64 - 0.5),
            ticks: Ticks {
                major,
                minor: vec![],
            },
            desc: self.x_label.clone(),
            grid: false,
        })
    }

    /// The value extent over every statistic of every actor ((0, 1) when there is none).
    fn extent(&self) -> (f64, f64) {
        let vals: Vec<f64> = self
            .actors
            .iter()
            .flat_map(|a| [a.p10, a.p25, a.median, a.p75, a.p90, a.mean])
            .filter(|v| v.is_finite())
            .collect();
        let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if vals.is_empty() {
            (0.0, 1.0)
        } else {
            (lo, hi)
        }
    }
}
