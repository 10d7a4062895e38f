//! The small glob dialect the knowledge base uses for repository and tag
//! patterns: `*` (any run of characters except `/`), `?` (one character
//! except `/`) and `[...]` classes (`[0-9]`, `[!a-z]`). Hand-written
//! because the table needs nothing more and a `/`-respecting `*` is the
//! one property that matters: `gcr.io/distroless/*` must not swallow
//! `gcr.io/distroless/java/extra`.

use std::fmt;

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    source: String,
    tokens: Vec<Token>,
}

/// Why a pattern was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobError {
    pub pattern: String,
    pub reason: &'static str,
}

impl Glob {
    pub fn new(pattern: &str) -> Result<Glob, GlobError> {
        let fail = |reason| GlobError {
            pattern: pattern.to_string(),
            reason,
        };
        if pattern.is_empty() {
            return Err(fail("empty pattern"));
        }
        let chars: Vec<char> = pattern.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '*' => tokens.push(Token::Star),
                '?' => tokens.push(Token::Any),
                '[' => {
                    let (class, next) =
                        parse_class(&chars, i + 1).ok_or_else(|| fail("bad [class]"))?;
                    tokens.push(class);
                    i = next;
                    continue;
                }
                ']' => return Err(fail("unmatched ']'")),
                c => tokens.push(Token::Lit(c)),
            }
            i += 1;
        }
        Ok(Glob {
            source: pattern.to_string(),
            tokens,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the whole of `text` matches.
    pub fn matches(&self, text: &str) -> bool {
        // Dynamic programming over (token, char) keeps this linear in the
        // pattern times the text, whatever the number of stars.
        let text: Vec<char> = text.chars().collect();
        let mut reachable = vec![false; text.len() + 1];
        reachable[0] = true;
        for token in &self.tokens {
            let mut next = vec![false; text.len() + 1];
            for j in 0..=text.len() {
                if !reachable[j] {
                    continue;
                }
                match token {
                    Token::Star => {
                        next[j] = true;
                        let mut k = j;
                        while k < text.len() && text[k] != '/' {
                            k += 1;
                            next[k] = true;
                        }
                    }
                    _ if j < text.len() && token.accepts(text[j]) => next[j + 1] = true,
                    _ => {}
                }
            }
            reachable = next;
        }
        reachable[text.len()]
    }

    /// A string this pattern matches, with each wildcard filled by
    /// `filler` (or the first member of a class). Used to check that
    /// nothing earlier in the table shadows an entry.
    pub fn sample(&self, filler: &str) -> String {
        let mut out = String::new();
        for token in &self.tokens {
            match token {
                Token::Lit(c) => out.push(*c),
                Token::Star => out.push_str(filler),
                Token::Any => out.push('x'),
                Token::Class { negated, ranges } => {
                    let pick = if *negated {
                        ('a'..='z').find(|c| !ranges.iter().any(|(lo, hi)| (lo..=hi).contains(&c)))
                    } else {
                        ranges.first().map(|(lo, _)| *lo)
                    };
                    out.push(pick.unwrap_or('x'));
                }
            }
        }
        out
    }
}

impl fmt::Display for Glob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl fmt::Display for GlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid pattern {:?}: {}", self.pattern, self.reason)
    }
}

impl std::error::Error for GlobError {}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Lit(char),
    Star,
    Any,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl Token {
    fn accepts(&self, c: char) -> bool {
        match self {
            Token::Lit(l) => *l == c,
            Token::Star => c != '/',
            Token::Any => c != '/',
            Token::Class { negated, ranges } => {
                c != '/' && ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated
            }
        }
    }
}

/// Parses the inside of a `[...]` class starting after the `[`; returns
/// the token and the index just past the closing `]`.
fn parse_class(chars: &[char], mut i: usize) -> Option<(Token, usize)> {
    let negated = matches!(chars.get(i), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    loop {
        let c = *chars.get(i)?;
        if c == ']' {
            break;
        }
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|e| *e != ']') {
            let hi = chars[i + 2];
            if hi < c {
                return None;
            }
            ranges.push((c, hi));
            i += 3;
        } else {
            ranges.push((c, c));
            i += 1;
        }
    }
    if ranges.is_empty() {
        return None;
    }
    Some((Token::Class { negated, ranges }, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn glob(p: &str) -> Glob {
        Glob::new(p).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn star_stays_within_a_path_segment() {
        let g = glob("gcr.io/distroless/static*");
        assert!(g.matches("gcr.io/distroless/static"));
        assert!(g.matches("gcr.io/distroless/static-debian12"));
        assert!(!g.matches("gcr.io/distroless/static/extra"));
        assert!(glob("registry.access.redhat.com/ubi*/ubi")
            .matches("registry.access.redhat.com/ubi9/ubi"));
        assert!(!glob("a*").matches("ab/c"));
    }

    #[test]
    fn tag_patterns() {
        let alpine = glob("*alpine*");
        for t in ["alpine", "1-alpine", "1.22.3-alpine3.19", "alpine3.20"] {
            assert!(alpine.matches(t), "{t}");
        }
        assert!(!alpine.matches("bookworm"));
        let jre_alpine = glob("*jre*alpine*");
        assert!(jre_alpine.matches("21-jre-alpine-3.24"));
        assert!(!jre_alpine.matches("21-jdk-alpine"));
        assert!(glob("*").matches(""));
        assert!(glob("22.04*").matches("22.04"));
    }

    #[test]
    fn classes_and_question_marks() {
        let g = glob("ubi[0-9]*");
        assert!(g.matches("ubi9"));
        assert!(g.matches("ubi10-minimal"));
        assert!(!g.matches("ubix"));
        assert!(glob("[!0-9]x").matches("ax"));
        assert!(!glob("[!0-9]x").matches("1x"));
        assert!(glob("a?c").matches("abc"));
        assert!(!glob("a?c").matches("a/c"));
    }

    #[test]
    fn rejects_malformed_patterns() {
        for bad in ["", "[", "[]", "a]", "[z-a]", "[abc"] {
            assert!(Glob::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn samples_match_their_pattern() {
        for p in [
            "golang",
            "*alpine*",
            "ubi[0-9]*",
            "gcr.io/distroless/nodejs*",
            "a?b",
            "[!0-9]z",
        ] {
            let g = glob(p);
            assert!(g.matches(&g.sample("x1")), "{p}");
            assert!(g.matches(&g.sample("")), "{p}");
        }
    }
}
