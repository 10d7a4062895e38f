//! The checks one candidate base must pass, and the edits that keep the
//! stage's behaviour on it.

use crate::{
    images::{Ecosystem, ImageEntry, Libc, PackageManager, Role},
    model::DEFAULT_PATH,
    syntax::TextEdit,
};

use super::{
    apk,
    artifact::{self, basename, libc_name, LibcNeed, Origin},
    knowledge::{self, has_command, has_libgcc, known_users},
    stage::{self, absolute, normalize, split_path, Form, Process},
    Context, Plan,
};

/// The checks for one candidate.
pub(super) struct Checker<'c, 'a> {
    pub(super) context: &'c Context<'a>,
    pub(super) candidate: &'static ImageEntry,
    pub(super) tag: String,
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

    pub(super) fn check(&self, plan: &mut Plan) -> Result<(), String> {
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
            Origin::Copied { artifact, path } => {
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
                if let LibcNeed::SameAs(_) = artifact.need {
                    plan.notes.push(format!(
                        "If `{path}` links other shared libraries (check with `ldd`), {name} must have them too"
                    ));
                }
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
                return Ok(true);
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

    /// Ubuntu on one side, Debian on the other.
    fn crosses_distro(&self) -> bool {
        let ubuntu = |entry: &ImageEntry| {
            let id = entry.id.as_str();
            id.starts_with("ubuntu")
                || matches!(id, "maven" | "gradle")
                || id.starts_with("temurin") && entry.package_manager == PackageManager::Apt
        };
        ubuntu(self.context.old) != ubuntu(self.candidate)
            && self.candidate.package_manager == PackageManager::Apt
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
            if same && manager == PackageManager::Apt && self.crosses_distro() {
                // Ubuntu and Debian name some packages differently
                // (libssl3t64, t64 renames): only names known to both pass.
                let unknown = context
                    .facts
                    .installed
                    .iter()
                    .find(|it| apk::apk_name(it).is_none());
                if let Some(package) = unknown {
                    return Err(format!(
                        "the stage installs `{package}`, which is not known to have the same name on Debian and Ubuntu"
                    ));
                }
            }
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
            if ecosystem == Ecosystem::Java {
                plan.notes.push(format!(
                    "{name} is musl-based: native libraries packed in the jar (Netty tcnative, RocksDB, ...) need musl builds"
                ));
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
        let invariant = |entry: &ImageEntry| {
            entry.libc() == Libc::Musl
                || entry
                    .config
                    .env
                    .get("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT")
                    .is_some_and(|it| it == "true")
        };
        if context.old.ecosystem == Some(Ecosystem::Dotnet)
            && invariant(self.candidate)
            && !invariant(context.old)
        {
            plan.notes.push(format!(
                "{name} has no ICU (globalization-invariant mode): culture-specific formatting and time zones behave differently unless the app was made for it"
            ));
        }
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
