//! The command line: argument parsing and the subcommands.

mod check;
mod config_schema;
mod configs;
mod diff;
mod dump;
mod files;
mod fix;
mod format;
mod input;
mod output;
mod rewrite;
mod rules_cmd;
mod size;

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
    /// Serve the Language Server Protocol on stdin/stdout (the default).
    Lsp(LspArgs),
    /// Lint Dockerfiles; exit 1 when a finding reaches the failure threshold.
    Check(Box<check::CheckArgs>),
    /// List every rule.
    Rules(rules_cmd::RulesArgs),
    /// Print a rule's documentation.
    Explain(rules_cmd::ExplainArgs),
    /// Print the parsed instructions in BuildKit's AST dump format.
    Dump(dump::DumpArgs),
    /// Format Dockerfiles: keyword case, indentation, trailing whitespace.
    Format(format::FormatArgs),
    /// Apply fixes in place (`--unsafe`: also the image refactors; `--diff`: only show them).
    Fix(fix::FixArgs),
    /// Estimate what each stage and the final image weigh.
    Size(size::SizeArgs),
    /// Print the JSON schema of the editor settings.
    ConfigSchema,
}

#[derive(Debug, clap::Args)]
struct LspArgs {
    /// Talk over stdin/stdout (the only transport; accepted for editors that pass it).
    #[arg(long)]
    stdio: bool,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Rules(args)) => rules_cmd::run_rules(&args),
        Some(Command::Explain(args)) => rules_cmd::run_explain(&args),
        Some(Command::Dump(args)) => dump::run(&args),
        Some(Command::Format(args)) => format::run(&args),
        Some(Command::Fix(args)) => fix::run(&args),
        Some(Command::Size(args)) => size::run(&args),
        Some(Command::ConfigSchema) => config_schema::run(),
        Some(Command::Lsp(_)) | None => lsp(),
    }
}

/// Logs go to stderr (stdout is the protocol), at the level in `DOCKLENS_LOG`.
fn lsp() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_env("DOCKLENS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(filter)
        .init();
    match crate::lsp::run_stdio() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("docklens: {err:#}");
            ExitCode::FAILURE
        }
    }
}
