//! `armistice run` and `armistice merge`.

use std::io::IsTerminal;

use armistice::app::{self, RunConfig};
use armistice::scenario::Override;
use armistice::{Error, Result};
use indicatif::{ProgressBar, ProgressStyle};

use super::args::{ChartArgs, MergeArgs, RunArgs};

pub fn overrides(set: &[String]) -> Result<Vec<Override>> {
    set.iter()
        .map(|s| Override::parse(s).map_err(|m| Error::Usage(format!("--set {m}"))))
        .collect()
}

fn parse_shard(s: &str) -> Result<(u64, u64)> {
    let bad = || {
        Error::Usage(format!(
            "--shard `{s}`: expected K/N with 0 <= K < N, e.g. --shard 0/8"
        ))
    };
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let k: u64 = k.trim().parse().map_err(|_| bad())?;
    let n: u64 = n.trim().parse().map_err(|_| bad())?;
    if n == 0 || k >= n {
        return Err(bad());
    }
    Ok((k, n))
}

fn bar(quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = ProgressBar::new(0);
    pb.set_style(
        ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} runs  {per_sec}  ETA {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Some(pb)
}

pub fn run(a: RunArgs, quiet: bool) -> Result<()> {
    let cfg = RunConfig {
        scenario: a
            .scenario
            .unwrap_or_else(|| armistice::scenario::embedded::default_name().to_string()),
        overrides: overrides(&a.set)?,
        runs: a.runs,
        seed: a.seed,
        out: a.out,
        threads: a.threads,
        shard: a.shard.as_deref().map(parse_shard).transpose()?,
        no_runs_csv: a.no_runs_csv,
        force: a.force,
        charts: (!a.no_charts).then(|| a.chart.options()).transpose()?,
    };
    if let Some(n) = cfg.threads {
        if n == 0 || n > app::MAX_THREADS {
            return Err(Error::Usage(format!(
                "--threads {n}: use 1 to 1024 (the default is one per core)"
            )));
        }
    }
    let cancel = super::cancel_flag();
    let pb = bar(quiet);
    let start = std::time::Instant::now();
    let mut progress = |done: u64, total: u64| {
        if let Some(pb) = &pb {
            // Only show a bar for work that takes a while.
            if start.elapsed().as_millis() > 1000 || done < total {
                pb.set_length(total);
                pb.set_position(done);
            }
        }
    };
    let report = app::run(&cfg, &cancel, &mut progress);
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let report = report?;
    if !quiet {
        let mut text = if cfg.shard.is_some() {
            format!("shard of {} runs done\n", report.summary.runs)
        } else {
            armistice::export::text::summary(&report.scenario, &report.summary, report.seed)
        };
        text.push_str(&format!(
            "\nwrote {} in {}/ ({:.1} s)\n",
            report.files.join(", "),
            report.out.display(),
            start.elapsed().as_secs_f64()
        ));
        super::out(&text)?;
    }
    Ok(())
}

pub fn merge(a: MergeArgs, quiet: bool) -> Result<()> {
    let report = app::merge(&a.dirs, &a.out, a.force)?;
    if !quiet {
        let mut text =
            armistice::export::text::summary(&report.scenario, &report.summary, report.seed);
        text.push_str(&format!(
            "\nwrote {} in {}/\n",
            report.files.join(", "),
            report.out.display()
        ));
        super::out(&text)?;
    }
    Ok(())
}

pub fn chart(a: ChartArgs, quiet: bool) -> Result<()> {
    let (kind, n) = app::chart_dir(&a.dir, &a.chart.options()?)?;
    if !quiet {
        super::out(&format!(
            "wrote {n} figures (PNG + SVG) from {} in {}/\n",
            kind.file(),
            a.dir.join("charts").display()
        ))?;
    }
    Ok(())
}
