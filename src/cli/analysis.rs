//! `armistice compare`, `sweep` and `sensitivity`.

use armistice::analysis::compare::{self, CompareConfig};
use armistice::analysis::sensitivity::{self, SensitivityConfig};
use armistice::analysis::sweep::{self, SweepConfig};
use armistice::{Error, Result};

use super::args::{ChartSize, CompareArgs, SensitivityArgs, SweepArgs};
use super::run::overrides;

fn threads(t: Option<usize>) -> Result<()> {
    if t == Some(0) {
        return Err(Error::Usage("--threads must be at least 1".into()));
    }
    Ok(())
}

/// Charts are drawn whenever files are written (`--out`), as `run` does; `--charts` says so explicitly
/// and needs `--out`, `--no-charts` turns them off.
fn charts(
    on: bool,
    off: bool,
    out: bool,
    size: &ChartSize,
) -> Result<Option<armistice::chart::ChartOptions>> {
    if on && !out {
        return Err(Error::Usage(
            "--charts needs --out DIR: the charts are written into DIR/charts/ (or redraw an existing output with `armistice chart DIR`)".into(),
        ));
    }
    (out && !off).then(|| size.options()).transpose()
}

fn counter(quiet: bool, what: &'static str) -> impl FnMut(usize, usize) + Send {
    let show = !quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
    move |k: usize, n: usize| {
        if show && k < n {
            eprint!("\r{what} {}/{n}…", k + 1);
        } else if show {
            eprint!("\r{:50}\r", "");
        }
    }
}

pub fn sweep(a: SweepArgs, quiet: bool) -> Result<()> {
    threads(a.threads)?;
    let cfg = SweepConfig {
        scenario: a.scenario,
        overrides: overrides(&a.set)?,
        vary: a
            .vary
            .iter()
            .map(|v| sweep::parse_vary(v))
            .collect::<Result<_>>()?,
        lhs: a.lhs,
        lhs_seed: a.lhs_seed,
        runs: a.runs,
        seed: a.seed,
        out: a.out,
        threads: a.threads,
        force: a.force,
    };
    let mut progress = counter(quiet, "point");
    let r = sweep::sweep(&cfg, &super::cancel_flag(), &mut progress)?;
    if !quiet {
        super::out(&format!(
            "{}: {} points × {} runs ({} simulated now, {} already done)\nwrote points.csv, runs.csv, points_summary.csv in {}/\nReproduce: {}\n",
            r.scenario,
            r.points,
            cfg.runs,
            r.simulated,
            r.skipped,
            r.out.display(),
            r.command
        ))?;
    }
    Ok(())
}

pub fn sensitivity(a: SensitivityArgs, quiet: bool) -> Result<()> {
    threads(a.threads)?;
    let cfg = SensitivityConfig {
        scenario: a.scenario,
        overrides: overrides(&a.set)?,
        runs: a.runs,
        seed: a.seed,
        trajectories: a.trajectories,
        levels: a.levels,
        morris_seed: a.morris_seed,
        charts: charts(a.charts, a.no_charts, a.out.is_some(), &a.chart)?,
        threads: a.threads,
        out: a.out,
        force: a.force,
    };
    let mut progress = counter(quiet || a.json, "design point");
    let r = sensitivity::sensitivity(&cfg, &super::cancel_flag(), &mut progress)?;
    if a.json {
        return super::out(&armistice::export::json::to_text(&sensitivity::to_json(&r)));
    }
    if !quiet {
        let mut t = sensitivity::to_text(&r);
        if let Some(out) = &cfg.out {
            t.push_str(&format!(
                "wrote {} in {}/\n",
                r.files.join(", "),
                out.display()
            ));
        }
        super::out(&t)?;
    }
    Ok(())
}

pub fn compare(a: CompareArgs, quiet: bool) -> Result<()> {
    threads(a.threads)?;
    let mut specs = a.scenarios.into_iter();
    let base = specs.next().unwrap_or_default();
    let cfg = CompareConfig {
        base,
        alts: specs.collect(),
        variants: a
            .variant
            .iter()
            .map(|v| compare::parse_variant(v))
            .collect::<Result<_>>()?,
        overrides: overrides(&a.set)?,
        runs: a.runs,
        seed: a.seed,
        bootstrap: a.bootstrap,
        bootstrap_seed: a.bootstrap_seed,
        confidence: a.confidence,
        independent: a.independent,
        charts: charts(a.charts, a.no_charts, a.out.is_some(), &a.chart)?,
        threads: a.threads,
        out: a.out,
        force: a.force,
    };
    let cancel = super::cancel_flag();
    let mut progress = counter(quiet || a.json, "simulating variant");
    let c = compare::compare(&cfg, &cancel, &mut progress)?;
    if a.json {
        return super::out(&armistice::export::json::to_text(&compare::to_json(&c)));
    }
    if !quiet {
        let mut t = compare::to_text(&c);
        if let Some(out) = &cfg.out {
            t.push_str(&format!(
                "wrote {} in {}/\n",
                c.files.join(", "),
                out.display()
            ));
        }
        super::out(&t)?;
    }
    Ok(())
}
