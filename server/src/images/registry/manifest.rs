//! The JSON documents of the distribution API: indexes, manifests, configs.

use std::collections::BTreeMap;

use serde::Deserialize;
use sha2::{Digest as _, Sha256, Sha384, Sha512};

use super::platform::{match_score, Platform};
use super::{ImageConfigFacts, RegistryError};

pub(crate) const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub(crate) const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub(crate) const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
pub(crate) const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";

/// The Accept header for manifest requests. Without the index types a
/// registry would pick a single platform for us (or fall back to schema 1).
pub(crate) const MANIFEST_ACCEPT: &str = "application/vnd.oci.image.index.v1+json, \
     application/vnd.docker.distribution.manifest.list.v2+json, \
     application/vnd.oci.image.manifest.v1+json, \
     application/vnd.docker.distribution.manifest.v2+json";

/// distribution refuses manifests over 4 MiB, so anything larger is not one.
pub(crate) const MANIFEST_LIMIT: u64 = 4 << 20;
/// Configs carry the build history; the largest real ones are a few MiB.
pub(crate) const CONFIG_LIMIT: u64 = 16 << 20;

pub(crate) enum Document {
    Index(Vec<IndexEntry>),
    Manifest(ImageManifest),
}

pub(crate) struct IndexEntry {
    pub digest: String,
    pub media_type: Option<String>,
    pub platform: Option<Platform>,
}

pub(crate) struct ImageManifest {
    pub config_digest: String,
    pub config_size: u64,
    pub layer_sizes: Vec<u64>,
}

/// Parses a manifest body, trusting the `Content-Type` first and the
/// document's own `mediaType` second, because some registries serve
/// everything as `application/json`.
pub(crate) fn parse_document(
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Document, RegistryError> {
    let raw: RawDocument = serde_json::from_slice(body)
        .map_err(|e| RegistryError::Protocol(format!("manifest is not valid JSON: {e}")))?;
    let declared = content_type
        .map(|c| c.split(';').next().unwrap_or(c).trim())
        .filter(|c| !c.is_empty() && *c != "application/json" && *c != "text/plain");
    let kind = declared
        .or(raw.media_type.as_deref())
        .map(str::to_string)
        .or_else(|| match (&raw.manifests, &raw.layers) {
            (Some(_), _) => Some(OCI_INDEX.to_string()),
            (None, Some(_)) => Some(OCI_MANIFEST.to_string()),
            _ => None,
        });
    match kind.as_deref() {
        Some(OCI_INDEX | DOCKER_LIST) => {
            let entries = raw
                .manifests
                .ok_or_else(|| RegistryError::Protocol("index has no manifests".into()))?
                .into_iter()
                .map(|m| IndexEntry {
                    digest: m.digest,
                    media_type: m.media_type,
                    platform: m
                        .platform
                        .map(|p| Platform::new(&p.os, &p.architecture, p.variant.as_deref())),
                })
                .collect();
            Ok(Document::Index(entries))
        }
        Some(OCI_MANIFEST | DOCKER_MANIFEST) => {
            let config = raw
                .config
                .ok_or_else(|| RegistryError::Protocol("manifest has no config".into()))?;
            let layers = raw.layers.unwrap_or_default();
            Ok(Document::Manifest(ImageManifest {
                config_digest: config.digest,
                config_size: config.size,
                layer_sizes: layers.iter().map(|l| l.size).collect(),
            }))
        }
        Some(other) if other.contains("manifest.v1") => Err(RegistryError::Protocol(
            "the registry only offers a schema 1 manifest, which carries no sizes".into(),
        )),
        Some(other) => Err(RegistryError::Protocol(format!(
            "unsupported manifest type {other}"
        ))),
        None => Err(RegistryError::Protocol("manifest of unknown type".into())),
    }
}

/// Picks the index entry that best serves `want`, as `docker pull` would.
pub(crate) fn pick_platform<'a>(
    entries: &'a [IndexEntry],
    want: &Platform,
) -> Result<&'a IndexEntry, RegistryError> {
    let mut best: Option<(u32, &IndexEntry)> = None;
    for entry in entries {
        let score = entry.platform.as_ref().and_then(|p| match_score(p, want));
        if let Some(score) = score {
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, entry));
            }
        }
    }
    best.map(|(_, e)| e).ok_or_else(|| {
        let mut available: Vec<String> = entries
            .iter()
            .filter_map(|e| e.platform.as_ref())
            // BuildKit's attestation manifests are not runnable platforms.
            .filter(|p| p.os != "unknown")
            .map(|p| p.to_string())
            .collect();
        available.dedup();
        RegistryError::NoPlatform {
            wanted: want.to_string(),
            available,
        }
    })
}

/// The runtime config and platform recorded in an image's config blob.
pub(crate) fn parse_config(
    body: &[u8],
) -> Result<(Option<Platform>, ImageConfigFacts), RegistryError> {
    let raw: RawConfigBlob = serde_json::from_slice(body)
        .map_err(|e| RegistryError::Protocol(format!("image config is not valid JSON: {e}")))?;
    let platform = match (&raw.os, &raw.architecture) {
        (Some(os), Some(arch)) => Some(Platform::new(os, arch, raw.variant.as_deref())),
        _ => None,
    };
    let c = raw.config.unwrap_or_default();
    // Docker writes "" for unset strings; that means "not set", not "empty".
    let non_empty = |s: Option<String>| s.filter(|s| !s.is_empty());
    let facts = ImageConfigFacts {
        env: c.env.unwrap_or_default(),
        workdir: non_empty(c.working_dir),
        user: non_empty(c.user),
        entrypoint: c.entrypoint,
        cmd: c.cmd,
        exposed_ports: c
            .exposed_ports
            .map(|m| m.into_keys().collect())
            .unwrap_or_default(),
    };
    Ok((platform, facts))
}

/// `sha256:<hex>` of `body`.
pub(crate) fn sha256_digest(body: &[u8]) -> String {
    format!("sha256:{}", hex(&Sha256::digest(body)))
}

/// Checks content against the digest it was fetched by: the registry is
/// trusted for availability, not for integrity.
pub(crate) fn verify_digest(expected: &str, body: &[u8]) -> Result<(), RegistryError> {
    let actual = match expected.split_once(':') {
        Some(("sha256", _)) => sha256_digest(body),
        Some(("sha384", _)) => format!("sha384:{}", hex(&Sha384::digest(body))),
        Some(("sha512", _)) => format!("sha512:{}", hex(&Sha512::digest(body))),
        _ => {
            return Err(RegistryError::Protocol(format!(
                "unsupported digest {expected}"
            )))
        }
    };
    if actual == expected {
        Ok(())
    } else {
        Err(RegistryError::Protocol(format!(
            "content does not match its digest {expected} (got {actual})"
        )))
    }
}

/// Whether `s` is a digest this module can verify (and so safe to put in a
/// URL path).
pub(crate) fn is_digest(s: &str) -> bool {
    let Some((alg, hex)) = s.split_once(':') else {
        return false;
    };
    let len = match alg {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return false,
    };
    hex.len() == len && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawDocument {
    media_type: Option<String>,
    manifests: Option<Vec<RawIndexEntry>>,
    config: Option<RawDescriptor>,
    layers: Option<Vec<RawDescriptor>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawIndexEntry {
    media_type: Option<String>,
    digest: String,
    platform: Option<RawPlatform>,
}

#[derive(Deserialize)]
struct RawPlatform {
    os: String,
    architecture: String,
    variant: Option<String>,
}

#[derive(Deserialize)]
struct RawDescriptor {
    digest: String,
    size: u64,
}

#[derive(Deserialize)]
struct RawConfigBlob {
    os: Option<String>,
    architecture: Option<String>,
    variant: Option<String>,
    config: Option<RawContainerConfig>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
struct RawContainerConfig {
    env: Option<Vec<String>>,
    working_dir: Option<String>,
    user: Option<String>,
    entrypoint: Option<Vec<String>>,
    cmd: Option<Vec<String>>,
    exposed_ports: Option<BTreeMap<String, serde_json::Value>>,
}
