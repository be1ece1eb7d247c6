//! `armistice chart`: redraw the charts of an output directory of `run`, `compare --out` or
//! `sensitivity --out` (recognised by its JSON file) into its `charts/`; and the drawing of a run's
//! charts that `run` itself uses.

use std::path::Path;

use crate::chart::ChartOptions;
use crate::chart::figures;
use crate::error::{Error, Result};
use crate::export;

/// Draws every figure of a summary and hands each file (`NAME.png`, `NAME.svg`) to `write`.
pub fn write_charts(
    summary: &serde_json::Value,
    opts: &ChartOptions,
    write: &dyn Fn(&str, &[u8]) -> Result<()>,
) -> Result<usize> {
    let figs = figures::run_figures(summary, opts)
        .map_err(|e| Error::Output(format!("cannot draw charts: {e}")))?;
    figures::write_figures(&figs, write)
}

/// What kind of output directory `armistice chart` was given, recognised by its JSON file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartSource {
    /// `summary.json` of `run` (or `merge`).
    Run,
    /// `compare.json` of `compare --out`.
    Compare,
    /// `sensitivity.json` of `sensitivity --out`.
    Sensitivity,
}

impl ChartSource {
    const ALL: [ChartSource; 3] = [
        ChartSource::Run,
        ChartSource::Compare,
        ChartSource::Sensitivity,
    ];

    /// The JSON file that marks the directory.
    pub fn file(self) -> &'static str {
        match self {
            ChartSource::Run => "summary.json",
            ChartSource::Compare => "compare.json",
            ChartSource::Sensitivity => "sensitivity.json",
        }
    }

    fn command(self) -> &'static str {
        match self {
            ChartSource::Run => "armistice run",
            ChartSource::Compare => "armistice compare --out",
            ChartSource::Sensitivity => "armistice sensitivity --out",
        }
    }

    /// The key the document must have to be drawn.
    fn needs(self) -> &'static str {
        match self {
            ChartSource::Run | ChartSource::Compare => "distributions",
            ChartSource::Sensitivity => "oat",
        }
    }
}

/// Which kind of output `dir` is; a missing directory, or one without any of the three files, is
/// the user's input (exit 2) with a message that says what was expected.
fn recognise(dir: &Path) -> Result<ChartSource> {
    let expected =
        "give an output directory of `armistice run`, `compare --out` or `sensitivity --out`";
    if !dir.is_dir() {
        let what = if dir.exists() {
            "is not a directory"
        } else {
            "does not exist"
        };
        return Err(Error::Usage(format!(
            "`{}` {what}; {expected}",
            dir.display()
        )));
    }
    ChartSource::ALL
        .into_iter()
        .find(|k| dir.join(k.file()).is_file())
        .ok_or_else(|| {
            Error::Usage(format!(
                "`{}` holds none of summary.json, compare.json or sensitivity.json; {expected}",
                dir.display()
            ))
        })
}

/// `armistice chart DIR`: redraws the charts of a `run`, `compare` or `sensitivity` output directory
/// into `DIR/charts/`; returns what it was and how many figures were drawn.
pub fn chart_dir(dir: &Path, opts: &ChartOptions) -> Result<(ChartSource, usize)> {
    let kind = recognise(dir)?;
    let p = dir.join(kind.file());
    let text = std::fs::read_to_string(&p)
        .map_err(|e| Error::io(format!("cannot read `{}`", p.display()), e))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::Usage(format!("`{}` is not valid JSON: {e}", p.display())))?;
    if json.get(kind.needs()).is_none() {
        return Err(Error::Usage(format!(
            "`{}` has no `{}`; re-run `{}` to produce it",
            p.display(),
            kind.needs(),
            kind.command()
        )));
    }
    let figs = match kind {
        ChartSource::Run => figures::run_figures(&json, opts),
        ChartSource::Compare => figures::compare_figures(&json, opts),
        ChartSource::Sensitivity => figures::sensitivity_figures(&json, opts),
    }
    .map_err(|e| Error::Output(format!("cannot draw charts: {e}")))?;
    let out = dir.join("charts");
    let n = figures::write_figures(&figs, |name, bytes| {
        export::write_atomic(&out.join(name), bytes)
    })?;
    Ok((kind, n))
}
