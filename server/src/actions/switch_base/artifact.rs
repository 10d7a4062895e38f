//! What the stage runs and what that needs from a base: the program its
//! process starts, where that program comes from, and for a binary copied
//! from a builder stage, which C library it was linked against.

use crate::{
    images::{self, Ecosystem, ImageEntry, Libc},
    model::{run_scripts, Base},
    syntax::{
        script::{self, Command},
        InstructionKind,
    },
};

use super::{
    stage::{absolute, CopyFacts, CopyFrom, Facts, Form},
    Input,
};

/// What a copied binary needs from the C library of its base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LibcNeed {
    /// Statically linked: runs on any base, `scratch` included.
    Static,
    /// Dynamically linked against glibc; `libgcc`: also needs `libgcc_s`
    /// (and `libstdc++`), as Rust's gnu target and C++ do.
    Glibc { libgcc: bool },
    /// Dynamically linked against musl.
    Musl,
    /// Unknown; it runs on the current base, so on a base with this C library.
    SameAs(Libc),
}

impl LibcNeed {
    /// Whether a base with `libc` (and `libgcc`) can run the binary.
    pub(super) fn accepts(self, libc: Libc, has_libgcc: bool) -> bool {
        match self {
            LibcNeed::Static => true,
            LibcNeed::Glibc { libgcc } => libc == Libc::Glibc && (!libgcc || has_libgcc),
            LibcNeed::Musl => libc == Libc::Musl,
            LibcNeed::SameAs(Libc::None) => true,
            // A glibc binary of unknown make may be C++ or Rust: libgcc too.
            LibcNeed::SameAs(Libc::Glibc) => libc == Libc::Glibc && has_libgcc,
            LibcNeed::SameAs(want) => libc == want,
        }
    }
}

/// A copied binary and why it needs what it needs.
#[derive(Debug, Clone)]
pub(super) struct Artifact {
    pub need: LibcNeed,
    pub why: String,
}

/// Where the program of the process comes from.
#[derive(Debug, Clone)]
pub(super) enum Origin {
    /// A binary the stage copies in.
    Copied { path: String, artifact: Artifact },
    /// A shell, or a shell script the stage copies in.
    Shell { script: Option<String> },
    /// The language runtime the base ships (`python app.py`, `node`, a
    /// script or entry point of that language).
    Interpreter(Ecosystem),
    /// A program the stage installs with its package manager.
    Installed,
    /// Something the base image provides that the knowledge base does not track.
    Base(String),
    /// The stage starts no process.
    Nothing,
}

/// The program the stage's process runs, read under the current base.
#[derive(Debug, Clone)]
pub(super) struct Program {
    /// The word that names it (`./main`, `python`), after wrapper entrypoints.
    pub word: String,
    pub origin: Origin,
    /// For a bare name found through `PATH`: the directory it was found in.
    pub path_dir: Option<String>,
    /// The shell an exec-form CMD/ENTRYPOINT runs the program with
    /// (`["sh", "-c", "..."]`): the base needs it.
    pub exec_shell: Option<String>,
}

/// Entrypoints that run their arguments (after a little setup).
const WRAPPERS: &[&str] = &[
    "docker-entrypoint.sh",
    "__cacert_entrypoint.sh",
    "docker-php-entrypoint",
    "tini",
    "dumb-init",
    "--",
];

pub(super) const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"];

/// The process argv a stage runs given its base's ENTRYPOINT and CMD, and
/// whether its own CMD/ENTRYPOINT is in shell form.
pub(super) fn argv(facts: &Facts<'_>, base_ep: &[String], base_cmd: &[String]) -> Vec<String> {
    let shell = |text: &str| vec!["/bin/sh".to_owned(), "-c".to_owned(), text.to_owned()];
    let words = |form: &Form| match form {
        Form::Exec { words, .. } => words.clone(),
        Form::Shell { text, .. } => shell(text),
    };
    match (&facts.entrypoint, &facts.cmd) {
        (Some(ep), cmd) => match &ep.form {
            Form::Shell { text, .. } => shell(text),
            Form::Exec { words: ep, .. } => {
                let mut argv = ep.clone();
                if let Some(cmd) = cmd {
                    argv.extend(words(&cmd.form));
                }
                argv
            }
        },
        (None, Some(cmd)) => {
            let mut argv = base_ep.to_vec();
            argv.extend(words(&cmd.form));
            argv
        }
        (None, None) => base_ep.iter().chain(base_cmd).cloned().collect(),
    }
}

/// `argv` without the wrapper entrypoints in front.
pub(super) fn skip_wrappers(argv: &[String]) -> &[String] {
    let mut rest = argv;
    while let Some((first, tail)) = rest.split_first() {
        if !WRAPPERS.contains(&basename(first)) {
            break;
        }
        rest = tail;
    }
    rest
}

pub(super) fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The ecosystem whose runtime provides `name`.
pub(super) fn interpreter(name: &str) -> Option<Ecosystem> {
    let name = basename(name);
    Some(match name {
        "node" | "nodejs" | "npm" | "npx" | "yarn" | "pnpm" | "corepack" => Ecosystem::Node,
        "java" => Ecosystem::Java,
        "dotnet" => Ecosystem::Dotnet,
        "php" | "php-fpm" | "apache2-foreground" => Ecosystem::Php,
        "ruby" | "irb" | "gem" | "bundle" | "bundler" => Ecosystem::Ruby,
        "pip" | "pip3" => Ecosystem::Python,
        _ if name == "python" || name.starts_with("python3") => Ecosystem::Python,
        _ => return None,
    })
}

/// The ecosystem of a script by its extension.
fn script_ecosystem(path: &str) -> Option<Ecosystem> {
    let ext = path.rsplit_once('.').map(|it| it.1)?;
    Some(match ext {
        "py" => Ecosystem::Python,
        "js" | "mjs" | "cjs" => Ecosystem::Node,
        "jar" => Ecosystem::Java,
        "dll" => Ecosystem::Dotnet,
        "rb" => Ecosystem::Ruby,
        "php" => Ecosystem::Php,
        _ => return None,
    })
}

/// The program the stage's process runs on its current base.
pub(super) fn program(
    input: Input<'_>,
    facts: &Facts<'_>,
    old: &ImageEntry,
    old_ep: &[String],
    old_cmd: &[String],
) -> Program {
    let argv = argv(facts, old_ep, old_cmd);
    let from_shell_form = match (&facts.entrypoint, &facts.cmd) {
        (Some(ep), _) => matches!(ep.form, Form::Shell { .. }),
        (None, Some(cmd)) => {
            matches!(cmd.form, Form::Shell { .. }) && skip_wrappers(old_ep).is_empty()
        }
        (None, None) => false,
    };
    let node_wrapper = argv
        .first()
        .is_some_and(|it| basename(it) == "docker-entrypoint.sh")
        && old.ecosystem == Some(Ecosystem::Node);
    let rest = skip_wrappers(&argv);
    let Some(first) = rest.first() else {
        return Program {
            word: String::new(),
            origin: Origin::Nothing,
            path_dir: None,
            exec_shell: None,
        };
    };
    // node's docker-entrypoint.sh runs `node "$@"` when the first argument
    // is an option or a script rather than a command.
    if node_wrapper && (first.starts_with('-') || script_ecosystem(first) == Some(Ecosystem::Node))
    {
        return Program {
            word: first.clone(),
            origin: Origin::Interpreter(Ecosystem::Node),
            path_dir: None,
            exec_shell: None,
        };
    }
    // `sh -c "..."` runs the script's first command.
    let mut word = first.clone();
    let mut shell = None;
    if SHELLS.contains(&basename(first)) {
        let inner = match rest {
            [_, flag, text, ..] if flag == "-c" => {
                let script = script::parse_script(text);
                script
                    .commands
                    .first()
                    .and_then(|it| it.words.first())
                    .map(|it| it.value.clone())
            }
            _ => None,
        };
        match inner {
            Some(inner) => {
                shell = Some(first.clone());
                word = inner;
            }
            None => {
                return Program {
                    word: first.clone(),
                    origin: Origin::Shell { script: None },
                    path_dir: None,
                    exec_shell: None,
                }
            }
        }
    }
    let (origin, path_dir) = classify(input, facts, old, &word);
    Program {
        word,
        origin,
        path_dir,
        exec_shell: shell.filter(|_| !from_shell_form),
    }
}

fn classify(
    input: Input<'_>,
    facts: &Facts<'_>,
    old: &ImageEntry,
    word: &str,
) -> (Origin, Option<String>) {
    let name = basename(word);
    if SHELLS.contains(&name) {
        return (Origin::Shell { script: None }, None);
    }
    if let Some(ecosystem) = interpreter(name) {
        // Also when it is a virtualenv's `python` or a copied launcher: it
        // needs the language's runtime either way.
        return (Origin::Interpreter(ecosystem), None);
    }
    let workdir = facts.stage.final_workdir();
    let paths: Vec<(String, Option<String>)> = if word.contains('/') {
        vec![(absolute(workdir, word), None)]
    } else {
        facts
            .path
            .iter()
            .map(|dir| (absolute(dir, word), Some(dir.clone())))
            .collect()
    };
    for (path, dir) in paths {
        let Some(copy) = find_copy(facts, &path) else {
            continue;
        };
        let origin = if path.ends_with(".sh") {
            Origin::Shell { script: Some(path) }
        } else if let Some(ecosystem) = script_ecosystem(&path) {
            Origin::Interpreter(ecosystem)
        } else {
            let artifact = copied_artifact(input, facts, old, copy, &path);
            match artifact {
                Built::Native(artifact) => Origin::Copied { path, artifact },
                Built::Runtime(ecosystem) => Origin::Interpreter(ecosystem),
            }
        };
        return (origin, dir);
    }
    if facts.installed.contains(name) {
        return (Origin::Installed, None);
    }
    match old.ecosystem {
        // An entry point its package manager installed (gunicorn, next, rails).
        Some(
            ecosystem @ (Ecosystem::Python
            | Ecosystem::Node
            | Ecosystem::Java
            | Ecosystem::Ruby
            | Ecosystem::Php
            | Ecosystem::Dotnet),
        ) if !word.contains('/') => (Origin::Interpreter(ecosystem), None),
        _ => (Origin::Base(name.to_owned()), None),
    }
}

/// The last `COPY`/`ADD` of the stage that writes `path`.
fn find_copy<'f>(facts: &'f Facts<'_>, path: &str) -> Option<&'f CopyFacts> {
    facts.copies.iter().rev().find(|copy| {
        let dest = copy.dest.trim_end_matches('/');
        let dest = if dest.is_empty() { "/" } else { dest };
        path == dest
            || path.starts_with(&format!("{}/", dest.trim_end_matches('/')))
            || copy
                .sources
                .iter()
                .any(|source| absolute(dest, basename(source.trim_end_matches('/'))) == path)
    })
}

/// What a build produced.
enum Built {
    Native(Artifact),
    /// Needs a language runtime (a framework-dependent .NET app).
    Runtime(Ecosystem),
}

fn copied_artifact(
    input: Input<'_>,
    facts: &Facts<'_>,
    old: &ImageEntry,
    copy: &CopyFacts,
    path: &str,
) -> Built {
    let old_name = facts
        .stage
        .base_image()
        .map_or_else(|| old.canonical_ref().to_owned(), |it| it.familiar());
    match &copy.from {
        CopyFrom::Context => Built::Native(Artifact {
            need: LibcNeed::SameAs(old.libc()),
            why: format!(
                "`{path}` comes from the build context, so whether it is static is unknown; it runs on {old_name} today, so it needs {}",
                libc_name(old.libc()),
            ),
        }),
        CopyFrom::Image(name) => {
            let libc = images::lookup_str(name)
                .ok()
                .and_then(|it| it.entry())
                .map_or(old.libc(), |it| it.libc());
            Built::Native(Artifact {
                need: LibcNeed::SameAs(libc),
                why: format!("`{path}` is copied from the image {name}, so it needs {}", libc_name(libc)),
            })
        }
        CopyFrom::Stage(stage) => builder_artifact(input, *stage, old, &old_name, path),
    }
}

pub(super) fn libc_name(libc: Libc) -> &'static str {
    match libc {
        Libc::Glibc => "glibc",
        Libc::Musl => "musl",
        Libc::None => "no C library",
        Libc::Varies => "a C library that depends on the tag",
    }
}

/// A build command found in a builder stage.
enum Build {
    Go { static_: bool, why: &'static str },
    Rust { static_: bool, why: &'static str },
    Dotnet { self_contained: bool, musl: bool },
    C,
}

fn builder_artifact(
    input: Input<'_>,
    stage: usize,
    old: &ImageEntry,
    old_name: &str,
    path: &str,
) -> Built {
    // The builder and the stages it is built FROM, root last.
    let mut chain = vec![stage];
    while let Some(Base::Stage(parent)) = input
        .model
        .stage(*chain.last().unwrap_or(&stage))
        .map(|it| &it.base)
    {
        if chain.contains(parent) {
            break;
        }
        chain.push(*parent);
    }
    let root = chain.last().and_then(|it| input.model.stage(*it));
    let root_entry = root
        .and_then(|it| it.base_image())
        .and_then(|it| images::lookup(it).entry());
    let root_name = root
        .and_then(|it| it.base_image())
        .map_or_else(|| "an unknown image".to_owned(), |it| it.familiar());
    let builder_label = input
        .model
        .stage(stage)
        .map_or_else(|| stage.to_string(), |it| it.label());
    let libc = root_entry.map_or(Libc::Varies, |it| it.libc());
    let mut compiler = root_entry.is_some_and(|it| {
        it.toolchain()
            .iter()
            .any(|tool| matches!(tool.as_str(), "gcc" | "g++" | "clang"))
    });
    let mut builds = Vec::new();
    for &index in chain.iter().rev() {
        let Some(stage) = input.model.stage(index) else {
            continue;
        };
        for idx in stage.instructions.clone() {
            let Some(instruction) = input.parse.instructions.get(idx) else {
                continue;
            };
            if instruction.kind != InstructionKind::Run {
                continue;
            }
            for run in run_scripts(input.text, instruction) {
                let commands = &run.script.commands;
                for (at, command) in commands.iter().enumerate() {
                    let effective = command.effective();
                    let name = effective.name().unwrap_or("");
                    let sub = effective.subcommand(&[]).map(|it| it.value.as_str());
                    let var = |name: &str| variable(input, idx, &commands[..at], command, name);
                    match (name, sub) {
                        ("apt-get" | "apt" | "apk", Some("install" | "add")) => {
                            let packages = [
                                "gcc",
                                "g++",
                                "clang",
                                "build-essential",
                                "build-base",
                                "musl-dev",
                            ];
                            if effective
                                .positionals(super::stage::APK_OPTIONS)
                                .iter()
                                .any(|it| packages.contains(&it.value.as_str()))
                            {
                                compiler = true;
                            }
                        }
                        ("go", Some("build" | "install")) => {
                            let ldflags_static = effective
                                .args()
                                .iter()
                                .any(|it| it.value.contains("-extldflags"))
                                && effective
                                    .args()
                                    .iter()
                                    .any(|it| it.value.contains("-static"));
                            let (static_, why) = match var("CGO_ENABLED").as_deref() {
                                Some("0") => (true, "built with CGO_ENABLED=0, so it is statically linked"),
                                Some(_) => (false, "built with cgo enabled, so it links the C library"),
                                None if ldflags_static => (true, "linked with -extldflags -static, so it is statically linked"),
                                None if compiler => (false, "built with a C compiler present, so cgo is on and it may link the C library"),
                                None => (true, "built without a C compiler, so Go (1.20 and later) turns cgo off and links it statically"),
                            };
                            builds.push(Build::Go { static_, why });
                        }
                        ("cargo", Some("build" | "install" | "zigbuild")) => {
                            let target = effective
                                .flag_value(None, &["target"])
                                .map(|it| it.value.to_owned())
                                .or_else(|| var("CARGO_BUILD_TARGET"));
                            let crt_static =
                                var("RUSTFLAGS").is_some_and(|it| it.contains("crt-static"));
                            let (static_, why) = match target {
                                Some(target) if target.contains("musl") => (true, "built for a musl target, which Rust links statically"),
                                _ if crt_static => (true, "built with +crt-static, so it is statically linked"),
                                None if libc == Libc::Musl => (true, "built on a musl builder, whose default (musl) target Rust links statically"),
                                _ => (false, "built for the gnu target, so it links glibc and libgcc_s"),
                            };
                            builds.push(Build::Rust { static_, why });
                        }
                        ("dotnet", Some("publish")) => {
                            let args: Vec<&str> = effective
                                .args()
                                .iter()
                                .map(|it| it.value.as_str())
                                .collect();
                            let self_contained = args.iter().any(|it| {
                                matches!(*it, "--self-contained" | "--sc")
                                    || it.contains("PublishAot=true")
                                    || it.contains("SelfContained=true")
                            });
                            let rid = effective
                                .flag_value(Some('r'), &["runtime"])
                                .map(|it| it.value.to_owned());
                            let musl = rid.as_deref().is_some_and(|it| it.contains("musl"));
                            builds.push(Build::Dotnet {
                                self_contained,
                                musl,
                            });
                        }
                        (
                            "gcc" | "cc" | "g++" | "c++" | "clang" | "clang++" | "make" | "cmake"
                            | "ninja",
                            _,
                        ) => builds.push(Build::C),
                        _ => {}
                    }
                }
            }
        }
    }
    let builder = format!("stage {builder_label} ({root_name}, {})", libc_name(libc));
    let dynamic = |libgcc: bool| match libc {
        Libc::Glibc => LibcNeed::Glibc { libgcc },
        Libc::Musl => LibcNeed::Musl,
        _ => LibcNeed::SameAs(old.libc()),
    };
    let native = |need: LibcNeed, why: String| Built::Native(Artifact { need, why });
    match builds.as_slice() {
        [] => native(
            LibcNeed::SameAs(old.libc()),
            format!("`{path}` comes from {builder}, where no build is recognised; it runs on {old_name} today, so it needs {}", libc_name(old.libc())),
        ),
        [Build::Dotnet { self_contained: false, .. }, ..] => Built::Runtime(Ecosystem::Dotnet),
        [Build::Dotnet { self_contained: true, musl }, ..] => native(
            if *musl { LibcNeed::Musl } else { LibcNeed::Glibc { libgcc: true } },
            format!("`{path}` is a self-contained .NET app from {builder}"),
        ),
        builds if builds.iter().all(|it| matches!(it, Build::Go { .. })) => {
            let dynamic_build = builds.iter().find_map(|it| match it {
                Build::Go { static_: false, why } => Some(*why),
                _ => None,
            });
            match dynamic_build {
                None => {
                    let why = builds.iter().find_map(|it| match it {
                        Build::Go { why, .. } => Some(*why),
                        _ => None,
                    });
                    native(LibcNeed::Static, format!("`{path}` is a Go binary from {builder}, {}", why.unwrap_or("")))
                }
                Some(why) => native(dynamic(false), format!("`{path}` is a Go binary from {builder}, {why}")),
            }
        }
        builds if builds.iter().all(|it| matches!(it, Build::Rust { .. })) => {
            let dynamic_build = builds.iter().find_map(|it| match it {
                Build::Rust { static_: false, why } => Some(*why),
                _ => None,
            });
            match dynamic_build {
                None => {
                    let why = builds.iter().find_map(|it| match it {
                        Build::Rust { why, .. } => Some(*why),
                        _ => None,
                    });
                    native(LibcNeed::Static, format!("`{path}` is a Rust binary from {builder}, {}", why.unwrap_or("")))
                }
                Some(why) => native(dynamic(true), format!("`{path}` is a Rust binary from {builder}, {why}")),
            }
        }
        _ => native(dynamic(true), format!("`{path}` is built in {builder}, so it needs that C library")),
    }
}

/// The value of `name` for `command`: its own assignments (`NAME=v cmd`,
/// `env NAME=v cmd`), an earlier `export NAME=v` or `NAME=v` in the same
/// script, or the stage's ENV/ARG.
fn variable(
    input: Input<'_>,
    idx: usize,
    earlier: &[Command],
    command: &Command,
    name: &str,
) -> Option<String> {
    let own = command
        .assignments
        .iter()
        .chain(&command.words)
        .find_map(|word| {
            word.assignment()
                .filter(|(key, _)| *key == name)
                .map(|it| it.1.to_owned())
        });
    if own.is_some() {
        return own;
    }
    for earlier in earlier.iter().rev() {
        let words: Box<dyn Iterator<Item = _>> = match earlier.name() {
            Some("export") => Box::new(earlier.words.iter().skip(1)),
            None => Box::new(earlier.assignments.iter()),
            _ => continue,
        };
        for word in words {
            if let Some((key, value)) = word.assignment() {
                if key == name {
                    return Some(value.to_owned());
                }
            }
        }
    }
    let scope = input.model.scope_at(idx);
    let def = input.model.defs.get(scope.lookup(name)?)?;
    def.value.clone()
}
