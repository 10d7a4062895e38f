//! EXPOSE port specs as BuildKit reads them (go-connections' `nat`):
//! `port[/proto]` and `start-end[/proto]`, proto `tcp`, `udp` or `sctp` in
//! any case. Specs with `:` (IPs, host mappings) are another check's.

use super::{common::word_sub_range, expand::Expander, go::parse_uint};
use crate::{
    rules::RuleContext,
    syntax::{InstructionKind, TextRange},
};

/// Every port problem of the file's `EXPOSE` lines, with its source range.
/// Variables are expanded first, as BuildKit does; a spec whose value is not
/// known for sure is skipped.
pub(super) fn issues(ctx: &RuleContext<'_>) -> Vec<(TextRange, PortIssue)> {
    let mut res = Vec::new();
    for (idx, instruction) in ctx.instructions_of(InstructionKind::Expose) {
        let expander = Expander::at(ctx, idx);
        for word in instruction.args.words() {
            if word.text.contains(':') {
                continue;
            }
            let plain = !word.text.contains(['$', '"', '\'', '\\', '`']);
            if plain {
                if let Some(issue) = check(&word.text) {
                    let range = word_sub_range(instruction, word, issue.start, issue.end);
                    res.push((range, issue));
                }
                continue;
            }
            let Some(value) = expander.known(&word.text) else {
                continue;
            };
            for spec in value.split_whitespace() {
                if let Some(mut issue) = check(spec) {
                    issue.message =
                        format!("{} (`{}` expands to `{value}`)", issue.message, word.text);
                    res.push((word.range, issue));
                }
            }
        }
    }
    res
}

/// What is wrong with one port spec, at `start..end` of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PortIssue {
    /// A number above 65535 (hadolint's DL3011); otherwise a format error.
    pub(super) out_of_range: bool,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) message: String,
}

/// The first problem with a spec, or `None` when BuildKit accepts it (or it
/// has a `:`, which is not this check's business).
pub(super) fn check(spec: &str) -> Option<PortIssue> {
    if spec.contains(':') {
        return None;
    }
    let (port, proto) = match spec.split_once('/') {
        Some((port, rest)) => (port, rest.split('/').next().unwrap_or("")),
        None => (spec, ""),
    };
    if port.is_empty() {
        return Some(format_issue(
            0,
            spec.len(),
            format!("`{spec}` has no port before the protocol (`80/tcp`)"),
        ));
    }
    if !proto.is_empty() && !matches!(proto.to_ascii_lowercase().as_str(), "tcp" | "udp" | "sctp") {
        let start = port.len() + 1;
        return Some(format_issue(
            start,
            start + proto.len(),
            format!("invalid protocol `{proto}`: EXPOSE takes `tcp`, `udp` or `sctp` (an application protocol such as http runs over tcp)"),
        ));
    }
    let (first, second) = match port.split_once('-') {
        Some((first, rest)) => (first, Some(rest.split('-').next().unwrap_or(""))),
        None => (port, None),
    };
    let start_port = number(first, 0)?;
    let Some(second) = second else {
        return start_port.err();
    };
    let offset = first.len() + 1;
    let end_port = number(second, offset)?;
    match (start_port, end_port) {
        (Err(issue), _) | (_, Err(issue)) => Some(issue),
        (Ok(start), Ok(end)) if end < start => Some(format_issue(
            0,
            port.len(),
            format!("port range `{port}` ends before it starts: write the lower port first (`{end}-{start}`)"),
        )),
        _ => None,
    }
}

/// `Some(Ok(n))` for a port, `Some(Err(..))` for a problem; the outer
/// `Option` is always `Some` (it lets `?` read nicely above).
fn number(text: &str, offset: usize) -> Option<Result<u64, PortIssue>> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Err(format_issue(
            offset,
            offset + text.len(),
            match text.is_empty() {
                true => "a port range needs a number on both sides of `-` (`8000-8010`)".into(),
                false => format!("`{text}` is not a port number: EXPOSE takes `port[/protocol]` or `from-to[/protocol]` (`8080`, `53/udp`, `8000-8010`)"),
            },
        )));
    }
    Some(match parse_uint(text, 10, 16) {
        Some(n) => Ok(n),
        None => Err(PortIssue {
            out_of_range: true,
            start: offset,
            end: offset + text.len(),
            message: format!(
                "port `{text}` is out of range: valid UNIX ports range from 0 to 65535"
            ),
        }),
    })
}

fn format_issue(start: usize, end: usize, message: String) -> PortIssue {
    PortIssue {
        out_of_range: false,
        start,
        end,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_what_buildkit_accepts() {
        for ok in [
            "80",
            "80/tcp",
            "53/udp",
            "8000-8010",
            "8080/sctp",
            "80/TCP",
            "0",
            "65535",
            "127.0.0.1:80:80",
            "80/",
        ] {
            assert_eq!(check(ok), None, "{ok}");
        }
    }

    #[test]
    fn rejects_the_rest() {
        let bad = |spec: &str| check(spec).expect(spec);
        assert!(!bad("abc").out_of_range);
        assert!(bad("99999").out_of_range);
        assert!(bad("70000-70010").out_of_range);
        assert!(bad("80-70000").out_of_range);
        assert!(!bad("80/http").out_of_range);
        assert!(!bad("8010-8000").out_of_range);
        assert!(!bad("/tcp").out_of_range);
        assert!(!bad("8000-").out_of_range);
        assert_eq!((bad("80/http").start, bad("80/http").end), (3, 7));
    }
}
