//! `docklens format`: formats Dockerfiles in place, or checks them.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::{Args, ValueEnum};

use crate::{
    ide::{self, FormatOptions, Indent, KeywordCase},
    syntax::{self, LineIndex},
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
    for path in &args.paths {
        if path.is_dir() {
            collect(path, &mut files);
        } else {
            files.push(path.clone());
        }
    }
    let mut status = 0u8;
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
    let text = input.text;
    let parse = syntax::parse(&text);
    if !parse.errors.is_empty() {
        let index = LineIndex::new(&text);
        for error in &parse.errors {
            let at = index.line_col(&text, error.range.start());
            eprintln!(
                "{}:{}:{}: error: {}",
                input.name,
                at.line + 1,
                at.col + 1,
                error.message
            );
        }
        eprintln!(
            "{}: not formatted: it has syntax errors (fix them first)",
            input.name
        );
        return Err(Failure::Syntax);
    }
    let edits = ide::format_edits(&text, &parse, options, None);
    let formatted = syntax::apply_edits(&text, &edits).unwrap_or_else(|| text.clone());
    let stdin = path.as_os_str() == "-";
    let changed = formatted != text;
    if args.diff {
        if changed {
            print(&unified_diff(&input.name, &text, &formatted))?;
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
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|err| Failure::Io(format!("cannot write to standard output: {err}")))
}

/// Dockerfiles under `dir` (hidden directories skipped), sorted.
fn collect(dir: &Path, acc: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|it| it.ok().map(|it| it.path()))
        .collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .and_then(|it| it.to_str())
            .unwrap_or_default();
        if path.is_dir() {
            if !name.starts_with('.') {
                collect(&path, acc);
            }
        } else if is_dockerfile_name(name) {
            acc.push(path);
        }
    }
}

fn is_dockerfile_name(name: &str) -> bool {
    name == "Dockerfile"
        || name == "Containerfile"
        || name.ends_with(".Dockerfile")
        || name.ends_with(".dockerfile")
        || name.starts_with("Dockerfile.")
}

/// A unified diff of two texts with the same lines (the formatter never
/// adds or removes a line), three lines of context.
fn unified_diff(name: &str, old: &str, new: &str) -> String {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let mut out = format!("--- {name}\n+++ {name}\n");
    if old_lines.len() != new_lines.len() {
        out.push_str(&format!(
            "@@ -1,{} +1,{} @@\n",
            old_lines.len(),
            new_lines.len()
        ));
        for line in &old_lines {
            push_line(&mut out, '-', line);
        }
        for line in &new_lines {
            push_line(&mut out, '+', line);
        }
        return out;
    }
    let changed: Vec<usize> = (0..old_lines.len())
        .filter(|&it| old_lines[it] != new_lines[it])
        .collect();
    const CONTEXT: usize = 3;
    let mut idx = 0;
    while idx < changed.len() {
        let start = changed[idx].saturating_sub(CONTEXT);
        let mut last = changed[idx];
        while idx + 1 < changed.len() && changed[idx + 1] <= last + 2 * CONTEXT + 1 {
            idx += 1;
            last = changed[idx];
        }
        let end = (last + CONTEXT + 1).min(old_lines.len());
        let len = end - start;
        out.push_str(&format!(
            "@@ -{},{len} +{},{len} @@\n",
            start + 1,
            start + 1
        ));
        for line in start..end {
            if old_lines[line] == new_lines[line] {
                push_line(&mut out, ' ', old_lines[line]);
            } else {
                push_line(&mut out, '-', old_lines[line]);
                push_line(&mut out, '+', new_lines[line]);
            }
        }
        idx += 1;
    }
    out
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_groups_nearby_changes() {
        let old = "a\n b\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n m\n";
        let new = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n";
        let diff = unified_diff("Dockerfile", old, new);
        assert_eq!(diff.matches("@@ -").count(), 2, "{diff}");
        assert!(diff.contains("@@ -1,5 +1,5 @@\n a\n- b\n+b\n"), "{diff}");
    }
}
