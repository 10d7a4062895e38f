//! ARG and ENV scoping exactly as BuildKit applies it.
//!
//! - ARGs before the first `FROM` are *global*: only `FROM` lines (and a
//!   later `ARG NAME` that re-declares them inside a stage) can see them.
//! - Inside a stage, a variable exists from its `ARG`/`ENV` to the end of the
//!   stage; `ENV` carries over into stages built `FROM` this one, `ARG` does not.
//! - The builder predefines platform ARGs (`TARGETPLATFORM`, ...) for `FROM`
//!   lines; a stage must re-declare them with `ARG` to use them.
//! - A base image contributes its own environment (`PATH`, `GOPATH`, ...).

use std::collections::HashMap;

use compact_str::CompactString;

use crate::syntax::{shell, TextRange};

/// Where a variable comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VarKind {
    /// `ARG` before the first `FROM`.
    GlobalArg,
    /// `ARG` inside a stage.
    Arg,
    /// `ENV` in this stage or a stage it is built `FROM`.
    Env,
    /// The environment of the base image.
    BaseImage,
    /// Predefined by the builder (`TARGETPLATFORM`, `BUILDARCH`, ...).
    Builtin,
    /// Given on the command line or in settings (`--build-arg`).
    BuildArg,
}

/// One definition of a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarDef {
    pub name: CompactString,
    pub kind: VarKind,
    /// The expanded value; `None` for an `ARG` declared without any value.
    pub value: Option<String>,
    /// The declaring `ARG`/`ENV` instruction (index into `Parse::instructions`).
    pub instruction: Option<usize>,
    /// The name where it is declared.
    pub name_range: Option<TextRange>,
    /// The value as written, when it is written.
    pub value_range: Option<TextRange>,
    /// The stage whose instruction declares it (`None` for globals and builtins).
    pub stage: Option<usize>,
}

/// The platform the model assumes for builder-provided platform ARGs when
/// the build does not say otherwise.
pub const DEFAULT_PLATFORM: (&str, &str, &str) = ("linux", "amd64", "");

/// The ARGs BuildKit predefines, with the values it would give on a
/// linux/amd64 host building for linux/amd64.
pub fn builtin_args() -> Vec<(&'static str, String)> {
    let (os, arch, variant) = DEFAULT_PLATFORM;
    let platform = format!("{os}/{arch}");
    vec![
        ("TARGETPLATFORM", platform.clone()),
        ("TARGETOS", os.into()),
        ("TARGETARCH", arch.into()),
        ("TARGETVARIANT", variant.into()),
        ("BUILDPLATFORM", platform),
        ("BUILDOS", os.into()),
        ("BUILDARCH", arch.into()),
        ("BUILDVARIANT", variant.into()),
    ]
}

/// Proxy ARGs: usable in `RUN` without a declaration and kept out of the
/// image history.
pub const PROXY_ARGS: [&str; 10] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// ARGs BuildKit never counts as undefined.
pub const NON_ENV_ARGS: [&str; 2] = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

/// The variables visible at one point: name → definition index.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    visible: HashMap<CompactString, usize>,
    /// ARGs declared in the stage so far, with or without a value.
    declared_args: HashMap<CompactString, usize>,
}

impl Scope {
    pub(crate) fn define(&mut self, def: &VarDef, id: usize) {
        if matches!(def.kind, VarKind::Arg | VarKind::GlobalArg) {
            self.declared_args.insert(def.name.clone(), id);
        }
        if def.value.is_some() || !matches!(def.kind, VarKind::Arg | VarKind::GlobalArg) {
            self.visible.insert(def.name.clone(), id);
        } else {
            // A valueless ARG shadows nothing but still counts as declared.
            self.visible.remove(&def.name);
        }
    }

    /// The definition a name resolves to, if it has a value here.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.visible.get(name).copied()
    }

    /// True when `name` is an ARG declared here, even without a value.
    pub fn is_declared_arg(&self, name: &str) -> bool {
        self.declared_args.contains_key(name)
    }

    /// The definition a name is declared by, valued or not.
    pub fn declaration(&self, name: &str) -> Option<usize> {
        self.lookup(name)
            .or_else(|| self.declared_args.get(name).copied())
    }

    /// Every visible name.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.visible.keys().map(CompactString::as_str)
    }

    /// A view the shell lexer can expand with.
    pub fn env<'a>(&'a self, defs: &'a [VarDef]) -> ScopeEnv<'a> {
        ScopeEnv { scope: self, defs }
    }
}

/// A [`Scope`] with its definitions, as the lexer's environment.
#[derive(Clone, Copy)]
pub struct ScopeEnv<'a> {
    scope: &'a Scope,
    defs: &'a [VarDef],
}

impl shell::Env for ScopeEnv<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        let id = self.scope.lookup(name)?;
        self.defs.get(id)?.value.as_deref()
    }
}

/// The closest of `candidates` to `name`, for "did you mean" hints: the
/// same word in another case, or within a small edit distance.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // BuildKit suggests anything within two edits; very short names would
    // match nearly everything, so they only match another case of themselves.
    let max = match name.chars().count() {
        0..=2 => 0,
        _ => 2,
    };
    let mut best: Option<(&str, usize)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let distance = if candidate.eq_ignore_ascii_case(name) {
            0
        } else {
            edit_distance(name, candidate)
        };
        if distance <= max && best.is_none_or(|(_, it)| distance < it) {
            best = Some((candidate, distance));
        }
    }
    best.map(|(it, _)| it)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let names = ["NODE_VERSION", "PATH", "APP_HOME"];
        assert_eq!(suggest("NODE_VERSON", names), Some("NODE_VERSION"));
        assert_eq!(suggest("path", names), Some("PATH"));
        assert_eq!(suggest("PAHT", names), Some("PATH"));
        assert_eq!(suggest("HOME", names), None);
        assert_eq!(suggest("X", ["Y"]), None);
    }
}
