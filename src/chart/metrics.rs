//! Text metrics of the embedded DejaVu fonts, measured here rather than by plotters, so that a figure
//! is laid out identically on every target.
//!
//! plotters measures text through its font backend, which it picks by target: `ab_glyph` on native
//! targets, but on `wasm32` the browser's DOM (unavailable in a Web Worker, and with other numbers) or
//! a crude per-character estimate. The charts lay themselves out from text widths, so the browser
//! explorer (docs/explorer.md) would draw other figures than the command line. Every measurement the
//! figures make goes through [`layout_box`] instead: [`super::layout::Theme::measure`] calls it, and
//! the SVG is drawn on [`Measured`], a backend that answers plotters' own measurements (the labels of
//! a right-hand axis) with it. [`layout_box`] computes exactly what plotters' `ab_glyph` backend does
//! (the sum of the glyphs' advances and kerning, at `size` pixels), so native figures are unchanged.

use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef, ScaleFont as _};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};

use super::{ChartError, FONT_BOLD, FONT_REGULAR};

/// The regular and bold faces, parsed once.
pub(crate) fn faces() -> Result<&'static [FontRef<'static>; 2], ChartError> {
    static FACES: OnceLock<Result<[FontRef<'static>; 2], String>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let parse = |bytes: &'static [u8], name: &str| {
                FontRef::try_from_slice(bytes)
                    .map_err(|_| format!("embedded {name} is not a valid font"))
            };
            Ok([
                parse(FONT_REGULAR, "DejaVuSans.ttf")?,
                parse(FONT_BOLD, "DejaVuSans-Bold.ttf")?,
            ])
        })
        .as_ref()
        .map_err(|e| ChartError::Font(e.clone()))
}

/// A layout box: its top-left and bottom-right corners, pixels.
pub(crate) type LayoutBox = ((i32, i32), (i32, i32));

/// The layout box of `text` at plotters font size `size` (pixels): `((0, 0), (width, height))`, the
/// same numbers plotters' `ab_glyph` font backend gives (bold in the bold face, any other style in the
/// regular one).
pub(crate) fn layout_box(size: f64, bold: bool, text: &str) -> Result<LayoutBox, ChartError> {
    let face = &faces()?[usize::from(bold)];
    let font = face.as_scaled(size as f32);
    let mut width = 0f32;
    let mut prev = None;
    for c in text.chars() {
        let glyph = font.glyph_id(c);
        width += font.h_advance(glyph);
        if let Some(p) = prev {
            width += font.kern(p, glyph);
        }
        prev = Some(glyph);
    }
    Ok(((0, 0), (width as i32, (size / 1.24) as i32)))
}

/// A drawing backend that draws on `B` and measures text with [`layout_box`].
pub(crate) struct Measured<B>(pub B);

impl<B: DrawingBackend> DrawingBackend for Measured<B> {
    type ErrorType = B::ErrorType;

    crate::chart::delegate_drawing!();

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_text(text, style, pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<B::ErrorType>> {
        let bold = matches!(style.style(), FontStyle::Bold);
        let ((x0, y0), (x1, y1)) = layout_box(style.size(), bold, text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        Ok(((x1 - x0) as u32, (y1 - y0) as u32))
    }
}
