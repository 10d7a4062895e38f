//! Platforms (`linux/arm64/v8`) and picking one out of an image index.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An OS/architecture pair as OCI and Docker name them (Go's `GOOS`/`GOARCH`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Platform {
    pub os: String,
    pub architecture: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

impl Platform {
    pub fn new(os: &str, architecture: &str, variant: Option<&str>) -> Platform {
        Platform {
            os: os.to_ascii_lowercase(),
            architecture: normalize_arch(&architecture.to_ascii_lowercase()).to_string(),
            variant: variant
                .filter(|v| !v.is_empty())
                .map(|v| v.to_ascii_lowercase()),
        }
    }

    /// Parses `os/arch[/variant]`, the form of `FROM --platform=` and
    /// `docker build --platform`. Returns `None` for anything else,
    /// including `$BUILDPLATFORM`, which the caller has to expand first.
    pub fn parse(s: &str) -> Option<Platform> {
        let mut parts = s.trim().split('/');
        let os = parts.next().filter(|p| is_word(p))?;
        let arch = parts.next().filter(|p| is_word(p))?;
        let variant = match parts.next() {
            Some(v) if is_word(v) => Some(v),
            Some(_) => return None,
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Platform::new(os, arch, variant))
    }

    /// The platform a build on this machine targets by default: always
    /// Linux (Docker Desktop builds Linux images on macOS and Windows too),
    /// with this machine's architecture under its Go name.
    pub fn host() -> Platform {
        let (arch, variant) = go_arch(std::env::consts::ARCH);
        Platform::new("linux", arch, variant)
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if let Some(v) = &self.variant {
            write!(f, "/{v}")?;
        }
        Ok(())
    }
}

/// Rust's `target_arch` names mapped to Go's, which is what registries use.
fn go_arch(rust_arch: &str) -> (&str, Option<&str>) {
    let little = cfg!(target_endian = "little");
    match rust_arch {
        "x86_64" => ("amd64", None),
        "x86" => ("386", None),
        "aarch64" => ("arm64", None),
        // Rust's `arm` targets that run Docker are armv7 (Raspberry Pi OS).
        "arm" => ("arm", Some("v7")),
        "powerpc64" if little => ("ppc64le", None),
        "powerpc64" => ("ppc64", None),
        "loongarch64" => ("loong64", None),
        "mips64" if little => ("mips64le", None),
        "mips" if little => ("mipsle", None),
        other => (other, None),
    }
}

/// Spellings seen in hand-written `--platform` values and old manifests.
fn normalize_arch(arch: &str) -> &str {
    match arch {
        "x86_64" | "x86-64" => "amd64",
        "aarch64" => "arm64",
        "i386" | "i686" => "386",
        other => other,
    }
}

fn is_word(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
}

/// How well an index entry's platform serves `want`; `None` if it cannot.
/// Mirrors containerd's matcher where it matters: arm64 without a variant is
/// v8, and an armv7 machine runs v6 and v5 images as a last resort.
pub(crate) fn match_score(entry: &Platform, want: &Platform) -> Option<u32> {
    if !entry.os.eq_ignore_ascii_case(&want.os)
        || normalize_arch(&entry.architecture.to_ascii_lowercase()) != want.architecture
    {
        return None;
    }
    let default_variant = match want.architecture.as_str() {
        "arm64" => Some("v8"),
        _ => None,
    };
    let norm = |v: Option<&str>| v.or(default_variant).map(|v| v.to_ascii_lowercase());
    let have = norm(entry.variant.as_deref());
    match norm(want.variant.as_deref()) {
        None if have.is_none() => Some(100),
        // Any variant beats none at all when the caller did not ask for one.
        None => Some(50),
        Some(w) if have.as_deref() == Some(w.as_str()) => Some(100),
        Some(w) if want.architecture == "arm" => {
            let w = arm_level(&w)?;
            let h = arm_level(have.as_deref()?)?;
            (h < w).then(|| 90 - (w - h))
        }
        Some(_) => None,
    }
}

fn arm_level(variant: &str) -> Option<u32> {
    variant.strip_prefix('v')?.parse().ok()
}
