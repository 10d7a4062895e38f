//! `WWW-Authenticate` challenges and Docker config credentials.

use std::path::Path;

use serde::Deserialize;

/// What a registry's 401 asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Challenge {
    Bearer {
        realm: String,
        service: Option<String>,
        scope: Option<String>,
    },
    Basic,
}

/// Parses one `WWW-Authenticate` value. Parameter values may be quoted and
/// contain commas (`scope="repository:a:pull,push"`), so this is a small
/// tokenizer rather than a split on ','.
pub(crate) fn parse_challenge(header: &str) -> Option<Challenge> {
    let header = header.trim();
    let (scheme, rest) = header
        .split_once(|c: char| c.is_ascii_whitespace())
        .unwrap_or((header, ""));
    if scheme.eq_ignore_ascii_case("basic") {
        return Some(Challenge::Basic);
    }
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let params = parse_params(rest);
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    Some(Challenge::Bearer {
        realm: get("realm").filter(|r| !r.is_empty())?,
        service: get("service"),
        scope: get("scope"),
    })
}

fn parse_params(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars
            .next_if(|c| c.is_ascii_whitespace() || *c == ',')
            .is_some()
        {}
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| *c != '=' && *c != ',') {
            key.push(c);
        }
        if key.is_empty() && chars.peek().is_none() {
            return out;
        }
        if chars.next_if_eq(&'=').is_none() {
            // A bare token without a value carries nothing we use.
            if chars.peek().is_none() {
                return out;
            }
            continue;
        }
        let mut value = String::new();
        if chars.next_if_eq(&'"').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| *c != ',') {
                value.push(c);
            }
            value = value.trim().to_string();
        }
        out.push((key.trim().to_string(), value));
    }
}

/// The value for an `Authorization: Basic` header for `registry`, from the
/// Docker config's `auths`. Credential helpers (`credsStore`,
/// `credHelpers`) and `identitytoken` (an OAuth2 refresh flow) are not
/// supported: both would mean running programs or flows the user did not
/// name in docklens's own settings.
pub(crate) fn docker_basic_credentials(config: &Path, registry: &str) -> Option<String> {
    let text = std::fs::read(config).ok()?;
    let parsed: DockerConfig = serde_json::from_slice(&text).ok()?;
    let wanted = candidate_keys(registry);
    let entry = parsed
        .auths
        .iter()
        .find(|(k, _)| wanted.contains(&normalize_auth_key(k)))
        .map(|(_, v)| v)?;
    if let Some(auth) = entry.auth.as_deref().filter(|a| !a.is_empty()) {
        return Some(auth.to_string());
    }
    let user = entry.username.as_deref().filter(|u| !u.is_empty())?;
    let pass = entry.password.as_deref().unwrap_or("");
    Some(base64(format!("{user}:{pass}").as_bytes()))
}

/// Docker keys Docker Hub as `https://index.docker.io/v1/`; everything else
/// by host, with or without a scheme.
fn candidate_keys(registry: &str) -> Vec<String> {
    let r = registry.to_ascii_lowercase();
    if r == "docker.io" || r == "registry-1.docker.io" || r == "index.docker.io" {
        vec![
            "index.docker.io".into(),
            "docker.io".into(),
            "registry-1.docker.io".into(),
        ]
    } else {
        vec![r]
    }
}

fn normalize_auth_key(key: &str) -> String {
    let k = key.trim();
    let k = k
        .strip_prefix("https://")
        .or_else(|| k.strip_prefix("http://"))
        .unwrap_or(k);
    k.split('/').next().unwrap_or(k).to_ascii_lowercase()
}

#[derive(Deserialize, Default)]
struct DockerConfig {
    #[serde(default)]
    auths: std::collections::BTreeMap<String, AuthEntry>,
}

#[derive(Deserialize, Default)]
struct AuthEntry {
    auth: Option<String>,
    username: Option<String>,
    password: Option<String>,
}

/// Standard base64 with padding; a dependency for twelve lines is not worth it.
pub(crate) fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Percent-encodes a query parameter value (RFC 3986 unreserved kept).
pub(crate) fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
