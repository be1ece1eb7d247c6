//! Command-line interface: the only code that knows about clap. `args.rs` mirrors the flags; one file
//! per subcommand turns them into library configs (`armistice::app`) and prints the results.

mod analysis;
mod args;
mod history;
mod nfg;
mod report;
mod run;
mod simple;
mod tournament;

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;

use args::{Cli, Command};
use armistice::Error;

/// Set by Ctrl-C; long commands poll it between blocks.
pub fn cancel_flag() -> Arc<AtomicBool> {
    static FLAG: std::sync::OnceLock<Arc<AtomicBool>> = std::sync::OnceLock::new();
    FLAG.get_or_init(|| {
        let f = Arc::new(AtomicBool::new(false));
        let g = f.clone();
        // If a handler cannot be installed (e.g. one exists already), Ctrl-C simply kills the
        // process: outputs are staged, so nothing half-written appears either way.
        let _ = ctrlc::set_handler(move || g.store(true, Ordering::SeqCst));
        f
    })
    .clone()
}

/// Prints to stdout; a closed pipe (`armistice trace … | head`) is not an error.
pub fn out(text: &str) -> Result<(), Error> {
    let mut o = std::io::stdout().lock();
    match o.write_all(text.as_bytes()).and_then(|_| o.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("cannot write to standard output", e)),
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
    let result = match cli.command.unwrap_or(Command::Run(Default::default())) {
        Command::Run(a) => run::run(a, cli.quiet),
        Command::Merge(a) => run::merge(a, cli.quiet),
        Command::Validate(a) => simple::validate(a),
        Command::Trace(a) => simple::trace(a),
        Command::Compare(a) => analysis::compare(a, cli.quiet),
        Command::Sweep(a) => analysis::sweep(a, cli.quiet),
        Command::Sensitivity(a) => analysis::sensitivity(a, cli.quiet),
        Command::Fidelity(a) => history::fidelity(a),
        Command::Calibrate(a) => history::calibrate(a, cli.quiet),
        Command::Chart(a) => run::chart(a, cli.quiet),
        Command::Report(a) => report::report(a, cli.quiet),
        Command::Tournament(a) => tournament::tournament(a, cli.quiet),
        Command::ExportNfg(a) => nfg::export_nfg(a, cli.quiet),
        Command::Scenarios => simple::scenarios(),
        Command::Completions(a) => simple::completions(a),
    };
    match result {
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
    #[test]
    fn clap_definition_is_valid() {
        use clap::CommandFactory;
        super::args::Cli::command().debug_assert();
    }
}
