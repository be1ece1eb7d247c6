//! Text and legends: placing text, wrapping and shortening it to a width, the title block,
//! legends drawn outside the plot with their glyphs, notes in the plot, and the tiered band of
//! marker labels (events, observed dates) above a plot.

use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::prelude::{
    Circle, DrawingArea, DrawingBackend, PathElement, Polygon, Rectangle, Text,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, RGBAColor, RGBColor, ShapeStyle, WHITE};

use super::super::{ChartError, draw_err};
use super::*;

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

/// The largest share of a figure's height the title block may take: on a small figure the subtitle
/// loses lines (the last one kept ends in an ellipsis), then the title, so the plot keeps its room.
const HEADER_SHARE: f64 = 0.3;

/// Keeps the first `n` lines (at least `min`), the last one kept ending in an ellipsis when some
/// were dropped.
fn keep_lines(
    th: &Theme,
    lines: &mut Vec<String>,
    n: usize,
    font: Font,
    max_w: i32,
) -> Result<(), ChartError> {
    if n >= lines.len() {
        return Ok(());
    }
    lines.truncate(n);
    if let Some(last) = lines.last_mut() {
        let shortened = truncate_to(th, &format!("{last}\u{2026}"), font, max_w)?;
        // `truncate_to` keeps a line that fits whole; make the cut visible either way.
        *last = if shortened.ends_with('\u{2026}') {
            shortened
        } else {
            format!("{shortened}\u{2026}")
        };
    }
    Ok(())
}

/// Draws the title block (bold title, then muted subtitle lines, each part
/// wrapped to the figure width) and returns the y just below it. The block takes at most
/// [`HEADER_SHARE`] of the figure's height.
pub(crate) fn draw_header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    th: &Theme,
    title: &str,
    subtitle_parts: &[String],
) -> Result<i32, ChartError> {
    let (w, h) = root.dim_in_pixel();
    let x = th.px(MARGIN);
    let max_w = w as i32 - 2 * x;
    let mut y = th.px(18.0);
    let room = (f64::from(h) * HEADER_SHARE) as i32 - y - th.px(10.0);

    // Shrink an over-long title rather than clip it.
    let mut title_font = Font::new(SIZE_TITLE, INK).bold();
    while title_font.size > 18.0 && th.measure(title, title_font)?.0 > max_w {
        title_font.size -= 1.0;
    }
    // Still too wide at the smallest size: wrap it (a single over-long word is shortened).
    let title_step = th.em(title_font.size * 1.35);
    let mut title_lines = wrap(th, title, title_font, max_w)?;
    let fit = usize::try_from(room / title_step.max(1))
        .unwrap_or(0)
        .max(1);
    keep_lines(th, &mut title_lines, fit, title_font, max_w)?;

    let sub_font = Font::new(SIZE_SUBTITLE, MUTED);
    let sub_step = th.line_height(sub_font);
    let mut sub_lines = Vec::new();
    for part in subtitle_parts.iter().filter(|p| !p.trim().is_empty()) {
        sub_lines.extend(wrap(th, part, sub_font, max_w)?);
    }
    let left = room - title_step * title_lines.len() as i32;
    let fit = usize::try_from(left / sub_step.max(1)).unwrap_or(0);
    keep_lines(th, &mut sub_lines, fit, sub_font, max_w)?;

    for line in title_lines {
        let line = truncate_to(th, &line, title_font, max_w)?;
        draw_text(root, th, &line, (x, y), title_font, (HPos::Left, VPos::Top))?;
        y += title_step;
    }
    for line in sub_lines {
        let line = truncate_to(th, &line, sub_font, max_w)?;
        draw_text(root, th, &line, (x, y), sub_font, (HPos::Left, VPos::Top))?;
        y += sub_step;
    }
    Ok(y + th.px(10.0))
}

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
    /// A hollow circle (a value known only to lie past the end of its axis).
    Ring { color: RGBColor },
    /// No glyph: the item is a heading for the items after it.
    Heading,
}

impl Glyph {
    /// The width of the glyph and the gap after it, pixels.
    fn width(self, th: &Theme) -> i32 {
        match self {
            Glyph::Heading => 0,
            // 30 for the glyph, 8 of gap (each rounded, as every legend has always been laid out).
            _ => th.px(30.0) + th.px(8.0),
        }
    }
}

impl Glyph {
    /// A box filled and outlined in colour `c` (the legend of a bar or a band drawn opaque).
    pub(crate) fn solid(c: RGBColor) -> Self {
        Glyph::Fill {
            fill: c.to_rgba(),
            edge: c,
        }
    }
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
    let spacing = th.px(28.0);
    let row_h = th.line_height(LEGEND_FONT) + th.px(4.0);
    let mut out = Vec::with_capacity(items.len());
    let (mut cx, mut cy) = (x, y);
    for item in items {
        let w = item.glyph.width(th) + th.measure(&item.label, LEGEND_FONT)?.0;
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

/// The legend items with every label wider than a whole legend row shortened with an ellipsis.
fn shorten_legend(
    th: &Theme,
    items: &[LegendItem],
    max_w: i32,
) -> Result<Vec<LegendItem>, ChartError> {
    items
        .iter()
        .map(|it| {
            Ok(LegendItem::new(
                it.glyph,
                truncate_to(th, &it.label, LEGEND_FONT, max_w - th.px(40.0))?,
            ))
        })
        .collect()
}

/// The height [`draw_legend`] takes for `items` in a row `max_w` wide, from the top of its first
/// line to the bottom of its last (without the gap it leaves below).
pub(crate) fn legend_height(
    th: &Theme,
    items: &[LegendItem],
    max_w: i32,
) -> Result<i32, ChartError> {
    if items.is_empty() {
        return Ok(0);
    }
    let items = shorten_legend(th, items, max_w)?;
    let (_, height) = legend_layout(th, &items, (0, 0), max_w)?;
    Ok(height - th.px(4.0))
}

/// A legend label shortened to at most `max_w` pixels (the label alone, without its glyph).
pub(crate) fn shorten_legend_label(
    th: &Theme,
    label: &str,
    max_w: i32,
) -> Result<String, ChartError> {
    truncate_to(th, label, LEGEND_FONT, max_w)
}

/// Width of `text` in the legend's font, pixels.
pub(crate) fn legend_label_width(th: &Theme, text: &str) -> Result<i32, ChartError> {
    Ok(th.measure(text, LEGEND_FONT)?.0)
}

/// Width of a legend item's glyph and the gap after it, and the spacing between items, pixels.
pub(crate) fn legend_item_extra(th: &Theme) -> (i32, i32) {
    (th.px(38.0), th.px(28.0))
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
    let items = shorten_legend(th, items, max_w)?;
    let items = &items[..];
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
        let text_x = match item.glyph {
            Glyph::Heading => x,
            _ => x + th.px(38.0),
        };
        draw_text(
            area,
            th,
            &item.label,
            (text_x, cy),
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
        Glyph::Heading => {}
        Glyph::Ring { color } => {
            area.draw(&Circle::new((cx, cy), th.px(5.0), WHITE.filled()))
                .map_err(draw_err)?;
            area.draw(&Circle::new((cx, cy), th.px(5.0), th.line(color, 2.0)))
                .map_err(draw_err)?;
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
        // A label whose text would leave the plot's width on its preferred side cannot go there.
        let preferred_ok = preferred.2.0 >= frame.x0 && preferred.2.1 <= right_edge;
        let fits = (0..tiers).find_map(|t| {
            if preferred_ok && cost(t, preferred.1, preferred.2) == 0 {
                Some((t, preferred))
            } else if other_ok && cost(t, other.1, other.2) == 0 {
                Some((t, other))
            } else {
                None
            }
        });
        // A label that fits in no row is left out (its marker line stays): overlapping labels
        // cannot be read, and the figure says how many were left out.
        let Some((tier, (align, span, text_span))) = fits else {
            placed[i] = Some(PlacedLabel {
                value: *value,
                align: preferred.0,
                tier: 0,
                text: String::new(),
            });
            continue;
        };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::layout::{Target, text_factor};
    use crate::chart::metrics::Measured;
    use plotters::prelude::*;

    /// The y below the title block of a `w` × `h` figure, and the SVG drawn.
    fn header(w: u32, h: u32, title: &str, subtitle: &[String]) -> (i32, String) {
        crate::chart::ensure_fonts().unwrap();
        let mut svg = String::new();
        let y = {
            let root = Measured(SVGBackend::with_string(&mut svg, (w, h))).into_drawing_area();
            let th = Theme::new(1.0, Target::Svg).with_text(text_factor(w, h));
            let y = draw_header(&root, &th, title, subtitle).unwrap();
            root.present().unwrap();
            y
        };
        (y, svg)
    }

    #[test]
    fn a_small_figure_keeps_its_plot_room_by_dropping_subtitle_lines() {
        let title = "When is it reached? The Cease-Fire Agreement (signed at the border \
                     crossing): the prisoners and the final arrangements, on the agreed text";
        let sub = vec![
            "Cease-fire talks between North and South, in their second year: 300 runs, seed 7"
                .into(),
            "<1% of runs reach no armistice by the horizon (1 of 300)".into(),
        ];
        // Large enough: everything is drawn.
        let (_, svg) = header(1280, 720, title, &sub);
        assert!(svg.contains("(1 of 300)"), "{svg}");
        // Smaller: the block stays within its share of the height; the last subtitle line kept
        // ends in an ellipsis, and on the smallest figure only the title is left.
        for (w, h, some_subtitle) in [(640, 360, true), (480, 320, false)] {
            let (y, svg) = header(w, h, title, &sub);
            assert!(
                f64::from(y) <= f64::from(h) * HEADER_SHARE + 1.0,
                "{w}x{h}: {y}"
            );
            assert!(!svg.contains("(1 of 300)"), "{w}x{h}: {svg}");
            assert_eq!(
                svg.contains("Cease-fire talks"),
                some_subtitle,
                "{w}x{h}: {svg}"
            );
            assert_eq!(svg.contains('\u{2026}'), some_subtitle, "{w}x{h}: {svg}");
        }
    }
}
