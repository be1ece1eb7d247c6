//! Drawing machinery shared by the figures, in four parts: [`theme`] (the scaled theme: font sizes,
//! line widths, greys), [`text`] (text placement, the title block, legends and the marker label
//! band), [`ticks`] (tick generation for time and value axes, pure and unit-tested) and [`frame`]
//! (the plot frame, mesh styling, the standard time-chart and categorical layouts).

pub(crate) mod frame;
pub(crate) mod text;
pub(crate) mod theme;
pub(crate) mod ticks;

pub(crate) use frame::*;
pub(crate) use text::*;
pub(crate) use theme::*;
pub(crate) use ticks::*;
