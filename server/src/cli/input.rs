//! Reading Dockerfiles from paths or standard input.

use std::{
    fs,
    io::{self, Read},
    path::Path,
};

use anyhow::{Context, Result};

/// A file's name for messages and its text.
pub(crate) struct Input {
    pub(crate) name: String,
    pub(crate) text: String,
    /// Some bytes were not UTF-8 and were replaced: the text may be
    /// checked but must never be written back.
    pub(crate) lossy: bool,
}

/// Reads `path`, or standard input for `-`. Invalid UTF-8 is replaced with
/// U+FFFD so a stray byte cannot stop the whole file from being checked.
pub(crate) fn read(path: &Path) -> Result<Input> {
    let (name, bytes) = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        ("<stdin>".to_owned(), bytes)
    } else {
        let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        (path.display().to_string(), bytes)
    };
    let (text, lossy) = match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(err) => (String::from_utf8_lossy(err.as_bytes()).into_owned(), true),
    };
    Ok(Input { name, text, lossy })
}
