//! `armistice report`.

use std::io::IsTerminal;
use std::path::Path;

use armistice::report::{self, ReportConfig};
use armistice::{Error, Result, app};

use super::args::ReportArgs;

pub fn report(a: ReportArgs, quiet: bool) -> Result<()> {
    if let Some(n) = a.threads {
        if n == 0 || n > app::MAX_THREADS {
            return Err(Error::Usage(format!(
                "--threads {n}: use 1 to {} (the default is one per core)",
                app::MAX_THREADS
            )));
        }
    }
    let mut specs = a.scenarios.into_iter();
    let cfg = ReportConfig {
        scenario: specs.next().unwrap_or_default(),
        alts: specs.collect(),
        overrides: super::run::overrides(&a.set)?,
        runs: a.runs,
        seed: a.seed,
        bootstrap: a.bootstrap,
        threads: a.threads,
        chart: armistice::chart::ChartOptions {
            width: a.chart_width,
            height: a.chart_height,
            dpi_scale: 1.0,
        },
    };
    cfg.chart.check().map_err(|e| {
        Error::Usage(format!(
            "--chart-width {} --chart-height {}: {e}",
            a.chart_width, a.chart_height
        ))
    })?;
    let show = !quiet && std::io::stderr().is_terminal();
    let mut stage = |what: &str| {
        if show {
            eprint!("\r{:60}\r{what}…", "");
        }
    };
    let r = report::build(&cfg, &super::cancel_flag(), &mut stage);
    if show {
        eprint!("\r{:60}\r", "");
    }
    let r = r?;
    match a.output.as_deref() {
        Some(p) if p == Path::new("-") => super::out(&r.html),
        out => {
            let path = out
                .map(Path::to_path_buf)
                .unwrap_or_else(|| report::default_output(&r.scenario));
            report::write(&r, &path)?;
            if !quiet {
                super::out(&format!(
                    "wrote {} ({} runs, seed {}, {} figures, {} KiB)\nReproduce: {}\n",
                    path.display(),
                    r.runs,
                    r.seed,
                    r.figures,
                    r.html.len().div_ceil(1024),
                    r.command
                ))?;
            }
            Ok(())
        }
    }
}
