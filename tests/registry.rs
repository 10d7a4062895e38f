//! Registry client against loopback servers only: a real distribution
//! registry (`docker-registry`, skipped with a message when not installed)
//! and tiny std::net servers that script 401s, errors, silence and redirects.

#[path = "registry/distribution.rs"]
mod distribution;
#[path = "registry/fixtures.rs"]
mod fixtures;
#[path = "registry/stub.rs"]
mod stub;

use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use docklens::images::registry::{FactSource, Lookups, RegistryClient, RegistryError};
use serde_json::json;

use distribution::{Image, Registry, TempDir};
use fixtures::{
    answer, expected_amd64_config, image, platform, push_two_platforms, served, settings, stub_ref,
};
use stub::{Request, Response, Stub};

// ---- against a real registry ----------------------------------------------

#[test]
fn oci_index_picks_the_platform_and_reads_its_config() {
    let Some(reg) = Registry::start_or_skip("oci_index_picks_the_platform_and_reads_its_config")
    else {
        return;
    };
    let (index, amd, arm) = push_two_platforms(&reg);
    let cache = TempDir::new("cache");
    let client = RegistryClient::new(settings(&[reg.addr().to_string()], &cache));
    let r = image(&format!("{}/demo/app:1.0", reg.addr()));

    let a = client.lookup(&r, Some(&platform("linux/amd64"))).unwrap();
    assert_eq!(a.download_bytes, 4200);
    assert_eq!(
        (a.layer_count, a.layer_sizes.clone()),
        (3, vec![1000, 2500, 700])
    );
    assert_eq!(a.disk_bytes, None);
    assert_eq!(a.platform, platform("linux/amd64"));
    assert_eq!(
        (a.digest.as_str(), a.manifest_digest.as_str()),
        (index.as_str(), amd.as_str())
    );
    assert_eq!(a.config, expected_amd64_config());
    assert_eq!(a.source, FactSource::Registry);

    let b = client.lookup(&r, Some(&platform("linux/arm64"))).unwrap();
    assert_eq!((b.download_bytes, b.layer_count), (4500, 2));
    assert_eq!(b.platform, platform("linux/arm64/v8"));
    assert_eq!(
        (b.digest.as_str(), b.manifest_digest.as_str()),
        (index.as_str(), arm.as_str())
    );
    assert_eq!(b.config.workdir.as_deref(), Some("/srv/arm"));
    assert_eq!(b.config.user, None);

    let host = client.lookup(&r, None).unwrap();
    if cfg!(target_arch = "x86_64") {
        assert_eq!(host.download_bytes, 4200);
    } else if cfg!(target_arch = "aarch64") {
        assert_eq!(host.download_bytes, 4500);
    }

    assert_eq!(
        client.lookup(&r, Some(&platform("linux/s390x"))),
        Err(RegistryError::NoPlatform {
            wanted: "linux/s390x".into(),
            available: vec!["linux/amd64".into(), "linux/arm64/v8".into()],
        })
    );

    // Pinning the index digest resolves the same way.
    let pinned = image(&format!("{}/demo/app@{index}", reg.addr()));
    let p = client
        .fetch(&pinned, Some(&platform("linux/arm64")))
        .unwrap();
    assert_eq!(
        (p.digest.as_str(), p.download_bytes),
        (index.as_str(), 4500)
    );
}

#[test]
fn docker_v2_manifest_by_tag_and_by_digest() {
    let Some(reg) = Registry::start_or_skip("docker_v2_manifest_by_tag_and_by_digest") else {
        return;
    };
    let pushed = reg.push_image(
        "tools/cli",
        Some("v2"),
        &Image {
            layers: vec![4096, 123],
            config: json!({"architecture": "amd64", "os": "linux",
                           "config": {"User": "65532", "Env": ["A=1"], "Cmd": ["/cli"]}}),
            docker: true,
            seed: 3,
        },
    );
    let cache = TempDir::new("cache");
    let client = RegistryClient::new(settings(&[reg.addr().to_string()], &cache));
    // A single-platform image is what it is, whatever platform was asked for.
    for r in [
        format!("{}/tools/cli:v2", reg.addr()),
        format!("{}/tools/cli@{}", reg.addr(), pushed.digest),
    ] {
        let f = client
            .lookup(&image(&r), Some(&platform("linux/arm64")))
            .unwrap();
        assert_eq!((f.download_bytes, f.layer_count), (4219, 2), "{r}");
        assert_eq!(f.config_bytes, pushed.config_size as u64);
        assert_eq!(
            (f.digest.as_str(), f.manifest_digest.as_str()),
            (pushed.digest.as_str(), pushed.digest.as_str())
        );
        assert_eq!(f.platform, platform("linux/amd64"));
        assert_eq!(f.config.user.as_deref(), Some("65532"));
        assert_eq!(f.config.env, ["A=1"]);
        assert_eq!(f.config.cmd, Some(vec!["/cli".to_string()]));
        assert_eq!(
            (f.config.entrypoint.clone(), f.config.workdir.clone()),
            (None, None)
        );
    }
}

#[test]
fn cache_serves_repeats_expires_and_falls_back_to_stale() {
    let Some(reg) = Registry::start_or_skip("cache_serves_repeats_expires_and_falls_back_to_stale")
    else {
        return;
    };
    push_two_platforms(&reg);
    // Every byte to the registry goes through this counting forwarder.
    let mut proxy = Stub::forward(reg.addr());
    let cache = TempDir::new("cache");
    let mut s = settings(&[proxy.host()], &cache);
    let r = image(&format!("{}/demo/app:1.0", proxy.host()));
    let amd = platform("linux/amd64");

    let client = RegistryClient::new(s.clone());
    let first = client.lookup(&r, Some(&amd)).unwrap();
    assert_eq!(first.source, FactSource::Registry);
    let sent = proxy.bytes_in();
    assert!(sent > 0);

    let second = client.lookup(&r, Some(&amd)).unwrap();
    assert!(
        matches!(second.source, FactSource::Cache { stale: false, .. }),
        "{:?}",
        second.source
    );
    assert_eq!(second.download_bytes, 4200);
    assert_eq!(second.config, first.config);
    assert_eq!(
        proxy.bytes_in(),
        sent,
        "a fresh cache hit must not touch the registry"
    );

    // A new client (a new docklens process) shares the cache on disk.
    let other = RegistryClient::new(s.clone());
    assert!(matches!(
        other.lookup(&r, Some(&amd)).unwrap().source,
        FactSource::Cache { .. }
    ));
    assert_eq!(other.cached(&r, Some(&amd)).unwrap().download_bytes, 4200);
    assert_eq!(proxy.bytes_in(), sent);

    // TTL expiry: the next lookup asks the registry again.
    s.ttl = Duration::from_millis(200);
    let short = RegistryClient::new(s.clone());
    std::thread::sleep(Duration::from_millis(300));
    assert!(short.cached(&r, Some(&amd)).unwrap().is_stale());
    assert_eq!(
        short.lookup(&r, Some(&amd)).unwrap().source,
        FactSource::Registry
    );
    assert!(proxy.bytes_in() > sent);

    // Registry gone after expiry: the stale answer, marked stale.
    std::thread::sleep(Duration::from_millis(300));
    proxy.stop();
    let stale = short.lookup(&r, Some(&amd)).unwrap();
    assert!(
        matches!(stale.source, FactSource::Cache { stale: true, .. }),
        "{:?}",
        stale.source
    );
    assert_eq!(stale.download_bytes, 4200);
    // Nothing cached for arm64 and no registry: the error itself.
    assert!(short.lookup(&r, Some(&platform("linux/arm64"))).is_err());
}

#[test]
fn corrupt_cache_files_are_ignored_and_replaced() {
    let Some(reg) = Registry::start_or_skip("corrupt_cache_files_are_ignored_and_replaced") else {
        return;
    };
    push_two_platforms(&reg);
    let proxy = Stub::forward(reg.addr());
    let cache = TempDir::new("cache");
    let client = RegistryClient::new(settings(&[proxy.host()], &cache));
    let r = image(&format!("{}/demo/app:1.0", proxy.host()));
    let amd = platform("linux/amd64");
    let path = client.cache_path(&r, Some(&amd)).unwrap();

    for garbage in [
        &b"{\"version\":1,\"key\":"[..],
        b"\x00\xff not json",
        b"[]",
        b"",
    ] {
        client.lookup(&r, Some(&amd)).unwrap();
        std::fs::write(&path, garbage).unwrap();
        assert_eq!(client.cached(&r, Some(&amd)), None);
        let before = proxy.bytes_in();
        let f = client.lookup(&r, Some(&amd)).unwrap();
        assert_eq!((f.source, f.download_bytes), (FactSource::Registry, 4200));
        assert!(proxy.bytes_in() > before);
        // Replaced by a good file: served from cache again.
        assert!(matches!(
            client.lookup(&r, Some(&amd)).unwrap().source,
            FactSource::Cache { .. }
        ));
    }
}

#[test]
fn not_found_is_typed_and_remembered_briefly() {
    let Some(reg) = Registry::start_or_skip("not_found_is_typed_and_remembered_briefly") else {
        return;
    };
    push_two_platforms(&reg);
    let proxy = Stub::forward(reg.addr());
    let cache = TempDir::new("cache");
    let client = RegistryClient::new(settings(&[proxy.host()], &cache));
    for missing in ["demo/app:2.0", "demo/nope:1.0"] {
        let r = image(&format!("{}/{missing}", proxy.host()));
        assert_eq!(
            client.lookup(&r, None),
            Err(RegistryError::NotFound),
            "{missing}"
        );
        let before = proxy.bytes_in();
        assert_eq!(client.lookup(&r, None), Err(RegistryError::NotFound));
        assert_eq!(
            proxy.bytes_in(),
            before,
            "a remembered 404 must not be re-asked"
        );
    }
}

// ---- against tiny scripted servers ----------------------------------------

#[test]
fn a_server_that_never_answers_times_out() {
    let silent = Stub::silent();
    let cache = TempDir::new("cache");
    let mut s = settings(&[silent.host()], &cache);
    s.timeout = Duration::from_millis(500);
    let client = RegistryClient::new(s);
    let started = Instant::now();
    assert_eq!(
        client.lookup(&stub_ref(&silent), None),
        Err(RegistryError::Timeout)
    );
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(400) && took < Duration::from_secs(3),
        "{took:?}"
    );
    assert_eq!(silent.connections(), 1);
}

#[test]
fn bearer_token_from_a_realm_on_the_same_host() {
    let img = served(&[700, 300]);
    let server = Stub::http(move |req| {
        if req.path.starts_with("/token?") {
            return if req.path
                == "/token?service=stub-registry&scope=repository%3Ateam%2Fapp%3Apull"
            {
                Response::ok(
                    "application/json",
                    r#"{"access_token":"tok-123","expires_in":300}"#,
                )
            } else {
                Response::status(400)
            };
        }
        if req.header("authorization") != Some("Bearer tok-123") {
            let challenge = format!(
                r#"Bearer realm="http://{}/token",service="stub-registry",scope="repository:team/app:pull""#,
                req.local
            );
            return Response::status(401).header("WWW-Authenticate", &challenge);
        }
        answer(&img, req)
    });
    let cache = TempDir::new("cache");
    let client = RegistryClient::new(settings(&[server.host()], &cache));
    let f = client.lookup(&stub_ref(&server), None).unwrap();
    assert_eq!((f.download_bytes, f.layer_count), (1000, 2));
    assert_eq!(f.config, expected_amd64_config());
    let requests = server.requests();
    let token_requests: Vec<&Request> = requests
        .iter()
        .filter(|r| r.path.starts_with("/token"))
        .collect();
    assert_eq!(
        token_requests.len(),
        1,
        "the token is reused within a lookup"
    );
    assert!(requests.iter().all(|r| r.method == "GET"));
    assert_eq!(
        token_requests[0].header("authorization"),
        None,
        "no credentials unless enabled"
    );
}

#[test]
fn a_realm_on_a_host_not_allowed_is_refused_without_contact() {
    let elsewhere = Stub::http(|_| Response::ok("application/json", r#"{"token":"x"}"#));
    let realm = format!("http://{}/token", elsewhere.host());
    let server = Stub::http(move |_| {
        Response::status(401).header(
            "WWW-Authenticate",
            &format!(r#"Bearer realm="{realm}",service="s""#),
        )
    });
    let cache = TempDir::new("cache");
    let mut s = settings(&[server.host()], &cache);
    // Plain HTTP would be acceptable for it; being allowed is what is missing.
    s.insecure.push(elsewhere.host());
    let client = RegistryClient::new(s);
    assert_eq!(
        client.lookup(&stub_ref(&server), None),
        Err(RegistryError::HostNotAllowed {
            host: elsewhere.host()
        })
    );
    assert_eq!(elsewhere.connections(), 0);
}

#[test]
fn http_failures_are_typed_errors() {
    let img = served(&[1]);
    let bad = Arc::new(img.clone_with_config(b"{\"tampered\":true}".to_vec()));
    let server = Stub::http(move |req| match req.path.as_str() {
        "/v2/e/broken/manifests/1" => Response::status(500),
        "/v2/e/busy/manifests/1" => Response::status(429),
        "/v2/e/locked/manifests/1" => Response::status(401),
        "/v2/e/forbidden/manifests/1" => Response::status(403),
        "/v2/e/garbage/manifests/1" => Response::ok(distribution::DOCKER_MANIFEST, "{nope"),
        "/v2/e/denied/manifests/1" => Response::status(401).header(
            "WWW-Authenticate",
            &format!(r#"Bearer realm="http://{}/deny",service="s""#, req.local),
        ),
        "/deny?service=s&scope=repository%3Ae%2Fdenied%3Apull" => Response::status(403),
        p if p.starts_with("/v2/team/app/") => answer(&bad, req),
        _ => Response::status(404),
    });
    let cache = TempDir::new("cache");
    let client = RegistryClient::new(settings(&[server.host()], &cache));
    let look = |name: &str| client.lookup(&image(&format!("{}/{name}", server.host())), None);
    assert_eq!(look("e/missing:1"), Err(RegistryError::NotFound));
    assert_eq!(look("e/broken:1"), Err(RegistryError::Server(500)));
    assert_eq!(look("e/busy:1"), Err(RegistryError::Server(429)));
    assert_eq!(look("e/locked:1"), Err(RegistryError::Unauthorized));
    assert_eq!(look("e/forbidden:1"), Err(RegistryError::Unauthorized));
    assert_eq!(look("e/denied:1"), Err(RegistryError::Unauthorized));
    assert!(matches!(
        look("e/garbage:1"),
        Err(RegistryError::Protocol(_))
    ));
    // The config served does not match the digest the manifest names.
    assert!(
        matches!(look("team/app:1.0"), Err(RegistryError::Protocol(m)) if m.contains("digest"))
    );
}

#[test]
fn hosts_outside_allow_are_never_contacted() {
    let img = served(&[1]);
    let server = Stub::http(move |req| answer(&img, req));
    let cache = TempDir::new("cache");
    let mut s = settings(&[], &cache);
    s.insecure = vec![server.host()];
    let r = stub_ref(&server);
    let expected = Err(RegistryError::HostNotAllowed {
        host: server.host(),
    });

    let client = RegistryClient::new(s.clone());
    assert_eq!(client.lookup(&r, None), expected);
    assert_eq!(client.fetch(&r, None), expected);
    assert_eq!(client.cached(&r, None), None);
    let lookups = Lookups::new(RegistryClient::new(s.clone()));
    assert_eq!(lookups.request_channel(&r, None).recv().unwrap(), expected);

    // Same host on another port is a different host.
    s.allow = vec!["127.0.0.1:1".into()];
    assert_eq!(RegistryClient::new(s.clone()).lookup(&r, None), expected);

    // Disabled beats everything, even an allowed host.
    s.allow = vec![server.host()];
    s.enabled = false;
    assert_eq!(
        RegistryClient::new(s).lookup(&r, None),
        Err(RegistryError::Disabled)
    );
    assert_eq!(server.connections(), 0);
}

#[test]
fn https_is_the_default() {
    let img = served(&[1]);
    let server = Stub::http(move |req| answer(&img, req));
    let cache = TempDir::new("cache");
    let mut s = settings(&[server.host()], &cache);
    s.insecure.clear();
    s.timeout = Duration::from_secs(2);
    let result = RegistryClient::new(s).lookup(&stub_ref(&server), None);
    assert!(
        matches!(
            result,
            Err(RegistryError::Protocol(_) | RegistryError::Io(_))
        ),
        "{result:?}"
    );
    assert!(server.connections() >= 1);
    assert!(
        server.requests().is_empty(),
        "only a TLS handshake, never a plaintext request"
    );
}

#[test]
fn docker_credentials_are_sent_only_when_enabled() {
    let img = served(&[5, 6]);
    let server = Stub::http(move |req| {
        if req.header("authorization") == Some("Basic dXNlcjpzZWNyZXQ=") {
            answer(&img, req)
        } else {
            Response::status(401).header("WWW-Authenticate", r#"Basic realm="stub""#)
        }
    });
    let cache = TempDir::new("cache");
    let docker = TempDir::new("docker-config");
    let config = docker.path().join("config.json");
    let auths =
        json!({"auths": {server.host(): {"auth": "dXNlcjpzZWNyZXQ="}}, "credsStore": "ignored"});
    std::fs::write(&config, auths.to_string()).unwrap();
    let mut s = settings(&[server.host()], &cache);
    s.docker_config = Some(config);

    let r = stub_ref(&server);
    assert_eq!(
        RegistryClient::new(s.clone()).fetch(&r, None),
        Err(RegistryError::Unauthorized)
    );
    assert!(server
        .requests()
        .iter()
        .all(|q| q.header("authorization").is_none()));

    s.use_docker_credentials = true;
    let f = RegistryClient::new(s).fetch(&r, None).unwrap();
    assert_eq!(f.download_bytes, 11);
}

#[test]
fn concurrent_requests_for_one_image_share_one_lookup() {
    let img = served(&[10, 20]);
    let server = Stub::http(move |req| answer(&img, req).delay(Duration::from_millis(300)));
    let cache = TempDir::new("cache");
    let lookups = Lookups::with_workers(RegistryClient::new(settings(&[server.host()], &cache)), 2);
    let r = stub_ref(&server);
    let amd = platform("linux/amd64");
    let (tx, rx) = mpsc::channel();
    let started: Vec<bool> = (0..5)
        .map(|_| {
            let tx = tx.clone();
            lookups.request(&r, Some(&amd), move |res| tx.send(res).unwrap())
        })
        .collect();
    assert_eq!(started, [true, false, false, false, false]);
    assert_eq!(lookups.in_flight(), 1);
    let caller = std::thread::current().id();
    let (tx2, rx2) = mpsc::channel();
    lookups.request(&r, Some(&amd), move |_| {
        tx2.send(std::thread::current().id()).unwrap()
    });
    for _ in 0..5 {
        let facts = rx.recv_timeout(Duration::from_secs(10)).unwrap().unwrap();
        assert_eq!(facts.download_bytes, 30);
    }
    assert_ne!(rx2.recv_timeout(Duration::from_secs(10)).unwrap(), caller);
    let manifest_gets = server
        .requests()
        .iter()
        .filter(|q| q.path.contains("/manifests/"))
        .count();
    assert_eq!(manifest_gets, 1);
    assert_eq!(lookups.in_flight(), 0);
    // Done: the next request for it is answered from the cache.
    let again = lookups
        .request_channel(&r, Some(&amd))
        .recv()
        .unwrap()
        .unwrap();
    assert!(matches!(again.source, FactSource::Cache { .. }));
    assert_eq!(lookups.cached(&r, Some(&amd)).unwrap().download_bytes, 30);
}

#[test]
fn blob_redirects_follow_the_redirect_policy() {
    let img = served(&[8]);
    let cdn_img = img.clone();
    let cdn = Stub::http(move |req| {
        // Credentials for the registry must not follow the redirect.
        if req.header("authorization").is_some() {
            return Response::status(400);
        }
        match req.path.strip_prefix("/cdn") {
            Some(p) if p == format!("/{}", cdn_img.config_digest) => {
                Response::ok("application/octet-stream", cdn_img.config.clone())
            }
            _ => Response::status(404),
        }
    });
    let location = format!("http://{}/cdn/{}", cdn.host(), img.config_digest);
    let server = Stub::http(move |req| {
        if req.path.contains("/blobs/") {
            Response::status(307).header("Location", &location)
        } else {
            answer(&img, req)
        }
    });
    let cache = TempDir::new("cache");
    let mut s = settings(&[server.host()], &cache);
    let r = stub_ref(&server);

    // Plain HTTP to a host not marked insecure: refused.
    assert!(matches!(
        RegistryClient::new(s.clone()).fetch(&r, None),
        Err(RegistryError::Protocol(_))
    ));
    assert_eq!(cdn.connections(), 0);

    // Only allowed hosts, when the user says so.
    s.insecure.push(cdn.host());
    s.redirects_to_allowed_only = true;
    assert_eq!(
        RegistryClient::new(s.clone()).fetch(&r, None),
        Err(RegistryError::HostNotAllowed { host: cdn.host() })
    );
    assert_eq!(cdn.connections(), 0);

    s.redirects_to_allowed_only = false;
    let f = RegistryClient::new(s).fetch(&r, None).unwrap();
    assert_eq!(f.config, expected_amd64_config());
    assert_eq!(cdn.connections(), 1);
}
