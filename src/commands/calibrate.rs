//! `armistice calibrate`: fit the scenario's free parameters to its observed records and write the
//! fitted values as an overlay file that `extends` the scenario.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use super::Spec;
use crate::analysis::calibrate::{self, CalibrateConfig, Calibration};
use crate::analysis::fidelity::Cutoff;
use crate::batch::{Runs, Threads};
use crate::error::{Error, Result};
use crate::export;
use crate::scenario::Override;

/// Runs per evaluation when none are given.
pub const DEFAULT_RUNS: u64 = 300;

/// Everything `armistice calibrate` needs.
#[derive(Clone, Debug)]
pub struct CalibrateCommand {
    /// The scenario.
    pub scenario: Spec,
    /// Fixed overrides applied before fitting.
    pub overrides: Vec<Override>,
    /// Runs per evaluation.
    pub runs: Runs,
    /// Master seed (the scenario's `seed` if `None`).
    pub seed: Option<u64>,
    /// Rounds of coordinate descent.
    pub rounds: u32,
    /// Grid points per parameter per round (≥ 2).
    pub points: u32,
    /// Fit only on the records up to this cutoff (`--until`); later ones are held out.
    pub until: Option<Cutoff>,
    /// Worker threads.
    pub threads: Threads,
    /// The overlay file (default `<scenario id>_calibrated.toml`).
    pub out: Option<PathBuf>,
}

/// What `calibrate` did.
pub struct Calibrated {
    /// The fit.
    pub calibration: Calibration,
    /// The overlay written.
    pub out: PathBuf,
}

/// Fits the parameters and writes the overlay atomically. `progress(done, total, best)` is told after
/// every evaluation.
pub fn calibrate(
    cfg: &CalibrateCommand,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(u32, u32, f64) + Send),
) -> Result<Calibrated> {
    let fit = CalibrateConfig {
        overrides: cfg.overrides.clone(),
        runs: cfg.runs,
        seed: cfg.seed,
        rounds: cfg.rounds,
        points: cfg.points,
        until: cfg.until,
    };
    if let Some(out) = &cfg.out {
        export::check_output_file(out)?;
    }
    let load = |ov: &[Override]| cfg.scenario.load(ov);
    let c = cfg
        .threads
        .install(|| calibrate::calibrate(&fit, &load, cancel, progress))??;
    let out = cfg
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}_calibrated.toml", c.scenario.id)));
    let text = calibrate::overlay(&c, &extends(&cfg.scenario, &out)?, cfg.runs.get())?;
    export::write_atomic(&out, text.as_bytes())?;
    Ok(Calibrated {
        calibration: c,
        out,
    })
}

/// What the overlay's `extends` says: an embedded name as is; a file by its name when the overlay
/// sits beside it, by its absolute path otherwise.
fn extends(scenario: &Spec, out: &Path) -> Result<String> {
    if !scenario.is_file() {
        return Ok(scenario.text().into_owned());
    }
    let base = Path::new(scenario.as_os_str());
    let abs = std::fs::canonicalize(base)
        .map_err(|e| Error::io(format!("cannot resolve `{}`", base.display()), e))?;
    let out_dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    Ok(match std::fs::canonicalize(&out_dir) {
        Ok(d) if abs.parent() == Some(d.as_path()) => abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        _ => abs.display().to_string(),
    })
}
