//! Word splitting as BuildKit's line parsers do it, with byte offsets.
//!
//! Offsets are into the logical line; callers map them back to the source.

use compact_str::CompactString;

use super::TextRange;

/// Go's `unicode.IsSpace`, which is Unicode's White_Space property.
pub(crate) fn is_go_space(c: char) -> bool {
    c.is_whitespace()
}

/// The characters BuildKit's `[\t\v\f\r ]+` splits on.
pub(crate) fn is_split_space(c: char) -> bool {
    matches!(c, '\t' | '\u{0B}' | '\u{0C}' | '\r' | ' ')
}

/// `unicode.IsSpace(rune(b))` on a single byte, as BuildKit's flag scanner
/// tests it. BuildKit also counts the bytes 0x85 and 0xA0, which in UTF-8 only
/// occur inside multi-byte characters; splitting there would cut a character
/// in half, so docklens deliberately treats them as ordinary bytes.
pub(crate) fn is_go_space_byte(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// Trims Go-style whitespace from both ends of `range` within `text`.
pub(crate) fn trim_range(text: &str, range: TextRange) -> TextRange {
    let slice = range.slice(text);
    let start = range.start() + (slice.len() - slice.trim_start_matches(is_go_space).len());
    let end = range.start() + slice.trim_end_matches(is_go_space).len();
    TextRange::new(start, end.max(start))
}

/// `reWhitespace.Split(rest, -1)`: words separated by runs of ASCII blanks.
pub(crate) fn split_whitespace(
    text: &str,
    range: TextRange,
) -> impl Iterator<Item = TextRange> + '_ {
    let slice = range.slice(text);
    slice
        .split(is_split_space)
        .filter(|it| !it.is_empty())
        .map(move |word| {
            // `split` yields subslices of `slice`, so the offset is exact.
            let start = range.start() + (word.as_ptr() as usize - slice.as_ptr() as usize);
            TextRange::new(start, start + word.len())
        })
}

/// `reWhitespace.Split(rest, 2)`: the first word and everything after the
/// blank run that follows it.
pub(crate) fn split_once_whitespace(
    text: &str,
    range: TextRange,
) -> (TextRange, Option<TextRange>) {
    let slice = range.slice(text);
    let Some(first_blank) = slice.find(is_split_space) else {
        return (range, None);
    };
    let after = &slice[first_blank..];
    let rest_start = first_blank + (after.len() - after.trim_start_matches(is_split_space).len());
    (
        TextRange::new(range.start(), range.start() + first_blank),
        Some(TextRange::new(range.start() + rest_start, range.end())),
    )
}

/// `HEALTHCHECK`'s split: the first word (ended by any Unicode space) and
/// the rest after the spaces that follow it.
pub(crate) fn split_once_go_space(text: &str, range: TextRange) -> (TextRange, Option<TextRange>) {
    let slice = range.slice(text);
    let Some(sep) = slice.find(is_go_space) else {
        return (range, None);
    };
    let after = &slice[sep..];
    let next = sep + (after.len() - after.trim_start_matches(is_go_space).len());
    (
        TextRange::new(range.start(), range.start() + sep),
        Some(TextRange::new(range.start() + next, range.end())),
    )
}

/// A word found by [`parse_words`]: its logical range and its text with an
/// escape character at the very end of the input dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexWord {
    pub(crate) range: TextRange,
    pub(crate) text: CompactString,
}

/// BuildKit's `parseWords`: split on Unicode whitespace outside quotes,
/// keeping quotes and escape characters in the words.
///
/// A word's text is its raw slice, except that an escape character at the
/// very end of the input is dropped; nothing else is ever removed, so no
/// characters need copying one by one. Every special character is ASCII, so
/// the scan walks bytes and decodes only to test non-ASCII whitespace.
pub(crate) fn parse_words(
    text: &str,
    range: TextRange,
    escape: char,
    mut on_word: impl FnMut(LexWord),
) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote(u8),
    }
    let bytes = text.as_bytes();
    let (start, end) = (range.start(), range.end().min(bytes.len()));
    // The escape character is `\` or a backtick, both ASCII.
    let escape = u8::try_from(escape).unwrap_or(b'\\');
    let mut push = |from: usize, to: usize, dropped: bool| {
        let word = TextRange::new(from, to);
        let raw = word.slice(text);
        let kept = match dropped {
            true => &raw[..raw.len().saturating_sub(1)],
            false => raw,
        };
        on_word(LexWord {
            range: word,
            text: CompactString::from(kept),
        });
    };
    let space_at = |pos: usize| -> Option<usize> {
        let b = bytes[pos];
        if b.is_ascii() {
            return matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r').then_some(1);
        }
        let c = text.get(pos..)?.chars().next()?;
        is_go_space(c).then(|| c.len_utf8())
    };
    let mut phase = Phase::Spaces;
    let mut word_start = start;
    let mut blank_ok = false;
    let mut dropped_escape = false;
    let mut pos = start;
    while pos < end {
        let b = bytes[pos];
        let at_end = pos + 1 == end;
        match phase {
            Phase::Spaces => {
                if let Some(width) = space_at(pos) {
                    pos += width;
                    continue;
                }
                phase = Phase::Word;
                word_start = pos;
                continue;
            }
            Phase::Word => {
                if let Some(width) = space_at(pos) {
                    if blank_ok || pos > word_start {
                        push(word_start, pos, false);
                    }
                    blank_ok = false;
                    phase = Phase::Spaces;
                    pos += width;
                    continue;
                }
                if b == b'\'' || b == b'"' {
                    phase = Phase::Quote(b);
                    blank_ok = true;
                } else if b == escape {
                    if at_end {
                        dropped_escape = true;
                    } else {
                        pos += 1;
                    }
                }
            }
            Phase::Quote(quote) => {
                if b == quote {
                    phase = Phase::Word;
                } else if b == escape && quote != b'\'' {
                    if at_end {
                        dropped_escape = true;
                        phase = Phase::Word;
                    } else {
                        pos += 1;
                    }
                }
            }
        }
        // Step over the rest of a multi-byte character in one go.
        pos += 1;
        while pos < end && !text.is_char_boundary(pos) {
            pos += 1;
        }
    }
    let kept_something = end > word_start + usize::from(dropped_escape);
    if phase != Phase::Spaces && (blank_ok || kept_something) {
        push(word_start, end, dropped_escape);
    }
}

/// A `--flag` word found by [`extract_flags`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FlagWord {
    pub(crate) range: TextRange,
    /// The word as BuildKit builds it (one Go rune per byte, quotes removed,
    /// backslash escapes applied) when that differs from the raw text.
    pub(crate) processed: Option<Vec<u8>>,
}

impl FlagWord {
    /// The processed bytes of the word.
    pub(crate) fn bytes<'a>(&'a self, text: &'a str) -> &'a [u8] {
        match &self.processed {
            Some(bytes) => bytes,
            None => self.range.slice(text).as_bytes(),
        }
    }
}

/// BuildKit's `extractBuilderFlags`: leading `--` words, and where the rest
/// of the arguments starts. A bare `--` ends the flags and is dropped.
///
/// BuildKit walks bytes, not characters, and always escapes with a
/// backslash whatever the escape directive says; this mirrors both.
pub(crate) fn extract_flags(
    text: &str,
    range: TextRange,
    mut on_flag: impl FnMut(FlagWord),
) -> usize {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote(u8),
    }
    let bytes = text.as_bytes();
    let end = range.end().min(bytes.len());
    let mut phase = Phase::Spaces;
    // Until a quote or backslash shows up, the processed word equals its
    // raw bytes and nothing is copied; `word` is filled only after that.
    let mut word: Vec<u8> = Vec::new();
    let mut modified = false;
    let mut word_start = range.start();
    let mut blank_ok = false;
    let mut pos = range.start();
    let current = |word: &[u8], modified: bool, start: usize, pos: usize| -> Vec<u8> {
        match modified {
            true => word.to_vec(),
            false => bytes.get(start..pos).unwrap_or_default().to_vec(),
        }
    };
    let is_dash_dash = |word: &[u8], modified: bool, start: usize, pos: usize| match modified {
        true => word == b"--",
        false => bytes.get(start..pos) == Some(b"--"),
    };
    let is_empty = |word: &[u8], modified: bool, start: usize, pos: usize| match modified {
        true => word.is_empty(),
        false => pos == start,
    };
    while pos <= end {
        let Some(&b) = bytes.get(pos).filter(|_| pos < end) else {
            // End of input.
            if phase != Phase::Spaces
                && !is_dash_dash(&word, modified, word_start, end)
                && (blank_ok || !is_empty(&word, modified, word_start, end))
            {
                on_flag(FlagWord {
                    range: TextRange::new(word_start, end),
                    processed: modified.then(|| current(&word, true, word_start, end)),
                });
            }
            return end;
        };
        if phase == Phase::Spaces {
            if is_go_space_byte(b) {
                pos += 1;
                continue;
            }
            let starts_flag = b == b'-' && bytes.get(pos + 1) == Some(&b'-') && pos + 1 < end;
            if !starts_flag {
                return pos;
            }
            phase = Phase::Word;
            word_start = pos;
        }
        match phase {
            Phase::Spaces => {}
            Phase::Word => {
                if is_go_space_byte(b) {
                    if is_dash_dash(&word, modified, word_start, pos) {
                        return pos;
                    }
                    if blank_ok || !is_empty(&word, modified, word_start, pos) {
                        on_flag(FlagWord {
                            range: TextRange::new(word_start, pos),
                            processed: modified.then(|| current(&word, true, word_start, pos)),
                        });
                    }
                    word.clear();
                    blank_ok = false;
                    modified = false;
                    phase = Phase::Spaces;
                    pos += 1;
                    continue;
                }
                if (b == b'\'' || b == b'"' || b == b'\\') && !modified {
                    word = current(&word, false, word_start, pos);
                    modified = true;
                }
                if b == b'\'' || b == b'"' {
                    phase = Phase::Quote(b);
                    blank_ok = true;
                    pos += 1;
                    continue;
                }
                if b == b'\\' {
                    if pos + 1 == end {
                        pos += 1;
                        continue;
                    }
                    pos += 1;
                }
                if let (true, Some(&it)) = (modified, bytes.get(pos)) {
                    word.push(it);
                }
            }
            Phase::Quote(quote) => {
                if b == quote {
                    phase = Phase::Word;
                    pos += 1;
                    continue;
                }
                if b == b'\\' {
                    if pos + 1 == end {
                        phase = Phase::Word;
                        pos += 1;
                        continue;
                    }
                    pos += 1;
                }
                if let Some(&it) = bytes.get(pos) {
                    word.push(it);
                }
            }
        }
        pos += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut res = Vec::new();
        parse_words(text, TextRange::new(0, text.len()), '\\', |it| {
            res.push(it.text.into())
        });
        res
    }

    fn flags(text: &str) -> (Vec<String>, String) {
        let mut flags = Vec::new();
        let rest = extract_flags(text, TextRange::new(0, text.len()), |it| {
            flags.push(String::from_utf8_lossy(it.bytes(text)).into_owned())
        });
        (flags, text[rest..].trim().to_owned())
    }

    #[test]
    fn parse_words_keeps_quotes_and_escapes() {
        assert_eq!(words(r#"a="x y" b"#), vec![r#"a="x y""#, "b"]);
        assert_eq!(words(r"name=value\ value2"), vec![r"name=value\ value2"]);
        assert_eq!(words(r"trailing\"), vec!["trailing"]);
        assert_eq!(words(r#"'a\'b'"#), vec![r"'a\'b'"]);
        assert_eq!(words(r#""" x"#), vec![r#""""#, "x"]);
    }

    #[test]
    fn extract_flags_stops_at_first_non_flag() {
        assert_eq!(
            flags("--user=me --doit=true foo /tmp/"),
            (
                vec!["--user=me".into(), "--doit=true".into()],
                "foo /tmp/".into()
            )
        );
        assert_eq!(flags("-- foo /tmp/"), (vec![], "foo /tmp/".into()));
        assert_eq!(
            flags(r#"--a="b c" x"#),
            (vec!["--a=b c".into()], "x".into())
        );
        assert_eq!(
            flags("--doit -- [ ]"),
            (vec!["--doit".into()], "[ ]".into())
        );
        assert_eq!(flags("--link"), (vec!["--link".into()], String::new()));
        assert_eq!(flags("-x"), (vec![], "-x".into()));
    }

    #[test]
    fn split_helpers() {
        let text = "a \t b  c";
        let got: Vec<&str> = split_whitespace(text, TextRange::new(0, text.len()))
            .map(|it| it.slice(text))
            .collect();
        assert_eq!(got, vec!["a", "b", "c"]);
        let (first, rest) = split_once_whitespace(text, TextRange::new(0, text.len()));
        assert_eq!(first.slice(text), "a");
        assert_eq!(rest.map(|it| it.slice(text)), Some("b  c"));
    }
}
