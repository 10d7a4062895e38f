//! Finding heredoc markers (`<<EOF`, `<<-'EOF'`, `3<<EOF`, `<< EOF`) on a
//! logical line, the way BuildKit does: split the whole line into shell
//! words with quotes, escapes and variables left as written, then match each
//! word against `[digits]<<[-][blanks]delimiter`.

use super::{lex::is_go_space, TextRange};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    /// The marker word in logical-line offsets.
    pub(crate) range: TextRange,
    pub(crate) name: String,
    pub(crate) fd: Option<u32>,
    pub(crate) chomp: bool,
    pub(crate) expand: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MarkerError {
    /// A delimiter with unbalanced quotes (`<<'EOF`).
    UnbalancedQuotes(TextRange),
}

/// Every heredoc marker on `line`, in order.
pub(crate) fn markers(line: &str) -> Result<Vec<Marker>, MarkerError> {
    let Some(words) = shell_words(line) else {
        // BuildKit ignores lexing errors here: no heredocs at all.
        return Ok(Vec::new());
    };
    let mut res = Vec::new();
    for range in words {
        if let Some(marker) = marker(range.slice(line), range)? {
            res.push(marker);
        }
    }
    Ok(res)
}

/// Splits a line into words at unquoted whitespace, keeping quotes,
/// escapes and `$` references verbatim, and gluing `<<` to the blanks and
/// word that follow it. `None` on unbalanced quotes or an unclosed `${`.
fn shell_words(line: &str) -> Option<Vec<TextRange>> {
    let mut res = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((idx, c)) = chars.next() {
        if is_go_space(c) {
            if let Some(start) = start.take() {
                res.push(TextRange::new(start, idx));
            }
            continue;
        }
        start.get_or_insert(idx);
        match c {
            '\\' => {
                chars.next();
            }
            '\'' => loop {
                let (_, next) = chars.next()?;
                if next == '\'' {
                    break;
                }
            },
            '"' => loop {
                let (_, next) = chars.next()?;
                match next {
                    '"' => break,
                    '\\' => {
                        chars.next();
                    }
                    _ => {}
                }
            },
            '$' if chars.peek().map(|it| it.1) == Some('{') => {
                let mut depth = 0usize;
                loop {
                    let (_, next) = chars.next()?;
                    match next {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            '<' if chars.peek().map(|it| it.1) == Some('<') => {
                chars.next();
                while chars.peek().is_some_and(|it| is_go_space(it.1)) {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    if let Some(start) = start {
        res.push(TextRange::new(start, line.len()));
    }
    Some(res)
}

/// Matches `^(\d*)<<(-?)\s*([^<]*)$` and reads the delimiter.
fn marker(word: &str, range: TextRange) -> Result<Option<Marker>, MarkerError> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let Some(after) = word[digits..].strip_prefix("<<") else {
        return Ok(None);
    };
    let (chomp, after) = match after.strip_prefix('-') {
        Some(after) => (true, after),
        None => (false, after),
    };
    let rest = after.trim_start_matches(['\t', '\n', '\u{0C}', '\r', ' ']);
    if rest.is_empty() || rest.contains('<') {
        return Ok(None);
    }
    let Some((name, quoted)) = unquote(rest) else {
        return Err(MarkerError::UnbalancedQuotes(range));
    };
    let Some(name) = name else {
        return Ok(None);
    };
    Ok(Some(Marker {
        range,
        name,
        fd: word[..digits].parse().ok(),
        chomp,
        expand: !quoted,
    }))
}

/// Shell quote removal on a delimiter. Returns `None` on unbalanced quotes,
/// `Some((None, _))` when the text is not exactly one word, else the word and
/// whether any part of it was quoted.
fn unquote(text: &str) -> Option<(Option<String>, bool)> {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if is_go_space(c) => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\\' => {
                in_word = true;
                if let Some(next) = chars.next() {
                    word.push(next);
                }
            }
            '\'' => {
                in_word = true;
                quoted = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        other => word.push(other),
                    }
                }
            }
            '"' => {
                in_word = true;
                quoted = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' if matches!(chars.peek(), Some('"' | '\\' | '$')) => {
                            if let Some(next) = chars.next() {
                                word.push(next);
                            }
                        }
                        other => word.push(other),
                    }
                }
            }
            other => {
                in_word = true;
                word.push(other);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    match <[String; 1]>::try_from(words) {
        Ok([name]) => Some((Some(name), quoted)),
        Err(_) => Some((None, quoted)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, bool, bool)> {
        markers(line)
            .unwrap_or_default()
            .into_iter()
            .map(|it| (it.name, it.chomp, it.expand))
            .collect()
    }

    #[test]
    fn finds_markers_like_buildkit() {
        let one = |name: &str, chomp, expand| vec![(name.to_owned(), chomp, expand)];
        assert_eq!(names("RUN <<EOF"), one("EOF", false, true));
        assert_eq!(names("RUN <<-EOF"), one("EOF", true, true));
        assert_eq!(names("RUN <<- EOF"), vec![]);
        assert_eq!(names("RUN << -EOF"), one("-EOF", false, true));
        assert_eq!(names("RUN <<  EOF  > foo"), one("EOF", false, true));
        assert_eq!(names("RUN <<'EOF'"), one("EOF", false, false));
        assert_eq!(names("RUN 4<<EOF"), one("EOF", false, true));
        assert_eq!(names("RUN <<eo'f'"), one("eof", false, false));
        assert_eq!(names(r"RUN <<eo\'f"), one("eo'f", false, true));
        assert_eq!(names(r"RUN <<'e'o\'f"), one("eo'f", false, false));
        assert_eq!(names("RUN <<'one two'"), one("one two", false, false));
        assert_eq!(names("RUN <<$EOF"), one("$EOF", false, true));
        assert_eq!(names("RUN '<<EOF'"), vec![]);
        assert_eq!(names(r#"RUN "<<EOF""#), vec![]);
        assert_eq!(names("RUN a<<EOF"), vec![]);
        assert_eq!(
            names("RUN <<F1 cat > a && <<F2 cat > b").len(),
            2,
            "several markers per line"
        );
        assert!(matches!(
            markers("RUN <<'EOF"),
            Ok(ref it) if it.is_empty()
        ));
    }

    #[test]
    fn fd_prefix_is_read() {
        let got = markers("RUN 3<<EOF").unwrap_or_default();
        assert_eq!(got.first().and_then(|it| it.fd), Some(3));
    }
}
