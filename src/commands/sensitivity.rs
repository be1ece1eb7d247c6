//! `armistice sensitivity`: which free parameters move the outcomes most (one-at-a-time and Morris);
//! with an output directory, `sensitivity.json`, `sensitivity.csv` and the tornado charts.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use super::Spec;
use crate::analysis::sensitivity::{self, Sensitivity, SensitivityConfig};
use crate::batch::Threads;
use crate::chart::{ChartOptions, figures};
use crate::error::{Error, Result};
use crate::export::{self, Staging};
use crate::scenario::Override;

/// Everything `armistice sensitivity` needs.
#[derive(Clone, Debug)]
pub struct SensitivityCommand {
    /// The scenario.
    pub scenario: Spec,
    /// The design (runs, seed, trajectories, levels) and the overrides at every point.
    pub design: SensitivityConfig,
    /// Worker threads.
    pub threads: Threads,
    /// Where to write `sensitivity.json` and `sensitivity.csv`, if anywhere.
    pub out: Option<PathBuf>,
    /// Replace an output directory not written by armistice.
    pub force: bool,
    /// With `out`: also draw the tornado charts (PNG + SVG) into `out/charts/`.
    pub charts: Option<ChartOptions>,
}

/// What `sensitivity` did.
pub struct Analysed {
    /// The analysis.
    pub result: Sensitivity,
    /// Where its files went, if anywhere.
    pub out: Option<PathBuf>,
    /// Files written, relative to `out`.
    pub files: Vec<String>,
}

/// Runs the analysis and, with `out`, writes its files atomically. `progress(done, total)` counts
/// design points.
pub fn sensitivity(
    cfg: &SensitivityCommand,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<Analysed> {
    let load = |ov: &[Override]| cfg.scenario.load(ov);
    let result = cfg
        .threads
        .install(|| sensitivity::sensitivity(&cfg.design, &load, cancel, progress))??;
    let Some(out) = &cfg.out else {
        return Ok(Analysed {
            result,
            out: None,
            files: Vec::new(),
        });
    };
    let st = Staging::new(out, cfg.force)?;
    let json = sensitivity::to_json(&result);
    st.write("sensitivity.json", export::json::to_text(&json).as_bytes())?;
    st.write("sensitivity.csv", &sensitivity::to_csv(&result)?)?;
    let mut files = vec!["sensitivity.json".to_string(), "sensitivity.csv".into()];
    if let Some(opts) = &cfg.charts {
        let figs = figures::sensitivity_figures(&json, opts)
            .map_err(|e| Error::Output(format!("cannot draw the tornado charts: {e}")))?;
        let n = figures::write_figures(&figs, |name, bytes| {
            st.write(&format!("charts/{name}"), bytes)
        })?;
        files.push(format!("charts/ ({n} figures)"));
    }
    let out = st.target().to_path_buf();
    st.commit()?;
    Ok(Analysed {
        result,
        out: Some(out),
        files,
    })
}
