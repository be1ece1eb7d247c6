//! `fidelity` and `calibrate`: the scenario against its recorded history.

use std::path::{Path, PathBuf};

use armistice::app::{self, FidelityConfig};
use armistice::calibrate::{self, CalibrateConfig};
use armistice::{Error, Result, fidelity};

use super::args::{CalibrateArgs, FidelityArgs};

pub fn fidelity(a: FidelityArgs) -> Result<()> {
    let cfg = FidelityConfig {
        scenario: a.scenario,
        overrides: super::run::overrides(&a.set)?,
        runs: a.runs,
        seed: a.seed,
        threads: a.threads,
    };
    let f = app::fidelity(&cfg, &super::cancel_flag())?;
    if a.json {
        let mut t = serde_json::to_string_pretty(&f).map_err(|e| Error::Output(e.to_string()))?;
        t.push('\n');
        return super::out(&t);
    }
    super::out(&fidelity::to_text(&f))
}

pub fn calibrate(a: CalibrateArgs, quiet: bool) -> Result<()> {
    let cfg = CalibrateConfig {
        scenario: a.scenario.clone(),
        overrides: super::run::overrides(&a.set)?,
        runs: a.runs,
        seed: a.seed,
        rounds: a.rounds,
        points: a.points,
        threads: a.threads,
    };
    let c = calibrate::calibrate(&cfg, &super::cancel_flag(), |n, total, best| {
        if !quiet {
            eprint!("\revaluation {n}/{total}, best objective {best:.1}   ");
        }
    })?;
    if !quiet {
        eprintln!();
    }
    let out = a
        .out
        .unwrap_or_else(|| PathBuf::from(format!("{}_calibrated.toml", c.scenario.id)));
    let base = Path::new(&a.scenario);
    let extends = if base.is_file() {
        let abs = std::fs::canonicalize(base)
            .map_err(|e| Error::io(format!("cannot resolve `{}`", base.display()), e))?;
        let out_dir = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        match std::fs::canonicalize(&out_dir) {
            Ok(d) if abs.parent() == Some(d.as_path()) => abs
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            _ => abs.display().to_string(),
        }
    } else {
        a.scenario.clone()
    };
    let text = calibrate::overlay(&c, &extends, a.runs)?;
    armistice::export::write_atomic(&out, text.as_bytes())?;
    let mut t = String::new();
    t.push_str(&format!(
        "Calibrated {} ({} evaluations of {} runs, seed {})\n",
        c.scenario.id, c.evaluations, a.runs, c.seed
    ));
    for f in &c.fitted {
        t.push_str(&format!(
            "  {} = {} (range {} .. {})\n",
            f.path, f.value, f.low, f.high
        ));
    }
    t.push_str(&format!(
        "objective (mean |median error| over calibration records): {:.1} -> {:.1}\n\nBefore:\n",
        c.objective.0, c.objective.1
    ));
    t.push_str(&fidelity::to_text(&c.before));
    t.push_str("\nAfter:\n");
    t.push_str(&fidelity::to_text(&c.after));
    t.push_str(&format!("\nwrote {}\n", out.display()));
    super::out(&t)
}
