//! `armistice chart`.

use std::path::PathBuf;

use armistice::Result;
use armistice::commands::chart as command;
use clap::Args;

use super::args::ChartSize;

pub const EXAMPLES: &str = "\
DIR is recognised by its JSON file: summary.json (run, merge), compare.json
(compare --out), sensitivity.json (sensitivity --out) or sweep.json (sweep).

Examples:
  armistice chart armistice-out/korea_1951
  armistice chart cmp/ --chart-width 1920 --chart-height 1080 --png-scale 2";

#[derive(Args, Debug)]
pub struct ChartArgs {
    /// An output directory of `armistice run`, `compare --out`, `sensitivity --out` or `sweep`
    pub dir: PathBuf,
    #[command(flatten)]
    pub chart: ChartSize,
    /// No status line (errors are still printed)
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn chart(a: ChartArgs) -> Result<()> {
    let (kind, n) = command::chart_dir(&a.dir, &a.chart.options()?)?;
    super::status(
        a.quiet,
        &format!(
            "wrote {} (PNG + SVG) from {} in {}",
            armistice::format::count(n as u64, "figure"),
            kind.file(),
            armistice::format::dir(&a.dir.join("charts"))
        ),
    );
    Ok(())
}
