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
    row_y, time_extent, time_ticks, truncate_to,
};
use super::{
    ChartError, ChartOptions, EventTimingData, EventTimingRow, Figure, OKABE_ITO_BLUE,
    OKABE_ITO_SKY_BLUE, Render, draw_err, render_figure,
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
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), ChartError> {
        root.fill(&WHITE).map_err(draw_err)?;
        let subtitle: Vec<String> = self.subtitle.iter().cloned().collect();
        let top = draw_top(root, th, &self.title, &subtitle, &legend())?;
        let (w, h) = root.dim_in_pixel();
        let (shown, rows) = self.fitting(th, h as i32, top);
        let panels = shown.panels(th, (w as i32, h as i32), top, rows)?;
        shown.draw_shares(root, th, &panels)?;
        shown.draw_timings(root, th, &panels)?;
        if self.events.is_empty() {
            let (lf, rf) = (panels.left.frame(), panels.right.frame());
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

/// The figure's two panels, side by side, one row per event in both.
struct Panels {
    /// The left panel (the share bars, with the events' names), a quarter of the width.
    left: Placement,
    /// The right panel (when each fires).
    right: Placement,
    /// The left panel's x axis: the share of runs, 0–100 %.
    share_x: Axis,
    /// The right panel's x axis: time.
    time_x: Axis,
    /// The rows, labelled with the events' names (left panel).
    y: Axis,
    /// The same rows without labels (right panel).
    y_right: Axis,
    /// Half a bar's height, in rows.
    half: f64,
    /// The rows drawn with a bar and a timing; a row after them only names what was left out.
    rows: usize,
}

impl EventTimingData {
    /// The rows that fit a figure `h` pixels tall below `top` (each at least a label's height): the
    /// data as it is, or its first rows and a last one that counts the others ("8 more", all of
    /// them in summary.json); and how many rows are drawn in full.
    fn fitting(&self, th: &Theme, h: i32, top: i32) -> (std::borrow::Cow<'_, Self>, usize) {
        let n = self.events.len();
        let bottom = h - th.px(12.0) - layout::bottom_label_area(th, true);
        let row = th.em(layout::SIZE_TICK) + th.px(2.0);
        let fit = usize::try_from((bottom - top) / row.max(1))
            .unwrap_or(0)
            .max(2);
        if n <= fit {
            return (std::borrow::Cow::Borrowed(self), n);
        }
        let keep = fit - 1;
        let mut shown = self.clone();
        shown.events.truncate(keep);
        shown.events.push(EventTimingRow {
            event: format!("{} more", n - keep),
            share: f64::NAN,
            timing: None,
        });
        (std::borrow::Cow::Owned(shown), keep)
    }

    /// Lays out the two panels below `top` in a figure of `size` pixels, `rows` of them drawn in
    /// full.
    fn panels(
        &self,
        th: &Theme,
        size: (i32, i32),
        top: i32,
        rows: usize,
    ) -> Result<Panels, ChartError> {
        let (w, h) = size;
        let m = th.px(MARGIN);
        let bottom = h - th.px(12.0);
        let bottom_area =
            layout::bottom_label_area(th, !self.x_label.is_empty() || !self.share_label.is_empty());
        // Left panel: event names and share bars, a quarter of what is left.
        let labels: Vec<String> = self.events.iter().map(|e| e.event.clone()).collect();
        // On a narrow figure the names and the bars give up room so the time axis keeps some.
        let y = category_axis(th, &labels, if w < 800 { w / 4 } else { w * 3 / 10 })?;
        let left_labels = layout::side_label_area(th, y.ticks.max_label_width(th)?, false);
        let free = w - 2 * m - left_labels;
        let bars_w = (free / 4).max(th.px(150.0).min(free / 3));
        let split = m + left_labels + bars_w;
        // Room between the panels for half a "100" and half a date label.
        let gap = th.px(20.0)
            + th.measure("100", layout::TICK_FONT)?.0 / 2
            + th.measure("0000-00-00", layout::TICK_FONT)?.0 / 2;
        let left = Placement {
            area: (m, top, split, bottom),
            left: left_labels,
            right: 0,
            bottom: bottom_area,
        };
        let right = Placement {
            area: (split + gap, top, w - m, bottom),
            left: 0,
            right: th.px(40.0),
            bottom: bottom_area,
        };
        let rf = right.frame();
        // Each panel's description is centred under it: the time axis's is shortened to its panel,
        // the share axis's to what it has before the other one starts (not run into it).
        let label_font = Font::new(layout::SIZE_LABEL, INK);
        let x_desc = truncate_to(th, &self.x_label, label_font, rf.x1 - rf.x0)?;
        let lf = left.frame();
        let centre = (lf.x0 + lf.x1) / 2;
        let right_start = (rf.x0 + rf.x1) / 2 - th.measure(&x_desc, label_font)?.0 / 2;
        let share_w = 2 * (centre - m).min(right_start - th.px(12.0) - centre);
        let share_x = Axis {
            range: (0.0, 100.0),
            ticks: fixed_ticks(0.0, 100.0, if bars_w > th.px(320.0) { 25.0 } else { 50.0 }),
            desc: truncate_to(th, &self.share_label, label_font, share_w)?,
            grid: true,
        };
        let t_range = self.t_range();
        let time_x = Axis {
            range: t_range,
            ticks: time_ticks(th, self.time_axis, t_range.0, t_range.1, rf.x1 - rf.x0)?,
            desc: x_desc,
            grid: true,
        };
        let mut y_right = y.clone();
        for t in &mut y_right.ticks.major {
            t.1.clear();
        }
        let half = bar_half(th, &left.frame(), self.events.len(), 0.5, 34.0);
        Ok(Panels {
            left,
            right,
            share_x,
            time_x,
            y,
            y_right,
            half,
            rows,
        })
    }

    /// The left panel: per event, a bar of the share of runs in which it fires, and the share
    /// written beside the bar's end where it fits there, else inside it.
    fn draw_shares<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
        p: &Panels,
    ) -> Result<(), ChartError> {
        let n = self.events.len();
        let lf = p.left.frame();
        let note = Font::new(SIZE_NOTE, INK);
        let mut chart = layout::build_chart(root, &p.left, &p.share_x, &p.y, false)?;
        draw_zebra(&mut chart, n, p.share_x.range)?;
        draw_mesh(&mut chart, th, &p.share_x, &p.y)?;
        for (i, e) in self.events.iter().enumerate().take(p.rows) {
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
                        [(0.0, yc - p.half), (v, yc + p.half)],
                        OKABE_ITO_SKY_BLUE.filled(),
                    )))
                    .map_err(draw_err)?;
            }
            let text = fmt_pct(share);
            let tw = th.measure(&text, note)?.0;
            let (xe, py) = chart.backend_coord(&(v, yc));
            let (tx, anchor) = if xe + th.px(6.0) + tw <= lf.x1 {
                (xe + th.px(6.0), HPos::Left)
            } else {
                (xe - th.px(6.0), HPos::Right)
            };
            draw_text(root, th, &text, (tx, py), note, (anchor, VPos::Center))?;
        }
        Ok(())
    }

    /// The right panel: per event, its median date as a dot on a 10th–90th percentile whisker, or
    /// "never fires".
    fn draw_timings<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
        p: &Panels,
    ) -> Result<(), ChartError> {
        let n = self.events.len();
        let rf = p.right.frame();
        let muted = Font::new(SIZE_NOTE, MUTED);
        let mut chart = layout::build_chart(root, &p.right, &p.time_x, &p.y_right, false)?;
        draw_zebra(&mut chart, n, p.time_x.range)?;
        draw_mesh(&mut chart, th, &p.time_x, &p.y_right)?;
        let cap = p.half * 0.6;
        for (i, e) in self.events.iter().enumerate().take(p.rows) {
            let yc = row_y(i, n);
            let Some(t) = e.timing else {
                let (_, py) = chart.backend_coord(&(p.time_x.range.0, yc));
                draw_text(
                    root,
                    th,
                    "never fires",
                    (rf.x0 + th.px(10.0), py),
                    muted,
                    (HPos::Left, VPos::Center),
                )?;
                continue;
            };
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
        Ok(())
    }

    /// The time axis's extent over every event's quantiles and the requested range.
    fn t_range(&self) -> (f64, f64) {
        let quantiles = self
            .events
            .iter()
            .filter_map(|e| e.timing)
            .flat_map(|t| [t.p10, t.median, t.p90]);
        let range = self.range.map(|(a, b)| [a, b]).into_iter().flatten();
        time_extent(quantiles.chain(range), self.time_axis)
    }
}

/// The legend: the share bars and the timing whiskers.
fn legend() -> Vec<LegendItem> {
    vec![
        LegendItem::new(
            Glyph::solid(OKABE_ITO_SKY_BLUE),
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
