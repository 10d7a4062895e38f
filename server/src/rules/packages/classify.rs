//! Which package manager a command runs, and what it was asked to do:
//! program names, subcommands and the options whose value is the next word,
//! per package manager.

use crate::syntax::script::{Command, EffectiveCommand, ScriptWord};

/// A package-manager command with wrappers (`sudo`, `env`, ...) and
/// launchers (`python -m pip`, `uv pip`) stripped: `eff.words[0]` is the
/// package manager.
pub(super) struct Invocation<'a> {
    pub eff: EffectiveCommand<'a>,
    /// Options whose value is the next word, for this program.
    pub options: &'static [&'static str],
}

impl<'a> Invocation<'a> {
    /// The program word (`apt-get`, `pip`).
    pub fn program(&self) -> Option<&'a ScriptWord> {
        self.eff.words.first()
    }

    /// The first non-option argument: `install` in `apt-get -y install x`.
    pub fn sub(&self) -> Option<&'a ScriptWord> {
        self.eff.subcommand(self.options)
    }

    /// The subcommand's text, or "".
    pub fn sub_name(&self) -> &'a str {
        self.sub().map_or("", |it| it.value.as_str())
    }

    /// The non-option arguments after the subcommand.
    pub fn operands(&self) -> Vec<&'a ScriptWord> {
        self.eff.positionals(self.options)
    }

    pub fn has_flag(&self, short: &[char], long: &[&str]) -> bool {
        self.eff.has_flag(short, long)
    }

    /// Any argument equal to one of `words` (before a `--`).
    pub fn has_arg(&self, words: &[&str]) -> bool {
        self.eff
            .args()
            .iter()
            .take_while(|it| it.value != "--")
            .any(|it| words.contains(&it.value.as_str()))
    }
}

fn invocation<'a>(
    command: &'a Command,
    names: &[&str],
    options: &'static [&'static str],
) -> Option<Invocation<'a>> {
    let eff = command.effective();
    names
        .contains(&eff.name()?)
        .then_some(Invocation { eff, options })
}

/// Which apt front end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AptTool {
    AptGet,
    Apt,
}

const APT_OPTIONS: &[&str] = &[
    "-o",
    "--option",
    "-c",
    "--config-file",
    "-t",
    "--target-release",
    "--default-release",
    "-a",
    "--host-architecture",
    "-P",
    "--build-profiles",
];

/// `apt-get ...` or `apt ...`.
pub(super) fn apt(command: &Command) -> Option<(AptTool, Invocation<'_>)> {
    let inv = invocation(command, &["apt-get", "apt"], APT_OPTIONS)?;
    let tool = match inv.eff.name() {
        Some("apt") => AptTool::Apt,
        _ => AptTool::AptGet,
    };
    Some((tool, inv))
}

/// `apt-get install` / `apt install`.
pub(super) fn apt_install(command: &Command) -> Option<(AptTool, Invocation<'_>)> {
    apt(command).filter(|(_, inv)| inv.sub_name() == "install")
}

/// `apt-get update` / `apt update`: downloads the package lists.
pub(super) fn apt_update(command: &Command) -> Option<(AptTool, Invocation<'_>)> {
    apt(command).filter(|(_, inv)| inv.sub_name() == "update")
}

const PIP_OPTIONS: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-t",
    "--target",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--root",
    "--prefix",
    "--src",
    "--upgrade-strategy",
    "-C",
    "--config-settings",
    "--global-option",
    "--install-option",
    "--no-binary",
    "--only-binary",
    "--progress-bar",
    "--root-user-action",
    "--report",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--python",
    "--log",
    "--log-file",
    "--proxy",
    "--retries",
    "--timeout",
    "--exists-action",
    "--trusted-host",
    "--cert",
    "--client-cert",
    "--cache-dir",
    "--use-feature",
    "--use-deprecated",
    "--keyring-provider",
    "--group",
];

/// How pip was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PipTool {
    /// `pip`, `pip3`, `pip3.12`, `python -m pip`.
    Pip,
    /// `uv pip`: the same interface, its own cache.
    Uv,
}

fn is_pip(name: &str) -> bool {
    name.strip_prefix("pip")
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

fn is_python(name: &str) -> bool {
    name.strip_prefix("python")
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// `pip ...`, `pip3 ...`, `python3 -m pip ...`, `uv pip ...`.
pub(super) fn pip(command: &Command) -> Option<(PipTool, Invocation<'_>)> {
    let eff = command.effective();
    let name = eff.name()?;
    let words = eff.words;
    let (tool, skip) = if is_pip(name) {
        (PipTool::Pip, 0)
    } else if is_python(name)
        && words.get(1).is_some_and(|it| it.value == "-m")
        && words.get(2).is_some_and(|it| is_pip(&it.value))
    {
        (PipTool::Pip, 2)
    } else if name == "uv" && words.get(1).is_some_and(|it| it.value == "pip") {
        (PipTool::Uv, 1)
    } else {
        return None;
    };
    let eff = EffectiveCommand {
        words: words.get(skip..)?,
        wrapped_by: eff.wrapped_by,
    };
    Some((
        tool,
        Invocation {
            eff,
            options: PIP_OPTIONS,
        },
    ))
}

/// `pip install` (any launcher).
pub(super) fn pip_install(command: &Command) -> Option<(PipTool, Invocation<'_>)> {
    pip(command).filter(|(_, inv)| inv.sub_name() == "install")
}

const NPM_OPTIONS: &[&str] = &[
    "--prefix",
    "--registry",
    "--tag",
    "--omit",
    "--include",
    "-w",
    "--workspace",
    "--cache",
    "--userconfig",
    "--globalconfig",
    "--loglevel",
    "--install-strategy",
    "--before",
    "--location",
    "--node-options",
    "--script-shell",
    "--otp",
];

/// npm's spellings of `install`.
pub(super) const NPM_INSTALL: &[&str] = &[
    "install", "i", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal", "isntall",
    "add",
];

/// `npm ...`.
pub(super) fn npm(command: &Command) -> Option<Invocation<'_>> {
    invocation(command, &["npm"], NPM_OPTIONS)
}

const YARN_OPTIONS: &[&str] = &[
    "--cwd",
    "--cache-folder",
    "--modules-folder",
    "--global-folder",
    "--mutex",
    "--network-timeout",
    "--registry",
];

/// `yarn ...`.
pub(super) fn yarn(command: &Command) -> Option<Invocation<'_>> {
    invocation(command, &["yarn"], YARN_OPTIONS)
}

const APK_OPTIONS: &[&str] = &[
    "-t",
    "--virtual",
    "-X",
    "--repository",
    "--repositories-file",
    "-p",
    "--root",
    "--arch",
    "--cache-dir",
    "--keys-dir",
    "--cache-max-age",
    "--timeout",
];

/// `apk ...`.
pub(super) fn apk(command: &Command) -> Option<Invocation<'_>> {
    invocation(command, &["apk"], APK_OPTIONS)
}

const GEM_OPTIONS: &[&str] = &[
    "-v",
    "--version",
    "-i",
    "--install-dir",
    "-n",
    "--bindir",
    "--build-root",
    "-s",
    "--source",
    "-p",
    "--http-proxy",
    "-g",
    "--file",
    "--platform",
    "-P",
    "--trust-policy",
    "--without",
    "--document",
    "--target-rbconfig",
    "--config-file",
];

/// `gem ...`.
pub(super) fn gem(command: &Command) -> Option<Invocation<'_>> {
    invocation(command, &["gem"], GEM_OPTIONS)
}

const RPM_OPTIONS: &[&str] = &[
    "-c",
    "--config",
    "-d",
    "--debuglevel",
    "-e",
    "--errorlevel",
    "--installroot",
    "--enablerepo",
    "--disablerepo",
    "--repo",
    "--repoid",
    "-x",
    "--exclude",
    "--releasever",
    "--setopt",
    "--downloaddir",
    "--destdir",
    "--color",
    "--rpmverbosity",
    "-R",
    "--randomwait",
    "--disableexcludes",
    "--forcearch",
    "--repofrompath",
    "--setup-only",
    "--comment",
];

/// `yum ...`.
pub(super) fn yum(command: &Command) -> Option<Invocation<'_>> {
    invocation(command, &["yum"], RPM_OPTIONS)
}

/// Which dnf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DnfTool {
    Dnf,
    /// `microdnf`: never asks for confirmation (`-y` is accepted and ignored).
    Microdnf,
}

/// `dnf ...`, `dnf5 ...`, `microdnf ...`.
pub(super) fn dnf(command: &Command) -> Option<(DnfTool, Invocation<'_>)> {
    let inv = invocation(command, &["dnf", "dnf5", "dnf-3", "microdnf"], RPM_OPTIONS)?;
    let tool = match inv.eff.name() {
        Some("microdnf") => DnfTool::Microdnf,
        _ => DnfTool::Dnf,
    };
    Some((tool, inv))
}

/// For yum and dnf: the action, joining `module install` and `group
/// install` into one word, and the package operands after it.
pub(super) fn rpm_action<'a>(inv: &Invocation<'a>) -> (String, Vec<&'a ScriptWord>) {
    let sub = inv.sub_name();
    let operands = inv.operands();
    match sub {
        "module" | "group" | "groups" => match operands.split_first() {
            Some((action, rest)) => (format!("{sub} {}", action.value), rest.to_vec()),
            None => (sub.to_owned(), Vec::new()),
        },
        _ => (sub.to_owned(), operands),
    }
}

/// yum/dnf actions that download and may change packages: they ask
/// "Is this ok [y/N]" and fill the metadata and package caches.
pub(super) fn rpm_changes(action: &str) -> bool {
    matches!(
        action,
        "install"
            | "in"
            | "groupinstall"
            | "localinstall"
            | "reinstall"
            | "update"
            | "upgrade"
            | "update-to"
            | "upgrade-to"
            | "downgrade"
            | "distro-sync"
            | "distrosync"
            | "groupupdate"
            | "group install"
            | "group upgrade"
            | "group update"
            | "groups install"
            | "module install"
            | "module enable"
            | "module update"
            | "module switch-to"
            | "swap"
    )
}

/// yum/dnf actions that install the packages they name.
pub(super) fn rpm_installs(action: &str) -> bool {
    matches!(action, "install" | "in" | "localinstall" | "reinstall")
}

const ZYPPER_OPTIONS: &[&str] = &[
    "-c",
    "--config",
    "-D",
    "--reposd-dir",
    "-C",
    "--cache-dir",
    "--raw-cache-dir",
    "--solv-cache-dir",
    "--pkg-cache-dir",
    "-R",
    "--root",
    "--installroot",
    "-t",
    "--type",
    "-r",
    "--repo",
    "--from",
    "-p",
    "--plus-repo",
    "--plus-content",
    "--download",
];

/// `zypper ...`.
pub(super) fn zypper(command: &Command) -> Option<Invocation<'_>> {
    invocation(command, &["zypper"], ZYPPER_OPTIONS)
}

/// zypper's spellings of `install`.
pub(super) const ZYPPER_INSTALL: &[&str] = &["install", "in"];

const GO_OPTIONS: &[&str] = &[
    "-C",
    "-o",
    "-p",
    "-tags",
    "-ldflags",
    "-gcflags",
    "-asmflags",
    "-gccgoflags",
    "-mod",
    "-modfile",
    "-overlay",
    "-pkgdir",
    "-toolexec",
    "-buildmode",
    "-compiler",
    "-installsuffix",
    "-pgo",
    "-covermode",
    "-coverpkg",
];

/// `go ...`.
pub(super) fn go(command: &Command) -> Option<Invocation<'_>> {
    invocation(command, &["go"], GO_OPTIONS)
}
