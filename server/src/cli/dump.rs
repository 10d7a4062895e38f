//! `docklens dump`: the parse tree, in BuildKit's format or as a full tree.

use std::{io::Write, path::PathBuf, process::ExitCode};

use clap::{Args, ValueEnum};

use crate::syntax::{self, LineIndex};

#[derive(Debug, Args)]
pub(crate) struct DumpArgs {
    /// The Dockerfile to parse, or `-` for standard input.
    file: PathBuf,
    /// `buildkit`: BuildKit's AST dump; `tree`: every node with its byte range.
    #[arg(long, value_enum, default_value_t = DumpFormat::Buildkit)]
    format: DumpFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DumpFormat {
    Buildkit,
    Tree,
}

/// Exit 0 on success, 1 when BuildKit's parser would reject the file (the
/// errors go to stderr with their positions), 2 when it cannot be read.
pub(crate) fn run(args: &DumpArgs) -> ExitCode {
    let input = match super::input::read(&args.file) {
        Ok(input) => input,
        Err(err) => {
            eprintln!("docklens: {err:#}");
            return ExitCode::from(2);
        }
    };
    let parse = syntax::parse(&input.text);
    let out = match args.format {
        DumpFormat::Buildkit if !parse.errors.is_empty() => String::new(),
        DumpFormat::Buildkit => syntax::dump(&parse) + "\n",
        DumpFormat::Tree => syntax::debug_tree(&input.text, &parse),
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    if parse.errors.is_empty() {
        return ExitCode::SUCCESS;
    }
    let index = LineIndex::new(&input.text);
    for error in &parse.errors {
        let at = index.line_col(&input.text, error.range.start());
        eprintln!(
            "{}:{}:{}: error: {}",
            input.name,
            at.line + 1,
            at.col + 1,
            error.message
        );
    }
    ExitCode::from(1)
}
