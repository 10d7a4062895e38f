//! Checkstyle XML, as hadolint writes it: one `<file>` per file with
//! findings, one `<error>` per finding, `source` holding the rule code.

use std::io::{self, Write};

use super::{gnu::one_line, level, FileReport};

pub(super) fn write(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<?xml version='1.0' encoding='UTF-8'?>")?;
    writeln!(out, "<checkstyle version='4.3'>")?;
    for file in files.iter().filter(|it| !it.diagnostics.is_empty()) {
        writeln!(out, "  <file name='{}'>", escape(&file.name))?;
        for diagnostic in &file.diagnostics {
            let span = file.span(diagnostic.range);
            writeln!(
                out,
                "    <error line='{}' column='{}' severity='{}' message='{}' source='{}'/>",
                span.line,
                span.column,
                level(diagnostic.severity),
                escape(&one_line(&diagnostic.message)),
                escape(diagnostic.code),
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}

/// Escapes text for a single-quoted XML attribute. Characters XML 1.0
/// forbids (most control characters) become U+FFFD.
fn escape(text: &str) -> String {
    let mut res = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => res.push_str("&amp;"),
            '<' => res.push_str("&lt;"),
            '>' => res.push_str("&gt;"),
            '\'' => res.push_str("&apos;"),
            '"' => res.push_str("&quot;"),
            '\t' | '\n' | '\r' => res.push_str(&format!("&#{};", c as u32)),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => res.push('\u{FFFD}'),
            c => res.push(c),
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_attribute_text() {
        assert_eq!(
            escape("a<'b'>&\"c\"\u{1}"),
            "a&lt;&apos;b&apos;&gt;&amp;&quot;c&quot;\u{FFFD}"
        );
    }
}
