//! Words: quote removal, escapes, and expansions kept verbatim, with the
//! commands inside `$(...)`, backticks and `<(...)` split on the way.

use memchr::memchr;

use super::lexer::{LexCtx, Parser};
use super::parser::Term;
use super::{ScriptWord, TextRange, MAX_NESTING};

/// A word under construction.
#[derive(Default)]
struct WordBuf {
    value: String,
    quoted: bool,
    expansion: bool,
}

impl Parser<'_> {
    /// An operator spelled as a word inside `[[ ... ]]`.
    pub(super) fn verbatim_word(&mut self, len: usize) -> ScriptWord {
        let start = self.pos;
        self.pos = (start + len).min(self.limit);
        let range = TextRange::new(start, self.pos);
        ScriptWord {
            range,
            value: self.slice(range).to_string(),
            quoted: false,
            has_expansion: false,
        }
    }

    pub(super) fn lex_word(&mut self, ctx: LexCtx) -> ScriptWord {
        let start = self.pos;
        let mut w = WordBuf::default();
        if matches!(self.at(start), Some(b'<' | b'>')) && self.at(start + 1) == Some(b'(') {
            self.pos = start + 2;
            self.substitution(ctx);
            w.expansion = true;
            w.value
                .push_str(self.slice(TextRange::new(start, self.pos)));
        }
        while let Some(c) = self.at(self.pos) {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b')' => break,
                b'(' => {
                    if !self.paren_in_word(start) {
                        break;
                    }
                    let from = self.pos;
                    self.pos += 1;
                    self.skip_balanced();
                    w.value.push_str(self.slice(TextRange::new(from, self.pos)));
                }
                b'\\' => self.backslash(&mut w),
                b'\'' => {
                    w.quoted = true;
                    self.pos += 1;
                    let rest = self.bytes.get(self.pos..self.limit).unwrap_or(&[]);
                    let end = memchr(b'\'', rest).map_or(self.limit, |i| self.pos + i);
                    w.value.push_str(self.slice(TextRange::new(self.pos, end)));
                    self.pos = (end + 1).min(self.limit);
                }
                b'"' => self.double_quoted(&mut w, ctx),
                b'`' => self.backtick(&mut w, ctx),
                b'$' => self.dollar(&mut w, ctx, false),
                _ => {
                    let from = self.pos;
                    while self
                        .at(self.pos)
                        .is_some_and(|b| !b"\t\n\r ;&|<>()\\'\"`$".contains(&b))
                    {
                        self.pos += 1;
                    }
                    w.value.push_str(self.slice(TextRange::new(from, self.pos)));
                }
            }
        }
        if self.pos == start {
            // Unreachable by construction, but a stuck lexer would loop
            // forever, so always make progress.
            self.bump_char();
            w.value
                .push_str(self.slice(TextRange::new(start, self.pos)));
        }
        ScriptWord {
            range: TextRange::new(start, self.pos),
            value: w.value,
            quoted: w.quoted,
            has_expansion: w.expansion,
        }
    }

    /// A `(` that belongs to the word: an extglob like `!(*.txt)` or an array
    /// assignment `arr=(a b)`.
    fn paren_in_word(&self, start: usize) -> bool {
        let prev = self.pos.checked_sub(1).and_then(|i| self.at(i));
        let raw = self.slice(TextRange::new(start, self.pos));
        (self.pos > start && matches!(prev, Some(b'?' | b'*' | b'+' | b'@' | b'!')))
            || (raw.ends_with('=') && super::is_assignment(raw))
    }

    fn backslash(&mut self, w: &mut WordBuf) {
        match self.at(self.pos + 1) {
            // A trailing backslash is literal.
            None => {
                w.value.push('\\');
                self.pos += 1;
            }
            Some(b'\n') => self.pos += 2,
            Some(_) => {
                w.quoted = true;
                self.pos += 1;
                let from = self.pos;
                self.bump_char();
                w.value.push_str(self.slice(TextRange::new(from, self.pos)));
            }
        }
    }

    fn double_quoted(&mut self, w: &mut WordBuf, ctx: LexCtx) {
        w.quoted = true;
        self.pos += 1;
        while let Some(c) = self.at(self.pos) {
            match c {
                b'"' => {
                    self.pos += 1;
                    return;
                }
                b'\\' => match self.at(self.pos + 1) {
                    Some(e @ (b'$' | b'`' | b'"' | b'\\')) => {
                        w.value.push(char::from(e));
                        self.pos += 2;
                    }
                    Some(b'\n') => self.pos += 2,
                    _ => {
                        w.value.push('\\');
                        self.pos += 1;
                    }
                },
                b'$' => self.dollar(w, ctx, true),
                b'`' => self.backtick(w, ctx),
                _ => {
                    let from = self.pos;
                    while self
                        .at(self.pos)
                        .is_some_and(|b| !matches!(b, b'"' | b'\\' | b'$' | b'`'))
                    {
                        self.pos += 1;
                    }
                    w.value.push_str(self.slice(TextRange::new(from, self.pos)));
                }
            }
        }
    }

    /// `$` at `pos`: an expansion kept verbatim, `$'...'`, or a literal `$`.
    fn dollar(&mut self, w: &mut WordBuf, ctx: LexCtx, in_dq: bool) {
        let start = self.pos;
        match self.at(start + 1) {
            Some(b'(') => {
                let arithmetic = self.at(start + 2) == Some(b'(') && self.arithmetic(start + 3);
                if !arithmetic {
                    self.pos = start + 2;
                    self.substitution(ctx);
                }
            }
            Some(b'{') => {
                self.pos = start + 2;
                self.braced(ctx, in_dq);
            }
            Some(b'\'') if !in_dq => {
                self.pos = start + 2;
                self.ansi_c(w);
                return;
            }
            // `$"..."` is a translated string: an ordinary double quote here.
            Some(b'"') if !in_dq => {
                self.pos = start + 1;
                return;
            }
            Some(b'_' | b'a'..=b'z' | b'A'..=b'Z') => {
                self.pos = start + 1;
                while self
                    .at(self.pos)
                    .is_some_and(|b| b == b'_' || b.is_ascii_alphanumeric())
                {
                    self.pos += 1;
                }
            }
            Some(b'0'..=b'9' | b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-') => {
                self.pos = start + 2;
            }
            _ => {
                self.pos = start + 1;
                w.value.push('$');
                return;
            }
        }
        w.expansion = true;
        w.value
            .push_str(self.slice(TextRange::new(start, self.pos)));
    }

    /// The body of `$'...'` with the common escapes applied.
    fn ansi_c(&mut self, w: &mut WordBuf) {
        w.quoted = true;
        while let Some(c) = self.at(self.pos) {
            match c {
                b'\'' => {
                    self.pos += 1;
                    return;
                }
                b'\\' => {
                    let escaped = match self.at(self.pos + 1) {
                        Some(b'n') => Some('\n'),
                        Some(b't') => Some('\t'),
                        Some(b'r') => Some('\r'),
                        Some(b'e' | b'E') => Some('\u{1b}'),
                        Some(e @ (b'\\' | b'\'' | b'"' | b'?')) => Some(char::from(e)),
                        _ => None,
                    };
                    match escaped {
                        Some(e) => {
                            w.value.push(e);
                            self.pos += 2;
                        }
                        None => {
                            w.value.push('\\');
                            self.pos += 1;
                        }
                    }
                }
                _ => {
                    let from = self.pos;
                    while self.at(self.pos).is_some_and(|b| b != b'\'' && b != b'\\') {
                        self.pos += 1;
                    }
                    w.value.push_str(self.slice(TextRange::new(from, self.pos)));
                }
            }
        }
    }

    /// After `$(`, `<(` or `>(`: the commands inside, through the `)`.
    fn substitution(&mut self, ctx: LexCtx) {
        if ctx.nest >= MAX_NESTING {
            self.skip_balanced();
            return;
        }
        debug_assert!(self.peeked.is_none());
        self.parse_list(Term::Paren, ctx.sub_depth, true, ctx.nest + 1);
    }

    /// A backtick substitution at `pos`, appended verbatim to the word. Its
    /// end is the next unescaped backtick whatever the quoting inside, as in
    /// every shell, so it is found first and the inside is split as a
    /// script of its own.
    fn backtick(&mut self, w: &mut WordBuf, ctx: LexCtx) {
        let start = self.pos;
        let mut end = start + 1;
        while let Some(b) = self.at(end) {
            match b {
                b'`' => break,
                b'\\' => end = (end + 2).min(self.limit),
                _ => end += 1,
            }
        }
        let end = end.min(self.limit);
        let closed = self.at(end) == Some(b'`');
        if ctx.nest < MAX_NESTING {
            let outer = self.limit;
            self.limit = end;
            self.pos = start + 1;
            self.parse_list(Term::Eof, ctx.sub_depth, true, ctx.nest + 1);
            self.limit = outer;
        }
        self.pos = if closed { end + 1 } else { end };
        w.expansion = true;
        w.value
            .push_str(self.slice(TextRange::new(start, self.pos)));
    }

    /// After `${`: through the matching `}`, splitting any `$(...)` inside.
    /// Within `"${...}"` a single quote is literal (`"${MSG:-don't}"`).
    fn braced(&mut self, ctx: LexCtx, outer_dq: bool) {
        let mut depth = 1usize;
        let mut in_dq = false;
        while let Some(c) = self.at(self.pos) {
            match c {
                b'}' if !in_dq => {
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
                b'\'' if !in_dq && !outer_dq => self.skip_single_quoted(),
                b'"' => {
                    in_dq = !in_dq;
                    self.pos += 1;
                }
                b'`' => self.backtick(&mut WordBuf::default(), ctx),
                b'$' if self.at(self.pos + 1) == Some(b'{') => {
                    depth += 1;
                    self.pos += 2;
                }
                b'$' if self.at(self.pos + 1) == Some(b'(') => {
                    self.dollar(&mut WordBuf::default(), ctx, in_dq || outer_dq);
                }
                _ => self.pos += 1,
            }
        }
    }
}
