//! Text on the PNG, placed glyph by glyph where the font puts it.
//!
//! plotters' `ab_glyph` text drawing (plotters 0.3.7, `style/font/ab_glyph.rs`) places each glyph's
//! outline at the pen position but leaves out the glyph's own left side bearing (the `min.x` of its
//! pixel bounds): every letter is shifted by its bearing, so a letter with a small or negative
//! bearing after one with a large bearing leaves a gap ("J uly", "Panmun jom", "a xis"), and the
//! pen position is truncated to whole pixels. [`GlyphText`] wraps the bitmap backend and draws text
//! itself: the same font, size, anchor and rotation as plotters, each glyph positioned at its
//! sub-pixel pen position with its bearing, kerning between glyphs. Everything else is passed to
//! the wrapped backend untouched. The SVG is unaffected (the viewer lays its text out).

use ab_glyph::{Font, PxScale, ScaleFont, point};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};

use super::ChartError;
use super::metrics::{faces, layout_box};

/// One glyph's coverage: `(x, y, coverage)` in text coordinates, the pen starting at (0, 0) and
/// the line's top at `y = 0` (plotters' convention: the baseline half a size below the top plus
/// the glyph's own offset).
pub(crate) fn coverage(
    text: &str,
    size: f64,
    bold: bool,
    mut put: impl FnMut(i32, i32, f32),
) -> Result<(), ChartError> {
    let font = &faces()?[usize::from(bold)];
    let scale = PxScale::from(size as f32);
    let scaled = font.as_scaled(scale);
    let mut pen = 0f32;
    let mut prev = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        prev = Some(id);
        let glyph = id.with_scale_and_position(scale, point(pen, 0.0));
        if let Some(outline) = font.outline_glyph(glyph) {
            let b = outline.px_bounds();
            // The same vertical placement as plotters, so PNG and SVG keep their calibration.
            let top = ((size as f32) / 2.0 + b.min.y) as i32;
            let left = b.min.x as i32;
            outline.draw(|x, y, v| put(left + x as i32, top + y as i32, v));
        }
        pen += scaled.h_advance(id);
    }
    Ok(())
}

/// A drawing backend that draws text with [`coverage`] and hands everything else to `DB`.
pub(crate) struct GlyphText<DB>(pub DB);

impl<DB: DrawingBackend> DrawingBackend for GlyphText<DB> {
    type ErrorType = DB::ErrorType;

    crate::chart::delegate_drawing!();

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        self.0.estimate_text_size(text, style)
    }

    /// As plotters' default, with the glyphs placed by [`coverage`].
    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let bold = matches!(style.style(), FontStyle::Bold);
        // The anchor box the layout measured (advance widths and kerning, as plotters measures
        // it), so text sits where the layout expects it.
        let ((min_x, min_y), (max_x, max_y)) = layout_box(style.size(), bold, text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let trans = style.transform();
        let (w, h) = self.get_size();
        let mut result = Ok(());
        coverage(text, style.size(), bold, |x, y, v| {
            if result.is_err() {
                return;
            }
            let (x, y) = trans.transform(x + dx - min_x, y + dy - min_y);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
                result = self.0.draw_pixel((x, y), color.mix(f64::from(v)));
            }
        })
        .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Columns of a `w`-wide 8-bit coverage image that hold ink.
    fn inked_columns(text: &str, size: f64) -> (Vec<bool>, usize) {
        let w = 1000usize;
        let mut ink = vec![false; w];
        coverage(text, size, false, |x, _, v| {
            if v > 0.25 && (0..w as i32).contains(&(x + 20)) {
                ink[(x + 20) as usize] = true;
            }
        })
        .unwrap();
        (ink, 20)
    }

    /// The blank gap, in pixels, between the ink of the first glyph of a two-letter word and that of
    /// the second, as rendered.
    fn rendered_gap(pair: &str, size: f64) -> i32 {
        let (ink, _) = inked_columns(pair, size);
        let first_ink = ink.iter().position(|&b| b).unwrap();
        let end_first = first_ink + ink[first_ink..].iter().position(|&b| !b).unwrap();
        let start_second = end_first + ink[end_first..].iter().position(|&b| b).unwrap();
        (start_second - end_first) as i32
    }

    /// The same gap from the font's metrics alone: the second glyph's ink starts at the first's
    /// advance, plus kerning, plus its own left bearing; the first's ends at its bearing plus its
    /// ink width.
    fn metric_gap(pair: &str, size: f64) -> f32 {
        let font = &faces().unwrap()[0];
        let scale = PxScale::from(size as f32);
        let scaled = font.as_scaled(scale);
        let mut c = pair.chars();
        let (a, b) = (
            font.glyph_id(c.next().unwrap()),
            font.glyph_id(c.next().unwrap()),
        );
        // The ink's horizontal extent, from the outline in font units.
        let ink = |id: ab_glyph::GlyphId| {
            let r = font.outline(id).unwrap().bounds;
            let k = scaled.h_scale_factor();
            (r.min.x * k, r.max.x * k)
        };
        let (ba, bb) = (ink(a), ink(b));
        let start_b = scaled.h_advance(a) + scaled.kern(a, b) + bb.0;
        start_b - ba.1
    }

    #[test]
    fn letters_keep_the_spacing_the_font_gives_them() {
        // The pairs that read as "J uly", "Panmun jom", "a xis" with plotters' own glyph placement.
        for pair in [
            "Ju", "ul", "ly", "Pa", "an", "ax", "xi", "is", "om", "mu", "un",
        ] {
            let size = 64.0;
            let got = rendered_gap(pair, size);
            let want = metric_gap(pair, size);
            assert!(
                (got as f32 - want).abs() <= 1.5,
                "`{pair}` at {size} px: {got} px between the letters, the font says {want:.1}"
            );
        }
    }
}
