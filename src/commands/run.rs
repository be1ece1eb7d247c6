//! `armistice run`: a batch of runs of one scenario into `runs.csv`, `summary.json` and the charts
//! (or, for one shard of a bigger batch, into `runs.csv` and `partial.json` for `merge`).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use serde::{Deserialize, Serialize};

use super::Spec;
use crate::batch::{self, Plan, Runs, SummarySink, Threads};
use crate::chart::ChartOptions;
use crate::engine::Model;
use crate::error::{Error, Result};
use crate::export::checksum::{Fingerprint, Fingerprinting};
use crate::export::{self, Staging};
use crate::outcome::Summary;
use crate::outcome::doc::SummaryDoc;
use crate::scenario::{Override, Scenario};

/// The format of `partial.json`.
pub const PARTIAL_FORMAT: &str = "armistice-partial-2";

/// Everything `armistice run` needs.
#[derive(Clone, Debug, Default)]
pub struct RunConfig {
    /// The scenario.
    pub scenario: Spec,
    /// `--set` overrides.
    pub overrides: Vec<Override>,
    /// Runs (the scenario's `runs` if `None`).
    pub runs: Option<Runs>,
    /// Master seed (the scenario's `seed` if `None`).
    pub seed: Option<u64>,
    /// Output directory (default `armistice-out/<scenario id>`).
    pub out: Option<PathBuf>,
    /// Worker threads.
    pub threads: Threads,
    /// `(k, n)` for `--shard k/n`.
    pub shard: Option<(u64, u64)>,
    /// Skip `runs.csv`.
    pub no_runs_csv: bool,
    /// Replace an output directory not written by armistice.
    pub force: bool,
    /// Draw the charts (PNG + SVG) into `charts/`.
    pub charts: Option<ChartOptions>,
}

/// What `run` (or `merge`) produced.
pub struct RunReport {
    /// The scenario.
    pub scenario: Scenario,
    /// The summary of the runs made.
    pub summary: Summary,
    /// Master seed used.
    pub seed: u64,
    /// Where the files went.
    pub out: PathBuf,
    /// Files written, relative to `out`.
    pub files: Vec<String>,
    /// The summary document (`summary.json`), unless this was a shard.
    pub json: Option<SummaryDoc>,
}

/// A shard's partial result (`partial.json`), enough for `merge` to rebuild the whole and to check
/// that the shard's `runs.csv` is the one it wrote.
#[derive(Serialize, Deserialize)]
pub struct Partial {
    /// Format marker ([`PARTIAL_FORMAT`]).
    pub format: String,
    /// Scenario spec as typed (for the recorded command).
    pub spec: String,
    /// Scenario spec to reload it (absolute path for files).
    pub scenario: String,
    /// Overrides.
    pub overrides: Vec<String>,
    /// Master seed.
    pub seed: u64,
    /// Total runs of the whole batch.
    pub runs: u64,
    /// Shard index.
    pub shard: u64,
    /// Shard count.
    pub shards: u64,
    /// Runs this shard covers.
    pub first_run: u64,
    /// One past the last run.
    pub end_run: u64,
    /// Length, CRC-32 and records of the shard's `runs.csv` (`None`: not written).
    pub runs_csv: Option<Fingerprint>,
    /// The command line of the unsharded equivalent.
    pub command: String,
    /// The partial summary.
    pub summary: Summary,
}

/// The output directory when none is given.
pub fn default_out(s: &Scenario) -> PathBuf {
    Path::new("armistice-out").join(&s.id)
}

/// Runs a batch and writes `runs.csv` and `summary.json` (or a shard's partial) atomically.
/// `progress(done, total)` counts runs.
pub fn run(
    cfg: &RunConfig,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<RunReport> {
    let scenario = cfg.scenario.load(&cfg.overrides)?;
    let runs = super::runs_or_default(cfg.runs, &scenario)?;
    let seed = cfg.seed.unwrap_or(scenario.default_seed);
    let plan = Plan {
        shard: cfg.shard,
        ..Plan::new(runs, seed)
    };
    let out = cfg.out.clone().unwrap_or_else(|| default_out(&scenario));
    let model = Model::new(scenario);
    let staging = Staging::new(&out, cfg.force)?;
    let keep = !cfg.no_runs_csv;
    let csv = keep.then(|| staging.path("runs.csv"));
    let (summary, fingerprint) = cfg
        .threads
        .install(|| simulate(&model, &plan, csv.as_deref(), cancel, progress))??;
    let mut files: Vec<String> = Vec::new();
    if keep {
        files.push("runs.csv".into());
    }
    let s = &model.scenario;
    let command = export::run_command(&cfg.scenario.text(), runs.get(), seed, &cfg.overrides);
    let json = match cfg.shard {
        None => {
            let prov = export::json::Provenance {
                seed,
                runs: runs.get(),
                command,
            };
            let json = export::json::summary(s, &summary, &prov);
            staging.write("summary.json", export::json::to_text(&json).as_bytes())?;
            files.push("summary.json".into());
            if let Some(opts) = &cfg.charts {
                let n = cfg.threads.install(|| {
                    super::chart::write_charts(&json, opts, &|name, bytes| {
                        staging.write(&format!("charts/{name}"), bytes)
                    })
                })??;
                files.push(format!("charts/ ({n} figures)"));
            }
            Some(json)
        }
        Some((k, n)) => {
            let partial = Partial {
                format: PARTIAL_FORMAT.into(),
                spec: cfg.scenario.text().into_owned(),
                scenario: reload_spec(&cfg.scenario),
                overrides: s.overrides.iter().map(Override::to_arg).collect(),
                seed,
                runs: runs.get(),
                shard: k,
                shards: n,
                first_run: plan.run_range().start,
                end_run: plan.run_range().end,
                runs_csv: fingerprint,
                command,
                summary: summary.clone(),
            };
            let text = serde_json::to_string(&partial)
                .map_err(|e| Error::Output(format!("cannot encode partial.json: {e}")))?;
            staging.write("partial.json", text.as_bytes())?;
            files.push("partial.json".into());
            None
        }
    };
    let out = staging.target().to_path_buf();
    staging.commit()?;
    Ok(RunReport {
        scenario: model.scenario,
        summary,
        seed,
        out,
        files,
        json,
    })
}

/// How `merge` finds the scenario again: a file by its absolute path, an embedded one by name.
fn reload_spec(spec: &Spec) -> String {
    match std::fs::canonicalize(spec.as_os_str()) {
        Ok(p) if spec.is_file() => p.display().to_string(),
        _ => spec.text().into_owned(),
    }
}

/// Simulates the plan's runs on the current pool into their summary, streaming `runs.csv` to `csv`
/// when given; returns the summary and the fingerprint of the file written.
fn simulate(
    model: &Model,
    plan: &Plan,
    csv: Option<&Path>,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<(Summary, Option<Fingerprint>)> {
    let s = &model.scenario;
    let Some(path) = csv else {
        let mut sink = SummarySink::new(s, true);
        batch::run(model, plan, &mut sink, cancel, progress)?;
        return Ok((sink.finish().0, None));
    };
    let file = File::create(path)
        .map_err(|e| Error::io(format!("cannot create `{}`", path.display()), e))?;
    let rows = export::csv::RunsWriter::new(s, BufWriter::new(Fingerprinting::new(file)), true)?;
    let mut sink = SummarySink::with_rows(s, true, rows);
    batch::run(model, plan, &mut sink, cancel, progress)?;
    let (summary, rows) = sink.finish();
    let Some(rows) = rows else {
        return Ok((summary, None));
    };
    let mut buf = rows.finish()?;
    buf.flush()
        .map_err(|e| Error::io("cannot write runs.csv", e))?;
    let fingerprinting = buf
        .into_inner()
        .map_err(|e| Error::io("cannot write runs.csv", e.into_error()))?;
    Ok((summary, Some(fingerprinting.finish().1)))
}
