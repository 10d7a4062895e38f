//! "Switch runtime base to X": one assist per smaller base the shipped stage
//! can run on, smallest first, each titled with what it saves.
//!
//! Compatibility is checked, not assumed. A candidate comes from the
//! knowledge base (the current base's `runtime_alternatives`, plus the
//! minimal runtimes for an SDK or OS base that only runs a copied binary,
//! plus the language's own variants for an interpreter) and is offered only
//! when:
//!
//! - **what runs still runs**: a copied binary's C library (from how its
//!   builder stage built it: Go with cgo off or no C compiler is static, a
//!   musl Rust target is static, a gnu Rust target needs glibc and
//!   `libgcc_s`, anything else needs its builder's libc; a binary from the
//!   build context needs the current base's libc), an interpreter's
//!   ecosystem and version, a command the base provides;
//! - **a shell** is there when the stage needs one (`RUN`, `SHELL`, a
//!   shell-form `CMD`/`ENTRYPOINT`/`HEALTHCHECK` that cannot become exec
//!   form, a shell script as the process);
//! - **the package manager** matches, or every apt package translates to apk;
//! - **commands** the `RUN`s and the process use are there (`bash`, `curl`,
//!   `useradd`, compilers), unless the stage installs them;
//! - **named users** exist in the new base's `/etc/passwd`.
//!
//! Behaviour is kept explicitly: when the stage relied on the old base's
//! WORKDIR or USER and the new base's differs, the edit adds them after the
//! `FROM` (so the seed's `CMD ["./main"]` keeps finding `/go/main`); a CMD is
//! rewritten for an interpreter image whose ENTRYPOINT is the interpreter.

mod apk;
mod artifact;
mod check;
mod knowledge;
mod stage;

use crate::{
    images::{self, Ecosystem, ImageEntry, ImageRef, Libc, Role},
    model::{Base, BaseConfig, BaseImage, Stage},
    rules::Applicability,
    syntax::TextEdit,
};

use super::{Assist, AssistKind, Input};

use apk::idx_line;
use artifact::{LibcNeed, Origin, Program};
use knowledge::mb;
use stage::Facts;

/// The id of the assists.
pub const ID: &str = "switch-runtime-base";

/// One assist per compatible smaller base for the shipped `stage`, smallest first.
pub fn switch_runtime_base(input: Input<'_>, stage: usize) -> Vec<Assist> {
    let Some(context) = Context::new(input, stage) else {
        return Vec::new();
    };
    let mut offered: Vec<Plan> = Vec::new();
    let mut refused: Vec<Refused> = Vec::new();
    for candidate in context.pool() {
        match context.plan(candidate) {
            Ok(plan) => offered.push(plan),
            Err(reason) => {
                let name = knowledge::reference(candidate, context.old_ref)
                    .unwrap_or_else(|_| candidate.canonical_ref().to_owned());
                // Name-free, so candidates refused for one reason share a note.
                let reason = reason.replace(&name, "it");
                refused.push(Refused {
                    name,
                    disk: candidate.disk_mb().unwrap_or(f64::MAX),
                    reason,
                })
            }
        }
    }
    offered.sort_by(|a, b| a.disk.total_cmp(&b.disk));
    refused.sort_by(|a, b| a.disk.total_cmp(&b.disk));
    offered
        .into_iter()
        .map(|plan| context.assist(plan, &refused))
        .collect()
}

/// A candidate that was checked and not offered, for the notes.
struct Refused {
    name: String,
    disk: f64,
    reason: String,
}

/// An offered switch before it becomes an assist.
struct Plan {
    entry: &'static ImageEntry,
    reference: String,
    disk: f64,
    /// Instructions to add right after the `FROM`.
    lines: Vec<String>,
    edits: Vec<TextEdit>,
    notes: Vec<String>,
}

struct Context<'a> {
    input: Input<'a>,
    stage: &'a Stage,
    image: &'a BaseImage,
    old_ref: &'a ImageRef,
    old: &'static ImageEntry,
    old_name: String,
    old_disk: f64,
    config: &'a BaseConfig,
    facts: Facts<'a>,
    program: Program,
}

/// Minimal runtimes for a copied binary, by what it needs (§2.7 of the notes).
fn minimal_runtimes(need: LibcNeed) -> &'static [&'static str] {
    match need {
        LibcNeed::Static => &[
            "scratch",
            "distroless-static",
            "chainguard-static",
            "alpine",
        ],
        LibcNeed::Glibc { libgcc: false } => &["distroless-base", "distroless-cc", "debian-slim"],
        LibcNeed::Glibc { libgcc: true } | LibcNeed::SameAs(Libc::Glibc) => {
            &["distroless-cc", "debian-slim"]
        }
        LibcNeed::Musl | LibcNeed::SameAs(Libc::Musl) => &["alpine"],
        LibcNeed::SameAs(_) => &[],
    }
}

impl<'a> Context<'a> {
    fn new(input: Input<'a>, stage: usize) -> Option<Context<'a>> {
        if !input.model.ships(stage) {
            return None;
        }
        let stage = input.model.stage(stage)?;
        let Base::Image(image) = &stage.base else {
            return None;
        };
        let old_ref = image.reference.as_ref().ok()?;
        let old = images::lookup(old_ref).entry()?;
        let old_disk = old.disk_mb()?;
        let facts = Facts::read(input, stage);
        let config = &stage.base_config;
        let program = artifact::program(input, &facts, old, &config.entrypoint, &config.cmd);
        Some(Context {
            input,
            stage,
            image,
            old_ref,
            old,
            old_name: image.expanded.value_or_raw().to_owned(),
            old_disk,
            config,
            facts,
            program,
        })
    }

    /// The bases worth checking: smaller than the current one, known sizes.
    fn pool(&self) -> Vec<&'static ImageEntry> {
        let Ok(kb) = images::knowledge_base() else {
            return Vec::new();
        };
        let mut ids: Vec<&str> = self
            .old
            .runtime_alternative_ids()
            .iter()
            .map(String::as_str)
            .collect();
        let sdk_or_os = matches!(self.old.role(), Role::Sdk | Role::OsBase);
        match &self.program.origin {
            Origin::Interpreter(
                ecosystem @ (Ecosystem::Node
                | Ecosystem::Python
                | Ecosystem::Java
                | Ecosystem::Ruby
                | Ecosystem::Php),
            ) => ids.extend(
                kb.entries()
                    .iter()
                    .filter(|it| {
                        it.ecosystem == Some(*ecosystem) && it.role() == Role::LanguageRuntime
                    })
                    .map(|it| it.id.as_str()),
            ),
            // .NET apps need ICU or invariant mode: stay on the .NET images.
            Origin::Copied { .. } if self.old.ecosystem == Some(Ecosystem::Dotnet) => {}
            Origin::Copied { artifact, .. } if sdk_or_os => {
                ids.extend(minimal_runtimes(artifact.need));
            }
            Origin::Installed | Origin::Shell { .. } if sdk_or_os => {
                ids.extend(["alpine", "debian-slim"]);
            }
            _ => {}
        }
        let mut seen = Vec::new();
        let mut pool = Vec::new();
        for id in ids {
            if seen.contains(&id) || id == self.old.id {
                continue;
            }
            seen.push(id);
            let Some(entry) = kb.get(id) else {
                continue;
            };
            if entry.disk_mb().is_some_and(|disk| disk < self.old_disk) {
                pool.push(entry);
            }
        }
        pool
    }

    fn line(&self, idx: usize) -> usize {
        idx_line(self.input, idx)
    }

    /// Whether the stage installs something that provides `command`.
    fn installs(&self, command: &str) -> bool {
        let provided_by: &[&str] = match command {
            "gcc" | "g++" | "cc" | "make" => &["build-essential", "build-base"],
            "xz" => &["xz-utils"],
            "ping" => &["iputils-ping", "iputils"],
            "dig" | "nslookup" => &["dnsutils", "bind-tools"],
            "nc" => &["netcat-openbsd"],
            "ssh" | "scp" => &["openssh-client"],
            "psql" => &["postgresql-client"],
            "mysql" => &["default-mysql-client", "mysql-client"],
            "pip" | "pip3" => &["python3-pip", "py3-pip"],
            "node" => &["nodejs"],
            "go" => &["golang-go"],
            "sqlite3" => &["sqlite3", "sqlite"],
            _ => &[],
        };
        self.facts.installed.contains(command)
            || provided_by
                .iter()
                .any(|it| self.facts.installed.contains(*it))
    }

    /// The C library at the root of `stage`'s FROM chain.
    fn stage_libc(&self, stage: usize) -> Option<Libc> {
        let mut current = self.input.model.stage(stage)?;
        for _ in 0..self.input.model.stages.len() {
            match &current.base {
                Base::Stage(parent) => current = self.input.model.stage(*parent)?,
                _ => break,
            }
        }
        images::lookup(current.base_image()?)
            .entry()
            .map(|it| it.libc())
    }

    fn plan(&self, candidate: &'static ImageEntry) -> Result<Plan, String> {
        let reference = knowledge::reference(candidate, self.old_ref)?;
        let tag = ImageRef::parse(&reference)
            .map(|it| it.tag_or_latest().to_owned())
            .unwrap_or_else(|_| "latest".into());
        let mut plan = Plan {
            entry: candidate,
            disk: candidate.disk_mb().unwrap_or(f64::MAX),
            reference,
            lines: Vec::new(),
            edits: Vec::new(),
            notes: Vec::new(),
        };
        let checker = check::Checker {
            context: self,
            candidate,
            tag,
        };
        checker.check(&mut plan)?;
        Ok(plan)
    }

    fn assist(&self, plan: Plan, refused: &[Refused]) -> Assist {
        let Plan {
            entry,
            reference,
            disk,
            lines,
            mut edits,
            mut notes,
        } = plan;
        let saving = self.old_disk - disk;
        let mut title = format!(
            "Switch runtime base to {reference} (≈ {} MB smaller on disk",
            mb(saving)
        );
        if let (Some(old), Some(new)) = (self.old.download_mb(), entry.download_mb()) {
            if old > new {
                title.push_str(&format!(", ≈ {} MB smaller download", mb(old - new)));
            }
        }
        title.push(')');
        let estimated = self.old.is_estimate() || entry.is_estimate();
        let measured = match entry.canonical_ref() == reference {
            true => String::new(),
            false => format!(" (the figure for {})", entry.canonical_ref()),
        };
        notes.push(format!(
            "Sizes from the knowledge base{}: {} {} MB on disk, {reference} {} MB{measured}",
            if estimated { " (partly estimated)" } else { "" },
            self.old_name,
            mb(self.old_disk),
            mb(disk),
        ));
        // Smaller bases that were checked and refused, one note per reason.
        let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
        for it in refused.iter().filter(|it| it.disk < disk) {
            match reasons.iter_mut().find(|(reason, _)| *reason == it.reason) {
                Some((_, names)) => names.push(&it.name),
                None => reasons.push((&it.reason, vec![&it.name])),
            }
        }
        for (reason, names) in reasons {
            notes.push(format!("Not offered: {}: {reason}", names.join(", ")));
        }
        // The new reference, and the lines that keep behaviour right after the FROM.
        let from = self.input.parse.instructions.get(self.stage.from);
        let word = self.image.expanded.range;
        let mut replacement = reference.clone();
        if let (Some(from), false) = (from, lines.is_empty()) {
            let rest = &self.input.text[from.range.end()..];
            let newline = if rest.starts_with("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            let added: String = lines.iter().map(|it| format!("{newline}{it}")).collect();
            if from.range.end() == word.end() {
                replacement.push_str(&added);
            } else {
                edits.push(TextEdit::insert(from.range.end(), added));
            }
        }
        edits.push(TextEdit::replace(word, replacement));
        edits.sort_by_key(|it| (it.range.start(), it.range.end()));
        let resolves = match self.old.role() {
            Role::Sdk => vec!["DK2001", "DK2002"],
            _ => vec!["DK2002"],
        };
        let mut unique = Vec::new();
        for note in notes {
            if !unique.contains(&note) {
                unique.push(note);
            }
        }
        Assist {
            id: ID,
            title,
            kind: AssistKind::RefactorRewrite,
            edits,
            applicability: Applicability::Unsafe,
            saving_mb: Some(saving),
            resolves,
            notes: unique,
        }
    }
}
