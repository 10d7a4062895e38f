//! The syntax tree: plain data with byte ranges into the parsed text.
//!
//! Values are kept the way BuildKit's parser keeps them (quotes and escape
//! characters intact, no variable expansion); unquoting and expansion belong
//! to the model layer.

use compact_str::CompactString;
use smallvec::SmallVec;

use super::{SyntaxError, TextRange};

/// The result of parsing a Dockerfile. Parsing never fails: problems are
/// collected in `errors` and everything else is still parsed.
#[derive(Debug, Clone, Default)]
pub struct Parse {
    /// The UTF-8 byte-order mark at the very start, if any.
    pub bom: Option<TextRange>,
    /// Parser directives (`# syntax=`, `# escape=`, `# check=`), in order.
    pub directives: Vec<Directive>,
    /// The escape character in effect (`\` unless an `escape` directive says otherwise).
    pub escape: char,
    pub instructions: Vec<Instruction>,
    /// Every comment line, including those inside continuations, in order.
    pub comments: Vec<Comment>,
    /// Every physical line, in order; their ranges tile the input.
    pub lines: Vec<Line>,
    pub errors: Vec<SyntaxError>,
    /// Length of the parsed text in bytes.
    pub len: usize,
}

impl Parse {
    /// The instruction whose range touches `offset`, if any (top level only).
    pub fn instruction_at(&self, offset: usize) -> Option<&Instruction> {
        self.instructions.get(self.instruction_index_at(offset)?)
    }

    /// The index of [`Parse::instruction_at`]'s instruction.
    pub fn instruction_index_at(&self, offset: usize) -> Option<usize> {
        let idx = self
            .instructions
            .partition_point(|it| it.range.end() < offset);
        self.instructions
            .get(idx)
            .filter(|it| it.range.touches(offset))
            .map(|_| idx)
    }

    /// The lexical tokens of the file. Their ranges tile the input exactly:
    /// concatenating their texts gives back the input byte for byte.
    pub fn tokens(&self) -> Vec<Token> {
        let mut res = Vec::with_capacity(self.lines.len() * 3);
        if let Some(bom) = self.bom {
            res.push(Token {
                kind: TokenKind::Bom,
                range: bom,
            });
        }
        for line in &self.lines {
            line.push_tokens(&mut res);
        }
        res
    }
}

/// How a physical line takes part in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Empty or whitespace only, outside any instruction.
    Blank,
    /// A `#` comment outside any instruction.
    Comment,
    /// A parser directive line.
    Directive,
    /// The first line of an instruction.
    InstructionStart,
    /// A later line of a continued instruction.
    Continuation,
    /// A comment line inside a continued instruction (BuildKit drops it).
    ContinuationComment,
    /// An empty line inside a continued instruction (BuildKit drops it and warns).
    EmptyContinuation,
    /// A line of a heredoc body.
    HeredocBody,
    /// The line that ends a heredoc.
    HeredocTerminator,
}

/// One physical line: `range` covers it including its line ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    pub range: TextRange,
    /// The text after the indent, without the continuation marker and line
    /// ending. Heredoc lines keep their leading whitespace here.
    pub content: TextRange,
    /// The escape character ending the line plus trailing blanks, when the line continues.
    pub continuation: Option<TextRange>,
    /// Index into `Parse::instructions` for lines that belong to an instruction.
    pub instruction: Option<u32>,
}

impl Line {
    /// Leading whitespace.
    pub fn indent(&self) -> TextRange {
        TextRange::new(self.range.start(), self.content.start())
    }

    /// The line ending (`\n`, `\r\n`, possibly with extra `\r`s); empty on the last line.
    pub fn newline(&self) -> TextRange {
        let end = self.continuation.map_or(self.content.end(), |it| it.end());
        TextRange::new(end, self.range.end())
    }

    /// The instruction this line belongs to, as an index into `Parse::instructions`.
    pub fn instruction_index(&self) -> Option<usize> {
        self.instruction.map(|it| it as usize)
    }

    fn push_tokens(&self, acc: &mut Vec<Token>) {
        let content_kind = match self.kind {
            LineKind::Blank | LineKind::EmptyContinuation => TokenKind::Whitespace,
            LineKind::Comment | LineKind::ContinuationComment => TokenKind::Comment,
            LineKind::Directive => TokenKind::Directive,
            LineKind::InstructionStart | LineKind::Continuation => TokenKind::Text,
            LineKind::HeredocBody => TokenKind::HeredocBody,
            LineKind::HeredocTerminator => TokenKind::HeredocTerminator,
        };
        let mut push = |kind, range: TextRange| {
            if !range.is_empty() {
                acc.push(Token { kind, range });
            }
        };
        push(TokenKind::Whitespace, self.indent());
        push(content_kind, self.content);
        if let Some(cont) = self.continuation {
            push(TokenKind::Continuation, cont);
        }
        push(TokenKind::Newline, self.newline());
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Bom,
    Whitespace,
    Newline,
    Comment,
    Directive,
    /// Instruction text: keyword, flags and arguments.
    Text,
    /// The escape character that continues a line, with any blanks after it.
    Continuation,
    HeredocBody,
    HeredocTerminator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub range: TextRange,
}

/// A parser directive such as `# syntax=docker/dockerfile:1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    pub range: TextRange,
    /// The name as written (`Escape`, `syntax`, ...).
    pub name: String,
    pub name_range: TextRange,
    pub value: String,
    pub value_range: TextRange,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DirectiveKind {
    Syntax,
    Escape,
    Check,
}

impl DirectiveKind {
    pub const ALL: [DirectiveKind; 3] = [
        DirectiveKind::Syntax,
        DirectiveKind::Escape,
        DirectiveKind::Check,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DirectiveKind::Syntax => "syntax",
            DirectiveKind::Escape => "escape",
            DirectiveKind::Check => "check",
        }
    }

    pub fn from_name(name: &str) -> Option<DirectiveKind> {
        DirectiveKind::ALL
            .into_iter()
            .find(|it| it.name().eq_ignore_ascii_case(name))
    }
}

/// A `#` comment line. `text` is what follows the `#`, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub range: TextRange,
    pub text: CompactString,
    /// True when the comment sits inside a continued instruction.
    pub in_continuation: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InstructionKind {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Anything else; BuildKit's parser accepts it and the builder rejects it.
    Unknown,
}

impl InstructionKind {
    pub const KNOWN: [InstructionKind; 18] = [
        InstructionKind::Add,
        InstructionKind::Arg,
        InstructionKind::Cmd,
        InstructionKind::Copy,
        InstructionKind::Entrypoint,
        InstructionKind::Env,
        InstructionKind::Expose,
        InstructionKind::From,
        InstructionKind::Healthcheck,
        InstructionKind::Label,
        InstructionKind::Maintainer,
        InstructionKind::Onbuild,
        InstructionKind::Run,
        InstructionKind::Shell,
        InstructionKind::Stopsignal,
        InstructionKind::User,
        InstructionKind::Volume,
        InstructionKind::Workdir,
    ];

    /// The canonical upper-case keyword (`UNKNOWN` for unknown instructions).
    pub fn keyword(self) -> &'static str {
        match self {
            InstructionKind::Add => "ADD",
            InstructionKind::Arg => "ARG",
            InstructionKind::Cmd => "CMD",
            InstructionKind::Copy => "COPY",
            InstructionKind::Entrypoint => "ENTRYPOINT",
            InstructionKind::Env => "ENV",
            InstructionKind::Expose => "EXPOSE",
            InstructionKind::From => "FROM",
            InstructionKind::Healthcheck => "HEALTHCHECK",
            InstructionKind::Label => "LABEL",
            InstructionKind::Maintainer => "MAINTAINER",
            InstructionKind::Onbuild => "ONBUILD",
            InstructionKind::Run => "RUN",
            InstructionKind::Shell => "SHELL",
            InstructionKind::Stopsignal => "STOPSIGNAL",
            InstructionKind::User => "USER",
            InstructionKind::Volume => "VOLUME",
            InstructionKind::Workdir => "WORKDIR",
            InstructionKind::Unknown => "UNKNOWN",
        }
    }

    /// Case-insensitive lookup, as BuildKit does.
    pub fn from_keyword(word: &str) -> InstructionKind {
        // Every keyword is ASCII and at most 11 bytes: upper-case into a
        // stack buffer and match once, instead of 18 comparisons.
        let mut buf = [0u8; 11];
        let Some(dst) = buf.get_mut(..word.len()) else {
            return InstructionKind::Unknown;
        };
        dst.copy_from_slice(word.as_bytes());
        dst.make_ascii_uppercase();
        match &*dst {
            b"ADD" => InstructionKind::Add,
            b"ARG" => InstructionKind::Arg,
            b"CMD" => InstructionKind::Cmd,
            b"COPY" => InstructionKind::Copy,
            b"ENTRYPOINT" => InstructionKind::Entrypoint,
            b"ENV" => InstructionKind::Env,
            b"EXPOSE" => InstructionKind::Expose,
            b"FROM" => InstructionKind::From,
            b"HEALTHCHECK" => InstructionKind::Healthcheck,
            b"LABEL" => InstructionKind::Label,
            b"MAINTAINER" => InstructionKind::Maintainer,
            b"ONBUILD" => InstructionKind::Onbuild,
            b"RUN" => InstructionKind::Run,
            b"SHELL" => InstructionKind::Shell,
            b"STOPSIGNAL" => InstructionKind::Stopsignal,
            b"USER" => InstructionKind::User,
            b"VOLUME" => InstructionKind::Volume,
            b"WORKDIR" => InstructionKind::Workdir,
            _ => InstructionKind::Unknown,
        }
    }

    /// Instructions whose shell form may carry heredocs.
    pub fn allows_heredoc(self) -> bool {
        matches!(
            self,
            InstructionKind::Run | InstructionKind::Copy | InstructionKind::Add
        )
    }
}

/// One instruction: a logical line plus any heredoc bodies it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub kind: InstructionKind,
    /// From the keyword to the end of the last continuation line or heredoc
    /// terminator, line ending excluded.
    pub range: TextRange,
    /// The keyword as written.
    pub keyword: Word,
    pub flags: Vec<Flag>,
    pub args: Args,
    pub heredocs: Vec<Heredoc>,
    /// How the logical line (continuations joined, as BuildKit sees it)
    /// maps back to the source.
    pub segments: SegmentMap,
    /// Empty lines inside the continuation (BuildKit warns about them).
    pub empty_continuation_lines: Vec<TextRange>,
    /// 0-based physical line numbers of the first and last line.
    pub start_line: usize,
    pub end_line: usize,
}

impl Instruction {
    /// The keyword text as written (`run`, `Copy`, `RU`, ...).
    pub fn keyword_text(&self) -> &str {
        &self.keyword.text
    }

    /// The first flag with this name (without the leading `--`).
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|it| it.name == name)
    }

    /// Maps a range of the logical line back to the source text.
    pub fn source_range(&self, logical: TextRange) -> TextRange {
        self.segments.source_range(logical)
    }

    /// The logical line: the instruction's lines joined the way BuildKit
    /// joins them (continuations removed, comment lines dropped).
    pub fn logical_text(&self, source: &str) -> String {
        self.segments.logical_text(source)
    }

    /// For `ONBUILD`, the trigger instruction.
    pub fn onbuild_trigger(&self) -> Option<&Instruction> {
        match &self.args {
            Args::Onbuild(Some(inner)) => Some(inner),
            _ => None,
        }
    }

    /// True when the instruction's arguments are in JSON (exec) form.
    pub fn is_exec_form(&self) -> bool {
        match &self.args {
            Args::Exec(_) => true,
            Args::Healthcheck { cmd, .. } => matches!(**cmd, Args::Exec(_)),
            _ => false,
        }
    }
}

/// A word of the logical line with its source position.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// The text as BuildKit's parser keeps it (quotes and escapes intact).
    pub text: CompactString,
    /// Where it is in the source. When a word spans a continuation, the
    /// range covers the continuation marker too.
    pub range: TextRange,
    /// Where it is in the logical line.
    pub lrange: TextRange,
}

/// A builder flag: `--name`, `--name=value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The whole flag as written, `--` included.
    pub range: TextRange,
    pub lrange: TextRange,
    /// The flag as BuildKit hands it on: quotes removed, escapes applied,
    /// `--` kept (`--mount=type=cache,target=/x`).
    pub processed: CompactString,
    /// The name without the leading dashes.
    pub name: CompactString,
    pub name_range: TextRange,
    /// The value after `=`, unquoted; `None` for a bare `--name`.
    pub value: Option<CompactString>,
    pub value_range: Option<TextRange>,
}

/// The arguments of an instruction, in the shape its parser gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Args {
    /// Nothing after the keyword and flags.
    Empty,
    /// A JSON array (`RUN`, `CMD`, `ENTRYPOINT`, `SHELL`, `COPY`, `ADD`, `VOLUME`, `HEALTHCHECK CMD`).
    Exec(ExecForm),
    /// Shell form: the rest of the line as one string.
    Shell(Word),
    /// Whitespace- or quote-separated words (`FROM`, `EXPOSE`, `COPY`, `ADD`, `VOLUME`).
    Words(Vec<Word>),
    /// `ENV`, `LABEL` and `ARG` pairs.
    KeyValues(Vec<KeyValue>),
    /// The rest as one argument (`MAINTAINER`, `USER`, `WORKDIR`, `STOPSIGNAL`).
    Text(Word),
    /// `HEALTHCHECK <type> <cmd>`.
    Healthcheck { kind: Word, cmd: Box<Args> },
    /// `ONBUILD <instruction>`; `None` when nothing follows.
    Onbuild(Option<Box<Instruction>>),
    /// An unknown instruction: BuildKit's parser ignores its arguments.
    Ignored(Word),
}

impl Args {
    /// The plain words, for whitespace-separated argument lists.
    pub fn words(&self) -> &[Word] {
        match self {
            Args::Words(words) => words,
            _ => &[],
        }
    }

    pub fn key_values(&self) -> &[KeyValue] {
        match self {
            Args::KeyValues(kvs) => kvs,
            _ => &[],
        }
    }

    /// Every argument as BuildKit lists it, with its source range; exec
    /// elements are unescaped.
    pub fn values(&self) -> Vec<(&str, TextRange)> {
        match self {
            Args::Empty | Args::Onbuild(_) | Args::Ignored(_) | Args::KeyValues(_) => Vec::new(),
            Args::Exec(exec) => exec
                .elements
                .iter()
                .map(|it| (it.value.as_str(), it.range))
                .collect(),
            Args::Shell(word) | Args::Text(word) => vec![(word.text.as_str(), word.range)],
            Args::Words(words) => words
                .iter()
                .map(|it| (it.text.as_str(), it.range))
                .collect(),
            Args::Healthcheck { kind, cmd } => {
                let mut res = vec![(kind.text.as_str(), kind.range)];
                res.extend(cmd.values());
                res
            }
        }
    }
}

/// A JSON array of strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecForm {
    /// From `[` to `]`.
    pub range: TextRange,
    pub elements: Vec<JsonString>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonString {
    /// The decoded string.
    pub value: CompactString,
    /// The literal in the source, quotes included.
    pub range: TextRange,
    pub lrange: TextRange,
}

/// `key=value`, legacy `key value`, or a bare `ARG name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    pub range: TextRange,
    pub key: Word,
    /// `None` only for `ARG name` without a default.
    pub value: Option<Word>,
    /// True for the legacy `ENV key value` form.
    pub legacy: bool,
}

/// A heredoc attached to `RUN`, `COPY` or `ADD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The marker word as written (`<<-"EOF"`).
    pub marker: TextRange,
    /// The delimiter after quote removal.
    pub name: CompactString,
    /// File descriptor prefix (`3<<EOF`).
    pub fd: Option<u32>,
    /// `<<-`: leading tabs are stripped from the body and terminator.
    pub chomp: bool,
    /// False when any part of the delimiter was quoted: no variable expansion.
    pub expand: bool,
    /// The raw body lines, line endings included.
    pub body: TextRange,
    /// The terminator line's text; `None` when the heredoc is unterminated.
    pub terminator: Option<TextRange>,
}

/// Where each piece of an instruction's logical line comes from in the
/// source: the logical line is never stored, only this map.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SegmentMap {
    /// `(logical offset, source offset)` where each joined piece starts;
    /// most instructions are one line, so one piece lives inline.
    pub segments: SmallVec<[(u32, u32); 1]>,
    /// Length of the logical line in bytes.
    pub len: u32,
}

impl SegmentMap {
    pub(crate) fn push(&mut self, logical: usize, source: usize) {
        let narrow = |it: usize| u32::try_from(it).unwrap_or(u32::MAX);
        self.segments.push((narrow(logical), narrow(source)));
    }

    /// The source offset of a logical offset, for the start of a range.
    pub fn source_offset(&self, offset: usize) -> usize {
        let idx = self
            .segments
            .partition_point(|&(logical, _)| logical as usize <= offset);
        match idx.checked_sub(1).and_then(|it| self.segments.get(it)) {
            Some(&(logical, source)) => source as usize + (offset - logical as usize),
            None => offset,
        }
    }

    /// The source offset of a logical offset, for the end of a range: an
    /// offset on a segment boundary maps to the end of the earlier piece.
    pub fn source_end_offset(&self, offset: usize) -> usize {
        let idx = self
            .segments
            .partition_point(|&(logical, _)| (logical as usize) < offset);
        match idx.checked_sub(1).and_then(|it| self.segments.get(it)) {
            Some(&(logical, source)) => source as usize + (offset - logical as usize),
            None => self.source_offset(offset),
        }
    }

    pub fn source_range(&self, logical: TextRange) -> TextRange {
        if logical.is_empty() {
            return TextRange::empty(self.source_offset(logical.start()));
        }
        let start = self.source_offset(logical.start());
        TextRange::new(start, self.source_end_offset(logical.end()).max(start))
    }

    /// Rebuilds the logical line from the source.
    pub fn logical_text(&self, source: &str) -> String {
        let mut res = String::with_capacity(self.len as usize);
        for (idx, &(logical, start)) in self.segments.iter().enumerate() {
            let end = self.segments.get(idx + 1).map_or(self.len, |next| next.0);
            let len = (end - logical) as usize;
            res.push_str(TextRange::new(start as usize, start as usize + len).slice(source));
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::InstructionKind;

    #[test]
    fn keywords_round_trip_in_any_case() {
        for kind in InstructionKind::KNOWN {
            assert_eq!(InstructionKind::from_keyword(kind.keyword()), kind);
            assert_eq!(
                InstructionKind::from_keyword(&kind.keyword().to_lowercase()),
                kind
            );
        }
        for word in ["", "RU", "RUNS", "HEALTHCHECKS", "ÉNV", "run\u{0}"] {
            assert_eq!(
                InstructionKind::from_keyword(word),
                InstructionKind::Unknown,
                "{word:?}"
            );
        }
    }
}
