//! Command-line interface: the only code that knows about clap. `args.rs` holds the top-level parser
//! and the flag groups several subcommands share; every other file but `progress.rs` is one
//! subcommand — its flags, their translation into the config of the library command of the same name
//! (`armistice::commands::<name>`), and the printing of what comes back. Results go to standard
//! output; progress and status lines ("wrote …") go to standard error.

mod args;
mod beliefs;
mod calibrate;
mod chart;
mod compare;
mod completions;
mod explore;
mod export_nfg;
mod fidelity;
mod merge;
mod new;
mod progress;
mod report;
mod run;
mod scenarios;
mod sensitivity;
mod sweep;
mod tournament;
mod trace;
mod validate;

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;

use args::{Cli, Command};
use armistice::Error;
use armistice::scenario::Override;

/// Set by Ctrl-C or SIGTERM; long commands poll it (through the batch runner) and stop with exit 130,
/// leaving nothing half-written. Only commands that poll install it: elsewhere the signals keep
/// their default effect (the process ends at once).
pub fn cancel_flag() -> Arc<AtomicBool> {
    static FLAG: std::sync::OnceLock<Arc<AtomicBool>> = std::sync::OnceLock::new();
    FLAG.get_or_init(|| {
        let f = Arc::new(AtomicBool::new(false));
        let g = f.clone();
        // A second signal while the first is being honoured ends the process at once: the outputs
        // are staged, and the next command removes what a killed one left behind.
        // If a handler cannot be installed (e.g. one exists already), the signals simply end the
        // process: outputs are staged, so nothing half-written appears either way.
        let _ = ctrlc::set_handler(move || {
            if g.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
        f
    })
    .clone()
}

/// Prints a result to standard output; a closed pipe (`armistice trace … | head`) is not an error.
pub fn out(text: &str) -> Result<(), Error> {
    let mut o = std::io::stdout().lock();
    match o.write_all(text.as_bytes()).and_then(|_| o.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("cannot write to standard output", e)),
    }
}

/// Prints JSON to standard output, pretty and newline-terminated.
pub fn out_json(v: &impl serde::Serialize) -> Result<(), Error> {
    let mut t = serde_json::to_string_pretty(v).map_err(|e| Error::Output(e.to_string()))?;
    t.push('\n');
    out(&t)
}

/// Prints a status line ("wrote …") to standard error, unless `quiet`.
pub fn status(quiet: bool, text: &str) {
    if !quiet {
        let mut e = std::io::stderr().lock();
        let _ = writeln!(e, "{text}");
    }
}

/// Parses `--set PATH=VALUE` arguments.
pub fn overrides(set: &[String]) -> Result<Vec<Override>, Error> {
    set.iter()
        .map(|s| Override::parse(s).map_err(|m| Error::Usage(format!("--set {m}"))))
        .collect()
}

fn dispatch(command: Command) -> Result<(), Error> {
    match command {
        Command::Run(a) => run::run(a),
        Command::Merge(a) => merge::merge(a),
        Command::Validate(a) => validate::validate(a),
        Command::Trace(a) => trace::trace(a),
        Command::Compare(a) => compare::compare(a),
        Command::Sweep(a) => sweep::sweep(a),
        Command::Sensitivity(a) => sensitivity::sensitivity(a),
        Command::Beliefs(a) => beliefs::beliefs(a),
        Command::Fidelity(a) => fidelity::fidelity(a),
        Command::Calibrate(a) => calibrate::calibrate(a),
        Command::Chart(a) => chart::chart(a),
        Command::Report(a) => report::report(a),
        Command::Tournament(a) => tournament::tournament(a),
        Command::ExportNfg(a) => export_nfg::export_nfg(a),
        Command::Explore(a) => explore::explore(a),
        Command::Scenarios(a) => scenarios::scenarios(a),
        Command::New(a) => new::new(a),
        Command::Completions(a) => completions::completions(a),
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let command = cli
        .command
        .unwrap_or_else(|| Command::Run(Default::default()));
    match dispatch(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(Error::Interrupted) => {
            eprintln!(
                "armistice: interrupted; nothing was written (results are only moved into place when complete)"
            );
            ExitCode::from(130)
        }
        Err(e) => {
            eprint!("{}", e.render());
            ExitCode::from(e.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_valid() {
        super::args::Cli::command().debug_assert();
    }

    /// Help lines are at most this wide, so that an example never wraps in the middle of a command
    /// on an 80-column terminal.
    const HELP_WIDTH: usize = 80;

    #[test]
    fn no_help_line_is_wider_than_80_columns_so_no_example_wraps() {
        let mut cmd = super::args::Cli::command();
        let mut all = vec![cmd.clone()];
        all.extend(cmd.get_subcommands_mut().map(|c| c.clone()));
        for c in all {
            let after = c
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            for line in after.lines() {
                assert!(
                    line.chars().count() <= HELP_WIDTH,
                    "`{}` help line is {} wide: {line}",
                    c.get_name(),
                    line.chars().count()
                );
            }
        }
    }
}
