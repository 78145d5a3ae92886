//! The `truststore` binary: parse arguments, run, print, exit 0/1/2.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = truststore::cli::Cli::parse();
    let outcome = truststore::app::run(cli);
    truststore::app::emit(&outcome);
    ExitCode::from(outcome.exit_code)
}
