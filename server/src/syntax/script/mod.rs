//! A POSIX-shell script splitter: which simple commands a `RUN` instruction
//! runs, with byte ranges, so lint rules can ask "is `apt-get install` run
//! without `-y`?" instead of grepping text.
//!
//! This is lexical analysis of shell *grammar* (quoting, control operators,
//! compound commands, substitutions, heredocs), not execution: nothing is
//! expanded, and `$VAR`, `${...}`, `$(...)` and backticks stay verbatim in
//! word values. It never fails: broken input yields a best-effort split,
//! because a half-typed `RUN` line in an editor still deserves diagnostics.
//!
//! Cost is linear in the input. The only recursion is into `$(...)`,
//! backticks and `<(...)`, capped at [`MAX_NESTING`] levels; deeper ones are
//! skipped over as opaque text. Subshells, groups, `if`, loops and `case`
//! are tracked on a heap stack.
//!
//! Known simplifications, all on constructs rare in Dockerfiles:
//! - Commands inside `${...}` defaults, `$((...))`, array assignments and
//!   extglob patterns are not reported (commands inside `$(...)` that sits
//!   inside `${...}` are).
//! - Nested backticks (`` \`...\` `` inside backticks) are not split further.
//! - A `[[ ... ]]` ends at the end of its line even though bash would let it
//!   continue; `((`, `$((` fall back to subshells when they do not close
//!   with `))`.
//! - A carriage return is treated as a blank, so CRLF files split the same as
//!   LF ones.

mod effective;
#[cfg(test)]
mod effective_tests;
mod lexer;
mod parser;
#[cfg(test)]
mod tests;
mod word;

pub use effective::{EffectiveCommand, FlagValue};

use super::TextRange;

/// How many `$(...)` / backtick / `<(...)` levels are split into commands;
/// anything deeper is kept as opaque text so hostile input cannot exhaust
/// the stack.
pub const MAX_NESTING: u32 = 16;

/// Splits a shell script (a RUN instruction's shell-form text, or a heredoc
/// body) into simple commands. Never fails, never panics, never recurses
/// beyond [`MAX_NESTING`] levels.
pub fn parse_script(text: &str) -> Script {
    let mut parser = lexer::Parser::new(text);
    parser.parse_list(parser::Term::Eof, 0, false, 0);
    parser.into_script()
}

/// The same, for exec form: each JSON element is one word of one command.
///
/// Exec form runs no shell, so there are no assignments, redirections,
/// quotes or expansions; the values are taken as they are.
pub fn exec_command(words: &[(&str, TextRange)]) -> Command {
    let range = words
        .iter()
        .map(|(_, range)| *range)
        .reduce(TextRange::cover)
        .unwrap_or_default();
    Command {
        range,
        assignments: Vec::new(),
        words: words
            .iter()
            .map(|(value, range)| ScriptWord {
                range: *range,
                value: (*value).to_string(),
                quoted: false,
                has_expansion: false,
            })
            .collect(),
        redirections: Vec::new(),
        connector: None,
        depth: 0,
        in_substitution: false,
    }
}

/// Every simple command of a script.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Script {
    /// In source order (by start offset); a command inside `$(...)` comes
    /// after the command whose word contains it.
    pub commands: Vec<Command>,
}

/// One simple command: assignments, argv and redirections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The whole simple command, offsets into the parsed text.
    pub range: TextRange,
    /// Leading `FOO=bar` words.
    pub assignments: Vec<ScriptWord>,
    /// argv, name first, redirections removed.
    pub words: Vec<ScriptWord>,
    /// `> /dev/null`, `2>&1`, `<<EOF`, in source order.
    pub redirections: Vec<Redirection>,
    /// The control operator that joins this command to the next one. For the
    /// last command inside `( )`, `{ }`, `if`, a loop or `case`, the operator
    /// after the closing word, when the command itself ended without one
    /// (`(cd x && make) && rm -rf x` gives `make` [`Connector::And`]).
    /// `None` at the end of a script or substitution and before `;;`.
    pub connector: Option<Connector>,
    /// 0 at top level (if/while/for/case bodies included); one more for each
    /// enclosing `( )`, `{ }`, `$(...)`, backticks or `<(...)`.
    pub depth: u32,
    /// Inside `$(...)`, backticks or a process substitution.
    pub in_substitution: bool,
}

/// One shell word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptWord {
    /// The raw word in the parsed text.
    pub range: TextRange,
    /// Quotes removed and backslash escapes applied; `$VAR`, `${...}`,
    /// `$(...)`, `$((...))` and backticks kept verbatim.
    pub value: String,
    /// Any part was quoted: `'...'`, `"..."`, `$'...'` or a backslash escape.
    pub quoted: bool,
    /// Contains an unquoted or double-quoted `$` expansion or backticks.
    pub has_expansion: bool,
}

/// One redirection of a simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirection {
    /// The operator through the end of the target.
    pub range: TextRange,
    /// The operator with its file descriptor, as written: `>`, `>>`, `2>`,
    /// `&>`, `&>>`, `>|`, `<`, `<>`, `<<`, `<<-`, `<<<`, `>&`, `2>&`, `<&`.
    /// `2>&1` is op `2>&` with target `1`.
    pub op: String,
    /// The file, descriptor, here-string or heredoc delimiter; `None` when
    /// the script ends or an operator follows.
    pub target: Option<ScriptWord>,
    /// For `<<` and `<<-`: the heredoc's body lines, terminator line
    /// excluded.
    pub body: Option<TextRange>,
}

/// How a command joins the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Connector {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;` or a newline
    Seq,
    /// `|` or `|&`
    Pipe,
    /// `&`
    Background,
}

impl Command {
    /// `words[0]` as written, quotes removed (see
    /// [`EffectiveCommand::name`] for the basename behind wrappers).
    pub fn name(&self) -> Option<&str> {
        self.words.first().map(|word| word.value.as_str())
    }

    /// The command after stripping wrappers such as `sudo -u x`, `env A=b`,
    /// `nice -n 5`, `time`, `exec`, `command`, `nohup`, `xargs -r`,
    /// `timeout 5`, `gosu user`; see [`EffectiveCommand`].
    pub fn effective(&self) -> EffectiveCommand<'_> {
        effective::unwrap(&self.words)
    }
}

impl ScriptWord {
    /// `NAME=value`, `NAME+=value` or `NAME[i]=value` split into name (with
    /// any subscript) and value, using the quote-removed text.
    pub fn assignment(&self) -> Option<(&str, &str)> {
        let (name, value) = self.value.split_once('=')?;
        let name = name.strip_suffix('+').unwrap_or(name);
        is_assignment(self.value.as_str()).then_some((name, value))
    }
}

/// A shell variable name: `[A-Za-z_][A-Za-z0-9_]*`.
fn is_name(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'_' | b'a'..=b'z' | b'A'..=b'Z'))
        && bytes.all(|b| b == b'_' || b.is_ascii_alphanumeric())
}

/// Whether a raw word is an assignment: an unquoted name, an optional
/// `[subscript]`, then `=` or `+=`.
fn is_assignment(raw: &str) -> bool {
    let Some(eq) = raw.find('=') else {
        return false;
    };
    let head = raw.get(..eq).unwrap_or("");
    let head = head.strip_suffix('+').unwrap_or(head);
    let name = match head.find('[') {
        Some(open) if head.ends_with(']') => head.get(..open).unwrap_or(""),
        _ => head,
    };
    is_name(name)
}
