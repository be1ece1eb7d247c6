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
        after_help = "Examples:\n  armistice run korea_1951 --runs 10000 --seed 1\n  armistice run my.toml --set actor.PRC.discount=0.97 --out results/\n  armistice run korea_1951 --runs 1000000 --shard 0/8 --out shard-0   (then `armistice merge`)"
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
    /// Override a scenario value: PATH=VALUE (VALUE is TOML), e.g. actor.PRC.discount=0.97
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
