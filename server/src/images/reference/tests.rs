//! Behaviour tables modelled on distribution/reference's
//! `normalize_test.go` and `reference_test.go`, so a disagreement with
//! Docker shows up as a failing row.

use super::*;

const HEX64: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

#[track_caller]
fn ok(input: &str) -> ImageRef {
    match ImageRef::parse(input) {
        Ok(r) => r,
        Err(e) => panic!("{input:?} should parse, got {e:?}"),
    }
}

#[track_caller]
fn err(input: &str) -> RefError {
    match ImageRef::parse(input) {
        Ok(r) => panic!("{input:?} should be rejected, parsed as {r:?}"),
        Err(e) => e,
    }
}

#[test]
fn accepts_what_distribution_accepts() {
    let hex_with_host = format!("docker.io/{}", &"1a3f5e7d9c1b3a5f".repeat(4));
    let valid = [
        "docker/docker",
        "library/debian",
        "debian",
        "docker.io/docker/docker",
        "docker.io/library/debian",
        "docker.io/debian",
        "index.docker.io/docker/docker",
        "index.docker.io/library/debian",
        "index.docker.io/debian",
        "127.0.0.1:5000/docker/docker",
        "127.0.0.1:5000/library/debian",
        "127.0.0.1:5000/debian",
        "192.168.0.1",
        "192.168.0.1:80",
        "192.168.0.1:8/debian",
        "192.168.0.2:25000/debian",
        "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
        "[fc00::1]:5000/docker",
        "[fc00::1]:5000/docker/docker",
        "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
        hex_with_host.as_str(),
        "Docker/docker",
        "DOCKER/docker",
        "docker-rules/docker",
        "docker---rules/docker",
        "doc/docker",
        "d/docker",
        "jess/t",
        "dock__er/docker",
    ];
    for input in valid {
        ok(input);
    }
}

#[test]
fn rejects_what_distribution_rejects() {
    let long_namespace = format!("{}/docker", "this_is_not_a_valid_namespace".repeat(9));
    let invalid = [
        "https://github.com/docker/docker",
        "docker/Docker",
        "-docker",
        "-docker/docker",
        "-docker.io/docker/docker",
        "docker///docker",
        "docker.io/docker/Docker",
        "docker.io/docker///docker",
        "[fc00::1]",
        "[fc00::1]:5000",
        "fc00::1:5000/debian",
        "[fe80::1%eth0]:5000/debian",
        "[2001:db8:3:4::192.0.2.33]:5000/debian",
        "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
        "docker-/docker",
        "-docker-/docker",
        "____/____",
        "_docker/_docker",
        "dock..er/docker",
        "dock_.er/docker",
        "dock-.er/docker",
        "docker/",
        long_namespace.as_str(),
        ":justtag",
        "@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "aa/asdf$$^/aa",
        "[2001:db8::1]",
        "[2001:db8::1]:5000",
        "[2001:db8::1]:tag",
        "[fe80::1%@invalidzone]:5000/repo",
        "golang:",
        "golang:-bad",
        "golang:a:b",
        "golang@",
        "golang:1.22@sha256:abc",
    ];
    for input in invalid {
        err(input);
    }
}

#[test]
fn normalises_names_like_docker() {
    // (input, familiar name, canonical name, registry, repository)
    let rows = [
        (
            "fooo/bar",
            "fooo/bar",
            "docker.io/fooo/bar",
            "docker.io",
            "fooo/bar",
        ),
        (
            "index.docker.io/fooo/bar",
            "fooo/bar",
            "docker.io/fooo/bar",
            "docker.io",
            "fooo/bar",
        ),
        (
            "ubuntu",
            "ubuntu",
            "docker.io/library/ubuntu",
            "docker.io",
            "library/ubuntu",
        ),
        (
            "library/ubuntu",
            "ubuntu",
            "docker.io/library/ubuntu",
            "docker.io",
            "library/ubuntu",
        ),
        (
            "docker.io/foo",
            "foo",
            "docker.io/library/foo",
            "docker.io",
            "library/foo",
        ),
        (
            "nonlibrary/ubuntu",
            "nonlibrary/ubuntu",
            "docker.io/nonlibrary/ubuntu",
            "docker.io",
            "nonlibrary/ubuntu",
        ),
        (
            "other/library",
            "other/library",
            "docker.io/other/library",
            "docker.io",
            "other/library",
        ),
        (
            "127.0.0.1:8000/private/moonbase",
            "127.0.0.1:8000/private/moonbase",
            "127.0.0.1:8000/private/moonbase",
            "127.0.0.1:8000",
            "private/moonbase",
        ),
        (
            "example.com/privatebase",
            "example.com/privatebase",
            "example.com/privatebase",
            "example.com",
            "privatebase",
        ),
        (
            "example.com:8000/private/moonbase",
            "example.com:8000/private/moonbase",
            "example.com:8000/private/moonbase",
            "example.com:8000",
            "private/moonbase",
        ),
        (
            "ubuntu-12.04-base",
            "ubuntu-12.04-base",
            "docker.io/library/ubuntu-12.04-base",
            "docker.io",
            "library/ubuntu-12.04-base",
        ),
        (
            "docker.io/library/foo/bar",
            "library/foo/bar",
            "docker.io/library/foo/bar",
            "docker.io",
            "library/foo/bar",
        ),
        (
            "store/foo/bar",
            "store/foo/bar",
            "docker.io/store/foo/bar",
            "docker.io",
            "store/foo/bar",
        ),
        ("Foo/bar", "Foo/bar", "Foo/bar", "Foo", "bar"),
        ("FOO/bar", "FOO/bar", "FOO/bar", "FOO", "bar"),
        (
            "test_com/foo",
            "test_com/foo",
            "docker.io/test_com/foo",
            "docker.io",
            "test_com/foo",
        ),
        (
            "test-com:8080/foo",
            "test-com:8080/foo",
            "test-com:8080/foo",
            "test-com:8080",
            "foo",
        ),
        (
            "xn--n3h.com:18080/foo",
            "xn--n3h.com:18080/foo",
            "xn--n3h.com:18080/foo",
            "xn--n3h.com:18080",
            "foo",
        ),
        (
            "localhost/foo",
            "localhost/foo",
            "localhost/foo",
            "localhost",
            "foo",
        ),
        (
            "gcr.io/distroless/static",
            "gcr.io/distroless/static",
            "gcr.io/distroless/static",
            "gcr.io",
            "distroless/static",
        ),
        // Legacy quirk: an invalid host that is a valid path is kept whole.
        (
            "my_registry.com/app",
            "my_registry.com/app",
            "my_registry.com/app",
            "",
            "my_registry.com/app",
        ),
    ];
    for (input, familiar, canonical, registry, repository) in rows {
        let r = ok(input);
        assert_eq!(r.familiar_name(), familiar, "familiar name of {input}");
        assert_eq!(r.name(), canonical, "canonical name of {input}");
        assert_eq!(r.registry, registry, "registry of {input}");
        assert_eq!(r.repository, repository, "repository of {input}");
        assert_eq!(r.tag, None, "tag of {input}");
    }
}

/// (input, registry, repository, tag, digest)
type Split<'a> = (String, &'a str, &'a str, Option<&'a str>, Option<&'a str>);

#[test]
fn splits_tags_and_digests() {
    let d256 = format!("sha256:{HEX64}");
    let d512 = format!("sha512:{HEX64}{HEX64}");
    let rows: Vec<Split> = vec![
        (
            "test.com:tag".into(),
            "docker.io",
            "library/test.com",
            Some("tag"),
            None,
        ),
        (
            "test.com:5000".into(),
            "docker.io",
            "library/test.com",
            Some("5000"),
            None,
        ),
        (
            "test.com/repo:tag".into(),
            "test.com",
            "repo",
            Some("tag"),
            None,
        ),
        ("test:5000/repo".into(), "test:5000", "repo", None, None),
        (
            format!("test:5000/repo@{d256}"),
            "test:5000",
            "repo",
            None,
            Some(&d256),
        ),
        (
            format!("test:5000/repo:tag@{d256}"),
            "test:5000",
            "repo",
            Some("tag"),
            Some(&d256),
        ),
        (
            "lowercase:Uppercase".into(),
            "docker.io",
            "library/lowercase",
            Some("Uppercase"),
            None,
        ),
        (
            "b.gcr.io/test.example.com/my-app:test.example.com".into(),
            "b.gcr.io",
            "test.example.com/my-app",
            Some("test.example.com"),
            None,
        ),
        (
            format!("xn--7o8h.com/myimage:xn--7o8h.com@{d512}"),
            "xn--7o8h.com",
            "myimage",
            Some("xn--7o8h.com"),
            Some(&d512),
        ),
        (
            "foo_bar.com:8080".into(),
            "docker.io",
            "library/foo_bar.com",
            Some("8080"),
            None,
        ),
        (
            "foo/foo_bar.com:8080".into(),
            "docker.io",
            "foo/foo_bar.com",
            Some("8080"),
            None,
        ),
        (
            "192.168.1.1:5000/repo:5050".into(),
            "192.168.1.1:5000",
            "repo",
            Some("5050"),
            None,
        ),
        (
            "[2001:db8::1]:5000/repo:tag".into(),
            "[2001:db8::1]:5000",
            "repo",
            Some("tag"),
            None,
        ),
        ("[::1]:5000/repo".into(), "[::1]:5000", "repo", None, None),
        (
            "golang:1.22.3-alpine3.19".into(),
            "docker.io",
            "library/golang",
            Some("1.22.3-alpine3.19"),
            None,
        ),
        (
            format!("docker.io/library/golang:1.22@{d256}"),
            "docker.io",
            "library/golang",
            Some("1.22"),
            Some(&d256),
        ),
        (
            "mcr.microsoft.com/dotnet/sdk:9.0-alpine".into(),
            "mcr.microsoft.com",
            "dotnet/sdk",
            Some("9.0-alpine"),
            None,
        ),
    ];
    for (input, registry, repository, tag, digest) in rows {
        let r = ok(&input);
        assert_eq!(
            (
                r.registry.as_str(),
                r.repository.as_str(),
                r.tag.as_deref(),
                r.digest.as_deref()
            ),
            (registry, repository, tag, digest),
            "{input}"
        );
    }
}

#[test]
fn errors_carry_kind_and_offset() {
    let hex34 = "f".repeat(34);
    let rows: Vec<(String, RefError)> = vec![
        ("".into(), RefError::Empty),
        (HEX64.into(), RefError::IdentifierOnly),
        ("Uppercase:tag".into(), RefError::Uppercase { offset: 0 }),
        ("docker/Docker".into(), RefError::Uppercase { offset: 7 }),
        (
            "test:5000/Uppercase/lowercase:tag".into(),
            RefError::Uppercase { offset: 10 },
        ),
        ("Foo_x/bar".into(), RefError::Uppercase { offset: 0 }),
        (
            "aa/asdf$$^/aa".into(),
            RefError::InvalidRepository { offset: 7 },
        ),
        ("docker/".into(), RefError::InvalidRepository { offset: 7 }),
        (":justtag".into(), RefError::InvalidRepository { offset: 0 }),
        (
            "-docker.io/x".into(),
            RefError::InvalidRegistry { offset: 0 },
        ),
        (
            "fc00::1:5000/debian".into(),
            RefError::InvalidRegistry { offset: 0 },
        ),
        ("golang:-x".into(), RefError::InvalidTag { offset: 7 }),
        ("golang:".into(), RefError::InvalidTag { offset: 7 }),
        (
            format!("golang:{}", "a".repeat(129)),
            RefError::InvalidTag { offset: 7 },
        ),
        (
            "golang:1.22@sha256:abc".into(),
            RefError::InvalidDigest { offset: 12 },
        ),
        (
            format!("repo@sha256:{hex34}"),
            RefError::DigestLength {
                offset: 12,
                expected: 64,
                found: 34,
            },
        ),
        (
            format!("validname@invaliddigest:{HEX64}"),
            RefError::UnsupportedDigest {
                offset: 10,
                algorithm: "invaliddigest".into(),
            },
        ),
        (
            format!("repo@sha256:{}", HEX64.to_ascii_uppercase()),
            RefError::InvalidDigest { offset: 12 },
        ),
        (
            format!("{}a:tag", "a/".repeat(128)),
            RefError::NameTooLong { len: 257 },
        ),
        // The library/ prefix counts toward the limit, as in Docker.
        ("a".repeat(250), RefError::NameTooLong { len: 258 }),
    ];
    for (input, expected) in rows {
        assert_eq!(err(&input), expected, "{input:?}");
    }
}

#[test]
fn length_limit_is_inclusive() {
    let r = ok(&format!("{}a:tag-puts-this-over-max", "a/".repeat(127)));
    assert_eq!(r.repository.len(), 255);
    assert_eq!(r.registry, "docker.io");
}

#[test]
fn messages_match_docker_wording() {
    assert_eq!(
        err("docker/Docker").to_string(),
        "invalid reference format: repository name must be lowercase"
    );
    assert!(err("golang:-x")
        .to_string()
        .starts_with("invalid reference format"));
    assert_eq!(err("golang:-x").offset(), Some(7));
    assert_eq!(err("").offset(), None);
}

#[test]
fn helpers() {
    let golang = ok("golang:1.22");
    assert_eq!(golang.familiar_name(), "golang");
    assert_eq!(golang.tag_or_latest(), "1.22");
    assert!(golang.is_docker_hub() && golang.is_official());
    assert_eq!(golang.to_string(), "docker.io/library/golang:1.22");
    assert_eq!(golang.familiar(), "golang:1.22");

    let app = ok("myorg/app");
    assert_eq!(app.tag_or_latest(), "latest");
    assert!(app.is_docker_hub() && !app.is_official());
    assert_eq!(app.familiar_name(), "myorg/app");

    let static_ = ok("gcr.io/distroless/static-debian12:nonroot");
    assert_eq!(static_.familiar_name(), "gcr.io/distroless/static-debian12");
    assert!(!static_.is_docker_hub() && !static_.is_official());

    let pinned = ok(&format!("busybox:latest@sha256:{HEX64}"));
    assert_eq!(pinned.familiar(), format!("busybox:latest@sha256:{HEX64}"));
    assert_eq!(
        pinned.to_string(),
        format!("docker.io/library/busybox:latest@sha256:{HEX64}")
    );

    let digest_only = ok(&format!("redis@sha256:{HEX64}"));
    assert_eq!(digest_only.tag, None);
    assert_eq!(digest_only.tag_or_latest(), "latest");

    let parsed: ImageRef = "alpine".parse().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed.familiar(), "alpine");
}

#[test]
fn scratch_is_not_a_registry_image() {
    let s = ok("scratch");
    assert!(s.is_scratch());
    assert!(!s.is_docker_hub() && !s.is_official());
    assert_eq!(s.registry, "");
    assert_eq!(s.familiar_name(), "scratch");
    assert_eq!(s.to_string(), "scratch");
    assert_eq!(s, ImageRef::scratch());
    // Anything but the bare word is an ordinary (unpullable) Hub name.
    let tagged = ok("scratch:latest");
    assert!(!tagged.is_scratch());
    assert_eq!(tagged.repository, "library/scratch");
    assert!(!ok("docker.io/library/scratch").is_scratch());
}

#[test]
fn never_panics_on_odd_input() {
    let odd = [
        "/",
        "//",
        ":",
        "@",
        ":@",
        "a@b:c",
        "[",
        "[]/a",
        "[:]/a",
        "a:/b",
        "é",
        "gö/lang",
        "a/é:tag",
        "x:5000/",
        "localhost:/a",
        "a..b/c",
        "[::1]x/a",
        "a:b@c:d@e",
    ];
    for input in odd {
        let _ = ImageRef::parse(input);
    }
}
