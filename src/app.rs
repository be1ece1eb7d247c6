//! Commands as library functions: each takes a plain config, does the work and returns a report.
//! The binary (`src/cli/`) only turns arguments into these configs and prints what comes back.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use serde::{Deserialize, Serialize};

use crate::batch::{self, Plan};
use crate::engine::{Model, Simulation};
use crate::error::{Error, Result};
use crate::export::{self, Staging};
use crate::outcome::Summary;
use crate::scenario::{Override, Scenario};

/// Most worker threads one command accepts.
pub const MAX_THREADS: usize = 1024;
/// Most runs one command accepts.
pub const MAX_RUNS: u64 = crate::scenario::MAX_RUNS;

/// The environment variable that sets how much memory a batch may plan to use (bytes, or a number
/// with K, M, G or T, e.g. `16G`).
pub const MEMORY_ENV: &str = "ARMISTICE_MAX_MEMORY";
/// Memory budget when [`MEMORY_ENV`] is unset and physical memory is unknown.
pub const DEFAULT_MAX_MEMORY: u64 = 4 << 30;

/// Parses a size such as `123`, `512M`, `16G` or `1.5GiB` (binary units).
pub fn parse_bytes(s: &str) -> Option<u64> {
    let t = s.trim();
    let cut = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(cut);
    let n: f64 = num.parse().ok()?;
    let mult: u64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        "T" | "TB" | "TIB" => 1 << 40,
        _ => return None,
    };
    let v = n * mult as f64;
    (v.is_finite() && v >= 1.0 && v < u64::MAX as f64).then_some(v as u64)
}

/// Writes a byte count for people (`1.5 GiB`).
pub fn human_bytes(b: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut v = b as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{b} bytes")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

fn physical_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kb.checked_mul(1024)
}

/// The memory a batch may plan to use: [`MEMORY_ENV`] if set, else half the physical memory.
pub fn memory_limit() -> Result<u64> {
    match std::env::var(MEMORY_ENV) {
        Ok(v) => parse_bytes(&v).ok_or_else(|| {
            Error::Usage(format!(
                "{MEMORY_ENV}=`{v}` is not a size; use bytes or a number with K, M, G or T, e.g. {MEMORY_ENV}=16G"
            ))
        }),
        Err(_) => Ok(physical_memory()
            .map(|m| m / 2)
            .unwrap_or(DEFAULT_MAX_MEMORY)),
    }
}

/// Chooses how many blocks to simulate at once so that the batch fits in the memory budget, or
/// refuses it before it starts (rather than letting the OS kill it half-way).
pub fn fit_memory(model: &Model, plan: &Plan, opts: batch::Options, threads: u64) -> Result<u64> {
    let est = batch::estimate(model, opts);
    let limit = memory_limit()?;
    let blocks = plan.block_range();
    let blocks = (blocks.end - blocks.start).max(1);
    let threads = threads.max(1);
    let mut wave = (threads * 4).min(blocks);
    while wave > 1 && est.total(wave, threads.min(wave)) > limit {
        wave -= 1;
    }
    let need = est.total(wave, threads.min(wave));
    if need > limit {
        let s = &model.scenario;
        return Err(Error::Limit(format!(
            "this batch would need about {} of memory, more than the limit of {}: its summary keeps a quantile sketch per state variable per turn ({} state variables × {} turns, about {} per block of {} runs){}\n  = help: shorten the horizon or use a longer turn, declare fewer [[state]] variables, or raise the limit with {MEMORY_ENV}=<size> (e.g. {MEMORY_ENV}=64G) if the machine has the memory",
            human_bytes(need),
            human_bytes(limit),
            s.states.len(),
            s.clock.max_turns,
            human_bytes(est.summary),
            batch::BLOCK,
            if opts.keep_runs {
                " and keeps each block's runs for runs.csv"
            } else {
                ""
            },
        )));
    }
    Ok(wave)
}

/// Loads a scenario, turning its errors into [`Error::Scenario`].
pub fn load(spec: &str, overrides: &[Override]) -> Result<Scenario> {
    Ok(Scenario::load(spec, overrides)?)
}

/// Everything `armistice run` needs.
#[derive(Clone, Debug, Default)]
pub struct RunConfig {
    /// Scenario path or embedded name.
    pub scenario: String,
    /// `--set` overrides.
    pub overrides: Vec<Override>,
    /// Runs (scenario default if `None`).
    pub runs: Option<u64>,
    /// Master seed (scenario default if `None`).
    pub seed: Option<u64>,
    /// Output directory (default `armistice-out/<scenario id>`).
    pub out: Option<PathBuf>,
    /// Worker threads (all cores if `None`).
    pub threads: Option<usize>,
    /// `(k, n)` for `--shard k/n`.
    pub shard: Option<(u64, u64)>,
    /// Skip `runs.csv`.
    pub no_runs_csv: bool,
    /// Replace an output directory not written by armistice.
    pub force: bool,
    /// Draw the charts (PNG + SVG) into `charts/`.
    pub charts: Option<crate::chart::ChartOptions>,
}

/// The canonical command that reproduces a batch (recorded in `summary.json`).
pub fn canonical_command(spec: &str, runs: u64, seed: u64, overrides: &[Override]) -> String {
    let mut c = format!("armistice run {spec} --runs {runs} --seed {seed}");
    for o in overrides {
        c.push_str(&format!(" --set {}", shell_quote(&o.to_arg())));
    }
    c
}

/// Quotes a word for a POSIX shell when it needs it.
fn shell_quote(w: &str) -> String {
    if !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.,:/=+@%".contains(c))
    {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', "'\\''"))
    }
}

/// What `run` produced.
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
}

/// A shard's partial result (`partial.json`), enough for `merge` to rebuild the whole.
#[derive(Serialize, Deserialize)]
pub struct Partial {
    /// Format marker.
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
    /// Whether `runs.csv` was written.
    pub runs_csv: bool,
    /// The command line of the unsharded equivalent.
    pub command: String,
    /// The partial summary.
    pub summary: Summary,
}

fn default_out(s: &Scenario) -> PathBuf {
    Path::new("armistice-out").join(&s.id)
}

fn with_threads<T: Send>(threads: Option<usize>, f: impl FnOnce() -> T + Send) -> Result<T> {
    match threads {
        None => Ok(f()),
        Some(n) if n > MAX_THREADS => Err(Error::Usage(format!(
            "--threads {n} is too many: use 1 to {MAX_THREADS}"
        ))),
        Some(n) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build()
                .map_err(|e| Error::Output(format!("cannot start {n} threads: {e}")))?;
            Ok(pool.install(f))
        }
    }
}

/// Runs a batch and writes `runs.csv` and `summary.json` (or a shard's partial) atomically.
pub fn run(
    cfg: &RunConfig,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<RunReport> {
    let scenario = load(&cfg.scenario, &cfg.overrides)?;
    let runs = cfg.runs.unwrap_or(scenario.default_runs);
    if runs == 0 || runs > MAX_RUNS {
        return Err(Error::Limit(format!(
            "--runs {runs} is out of range: use 1 to {MAX_RUNS} (split bigger batches with --shard)"
        )));
    }
    let seed = cfg.seed.unwrap_or(scenario.default_seed);
    let plan = Plan {
        runs,
        seed,
        shard: cfg.shard,
    };
    let out = cfg.out.clone().unwrap_or_else(|| default_out(&scenario));
    let model = Model::new(scenario);
    let keep = !cfg.no_runs_csv;
    let mut opts = batch::Options {
        keep_runs: keep,
        paths: true,
        wave: 0,
    };
    let threads = cfg
        .threads
        .map(|t| t as u64)
        .unwrap_or(rayon::current_num_threads() as u64);
    opts.wave = fit_memory(&model, &plan, opts, threads)?;
    let staging = Staging::new(&out, cfg.force)?;
    let s = &model.scenario;
    let mut files = Vec::new();
    let range = plan.run_range();
    let todo = range.end - range.start;
    let csv_path = staging.path("runs.csv");
    let summary = with_threads(cfg.threads, || -> Result<Summary> {
        let file = std::fs::File::create(&csv_path)
            .map_err(|e| Error::io(format!("cannot create `{}`", csv_path.display()), e))?;
        let mut writer = if keep {
            Some(export::csv::RunsWriter::new(
                s,
                std::io::BufWriter::new(file),
                true,
            )?)
        } else {
            None
        };
        let mut done = 0;
        let summary = batch::run(
            &model,
            &plan,
            opts,
            cancel,
            |n| {
                done += n;
                progress(done, todo);
            },
            |blk| match &mut writer {
                Some(w) => w.write(s, &blk.outcomes),
                None => Ok(()),
            },
        )?;
        if let Some(w) = writer {
            use std::io::Write;
            let mut buf = w.finish()?;
            buf.flush()
                .map_err(|e| Error::io("cannot write runs.csv", e))?;
        }
        Ok(summary)
    })??;
    if keep {
        files.push("runs.csv".to_string());
    } else {
        let _ = std::fs::remove_file(&csv_path);
    }
    let command = canonical_command(&shell_quote(&cfg.scenario), runs, seed, &cfg.overrides);
    let prov = export::json::Provenance {
        seed,
        runs,
        command: command.clone(),
    };
    match cfg.shard {
        None => {
            let json = export::json::summary(s, &summary, &prov);
            staging.write("summary.json", export::json::to_text(&json).as_bytes())?;
            files.push("summary.json".into());
            if let Some(opts) = &cfg.charts {
                let n = write_charts(&json, opts, &|name, bytes| {
                    staging.write(&format!("charts/{name}"), bytes)
                })?;
                files.push(format!("charts/ ({n} figures)"));
            }
        }
        Some((k, n)) => {
            let spec = match std::fs::canonicalize(&cfg.scenario) {
                Ok(p) if Path::new(&cfg.scenario).is_file() => p.display().to_string(),
                _ => cfg.scenario.clone(),
            };
            let partial = Partial {
                format: "armistice-partial-1".into(),
                spec: cfg.scenario.clone(),
                scenario: spec,
                overrides: s.overrides.iter().map(|o| o.to_arg()).collect(),
                seed,
                runs,
                shard: k,
                shards: n,
                first_run: range.start,
                end_run: range.end,
                runs_csv: keep,
                command,
                summary: summary.clone(),
            };
            let text = serde_json::to_string(&partial)
                .map_err(|e| Error::Output(format!("cannot encode partial.json: {e}")))?;
            staging.write("partial.json", text.as_bytes())?;
            files.push("partial.json".into());
        }
    }
    staging.commit()?;
    Ok(RunReport {
        scenario: model.scenario,
        summary,
        seed,
        out,
        files,
    })
}

/// Merges shard outputs into one output, byte-identical to the unsharded run.
pub fn merge(dirs: &[PathBuf], out: &Path, force: bool) -> Result<RunReport> {
    let mut parts: Vec<(Partial, PathBuf)> = Vec::new();
    for d in dirs {
        let p = d.join("partial.json");
        let text = std::fs::read_to_string(&p).map_err(|e| {
            Error::io(
                format!(
                    "cannot read `{}` (is `{}` a shard output?)",
                    p.display(),
                    d.display()
                ),
                e,
            )
        })?;
        let part: Partial = serde_json::from_str(&text).map_err(|e| {
            Error::Usage(format!(
                "`{}` is not a valid partial result: {e}",
                p.display()
            ))
        })?;
        parts.push((part, d.clone()));
    }
    if parts.is_empty() {
        return Err(Error::Usage(
            "merge needs at least one shard directory".into(),
        ));
    }
    parts.sort_by_key(|(p, _)| (p.shard, p.first_run));
    let first = &parts[0].0;
    for (p, d) in &parts {
        if p.scenario != first.scenario
            || p.overrides != first.overrides
            || p.seed != first.seed
            || p.runs != first.runs
            || p.shards != first.shards
            || p.runs_csv != first.runs_csv
        {
            return Err(Error::Usage(format!(
                "`{}` comes from a different batch (scenario, overrides, seed, runs or shard count differ)",
                d.display()
            )));
        }
    }
    for w in parts.windows(2) {
        if w[0].0.shard == w[1].0.shard {
            return Err(Error::Usage(format!(
                "shard {} is given twice (`{}` and `{}`)",
                w[0].0.shard,
                w[0].1.display(),
                w[1].1.display()
            )));
        }
    }
    let mut next = 0;
    for (p, d) in &parts {
        if p.first_run != next {
            return Err(Error::Usage(format!(
                "shards do not line up: expected runs from {next}, but `{}` starts at {}; is a shard missing or given twice?",
                d.display(),
                p.first_run
            )));
        }
        next = p.end_run;
    }
    if next != first.runs {
        return Err(Error::Usage(format!(
            "shards cover runs 0..{next} of {}; a shard is missing",
            first.runs
        )));
    }
    let overrides: Vec<Override> = first
        .overrides
        .iter()
        .map(|o| Override::parse(o).map_err(Error::Usage))
        .collect::<Result<_>>()?;
    let scenario = load(&first.scenario, &overrides)?;
    let mut summary = Summary::new(&scenario);
    for (p, _) in &parts {
        summary.merge(&p.summary);
    }
    let staging = Staging::new(out, force)?;
    let mut files = Vec::new();
    if first.runs_csv {
        // Stream the shards' rows in order (keeping only the first header): memory stays flat.
        use std::io::{BufRead, BufReader, BufWriter, Write};
        let target = staging.path("runs.csv");
        let file = std::fs::File::create(&target)
            .map_err(|e| Error::io(format!("cannot create `{}`", target.display()), e))?;
        let mut w = BufWriter::new(file);
        for (i, (_, d)) in parts.iter().enumerate() {
            let p = d.join("runs.csv");
            let f = std::fs::File::open(&p)
                .map_err(|e| Error::io(format!("cannot read `{}`", p.display()), e))?;
            let mut r = BufReader::new(f);
            let mut header = Vec::new();
            r.read_until(b'\n', &mut header)
                .map_err(|e| Error::io(format!("cannot read `{}`", p.display()), e))?;
            if i == 0 {
                w.write_all(&header)
                    .map_err(|e| Error::io("cannot write runs.csv", e))?;
            }
            std::io::copy(&mut r, &mut w)
                .map_err(|e| Error::io(format!("cannot copy `{}`", p.display()), e))?;
        }
        w.flush()
            .map_err(|e| Error::io("cannot write runs.csv", e))?;
        files.push("runs.csv".into());
    }
    let prov = export::json::Provenance {
        seed: first.seed,
        runs: first.runs,
        command: first.command.clone(),
    };
    let json = export::json::summary(&scenario, &summary, &prov);
    staging.write("summary.json", export::json::to_text(&json).as_bytes())?;
    files.push("summary.json".into());
    staging.commit()?;
    Ok(RunReport {
        scenario,
        summary,
        seed: first.seed,
        out: out.to_path_buf(),
        files,
    })
}

/// Plays one run with its chronicle.
pub fn trace(
    spec: &str,
    overrides: &[Override],
    seed: Option<u64>,
    run: u64,
) -> Result<(
    Scenario,
    crate::outcome::RunOutcome,
    Vec<crate::engine::trace::Entry>,
)> {
    let scenario = load(spec, overrides)?;
    let seed = seed.unwrap_or(scenario.default_seed);
    let model = Model::new(scenario);
    let (o, tr) = Simulation::new(&model, seed, run).run_traced();
    Ok((model.scenario, o, tr))
}

/// Simulates `runs` runs of `model` and returns their summary only (no files).
pub fn summarize(
    model: &Model,
    runs: u64,
    seed: u64,
    threads: Option<usize>,
    cancel: &AtomicBool,
) -> Result<Summary> {
    summarize_with(model, runs, seed, threads, cancel, false)
}

/// [`summarize`], recording the state paths (for fan charts) when `paths` is set.
pub fn summarize_with(
    model: &Model,
    runs: u64,
    seed: u64,
    threads: Option<usize>,
    cancel: &AtomicBool,
    paths: bool,
) -> Result<Summary> {
    if runs == 0 || runs > MAX_RUNS {
        return Err(Error::Limit(format!(
            "--runs {runs} is out of range: use 1 to {MAX_RUNS}"
        )));
    }
    let plan = Plan {
        runs,
        seed,
        shard: None,
    };
    let mut opts = batch::Options {
        paths,
        ..Default::default()
    };
    let n = threads
        .map(|t| t as u64)
        .unwrap_or(rayon::current_num_threads() as u64);
    opts.wave = fit_memory(model, &plan, opts, n)?;
    with_threads(threads, || {
        batch::run(model, &plan, opts, cancel, |_| {}, |_| Ok(()))
    })?
}

/// Everything `armistice fidelity` needs.
#[derive(Clone, Debug, Default)]
pub struct FidelityConfig {
    /// Scenario path or embedded name.
    pub scenario: String,
    /// `--set` overrides.
    pub overrides: Vec<Override>,
    /// Runs (scenario default if `None`).
    pub runs: Option<u64>,
    /// Master seed (scenario default if `None`).
    pub seed: Option<u64>,
    /// Worker threads.
    pub threads: Option<usize>,
}

/// Runs a scenario and compares it with its observed records.
pub fn fidelity(cfg: &FidelityConfig, cancel: &AtomicBool) -> Result<crate::fidelity::Fidelity> {
    let scenario = load(&cfg.scenario, &cfg.overrides)?;
    if scenario.observed.is_empty() {
        return Err(Error::Usage(format!(
            "scenario `{}` records no [[observed]] history to compare with; add [[observed]] tables (see docs/scenario-format.md)",
            scenario.id
        )));
    }
    let runs = cfg.runs.unwrap_or(scenario.default_runs);
    let seed = cfg.seed.unwrap_or(scenario.default_seed);
    let model = Model::new(scenario);
    let sum = summarize(&model, runs, seed, cfg.threads, cancel)?;
    Ok(crate::fidelity::evaluate(&model.scenario, &sum, seed))
}

/// Draws every figure of a summary and hands each file (`NAME.png`, `NAME.svg`) to `write`.
pub fn write_charts(
    summary: &crate::outcome::doc::SummaryDoc,
    opts: &crate::chart::ChartOptions,
    write: &dyn Fn(&str, &[u8]) -> Result<()>,
) -> Result<usize> {
    let figs = crate::chart::figures::run_figures(summary, opts)
        .map_err(|e| Error::Output(format!("cannot draw charts: {e}")))?;
    crate::chart::figures::write_figures(&figs, write)
}

pub use crate::chart::figures::ChartSource;

/// `armistice chart DIR`: redraws the charts of a `run`, `compare` or `sensitivity` output directory
/// into `DIR/charts/` (see [`crate::chart::figures::redraw`]).
pub fn chart_dir(dir: &Path, opts: &crate::chart::ChartOptions) -> Result<(ChartSource, usize)> {
    crate::chart::figures::redraw(dir, opts)
}

/// Everything `armistice tournament` needs.
#[derive(Clone, Debug, Default)]
pub struct TournamentConfig {
    /// Scenario path or embedded name.
    pub scenario: String,
    /// `--set` overrides.
    pub overrides: Vec<Override>,
    /// Strategy labels (`NAME` or `NAME:EXPONENT`).
    pub strategies: Vec<String>,
    /// Actors whose strategies vary (default: every actor that negotiates for a party).
    pub actors: Vec<String>,
    /// Runs per assignment.
    pub runs: u64,
    /// Master seed (scenario default if `None`).
    pub seed: Option<u64>,
    /// Output directory for `tournament.csv` and `tournament.json` (none: print only).
    pub out: Option<PathBuf>,
    /// Worker threads (all cores if `None`).
    pub threads: Option<usize>,
    /// Replace an output directory not written by armistice.
    pub force: bool,
}

/// Plays a strategy tournament and, with `out`, writes `tournament.csv` and `tournament.json`
/// atomically.
pub fn tournament(cfg: &TournamentConfig) -> Result<crate::tournament::Tournament> {
    use crate::strategy::StrategySpec;
    let scenario = load(&cfg.scenario, &cfg.overrides)?;
    if cfg.runs == 0 || cfg.runs > MAX_RUNS {
        return Err(Error::Limit(format!(
            "--runs {} is out of range: use 1 to {MAX_RUNS}",
            cfg.runs
        )));
    }
    let strategies: Vec<StrategySpec> = cfg
        .strategies
        .iter()
        .map(|l| {
            StrategySpec::parse_label(l)
                .map_err(|h| Error::Usage(format!("--strategies `{l}`: {h}")))
        })
        .collect::<Result<_>>()?;
    let seats: Vec<usize> = if cfg.actors.is_empty() {
        crate::tournament::default_seats(&scenario)
    } else {
        cfg.actors
            .iter()
            .map(|a| {
                scenario.actor(a).ok_or_else(|| {
                    let known: Vec<&str> = scenario.actors.iter().map(|x| x.id.as_str()).collect();
                    Error::Usage(format!(
                        "--actors: scenario `{}` has no actor `{a}`; known actors: {}",
                        scenario.id,
                        known.join(", ")
                    ))
                })
            })
            .collect::<Result<_>>()?
    };
    let seed = cfg.seed.unwrap_or(scenario.default_seed);
    let staging = match &cfg.out {
        Some(o) => Some(Staging::new(o, cfg.force)?),
        None => None,
    };
    let t = with_threads(cfg.threads, || {
        crate::tournament::play(&scenario, &seats, &strategies, cfg.runs, seed)
    })??;
    if let Some(st) = staging {
        st.write("tournament.csv", &t.to_csv()?)?;
        st.write("tournament.json", t.to_json().as_bytes())?;
        st.commit()?;
    }
    Ok(t)
}

/// Everything `armistice export-nfg` needs.
#[derive(Clone, Debug, Default)]
pub struct NfgConfig {
    /// Scenario path or embedded name.
    pub scenario: String,
    /// `--set` overrides.
    pub overrides: Vec<Override>,
    /// The turn at which the choice is made.
    pub turn: u32,
    /// The issue (default: the first two-party issue open at that turn).
    pub issue: Option<String>,
    /// Master seed (scenario default if `None`).
    pub seed: Option<u64>,
    /// Run index whose history leads to the turn.
    pub run: u64,
}

/// Plays run `run` up to turn `turn` and returns the one-shot game on the issue with its `.nfg` text.
pub fn export_nfg(cfg: &NfgConfig) -> Result<(crate::engine::oneshot::OneShot, String)> {
    let scenario = load(&cfg.scenario, &cfg.overrides)?;
    let seed = cfg.seed.unwrap_or(scenario.default_seed);
    let model = Model::new(scenario);
    let s = &model.scenario;
    let mut sim = Simulation::new(&model, seed, cfg.run);
    if !sim.advance_to(cfg.turn) {
        return Err(Error::Usage(format!(
            "run {} of `{}` (seed {seed}) ended at turn {}, before turn {}; choose an earlier --turn",
            cfg.run,
            s.id,
            sim.turn(),
            cfg.turn
        )));
    }
    let i = match &cfg.issue {
        Some(id) => s.issue(id).ok_or_else(|| {
            let known: Vec<&str> = s.issues.iter().map(|x| x.id.as_str()).collect();
            Error::Usage(format!(
                "--issue: scenario `{}` has no issue `{id}`; known issues: {}",
                s.id,
                known.join(", ")
            ))
        })?,
        None => (0..s.issues.len())
            .find(|&i| sim.one_shot(i).is_ok())
            .ok_or_else(|| {
                Error::Usage(format!(
                    "no two-party issue of `{}` is open at turn {} of run {}; choose another --turn or --issue",
                    s.id, cfg.turn, cfg.run
                ))
            })?,
    };
    let game = sim
        .one_shot(i)
        .map_err(|m| Error::Usage(format!("--issue {}: {m}", s.issues[i].id)))?;
    let when = s.clock.label(cfg.turn);
    let title = if when == format!("turn {}", cfg.turn) {
        format!("{}: {} at turn {}", s.title, s.issues[i].label, cfg.turn)
    } else {
        format!(
            "{}: {} at turn {} ({when})",
            s.title, s.issues[i].label, cfg.turn
        )
    };
    let comment = format!(
        "One-shot choice of the two leads on issue `{}` at turn {}, after run {} of seed {seed}; payoffs are each side's expected discounted utility of the joint move, from the armistice engine. Command: armistice export-nfg {} --turn {} --issue {} --seed {seed} --run {}{}",
        s.issues[i].id,
        cfg.turn,
        cfg.run,
        cfg.scenario,
        cfg.turn,
        s.issues[i].id,
        cfg.run,
        cfg.overrides
            .iter()
            .map(|o| format!(" --set {}", o.to_arg()))
            .collect::<String>()
    );
    let text = export::nfg::write(&game, &title, &comment)?;
    Ok((game, text))
}
