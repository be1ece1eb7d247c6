//! `armistice sweep`: a scenario over a grid or a Latin hypercube of parameter values, resumable.
//!
//! Each finished point is written as two files under `points/`: its runs (`pNNNNNN.csv`), then its
//! record (`pNNNNNN.json`: its summary row and the length, CRC-32 and rows of its runs file), each by
//! temporary file + rename; the record is the completion mark. A crash never leaves half a point, and
//! re-running the same sweep skips the points already done — after checking each one's runs file
//! against its record, so a damaged point is simulated again rather than trusted. The tidy
//! `runs.csv`, `points.csv` and `points_summary.csv` are then rebuilt from the point files, streamed
//! (memory does not grow with the number of runs), and `sweep.json` — per point the varied values
//! and each agreement's share of runs reached and median date with their intervals — from the
//! points' records, with its charts in `charts/`. A resumed sweep rebuilds all of them, byte for byte,
//! from the finished points' files.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use super::Spec;
use crate::analysis::simulate;
use crate::analysis::sweep::{Vary, check_size, points, summary_cells};
use crate::batch::{Runs, Threads};
use crate::chart::{ChartOptions, figures};
use crate::engine::Model;
use crate::error::{Error, Result};
use crate::export::checksum::{Checked, Fingerprint};
use crate::export::{self, MARKER, shell_word, write_atomic, write_atomic_with};
use crate::outcome::doc::sweep::{SweepHead, SweepPointDoc};
use crate::outcome::doc::{self, SweepDoc};
use crate::rng::site_hash;
use crate::scenario::{Override, Scenario};

/// Runs per point when none are given.
pub const DEFAULT_RUNS: u64 = 100;
/// The format of `manifest.json` (and of the point records it goes with).
pub const FORMAT: &str = "armistice-sweep-3";

/// Everything `armistice sweep` needs.
#[derive(Clone, Debug)]
pub struct SweepConfig {
    /// The scenario.
    pub scenario: Spec,
    /// Overrides applied at every point.
    pub overrides: Vec<Override>,
    /// What to vary.
    pub vary: Vec<Vary>,
    /// Latin hypercube of this many points instead of the full grid.
    pub lhs: Option<u32>,
    /// Seed of the Latin hypercube (derived from the master seed if `None`).
    pub lhs_seed: Option<u64>,
    /// Runs per point.
    pub runs: Runs,
    /// Master seed (the scenario's if `None`).
    pub seed: Option<u64>,
    /// Output directory (default `armistice-out/<id>-sweep`).
    pub out: Option<PathBuf>,
    /// Worker threads.
    pub threads: Threads,
    /// Start over in a directory holding another sweep, or not written by armistice.
    pub force: bool,
    /// Draw the sweep's charts (PNG + SVG) into `charts/`.
    pub charts: Option<ChartOptions>,
}

/// The identity of a sweep, kept in `manifest.json`: a re-run resumes only if it matches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format marker ([`FORMAT`]).
    pub format: String,
    /// Scenario spec.
    pub scenario: String,
    /// Overrides at every point.
    pub overrides: Vec<String>,
    /// `--vary` as typed.
    pub vary: Vec<String>,
    /// Latin hypercube size and seed.
    pub lhs: Option<(u32, u64)>,
    /// Runs per point.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// The command.
    pub command: String,
    /// The points (TOML value texts, one per `--vary`).
    pub points: Vec<Vec<String>>,
}

/// A finished point (`points/pNNNNNN.json`), written last: its summary row, its part of `sweep.json`,
/// and the fingerprint of its runs file.
#[derive(Serialize, Deserialize)]
struct PointRecord {
    cells: Vec<String>,
    doc: SweepPointDoc,
    rows: Fingerprint,
}

/// What `sweep` did.
pub struct SweepReport {
    /// Where.
    pub out: PathBuf,
    /// Points in the sweep.
    pub points: usize,
    /// Points found complete and skipped.
    pub skipped: usize,
    /// Points simulated now.
    pub simulated: usize,
    /// Of those, points whose files were found damaged and were simulated again.
    pub redone: usize,
    /// The command that reproduces it.
    pub command: String,
    /// The scenario id.
    pub scenario: String,
    /// The sweep's document, as written to `sweep.json`.
    pub doc: SweepDoc,
    /// Files written, relative to `out`.
    pub files: Vec<String>,
}

/// The command that reproduces a sweep.
pub fn command(cfg: &SweepConfig, seed: u64, lhs: Option<(u32, u64)>) -> String {
    let mut w = vec![
        "armistice".to_string(),
        "sweep".into(),
        shell_word(&cfg.scenario.text()),
    ];
    for v in &cfg.vary {
        w.push("--vary".into());
        w.push(shell_word(&v.arg));
    }
    if let Some((n, s)) = lhs {
        w.push(format!("--lhs {n} --lhs-seed {s}"));
    }
    for o in &cfg.overrides {
        w.push("--set".into());
        w.push(shell_word(&o.to_arg()));
    }
    w.push(format!("--runs {} --seed {seed}", cfg.runs));
    w.join(" ")
}

fn point_file(out: &Path, p: usize, ext: &str) -> PathBuf {
    out.join("points").join(format!("p{p:06}.{ext}"))
}

fn csv_line(cells: &[String]) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(cells)
        .map_err(|e| Error::Output(format!("cannot write CSV: {e}")))?;
    w.into_inner()
        .map_err(|e| Error::Output(format!("cannot write CSV: {}", e.error())))
}

fn interrupted(cancel: &AtomicBool) -> Result<()> {
    if cancel.load(Ordering::Relaxed) {
        return Err(Error::Interrupted);
    }
    Ok(())
}

/// Runs (or resumes) a sweep. `progress(done, total)` counts points.
pub fn sweep(
    cfg: &SweepConfig,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<SweepReport> {
    if cfg.vary.is_empty() {
        return Err(Error::Usage(
            "sweep needs at least one --vary PATH=LOW..HIGH:STEPS or PATH=V1,V2,...".into(),
        ));
    }
    check_size(&cfg.vary, cfg.lhs, Some(cfg.runs))?;
    let base = cfg.scenario.load(&cfg.overrides)?;
    let seed = cfg.seed.unwrap_or(base.default_seed);
    let lhs = cfg.lhs.map(|n| {
        let s = cfg.lhs_seed;
        (n, s.unwrap_or_else(|| site_hash(&format!("lhs:{seed}"))))
    });
    let pts = points(&cfg.vary, lhs)?;
    // Check every point's scenario loads before simulating anything: a bad path or value fails now.
    for p in &pts {
        interrupted(cancel)?;
        cfg.scenario.load(&overrides_at(cfg, p))?;
    }
    let out = cfg
        .out
        .clone()
        .unwrap_or_else(|| Path::new("armistice-out").join(format!("{}-sweep", base.id)));
    let out = export::output_dir(&out)?;
    let manifest = Manifest {
        format: FORMAT.into(),
        scenario: cfg.scenario.text().into_owned(),
        overrides: cfg.overrides.iter().map(Override::to_arg).collect(),
        vary: cfg.vary.iter().map(|v| v.arg.clone()).collect(),
        lhs,
        runs: cfg.runs.get(),
        seed,
        command: command(cfg, seed, lhs),
        points: pts.clone(),
    };
    prepare(&out, &manifest, cfg.force)?;
    let (todo, redone) = pending(&out, pts.len(), cancel)?;
    let skipped = pts.len() - todo.len();
    let header = export::csv::header(&base);
    let summary_header = cfg.threads.install(|| -> Result<Option<Vec<String>>> {
        let mut summary_header = None;
        for (k, &p) in todo.iter().enumerate() {
            progress(skipped + k, pts.len());
            let h = simulate_point(cfg, &out, p, &pts[p], seed, &header, cancel)?;
            summary_header.get_or_insert(h);
        }
        progress(pts.len(), pts.len());
        Ok(summary_header)
    })??;
    let summary_header = summary_header.unwrap_or_else(|| summary_cells(&base, &[]).0);
    let point_docs = rebuild(cfg, &out, &pts, &header, &summary_header, cancel)?;
    let head = SweepHead {
        command: &manifest.command,
        runs: cfg.runs.get(),
        seed,
        lhs,
        vary: cfg
            .vary
            .iter()
            .map(|v| (v.path.clone(), v.arg.clone()))
            .collect(),
    };
    let doc = SweepDoc::new(&base, &head, point_docs);
    write_atomic(&out.join("sweep.json"), doc::to_text(&doc)?.as_bytes())?;
    let mut files: Vec<String> = ["points.csv", "runs.csv", "points_summary.csv", "sweep.json"]
        .map(String::from)
        .into();
    if let Some(opts) = &cfg.charts {
        let figs = figures::sweep_figures(&doc, opts)
            .map_err(|e| Error::Output(format!("cannot draw the sweep's charts: {e}")))?;
        let charts = out.join("charts");
        let n =
            figures::write_figures(&figs, |name, bytes| write_atomic(&charts.join(name), bytes))?;
        files.push(format!(
            "charts/ ({})",
            crate::format::count(n as u64, "figure")
        ));
    }
    Ok(SweepReport {
        out,
        points: pts.len(),
        skipped,
        simulated: todo.len(),
        redone,
        command: manifest.command,
        scenario: base.id,
        doc,
        files,
    })
}

fn overrides_at(cfg: &SweepConfig, p: &[String]) -> Vec<Override> {
    cfg.overrides
        .iter()
        .cloned()
        .chain(cfg.vary.iter().zip(p).map(|(v, x)| Override {
            path: v.path.clone(),
            value: x.clone(),
        }))
        .collect()
}

/// Makes `out` ready: resumes a directory holding this very sweep, starts afresh otherwise (in an
/// empty or armistice-written directory, or anything with `force`).
fn prepare(out: &Path, manifest: &Manifest, force: bool) -> Result<()> {
    let mpath = out.join("manifest.json");
    if out.exists() {
        let old: Option<Manifest> = std::fs::read_to_string(&mpath)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok());
        match old {
            Some(m) if m == *manifest => return Ok(()),
            Some(m) if m.format != FORMAT && !force => {
                return Err(Error::Usage(format!(
                    "`{}` holds a sweep written by another version of armistice (its manifest.json is {}, not {FORMAT}); add --force to start over, or choose another --out",
                    out.display(),
                    m.format
                )));
            }
            Some(_) if !force => {
                return Err(Error::Usage(format!(
                    "`{}` holds a different sweep (scenario, --vary, --set, --lhs, --runs or --seed differ); choose another --out, or add --force to start over",
                    out.display()
                )));
            }
            Some(_) => {}
            None if mpath.exists() && !force => {
                return Err(Error::Usage(format!(
                    "`{}` holds a sweep written by another version of armistice (its manifest.json is not {FORMAT}); add --force to start over, or choose another --out",
                    out.display()
                )));
            }
            None => export::check_replaceable(out, force)?,
        }
        std::fs::remove_dir_all(out)
            .map_err(|e| Error::io(format!("cannot clear `{}`", out.display()), e))?;
    }
    std::fs::create_dir_all(out.join("points"))
        .map_err(|e| Error::io(format!("cannot create `{}`", out.display()), e))?;
    let owned = [
        "manifest.json",
        "points",
        "points.csv",
        "points_summary.csv",
        "runs.csv",
        "sweep.json",
        "charts",
    ];
    write_atomic(&out.join(MARKER), export::marker_text(owned).as_bytes())?;
    let text = serde_json::to_string_pretty(manifest)
        .map_err(|e| Error::Output(format!("cannot encode manifest.json: {e}")))?;
    write_atomic(&mpath, text.as_bytes())
}

/// A point's record, if its files are complete and its runs file is the one the record describes.
fn finished(out: &Path, p: usize) -> Option<PointRecord> {
    let rec: PointRecord =
        serde_json::from_str(&std::fs::read_to_string(point_file(out, p, "json")).ok()?).ok()?;
    let mut r = Checked::new(File::open(point_file(out, p, "csv")).ok()?);
    std::io::copy(&mut r, &mut std::io::sink()).ok()?;
    (r.finish() == rec.rows).then_some(rec)
}

/// The points still to simulate, and how many of them had files that were damaged (removed now).
fn pending(out: &Path, n: usize, cancel: &AtomicBool) -> Result<(Vec<usize>, usize)> {
    let mut todo = Vec::new();
    let mut redone = 0;
    for p in 0..n {
        interrupted(cancel)?;
        if finished(out, p).is_some() {
            continue;
        }
        todo.push(p);
        for ext in ["json", "csv"] {
            let f = point_file(out, p, ext);
            if f.exists() {
                redone += usize::from(ext == "json");
                std::fs::remove_file(&f)
                    .map_err(|e| Error::io(format!("cannot remove `{}`", f.display()), e))?;
            }
        }
    }
    Ok((todo, redone))
}

/// Simulates point `p` and writes its two files; returns its summary header.
fn simulate_point(
    cfg: &SweepConfig,
    out: &Path,
    p: usize,
    values: &[String],
    seed: u64,
    header: &[String],
    cancel: &AtomicBool,
) -> Result<Vec<String>> {
    let model = Model::new(cfg.scenario.load(&overrides_at(cfg, values))?);
    let runs = simulate(&model, seed, cfg.runs, cancel)?;
    let s: &Scenario = &model.scenario;
    if export::csv::header(s) != header {
        return Err(Error::Usage(format!(
            "point {p} changes the scenario's outcomes (its runs.csv columns differ); sweep values only, not structure"
        )));
    }
    let mut rows = Vec::new();
    for o in &runs {
        let mut cells = vec![p.to_string()];
        cells.extend(export::csv::row(s, o));
        rows.extend(csv_line(&cells)?);
    }
    write_atomic(&point_file(out, p, "csv"), &rows)?;
    let (h, cells) = summary_cells(s, &runs);
    let rec = PointRecord {
        cells,
        doc: SweepPointDoc::new(s, p, values.to_vec(), &runs),
        rows: Fingerprint::of(&rows),
    };
    let text = serde_json::to_string(&rec)
        .map_err(|e| Error::Output(format!("cannot encode point {p}: {e}")))?;
    // Written last: its presence marks the point complete.
    write_atomic(&point_file(out, p, "json"), text.as_bytes())?;
    Ok(h)
}

/// Rebuilds the tidy tables from the point files, in point order, streaming each; returns the
/// points' parts of `sweep.json`, read from their records.
fn rebuild(
    cfg: &SweepConfig,
    out: &Path,
    pts: &[Vec<String>],
    header: &[String],
    summary_header: &[String],
    cancel: &AtomicBool,
) -> Result<Vec<SweepPointDoc>> {
    let paths: Vec<String> = cfg.vary.iter().map(|v| v.path.clone()).collect();
    let row = |p: usize, values: &[String]| -> Vec<String> {
        std::iter::once(p.to_string())
            .chain(values.iter().cloned())
            .collect()
    };
    let io = |f: &Path| {
        let f = f.to_path_buf();
        move |e| Error::io(format!("cannot write `{}`", f.display()), e)
    };
    let target = out.join("points.csv");
    write_atomic_with(&target, &mut |w| {
        w.write_all(&csv_line(&row_head(&paths, &[]))?)
            .map_err(io(&target))?;
        for (p, values) in pts.iter().enumerate() {
            w.write_all(&csv_line(&row(p, values))?)
                .map_err(io(&target))?;
        }
        Ok(())
    })?;
    let target = out.join("runs.csv");
    write_atomic_with(&target, &mut |w| {
        w.write_all(&csv_line(&row_head(&[], header))?)
            .map_err(io(&target))?;
        for p in 0..pts.len() {
            interrupted(cancel)?;
            copy_point(out, p, w)?;
        }
        Ok(())
    })?;
    let target = out.join("points_summary.csv");
    let mut docs = Vec::with_capacity(pts.len());
    write_atomic_with(&target, &mut |w| {
        docs.clear();
        w.write_all(&csv_line(&row_head(&paths, summary_header))?)
            .map_err(io(&target))?;
        for (p, values) in pts.iter().enumerate() {
            interrupted(cancel)?;
            let rec = read_record(out, p)?;
            let mut cells = row(p, values);
            cells.extend(rec.cells);
            w.write_all(&csv_line(&cells)?).map_err(io(&target))?;
            docs.push(rec.doc);
        }
        Ok(())
    })?;
    Ok(docs)
}

/// `point`, then `a`, then `b`: the head of a tidy table.
fn row_head(a: &[String], b: &[String]) -> Vec<String> {
    std::iter::once("point".to_string())
        .chain(a.iter().cloned())
        .chain(b.iter().cloned())
        .collect()
}

fn read_record(out: &Path, p: usize) -> Result<PointRecord> {
    let f = point_file(out, p, "json");
    std::fs::read_to_string(&f)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .ok_or_else(|| {
            Error::Output(format!(
                "`{}` is damaged; run the sweep again to redo the point",
                f.display()
            ))
        })
}

/// Copies point `p`'s runs into `w`, checking them against the point's record on the way.
fn copy_point(out: &Path, p: usize, w: &mut dyn Write) -> Result<()> {
    let rec = read_record(out, p)?;
    let f = point_file(out, p, "csv");
    let read = |e| Error::io(format!("cannot read `{}`", f.display()), e);
    let mut r = Checked::new(File::open(&f).map_err(read)?);
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = r.read(&mut buf).map_err(read)?;
        if n == 0 {
            break;
        }
        w.write_all(&buf[..n])
            .map_err(|e| Error::io("cannot write runs.csv", e))?;
    }
    if r.finish() != rec.rows {
        return Err(Error::Output(format!(
            "`{}` changed while the sweep was running; run the sweep again to redo the point",
            f.display()
        )));
    }
    Ok(())
}
