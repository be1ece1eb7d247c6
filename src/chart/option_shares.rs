//! Figure "option shares": owns the per-issue 100 % stacked horizontal bars
//! of which option each issue ends on, the colour assignment of options
//! (one colour per option label when few labels recur across issues, else
//! per position within the issue), the in-bar percentages and the legends.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, Rectangle};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor, WHITE};

use super::layout::{
    self, Axis, Font, Glyph, INK, LegendItem, MARGIN, MUTED, Placement, SIZE_NOTE, Theme, bar_half,
    category_axis, draw_legend, draw_mesh, draw_note, draw_text, draw_top, fixed_ticks, fmt_pct,
    is_dark, row_y,
};
use super::{
    ChartError, ChartOptions, Figure, OptionSharesData, Render, SERIES_COLORS, draw_err,
    render_figure,
};

/// Colours for options: the Okabe–Ito hues without black (which would hide
/// the in-bar labels).
const OPTION_COLORS: usize = SERIES_COLORS.len() - 1;

fn option_color(i: usize) -> RGBColor {
    SERIES_COLORS[i % OPTION_COLORS]
}

/// Draws, per issue, a 100 % stacked horizontal bar of the shares of runs
/// ending on each option, with percentages inside the segments and a legend.
pub fn draw_option_shares(
    data: &OptionSharesData,
    opts: &ChartOptions,
) -> Result<Figure, ChartError> {
    render_figure(data, opts)
}

impl Render for OptionSharesData {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), ChartError> {
        root.fill(&WHITE).map_err(draw_err)?;
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let n = self.issues.len();

        // Distinct option labels in order of first appearance.
        let mut distinct: Vec<&str> = Vec::new();
        for issue in &self.issues {
            for (label, _) in &issue.options {
                if !distinct.contains(&label.as_str()) {
                    distinct.push(label);
                }
            }
        }
        // One shared legend when every label can keep its own colour;
        // otherwise colour by position and give each bar its own legend line.
        let shared = distinct.len() <= OPTION_COLORS;
        let color_of = |issue_opt: usize, label: &str| {
            if shared {
                option_color(distinct.iter().position(|d| *d == label).unwrap_or(0))
            } else {
                option_color(issue_opt)
            }
        };

        let legend: Vec<LegendItem> = if shared {
            distinct
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let c = option_color(i);
                    LegendItem::new(
                        Glyph::Fill {
                            fill: c.to_rgba(),
                            edge: c,
                        },
                        *d,
                    )
                })
                .collect()
        } else {
            vec![]
        };
        let subtitle: Vec<String> = self.subtitle.iter().cloned().collect();
        let top = draw_top(root, th, &self.title, &subtitle, &legend)?;

        let labels: Vec<String> = self.issues.iter().map(|r| r.issue.clone()).collect();
        // Leave room under each bar for its own legend line when needed:
        // bars (and their labels) sit a little above the row centre.
        let (frac, shift) = if shared { (0.55, 0.0) } else { (0.4, 0.12) };
        let mut y = category_axis(th, &labels, w * 3 / 10)?;
        for t in &mut y.ticks.major {
            t.0 += shift;
        }
        let m = th.px(MARGIN);
        let place = Placement {
            area: (m, top, w - m, h - th.px(12.0)),
            left: layout::side_label_area(th, y.ticks.max_label_width(th)?, false),
            right: th.px(24.0),
            bottom: layout::bottom_label_area(th, !self.x_label.is_empty()),
        };
        let frame = place.frame();
        let x = Axis {
            range: (0.0, 100.0),
            ticks: fixed_ticks(
                0.0,
                100.0,
                if frame.x1 - frame.x0 > th.px(500.0) {
                    10.0
                } else {
                    25.0
                },
            ),
            desc: self.x_label.clone(),
            grid: true,
        };
        let mut chart = layout::build_chart(root, &place, &x, &y, false)?;
        draw_mesh(&mut chart, th, &x, &y)?;

        let half = bar_half(th, &frame, n, frac, 56.0);
        let pct_font = Font::new(SIZE_NOTE, INK);
        for (i, issue) in self.issues.iter().enumerate() {
            let yc = row_y(i, n) + shift;
            // Negative, NaN and infinite shares count as zero.
            let clean = |v: f64| if v.is_finite() { v.max(0.0) } else { 0.0 };
            let total: f64 = issue.options.iter().map(|o| clean(o.1)).sum();
            if total <= 0.0 {
                let (_, py) = chart.backend_coord(&(0.0, yc));
                draw_text(
                    root,
                    th,
                    "no runs to show",
                    (frame.x0 + th.px(10.0), py),
                    Font::new(SIZE_NOTE, MUTED),
                    (HPos::Left, VPos::Center),
                )?;
                continue;
            }
            let mut at = 0.0;
            let mut row_legend = Vec::new();
            for (k, (label, share)) in issue.options.iter().enumerate() {
                let share = clean(*share) / total;
                let c = color_of(k, label);
                row_legend.push(LegendItem::new(
                    Glyph::Fill {
                        fill: c.to_rgba(),
                        edge: c,
                    },
                    format!("{label} ({})", fmt_pct(share)),
                ));
                if share <= 0.0 {
                    continue;
                }
                let (a, b) = (at * 100.0, (at + share) * 100.0);
                at += share;
                chart
                    .draw_series([
                        Rectangle::new([(a, yc - half), (b, yc + half)], c.filled()),
                        Rectangle::new([(a, yc - half), (b, yc + half)], th.line(WHITE, 1.5)),
                    ])
                    .map_err(draw_err)?;
                let text = fmt_pct(share);
                let (xa, py) = chart.backend_coord(&(a, yc));
                let (xb, _) = chart.backend_coord(&(b, yc));
                let (tw, tht) = th.measure(&text, pct_font)?;
                let (_, bar_top) = chart.backend_coord(&(a, yc + half));
                let (_, bar_bot) = chart.backend_coord(&(a, yc - half));
                if tw + th.px(10.0) <= xb - xa && tht + th.px(2.0) <= bar_bot - bar_top {
                    let font = Font::new(SIZE_NOTE, if is_dark(c) { WHITE } else { INK });
                    draw_text(
                        root,
                        th,
                        &text,
                        ((xa + xb) / 2, py),
                        font,
                        (HPos::Center, VPos::Center),
                    )?;
                }
            }
            if !shared {
                let (_, bar_bottom) = chart.backend_coord(&(0.0, yc - half));
                draw_legend(
                    root,
                    th,
                    &row_legend,
                    (frame.x0, bar_bottom + th.px(4.0)),
                    frame.x1 - frame.x0,
                )?;
            }
        }
        if n == 0 {
            draw_note(root, th, &frame, "No issues to show")?;
        }
        Ok(())
    }
}
