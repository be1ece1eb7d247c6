//! Figure "option shares": owns the per-issue 100 % stacked horizontal bars
//! of which option each issue ends on, the colour assignment of options
//! (one colour per option label when few labels recur across issues, else
//! per position within the issue), the in-bar percentages and the legends.

use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, Rectangle};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor, WHITE};

use super::layout::{
    self, Axis, Coord, Font, Frame, Glyph, INK, LegendItem, MUTED, SIZE_NOTE, Theme, bar_half,
    category_axis, draw_legend, draw_mesh, draw_note, draw_text, draw_top, fixed_ticks, fmt_pct,
    is_dark, legend_height, legend_item_extra, plot_placement, row_y, shorten_legend_label,
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

impl OptionSharesData {
    /// Each issue's options with their colours and shares (negative, NaN and infinite shares count
    /// as zero), and the legend shared by every bar: one colour per option label when every label
    /// can keep its own colour, else colours by position and no shared legend (each bar gets its
    /// own).
    fn option_rows(&self) -> (Vec<Vec<RowOption>>, Option<Vec<LegendItem>>) {
        // Distinct option labels in order of first appearance.
        let mut distinct: Vec<&str> = Vec::new();
        for issue in &self.issues {
            for (label, _) in &issue.options {
                if !distinct.contains(&label.as_str()) {
                    distinct.push(label);
                }
            }
        }
        let shared = distinct.len() <= OPTION_COLORS;
        let color_of = |issue_opt: usize, label: &str| {
            if shared {
                option_color(distinct.iter().position(|d| *d == label).unwrap_or(0))
            } else {
                option_color(issue_opt)
            }
        };
        let rows = self
            .issues
            .iter()
            .map(|issue| {
                let clean = |v: f64| if v.is_finite() { v.max(0.0) } else { 0.0 };
                let total: f64 = issue.options.iter().map(|o| clean(o.1)).sum();
                let share = |v: f64| if total > 0.0 { clean(v) / total } else { 0.0 };
                issue
                    .options
                    .iter()
                    .enumerate()
                    .map(|(k, (label, v))| RowOption {
                        color: color_of(k, label),
                        label: label.clone(),
                        share: share(*v),
                    })
                    .collect()
            })
            .collect();
        let legend = shared.then(|| {
            distinct
                .iter()
                .enumerate()
                .map(|(i, d)| LegendItem::new(Glyph::solid(option_color(i)), *d))
                .collect()
        });
        (rows, legend)
    }
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

        let (rows, legend) = self.option_rows();
        let shared = legend.is_some();
        let legend = legend.unwrap_or_default();
        let subtitle: Vec<String> = self.subtitle.iter().cloned().collect();
        let top = draw_top(root, th, &self.title, &subtitle, &legend)?;

        let labels: Vec<String> = self.issues.iter().map(|r| r.issue.clone()).collect();
        let mut y = category_axis(th, &labels, w * 3 / 10)?;
        let x_desc = !self.x_label.is_empty();
        let place = plot_placement(th, (w, h), top, &y, th.px(24.0), x_desc)?;
        let frame = place.frame();
        let rl = if shared {
            RowLayout {
                half: bar_half(th, &frame, n, 0.55, 56.0),
                shift: 0.0,
                legends: vec![],
            }
        } else {
            row_layout(th, &frame, &rows)?
        };
        // Bars (and their labels) sit at the top of their row when a legend goes under each.
        for t in &mut y.ticks.major {
            t.0 += rl.shift;
        }
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

        for (i, row) in rows.iter().enumerate() {
            let yc = row_y(i, n) + rl.shift;
            if row.iter().all(|o| o.share <= 0.0) {
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
            draw_bar(root, th, &mut chart, row, (yc, rl.half))?;
            if let Some(legend) = rl.legends.get(i) {
                let (_, bar_bottom) = chart.backend_coord(&(0.0, yc - rl.half));
                draw_legend(
                    root,
                    th,
                    legend,
                    (frame.x0, bar_bottom + th.px(LEGEND_GAP)),
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

/// One issue's 100 % bar, centred on `yc` and `half` a row tall on each side: a segment per option
/// some runs end on, with its percentage inside where it fits (white on dark colours).
fn draw_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    th: &Theme,
    chart: &mut ChartContext<'_, DB, Coord>,
    row: &[RowOption],
    (yc, half): (f64, f64),
) -> Result<(), ChartError> {
    let pct_font = Font::new(SIZE_NOTE, INK);
    let mut at = 0.0;
    for opt in row {
        let (c, share) = (opt.color, opt.share);
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
    Ok(())
}

/// Space above a bar in its row, and between a bar and the legend under it, pixels at scale 1.
const ROW_PAD: f64 = 2.0;
const LEGEND_GAP: f64 = 3.0;

/// Where the bars sit in their rows, in category units, and the legend under each bar.
struct RowLayout {
    /// Half a bar's height.
    half: f64,
    /// How far above its row's centre a bar's centre is.
    shift: f64,
    /// One legend per issue (empty where none fits).
    legends: Vec<Vec<LegendItem>>,
}

/// Bars at the top of their rows with each issue's legend under its bar, every legend fitted into
/// what the row leaves: a bar is at most 45 % of its row and 56 px tall, at least 8 px; the legends take the rest, and the bars grow into what the tallest legend leaves.
fn row_layout(th: &Theme, frame: &Frame, rows: &[Vec<RowOption>]) -> Result<RowLayout, ChartError> {
    let n = rows.len().max(1);
    let row_px = f64::from((frame.y1 - frame.y0).max(1)) / n as f64;
    let pads = f64::from(th.px(ROW_PAD) * 2 + th.px(LEGEND_GAP));
    let bar_max = (0.45 * row_px).min(f64::from(th.px(56.0)));
    // The legend says what a colour is and its share, so it comes first: a bar may become too low
    // for its percentages.
    let bar_min = bar_max.min(f64::from(th.px(8.0)));
    let room = (row_px - bar_min - pads).floor() as i32;
    let width = frame.x1 - frame.x0;
    let mut legends = Vec::with_capacity(rows.len());
    let mut tallest = 0;
    for row in rows {
        let legend = fit_row_legend(th, row, width, room)?;
        tallest = tallest.max(legend_height(th, &legend, width)?);
        legends.push(legend);
    }
    let bar = (row_px - pads - f64::from(tallest)).clamp(bar_min, bar_max);
    Ok(RowLayout {
        half: bar / row_px / 2.0,
        shift: 0.5 - (f64::from(th.px(ROW_PAD)) + bar / 2.0) / row_px,
        legends,
    })
}

/// One option of an issue: its legend glyph, label and share of the runs that settle the issue.
struct RowOption {
    color: RGBColor,
    label: String,
    share: f64,
}

impl RowOption {
    /// The legend entry, "label (share)", the label shortened so that the whole is at most `max_w`
    /// pixels wide.
    fn item(&self, th: &Theme, max_w: Option<i32>) -> Result<LegendItem, ChartError> {
        let share = format!(" ({})", fmt_pct(self.share));
        let label = match max_w {
            Some(w) => {
                let share_w = layout::legend_label_width(th, &share)?;
                shorten_legend_label(th, &self.label, w - share_w)?
            }
            None => self.label.clone(),
        };
        Ok(LegendItem::new(Glyph::solid(self.color), label + &share))
    }
}

/// One issue's legend in at most `max_h` pixels of a row `max_w` wide: every option with its share
/// if they fit; else the options some runs settle on, the rest counted in one entry; else those with
/// their labels shortened until they share the lines there are; else none (the bar keeps its
/// percentages).
fn fit_row_legend(
    th: &Theme,
    row: &[RowOption],
    max_w: i32,
    max_h: i32,
) -> Result<Vec<LegendItem>, ChartError> {
    if max_h <= 0 {
        return Ok(vec![]);
    }
    let fits = |items: &[LegendItem]| -> Result<bool, ChartError> {
        Ok(legend_height(th, items, max_w)? <= max_h)
    };
    let all = row
        .iter()
        .map(|o| o.item(th, None))
        .collect::<Result<Vec<_>, _>>()?;
    if fits(&all)? {
        return Ok(all);
    }
    let some: Vec<&RowOption> = row.iter().filter(|o| o.share > 0.0).collect();
    let zero = row.len() - some.len();
    let others = (zero > 0).then(|| {
        let label = if zero == 1 {
            "1 other (0%)".to_string()
        } else {
            format!("{zero} others (0% each)")
        };
        counted(label)
    });
    // Every label at full length, then shortened to share a line with `per_line - 1` others (and
    // the entry for the options no run settles on, which keeps its length, or without that entry).
    let (glyph_w, spacing) = legend_item_extra(th);
    let share_w = layout::legend_label_width(th, " (100%)")?;
    for others in [others, None] {
        let others_w = match &others {
            Some(o) => glyph_w + layout::legend_label_width(th, &o.label)? + spacing,
            None => 0,
        };
        for per_line in 0..=some.len() {
            let label_w = (per_line > 0).then(|| {
                (max_w - others_w + spacing) / per_line as i32 - glyph_w - spacing - th.px(2.0)
            });
            // A label shorter than this says nothing.
            if label_w.is_some_and(|w| w - share_w < th.px(50.0)) {
                break;
            }
            let mut items = some
                .iter()
                .map(|o| o.item(th, label_w))
                .collect::<Result<Vec<_>, _>>()?;
            items.extend(others.clone());
            if fits(&items)? {
                return Ok(items);
            }
        }
    }
    most_settled(th, row, max_w, fits)
}

/// A legend entry that counts options instead of naming them (an empty box).
fn counted(label: String) -> LegendItem {
    let glyph = Glyph::Fill {
        fill: WHITE.to_rgba(),
        edge: MUTED,
    };
    LegendItem::new(glyph, label)
}

/// The last resort of a row's legend: the options most runs settle on, as many as one line holds
/// with their labels shortened, and the rest counted in one entry (so the largest segments keep
/// their names at any size); none if not even one fits.
fn most_settled(
    th: &Theme,
    row: &[RowOption],
    max_w: i32,
    fits: impl Fn(&[LegendItem]) -> Result<bool, ChartError>,
) -> Result<Vec<LegendItem>, ChartError> {
    let mut by_share: Vec<&RowOption> = row.iter().filter(|o| o.share > 0.0).collect();
    by_share.sort_by(|a, b| b.share.total_cmp(&a.share));
    let (glyph_w, spacing) = legend_item_extra(th);
    let share_w = layout::legend_label_width(th, " (100%)")?;
    for k in (1..by_share.len()).rev() {
        let more = counted(format!("{} more", row.len() - k));
        let more_w = glyph_w + layout::legend_label_width(th, &more.label)? + spacing;
        let label_w = (max_w - more_w + spacing) / k as i32 - glyph_w - spacing - th.px(2.0);
        if label_w - share_w < th.px(50.0) {
            continue;
        }
        let mut items = by_share[..k]
            .iter()
            .map(|o| o.item(th, Some(label_w)))
            .collect::<Result<Vec<_>, _>>()?;
        items.push(more);
        if fits(&items)? {
            return Ok(items);
        }
    }
    Ok(vec![])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::layout::Target;

    /// Five options with long labels in a narrow row one legend line high: the options most runs
    /// settle on keep their names (shortened), the rest are counted, and nothing is left unnamed.
    #[test]
    fn a_row_too_narrow_for_every_option_still_names_the_largest() {
        let th = Theme::new(1.0, Target::Svg);
        let shares = [0.06, 0.67, 0.10, 0.16, 0.01];
        let row: Vec<RowOption> = shares
            .iter()
            .enumerate()
            .map(|(k, &share)| RowOption {
                color: option_color(k),
                label: format!("A long description of option number {k} of this issue"),
                share,
            })
            .collect();
        let one_line = legend_height(&th, &[row[1].item(&th, None).unwrap()], 470).unwrap();
        let legend = fit_row_legend(&th, &row, 470, one_line).unwrap();
        assert!(!legend.is_empty(), "no legend at all");
        assert!(
            legend[0].label.ends_with("(67%)") && legend[0].label.starts_with("A long"),
            "{:?}",
            legend[0].label
        );
        let last = &legend[legend.len() - 1].label;
        assert!(last.ends_with(" more"), "{last}");
        let named = legend.len() - 1;
        assert_eq!(last, &format!("{} more", row.len() - named));
        assert!(legend_height(&th, &legend, 470).unwrap() <= one_line);
    }
}
