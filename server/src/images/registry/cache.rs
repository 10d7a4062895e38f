//! The on-disk cache: one JSON file per (registry, repository, tag or
//! digest, platform), written atomically, read leniently.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::manifest::hex;
use super::platform::Platform;
use super::{FactSource, ImageConfigFacts, ImageFacts};
use crate::images::ImageRef;

/// Bumped whenever the stored shape changes; other versions are misses.
const FORMAT: u32 = 1;

/// Clocks disagree a little between machines sharing a home directory; a
/// file from further in the future than this is not trusted to be fresh.
const CLOCK_SKEW: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CacheKey(String);

pub(crate) enum Cached {
    Found(Box<ImageFacts>),
    NotFound { age: Duration },
}

pub(crate) struct Cache {
    dir: PathBuf,
    warned: AtomicBool,
}

impl CacheKey {
    pub fn new(image: &ImageRef, platform: &Platform) -> CacheKey {
        let reference = match &image.digest {
            Some(d) => format!("@{d}"),
            None => format!(":{}", image.tag_or_latest()),
        };
        CacheKey(format!(
            "{}/{}{reference} {platform}",
            image.registry, image.repository
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Cache {
    /// `root` is the docklens cache directory; registry answers live in its
    /// `registry/` subdirectory so other caches can share the root.
    pub fn new(root: &Path) -> Cache {
        Cache {
            dir: root.join("registry"),
            warned: AtomicBool::new(false),
        }
    }

    /// Hashed names keep paths short and free of characters some file
    /// systems reject (':' in digests and ports).
    pub fn path(&self, key: &CacheKey) -> PathBuf {
        let hash = hex(&Sha256::digest(key.0.as_bytes()));
        self.dir.join(format!("{}.json", &hash[..32]))
    }

    /// The stored answer, with `source` set to its age. Missing, corrupt,
    /// foreign-version or mismatched files are all just misses.
    pub fn read(&self, key: &CacheKey) -> Option<Cached> {
        let path = self.path(key);
        let bytes = std::fs::read(&path).ok()?;
        let stored: Stored = match serde_json::from_slice(&bytes) {
            Ok(s) => s,
            Err(e) => {
                tracing::debug!(path = %path.display(), error = %e, "ignoring corrupt cache file");
                return None;
            }
        };
        if stored.version != FORMAT || stored.key != key.0 {
            return None;
        }
        let fetched_at = UNIX_EPOCH.checked_add(Duration::from_millis(stored.fetched_at_ms))?;
        let now = SystemTime::now();
        let age = match now.duration_since(fetched_at) {
            Ok(age) => age,
            Err(e) if e.duration() <= CLOCK_SKEW => Duration::ZERO,
            // Treated as ancient, so it is refetched but still usable as stale.
            Err(_) => Duration::MAX,
        };
        if stored.not_found {
            return Some(Cached::NotFound { age });
        }
        let f = stored.facts?;
        Some(Cached::Found(Box::new(ImageFacts {
            download_bytes: f.download_bytes,
            config_bytes: f.config_bytes,
            layer_count: f.layer_sizes.len(),
            layer_sizes: f.layer_sizes,
            disk_bytes: None,
            platform: f.platform,
            digest: f.digest,
            manifest_digest: f.manifest_digest,
            config: f.config,
            fetched_at,
            source: FactSource::Cache { age, stale: false },
        })))
    }

    pub fn write_found(&self, key: &CacheKey, facts: &ImageFacts) {
        let stored = Stored {
            version: FORMAT,
            key: key.0.clone(),
            fetched_at_ms: millis(facts.fetched_at),
            not_found: false,
            facts: Some(StoredFacts {
                download_bytes: facts.download_bytes,
                config_bytes: facts.config_bytes,
                layer_sizes: facts.layer_sizes.clone(),
                platform: facts.platform.clone(),
                digest: facts.digest.clone(),
                manifest_digest: facts.manifest_digest.clone(),
                config: facts.config.clone(),
            }),
        };
        self.write(key, &stored);
    }

    pub fn write_not_found(&self, key: &CacheKey) {
        let stored = Stored {
            version: FORMAT,
            key: key.0.clone(),
            fetched_at_ms: millis(SystemTime::now()),
            not_found: true,
            facts: None,
        };
        self.write(key, &stored);
    }

    /// Writes through a temporary file and a rename, so a reader (another
    /// docklens process) sees the old file or the new one, never half.
    fn write(&self, key: &CacheKey, stored: &Stored) {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let path = self.path(key);
        let tmp = path.with_extension(format!(
            "tmp-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let result = serde_json::to_vec_pretty(stored)
            .map_err(std::io::Error::other)
            .and_then(|bytes| {
                std::fs::create_dir_all(&self.dir)?;
                std::fs::write(&tmp, bytes)?;
                std::fs::rename(&tmp, &path)
            });
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            if !self.warned.swap(true, Ordering::Relaxed) {
                tracing::warn!(dir = %self.dir.display(), error = %e, "cannot write the registry cache");
            }
        }
    }
}

fn millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    key: String,
    fetched_at_ms: u64,
    #[serde(default)]
    not_found: bool,
    #[serde(default)]
    facts: Option<StoredFacts>,
}

#[derive(Serialize, Deserialize)]
struct StoredFacts {
    download_bytes: u64,
    config_bytes: u64,
    layer_sizes: Vec<u64>,
    platform: Platform,
    digest: String,
    manifest_digest: String,
    config: ImageConfigFacts,
}
