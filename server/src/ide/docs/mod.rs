//! What the editor says about Dockerfile syntax, as data: every
//! instruction, each of its flags, every `RUN --mount` type and key, the
//! values of `--network`/`--security`, parser directives and the
//! `HEALTHCHECK` subcommands, plus the signatures signature help shows.
//!
//! Written from the Dockerfile reference (BuildKit's
//! `frontend/dockerfile/docs/reference.md`); hover, completion and
//! signature help all render from these tables, so they never disagree.

mod directives;
mod instructions;
mod mount;

use crate::syntax::{DirectiveKind, InstructionKind};

pub use directives::DIRECTIVES;
pub use instructions::{HEALTHCHECK_SUBCOMMANDS, INSTRUCTIONS, SIGNALS};
pub use mount::{MOUNT_KEYS, MOUNT_SIGNATURE, MOUNT_TYPES};

/// Where the Dockerfile reference lives; anchors are appended.
pub const REFERENCE_URL: &str = "https://docs.docker.com/reference/dockerfile/";

/// One instruction.
#[derive(Debug)]
pub struct InstructionDoc {
    pub kind: InstructionKind,
    /// One line, no trailing period.
    pub summary: &'static str,
    /// Markdown paragraphs.
    pub description: &'static str,
    /// The forms, one per line, as the reference writes them.
    pub syntax: &'static [&'static str],
    pub example: &'static str,
    /// Completion snippets (LSP snippet syntax), first one the default.
    pub snippets: &'static [Snippet],
    pub flags: &'static [FlagDoc],
    pub signatures: &'static [SignatureDoc],
    /// Anchor in the reference.
    pub anchor: &'static str,
    pub deprecated: bool,
}

#[derive(Debug)]
pub struct Snippet {
    /// What the completion list shows.
    pub label: &'static str,
    /// LSP snippet text.
    pub snippet: &'static str,
}

/// A builder flag of one instruction (`--platform`, `--mount`, ...).
#[derive(Debug)]
pub struct FlagDoc {
    /// Without the leading dashes.
    pub name: &'static str,
    /// The placeholder for its value (`<platform>`); `None` for a flag that
    /// takes no value.
    pub value: Option<&'static str>,
    /// True when the value is a boolean that may be left out (`--link`).
    pub boolean: bool,
    pub summary: &'static str,
    pub description: &'static str,
    /// The values it accepts, when it is a fixed set.
    pub values: &'static [ValueDoc],
    pub example: &'static str,
    /// The minimum `docker/dockerfile` syntax version, when there is one.
    pub since: Option<&'static str>,
    pub anchor: &'static str,
}

/// One value of a flag, a mount key or a directive.
#[derive(Debug)]
pub struct ValueDoc {
    pub name: &'static str,
    pub summary: &'static str,
}

/// A `RUN --mount` type.
#[derive(Debug)]
pub struct MountTypeDoc {
    pub name: &'static str,
    pub summary: &'static str,
    pub description: &'static str,
    /// The keys it accepts (canonical names; aliases come from [`MountKeyDoc`]).
    pub keys: &'static [&'static str],
    pub example: &'static str,
    pub anchor: &'static str,
}

/// A `RUN --mount` key, with what it means for each type that takes it.
#[derive(Debug)]
pub struct MountKeyDoc {
    /// The canonical name first, then its aliases.
    pub names: &'static [&'static str],
    /// Placeholder for the value; `None` for a key that stands alone (`ro`).
    pub value: Option<&'static str>,
    pub summary: &'static str,
    /// `(type, meaning for that type)`.
    pub per_type: &'static [(&'static str, &'static str)],
    pub values: &'static [ValueDoc],
}

/// A parser directive.
#[derive(Debug)]
pub struct DirectiveDoc {
    pub kind: DirectiveKind,
    pub syntax: &'static str,
    pub summary: &'static str,
    pub description: &'static str,
    pub example: &'static str,
    pub values: &'static [ValueDoc],
    pub anchor: &'static str,
}

/// One form of an instruction for signature help.
#[derive(Debug)]
pub struct SignatureDoc {
    pub label: &'static str,
    pub documentation: &'static str,
    /// Parameters in label order; each `label` occurs in the signature's
    /// label after the previous one.
    pub params: &'static [ParamDoc],
}

#[derive(Debug)]
pub struct ParamDoc {
    pub label: &'static str,
    pub role: ParamRole,
    pub documentation: &'static str,
}

/// Which part of an instruction a parameter stands for, so the cursor's
/// position can pick the active one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamRole {
    /// The flag with this name.
    Flag(&'static str),
    /// Any flag (`[OPTIONS]`).
    Flags,
    /// The n-th argument after the flags (0-based).
    Arg(usize),
    /// The n-th argument and every later one except the last.
    ArgsFrom(usize),
    /// The last argument, when there are at least two.
    Last,
    /// A `key` of `key=value`.
    Key,
    /// A `value` of `key=value`.
    Value,
    /// A JSON array (exec form).
    Exec,
    /// A `--mount` key.
    MountKey(&'static str),
}

impl InstructionDoc {
    pub fn keyword(&self) -> &'static str {
        self.kind.keyword()
    }

    pub fn url(&self) -> String {
        format!("{REFERENCE_URL}#{}", self.anchor)
    }

    pub fn flag(&self, name: &str) -> Option<&'static FlagDoc> {
        // The tables are 'static; find through the static slice.
        self.flags
            .iter()
            .find(|it| it.name.eq_ignore_ascii_case(name))
    }
}

impl FlagDoc {
    pub fn url(&self) -> String {
        format!("{REFERENCE_URL}#{}", self.anchor)
    }

    pub fn value_doc(&self, value: &str) -> Option<&'static ValueDoc> {
        self.values.iter().find(|it| it.name == value)
    }

    /// `--name=<value>`, `--name[=<bool>]` or `--name`.
    pub fn usage(&self) -> String {
        match (self.value, self.boolean) {
            (Some(value), true) => format!("--{}[={value}]", self.name),
            (Some(value), false) => format!("--{}={value}", self.name),
            (None, _) => format!("--{}", self.name),
        }
    }
}

impl MountKeyDoc {
    pub fn name(&self) -> &'static str {
        self.names.first().copied().unwrap_or_default()
    }

    /// What the key means for `mount_type` (`None`: the key's summary).
    pub fn meaning(&self, mount_type: &str) -> Option<&'static str> {
        self.per_type
            .iter()
            .find(|(ty, _)| *ty == mount_type)
            .map(|(_, it)| *it)
    }

    pub fn applies_to(&self, mount_type: &str) -> bool {
        self.meaning(mount_type).is_some()
    }
}

impl MountTypeDoc {
    pub fn url(&self) -> String {
        format!("{REFERENCE_URL}#{}", self.anchor)
    }
}

impl DirectiveDoc {
    pub fn url(&self) -> String {
        format!("{REFERENCE_URL}#{}", self.anchor)
    }
}

/// The documentation of an instruction.
pub fn instruction(kind: InstructionKind) -> Option<&'static InstructionDoc> {
    INSTRUCTIONS.iter().find(|it| it.kind == kind)
}

/// The documentation of `--name` on `kind`.
pub fn flag(kind: InstructionKind, name: &str) -> Option<&'static FlagDoc> {
    instruction(kind)?
        .flags
        .iter()
        .find(|it| it.name.eq_ignore_ascii_case(name))
}

pub fn mount_type(name: &str) -> Option<&'static MountTypeDoc> {
    MOUNT_TYPES
        .iter()
        .find(|it| it.name.eq_ignore_ascii_case(name))
}

/// A mount key by any of its names.
pub fn mount_key(name: &str) -> Option<&'static MountKeyDoc> {
    MOUNT_KEYS
        .iter()
        .find(|it| it.names.iter().any(|n| n.eq_ignore_ascii_case(name)))
}

pub fn directive(kind: DirectiveKind) -> Option<&'static DirectiveDoc> {
    DIRECTIVES.iter().find(|it| it.kind == kind)
}

/// `HEALTHCHECK CMD` / `HEALTHCHECK NONE`.
pub fn healthcheck_subcommand(name: &str) -> Option<&'static ValueDoc> {
    HEALTHCHECK_SUBCOMMANDS
        .iter()
        .find(|it| it.name.eq_ignore_ascii_case(name))
}

/// Instructions that may not follow `ONBUILD`.
pub fn allowed_as_onbuild_trigger(kind: InstructionKind) -> bool {
    !matches!(
        kind,
        InstructionKind::Onbuild | InstructionKind::From | InstructionKind::Maintainer
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_instruction_is_documented_once() {
        for kind in InstructionKind::KNOWN {
            let docs: Vec<_> = INSTRUCTIONS.iter().filter(|it| it.kind == kind).collect();
            assert_eq!(docs.len(), 1, "{kind:?}");
            let doc = docs[0];
            assert!(!doc.snippets.is_empty(), "{kind:?} has a snippet");
            assert!(!doc.signatures.is_empty(), "{kind:?} has a signature");
            assert!(!doc.summary.ends_with('.'), "{kind:?}");
        }
    }

    #[test]
    fn signature_parameters_occur_in_order() {
        let all = INSTRUCTIONS
            .iter()
            .flat_map(|it| it.signatures.iter())
            .chain(std::iter::once(&MOUNT_SIGNATURE));
        for signature in all {
            let mut from = 0;
            for param in signature.params {
                let at = signature.label[from..]
                    .find(param.label)
                    .unwrap_or_else(|| panic!("{:?} in {:?}", param.label, signature.label));
                from += at + param.label.len();
            }
        }
    }

    #[test]
    fn mount_types_list_documented_keys() {
        for ty in MOUNT_TYPES {
            for key in ty.keys {
                let doc = mount_key(key).unwrap_or_else(|| panic!("{key}"));
                assert!(doc.applies_to(ty.name), "{key} for {}", ty.name);
            }
        }
        for key in MOUNT_KEYS {
            for (ty, _) in key.per_type {
                let doc = mount_type(ty).unwrap_or_else(|| panic!("{ty}"));
                assert!(
                    doc.keys.contains(&key.name()),
                    "{} lists {}",
                    ty,
                    key.name()
                );
            }
        }
    }
}
