//! `EXPOSE` port specs split the way BuildKit's `convert_expose.go` does:
//! `[ip:][hostPort:]containerPort[/proto]`.

use std::net::IpAddr;

use super::util::stage_instructions;
use crate::{
    rules::RuleContext,
    syntax::{shell::Lexer, InstructionKind, TextRange},
};

/// One port spec, as far as BuildKit reads it before its checks run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PortSpec<'a> {
    pub ip: &'a str,
    pub host_port: &'a str,
    /// The container port or range, without the protocol.
    pub port: &'a str,
    /// The protocol as written, when there is one.
    pub proto: Option<&'a str>,
    /// Byte offsets into the spec of the container part and the protocol.
    pub port_at: usize,
    pub proto_at: usize,
}

/// Splits a spec; `None` when BuildKit fails on it before linting (no
/// container port, unknown protocol).
pub(super) fn split(spec: &str) -> Option<PortSpec<'_>> {
    let parts: Vec<&str> = spec.split(':').collect();
    let (ip, host_port, container) = match parts.as_slice() {
        [one] => ("", "", *one),
        [host, container] => ("", *host, *container),
        [ip, host, container] => (*ip, *host, *container),
        [.., host, container] => {
            let ip_len = spec.len() - host.len() - container.len() - 2;
            (&spec[..ip_len], *host, *container)
        }
        [] => return None,
    };
    let port_at = spec.len() - container.len();
    let (port, proto) = match container.split_once('/') {
        Some((port, proto)) => (port, Some(proto)),
        None => (container, None),
    };
    if port.is_empty() {
        return None;
    }
    if let Some(proto) = proto {
        let lower = proto.to_ascii_lowercase();
        if !matches!(lower.as_str(), "" | "tcp" | "udp" | "sctp") {
            return None;
        }
    }
    Some(PortSpec {
        ip,
        host_port,
        port,
        proto,
        port_at,
        proto_at: port_at + port.len() + 1,
    })
}

/// True when BuildKit accepts the whole spec.
pub(super) fn is_valid(spec: &PortSpec<'_>) -> bool {
    let ip_ok = match spec.ip {
        "" => true,
        ip => {
            let bare = ip
                .strip_prefix('[')
                .and_then(|it| it.strip_suffix(']'))
                .unwrap_or(ip);
            bare.parse::<IpAddr>().is_ok()
        }
    };
    let Some((start, end)) = port_range(spec.port) else {
        return false;
    };
    let host_ok = match spec.host_port {
        "" => true,
        host => port_range(host).is_some_and(|(hs, he)| he - hs == end - start || start == end),
    };
    ip_ok && host_ok
}

fn port_range(text: &str) -> Option<(u32, u32)> {
    let number = |it: &str| {
        (!it.is_empty() && it.bytes().all(|b| b.is_ascii_digit()))
            .then(|| it.parse::<u32>().ok())
            .flatten()
            .filter(|it| *it <= 65535)
    };
    match text.split_once('-') {
        None => number(text).map(|it| (it, it)),
        Some((start_text, end_text)) => {
            let start = number(start_text)?;
            if start_text == end_text {
                return Some((start, start));
            }
            let end = number(end_text)?;
            (end >= start).then_some((start, end))
        }
    }
}

/// Every port spec of every `EXPOSE` in a stage, after variable expansion,
/// with the word it comes from. `exact` is true when the word is the spec
/// as written (no variables, quotes or escapes), so offsets into the spec
/// are offsets into the source.
pub(super) struct Exposed {
    pub spec: String,
    pub range: TextRange,
    pub exact: bool,
}

pub(super) fn exposed(ctx: &RuleContext<'_>) -> Vec<Exposed> {
    let lexer = Lexer::new(ctx.parse.escape);
    let mut res = Vec::new();
    for (idx, instruction) in stage_instructions(ctx) {
        if instruction.kind != InstructionKind::Expose {
            continue;
        }
        let scope = ctx.model.scope_at(idx);
        let env = scope.env(&ctx.model.defs);
        for word in instruction.args.words() {
            let Ok(specs) = lexer.process_words(&word.text, &env) else {
                continue;
            };
            let source = ctx.slice(word.range);
            for spec in specs {
                let exact = spec == source;
                res.push(Exposed {
                    spec,
                    range: word.range,
                    exact,
                });
            }
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_buildkit() {
        let s = split("127.0.0.1:80:8080/TCP").unwrap();
        assert_eq!(
            (s.ip, s.host_port, s.port, s.proto),
            ("127.0.0.1", "80", "8080", Some("TCP"))
        );
        assert_eq!(s.port_at, 13);
        assert_eq!(s.proto_at, 18);
        let s = split("[::1]:80:80").unwrap();
        assert_eq!((s.ip, s.host_port, s.port), ("[::1]", "80", "80"));
        assert!(is_valid(&s));
        assert_eq!(split("80/foo"), None);
        assert_eq!(split("/tcp"), None);
        assert_eq!(split("80:"), None);
        assert!(is_valid(&split("8000-8010/udp").unwrap()));
        assert!(is_valid(&split("9000-9010:8000-8010").unwrap()));
        assert!(!is_valid(&split("9000-9011:8000-8010").unwrap()));
        assert!(is_valid(&split("9000-9011:8000").unwrap()));
        assert!(!is_valid(&split("bogus:80:80").unwrap()));
        assert!(!is_valid(&split("70000").unwrap()));
    }
}
