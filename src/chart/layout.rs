//! Drawing machinery shared by the figures: owns the scaled [`Theme`] (font
//! sizes, line widths, greys), text placement, the title block, legends drawn
//! outside the plot, tick generation for time and value axes, the standard
//! chart frame and mesh styling, and the tiered label band used for event
//! and observation markers above a plot.

use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::{
    Cartesian2d, ChartBuilder, Circle, DrawingArea, DrawingBackend, PathElement, Polygon,
    Rectangle, Text,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{
    Color, FontDesc, FontFamily, FontStyle, RGBAColor, RGBColor, ShapeStyle, TextStyle, WHITE,
};

use super::{ChartError, FONT, TimeAxis, civil_from_days, days_from_civil, draw_err};

/// Title size in pixels at scale 1 (the SVG `font-size`).
pub(crate) const SIZE_TITLE: f64 = 32.0;
/// Subtitle size.
pub(crate) const SIZE_SUBTITLE: f64 = 20.0;
/// Axis description size.
pub(crate) const SIZE_LABEL: f64 = 22.0;
/// Tick label and category label size.
pub(crate) const SIZE_TICK: f64 = 18.0;
/// Legend and annotation size.
pub(crate) const SIZE_NOTE: f64 = 17.0;

/// plotters' SVG backend writes `font-size = size / 1.24`; sizes above are
/// the intended SVG font sizes, so they are multiplied by this factor.
const PLOTTERS_SIZE_FACTOR: f64 = 1.24;

/// plotters' `ab_glyph` rasteriser puts the baseline about 0.14 em higher
/// than the SVG backend's `dy` anchoring does; text drawn on the bitmap is
/// shifted down by this much so PNG and SVG place text alike.
const BITMAP_BASELINE_FIX_EM: f64 = 0.14;

/// Dark grey for text.
pub(crate) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Mid grey for secondary text (subtitles, notes).
pub(crate) const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
/// Axis lines and tick marks.
pub(crate) const AXIS: RGBColor = RGBColor(0x44, 0x44, 0x44);
/// Major grid lines.
pub(crate) const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// Minor grid lines.
pub(crate) const GRID_LIGHT: RGBColor = RGBColor(0xF0, 0xF0, 0xF0);
/// Row shading for categorical rows.
pub(crate) const ZEBRA: RGBColor = RGBColor(0xF6, 0xF6, 0xF6);

/// Outer margin of the figure, pixels at scale 1.
pub(crate) const MARGIN: f64 = 24.0;

/// Which backend a drawing goes to; only text placement differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Svg,
    #[cfg_attr(not(feature = "png"), allow(dead_code))]
    Bitmap,
}

/// A font choice: size at scale 1, weight and colour.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Font {
    pub size: f64,
    pub bold: bool,
    pub color: RGBColor,
}

impl Font {
    pub(crate) const fn new(size: f64, color: RGBColor) -> Self {
        Self {
            size,
            bold: false,
            color,
        }
    }
    pub(crate) const fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
}

/// Scale factor and backend for one rendering; every size in a drawing goes
/// through it so that a PNG at `dpi_scale` 2 is the SVG's drawing, doubled.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Theme {
    pub s: f64,
    pub target: Target,
}

impl Theme {
    pub(crate) fn new(s: f64, target: Target) -> Self {
        Self { s, target }
    }

    /// A length at scale 1 in this rendering's pixels.
    pub(crate) fn px(&self, v: f64) -> i32 {
        (v * self.s).round() as i32
    }

    /// A line width at scale 1 in pixels (at least 1).
    pub(crate) fn stroke(&self, w: f64) -> u32 {
        ((w * self.s).round() as u32).max(1)
    }

    /// A line style.
    pub(crate) fn line(&self, color: RGBColor, w: f64) -> ShapeStyle {
        color.stroke_width(self.stroke(w))
    }

    fn desc(&self, font: Font) -> FontDesc<'static> {
        let style = if font.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        FontDesc::new(
            FontFamily::Name(FONT),
            font.size * PLOTTERS_SIZE_FACTOR * self.s,
            style,
        )
    }

    /// The plotters text style for `font`.
    pub(crate) fn style(&self, font: Font) -> TextStyle<'static> {
        self.desc(font).color(&font.color)
    }

    /// Width and height of `text` in pixels.
    pub(crate) fn measure(&self, text: &str, font: Font) -> Result<(i32, i32), ChartError> {
        // By the embedded font's metrics, the same on every target (see `super::metrics`).
        let size = font.size * PLOTTERS_SIZE_FACTOR * self.s;
        let ((x0, y0), (x1, y1)) = super::metrics::layout_box(size, font.bold, text)?;
        Ok(((x1 - x0).abs(), (y1 - y0).abs()))
    }

    /// Height of one line of `font`, pixels.
    pub(crate) fn line_height(&self, font: Font) -> i32 {
        self.px(font.size * 1.3)
    }

    /// Vertical correction for text on this backend (see
    /// [`BITMAP_BASELINE_FIX_EM`]).
    pub(crate) fn baseline_fix(&self, font: Font) -> i32 {
        match self.target {
            Target::Svg => 0,
            Target::Bitmap => self.px(font.size * BITMAP_BASELINE_FIX_EM),
        }
    }
}

/// Draws `text` at absolute pixel `pos` with the given anchor.
pub(crate) fn draw_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    th: &Theme,
    text: &str,
    pos: (i32, i32),
    font: Font,
    anchor: (HPos, VPos),
) -> Result<(), ChartError> {
    if text.is_empty() {
        return Ok(());
    }
    let style = th.style(font).pos(Pos::new(anchor.0, anchor.1));
    let pos = (pos.0, pos.1 + th.baseline_fix(font));
    area.draw(&Text::new(text.to_string(), pos, style))
        .map_err(draw_err)
}

/// Splits `text` into lines no wider than `max_w` pixels (at word breaks;
/// a single over-long word stays on its own line).
pub(crate) fn wrap(
    th: &Theme,
    text: &str,
    font: Font,
    max_w: i32,
) -> Result<Vec<String>, ChartError> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if cur.is_empty() || th.measure(&candidate, font)?.0 <= max_w {
            cur = candidate;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    Ok(lines)
}

/// Draws the title block (bold title, then muted subtitle lines, each part
/// wrapped to the figure width) and returns the y just below it.
pub(crate) fn draw_header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    th: &Theme,
    title: &str,
    subtitle_parts: &[String],
) -> Result<i32, ChartError> {
    let (w, _) = root.dim_in_pixel();
    let x = th.px(MARGIN);
    let max_w = w as i32 - 2 * x;
    let mut y = th.px(18.0);

    // Shrink an over-long title rather than clip it.
    let mut title_font = Font::new(SIZE_TITLE, INK).bold();
    while title_font.size > 18.0 && th.measure(title, title_font)?.0 > max_w {
        title_font.size -= 1.0;
    }
    if !title.is_empty() {
        draw_text(root, th, title, (x, y), title_font, (HPos::Left, VPos::Top))?;
        y += th.px(title_font.size * 1.35);
    }

    let sub_font = Font::new(SIZE_SUBTITLE, MUTED);
    for part in subtitle_parts.iter().filter(|p| !p.trim().is_empty()) {
        for line in wrap(th, part, sub_font, max_w)? {
            draw_text(root, th, &line, (x, y), sub_font, (HPos::Left, VPos::Top))?;
            y += th.line_height(sub_font);
        }
    }
    Ok(y + th.px(10.0))
}

// ---------------------------------------------------------------------------
// Legends
// ---------------------------------------------------------------------------

/// The little drawing in front of a legend label.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Glyph {
    /// A filled box with an outline.
    Fill { fill: RGBAColor, edge: RGBColor },
    /// A solid line of the given width.
    Line { color: RGBColor, width: f64 },
    /// A diamond marker.
    Diamond { fill: RGBColor, edge: RGBColor },
    /// A dot with a horizontal whisker through it.
    DotWhisker { color: RGBColor },
    /// A vertical tick (a median mark).
    Tick { color: RGBColor },
    /// A vertical whisker with end caps.
    Whisker { color: RGBColor },
}

/// One legend entry.
#[derive(Debug, Clone)]
pub(crate) struct LegendItem {
    pub glyph: Glyph,
    pub label: String,
}

impl LegendItem {
    pub(crate) fn new(glyph: Glyph, label: impl Into<String>) -> Self {
        Self {
            glyph,
            label: label.into(),
        }
    }
}

const LEGEND_FONT: Font = Font::new(SIZE_NOTE, INK);

/// Positions of legend items flowing left to right from `(x, y)` and
/// wrapping at `x + max_w`; returns the positions and the total height.
fn legend_layout(
    th: &Theme,
    items: &[LegendItem],
    (x, y): (i32, i32),
    max_w: i32,
) -> Result<(Vec<(i32, i32)>, i32), ChartError> {
    let glyph_w = th.px(30.0);
    let gap = th.px(8.0);
    let spacing = th.px(28.0);
    let row_h = th.line_height(LEGEND_FONT) + th.px(4.0);
    let mut out = Vec::with_capacity(items.len());
    let (mut cx, mut cy) = (x, y);
    for item in items {
        let w = glyph_w + gap + th.measure(&item.label, LEGEND_FONT)?.0;
        if cx > x && cx + w > x + max_w {
            cx = x;
            cy += row_h;
        }
        out.push((cx, cy));
        cx += w + spacing;
    }
    let height = if items.is_empty() { 0 } else { cy - y + row_h };
    Ok((out, height))
}

/// Draws legend items flowing left to right from `(x, y)`; returns the
/// height used.
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    th: &Theme,
    items: &[LegendItem],
    origin: (i32, i32),
    max_w: i32,
) -> Result<i32, ChartError> {
    let (pos, height) = legend_layout(th, items, origin, max_w)?;
    let row_h = th.line_height(LEGEND_FONT);
    for (item, &(x, y)) in items.iter().zip(&pos) {
        let cy = y + row_h / 2;
        draw_glyph(
            area,
            th,
            item.glyph,
            (x, cy - th.px(8.0)),
            (x + th.px(30.0), cy + th.px(8.0)),
        )?;
        draw_text(
            area,
            th,
            &item.label,
            (x + th.px(38.0), cy),
            LEGEND_FONT,
            (HPos::Left, VPos::Center),
        )?;
    }
    Ok(height)
}

/// Draws a legend glyph into the pixel box `(x0, y0)..(x1, y1)`.
pub(crate) fn draw_glyph<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    th: &Theme,
    glyph: Glyph,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
) -> Result<(), ChartError> {
    let cy = (y0 + y1) / 2;
    let cx = (x0 + x1) / 2;
    match glyph {
        Glyph::Fill { fill, edge } => {
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], fill.filled()))
                .map_err(draw_err)?;
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], th.line(edge, 1.0)))
                .map_err(draw_err)?;
        }
        Glyph::Line { color, width } => {
            area.draw(&PathElement::new(
                vec![(x0, cy), (x1, cy)],
                th.line(color, width),
            ))
            .map_err(draw_err)?;
        }
        Glyph::Diamond { fill, edge } => {
            draw_diamond(area, th, (cx, cy), 7.0, fill, edge)?;
        }
        Glyph::DotWhisker { color } => {
            area.draw(&PathElement::new(
                vec![(x0, cy), (x1, cy)],
                th.line(color, 2.0),
            ))
            .map_err(draw_err)?;
            area.draw(&Circle::new((cx, cy), th.px(5.0), color.filled()))
                .map_err(draw_err)?;
        }
        Glyph::Tick { color } => {
            area.draw(&PathElement::new(
                vec![(cx, y0 - th.px(2.0)), (cx, y1 + th.px(2.0))],
                th.line(color, 3.0),
            ))
            .map_err(draw_err)?;
        }
        Glyph::Whisker { color } => {
            let cap = th.px(6.0);
            let style = th.line(color, 1.5);
            area.draw(&PathElement::new(
                vec![(cx, y0 - th.px(2.0)), (cx, y1 + th.px(2.0))],
                style,
            ))
            .map_err(draw_err)?;
            for y in [y0 - th.px(2.0), y1 + th.px(2.0)] {
                area.draw(&PathElement::new(vec![(cx - cap, y), (cx + cap, y)], style))
                    .map_err(draw_err)?;
            }
        }
    }
    Ok(())
}

/// Draws a diamond marker of half-size `r` (scale 1) centred on `c`.
pub(crate) fn draw_diamond<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    th: &Theme,
    (cx, cy): (i32, i32),
    r: f64,
    fill: RGBColor,
    edge: RGBColor,
) -> Result<(), ChartError> {
    let r = th.px(r).max(2);
    let pts = vec![(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)];
    area.draw(&Polygon::new(pts.clone(), fill.filled()))
        .map_err(draw_err)?;
    let mut closed = pts;
    closed.push((cx, cy - r));
    area.draw(&PathElement::new(closed, th.line(edge, 1.5)))
        .map_err(draw_err)
}

/// Draws a dashed straight line between two absolute pixel points.
pub(crate) fn draw_dashed<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    th: &Theme,
    from: (i32, i32),
    to: (i32, i32),
    style: ShapeStyle,
) -> Result<(), ChartError> {
    let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 {
        return Ok(());
    }
    let dash = f64::from(th.px(8.0).max(2));
    let gap = f64::from(th.px(6.0).max(2));
    let mut t = 0.0;
    while t < len {
        let te = (t + dash).min(len);
        let p = |u: f64| {
            (
                from.0 + (dx * u / len).round() as i32,
                from.1 + (dy * u / len).round() as i32,
            )
        };
        area.draw(&PathElement::new(vec![p(t), p(te)], style))
            .map_err(draw_err)?;
        t += dash + gap;
    }
    Ok(())
}

/// Writes a muted note centred in the plot rectangle, on a white box.
pub(crate) fn draw_note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    th: &Theme,
    frame: &Frame,
    text: &str,
) -> Result<(), ChartError> {
    let font = Font::new(SIZE_LABEL, MUTED);
    let (w, h) = th.measure(text, font)?;
    let (cx, cy) = ((frame.x0 + frame.x1) / 2, (frame.y0 + frame.y1) / 2);
    let pad = th.px(12.0);
    area.draw(&Rectangle::new(
        [
            (cx - w / 2 - pad, cy - h / 2 - pad),
            (cx + w / 2 + pad, cy + h / 2 + pad),
        ],
        WHITE.filled(),
    ))
    .map_err(draw_err)?;
    area.draw(&Rectangle::new(
        [
            (cx - w / 2 - pad, cy - h / 2 - pad),
            (cx + w / 2 + pad, cy + h / 2 + pad),
        ],
        th.line(GRID, 1.0),
    ))
    .map_err(draw_err)?;
    draw_text(area, th, text, (cx, cy), font, (HPos::Center, VPos::Center))
}

// ---------------------------------------------------------------------------
// Number formatting
// ---------------------------------------------------------------------------

/// Formats `v` with `decimals` decimals, using a true minus sign and never
/// printing "−0".
pub(crate) fn fmt_num(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v);
    let negative_zero = s
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.');
    if let Some(rest) = s.strip_prefix('-') {
        if negative_zero {
            rest.to_string()
        } else {
            format!("\u{2212}{rest}")
        }
    } else {
        s
    }
}

/// Formats `v` with an explicit sign (`+12`, `−3`, `0`).
pub(crate) fn fmt_signed(v: f64, decimals: usize) -> String {
    let s = fmt_num(v, decimals);
    if v > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{s}")
    } else {
        s
    }
}

/// Formats a share of runs (0..=1) as a whole percentage, keeping tiny and
/// almost-complete shares visible as "<1 %" and ">99 %".
pub(crate) fn fmt_pct(share: f64) -> String {
    let p = share * 100.0;
    if p > 0.0 && p < 0.5 {
        "<1 %".to_string()
    } else if (99.5..100.0).contains(&p) {
        ">99 %".to_string()
    } else {
        format!("{} %", p.round() as i64)
    }
}

// ---------------------------------------------------------------------------
// Ticks
// ---------------------------------------------------------------------------

/// Major ticks with their labels, plus unlabelled minor grid positions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ticks {
    pub major: Vec<(f64, String)>,
    pub minor: Vec<f64>,
}

impl Ticks {
    /// The label of the major tick at `v` (empty if none is there).
    pub(crate) fn label(&self, v: f64) -> String {
        self.major
            .iter()
            .find(|(t, _)| (t - v).abs() < 1e-9 * (1.0 + t.abs()))
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    }

    /// Widest major label, pixels.
    pub(crate) fn max_label_width(&self, th: &Theme) -> Result<i32, ChartError> {
        let mut w = 0;
        for (_, l) in &self.major {
            w = w.max(th.measure(l, TICK_FONT)?.0);
        }
        Ok(w)
    }
}

pub(crate) const TICK_FONT: Font = Font::new(SIZE_TICK, INK);

/// How many labels of width `label_w` fit along `axis_px` pixels.
fn max_ticks(th: &Theme, axis_px: i32, label_w: i32) -> usize {
    let slot = label_w + th.px(20.0);
    ((axis_px.max(1) / slot.max(1)) as usize).clamp(2, 12)
}

/// A "nice" step (1, 2, 2.5 or 5 times a power of ten) giving at most
/// `max_n` intervals over `span`.
fn nice_step(span: f64, max_n: usize, integer: bool) -> f64 {
    let raw = span / max_n.max(1) as f64;
    let raw = if raw > 0.0 && raw.is_finite() {
        raw
    } else {
        1.0
    };
    let mag = crate::math::powi(10.0, crate::math::log10(raw).floor() as i32);
    let mut step = mag * 10.0;
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if mag * m >= raw * (1.0 - 1e-9) {
            step = mag * m;
            break;
        }
    }
    if integer { step.round().max(1.0) } else { step }
}

/// Decimals needed to print multiples of `step` exactly.
fn step_decimals(step: f64) -> usize {
    let mut d = 0;
    while d < 6
        && ((step * crate::math::powi(10.0, d as i32)).round()
            - step * crate::math::powi(10.0, d as i32))
        .abs()
            > 1e-6
    {
        d += 1;
    }
    d
}

/// A value axis: widens `lo..hi` outwards to whole steps (so the axis ends
/// on labelled ticks) and returns the new range with its ticks. A flat
/// range is opened to ±10 % of its value (±1 around zero); `integer` keeps
/// the step whole (for counts).
pub(crate) fn value_axis(
    th: &Theme,
    lo: f64,
    hi: f64,
    axis_px: i32,
    vertical: bool,
    integer: bool,
) -> ((f64, f64), Ticks) {
    let (lo, hi) = guard_range(lo, hi, 0.0);
    let (lo, hi) = if hi - lo <= 1e-9 * (1.0 + lo.abs().max(hi.abs())) {
        let pad = if lo.abs() > 1e-12 {
            lo.abs() * 0.1
        } else {
            1.0
        };
        (lo - pad, hi + pad)
    } else {
        (lo, hi)
    };
    // Vertical axes: labels stack, so leave ~3 label heights between ticks.
    let max_n = if vertical {
        ((axis_px / th.px(SIZE_TICK * 3.2).max(1)) as usize).clamp(2, 10)
    } else {
        max_ticks(th, axis_px, th.px(SIZE_TICK * 3.0))
    };
    let step = nice_step(hi - lo, max_n, integer);
    let lo_n = (lo / step + 1e-9).floor() * step;
    let hi_n = (hi / step - 1e-9).ceil() * step;
    let decimals = step_decimals(step);
    let mut major = Vec::new();
    let mut i = 0;
    loop {
        let v = lo_n + step * i as f64;
        if v > hi_n + step * 1e-6 || i > 1000 {
            break;
        }
        major.push((v, fmt_num(v, decimals)));
        i += 1;
    }
    (
        (lo_n, hi_n),
        Ticks {
            major,
            minor: vec![],
        },
    )
}

/// Ticks at multiples of `step` inside `lo..=hi` with fixed labels (for
/// bounded axes like 0–100 %).
pub(crate) fn fixed_ticks(lo: f64, hi: f64, step: f64) -> Ticks {
    let decimals = step_decimals(step);
    let mut major = Vec::new();
    let mut v = (lo / step).ceil() * step;
    while v <= hi + step * 1e-9 {
        major.push((v, fmt_num(v, decimals)));
        v += step;
    }
    Ticks {
        major,
        minor: vec![],
    }
}

/// Makes a range usable: orders it and widens a zero-width one around its
/// value by `pad` on each side.
pub(crate) fn guard_range(lo: f64, hi: f64, pad: f64) -> (f64, f64) {
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    if hi - lo < 1e-9 {
        (lo - pad, hi + pad)
    } else {
        (lo, hi)
    }
}

/// Calendar steps for date ticks, smallest first.
#[derive(Debug, Clone, Copy)]
enum DateStep {
    Days(i64),
    Months(i64),
    Years(i64),
}

/// `(year * 12 + month - 1, day of month)` of a day number.
pub(crate) fn month_index(day: i64) -> (i64, i64) {
    let (y, m, d) = civil_from_days(day);
    (y * 12 + i64::from(m) - 1, i64::from(d))
}

/// First day of the month with index `year * 12 + month - 1`.
pub(crate) fn month_start(idx: i64) -> i64 {
    days_from_civil(idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32, 1)
}

/// Month starts (every `every` months, aligned to January) in `lo..=hi`.
fn month_starts(lo: f64, hi: f64, every: i64) -> Vec<f64> {
    let (lo_i, hi_i) = (lo.ceil() as i64, hi.floor() as i64);
    let (mut idx, d) = month_index(lo_i);
    if d > 1 {
        idx += 1;
    }
    idx = idx.div_euclid(every) * every + if idx.rem_euclid(every) == 0 { 0 } else { every };
    let mut out = Vec::new();
    while out.len() < 2000 {
        let day = month_start(idx);
        if day > hi_i {
            break;
        }
        out.push(day as f64);
        idx += every;
    }
    out
}

fn date_step_ticks(step: DateStep, lo: f64, hi: f64) -> Vec<f64> {
    match step {
        DateStep::Days(n) => {
            // Weeks start on Mondays (day 4 = Monday 1970-01-05).
            let offset = if n % 7 == 0 { 4 } else { 0 };
            let first = ((lo.ceil() as i64 - offset) as f64 / n as f64).ceil() as i64 * n + offset;
            let mut out = Vec::new();
            let mut d = first;
            while (d as f64) <= hi && out.len() < 2000 {
                out.push(d as f64);
                d += n;
            }
            out
        }
        DateStep::Months(n) => month_starts(lo, hi, n),
        DateStep::Years(n) => month_starts(lo, hi, 12 * n),
    }
}

/// Time-axis ticks over `lo..=hi` fitting `axis_px` pixels: calendar-aligned
/// days, weeks, months, quarters or years for dates, nice integers for turns.
pub(crate) fn time_ticks(
    th: &Theme,
    axis: TimeAxis,
    lo: f64,
    hi: f64,
    axis_px: i32,
) -> Result<Ticks, ChartError> {
    match axis {
        TimeAxis::Turns => {
            let wide = fmt_num(hi.abs().max(lo.abs()).round(), 0);
            let label_w = th.measure(&wide, TICK_FONT)?.0.max(th.px(SIZE_TICK * 2.0));
            let step = nice_step(hi - lo, max_ticks(th, axis_px, label_w), true);
            let mut major = Vec::new();
            let mut v = (lo / step).ceil() * step;
            while v <= hi + 1e-9 && major.len() < 1000 {
                major.push((v, fmt_num(v, 0)));
                v += step;
            }
            Ok(Ticks {
                major,
                minor: vec![],
            })
        }
        TimeAxis::Dates => {
            use DateStep::*;
            let steps = [
                Days(1),
                Days(2),
                Days(7),
                Days(14),
                Months(1),
                Months(2),
                Months(3),
                Months(6),
                Years(1),
                Years(2),
                Years(5),
                Years(10),
                Years(20),
                Years(50),
                Years(100),
                Years(1000),
            ];
            let w_day = th.measure("0000-00-00", TICK_FONT)?.0;
            let w_month = th.measure("0000-00", TICK_FONT)?.0;
            let w_year = th.measure("0000", TICK_FONT)?.0;
            for step in steps {
                let (label_w, fmt): (i32, fn(i64) -> String) = match step {
                    Days(_) => (w_day, super::format_date),
                    Months(_) => (w_month, super::format_month),
                    Years(_) => (w_year, |d| super::fmt_year(civil_from_days(d).0)),
                };
                let ticks = date_step_ticks(step, lo, hi);
                if ticks.len() > max_ticks(th, axis_px, label_w) {
                    continue;
                }
                let minor = match step {
                    Months(2) | Months(3) | Months(6) => month_starts(lo, hi, 1),
                    Years(1) => month_starts(lo, hi, 3),
                    Years(n) if n >= 2 => month_starts(lo, hi, 12),
                    Days(14) => date_step_ticks(Days(7), lo, hi),
                    _ => vec![],
                };
                let major: Vec<(f64, String)> = ticks.iter().map(|&t| (t, fmt(t as i64))).collect();
                let minor = minor
                    .into_iter()
                    .filter(|m| !ticks.iter().any(|t| (t - m).abs() < 0.5))
                    .collect();
                return Ok(Ticks { major, minor });
            }
            Ok(Ticks::default())
        }
    }
}

/// The default extent of a time axis with no data: a year of dates or ten
/// turns, so that an empty chart still has a sensible axis.
pub(crate) fn empty_time_range(axis: TimeAxis) -> (f64, f64) {
    match axis {
        TimeAxis::Dates => (0.0, 365.0),
        TimeAxis::Turns => (0.0, 10.0),
    }
}

/// Pads a time range by a few percent on each side, first widening spans
/// shorter than two months (dates) or ten turns around their centre.
pub(crate) fn pad_time_range(lo: f64, hi: f64, axis: TimeAxis) -> (f64, f64) {
    let min_span = match axis {
        TimeAxis::Dates => 60.0,
        TimeAxis::Turns => 10.0,
    };
    let (lo, hi) = guard_range(lo, hi, 0.0);
    let (lo, hi) = if hi - lo < min_span {
        let c = (lo + hi) / 2.0;
        (c - min_span / 2.0, c + min_span / 2.0)
    } else {
        (lo, hi)
    };
    let pad = (hi - lo) * 0.03;
    (lo - pad, hi + pad)
}

// ---------------------------------------------------------------------------
// Chart frame
// ---------------------------------------------------------------------------

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
    let ticks = th.px(12.0) + th.px(SIZE_TICK * 1.1);
    if with_desc {
        ticks + th.px(12.0) + th.px(SIZE_LABEL * 1.1)
    } else {
        ticks + th.px(4.0)
    }
}

/// Width of a side label area holding tick labels `label_w` wide and an
/// optional rotated description.
pub(crate) fn side_label_area(th: &Theme, label_w: i32, with_desc: bool) -> i32 {
    let ticks = label_w + th.px(12.0) + th.px(6.0);
    if with_desc {
        ticks + th.px(SIZE_LABEL * 1.1) + th.px(6.0)
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
        mesh.y_desc(y.desc.clone());
    }
    if !x.grid {
        mesh.disable_x_mesh();
    }
    if !y.grid {
        mesh.disable_y_mesh();
    }
    mesh.draw().map_err(draw_err)
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

// ---------------------------------------------------------------------------
// Marker labels above the plot
// ---------------------------------------------------------------------------

/// A label placed in the band above the plot.
#[derive(Clone)]
pub(crate) struct PlacedLabel {
    /// Data x of the marker.
    pub value: f64,
    /// Text to the right (`Left`-anchored) or to the left of the line.
    pub align: HPos,
    /// Row in the band, 0 = nearest the plot.
    pub tier: usize,
    pub text: String,
}

pub(crate) const MARKER_FONT: Font = Font::new(SIZE_NOTE, INK);

/// Maps data x to pixels on a frame (as plotters does, up to rounding).
pub(crate) fn map_x(frame: &Frame, range: (f64, f64), v: f64) -> i32 {
    let (lo, hi) = guard_range(range.0, range.1, 1.0);
    frame.x0 + ((v - lo) / (hi - lo) * f64::from(frame.x1 - frame.x0)).round() as i32
}

/// Places marker labels in rows above the plot so that no label overlaps
/// another label or crosses another marker's leader line: each label goes
/// beside its line (to the right, or to the left near the right edge; the
/// other side where that fits a lower row and covers no other marker) in the
/// lowest row where it fits, working from the right. Returns the labels and the number of rows used
/// (at most `max_tiers`; when nothing fits, the least crowded row is used).
pub(crate) fn place_marker_labels(
    th: &Theme,
    markers: &[(f64, String)],
    frame: &Frame,
    range: (f64, f64),
    right_edge: i32,
    max_tiers: usize,
) -> Result<(Vec<PlacedLabel>, usize), ChartError> {
    let px: Vec<i32> = markers
        .iter()
        .map(|(v, _)| map_x(frame, range, *v))
        .collect();
    // Right to left: labels extend rightwards, so an earlier marker's label
    // then climbs above the later ones instead of being crossed by them.
    let mut order: Vec<usize> = (0..markers.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(px[i]), i));
    let gap = th.px(5.0);
    let sep = th.px(10.0);
    let tiers = max_tiers.max(1);
    // Per row: label spans; and every placed marker's (x, row).
    let mut spans: Vec<Vec<(i32, i32)>> = vec![Vec::new(); tiers];
    let mut texts: Vec<Vec<(i32, i32)>> = vec![Vec::new(); tiers];
    let mut leaders: Vec<(i32, usize)> = Vec::new();
    let mut placed = vec![None; markers.len()];
    let mut used = 0;
    for i in order {
        let (value, text) = &markers[i];
        let x = px[i];
        let w = th.measure(text, MARKER_FONT)?.0;
        let clear = th.px(3.0);
        // `span` includes the marker line; `text` is the text alone.
        let right = (HPos::Left, (x - 1, x + gap + w), (x + gap, x + gap + w));
        let left = (HPos::Right, (x - gap - w, x + 1), (x - gap - w, x - gap));
        let fits_right = x + gap + w <= right_edge;
        let preferred = if fits_right { right } else { left };
        // The other side is a fallback when the preferred one is crowded in a row, provided that the
        // text stays in the frame and covers no other marker's line (whose leader would cross it).
        let other = if fits_right { left } else { right };
        let other_ok = other.2.0 >= frame.x0
            && other.2.1 <= right_edge
            && px
                .iter()
                .enumerate()
                .all(|(j, &mx)| j == i || !(mx + clear > other.2.0 && mx - clear < other.2.1));
        // Crowding of row `t` for a label at `span`/`text_span`: overlapping label widths plus leader
        // lines that would cross the label, plus labels below that this label's leader would cross.
        let cost = |t: usize, span: (i32, i32), text_span: (i32, i32)| -> i32 {
            let labels: i32 = spans[t]
                .iter()
                .map(|&(a, b)| (span.1.min(b) - span.0.max(a) + sep).max(0))
                .sum();
            let crossed: i32 = leaders
                .iter()
                .filter(|&&(lx, lt)| lt > t && lx + clear > text_span.0 && lx - clear < text_span.1)
                .count() as i32
                * w;
            let crossing: i32 = (0..t)
                .flat_map(|below| texts[below].iter())
                .filter(|&&(a, b)| x + clear > a && x - clear < b)
                .count() as i32
                * w;
            labels + crossed + crossing
        };
        let fits = (0..tiers).find_map(|t| {
            if cost(t, preferred.1, preferred.2) == 0 {
                Some((t, preferred))
            } else if other_ok && cost(t, other.1, other.2) == 0 {
                Some((t, other))
            } else {
                None
            }
        });
        let (tier, (align, span, text_span)) = fits.unwrap_or_else(|| {
            let t = (0..tiers)
                .min_by_key(|&t| (cost(t, preferred.1, preferred.2), t))
                .unwrap_or(0);
            (t, preferred)
        });
        spans[tier].push(span);
        texts[tier].push(text_span);
        leaders.push((x, tier));
        used = used.max(tier + 1);
        placed[i] = Some(PlacedLabel {
            value: *value,
            align,
            tier,
            text: text.clone(),
        });
    }
    Ok((placed.into_iter().flatten().collect(), used))
}

/// Height of one row of marker labels.
pub(crate) fn marker_row_height(th: &Theme) -> i32 {
    th.line_height(MARKER_FONT) + th.px(2.0)
}

/// Draws marker lines (dashed, across the plot) and their labels in the band
/// above the plot, each label joined to its line by a thin leader.
pub(crate) fn draw_markers<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    th: &Theme,
    chart: &ChartContext<'_, DB, Coord>,
    labels: &[PlacedLabel],
    color: RGBColor,
) -> Result<(), ChartError> {
    let (ys, xs) = (chart.y_range(), chart.x_range());
    let row_h = marker_row_height(th);
    for l in labels {
        if l.value < xs.start || l.value > xs.end {
            continue;
        }
        let (x, y_bottom) = chart.backend_coord(&(l.value, ys.start));
        let (_, y_top) = chart.backend_coord(&(l.value, ys.end));
        draw_dashed(root, th, (x, y_bottom), (x, y_top), th.line(color, 1.5))?;
        let cy = y_top - row_h * l.tier as i32 - row_h / 2 - th.px(2.0);
        root.draw(&PathElement::new(
            vec![(x, y_top), (x, cy - row_h / 2 + th.px(4.0))],
            th.line(color, 1.0),
        ))
        .map_err(draw_err)?;
        let text_x = match l.align {
            HPos::Right => x - th.px(5.0),
            _ => x + th.px(5.0),
        };
        draw_text(
            root,
            th,
            &l.text,
            (text_x, cy),
            MARKER_FONT,
            (l.align, VPos::Center),
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Standard time chart layout
// ---------------------------------------------------------------------------

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
    let (w, h) = (w as i32, h as i32);
    let m = th.px(MARGIN);
    let mut top = draw_header(root, th, spec.title, &spec.subtitle)?;
    if !spec.legend.is_empty() {
        top += draw_legend(root, th, &spec.legend, (m, top), w - 2 * m)? + th.px(6.0);
    }
    let bottom_area = bottom_label_area(th, !spec.x_desc.is_empty());
    let bottom = h - th.px(12.0);

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
        let plot_top = top + band + if band > 0 { th.px(4.0) } else { 0 };
        let plot_h = bottom - bottom_area - plot_top;
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
        let right_axis = spec.right.as_ref().map(|(r, t, d)| Axis {
            range: *r,
            ticks: t.clone(),
            desc: d.clone(),
            grid: false,
        });
        let right = match &right_axis {
            Some(a) => side_label_area(th, a.ticks.max_label_width(th)?, !a.desc.is_empty()),
            // Leave room for half a date label past the last tick.
            None => th.px(40.0),
        };
        let place = Placement {
            area: (m, plot_top, w - m, bottom),
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
        let (labels, tiers) =
            place_marker_labels(th, &spec.markers, &frame, spec.x_range, frame.x1, 5)?;
        let needed = if tiers == 0 {
            0
        } else {
            tiers as i32 * marker_row_height(th)
        };
        let done = needed == band;
        band = needed;
        result = Some(TimeChartLayout {
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
                desc: spec.y_desc.to_string(),
                grid: true,
            },
            right: right_axis,
            labels,
        });
        if done {
            break;
        }
    }
    result.ok_or_else(|| ChartError::Draw("layout failed".to_string()))
}

// ---------------------------------------------------------------------------
// Categorical charts
// ---------------------------------------------------------------------------

/// Draws header and legend; returns the y where the chart may start.
pub(crate) fn draw_top<DB: DrawingBackend>(
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
    Ok(top + th.px(4.0))
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
