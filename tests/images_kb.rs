//! Consistency checks for the embedded base-image table
//! (`server/data/images.toml`) and the seed scenarios docklens was built
//! around. A failure here means the table was edited into a state the
//! matcher or the refactors cannot rely on.

use std::collections::HashSet;

use docklens::images::{
    knowledge_base, lookup_str, Basis, Glob, How, ImageEntry, KnowledgeBase, Libc, Match, Role,
    SizeFact, TagSource,
};

const HEX64: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn kb() -> &'static KnowledgeBase {
    match knowledge_base() {
        Ok(kb) => kb,
        Err(e) => panic!("embedded table failed to load: {e}"),
    }
}

#[track_caller]
fn resolve(reference: &str) -> Match<'static> {
    lookup_str(reference).unwrap_or_else(|e| panic!("{reference:?} does not parse: {e}"))
}

#[track_caller]
fn entry(reference: &str) -> &'static ImageEntry {
    match resolve(reference).entry() {
        Some(e) => e,
        None => panic!("{reference:?} resolved to Unknown"),
    }
}

#[test]
fn table_parses_and_covers_the_draft() {
    let kb = kb();
    assert_eq!(kb.schema_version, 1);
    // The research draft has 65 entries; every one of them is carried over.
    assert!(kb.entries().len() >= 65, "{} entries", kb.entries().len());
    for id in [
        "scratch",
        "distroless-static",
        "distroless-base-nossl",
        "distroless-base",
        "distroless-cc",
        "chainguard-static",
        "busybox",
        "alpine",
        "wolfi-base",
        "debian-slim",
        "debian",
        "ubuntu-jammy",
        "ubuntu",
        "ubi-micro",
        "ubi-minimal",
        "ubi",
        "amazonlinux",
        "fedora",
        "rockylinux-minimal",
        "rockylinux",
        "centos",
        "distroless-python3",
        "distroless-nodejs",
        "distroless-java",
        "golang-alpine",
        "golang",
        "rust-alpine",
        "rust-slim",
        "rust",
        "node-alpine",
        "node-slim",
        "node",
        "python-alpine",
        "python-slim",
        "python",
        "temurin-jre-alpine",
        "temurin-jre-ubi-minimal",
        "temurin-jre",
        "temurin-jdk-alpine",
        "temurin-jdk",
        "maven",
        "gradle",
        "openjdk",
        "dotnet-sdk-alpine",
        "dotnet-sdk",
        "dotnet-aspnet-chiseled",
        "dotnet-aspnet-alpine",
        "dotnet-aspnet",
        "dotnet-runtime-chiseled",
        "dotnet-runtime-alpine",
        "dotnet-runtime",
        "dotnet-runtime-deps-chiseled",
        "dotnet-runtime-deps-alpine",
        "dotnet-runtime-deps",
        "php-alpine",
        "php",
        "ruby-alpine",
        "ruby-slim",
        "ruby",
        "nginx-alpine",
        "nginx",
        "httpd",
        "redis",
        "postgres",
        "mysql",
    ] {
        assert!(kb.get(id).is_some(), "missing entry {id}");
    }
}

#[test]
fn ids_are_unique() {
    let mut seen = HashSet::new();
    for e in kb().entries() {
        assert!(seen.insert(e.id.as_str()), "duplicate id {}", e.id);
    }
}

#[test]
fn every_pattern_is_valid() {
    for e in kb().entries() {
        let overrides = e.tag_overrides.iter().flat_map(|o| &o.tags);
        for p in e
            .repos
            .iter()
            .chain(&e.tags)
            .chain(&e.shell_tags)
            .chain(overrides)
        {
            if let Err(err) = Glob::new(p) {
                panic!("{}: {err}", e.id);
            }
        }
        assert_eq!(e.repos.is_empty(), e.id == "scratch", "{}: repos", e.id);
        assert_eq!(e.tags.is_empty(), e.id == "scratch", "{}: tags", e.id);
    }
}

#[test]
fn examples_and_canonical_resolve_to_their_own_entry() {
    for e in kb().entries() {
        assert!(!e.examples.is_empty(), "{} has no examples", e.id);
        for example in e.examples.iter().chain(std::iter::once(&e.canonical)) {
            let got = entry(example);
            assert_eq!(got.id, e.id, "{example:?} is shadowed by {}", got.id);
        }
    }
}

#[test]
fn no_entry_is_shadowed_by_an_earlier_one() {
    // A reference built from each of the entry's own patterns must come
    // back to it, whichever way the wildcards are filled.
    for e in kb().entries().iter().filter(|e| e.id != "scratch") {
        for repo in &e.repos {
            for tag in &e.tags {
                for filler in ["", "x1"] {
                    let (repo, tag) = (sample(repo, filler), sample(tag, filler));
                    let reference = if tag.is_empty() {
                        repo
                    } else {
                        format!("{repo}:{tag}")
                    };
                    let got = entry(&reference);
                    assert_eq!(got.id, e.id, "{reference:?} (from {}) hit {}", e.id, got.id);
                }
            }
        }
    }
}

fn sample(pattern: &str, filler: &str) -> String {
    match Glob::new(pattern) {
        Ok(g) => g.sample(filler),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn runtime_alternatives_exist_and_are_smaller_smallest_first() {
    let kb = kb();
    for e in kb.entries() {
        let alternatives = kb.runtime_alternatives(e);
        assert_eq!(alternatives.len(), e.runtime_alternatives.len(), "{}", e.id);
        let mut previous: Option<(f64, &str)> = None;
        for alt in alternatives {
            assert_ne!(alt.id, e.id, "{} lists itself", e.id);
            assert_ne!(
                alt.role(),
                Role::Sdk,
                "{} offers SDK {} as a runtime",
                e.id,
                alt.id
            );
            if let (Some(mine), Some(theirs)) = (e.disk_mb(), alt.disk_mb()) {
                assert!(
                    theirs < mine,
                    "{} ({theirs} MB) is not smaller than {} ({mine} MB)",
                    alt.id,
                    e.id
                );
            }
            if let Some(theirs) = alt.disk_mb() {
                if let Some((before, before_id)) = previous {
                    assert!(
                        before <= theirs,
                        "{}: {before_id} ({before}) listed before {} ({theirs})",
                        e.id,
                        alt.id
                    );
                }
                previous = Some((theirs, alt.id.as_str()));
            }
        }
    }
}

#[test]
fn every_number_has_a_source_and_a_date() {
    for e in kb().entries() {
        for (what, fact) in [("download", &e.download), ("disk", &e.disk)] {
            let Some(fact) = fact else { continue };
            check_fact(&e.id, what, fact);
        }
        if let (Some(down), Some(disk)) = (e.download_mb(), e.disk_mb()) {
            assert!(
                down <= disk,
                "{}: download {down} MB > disk {disk} MB",
                e.id
            );
        }
    }
}

fn check_fact(id: &str, what: &str, fact: &SizeFact) {
    assert!(
        fact.mb.is_finite() && fact.mb >= 0.0,
        "{id} {what}: {}",
        fact.mb
    );
    assert!(fact.source.trim().len() > 5, "{id} {what}: no source");
    assert!(
        is_date(&fact.as_of),
        "{id} {what}: as_of {:?} is not YYYY[-MM[-DD]]",
        fact.as_of
    );
    if fact.source.starts_with("derived") {
        assert_eq!(
            fact.basis,
            Basis::Estimate,
            "{id} {what}: derived numbers are estimates"
        );
    }
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    }
}

#[test]
fn config_facts_are_well_formed() {
    for e in kb().entries() {
        assert!(e.config.workdir.starts_with('/'), "{}: workdir", e.id);
        assert!(!e.config.user.is_empty(), "{}: user", e.id);
        assert!(
            !e.config.source.trim().is_empty(),
            "{}: config source",
            e.id
        );
        for o in &e.tag_overrides {
            assert!(
                o.workdir.as_deref().is_none_or(|w| w.starts_with('/')),
                "{}",
                e.id
            );
        }
        if e.role() == Role::Sdk {
            assert!(
                !e.toolchain().is_empty(),
                "{}: an SDK lists its toolchain",
                e.id
            );
        }
        assert!(
            e.canonical.parse::<docklens::images::ImageRef>().is_ok(),
            "{}",
            e.id
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Seed scenarios
// ---------------------------------------------------------------------------------------------

#[test]
fn seed_golang_alpine_to_alpine() {
    let sdk = entry("golang:alpine");
    assert_eq!(sdk.id, "golang-alpine");
    assert_eq!(sdk.role(), Role::Sdk);
    assert_eq!(sdk.libc(), Libc::Musl);
    assert_eq!(sdk.default_workdir("alpine"), "/go");
    let disk = sdk.disk_mb().unwrap_or(0.0);
    assert!(
        (230.0..250.0).contains(&disk),
        "golang:alpine ~241 MB, got {disk}"
    );
    assert_eq!(sdk.toolchain(), ["go"]);

    let runtime = entry("alpine");
    assert_eq!(runtime.id, "alpine");
    assert_eq!(runtime.libc(), Libc::Musl);
    assert_eq!(runtime.default_workdir("latest"), "/");
    let disk = runtime.disk_mb().unwrap_or(0.0);
    assert!((7.0..9.0).contains(&disk), "alpine ~8 MB, got {disk}");
    assert!(!runtime.is_estimate());

    // The switch the seed article made: alpine is on offer, and its WORKDIR
    // differs, so a refactor has to carry `WORKDIR /go` over.
    let offered: Vec<&str> = sdk
        .runtime_alternatives()
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert!(offered.contains(&"alpine"), "{offered:?}");
    assert_eq!(offered.first(), Some(&"scratch"));
    assert_ne!(
        sdk.default_workdir("alpine"),
        runtime.default_workdir("3.22")
    );
    assert_eq!(runtime.canonical_ref(), "alpine:3.22");
}

#[test]
fn seed_versioned_and_pinned_golang() {
    assert_eq!(entry("golang:1.22.3-alpine3.19").id, "golang-alpine");
    let pinned = resolve(&format!("docker.io/library/golang:1.22@sha256:{HEX64}"));
    let Match::Known(m) = pinned else {
        panic!("pinned golang is unknown")
    };
    assert_eq!(m.entry.id, "golang");
    assert!(matches!(
        m.how,
        How::Pattern {
            tag: TagSource::Explicit,
            ..
        }
    ));
    assert!(m.entry.is_estimate(), "golang's download size is derived");

    let Match::Known(m) = resolve(&format!("golang@sha256:{HEX64}")) else {
        panic!()
    };
    assert!(matches!(
        m.how,
        How::Pattern {
            tag: TagSource::DigestOnly,
            ..
        }
    ));
    let Match::Known(m) = resolve("golang") else {
        panic!()
    };
    assert!(matches!(
        m.how,
        How::Pattern {
            tag: TagSource::ImplicitLatest,
            ..
        }
    ));
}

#[test]
fn seed_book_images_are_honestly_unknown() {
    // diamol/golang and diamol/base are the book's own images; no source
    // sizes them, so the table does not pretend to.
    assert!(resolve("diamol/golang").is_unknown());
    assert!(resolve("diamol/base").is_unknown());
    assert!(resolve("example.com/foo/bar:1").is_unknown());
}

#[test]
fn distroless_nonroot_and_debug_tags() {
    let e = entry("gcr.io/distroless/static-debian12:nonroot");
    assert_eq!(e.id, "distroless-static");
    assert_eq!(e.libc(), Libc::None);
    assert_eq!(e.default_user("nonroot"), "65532");
    assert_eq!(e.default_workdir("nonroot"), "/home/nonroot");
    assert!(!e.runs_as_root("nonroot"));
    assert!(e.runs_as_root("latest"));
    assert_eq!(e.default_workdir("latest"), "/");
    assert!(!e.has_shell("nonroot"));
    assert!(e.has_shell("debug"));
    assert!(e.has_shell("debug-nonroot"));
    let debug = e.config_for("debug-nonroot");
    assert_eq!(
        (debug.user, debug.entrypoint),
        ("65532", &["/busybox/sh".to_string()][..])
    );
    assert!(e.config_for("nonroot").entrypoint.is_empty());
}

#[test]
fn language_images_from_the_brief() {
    let sdk = entry("mcr.microsoft.com/dotnet/sdk:9.0");
    assert_eq!(sdk.id, "dotnet-sdk");
    assert_eq!(
        sdk.config.env.get("APP_UID").map(String::as_str),
        Some("1654")
    );
    assert_eq!(
        sdk.config
            .env
            .get("ASPNETCORE_HTTP_PORTS")
            .map(String::as_str),
        Some("8080")
    );
    assert_eq!(
        entry("mcr.microsoft.com/dotnet/sdk:9.0-alpine").id,
        "dotnet-sdk-alpine"
    );
    let chiseled = entry("mcr.microsoft.com/dotnet/aspnet:9.0-noble-chiseled");
    assert!(!chiseled.runs_as_root("9.0-noble-chiseled") && !chiseled.has_shell("x"));

    let slim = entry("python:3.13-slim");
    assert_eq!(
        (slim.id.as_str(), slim.default_workdir("3.13-slim")),
        ("python-slim", "/")
    );
    assert_eq!(entry("python:3.13-slim-trixie").id, "python-slim");

    let node = entry("node:24");
    assert_eq!(node.id, "node");
    assert!(node.runs_as_root("24"));
    assert_eq!(node.config.entrypoint, ["docker-entrypoint.sh"]);
    assert_eq!(node.default_workdir("24"), "/");
    assert_eq!(entry("node:24-slim").id, "node-slim");

    let jre = entry("eclipse-temurin:21-jre-alpine");
    assert_eq!(
        (jre.id.as_str(), jre.libc()),
        ("temurin-jre-alpine", Libc::Musl)
    );
    assert_eq!(
        entry("eclipse-temurin:21-jre-alpine-3.24").id,
        "temurin-jre-alpine"
    );
    assert_eq!(
        entry("maven:3.9-eclipse-temurin-21").default_workdir("x"),
        "/"
    );
    assert_eq!(
        entry("php:8.4-apache").default_workdir("8.4-apache"),
        "/var/www/html"
    );
}

#[test]
fn scratch_resolves_specially() {
    let Match::Known(m) = resolve("scratch") else {
        panic!("scratch unknown")
    };
    assert_eq!((m.entry.id.as_str(), m.how), ("scratch", How::Scratch));
    assert_eq!(m.entry.role(), Role::Empty);
    assert_eq!(m.entry.disk_mb(), Some(0.0));
    // A tagged `scratch` is an ordinary, unpullable Hub name.
    assert!(resolve("scratch:latest").is_unknown());
}

#[test]
fn hub_mirrors_fold_back_to_the_official_image() {
    let Match::Known(m) = resolve("public.ecr.aws/docker/library/golang:1.26-alpine") else {
        panic!("mirror unknown")
    };
    assert_eq!(m.entry.id, "golang-alpine");
    assert!(matches!(
        m.how,
        How::Pattern {
            mirror: Some("public.ecr.aws"),
            ..
        }
    ));
    assert_eq!(
        entry("mirror.gcr.io/library/node:24-alpine").id,
        "node-alpine"
    );
}
