//! What the switch needs to know about a base beyond `images.toml`: which
//! reference to write for it (keeping the language version), which common
//! commands and users it has, and whether it carries `libgcc_s`.

use crate::images::{self, Ecosystem, ImageEntry, ImageRef, Libc, PackageManager, Role};

/// Debian and Ubuntu release names that appear in tags.
const CODENAMES: &[&str] = &[
    "bullseye", "bookworm", "trixie", "forky", "focal", "jammy", "noble",
];

/// Node majors with a distroless image (`nodejs24-debian13`).
const DISTROLESS_NODE: &[&str] = &["22", "24", "26"];
/// Java majors with a distroless image (`java21-debian13`).
const DISTROLESS_JAVA: &[&str] = &["17", "21", "25"];
/// The Python of `python3-debian13`.
const DISTROLESS_PYTHON: &str = "3.13";

/// The version at the start of a tag: `3.13.1` of `3.13.1-slim-bookworm`.
pub(super) fn tag_version(tag: &str) -> Option<&str> {
    let head = tag.split('-').next()?;
    head.starts_with(|c: char| c.is_ascii_digit())
        .then_some(head)
}

fn codename(tag: &str) -> Option<&'static str> {
    tag.split('-')
        .find_map(|part| CODENAMES.iter().find(|it| **it == part).copied())
}

/// The reference to write for `candidate` when switching away from `old`
/// (tag `old_tag`): the entry's canonical reference, except that language
/// images keep the version (and Debian release) of the current one, and
/// `alpine` keeps the Alpine release of a `-alpine3.NN` tag. `Err` says why
/// there is no such reference.
pub(super) fn reference(candidate: &ImageEntry, old: &ImageRef) -> Result<String, String> {
    let old_tag = old.tag_or_latest();
    let version = tag_version(old_tag);
    let major = version.map(|it| it.split('.').next().unwrap_or(it));
    let canonical = candidate.canonical_ref();
    let repo = canonical.split(':').next().unwrap_or(canonical);
    let derived = match candidate.id.as_str() {
        "alpine" => Some(
            old_tag
                .split('-')
                .find_map(|part| part.strip_prefix("alpine"))
                .filter(|it| it.starts_with(|c: char| c.is_ascii_digit()))
                .map_or_else(|| canonical.to_owned(), |it| format!("alpine:{it}")),
        ),
        "debian-slim" => Some(match codename(old_tag) {
            Some(name) if ["bullseye", "bookworm", "trixie", "forky"].contains(&name) => {
                format!("debian:{name}-slim")
            }
            _ => canonical.to_owned(),
        }),
        "python-slim" | "ruby-slim" => Some(match (version, codename(old_tag)) {
            (Some(v), Some(c)) => format!("{repo}:{v}-slim-{c}"),
            (Some(v), None) => format!("{repo}:{v}-slim"),
            (None, _) => format!("{repo}:slim"),
        }),
        "node-slim" => Some(match (version, codename(old_tag)) {
            (Some(v), Some(c)) => format!("{repo}:{v}-{c}-slim"),
            (Some(v), None) => format!("{repo}:{v}-slim"),
            (None, _) => format!("{repo}:slim"),
        }),
        "python-alpine" | "node-alpine" | "ruby-alpine" | "nginx-alpine" => Some(match version {
            Some(v) => format!("{repo}:{v}-alpine"),
            None => format!("{repo}:alpine"),
        }),
        "temurin-jre" => version.map(|v| match codename(old_tag) {
            Some(c) => format!("{repo}:{v}-jre-{c}"),
            None => format!("{repo}:{v}-jre"),
        }),
        "temurin-jre-alpine" => version.map(|v| format!("{repo}:{v}-jre-alpine")),
        "temurin-jre-ubi-minimal" => version.map(|v| format!("{repo}:{v}-jre-ubi9-minimal")),
        "php-alpine" => match version {
            _ if old_tag.contains("apache") => None,
            Some(v) if old_tag.contains("fpm") => Some(format!("{repo}:{v}-fpm-alpine")),
            Some(v) if old_tag.contains("zts") => Some(format!("{repo}:{v}-zts-alpine")),
            Some(v) => Some(format!("{repo}:{v}-cli-alpine")),
            None => Some(format!("{repo}:cli-alpine")),
        },
        "distroless-nodejs" => major
            .filter(|it| DISTROLESS_NODE.contains(it))
            .map(|it| format!("gcr.io/distroless/nodejs{it}-debian13:nonroot")),
        "distroless-java" => major
            .filter(|it| DISTROLESS_JAVA.contains(it))
            .map(|it| format!("gcr.io/distroless/java{it}-debian13:nonroot")),
        "distroless-python3" => version
            .filter(|it| {
                *it == DISTROLESS_PYTHON || it.starts_with(&format!("{DISTROLESS_PYTHON}."))
            })
            .map(|_| canonical.to_owned()),
        id if id.starts_with("dotnet-") => version.map(|v| {
            // .NET tags name the runtime's major.minor (an SDK tag may name a band).
            let v: Vec<&str> = v.split('.').take(2).collect();
            let v = v.join(".");
            let suffix = canonical.split_once(':').map_or("", |it| it.1);
            let variant = suffix.split_once('-').map(|it| it.1);
            match variant {
                Some(variant) => format!("{repo}:{v}-{variant}"),
                None => format!("{repo}:{v}"),
            }
        }),
        _ => Some(canonical.to_owned()),
    };
    let Some(derived) = derived else {
        return Err(match version {
            Some(v) => format!("no {} image is known for version {v}", candidate.title),
            None => format!(
                "the tag `{old_tag}` names no version to keep, and {} must match it",
                candidate.title
            ),
        });
    };
    // The reference must describe the candidate, or its facts do not apply.
    match images::lookup_str(&derived).ok().and_then(|it| it.entry()) {
        Some(entry) if entry.id == candidate.id => Ok(derived),
        _ => Err(format!("`{derived}` is not a {}", candidate.title)),
    }
}

/// Whether `entry` carries `libgcc_s` (unwinding for Rust, C++ runtime).
pub(super) fn has_libgcc(entry: &ImageEntry) -> bool {
    match entry.id.as_str() {
        "distroless-cc" => true,
        id if id.ends_with("-chiseled") => true,
        "distroless-base" | "distroless-base-nossl" | "distroless-static" | "scratch" => false,
        _ => entry.libc() == Libc::Glibc && entry.package_manager != PackageManager::None,
    }
}

/// Full Debian images built on buildpack-deps: curl, wget, git and the
/// compilers are there.
fn buildpack(entry: &ImageEntry) -> bool {
    entry.role() == Role::Sdk
        && entry.package_manager == PackageManager::Apt
        && matches!(
            entry.ecosystem,
            Some(
                Ecosystem::Go
                    | Ecosystem::Rust
                    | Ecosystem::Node
                    | Ecosystem::Python
                    | Ecosystem::Ruby
            )
        )
}

/// Whether `entry` (at `tag`) has the command `name` on its `PATH`: `None`
/// when the knowledge base cannot tell.
pub(super) fn has_command(entry: &ImageEntry, tag: &str, name: &str) -> Option<bool> {
    let shell = entry.has_shell(tag);
    let musl = entry.libc() == Libc::Musl;
    let apt = entry.package_manager == PackageManager::Apt;
    let ecosystem = entry.ecosystem;
    let tool = entry.toolchain().iter().any(|it| it == name);
    let full = buildpack(entry);
    let debian_runtime = apt && ecosystem != Some(Ecosystem::Java);
    Some(match name {
        "sh" => shell,
        "bash" => match () {
            _ if !shell || musl || entry.id == "busybox" => false,
            _ if apt => true,
            _ => return None,
        },
        "ash" => shell && musl,
        "curl" | "git" => match () {
            _ if full || tool => true,
            _ if !shell || musl || debian_runtime => false,
            _ => return None,
        },
        "wget" => match () {
            _ if full || tool || (shell && musl) => true,
            _ if !shell || debian_runtime => false,
            _ => return None,
        },
        "gcc" | "g++" | "cc" | "c++" | "make" => tool || (full && name != "c++"),
        "go" | "gofmt" | "cargo" | "rustc" | "rustup" | "javac" | "jlink" | "jar" | "mvn"
        | "gradle" | "autoconf" => tool,
        "jshell" => entry.toolchain().iter().any(|it| it == "javac"),
        "node" | "npm" | "npx" | "yarn" | "corepack" => ecosystem == Some(Ecosystem::Node) && shell,
        "python3" => ecosystem == Some(Ecosystem::Python),
        "python" | "pip" | "pip3" => ecosystem == Some(Ecosystem::Python) && shell,
        "java" => ecosystem == Some(Ecosystem::Java),
        "dotnet" => ecosystem == Some(Ecosystem::Dotnet) && entry.role() != Role::MinimalBase,
        "php" => ecosystem == Some(Ecosystem::Php),
        "ruby" | "gem" | "bundle" | "bundler" | "irb" => ecosystem == Some(Ecosystem::Ruby),
        "useradd" | "groupadd" | "usermod" | "userdel" => match () {
            _ if !shell || musl => false,
            _ if apt => true,
            _ => return None,
        },
        "adduser" | "addgroup" => match () {
            _ if !shell => false,
            _ if musl => true,
            _ => return None,
        },
        "apt-get" | "apt" | "dpkg" => entry.package_manager == PackageManager::Apt,
        "apk" => entry.package_manager == PackageManager::Apk,
        "dnf" | "yum" => matches!(
            entry.package_manager,
            PackageManager::Dnf | PackageManager::Yum
        ),
        "microdnf" => entry.package_manager == PackageManager::Microdnf,
        _ => return None,
    })
}

/// Users `entry` has in `/etc/passwd`, as far as the knowledge base knows.
pub(super) fn known_users(entry: &ImageEntry) -> Vec<&'static str> {
    let id = entry.id.as_str();
    if id == "scratch" {
        return Vec::new();
    }
    if id.starts_with("distroless-") {
        return vec!["root", "nonroot", "nobody"];
    }
    if id == "chainguard-static" {
        return vec!["root", "nonroot", "nobody"];
    }
    if id.ends_with("-chiseled") {
        return vec!["root", "app"];
    }
    let mut users = vec!["root", "nobody", "daemon", "bin"];
    if entry.package_manager == PackageManager::Apt {
        users.push("www-data");
    }
    match entry.ecosystem {
        Some(Ecosystem::Node) => users.push("node"),
        Some(Ecosystem::Dotnet) => users.push("app"),
        Some(Ecosystem::Php) => users.push("www-data"),
        _ => {}
    }
    match id {
        "gradle" => users.push("gradle"),
        "ubuntu" => users.push("ubuntu"),
        "alpine" | "busybox" => users.push("guest"),
        _ => {}
    }
    users
}

/// Decimal megabytes for a title: whole numbers from 10 MB up.
pub(super) fn mb(value: f64) -> String {
    if value >= 10.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}
