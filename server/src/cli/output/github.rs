//! GitHub Actions workflow commands, which show up as annotations on the
//! pull request: `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::message`.

use std::io::{self, Write};

use super::FileReport;
use crate::rules::Severity;

pub(super) fn write(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for file in files {
        for diagnostic in &file.diagnostics {
            let span = file.span(diagnostic.range);
            // GitHub has three levels; info and style become notices.
            let command = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Style => "notice",
            };
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&file.name),
                span.line,
                span.column,
                span.end_line,
                span.end_column,
                property(diagnostic.code),
                data(&diagnostic.message),
            )?;
        }
    }
    Ok(())
}

/// Escapes a command's message, as the Actions toolkit does.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: also `:` and `,`, which separate properties.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
