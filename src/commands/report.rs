//! `armistice report`: one self-contained HTML page about a scenario. The page itself is
//! `crate::report`; this command builds it and writes it atomically (or hands it back for standard
//! output).

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crate::error::Result;
use crate::report::{self, Report, ReportConfig};

/// Where the page goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// `<scenario id>_report.html` in the current directory.
    Default,
    /// This file.
    File(PathBuf),
    /// Standard output (`--out -`): the caller prints [`Report::html`].
    Stdout,
}

impl Destination {
    /// From `--out`: none, `-` or a path.
    pub fn from_arg(out: Option<&Path>) -> Destination {
        match out {
            None => Destination::Default,
            Some(p) if p == Path::new("-") => Destination::Stdout,
            Some(p) => Destination::File(p.to_path_buf()),
        }
    }
}

/// Builds the report and writes it; returns it with the file written (`None` for standard output).
/// `stage` is told what is being done.
pub fn report(
    cfg: &ReportConfig,
    to: &Destination,
    cancel: &AtomicBool,
    stage: &mut dyn FnMut(&str),
) -> Result<(Report, Option<PathBuf>)> {
    if let Destination::File(p) = to {
        crate::export::check_output_file(p)?;
    }
    let r = report::build(cfg, cancel, stage)?;
    let path = match to {
        Destination::Stdout => return Ok((r, None)),
        Destination::Default => report::default_output(&r.scenario),
        Destination::File(p) => p.clone(),
    };
    report::write(&r, &path)?;
    Ok((r, Some(path)))
}
