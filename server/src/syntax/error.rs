use super::TextRange;

/// A problem found while parsing. BuildKit's parser rejects a file with any
/// of these; docklens reports it and keeps parsing the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub range: TextRange,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SyntaxErrorKind {
    /// The file has no instruction at all.
    NoInstructions,
    /// `ENV key` or `LABEL key` with no value.
    MissingValue,
    /// A word without `=` in the `key=value` form of `ENV` or `LABEL`.
    MissingEquals,
    /// A JSON array with an element that is not a string.
    NotStringArray,
    /// A heredoc whose terminator never comes.
    UnterminatedHeredoc,
    /// A heredoc delimiter with unbalanced quotes.
    InvalidHeredocName,
    /// The same parser directive twice.
    DuplicateDirective,
    /// `# escape=` with something other than `\` or a backtick.
    InvalidEscape,
    /// `ONBUILD ONBUILD ...` nested deeper than anyone means to.
    NestingTooDeep,
}

impl SyntaxError {
    pub(crate) fn new(
        kind: SyntaxErrorKind,
        range: TextRange,
        message: impl Into<String>,
    ) -> SyntaxError {
        SyntaxError {
            kind,
            range,
            message: message.into(),
        }
    }
}
