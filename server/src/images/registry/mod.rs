//! Exact image facts from OCI registries: download size, layer count and the
//! runtime config of the exact tag and platform, opt-in and cached on disk.
//!
//! Policy comes before everything: with lookups disabled, or for a host
//! outside [`RegistrySettings::allow`], [`RegistryClient::lookup`] fails
//! before touching the cache or the network, because opening an untrusted
//! Dockerfile must never make docklens contact a host the user did not allow.
//! The bearer-token realm a registry names must pass the same test (or be
//! the registry itself). Redirects a registry issues are followed over HTTPS
//! (see [`RegistrySettings::redirects_to_allowed_only`]): they are chosen by
//! the registry's operator, not by the Dockerfile.
//!
//! The API is blocking; [`Lookups`] runs it on worker threads for callers
//! that must not block (the language server).
//!
//! ```
//! use docklens::images::registry::{RegistryClient, RegistryError, RegistrySettings};
//! use docklens::images::ImageRef;
//!
//! // Off by default: no network, no cache, just a typed refusal.
//! let client = RegistryClient::new(RegistrySettings::default());
//! let image = ImageRef::parse("golang:1.22").unwrap();
//! assert_eq!(client.lookup(&image, None), Err(RegistryError::Disabled));
//! ```

mod auth;
mod cache;
mod http;
mod lookups;
mod manifest;
mod platform;
mod settings;

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::images::ImageRef;
use cache::{Cache, CacheKey, Cached};
use http::{registry_base, Session, Transport};
use manifest::{
    is_digest, parse_config, parse_document, pick_platform, sha256_digest, verify_digest, Document,
    CONFIG_LIMIT, MANIFEST_ACCEPT, MANIFEST_LIMIT,
};

pub use lookups::{LookupResult, Lookups, DEFAULT_WORKERS};
pub use platform::Platform;
pub use settings::{
    RegistrySettings, CACHE_DIR_ENV, DEFAULT_ALLOW, DEFAULT_TIMEOUT, DEFAULT_TTL, NEGATIVE_TTL,
};

/// What a registry says about one image on one platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFacts {
    /// Sum of the compressed layer sizes: what `docker pull` downloads and
    /// what Docker Hub shows as "compressed size". The config blob is not
    /// included (see `config_bytes`).
    pub download_bytes: u64,
    /// Size of the config blob, also downloaded on pull.
    pub config_bytes: u64,
    pub layer_count: usize,
    /// Compressed size of each layer, base layer first.
    pub layer_sizes: Vec<u64>,
    /// Always `None` from a registry: the unpacked size is only known after
    /// extraction, and a guess would be passed off as exact.
    pub disk_bytes: Option<u64>,
    /// The platform the image is built for, as its config says.
    pub platform: Platform,
    /// The digest the reference resolves to (the index's, for a
    /// multi-platform tag): the one to pin in `FROM name@digest`.
    pub digest: String,
    /// The digest of the platform-specific manifest.
    pub manifest_digest: String,
    pub config: ImageConfigFacts,
    pub fetched_at: SystemTime,
    pub source: FactSource,
}

/// The parts of the image config that change how a Dockerfile built on it
/// behaves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageConfigFacts {
    /// `KEY=value` entries, in the image's order.
    pub env: Vec<String>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub entrypoint: Option<Vec<String>>,
    pub cmd: Option<Vec<String>>,
    /// `80/tcp`, `53/udp`, sorted.
    pub exposed_ports: Vec<String>,
}

/// Where a fact came from, so the UI can say "registry, 2 h ago".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactSource {
    /// Fetched just now.
    Registry,
    /// Read from the disk cache. `stale` means the TTL had run out and the
    /// refetch failed, so this is the best answer available, not a fresh one.
    Cache { age: Duration, stale: bool },
}

/// Why a lookup produced no facts. Cloneable so one result can be handed to
/// every caller waiting on the same image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryError {
    /// Registry lookups are turned off.
    Disabled,
    /// The host is not in `allow`; nothing was sent to it.
    HostNotAllowed { host: String },
    /// Connecting or an HTTP exchange took longer than the timeout.
    Timeout,
    /// The registry (or its token service) refused access.
    Unauthorized,
    /// No such repository, tag or digest.
    NotFound,
    /// The image exists but has no variant for the wanted platform.
    NoPlatform {
        wanted: String,
        available: Vec<String>,
    },
    /// An unexpected HTTP status.
    Server(u16),
    /// The registry answered something this client cannot use.
    Protocol(String),
    /// A network error other than a timeout.
    Io(String),
}

/// Looks images up in registries, with policy checks and the disk cache.
pub struct RegistryClient {
    settings: RegistrySettings,
    transport: Transport,
    cache: Option<Cache>,
}

impl RegistryClient {
    /// Creates a client. No I/O happens here.
    pub fn new(settings: RegistrySettings) -> RegistryClient {
        let cache = settings.resolved_cache_dir().map(|d| Cache::new(&d));
        RegistryClient {
            transport: Transport::new(&settings),
            settings,
            cache,
        }
    }

    pub fn settings(&self) -> &RegistrySettings {
        &self.settings
    }

    /// Whether `image` may be looked up at all, decided from the settings
    /// alone (no I/O). Every lookup starts with this.
    pub fn check_allowed(&self, image: &ImageRef) -> Result<(), RegistryError> {
        if !self.settings.enabled {
            return Err(RegistryError::Disabled);
        }
        check_reference(image)?;
        let host = registry_base(&self.settings, &image.registry).authority;
        if self.settings.is_allowed(&image.registry) || self.settings.is_allowed(&host) {
            Ok(())
        } else {
            Err(RegistryError::HostNotAllowed {
                host: image.registry.clone(),
            })
        }
    }

    /// Facts for `image` on `platform` (default: [`Platform::host`]): from
    /// the cache while fresh, else from the registry; a stale cached answer
    /// is returned (marked stale) when the refetch fails. A 404 is
    /// remembered for [`NEGATIVE_TTL`].
    pub fn lookup(
        &self,
        image: &ImageRef,
        platform: Option<&Platform>,
    ) -> Result<ImageFacts, RegistryError> {
        self.check_allowed(image)?;
        let platform = platform.cloned().unwrap_or_else(Platform::host);
        let key = CacheKey::new(image, &platform);
        let mut stale = None;
        if let Some(cache) = &self.cache {
            match cache.read(&key) {
                Some(Cached::Found(facts)) => {
                    // A digest names immutable content: it never goes stale.
                    if image.digest.is_some() || facts.age() < self.settings.ttl {
                        return Ok(*facts);
                    }
                    stale = Some(*facts);
                }
                Some(Cached::NotFound { age }) if age < NEGATIVE_TTL.min(self.settings.ttl) => {
                    return Err(RegistryError::NotFound);
                }
                _ => {}
            }
        }
        match self.fetch_platform(image, &platform) {
            Ok(facts) => {
                if let Some(cache) = &self.cache {
                    cache.write_found(&key, &facts);
                }
                Ok(facts)
            }
            Err(RegistryError::NotFound) => {
                if let Some(cache) = &self.cache {
                    cache.write_not_found(&key);
                }
                Err(RegistryError::NotFound)
            }
            Err(e) => match stale {
                Some(mut facts) => {
                    tracing::debug!(image = %image, error = %e, "refetch failed; serving stale cache");
                    if let FactSource::Cache { stale, .. } = &mut facts.source {
                        *stale = true;
                    }
                    Ok(facts)
                }
                None => Err(e),
            },
        }
    }

    /// Whatever the cache holds for `image`, fresh or not, without any
    /// network: what a hover shows while a refresh runs.
    pub fn cached(&self, image: &ImageRef, platform: Option<&Platform>) -> Option<ImageFacts> {
        self.check_allowed(image).ok()?;
        let platform = platform.cloned().unwrap_or_else(Platform::host);
        let key = CacheKey::new(image, &platform);
        match self.cache.as_ref()?.read(&key)? {
            Cached::Found(facts) => {
                let mut facts = *facts;
                let expired = image.digest.is_none() && facts.age() >= self.settings.ttl;
                if let FactSource::Cache { stale, .. } = &mut facts.source {
                    *stale = expired;
                }
                Some(facts)
            }
            Cached::NotFound { .. } => None,
        }
    }

    /// Asks the registry, bypassing the cache (neither read nor written).
    pub fn fetch(
        &self,
        image: &ImageRef,
        platform: Option<&Platform>,
    ) -> Result<ImageFacts, RegistryError> {
        self.check_allowed(image)?;
        let platform = platform.cloned().unwrap_or_else(Platform::host);
        self.fetch_platform(image, &platform)
    }

    /// The file the answer for `image` is cached in, if there is a cache.
    pub fn cache_path(&self, image: &ImageRef, platform: Option<&Platform>) -> Option<PathBuf> {
        let platform = platform.cloned().unwrap_or_else(Platform::host);
        let key = CacheKey::new(image, &platform);
        Some(self.cache.as_ref()?.path(&key))
    }

    fn fetch_platform(
        &self,
        image: &ImageRef,
        platform: &Platform,
    ) -> Result<ImageFacts, RegistryError> {
        let mut session = Session {
            transport: &self.transport,
            settings: &self.settings,
            base: registry_base(&self.settings, &image.registry),
            registry: &image.registry,
            repository: &image.repository,
            authorization: None,
        };
        let reference = match &image.digest {
            Some(d) => d.clone(),
            None => image.tag_or_latest().to_string(),
        };
        let top = session.get(
            &format!("manifests/{reference}"),
            Some(MANIFEST_ACCEPT),
            MANIFEST_LIMIT,
        )?;
        let digest = match &image.digest {
            Some(d) => {
                verify_digest(d, &top.body)?;
                d.clone()
            }
            None => sha256_digest(&top.body),
        };
        let (manifest, manifest_digest) =
            match parse_document(top.content_type.as_deref(), &top.body)? {
                Document::Manifest(m) => (m, digest.clone()),
                Document::Index(entries) => {
                    let entry = pick_platform(&entries, platform)?;
                    if !is_digest(&entry.digest) {
                        return Err(RegistryError::Protocol(format!(
                            "index entry has an invalid digest {}",
                            entry.digest
                        )));
                    }
                    let reply = session.get(
                        &format!("manifests/{}", entry.digest),
                        Some(MANIFEST_ACCEPT),
                        MANIFEST_LIMIT,
                    )?;
                    verify_digest(&entry.digest, &reply.body)?;
                    let content_type = reply
                        .content_type
                        .as_deref()
                        .or(entry.media_type.as_deref());
                    match parse_document(content_type, &reply.body)? {
                        Document::Manifest(m) => (m, entry.digest.clone()),
                        Document::Index(_) => {
                            return Err(RegistryError::Protocol(
                                "an index inside an index is not supported".into(),
                            ))
                        }
                    }
                }
            };
        if !is_digest(&manifest.config_digest) {
            return Err(RegistryError::Protocol(format!(
                "manifest names an invalid config digest {}",
                manifest.config_digest
            )));
        }
        let config = session.get(
            &format!("blobs/{}", manifest.config_digest),
            None,
            CONFIG_LIMIT,
        )?;
        verify_digest(&manifest.config_digest, &config.body)?;
        let (config_platform, config_facts) = parse_config(&config.body)?;
        let download_bytes = manifest
            .layer_sizes
            .iter()
            .fold(0u64, |sum, &s| sum.saturating_add(s));
        Ok(ImageFacts {
            download_bytes,
            config_bytes: manifest.config_size,
            layer_count: manifest.layer_sizes.len(),
            layer_sizes: manifest.layer_sizes,
            disk_bytes: None,
            platform: config_platform.unwrap_or_else(|| platform.clone()),
            digest,
            manifest_digest,
            config: config_facts,
            fetched_at: SystemTime::now(),
            source: FactSource::Registry,
        })
    }
}

impl ImageFacts {
    /// How old the facts are: zero when just fetched.
    pub fn age(&self) -> Duration {
        match self.source {
            FactSource::Registry => Duration::ZERO,
            FactSource::Cache { age, .. } => age,
        }
    }

    pub fn is_stale(&self) -> bool {
        matches!(self.source, FactSource::Cache { stale: true, .. })
    }
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistryError::Disabled => f.write_str("registry lookups are disabled"),
            RegistryError::HostNotAllowed { host } => {
                write!(
                    f,
                    "{host} is not in the allowed registries (registry.allow)"
                )
            }
            RegistryError::Timeout => f.write_str("the registry did not answer in time"),
            RegistryError::Unauthorized => f.write_str("the registry refused access"),
            RegistryError::NotFound => f.write_str("no such image in the registry"),
            RegistryError::NoPlatform { wanted, available } => {
                write!(
                    f,
                    "no {wanted} variant (available: {})",
                    available.join(", ")
                )
            }
            RegistryError::Server(status) => write!(f, "the registry answered HTTP {status}"),
            RegistryError::Protocol(msg) => write!(f, "unexpected registry answer: {msg}"),
            RegistryError::Io(msg) => write!(f, "network error: {msg}"),
        }
    }
}

impl std::error::Error for RegistryError {}

/// `ImageRef`'s fields are public, so a hand-built one could smuggle '/',
/// '?' or '..' into a URL path; parsed ones always pass.
fn check_reference(image: &ImageRef) -> Result<(), RegistryError> {
    if image.registry.is_empty() {
        return Err(RegistryError::Protocol(format!(
            "{} has no registry to ask",
            image.repository
        )));
    }
    let repo_ok = !image.repository.is_empty()
        && image.repository.split('/').all(|c| {
            c.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
                && c.bytes()
                    .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-'))
        });
    let tag_ok = image.tag.as_deref().is_none_or(|t| {
        t.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    });
    let digest_ok = image.digest.as_deref().is_none_or(is_digest);
    let host_ok = image
        .registry
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    if repo_ok && tag_ok && digest_ok && host_ok {
        Ok(())
    } else {
        Err(RegistryError::Protocol(format!(
            "{image} is not a reference that can be looked up"
        )))
    }
}

#[cfg(test)]
mod tests;
