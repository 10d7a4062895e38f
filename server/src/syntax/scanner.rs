//! Stage one: physical lines to logical lines, the way BuildKit's parser
//! walks a Dockerfile (directives, comments, continuations, heredoc bodies),
//! with every byte accounted for.
//!
//! Each logical line is handed to stage two on its own, so one broken line
//! never costs the rest of the file.

use smallvec::SmallVec;

use super::{
    heredoc::{self, MarkerError},
    instruction::LineParser,
    lex::is_go_space,
    text_range::MAX_TEXT_LEN,
    Args, Comment, Directive, DirectiveKind, Heredoc, Instruction, InstructionKind, Line, LineKind,
    Parse, SegmentMap, SyntaxError, SyntaxErrorKind, TextRange,
};

const BOM: &str = "\u{FEFF}";

/// Offsets are 32-bit; nothing that large is a Dockerfile, so say so
/// rather than parse it.
fn too_large(text: &str) -> Parse {
    Parse {
        escape: '\\',
        len: text.len(),
        errors: vec![SyntaxError::new(
            SyntaxErrorKind::NoInstructions,
            TextRange::empty(0),
            "file too large: docklens parses Dockerfiles up to 4 GiB",
        )],
        ..Parse::default()
    }
}

/// Parses a Dockerfile. Never fails and never panics: problems end up in
/// `Parse::errors`.
pub fn parse(text: &str) -> Parse {
    if text.len() > MAX_TEXT_LEN {
        return too_large(text);
    }
    // Sizing the line table up front avoids re-copying it as it grows.
    let n_lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    let mut scanner = Scanner {
        text,
        pos: 0,
        line_no: 0,
        directives_done: false,
        buffer: String::new(),
        res: Parse {
            escape: '\\',
            len: text.len(),
            lines: Vec::with_capacity(n_lines),
            instructions: Vec::with_capacity(n_lines / 3 + 1),
            ..Parse::default()
        },
    };
    if text.starts_with(BOM) {
        scanner.res.bom = Some(TextRange::new(0, BOM.len()));
        scanner.pos = BOM.len();
    }
    scanner.run();
    scanner.res
}

/// One physical line: `range` includes the line ending, `content_end` is
/// where the trailing `\r`/`\n` run starts.
#[derive(Clone, Copy)]
struct RawLine {
    range: TextRange,
    content_end: usize,
    line_no: usize,
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    line_no: usize,
    directives_done: bool,
    /// Scratch space for the logical line being parsed.
    buffer: String,
    res: Parse,
}

impl Scanner<'_> {
    fn run(&mut self) {
        while let Some(line) = self.next_line() {
            let start = self.skip_indent(line.range.start(), line.content_end);
            if !self.directives_done && self.directive(line, start) {
                continue;
            }
            self.directives_done = true;
            if start == line.content_end {
                self.push_line(LineKind::Blank, line, start, line.content_end, None);
            } else if self.text.as_bytes().get(start) == Some(&b'#') {
                self.comment(line, start, false);
            } else {
                self.instruction(line, start);
            }
        }
        if self.res.instructions.is_empty() {
            let at = self.text.len();
            self.res.errors.push(SyntaxError::new(
                SyntaxErrorKind::NoInstructions,
                TextRange::empty(at),
                "file with no instructions: expected at least a FROM instruction",
            ));
        }
    }

    fn next_line(&mut self) -> Option<RawLine> {
        self.peek_line(self.pos, self.line_no).inspect(|line| {
            self.pos = line.range.end();
            self.line_no += 1;
        })
    }

    fn peek_line(&self, pos: usize, line_no: usize) -> Option<RawLine> {
        if pos >= self.text.len() {
            return None;
        }
        let rest = &self.text.as_bytes()[pos..];
        let end = match memchr::memchr(b'\n', rest) {
            Some(idx) => pos + idx + 1,
            None => self.text.len(),
        };
        let content = &self.text.as_bytes()[pos..end];
        let trailing = content
            .iter()
            .rev()
            .take_while(|&&b| b == b'\n' || b == b'\r')
            .count();
        Some(RawLine {
            range: TextRange::new(pos, end),
            content_end: end - trailing,
            line_no,
        })
    }

    fn skip_indent(&self, start: usize, end: usize) -> usize {
        let slice = TextRange::new(start, end).slice(self.text);
        end - slice.trim_start_matches(is_go_space).len()
    }

    fn push_line(
        &mut self,
        kind: LineKind,
        line: RawLine,
        content_start: usize,
        content_end: usize,
        continuation: Option<TextRange>,
    ) {
        self.res.lines.push(Line {
            kind,
            range: line.range,
            content: TextRange::new(content_start, content_end),
            continuation,
            instruction: None,
        });
    }

    fn comment(&mut self, line: RawLine, start: usize, in_continuation: bool) {
        let kind = match in_continuation {
            true => LineKind::ContinuationComment,
            false => LineKind::Comment,
        };
        self.push_line(kind, line, start, line.content_end, None);
        let range = TextRange::new(start, line.content_end);
        let text = range.slice(self.text).get(1..).unwrap_or("").trim();
        self.res.comments.push(Comment {
            range,
            text: text.into(),
            in_continuation,
        });
    }

    /// Matches BuildKit's `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` and
    /// records the directive. False when the line is not one, which ends
    /// directive detection for the rest of the file.
    fn directive(&mut self, line: RawLine, start: usize) -> bool {
        let Some(found) = match_directive(self.text, start, line.content_end) else {
            return false;
        };
        let Some(kind) = DirectiveKind::from_name(found.name.slice(self.text)) else {
            return false;
        };
        self.push_line(LineKind::Directive, line, start, line.content_end, None);
        let directive = Directive {
            kind,
            range: TextRange::new(start, line.content_end),
            name: found.name.slice(self.text).to_owned(),
            name_range: found.name,
            value: found.value.slice(self.text).to_owned(),
            value_range: found.value,
        };
        if self.res.directives.iter().any(|it| it.kind == kind) {
            self.res.errors.push(SyntaxError::new(
                SyntaxErrorKind::DuplicateDirective,
                directive.range,
                format!(
                    "only one {} parser directive can be used: remove this one",
                    kind.name()
                ),
            ));
            return true;
        }
        if kind == DirectiveKind::Escape {
            match directive.value.as_str() {
                "\\" => self.res.escape = '\\',
                "`" => self.res.escape = '`',
                other => self.res.errors.push(SyntaxError::new(
                    SyntaxErrorKind::InvalidEscape,
                    directive.value_range,
                    format!("invalid escape token '{other}' does not match ` or \\: expected `# escape=\\` or `# escape=``"),
                )),
            }
        }
        self.res.directives.push(directive);
        true
    }

    /// BuildKit's continuation rule: the last non-blank character is the
    /// escape character and is not itself escaped, or the line holds only
    /// the escape character. Returns where the kept text ends and the marker.
    fn continuation(&self, start: usize, end: usize) -> (usize, Option<TextRange>) {
        let slice = TextRange::new(start, end).slice(self.text);
        let trimmed = slice.trim_end_matches([' ', '\t']);
        let Some(before) = trimmed.strip_suffix(self.res.escape) else {
            return (end, None);
        };
        if before.ends_with(self.res.escape) {
            return (end, None);
        }
        let marker = start + before.len();
        (marker, Some(TextRange::new(marker, end)))
    }

    fn instruction(&mut self, first: RawLine, start: usize) {
        let index = self.res.instructions.len();
        let first_line_idx = self.res.lines.len();
        let mut pieces: SmallVec<[TextRange; 4]> = SmallVec::new();
        let mut empty_continuation_lines = Vec::new();

        let (kept_end, marker) = self.continuation(start, first.content_end);
        self.push_line(LineKind::InstructionStart, first, start, kept_end, marker);
        pieces.push(TextRange::new(start, kept_end));
        let mut last = first;
        let mut continues = marker.is_some();
        while continues {
            let Some(line) = self.next_line() else {
                break;
            };
            last = line;
            let indent_end = self.skip_indent(line.range.start(), line.content_end);
            if self.text.as_bytes().get(indent_end) == Some(&b'#') {
                self.comment(line, indent_end, true);
                continue;
            }
            if indent_end == line.content_end {
                self.push_line(
                    LineKind::EmptyContinuation,
                    line,
                    indent_end,
                    indent_end,
                    None,
                );
                empty_continuation_lines.push(line.range);
                continue;
            }
            let (kept_end, marker) = self.continuation(line.range.start(), line.content_end);
            self.push_line(
                LineKind::Continuation,
                line,
                indent_end.min(kept_end),
                kept_end,
                marker,
            );
            pieces.push(TextRange::new(line.range.start(), kept_end));
            continues = marker.is_some();
        }
        // One buffer serves every logical line: only the segment map is kept.
        let mut buffer = std::mem::take(&mut self.buffer);
        let map = join_pieces(self.text, &pieces, &mut buffer);

        let mut errors = Vec::new();
        let parsed = LineParser {
            text: &buffer,
            map: &map,
            escape: self.res.escape,
            errors: &mut errors,
            first_line: first.line_no,
            last_line: last.line_no,
        }
        .parse(TextRange::new(0, buffer.len()), 0);
        self.res.errors.append(&mut errors);

        let mut end = last_content_end(&self.res.lines, first_line_idx, start);
        let mut heredocs = Vec::new();
        if can_contain_heredoc(parsed.kind, &parsed.args) && buffer.contains("<<") {
            heredocs = self.heredocs(&buffer, &map);
            if let Some(line) = self.res.lines.last().filter(|_| !heredocs.is_empty()) {
                end = line.content.end().max(line.range.start());
                last.line_no = self.line_no.saturating_sub(1);
            }
        }
        let index_u32 = u32::try_from(index).ok();
        for line in &mut self.res.lines[first_line_idx..] {
            line.instruction = index_u32;
        }
        let keyword_start = parsed.keyword.range.start();
        self.res.instructions.push(Instruction {
            kind: parsed.kind,
            range: TextRange::new(keyword_start.min(end), end),
            keyword: parsed.keyword,
            flags: parsed.flags,
            args: parsed.args,
            heredocs,
            segments: map,
            empty_continuation_lines,
            start_line: first.line_no,
            end_line: last.line_no,
        });
        self.buffer = buffer;
    }

    /// Reads the bodies of the heredocs the logical line opens, in order.
    fn heredocs(&mut self, line: &str, map: &SegmentMap) -> Vec<Heredoc> {
        let markers = match heredoc::markers(line) {
            Ok(markers) => markers,
            Err(MarkerError::UnbalancedQuotes(range)) => {
                self.res.errors.push(SyntaxError::new(
                    SyntaxErrorKind::InvalidHeredocName,
                    map.source_range(range),
                    "quoted heredoc quotes do not match: close the quote around the delimiter",
                ));
                return Vec::new();
            }
        };
        let mut res = Vec::with_capacity(markers.len());
        for marker in markers {
            let marker_range = map.source_range(marker.range);
            let body_start = self.pos;
            let (terminator, body_end) = self.heredoc_body(&marker.name, marker.chomp);
            let terminated = terminator.is_some();
            res.push(Heredoc {
                marker: marker_range,
                name: marker.name.into(),
                fd: marker.fd,
                chomp: marker.chomp,
                expand: marker.expand,
                body: TextRange::new(body_start, body_end),
                terminator,
            });
            if !terminated {
                let name = res.last().map_or("", |it| it.name.as_str());
                self.res.errors.push(SyntaxError::new(
                    SyntaxErrorKind::UnterminatedHeredoc,
                    marker_range,
                    format!("unterminated heredoc: no line `{name}` ends it"),
                ));
                break;
            }
        }
        res
    }

    /// Consumes body lines up to the terminator. An unterminated body runs to
    /// the end of the file in BuildKit; while the user is still typing that
    /// would swallow everything below, so it stops before the first line
    /// that starts with an upper-case instruction keyword instead.
    fn heredoc_body(&mut self, name: &str, chomp: bool) -> (Option<TextRange>, usize) {
        let (mut pos, mut line_no) = (self.pos, self.line_no);
        let mut stop = None;
        while let Some(line) = self.peek_line(pos, line_no) {
            let content = TextRange::new(line.range.start(), line.content_end).slice(self.text);
            let candidate = match chomp {
                true => content.trim_start_matches('\t'),
                false => content,
            };
            if candidate == name {
                stop = Some(line_no);
                break;
            }
            pos = line.range.end();
            line_no += 1;
        }
        let terminated = stop.is_some();
        let stop = stop.unwrap_or_else(|| self.recovery_point());
        let mut body_end = self.pos;
        while self.line_no < stop {
            let Some(line) = self.next_line() else {
                break;
            };
            self.push_line(
                LineKind::HeredocBody,
                line,
                line.range.start(),
                line.content_end,
                None,
            );
            body_end = line.range.end();
        }
        if !terminated {
            return (None, body_end);
        }
        let Some(line) = self.next_line() else {
            return (None, body_end);
        };
        let start = match chomp {
            true => self.skip_tabs(line.range.start(), line.content_end),
            false => line.range.start(),
        };
        self.push_line(
            LineKind::HeredocTerminator,
            line,
            line.range.start(),
            line.content_end,
            None,
        );
        (Some(TextRange::new(start, line.content_end)), body_end)
    }

    fn skip_tabs(&self, start: usize, end: usize) -> usize {
        let slice = TextRange::new(start, end).slice(self.text);
        end - slice.trim_start_matches('\t').len()
    }

    /// The line number where an unterminated heredoc body is cut short.
    fn recovery_point(&self) -> usize {
        let (mut pos, mut line_no) = (self.pos, self.line_no);
        while let Some(line) = self.peek_line(pos, line_no) {
            let content = TextRange::new(line.range.start(), line.content_end).slice(self.text);
            if looks_like_instruction(content) {
                return line_no;
            }
            pos = line.range.end();
            line_no += 1;
        }
        line_no
    }
}

/// Writes the logical line into `buffer` and returns its segment map.
fn join_pieces(text: &str, pieces: &[TextRange], buffer: &mut String) -> SegmentMap {
    buffer.clear();
    let mut map = SegmentMap::default();
    for piece in pieces {
        map.push(buffer.len(), piece.start());
        buffer.push_str(piece.slice(text));
    }
    map.len = u32::try_from(buffer.len()).unwrap_or(u32::MAX);
    map
}

fn last_content_end(lines: &[Line], first: usize, fallback: usize) -> usize {
    lines[first..]
        .iter()
        .rev()
        .find(|it| matches!(it.kind, LineKind::InstructionStart | LineKind::Continuation))
        .map_or(fallback, |it| {
            it.continuation.map_or(it.content.end(), |c| c.end())
        })
}

fn can_contain_heredoc(kind: InstructionKind, args: &Args) -> bool {
    match (kind, args) {
        (InstructionKind::Onbuild, Args::Onbuild(Some(inner))) => {
            can_contain_heredoc(inner.kind, &inner.args)
        }
        (kind, args) => kind.allows_heredoc() && !matches!(args, Args::Exec(_)),
    }
}

/// An upper-case instruction keyword at the start of the line, followed by
/// whitespace or nothing: the recovery point for unterminated heredocs.
fn looks_like_instruction(line: &str) -> bool {
    let word = line.split(is_go_space).next().unwrap_or("");
    word.chars().all(|c| c.is_ascii_uppercase())
        && InstructionKind::from_keyword(word) != InstructionKind::Unknown
}

struct DirectiveMatch {
    name: TextRange,
    value: TextRange,
}

fn match_directive(text: &str, start: usize, end: usize) -> Option<DirectiveMatch> {
    let is_re_space = |b: u8| matches!(b, b'\t' | b'\n' | 0x0C | b'\r' | b' ');
    let bytes = text.as_bytes();
    let skip = |mut pos: usize| {
        while pos < end && is_re_space(bytes[pos]) {
            pos += 1;
        }
        pos
    };
    if bytes.get(start) != Some(&b'#') {
        return None;
    }
    let name_start = skip(start + 1);
    if !bytes.get(name_start)?.is_ascii_alphabetic() || name_start >= end {
        return None;
    }
    let mut name_end = name_start + 1;
    while name_end < end && bytes[name_end].is_ascii_alphanumeric() {
        name_end += 1;
    }
    let eq = skip(name_end);
    if eq >= end || bytes[eq] != b'=' {
        return None;
    }
    // `\s*(.+?)\s*$`: the value needs at least one character, so an
    // all-blank remainder leaves its last blank as the value.
    let after_eq = eq + 1;
    if after_eq >= end {
        return None;
    }
    let mut value_start = skip(after_eq);
    if value_start == end {
        value_start = end - 1;
    }
    let mut value_end = end;
    while value_end > value_start + 1 && is_re_space(bytes[value_end - 1]) {
        value_end -= 1;
    }
    Some(DirectiveMatch {
        name: TextRange::new(name_start, name_end),
        value: TextRange::new(value_start, value_end),
    })
}
