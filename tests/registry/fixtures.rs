//! Shared fixtures: settings, a synthetic two-platform image for the real
//! registry, and an in-memory image for the scripted servers.

use std::sync::Arc;
use std::time::Duration;

use docklens::images::registry::{ImageConfigFacts, Platform, RegistrySettings};
use docklens::images::ImageRef;
use serde_json::json;

use super::distribution::{self, sha256, Image, Registry, TempDir};
use super::stub::{Request, Response, Stub};

/// Lookups enabled for exactly these hosts, spoken to over plain HTTP.
pub fn settings(hosts: &[String], cache: &TempDir) -> RegistrySettings {
    RegistrySettings {
        enabled: true,
        allow: hosts.to_vec(),
        insecure: hosts.to_vec(),
        cache_dir: Some(cache.path().to_path_buf()),
        timeout: Duration::from_secs(5),
        ..RegistrySettings::default()
    }
}

pub fn image(s: &str) -> ImageRef {
    ImageRef::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

pub fn platform(s: &str) -> Platform {
    Platform::parse(s).unwrap()
}

pub fn amd64_config() -> serde_json::Value {
    json!({
        "architecture": "amd64", "os": "linux",
        "config": {
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "APP_HOME=/srv/app"],
            "WorkingDir": "/srv/app",
            "User": "app:app",
            "Entrypoint": ["/usr/bin/tini", "--"],
            "Cmd": ["serve", "--port", "8080"],
            "ExposedPorts": {"8080/tcp": {}, "9090/tcp": {}}
        },
        "rootfs": {"type": "layers", "diff_ids": []}
    })
}

pub fn expected_amd64_config() -> ImageConfigFacts {
    ImageConfigFacts {
        env: vec![
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into(),
            "APP_HOME=/srv/app".into(),
        ],
        workdir: Some("/srv/app".into()),
        user: Some("app:app".into()),
        entrypoint: Some(vec!["/usr/bin/tini".into(), "--".into()]),
        cmd: Some(vec!["serve".into(), "--port".into(), "8080".into()]),
        exposed_ports: vec!["8080/tcp".into(), "9090/tcp".into()],
    }
}

/// Pushes `demo/app:1.0` as an OCI index of linux/amd64 (layers 1000 +
/// 2500 + 700) and linux/arm64/v8 (1200 + 3300). Returns the index digest
/// and the two manifest digests.
pub fn push_two_platforms(reg: &Registry) -> (String, String, String) {
    let amd = reg.push_image(
        "demo/app",
        None,
        &Image {
            layers: vec![1000, 2500, 700],
            config: amd64_config(),
            docker: false,
            seed: 1,
        },
    );
    let arm = reg.push_image(
        "demo/app",
        None,
        &Image {
            layers: vec![1200, 3300],
            config: json!({"architecture": "arm64", "variant": "v8", "os": "linux",
                           "config": {"WorkingDir": "/srv/arm"}}),
            docker: false,
            seed: 7,
        },
    );
    let index = reg.push_index(
        "demo/app",
        "1.0",
        &[
            (&amd, "linux", "amd64", None),
            (&arm, "linux", "arm64", Some("v8")),
        ],
    );
    (index, amd.digest, arm.digest)
}

/// A single-platform Docker v2 image served from memory.
pub struct Served {
    pub manifest: Vec<u8>,
    pub manifest_digest: String,
    pub config: Vec<u8>,
    pub config_digest: String,
}

pub fn served(layers: &[u64]) -> Arc<Served> {
    let config = serde_json::to_vec(&amd64_config()).unwrap();
    let config_digest = sha256(&config);
    let layers: Vec<_> = layers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({"mediaType": distribution::DOCKER_LAYER, "size": s,
                             "digest": sha256(format!("layer{i}").as_bytes())})
        })
        .collect();
    let manifest = serde_json::to_vec(&json!({
        "schemaVersion": 2, "mediaType": distribution::DOCKER_MANIFEST,
        "config": {"mediaType": distribution::DOCKER_CONFIG, "digest": config_digest, "size": config.len()},
        "layers": layers,
    }))
    .unwrap();
    Arc::new(Served {
        manifest_digest: sha256(&manifest),
        manifest,
        config,
        config_digest,
    })
}

/// Answers `team/app:1.0` (manifest by tag or digest, and its config).
pub fn answer(img: &Served, req: &Request) -> Response {
    let manifest_paths = [
        "/v2/team/app/manifests/1.0".to_string(),
        format!("/v2/team/app/manifests/{}", img.manifest_digest),
    ];
    if manifest_paths.contains(&req.path) {
        Response::ok(distribution::DOCKER_MANIFEST, img.manifest.clone())
    } else if req.path == format!("/v2/team/app/blobs/{}", img.config_digest) {
        Response::ok("application/octet-stream", img.config.clone())
    } else {
        Response::status(404)
    }
}

pub fn stub_ref(stub: &Stub) -> ImageRef {
    image(&format!("{}/team/app:1.0", stub.host()))
}

impl Served {
    pub fn clone_with_config(&self, config: Vec<u8>) -> Served {
        Served {
            manifest: self.manifest.clone(),
            manifest_digest: self.manifest_digest.clone(),
            config,
            config_digest: self.config_digest.clone(),
        }
    }
}
