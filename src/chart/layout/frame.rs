//! The chart frame: plotters coordinates on [`KeyAxis`], the placement of the plot rectangle and
//! its label areas, mesh styling, the standard layout of a chart with a time axis, and the
//! helpers of categorical (row) charts.

use plotters::chart::{ChartContext, DualCoordChartContext};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::{Cartesian2d, ChartBuilder, DrawingArea, DrawingBackend, Rectangle};
use plotters::style::{Color, RGBColor};

use super::super::{ChartError, TimeAxis, draw_err};
use super::*;

/// A linear `f64` axis whose tick positions are chosen here rather than by
/// plotters (plotters' own `f64` axis has no default label formatting, so
/// its key-point wrapper cannot take a label formatter).
#[derive(Debug, Clone)]
pub(crate) struct KeyAxis {
    lo: f64,
    hi: f64,
    bold: Vec<f64>,
    light: Vec<f64>,
}

impl KeyAxis {
    /// An axis over `range` with labelled ticks `bold` and grid-only `light`.
    pub(crate) fn new(range: (f64, f64), bold: Vec<f64>, light: Vec<f64>) -> Self {
        let (lo, hi) = guard_range(range.0, range.1, 1.0);
        Self {
            lo,
            hi,
            bold,
            light,
        }
    }
}

impl Ranged for KeyAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        // Clamp far-off values so the pixel arithmetic cannot overflow.
        let t = ((v - self.lo) / (self.hi - self.lo)).clamp(-100.0, 100.0);
        let t = if t.is_finite() { t } else { 0.0 };
        limit.0 + (f64::from(limit.1 - limit.0) * t).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            self.light.clone()
        } else {
            self.bold.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// The coordinate system every figure uses: [`KeyAxis`] on both axes.
pub(crate) type Coord = Cartesian2d<KeyAxis, KeyAxis>;

/// One axis of a chart: its range, ticks and description.
#[derive(Debug, Clone)]
pub(crate) struct Axis {
    pub range: (f64, f64),
    pub ticks: Ticks,
    pub desc: String,
    /// Draw grid lines at the ticks.
    pub grid: bool,
}

impl Axis {
    /// The plotters coordinate for this axis.
    pub(crate) fn key_axis(&self) -> KeyAxis {
        KeyAxis::new(
            self.range,
            self.ticks.major.iter().map(|(v, _)| *v).collect(),
            self.ticks.minor.clone(),
        )
    }
}

/// The plot rectangle in absolute pixels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

/// Where a chart goes in the figure: the free rectangle (absolute pixels)
/// and how much room the axis labels take.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placement {
    /// Free rectangle: left, top, right, bottom.
    pub area: (i32, i32, i32, i32),
    /// Width of the left label area (ticks + description).
    pub left: i32,
    /// Width of the right label area.
    pub right: i32,
    /// Height of the bottom label area.
    pub bottom: i32,
}

impl Placement {
    /// The plot rectangle this placement leaves.
    pub(crate) fn frame(&self) -> Frame {
        Frame {
            x0: self.area.0 + self.left,
            y0: self.area.1,
            x1: self.area.2 - self.right,
            y1: self.area.3 - self.bottom,
        }
    }
}

/// Height of a bottom label area with tick labels and a description.
pub(crate) fn bottom_label_area(th: &Theme, with_desc: bool) -> i32 {
    let ticks = th.px(12.0) + th.em(SIZE_TICK * 1.1);
    if with_desc {
        ticks + th.px(12.0) + th.em(SIZE_LABEL * 1.1)
    } else {
        ticks + th.px(4.0)
    }
}

/// Width of a side label area holding tick labels `label_w` wide and an
/// optional rotated description.
pub(crate) fn side_label_area(th: &Theme, label_w: i32, with_desc: bool) -> i32 {
    let ticks = label_w + th.px(12.0) + th.px(6.0);
    if with_desc {
        ticks + th.em(SIZE_LABEL * 1.1) + th.px(6.0)
    } else {
        ticks
    }
}

/// Builds a chart on `root` at `place` with the given axes. The right label
/// area is only created for a secondary axis (`dual`): plotters draws the
/// primary y labels into every label area that exists.
pub(crate) fn build_chart<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    place: &Placement,
    x: &Axis,
    y: &Axis,
    dual: bool,
) -> Result<ChartContext<'a, DB, Coord>, ChartError> {
    let (w, h) = root.dim_in_pixel();
    let (l, t, r, b) = place.area;
    let (right_margin, right_area) = if dual {
        (w as i32 - r, place.right)
    } else {
        (w as i32 - r + place.right, 0)
    };
    ChartBuilder::on(root)
        .margin_left(l.max(0))
        .margin_top(t.max(0))
        .margin_right(right_margin.max(0))
        .margin_bottom((h as i32 - b).max(0))
        .x_label_area_size(place.bottom.max(0))
        .y_label_area_size(place.left.max(0))
        .right_y_label_area_size(right_area.max(0))
        .build_cartesian_2d(x.key_axis(), y.key_axis())
        .map_err(draw_err)
}

/// Draws grid, axes, tick labels and axis descriptions in the house style.
pub(crate) fn draw_mesh<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Coord>,
    th: &Theme,
    x: &Axis,
    y: &Axis,
) -> Result<(), ChartError> {
    let xf = |v: &f64| x.ticks.label(*v);
    let yf = |v: &f64| y.ticks.label(*v);
    let tick_font = th.style(TICK_FONT);
    let desc_font = th.style(Font::new(SIZE_LABEL, INK));
    // A vertical description longer than the plot is shortened, not run into the legend.
    let (_, plot_h) = chart.plotting_area().dim_in_pixel();
    let h = i32::try_from(plot_h).unwrap_or(i32::MAX).max(th.px(40.0));
    let y_desc = truncate_to(th, &y.desc, Font::new(SIZE_LABEL, INK), h)?;
    let mut mesh = chart.configure_mesh();
    mesh.x_label_formatter(&xf)
        .y_label_formatter(&yf)
        .x_label_style(tick_font.clone())
        .y_label_style(tick_font)
        .y_label_offset(th.baseline_fix(TICK_FONT))
        .axis_desc_style(desc_font)
        .bold_line_style(th.line(GRID, 1.0))
        .light_line_style(th.line(GRID_LIGHT, 1.0))
        .axis_style(th.line(AXIS, 1.0))
        .set_all_tick_mark_size(th.px(6.0));
    if !x.desc.is_empty() {
        mesh.x_desc(x.desc.clone());
    }
    if !y.desc.is_empty() {
        mesh.y_desc(y_desc);
    }
    if !x.grid {
        mesh.disable_x_mesh();
    }
    if !y.grid {
        mesh.disable_y_mesh();
    }
    mesh.draw().map_err(draw_err)
}

/// Draws the secondary (right) y axis of a dual-axis chart in the house style of [`draw_mesh`]:
/// tick labels, tick marks and the description of `right` (the grid is the primary axis's).
pub(crate) fn draw_secondary_mesh<DB: DrawingBackend>(
    chart: &mut DualCoordChartContext<'_, DB, Coord, Coord>,
    th: &Theme,
    right: &Axis,
) -> Result<(), ChartError> {
    let rf = |v: &f64| right.ticks.label(*v);
    chart
        .configure_secondary_axes()
        .y_label_formatter(&rf)
        .label_style(th.style(TICK_FONT))
        .y_label_offset(th.baseline_fix(TICK_FONT))
        .axis_desc_style(th.style(Font::new(SIZE_LABEL, INK)))
        .y_desc(right.desc.clone())
        .axis_style(th.line(AXIS, 1.0))
        .set_all_tick_mark_size(th.px(6.0))
        .draw()
        .map_err(draw_err)
}

/// The placement of a figure's one plot below `top` in a figure of `size` pixels: the width less
/// the margins, down to the bottom margin, with a left label area for the tick labels of `y` (and
/// its description, if any), `right` pixels on the right, and a bottom label area with room for an
/// x description if `x_desc`.
pub(crate) fn plot_placement(
    th: &Theme,
    size: (i32, i32),
    top: i32,
    y: &Axis,
    right: i32,
    x_desc: bool,
) -> Result<Placement, ChartError> {
    let (w, h) = size;
    let m = th.px(MARGIN);
    Ok(Placement {
        area: (m, top, w - m, h - th.px(12.0)),
        left: side_label_area(th, y.ticks.max_label_width(th)?, !y.desc.is_empty()),
        right,
        bottom: bottom_label_area(th, x_desc),
    })
}

/// Shades every other categorical row (rows centred on integers `0..n`,
/// one unit tall) across the x range `x`.
pub(crate) fn draw_zebra<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Coord>,
    n: usize,
    x: (f64, f64),
) -> Result<(), ChartError> {
    chart
        .draw_series((0..n).filter(|i| i % 2 == 0).map(|i| {
            Rectangle::new(
                [(x.0, i as f64 - 0.5), (x.1, i as f64 + 0.5)],
                ZEBRA.filled(),
            )
        }))
        .map_err(draw_err)?;
    Ok(())
}

/// What a chart with a time x-axis needs laid out.
pub(crate) struct TimeChartSpec<'s> {
    pub title: &'s str,
    pub subtitle: Vec<String>,
    pub legend: Vec<LegendItem>,
    pub time_axis: TimeAxis,
    /// x extent (already padded as wanted).
    pub x_range: (f64, f64),
    pub x_desc: &'s str,
    /// y extent; widened to nice ticks unless `y_ticks` is given.
    pub y_range: (f64, f64),
    /// Fixed y ticks (the range is then used as is).
    pub y_ticks: Option<Ticks>,
    /// Keep y steps whole (counts).
    pub y_integer: bool,
    pub y_desc: &'s str,
    /// Secondary y axis on the right: range, ticks, description.
    pub right: Option<((f64, f64), Ticks, String)>,
    /// Markers `(x, label)` drawn as dashed lines with labels above the plot.
    pub markers: Vec<(f64, String)>,
}

/// The result of [`layout_time_chart`].
pub(crate) struct TimeChartLayout {
    pub place: Placement,
    pub x: Axis,
    pub y: Axis,
    pub right: Option<Axis>,
    pub labels: Vec<PlacedLabel>,
}

/// Draws the header and legend of a time chart and lays out the rest:
/// marker label band, label areas sized to the tick labels, time ticks
/// sized to the plot width.
pub(crate) fn layout_time_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    th: &Theme,
    spec: &TimeChartSpec<'_>,
) -> Result<TimeChartLayout, ChartError> {
    let (w, h) = root.dim_in_pixel();
    let room = Room {
        width: w as i32,
        top: draw_header_and_legend(root, th, spec.title, &spec.subtitle, &spec.legend)?,
        bottom: h as i32 - th.px(12.0),
    };
    // y axes need the plot height, which needs the marker band, which needs
    // the plot width, which needs the y label widths: lay out with a guessed
    // band first, then once more with the band found.
    let mut band = if spec.markers.is_empty() {
        0
    } else {
        marker_row_height(th)
    };
    let mut result = None;
    for _ in 0..2 {
        let (layout, needed) = time_chart_pass(th, spec, room, band)?;
        let done = needed == band;
        band = needed;
        result = Some(layout);
        if done {
            break;
        }
    }
    result.ok_or_else(|| ChartError::Draw("layout failed".to_string()))
}

/// What the header leaves of a figure for its chart, in absolute pixels.
#[derive(Debug, Clone, Copy)]
struct Room {
    /// The figure's width.
    width: i32,
    /// The y below the header and legend.
    top: i32,
    /// The y of the bottom margin.
    bottom: i32,
}

/// One pass of [`layout_time_chart`] with a marker band `band` pixels tall: the layout, and the
/// height of the band its marker labels need (the pass is final when the two agree).
fn time_chart_pass(
    th: &Theme,
    spec: &TimeChartSpec<'_>,
    room: Room,
    band: i32,
) -> Result<(TimeChartLayout, i32), ChartError> {
    let m = th.px(MARGIN);
    let bottom_area = bottom_label_area(th, !spec.x_desc.is_empty());
    let plot_top = room.top + band + if band > 0 { th.px(4.0) } else { 0 };
    let plot_h = room.bottom - bottom_area - plot_top;
    let (y_range, y_ticks) = match &spec.y_ticks {
        Some(t) => (spec.y_range, t.clone()),
        None => value_axis(
            th,
            spec.y_range.0,
            spec.y_range.1,
            plot_h,
            true,
            spec.y_integer,
        ),
    };
    let left = side_label_area(th, y_ticks.max_label_width(th)?, !spec.y_desc.is_empty());
    let right_axis = match &spec.right {
        Some(right) => Some(secondary_axis(th, right, plot_h)?),
        None => None,
    };
    let right = match &right_axis {
        Some(a) => side_label_area(th, a.ticks.max_label_width(th)?, !a.desc.is_empty()),
        // Leave room for half a date label past the last tick.
        None => th.px(40.0),
    };
    let place = Placement {
        area: (m, plot_top, room.width - m, room.bottom),
        left,
        right,
        bottom: bottom_area,
    };
    let frame = place.frame();
    let x_ticks = time_ticks(
        th,
        spec.time_axis,
        spec.x_range.0,
        spec.x_range.1,
        frame.x1 - frame.x0,
    )?;
    // No more label rows than a quarter of the plot's height holds.
    let max_tiers = ((room.bottom - bottom_area - room.top) / (4 * marker_row_height(th)).max(1))
        .clamp(1, 5) as usize;
    let (labels, tiers) =
        place_marker_labels(th, &spec.markers, &frame, spec.x_range, frame.x1, max_tiers)?;
    let needed = if tiers == 0 {
        0
    } else {
        tiers as i32 * marker_row_height(th)
    };
    let layout = TimeChartLayout {
        place,
        x: Axis {
            range: spec.x_range,
            ticks: x_ticks,
            desc: spec.x_desc.to_string(),
            grid: true,
        },
        y: Axis {
            range: y_range,
            ticks: y_ticks,
            // Shortened to the plot's height where it is drawn (`draw_mesh`).
            desc: spec.y_desc.to_string(),
            grid: true,
        },
        right: right_axis,
        labels,
    };
    Ok((layout, needed))
}

/// The secondary (right) axis of a time chart from its spec `(range, ticks, description)`, on a plot
/// `plot_h` pixels tall: no grid, the description shortened like the left one rather than clipped.
fn secondary_axis(
    th: &Theme,
    (range, ticks, desc): &((f64, f64), Ticks, String),
    plot_h: i32,
) -> Result<Axis, ChartError> {
    Ok(Axis {
        range: *range,
        ticks: ticks.clone(),
        desc: truncate_to(
            th,
            desc,
            Font::new(SIZE_LABEL, INK),
            (plot_h - th.px(8.0)).max(th.px(40.0)),
        )?,
        grid: false,
    })
}

/// Draws the title block and, if there is one, the legend under it; returns the y below them.
fn draw_header_and_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    th: &Theme,
    title: &str,
    subtitle: &[String],
    legend: &[LegendItem],
) -> Result<i32, ChartError> {
    let (w, _) = root.dim_in_pixel();
    let m = th.px(MARGIN);
    let mut top = draw_header(root, th, title, subtitle)?;
    if !legend.is_empty() {
        top += draw_legend(root, th, legend, (m, top), w as i32 - 2 * m)? + th.px(6.0);
    }
    Ok(top)
}

/// Draws header and legend; returns the y where the chart may start.
pub(crate) fn draw_top<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    th: &Theme,
    title: &str,
    subtitle: &[String],
    legend: &[LegendItem],
) -> Result<i32, ChartError> {
    Ok(draw_header_and_legend(root, th, title, subtitle, legend)? + th.px(4.0))
}

/// Shortens `text` with an ellipsis until it is at most `max_w` wide.
pub(crate) fn truncate_to(
    th: &Theme,
    text: &str,
    font: Font,
    max_w: i32,
) -> Result<String, ChartError> {
    if th.measure(text, font)?.0 <= max_w {
        return Ok(text.to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 1 {
        n -= 1;
        let candidate: String = chars[..n].iter().collect::<String>() + "\u{2026}";
        if th.measure(&candidate, font)?.0 <= max_w {
            return Ok(candidate);
        }
    }
    Ok("\u{2026}".to_string())
}

/// y position of category `i` of `n` (first on top).
pub(crate) fn row_y(i: usize, n: usize) -> f64 {
    (n - 1 - i) as f64
}

/// A categorical y axis: rows `0..n` from the top, labelled with `labels`
/// (shortened to at most `max_w` pixels), no grid.
pub(crate) fn category_axis(th: &Theme, labels: &[String], max_w: i32) -> Result<Axis, ChartError> {
    let n = labels.len();
    let mut major = Vec::with_capacity(n);
    for (i, l) in labels.iter().enumerate() {
        major.push((row_y(i, n), truncate_to(th, l, TICK_FONT, max_w)?));
    }
    major.reverse();
    Ok(Axis {
        range: (-0.5, n.max(1) as f64 - 0.5),
        ticks: Ticks {
            major,
            minor: vec![],
        },
        desc: String::new(),
        grid: false,
    })
}

/// Half the height of a bar in data units: `frac` of a row, at most `cap`
/// pixels (scale 1) tall in all.
pub(crate) fn bar_half(th: &Theme, frame: &Frame, n: usize, frac: f64, cap: f64) -> f64 {
    let row_px = f64::from((frame.y1 - frame.y0).max(1)) / n.max(1) as f64;
    let bar_px = (frac * row_px).min(f64::from(th.px(cap)));
    bar_px / row_px / 2.0
}

/// Relative luminance test: true when white text reads better on `c`.
pub(crate) fn is_dark(c: RGBColor) -> bool {
    0.299 * f64::from(c.0) + 0.587 * f64::from(c.1) + 0.114 * f64::from(c.2) < 140.0
}
