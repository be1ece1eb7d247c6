//! Figure "event timing": owns the two aligned panels for events and
//! actions — left, the share of runs in which each fires (bars, %); right,
//! when it fires (median dot with a 10th–90th percentile whisker) on a time
//! axis — sharing one row per event.

use plotters::coord::Shift;
use plotters::prelude::{Circle, DrawingArea, DrawingBackend, PathElement, Rectangle};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, WHITE};

use super::layout::{
    self, Axis, Font, Glyph, INK, LegendItem, MARGIN, MUTED, Placement, SIZE_NOTE, Theme, bar_half,
    category_axis, draw_mesh, draw_note, draw_text, draw_top, draw_zebra, fixed_ticks, fmt_pct,
    pad_time_range, row_y, time_ticks,
};
use super::{
    ChartError, ChartOptions, EventTimingData, Figure, OKABE_ITO_BLUE, OKABE_ITO_SKY_BLUE, Render,
    draw_err, render_figure,
};

/// Draws, per event or action, the share of runs in which it fires (left
/// panel) and when it fires (right panel, median and 10th–90th percentile).
pub fn draw_event_timing(
    data: &EventTimingData,
    opts: &ChartOptions,
) -> Result<Figure, ChartError> {
    render_figure(data, opts)
}

impl Render for EventTimingData {
    // Over the function-length limit (clippy.toml) until its layer splits it (issue 19.2).
    #[allow(clippy::too_many_lines)]
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), ChartError> {
        root.fill(&WHITE).map_err(draw_err)?;
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let n = self.events.len();
        let legend = legend();
        let subtitle: Vec<String> = self.subtitle.iter().cloned().collect();
        let top = draw_top(root, th, &self.title, &subtitle, &legend)?;
        let m = th.px(MARGIN);
        let bottom = h - th.px(12.0);
        let bottom_area =
            layout::bottom_label_area(th, !self.x_label.is_empty() || !self.share_label.is_empty());

        // Left panel: event names and share bars, a quarter of what is left.
        let labels: Vec<String> = self.events.iter().map(|e| e.event.clone()).collect();
        let y = category_axis(th, &labels, w * 3 / 10)?;
        let left_labels = layout::side_label_area(th, y.ticks.max_label_width(th)?, false);
        let bars_w = ((w - 2 * m - left_labels) / 4).max(th.px(150.0));
        let split = m + left_labels + bars_w;
        // Room between the panels for half a "100" and half a date label.
        let gap = th.px(20.0)
            + th.measure("100", layout::TICK_FONT)?.0 / 2
            + th.measure("0000-00-00", layout::TICK_FONT)?.0 / 2;
        let left_place = Placement {
            area: (m, top, split, bottom),
            left: left_labels,
            right: 0,
            bottom: bottom_area,
        };
        let right_place = Placement {
            area: (split + gap, top, w - m, bottom),
            left: 0,
            right: th.px(40.0),
            bottom: bottom_area,
        };
        let lf = left_place.frame();
        let rf = right_place.frame();

        let share_x = Axis {
            range: (0.0, 100.0),
            ticks: fixed_ticks(0.0, 100.0, if bars_w > th.px(320.0) { 25.0 } else { 50.0 }),
            desc: self.share_label.clone(),
            grid: true,
        };
        let t_range = self.t_range();
        let time_x = Axis {
            range: t_range,
            ticks: time_ticks(th, self.time_axis, t_range.0, t_range.1, rf.x1 - rf.x0)?,
            desc: self.x_label.clone(),
            grid: true,
        };
        let mut y_right = y.clone();
        for t in &mut y_right.ticks.major {
            t.1.clear();
        }

        let half = bar_half(th, &lf, n, 0.5, 34.0);
        let note = Font::new(SIZE_NOTE, INK);
        let muted = Font::new(SIZE_NOTE, MUTED);
        {
            let mut chart = layout::build_chart(root, &left_place, &share_x, &y, false)?;
            draw_zebra(&mut chart, n, share_x.range)?;
            draw_mesh(&mut chart, th, &share_x, &y)?;
            for (i, e) in self.events.iter().enumerate() {
                let yc = row_y(i, n);
                let share = if e.share.is_finite() {
                    e.share.clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let v = share * 100.0;
                if v > 0.0 {
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(0.0, yc - half), (v, yc + half)],
                            OKABE_ITO_SKY_BLUE.filled(),
                        )))
                        .map_err(draw_err)?;
                }
                let text = fmt_pct(share);
                let tw = th.measure(&text, note)?.0;
                let (xe, py) = chart.backend_coord(&(v, yc));
                // Beside the bar's end when the label fits there, else inside it.
                let (tx, anchor) = if xe + th.px(6.0) + tw <= lf.x1 {
                    (xe + th.px(6.0), HPos::Left)
                } else {
                    (xe - th.px(6.0), HPos::Right)
                };
                draw_text(root, th, &text, (tx, py), note, (anchor, VPos::Center))?;
            }
        }
        {
            let mut chart = layout::build_chart(root, &right_place, &time_x, &y_right, false)?;
            draw_zebra(&mut chart, n, time_x.range)?;
            draw_mesh(&mut chart, th, &time_x, &y_right)?;
            let cap = half * 0.6;
            for (i, e) in self.events.iter().enumerate() {
                let yc = row_y(i, n);
                match e.timing {
                    Some(t) => {
                        let (a, b) = (t.p10.min(t.p90) as f64, t.p10.max(t.p90) as f64);
                        let style = th.line(OKABE_ITO_BLUE, 2.0);
                        chart
                            .draw_series([
                                PathElement::new(vec![(a, yc), (b, yc)], style),
                                PathElement::new(vec![(a, yc - cap), (a, yc + cap)], style),
                                PathElement::new(vec![(b, yc - cap), (b, yc + cap)], style),
                            ])
                            .map_err(draw_err)?;
                        chart
                            .draw_series(std::iter::once(Circle::new(
                                (t.median as f64, yc),
                                th.px(6.0),
                                OKABE_ITO_BLUE.filled(),
                            )))
                            .map_err(draw_err)?;
                    }
                    None => {
                        let (_, py) = chart.backend_coord(&(t_range.0, yc));
                        draw_text(
                            root,
                            th,
                            "never fires",
                            (rf.x0 + th.px(10.0), py),
                            muted,
                            (HPos::Left, VPos::Center),
                        )?;
                    }
                }
            }
        }
        if n == 0 {
            let whole = layout::Frame {
                x0: lf.x0,
                y0: lf.y0,
                x1: rf.x1,
                y1: rf.y1,
            };
            draw_note(root, th, &whole, "No events to show")?;
        }
        Ok(())
    }
}

/// The legend: the share bars and the timing whiskers.
fn legend() -> Vec<LegendItem> {
    vec![
        LegendItem::new(
            Glyph::Fill {
                fill: OKABE_ITO_SKY_BLUE.to_rgba(),
                edge: OKABE_ITO_SKY_BLUE,
            },
            "Share of runs in which it fires",
        ),
        LegendItem::new(
            Glyph::DotWhisker {
                color: OKABE_ITO_BLUE,
            },
            "When it fires: median and 10th–90th percentile",
        ),
    ]
}

impl EventTimingData {
    /// The time axis's extent over every event's quantiles and the requested range.
    fn t_range(&self) -> (f64, f64) {
        let mut ts: Vec<i64> = self
            .events
            .iter()
            .filter_map(|e| e.timing)
            .flat_map(|t| [t.p10, t.median, t.p90])
            .collect();
        if let Some((a, b)) = self.range {
            ts.extend([a, b]);
        }
        match (ts.iter().min(), ts.iter().max()) {
            (Some(&lo), Some(&hi)) => pad_time_range(lo as f64, hi as f64, self.time_axis),
            _ => layout::empty_time_range(self.time_axis),
        }
    }
}
