//! The flags, as close to the command line as possible (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "armistice",
    version,
    about = "Simulate multi-party negotiations under fire, thousands of seeded runs at a time",
    long_about = "Simulate multi-party negotiations as a seeded, turn-based game. With no arguments, runs the embedded default scenario and prints a summary.",
    after_help = "Examples:\n  armistice                                   run the default scenario\n  armistice run korea_1951 --runs 10000       10,000 runs, results in armistice-out/korea_1951/\n  armistice trace korea_1951 --run 0          the chronicle of run 0\n  armistice validate my_world.toml            check a scenario\n  armistice scenarios                         list embedded scenarios\n\nExit codes: 0 success, 1 runtime failure, 2 usage or input error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// No progress bar, no summary (errors are still printed)
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a scenario many times and write runs.csv and summary.json
    #[command(
        after_help = "Examples:\n  armistice run korea_1951 --runs 10000 --seed 1\n  armistice run my.toml --set actor.North.discount=0.97 --out results/\n  armistice run korea_1951 --runs 1000000 --shard 0/8 --out shard-0   (then `armistice merge`)"
    )]
    Run(RunArgs),
    /// Merge shard outputs (from `run --shard K/N`) into one result
    #[command(after_help = "Example:\n  armistice merge shard-0 shard-1 shard-2 --out merged")]
    Merge(MergeArgs),
    /// Check scenario files and print OK or every error found
    Validate(ValidateArgs),
    /// Play one run and print its chronicle: every move, the options weighed, and why
    #[command(
        after_help = "Examples:\n  armistice trace korea_1951 --run 0\n  armistice trace korea_1951 --run 3 --all      include routine stalls\n  armistice trace korea_1951 --run 3 --json"
    )]
    Trace(TraceArgs),
    /// Compare a base scenario with alternatives, run for run, under common random numbers
    #[command(
        after_help = "Each alternative is a scenario file, an embedded name, or the base with overrides (--variant).\nRun i of every variant uses the same random streams, so differences come from the change, not the noise.\n\nExamples:\n  armistice compare korea_1951 no_pow_stall stalin_lives\n  armistice compare toy.toml --variant 'patient:actor.North.discount=0.999' --runs 2000\n  armistice compare korea_1951 stalin_lives --json > cmp.json\n  armistice compare korea_1951 stalin_lives --out cmp/        (compare.json, paired_runs.csv, charts/)\n\nMethod and JSON contract: docs/analysis.md"
    )]
    Compare(CompareArgs),
    /// Run a scenario over a grid or a Latin hypercube of parameter values (resumable)
    #[command(
        after_help = "Examples:\n  armistice sweep toy.toml --vary actor.North.discount=0.98..0.999:5 --runs 200\n  armistice sweep toy.toml --vary actor.North.discount=0.98..0.999 --vary event.patron_loses_interest.probability=0.0..0.1 --lhs 50\n  armistice sweep korea_1951 --vary event.stalin_death.date=1953-03-05,1954-03-05\n\nWrites points.csv, runs.csv (one row per point and run) and points_summary.csv; re-running the same command skips finished points."
    )]
    Sweep(SweepArgs),
    /// Rank the scenario's free parameters ([[parameter]]) by their effect: one-at-a-time and Morris
    #[command(
        after_help = "Examples:\n  armistice sensitivity toy.toml --runs 200\n  armistice sensitivity korea_1951 --trajectories 20 --out sens/   (sensitivity.json + .csv, charts/)\n\nMethods and references: docs/analysis.md"
    )]
    Sensitivity(SensitivityArgs),
    /// Compare simulated outcomes with the history a scenario records
    #[command(
        after_help = "Example:\n  armistice fidelity korea_1951 --runs 2000\n  armistice fidelity korea_1951 --json > fidelity.json"
    )]
    Fidelity(FidelityArgs),
    /// Fit a scenario's free parameters to its observed records and write an overlay
    #[command(
        after_help = "Example:\n  armistice calibrate korea_1951 --runs 300 -o korea_1951_calibrated.toml"
    )]
    Calibrate(CalibrateArgs),
    /// Redraw the charts of a run, compare or sensitivity output directory (PNG + SVG in DIR/charts/)
    #[command(
        after_help = "DIR is recognised by its JSON file: summary.json (run, merge), compare.json (compare --out) or sensitivity.json (sensitivity --out).\n\nExamples:\n  armistice chart armistice-out/korea_1951\n  armistice chart cmp/ --chart-width 1920 --chart-height 1080 --png-scale 2"
    )]
    Chart(ChartArgs),
    /// Write one self-contained HTML report: tables, charts, fit to history, counterfactuals, a chronicle, sources
    #[command(
        after_help = "The page is self-contained (inline SVG and CSS, no script, nothing loaded from elsewhere) and deterministic: the same arguments give the same bytes, whatever --threads.\n\nExamples:\n  armistice report korea_1951 no_pow_stall stalin_lives -o korea.html\n  armistice report my.toml --runs 2000 --set actor.North.discount=0.97\n  armistice report ceasefire_toy -o -          (to standard output)"
    )]
    Report(ReportArgs),
    /// Compare strategies: every assignment of a list of strategies to the negotiating actors, over seeded runs
    #[command(
        after_help = "Strategies: logit, boulware, linear, conceder, time_dependent:BETA, tit_for_tat, tit_for_tat_absolute, spe, hardliner, random (boulware:0.1 sets the exponent; see docs/strategies.md).\n\nExamples:\n  armistice tournament scenarios/theory/bilateral_4x10.toml --strategies boulware,linear,conceder,tit_for_tat\n  armistice tournament my.toml --strategies logit,spe,hardliner --runs 200 --out results/tournament\n  armistice tournament my.toml --strategies boulware,random --actors North,South --json"
    )]
    Tournament(TournamentArgs),
    /// Write the two leads' one-shot choice on an issue at a turn as a Gambit strategic-form game (.nfg)
    #[command(
        name = "export-nfg",
        after_help = "Examples:\n  armistice export-nfg ceasefire_toy --turn 10 -o toy.nfg\n  armistice export-nfg ceasefire_toy --turn 10 --issue prisoners\n  gambit-enumpure toy.nfg      (Gambit's command-line tools, or pygambit: Game.read_game(\"toy.nfg\"))"
    )]
    ExportNfg(ExportNfgArgs),
    /// Write the counterfactual explorer: one HTML file that runs the engine in the browser
    #[command(
        after_help = "The page needs the engine compiled to WebAssembly; scripts/explorer.sh builds it and runs this command.\n\nExamples:\n  bash scripts/explorer.sh korea_1951 korea.html\n  armistice explore korea_1951 --wasm target/wasm32-wasip1/release/armistice.wasm --out korea.html\n\nThe page and its links: docs/explorer.md"
    )]
    Explore(ExploreArgs),
    /// List the embedded scenarios and counterfactuals
    Scenarios,
    /// Print shell completions
    Completions(CompletionArgs),
}

#[derive(Args, Debug, Default, Clone)]
pub struct RunArgs {
    /// Scenario file or embedded scenario name [default: the embedded default scenario]
    pub scenario: Option<String>,
    /// Number of runs [default: the scenario's `runs`]
    #[arg(long, short = 'n')]
    pub runs: Option<u64>,
    /// Master seed [default: the scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Output directory [default: armistice-out/<scenario>]
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Worker threads [default: all cores]
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Override a scenario value: PATH=VALUE (VALUE is TOML), e.g. actor.North.discount=0.97
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Run only shard K of N (0-based), for cluster job arrays; combine with `armistice merge`
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Write only summary.json (for very large batches)
    #[arg(long)]
    pub no_runs_csv: bool,
    /// Replace the output directory even if armistice did not write it
    #[arg(long)]
    pub force: bool,
    /// Do not draw charts
    #[arg(long)]
    pub no_charts: bool,
    /// Draw the charts into OUT/charts/ (the default; the opposite of --no-charts)
    #[arg(long, conflicts_with = "no_charts")]
    pub charts: bool,
    #[command(flatten)]
    pub chart: ChartSize,
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

#[derive(Args, Debug)]
pub struct ChartArgs {
    /// An output directory of `armistice run`, `compare --out` or `sensitivity --out`
    pub dir: std::path::PathBuf,
    #[command(flatten)]
    pub chart: ChartSize,
}

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
}

#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Scenario files or embedded names
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Check the scenarios with these overrides applied: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
}

#[derive(Args, Debug)]
pub struct TraceArgs {
    /// Scenario file or embedded scenario name
    pub scenario: String,
    /// Run index
    #[arg(long, short, default_value_t = 0)]
    pub run: u64,
    /// Master seed [default: the scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Override a scenario value: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Print the chronicle as JSON
    #[arg(long)]
    pub json: bool,
    /// Include routine decisions (stalls, no action, allowed settlements)
    #[arg(long)]
    pub all: bool,
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The base scenario, then alternatives (files or embedded names)
    #[arg(required = true, value_name = "BASE [ALT]...")]
    pub scenarios: Vec<String>,
    /// A variant of the base: NAME:PATH=VALUE[,PATH=VALUE...] (repeatable)
    #[arg(long, value_name = "NAME:PATH=VALUE,...")]
    pub variant: Vec<String>,
    /// Override a value in every variant: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Paired runs per variant
    #[arg(long, short = 'n', default_value_t = armistice::analysis::compare::DEFAULT_RUNS)]
    pub runs: u64,
    /// Master seed, shared by every variant [default: the base scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Bootstrap resamples
    #[arg(long, default_value_t = armistice::analysis::compare::DEFAULT_BOOTSTRAP)]
    pub bootstrap: u32,
    /// Bootstrap seed [default: derived from --seed]
    #[arg(long)]
    pub bootstrap_seed: Option<u64>,
    /// Confidence level of the intervals
    #[arg(long, default_value_t = 0.95)]
    pub confidence: f64,
    /// Give each variant its own seed (independent streams): only to see what common random numbers buy
    #[arg(long)]
    pub independent: bool,
    /// Print JSON (contract in docs/analysis.md) instead of the table
    #[arg(long)]
    pub json: bool,
    /// Also write compare.json, paired_runs.csv and the comparison charts (charts/) into this directory
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Worker threads [default: all cores]
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Replace the output directory even if armistice did not write it
    #[arg(long)]
    pub force: bool,
    /// Draw the comparison charts into OUT/charts/ (the default with --out; needs --out)
    #[arg(long, conflicts_with = "no_charts")]
    pub charts: bool,
    /// With --out: do not draw charts
    #[arg(long)]
    pub no_charts: bool,
    #[command(flatten)]
    pub chart: ChartSize,
}

#[derive(Args, Debug)]
pub struct SweepArgs {
    /// Scenario file or embedded scenario name
    pub scenario: String,
    /// A parameter to vary: PATH=LOW..HIGH:STEPS or PATH=V1,V2,... (repeatable; full factorial)
    #[arg(long, required = true, value_name = "PATH=RANGE")]
    pub vary: Vec<String>,
    /// Latin hypercube of N points instead of the full grid (ranges need no :STEPS)
    #[arg(long, value_name = "N")]
    pub lhs: Option<u32>,
    /// Seed of the Latin hypercube [default: derived from --seed]
    #[arg(long)]
    pub lhs_seed: Option<u64>,
    /// Override a value at every point: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Runs per point
    #[arg(long, short = 'n', default_value_t = armistice::analysis::sweep::DEFAULT_RUNS)]
    pub runs: u64,
    /// Master seed, shared by every point [default: the scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Output directory [default: armistice-out/<scenario>-sweep]
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Worker threads [default: all cores]
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Start over in a directory holding a different sweep or not written by armistice
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct SensitivityArgs {
    /// Scenario file or embedded scenario name
    pub scenario: String,
    /// Override a value at every design point: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Runs per design point
    #[arg(long, short = 'n', default_value_t = armistice::analysis::sensitivity::DEFAULT_RUNS)]
    pub runs: u64,
    /// Master seed, shared by every design point [default: the scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Morris trajectories (0: one-at-a-time only)
    #[arg(long, default_value_t = armistice::analysis::sensitivity::DEFAULT_TRAJECTORIES)]
    pub trajectories: u32,
    /// Morris grid levels (even)
    #[arg(long, default_value_t = 4)]
    pub levels: u32,
    /// Seed of the Morris design [default: derived from --seed]
    #[arg(long)]
    pub morris_seed: Option<u64>,
    /// Print JSON (contract in docs/analysis.md) instead of the table
    #[arg(long)]
    pub json: bool,
    /// Also write sensitivity.json, sensitivity.csv and the tornado charts (charts/) into this directory
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Worker threads [default: all cores]
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Replace the output directory even if armistice did not write it
    #[arg(long)]
    pub force: bool,
    /// Draw the tornado charts into OUT/charts/ (the default with --out; needs --out)
    #[arg(long, conflicts_with = "no_charts")]
    pub charts: bool,
    /// With --out: do not draw charts
    #[arg(long)]
    pub no_charts: bool,
    #[command(flatten)]
    pub chart: ChartSize,
}

#[derive(Args, Debug)]
pub struct CompletionArgs {
    /// Shell
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct FidelityArgs {
    /// Scenario file or embedded scenario name
    pub scenario: String,
    /// Number of runs [default: the scenario's `runs`]
    #[arg(long, short = 'n')]
    pub runs: Option<u64>,
    /// Master seed [default: the scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Worker threads [default: all cores]
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Override a scenario value: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Print JSON (the documented contract) instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct CalibrateArgs {
    /// Scenario file or embedded scenario name
    pub scenario: String,
    /// Runs per evaluation
    #[arg(long, short = 'n', default_value_t = 300)]
    pub runs: u64,
    /// Master seed (the same for every evaluation: common random numbers)
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Coordinate-descent rounds
    #[arg(long, default_value_t = 3)]
    pub rounds: u32,
    /// Grid points per parameter per round
    #[arg(long, default_value_t = 5)]
    pub points: u32,
    /// Worker threads [default: all cores]
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Override a scenario value: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Where to write the overlay with the fitted values [default: <scenario>_calibrated.toml]
    #[arg(long, short)]
    pub out: Option<std::path::PathBuf>,
}

#[derive(Args, Debug)]
pub struct TournamentArgs {
    /// Scenario file or embedded scenario name
    pub scenario: String,
    /// Comma-separated strategies, each NAME or NAME:EXPONENT
    #[arg(long, value_delimiter = ',', required = true)]
    pub strategies: Vec<String>,
    /// Runs per assignment
    #[arg(long, short = 'n', default_value_t = 100)]
    pub runs: u64,
    /// Master seed [default: the scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Comma-separated actors whose strategies vary [default: every actor that negotiates]
    #[arg(long, value_delimiter = ',')]
    pub actors: Vec<String>,
    /// Override a scenario value: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Write tournament.csv and tournament.json in this directory
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Print the tournament as JSON instead of a table
    #[arg(long)]
    pub json: bool,
    /// Worker threads [default: all cores]
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Replace the output directory even if armistice did not write it
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct ExportNfgArgs {
    /// Scenario file or embedded scenario name
    pub scenario: String,
    /// The turn at which the two leads choose
    #[arg(long, short, default_value_t = 0)]
    pub turn: u32,
    /// The issue [default: the first two-party issue open at that turn]
    #[arg(long, short)]
    pub issue: Option<String>,
    /// Master seed [default: the scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// The run whose history leads to the turn
    #[arg(long, short, default_value_t = 0)]
    pub run: u64,
    /// Override a scenario value: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Output file [default: standard output]
    #[arg(long = "output", short = 'o')]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The scenario, then alternatives to compare it with (files or embedded names)
    #[arg(required = true, value_name = "SCENARIO [ALT]...")]
    pub scenarios: Vec<String>,
    /// Runs (and paired runs per alternative) [default: the scenario's `runs`]
    #[arg(long, short = 'n')]
    pub runs: Option<u64>,
    /// Master seed [default: the scenario's `seed`]
    #[arg(long, short)]
    pub seed: Option<u64>,
    /// Override a value in the scenario and every alternative: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Bootstrap resamples of the comparison
    #[arg(long, default_value_t = armistice::analysis::compare::DEFAULT_BOOTSTRAP)]
    pub bootstrap: u32,
    /// Output file, `-` for standard output [default: <scenario id>_report.html]
    #[arg(long = "output", short = 'o')]
    pub output: Option<PathBuf>,
    /// Worker threads [default: all cores]; the page does not depend on it
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Chart width in SVG units (the page scales charts to its width)
    #[arg(long, default_value_t = 1280)]
    pub chart_width: u32,
    /// Chart height in SVG units
    #[arg(long, default_value_t = 720)]
    pub chart_height: u32,
}

#[derive(Args, Debug)]
pub struct ExploreArgs {
    /// Scenario file or embedded scenario name
    pub scenario: String,
    /// Override a value of the scenario (and of its counterfactuals): PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// The engine compiled to WebAssembly (scripts/explorer.sh builds it)
    #[arg(long, value_name = "FILE.wasm")]
    pub wasm: PathBuf,
    /// The page to write
    #[arg(long, short = 'o', value_name = "FILE.html")]
    pub out: PathBuf,
}
