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
/// characters need copying one by one.
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
        Quote(char),
    }
    let slice = range.slice(text);
    let mut phase = Phase::Spaces;
    let mut word_start = range.start();
    let mut blank_ok = false;
    let mut dropped_escape = false;
    let mut push = |start: usize, end: usize, dropped: bool| {
        let word = TextRange::new(start, end);
        let raw = word.slice(text);
        let kept = if dropped {
            raw.strip_suffix(escape).unwrap_or(raw)
        } else {
            raw
        };
        on_word(LexWord {
            range: word,
            text: CompactString::from(kept),
        });
    };
    let mut chars = slice.char_indices().peekable();
    while let Some((idx, c)) = chars.next() {
        let at = range.start() + idx;
        let at_end = chars.peek().is_none();
        if phase == Phase::Spaces {
            if is_go_space(c) {
                continue;
            }
            phase = Phase::Word;
            word_start = at;
        }
        match phase {
            Phase::Spaces => {}
            Phase::Word => {
                if is_go_space(c) {
                    if blank_ok || at > word_start {
                        push(word_start, at, false);
                    }
                    blank_ok = false;
                    phase = Phase::Spaces;
                    continue;
                }
                if c == '\'' || c == '"' {
                    phase = Phase::Quote(c);
                    blank_ok = true;
                } else if c == escape {
                    if at_end {
                        dropped_escape = true;
                        continue;
                    }
                    chars.next();
                }
            }
            Phase::Quote(quote) => {
                if c == quote {
                    phase = Phase::Word;
                } else if c == escape && quote != '\'' {
                    if at_end {
                        dropped_escape = true;
                        phase = Phase::Word;
                        continue;
                    }
                    chars.next();
                }
            }
        }
    }
    let kept_something = range.end() > word_start + usize::from(dropped_escape);
    if phase != Phase::Spaces && (blank_ok || kept_something) {
        push(word_start, range.end(), dropped_escape);
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
    let mut word: Vec<u8> = Vec::new();
    let mut word_start = range.start();
    let mut blank_ok = false;
    let mut modified = false;
    let mut pos = range.start();
    let finish = |word: &[u8], modified: bool, start: usize, end: usize| FlagWord {
        range: TextRange::new(start, end),
        processed: modified.then(|| word.to_vec()),
    };
    while pos <= end {
        let Some(&b) = bytes.get(pos).filter(|_| pos < end) else {
            // End of input.
            if phase != Phase::Spaces && word.as_slice() != b"--" && (blank_ok || !word.is_empty())
            {
                on_flag(finish(&word, modified, word_start, end));
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
                    if word.as_slice() == b"--" {
                        return pos;
                    }
                    if blank_ok || !word.is_empty() {
                        on_flag(finish(&word, modified, word_start, pos));
                    }
                    word.clear();
                    blank_ok = false;
                    modified = false;
                    phase = Phase::Spaces;
                    pos += 1;
                    continue;
                }
                if b == b'\'' || b == b'"' {
                    phase = Phase::Quote(b);
                    blank_ok = true;
                    modified = true;
                    pos += 1;
                    continue;
                }
                if b == b'\\' {
                    modified = true;
                    if pos + 1 == end {
                        pos += 1;
                        continue;
                    }
                    pos += 1;
                }
                if let Some(&it) = bytes.get(pos) {
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
