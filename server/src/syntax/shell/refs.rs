//! Finding variable references without expanding anything, for editor
//! features that must work on half-typed, invalid text. The walk follows the
//! lexer's rules for quotes, escapes and `${...}` words, but never fails: where
//! BuildKit would report an error, it records what it can and moves on.

use std::ops::Range;

use super::{char_at, name_end, scan_start, Lexer};

/// One `$NAME` or `${NAME...}` in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarReference {
    pub name: String,
    /// The whole reference: `$NAME`, or `${NAME...}` through its closing
    /// brace (to the end of the text when the brace never comes, or just past
    /// the name when an unsupported modifier follows it). Byte offsets.
    pub range: Range<usize>,
    /// Just NAME.
    pub name_range: Range<usize>,
    pub braced: bool,
    /// The operator after the name as written: `:-`, `-`, `:+`, `+`, `:?`,
    /// `?`, `#`, `##`, `%`, `%%`, `/` or `//`. BuildKit rejects `:#`, `:##`,
    /// `:%` and `:%%`, which are reported as written all the same.
    pub modifier: Option<String>,
}

impl VarReference {
    /// Positional (`$1`) and special (`$@`, `$$`, `$?`, ...) parameters, which
    /// BuildKit looks up like any other name but which a Dockerfile never
    /// sets.
    pub fn is_special(&self) -> bool {
        self.name
            .chars()
            .next()
            .is_some_and(|c| super::is_go_digit(c) || super::is_special_param(c))
    }
}

/// Every variable reference in `text`, in order of their `$`, nested ones
/// included. Single-quoted text holds no references; an escaped `$` is not
/// one. Never fails.
pub fn variable_references(text: &str, escape: char) -> Vec<VarReference> {
    Lexer::new(escape).variable_references(text)
}

/// What the walk is inside of.
#[derive(Debug, Clone, Copy)]
enum Frame {
    /// Unquoted text, either the top level or a `${...}` word ending at
    /// `stop`. `owner` is the reference whose word this is; `pattern` marks
    /// the pattern of a `/` form, which a replacement word follows.
    Word {
        stop: Option<char>,
        owner: Option<usize>,
        pattern: bool,
    },
    DoubleQuoted,
}

pub(super) fn collect(text: &str, escape: char, quotes: bool) -> Vec<VarReference> {
    let mut refs: Vec<VarReference> = Vec::new();
    // Nesting lives on this heap stack rather than the call stack, so deep
    // `${A:-${B:-...}}` cannot overflow anything.
    let mut stack = vec![Frame::Word {
        stop: None,
        owner: None,
        pattern: false,
    }];
    let mut pos = scan_start(text);
    while let (Some(&frame), Some(ch)) = (stack.last(), char_at(text, pos)) {
        match frame {
            Frame::Word {
                stop,
                owner,
                pattern,
            } => {
                if Some(ch) == stop {
                    pos += ch.len_utf8();
                    stack.pop();
                    if pattern {
                        stack.push(Frame::Word {
                            stop: Some('}'),
                            owner,
                            pattern: false,
                        });
                    } else if let Some(reference) = owner.and_then(|i| refs.get_mut(i)) {
                        reference.range.end = pos;
                    }
                    continue;
                }
                pos = match ch {
                    '$' => dollar(text, pos, &mut refs, &mut stack),
                    '\'' if quotes => text
                        .get(pos + 1..)
                        .and_then(|rest| rest.find('\''))
                        .map_or(text.len(), |i| pos + 1 + i + 1),
                    '"' if quotes => {
                        stack.push(Frame::DoubleQuoted);
                        pos + 1
                    }
                    c if c == escape => skip_escaped(text, pos + c.len_utf8(), |_| true),
                    c => pos + c.len_utf8(),
                };
            }
            Frame::DoubleQuoted => {
                pos = match ch {
                    '"' => {
                        stack.pop();
                        pos + 1
                    }
                    '$' => dollar(text, pos, &mut refs, &mut stack),
                    c if c == escape => skip_escaped(text, pos + c.len_utf8(), |n| {
                        n == '"' || n == '$' || n == escape
                    }),
                    c => pos + c.len_utf8(),
                };
            }
        }
    }
    refs
}

/// Steps over the character after an escape if `escapable` says the escape
/// applies to it.
fn skip_escaped(text: &str, pos: usize, escapable: impl Fn(char) -> bool) -> usize {
    match char_at(text, pos) {
        Some(next) if escapable(next) => pos + next.len_utf8(),
        _ => pos,
    }
}

/// Handles the `$` at `start`; returns where scanning continues.
fn dollar(text: &str, start: usize, refs: &mut Vec<VarReference>, stack: &mut Vec<Frame>) -> usize {
    let after = start + 1;
    if char_at(text, after) != Some('{') {
        let end = name_end(text, after);
        if end > after {
            refs.push(reference(text, start..end, after..end, false, None));
        }
        return end;
    }
    let name_start = after + 1;
    match char_at(text, name_start) {
        // `${`, `${{`, `${}` and `${:` are errors with no name to report.
        None | Some('{' | '}' | ':') => return name_start,
        Some(_) => {}
    }
    let name_stop = name_end(text, name_start);
    let named = name_stop > name_start;
    let name_range = name_start..name_stop;
    let Some(op) = char_at(text, name_stop) else {
        if named {
            refs.push(reference(text, start..name_stop, name_range, true, None));
        }
        return name_stop;
    };
    if op == '}' {
        if named {
            refs.push(reference(
                text,
                start..name_stop + 1,
                name_range,
                true,
                None,
            ));
        }
        return name_stop + 1;
    }
    let mut modifier = String::from(op);
    let mut word_start = name_stop + 1;
    match op {
        ':' => match char_at(text, word_start) {
            // `${A:}` is an error; closing it here keeps a half-typed
            // modifier from swallowing the rest of the line.
            Some('}') | None => {
                if named {
                    let end = word_start + usize::from(char_at(text, word_start).is_some());
                    refs.push(reference(
                        text,
                        start..end,
                        name_range,
                        true,
                        Some(modifier),
                    ));
                }
                return word_start + usize::from(char_at(text, word_start).is_some());
            }
            Some(second) => {
                modifier.push(second);
                word_start += second.len_utf8();
                if matches!(second, '#' | '%') && char_at(text, word_start) == Some(second) {
                    modifier.push(second);
                    word_start += 1;
                }
            }
        },
        '#' | '%' | '/' => {
            if char_at(text, word_start) == Some(op) {
                modifier.push(op);
                word_start += 1;
            }
        }
        '+' | '-' | '?' => {}
        _ => {
            if named {
                refs.push(reference(text, start..name_stop, name_range, true, None));
            }
            return name_stop;
        }
    }
    let owner = if named {
        refs.push(reference(
            text,
            start..text.len(),
            name_range,
            true,
            Some(modifier.clone()),
        ));
        Some(refs.len() - 1)
    } else {
        None
    };
    let pattern = op == '/';
    stack.push(Frame::Word {
        stop: Some(if pattern { '/' } else { '}' }),
        owner,
        pattern,
    });
    word_start
}

fn reference(
    text: &str,
    range: Range<usize>,
    name_range: Range<usize>,
    braced: bool,
    modifier: Option<String>,
) -> VarReference {
    VarReference {
        name: text.get(name_range.clone()).unwrap_or("").to_owned(),
        range,
        name_range,
        braced,
        modifier,
    }
}
