//! The commands, as library functions: one module per subcommand, mirroring `src/cli/` file for
//! file. Each takes a plain, already validated config (runs as [`Runs`], threads as [`Threads`]),
//! loads the scenario, drives the batch runner or the analysis, writes its files atomically and
//! returns a report; the binary (`src/cli/`) only turns arguments into configs and prints reports.
//! Nothing here parses arguments or prints, and nothing below this layer (`analysis`, `report`,
//! `batch`, `export`) reaches up into it.
//!
//! [`Runs`]: crate::batch::Runs
//! [`Threads`]: crate::batch::Threads

pub mod beliefs;
pub mod calibrate;
pub mod chart;
pub mod compare;
pub mod export_nfg;
pub mod fidelity;
pub mod merge;
pub mod new;
pub mod report;
pub mod run;
pub mod scenarios;
pub mod sensitivity;
pub mod sweep;
pub mod tournament;
pub mod trace;
pub mod validate;

use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::path::Path;

use crate::batch::Runs;
use crate::error::{Error, Result};
use crate::scenario::{Override, Scenario};

/// A scenario as named on the command line: a file path (UTF-8 or not) or an embedded name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spec(OsString);

impl Spec {
    /// The scenario named `s`.
    pub fn new(s: impl Into<OsString>) -> Spec {
        Spec(s.into())
    }

    /// The name as typed, for messages and recorded command lines (a file name that is not UTF-8
    /// shows `�` where its bytes are not).
    pub fn text(&self) -> Cow<'_, str> {
        self.0.to_string_lossy()
    }

    /// The name as the OS sees it.
    pub fn as_os_str(&self) -> &OsStr {
        &self.0
    }

    /// Whether the name is a file on disk (rather than an embedded name).
    pub fn is_file(&self) -> bool {
        Path::new(&self.0).is_file()
    }

    /// Loads and validates the scenario with `overrides`.
    pub fn load(&self, overrides: &[Override]) -> Result<Scenario> {
        Ok(match self.0.to_str() {
            Some(s) => Scenario::load(s, overrides)?,
            // Not UTF-8, so not an embedded name: a path.
            None => Scenario::load_file(Path::new(&self.0), overrides)?,
        })
    }

    /// The name as UTF-8, for the commands whose configs take text (`compare`, `report`).
    pub fn utf8(&self, command: &str) -> Result<String> {
        self.0.to_str().map(str::to_string).ok_or_else(|| {
            Error::Usage(format!(
                "{command}: the file name `{}` is not UTF-8; rename the file (or link it under a UTF-8 name)",
                self.text()
            ))
        })
    }
}

impl From<&str> for Spec {
    fn from(s: &str) -> Spec {
        Spec::new(s)
    }
}

/// The runs of a batch: those asked for, else the scenario's own `runs`.
pub fn runs_or_default(runs: Option<Runs>, s: &Scenario) -> Result<Runs> {
    match runs {
        Some(r) => Ok(r),
        None => Runs::from_scenario(&s.id, s.default_runs),
    }
}
