//! Figure "issue timeline": owns the per-issue horizontal ranges of when each
//! issue settles (10th–90th percentile bar, median tick, median date
//! label), the observed settlement markers, and the right-hand text column
//! "settles last in N % of runs".

use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, PathElement, Rectangle};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, WHITE};

use super::layout::{
    self, Axis, Coord, Font, Frame, Glyph, INK, LegendItem, MUTED, SIZE_NOTE, Theme, bar_half,
    category_axis, draw_diamond, draw_mesh, draw_note, draw_text, draw_top, draw_zebra, fmt_pct,
    plot_placement, row_y, time_extent, time_ticks,
};
use super::{
    ChartError, ChartOptions, Figure, IssueTimelineData, OKABE_ITO_BLUE, OKABE_ITO_SKY_BLUE,
    OKABE_ITO_VERMILLION, Render, TimeSpread, draw_err, format_time, render_figure,
};

/// Draws when each issue settles: per issue a bar from the 10th to the 90th
/// percentile with a median tick, the observed date where given, and a text
/// column with the share of runs in which the issue settles last.
pub fn draw_issue_timeline(
    data: &IssueTimelineData,
    opts: &ChartOptions,
) -> Result<Figure, ChartError> {
    render_figure(data, opts)
}

/// The note beside a row; `short` on a narrow figure, where the long one would squeeze the plot.
fn last_text(share: f64, short: bool) -> String {
    let pct = fmt_pct(share.clamp(0.0, 1.0));
    if short {
        format!("last in {pct}")
    } else {
        format!("settles last in {pct} of runs")
    }
}

impl Render for IssueTimelineData {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), ChartError> {
        root.fill(&WHITE).map_err(draw_err)?;
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let n = self.issues.len();
        let any_observed = self.issues.iter().any(|r| r.observed.is_some());
        let subtitle: Vec<String> = self.subtitle.iter().cloned().collect();
        let top = draw_top(root, th, &self.title, &subtitle, &legend(any_observed))?;

        let labels: Vec<String> = self.issues.iter().map(|r| r.issue.clone()).collect();
        let y = category_axis(th, &labels, w * 3 / 10)?;
        let note_font = Font::new(SIZE_NOTE, INK);
        let column = |short: bool| -> Result<i32, ChartError> {
            let mut col_w = 0;
            for r in &self.issues {
                let text = last_text(r.settles_last_share, short);
                col_w = col_w.max(th.measure(&text, note_font)?.0);
            }
            Ok(col_w + th.px(28.0))
        };
        // The long notes unless they would leave the plot less than two fifths of the width.
        let labels_w = layout::side_label_area(th, y.ticks.max_label_width(th)?, false);
        let short = w - 2 * th.px(layout::MARGIN) - labels_w - column(false)? < w * 2 / 5;
        let right = column(short)?;
        let place = plot_placement(th, (w, h), top, &y, right, !self.x_label.is_empty())?;
        let frame = place.frame();
        let x_range = self.x_range();
        let x = Axis {
            range: x_range,
            ticks: time_ticks(
                th,
                self.time_axis,
                x_range.0,
                x_range.1,
                frame.x1 - frame.x0,
            )?,
            desc: self.x_label.clone(),
            grid: true,
        };
        let mut chart = layout::build_chart(root, &place, &x, &y, false)?;
        draw_zebra(&mut chart, n, x.range)?;
        draw_mesh(&mut chart, th, &x, &y)?;

        let half = bar_half(th, &frame, n, 0.42, 40.0);
        for (i, r) in self.issues.iter().enumerate() {
            let yc = row_y(i, n);
            let (_, py) = chart.backend_coord(&(x.range.0, yc));
            match r.settled {
                Some(s) => self.draw_settled(root, th, &mut chart, &frame, s, (yc, py, half))?,
                None => draw_text(
                    root,
                    th,
                    "not settled in any run",
                    (frame.x0 + th.px(10.0), py),
                    Font::new(SIZE_NOTE, MUTED),
                    (HPos::Left, VPos::Center),
                )?,
            }
            if let Some(o) = r.observed {
                let p = chart.backend_coord(&(o as f64, yc));
                draw_diamond(root, th, p, 8.0, OKABE_ITO_VERMILLION, INK)?;
            }
            draw_text(
                root,
                th,
                &last_text(r.settles_last_share, short),
                (frame.x1 + th.px(16.0), py),
                note_font,
                (HPos::Left, VPos::Center),
            )?;
        }
        if n == 0 {
            draw_note(root, th, &frame, "No issues to show")?;
        } else if self.issues.iter().all(|r| r.settled.is_none()) {
            draw_note(root, th, &frame, "No issue settles in any run")?;
        }
        Ok(())
    }
}

impl IssueTimelineData {
    /// One issue's settlement dates `s` in its row (centre `yc` in rows, `py` in pixels; bars
    /// `half` a row tall on each side): the 10th–90th percentile bar, the median tick, and the
    /// median date beside the bar, right of it, or left if there is no room.
    fn draw_settled<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
        chart: &mut ChartContext<'_, DB, Coord>,
        frame: &Frame,
        s: TimeSpread,
        (yc, py, half): (f64, i32, f64),
    ) -> Result<(), ChartError> {
        let (p10, p90) = (s.p10.min(s.p90) as f64, s.p10.max(s.p90) as f64);
        let med = s.median as f64;
        chart
            .draw_series([
                Rectangle::new(
                    [(p10, yc - half), (p90, yc + half)],
                    OKABE_ITO_SKY_BLUE.mix(0.55).filled(),
                ),
                Rectangle::new(
                    [(p10, yc - half), (p90, yc + half)],
                    th.line(OKABE_ITO_BLUE, 1.5),
                ),
            ])
            .map_err(draw_err)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(med, yc - half * 1.25), (med, yc + half * 1.25)],
                th.line(INK, 3.0),
            )))
            .map_err(draw_err)?;
        let muted = Font::new(SIZE_NOTE, MUTED);
        let text = format!("median {}", format_time(self.time_axis, s.median));
        let tw = th.measure(&text, muted)?.0;
        let (right_x, _) = chart.backend_coord(&(p90, yc));
        let (left_x, _) = chart.backend_coord(&(p10, yc));
        let beside = if right_x + th.px(10.0) + tw <= frame.x1 {
            Some((right_x + th.px(10.0), HPos::Left))
        } else if left_x - th.px(10.0) - tw >= frame.x0 {
            Some((left_x - th.px(10.0), HPos::Right))
        } else {
            None
        };
        if let Some((tx, anchor)) = beside {
            draw_text(root, th, &text, (tx, py), muted, (anchor, VPos::Center))?;
        }
        Ok(())
    }

    /// The time axis's extent over every quantile, observation and the requested range.
    fn x_range(&self) -> (f64, f64) {
        let mut xs: Vec<i64> = Vec::new();
        for r in &self.issues {
            if let Some(s) = r.settled {
                xs.extend([s.p10, s.median, s.p90]);
            }
            xs.extend(r.observed);
        }
        if let Some((a, b)) = self.range {
            xs.extend([a, b]);
        }
        time_extent(xs, self.time_axis)
    }
}

/// The legend: the band, the median and, where any issue has one, the observed date.
fn legend(any_observed: bool) -> Vec<LegendItem> {
    let mut legend = vec![
        LegendItem::new(
            Glyph::Fill {
                fill: OKABE_ITO_SKY_BLUE.mix(0.55),
                edge: OKABE_ITO_BLUE,
            },
            "10th–90th percentile of runs that settle it",
        ),
        LegendItem::new(Glyph::Tick { color: INK }, "Median"),
    ];
    if any_observed {
        legend.push(LegendItem::new(
            Glyph::Diamond {
                fill: OKABE_ITO_VERMILLION,
                edge: INK,
            },
            "Observed",
        ));
    }
    legend
}
