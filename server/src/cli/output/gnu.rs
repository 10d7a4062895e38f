//! The GNU coding standards' error format: `file:line:column: level: message [code]`.

use std::io::{self, Write};

use super::{level, FileReport};

pub(super) fn write(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for file in files {
        for diagnostic in &file.diagnostics {
            let span = file.span(diagnostic.range);
            writeln!(
                out,
                "{}:{}:{}: {}: {} [{}]",
                file.name,
                span.line,
                span.column,
                level(diagnostic.severity),
                one_line(&diagnostic.message),
                diagnostic.code
            )?;
        }
    }
    Ok(())
}

/// Messages are one line; a stray newline would break line-based readers.
pub(super) fn one_line(message: &str) -> String {
    message.replace(['\r', '\n'], " ")
}
