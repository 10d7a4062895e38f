//! The expansion engine behind [`Lexer::process_word`]: a recursive-descent
//! walk that mirrors the structure of BuildKit's `shellWord`, because the
//! order in which it consumes input, looks names up and checks flags is what
//! decides its many corner cases.

use std::collections::HashSet;

use super::{char_at, name_end, pattern, scan_start, Env, Lexer, ShellError};

/// Collects the words of one `until` call. Text from quotes, escapes and
/// heredoc markers is glued on as is; text from unquoted expansions and plain
/// characters is split on Unicode whitespace.
struct Words {
    enabled: bool,
    current: String,
    done: Vec<String>,
}

impl Words {
    fn new(enabled: bool) -> Words {
        Words {
            enabled,
            current: String::new(),
            done: Vec::new(),
        }
    }

    fn add_char(&mut self, c: char) {
        if !self.enabled {
            return;
        }
        if c.is_whitespace() {
            if !self.current.is_empty() {
                self.done.push(std::mem::take(&mut self.current));
            }
        } else {
            self.current.push(c);
        }
    }

    fn add_str(&mut self, s: &str) {
        for c in s.chars() {
            self.add_char(c);
        }
    }

    fn add_raw_char(&mut self, c: char) {
        if self.enabled {
            self.current.push(c);
        }
    }

    fn add_raw_str(&mut self, s: &str) {
        if self.enabled {
            self.current.push_str(s);
        }
    }

    fn finish(mut self) -> Vec<String> {
        if !self.current.is_empty() {
            self.done.push(self.current);
        }
        self.done
    }
}

/// One expansion run over one input.
pub(super) struct Expander<'a> {
    lexer: Lexer,
    env: &'a dyn Env,
    src: &'a str,
    pos: usize,
    depth: usize,
    seen: HashSet<String>,
    pub(super) matched: Vec<String>,
    pub(super) unmatched: Vec<String>,
}

impl<'a> Expander<'a> {
    pub(super) fn new(lexer: Lexer, env: &'a dyn Env, src: &'a str) -> Expander<'a> {
        Expander {
            lexer,
            env,
            src,
            pos: scan_start(src),
            depth: 0,
            seen: HashSet::new(),
            matched: Vec::new(),
            unmatched: Vec::new(),
        }
    }

    fn peek(&self) -> Option<char> {
        char_at(self.src, self.pos)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn lookup(&mut self, name: &str) -> Option<&'a str> {
        let env = self.env;
        let value = env.get(name);
        if self.seen.insert(name.to_owned()) {
            let list = if value.is_some() {
                &mut self.matched
            } else {
                &mut self.unmatched
            };
            list.push(name.to_owned());
        }
        value
    }

    /// Expands up to `stop` (consumed) or the end of input; returns the text
    /// and, if `collect` is set, its words. `raw_escapes` is passed down
    /// rather than read from the lexer because BuildKit switches it per
    /// context: patterns keep their escapes, `${X:-word}` defaults drop them
    /// even when the caller asked for raw escapes.
    pub(super) fn until(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
        collect: bool,
    ) -> Result<(String, Vec<String>), ShellError> {
        let mut out = String::new();
        let mut words = Words::new(collect);
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.bump();
                return Ok((out, words.finish()));
            }
            match ch {
                '$' => {
                    let value = self.dollar()?;
                    words.add_str(&value);
                    out.push_str(&value);
                }
                '<' => {
                    let marker = self.possible_heredoc();
                    words.add_raw_str(&marker);
                    out.push_str(&marker);
                }
                '\'' | '"' if !self.lexer.skip_process_quotes => {
                    let quoted = if ch == '\'' {
                        self.single_quoted()?
                    } else {
                        self.double_quoted(raw_escapes)?
                    };
                    words.add_raw_str(&quoted);
                    out.push_str(&quoted);
                }
                _ => {
                    self.bump();
                    if ch != self.lexer.escape {
                        words.add_char(ch);
                        out.push(ch);
                        continue;
                    }
                    if raw_escapes {
                        words.add_raw_char(ch);
                        out.push(ch);
                    }
                    // An escape at the very end escapes nothing and vanishes.
                    let Some(escaped) = self.bump() else { break };
                    words.add_raw_char(escaped);
                    out.push(escaped);
                }
            }
        }
        match stop {
            Some(c) => Err(ShellError::new(
                format!("unexpected end of statement while looking for matching {c}"),
                self.pos,
            )),
            None => Ok((out, words.finish())),
        }
    }

    /// `<<` swallows the blanks after it so that `<< EOF` stays one word for
    /// BuildKit's heredoc detection.
    fn possible_heredoc(&mut self) -> String {
        self.bump();
        if self.peek() != Some('<') {
            return "<".to_owned();
        }
        self.bump();
        let mut marker = String::from("<<");
        while let Some(c @ (' ' | '\t' | '\r')) = self.peek() {
            self.bump();
            marker.push(c);
        }
        marker
    }

    fn single_quoted(&mut self) -> Result<String, ShellError> {
        let start = self.pos;
        self.bump();
        let raw = self.lexer.raw_quotes;
        let mut out = String::new();
        if raw {
            out.push('\'');
        }
        loop {
            match self.bump() {
                None => {
                    return Err(ShellError::new(
                        "unexpected end of statement while looking for matching single-quote",
                        start,
                    ))
                }
                Some('\'') => {
                    if raw {
                        out.push('\'');
                    }
                    return Ok(out);
                }
                Some(c) => out.push(c),
            }
        }
    }

    fn double_quoted(&mut self, raw_escapes: bool) -> Result<String, ShellError> {
        let start = self.pos;
        self.bump();
        let raw = self.lexer.raw_quotes;
        let escape = self.lexer.escape;
        let mut out = String::new();
        if raw {
            out.push('"');
        }
        loop {
            match self.peek() {
                None => {
                    return Err(ShellError::new(
                        "unexpected end of statement while looking for matching double-quote",
                        start,
                    ))
                }
                Some('"') => {
                    self.bump();
                    if raw {
                        out.push('"');
                    }
                    return Ok(out);
                }
                Some('$') => {
                    let value = self.dollar()?;
                    out.push_str(&value);
                }
                Some(mut ch) => {
                    self.bump();
                    if ch == escape {
                        if raw_escapes {
                            out.push(ch);
                        }
                        match self.peek() {
                            None => continue,
                            // Only these are escapable inside double quotes;
                            // before anything else the escape is literal.
                            Some(next) if next == '"' || next == '$' || next == escape => {
                                self.bump();
                                ch = next;
                            }
                            Some(_) => {}
                        }
                    }
                    out.push(ch);
                }
            }
        }
    }

    fn name(&mut self) -> String {
        let end = name_end(self.src, self.pos);
        let name = self.src.get(self.pos..end).unwrap_or("").to_owned();
        self.pos = end;
        name
    }

    fn dollar(&mut self) -> Result<String, ShellError> {
        let start = self.pos;
        self.bump();
        if self.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                return Ok("$".to_owned());
            }
            return Ok(match self.lookup(&name) {
                Some(value) => value.to_owned(),
                None if self.lexer.skip_unset_env => format!("${name}"),
                None => String::new(),
            });
        }
        self.bump();
        match self.peek() {
            None => return Err(missing_brace(start)),
            Some('{' | '}' | ':') => {
                return Err(ShellError::new("syntax error: bad substitution", start))
            }
            Some(_) => {}
        }
        let name = self.name();
        let op_pos = self.pos;
        match self.bump() {
            Some('}') => Ok(match self.lookup(&name) {
                Some(value) => value.to_owned(),
                None if self.lexer.skip_unset_env => format!("${{{name}}}"),
                None => String::new(),
            }),
            Some('/') => self.substitution(start, &name),
            Some(c @ (':' | '+' | '-' | '?' | '#' | '%')) => self.modifier(start, op_pos, &name, c),
            Some(c) => Err(unsupported(&c.to_string(), op_pos)),
            None => Err(missing_brace(start)),
        }
    }

    /// Expands a nested word of a `${...}` form, turning "ran out of input"
    /// into BuildKit's message for the form.
    fn nested(
        &mut self,
        stop: char,
        raw_escapes: bool,
        dollar_at: usize,
        eof_message: &str,
    ) -> Result<String, ShellError> {
        if self.depth >= Lexer::MAX_NESTING {
            return Err(ShellError::new(
                format!(
                    "substitution nested more than {} levels deep",
                    Lexer::MAX_NESTING
                ),
                dollar_at,
            ));
        }
        self.depth += 1;
        let result = self.until(Some(stop), raw_escapes, false);
        self.depth -= 1;
        match result {
            Ok((text, _)) => Ok(text),
            Err(_) if self.peek().is_none() => Err(ShellError::new(eof_message, dollar_at)),
            Err(e) => Err(e),
        }
    }

    /// `${NAME<op>word}` for the `:`-, `+`, `-`, `?`, `#` and `%` families;
    /// `first` is the character right after the name.
    fn modifier(
        &mut self,
        start: usize,
        op_pos: usize,
        name: &str,
        first: char,
    ) -> Result<String, ShellError> {
        let null_is_unset = first == ':';
        let mut spelled = String::from(first);
        let op = if null_is_unset {
            let op = self.bump();
            spelled.extend(op);
            op
        } else {
            Some(first)
        };
        let is_trim = matches!(op, Some('#' | '%'));
        if null_is_unset && is_trim {
            return Err(unsupported(&spelled, op_pos));
        }
        let word = self.nested('}', is_trim, start, MISSING_BRACE)?;

        // BuildKit expands the word before looking the name up, and checks
        // SkipUnsetEnv before judging the modifier, so an unset name with a
        // bogus modifier survives verbatim.
        let value = self.lookup(name);
        if value.is_none() && self.lexer.skip_unset_env {
            return Ok(format!("${{{name}{spelled}{word}}}"));
        }
        let set = value.is_some();
        let value = value.unwrap_or("");
        let treat_as_unset = !set || (null_is_unset && value.is_empty());
        match op {
            Some('-') => Ok(if treat_as_unset {
                word
            } else {
                value.to_owned()
            }),
            Some('+') => Ok(if treat_as_unset { String::new() } else { word }),
            Some('?') => {
                if treat_as_unset {
                    let reason = if word.is_empty() {
                        if set {
                            "is not allowed to be empty"
                        } else {
                            "is not allowed to be unset"
                        }
                    } else {
                        &word
                    };
                    Err(ShellError::new(format!("{name}: {reason}"), start))
                } else {
                    Ok(value.to_owned())
                }
            }
            Some(c @ ('#' | '%')) => {
                let (pattern, longest) = match word.strip_prefix(c) {
                    Some(rest) => (rest, true),
                    None => (word.as_str(), false),
                };
                let trimmed = if c == '#' {
                    pattern::trim_prefix(pattern, value, longest)
                } else {
                    pattern::trim_suffix(pattern, value, longest)
                };
                trimmed.map_err(|e| invalid_pattern(pattern, &e, start))
            }
            _ => Err(unsupported(&spelled, op_pos)),
        }
    }

    /// `${NAME/pattern/replacement}` and `${NAME//pattern/replacement}`.
    fn substitution(&mut self, start: usize, name: &str) -> Result<String, ShellError> {
        let all = self.peek() == Some('/');
        if all {
            self.bump();
        }
        let pattern = self.nested('/', true, start, "syntax error: missing '/' in ${}")?;
        let replacement = self.nested('}', true, start, MISSING_BRACE)?;
        let value = self.lookup(name);
        if value.is_none() && self.lexer.skip_unset_env {
            // BuildKit writes a single slash back even for `//`.
            return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
        }
        pattern::substitute(&pattern, value.unwrap_or(""), &replacement, all)
            .map_err(|e| invalid_pattern(&pattern, &e, start))
    }
}

const MISSING_BRACE: &str = "syntax error: missing '}'";

fn missing_brace(offset: usize) -> ShellError {
    ShellError::new(MISSING_BRACE, offset)
}

fn unsupported(spelled: &str, offset: usize) -> ShellError {
    ShellError::new(
        format!("unsupported modifier ({spelled}) in substitution"),
        offset,
    )
}

fn invalid_pattern(pattern: &str, reason: &str, offset: usize) -> ShellError {
    ShellError::new(
        format!("invalid pattern ({pattern}) in substitution: {reason}"),
        offset,
    )
}
