//! Figure "sweep": owns the two panels of an agreement against one varied parameter of a sweep —
//! left, the share of runs that reached it (%); right, its median time over all runs — each point
//! with its interval bar, one colour per series (a value of the other varied parameters), joined
//! by lines along a grid's axis. A median or an interval end after the horizon is drawn on the
//! horizon's dashed line, the median as a hollow ring.

use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::prelude::{Circle, DrawingArea, DrawingBackend, PathElement};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor, WHITE};

use super::layout::{
    self, Axis, Coord, Font, Frame, Glyph, INK, LegendItem, MARGIN, MUTED, Placement, SIZE_LABEL,
    SIZE_NOTE, TICK_FONT, Theme, Ticks, draw_dashed, draw_mesh, draw_note, draw_text, draw_top,
    fixed_ticks, pad_time_range, time_ticks, time_ticks_vertical, truncate_to, value_axis,
};
use super::{
    ChartError, ChartOptions, Figure, Render, SweepData, SweepPoint, TimeAxis, draw_err,
    format_time, render_figure, series_color,
};

/// Draws an agreement against one varied parameter of a sweep: the share of runs that reached it
/// and its median time, each point with its interval.
pub fn draw_sweep(data: &SweepData, opts: &ChartOptions) -> Result<Figure, ChartError> {
    render_figure(data, opts)
}

/// One point as drawn in a panel: its estimate and interval on the panel's y axis.
#[derive(Clone, Copy)]
struct Mark {
    x: f64,
    y: f64,
    lo: f64,
    hi: f64,
    /// The estimate lies past the end of the axis (a median after the horizon).
    hollow: bool,
    /// The interval is open above (its upper end is after the horizon).
    open_hi: bool,
}

fn share_mark(p: &SweepPoint) -> Mark {
    let pct = |v: f64| {
        if v.is_finite() {
            v.clamp(0.0, 1.0) * 100.0
        } else {
            0.0
        }
    };
    Mark {
        x: p.x,
        y: pct(p.share),
        lo: pct(p.share_ci.0.min(p.share_ci.1)),
        hi: pct(p.share_ci.0.max(p.share_ci.1)),
        hollow: false,
        open_hi: false,
    }
}

fn median_mark(p: &SweepPoint) -> Mark {
    let at = |t: Option<i64>| t.unwrap_or(p.horizon) as f64;
    Mark {
        x: p.x,
        y: at(p.median),
        lo: at(p.median_ci.0),
        hi: at(p.median_ci.1),
        hollow: p.median.is_none(),
        open_hi: p.median_ci.1.is_none(),
    }
}

/// How the marks of one series are drawn: colour, horizontal offset in pixels (series side by side)
/// and whether points are joined.
struct Style {
    color: RGBColor,
    dodge: i32,
    joined: bool,
}

/// Draws one series' marks on a panel: the joining line (broken at hollow marks), the interval
/// bars, then the points.
fn draw_marks<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    th: &Theme,
    chart: &ChartContext<'_, DB, Coord>,
    marks: &mut [Mark],
    st: &Style,
) -> Result<(), ChartError> {
    marks.sort_by(|a, b| a.x.total_cmp(&b.x));
    let at = |x: f64, y: f64| {
        let (px, py) = chart.backend_coord(&(x, y));
        (px + st.dodge, py)
    };
    if st.joined {
        for run in marks.split(|m| m.hollow).filter(|r| r.len() > 1) {
            let path: Vec<(i32, i32)> = run.iter().map(|m| at(m.x, m.y)).collect();
            root.draw(&PathElement::new(path, th.line(st.color, 2.0)))
                .map_err(draw_err)?;
        }
    }
    let cap = th.px(4.0);
    let bar = th.line(st.color, 1.5);
    for m in marks.iter() {
        let (x, lo) = at(m.x, m.lo);
        let (_, hi) = at(m.x, m.hi);
        root.draw(&PathElement::new(vec![(x, lo), (x, hi)], bar))
            .map_err(draw_err)?;
        let mut caps = vec![lo];
        if !m.open_hi {
            caps.push(hi);
        }
        for y in caps {
            root.draw(&PathElement::new(vec![(x - cap, y), (x + cap, y)], bar))
                .map_err(draw_err)?;
        }
    }
    let r = th.px(4.5).max(2);
    for m in marks.iter() {
        let c = at(m.x, m.y);
        if m.hollow {
            root.draw(&Circle::new(c, r, WHITE.filled()))
                .map_err(draw_err)?;
            root.draw(&Circle::new(c, r, th.line(st.color, 2.0)))
                .map_err(draw_err)?;
        } else {
            root.draw(&Circle::new(c, r, st.color.filled()))
                .map_err(draw_err)?;
        }
    }
    Ok(())
}

impl SweepData {
    fn points(&self) -> impl Iterator<Item = &SweepPoint> {
        self.series.iter().flat_map(|s| &s.points)
    }

    /// The horizons of the points whose median or an interval end falls after it, each once, in
    /// order (the horizons drawn).
    fn horizons(&self) -> Vec<i64> {
        let mut out: Vec<i64> = self
            .points()
            .filter(|p| p.median.is_none() || p.median_ci.0.is_none() || p.median_ci.1.is_none())
            .map(|p| p.horizon)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The legend: one entry per named series, the hollow ring when a median is after the horizon,
    /// the observed time.
    fn legend(&self) -> Vec<LegendItem> {
        let mut out = Vec::new();
        if !self.series_title.is_empty() && self.series.iter().any(|s| !s.legend.is_empty()) {
            out.push(LegendItem::new(
                Glyph::Heading,
                format!("{}:", self.series_title),
            ));
        }
        out.extend(
            self.series
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.legend.is_empty())
                .map(|(i, s)| {
                    let color = series_color(i);
                    let glyph = if self.joined {
                        Glyph::Line { color, width: 2.5 }
                    } else {
                        Glyph::DotWhisker { color }
                    };
                    LegendItem::new(glyph, s.legend.clone())
                }),
        );
        if self.points().any(|p| p.median.is_none()) {
            out.push(LegendItem::new(
                Glyph::Ring { color: INK },
                "Median after the horizon",
            ));
        }
        if let Some((_, label)) = &self.observed {
            out.push(LegendItem::new(
                Glyph::Line {
                    color: MUTED,
                    width: 1.5,
                },
                label.clone(),
            ));
        }
        out
    }

    /// The x axis of both panels over a plot `plot_w` pixels wide: the categories, or the values
    /// padded so that the outermost bars stay clear of the frame.
    fn x_axis(&self, th: &Theme, plot_w: i32) -> Result<Axis, ChartError> {
        // The description is drawn once under both panels (`render`).
        let desc = String::new();
        if !self.categories.is_empty() {
            let n = self.categories.len();
            let slot = (plot_w / n as i32 - th.px(10.0)).max(th.px(12.0));
            let mut major = Vec::with_capacity(n);
            for (i, c) in self.categories.iter().enumerate() {
                major.push((i as f64, truncate_to(th, c, TICK_FONT, slot)?));
            }
            return Ok(Axis {
                range: (-0.5, n as f64 - 0.5),
                ticks: Ticks {
                    major,
                    minor: vec![],
                },
                desc,
                grid: false,
            });
        }
        let xs: Vec<f64> = self
            .points()
            .map(|p| p.x)
            .filter(|x| x.is_finite())
            .collect();
        let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if self.x_dates {
            let range = if xs.is_empty() {
                layout::empty_time_range(TimeAxis::Dates)
            } else {
                let (a, b) = pad_time_range(lo, hi, TimeAxis::Dates);
                // As for numbers: the outermost bars clear of the frame.
                let pad = (b - a) * 0.05;
                (a - pad, b + pad)
            };
            return Ok(Axis {
                range,
                ticks: time_ticks(th, TimeAxis::Dates, range.0, range.1, plot_w)?,
                desc,
                grid: true,
            });
        }
        let (lo, hi) = if xs.is_empty() { (0.0, 1.0) } else { (lo, hi) };
        let span = hi - lo;
        let pad = if span > 0.0 {
            span * 0.07
        } else if lo != 0.0 {
            lo.abs() * 0.1
        } else {
            1.0
        };
        let range = (lo - pad, hi + pad);
        // Parameter values can take more digits than most axes' numbers (0.9825): as many ticks as
        // their labels leave room for.
        let mut room = plot_w;
        let major = loop {
            let (_, ticks) = value_axis(th, range.0, range.1, room, false, false);
            let major: Vec<(f64, String)> = ticks
                .major
                .into_iter()
                .filter(|(v, _)| *v >= range.0 && *v <= range.1)
                .collect();
            let mut need = 0;
            for (_, l) in &major {
                need += th.measure(l, TICK_FONT)?.0 + th.px(16.0);
            }
            if need <= plot_w || room < plot_w / 4 {
                break major;
            }
            room = room * 3 / 4;
        };
        Ok(Axis {
            range,
            ticks: Ticks {
                major,
                minor: vec![],
            },
            desc,
            grid: true,
        })
    }

    /// The time axis of the right panel over a plot `plot_h` pixels tall: every median, interval end
    /// and the observed time, up to the horizon when something falls after it, with a band above the
    /// horizon for its label.
    fn time_axis(&self, th: &Theme, plot_h: i32, desc: &str) -> Result<Axis, ChartError> {
        let horizons = self.horizons();
        let mut ts: Vec<i64> = self
            .points()
            .flat_map(|p| [p.median, p.median_ci.0, p.median_ci.1])
            .flatten()
            .collect();
        ts.extend(self.observed.as_ref().map(|o| o.0));
        ts.extend(&horizons);
        let (lo, mut hi) = match (ts.iter().min(), ts.iter().max()) {
            (Some(&a), Some(&b)) => pad_time_range(a as f64, b as f64, self.time_axis),
            _ => layout::empty_time_range(self.time_axis),
        };
        // A band above the last horizon for its label, without dates to read.
        let band = horizons.last().map(|&top| {
            let need = th.line_height(Font::new(SIZE_NOTE, MUTED)) + th.px(10.0);
            let frac = (f64::from(need) / f64::from(plot_h.max(1))).min(0.4);
            (
                top as f64,
                top as f64 + (top as f64 - lo) * frac / (1.0 - frac),
            )
        });
        if let Some((_, end)) = band {
            hi = hi.max(end);
        }
        let mut ticks = time_ticks_vertical(th, self.time_axis, lo, hi, plot_h)?;
        if let Some((a, b)) = band {
            ticks.major.retain(|(v, _)| *v <= a || *v > b);
        }
        Ok(Axis {
            range: (lo, hi),
            ticks,
            desc: truncate_to(th, desc, Font::new(SIZE_LABEL, INK), plot_h - th.px(8.0))?,
            grid: true,
        })
    }

    /// Pixel offsets that set the series side by side at one x.
    fn dodge(&self, th: &Theme, i: usize) -> i32 {
        let k = self.series.len();
        if k < 2 {
            return 0;
        }
        let step = f64::from(th.px(7.0));
        ((i as f64 - (k as f64 - 1.0) / 2.0) * step).round() as i32
    }
}

impl Render for SweepData {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), ChartError> {
        root.fill(&WHITE).map_err(draw_err)?;
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let subtitle: Vec<String> = self.subtitle.iter().cloned().collect();
        let top = draw_top(root, th, &self.title, &subtitle, &self.legend())?;
        let m = th.px(MARGIN);
        let bottom = h - th.px(12.0);
        let bottom_area = layout::bottom_label_area(th, !self.x_label.is_empty());
        let gap = th.px(40.0);
        let half = (w - 2 * m - gap) / 2;
        let plot_h = bottom - bottom_area - top;

        let share_y = Axis {
            range: (-4.0, 104.0),
            ticks: fixed_ticks(0.0, 100.0, if plot_h > th.px(260.0) { 20.0 } else { 25.0 }),
            desc: truncate_to(
                th,
                &self.share_label,
                Font::new(SIZE_LABEL, INK),
                plot_h - th.px(8.0),
            )?,
            grid: true,
        };
        let time_y = self.time_axis(th, plot_h, &self.time_label)?;
        let side = |t: &Ticks| -> Result<i32, ChartError> {
            Ok(layout::side_label_area(th, t.max_label_width(th)?, true))
        };
        let left = Placement {
            area: (m, top, m + half, bottom),
            left: side(&share_y.ticks)?,
            right: th.px(12.0),
            bottom: bottom_area,
        };
        let right = Placement {
            area: (m + half + gap, top, w - m, bottom),
            left: side(&time_y.ticks)?,
            right: th.px(12.0),
            bottom: bottom_area,
        };
        let (lf, rf) = (left.frame(), right.frame());
        let chart = self.panel(root, th, &left, &share_y)?;
        self.draw_series(root, th, &chart, &share_mark)?;
        let chart = self.panel(root, th, &right, &time_y)?;
        self.draw_time_lines(root, th, &chart, &rf)?;
        self.draw_series(root, th, &chart, &median_mark)?;
        let x_desc = truncate_to(th, &self.x_label, Font::new(SIZE_LABEL, INK), rf.x1 - lf.x0)?;
        draw_text(
            root,
            th,
            &x_desc,
            ((lf.x0 + rf.x1) / 2, bottom),
            Font::new(SIZE_LABEL, INK),
            (HPos::Center, VPos::Bottom),
        )?;
        if self.points().next().is_none() {
            let whole = Frame {
                x0: lf.x0,
                y0: lf.y0,
                x1: rf.x1,
                y1: rf.y1,
            };
            draw_note(root, th, &whole, "No points to show")?;
        }
        Ok(())
    }
}

impl SweepData {
    /// One panel's chart, with its mesh drawn.
    fn panel<'a, DB: DrawingBackend>(
        &self,
        root: &'a DrawingArea<DB, Shift>,
        th: &Theme,
        place: &Placement,
        y: &Axis,
    ) -> Result<ChartContext<'a, DB, Coord>, ChartError> {
        let frame = place.frame();
        let x = self.x_axis(th, frame.x1 - frame.x0)?;
        let mut chart = layout::build_chart(root, place, &x, y, false)?;
        draw_mesh(&mut chart, th, &x, y)?;
        Ok(chart)
    }

    /// Every series' marks on a panel, each point read by `mark`.
    fn draw_series<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
        chart: &ChartContext<'_, DB, Coord>,
        mark: &dyn Fn(&SweepPoint) -> Mark,
    ) -> Result<(), ChartError> {
        for (i, s) in self.series.iter().enumerate() {
            let mut marks: Vec<Mark> = s.points.iter().map(mark).collect();
            let st = Style {
                color: series_color(i),
                dodge: self.dodge(th, i),
                joined: self.joined,
            };
            draw_marks(root, th, chart, &mut marks, &st)?;
        }
        Ok(())
    }

    /// The right panel's horizontal lines, under its marks: the observed time (grey) and the
    /// horizon (dashed, with its label above it) when something falls after it.
    fn draw_time_lines<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        th: &Theme,
        chart: &ChartContext<'_, DB, Coord>,
        frame: &Frame,
    ) -> Result<(), ChartError> {
        let x0 = chart.x_range().start;
        let y_px = |t: i64| chart.backend_coord(&(x0, t as f64)).1;
        if let Some((t, _)) = &self.observed {
            let py = y_px(*t);
            if py >= frame.y0 && py <= frame.y1 {
                root.draw(&PathElement::new(
                    vec![(frame.x0, py), (frame.x1, py)],
                    th.line(MUTED, 1.5),
                ))
                .map_err(draw_err)?;
            }
        }
        let horizons = self.horizons();
        for &t in &horizons {
            let py = y_px(t);
            draw_dashed(root, th, (frame.x0, py), (frame.x1, py), th.line(INK, 1.0))?;
        }
        if let Some(&top) = horizons.last() {
            // One label, above the last horizon: "Horizon" alone when the points have several.
            let text = match horizons.len() {
                1 => format!("Horizon {}", format_time(self.time_axis, top)),
                _ => "Horizons of the points".to_string(),
            };
            draw_text(
                root,
                th,
                &text,
                (frame.x1 - th.px(4.0), y_px(top) - th.px(7.0)),
                Font::new(SIZE_NOTE, MUTED),
                (HPos::Right, VPos::Bottom),
            )?;
        }
        Ok(())
    }
}
