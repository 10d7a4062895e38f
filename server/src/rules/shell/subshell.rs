//! Which commands of a script run in a subshell, where a `cd` (or `set`,
//! `export`) ends with the subshell.
//!
//! The script splitter gives each command its nesting depth but counts `( )`
//! and `{ }` alike. The brackets sit between commands, so this walks the
//! text between the commands (skipping quotes, comments, substitutions,
//! arithmetic and heredoc bodies, and telling `case` pattern parentheses
//! apart), and trusts the result only when its bracket count agrees with
//! the splitter's depth for every command.

use crate::syntax::{script::Command, TextRange};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Paren,
    Brace,
    Case(CaseState),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseState {
    /// Before `in`.
    Head,
    /// Reading `pat | pat )`.
    Pattern,
    Body,
}

/// For each command, in the order given: `Some(true)` when it runs in a
/// subshell (`( )`, `$( )`, backticks, `<( )`), `Some(false)` when not,
/// `None` when the brackets could not be matched with confidence.
pub(super) fn in_subshell(text: &str, commands: &[Command]) -> Vec<Option<bool>> {
    let mut res = vec![None; commands.len()];
    let mut skip: Vec<TextRange> = commands
        .iter()
        .flat_map(|it| it.redirections.iter().filter_map(|r| r.body))
        .collect();
    skip.sort_by_key(|it| it.start());
    let mut order: Vec<usize> = (0..commands.len())
        .filter(|&i| commands.get(i).is_some_and(|it| !it.in_substitution))
        .collect();
    order.sort_by_key(|&i| commands.get(i).map_or(0, |it| it.range.start()));
    let mut frames: Vec<Frame> = Vec::new();
    let mut pos = 0;
    let mut ok = true;
    for &i in &order {
        let Some(command) = commands.get(i) else {
            continue;
        };
        let start = command.range.start();
        if start > pos {
            ok &= scan(text, pos, start, &skip, &mut frames);
        }
        let depth = frames
            .iter()
            .filter(|it| matches!(it, Frame::Paren | Frame::Brace))
            .count();
        if ok && u32::try_from(depth).ok() == Some(command.depth) {
            if let Some(slot) = res.get_mut(i) {
                *slot = Some(frames.contains(&Frame::Paren));
            }
        }
        pos = pos.max(command.range.end());
    }
    for (slot, command) in res.iter_mut().zip(commands) {
        if command.in_substitution {
            *slot = Some(true);
        }
    }
    res
}

/// Reads the text between commands, updating the open brackets. Returns
/// false on something it cannot make sense of.
fn scan(text: &str, from: usize, to: usize, skip: &[TextRange], frames: &mut Vec<Frame>) -> bool {
    let bytes = text.as_bytes();
    let to = to.min(bytes.len());
    let mut i = from;
    let at = |i: usize| if i < to { bytes.get(i).copied() } else { None };
    while let Some(c) = at(i) {
        if let Some(body) = skip.iter().find(|it| it.contains(i)) {
            i = body.end().max(i + 1);
            continue;
        }
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'#' => {
                while at(i).is_some_and(|b| b != b'\n') {
                    i += 1;
                }
            }
            b'\\' => i += 2,
            b'\'' => {
                i += 1;
                while at(i).is_some_and(|b| b != b'\'') {
                    i += 1;
                }
                i += 1;
            }
            b'"' => {
                i += 1;
                while let Some(b) = at(i) {
                    match b {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                i += 1;
            }
            b'`' => {
                i += 1;
                while at(i).is_some_and(|b| b != b'`') {
                    i += 1;
                }
                i += 1;
            }
            b'$' if matches!(at(i + 1), Some(b'(' | b'{')) => {
                i = skip_balanced(bytes, i + 1, to);
            }
            b'(' if at(i + 1) == Some(b'(') => {
                // `(( ... ))` arithmetic: nothing runs inside.
                i = skip_balanced(bytes, i, to);
            }
            b'(' => {
                if !matches!(frames.last(), Some(Frame::Case(CaseState::Pattern))) {
                    frames.push(Frame::Paren);
                }
                i += 1;
            }
            b')' => {
                if let Some(Frame::Case(state @ CaseState::Pattern)) = frames.last_mut() {
                    *state = CaseState::Body;
                } else if !pop_through(frames, Frame::Paren) {
                    return false;
                }
                i += 1;
            }
            b';' => {
                let case_end = at(i + 1) == Some(b';') || at(i + 1) == Some(b'&');
                if case_end {
                    if let Some(Frame::Case(state)) = frames.last_mut() {
                        *state = CaseState::Pattern;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'&' | b'|' | b'<' | b'>' => i += 1,
            _ => {
                let start = i;
                while at(i).is_some_and(|b| !b" \t\r\n;&|()<>'\"`\\".contains(&b)) {
                    i += 1;
                }
                if i == start {
                    i += 1;
                    continue;
                }
                let word = text.get(start..i).unwrap_or("");
                if !keyword(word, frames) {
                    return false;
                }
            }
        }
    }
    true
}

/// Applies a reserved word; false on a closing word with nothing open.
fn keyword(word: &str, frames: &mut Vec<Frame>) -> bool {
    let in_pattern = matches!(frames.last(), Some(Frame::Case(CaseState::Pattern)));
    match word {
        "esac" => pop_through(frames, Frame::Case(CaseState::Body)),
        _ if in_pattern => true,
        "{" => {
            frames.push(Frame::Brace);
            true
        }
        "}" => pop_through(frames, Frame::Brace),
        "case" => {
            frames.push(Frame::Case(CaseState::Head));
            true
        }
        "in" => {
            if let Some(Frame::Case(state @ CaseState::Head)) = frames.last_mut() {
                *state = CaseState::Pattern;
            }
            true
        }
        _ => true,
    }
}

/// Pops frames through the innermost one of `kind` (any `case` state
/// matches a `case`); false when there is none.
fn pop_through(frames: &mut Vec<Frame>, kind: Frame) -> bool {
    let same = |it: &Frame| match (it, kind) {
        (Frame::Case(_), Frame::Case(_)) => true,
        _ => *it == kind,
    };
    let Some(at) = frames.iter().rposition(same) else {
        return false;
    };
    frames.truncate(at);
    true
}

/// From an opening `(` or `{` at `open`, the offset after its match.
fn skip_balanced(bytes: &[u8], open: usize, to: usize) -> usize {
    let (left, right) = match bytes.get(open) {
        Some(b'{') => (b'{', b'}'),
        _ => (b'(', b')'),
    };
    let mut depth = 0usize;
    let mut i = open;
    while i < to {
        match bytes.get(i).copied() {
            Some(b'\\') => i += 1,
            Some(b'\'') => {
                i += 1;
                while i < to && bytes.get(i) != Some(&b'\'') {
                    i += 1;
                }
            }
            Some(c) if c == left => depth += 1,
            Some(c) if c == right => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    to
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::script::parse_script;

    fn cd_subshell(text: &str) -> Vec<Option<bool>> {
        let script = parse_script(text);
        let all = in_subshell(text, &script.commands);
        script
            .commands
            .iter()
            .zip(all)
            .filter(|(it, _)| it.name() == Some("cd"))
            .map(|(_, it)| it)
            .collect()
    }

    #[test]
    fn tells_subshells_from_groups() {
        assert_eq!(cd_subshell("cd /x && make"), vec![Some(false)]);
        assert_eq!(cd_subshell("(cd /x && make) && ls"), vec![Some(true)]);
        assert_eq!(cd_subshell("{ cd /x && make; } && ls"), vec![Some(false)]);
        assert_eq!(cd_subshell("echo $(cd /x && pwd)"), vec![Some(true)]);
        assert_eq!(
            cd_subshell("for d in a b; do (cd \"$d\" && make); done"),
            vec![Some(true)]
        );
        assert_eq!(
            cd_subshell("if [ -d x ]; then cd x; fi; ( if true; then cd y; fi )"),
            vec![Some(false), Some(true)]
        );
        assert_eq!(
            cd_subshell("case $1 in a) cd /a;; (b) (cd /b);; esac"),
            vec![Some(false), Some(true)]
        );
        assert_eq!(
            cd_subshell("{ (cd /a); cd /b; }"),
            vec![Some(true), Some(false)]
        );
        assert_eq!(cd_subshell("cat <<X\n(((\nX\ncd /a"), vec![Some(false)]);
        assert_eq!(cd_subshell("f() { cd /a; }; (f)"), vec![Some(false)]);
    }
}
