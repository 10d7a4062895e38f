//! What the language modules read off the stage being split: its RUN
//! commands with the directory and environment each runs in, the packages
//! it installs, its CMD/ENTRYPOINT/HEALTHCHECK, and paths.

use crate::{
    images::{ImageEntry, ImageRef},
    model::{run_scripts, RunScript, Stage},
    syntax::{
        script::{self, Command, EffectiveCommand, ScriptWord},
        shell, Args, Instruction, InstructionKind,
    },
};

use super::super::Input;

/// The stage being split and what it was built from.
pub(super) struct Ctx<'a> {
    pub input: Input<'a>,
    pub stage: &'a Stage,
    pub image: &'a ImageRef,
    pub entry: &'static ImageEntry,
    /// The stage's instructions after its `FROM`.
    pub body: Vec<usize>,
    runs: Vec<(usize, Vec<RunScript>)>,
}

/// One simple command a `RUN` of the stage executes.
pub(super) struct Step<'a> {
    /// The `RUN` instruction.
    pub idx: usize,
    pub run: &'a RunScript,
    pub command: &'a Command,
    /// The directory it runs in, when known (`cd` with a variable makes it unknown).
    pub cwd: Option<String>,
    /// `export NAME=value` seen earlier in the same script.
    exports: Vec<(String, String)>,
}

/// A `CMD`/`ENTRYPOINT`/`HEALTHCHECK` command line.
pub(super) struct CommandLine {
    pub idx: usize,
    /// The words when the instruction is exec form or a shell form plain
    /// enough to be written as exec form.
    pub argv: Option<Vec<String>>,
    /// The programs a shell-form line runs (every simple command's name).
    pub programs: Vec<String>,
    /// True when it is exec form as written.
    pub exec: bool,
}

impl<'a> Ctx<'a> {
    pub fn new(
        input: Input<'a>,
        stage: &'a Stage,
        image: &'a ImageRef,
        entry: &'static ImageEntry,
    ) -> Ctx<'a> {
        let body: Vec<usize> = stage.instructions.clone().skip(1).collect();
        let runs = body
            .iter()
            .filter_map(|&idx| {
                let instruction = input.parse.instructions.get(idx)?;
                (instruction.kind == InstructionKind::Run)
                    .then(|| (idx, run_scripts(input.text, instruction)))
            })
            .collect();
        Ctx {
            input,
            stage,
            image,
            entry,
            body,
            runs,
        }
    }

    pub fn instruction(&self, idx: usize) -> Option<&'a Instruction> {
        self.input.parse.instructions.get(idx)
    }

    /// The instructions of the stage of one kind, in order.
    pub fn of_kind(
        &self,
        kind: InstructionKind,
    ) -> impl Iterator<Item = (usize, &'a Instruction)> + '_ {
        self.body
            .iter()
            .filter_map(|&idx| Some((idx, self.instruction(idx)?)))
            .filter(move |(_, it)| it.kind == kind)
    }

    /// The tag the stage's base is pulled with (`latest` when none).
    pub fn tag(&self) -> &'a str {
        self.image.tag_or_latest()
    }

    /// The working directory when `idx` runs.
    pub fn workdir_at(&self, idx: usize) -> String {
        self.input.model.workdir_at(idx).unwrap_or("/").to_owned()
    }

    /// Where the single stage ends up: its final working directory.
    pub fn final_workdir(&self) -> String {
        self.stage.final_workdir().to_owned()
    }

    /// True when the stage's final WORKDIR was inherited from the base
    /// image rather than set by the stage.
    pub fn workdir_inherited(&self) -> bool {
        self.stage.workdirs.len() <= 1
    }

    /// Every simple command the stage's `RUN`s execute, in order, with the
    /// directory each runs in.
    pub fn steps(&self) -> Vec<Step<'_>> {
        let mut res = Vec::new();
        for (idx, scripts) in &self.runs {
            let start = self.workdir_at(*idx);
            for run in scripts {
                // The directory per nesting depth: a `cd` inside `( ... )`
                // does not outlive the subshell.
                let mut cwd: Vec<Option<String>> = vec![Some(start.clone())];
                let mut exports: Vec<(String, String)> = Vec::new();
                for command in &run.script.commands {
                    let depth = command.depth as usize;
                    let current = cwd.last().cloned().flatten();
                    cwd.resize(depth + 1, current);
                    let here = cwd[depth].clone();
                    let effective = command.effective();
                    match effective.name() {
                        Some("cd") => {
                            let target = effective.args().first();
                            cwd[depth] = match (here, target) {
                                (Some(dir), Some(word)) if !word.has_expansion => {
                                    Some(resolve(&dir, &word.value))
                                }
                                _ => None,
                            };
                            continue;
                        }
                        Some("export") => {
                            for word in effective.args() {
                                if let Some((name, value)) = word.assignment() {
                                    exports.push((name.to_owned(), value.to_owned()));
                                }
                            }
                            continue;
                        }
                        _ => {}
                    }
                    res.push(Step {
                        idx: *idx,
                        run,
                        command,
                        cwd: here,
                        exports: exports.clone(),
                    });
                }
            }
        }
        res
    }

    /// The value of a variable in the stage's scope just before `idx`
    /// (ENV, ARG, the base image's environment).
    pub fn scope_value(&self, idx: usize, name: &str) -> Option<String> {
        let model = self.input.model;
        let id = model.scope_at(idx).lookup(name)?;
        model.defs.get(id)?.value.clone()
    }

    /// The value of a word of a command, with `$VAR`s expanded from the
    /// stage's scope; `None` when it refers to something unknown.
    pub fn word_value(&self, idx: usize, word: &ScriptWord) -> Option<String> {
        if !word.has_expansion {
            return Some(word.value.clone());
        }
        self.expand(idx, &word.value)
    }

    /// Expands `text` with the stage's scope at `idx`; `None` when a name
    /// is unset or the expansion is anything but plain `$NAME`/`${NAME}`.
    pub fn expand(&self, idx: usize, text: &str) -> Option<String> {
        let lexer = shell::Lexer::new(self.input.parse.escape);
        for reference in lexer.variable_references(text) {
            if reference.modifier.is_some() || reference.is_special() {
                return None;
            }
            self.scope_value(idx, &reference.name)?;
        }
        if text.contains("$(") || text.contains('`') {
            return None;
        }
        self.input.model.expand(self.input.parse, idx, text).ok()
    }

    /// True when the `RUN` at `idx` comes after a COPY/ADD of the whole
    /// build context and has no cache mount: any source change makes it
    /// download its dependencies again.
    pub fn refetches(&self, idx: usize) -> bool {
        let copies_all = self.body.iter().filter(|&&it| it < idx).any(|&it| {
            self.instruction(it).is_some_and(|instruction| {
                matches!(
                    instruction.kind,
                    InstructionKind::Copy | InstructionKind::Add
                ) && instruction.flag("from").is_none()
                    && instruction
                        .args
                        .values()
                        .split_last()
                        .is_some_and(|(_, sources)| {
                            sources
                                .iter()
                                .any(|(it, _)| matches!(*it, "." | "./" | "*"))
                        })
            })
        });
        copies_all && !self.has_cache_mount(idx)
    }

    /// True when the instruction at `idx` mounts a build cache.
    pub fn has_cache_mount(&self, idx: usize) -> bool {
        self.instruction(idx).is_some_and(|it| {
            it.flags.iter().any(|flag| {
                flag.name == "mount"
                    && flag
                        .value
                        .as_deref()
                        .is_some_and(|it| it.contains("type=cache"))
            })
        })
    }

    /// Packages the stage installs with apt, apk, dnf or yum.
    pub fn installed_packages(&self) -> Vec<(usize, String)> {
        let mut res = Vec::new();
        for step in self.steps() {
            let effective = step.command.effective();
            let (options, install): (&[&str], &[&str]) = match effective.name() {
                Some("apt-get" | "apt") => (APT_OPTIONS, &["install"]),
                Some("apk") => (APK_OPTIONS, &["add"]),
                Some("dnf" | "yum" | "microdnf") => (&[], &["install"]),
                _ => continue,
            };
            let Some(sub) = effective.subcommand(options) else {
                continue;
            };
            if !install.contains(&sub.value.as_str()) {
                continue;
            }
            for package in effective.positionals(options) {
                let name = package
                    .value
                    .split(['=', '>', '<', '~', '/'])
                    .next()
                    .unwrap_or("");
                if !name.is_empty() {
                    res.push((step.idx, name.to_owned()));
                }
            }
        }
        res
    }

    /// The stage's last `CMD`, `ENTRYPOINT` and `HEALTHCHECK` lines.
    pub fn cmd(&self) -> Option<CommandLine> {
        self.stage.cmd.and_then(|idx| self.command_line(idx))
    }

    pub fn entrypoint(&self) -> Option<CommandLine> {
        self.stage.entrypoint.and_then(|idx| self.command_line(idx))
    }

    pub fn healthcheck(&self) -> Option<CommandLine> {
        self.stage
            .healthcheck
            .and_then(|idx| self.command_line(idx))
    }

    /// The program the container starts and its arguments: ENTRYPOINT plus
    /// CMD, or CMD alone. `None` when the stage sets neither.
    pub fn start_argv(&self) -> Option<StartCommand> {
        let entrypoint = self.entrypoint();
        let cmd = self.cmd();
        let (line, extra) = match (entrypoint, cmd) {
            // Exec-form ENTRYPOINT gets CMD as arguments; shell form ignores it.
            (Some(entrypoint), Some(cmd)) if entrypoint.exec => (entrypoint, Some(cmd.argv)),
            (Some(entrypoint), _) => (entrypoint, None),
            (None, Some(cmd)) => (cmd, None),
            (None, None) => return None,
        };
        let program = line
            .argv
            .as_ref()
            .and_then(|it| it.first().cloned())
            .or_else(|| line.programs.first().cloned())?;
        let argv = match (line.argv, extra) {
            (Some(mut argv), Some(Some(more))) => {
                argv.extend(more);
                Some(argv)
            }
            (argv, None) => argv,
            (None, Some(_)) | (_, Some(None)) => None,
        };
        Some(StartCommand {
            program,
            argv,
            idx: line.idx,
        })
    }

    fn command_line(&self, idx: usize) -> Option<CommandLine> {
        let instruction = self.instruction(idx)?;
        let args = match &instruction.args {
            Args::Healthcheck { kind, cmd } => {
                if !kind.text.eq_ignore_ascii_case("CMD") {
                    return None;
                }
                &**cmd
            }
            args => args,
        };
        match args {
            Args::Exec(exec) => {
                let argv: Vec<String> = exec
                    .elements
                    .iter()
                    .map(|it| it.value.to_string())
                    .collect();
                let programs = match argv.as_slice() {
                    [shell, flag, code, ..] if is_shell(shell) && flag == "-c" => {
                        let mut res = vec![shell.clone()];
                        res.extend(script_programs(code));
                        res
                    }
                    [first, ..] => vec![first.clone()],
                    [] => Vec::new(),
                };
                Some(CommandLine {
                    idx,
                    argv: Some(argv),
                    programs,
                    exec: true,
                })
            }
            Args::Shell(word) => Some(CommandLine {
                idx,
                argv: plain_words(&word.text),
                programs: script_programs(&word.text),
                exec: false,
            }),
            _ => None,
        }
    }
}

/// What the container runs.
pub(super) struct StartCommand {
    /// The first word: a path, or a name looked up on PATH.
    pub program: String,
    /// All words, when they are known without a shell.
    pub argv: Option<Vec<String>>,
    /// The ENTRYPOINT or CMD instruction it comes from.
    pub idx: usize,
}

/// Options of the package managers that take a value.
pub(super) const APT_OPTIONS: &[&str] = &["-o", "-t", "--target-release", "-c", "--config-file"];
pub(super) const APK_OPTIONS: &[&str] = &["-X", "--repository", "-t", "--virtual", "--root", "-p"];

/// What a package installed in the single stage is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PackageUse {
    /// Compilers, build tools, VCS clients, download tools: build only.
    Build,
    /// Headers of a native library (`libpq-dev`): the build links the
    /// library, so the runtime probably needs it.
    Headers,
    CaCertificates,
    Tzdata,
    /// Anything else: maybe the program needs it at run time.
    Other,
}

pub(super) fn package_use(name: &str) -> PackageUse {
    const BUILD: &[&str] = &[
        "gcc",
        "g++",
        "cc",
        "clang",
        "lld",
        "llvm",
        "make",
        "cmake",
        "ninja",
        "ninja-build",
        "build-base",
        "build-essential",
        "musl-dev",
        "musl-tools",
        "libc-dev",
        "libc6-dev",
        "linux-headers",
        "gcc-multilib",
        "g++-multilib",
        "binutils",
        "git",
        "git-lfs",
        "mercurial",
        "subversion",
        "openssh-client",
        "curl",
        "wget",
        "bash",
        "upx",
        "pkgconf",
        "pkgconfig",
        "pkg-config",
        "autoconf",
        "automake",
        "libtool",
        "file",
        "patch",
        "perl",
        "python3",
        "python",
        "unzip",
        "zip",
        "tar",
        "xz",
        "xz-utils",
        "gzip",
        "bzip2",
        "gnupg",
        "protobuf",
        "protobuf-compiler",
        "protoc",
        "bison",
        "flex",
        "gettext",
        "jq",
        "rsync",
        "apt-transport-https",
        "software-properties-common",
        "nodejs",
        "npm",
        "yarn",
    ];
    match name {
        "ca-certificates" | "ca-certificates-bundle" => PackageUse::CaCertificates,
        "tzdata" => PackageUse::Tzdata,
        it if BUILD.contains(&it) => PackageUse::Build,
        it if it.ends_with("-dev") || it.ends_with("-devel") || it.ends_with("-headers") => {
            PackageUse::Headers
        }
        _ => PackageUse::Other,
    }
}

/// The words of a shell-form line with no shell syntax in it (no
/// expansions, operators or redirections), so it can be written as exec form.
pub(super) fn plain_words(text: &str) -> Option<Vec<String>> {
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
            .all(|it| !it.has_expansion && !has_glob(&it.value));
    plain.then(|| command.words.iter().map(|it| it.value.clone()).collect())
}

fn has_glob(word: &str) -> bool {
    word.contains(['*', '?', '[', '~'])
}

/// The program of every simple command of a script, as written (`./server`,
/// not its basename), wrappers such as `exec` stripped.
fn script_programs(text: &str) -> Vec<String> {
    script::parse_script(text)
        .commands
        .iter()
        .filter_map(|it| it.effective().words.first().map(|word| word.value.clone()))
        .collect()
}

pub(super) fn is_shell(program: &str) -> bool {
    matches!(basename(program), "sh" | "bash" | "ash" | "dash")
}

/// Shell builtins and the commands every shell image has.
pub(super) fn is_builtin(program: &str) -> bool {
    matches!(
        program,
        "exit"
            | "test"
            | "["
            | "true"
            | "false"
            | "echo"
            | "printf"
            | "exec"
            | "cd"
            | "sleep"
            | "cat"
            | "set"
            | "export"
            | "kill"
            | ":"
    )
}

impl Step<'_> {
    /// The effective command (wrappers such as `env` stripped).
    pub fn effective(&self) -> EffectiveCommand<'_> {
        self.command.effective()
    }

    /// A variable as this command sees it: an inline `NAME=value` (or `env
    /// NAME=value`), an earlier `export`, then the stage's scope. A value
    /// that refers to an unknown variable is returned as written.
    pub fn env(&self, ctx: &Ctx<'_>, name: &str) -> Option<String> {
        let effective = self.command.effective();
        let wrappers = self.command.words.len() - effective.words.len();
        let inline = self
            .command
            .assignments
            .iter()
            .chain(&self.command.words[..wrappers])
            .rev()
            .filter_map(|it| it.assignment())
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_owned());
        let local = inline.or_else(|| {
            self.exports
                .iter()
                .rev()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        });
        match local {
            Some(value) if value.contains('$') => {
                Some(ctx.expand(self.idx, &value).unwrap_or(value))
            }
            Some(value) => Some(value),
            None => ctx.scope_value(self.idx, name),
        }
    }

    /// The last value of an option spelled exactly as one of `names`:
    /// `--name value`, `--name=value` or `--name:value`. `Some(None)` when
    /// present but its value cannot be known.
    pub fn option(&self, ctx: &Ctx<'_>, names: &[&str]) -> Option<Option<String>> {
        let effective = self.command.effective();
        let args = effective.args();
        let mut res = None;
        for (i, word) in args.iter().enumerate() {
            if word.value == "--" {
                break;
            }
            for name in names {
                if word.value == *name {
                    res = Some(args.get(i + 1).and_then(|it| ctx.word_value(self.idx, it)));
                } else if let Some(value) = word
                    .value
                    .strip_prefix(name)
                    .and_then(|it| it.strip_prefix('=').or_else(|| it.strip_prefix(':')))
                {
                    res = Some(match word.has_expansion {
                        true => ctx.expand(self.idx, value),
                        false => Some(value.to_owned()),
                    });
                }
            }
        }
        res
    }

    /// A path argument resolved against the command's directory.
    pub fn path(&self, ctx: &Ctx<'_>, word: &ScriptWord) -> Option<String> {
        let value = ctx.word_value(self.idx, word)?;
        if value.starts_with('/') {
            return Some(resolve("/", &value));
        }
        Some(resolve(self.cwd.as_deref()?, &value))
    }

    /// True when the instruction mounts a cache or tmpfs over `path`, so
    /// what the command writes there is not in the image.
    pub fn mounted_over(&self, ctx: &Ctx<'_>, path: &str) -> bool {
        let Some(instruction) = ctx.instruction(self.idx) else {
            return false;
        };
        instruction
            .flags
            .iter()
            .filter(|it| it.name == "mount")
            .any(|flag| {
                let mut kind = "bind";
                let mut target = "";
                for field in flag.value.as_deref().unwrap_or("").split(',') {
                    let (key, value) = field.split_once('=').unwrap_or((field, ""));
                    match key.trim().to_ascii_lowercase().as_str() {
                        "type" => kind = value,
                        "target" | "dst" | "destination" => target = value,
                        _ => {}
                    }
                }
                matches!(kind, "cache" | "tmpfs")
                    && !target.is_empty()
                    && is_within(path, &resolve(&ctx.workdir_at(self.idx), target))
            })
    }
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved.
pub(super) fn resolve(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("{}/{path}", cwd.trim_end_matches('/'))
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            it => parts.push(it),
        }
    }
    format!("/{}", parts.join("/"))
}

/// True when `path` is `dir` or inside it.
pub(super) fn is_within(path: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    dir.is_empty() || path == dir || path.strip_prefix(dir).is_some_and(|it| it.starts_with('/'))
}

pub(super) fn basename(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
}

pub(super) fn dirname(path: &str) -> &str {
    match path.trim_end_matches('/').rfind('/') {
        Some(0) => "/",
        Some(at) => &path[..at],
        None => ".",
    }
}

/// Directories that hold programs looked up on PATH in every runtime image.
pub(super) const PATH_DIRS: &[&str] = &[
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
];

/// Directories too broad to copy whole into a runtime image.
pub(super) fn is_system_dir(path: &str) -> bool {
    matches!(
        path.trim_end_matches('/'),
        "" | "/bin"
            | "/boot"
            | "/dev"
            | "/etc"
            | "/home"
            | "/lib"
            | "/lib64"
            | "/media"
            | "/mnt"
            | "/opt"
            | "/proc"
            | "/root"
            | "/run"
            | "/sbin"
            | "/srv"
            | "/sys"
            | "/tmp"
            | "/usr"
            | "/usr/local"
            | "/usr/src"
            | "/usr/lib"
            | "/usr/bin"
            | "/usr/local/bin"
            | "/var"
            | "/go"
            | "/usr/local/cargo"
    )
}

/// What the instructions that move to the runtime need from it.
#[derive(Debug, Clone, Default)]
pub(super) struct Needs {
    /// A shell-form line that stays shell form, or `sh -c`.
    pub shell: bool,
    /// Programs to install: `curl`, `wget`, `bash`.
    pub tools: Vec<String>,
}

/// Checks the programs the container starts and its HEALTHCHECK runs:
/// each must be `provided` by the artifact or the runtime, be a shell
/// builtin, or be a tool the runtime can install. `None` otherwise.
pub(super) fn runtime_needs(ctx: &Ctx<'_>, provided: &dyn Fn(&str) -> bool) -> Option<Needs> {
    let mut needs = Needs::default();
    let start = match ctx.stage.entrypoint {
        Some(_) => ctx.entrypoint(),
        None => ctx.cmd(),
    };
    for line in [start, ctx.healthcheck()].into_iter().flatten() {
        let is_healthcheck = Some(line.idx) == ctx.stage.healthcheck;
        let shell_entrypoint = Some(line.idx) == ctx.stage.entrypoint && ctx.stage.cmd.is_some();
        // CMD/ENTRYPOINT in plain shell form are written as exec form.
        let converted = !line.exec && line.argv.is_some() && !is_healthcheck && !shell_entrypoint;
        let programs: Vec<String> = match (&line.argv, line.exec || converted) {
            (Some(argv), true) => match argv.as_slice() {
                [shell, flag, ..] if is_shell(shell) && flag == "-c" => line.programs.clone(),
                [first, ..] => vec![first.clone()],
                [] => Vec::new(),
            },
            _ => {
                needs.shell = true;
                line.programs.clone()
            }
        };
        for program in programs {
            if is_shell(&program) {
                needs.shell = true;
                if basename(&program) == "bash" && !provided(&program) {
                    needs.tools.push("bash".into());
                }
                continue;
            }
            if provided(&program) {
                continue;
            }
            if is_builtin(&program) {
                needs.shell = true;
                continue;
            }
            match basename(&program) {
                tool @ ("curl" | "wget") => needs.tools.push(tool.into()),
                _ => return None,
            }
        }
    }
    needs.tools.sort();
    needs.tools.dedup();
    Some(needs)
}
