//! A real CNCF distribution registry (Debian's `docker-registry`) on
//! loopback, plus helpers to build and push synthetic images over its API.

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub const REQUIRE_ENV: &str = "DOCKLENS_REQUIRE_REGISTRY_TESTS";

pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
pub const OCI_LAYER: &str = "application/vnd.oci.image.layer.v1.tar+gzip";
pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
pub const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
pub const DOCKER_LAYER: &str = "application/vnd.docker.image.rootfs.diff.tar.gzip";

/// A directory removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "docklens-{label}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn sha256(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    let hex: String = d.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Deterministic filler bytes; the registry never looks inside a layer.
pub fn layer_bytes(size: usize, seed: u8) -> Vec<u8> {
    (0..size)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

/// A running registry process; killed on drop.
pub struct Registry {
    child: Child,
    addr: SocketAddr,
    _dir: TempDir,
    http: ureq::Agent,
}

impl Registry {
    pub fn binary() -> Option<PathBuf> {
        let candidates: Vec<PathBuf> = std::env::var_os("PATH")
            .map(|p| {
                std::env::split_paths(&p)
                    .map(|d| d.join("docker-registry"))
                    .collect()
            })
            .unwrap_or_default();
        candidates
            .into_iter()
            .chain([PathBuf::from("/usr/bin/docker-registry")])
            .find(|p| p.is_file())
    }

    /// Starts a registry, or returns `None` after printing why the test is
    /// skipped. With `DOCKLENS_REQUIRE_REGISTRY_TESTS` set a missing binary
    /// is a failure instead.
    pub fn start_or_skip(test: &str) -> Option<Registry> {
        let Some(bin) = Registry::binary() else {
            if std::env::var_os(REQUIRE_ENV).is_some() {
                panic!("{test}: docker-registry not found and {REQUIRE_ENV} is set (install with .ci/install-registry.sh)");
            }
            // Straight to the stream: libtest captures eprintln! of passing tests.
            let _ = writeln!(
                std::io::stderr(),
                "{test}: skipped: docker-registry not found (install with .ci/install-registry.sh)"
            );
            return None;
        };
        let dir = TempDir::new("registry");
        let http = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .new_agent();
        // A free port can be taken between probing and binding: retry.
        let mut last_log = String::new();
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .unwrap()
                .port();
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            let config = dir.path().join("config.yml");
            std::fs::write(&config, config_yaml(&dir.path().join("data"), addr)).unwrap();
            let log_path = dir.path().join("registry.log");
            let log = std::fs::File::create(&log_path).unwrap();
            let mut child = Command::new(&bin)
                .arg("serve")
                .arg(&config)
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
            if wait_ready(&mut child, &http, addr) {
                return Some(Registry {
                    child,
                    addr,
                    _dir: dir,
                    http,
                });
            }
            let _ = child.kill();
            let _ = child.wait();
            last_log = std::fs::read_to_string(&log_path).unwrap_or_default();
        }
        panic!("{test}: docker-registry did not start:\n{last_log}");
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Monolithic upload: POST to open the upload, PUT the bytes with the
    /// digest. Returns the descriptor fields (digest, size).
    pub fn push_blob(&self, repo: &str, bytes: &[u8]) -> (String, usize) {
        let digest = sha256(bytes);
        let resp = self
            .http
            .post(format!("http://{}/v2/{repo}/blobs/uploads/", self.addr))
            .send(&[][..])
            .unwrap();
        assert_eq!(resp.status(), 202, "open upload");
        let location = resp
            .headers()
            .get("location")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let url = if location.starts_with('/') {
            format!("http://{}{location}", self.addr)
        } else {
            location
        };
        let sep = if url.contains('?') { '&' } else { '?' };
        let resp = self
            .http
            .put(format!("{url}{sep}digest={digest}"))
            .header("Content-Type", "application/octet-stream")
            .send(bytes)
            .unwrap();
        assert_eq!(resp.status(), 201, "finish upload of {digest}");
        (digest, bytes.len())
    }

    /// PUTs a manifest under `reference` (tag or digest); returns its digest.
    pub fn push_manifest(
        &self,
        repo: &str,
        reference: &str,
        media_type: &str,
        body: &[u8],
    ) -> String {
        let mut resp = self
            .http
            .put(format!(
                "http://{}/v2/{repo}/manifests/{reference}",
                self.addr
            ))
            .header("Content-Type", media_type)
            .send(body)
            .unwrap();
        let status = resp.status();
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        assert_eq!(status, 201, "push manifest {repo}:{reference}: {text}");
        sha256(body)
    }

    /// Pushes layers of the given sizes, the config and a single-platform
    /// manifest (by digest, or also tagged when `tag` is given).
    pub fn push_image(&self, repo: &str, tag: Option<&str>, image: &Image) -> Pushed {
        let (layer_type, config_type, manifest_type) = if image.docker {
            (DOCKER_LAYER, DOCKER_CONFIG, DOCKER_MANIFEST)
        } else {
            (OCI_LAYER, OCI_CONFIG, OCI_MANIFEST)
        };
        let layers: Vec<Value> = image
            .layers
            .iter()
            .enumerate()
            .map(|(i, &size)| {
                let (digest, size) = self.push_blob(repo, &layer_bytes(size, i as u8 + image.seed));
                json!({"mediaType": layer_type, "digest": digest, "size": size})
            })
            .collect();
        let config = serde_json::to_vec(&image.config).unwrap();
        let (config_digest, config_size) = self.push_blob(repo, &config);
        let manifest = serde_json::to_vec(&json!({
            "schemaVersion": 2,
            "mediaType": manifest_type,
            "config": {"mediaType": config_type, "digest": config_digest, "size": config_size},
            "layers": layers,
        }))
        .unwrap();
        let digest = sha256(&manifest);
        self.push_manifest(repo, &digest, manifest_type, &manifest);
        if let Some(tag) = tag {
            self.push_manifest(repo, tag, manifest_type, &manifest);
        }
        Pushed {
            digest,
            size: manifest.len(),
            media_type: manifest_type,
            config_size,
        }
    }

    /// Pushes an OCI index over already-pushed manifests; returns its digest.
    pub fn push_index(
        &self,
        repo: &str,
        tag: &str,
        entries: &[(&Pushed, &str, &str, Option<&str>)],
    ) -> String {
        let manifests: Vec<Value> = entries
            .iter()
            .map(|(p, os, arch, variant)| {
                let mut platform = json!({"os": os, "architecture": arch});
                if let Some(v) = variant {
                    platform["variant"] = json!(v);
                }
                json!({"mediaType": p.media_type, "digest": p.digest, "size": p.size, "platform": platform})
            })
            .collect();
        let index = serde_json::to_vec(&json!({
            "schemaVersion": 2,
            "mediaType": OCI_INDEX,
            "manifests": manifests,
        }))
        .unwrap();
        self.push_manifest(repo, tag, OCI_INDEX, &index)
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Image {
    pub layers: Vec<usize>,
    pub config: Value,
    pub docker: bool,
    pub seed: u8,
}

pub struct Pushed {
    pub digest: String,
    pub size: usize,
    pub media_type: &'static str,
    pub config_size: usize,
}

fn config_yaml(data: &Path, addr: SocketAddr) -> String {
    format!(
        "version: 0.1\n\
         log:\n  level: error\n  accesslog:\n    disabled: true\n\
         storage:\n  filesystem:\n    rootdirectory: {}\n  maintenance:\n    uploadpurging:\n      enabled: false\n\
         http:\n  addr: {addr}\n  secret: docklens-test-only\n",
        data.display()
    )
}

fn wait_ready(child: &mut Child, http: &ureq::Agent, addr: SocketAddr) -> bool {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        if let Ok(r) = http.get(format!("http://{addr}/v2/")).call() {
            if r.status() == 200 {
                return true;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}
