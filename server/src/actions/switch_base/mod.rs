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
mod knowledge;
mod stage;

use crate::{
    images::{self, Ecosystem, ImageEntry, ImageRef, Libc, PackageManager, Role},
    model::{Base, BaseConfig, BaseImage, Stage, DEFAULT_PATH},
    rules::Applicability,
    syntax::TextEdit,
};

use super::{Assist, AssistKind, Input};

use apk::idx_line;
use artifact::{basename, libc_name, LibcNeed, Origin, Program};
use knowledge::{has_command, has_libgcc, known_users, mb};
use stage::{absolute, normalize, split_path, Facts, Form, Process};

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
        let checker = Checker {
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

/// The checks for one candidate.
struct Checker<'c, 'a> {
    context: &'c Context<'a>,
    candidate: &'static ImageEntry,
    tag: String,
}

/// A CMD/ENTRYPOINT/HEALTHCHECK as the new base will run it.
struct Rewritten<'p> {
    label: &'static str,
    process: &'p Process,
    /// Exec-form words when the instruction changes.
    words: Option<Vec<String>>,
}

impl Checker<'_, '_> {
    fn name(&self, plan: &Plan) -> String {
        plan.reference.clone()
    }

    fn has(&self, command: &str) -> Option<bool> {
        has_command(self.candidate, &self.tag, command)
    }

    fn check(&self, plan: &mut Plan) -> Result<(), String> {
        self.check_program(plan)?;
        let mut forms = self.check_shell(plan)?;
        let rewrote_interpreter = self.check_entrypoint(plan, &mut forms)?;
        self.check_path(plan, &mut forms)?;
        self.check_packages(plan)?;
        self.check_commands(plan, &forms, rewrote_interpreter)?;
        self.check_users(plan)?;
        self.check_ecosystem(plan)?;
        self.keep_behaviour(plan);
        for form in forms {
            if let Some(words) = form.words {
                plan.edits.push(TextEdit::replace(
                    form.process.form.range(),
                    exec_json(&words),
                ));
            }
        }
        Ok(())
    }

    /// What the process runs must exist on the new base.
    fn check_program(&self, plan: &mut Plan) -> Result<(), String> {
        let context = self.context;
        let candidate = self.candidate;
        let name = self.name(plan);
        match &context.program.origin {
            Origin::Copied { artifact, .. } => {
                if !artifact
                    .need
                    .accepts(candidate.libc(), has_libgcc(candidate))
                {
                    let has = match (candidate.libc(), artifact.need) {
                        (Libc::Glibc, LibcNeed::Glibc { libgcc: true }) => {
                            "glibc but no libgcc_s".to_owned()
                        }
                        (libc, _) => libc_name(libc).to_owned(),
                    };
                    return Err(format!("it has {has}, but {}", artifact.why));
                }
                plan.notes.push(format!("Compatible: {}", artifact.why));
            }
            Origin::Interpreter(ecosystem) => {
                if candidate.ecosystem != Some(*ecosystem) {
                    return Err(format!(
                        "the process runs `{}`, which needs the {ecosystem:?} runtime",
                        context.program.word
                    ));
                }
                let version = knowledge::tag_version(context.old_ref.tag_or_latest())
                    .map(|it| format!(" {it}"))
                    .unwrap_or_default();
                plan.notes.push(format!(
                    "Compatible: the process runs `{}`, and {name} has the same {ecosystem:?}{version} runtime",
                    context.program.word
                ));
            }
            Origin::Base(program) => {
                let same_service =
                    candidate.role() == Role::Service && context.old.role() == Role::Service;
                if !same_service && self.has(program) != Some(true) {
                    return Err(format!(
                        "the process runs `{program}` from {}, which {name} is not known to have",
                        context.old_name
                    ));
                }
            }
            Origin::Shell {
                script: Some(script),
            } => {
                if self.has("bash") == Some(false)
                    && has_command(context.old, context.old_ref.tag_or_latest(), "bash")
                        == Some(true)
                    && !context.installs("bash")
                {
                    return Err(format!(
                        "the process runs the script `{script}`, which may need bash, and {name} has none"
                    ));
                }
            }
            Origin::Shell { script: None } | Origin::Installed | Origin::Nothing => {}
        }
        Ok(())
    }

    /// A shell-less base: no RUN, no SHELL, exec-form process only
    /// (shell forms without shell syntax are converted).
    fn check_shell<'f>(&'f self, plan: &mut Plan) -> Result<Vec<Rewritten<'f>>, String> {
        let context = self.context;
        let facts = &context.facts;
        let name = self.name(plan);
        let shell = self.candidate.has_shell(&self.tag);
        let mut forms: Vec<Rewritten<'f>> = [
            ("ENTRYPOINT", &facts.entrypoint),
            ("CMD", &facts.cmd),
            ("HEALTHCHECK", &facts.healthcheck),
        ]
        .into_iter()
        .filter_map(|(label, process)| {
            process.as_ref().map(|process| Rewritten {
                label,
                process,
                words: None,
            })
        })
        .collect();
        if shell {
            return Ok(forms);
        }
        if let Some(run) = facts.first_run() {
            return Err(format!(
                "the RUN on line {} needs a shell, and it has none",
                context.line(run)
            ));
        }
        if let Some((idx, program)) = facts.shells.first() {
            return Err(format!(
                "SHELL on line {} sets `{program}`, and it has no shell",
                context.line(*idx)
            ));
        }
        if let Some(shell) = &context.program.exec_shell {
            return Err(format!(
                "the process runs `{shell} -c`, and it has no shell"
            ));
        }
        if let Origin::Shell { .. } = context.program.origin {
            return Err(format!(
                "the process runs `{}`, which needs a shell",
                context.program.word
            ));
        }
        let has_entrypoint = facts.entrypoint.is_some()
            || !artifact::skip_wrappers(self.candidate.config_for(&self.tag).entrypoint).is_empty();
        for form in &mut forms {
            let Form::Shell { .. } = form.process.form else {
                continue;
            };
            let line = context.line(form.process.idx);
            let blocked = match form.label {
                // A shell-form CMD is an argument to an ENTRYPOINT, not a command.
                "CMD" => has_entrypoint,
                // An exec-form ENTRYPOINT would take the CMD as arguments.
                "ENTRYPOINT" => facts.cmd.is_some(),
                _ => false,
            };
            let words = (!blocked)
                .then(|| form.process.form.plain_words())
                .flatten();
            let Some(words) = words else {
                return Err(format!(
                    "the {} on line {line} is in shell form and needs a shell, and {name} has none",
                    form.label
                ));
            };
            plan.notes.push(format!(
                "{} on line {line} becomes exec form {} ({name} has no shell to run the shell form; the program now runs as PID 1 and gets signals directly)",
                form.label,
                exec_json(&words)
            ));
            form.words = Some(words);
        }
        Ok(forms)
    }

    /// The new base's ENTRYPOINT and CMD must start the same process.
    /// Returns true when a CMD was rewritten for an interpreter ENTRYPOINT.
    fn check_entrypoint(
        &self,
        plan: &mut Plan,
        forms: &mut [Rewritten<'_>],
    ) -> Result<bool, String> {
        let context = self.context;
        let facts = &context.facts;
        let name = self.name(plan);
        let new = self.candidate.config_for(&self.tag);
        let old_ep = artifact::skip_wrappers(&context.config.entrypoint);
        let new_ep_full = new.entrypoint.to_vec();
        let new_ep = artifact::skip_wrappers(&new_ep_full);
        let interpreter_image = self.candidate.role() == Role::LanguageRuntime
            && !new_ep.is_empty()
            && matches!(context.program.origin, Origin::Interpreter(eco) if self.candidate.ecosystem == Some(eco));
        if facts.entrypoint.is_some() {
            // The stage's own ENTRYPOINT replaces the base's (and its CMD).
            let Some(form) = forms.iter_mut().find(|it| it.label == "ENTRYPOINT") else {
                return Ok(false);
            };
            let Some(mut words) = form.words.clone().or_else(|| match &form.process.form {
                Form::Exec { words, .. } => Some(words.clone()),
                Form::Shell { .. } => None,
            }) else {
                return Ok(false);
            };
            let Some(first) = words.first().cloned() else {
                return Ok(false);
            };
            if interpreter_image
                && !first.contains('/')
                && self.has(&first) != Some(true)
                && same_interpreter(&first, &new_ep[0])
            {
                let line = context.line(form.process.idx);
                plan.notes.push(format!(
                    "ENTRYPOINT on line {line} runs `{}` instead of `{first}`, which is not on {name}'s PATH",
                    new_ep[0]
                ));
                words[0] = new_ep[0].clone();
                form.words = Some(words);
            }
            return Ok(false);
        }
        if facts.cmd.is_some() {
            if old_ep == new_ep {
                return Ok(false);
            }
            let Some(form) = forms.iter_mut().find(|it| it.label == "CMD") else {
                return Ok(false);
            };
            let line = context.line(form.process.idx);
            let words = form.words.clone().or_else(|| match &form.process.form {
                Form::Exec { words, .. } => Some(words.clone()),
                Form::Shell { .. } => None,
            });
            if old_ep.is_empty() && interpreter_image {
                let Some(words) = words else {
                    return Err(format!(
                        "{name} runs the CMD with its ENTRYPOINT {}, and the shell-form CMD on line {line} cannot be one",
                        exec_json(&new_ep_full)
                    ));
                };
                let first = words.first().map(String::as_str).unwrap_or("");
                let node_script = self.candidate.ecosystem == Some(Ecosystem::Node)
                    && (first.starts_with('-')
                        || [".js", ".mjs", ".cjs"].iter().any(|it| first.ends_with(it)));
                if node_script {
                    return Ok(false);
                }
                let extra = &new_ep[1..];
                let fits = same_interpreter(first, &new_ep[0])
                    && words.get(1..1 + extra.len()) == Some(extra)
                    && words.len() > 1 + extra.len();
                if !fits {
                    return Err(format!(
                        "its ENTRYPOINT {} runs every CMD, and the CMD on line {line} starts with `{first}`",
                        exec_json(&new_ep_full)
                    ));
                }
                let rest = words[1 + extra.len()..].to_vec();
                plan.notes.push(format!(
                    "CMD on line {line} becomes {}: {name}'s ENTRYPOINT {} already runs `{}`",
                    exec_json(&rest),
                    exec_json(&new_ep_full),
                    words[..1 + extra.len()].join(" ")
                ));
                form.words = Some(rest);
                return Ok(true);
            }
            return Err(format!(
                "{} starts the CMD with ENTRYPOINT {}, {name} with {}",
                context.old_name,
                exec_json(&context.config.entrypoint),
                exec_json(&new_ep_full)
            ));
        }
        // No CMD or ENTRYPOINT of its own: the base's defaults are the process.
        if old_ep != new_ep {
            return Err(format!(
                "the stage has no CMD or ENTRYPOINT and relies on {}'s {}",
                context.old_name,
                exec_json(&context.config.entrypoint)
            ));
        }
        if context.config.cmd != new.cmd {
            if context.config.cmd.is_empty() {
                return Err(format!(
                    "the stage has no CMD, and {name} would add {}",
                    exec_json(new.cmd)
                ));
            }
            plan.lines
                .push(format!("CMD {}", exec_json(&context.config.cmd)));
            plan.notes.push(format!(
                "CMD {} kept from {} (the stage has none, and {name}'s is {})",
                exec_json(&context.config.cmd),
                context.old_name,
                exec_json(new.cmd)
            ));
        }
        Ok(false)
    }

    /// A program found through a `PATH` directory the new base does not
    /// have is called by its full path.
    fn check_path(&self, plan: &mut Plan, forms: &mut [Rewritten<'_>]) -> Result<(), String> {
        let context = self.context;
        let program = &context.program;
        let Some(dir) = &program.path_dir else {
            return Ok(());
        };
        let env_path = |env: &[(String, String)]| {
            env.iter()
                .find(|(key, _)| key == "PATH")
                .map_or_else(|| split_path(DEFAULT_PATH), |(_, value)| split_path(value))
        };
        let old_path = env_path(&context.config.env);
        let new_path = self
            .candidate
            .config
            .env
            .get("PATH")
            .map_or_else(|| split_path(DEFAULT_PATH), |it| split_path(it));
        if !old_path.contains(dir) || new_path.contains(dir) {
            return Ok(());
        }
        let full = absolute(dir, &program.word);
        for form in forms.iter_mut().filter(|it| it.label != "HEALTHCHECK") {
            let mut words = match (&form.words, &form.process.form) {
                (Some(words), _) => words.clone(),
                (None, Form::Exec { words, .. }) => words.clone(),
                (None, Form::Shell { .. }) => continue,
            };
            if let Some(first) = words.first_mut().filter(|it| **it == program.word) {
                *first = full.clone();
                plan.notes.push(format!(
                    "{} on line {} calls `{full}` by its path: {dir} is on {}'s PATH but not on {}'s",
                    form.label,
                    context.line(form.process.idx),
                    context.old_name,
                    plan.reference
                ));
                form.words = Some(words);
                return Ok(());
            }
        }
        Err(format!(
            "`{}` is found through {dir}, which is not on its PATH",
            program.word
        ))
    }

    fn check_packages(&self, plan: &mut Plan) -> Result<(), String> {
        let context = self.context;
        let name = self.name(plan);
        let new = self.candidate.package_manager;
        let mut translated: Vec<usize> = Vec::new();
        for &(manager, idx) in &context.facts.package_managers {
            let same = manager == new
                || matches!(
                    (manager, new),
                    (PackageManager::Dnf, PackageManager::Yum)
                        | (PackageManager::Yum, PackageManager::Dnf)
                );
            if same || translated.contains(&idx) {
                continue;
            }
            let line = context.line(idx);
            match (manager, new) {
                (PackageManager::Apt, PackageManager::Apk) => {
                    let (edit, note) = apk::translate_run(context.input, idx)?;
                    plan.edits.push(edit);
                    plan.notes.push(note);
                    translated.push(idx);
                }
                (_, PackageManager::None) => {
                    return Err(format!(
                        "the RUN on line {line} installs packages with {}, and it has no package manager",
                        manager_name(manager)
                    ))
                }
                _ => {
                    return Err(format!(
                        "the RUN on line {line} uses {}, and {name} uses {}",
                        manager_name(manager),
                        manager_name(new)
                    ))
                }
            }
        }
        Ok(())
    }

    fn check_commands(
        &self,
        plan: &Plan,
        forms: &[Rewritten<'_>],
        rewrote_interpreter: bool,
    ) -> Result<(), String> {
        let context = self.context;
        let name = self.name(plan);
        const PACKAGE_MANAGERS: &[&str] = &[
            "apt-get", "apt", "aptitude", "dpkg", "apk", "dnf", "yum", "microdnf", "rpm",
        ];
        for command in &context.facts.commands {
            if PACKAGE_MANAGERS.contains(&command.name.as_str()) {
                continue;
            }
            if self.has(&command.name) == Some(false) && !context.installs(&command.name) {
                return Err(format!(
                    "the RUN on line {} runs `{}`, which {name} does not have",
                    context.line(command.instruction),
                    command.name
                ));
            }
        }
        for (idx, program) in &context.facts.shells {
            if self.has(basename(program)) == Some(false) && !context.installs(basename(program)) {
                return Err(format!(
                    "SHELL on line {} sets `{program}`, which {name} does not have",
                    context.line(*idx)
                ));
            }
        }
        let word = &context.program.word;
        let checked = !rewrote_interpreter
            && !word.contains('/')
            && !matches!(context.program.origin, Origin::Copied { .. });
        if checked && self.has(word) == Some(false) && !context.installs(word) {
            return Err(format!(
                "the process runs `{word}`, which {name} does not have"
            ));
        }
        for form in forms.iter().filter(|it| it.label == "HEALTHCHECK") {
            let words = form.words.clone().or_else(|| match &form.process.form {
                Form::Exec { words, .. } => Some(words.clone()),
                Form::Shell { text, .. } => stage::plain_command(text),
            });
            let Some(first) = words.as_ref().and_then(|it| it.first()) else {
                continue;
            };
            let first = basename(first);
            if self.has(first) == Some(false) && !context.installs(first) {
                return Err(format!(
                    "HEALTHCHECK on line {} runs `{first}`, which {name} does not have",
                    context.line(form.process.idx)
                ));
            }
        }
        Ok(())
    }

    fn check_users(&self, plan: &Plan) -> Result<(), String> {
        let context = self.context;
        let name = self.name(plan);
        let users = known_users(self.candidate);
        for user in &context.facts.named_users {
            if context.facts.created_users.contains(&user.name)
                || users.contains(&user.name.as_str())
            {
                continue;
            }
            let line = context.line(user.idx);
            if users.is_empty() {
                return Err(format!(
                    "{} {} on line {line} looks the user up in /etc/passwd, and {name} has none (a numeric uid works)",
                    user.how, user.name
                ));
            }
            return Err(format!(
                "{} {} on line {line} needs the user `{}`, which {name} is not known to have",
                user.how, user.name, user.name
            ));
        }
        Ok(())
    }

    /// Language-specific traps of a libc change or a distroless image.
    fn check_ecosystem(&self, plan: &mut Plan) -> Result<(), String> {
        let context = self.context;
        let facts = &context.facts;
        let candidate = self.candidate;
        let name = self.name(plan);
        let Origin::Interpreter(ecosystem) = context.program.origin else {
            return Ok(());
        };
        let to_musl = candidate.libc() == Libc::Musl && context.old.libc() != Libc::Musl;
        let installs: (&[&str], &[&str], &str) = match ecosystem {
            Ecosystem::Python => (
                &["pip", "pip3", "uv", "poetry", "pipenv"],
                &["install", "sync"],
                "Python packages, whose manylinux wheels are built for glibc (on musl pip compiles them from source)",
            ),
            Ecosystem::Node => (
                &["npm", "yarn", "pnpm"],
                &["install", "ci", "add"],
                "node modules, whose prebuilt native add-ons are built for glibc",
            ),
            Ecosystem::Ruby => (
                &["bundle", "bundler", "gem"],
                &["install"],
                "gems, whose native extensions are built for glibc",
            ),
            Ecosystem::Php => (
                &["docker-php-ext-install", "pecl"],
                &[],
                "PHP extensions, built against the image's libraries",
            ),
            _ => (&[], &[], ""),
        };
        let install_run = facts.runs_command(installs.0, installs.1);
        if to_musl {
            if let Some(idx) = install_run {
                return Err(format!(
                    "the RUN on line {} installs {}",
                    context.line(idx),
                    installs.2
                ));
            }
            if !matches!(ecosystem, Ecosystem::Java | Ecosystem::Dotnet) {
                if let Some((idx, stage)) = facts.copy_from_stage() {
                    if context.stage_libc(stage) != Some(Libc::Musl) {
                        return Err(format!(
                            "the COPY on line {} brings files from a stage built on glibc; compiled modules in them would not load on musl",
                            context.line(idx)
                        ));
                    }
                }
            }
            match ecosystem {
                Ecosystem::Java => plan.notes.push(format!(
                    "{name} is musl-based: native libraries packed in the jar (Netty tcnative, RocksDB, ...) need musl builds"
                )),
                Ecosystem::Dotnet => plan.notes.push(format!(
                    "{name} has no ICU or time zone data (globalization-invariant mode)"
                )),
                _ => {}
            }
        }
        if candidate.id == "distroless-python3" {
            if let Some((idx, _)) = facts.copy_from_stage() {
                return Err(format!(
                    "the COPY on line {} brings files from another stage, and a virtualenv or site-packages made for the python image's /usr/local/bin/python does not fit the /usr/bin/python3 of distroless",
                    context.line(idx)
                ));
            }
        }
        if candidate.id == "distroless-java" && facts.env_names.contains("USE_SYSTEM_CA_CERTS") {
            return Err(format!(
                "USE_SYSTEM_CA_CERTS needs the temurin entrypoint script, which {name} does not have"
            ));
        }
        let old_compiler = context.old.toolchain().iter().any(|it| it == "gcc");
        let new_compiler = candidate.toolchain().iter().any(|it| it == "gcc");
        if let (Some(idx), true, false) = (install_run, old_compiler, new_compiler) {
            plan.notes.push(format!(
                "{name} has no C compiler: if the RUN on line {} installs a package without a prebuilt binary for it, the install fails (build it in a builder stage)",
                context.line(idx)
            ));
        }
        if context.old.is_sdk() {
            plan.notes.push(format!(
                "{name} has the {ecosystem:?} runtime but not {}'s build tools",
                context.old_name
            ));
        }
        Ok(())
    }

    /// WORKDIR and USER the stage relied on, written out when the new base differs.
    fn keep_behaviour(&self, plan: &mut Plan) {
        let context = self.context;
        let facts = &context.facts;
        let name = self.name(plan);
        let new = self.candidate.config_for(&self.tag);
        let old_workdir = normalize(&context.config.workdir);
        let new_workdir = normalize(new.workdir);
        if facts.relies_on_workdir && old_workdir != new_workdir {
            plan.lines.push(format!("WORKDIR {old_workdir}"));
            let word = &context.program.word;
            let example = if !word.is_empty() && !word.starts_with('/') && word.contains('/') {
                format!(
                    "`{word}` still resolves to {}",
                    absolute(context.stage.final_workdir(), word)
                )
            } else {
                "relative paths resolve as before".to_owned()
            };
            plan.notes.push(format!(
                "WORKDIR {old_workdir} kept from {} ({name} starts in {new_workdir}), so {example}",
                context.old_name
            ));
        }
        if facts.relies_on_user && same_user(&context.config.user) != same_user(new.user) {
            plan.lines.push(format!("USER {}", context.config.user));
            plan.notes.push(format!(
                "USER {} kept from {} ({name} runs as {}); drop it to run as that user if the program does not need {}",
                context.config.user,
                context.old_name,
                new.user,
                context.config.user
            ));
        }
        if self.candidate.id == "scratch" {
            plan.notes.push(
                "scratch has no CA certificates, time zone data or /etc/passwd: copy /etc/ssl/certs/ca-certificates.crt from the builder if the program makes TLS calls".to_owned(),
            );
        }
        if context.old_ref.digest.is_some() {
            plan.notes.push(format!(
                "the digest pin of {} does not apply to {name}: pin it again",
                context.old_name
            ));
        }
    }
}

/// `root`, `0`, `0:0` and an empty user are all uid 0.
fn same_user(user: &str) -> &str {
    let name = user.split(':').next().unwrap_or(user);
    match name {
        "" | "0" | "root" => "root",
        other => other,
    }
}

/// Whether `word` names the interpreter at `path` (`node` for
/// `/nodejs/bin/node`, `python` for `/usr/bin/python3`).
fn same_interpreter(word: &str, path: &str) -> bool {
    let family = |name: &str| -> String {
        let name = basename(name);
        if name.starts_with("python") {
            "python".into()
        } else if name == "nodejs" {
            "node".into()
        } else {
            name.to_owned()
        }
    };
    family(word) == family(path)
}

fn manager_name(manager: PackageManager) -> &'static str {
    match manager {
        PackageManager::Apt => "apt",
        PackageManager::Apk => "apk",
        PackageManager::Dnf => "dnf",
        PackageManager::Microdnf => "microdnf",
        PackageManager::Yum => "yum",
        PackageManager::None => "no package manager",
    }
}

/// `["a", "b"]`, as Dockerfiles write exec form.
fn exec_json(words: &[String]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|it| serde_json::to_string(it).unwrap_or_else(|_| format!("\"{it}\"")))
        .collect();
    format!("[{}]", quoted.join(", "))
}
