//! Progress on standard error, only when it is a terminal (a pipe or a log file gets no `\r` lines)
//! and the command is not `--quiet`: a bar for the runs of one batch, a counter for multi-batch
//! commands (variants, points, assignments, evaluations), and a stage line for the report.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressState, ProgressStyle};

/// Whether progress is shown at all.
pub fn shown(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

/// A bar counting the runs of one batch; it appears only for work that takes over a second.
pub struct RunBar {
    bar: Option<ProgressBar>,
    start: Instant,
}

impl RunBar {
    /// A bar, or nothing when progress is not shown.
    pub fn new(quiet: bool) -> RunBar {
        let bar = shown(quiet).then(|| {
            let style = ProgressStyle::with_template(
                "{spinner} {bar:40} {pos}/{len} runs  {rate}  ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key("rate", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{}", armistice::format::rate(s.per_sec()));
            });
            let pb = ProgressBar::new(0);
            pb.set_style(style);
            pb
        });
        RunBar {
            bar,
            start: Instant::now(),
        }
    }

    /// Tells the bar that `done` of `total` runs have finished.
    pub fn update(&self, done: u64, total: u64) {
        if let Some(pb) = &self.bar {
            if self.start.elapsed().as_millis() > 1000 || done < total {
                pb.set_length(total);
                pb.set_position(done);
            }
        }
    }

    /// The time since the bar was made, for a status line (`0.3 s`).
    pub fn elapsed(&self) -> String {
        armistice::format::seconds(self.start.elapsed().as_secs_f64())
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(pb) = &self.bar {
            pb.finish_and_clear();
        }
    }
}

/// A `what k/n…` counter on one line, cleared when done.
pub fn counter(quiet: bool, what: &'static str) -> impl FnMut(usize, usize) + Send {
    let show = shown(quiet);
    move |k: usize, n: usize| {
        if show && k < n {
            eprint!("\r{what} {}/{n}…", k + 1);
        } else if show {
            eprint!("\r{:60}\r", "");
        }
        let _ = std::io::stderr().flush();
    }
}
