//! Tokens: operators, blanks, comments, heredoc bodies and the raw scans
//! for text that is skipped rather than split (words are in `word.rs`). The
//! parser pulls tokens one at a time, so a heredoc delimiter is registered
//! before the newline that starts its body is lexed.

use memchr::memchr;

use super::{Command, Script, ScriptWord, TextRange};

/// Shared state of one `parse_script` call; `parse_list` re-enters it for
/// substitutions, so everything per-list lives in the parser's locals.
pub(super) struct Parser<'a> {
    pub(super) text: &'a str,
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
    /// Everything at or past `limit` reads as end of input; a backtick
    /// substitution narrows it to its closing backtick.
    pub(super) limit: usize,
    pub(super) commands: Vec<Command>,
    /// A token read ahead and handed back; always consumed before the list
    /// that read it returns.
    pub(super) peeked: Option<Tok>,
    heredocs: Vec<PendingHeredoc>,
    /// `(operator start, body)` in source order.
    bodies: Vec<(usize, TextRange)>,
    /// Bytes that failed `((`/`$((` probes may still read: pathological
    /// input like `(((((…` would otherwise be rescanned quadratically.
    arith_budget: usize,
}

#[derive(Debug)]
pub(super) enum Tok {
    Word(ScriptWord),
    Op(Op, TextRange),
    Eof,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    AndIf,
    OrIf,
    Pipe,
    Amp,
    Semi,
    /// `;;`, `;&`, `;;&`
    CaseEnd,
    LParen,
    RParen,
    Newline,
    /// Any redirection operator, file descriptor included.
    Redirect,
}

/// What the parser knows that changes how the next token is read.
#[derive(Debug, Clone, Copy)]
pub(super) struct LexCtx {
    /// Depth given to commands inside substitutions in this token.
    pub(super) sub_depth: u32,
    /// Substitution levels already entered.
    pub(super) nest: u32,
    /// Inside `[[ ... ]]`: `&&`, `<`, `(` and friends are words.
    pub(super) cond: bool,
    /// Reading a redirection target: `1>` in `2>&1>x` is a word, not a
    /// file-descriptor prefix.
    pub(super) target: bool,
}

struct PendingHeredoc {
    op_start: usize,
    delimiter: String,
    strip_tabs: bool,
}

impl<'a> Parser<'a> {
    pub(super) fn new(text: &'a str) -> Parser<'a> {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            limit: text.len(),
            commands: Vec::new(),
            peeked: None,
            heredocs: Vec::new(),
            bodies: Vec::new(),
            arith_budget: text.len().saturating_mul(2).saturating_add(4096),
        }
    }

    pub(super) fn into_script(mut self) -> Script {
        // Inner commands are finished before the command around them.
        self.commands.sort_by_key(|command| command.range.start());
        for command in &mut self.commands {
            for redirection in &mut command.redirections {
                if is_heredoc_op(&redirection.op) {
                    let start = redirection.range.start();
                    redirection.body = self
                        .bodies
                        .binary_search_by_key(&start, |(at, _)| *at)
                        .ok()
                        .and_then(|i| self.bodies.get(i))
                        .map(|(_, body)| *body);
                }
            }
        }
        Script {
            commands: self.commands,
        }
    }

    pub(super) fn slice(&self, range: TextRange) -> &'a str {
        self.text.get(range.start()..range.end()).unwrap_or("")
    }

    pub(super) fn at(&self, i: usize) -> Option<u8> {
        if i < self.limit {
            self.bytes.get(i).copied()
        } else {
            None
        }
    }

    pub(super) fn starts_with(&self, s: &[u8]) -> bool {
        s.iter()
            .enumerate()
            .all(|(k, b)| self.at(self.pos + k) == Some(*b))
    }

    /// Moves past the character at `pos`, whole, so `pos` stays on a char
    /// boundary.
    pub(super) fn bump_char(&mut self) {
        let width = match self.at(self.pos) {
            None => 0,
            Some(b) if b < 0xE0 => {
                if b < 0x80 {
                    1
                } else {
                    2
                }
            }
            Some(b) if b < 0xF0 => 3,
            Some(_) => 4,
        };
        self.pos = (self.pos + width).min(self.limit.max(self.pos));
    }

    pub(super) fn register_heredoc(&mut self, op_start: usize, op: &str, delimiter: &ScriptWord) {
        if is_heredoc_op(op) {
            self.heredocs.push(PendingHeredoc {
                op_start,
                delimiter: delimiter.value.clone(),
                strip_tabs: op.ends_with('-'),
            });
        }
    }

    pub(super) fn next_token(&mut self, ctx: LexCtx) -> Tok {
        if let Some(tok) = self.peeked.take() {
            return tok;
        }
        self.skip_blanks();
        let start = self.pos;
        let Some(c) = self.at(start) else {
            return Tok::Eof;
        };
        let (op, len) = match c {
            b'\n' => {
                self.pos += 1;
                self.read_heredoc_bodies();
                return Tok::Op(Op::Newline, TextRange::new(start, start + 1));
            }
            b';' if self.starts_with(b";;&") => (Op::CaseEnd, 3),
            b';' if self.starts_with(b";;") || self.starts_with(b";&") => (Op::CaseEnd, 2),
            b';' => (Op::Semi, 1),
            b'&' | b'|' | b'(' | b')' | b'<' | b'>' if ctx.cond => {
                let len = if self.starts_with(b"&&") || self.starts_with(b"||") {
                    2
                } else {
                    1
                };
                return Tok::Word(self.verbatim_word(len));
            }
            b'&' if self.starts_with(b"&&") => (Op::AndIf, 2),
            b'&' if self.starts_with(b"&>>") => (Op::Redirect, 3),
            b'&' if self.starts_with(b"&>") => (Op::Redirect, 2),
            b'&' => (Op::Amp, 1),
            b'|' if self.starts_with(b"||") => (Op::OrIf, 2),
            b'|' if self.starts_with(b"|&") => (Op::Pipe, 2),
            b'|' => (Op::Pipe, 1),
            b'(' => (Op::LParen, 1),
            b')' => (Op::RParen, 1),
            b'<' | b'>' if self.at(start + 1) == Some(b'(') => {
                return Tok::Word(self.lex_word(ctx));
            }
            b'<' | b'>' => (Op::Redirect, self.redirect_len()),
            b'0'..=b'9' if !ctx.target && !ctx.cond => {
                let mut end = start;
                while matches!(self.at(end), Some(b'0'..=b'9')) {
                    end += 1;
                }
                let is_fd =
                    matches!(self.at(end), Some(b'<' | b'>')) && self.at(end + 1) != Some(b'(');
                if !is_fd {
                    return Tok::Word(self.lex_word(ctx));
                }
                self.pos = end;
                (Op::Redirect, end - start + self.redirect_len())
            }
            _ => return Tok::Word(self.lex_word(ctx)),
        };
        self.pos = (start + len).min(self.limit);
        Tok::Op(op, TextRange::new(start, self.pos))
    }

    /// Length of the `<`/`>` operator at `pos`.
    fn redirect_len(&self) -> usize {
        const OPS: [&[u8]; 9] = [
            b"<<<", b"<<-", b"<<", b"<&", b"<>", b">>", b">&", b">|", b"<",
        ];
        OPS.iter()
            .find(|op| self.starts_with(op))
            .map_or(1, |op| op.len())
    }

    /// Blanks, comments and line continuations between tokens.
    fn skip_blanks(&mut self) {
        loop {
            match self.at(self.pos) {
                Some(b' ' | b'\t' | b'\r') => self.pos += 1,
                Some(b'\\') if self.at(self.pos + 1) == Some(b'\n') => self.pos += 2,
                Some(b'#') => {
                    let rest = self.bytes.get(self.pos..self.limit).unwrap_or(&[]);
                    self.pos = memchr(b'\n', rest).map_or(self.limit, |i| self.pos + i);
                }
                _ => return,
            }
        }
    }

    pub(super) fn skip_single_quoted(&mut self) {
        let rest = self.bytes.get(self.pos + 1..self.limit).unwrap_or(&[]);
        self.pos = memchr(b'\'', rest).map_or(self.limit, |i| self.pos + i + 2);
    }

    /// After an opening `(`: through its match, minding quotes, without
    /// splitting anything inside.
    pub(super) fn skip_balanced(&mut self) {
        let mut depth = 1usize;
        while let Some(c) = self.at(self.pos) {
            match c {
                b'(' => {
                    depth += 1;
                    self.pos += 1;
                }
                b')' => {
                    self.pos += 1;
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                b'\\' => {
                    self.pos += 1;
                    self.bump_char();
                }
                b'\'' => self.skip_single_quoted(),
                b'"' => {
                    self.pos += 1;
                    while let Some(c) = self.at(self.pos) {
                        self.pos += 1;
                        match c {
                            b'"' => break,
                            b'\\' => self.bump_char(),
                            _ => {}
                        }
                    }
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Probes for arithmetic `((...))` whose body starts at `from`: on
    /// success moves past the closing `))`; otherwise leaves `pos` alone so
    /// the caller can read a subshell instead.
    pub(super) fn arithmetic(&mut self, from: usize) -> bool {
        let mut depth = 0usize;
        let mut i = from;
        let found = loop {
            if self.arith_budget == 0 {
                break None;
            }
            self.arith_budget -= 1;
            match self.at(i) {
                None => break None,
                Some(b'(') => depth += 1,
                Some(b')') if depth == 0 => {
                    break (self.at(i + 1) == Some(b')')).then_some(i + 2);
                }
                Some(b')') => depth -= 1,
                _ => {}
            }
            i += 1;
        };
        match found {
            Some(end) => {
                // A success consumes what it read; only failures are
                // charged.
                self.arith_budget = self.arith_budget.saturating_add(i - from + 1);
                self.pos = end;
                true
            }
            None => false,
        }
    }

    /// Consumes the bodies of heredocs whose operators are on the line that
    /// just ended, in order.
    fn read_heredoc_bodies(&mut self) {
        for heredoc in std::mem::take(&mut self.heredocs) {
            let start = self.pos;
            let end = loop {
                if self.pos >= self.limit {
                    break self.limit;
                }
                let rest = self.bytes.get(self.pos..self.limit).unwrap_or(&[]);
                let line_end = memchr(b'\n', rest).map_or(self.limit, |i| self.pos + i);
                let line = self.slice(TextRange::new(self.pos, line_end));
                let line = if heredoc.strip_tabs {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                let line = line.strip_suffix('\r').unwrap_or(line);
                let line_start = self.pos;
                self.pos = (line_end + 1).min(self.limit);
                if line == heredoc.delimiter {
                    break line_start;
                }
            };
            self.bodies
                .push((heredoc.op_start, TextRange::new(start, end.max(start))));
        }
    }
}

/// `<<` and `<<-`, with or without a file descriptor.
fn is_heredoc_op(op: &str) -> bool {
    matches!(
        op.trim_start_matches(|c: char| c.is_ascii_digit()),
        "<<" | "<<-"
    )
}
