//! The value formats of hadolint's `label-schema` types: URL, RFC 3339
//! date-time, SPDX license expression, git commit hash, semantic version,
//! e-mail address. Each check returns why a value does not fit, or `None`.

use super::spdx;

/// An absolute URI (RFC 3986): a scheme, `:`, then only URI characters.
pub(super) fn url_problem(value: &str) -> Option<String> {
    let Some((scheme, rest)) = value.split_once(':') else {
        return Some("is not a URL: it has no scheme such as `https:`".into());
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Some("is not a URL: it has no scheme such as `https:`".into());
    }
    let bytes = rest.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let c = bytes[at];
        match c {
            b'%' => {
                let hex = bytes.get(at + 1..at + 3);
                if !hex.is_some_and(|it| it.iter().all(u8::is_ascii_hexdigit)) {
                    return Some("is not a valid URL: `%` must start a `%XX` escape".into());
                }
                at += 3;
                continue;
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => {}
            b'-' | b'.' | b'_' | b'~' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+'
            | b',' | b';' | b'=' | b':' | b'@' | b'/' | b'?' | b'#' | b'[' | b']' => {}
            _ => {
                let shown = rest[at..].chars().next().unwrap_or(' ');
                return Some(format!(
                    "is not a valid URL: `{shown}` must be percent-encoded"
                ));
            }
        }
        at += 1;
    }
    if rest.matches('#').count() > 1 {
        return Some("is not a valid URL: it has more than one `#`".into());
    }
    if let Some(authority) = rest.strip_prefix("//") {
        let end = authority.find(['/', '?', '#']).unwrap_or(authority.len());
        let host_port = authority[..end].rsplit('@').next().unwrap_or("");
        let port = match host_port.strip_prefix('[') {
            Some(v6) => v6.split_once(']').map(|(_, it)| it).unwrap_or("x"),
            None => host_port.find(':').map_or("", |it| &host_port[it..]),
        };
        if let Some(port) = port.strip_prefix(':') {
            if !port.chars().all(|c| c.is_ascii_digit()) {
                return Some(format!("is not a valid URL: port `{port}` is not a number"));
            }
        } else if !port.is_empty() {
            return Some("is not a valid URL: its host is malformed".into());
        }
    }
    None
}

/// An RFC 3339 date-time, as hadolint's parser accepts it: `T`/`t` between
/// date and time, fractional seconds, `Z`/`z` or a `±hh:mm` (or `±hhmm`) offset.
pub(super) fn rfc3339_problem(value: &str) -> Option<String> {
    const WHY: &str =
        "is not an RFC 3339 date-time such as `2025-01-31T12:00:00Z` (date, `T`, time, zone)";
    if rfc3339(value) {
        None
    } else {
        Some(WHY.into())
    }
}

fn rfc3339(value: &str) -> bool {
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !matches!(b.get(10), Some(b'T' | b't'))
    {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) = (digits(11..13), digits(14..16), digits(17..19))
    else {
        return false;
    };
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days || hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut rest = &value[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return false;
        }
        rest = &fraction[len..];
    }
    match rest {
        "Z" | "z" => true,
        _ => {
            let Some(offset) = rest.strip_prefix(['+', '-']) else {
                return false;
            };
            let (h, m) = match offset.len() {
                5 if offset.as_bytes()[2] == b':' => (&offset[..2], &offset[3..]),
                4 => (&offset[..2], &offset[2..]),
                _ => return false,
            };
            let num = |s: &str| {
                s.bytes()
                    .all(|c| c.is_ascii_digit())
                    .then(|| s.parse::<u32>().ok())
                    .flatten()
            };
            matches!((num(h), num(m)), (Some(h), Some(m)) if h < 24 && m < 60)
        }
    }
}

/// An SPDX license expression (`MIT`, `Apache-2.0 OR MIT`,
/// `GPL-2.0-or-later WITH Classpath-exception-2.0`, `LicenseRef-x`), with
/// identifiers from the SPDX license list.
pub(super) fn spdx_problem(value: &str) -> Option<String> {
    let tokens = tokenize(value);
    let mut parser = Spdx {
        tokens: &tokens,
        at: 0,
        deprecated: Vec::new(),
        unknown: Vec::new(),
    };
    let ok = parser.expression(0) && parser.at == tokens.len();
    if !ok {
        return Some(
            "is not an SPDX license expression such as `MIT` or `Apache-2.0 OR MIT`".into(),
        );
    }
    if let Some(id) = parser.unknown.first() {
        let hint = spdx::suggest(id)
            .map(|it| format!(" (did you mean `{it}`?)"))
            .unwrap_or_default();
        return Some(format!(
            "names `{id}`, which is not an SPDX license identifier{hint}"
        ));
    }
    if let Some(id) = parser.deprecated.first() {
        return Some(format!(
            "uses the deprecated SPDX identifier `{id}`; use `{id}-only` or `{id}-or-later`"
        ));
    }
    None
}

fn tokenize(value: &str) -> Vec<&str> {
    let mut res = Vec::new();
    let mut start = None;
    for (at, c) in value.char_indices() {
        match c {
            '(' | ')' => {
                if let Some(s) = start.take() {
                    res.push(&value[s..at]);
                }
                res.push(&value[at..at + 1]);
            }
            c if c.is_whitespace() => {
                if let Some(s) = start.take() {
                    res.push(&value[s..at]);
                }
            }
            _ => {
                start.get_or_insert(at);
            }
        }
    }
    if let Some(s) = start {
        res.push(&value[s..]);
    }
    res
}

struct Spdx<'a> {
    tokens: &'a [&'a str],
    at: usize,
    deprecated: Vec<&'a str>,
    unknown: Vec<&'a str>,
}

impl<'a> Spdx<'a> {
    fn peek(&self) -> Option<&'a str> {
        self.tokens.get(self.at).copied()
    }

    fn operator(&self, name: &str) -> bool {
        self.peek()
            .is_some_and(|it| it == name || it == name.to_ascii_lowercase())
    }

    /// `or := and ("OR" and)*`, `and := with ("AND" with)*`.
    fn expression(&mut self, depth: usize) -> bool {
        if depth > 32 {
            return false;
        }
        loop {
            loop {
                if !self.with(depth) {
                    return false;
                }
                if !self.operator("AND") {
                    break;
                }
                self.at += 1;
            }
            if !self.operator("OR") {
                return true;
            }
            self.at += 1;
        }
    }

    fn with(&mut self, depth: usize) -> bool {
        if !self.primary(depth) {
            return false;
        }
        if self.operator("WITH") {
            self.at += 1;
            return self.peek().is_some_and(|it| {
                self.at += 1;
                is_idstring(it)
            });
        }
        true
    }

    fn primary(&mut self, depth: usize) -> bool {
        let Some(token) = self.peek() else {
            return false;
        };
        self.at += 1;
        if token == "(" {
            return self.expression(depth + 1) && self.peek() == Some(")") && {
                self.at += 1;
                true
            };
        }
        if matches!(token, ")" | "AND" | "OR" | "WITH" | "and" | "or" | "with") {
            return false;
        }
        let id = token.strip_suffix('+').unwrap_or(token);
        if let Some(rest) = id.strip_prefix("LicenseRef-") {
            return is_idstring(rest);
        }
        if let Some(rest) = id.strip_prefix("DocumentRef-") {
            return rest
                .split_once(":LicenseRef-")
                .is_some_and(|(doc, lic)| is_idstring(doc) && is_idstring(lic));
        }
        if !is_idstring(id) {
            return false;
        }
        match spdx::lookup(id) {
            Some(spdx::Status::Current) => {}
            Some(spdx::Status::Deprecated) => self.deprecated.push(id),
            None => self.unknown.push(id),
        }
        true
    }
}

fn is_idstring(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// A git commit hash: lower-case hex, 7 to 40 digits (abbreviated or full
/// SHA-1) or 64 (SHA-256 repositories).
pub(super) fn git_hash_problem(value: &str) -> Option<String> {
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_digit() || ('a'..='f').contains(c)))
    {
        return Some(match c.is_ascii_hexdigit() {
            true => "is not a git commit hash: git writes hashes in lower-case hex".into(),
            false => format!("is not a git commit hash: `{c}` is not a hex digit"),
        });
    }
    match value.len() {
        7..=40 | 64 => None,
        len => Some(format!(
            "is not a git commit hash: {len} hex digits, where git writes 7 to 40 (or 64)"
        )),
    }
}

/// Semantic Versioning 2.0.0: `MAJOR.MINOR.PATCH[-pre][+build]`, no
/// leading zeros in numbers, no `v` prefix.
pub(super) fn semver_problem(value: &str) -> Option<String> {
    const WHY: &str = "is not a semantic version such as `1.4.2` or `2.0.0-rc.1`";
    if let Some(rest) = value.strip_prefix(['v', 'V']) {
        if semver(rest) {
            return Some(format!(
                "is not a semantic version: drop the `v` (`{rest}`)"
            ));
        }
    }
    if semver(value) {
        None
    } else {
        Some(WHY.into())
    }
}

fn semver(value: &str) -> bool {
    let (rest, build) = match value.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (value, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let numeric = |part: &str| {
        !part.is_empty()
            && part.bytes().all(|c| c.is_ascii_digit())
            && (part == "0" || !part.starts_with('0'))
    };
    let ident = |part: &str| {
        !part.is_empty() && part.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
    };
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() != 3 || !parts.iter().all(|it| numeric(it)) {
        return false;
    }
    if let Some(pre) = pre {
        let ok = pre
            .split('.')
            .all(|it| ident(it) && (!it.bytes().all(|c| c.is_ascii_digit()) || numeric(it)));
        if !ok {
            return false;
        }
    }
    build.is_none_or(|build| build.split('.').all(ident))
}

/// An RFC 5322 address (`addr-spec`): `local@domain`, with a dot-atom or
/// quoted local part and a dot-atom or `[literal]` domain. Display names
/// (`Jane <jane@example.com>`) are not addresses.
pub(super) fn email_problem(value: &str) -> Option<String> {
    if value.contains('<') || value.contains('>') {
        return Some(
            "is not an e-mail address: write only the address, without a name or `<...>`".into(),
        );
    }
    let Some((local, domain)) = value.rsplit_once('@') else {
        return Some("is not an e-mail address: it has no `@`".into());
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let dot_atom = |text: &str, allowed: &dyn Fn(char) -> bool| {
        !text.is_empty()
            && text
                .split('.')
                .all(|part| !part.is_empty() && part.chars().all(allowed))
    };
    let local_ok = match local.strip_prefix('"').and_then(|it| it.strip_suffix('"')) {
        Some(quoted) => !quoted.contains('"') || quoted.contains("\\\""),
        None => dot_atom(local, &atext),
    };
    if !local_ok {
        return Some(format!(
            "is not an e-mail address: `{local}` is not a valid local part"
        ));
    }
    let domain_ok = match domain.strip_prefix('[').and_then(|it| it.strip_suffix(']')) {
        Some(literal) => !literal.is_empty() && !literal.contains(['[', ']', '\\']),
        None => dot_atom(domain, &|c: char| c.is_ascii_alphanumeric() || c == '-'),
    };
    if !domain_ok {
        return Some(format!(
            "is not an e-mail address: `{domain}` is not a valid domain"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in [
            "https://example.com",
            "http://",
            "mailto:a@b.c",
            "urn:isbn:123",
            "https://example.com/a?b=c#d",
            "ftp://x",
            "HTTPS://X",
            "https://example.com:8080/x",
            "https://[::1]:80/",
            "https://example.com/a%20b",
        ] {
            assert_eq!(url_problem(ok), None, "{ok}");
        }
        for bad in [
            "example.com",
            "git@github.com:a/b",
            "https://exa mple.com",
            "https://x/%zz",
            "https://x:port/",
            "1http://x",
            "https://é.com",
        ] {
            assert!(url_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn rfc3339_as_hadolint_accepts_it() {
        for ok in [
            "2021-01-01T00:00:00Z",
            "2021-01-01T00:00:00+01:00",
            "2021-01-01t00:00:00z",
            "2021-01-01T00:00:00.123Z",
            "2021-01-01T00:00:60Z",
            "2021-01-01T00:00:00+0100",
            "2024-02-29T10:00:00-05:00",
        ] {
            assert_eq!(rfc3339_problem(ok), None, "{ok}");
        }
        for bad in [
            "2021-01-01 00:00:00Z",
            "2021-01-01",
            "2021-13-01T00:00:00Z",
            "2021-02-30T00:00:00Z",
            "2021-01-01T24:00:00Z",
            "2021-01-01T00:00:00",
            "2023-02-29T00:00:00Z",
            "2021-01-01T00:00:00.Z",
            "2021-01-01T00:00:00+1:00",
        ] {
            assert!(rfc3339_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn spdx_expressions() {
        for ok in [
            "MIT",
            "Apache-2.0",
            "GPL-2.0-only",
            "0BSD",
            "Apache-2.0 OR MIT",
            "(MIT OR Apache-2.0) AND BSD-3-Clause",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
            "LicenseRef-proprietary",
            "mit",
            "Apache-2.0+",
        ] {
            assert_eq!(spdx_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "MIT OR",
            "(MIT",
            "Apache 2.0",
            "The MIT License",
            "NOASSERTION",
            "GPL-2.0",
        ] {
            assert!(spdx_problem(bad).is_some(), "{bad}");
        }
        assert!(spdx_problem("GPL-2.0")
            .unwrap_or_default()
            .contains("deprecated"));
        assert!(spdx_problem("Apache2")
            .unwrap_or_default()
            .contains("Apache-2.0"));
    }

    #[test]
    fn git_hashes() {
        for ok in [
            "abcdef0",
            "0123456789012345678901234567890123456789",
            "abcdef01",
        ] {
            assert_eq!(git_hash_problem(ok), None, "{ok}");
        }
        for bad in ["ABCDEF0", "abc", "xyzxyzx", &"a".repeat(41)] {
            assert!(git_hash_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn semantic_versions() {
        for ok in [
            "1.2.3",
            "1.2.3-alpha.1",
            "1.2.3+build.5",
            "1.2.3-alpha.1+b",
            "0.0.0-dev",
        ] {
            assert_eq!(semver_problem(ok), None, "{ok}");
        }
        for bad in [
            "v1.2.3",
            "1.2",
            "1.2.3.4",
            "01.2.3",
            "1.2.3-01",
            "1.2.3-",
            "1.2.3-alpha..1",
            "1.2.3-al_pha",
            "1.2.3+",
        ] {
            assert!(semver_problem(bad).is_some(), "{bad}");
        }
        assert!(semver_problem("v1.2.3")
            .unwrap_or_default()
            .contains("drop the `v`"));
    }

    #[test]
    fn email_addresses() {
        for ok in [
            "a@b.c",
            "a@b",
            "a.b@c",
            "a@[1.2.3.4]",
            "first.last+tag@example.co.uk",
        ] {
            assert_eq!(email_problem(ok), None, "{ok}");
        }
        for bad in [
            "A B <a@b.c>",
            "a@@b",
            "a..b@c.d",
            ".a@b.c",
            "ab.c",
            "a@b..c",
            "a@",
        ] {
            assert!(email_problem(bad).is_some(), "{bad}");
        }
    }
}
