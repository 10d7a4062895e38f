//! Docker image references (`FROM golang:1.22-alpine@sha256:…`), parsed and
//! normalised the way `github.com/distribution/reference` does it in
//! `ParseNormalizedNamed`, because that is what Docker and BuildKit run on the
//! same string: a reference we accept or reject differently would make the
//! linter disagree with the build.
//!
//! The one deliberate addition is `scratch`: BuildKit treats the bare word as
//! "no base image" before it ever parses a reference, so we do too.

use std::fmt;
use std::str::FromStr;

/// The registry that references without a registry component resolve to.
pub const DOCKER_HUB: &str = "docker.io";

/// The longest repository path distribution/reference accepts (`library/`
/// prefix included, registry excluded).
pub const MAX_REPOSITORY_LEN: usize = 255;

/// A parsed, normalised image reference.
///
/// `registry` is empty only for `scratch` and for one legacy quirk kept for
/// fidelity: a first component that looks like a host (it has a `.`) but is
/// not a valid one, while the whole string is a valid path
/// (`my_registry.com/app`). distribution/reference then keeps the whole
/// string as the repository with no domain, and so do we.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageRef {
    /// `docker.io`, `gcr.io`, `localhost:5000`, … (empty for `scratch`).
    pub registry: String,
    /// The path inside the registry: `library/golang`, `distroless/static`.
    pub repository: String,
    /// The tag as written, if any (`latest` is not filled in).
    pub tag: Option<String>,
    /// The digest as written (`sha256:<64 hex>`), if any.
    pub digest: Option<String>,
}

/// Why a string is not a valid image reference. Offsets are byte offsets
/// into the string that was parsed, so a caller holding the `FROM`
/// argument's range can point a diagnostic at the exact character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// The reference is the empty string.
    Empty,
    /// A bare 64-hex string: Docker reads it as an image ID, never a name.
    IdentifierOnly,
    /// An uppercase letter in the repository path.
    Uppercase { offset: usize },
    /// The first component was taken as a registry host but is not one.
    InvalidRegistry { offset: usize },
    /// A repository path component breaks the `[a-z0-9]+([._-]…)` grammar
    /// (or is empty).
    InvalidRepository { offset: usize },
    /// The tag breaks `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
    InvalidTag { offset: usize },
    /// The digest is not `algorithm:hex` with at least 32 hex digits, or
    /// its hex is not lowercase for a known algorithm.
    InvalidDigest { offset: usize },
    /// The digest algorithm is well-formed but not one Docker can verify.
    UnsupportedDigest { offset: usize, algorithm: String },
    /// A known digest algorithm with the wrong number of hex digits.
    DigestLength {
        offset: usize,
        expected: usize,
        found: usize,
    },
    /// The repository path (with `library/`) is longer than 255 bytes.
    NameTooLong { len: usize },
}

impl ImageRef {
    /// Parses a reference exactly as `ParseNormalizedNamed` would, except
    /// that the bare word `scratch` yields [`ImageRef::scratch`].
    pub fn parse(s: &str) -> Result<ImageRef, RefError> {
        parse(s)
    }

    /// The empty base image of `FROM scratch`: no registry, not pullable.
    pub fn scratch() -> ImageRef {
        ImageRef {
            registry: String::new(),
            repository: SCRATCH.to_string(),
            tag: None,
            digest: None,
        }
    }

    pub fn is_scratch(&self) -> bool {
        self.registry.is_empty() && self.repository == SCRATCH
    }

    /// The name as Docker prints it: `golang`, `myorg/app`,
    /// `gcr.io/distroless/static`.
    pub fn familiar_name(&self) -> String {
        if self.registry == DOCKER_HUB {
            return match self.repository.strip_prefix(LIBRARY) {
                Some(rest) if !rest.contains('/') => rest.to_string(),
                _ => self.repository.clone(),
            };
        }
        self.name()
    }

    /// The fully qualified name without tag or digest:
    /// `docker.io/library/golang`.
    pub fn name(&self) -> String {
        if self.registry.is_empty() {
            self.repository.clone()
        } else {
            format!("{}/{}", self.registry, self.repository)
        }
    }

    /// The familiar form with tag and digest, the way it is best written
    /// back into a Dockerfile: `golang:1.22@sha256:…`.
    pub fn familiar(&self) -> String {
        with_suffixes(self.familiar_name(), self)
    }

    /// The tag, or `latest`, which is what Docker pulls when none is given.
    /// A digest-only reference also answers `latest` here, although the
    /// digest is what is actually pulled.
    pub fn tag_or_latest(&self) -> &str {
        self.tag.as_deref().unwrap_or("latest")
    }

    pub fn is_docker_hub(&self) -> bool {
        self.registry == DOCKER_HUB
    }

    /// A Docker Official Image (`docker.io/library/<name>`).
    pub fn is_official(&self) -> bool {
        self.is_docker_hub()
            && self
                .repository
                .strip_prefix(LIBRARY)
                .is_some_and(|rest| !rest.contains('/'))
    }
}

impl fmt::Display for ImageRef {
    /// The canonical form: `docker.io/library/golang:1.22@sha256:…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&with_suffixes(self.name(), self))
    }
}

impl FromStr for ImageRef {
    type Err = RefError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

impl RefError {
    /// Where in the parsed string the problem starts, when there is one
    /// place to point at.
    pub fn offset(&self) -> Option<usize> {
        match self {
            RefError::Empty | RefError::IdentifierOnly | RefError::NameTooLong { .. } => None,
            RefError::Uppercase { offset }
            | RefError::InvalidRegistry { offset }
            | RefError::InvalidRepository { offset }
            | RefError::InvalidTag { offset }
            | RefError::InvalidDigest { offset }
            | RefError::UnsupportedDigest { offset, .. }
            | RefError::DigestLength { offset, .. } => Some(*offset),
        }
    }
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The prefix is the one Docker prints, so users can search for it.
        match self {
            RefError::Empty => f.write_str(
                "invalid reference format: repository name must have at least one component",
            ),
            RefError::IdentifierOnly => f.write_str(
                "invalid repository name: cannot specify 64-byte hexadecimal strings",
            ),
            RefError::Uppercase { .. } => {
                f.write_str("invalid reference format: repository name must be lowercase")
            }
            RefError::InvalidRegistry { .. } => {
                f.write_str("invalid reference format: registry is not a valid host[:port]")
            }
            RefError::InvalidRepository { .. } => f.write_str(
                "invalid reference format: repository path components are lowercase letters and digits separated by '.', '_', '__' or '-'",
            ),
            RefError::InvalidTag { .. } => f.write_str(
                "invalid reference format: a tag is 1-128 letters, digits, '_', '.' or '-' and cannot start with '.' or '-'",
            ),
            RefError::InvalidDigest { .. } => f.write_str(
                "invalid reference format: a digest is 'algorithm:hex', e.g. sha256 followed by 64 lowercase hex digits",
            ),
            RefError::UnsupportedDigest { algorithm, .. } => write!(
                f,
                "unsupported digest algorithm '{algorithm}' (expected sha256, sha384 or sha512)"
            ),
            RefError::DigestLength {
                expected, found, ..
            } => write!(
                f,
                "invalid checksum digest length: expected {expected} hex digits, found {found}"
            ),
            RefError::NameTooLong { len } => write!(
                f,
                "invalid reference format: repository name must not be more than {MAX_REPOSITORY_LEN} characters (it is {len})"
            ),
        }
    }
}

impl std::error::Error for RefError {}

const SCRATCH: &str = "scratch";
const LIBRARY: &str = "library/";
const LEGACY_HUB: &str = "index.docker.io";
const LOCALHOST: &str = "localhost";
const MAX_TAG_LEN: usize = 128;

fn with_suffixes(mut out: String, r: &ImageRef) -> String {
    if let Some(tag) = &r.tag {
        out.push(':');
        out.push_str(tag);
    }
    if let Some(digest) = &r.digest {
        out.push('@');
        out.push_str(digest);
    }
    out
}

/// Where the registry came from, which decides both the normalisation and
/// which validation failure is reported.
enum Domain<'a> {
    /// No registry component: Docker Hub.
    Implicit,
    /// `index.docker.io` or `localhost`, accepted without the host grammar.
    Known(&'a str),
    /// Anything else taken as a host; it still has to be a valid one.
    Explicit(&'a str),
}

fn parse(s: &str) -> Result<ImageRef, RefError> {
    if s.is_empty() {
        return Err(RefError::Empty);
    }
    if s == SCRATCH {
        return Ok(ImageRef::scratch());
    }
    if s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(RefError::IdentifierOnly);
    }

    // Mirror splitDockerDomain: only the text before the first '/' can be
    // a registry, and only when it looks like one.
    let (domain, rest_at) = match s.find('/') {
        None => (Domain::Implicit, 0),
        Some(slash) => {
            let first = &s[..slash];
            if first == LOCALHOST || first == LEGACY_HUB {
                (Domain::Known(first), slash + 1)
            } else if first.contains(['.', ':']) || first.bytes().any(|b| b.is_ascii_uppercase()) {
                (Domain::Explicit(first), slash + 1)
            } else {
                (Domain::Implicit, 0)
            }
        }
    };
    let rest = &s[rest_at..];

    // distribution checks case on everything up to the first ':' of the
    // remainder (so "foo@SHA256:…" trips it too); keep that exact span.
    let remote = &rest[..rest.find(':').unwrap_or(rest.len())];
    if let Some(p) = remote.bytes().position(|b| b.is_ascii_uppercase()) {
        return Err(RefError::Uppercase {
            offset: rest_at + p,
        });
    }

    let path_end = rest.find([':', '@']).unwrap_or(rest.len());
    let path = &rest[..path_end];
    let (tag, digest) = split_suffixes(rest, path_end);

    let mut registry = match domain {
        Domain::Implicit => DOCKER_HUB.to_string(),
        Domain::Known(LEGACY_HUB) => DOCKER_HUB.to_string(),
        Domain::Known(host) => host.to_string(),
        Domain::Explicit(host) => host.to_string(),
    };
    let mut repository = path.to_string();
    if let Domain::Explicit(host) = domain {
        if !is_host_and_port(host) {
            // Go's name regexp then retries the whole name as a plain path.
            let whole = &s[..rest_at + path_end];
            if path_error(whole).is_none() {
                registry.clear();
                repository = whole.to_string();
            } else if let Some(p) = host.bytes().position(|b| b.is_ascii_uppercase()) {
                if path_error(&whole.to_ascii_lowercase()).is_none() {
                    return Err(RefError::Uppercase { offset: p });
                }
                return Err(RefError::InvalidRegistry { offset: 0 });
            } else {
                return Err(RefError::InvalidRegistry { offset: 0 });
            }
        }
    }
    if !registry.is_empty() {
        if let Some(p) = path_error(path) {
            return Err(RefError::InvalidRepository {
                offset: rest_at + p,
            });
        }
    }
    if let Some((at, text)) = tag {
        if !is_tag(text) {
            return Err(RefError::InvalidTag {
                offset: rest_at + at,
            });
        }
    }
    if let Some((at, text)) = digest {
        if !is_digest_grammar(text) {
            return Err(RefError::InvalidDigest {
                offset: rest_at + at,
            });
        }
    }

    if registry == DOCKER_HUB && !repository.contains('/') {
        repository.insert_str(0, LIBRARY);
    }
    if repository.len() > MAX_REPOSITORY_LEN {
        return Err(RefError::NameTooLong {
            len: repository.len(),
        });
    }
    if let Some((at, text)) = digest {
        check_digest_value(text, rest_at + at)?;
    }

    Ok(ImageRef {
        registry,
        repository,
        tag: tag.map(|(_, t)| t.to_string()),
        digest: digest.map(|(_, d)| d.to_string()),
    })
}

/// Splits what follows the path into tag and digest, each with its offset
/// in `rest`. The tag runs to the first '@'; a second ':' stays inside the
/// tag so that tag validation rejects it.
type Part<'a> = Option<(usize, &'a str)>;

fn split_suffixes(rest: &str, path_end: usize) -> (Part<'_>, Part<'_>) {
    match rest.as_bytes().get(path_end) {
        Some(b':') => {
            let tag_at = path_end + 1;
            match rest[tag_at..].find('@') {
                Some(i) => (
                    Some((tag_at, &rest[tag_at..tag_at + i])),
                    Some((tag_at + i + 1, &rest[tag_at + i + 1..])),
                ),
                None => (Some((tag_at, &rest[tag_at..])), None),
            }
        }
        Some(b'@') => (None, Some((path_end + 1, &rest[path_end + 1..]))),
        _ => (None, None),
    }
}

/// The offset of the first byte that breaks the path grammar
/// `component ('/' component)*`, or `None` when the path is valid.
fn path_error(path: &str) -> Option<usize> {
    let mut start = 0;
    for component in path.split('/') {
        if let Some(p) = component_error(component.as_bytes()) {
            return Some(start + p);
        }
        start += component.len() + 1;
    }
    None
}

/// `[a-z0-9]+ ((?:[._]|__|-+) [a-z0-9]+)*`
fn component_error(c: &[u8]) -> Option<usize> {
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let mut i = 0;
    loop {
        let run_start = i;
        while i < c.len() && alnum(c[i]) {
            i += 1;
        }
        if i == run_start {
            return Some(i);
        }
        if i == c.len() {
            return None;
        }
        match c[i] {
            b'.' => i += 1,
            b'_' => i += if c.get(i + 1) == Some(&b'_') { 2 } else { 1 },
            b'-' => {
                while c.get(i) == Some(&b'-') {
                    i += 1;
                }
            }
            _ => return Some(i),
        }
    }
}

/// `host [':' port]` where host is a DNS-ish name or a bracketed IPv6
/// address (no zone identifiers).
fn is_host_and_port(d: &str) -> bool {
    let (host_ok, after) = if let Some(inner) = d.strip_prefix('[') {
        match inner.find(']') {
            Some(end) => (
                end > 0
                    && inner[..end]
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit() || b == b':'),
                &inner[end + 1..],
            ),
            None => (false, ""),
        }
    } else {
        let end = d.find(':').unwrap_or(d.len());
        (d[..end].split('.').all(is_domain_component), &d[end..])
    };
    host_ok
        && (after.is_empty()
            || after
                .strip_prefix(':')
                .is_some_and(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())))
}

fn is_domain_component(c: &str) -> bool {
    let b = c.as_bytes();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && b.iter().all(|x| x.is_ascii_alphanumeric() || *x == b'-')
        }
        _ => false,
    }
}

fn is_tag(t: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let b = t.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_TAG_LEN
        && word(b[0])
        && b[1..].iter().all(|&x| word(x) || x == b'.' || x == b'-')
}

/// `[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)* ':' [0-9a-fA-F]{32,}`
fn is_digest_grammar(d: &str) -> bool {
    let Some((algorithm, hex)) = d.split_once(':') else {
        return false;
    };
    let algorithm_ok = algorithm.split(['-', '_', '+', '.']).all(|part| {
        let b = part.as_bytes();
        b.first().is_some_and(u8::is_ascii_alphabetic) && b.iter().all(u8::is_ascii_alphanumeric)
    });
    algorithm_ok && hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The checks go-digest adds once the grammar matched: the algorithm must
/// be one Docker can verify, with the right length of lowercase hex.
fn check_digest_value(d: &str, offset: usize) -> Result<(), RefError> {
    let Some((algorithm, hex)) = d.split_once(':') else {
        return Err(RefError::InvalidDigest { offset });
    };
    let expected = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => {
            return Err(RefError::UnsupportedDigest {
                offset,
                algorithm: algorithm.to_string(),
            })
        }
    };
    if hex.len() != expected {
        return Err(RefError::DigestLength {
            offset: offset + algorithm.len() + 1,
            expected,
            found: hex.len(),
        });
    }
    if let Some(p) = hex.bytes().position(|b| b.is_ascii_uppercase()) {
        return Err(RefError::InvalidDigest {
            offset: offset + algorithm.len() + 1 + p,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
