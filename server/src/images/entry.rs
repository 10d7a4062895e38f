//! One row of the knowledge base: what an image family/variant weighs,
//! what it contains and how it behaves when a stage starts `FROM` it.
//!
//! Every size is a [`SizeFact`] that carries its own basis, source and
//! date, because a hover that says "≈ 290 MB" must also be able to say
//! where that came from and whether it was measured.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::glob::Glob;

/// A base image family or variant (`golang` on Debian, `golang` on Alpine,
/// distroless `static`, …).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageEntry {
    /// Stable identifier, used by `runtime_alternatives` and diagnostics.
    pub id: String,
    /// Human name for hovers: "Go SDK (Alpine)".
    pub title: String,
    /// Language ecosystem the image serves; absent for OS/minimal bases.
    pub ecosystem: Option<Ecosystem>,
    pub role: Role,
    /// Repository globs matched against the familiar name (`golang`,
    /// `gcr.io/distroless/static-debian*`).
    pub repos: Vec<String>,
    /// Tag globs; the tag is `latest` when a reference has none.
    pub tags: Vec<String>,
    /// References that must resolve to this entry (checked by tests, so
    /// an earlier, broader entry cannot silently shadow this one).
    pub examples: Vec<String>,
    /// The reference a refactor writes into a Dockerfile when it offers
    /// this image (`alpine:3.22`).
    pub canonical: String,
    pub libc: Libc,
    pub has_shell: bool,
    /// Tags that add a shell to an otherwise shell-less image
    /// (distroless `:debug`).
    #[serde(default)]
    pub shell_tags: Vec<String>,
    pub package_manager: PackageManager,
    /// Build tools shipped in the image (`go`, `gcc`, `git`, …); empty for
    /// images that cannot compile anything.
    #[serde(default)]
    pub toolchain: Vec<String>,
    /// Ids of smaller entries the "switch runtime base" fix may offer,
    /// smallest first. The fix must still check libc compatibility.
    #[serde(default)]
    pub runtime_alternatives: Vec<String>,
    #[serde(default)]
    pub deprecated: bool,
    pub notes: Option<String>,
    /// Registry (compressed) size of the linux/amd64 image.
    pub download: Option<SizeFact>,
    /// Unpacked size on disk (`docker images` SIZE, repo-info "Virtual Size").
    pub disk: Option<SizeFact>,
    /// Image config defaults of the tag the entry describes.
    pub config: ImageConfig,
    /// Tags whose config differs from `config` (distroless `:nonroot`).
    #[serde(default)]
    pub tag_overrides: Vec<TagOverride>,

    #[serde(skip)]
    pub(super) compiled: Compiled,
}

/// One size number with its provenance.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeFact {
    /// Decimal megabytes (10^6 bytes), as Docker prints them.
    pub mb: f64,
    pub basis: Basis,
    /// Which tag/version was measured, when it differs from the family
    /// name (`1.26-alpine3.24`).
    pub measured_tag: Option<String>,
    /// Where the number comes from (or how it was derived).
    pub source: String,
    /// Date of the source or measurement: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub as_of: String,
}

/// How much to trust a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// Read off a measurement of (a close version of) this image.
    Measured,
    /// Combines a measurement with a derived part.
    Mixed,
    /// Derived (compression ratio, analogy, upper bound): show as "≈ …".
    Estimate,
    /// Measured, but for an old release.
    Historical,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// `scratch`.
    Empty,
    /// No package manager or distro userland (distroless, chiseled).
    MinimalBase,
    /// A distribution (alpine, debian, ubuntu, …).
    OsBase,
    /// Ships a compiler or build tool; wrong as a final stage.
    Sdk,
    /// Runs code of one language, not meant to build it.
    LanguageRuntime,
    /// A server (nginx, postgres, …).
    Service,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Libc {
    Glibc,
    Musl,
    /// No C library at all: only static binaries run.
    None,
    /// Depends on the tag (busybox `-musl`/`-glibc`, service images).
    Varies,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageManager {
    Apt,
    Apk,
    Dnf,
    Microdnf,
    Yum,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Ecosystem {
    Go,
    Rust,
    Node,
    Python,
    Java,
    Dotnet,
    Php,
    Ruby,
}

/// Image config defaults (`docker inspect` Config) that change what a
/// Dockerfile's later instructions mean.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageConfig {
    /// Effective working directory; `/` when the image sets none.
    pub workdir: String,
    /// Effective user as a `USER` value; `root` when the image sets none.
    pub user: String,
    #[serde(default)]
    pub entrypoint: Vec<String>,
    #[serde(default)]
    pub cmd: Vec<String>,
    /// Notable environment variables (not exhaustive).
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// The Dockerfile/build file these facts were read from.
    pub source: String,
    /// False when the facts are believed but were not checked against the
    /// image's own build files.
    pub verified: bool,
}

/// Config that differs for some tags of the same entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagOverride {
    pub tags: Vec<String>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub entrypoint: Option<Vec<String>>,
    pub cmd: Option<Vec<String>>,
}

/// The config a given tag of an entry starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EffectiveConfig<'a> {
    pub workdir: &'a str,
    pub user: &'a str,
    pub entrypoint: &'a [String],
    pub cmd: &'a [String],
}

impl ImageEntry {
    pub fn download_mb(&self) -> Option<f64> {
        self.download.as_ref().map(|s| s.mb)
    }

    pub fn disk_mb(&self) -> Option<f64> {
        self.disk.as_ref().map(|s| s.mb)
    }

    /// Whether any known number is derived rather than read off a
    /// measurement, so the UI should say "≈ … (estimated)".
    pub fn is_estimate(&self) -> bool {
        [&self.download, &self.disk]
            .into_iter()
            .flatten()
            .any(|s| matches!(s.basis, Basis::Estimate | Basis::Mixed))
    }

    pub fn libc(&self) -> Libc {
        self.libc
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn is_sdk(&self) -> bool {
        self.role == Role::Sdk
    }

    pub fn toolchain(&self) -> &[String] {
        &self.toolchain
    }

    /// Whether `tag` of this image has a shell to run `RUN` lines and
    /// shell-form `CMD`/`ENTRYPOINT` with.
    pub fn has_shell(&self, tag: &str) -> bool {
        self.has_shell || self.compiled.shell_tags.iter().any(|g| g.matches(tag))
    }

    pub fn runtime_alternative_ids(&self) -> &[String] {
        &self.runtime_alternatives
    }

    /// The reference to write into a Dockerfile for this image.
    pub fn canonical_ref(&self) -> &str {
        &self.canonical
    }

    /// Config defaults for `tag`, with the first matching override applied.
    pub fn config_for(&self, tag: &str) -> EffectiveConfig<'_> {
        let base = EffectiveConfig {
            workdir: &self.config.workdir,
            user: &self.config.user,
            entrypoint: &self.config.entrypoint,
            cmd: &self.config.cmd,
        };
        let hit = self
            .tag_overrides
            .iter()
            .zip(&self.compiled.overrides)
            .find(|(_, globs)| globs.iter().any(|g| g.matches(tag)));
        let Some((o, _)) = hit else {
            return base;
        };
        EffectiveConfig {
            workdir: o.workdir.as_deref().unwrap_or(base.workdir),
            user: o.user.as_deref().unwrap_or(base.user),
            entrypoint: o.entrypoint.as_deref().unwrap_or(base.entrypoint),
            cmd: o.cmd.as_deref().unwrap_or(base.cmd),
        }
    }

    pub fn default_workdir(&self, tag: &str) -> &str {
        self.config_for(tag).workdir
    }

    pub fn default_user(&self, tag: &str) -> &str {
        self.config_for(tag).user
    }

    /// Whether `tag` starts as root (no `USER`, or uid 0).
    pub fn runs_as_root(&self, tag: &str) -> bool {
        let user = self.default_user(tag);
        let name = user.split(':').next().unwrap_or(user);
        matches!(name, "root" | "0" | "")
    }
}

/// Patterns compiled once at load time.
#[derive(Debug, Default)]
pub(super) struct Compiled {
    pub(super) repos: Vec<Glob>,
    pub(super) tags: Vec<Glob>,
    pub(super) shell_tags: Vec<Glob>,
    pub(super) overrides: Vec<Vec<Glob>>,
}
