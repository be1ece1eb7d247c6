//! The top-level parser and the flag groups several subcommands share. Each subcommand's own flags
//! live in its file (`run.rs`, `compare.rs`, …), as close to the command line as possible; values
//! with a range (`--runs`, `--threads`) are parsed straight into the library's checked types, so they
//! are validated once, here.

use clap::{Args, Parser, Subcommand};

use super::{
    beliefs, calibrate, chart, compare, completions, explore, export_nfg, fidelity, merge, new,
    report, run, scenarios, sensitivity, sweep, tournament, trace, validate,
};

#[derive(Parser, Debug)]
#[command(
    name = "armistice",
    version,
    about = "Simulate multi-party negotiations under fire, thousands of seeded runs at a time",
    long_about = "Simulate multi-party negotiations as a seeded, turn-based game. With no arguments, runs the embedded default scenario and prints a summary.",
    after_help = "\
Examples:
  # run the default scenario (results in armistice-out/<scenario>/)
  armistice
  # 10,000 runs of an embedded scenario
  armistice run korea_1951 --runs 10000
  # the chronicle of run 0: every move, and why
  armistice trace korea_1951 --run 0
  # start a scenario of your own, then check it
  armistice new my_world
  armistice validate my_world.toml

Results go to standard output; progress and status lines (\"wrote ...\") to
standard error. Exit codes: 0 success, 1 runtime failure, 2 usage or input
error, 130 interrupted."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a scenario many times and write runs.csv, summary.json and charts
    #[command(after_help = run::EXAMPLES)]
    Run(run::RunArgs),
    /// Merge shard outputs (from `run --shard K/N`) into one result
    #[command(after_help = merge::EXAMPLES)]
    Merge(merge::MergeArgs),
    /// Check scenario files and print OK or every error found
    #[command(after_help = validate::EXAMPLES)]
    Validate(validate::ValidateArgs),
    /// Play one run and print its chronicle: every move, the options weighed, and why
    #[command(after_help = trace::EXAMPLES)]
    Trace(trace::TraceArgs),
    /// Compare a base scenario with alternatives, run for run, under common random numbers
    #[command(after_help = compare::EXAMPLES)]
    Compare(compare::CompareArgs),
    /// Run a scenario over a grid or a Latin hypercube of parameter values (resumable)
    #[command(after_help = sweep::EXAMPLES)]
    Sweep(sweep::SweepArgs),
    /// Rank the scenario's free parameters ([[parameter]]) by their effect: one-at-a-time and Morris
    #[command(after_help = sensitivity::EXAMPLES)]
    Sensitivity(sensitivity::SensitivityArgs),
    /// What each actor expected the others to do, against what they did, over a batch of runs
    #[command(after_help = beliefs::EXAMPLES)]
    Beliefs(beliefs::BeliefsArgs),
    /// Compare simulated outcomes with the history a scenario records
    #[command(after_help = fidelity::EXAMPLES)]
    Fidelity(fidelity::FidelityArgs),
    /// Fit a scenario's free parameters to its observed records and write an overlay
    #[command(after_help = calibrate::EXAMPLES)]
    Calibrate(calibrate::CalibrateArgs),
    /// Redraw the charts of a run, compare or sensitivity output directory (PNG + SVG in DIR/charts/)
    #[command(after_help = chart::EXAMPLES)]
    Chart(chart::ChartArgs),
    /// Write one self-contained HTML report: tables, charts, fit to history, counterfactuals, a chronicle, sources
    #[command(after_help = report::EXAMPLES)]
    Report(report::ReportArgs),
    /// Compare strategies: every assignment of a list of strategies to the negotiating actors, over seeded runs
    #[command(after_help = tournament::EXAMPLES)]
    Tournament(tournament::TournamentArgs),
    /// Write the two leads' one-shot choice on an issue at a turn as a Gambit strategic-form game (.nfg)
    #[command(name = "export-nfg", after_help = export_nfg::EXAMPLES)]
    ExportNfg(export_nfg::ExportNfgArgs),
    /// Write the counterfactual explorer: one HTML file that runs the engine in the browser
    #[command(after_help = explore::EXAMPLES)]
    Explore(explore::ExploreArgs),
    /// List the embedded scenarios, or print one (`scenarios show NAME`)
    #[command(after_help = scenarios::EXAMPLES)]
    Scenarios(scenarios::ScenariosArgs),
    /// Write a commented starter scenario file (from a template or an embedded scenario)
    #[command(after_help = new::EXAMPLES)]
    New(new::NewArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell)
    #[command(after_help = completions::EXAMPLES)]
    Completions(completions::CompletionArgs),
}

/// Chart size options.
#[derive(Args, Debug, Clone)]
pub struct ChartSize {
    /// Chart width in pixels (SVG units)
    #[arg(long, default_value_t = 1280)]
    pub chart_width: u32,
    /// Chart height in pixels (SVG units)
    #[arg(long, default_value_t = 720)]
    pub chart_height: u32,
    /// PNG scale (2 = twice the pixels, for print)
    #[arg(long, default_value_t = 1.0)]
    pub png_scale: f64,
}

impl Default for ChartSize {
    fn default() -> Self {
        ChartSize {
            chart_width: 1280,
            chart_height: 720,
            png_scale: 1.0,
        }
    }
}

impl ChartSize {
    /// The chart options, checked before any work starts (bad sizes are usage errors).
    pub fn options(&self) -> armistice::Result<armistice::chart::ChartOptions> {
        let o = armistice::chart::ChartOptions {
            width: self.chart_width,
            height: self.chart_height,
            dpi_scale: self.png_scale,
        };
        o.check().map_err(|e| {
            armistice::Error::Usage(format!(
                "--chart-width {} --chart-height {} --png-scale {}: {e}",
                self.chart_width, self.chart_height, self.png_scale
            ))
        })?;
        Ok(o)
    }
}

/// Charts are drawn whenever files are written (`--out`), as `run` does; `--charts` says so explicitly
/// and needs `--out`, `--no-charts` turns them off.
pub fn charts_with_out(
    on: bool,
    off: bool,
    out: bool,
    size: &ChartSize,
) -> armistice::Result<Option<armistice::chart::ChartOptions>> {
    if on && !out {
        return Err(armistice::Error::Usage(
            "--charts needs --out DIR: the charts are written into DIR/charts/ (or redraw an existing output with `armistice chart DIR`)".into(),
        ));
    }
    (out && !off).then(|| size.options()).transpose()
}
