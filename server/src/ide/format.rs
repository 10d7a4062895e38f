//! The formatter: whitespace and keyword case only.
//!
//! What it does, line by line:
//! - instruction lines, comments and parser directives lose their
//!   indentation; whitespace-only lines become empty;
//! - continuation lines (and comment lines inside a continuation) get one
//!   level of indentation;
//! - trailing blanks go, including those after a line-continuation escape;
//! - instruction keywords get one case (upper by default; `ONBUILD`
//!   triggers, `AS` and `HEALTHCHECK CMD|NONE` too).
//!
//! `ONBUILD` lines are instructions like any other: unindented, their
//! trigger on the same line, their continuation lines one level in.
//!
//! What it never does: touch a heredoc body or terminator, an instruction
//! with a syntax error, anything after an unterminated heredoc, a line
//! ending (CRLF stays CRLF), or any character other than spaces and tabs
//! (keyword case aside). It reflows nothing: exec-form JSON, the spacing
//! between words and the placement of `\` stay as written.
//!
//! It also never changes what BuildKit builds. A continuation line's
//! indentation is part of the instruction's logical line (BuildKit joins
//! the lines without trimming them), so it is only changed where that is
//! invisible: outside quotes, after a whitespace boundary that survives
//! (a word split across lines, `foo\` + `bar`, stays joined), and never
//! right after an escape character. Formatting is idempotent.

use crate::syntax::{
    Args, Instruction, InstructionKind, Line, LineKind, Parse, SyntaxErrorKind, TextEdit, TextRange,
};

use super::Analysis;

/// How to format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatOptions {
    pub keyword_case: KeywordCase,
    /// One level of continuation indentation.
    pub indent: Indent,
    /// Leave instructions that span several lines exactly as written.
    pub ignore_multiline_instructions: bool,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions {
            keyword_case: KeywordCase::Upper,
            indent: Indent::Spaces(4),
            ignore_multiline_instructions: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeywordCase {
    #[default]
    Upper,
    Lower,
    Preserve,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indent {
    Spaces(u8),
    Tab,
}

impl Indent {
    pub fn text(self) -> String {
        match self {
            Indent::Spaces(n) => " ".repeat(usize::from(n)),
            Indent::Tab => "\t".to_owned(),
        }
    }
}

/// Edits that format the analysed text, or only the lines `range` touches.
pub fn format(
    analysis: &Analysis,
    options: &FormatOptions,
    range: Option<TextRange>,
) -> Vec<TextEdit> {
    format_edits(analysis.text(), analysis.parse(), options, range)
}

/// [`format`] without an [`Analysis`]: `parse` must be the parse of `text`.
pub fn format_edits(
    text: &str,
    parse: &Parse,
    options: &FormatOptions,
    range: Option<TextRange>,
) -> Vec<TextEdit> {
    let formatter = Formatter::new(text, parse, options);
    let mut res = Vec::new();
    for (idx, line) in parse.lines.iter().enumerate() {
        if range.is_some_and(|range| !line_in_range(line, range)) {
            continue;
        }
        formatter.line(idx, &mut res);
    }
    res
}

/// The formatted text.
pub fn format_text(text: &str, options: &FormatOptions) -> String {
    let parse = crate::syntax::parse(text);
    let edits = format_edits(text, &parse, options, None);
    crate::syntax::apply_edits(text, &edits).unwrap_or_else(|| text.to_owned())
}

/// Edits after the user typed `ch` and the cursor is at `offset`: a newline
/// indents the new line when it continues an instruction (and formats the
/// line it left); an escape character at the end of a line indents the
/// line it now continues into.
pub fn format_on_type(
    analysis: &Analysis,
    options: &FormatOptions,
    offset: usize,
    ch: char,
) -> Vec<TextEdit> {
    let text = analysis.text();
    let parse = analysis.parse();
    let formatter = Formatter::new(text, parse, options);
    let lines = &parse.lines;
    let mut res = Vec::new();
    match ch {
        '\n' => {
            let at = line_index_at(parse, offset);
            let previous = at.map_or(lines.len(), |it| it).checked_sub(1);
            if let Some(previous) = previous {
                formatter.line(previous, &mut res);
            }
            let indent = options.indent.text();
            match at {
                Some(idx) => {
                    let line = &lines[idx];
                    match line.kind {
                        // A fresh empty line inside a continuation: indent it
                        // (BuildKit drops such lines, so this is always safe).
                        LineKind::EmptyContinuation
                            if is_blank(line.indent().slice(text))
                                && !options.ignore_multiline_instructions =>
                        {
                            if line.indent().slice(text) != indent {
                                res.push(TextEdit::replace(line.indent(), indent));
                            }
                        }
                        _ => formatter.line(idx, &mut res),
                    }
                }
                // The cursor sits on the empty last line of the file.
                None => {
                    let continues = lines.last().is_some_and(|it| match it.kind {
                        LineKind::InstructionStart | LineKind::Continuation => {
                            it.continuation.is_some()
                        }
                        LineKind::ContinuationComment | LineKind::EmptyContinuation => true,
                        _ => false,
                    });
                    if continues
                        && offset == text.len()
                        && !indent.is_empty()
                        && !options.ignore_multiline_instructions
                    {
                        res.push(TextEdit::insert(offset, indent));
                    }
                }
            }
        }
        _ if ch == parse.escape => {
            let Some(idx) = line_index_at(parse, offset) else {
                return res;
            };
            let line = &lines[idx];
            // Only when the escape ends the line: it now continues it.
            let rest = TextRange::new(offset.min(line.range.end()), line.range.end()).slice(text);
            if !rest
                .trim_end_matches(['\r', '\n'])
                .chars()
                .all(is_blank_char)
            {
                return res;
            }
            let mut own = Vec::new();
            formatter.line(idx, &mut own);
            res.extend(
                own.into_iter()
                    .filter(|it| it.range.end() < offset.saturating_sub(ch.len_utf8())),
            );
            if idx + 1 < lines.len() {
                formatter.line(idx + 1, &mut res);
            }
        }
        _ => {}
    }
    res
}

/// The index of the line holding `offset`; `None` past the last line
/// (the cursor on an empty final line).
fn line_index_at(parse: &Parse, offset: usize) -> Option<usize> {
    let idx = parse.lines.partition_point(|it| it.range.end() <= offset);
    match parse.lines.get(idx) {
        Some(_) => Some(idx),
        // Offset at the very end of a last line without a newline.
        None => parse
            .lines
            .last()
            .filter(|it| it.range.end() == offset && it.newline().is_empty())
            .map(|_| parse.lines.len() - 1),
    }
}

fn line_in_range(line: &Line, range: TextRange) -> bool {
    let (start, end) = (line.range.start(), line.range.end());
    if range.is_empty() {
        return start <= range.start() && (range.start() < end || line.newline().is_empty());
    }
    // A selection ending at column 0 does not take in that line.
    start < range.end() && range.start() < end.max(start + 1)
}

fn is_blank_char(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Only spaces and tabs: the only whitespace the formatter rewrites.
fn is_blank(text: &str) -> bool {
    text.chars().all(is_blank_char)
}

struct Formatter<'a> {
    text: &'a str,
    parse: &'a Parse,
    options: &'a FormatOptions,
    indent: String,
    /// Per instruction: true when it must be left alone.
    frozen: Vec<bool>,
    /// Per line: true for continuation lines whose indentation may change.
    reindent: Vec<bool>,
    /// Lines starting after this offset are left alone (everything after
    /// an unterminated heredoc, whose recovery depends on layout).
    cutoff: usize,
    /// Nothing is formatted (an invalid escape directive).
    disabled: bool,
}

/// What one pass over the lines learns about an instruction.
#[derive(Clone, Copy, Default)]
struct InstructionLines {
    span: Option<TextRange>,
    first: Option<usize>,
    multi_line: bool,
}

impl<'a> Formatter<'a> {
    fn new(text: &'a str, parse: &'a Parse, options: &'a FormatOptions) -> Formatter<'a> {
        let mut info = vec![InstructionLines::default(); parse.instructions.len()];
        for (line_idx, line) in parse.lines.iter().enumerate() {
            let Some(slot) = line.instruction_index().and_then(|it| info.get_mut(it)) else {
                continue;
            };
            slot.span = Some(slot.span.map_or(line.range, |it| it.cover(line.range)));
            slot.first.get_or_insert(line_idx);
            slot.multi_line |= matches!(
                line.kind,
                LineKind::Continuation
                    | LineKind::ContinuationComment
                    | LineKind::EmptyContinuation
            );
        }
        let indent = options.indent.text();
        let mut frozen = vec![false; parse.instructions.len()];
        let mut reindent = vec![false; parse.lines.len()];
        for (idx, instruction) in parse.instructions.iter().enumerate() {
            let info = info[idx];
            let keyword_on_first_line =
                info.first
                    .and_then(|it| parse.lines.get(it))
                    .is_some_and(|first| {
                        first.kind == LineKind::InstructionStart
                            && !first.content.is_empty()
                            && first.content.contains_range(instruction.keyword.range)
                    });
            let broken = info.span.is_none_or(|span| {
                parse.errors.iter().any(|error| {
                    error.range.intersects(span)
                        || (span.start() <= error.range.start() && error.range.start() < span.end())
                })
            });
            frozen[idx] = broken
                || !keyword_on_first_line
                || (info.multi_line && options.ignore_multiline_instructions);
            if info.multi_line && !frozen[idx] {
                if let Some(first) = info.first {
                    mark_reindentable(text, parse, instruction, first, &indent, &mut reindent);
                }
            }
        }
        let cutoff = parse
            .errors
            .iter()
            .filter(|it| it.kind == SyntaxErrorKind::UnterminatedHeredoc)
            .map(|it| it.range.start())
            .min()
            .unwrap_or(usize::MAX);
        let disabled = parse
            .errors
            .iter()
            .any(|it| it.kind == SyntaxErrorKind::InvalidEscape);
        Formatter {
            text,
            parse,
            options,
            indent,
            frozen,
            reindent,
            cutoff,
            disabled,
        }
    }

    /// Appends the edits for line `idx`.
    fn line(&self, idx: usize, acc: &mut Vec<TextEdit>) {
        let Some(line) = self.parse.lines.get(idx) else {
            return;
        };
        if self.disabled || line.range.start() > self.cutoff {
            return;
        }
        let instruction = match line.instruction_index() {
            Some(it) if self.frozen.get(it).copied().unwrap_or(true) => return,
            Some(it) => self.parse.instructions.get(it),
            None => None,
        };
        match line.kind {
            LineKind::Blank | LineKind::EmptyContinuation => {
                let ws = TextRange::new(line.range.start(), line.newline().start());
                if !ws.is_empty() && is_blank(ws.slice(self.text)) {
                    acc.push(TextEdit::delete(ws));
                }
            }
            LineKind::Comment | LineKind::Directive => {
                self.set_indent(line, "", acc);
                self.trim_end(line, acc);
            }
            LineKind::ContinuationComment => {
                self.set_indent(line, &self.indent, acc);
                self.trim_end(line, acc);
            }
            LineKind::InstructionStart | LineKind::Continuation => {
                if line.kind == LineKind::InstructionStart {
                    self.set_indent(line, "", acc);
                } else if self.reindent.get(idx).copied().unwrap_or(false) {
                    self.set_indent(line, &self.indent, acc);
                }
                if let Some(instruction) = instruction {
                    self.keyword_case(instruction, line, acc);
                }
                self.trim_end(line, acc);
            }
            LineKind::HeredocBody | LineKind::HeredocTerminator => {}
        }
    }

    fn set_indent(&self, line: &Line, indent: &str, acc: &mut Vec<TextEdit>) {
        let range = line.indent();
        let current = range.slice(self.text);
        // A byte-order mark moved to the very start would become one.
        let makes_bom = range.start() == 0
            && indent.is_empty()
            && self.text[range.end()..].starts_with('\u{feff}');
        if current != indent && is_blank(current) && !makes_bom {
            acc.push(TextEdit::replace(range, indent));
        }
    }

    /// Drops blanks at the end of the line, or after its continuation escape.
    fn trim_end(&self, line: &Line, acc: &mut Vec<TextEdit>) {
        match line.continuation {
            Some(marker) => {
                let escape_len = self.parse.escape.len_utf8();
                let blanks = TextRange::new(
                    (marker.start() + escape_len).min(marker.end()),
                    marker.end(),
                );
                if !blanks.is_empty() && is_blank(blanks.slice(self.text)) {
                    acc.push(TextEdit::delete(blanks));
                }
            }
            None => {
                let content = line.content.slice(self.text);
                let kept = content.trim_end_matches(is_blank_char).len();
                // Blanks after a stray `\r` would leave that `\r` last,
                // where it turns into part of the line ending.
                if kept < content.len() && !content[..kept].ends_with('\r') {
                    acc.push(TextEdit::delete(TextRange::new(
                        line.content.start() + kept,
                        line.content.end(),
                    )));
                }
            }
        }
    }

    fn recase(&self, line: &Line, range: TextRange, wanted: &str, acc: &mut Vec<TextEdit>) {
        if line.content.contains_range(range) && range.slice(self.text) != wanted {
            acc.push(TextEdit::replace(range, wanted));
        }
    }

    /// The keywords of `instruction` (and of an `ONBUILD` trigger) that sit
    /// on `line`, in the configured case.
    fn keyword_case(&self, instruction: &Instruction, line: &Line, acc: &mut Vec<TextEdit>) {
        let mut current = Some(instruction);
        while let Some(instruction) = current {
            let keyword = &instruction.keyword;
            let written = keyword.range.slice(self.text);
            let wanted = match self.options.keyword_case {
                KeywordCase::Upper => instruction.kind.keyword().to_owned(),
                KeywordCase::Lower => instruction.kind.keyword().to_ascii_lowercase(),
                KeywordCase::Preserve => written.to_owned(),
            };
            if instruction.kind != InstructionKind::Unknown && written == keyword.text.as_str() {
                self.recase(line, keyword.range, &wanted, acc);
            }
            // `FROM x AS y` and `HEALTHCHECK CMD|NONE`: keywords too, and
            // BuildKit reads them in any case.
            let sub_keyword = match (&instruction.kind, &instruction.args) {
                (InstructionKind::From, Args::Words(words)) => words
                    .get(1)
                    .filter(|it| it.text.eq_ignore_ascii_case("as") && words.len() == 3),
                (InstructionKind::Healthcheck, Args::Healthcheck { kind, .. }) => Some(kind)
                    .filter(|it| {
                        it.text.eq_ignore_ascii_case("cmd") || it.text.eq_ignore_ascii_case("none")
                    }),
                _ => None,
            };
            if let Some(word) = sub_keyword {
                let written = word.range.slice(self.text);
                let wanted = match self.options.keyword_case {
                    KeywordCase::Upper => written.to_ascii_uppercase(),
                    KeywordCase::Lower => written.to_ascii_lowercase(),
                    KeywordCase::Preserve => written.to_owned(),
                };
                if written == word.text.as_str() {
                    self.recase(line, word.range, &wanted, acc);
                }
            }
            current = instruction.onbuild_trigger();
        }
    }
}

/// Marks the continuation lines of `instruction` whose indentation can
/// change without changing the logical line BuildKit sees: outside quotes,
/// not right after an escape, and keeping a word boundary exactly where
/// there was one.
fn mark_reindentable(
    text: &str,
    parse: &Parse,
    instruction: &Instruction,
    first: usize,
    indent: &str,
    reindent: &mut [bool],
) {
    let logical = instruction.logical_text(text);
    let exec = instruction.is_exec_form()
        || instruction
            .onbuild_trigger()
            .is_some_and(Instruction::is_exec_form);
    let escape = parse.escape;
    let escapes = |c: char| c == '\\' || (!exec && c == escape);
    let mut quotes = QuoteState::default();
    let mut scanned = 0;
    let segments = &instruction.segments.segments;
    let mut next_segment = 1;
    for (line_idx, line) in parse.lines.iter().enumerate().skip(first + 1) {
        if line.instruction != parse.lines[first].instruction {
            break;
        }
        if line.kind != LineKind::Continuation {
            continue;
        }
        // Pieces of the logical line start where their physical lines do.
        while segments
            .get(next_segment)
            .is_some_and(|(_, source)| (*source as usize) < line.range.start())
        {
            next_segment += 1;
        }
        let Some(&(join, source)) = segments.get(next_segment) else {
            break;
        };
        if source as usize != line.range.start() {
            continue;
        }
        let join = join as usize;
        let Some(before) = logical.get(..join) else {
            break;
        };
        if let Some(piece) = logical.get(scanned..join) {
            quotes.scan(piece, escapes);
            scanned = join;
        }
        let current = line.indent().slice(text);
        if line.content.is_empty() || !is_blank(current) || quotes.inside() {
            continue;
        }
        let trimmed = before.trim_end_matches(is_blank_char);
        // Right after an escape the first indentation character is escaped.
        if trimmed.ends_with(escapes) {
            continue;
        }
        let run = before.len() - trimmed.len();
        let separated_before = run >= 1;
        let was_separated = separated_before || !current.is_empty();
        let will_be_separated = separated_before || !indent.is_empty();
        reindent[line_idx] = was_separated == will_be_separated;
    }
}

/// Shell quoting state along a text: `'...'` literal, `"..."` with
/// escapes. Errs on the side of "inside".
#[derive(Default)]
struct QuoteState {
    state: Quote,
    escaped: bool,
}

#[derive(Default, PartialEq)]
enum Quote {
    #[default]
    Plain,
    Single,
    Double,
}

impl QuoteState {
    fn scan(&mut self, text: &str, escapes: impl Fn(char) -> bool) {
        for c in text.chars() {
            if self.escaped {
                self.escaped = false;
                continue;
            }
            match self.state {
                Quote::Plain | Quote::Double if escapes(c) => self.escaped = true,
                Quote::Plain if c == '\'' => self.state = Quote::Single,
                Quote::Plain if c == '"' => self.state = Quote::Double,
                Quote::Single if c == '\'' => self.state = Quote::Plain,
                Quote::Double if c == '"' => self.state = Quote::Plain,
                _ => {}
            }
        }
    }

    fn inside(&self) -> bool {
        self.state != Quote::Plain || self.escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_quotes(text: &str) -> bool {
        let mut state = QuoteState::default();
        state.scan(text, |c| c == '\\');
        state.inside()
    }

    #[test]
    fn quotes_are_tracked_with_escapes() {
        assert!(in_quotes("echo \"a b"));
        assert!(!in_quotes("echo \"a\" b"));
        assert!(!in_quotes("echo \\\"a b"));
        // No escapes inside single quotes.
        assert!(!in_quotes("echo 'a \\' b"));
        assert!(in_quotes("echo 'a \\"));
        assert!(!in_quotes("echo \"it's\""));
    }
}
