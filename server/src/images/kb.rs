//! The embedded knowledge base and the reference → entry matcher.
//!
//! The table is `server/data/images.toml`, compiled into the binary and
//! parsed once on first use. Entries are ordered specific → generic and the
//! first match wins, so `golang:1.22-alpine` reaches the Alpine entry before
//! the catch-all `golang` one.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;

use super::entry::{Compiled, ImageEntry};
use super::glob::{Glob, GlobError};
use super::reference::{ImageRef, RefError, DOCKER_HUB};

/// The table text as shipped.
pub const IMAGES_TOML: &str = include_str!("../../data/images.toml");

/// The id of the entry `FROM scratch` resolves to.
pub const SCRATCH_ID: &str = "scratch";

/// The parsed, validated table.
#[derive(Debug)]
pub struct KnowledgeBase {
    pub schema_version: u32,
    entries: Vec<ImageEntry>,
    by_id: HashMap<String, usize>,
}

/// The result of looking a reference up.
#[derive(Debug, Clone, Copy)]
pub enum Match<'kb> {
    Known(Matched<'kb>),
    /// Nothing in the table describes this image; say so rather than guess.
    Unknown,
}

/// A hit, with how it was reached so the UI can qualify it.
#[derive(Debug, Clone, Copy)]
pub struct Matched<'kb> {
    pub entry: &'kb ImageEntry,
    pub how: How<'kb>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How<'kb> {
    /// The bare word `scratch`.
    Scratch,
    Pattern {
        repo_pattern: &'kb str,
        tag_pattern: &'kb str,
        tag: TagSource,
        /// A Docker Hub mirror the name was read through
        /// (`public.ecr.aws/docker/library/`), if any.
        mirror: Option<&'static str>,
    },
}

/// Where the tag used for matching came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagSource {
    Explicit,
    /// No tag and no digest: Docker pulls `latest`.
    ImplicitLatest,
    /// Pinned by digest only: the content is whatever the digest names,
    /// matched here as if it were `latest`.
    DigestOnly,
}

/// Why the embedded table could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    Toml(String),
    DuplicateId(String),
    Pattern { id: String, error: GlobError },
    UnknownAlternative { id: String, alternative: String },
    NoPatterns(String),
}

impl KnowledgeBase {
    /// Parses and validates a table. The embedded one is checked by tests,
    /// so in practice this only fails while someone is editing the TOML.
    pub fn from_toml(text: &str) -> Result<KnowledgeBase, LoadError> {
        let file: TableFile = toml::from_str(text).map_err(|e| LoadError::Toml(e.to_string()))?;
        let mut entries = file.image;
        let mut by_id = HashMap::new();
        for (i, entry) in entries.iter_mut().enumerate() {
            if by_id.insert(entry.id.clone(), i).is_some() {
                return Err(LoadError::DuplicateId(entry.id.clone()));
            }
            entry.compiled = compile(entry)?;
        }
        for entry in &entries {
            for alternative in &entry.runtime_alternatives {
                if !by_id.contains_key(alternative) {
                    return Err(LoadError::UnknownAlternative {
                        id: entry.id.clone(),
                        alternative: alternative.clone(),
                    });
                }
            }
        }
        Ok(KnowledgeBase {
            schema_version: file.schema_version,
            entries,
            by_id,
        })
    }

    /// All entries in match order.
    pub fn entries(&self) -> &[ImageEntry] {
        &self.entries
    }

    pub fn get(&self, id: &str) -> Option<&ImageEntry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// Finds the entry describing `r`; the first entry whose repository
    /// and tag patterns both match wins.
    pub fn lookup(&self, r: &ImageRef) -> Match<'_> {
        if r.is_scratch() {
            return match self.get(SCRATCH_ID) {
                Some(entry) => Match::Known(Matched {
                    entry,
                    how: How::Scratch,
                }),
                None => Match::Unknown,
            };
        }
        let (name, mirror) = match_name(r);
        let (tag, tag_source) = match (&r.tag, &r.digest) {
            (Some(t), _) => (t.as_str(), TagSource::Explicit),
            (None, Some(_)) => ("latest", TagSource::DigestOnly),
            (None, None) => ("latest", TagSource::ImplicitLatest),
        };
        for entry in &self.entries {
            let c = &entry.compiled;
            let Some(repo) = c.repos.iter().find(|g| g.matches(&name)) else {
                continue;
            };
            let Some(tag_glob) = c.tags.iter().find(|g| g.matches(tag)) else {
                continue;
            };
            return Match::Known(Matched {
                entry,
                how: How::Pattern {
                    repo_pattern: repo.as_str(),
                    tag_pattern: tag_glob.as_str(),
                    tag: tag_source,
                    mirror,
                },
            });
        }
        Match::Unknown
    }

    /// Parses `reference` (already ARG-expanded) and looks it up.
    pub fn lookup_str(&self, reference: &str) -> Result<Match<'_>, RefError> {
        ImageRef::parse(reference).map(|r| self.lookup(&r))
    }

    /// The entries `entry` lists as runtime alternatives, in table order
    /// of preference (smallest first).
    pub fn runtime_alternatives(&self, entry: &ImageEntry) -> Vec<&ImageEntry> {
        entry
            .runtime_alternatives
            .iter()
            .filter_map(|id| self.get(id))
            .collect()
    }
}

impl<'kb> Match<'kb> {
    pub fn entry(&self) -> Option<&'kb ImageEntry> {
        match self {
            Match::Known(m) => Some(m.entry),
            Match::Unknown => None,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Match::Unknown)
    }
}

impl ImageEntry {
    /// This entry's runtime alternatives resolved against the embedded
    /// table, smallest first; empty if the table failed to load.
    pub fn runtime_alternatives(&self) -> Vec<&'static ImageEntry> {
        match knowledge_base() {
            Ok(kb) => kb.runtime_alternatives(self),
            Err(_) => Vec::new(),
        }
    }
}

/// The embedded table, parsed on first use.
pub fn knowledge_base() -> Result<&'static KnowledgeBase, &'static LoadError> {
    static KB: OnceLock<Result<KnowledgeBase, LoadError>> = OnceLock::new();
    KB.get_or_init(|| KnowledgeBase::from_toml(IMAGES_TOML))
        .as_ref()
}

/// Looks `r` up in the embedded table. A table that failed to load (which
/// the test suite rules out) reads as `Unknown` rather than a panic in the
/// middle of an editor session.
pub fn lookup(r: &ImageRef) -> Match<'static> {
    match knowledge_base() {
        Ok(kb) => kb.lookup(r),
        Err(_) => Match::Unknown,
    }
}

/// Parses an already ARG-expanded `FROM` argument and looks it up.
pub fn lookup_str(reference: &str) -> Result<Match<'static>, RefError> {
    ImageRef::parse(reference).map(|r| lookup(&r))
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Toml(e) => write!(f, "images.toml does not parse: {e}"),
            LoadError::DuplicateId(id) => write!(f, "images.toml: duplicate id {id:?}"),
            LoadError::Pattern { id, error } => write!(f, "images.toml: entry {id:?}: {error}"),
            LoadError::UnknownAlternative { id, alternative } => write!(
                f,
                "images.toml: entry {id:?} lists unknown runtime alternative {alternative:?}"
            ),
            LoadError::NoPatterns(id) => {
                write!(
                    f,
                    "images.toml: entry {id:?} has no repository or tag patterns"
                )
            }
        }
    }
}

impl std::error::Error for LoadError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile {
    schema_version: u32,
    image: Vec<ImageEntry>,
}

/// Docker Hub mirrors that serve official images under another name; the
/// image is the same, so it should get the same facts.
const HUB_MIRRORS: &[(&str, &str)] = &[
    ("public.ecr.aws", "docker/library/"),
    ("mirror.gcr.io", "library/"),
];

/// The string repository patterns are matched against: the familiar name
/// (`golang`, `gcr.io/distroless/static`), with the registry lowercased
/// because host names are case-insensitive.
fn match_name(r: &ImageRef) -> (String, Option<&'static str>) {
    let registry = r.registry.to_ascii_lowercase();
    if registry == DOCKER_HUB {
        return (r.familiar_name(), None);
    }
    for &(host, prefix) in HUB_MIRRORS {
        if registry == host {
            if let Some(rest) = r.repository.strip_prefix(prefix) {
                if !rest.contains('/') {
                    return (rest.to_string(), Some(host));
                }
            }
        }
    }
    if registry.is_empty() {
        return (r.repository.clone(), None);
    }
    (format!("{registry}/{}", r.repository), None)
}

fn compile(entry: &ImageEntry) -> Result<Compiled, LoadError> {
    let globs = |patterns: &[String]| -> Result<Vec<Glob>, LoadError> {
        patterns
            .iter()
            .map(|p| {
                Glob::new(p).map_err(|error| LoadError::Pattern {
                    id: entry.id.clone(),
                    error,
                })
            })
            .collect()
    };
    // `scratch` is matched by ImageRef::is_scratch, never by pattern.
    if entry.id != SCRATCH_ID && (entry.repos.is_empty() || entry.tags.is_empty()) {
        return Err(LoadError::NoPatterns(entry.id.clone()));
    }
    Ok(Compiled {
        repos: globs(&entry.repos)?,
        tags: globs(&entry.tags)?,
        shell_tags: globs(&entry.shell_tags)?,
        overrides: entry
            .tag_overrides
            .iter()
            .map(|o| globs(&o.tags))
            .collect::<Result<_, _>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &str = r#"
[[image]]
id = "ID"
title = "t"
role = "os-base"
repos = ["REPO"]
tags = ["*"]
examples = ["x"]
canonical = "x"
libc = "musl"
has_shell = true
package_manager = "apk"
runtime_alternatives = ALTS
[image.config]
workdir = "/"
user = "root"
source = "s"
verified = true
"#;

    fn table(entries: &[(&str, &str, &str)]) -> String {
        let mut out = String::from("schema_version = 1\n");
        for (id, repo, alts) in entries {
            out.push_str(
                &ENTRY
                    .replace("ID", id)
                    .replace("REPO", repo)
                    .replace("ALTS", alts),
            );
        }
        out
    }

    #[test]
    fn loader_rejects_broken_tables() {
        let dup = table(&[("a", "a", "[]"), ("a", "b", "[]")]);
        assert_eq!(
            KnowledgeBase::from_toml(&dup).err(),
            Some(LoadError::DuplicateId("a".into()))
        );

        let dangling = table(&[("a", "a", "[\"nope\"]")]);
        assert!(matches!(
            KnowledgeBase::from_toml(&dangling),
            Err(LoadError::UnknownAlternative { .. })
        ));

        let bad_glob = table(&[("a", "a[", "[]")]);
        assert!(matches!(
            KnowledgeBase::from_toml(&bad_glob),
            Err(LoadError::Pattern { .. })
        ));

        let unknown_field =
            table(&[("a", "a", "[]")]).replace("title = \"t\"", "title = \"t\"\nsize = 3");
        assert!(matches!(
            KnowledgeBase::from_toml(&unknown_field),
            Err(LoadError::Toml(_))
        ));
    }

    #[test]
    fn first_match_wins_in_table_order() {
        let text = table(&[
            ("specific", "img", "[]"),
            ("generic", "*", "[\"specific\"]"),
        ]);
        let kb = match KnowledgeBase::from_toml(&text) {
            Ok(kb) => kb,
            Err(e) => panic!("{e}"),
        };
        let id = |r: &str| {
            kb.lookup_str(r)
                .ok()
                .and_then(|m| m.entry())
                .map(|e| e.id.clone())
        };
        assert_eq!(id("img:1").as_deref(), Some("specific"));
        assert_eq!(id("other").as_deref(), Some("generic"));
        // `*` does not cross '/', so a namespaced name falls through.
        assert_eq!(id("org/other"), None);
        // No scratch entry in this table: scratch is honestly unknown.
        assert_eq!(id("scratch"), None);
        let generic = kb.get("generic").map(|e| kb.runtime_alternatives(e).len());
        assert_eq!(generic, Some(1));
    }

    #[test]
    fn embedded_table_loads() {
        assert!(knowledge_base().is_ok());
        assert!(lookup_str("alpine").is_ok_and(|m| !m.is_unknown()));
    }
}
