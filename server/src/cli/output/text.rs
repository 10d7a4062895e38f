//! rustc-style reports: the offending range underlined in its line, the
//! rule's code and name, the fix as `help:` (marked `[*]` when it is safe)
//! with the change it makes, and a summary line at the end.

use std::{
    fmt::Write as _,
    io::{self, Write},
    ops::Range,
};

use annotate_snippets::{AnnotationKind, Group, Level, Patch, Renderer, Snippet};

use super::FileReport;
use crate::{
    rules::{Applicability, Diagnostic, Severity},
    syntax::TextRange,
};

/// How many lines apart a related place may be to share the excerpt.
const NEAR_LINES: usize = 3;

pub(super) fn write(files: &[FileReport], color: bool, out: &mut dyn Write) -> io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut counts = [0usize; 4];
    let mut safe_fixes = 0;
    let mut files_with_findings = 0;
    for file in files {
        if !file.diagnostics.is_empty() {
            files_with_findings += 1;
        }
        for diagnostic in &file.diagnostics {
            counts[diagnostic.severity as usize] += 1;
            let safe = diagnostic
                .fix
                .as_ref()
                .is_some_and(|it| it.applicability == Applicability::Safe);
            safe_fixes += usize::from(safe);
            let report = render_one(file, diagnostic);
            writeln!(out, "{}\n", renderer.render(&report))?;
        }
    }
    writeln!(
        out,
        "{}",
        summary(counts, safe_fixes, files_with_findings, files.len())
    )
}

fn render_one<'a>(file: &'a FileReport, diagnostic: &'a Diagnostic) -> Vec<Group<'a>> {
    let level = level(diagnostic.severity);
    // Related places a few lines away share the finding's excerpt; farther
    // ones get their own.
    let line = |offset: usize| file.index.line_col(&file.text, offset).line;
    let (first, last) = (line(diagnostic.range.start()), line(diagnostic.range.end()));
    let is_near = |range: TextRange| {
        line(range.start()) + NEAR_LINES >= first && line(range.end()) <= last + NEAR_LINES
    };
    let mut covered = vec![diagnostic.range];
    covered.extend(
        diagnostic
            .related
            .iter()
            .map(|it| it.range)
            .filter(|it| is_near(*it)),
    );
    let (source, offset, line_start) = excerpt(file, &covered);
    let mut snippet = Snippet::source(source)
        .line_start(line_start)
        .path(file.name.as_str())
        .annotation(
            AnnotationKind::Primary
                .span(local(diagnostic.range, offset, source))
                .label(diagnostic.rule.name),
        );
    let mut related_snippets = Vec::new();
    for related in &diagnostic.related {
        if is_near(related.range) {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(local(related.range, offset, source))
                    .label(related.message.as_str()),
            );
        } else {
            let (source, offset, line_start) = excerpt(file, &[related.range]);
            related_snippets.push(
                Snippet::source(source)
                    .line_start(line_start)
                    .path(file.name.as_str())
                    .annotation(
                        AnnotationKind::Context
                            .span(local(related.range, offset, source))
                            .label(related.message.as_str()),
                    ),
            );
        }
    }
    let mut group = level
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code)
        .element(snippet);
    for it in related_snippets {
        group = group.element(it);
    }
    let mut report = vec![group];
    if let Some(fix) = &diagnostic.fix {
        let title = match fix.applicability {
            Applicability::Safe => format!("[*] {}", fix.title),
            Applicability::Unsafe => format!("{} (unsafe fix)", fix.title),
            Applicability::DisplayOnly => format!("{} (suggestion)", fix.title),
        };
        let ranges: Vec<TextRange> = fix.edits.iter().map(|it| it.range).collect();
        let mut help = Group::with_title(Level::HELP.secondary_title(title));
        if !ranges.is_empty() {
            let (source, offset, line_start) = excerpt(file, &ranges);
            let mut patch = Snippet::source(source)
                .line_start(line_start)
                .path(file.name.as_str());
            for edit in &fix.edits {
                patch = patch.patch(Patch::new(
                    local(edit.range, offset, source),
                    edit.insert.as_str(),
                ));
            }
            help = help.element(patch);
        }
        report.push(help);
    }
    report
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Style => Level::NOTE.with_name("style"),
    }
}

/// The whole lines covering `ranges`: the text, its byte offset in the
/// file and its 1-based first line number.
fn excerpt<'a>(file: &'a FileReport, ranges: &[TextRange]) -> (&'a str, usize, usize) {
    let text = file.text.as_str();
    let start = ranges.iter().map(|it| it.start()).min().unwrap_or(0);
    let end = ranges.iter().map(|it| it.end()).max().unwrap_or(0);
    let first = file.index.line_col(text, start).line;
    let mut last = file.index.line_col(text, end).line;
    // A range that ends with its line ending ends on that line.
    if last > first && end > start && file.index.line_start(last) == end.min(text.len()) {
        last -= 1;
    }
    let from = file.index.line_start(first);
    let to = file.index.line_range(text, last).end().max(from);
    (&text[from..to], from, first + 1)
}

/// A file range as a range in the excerpt, clamped to it.
fn local(range: TextRange, offset: usize, source: &str) -> Range<usize> {
    let clamp = |at: usize| at.saturating_sub(offset).min(source.len());
    clamp(range.start())..clamp(range.end())
}

/// "2 errors, 1 warning in 1 file (1 fixable with a safe fix [*])".
fn summary(counts: [usize; 4], safe_fixes: usize, with_findings: usize, files: usize) -> String {
    let total: usize = counts.iter().sum();
    let file_word = |n: usize| if n == 1 { "file" } else { "files" };
    if total == 0 {
        return format!("no problems in {files} {}", file_word(files));
    }
    let mut parts = Vec::new();
    for severity in Severity::ALL {
        let n = counts[severity as usize];
        if n == 0 {
            continue;
        }
        let word = match (severity, n) {
            (Severity::Error, 1) => "error",
            (Severity::Error, _) => "errors",
            (Severity::Warning, 1) => "warning",
            (Severity::Warning, _) => "warnings",
            (Severity::Info, _) => "info",
            (Severity::Style, _) => "style",
        };
        parts.push(format!("{n} {word}"));
    }
    let mut res = format!(
        "{} in {with_findings} {}",
        parts.join(", "),
        file_word(with_findings)
    );
    if with_findings != files {
        let _ = write!(res, " ({files} checked)");
    }
    if safe_fixes > 0 {
        let _ = write!(res, "; [*] {safe_fixes} with a safe fix");
    }
    res
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn summarises_counts() {
        assert_eq!(summary([0; 4], 0, 0, 3), "no problems in 3 files");
        assert_eq!(
            summary([0, 1, 2, 3], 1, 2, 4),
            "3 errors, 2 warnings, 1 info in 2 files (4 checked); [*] 1 with a safe fix"
        );
        assert_eq!(summary([1, 0, 0, 1], 0, 1, 1), "1 error, 1 style in 1 file");
    }
}

#[cfg(test)]
mod render_tests {
    use super::*;
    use crate::{
        rules::{Category, Enabled, Fix, FixAvailability, Origin, Rule},
        syntax::TextEdit,
    };

    static RULE: Rule = Rule {
        code: "XX0001",
        name: "test-rule",
        aliases: &[],
        origin: Origin::Docklens,
        category: Category::Style,
        severity: Severity::Style,
        enabled: Enabled::Yes,
        fix: FixAvailability::Always,
        summary: "Test",
        docs: "",
        check: |_, _| {},
    };

    fn render(text: &str, range: TextRange, fix: Option<Fix>) -> String {
        let mut diagnostic = RULE.diagnostic(range, "message");
        diagnostic.fix = fix;
        if range.start() > 0 {
            diagnostic = diagnostic.with_related(TextRange::new(0, 1), "first");
        }
        let file = FileReport::new("Dockerfile".into(), text.into(), vec![diagnostic]);
        let mut out = Vec::new();
        write(&[file], false, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Odd ranges render without panicking: empty ones, at the very end,
    /// across lines, over line endings, with tabs, CRLF and wide characters.
    #[test]
    fn renders_edge_ranges() {
        let cases: &[(&str, TextRange)] = &[
            ("FROM a\n", TextRange::empty(7)),
            ("FROM a", TextRange::empty(6)),
            ("", TextRange::empty(0)),
            ("FROM a\nRUN b \\\n  c\n", TextRange::new(7, 18)),
            ("FROM a\r\nRUN\tb\r\n", TextRange::new(8, 16)),
            ("FROM a\nRUN 😀é\n", TextRange::new(11, 17)),
            ("FROM a\n", TextRange::new(0, 100)),
        ];
        for (text, range) in cases {
            let fix = Fix::safe(
                "Replace it",
                vec![
                    TextEdit::replace(*range, "x\ny"),
                    TextEdit::insert(text.len(), "\n"),
                ],
            );
            let out = render(text, *range, Some(fix));
            assert!(out.contains("style[XX0001]: message"), "{out}");
            assert!(out.contains("help: [*] Replace it"), "{out}");
            assert!(
                out.ends_with("1 style in 1 file; [*] 1 with a safe fix\n"),
                "{out}"
            );
            render(text, *range, None);
        }
    }

    #[test]
    fn renders_a_finding_with_its_rule_name_and_help() {
        let text = "FROM a\nRUN b\n";
        let fix = Fix::unsafe_(
            "Use c",
            vec![TextEdit::replace(TextRange::new(11, 12), "c")],
        );
        assert_eq!(
            render(text, TextRange::new(11, 12), Some(fix)),
            "\
style[XX0001]: message
 --> Dockerfile:2:5
  |
1 | FROM a
  | - first
2 | RUN b
  |     ^ test-rule
  |
help: Use c (unsafe fix)
  |
2 - RUN b
2 + RUN c
  |

1 style in 1 file
"
        );
    }
}
