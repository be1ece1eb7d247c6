//! `armistice merge`: shard outputs (`run --shard K/N`) into one output, byte-identical to the
//! unsharded run. Nothing from a shard is trusted blindly: each `partial.json` must belong to the same
//! batch and cover the runs its shard number says, and each `runs.csv` must have the length, CRC-32
//! and number of rows its shard recorded when it wrote it.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::run::{PARTIAL_FORMAT, Partial, RunReport};
use crate::batch::Plan;
use crate::error::{Error, Result};
use crate::export::checksum::Checked;
use crate::export::{self, Staging};
use crate::outcome::Summary;
use crate::scenario::{Override, Scenario};

/// Reads and checks one shard's `partial.json`.
fn read_partial(dir: &Path) -> Result<Partial> {
    let p = dir.join("partial.json");
    let text = std::fs::read_to_string(&p).map_err(|e| {
        let why = format!(
            "cannot read `{}` (is `{}` the output of `armistice run --shard K/N`?): {e}",
            p.display(),
            dir.display()
        );
        // A missing or unreadable partial is the user's input, not a failure of ours.
        Error::Usage(why)
    })?;
    let part: Partial = serde_json::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "`{}` is not a partial result of this version of armistice ({PARTIAL_FORMAT}): {e}; re-run that shard",
            p.display()
        ))
    })?;
    if part.format != PARTIAL_FORMAT {
        return Err(Error::Usage(format!(
            "`{}` has format `{}`, not `{PARTIAL_FORMAT}`; re-run that shard with this version of armistice",
            p.display(),
            part.format
        )));
    }
    let plan = Plan {
        runs: part.runs,
        seed: part.seed,
        shard: Some((part.shard, part.shards)),
        span: None,
    };
    let range = plan.run_range();
    let covered = part.end_run.saturating_sub(part.first_run);
    if part.shard >= part.shards
        || (part.first_run, part.end_run) != (range.start, range.end)
        || part.summary.runs != covered
        || part
            .runs_csv
            .is_some_and(|f| f.records != covered.saturating_add(1))
    {
        return Err(Error::Usage(format!(
            "`{}` is damaged: shard {} of {} of {} runs covers runs {}..{}, but it says {}..{} with {} runs summarised; re-run that shard",
            p.display(),
            part.shard,
            part.shards,
            part.runs,
            range.start,
            range.end,
            part.first_run,
            part.end_run,
            part.summary.runs
        )));
    }
    Ok(part)
}

/// Checks that the shards belong to one batch and cover it exactly once, in order.
fn check_cover(parts: &[(Partial, PathBuf)]) -> Result<()> {
    let first = &parts[0].0;
    for (p, d) in parts {
        if p.scenario != first.scenario
            || p.overrides != first.overrides
            || p.seed != first.seed
            || p.runs != first.runs
            || p.shards != first.shards
            || p.runs_csv.is_some() != first.runs_csv.is_some()
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
    for (p, d) in parts {
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
    Ok(())
}

/// Merges shard outputs into one output, byte-identical to the unsharded run. `cancel` is polled
/// while the rows are copied (a merge of big shards takes a while): a set flag ends it with
/// [`Error::Interrupted`] and nothing written.
pub fn merge(dirs: &[PathBuf], out: &Path, force: bool, cancel: &AtomicBool) -> Result<RunReport> {
    let mut parts: Vec<(Partial, PathBuf)> = Vec::new();
    for d in dirs {
        parts.push((read_partial(d)?, d.clone()));
    }
    if parts.is_empty() {
        return Err(Error::Usage(
            "merge needs at least one shard directory".into(),
        ));
    }
    parts.sort_by_key(|(p, _)| (p.shard, p.first_run));
    check_cover(&parts)?;
    let first = &parts[0].0;
    let overrides: Vec<Override> = first
        .overrides
        .iter()
        .map(|o| Override::parse(o).map_err(Error::Usage))
        .collect::<Result<_>>()?;
    let scenario = Scenario::load(&first.scenario, &overrides)?;
    let mut summary = Summary::new(&scenario);
    for (p, d) in &parts {
        p.summary.check(&scenario).map_err(|e| {
            Error::Usage(format!(
                "`{}` is damaged: its summary is not one of this scenario's runs ({e}); re-run that shard",
                d.join("partial.json").display()
            ))
        })?;
        summary.merge(&p.summary);
    }
    let staging = Staging::new(out, force)?;
    let mut files = Vec::new();
    if first.runs_csv.is_some() {
        concatenate(&parts, &staging.path("runs.csv"), cancel)?;
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
    let seed = first.seed;
    let out = staging.target().to_path_buf();
    staging.commit()?;
    Ok(RunReport {
        scenario,
        summary,
        seed,
        out,
        files,
        json: Some(json),
    })
}

/// Streams the shards' rows into `target` in order (keeping only the first header), checking each
/// shard's file against its recorded fingerprint: memory stays flat, and a damaged file is refused.
fn concatenate(parts: &[(Partial, PathBuf)], target: &Path, cancel: &AtomicBool) -> Result<()> {
    let file = File::create(target)
        .map_err(|e| Error::io(format!("cannot create `{}`", target.display()), e))?;
    let mut w = BufWriter::new(file);
    let write_err = |e| Error::io("cannot write runs.csv", e);
    let mut buf = vec![0u8; 1 << 16];
    for (i, (part, d)) in parts.iter().enumerate() {
        let p = d.join("runs.csv");
        let read_err = |e| Error::io(format!("cannot read `{}`", p.display()), e);
        let f = File::open(&p).map_err(|e| {
            Error::Usage(format!(
                "cannot read `{}`: {e}; its partial.json says the shard wrote it; re-run that shard",
                p.display()
            ))
        })?;
        let mut r = BufReader::new(Checked::new(f));
        let mut header = Vec::new();
        r.read_until(b'\n', &mut header).map_err(read_err)?;
        if i == 0 {
            w.write_all(&header).map_err(write_err)?;
        }
        loop {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Interrupted);
            }
            let n = r.read(&mut buf).map_err(read_err)?;
            if n == 0 {
                break;
            }
            w.write_all(&buf[..n]).map_err(write_err)?;
        }
        let got = r.into_inner().finish();
        if Some(got) != part.runs_csv {
            let want = part.runs_csv.unwrap_or_default();
            return Err(Error::Usage(format!(
                "`{}` is damaged: it has {} bytes in {} lines (CRC-32 {:08x}), but the shard wrote {} bytes in {} lines (CRC-32 {:08x}); re-run that shard",
                p.display(),
                got.bytes,
                got.records,
                got.crc32,
                want.bytes,
                want.records,
                want.crc32
            )));
        }
    }
    w.flush().map_err(write_err)
}
