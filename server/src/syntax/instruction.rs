//! Stage two: one logical line in, one instruction out.
//!
//! Mirrors BuildKit's `splitCommand` and its per-instruction line parsers,
//! keeping logical-line offsets so every piece maps back to the source.

use compact_str::CompactString;

use super::{
    json::{self, JsonArray},
    lex, Args, ExecForm, Flag, Instruction, InstructionKind, JsonString, KeyValue, SegmentMap,
    SyntaxError, SyntaxErrorKind, TextRange, Word,
};

/// `ONBUILD ONBUILD …` is rejected by the builder anyway; nesting stops here
/// so that no input can recurse deeply (or make a deep drop).
const MAX_ONBUILD_DEPTH: usize = 8;

/// Everything stage two learns about a logical line.
pub(crate) struct ParsedLine {
    pub(crate) kind: InstructionKind,
    pub(crate) keyword: Word,
    pub(crate) flags: Vec<Flag>,
    pub(crate) args: Args,
}

pub(crate) struct LineParser<'a> {
    /// The logical line being parsed.
    pub(crate) text: &'a str,
    pub(crate) map: &'a SegmentMap,
    pub(crate) escape: char,
    pub(crate) errors: &'a mut Vec<SyntaxError>,
    pub(crate) first_line: usize,
    pub(crate) last_line: usize,
}

impl LineParser<'_> {
    fn text(&self) -> &str {
        self.text
    }

    fn word(&self, lrange: TextRange, text: impl Into<CompactString>) -> Word {
        Word {
            text: text.into(),
            range: self.map.source_range(lrange),
            lrange,
        }
    }

    fn raw_word(&self, lrange: TextRange) -> Word {
        self.word(lrange, lrange.slice(self.text()))
    }

    fn error(&mut self, kind: SyntaxErrorKind, lrange: TextRange, message: String) {
        let range = self.map.source_range(lrange);
        self.errors.push(SyntaxError::new(kind, range, message));
    }

    /// Parses `lrange` of the logical line as a whole instruction.
    pub(crate) fn parse(&mut self, lrange: TextRange, depth: usize) -> ParsedLine {
        let line = lex::trim_range(self.text(), lrange);
        let (keyword_range, after) = lex::split_once_whitespace(self.text(), line);
        let keyword = self.raw_word(keyword_range);
        let kind = InstructionKind::from_keyword(&keyword.text);
        let mut flags = Vec::new();
        let rest_start = match after {
            Some(after) => lex::extract_flags(self.text(), after, |it| {
                flags.push(self.flag(it.range, it.bytes(self.text())));
            }),
            None => line.end(),
        };
        let rest = lex::trim_range(
            self.text(),
            TextRange::new(rest_start.min(line.end()), line.end()),
        );
        let args = self.args(kind, &keyword.text, rest, depth);
        ParsedLine {
            kind,
            keyword,
            flags,
            args,
        }
    }

    fn flag(&self, lrange: TextRange, bytes: &[u8]) -> Flag {
        let processed = match std::str::from_utf8(bytes) {
            Ok(text) => CompactString::from(text),
            Err(_) => CompactString::from_utf8_lossy(bytes),
        };
        let raw = lrange.slice(self.text());
        let body = processed.strip_prefix("--").unwrap_or(&processed);
        let (name, value) = match body.split_once('=') {
            Some((name, value)) => (CompactString::from(name), Some(CompactString::from(value))),
            None => (CompactString::from(body), None),
        };
        let name_start = lrange.start() + raw.len().min(2);
        let (name_lrange, value_lrange) = match raw.find('=') {
            Some(eq) if value.is_some() => (
                TextRange::new(name_start, lrange.start() + eq),
                Some(TextRange::new(lrange.start() + eq + 1, lrange.end())),
            ),
            _ => (TextRange::new(name_start, lrange.end()), None),
        };
        Flag {
            range: self.map.source_range(lrange),
            lrange,
            processed,
            name,
            name_range: self.map.source_range(name_lrange),
            value,
            value_range: value_lrange.map(|it| self.map.source_range(it)),
        }
    }

    fn args(
        &mut self,
        kind: InstructionKind,
        keyword: &str,
        rest: TextRange,
        depth: usize,
    ) -> Args {
        match kind {
            InstructionKind::Add | InstructionKind::Copy | InstructionKind::Volume => self
                .maybe_json(rest)
                .unwrap_or_else(|| self.whitespace_words(rest)),
            InstructionKind::Run
            | InstructionKind::Cmd
            | InstructionKind::Entrypoint
            | InstructionKind::Shell => self.maybe_json_or_shell(rest),
            InstructionKind::From | InstructionKind::Expose => self.whitespace_words(rest),
            InstructionKind::Arg => self.name_or_name_values(rest),
            InstructionKind::Env | InstructionKind::Label => {
                self.name_values(rest, &keyword.to_ascii_uppercase())
            }
            InstructionKind::Maintainer
            | InstructionKind::User
            | InstructionKind::Workdir
            | InstructionKind::Stopsignal => match rest.is_empty() {
                true => Args::Empty,
                false => Args::Text(self.raw_word(rest)),
            },
            InstructionKind::Healthcheck => self.healthcheck(rest),
            InstructionKind::Onbuild => self.onbuild(rest, depth),
            InstructionKind::Unknown => Args::Ignored(self.raw_word(rest)),
        }
    }

    /// `Some` when `rest` is a JSON array; a non-string element is an error.
    fn maybe_json(&mut self, rest: TextRange) -> Option<Args> {
        if !rest.slice(self.text()).starts_with('[') {
            return None;
        }
        let (elements, offending) = match json::parse_array(self.text(), rest) {
            JsonArray::Invalid => return None,
            JsonArray::Strings(elements) => (elements, None),
            JsonArray::NotStrings { strings, offending } => (strings, Some(offending)),
        };
        if let Some(offending) = offending {
            self.error(
                SyntaxErrorKind::NotStringArray,
                offending,
                "when using JSON array syntax, arrays must be comprised of strings only: quote this element or use the shell form".into(),
            );
        }
        let elements = elements
            .into_iter()
            .map(|it| JsonString {
                value: CompactString::from(it.value),
                range: self.map.source_range(it.range),
                lrange: it.range,
            })
            .collect();
        Some(Args::Exec(ExecForm {
            range: self.map.source_range(rest),
            elements,
        }))
    }

    fn maybe_json_or_shell(&mut self, rest: TextRange) -> Args {
        if rest.is_empty() {
            return Args::Empty;
        }
        self.maybe_json(rest)
            .unwrap_or_else(|| Args::Shell(self.raw_word(rest)))
    }

    fn whitespace_words(&self, rest: TextRange) -> Args {
        if rest.is_empty() {
            return Args::Empty;
        }
        let words = lex::split_whitespace(self.text(), rest)
            .map(|it| self.raw_word(it))
            .collect();
        Args::Words(words)
    }

    /// `ARG a b=c`: one argument per quote-aware word, split at the first `=`.
    fn name_or_name_values(&self, rest: TextRange) -> Args {
        let kvs = self.key_values(rest);
        if kvs.is_empty() {
            return Args::Empty;
        }
        Args::KeyValues(kvs)
    }

    /// Quote-aware words, each split at its first `=`.
    fn key_values(&self, rest: TextRange) -> Vec<KeyValue> {
        let mut kvs = Vec::new();
        lex::parse_words(self.text(), rest, self.escape, |it| {
            kvs.push(self.key_value_from_word(it.range, &it.text, false));
        });
        kvs
    }

    fn key_value_from_word(&self, lrange: TextRange, text: &str, legacy: bool) -> KeyValue {
        let (key, value) = match text.split_once('=') {
            Some((key, value)) => {
                let eq = lrange.start() + key.len();
                (
                    self.word(TextRange::new(lrange.start(), eq), key),
                    Some(self.word(TextRange::new(eq + 1, lrange.end().max(eq + 1)), value)),
                )
            }
            None => (self.word(lrange, text), None),
        };
        KeyValue {
            range: self.map.source_range(lrange),
            key,
            value,
            legacy,
        }
    }

    /// `ENV`/`LABEL`: `k=v …`, or the legacy `k value with spaces`.
    fn name_values(&mut self, rest: TextRange, keyword: &str) -> Args {
        let kvs = self.key_values(rest);
        let Some(first) = kvs.first() else {
            return Args::Empty;
        };
        if first.value.is_none() {
            let (key, value) = lex::split_once_whitespace(self.text(), rest);
            let value = value.map(|it| self.raw_word(it));
            if value.is_none() {
                self.error(
                    SyntaxErrorKind::MissingValue,
                    rest,
                    format!("{keyword} must have two arguments: expected `{keyword} name=value`"),
                );
            }
            return Args::KeyValues(vec![KeyValue {
                range: self.map.source_range(rest),
                key: self.raw_word(key),
                value,
                legacy: true,
            }]);
        }
        for kv in kvs.iter().filter(|it| it.value.is_none()) {
            let message = format!(
                "can't find = in {:?}: each argument must be of the form name=value",
                kv.key.text.as_str()
            );
            self.error(SyntaxErrorKind::MissingEquals, kv.key.lrange, message);
        }
        Args::KeyValues(kvs)
    }

    fn healthcheck(&mut self, rest: TextRange) -> Args {
        if rest.is_empty() {
            return Args::Empty;
        }
        let (kind, cmd) = lex::split_once_go_space(self.text(), rest);
        let kind = self.raw_word(kind);
        let cmd = match cmd {
            Some(cmd) => self.maybe_json_or_shell(cmd),
            None => Args::Empty,
        };
        Args::Healthcheck {
            kind,
            cmd: Box::new(cmd),
        }
    }

    fn onbuild(&mut self, rest: TextRange, depth: usize) -> Args {
        if rest.is_empty() {
            return Args::Onbuild(None);
        }
        if depth >= MAX_ONBUILD_DEPTH {
            self.error(
                SyntaxErrorKind::NestingTooDeep,
                rest,
                "ONBUILD is nested too deeply".into(),
            );
            return Args::Onbuild(None);
        }
        let parsed = self.parse(rest, depth + 1);
        let range = self.map.source_range(rest);
        Args::Onbuild(Some(Box::new(Instruction {
            kind: parsed.kind,
            range,
            keyword: parsed.keyword,
            flags: parsed.flags,
            args: parsed.args,
            heredocs: Vec::new(),
            segments: self.map.clone(),
            empty_continuation_lines: Vec::new(),
            start_line: self.first_line,
            end_line: self.last_line,
        })))
    }
}
