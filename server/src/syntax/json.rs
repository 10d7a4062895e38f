//! The JSON array form (`["a", "b"]`), decoded the way Go's `encoding/json`
//! does it: BuildKit falls back to shell form on any syntax error, but
//! rejects a well-formed array that holds anything other than strings.
//!
//! The scanner is iterative so that `[[[[…` thousands deep cannot overflow
//! the stack.

use super::TextRange;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonElement {
    /// The literal, quotes included, in logical-line offsets.
    pub(crate) range: TextRange,
    pub(crate) value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JsonArray {
    /// Valid JSON, every element a string.
    Strings(Vec<JsonElement>),
    /// Valid JSON with a non-string element; the string elements are kept
    /// so the editor still has something to work with.
    NotStrings {
        strings: Vec<JsonElement>,
        offending: TextRange,
    },
    /// Not JSON at all.
    Invalid,
}

/// Parses `range` of `text` as a JSON array. The range must start with `[`
/// (after whitespace) for this to be anything but `Invalid`.
pub(crate) fn parse_array(text: &str, range: TextRange) -> JsonArray {
    let bytes = &text.as_bytes()[..range.end().min(text.len())];
    let mut pos = skip_ws(bytes, range.start());
    if bytes.get(pos) != Some(&b'[') {
        return JsonArray::Invalid;
    }
    pos = skip_ws(bytes, pos + 1);
    let mut strings = Vec::new();
    let mut offending = None;
    if bytes.get(pos) == Some(&b']') {
        pos += 1;
    } else {
        loop {
            let start = pos;
            if bytes.get(pos) == Some(&b'"') {
                let Some((end, value)) = scan_string(bytes, pos, true) else {
                    return JsonArray::Invalid;
                };
                strings.push(JsonElement {
                    range: TextRange::new(start, end),
                    value,
                });
                pos = end;
            } else {
                let Some(end) = skip_value(bytes, pos) else {
                    return JsonArray::Invalid;
                };
                offending.get_or_insert(TextRange::new(start, end));
                pos = end;
            }
            pos = skip_ws(bytes, pos);
            match bytes.get(pos) {
                Some(b',') => pos = skip_ws(bytes, pos + 1),
                Some(b']') => {
                    pos += 1;
                    break;
                }
                _ => return JsonArray::Invalid,
            }
        }
    }
    if skip_ws(bytes, pos) != bytes.len() {
        return JsonArray::Invalid;
    }
    match offending {
        None => JsonArray::Strings(strings),
        Some(offending) => JsonArray::NotStrings { strings, offending },
    }
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while matches!(bytes.get(pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        pos += 1;
    }
    pos
}

/// Skips any JSON value starting at `pos`; returns the offset after it.
fn skip_value(bytes: &[u8], mut pos: usize) -> Option<usize> {
    let mut stack: Vec<u8> = Vec::new();
    loop {
        pos = skip_ws(bytes, pos);
        match *bytes.get(pos)? {
            b'"' => pos = scan_string(bytes, pos, false)?.0,
            open @ (b'[' | b'{') => {
                pos = skip_ws(bytes, pos + 1);
                let close = if open == b'[' { b']' } else { b'}' };
                if bytes.get(pos) == Some(&close) {
                    pos += 1;
                } else {
                    stack.push(open);
                    if open == b'{' {
                        pos = skip_object_key(bytes, pos)?;
                    }
                    continue;
                }
            }
            b't' => pos = expect_literal(bytes, pos, b"true")?,
            b'f' => pos = expect_literal(bytes, pos, b"false")?,
            b'n' => pos = expect_literal(bytes, pos, b"null")?,
            b'-' | b'0'..=b'9' => pos = scan_number(bytes, pos)?,
            _ => return None,
        }
        // A value ended: close finished containers, or move to the next element.
        loop {
            let Some(&top) = stack.last() else {
                return Some(pos);
            };
            pos = skip_ws(bytes, pos);
            match (top, *bytes.get(pos)?) {
                (_, b',') => {
                    pos += 1;
                    if top == b'{' {
                        pos = skip_object_key(bytes, pos)?;
                    }
                    break;
                }
                (b'[', b']') | (b'{', b'}') => {
                    pos += 1;
                    stack.pop();
                }
                _ => return None,
            }
        }
    }
}

/// `"key" :` inside an object.
fn skip_object_key(bytes: &[u8], pos: usize) -> Option<usize> {
    let pos = skip_ws(bytes, pos);
    if bytes.get(pos) != Some(&b'"') {
        return None;
    }
    let pos = skip_ws(bytes, scan_string(bytes, pos, false)?.0);
    (bytes.get(pos) == Some(&b':')).then_some(pos + 1)
}

fn expect_literal(bytes: &[u8], pos: usize, literal: &[u8]) -> Option<usize> {
    bytes
        .get(pos..pos + literal.len())
        .filter(|it| *it == literal)
        .map(|_| pos + literal.len())
}

fn scan_number(bytes: &[u8], mut pos: usize) -> Option<usize> {
    let digits = |bytes: &[u8], mut pos: usize| {
        let start = pos;
        while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        (pos > start).then_some(pos)
    };
    if bytes.get(pos) == Some(&b'-') {
        pos += 1;
    }
    match bytes.get(pos) {
        Some(b'0') => pos += 1,
        Some(b'1'..=b'9') => pos = digits(bytes, pos)?,
        _ => return None,
    }
    if bytes.get(pos) == Some(&b'.') {
        pos = digits(bytes, pos + 1)?;
    }
    if matches!(bytes.get(pos), Some(b'e' | b'E')) {
        pos += 1;
        if matches!(bytes.get(pos), Some(b'+' | b'-')) {
            pos += 1;
        }
        pos = digits(bytes, pos)?;
    }
    Some(pos)
}

/// Scans the string literal at `pos` (which holds `"`). Returns the offset
/// after the closing quote and, when `decode` is set, the decoded value.
fn scan_string(bytes: &[u8], pos: usize, decode: bool) -> Option<(usize, String)> {
    let mut out: Vec<u8> = Vec::new();
    let mut pos = pos + 1;
    loop {
        let b = *bytes.get(pos)?;
        match b {
            b'"' => {
                let value = if decode {
                    String::from_utf8_lossy(&out).into_owned()
                } else {
                    String::new()
                };
                return Some((pos + 1, value));
            }
            b'\\' => {
                let esc = *bytes.get(pos + 1)?;
                pos += 2;
                let simple = match esc {
                    b'"' => Some(b'"'),
                    b'\\' => Some(b'\\'),
                    b'/' => Some(b'/'),
                    b'b' => Some(0x08),
                    b'f' => Some(0x0C),
                    b'n' => Some(b'\n'),
                    b'r' => Some(b'\r'),
                    b't' => Some(b'\t'),
                    b'u' => None,
                    _ => return None,
                };
                if let Some(it) = simple {
                    out.push(it);
                    continue;
                }
                let unit = hex4(bytes, pos)?;
                pos += 4;
                let c = if (0xD800..0xE000).contains(&unit) {
                    // Go pairs a surrogate with a following `\uXXXX` only
                    // when the two form a valid pair; otherwise U+FFFD.
                    let low = (bytes.get(pos) == Some(&b'\\') && bytes.get(pos + 1) == Some(&b'u'))
                        .then(|| hex4(bytes, pos + 2))
                        .flatten();
                    match low {
                        Some(low)
                            if (0xD800..0xDC00).contains(&unit)
                                && (0xDC00..0xE000).contains(&low) =>
                        {
                            pos += 6;
                            let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
                        }
                        _ => char::REPLACEMENT_CHARACTER,
                    }
                } else {
                    char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER)
                };
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            0x00..=0x1F => return None,
            _ => {
                out.push(b);
                pos += 1;
            }
        }
    }
}

fn hex4(bytes: &[u8], pos: usize) -> Option<u32> {
    let digits = bytes.get(pos..pos + 4)?;
    let text = std::str::from_utf8(digits).ok()?;
    if !text.bytes().all(|it| it.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(text, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> JsonArray {
        parse_array(text, TextRange::new(0, text.len()))
    }

    fn strings(text: &str) -> Option<Vec<String>> {
        match parse(text) {
            JsonArray::Strings(it) => Some(it.into_iter().map(|it| it.value).collect()),
            _ => None,
        }
    }

    #[test]
    fn decodes_strings_like_go() {
        assert_eq!(strings("[]"), Some(vec![]));
        assert_eq!(
            strings(r#"[ "a" , "b" ]"#),
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            strings(r#"["\" \\ \/ \b \f \n \r \t \u0000"]"#),
            Some(vec!["\" \\ / \u{8} \u{c} \n \r \t \0".into()])
        );
        assert_eq!(strings(r#"["\ud83d\ude00"]"#), Some(vec!["😀".into()]));
        assert_eq!(strings(r#"["\ud83dx"]"#), Some(vec!["\u{FFFD}x".into()]));
    }

    #[test]
    fn syntax_errors_are_invalid() {
        for text in [
            "['a']",
            r#"["a""#,
            r#"["a"] x"#,
            r#"["a",]"#,
            r#"["\q"]"#,
            "[01]",
            "[\"a\tb\"]",
            r#"["a", {b: 1}]"#,
        ] {
            assert_eq!(parse(text), JsonArray::Invalid, "{text}");
        }
    }

    #[test]
    fn non_strings_are_reported() {
        let text = r#"[ "echo", [ "nested json" ] ]"#;
        match parse(text) {
            JsonArray::NotStrings { strings, offending } => {
                assert_eq!(strings.len(), 1);
                assert_eq!(offending.slice(text), r#"[ "nested json" ]"#);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse(r#"[1, true, null, {"a": [1, {"b": -1.5e3}]}]"#),
            JsonArray::NotStrings { .. }
        ));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = format!("[{}{}]", "[".repeat(200_000), "]".repeat(200_000));
        assert!(matches!(parse(&text), JsonArray::NotStrings { .. }));
    }
}
