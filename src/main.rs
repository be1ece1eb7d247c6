//! The `armistice` binary: parses arguments, calls the library, prints, maps errors to exit codes
//! (0 success, 1 runtime failure, 2 usage or input error; a closed pipe is success).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
