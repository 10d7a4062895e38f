//! What the shipped stage does, read once: the commands its `RUN`s execute,
//! the packages it installs, the users it names, what it copies, its
//! process, and which of the base image's defaults it relies on.

use std::collections::BTreeSet;

use crate::{
    images::PackageManager,
    model::{run_scripts, EdgeKind, EdgeTarget, Stage},
    syntax::{
        script::{self, Connector},
        Args, Instruction, InstructionKind, TextRange,
    },
};

use super::super::Input;

/// Options of the package managers that take a value (as in the size model).
pub(super) const APT_OPTIONS: &[&str] = &["-o", "-t", "--target-release", "-c", "--config-file"];
pub(super) const APK_OPTIONS: &[&str] = &["-X", "--repository", "-t", "--virtual", "--root", "-p"];

/// The arguments of a `CMD`, `ENTRYPOINT` or `HEALTHCHECK CMD`.
#[derive(Debug, Clone)]
pub(super) enum Form {
    /// JSON array; `range` covers `[` to `]`.
    Exec {
        words: Vec<String>,
        range: TextRange,
    },
    /// Shell form; `text` is the logical text, `range` its source.
    Shell { text: String, range: TextRange },
}

impl Form {
    pub(super) fn range(&self) -> TextRange {
        match self {
            Form::Exec { range, .. } | Form::Shell { range, .. } => *range,
        }
    }

    /// The words of an exec form, or of a shell form that is one plain
    /// command (no quotes, expansions, globs, operators or redirections),
    /// which can be written in exec form without changing what runs.
    pub(super) fn plain_words(&self) -> Option<Vec<String>> {
        match self {
            Form::Exec { words, .. } => Some(words.clone()),
            Form::Shell { text, .. } => plain_command(text),
        }
    }
}

/// `text` as argv when it is one simple command that needs no shell.
pub(super) fn plain_command(text: &str) -> Option<Vec<String>> {
    if text.contains(['\\', '`', '$', '\'', '"', '*', '?', '[', '~', '#', '{', '}']) {
        return None;
    }
    let parsed = script::parse_script(text);
    let [command] = parsed.commands.as_slice() else {
        return None;
    };
    let plain = command.assignments.is_empty()
        && command.redirections.is_empty()
        && command.connector.is_none()
        && command.depth == 0
        && !command.words.is_empty()
        && command
            .words
            .iter()
            .all(|it| !it.quoted && !it.has_expansion);
    plain.then(|| command.words.iter().map(|it| it.value.clone()).collect())
}

/// One `CMD`/`ENTRYPOINT`/`HEALTHCHECK CMD` of the stage.
#[derive(Debug, Clone)]
pub(super) struct Process {
    pub idx: usize,
    pub form: Form,
}

/// A command a `RUN` executes.
#[derive(Debug, Clone)]
pub(super) struct RunCommand {
    pub name: String,
    pub instruction: usize,
    /// `install`/`add`/... for package managers.
    pub subcommand: Option<String>,
}

/// Where a `COPY`/`ADD` takes its files from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum CopyFrom {
    Context,
    Stage(usize),
    Image(String),
}

#[derive(Debug, Clone)]
pub(super) struct CopyFacts {
    pub idx: usize,
    pub sources: Vec<String>,
    /// The destination made absolute with the WORKDIR in effect.
    pub dest: String,
    pub from: CopyFrom,
}

/// A user name the stage needs in `/etc/passwd` (`USER app`, `--chown=app`).
#[derive(Debug, Clone)]
pub(super) struct NamedUser {
    pub name: String,
    pub idx: usize,
    /// `USER` or `COPY --chown` / `ADD --chown`.
    pub how: &'static str,
}

/// What the stage does, independent of any candidate base.
pub(super) struct Facts<'a> {
    pub stage: &'a Stage,
    /// Every `RUN` of the stage.
    pub runs: Vec<usize>,
    pub commands: Vec<RunCommand>,
    /// Package managers the `RUN`s call, with the instruction.
    pub package_managers: Vec<(PackageManager, usize)>,
    /// Packages the stage installs (apt or apk names).
    pub installed: BTreeSet<String>,
    pub named_users: Vec<NamedUser>,
    /// Users the stage creates itself (`useradd`, `adduser`).
    pub created_users: BTreeSet<String>,
    pub entrypoint: Option<Process>,
    pub cmd: Option<Process>,
    pub healthcheck: Option<Process>,
    /// `SHELL` instructions: (instruction, program).
    pub shells: Vec<(usize, String)>,
    pub copies: Vec<CopyFacts>,
    /// Names the stage sets with `ENV`.
    pub env_names: BTreeSet<String>,
    /// Something uses the base's WORKDIR before the stage sets an absolute
    /// one (a relative COPY destination, a RUN, a relative WORKDIR, or the
    /// process when the stage never sets one).
    pub relies_on_workdir: bool,
    /// The base's USER applies to a RUN or to the process.
    pub relies_on_user: bool,
    /// The `PATH` at the end of the stage, split.
    pub path: Vec<String>,
}

impl<'a> Facts<'a> {
    pub(super) fn read(input: Input<'a>, stage: &'a Stage) -> Facts<'a> {
        let mut facts = Facts {
            stage,
            runs: Vec::new(),
            commands: Vec::new(),
            package_managers: Vec::new(),
            installed: BTreeSet::new(),
            named_users: Vec::new(),
            created_users: BTreeSet::new(),
            entrypoint: None,
            cmd: None,
            healthcheck: None,
            shells: Vec::new(),
            copies: Vec::new(),
            env_names: BTreeSet::new(),
            relies_on_workdir: true,
            relies_on_user: true,
            path: Vec::new(),
        };
        let mut workdir_decided = false;
        let mut user_decided = false;
        for idx in stage.instructions.clone().skip(1) {
            let Some(instruction) = input.parse.instructions.get(idx) else {
                continue;
            };
            match instruction.kind {
                InstructionKind::Run => {
                    facts.runs.push(idx);
                    facts.read_run(input, idx, instruction);
                    decide(&mut workdir_decided, &mut facts.relies_on_workdir, true);
                    decide(&mut user_decided, &mut facts.relies_on_user, true);
                }
                InstructionKind::Workdir => {
                    let absolute = match &instruction.args {
                        Args::Text(word) => expand(input, idx, &word.text).starts_with('/'),
                        _ => false,
                    };
                    decide(
                        &mut workdir_decided,
                        &mut facts.relies_on_workdir,
                        !absolute,
                    );
                }
                InstructionKind::User => {
                    if let Args::Text(word) = &instruction.args {
                        let value = expand(input, idx, &word.text);
                        facts.push_user(&value, idx, "USER");
                    }
                    decide(&mut user_decided, &mut facts.relies_on_user, false);
                }
                InstructionKind::Copy | InstructionKind::Add => {
                    if let Some(copy) = read_copy(input, idx, instruction) {
                        let relative = !copy.1;
                        facts.copies.push(copy.0);
                        if relative {
                            decide(&mut workdir_decided, &mut facts.relies_on_workdir, true);
                        }
                    }
                    if let Some(chown) = instruction.flag("chown").and_then(|it| it.value.clone()) {
                        facts.push_user(&chown, idx, "--chown");
                    }
                }
                InstructionKind::Env => {
                    for kv in instruction.args.key_values() {
                        facts.env_names.insert(kv.key.text.to_string());
                    }
                }
                InstructionKind::Shell => {
                    if let Args::Exec(exec) = &instruction.args {
                        if let Some(first) = exec.elements.first() {
                            facts.shells.push((idx, first.value.to_string()));
                        }
                    }
                }
                _ => {}
            }
        }
        facts.entrypoint = stage.entrypoint.and_then(|idx| process(input, idx));
        facts.cmd = stage.cmd.and_then(|idx| process(input, idx));
        facts.healthcheck = stage.healthcheck.and_then(|idx| process(input, idx));
        let scope = input.model.stage_end_scope(stage.index);
        let path = scope
            .lookup("PATH")
            .and_then(|id| input.model.defs.get(id))
            .and_then(|def| def.value.clone())
            .unwrap_or_else(|| crate::model::DEFAULT_PATH.to_owned());
        facts.path = split_path(&path);
        facts
    }

    fn push_user(&mut self, value: &str, idx: usize, how: &'static str) {
        let name = value.split(':').next().unwrap_or("").trim();
        if !name.is_empty() && !name.bytes().all(|it| it.is_ascii_digit()) && !name.contains('$') {
            self.named_users.push(NamedUser {
                name: name.to_owned(),
                idx,
                how,
            });
        }
    }

    fn read_run(&mut self, input: Input<'_>, idx: usize, instruction: &Instruction) {
        for run in run_scripts(input.text, instruction) {
            for command in &run.script.commands {
                let effective = command.effective();
                let Some(name) = effective.name() else {
                    continue;
                };
                let mut subcommand = None;
                match name {
                    "apt-get" | "apt" | "aptitude" | "dpkg" => {
                        self.package_managers.push((PackageManager::Apt, idx));
                        subcommand = effective.subcommand(APT_OPTIONS).map(|it| it.value.clone());
                        if subcommand.as_deref() == Some("install") {
                            for package in effective.positionals(APT_OPTIONS) {
                                let bare = package.value.split(['=', '/']).next().unwrap_or("");
                                self.installed.insert(bare.to_owned());
                            }
                        }
                    }
                    "apk" => {
                        self.package_managers.push((PackageManager::Apk, idx));
                        subcommand = effective.subcommand(APK_OPTIONS).map(|it| it.value.clone());
                        if subcommand.as_deref() == Some("add") {
                            for package in effective.positionals(APK_OPTIONS) {
                                let bare = package
                                    .value
                                    .split(['=', '>', '<', '~'])
                                    .next()
                                    .unwrap_or("");
                                self.installed.insert(bare.to_owned());
                            }
                        }
                    }
                    "dnf" | "yum" | "rpm" => self.package_managers.push((PackageManager::Dnf, idx)),
                    "microdnf" => self.package_managers.push((PackageManager::Microdnf, idx)),
                    "useradd" | "adduser" => {
                        const WITH_VALUE: &[&str] = &[
                            "-u",
                            "-g",
                            "-G",
                            "-d",
                            "-s",
                            "-c",
                            "-k",
                            "-e",
                            "-f",
                            "-K",
                            "-p",
                            "-R",
                            "-b",
                            "-h",
                            "--uid",
                            "--gid",
                            "--home",
                            "--shell",
                            "--gecos",
                            "--ingroup",
                            "--groups",
                            "--home-dir",
                            "--comment",
                        ];
                        if let Some(user) = effective.subcommand(WITH_VALUE) {
                            self.created_users.insert(user.value.clone());
                        }
                    }
                    _ => {
                        subcommand = effective.subcommand(&[]).map(|it| it.value.clone());
                    }
                }
                self.commands.push(RunCommand {
                    name: name.to_owned(),
                    instruction: idx,
                    subcommand,
                });
            }
        }
    }

    /// The first `RUN` (its instruction index).
    pub(super) fn first_run(&self) -> Option<usize> {
        self.runs.first().copied()
    }

    /// True when a `RUN` calls `name` with one of `subcommands` (any
    /// subcommand when empty).
    pub(super) fn runs_command(&self, names: &[&str], subcommands: &[&str]) -> Option<usize> {
        self.commands
            .iter()
            .find(|it| {
                names.contains(&it.name.as_str())
                    && (subcommands.is_empty()
                        || it
                            .subcommand
                            .as_deref()
                            .is_some_and(|sub| subcommands.contains(&sub)))
            })
            .map(|it| it.instruction)
    }

    /// The first `COPY --from=<stage>` of the stage, with the stage.
    pub(super) fn copy_from_stage(&self) -> Option<(usize, usize)> {
        self.copies.iter().find_map(|it| match it.from {
            CopyFrom::Stage(stage) => Some((it.idx, stage)),
            _ => None,
        })
    }
}

fn decide(decided: &mut bool, value: &mut bool, relies: bool) {
    if !*decided {
        *decided = true;
        *value = relies;
    }
}

pub(super) fn expand(input: Input<'_>, idx: usize, word: &str) -> String {
    input
        .model
        .expand(input.parse, idx, word)
        .unwrap_or_else(|_| word.to_owned())
}

pub(super) fn split_path(path: &str) -> Vec<String> {
    path.split(':')
        .filter(|it| !it.is_empty())
        .map(normalize)
        .collect()
}

/// `path` made absolute against `workdir`.
pub(super) fn absolute(workdir: &str, path: &str) -> String {
    if path.starts_with('/') {
        normalize(path)
    } else {
        normalize(&format!("{}/{path}", workdir.trim_end_matches('/')))
    }
}

/// Cleans `.`, `..` and repeated slashes of an absolute path, as Go's
/// `path.Clean` (and so BuildKit) does.
pub(super) fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The copy and whether its destination was absolute.
fn read_copy(input: Input<'_>, idx: usize, instruction: &Instruction) -> Option<(CopyFacts, bool)> {
    let values = instruction.args.values();
    let ((dest, _), sources) = values.split_last()?;
    let dest = expand(input, idx, dest);
    let absolute_dest = dest.starts_with('/');
    let workdir = input.model.workdir_at(idx).unwrap_or("/");
    let mut resolved = absolute(workdir, &dest);
    if dest.ends_with('/') && resolved != "/" {
        resolved.push('/');
    }
    let from = match instruction.flag("from") {
        None => CopyFrom::Context,
        Some(flag) => {
            let edge = input
                .model
                .edges
                .iter()
                .find(|it| it.instruction == idx && it.kind == EdgeKind::CopyFrom);
            match edge.map(|it| &it.target) {
                Some(EdgeTarget::Stage(stage)) => CopyFrom::Stage(*stage),
                Some(EdgeTarget::External(name)) => CopyFrom::Image(name.clone()),
                None => CopyFrom::Image(flag.value.as_deref().unwrap_or("").to_owned()),
            }
        }
    };
    let sources = sources
        .iter()
        .filter(|(_, range)| !instruction.heredocs.iter().any(|it| it.marker == *range))
        .map(|(source, _)| expand(input, idx, source))
        .collect();
    Some((
        CopyFacts {
            idx,
            sources,
            dest: resolved,
            from,
        },
        absolute_dest,
    ))
}

fn process(input: Input<'_>, idx: usize) -> Option<Process> {
    let instruction = input.parse.instructions.get(idx)?;
    let args = match &instruction.args {
        Args::Healthcheck { kind, cmd } if kind.text.eq_ignore_ascii_case("CMD") => cmd.as_ref(),
        Args::Healthcheck { .. } => return None,
        other => other,
    };
    let form = match args {
        Args::Exec(exec) => Form::Exec {
            words: exec
                .elements
                .iter()
                .map(|it| it.value.to_string())
                .collect(),
            range: exec.range,
        },
        Args::Shell(word) => Form::Shell {
            text: word.text.to_string(),
            range: word.range,
        },
        _ => return None,
    };
    Some(Process { idx, form })
}

/// Joins commands for a rewritten `RUN`: `&&`/`;` as the original had them.
pub(super) fn connector_text(connector: Option<Connector>) -> &'static str {
    match connector {
        Some(Connector::Seq) => ";",
        _ => "&&",
    }
}
