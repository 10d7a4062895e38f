//! `.dockerignore` read and matched exactly as `github.com/moby/patternmatcher`
//! (and its `ignorefile` reader) do it on Unix, for CopyIgnoredFile.
//!
//! Patterns are compiled the way `Pattern.compile` turns them into a Go
//! regexp, quirks included (`**` at the start makes a suffix match, `x/**` a
//! prefix match), and run on a small backtracking-free matcher instead of a
//! regex engine.

use super::buildkit::go_clean;

#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    pub patterns: Vec<Pattern>,
}

#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    /// The cleaned pattern, without the leading `!`.
    pub text: String,
    pub exclusion: bool,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Exact,
    Prefix,
    Suffix,
    Tokens(Vec<Token>),
}

#[derive(Debug, Clone)]
enum Token {
    Char(char),
    /// `[^/]*`
    Star,
    /// `[^/]`
    Question,
    /// `(.*/)?`
    Dirs,
    /// `.*`
    Any,
    /// A bracket expression.
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
    /// An unescaped `^`: in the Go regexp it anchors to the start.
    Caret,
}

/// Reads a `.dockerignore`. `None` when BuildKit could not build a matcher
/// from it (a malformed pattern, a lone `!`): the build fails then, and no
/// check runs.
pub(crate) fn parse(text: &str) -> Option<Matcher> {
    let mut patterns = Vec::new();
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        // Comments only count at the very start of the line.
        if line.starts_with('#') {
            continue;
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (exclusion, rest) = match line.strip_prefix('!') {
            Some(rest) => (true, rest.trim()),
            None => (false, line),
        };
        let mut cleaned = match rest.is_empty() {
            true => String::new(),
            false => go_clean(rest),
        };
        if cleaned.len() > 1 && cleaned.starts_with('/') {
            cleaned.remove(0);
        }
        // patternmatcher.New cleans once more and rejects a bare `!`.
        if cleaned.is_empty() {
            return None;
        }
        let cleaned = go_clean(&cleaned);
        if !valid_glob(&cleaned) {
            return None;
        }
        patterns.push(Pattern {
            kind: compile(&cleaned),
            text: cleaned,
            exclusion,
        });
    }
    Some(Matcher { patterns })
}

impl Matcher {
    pub(crate) fn has_exclusions(&self) -> bool {
        self.patterns.iter().any(|it| it.exclusion)
    }

    /// `MatchesOrParentMatches`: the pattern that excludes `file` (or one of
    /// its parent directories) and is not undone by a later `!` pattern.
    pub(crate) fn matches_or_parent_matches(&self, file: &str) -> Option<&Pattern> {
        let parent = go_dir(file);
        let parent_dirs: Vec<&str> = parent.split('/').collect();
        let mut matched: Option<&Pattern> = None;
        for pattern in &self.patterns {
            if pattern.exclusion != matched.is_some() {
                continue;
            }
            let mut hit = pattern.matches(file);
            if !hit && parent != "." {
                hit = (0..parent_dirs.len()).any(|i| pattern.matches(&parent_dirs[..=i].join("/")));
            }
            if hit {
                matched = match pattern.exclusion {
                    true => None,
                    false => Some(pattern),
                };
            }
        }
        matched
    }
}

impl Pattern {
    fn matches(&self, path: &str) -> bool {
        match &self.kind {
            Kind::Exact => path == self.text,
            Kind::Prefix => path.starts_with(&self.text[..self.text.len() - 2]),
            Kind::Suffix => {
                let suffix = &self.text[2..];
                path.ends_with(suffix) || suffix.strip_prefix('/') == Some(path)
            }
            Kind::Tokens(tokens) => run(tokens, path),
        }
    }
}

/// Go's `filepath.Dir` for slash paths.
fn go_dir(path: &str) -> String {
    match path.rfind('/') {
        Some(at) => go_clean(&path[..=at]),
        None => ".".into(),
    }
}

/// `Pattern.compile`, producing tokens instead of a regexp string.
fn compile(pattern: &str) -> Kind {
    #[derive(PartialEq)]
    enum Detected {
        Exact,
        Prefix,
        Suffix,
        Regexp,
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut detected = Detected::Exact;
    let mut pos = 0;
    let mut iteration = 0;
    while pos < chars.len() {
        let c = chars[pos];
        pos += 1;
        match c {
            '*' if chars.get(pos) == Some(&'*') => {
                pos += 1;
                if chars.get(pos) == Some(&'/') {
                    pos += 1;
                }
                if pos >= chars.len() {
                    if detected == Detected::Exact {
                        detected = Detected::Prefix;
                    } else {
                        tokens.push(Token::Any);
                        detected = Detected::Regexp;
                    }
                } else {
                    tokens.push(Token::Dirs);
                    detected = Detected::Regexp;
                }
                if iteration == 0 {
                    detected = Detected::Suffix;
                }
            }
            '*' => {
                tokens.push(Token::Star);
                detected = Detected::Regexp;
            }
            '?' => {
                tokens.push(Token::Question);
                detected = Detected::Regexp;
            }
            '\\' => match chars.get(pos) {
                Some(&next) => {
                    pos += 1;
                    tokens.push(Token::Char(next));
                    detected = Detected::Regexp;
                }
                None => tokens.push(Token::Char('\\')),
            },
            '[' => {
                detected = Detected::Regexp;
                match class(&chars, pos) {
                    Some((token, next)) => {
                        tokens.push(token);
                        pos = next;
                    }
                    None => tokens.push(Token::Char('[')),
                }
            }
            ']' => {
                tokens.push(Token::Char(']'));
                detected = Detected::Regexp;
            }
            '^' => tokens.push(Token::Caret),
            other => tokens.push(Token::Char(other)),
        }
        iteration += 1;
    }
    match detected {
        Detected::Exact => Kind::Exact,
        Detected::Prefix => Kind::Prefix,
        Detected::Suffix => Kind::Suffix,
        Detected::Regexp => Kind::Tokens(tokens),
    }
}

/// A bracket expression starting after `[` at `pos`: the token and the
/// position after `]`.
fn class(chars: &[char], mut pos: usize) -> Option<(Token, usize)> {
    let negated = chars.get(pos) == Some(&'^');
    if negated {
        pos += 1;
    }
    let mut ranges = Vec::new();
    loop {
        let c = *chars.get(pos)?;
        if c == ']' && !ranges.is_empty() {
            return Some((Token::Class { negated, ranges }, pos + 1));
        }
        let (lo, next) = class_char(chars, pos)?;
        pos = next;
        let mut hi = lo;
        if chars.get(pos) == Some(&'-') && chars.get(pos + 1) != Some(&']') {
            let (end, next) = class_char(chars, pos + 1)?;
            hi = end;
            pos = next;
        }
        ranges.push((lo, hi));
    }
}

fn class_char(chars: &[char], pos: usize) -> Option<(char, usize)> {
    match *chars.get(pos)? {
        '\\' => chars.get(pos + 1).map(|c| (*c, pos + 2)),
        c => Some((c, pos + 1)),
    }
}

/// What `filepath.Match(pattern, ".")` accepts: well-formed bracket
/// expressions and no trailing escape.
fn valid_glob(pattern: &str) -> bool {
    let chars: Vec<char> = pattern.chars().collect();
    let mut pos = 0;
    while pos < chars.len() {
        match chars[pos] {
            '\\' => {
                if pos + 1 >= chars.len() {
                    return false;
                }
                pos += 2;
            }
            '[' => {
                pos += 1;
                if chars.get(pos) == Some(&'^') {
                    pos += 1;
                }
                let mut ranges = 0;
                loop {
                    let Some(&c) = chars.get(pos) else {
                        return false;
                    };
                    if c == ']' && ranges > 0 {
                        pos += 1;
                        break;
                    }
                    let Some((lo, next)) = glob_char(&chars, pos) else {
                        return false;
                    };
                    pos = next;
                    if chars.get(pos) == Some(&'-') {
                        let Some((hi, next)) = glob_char(&chars, pos + 1) else {
                            return false;
                        };
                        if hi < lo {
                            return false;
                        }
                        pos = next;
                    }
                    ranges += 1;
                }
            }
            _ => pos += 1,
        }
    }
    true
}

/// One character of a `filepath.Match` range; `-` and `]` must be escaped.
fn glob_char(chars: &[char], pos: usize) -> Option<(char, usize)> {
    match *chars.get(pos)? {
        '-' | ']' => None,
        '\\' => chars.get(pos + 1).map(|c| (*c, pos + 2)),
        c => Some((c, pos + 1)),
    }
}

/// Runs the regexp `^tokens$` on `path` with a dynamic-programming table
/// (no backtracking, so no pathological inputs).
fn run(tokens: &[Token], path: &str) -> bool {
    let text: Vec<char> = path.chars().collect();
    let (nt, np) = (tokens.len(), text.len());
    // ok[i][j]: tokens[i..] match text[j..].
    let mut ok = vec![vec![false; np + 1]; nt + 1];
    ok[nt][np] = true;
    for i in (0..nt).rev() {
        for j in (0..=np).rev() {
            let here = text.get(j).copied();
            ok[i][j] = match &tokens[i] {
                Token::Char(c) => here == Some(*c) && ok[i + 1][j + 1],
                Token::Question => here.is_some_and(|c| c != '/') && ok[i + 1][j + 1],
                Token::Class { negated, ranges } => {
                    here.is_some_and(|c| {
                        ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi) != *negated
                    }) && ok[i + 1][j + 1]
                }
                Token::Star => ok[i + 1][j] || (here.is_some_and(|c| c != '/') && ok[i][j + 1]),
                Token::Any => ok[i + 1][j] || (here.is_some() && ok[i][j + 1]),
                Token::Dirs => ok[i + 1][j] || (j..np).any(|k| text[k] == '/' && ok[i + 1][k + 1]),
                Token::Caret => j == 0 && ok[i + 1][j],
            };
        }
    }
    ok[0][0]
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn ignored(dockerignore: &str, path: &str) -> bool {
        parse(dockerignore)
            .expect("valid")
            .matches_or_parent_matches(path)
            .is_some()
    }

    #[test]
    fn matches_like_patternmatcher() {
        assert!(ignored("*/tmp/*", "src/tmp/a.txt"));
        assert!(!ignored("*/tmp/*", "tmp/a.txt"));
        assert!(ignored("node_modules", "node_modules/x/y.js"));
        assert!(ignored("/node_modules/", "node_modules"));
        assert!(ignored("**/*.log", "a/b/c.log"));
        assert!(ignored("**/*.log", "c.log"));
        assert!(ignored("**/secret", "secret"));
        assert!(ignored("**/secret", "a/secret"));
        assert!(ignored("build/**", "build/x"));
        assert!(!ignored("build/**", "buildx"));
        assert!(ignored("a/**/b", "a/b"));
        assert!(ignored("a/**/b", "a/x/y/b"));
        assert!(ignored("*.md\n!README.md", "CHANGES.md"));
        assert!(!ignored("*.md\n!README.md", "README.md"));
        assert!(ignored("*\n!src\nsrc/gen", "src/gen/x.go"));
        assert!(!ignored("*\n!src\nsrc/gen", "src/main.go"));
        assert!(ignored("file[0-9].txt", "file3.txt"));
        assert!(!ignored("file[^0-9].txt", "file3.txt"));
        assert!(ignored("?.txt", "a.txt"));
        assert!(!ignored("?.txt", "ab.txt"));
        assert!(!ignored("# comment\n.git", "# comment"));
        assert!(ignored(" # not a comment", "# not a comment"));
        assert!(ignored("\u{FEFF}.git\r\n", ".git/HEAD"));
        assert!(ignored("**", "anything/at/all"));
        assert!(ignored("docs/./../.env", ".env"));
    }

    #[test]
    fn rejects_what_patternmatcher_rejects() {
        assert!(parse("!").is_none());
        assert!(parse("a[").is_none());
        assert!(parse("a[]").is_none());
        assert!(parse("a\\").is_none());
        assert!(parse("a[z-a]").is_none());
        assert!(parse("a[b-c]").is_some());
    }
}
