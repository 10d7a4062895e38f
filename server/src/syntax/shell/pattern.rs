//! Shell patterns for `${X#p}`, `${X%p}` and `${X/p/r}`, matched the way
//! BuildKit matches them: it rewrites the pattern into a Go regular expression
//! (`*` → `.*` or `.*?`, `?` → `.`, everything else literal, brackets
//! included) and runs Go's leftmost-first engine. We compile the same tiny
//! language into a Pike VM with the same thread priorities, so shortest and
//! longest matches, `.` refusing newlines, and empty-match handling in
//! replace-all all come out as Go's do, in time linear in the text for each
//! search.

/// One element of a converted pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Literal(char),
    /// `?`: any character but a newline.
    Any,
    /// `*`: any run of non-newline characters.
    Star,
}

#[derive(Debug, Clone, Copy)]
enum Inst {
    Char(char, usize),
    AnyButNewline(usize),
    /// Try the first branch before the second.
    Split(usize, usize),
    Match,
}

/// `${VAR#pattern}` (`longest` false) and `${VAR##pattern}` (true).
pub(super) fn trim_prefix(pattern: &str, value: &str, longest: bool) -> Result<String, String> {
    let program = compile(&tokenize(pattern)?, longest);
    let rest = match find(&program, value, 0, true) {
        Some((_, end)) => value.get(end..).unwrap_or(""),
        None => value,
    };
    Ok(rest.to_owned())
}

/// `${VAR%pattern}` and `${VAR%%pattern}`. BuildKit finds the shortest or
/// longest matching suffix by reversing both strings and trimming a prefix;
/// we do the same, which also reproduces how it treats escapes at the edges.
pub(super) fn trim_suffix(pattern: &str, value: &str, longest: bool) -> Result<String, String> {
    let reversed_value: String = value.chars().rev().collect();
    let trimmed = trim_prefix(&reverse_pattern(pattern), &reversed_value, longest)?;
    Ok(trimmed.chars().rev().collect())
}

/// `${VAR/pattern/replacement}` (`all` false) and `${VAR//pattern/replacement}`.
/// The first form splices the replacement in literally; the second goes
/// through Go's `ReplaceAllString`, so `$0`/`${0}` in the replacement mean the
/// whole match, `$$` means `$`, and any other `$name` means nothing.
pub(super) fn substitute(
    pattern: &str,
    value: &str,
    replacement: &str,
    all: bool,
) -> Result<String, String> {
    let program = compile(&tokenize(pattern)?, true);
    if !all {
        return Ok(match find(&program, value, 0, false) {
            Some((start, end)) => {
                let mut out = String::with_capacity(value.len() + replacement.len());
                out.push_str(value.get(..start).unwrap_or(""));
                out.push_str(replacement);
                out.push_str(value.get(end..).unwrap_or(""));
                out
            }
            None => value.to_owned(),
        });
    }

    let mut out = String::new();
    let mut last_end = 0;
    let mut search = 0;
    while search <= value.len() {
        let Some((start, end)) = find(&program, value, search, false) else {
            break;
        };
        out.push_str(value.get(last_end..start).unwrap_or(""));
        // An empty match right after a previous match is not replaced again;
        // otherwise `x*`-like patterns would insert twice.
        if end > last_end || start == 0 {
            expand_template(&mut out, replacement, value.get(start..end).unwrap_or(""));
        }
        last_end = end;
        let width = value
            .get(search..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
        search = if search + width > end {
            search + width
        } else if search + 1 > end {
            search + 1
        } else {
            end
        };
    }
    out.push_str(value.get(last_end..).unwrap_or(""));
    Ok(out)
}

/// BuildKit's pattern-to-regex conversion, minus the regex. A backslash may
/// only escape `*`, `?` or itself; before `}` or `/` it disappears because it
/// was only there to keep those from ending the `${...}`.
fn tokenize(pattern: &str) -> Result<Vec<Token>, String> {
    // Go's text/scanner drops a leading byte order mark here too.
    let pattern = pattern.strip_prefix('\u{FEFF}').unwrap_or(pattern);
    let mut tokens = Vec::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        tokens.push(match c {
            '*' => Token::Star,
            '?' => Token::Any,
            '\\' => {
                if matches!(chars.peek(), Some('}' | '/')) {
                    continue;
                }
                match chars.next() {
                    Some(escaped @ ('*' | '?' | '\\')) => Token::Literal(escaped),
                    Some(other) => return Err(format!("invalid escape '\\{other}'")),
                    None => return Err("invalid escape at end of pattern".to_owned()),
                }
            }
            other => Token::Literal(other),
        });
    }
    Ok(tokens)
}

/// Reverses a pattern while keeping each `\x` pair in order, so that the
/// reversed pattern matches the reversed text.
fn reverse_pattern(pattern: &str) -> String {
    let mut units: Vec<&str> = Vec::new();
    let mut rest = pattern;
    while let Some(first) = rest.chars().next() {
        let mut len = first.len_utf8();
        if first == '\\' {
            len += rest
                .get(len..)
                .and_then(|r| r.chars().next())
                .map_or(0, char::len_utf8);
        }
        let (unit, tail) = rest.split_at_checked(len).unwrap_or((rest, ""));
        units.push(unit);
        rest = tail;
    }
    units.iter().rev().copied().collect()
}

fn compile(tokens: &[Token], greedy: bool) -> Vec<Inst> {
    let mut program = Vec::with_capacity(tokens.len() * 2 + 1);
    for token in tokens {
        let here = program.len();
        match token {
            Token::Literal(c) => program.push(Inst::Char(*c, here + 1)),
            Token::Any => program.push(Inst::AnyButNewline(here + 1)),
            Token::Star => {
                let (body, next) = (here + 1, here + 2);
                program.push(if greedy {
                    Inst::Split(body, next)
                } else {
                    Inst::Split(next, body)
                });
                program.push(Inst::AnyButNewline(here));
            }
        }
    }
    program.push(Inst::Match);
    program
}

/// Leftmost-first search starting at byte `from`; `anchored` pins the match
/// start to `from`. Returns the byte range of the match.
fn find(program: &[Inst], text: &str, from: usize, anchored: bool) -> Option<(usize, usize)> {
    let mut rest = text.get(from..)?;
    let mut vm = Vm::new(program.len());
    let mut current: Vec<Thread> = Vec::new();
    let mut next: Vec<Thread> = Vec::new();
    let mut found = None;
    let mut pos = from;
    loop {
        // New attempts start with the lowest priority, after every thread
        // already running, which is what makes the search leftmost.
        if found.is_none() && (!anchored || pos == from) {
            vm.add(program, &mut current, 0, pos);
        }
        if current.is_empty() {
            break;
        }
        let ch = rest.chars().next();
        vm.next_generation();
        for thread in &current {
            match program.get(thread.pc) {
                Some(Inst::Match) => {
                    found = Some((thread.start, pos));
                    // Everything after this thread has lower priority.
                    break;
                }
                Some(Inst::Char(c, to)) if ch == Some(*c) => {
                    vm.add(program, &mut next, *to, thread.start);
                }
                Some(Inst::AnyButNewline(to)) if ch.is_some_and(|c| c != '\n') => {
                    vm.add(program, &mut next, *to, thread.start);
                }
                _ => {}
            }
        }
        current.clear();
        std::mem::swap(&mut current, &mut next);
        let Some(c) = ch else { break };
        pos += c.len_utf8();
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    found
}

#[derive(Debug, Clone, Copy)]
struct Thread {
    pc: usize,
    start: usize,
}

struct Vm {
    /// Generation in which each instruction was last added, so each shows
    /// up at most once per position.
    marks: Vec<usize>,
    generation: usize,
    stack: Vec<usize>,
}

impl Vm {
    fn new(len: usize) -> Vm {
        Vm {
            marks: vec![0; len],
            generation: 1,
            stack: Vec::new(),
        }
    }

    fn next_generation(&mut self) {
        self.generation += 1;
    }

    /// Adds the thread and everything reachable from it without consuming
    /// input, in priority order. An explicit stack keeps long patterns from
    /// recursing deeply.
    fn add(&mut self, program: &[Inst], list: &mut Vec<Thread>, pc: usize, start: usize) {
        self.stack.push(pc);
        while let Some(pc) = self.stack.pop() {
            let Some(mark) = self.marks.get_mut(pc) else {
                continue;
            };
            if *mark == self.generation {
                continue;
            }
            *mark = self.generation;
            match program.get(pc) {
                Some(Inst::Split(first, second)) => {
                    self.stack.push(*second);
                    self.stack.push(*first);
                }
                Some(_) => list.push(Thread { pc, start }),
                None => {}
            }
        }
    }
}

/// Go's `Regexp.Expand` for a pattern without capture groups.
fn expand_template(out: &mut String, template: &str, whole_match: &str) {
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('$') {
        out.push_str(before);
        rest = after;
        if let Some(after_dollar) = rest.strip_prefix('$') {
            out.push('$');
            rest = after_dollar;
            continue;
        }
        match template_name(rest) {
            Some((name, tail)) => {
                if name == "0" {
                    out.push_str(whole_match);
                }
                rest = tail;
            }
            None => out.push('$'),
        }
    }
    out.push_str(rest);
}

/// The `name` of a `$name` or `${name}` in a replacement template, and what
/// follows it.
fn template_name(s: &str) -> Option<(&str, &str)> {
    let (braced, body) = match s.strip_prefix('{') {
        Some(body) => (true, body),
        None => (false, s),
    };
    let len = body
        .find(|c: char| !(super::is_go_letter(c) || super::is_go_digit(c) || c == '_'))
        .unwrap_or(body.len());
    if len == 0 {
        return None;
    }
    let (name, tail) = body.split_at_checked(len)?;
    if braced {
        Some((name, tail.strip_prefix('}')?))
    } else {
        Some((name, tail))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverse_pattern_keeps_escape_pairs() {
        for (pattern, expected) in [
            ("a\\*c", "c\\*a"),
            ("\\\\\\ab", "b\\a\\\\"),
            ("ab\\", "\\ba"),
            ("👽\\🚀🖖", "🖖\\🚀👽"),
            ("\\\\b", "b\\\\"),
            ("", ""),
        ] {
            assert_eq!(reverse_pattern(pattern), expected, "{pattern}");
        }
    }

    #[test]
    fn invalid_escapes_are_rejected() {
        for pattern in ["\\", "\\x", "\\\\\\"] {
            assert!(tokenize(pattern).is_err(), "{pattern}");
        }
        assert_eq!(
            tokenize("(()[]{\\}^$.\\*\\?|\\\\"),
            Ok("(()[]{}^$.*?|\\".chars().map(Token::Literal).collect())
        );
    }

    #[test]
    fn shortest_and_longest() {
        assert_eq!(trim_prefix("*x*y", "xxyy", false).as_deref(), Ok("y"));
        assert_eq!(trim_prefix("*x*y", "xxyy", true).as_deref(), Ok(""));
        assert_eq!(trim_suffix("y*", "xxyy", false).as_deref(), Ok("xxy"));
        assert_eq!(trim_suffix("y*", "xxyy", true).as_deref(), Ok("xx"));
        assert_eq!(trim_prefix("a", "bab", false).as_deref(), Ok("bab"));
    }

    #[test]
    fn wildcards_do_not_cross_newlines() {
        assert_eq!(trim_prefix("*", "ab\ncd", true).as_deref(), Ok("\ncd"));
        assert_eq!(trim_prefix("a?c", "a\nc", true).as_deref(), Ok("a\nc"));
        assert_eq!(trim_prefix("a\nc", "a\ncd", true).as_deref(), Ok("d"));
    }

    #[test]
    fn replace_all_empty_matches() {
        assert_eq!(substitute("", "ab", "-", true).as_deref(), Ok("-a-b-"));
        assert_eq!(substitute("", "ab", "-", false).as_deref(), Ok("-ab"));
        assert_eq!(substitute("b*", "abc", "-", true).as_deref(), Ok("a-"));
        assert_eq!(substitute("*", "ab", "-", true).as_deref(), Ok("-"));
        assert_eq!(substitute("é", "éaé", "e", true).as_deref(), Ok("eae"));
    }

    #[test]
    fn replacement_templates() {
        let expand = |t: &str| {
            let mut out = String::new();
            expand_template(&mut out, t, "M");
            out
        };
        assert_eq!(expand("<$0>"), "<M>");
        assert_eq!(expand("<${0}>"), "<M>");
        assert_eq!(expand("$$0"), "$0");
        assert_eq!(expand("$1 $00 $x ${x} ${0"), "    ${0");
        assert_eq!(expand("$ $. ${}"), "$ $. ${}");
        assert_eq!(expand("$0abc"), "");
    }
}
