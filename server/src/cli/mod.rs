//! The command line: argument parsing and the subcommands.

mod dump;
mod input;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A language server and linter for Dockerfiles that knows what your image weighs.
#[derive(Debug, Parser)]
#[command(name = "docklens", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the parsed instructions in BuildKit's AST dump format.
    Dump(dump::DumpArgs),
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Dump(args)) => dump::run(&args),
        None => {
            use clap::CommandFactory;
            let _ = Cli::command().print_help();
            ExitCode::from(2)
        }
    }
}
