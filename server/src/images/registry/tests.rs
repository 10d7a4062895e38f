use super::auth::{base64, docker_basic_credentials, encode_query, parse_challenge, Challenge};
use super::cache::CacheKey;
use super::http::{registry_base, Scheme, Url};
use super::manifest::{parse_config, parse_document, pick_platform, verify_digest, Document};
use super::platform::match_score;
use super::settings::host_matches;
use super::*;

fn settings() -> RegistrySettings {
    RegistrySettings {
        enabled: true,
        cache_dir: Some(std::env::temp_dir().join("docklens-unit-unused")),
        ..RegistrySettings::default()
    }
}

#[test]
fn host_patterns() {
    assert!(host_matches("ghcr.io", "ghcr.io"));
    assert!(host_matches("GHCR.io", "ghcr.IO"));
    assert!(host_matches("ghcr.io", "ghcr.io:443"));
    assert!(!host_matches("ghcr.io", "evil-ghcr.io"));
    assert!(host_matches("*.gcr.io", "us.gcr.io"));
    assert!(host_matches("*.gcr.io", "a.b.gcr.io"));
    assert!(!host_matches("*.gcr.io", "gcr.io"));
    assert!(!host_matches("*.gcr.io", "xgcr.io"));
    assert!(host_matches("127.0.0.1:5000", "127.0.0.1:5000"));
    assert!(!host_matches("127.0.0.1:5000", "127.0.0.1:5001"));
    assert!(!host_matches("127.0.0.1:5000", "127.0.0.1"));
    assert!(host_matches("[::1]:5000", "[::1]:5000"));
    assert!(host_matches("https://quay.io/", "quay.io"));
    assert!(host_matches("*", "anything.example"));
    assert!(!host_matches("", "ghcr.io"));
}

#[test]
fn defaults_are_off_and_cover_the_big_registries() {
    let s = RegistrySettings::default();
    assert!(!s.enabled && !s.use_docker_credentials);
    for host in [
        "docker.io",
        "auth.docker.io",
        "ghcr.io",
        "us.gcr.io",
        "quay.io",
        "cgr.dev",
    ] {
        assert!(s.is_allowed(host), "{host}");
    }
    assert!(!s.is_allowed("localhost:5000"));
    assert!(s.insecure.is_empty());
}

#[test]
fn policy_is_decided_without_io() {
    let client = RegistryClient::new(settings());
    let hub = ImageRef::parse("golang:1.22").unwrap();
    assert_eq!(client.check_allowed(&hub), Ok(()));
    let local = ImageRef::parse("localhost:5000/app").unwrap();
    assert_eq!(
        client.lookup(&local, None),
        Err(RegistryError::HostNotAllowed {
            host: "localhost:5000".into()
        })
    );
    assert!(matches!(
        client.lookup(&ImageRef::scratch(), None),
        Err(RegistryError::Protocol(_))
    ));
    let forged = ImageRef {
        repository: "library/../../x".into(),
        ..hub.clone()
    };
    assert!(matches!(
        client.check_allowed(&forged),
        Err(RegistryError::Protocol(_))
    ));
    let off = RegistryClient::new(RegistrySettings::default());
    assert_eq!(off.lookup(&hub, None), Err(RegistryError::Disabled));
    assert_eq!(off.cached(&hub, None), None);
}

#[test]
fn docker_hub_is_reached_over_https_at_registry_1() {
    let mut s = settings();
    let base = registry_base(&s, "docker.io");
    assert_eq!(
        (base.scheme, base.authority.as_str()),
        (Scheme::Https, "registry-1.docker.io")
    );
    s.insecure = vec!["127.0.0.1:5000".into()];
    assert_eq!(registry_base(&s, "127.0.0.1:5000").scheme, Scheme::Http);
    assert_eq!(registry_base(&s, "127.0.0.1:5001").scheme, Scheme::Https);
}

#[test]
fn platforms() {
    assert_eq!(
        Platform::parse("linux/arm64/v8"),
        Some(Platform::new("linux", "arm64", Some("v8")))
    );
    assert_eq!(
        Platform::parse("linux/x86_64").unwrap().architecture,
        "amd64"
    );
    assert_eq!(Platform::parse("$BUILDPLATFORM"), None);
    assert_eq!(Platform::parse("linux/amd64/v2/x"), None);
    assert_eq!(
        Platform::new("linux", "arm", Some("v7")).to_string(),
        "linux/arm/v7"
    );
    let host = Platform::host();
    assert_eq!(host.os, "linux");
    if cfg!(target_arch = "x86_64") {
        assert_eq!(host.architecture, "amd64");
    }
    if cfg!(target_arch = "aarch64") {
        assert_eq!(host.architecture, "arm64");
    }

    let p = |s: &str| Platform::parse(s).unwrap();
    assert_eq!(
        match_score(&p("linux/arm64"), &p("linux/arm64/v8")),
        Some(100)
    );
    assert_eq!(
        match_score(&p("linux/arm64/v8"), &p("linux/arm64")),
        Some(100)
    );
    assert_eq!(match_score(&p("linux/amd64"), &p("linux/arm64")), None);
    assert_eq!(match_score(&p("windows/amd64"), &p("linux/amd64")), None);
    assert!(match_score(&p("linux/arm/v6"), &p("linux/arm/v7")).is_some());
    assert_eq!(match_score(&p("linux/arm/v7"), &p("linux/arm/v6")), None);
}

#[test]
fn index_platform_choice() {
    let index = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
      {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:aa","size":1,"platform":{"os":"linux","architecture":"amd64"}},
      {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:bb","size":1,"platform":{"os":"linux","architecture":"arm","variant":"v6"}},
      {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:cc","size":1,"platform":{"os":"linux","architecture":"arm","variant":"v7"}},
      {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:dd","size":1,"platform":{"os":"unknown","architecture":"unknown"}}]}"#;
    let Ok(Document::Index(entries)) = parse_document(None, index) else {
        panic!("not an index");
    };
    let pick =
        |s: &str| pick_platform(&entries, &Platform::parse(s).unwrap()).map(|e| e.digest.clone());
    assert_eq!(pick("linux/amd64").unwrap(), "sha256:aa");
    assert_eq!(pick("linux/arm/v7").unwrap(), "sha256:cc");
    assert_eq!(pick("linux/arm/v8").unwrap(), "sha256:cc");
    assert_eq!(
        pick("linux/s390x"),
        Err(RegistryError::NoPlatform {
            wanted: "linux/s390x".into(),
            available: vec![
                "linux/amd64".into(),
                "linux/arm/v6".into(),
                "linux/arm/v7".into()
            ],
        })
    );
}

#[test]
fn documents_by_content_type_or_shape() {
    let manifest = br#"{"schemaVersion":2,"config":{"mediaType":"x","digest":"sha256:c","size":7},
      "layers":[{"mediaType":"x","digest":"sha256:l1","size":10},{"mediaType":"x","digest":"sha256:l2","size":32}]}"#;
    let Ok(Document::Manifest(m)) = parse_document(Some("application/json"), manifest) else {
        panic!("not a manifest");
    };
    assert_eq!((m.config_size, m.layer_sizes), (7, vec![10, 32]));
    let schema1 = parse_document(
        Some("application/vnd.docker.distribution.manifest.v1+prettyjws"),
        br#"{"schemaVersion":1}"#,
    );
    assert!(matches!(schema1, Err(RegistryError::Protocol(_))));
    assert!(matches!(
        parse_document(None, b"{not json"),
        Err(RegistryError::Protocol(_))
    ));
    let negative = br#"{"config":{"digest":"sha256:c","size":-1},"layers":[]}"#;
    assert!(parse_document(None, negative).is_err());
}

#[test]
fn config_fields() {
    let blob = br#"{"architecture":"arm64","variant":"v8","os":"linux","config":{
      "Env":["PATH=/usr/bin","A=b"],"WorkingDir":"","User":"nonroot","Entrypoint":null,
      "Cmd":["sh"],"ExposedPorts":{"8080/tcp":{},"53/udp":{}}}}"#;
    let (platform, facts) = parse_config(blob).unwrap();
    assert_eq!(platform, Some(Platform::new("linux", "arm64", Some("v8"))));
    assert_eq!(facts.env, ["PATH=/usr/bin", "A=b"]);
    assert_eq!(facts.workdir, None);
    assert_eq!(facts.user.as_deref(), Some("nonroot"));
    assert_eq!(facts.entrypoint, None);
    assert_eq!(facts.cmd, Some(vec!["sh".to_string()]));
    assert_eq!(facts.exposed_ports, ["53/udp", "8080/tcp"]);
    let (_, empty) = parse_config(b"{}").unwrap();
    assert_eq!(empty, ImageConfigFacts::default());
}

#[test]
fn digests_are_verified() {
    let body = b"hello";
    let d = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    assert_eq!(manifest::sha256_digest(body), d);
    assert_eq!(verify_digest(d, body), Ok(()));
    assert!(verify_digest(d, b"hellO").is_err());
    assert!(verify_digest("md5:abc", body).is_err());
}

#[test]
fn challenges() {
    assert_eq!(
        parse_challenge(
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/golang:pull,push""#
        ),
        Some(Challenge::Bearer {
            realm: "https://auth.docker.io/token".into(),
            service: Some("registry.docker.io".into()),
            scope: Some("repository:library/golang:pull,push".into()),
        })
    );
    assert_eq!(
        parse_challenge("bearer realm=https://x/t, service=svc"),
        Some(Challenge::Bearer {
            realm: "https://x/t".into(),
            service: Some("svc".into()),
            scope: None,
        })
    );
    assert_eq!(
        parse_challenge(r#"Basic realm="Registry""#),
        Some(Challenge::Basic)
    );
    assert_eq!(parse_challenge("Bearer service=x"), None);
    assert_eq!(parse_challenge("Negotiate"), None);
    assert_eq!(
        parse_challenge(r#"Bearer realm="a\"b,c""#),
        Some(Challenge::Bearer {
            realm: "a\"b,c".into(),
            service: None,
            scope: None,
        })
    );
}

#[test]
fn encodings() {
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
    assert_eq!(base64(b"user:p@ss"), "dXNlcjpwQHNz");
    assert_eq!(
        encode_query("repository:a/b:pull"),
        "repository%3Aa%2Fb%3Apull"
    );
}

#[test]
fn docker_config_auths() {
    let dir = std::env::temp_dir().join(format!("docklens-unit-auth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.json");
    std::fs::write(
        &path,
        r#"{"auths":{"https://index.docker.io/v1/":{"auth":"aHViOnB3"},
            "localhost:5000":{"username":"u","password":"p"},
            "ghcr.io":{"identitytoken":"x"}},"credsStore":"desktop"}"#,
    )
    .unwrap();
    assert_eq!(
        docker_basic_credentials(&path, "docker.io").as_deref(),
        Some("aHViOnB3")
    );
    assert_eq!(
        docker_basic_credentials(&path, "localhost:5000").as_deref(),
        Some(base64(b"u:p").as_str())
    );
    assert_eq!(docker_basic_credentials(&path, "ghcr.io"), None);
    assert_eq!(docker_basic_credentials(&path, "quay.io"), None);
    assert_eq!(
        docker_basic_credentials(&dir.join("missing.json"), "docker.io"),
        None
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn urls() {
    let u = Url::parse("https://Auth.Example:8443/token?x=1#frag").unwrap();
    assert_eq!(
        (u.authority.as_str(), u.path.as_str()),
        ("auth.example:8443", "/token?x=1")
    );
    assert_eq!(Url::parse("https://user:pw@host/"), None);
    assert_eq!(Url::parse("ftp://host/"), None);
    assert_eq!(Url::parse("https:///x"), None);
    assert_eq!(Url::parse("http://h").unwrap().path, "/");
    let base = Url::parse("https://reg.example/v2/a/blobs/sha256:1").unwrap();
    assert_eq!(
        base.join("/x").unwrap().to_string(),
        "https://reg.example/x"
    );
    assert_eq!(
        base.join("y").unwrap().to_string(),
        "https://reg.example/v2/a/blobs/y"
    );
    assert_eq!(
        base.join("//cdn.example/z").unwrap().to_string(),
        "https://cdn.example/z"
    );
    assert_eq!(
        base.join("http://cdn.example/z").unwrap().scheme,
        Scheme::Http
    );
}

#[test]
fn cache_keys_separate_tag_digest_and_platform() {
    let amd = Platform::parse("linux/amd64").unwrap();
    let arm = Platform::parse("linux/arm64").unwrap();
    let key = |s: &str, p: &Platform| CacheKey::new(&ImageRef::parse(s).unwrap(), p);
    assert_eq!(
        key("golang", &amd).as_str(),
        "docker.io/library/golang:latest linux/amd64"
    );
    assert_eq!(
        key("golang", &amd),
        key("docker.io/library/golang:latest", &amd)
    );
    assert_ne!(key("golang", &amd), key("golang", &arm));
    assert_ne!(key("golang:1", &amd), key("golang:2", &amd));
    let d = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    assert_eq!(
        key(&format!("golang:1@{d}"), &amd).as_str(),
        format!("docker.io/library/golang@{d} linux/amd64")
    );
}

#[test]
fn shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<RegistryClient>();
    assert_send_sync::<Lookups>();
    assert_send_sync::<ImageFacts>();
    assert_send_sync::<RegistryError>();
}
