//! hadolint's JSON: an array of `{file, line, column, code, level, message}`,
//! plus `end_line` and `end_column` (exclusive). 1-based; columns count
//! Unicode scalar values.

use std::io::{self, Write};

use serde::Serialize;

use super::{level, FileReport};

#[derive(Serialize)]
struct Finding<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    code: &'a str,
    level: &'a str,
    message: &'a str,
}

pub(super) fn write(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut findings = Vec::new();
    for file in files {
        for diagnostic in &file.diagnostics {
            let span = file.span(diagnostic.range);
            findings.push(Finding {
                file: &file.name,
                line: span.line,
                column: span.column,
                end_line: span.end_line,
                end_column: span.end_column,
                code: diagnostic.code,
                level: level(diagnostic.severity),
                message: &diagnostic.message,
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &findings)?;
    writeln!(out)
}
