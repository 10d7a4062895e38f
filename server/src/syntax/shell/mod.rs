//! BuildKit's shell word lexer: variable expansion, quote and escape removal,
//! and word splitting, as `frontend/dockerfile/shell/lex.go` in
//! github.com/moby/buildkit does them on Unix.
//!
//! Everything an ARG/ENV-aware analyzer shows the user (hover values,
//! `FROM ${BASE}` resolution, UndefinedVar) must agree with what BuildKit
//! would compute, so this module reproduces BuildKit's quirks rather than
//! POSIX's: `${VAR:#x}` is an error, `${VAR//a/b}` treats `$0` in the
//! replacement as "the whole match", bracket expressions in patterns are
//! literal text, and so on. The places where we knowingly differ are listed
//! on [`Lexer`].

mod expand;
mod pattern;
mod refs;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::BuildHasher;

use unicode_general_category::{get_general_category, GeneralCategory};

pub use refs::{variable_references, VarReference};

/// Variables visible to the lexer.
pub trait Env {
    /// The value of `name`, or `None` when it is unset. Set-but-empty is
    /// `Some("")`: `${X-default}` and `${X?}` tell the two apart.
    fn get(&self, name: &str) -> Option<&str>;
}

/// No variables at all; BuildKit uses this when it looks for heredocs.
impl Env for () {
    fn get(&self, _name: &str) -> Option<&str> {
        None
    }
}

/// A later pair wins over an earlier one with the same name, as in
/// BuildKit's `BuildEnvs`.
impl Env for [(&str, &str)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| *v)
    }
}

/// A later pair wins over an earlier one with the same name.
impl Env for [(String, String)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Arrays too, so `&[("A", "1")]` can be passed as `&dyn Env` directly.
impl<T, const N: usize> Env for [T; N]
where
    [T]: Env,
{
    fn get(&self, name: &str) -> Option<&str> {
        Env::get(self.as_slice(), name)
    }
}

impl<T> Env for Vec<T>
where
    [T]: Env,
{
    fn get(&self, name: &str) -> Option<&str> {
        Env::get(self.as_slice(), name)
    }
}

impl<S: BuildHasher> Env for HashMap<String, String, S> {
    fn get(&self, name: &str) -> Option<&str> {
        HashMap::get(self, name).map(String::as_str)
    }
}

impl Env for BTreeMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        BTreeMap::get(self, name).map(String::as_str)
    }
}

impl<T: Env + ?Sized> Env for &T {
    fn get(&self, name: &str) -> Option<&str> {
        (**self).get(name)
    }
}

/// BuildKit's `shell.Lex`: how one Dockerfile word or line is expanded.
///
/// Known differences from BuildKit, all on inputs BuildKit would reject or
/// could not survive:
/// - `${...}` defaults nested more than [`Lexer::MAX_NESTING`] levels deep are
///   an error here; BuildKit recurses without limit.
/// - Error messages for a `${NAME` cut off by the end of the input say
///   "missing '}'" where BuildKit prints "unsupported modifier" with a
///   U+FFFD in it; both are errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexer {
    /// The escape character: `\`, or a backtick after the `escape=` parser
    /// directive.
    pub escape: char,
    /// Keep quote characters in the output.
    pub raw_quotes: bool,
    /// Keep escape characters in the output.
    pub raw_escapes: bool,
    /// Leave `$VAR` / `${VAR...}` literally when VAR is unset.
    pub skip_unset_env: bool,
    /// Treat quotes as ordinary characters (heredoc bodies).
    pub skip_process_quotes: bool,
}

/// The result of expanding one word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProcessedWord {
    /// The expanded word, whitespace kept as it is.
    pub value: String,
    /// The same input split into words the way [`Lexer::process_words`] does.
    pub words: Vec<String>,
    /// Names that were looked up and found set, first use first, no repeats.
    pub matched: Vec<String>,
    /// Names that were looked up and found unset, first use first, no repeats.
    pub unmatched: Vec<String>,
}

/// Why a word could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellError {
    /// What went wrong, worded like BuildKit's message (without its
    /// `failed to process "..."` prefix).
    pub message: String,
    /// Byte offset into the input of the construct that failed: the opening
    /// quote of an unterminated string, the `$` of a bad `${...}`, or the
    /// modifier BuildKit does not support.
    pub offset: usize,
}

impl fmt::Display for ShellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ShellError {}

impl ShellError {
    fn new(message: impl Into<String>, offset: usize) -> ShellError {
        ShellError {
            message: message.into(),
            offset,
        }
    }
}

impl Lexer {
    /// How deep `${A:-${B:-...}}` may nest before expansion gives up, so a
    /// hostile input cannot exhaust the stack.
    pub const MAX_NESTING: usize = 64;

    /// A lexer with the given escape character and every flag off.
    pub fn new(escape: char) -> Lexer {
        Lexer {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_unset_env: false,
            skip_process_quotes: false,
        }
    }

    /// One word in, one word out (no word splitting), like BuildKit's
    /// `ProcessWordWithMatches`.
    pub fn process_word(&self, word: &str, env: &dyn Env) -> Result<ProcessedWord, ShellError> {
        let mut expander = expand::Expander::new(*self, env, word);
        let (value, words) = expander.until(None, self.raw_escapes, true)?;
        Ok(ProcessedWord {
            value,
            words,
            matched: expander.matched,
            unmatched: expander.unmatched,
        })
    }

    /// Line in, words out: unquoted expansions are split on whitespace, like
    /// BuildKit's `ProcessWords`.
    pub fn process_words(&self, line: &str, env: &dyn Env) -> Result<Vec<String>, ShellError> {
        self.process_word(line, env).map(|word| word.words)
    }

    /// Every variable reference in `text` under this lexer's escape character
    /// and quote handling; see [`variable_references`].
    pub fn variable_references(&self, text: &str) -> Vec<VarReference> {
        refs::collect(text, self.escape, !self.skip_process_quotes)
    }
}

/// Where the scanner starts: Go's `text/scanner` silently drops a byte order
/// mark at the very start of its input, and BuildKit inherits that.
fn scan_start(text: &str) -> usize {
    if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    }
}

fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|rest| rest.chars().next())
}

/// Go's `unicode.IsLetter`: general category L, which is narrower than
/// Rust's `is_alphabetic`.
fn is_go_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    matches!(
        get_general_category(c),
        GeneralCategory::UppercaseLetter
            | GeneralCategory::LowercaseLetter
            | GeneralCategory::TitlecaseLetter
            | GeneralCategory::ModifierLetter
            | GeneralCategory::OtherLetter
    )
}

/// Go's `unicode.IsDigit`: general category Nd.
fn is_go_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    get_general_category(c) == GeneralCategory::DecimalNumber
}

/// POSIX special parameters; BuildKit accepts them as one-character names.
fn is_special_param(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

/// End of the variable name starting at `start`: a run of digits, one special
/// parameter character, or letters/digits/underscores.
fn name_end(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or("");
    let len = match rest.chars().next() {
        None => 0,
        Some(c) if is_go_digit(c) => rest.find(|c| !is_go_digit(c)).unwrap_or(rest.len()),
        Some(c) if is_special_param(c) => c.len_utf8(),
        Some(_) => rest
            .find(|c: char| !(is_go_letter(c) || is_go_digit(c) || c == '_'))
            .unwrap_or(rest.len()),
    };
    start + len
}
