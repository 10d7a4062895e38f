//! Who may be contacted, how, and where answers are kept.

use std::path::PathBuf;
use std::time::Duration;

/// Hosts looked up when the user enables lookups without naming any.
///
/// `*.gcr.io` is in because `us.gcr.io`, `eu.gcr.io` and `asia.gcr.io` are
/// Google's own regional registries, run by the same operator as `gcr.io`.
/// `auth.docker.io` is in because it is Docker Hub's token realm: without
/// it no Docker Hub lookup could authenticate, even anonymously.
pub const DEFAULT_ALLOW: &[&str] = &[
    "docker.io",
    "registry-1.docker.io",
    "auth.docker.io",
    "ghcr.io",
    "gcr.io",
    "*.gcr.io",
    "quay.io",
    "mcr.microsoft.com",
    "public.ecr.aws",
    "registry.k8s.io",
    "cgr.dev",
];

/// How long a positive answer is served from the cache without asking.
pub const DEFAULT_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// The limit on each HTTP exchange (connect, then the whole response).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a 404 is remembered: long enough that a typo being typed does
/// not hit the registry on every keystroke, short enough that a freshly
/// pushed tag shows up soon.
pub const NEGATIVE_TTL: Duration = Duration::from_secs(10 * 60);

/// The environment variable that overrides the platform cache directory.
pub const CACHE_DIR_ENV: &str = "DOCKLENS_CACHE_DIR";

/// Everything that decides whether, where and how registries are asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrySettings {
    /// Off by default: opening a Dockerfile must not cause network traffic
    /// unless the user asked for it.
    pub enabled: bool,
    /// Host patterns that may be contacted: `ghcr.io`, `localhost:5000`,
    /// `*.gcr.io` (subdomains only), or `*` for any host. A pattern without
    /// a port matches the host on any port.
    pub allow: Vec<String>,
    /// Hosts spoken to over plain HTTP instead of HTTPS (same patterns).
    pub insecure: Vec<String>,
    /// Where the cache lives; `None` means `DOCKLENS_CACHE_DIR`, else the
    /// platform cache directory + `docklens`.
    pub cache_dir: Option<PathBuf>,
    /// How long a positive answer stays fresh. Digest-pinned references
    /// never go stale: their content cannot change.
    pub ttl: Duration,
    /// Limit on each HTTP exchange.
    pub timeout: Duration,
    /// Send Basic credentials from the Docker config's `auths`. Off by
    /// default so that a Dockerfile cannot make docklens present the user's
    /// credentials anywhere they did not ask for.
    pub use_docker_credentials: bool,
    /// The Docker config file to read credentials from; `None` means
    /// `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`.
    pub docker_config: Option<PathBuf>,
    /// Follow a registry's redirect only to hosts in `allow` (or the same
    /// host). Off by default because every big registry serves blobs from a
    /// CDN host of its own choosing (Docker Hub, GHCR, GCR, Quay all do),
    /// and that choice is the registry operator's, never the Dockerfile's.
    pub redirects_to_allowed_only: bool,
}

impl Default for RegistrySettings {
    fn default() -> Self {
        RegistrySettings {
            enabled: false,
            allow: DEFAULT_ALLOW.iter().map(|s| s.to_string()).collect(),
            insecure: Vec::new(),
            cache_dir: None,
            ttl: DEFAULT_TTL,
            timeout: DEFAULT_TIMEOUT,
            use_docker_credentials: false,
            docker_config: None,
            redirects_to_allowed_only: false,
        }
    }
}

impl RegistrySettings {
    /// Whether `host` (`name` or `name:port`) matches a pattern in `allow`.
    pub fn is_allowed(&self, host: &str) -> bool {
        self.allow.iter().any(|p| host_matches(p, host))
    }

    /// Whether `host` is to be spoken to over plain HTTP.
    pub fn is_insecure(&self, host: &str) -> bool {
        self.insecure.iter().any(|p| host_matches(p, host))
    }

    /// The cache directory in force, or `None` when no location is known
    /// (then nothing is cached).
    pub fn resolved_cache_dir(&self) -> Option<PathBuf> {
        if let Some(dir) = &self.cache_dir {
            return Some(dir.clone());
        }
        if let Some(dir) = std::env::var_os(CACHE_DIR_ENV).filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(dir));
        }
        dirs::cache_dir().map(|d| d.join("docklens"))
    }

    /// The Docker config file credentials would be read from.
    pub fn resolved_docker_config(&self) -> Option<PathBuf> {
        if let Some(path) = &self.docker_config {
            return Some(path.clone());
        }
        if let Some(dir) = std::env::var_os("DOCKER_CONFIG").filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(dir).join("config.json"));
        }
        dirs::home_dir().map(|h| h.join(".docker").join("config.json"))
    }
}

/// Matches one allow/insecure pattern against a `host[:port]`.
///
/// Users paste URLs into settings, so a scheme and path on the pattern are
/// tolerated and ignored.
pub(crate) fn host_matches(pattern: &str, host: &str) -> bool {
    let pattern = strip_url_noise(pattern).to_ascii_lowercase();
    if pattern == "*" {
        return true;
    }
    let host = host.to_ascii_lowercase();
    let (p_host, p_port) = split_port(&pattern);
    let (h_host, h_port) = split_port(&host);
    if p_host.is_empty() || (p_port.is_some() && p_port != h_port) {
        return false;
    }
    match p_host.strip_prefix("*.") {
        Some(suffix) => {
            h_host.len() > suffix.len() + 1
                && h_host.ends_with(suffix)
                && h_host.as_bytes()[h_host.len() - suffix.len() - 1] == b'.'
        }
        None => p_host == h_host,
    }
}

fn strip_url_noise(pattern: &str) -> &str {
    let p = pattern.trim();
    let p = p
        .strip_prefix("https://")
        .or_else(|| p.strip_prefix("http://"))
        .unwrap_or(p);
    p.split('/').next().unwrap_or(p)
}

/// Splits `host:port` (or `[v6]:port`); the port is `None` when absent.
pub(crate) fn split_port(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        if let Some(end) = authority.find(']') {
            let rest = &authority[end + 1..];
            return (&authority[..=end], rest.strip_prefix(':'));
        }
        return (authority, None);
    }
    match authority.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => (h, Some(p)),
        _ => (authority, None),
    }
}
