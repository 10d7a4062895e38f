//! `docklens format`: formats Dockerfiles in place, or checks them.

use std::{
    fs,
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::{Args, ValueEnum};

use crate::{
    ide::{self, FormatOptions, Indent, KeywordCase},
    syntax,
};

#[derive(Debug, Args)]
pub(crate) struct FormatArgs {
    /// Dockerfiles or directories to format (`-` for standard input, which
    /// is formatted to standard output). Directories are searched for
    /// `Dockerfile`, `Containerfile`, `*.Dockerfile` and `Dockerfile.*`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write nothing; exit 1 if any file would change.
    #[arg(long)]
    check: bool,
    /// Write nothing; print a unified diff of what would change (exit 1 if
    /// anything would).
    #[arg(long)]
    diff: bool,
    /// Spaces of continuation-line indentation.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u8).range(0..=16))]
    indent: u8,
    /// Indent continuation lines with a tab instead of spaces.
    #[arg(long, conflicts_with = "indent")]
    tab: bool,
    /// Case of instruction keywords.
    #[arg(long, value_enum, default_value_t = CaseArg::Upper)]
    keyword_case: CaseArg,
    /// Leave instructions that span several lines as they are.
    #[arg(long)]
    ignore_multiline_instructions: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CaseArg {
    Upper,
    Lower,
    Preserve,
}

/// Exit 0 when everything is formatted (or was written), 1 when `--check`
/// or `--diff` found changes or a file has syntax errors (such files are
/// never rewritten), 2 when a file cannot be read or written.
pub(crate) fn run(args: &FormatArgs) -> ExitCode {
    let options = FormatOptions {
        keyword_case: match args.keyword_case {
            CaseArg::Upper => KeywordCase::Upper,
            CaseArg::Lower => KeywordCase::Lower,
            CaseArg::Preserve => KeywordCase::Preserve,
        },
        indent: match args.tab {
            true => Indent::Tab,
            false => Indent::Spaces(args.indent),
        },
        ignore_multiline_instructions: args.ignore_multiline_instructions,
    };
    let mut files = Vec::new();
    let mut status = 0u8;
    for path in &args.paths {
        if path.is_dir() {
            match super::files::find_dockerfiles(path) {
                Ok(found) => files.extend(found),
                Err(err) => {
                    eprintln!("docklens: {err:#}");
                    status = 2;
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    let mut changed = 0usize;
    for path in &files {
        match format_one(path, &options, args) {
            Ok(true) => changed += 1,
            Ok(false) => {}
            Err(Failure::Syntax) => status = status.max(1),
            Err(Failure::Io(message)) => {
                eprintln!("docklens: {message}");
                status = 2;
            }
        }
    }
    if (args.check || args.diff) && changed > 0 {
        if args.check && !args.diff {
            eprintln!("{changed} file(s) would be reformatted");
        }
        status = status.max(1);
    }
    ExitCode::from(status)
}

enum Failure {
    Syntax,
    Io(String),
}

/// Formats one file; `Ok(true)` when it changed (or would).
fn format_one(path: &Path, options: &FormatOptions, args: &FormatArgs) -> Result<bool, Failure> {
    let input = super::input::read(path).map_err(|err| Failure::Io(format!("{err:#}")))?;
    let Some(parse) = super::rewrite::parse_rewritable(&input, "formatted") else {
        return Err(Failure::Syntax);
    };
    let text = input.text;
    let edits = ide::format_edits(&text, &parse, options, None);
    let formatted = syntax::apply_edits(&text, &edits).unwrap_or_else(|| text.clone());
    let stdin = path.as_os_str() == "-";
    let changed = formatted != text;
    if args.diff {
        if changed {
            print(&super::diff::unified_diff(&input.name, &text, &formatted))?;
        }
    } else if args.check {
        if changed {
            println!("would reformat {}", input.name);
        }
    } else if stdin {
        print(&formatted)?;
    } else if changed {
        fs::write(path, formatted.as_bytes())
            .map_err(|err| Failure::Io(format!("cannot write {}: {err}", input.name)))?;
    }
    Ok(changed)
}

fn print(text: &str) -> Result<(), Failure> {
    super::rewrite::print(text).map_err(Failure::Io)
}
