//! The scaled theme every figure draws with: font sizes, greys, margins, and the [`Theme`]
//! that turns sizes at scale 1 into pixels of one rendering (SVG or PNG) and measures text with the
//! embedded font.

use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, ShapeStyle, TextStyle};

use super::super::{ChartError, FONT};

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
/// `t` scales text (and the lengths that follow from text) with the figure's
/// size: see [`text_factor`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Theme {
    pub s: f64,
    pub target: Target,
    pub t: f64,
}

/// The text factor of a figure `width` × `height` (SVG units): text keeps its
/// size at the default 1280×720, shrinks to 80 % on a figure as small as
/// 800×450 (so that the plot keeps most of the height) and grows to 125 % on a
/// large one (1920×1080 and above), where it would otherwise read as small.
pub(crate) fn text_factor(width: u32, height: u32) -> f64 {
    let k = (f64::from(width) / 1280.0).min(f64::from(height) / 720.0);
    k.clamp(0.8, 1.25)
}

impl Theme {
    pub(crate) fn new(s: f64, target: Target) -> Self {
        Self { s, target, t: 1.0 }
    }

    /// The same theme with text scaled by `t`.
    pub(crate) fn with_text(mut self, t: f64) -> Self {
        self.t = t;
        self
    }

    /// A length that follows text (a line height, a label band) at scale 1,
    /// in this rendering's pixels.
    pub(crate) fn em(&self, v: f64) -> i32 {
        (v * self.s * self.t).round() as i32
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
            font.size * PLOTTERS_SIZE_FACTOR * self.s * self.t,
            style,
        )
    }

    /// The plotters text style for `font`.
    pub(crate) fn style(&self, font: Font) -> TextStyle<'static> {
        self.desc(font).color(&font.color)
    }

    /// Width and height of `text` in pixels.
    pub(crate) fn measure(&self, text: &str, font: Font) -> Result<(i32, i32), ChartError> {
        // By the embedded font's metrics, the same on every target (see `chart::metrics`).
        let size = font.size * PLOTTERS_SIZE_FACTOR * self.s * self.t;
        let ((x0, y0), (x1, y1)) = super::super::metrics::layout_box(size, font.bold, text)?;
        Ok(((x1 - x0).abs(), (y1 - y0).abs()))
    }

    /// Height of one line of `font`, pixels.
    pub(crate) fn line_height(&self, font: Font) -> i32 {
        self.em(font.size * 1.3)
    }

    /// Vertical correction for text on this backend (see
    /// [`BITMAP_BASELINE_FIX_EM`]).
    pub(crate) fn baseline_fix(&self, font: Font) -> i32 {
        match self.target {
            Target::Svg => 0,
            Target::Bitmap => self.em(font.size * BITMAP_BASELINE_FIX_EM),
        }
    }
}
