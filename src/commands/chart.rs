//! `armistice chart`: redraw the charts of an output directory of `run`, `compare --out`,
//! `sensitivity --out` or `sweep` (recognised by its JSON document) into its `charts/`; and the drawing of a
//! run's charts that `run` itself uses. The figures and the reading of the documents are
//! `crate::chart::figures`.

use std::path::Path;

use crate::chart::ChartOptions;
use crate::chart::figures;
use crate::error::{Error, Result};
use crate::outcome::doc::SummaryDoc;

pub use crate::chart::figures::ChartSource;

/// Draws every figure of a summary and hands each file (`NAME.png`, `NAME.svg`) to `write`.
pub fn write_charts(
    summary: &SummaryDoc,
    opts: &ChartOptions,
    write: &dyn Fn(&str, &[u8]) -> Result<()>,
) -> Result<usize> {
    let figs = figures::run_figures(summary, opts)
        .map_err(|e| Error::Output(format!("cannot draw charts: {e}")))?;
    figures::write_figures(&figs, write)
}

/// `armistice chart DIR`: redraws the charts of a `run`, `compare`, `sensitivity` or `sweep` output
/// directory into `DIR/charts/`; returns what it was and how many figures were drawn. A directory that does not
/// exist, or holds no armistice document, is the user's input (exit 2).
pub fn chart_dir(dir: &Path, opts: &ChartOptions) -> Result<(ChartSource, usize)> {
    if !dir.exists() {
        return Err(Error::Usage(format!(
            "`{}` does not exist; give an output directory of `armistice run`, `compare --out`, `sensitivity --out` or `sweep`",
            dir.display()
        )));
    }
    figures::redraw(dir, opts)
}
