//! The formats `docklens check` writes its findings in. Every writer gets the
//! checked files in path order, each with its findings in position order.

mod checkstyle;
mod github;
mod gnu;
mod json;
mod sarif;
mod text;

use std::io::{self, Write};

use crate::{
    config::Format,
    rules::{Diagnostic, Severity},
    syntax::{LineIndex, TextRange},
};

/// One checked file.
pub(crate) struct FileReport {
    /// The path as given or found (`<stdin>` for standard input).
    pub(crate) name: String,
    pub(crate) text: String,
    pub(crate) index: LineIndex,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub(crate) fn new(name: String, text: String, diagnostics: Vec<Diagnostic>) -> FileReport {
        let index = LineIndex::new(&text);
        FileReport {
            name,
            text,
            index,
            diagnostics,
        }
    }

    /// Where a range is, 1-based, the end exclusive.
    pub(crate) fn span(&self, range: TextRange) -> Span {
        let start = self.index.line_col(&self.text, range.start());
        let end = self.index.line_col(&self.text, range.end());
        Span {
            line: start.line + 1,
            column: start.col + 1,
            end_line: end.line + 1,
            end_column: end.col + 1,
        }
    }
}

/// A 1-based range; columns count Unicode scalar values and the end column
/// is the one just after the range (as SARIF's `endColumn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
}

/// Writes the report; `color` only matters for `text`.
pub(crate) fn write(
    format: Format,
    files: &[FileReport],
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Text => text::write(files, color, out),
        Format::Json => json::write(files, out),
        Format::Sarif => sarif::write(files, out),
        Format::Checkstyle => checkstyle::write(files, out),
        Format::Gnu => gnu::write(files, out),
        Format::Github => github::write(files, out),
    }
}

/// `error`, `warning`, `info` or `style`, as hadolint names levels.
pub(crate) fn level(severity: Severity) -> &'static str {
    severity.as_str()
}
