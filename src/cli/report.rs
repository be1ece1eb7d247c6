//! `armistice report`.

use std::ffi::OsString;
use std::path::PathBuf;

use armistice::Result;
use armistice::analysis::compare::{DEFAULT_BOOTSTRAP, parse_variant};
use armistice::batch::{Runs, Threads};
use armistice::commands::Spec;
use armistice::commands::report::{self as command, Destination};
use armistice::report::ReportConfig;
use clap::Args;

pub const EXAMPLES: &str = "\
The page is self-contained (inline SVG and CSS, no script, nothing loaded
from elsewhere) and deterministic: the same arguments give the same bytes,
whatever --threads.

Examples:
  armistice report korea_1951 no_pow_stall stalin_lives --out korea.html
  armistice report my.toml --variant 'patient:actor.North.discount=0.999'
  armistice report my.toml --runs 2000 --set actor.North.discount=0.97
  armistice report ceasefire_toy --out -        (to standard output)";

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The scenario, then alternatives to compare it with (files or embedded names)
    #[arg(required = true, value_name = "SCENARIO [ALT]...")]
    pub scenarios: Vec<OsString>,
    /// A variant of the scenario to compare it with: NAME:PATH=VALUE[,PATH=VALUE...] (repeatable)
    #[arg(long, value_name = "NAME:PATH=VALUE,...")]
    pub variant: Vec<String>,
    /// Runs (and paired runs per alternative) [default: the scenario's `runs`]
    #[arg(long, short = 'n')]
    pub runs: Option<Runs>,
    /// Master seed [default: the scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Override a value in the scenario and every alternative: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Bootstrap resamples of the comparison
    #[arg(long, default_value_t = DEFAULT_BOOTSTRAP)]
    pub bootstrap: u32,
    /// Output file, `-` for standard output [default: <scenario id>_report.html]
    #[arg(long, short, visible_alias = "output")]
    pub out: Option<PathBuf>,
    /// Worker threads, 1 to 1024 [default: one per core]; the page does not depend on them
    #[arg(long, short = 'j')]
    pub threads: Option<Threads>,
    /// Chart width in SVG units (the page scales charts to its width)
    #[arg(long, default_value_t = 1280)]
    pub chart_width: u32,
    /// Chart height in SVG units
    #[arg(long, default_value_t = 720)]
    pub chart_height: u32,
    /// Compare alternatives built on another base world (the root of their `extends` chain) than
    /// the scenario's
    #[arg(long)]
    pub allow_different_base: bool,
    /// No progress, no status line (errors are still printed)
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn report(a: ReportArgs) -> Result<()> {
    let mut specs = a.scenarios.into_iter().map(|s| Spec::new(s).utf8("report"));
    let cfg = ReportConfig {
        scenario: specs.next().transpose()?.unwrap_or_default(),
        alts: specs.collect::<Result<_>>()?,
        variants: a
            .variant
            .iter()
            .map(|v| parse_variant(v))
            .collect::<Result<_>>()?,
        overrides: super::overrides(&a.set)?,
        runs: a.runs,
        seed: a.seed,
        bootstrap: a.bootstrap,
        threads: a.threads.unwrap_or_default(),
        chart: armistice::chart::ChartOptions {
            width: a.chart_width,
            height: a.chart_height,
            dpi_scale: 1.0,
        },
        allow_different_base: a.allow_different_base,
    };
    cfg.chart.check().map_err(|e| {
        armistice::Error::Usage(format!(
            "--chart-width {} --chart-height {}: {e}",
            a.chart_width, a.chart_height
        ))
    })?;
    let show = super::progress::shown(a.quiet);
    let mut stage = |what: &str| {
        if show {
            eprint!("\r{:60}\r{what}…", "");
        }
    };
    let to = Destination::from_arg(a.out.as_deref());
    let r = command::report(&cfg, &to, &super::cancel_flag(), &mut stage);
    if show {
        eprint!("\r{:60}\r", "");
    }
    let (r, path) = r?;
    match path {
        None => super::out(&r.html),
        Some(path) => {
            super::status(
                a.quiet,
                &format!(
                    "wrote {} ({} runs, seed {}, {} figures, {} KiB)\nReproduce: {}",
                    path.display(),
                    r.runs,
                    r.seed,
                    r.figures,
                    r.html.len().div_ceil(1024),
                    r.command
                ),
            );
            Ok(())
        }
    }
}
