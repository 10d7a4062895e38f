//! Finding heredoc markers (`<<EOF`, `<<-'EOF'`, `3<<EOF`, `<< EOF`) on a
//! logical line, the way BuildKit does: split the whole line into shell
//! words with quotes, escapes and variables left as written, then match each
//! word against `[digits]<<[-][blanks]delimiter`.

use super::{shell::Lexer, TextRange};

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
    let lexer = Lexer {
        raw_quotes: true,
        raw_escapes: true,
        skip_unset_env: true,
        ..Lexer::new('\\')
    };
    // BuildKit ignores lexing errors here: no heredocs at all.
    let Ok(words) = lexer.process_words(line, &()) else {
        return Ok(Vec::new());
    };
    let mut res = Vec::new();
    let mut from = 0;
    for word in words {
        // With quotes, escapes and unset variables kept raw, every word is
        // a verbatim piece of the line, in order.
        let Some(at) = line.get(from..).and_then(|rest| rest.find(word.as_str())) else {
            continue;
        };
        let range = TextRange::new(from + at, from + at + word.len());
        from = range.end();
        if let Some(marker) = marker(&word, range)? {
            res.push(marker);
        }
    }
    Ok(res)
}

/// Matches `^(\d*)<<(-?)\s*([^<]*)$` and reads the delimiter: quote removal
/// must leave exactly one word, and any quoting turns expansion off.
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
    let lexer = Lexer {
        skip_unset_env: true,
        ..Lexer::new('\\')
    };
    let unquoted = lexer
        .process_words(rest, &())
        .map_err(|_| MarkerError::UnbalancedQuotes(range))?;
    let Ok([name]) = <[String; 1]>::try_from(unquoted) else {
        return Ok(None);
    };
    let raw = Lexer {
        raw_quotes: true,
        ..lexer
    }
    .process_words(rest, &())
    .map_err(|_| MarkerError::UnbalancedQuotes(range))?;
    let quotes = |text: &str| text.chars().filter(|c| matches!(c, '\'' | '"')).count();
    let expand = raw.first().is_some_and(|raw| quotes(raw) == quotes(&name));
    Ok(Some(Marker {
        range,
        name,
        fd: word[..digits].parse().ok(),
        chomp,
        expand,
    }))
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
