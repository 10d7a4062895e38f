//! What commands that rewrite files (`format`, `fix`) share: they refuse a
//! file they could not write back byte for byte, and print results or diffs
//! to standard output.

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use super::input::Input;
use crate::syntax::{self, LineIndex, Parse};

/// `input` parsed, when it is safe to rewrite; otherwise says why on
/// stderr (`verb` is "formatted", "fixed", ...) and returns `None`.
pub(crate) fn parse_rewritable(input: &Input, verb: &str) -> Option<Parse> {
    if input.lossy {
        eprintln!(
            "{}: not {verb}: it is not valid UTF-8 (rewriting it would lose bytes)",
            input.name
        );
        return None;
    }
    let text = &input.text;
    let parse = syntax::parse(text);
    if parse.errors.is_empty() {
        return Some(parse);
    }
    let index = LineIndex::new(text);
    for error in &parse.errors {
        let at = index.line_col(text, error.range.start());
        eprintln!(
            "{}:{}:{}: error: {}",
            input.name,
            at.line + 1,
            at.col + 1,
            error.message
        );
    }
    eprintln!(
        "{}: not {verb}: it has syntax errors (fix them first)",
        input.name
    );
    None
}

/// Writes `text` to standard output.
pub(crate) fn print(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|err| format!("cannot write to standard output: {err}"))
}

/// The directory whose configuration applies to `path` (`-` and bare
/// file names: the working directory).
pub(crate) fn config_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() && path.as_os_str() != "-" => {
            parent.to_path_buf()
        }
        _ => PathBuf::from("."),
    }
}
