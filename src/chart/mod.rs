//! Chart drawing for simulation summaries: owns the public figure API
//! ([`ChartOptions`], [`Figure`], [`ChartError`], [`TimeAxis`]), the
//! embedded DejaVu Sans font, the Okabe–Ito palette, calendar helpers for
//! date axes, and the SVG + PNG rendering driver shared by every figure.
//!
//! Each figure lives in its own file and exposes one pure function
//! `draw_<name>(&<Name>Data, &ChartOptions) -> Result<Figure, ChartError>`.
//! The input structs are plain owned data ([`data`]); nothing here knows the
//! engine's types. Every figure is drawn once per backend by the same generic
//! `render` function, so the SVG and the PNG show the same drawing.
//!
//! Output is deterministic: the same input gives byte-identical SVG (and PNG).
//! Nothing here iterates a hash map, and plotters' `Histogram` series (which
//! emits its bars in hash order) is not used: histograms are binned here and
//! drawn as rectangles.
//!
//! Text uses DejaVu Sans (regular and bold), embedded from
//! `assets/fonts/` (licence in `assets/fonts/LICENSE-DejaVu.txt`), measured
//! by `metrics` and rasterised with `ab_glyph` glyph by glyph (`glyphs`, PNG
//! only), so rendering needs neither
//! fontconfig nor installed fonts. SVG text names the family as
//! `"DejaVu Sans, sans-serif"`, so viewers without it fall back cleanly.

pub mod agreement_date;
pub mod comparison;
pub mod data;
pub mod event_timing;
pub mod fan;
pub mod figures;
#[cfg(feature = "png")]
mod glyphs;
pub mod issue_timeline;
mod layout;
mod metrics;
pub mod option_shares;
pub mod payoffs;
pub mod sweep;
pub mod tornado;

#[cfg(test)]
mod tests;

#[cfg(feature = "png")]
use std::sync::OnceLock;

use plotters::coord::Shift;
#[cfg(feature = "png")]
use plotters::prelude::BitMapBackend;
use plotters::prelude::{DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};
#[cfg(feature = "png")]
use plotters::style::FontStyle;
use plotters::style::RGBColor;

pub use agreement_date::draw_agreement_date;
pub use comparison::draw_comparison;
pub use data::*;
pub use event_timing::draw_event_timing;
pub use fan::draw_fan;
pub use issue_timeline::draw_issue_timeline;
pub use option_shares::draw_option_shares;
pub use payoffs::draw_payoffs;
pub use sweep::draw_sweep;
pub use tornado::draw_tornado;

/// Errors raised while drawing or encoding a figure.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// plotters reported a drawing failure (converted from its `DrawingAreaErrorKind`).
    #[error("drawing failed: {0}")]
    Draw(String),
    /// The embedded font could not be registered or measured.
    #[error("font error: {0}")]
    Font(String),
    /// The rendered bitmap could not be encoded as PNG.
    #[error("PNG encoding failed: {0}")]
    Png(String),
    /// The [`ChartOptions`] cannot produce an image (zero or huge size, bad scale).
    #[error("invalid chart options: {0}")]
    InvalidOptions(String),
}

/// Size of the figure. The SVG is `width` x `height` user units; the PNG is
/// `width * dpi_scale` x `height * dpi_scale` pixels with everything (fonts,
/// lines, margins) scaled alike.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartOptions {
    /// Width in pixels at scale 1 (default 1280, slide size).
    pub width: u32,
    /// Height in pixels at scale 1 (default 720, slide size).
    pub height: u32,
    /// PNG only: multiplies the pixel size (default 1.0; 2.0 for print).
    pub dpi_scale: f64,
}

impl ChartOptions {
    /// Checks that the options can produce an image (sizes at least 200x150, a positive scale, a
    /// PNG at most 16384 pixels a side), so that a command can refuse them before it does any work.
    pub fn check(&self) -> Result<(), ChartError> {
        check_options(self).map(|_| ())
    }
}

impl Default for ChartOptions {
    fn default() -> Self {
        Self {
            width: 1280,
            height: 720,
            dpi_scale: 1.0,
        }
    }
}

/// A rendered figure: the same drawing as SVG text and as an encoded PNG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// Standalone SVG document (UTF-8).
    pub svg: String,
    /// PNG file contents (8-bit RGB); empty without the `png` feature (the browser explorer's build).
    pub png: Vec<u8>,
}

/// How the `i64` values on a time axis are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeAxis {
    /// Days since 1970-01-01 in the proleptic Gregorian calendar; ticks are
    /// labelled `YYYY-MM-DD`, `YYYY-MM` or `YYYY` depending on the span.
    #[default]
    Dates,
    /// Simulation turn numbers; ticks are labelled as integers.
    Turns,
}

// ---------------------------------------------------------------------------
// Palette: the Okabe–Ito colour-blind-safe palette, from M. Okabe and
// K. Ito, "Color Universal Design (CUD): how to make figures and
// presentations that are friendly to colorblind people" (2002, rev. 2008),
// <https://jfly.uni-koeln.de/color/>. All figures draw from these eight.
// ---------------------------------------------------------------------------

/// Okabe–Ito black (#000000); see the palette note above for the source.
pub const OKABE_ITO_BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
/// Okabe–Ito orange (#E69F00).
pub const OKABE_ITO_ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// Okabe–Ito sky blue (#56B4E9).
pub const OKABE_ITO_SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// Okabe–Ito bluish green (#009E73).
pub const OKABE_ITO_BLUISH_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// Okabe–Ito yellow (#F0E442).
pub const OKABE_ITO_YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
/// Okabe–Ito blue (#0072B2).
pub const OKABE_ITO_BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Okabe–Ito vermillion (#D55E00).
pub const OKABE_ITO_VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Okabe–Ito reddish purple (#CC79A7).
pub const OKABE_ITO_REDDISH_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);

/// The Okabe–Ito colours (Okabe & Ito 2008, <https://jfly.uni-koeln.de/color/>)
/// in the order series are coloured: strong, mutually
/// distinct hues first, yellow (weak on white) and black last.
pub const SERIES_COLORS: [RGBColor; 8] = [
    OKABE_ITO_BLUE,
    OKABE_ITO_ORANGE,
    OKABE_ITO_BLUISH_GREEN,
    OKABE_ITO_VERMILLION,
    OKABE_ITO_SKY_BLUE,
    OKABE_ITO_REDDISH_PURPLE,
    OKABE_ITO_YELLOW,
    OKABE_ITO_BLACK,
];

/// The `i`-th series colour, cycling through [`SERIES_COLORS`].
pub fn series_color(i: usize) -> RGBColor {
    SERIES_COLORS[i % SERIES_COLORS.len()]
}

// ---------------------------------------------------------------------------
// Calendar (proleptic Gregorian, days since 1970-01-01)
// ---------------------------------------------------------------------------

/// Day numbers handled by the calendar helpers are clamped to ±this many days
/// (about ±2.7 million years), far beyond any scenario, so the arithmetic
/// below cannot overflow.
const MAX_ABS_DAY: i64 = 1_000_000_000;

/// Converts days since 1970-01-01 to `(year, month 1..=12, day 1..=31)`, clamped to
/// about ±2.7 million years ([`crate::time::civil_from_days`], Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    crate::time::civil_from_days(days.clamp(-MAX_ABS_DAY, MAX_ABS_DAY))
}

/// Converts a civil date to days since 1970-01-01 (inverse of [`civil_from_days`];
/// [`crate::time::days_from_civil`]). The year is clamped to the calendar's range, the month to
/// 1..=12 and the day to 1..=31 (not checked against the month's length).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    crate::time::days_from_civil(
        year.clamp(-2_700_000, 2_700_000),
        month.clamp(1, 12),
        day.clamp(1, 31),
    )
}

fn fmt_year(y: i64) -> String {
    if y < 0 {
        format!("-{:04}", -y)
    } else {
        format!("{y:04}")
    }
}

/// Formats a day number (days since 1970-01-01) as `YYYY-MM-DD`.
pub fn format_date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{}-{m:02}-{d:02}", fmt_year(y))
}

/// Formats a day number (days since 1970-01-01) as `YYYY-MM`.
pub fn format_month(days: i64) -> String {
    let (y, m, _) = civil_from_days(days);
    format!("{}-{m:02}", fmt_year(y))
}

/// Formats a time value for labels: a `YYYY-MM-DD` date or `turn N`.
pub fn format_time(axis: TimeAxis, value: i64) -> String {
    match axis {
        TimeAxis::Dates => format_date(value),
        TimeAxis::Turns => format!("turn {value}"),
    }
}

// ---------------------------------------------------------------------------
// Font and rendering driver
// ---------------------------------------------------------------------------

/// Font family name every text element uses. It is registered with plotters
/// under exactly this string, and the SVG backend copies it verbatim into
/// `font-family`, where it reads as a CSS list with a generic fallback.
pub(crate) const FONT: &str = "DejaVu Sans, sans-serif";

static FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The embedded DejaVu Sans, regular or bold (the browser explorer shows its SVGs in it).
pub fn font_bytes(bold: bool) -> &'static [u8] {
    if bold { FONT_BOLD } else { FONT_REGULAR }
}

/// Registers the embedded fonts with plotters once per process, for the PNG: text is rasterised with
/// `ab_glyph` from these bytes, so nothing depends on fontconfig or on fonts installed on the machine.
/// Layout measures text with [`metrics`] from the same bytes, on every target.
#[cfg(feature = "png")]
fn ensure_fonts() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            // "sans-serif" too, so that any text plotters styles by default
            // still finds a font instead of failing.
            for name in [FONT, "sans-serif"] {
                plotters::style::register_font(name, FontStyle::Normal, FONT_REGULAR)
                    .map_err(|_| "embedded DejaVuSans.ttf is not a valid font".to_string())?;
                plotters::style::register_font(name, FontStyle::Bold, FONT_BOLD)
                    .map_err(|_| "embedded DejaVuSans-Bold.ttf is not a valid font".to_string())?;
            }
            Ok(())
        })
        .clone()
        .map_err(ChartError::Font)
}

/// Without the `png` feature nothing is rasterised: the fonts are only measured ([`metrics`]).
#[cfg(not(feature = "png"))]
fn ensure_fonts() -> Result<(), ChartError> {
    metrics::layout_box(1.0, false, "").map(|_| ())
}

/// Converts a plotters drawing error into [`ChartError::Draw`].
pub(crate) fn draw_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// One figure's drawing, generic over the backend so that the SVG and the
/// PNG come from the same code. `theme` carries the scale factor: every size
/// in the drawing is given at scale 1 and multiplied through it.
pub(crate) trait Render {
    fn render<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &layout::Theme,
    ) -> Result<(), ChartError>;
}

/// Largest PNG side accepted, in pixels (keeps the RGB buffer below ~800 MB).
const MAX_PNG_SIDE: u32 = 16_384;

fn check_options(opts: &ChartOptions) -> Result<(u32, u32), ChartError> {
    if opts.width < 200 || opts.height < 150 {
        return Err(ChartError::InvalidOptions(format!(
            "figure size {}x{} is below the minimum 200x150",
            opts.width, opts.height
        )));
    }
    if !opts.dpi_scale.is_finite() || opts.dpi_scale <= 0.0 {
        return Err(ChartError::InvalidOptions(format!(
            "dpi_scale must be a positive number, got {}",
            opts.dpi_scale
        )));
    }
    let w = (f64::from(opts.width) * opts.dpi_scale).round();
    let h = (f64::from(opts.height) * opts.dpi_scale).round();
    if w < 1.0 || h < 1.0 || w > f64::from(MAX_PNG_SIDE) || h > f64::from(MAX_PNG_SIDE) {
        return Err(ChartError::InvalidOptions(format!(
            "PNG size {w}x{h} is outside 1..={MAX_PNG_SIDE} pixels per side"
        )));
    }
    Ok((w as u32, h as u32))
}

/// Renders a figure to SVG and PNG (the PNG is empty without the `png` feature, as in the browser
/// explorer's WebAssembly build).
pub(crate) fn render_figure<R: Render>(
    figure: &R,
    opts: &ChartOptions,
) -> Result<Figure, ChartError> {
    let (png_w, png_h) = check_options(opts)?;
    ensure_fonts()?;

    let mut svg = String::new();
    {
        // Text is measured by `metrics`, not by plotters' target-dependent font backend.
        let backend =
            metrics::Measured(SVGBackend::with_string(&mut svg, (opts.width, opts.height)));
        let root = backend.into_drawing_area();
        let text = layout::text_factor(opts.width, opts.height);
        figure.render(
            &root,
            &layout::Theme::new(1.0, layout::Target::Svg).with_text(text),
        )?;
        root.present().map_err(draw_err)?;
    }
    let png = render_png(figure, opts, png_w, png_h)?;
    Ok(Figure { svg, png })
}

#[cfg(feature = "png")]
fn render_png<R: Render>(
    figure: &R,
    opts: &ChartOptions,
    png_w: u32,
    png_h: u32,
) -> Result<Vec<u8>, ChartError> {
    let mut rgb = vec![0u8; png_w as usize * png_h as usize * 3];
    {
        // Text is placed by `glyphs`, not by plotters' ab_glyph drawing (which drops each glyph's
        // side bearing).
        let root = glyphs::GlyphText(BitMapBackend::with_buffer(&mut rgb, (png_w, png_h)))
            .into_drawing_area();
        // The PNG is drawn at `dpi_scale` times the SVG's size; the theme
        // scales fonts, lines and margins by the ratio actually obtained.
        let scale = f64::from(png_w) / f64::from(opts.width);
        let text = layout::text_factor(opts.width, opts.height);
        figure.render(
            &root,
            &layout::Theme::new(scale, layout::Target::Bitmap).with_text(text),
        )?;
        root.present().map_err(draw_err)?;
    }
    encode_png(&rgb, png_w, png_h, opts.dpi_scale)
}

#[cfg(not(feature = "png"))]
fn render_png<R: Render>(
    _figure: &R,
    _opts: &ChartOptions,
    _png_w: u32,
    _png_h: u32,
) -> Result<Vec<u8>, ChartError> {
    Ok(Vec::new())
}

/// Encodes an 8-bit RGB buffer as PNG.
///
/// Choice: the `png` crate, at the version plotters-bitmap already depends on
/// (through `image`), so it adds no crate to the build and gives a correct,
/// compressed, deterministic encoding in memory. plotters' own
/// `bitmap_encoder` can only write to a file path, which would defeat
/// writing outputs atomically. A `pHYs` chunk records 96 dpi times
/// `dpi_scale`, so a scaled PNG keeps the same physical size.
#[cfg(feature = "png")]
fn encode_png(rgb: &[u8], width: u32, height: u32, dpi_scale: f64) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Default);
        let ppm = (96.0 * dpi_scale / 0.0254)
            .round()
            .clamp(1.0, f64::from(u32::MAX)) as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: ppm,
            yppu: ppm,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder
            .write_header()
            .map_err(|e| ChartError::Png(e.to_string()))?;
        writer
            .write_image_data(rgb)
            .map_err(|e| ChartError::Png(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| ChartError::Png(e.to_string()))?;
    }
    Ok(out)
}

/// The methods of a [`DrawingBackend`] wrapper that only changes how text is measured or drawn:
/// everything else goes to the wrapped backend, `self.0` (used by `metrics::Measured` and
/// `glyphs::GlyphText`).
macro_rules! delegate_drawing {
    () => {
        fn get_size(&self) -> (u32, u32) {
            self.0.get_size()
        }

        fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.0.ensure_prepared()
        }

        fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.0.present()
        }

        fn draw_pixel(
            &mut self,
            point: BackendCoord,
            color: BackendColor,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.0.draw_pixel(point, color)
        }

        fn draw_line<S: BackendStyle>(
            &mut self,
            from: BackendCoord,
            to: BackendCoord,
            style: &S,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.0.draw_line(from, to, style)
        }

        fn draw_rect<S: BackendStyle>(
            &mut self,
            upper_left: BackendCoord,
            bottom_right: BackendCoord,
            style: &S,
            fill: bool,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.0.draw_rect(upper_left, bottom_right, style, fill)
        }

        fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            path: I,
            style: &S,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.0.draw_path(path, style)
        }

        fn draw_circle<S: BackendStyle>(
            &mut self,
            center: BackendCoord,
            radius: u32,
            style: &S,
            fill: bool,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.0.draw_circle(center, radius, style, fill)
        }

        fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            vert: I,
            style: &S,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.0.fill_polygon(vert, style)
        }
        fn blit_bitmap(
            &mut self,
            pos: BackendCoord,
            size: (u32, u32),
            src: &[u8],
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.0.blit_bitmap(pos, size, src)
        }
    };
}
pub(crate) use delegate_drawing;
