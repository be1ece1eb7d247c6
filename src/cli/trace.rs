//! `armistice trace`.

use std::ffi::OsString;

use armistice::commands::Spec;
use armistice::commands::trace::{self as command, TraceConfig};
use armistice::{Error, Result};
use clap::Args;

pub const EXAMPLES: &str = "\
Examples:
  armistice trace korea_1951 --run 0
  armistice trace korea_1951 --run 3 --all      (include routine stalls)
  armistice trace korea_1951 --run 3 --json";

#[derive(Args, Debug)]
pub struct TraceArgs {
    /// Scenario file or embedded scenario name
    pub scenario: OsString,
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

pub fn trace(a: TraceArgs) -> Result<()> {
    let cfg = TraceConfig {
        scenario: Spec::new(a.scenario),
        overrides: super::overrides(&a.set)?,
        seed: a.seed,
        run: a.run,
    };
    let t = command::trace(&cfg)?;
    if a.json {
        let v = serde_json::json!({ "scenario": t.scenario.id, "run": a.run, "seed": t.seed, "outcome": t.outcome, "chronicle": t.chronicle });
        let mut text =
            serde_json::to_string_pretty(&v).map_err(|e| Error::Output(e.to_string()))?;
        text.push('\n');
        return super::out(&text);
    }
    let mut text = format!(
        "{} — run {} (seed {}), run seed {}\n",
        t.scenario.title, a.run, t.seed, t.outcome.seed
    );
    text.push_str(&armistice::export::text::chronicle(
        &t.scenario,
        &t.chronicle,
        a.all,
    ));
    super::out(&text)
}
