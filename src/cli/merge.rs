//! `armistice merge`.

use std::path::PathBuf;

use armistice::Result;
use armistice::commands::merge as command;
use clap::Args;

pub const EXAMPLES: &str = "\
Example:
  armistice merge shard-0 shard-1 shard-2 --out merged

Each shard's runs.csv is checked against the length, CRC-32 and rows its
partial.json recorded; a damaged or foreign shard is refused (exit 2).";

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// Shard output directories
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Output directory
    #[arg(long, short)]
    pub out: PathBuf,
    /// Replace the output directory even if armistice did not write it
    #[arg(long)]
    pub force: bool,
    /// No summary, no status line (errors are still printed)
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn merge(a: MergeArgs) -> Result<()> {
    let report = command::merge(&a.dirs, &a.out, a.force, &super::cancel_flag())?;
    if !a.quiet {
        super::out(&armistice::export::text::summary(
            &report.scenario,
            &report.summary,
            report.seed,
        ))?;
    }
    super::status(
        a.quiet,
        &format!(
            "wrote {} in {}",
            report.files.join(", "),
            armistice::format::dir(&report.out)
        ),
    );
    Ok(())
}
