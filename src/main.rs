//! The `comention` command: a thin layer over the library (see `src/cli/` for each subcommand).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
