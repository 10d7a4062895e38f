//! What `RUN`s and `COPY`s leave in a layer (package lists, caches,
//! packages, copied and downloaded files) and which commands remove it, for
//! the later-layer cleanup rule.

use super::util::{self, Getopt};
use crate::{
    images::{Glob, PackageManager},
    model::RunScript,
    rules::RuleContext,
    syntax::{
        script::{Command, ScriptWord},
        Instruction, TextRange,
    },
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    AptLists,
    AptArchives,
    ApkCache,
    PipCache,
    NpmCache,
    YarnCache,
    GoBuildCache,
    GoModCache,
    DnfCache,
    AptPackages,
    ApkPackages,
    /// A `COPY`/`ADD` destination (file or directory).
    Copied,
    /// A downloaded file.
    Downloaded,
    /// A `git clone` checkout.
    Cloned,
    NodeModules,
}

impl Kind {
    /// Caches and lists nothing else writes into: a cleanup of a part of
    /// them still concerns them, and moving the cleanup is harmless.
    pub(super) fn is_cache(self) -> bool {
        matches!(
            self,
            Kind::AptLists
                | Kind::AptArchives
                | Kind::ApkCache
                | Kind::PipCache
                | Kind::NpmCache
                | Kind::YarnCache
                | Kind::GoBuildCache
                | Kind::GoModCache
                | Kind::DnfCache
        )
    }

    pub(super) fn what(self) -> &'static str {
        match self {
            Kind::AptLists => "the apt package lists",
            Kind::AptArchives => "the downloaded .deb files",
            Kind::ApkCache => "the apk index cache",
            Kind::PipCache => "the pip cache",
            Kind::NpmCache => "the npm cache",
            Kind::YarnCache => "the yarn cache",
            Kind::GoBuildCache => "the Go build cache",
            Kind::GoModCache => "the Go module cache",
            Kind::DnfCache => "the package manager cache",
            Kind::AptPackages | Kind::ApkPackages => "packages",
            Kind::Copied => "files",
            Kind::Downloaded => "a downloaded file",
            Kind::Cloned => "a git checkout",
            Kind::NodeModules => "node_modules",
        }
    }

    /// What the creating instruction did.
    pub(super) fn verb(self) -> &'static str {
        match self {
            Kind::AptPackages | Kind::ApkPackages | Kind::NodeModules => "installed",
            Kind::Copied => "copied",
            Kind::Downloaded => "downloaded",
            Kind::Cloned => "cloned",
            _ => "filled",
        }
    }

    pub(super) fn pronoun(self) -> &'static str {
        match self {
            Kind::AptLists | Kind::AptArchives | Kind::AptPackages | Kind::ApkPackages => "them",
            _ => "it",
        }
    }

    /// Commands that read or write what this kind is.
    pub(super) fn tools(self) -> &'static [&'static str] {
        match self {
            Kind::AptLists | Kind::AptArchives | Kind::AptPackages => &["apt-get", "apt", "dpkg"],
            Kind::ApkCache | Kind::ApkPackages => &["apk"],
            Kind::PipCache => &["pip", "pip3", "python", "python3"],
            Kind::NpmCache | Kind::NodeModules => &["npm", "npx", "node"],
            Kind::YarnCache => &["yarn"],
            Kind::GoBuildCache | Kind::GoModCache => &["go"],
            Kind::DnfCache => &["dnf", "yum", "microdnf", "rpm"],
            Kind::Copied | Kind::Downloaded | Kind::Cloned => &[],
        }
    }

    pub(super) fn cost(self) -> Option<&'static str> {
        match self {
            Kind::AptLists => Some("≈ 20–40 MB"),
            Kind::PipCache => Some("often 15 MB or more"),
            _ => None,
        }
    }
}

/// Something an instruction left in its layer.
#[derive(Debug, Clone)]
pub(super) struct Artifact {
    pub(super) kind: Kind,
    /// Absolute; may end in a glob; empty for packages.
    pub(super) path: String,
    /// Package names, for package kinds.
    pub(super) names: Vec<String>,
    pub(super) instruction: usize,
    /// What created it, in the source.
    pub(super) range: TextRange,
    /// `apt-get update`, `COPY`, ...
    pub(super) by: String,
}

/// What a cleanup removes.
#[derive(Debug, Clone)]
pub(super) enum Removal {
    /// An absolute path, maybe with a glob in its last component, and
    /// whether nothing before it in its `RUN` could have created files.
    Path(String, bool),
    Kind(Kind),
    Packages(Kind, Vec<String>),
}

/// A cleanup command, with what it removes and where to point.
pub(super) struct Cleanup {
    pub(super) removals: Vec<(Removal, TextRange)>,
}

/// Version-control and editor files a build step never produces: an `rm`
/// of these inside a copied tree removes what the `COPY` brought.
const CONTEXT_ONLY: &[&str] = &[
    ".git",
    ".svn",
    ".hg",
    ".github",
    ".gitlab",
    ".gitignore",
    ".gitattributes",
    ".gitmodules",
    ".dockerignore",
    ".idea",
    ".vscode",
];

/// Commands that write no files of their own.
pub(super) const READ_ONLY: &[&str] = &[
    "rm", "cd", "set", "echo", "printf", "true", ":", "ls", "test", "[", "rmdir", "unlink",
];

/// What a command needs to know about where it runs.
pub(super) struct Env<'a> {
    pub(super) ctx: &'a RuleContext<'a>,
    pub(super) idx: usize,
    pub(super) instruction: &'a Instruction,
    pub(super) run: &'a RunScript,
    pub(super) cwd: &'a str,
}

impl Env<'_> {
    pub(super) fn source(&self, range: TextRange) -> TextRange {
        self.run.source_range(self.instruction, range)
    }

    pub(super) fn artifact(
        &self,
        kind: Kind,
        path: String,
        range: TextRange,
        by: &str,
    ) -> Artifact {
        Artifact {
            kind,
            path,
            names: Vec::new(),
            instruction: self.idx,
            range: self.source(range),
            by: by.to_owned(),
        }
    }

    /// A path word made absolute: `~` and `$HOME` are root's home when
    /// the RUN runs as root; other expansions are unknown.
    pub(super) fn path(&self, word: &ScriptWord) -> Option<String> {
        let mut value = word.value.clone();
        for prefix in ["$HOME", "${HOME}", "~"] {
            if let Some(rest) = value.strip_prefix(prefix) {
                if rest.is_empty() || rest.starts_with('/') {
                    value = format!("{}{rest}", util::home(self.ctx, self.idx)?);
                }
                break;
            }
        }
        if value.contains('$') || value.contains('`') || value.is_empty() {
            return None;
        }
        Some(util::absolute(&value, self.cwd))
    }

    /// `${VAR}` from `ENV`/`ARG`, when set and not empty.
    pub(super) fn var(&self, name: &str) -> Option<String> {
        self.ctx
            .model
            .expand(self.ctx.parse, self.idx, &format!("${{{name}}}"))
            .ok()
            .filter(|it| !it.is_empty())
    }

    pub(super) fn cache_mounted(&self, dir: &str) -> bool {
        self.ctx.mounts_cache_over(self.idx, dir)
    }
}

/// How much of an artifact a removal takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cover {
    Whole,
    Part,
}

/// The artifacts `removal` removes (some of), taken out of `artifacts`
/// when they are gone entirely; `None` when it removes nothing there.
pub(super) fn take(
    artifacts: &mut Vec<Artifact>,
    removal: &Removal,
    eligible: impl Fn(&Artifact) -> bool,
) -> Option<Vec<Artifact>> {
    let mut hit = Vec::new();
    let mut kept = Vec::with_capacity(artifacts.len());
    for mut artifact in artifacts.drain(..) {
        match removes(removal, &artifact).filter(|_| eligible(&artifact)) {
            None => kept.push(artifact),
            Some(Cover::Part) => {
                if let Removal::Packages(_, names) = removal {
                    let mut matched = artifact.clone();
                    matched.names.retain(|it| names.contains(it));
                    artifact.names.retain(|it| !names.contains(it));
                    hit.push(matched);
                } else {
                    hit.push(artifact.clone());
                }
                kept.push(artifact);
            }
            Some(Cover::Whole) => hit.push(artifact),
        }
    }
    *artifacts = kept;
    (!hit.is_empty()).then_some(hit)
}

fn removes(removal: &Removal, artifact: &Artifact) -> Option<Cover> {
    match removal {
        Removal::Kind(kind) => (*kind == artifact.kind).then_some(Cover::Whole),
        Removal::Packages(kind, names) => {
            if *kind != artifact.kind || !names.iter().any(|it| artifact.names.contains(it)) {
                return None;
            }
            match artifact.names.iter().all(|it| names.contains(it)) {
                true => Some(Cover::Whole),
                false => Some(Cover::Part),
            }
        }
        Removal::Path(path, fresh) if !artifact.path.is_empty() => {
            removes_path(path, *fresh, artifact)
        }
        Removal::Path(..) => None,
    }
}

/// Whether `rm <path>` removes (some of) the artifact; `path` may have a
/// glob in its last component.
fn removes_path(path: &str, fresh: bool, artifact: &Artifact) -> Option<Cover> {
    let target = artifact.path.as_str();
    let (dir, pattern) = split_glob(path);
    let glob = pattern.as_deref().and_then(|it| Glob::new(it).ok());
    // The component of the artifact right below `dir`, if it is below it.
    let below = |dir: &str| {
        target
            .strip_prefix(dir)
            .and_then(|rest| match dir {
                "/" => Some(rest),
                _ => rest.strip_prefix('/'),
            })
            .and_then(|rest| rest.split('/').next())
            .filter(|it| !it.is_empty())
    };
    let whole = match &glob {
        // `rm -rf dir/*`: everything in `dir`, or the entries that match.
        Some(glob) => {
            (target == dir && pattern.as_deref() == Some("*"))
                || below(&dir).is_some_and(|it| glob.matches(it))
        }
        None => util::is_under(target, &dir),
    };
    if whole {
        return Some(Cover::Whole);
    }
    // Removing a part of it: caches are the package manager's alone; in a
    // copied tree, VCS and editor files can only come from the COPY, and so
    // can anything a RUN removes before it ran anything that writes files.
    if !util::is_under(&dir, target) {
        return None;
    }
    if artifact.kind.is_cache() {
        return Some(Cover::Part);
    }
    let rest = dir
        .get(target.len()..)
        .unwrap_or("")
        .trim_start_matches('/');
    let first = match rest.is_empty() {
        true => pattern.as_deref().unwrap_or(""),
        false => rest.split('/').next().unwrap_or(""),
    };
    let part = matches!(artifact.kind, Kind::Copied | Kind::Cloned)
        && (fresh || CONTEXT_ONLY.contains(&first));
    part.then_some(Cover::Part)
}

/// `/a/b/*.tgz` → (`/a/b`, Some(`*.tgz`)); globs only in the last component.
fn split_glob(path: &str) -> (String, Option<String>) {
    let name = util::basename(path);
    if name.contains(['*', '?', '[']) {
        (parent(path), Some(name.to_owned()))
    } else {
        (path.to_owned(), None)
    }
}

fn parent(path: &str) -> String {
    match path.trim_end_matches('/').rfind('/') {
        Some(0) | None => "/".to_owned(),
        Some(at) => path.get(..at).unwrap_or("/").to_owned(),
    }
}

/// The cleanup a command performs, if it is one.
pub(super) fn cleanup(env: &Env<'_>, command: &Command, fresh: bool) -> Option<Cleanup> {
    let name = util::name(command)?;
    let effective = command.effective();
    let args = effective.args();
    let whole = {
        let first = effective.words.first()?.range;
        let last = effective.words.last()?.range;
        env.source(first.cover(last))
    };
    let sub = |i: usize| positional(args, i);
    let kind = |kind| {
        Some(Cleanup {
            removals: vec![(Removal::Kind(kind), whole)],
        })
    };
    match name {
        "rm" => {
            let parsed = Getopt::parse(args, "", &[]);
            let removals: Vec<(Removal, TextRange)> = parsed
                .operands
                .iter()
                .filter_map(|word| {
                    let path = env.path(word)?;
                    (path != "/").then(|| (Removal::Path(path, fresh), env.source(word.range)))
                })
                .collect();
            (!removals.is_empty()).then_some(Cleanup { removals })
        }
        "apt-get" | "apt" => match sub(0)?.as_str() {
            "clean" | "autoclean" => kind(Kind::AptArchives),
            "purge" | "remove" => packages(env, args, Kind::AptPackages),
            _ => None,
        },
        "apk" => match sub(0)?.as_str() {
            "del" => packages(env, args, Kind::ApkPackages),
            "cache" if matches!(sub(1).as_deref(), Some("clean" | "purge")) => kind(Kind::ApkCache),
            _ => None,
        },
        "pip" | "pip3" => match (sub(0).as_deref(), sub(1).as_deref()) {
            (Some("cache"), Some("purge" | "remove")) => kind(Kind::PipCache),
            _ => None,
        },
        "python" | "python3" if is_python_pip(args) => {
            let rest = args.get(2..).unwrap_or(&[]);
            match (
                positional(rest, 0).as_deref(),
                positional(rest, 1).as_deref(),
            ) {
                (Some("cache"), Some("purge" | "remove")) => kind(Kind::PipCache),
                _ => None,
            }
        }
        "npm" => match (sub(0).as_deref(), sub(1).as_deref()) {
            (Some("cache"), Some("clean" | "rm" | "clear")) => kind(Kind::NpmCache),
            _ => None,
        },
        "yarn" => match (sub(0).as_deref(), sub(1).as_deref()) {
            (Some("cache"), Some("clean")) => kind(Kind::YarnCache),
            _ => None,
        },
        "go" if sub(0).as_deref() == Some("clean") => {
            let mut removals = Vec::new();
            for word in args {
                match word.value.as_str() {
                    "-cache" => removals.push((Removal::Kind(Kind::GoBuildCache), whole)),
                    "-modcache" => removals.push((Removal::Kind(Kind::GoModCache), whole)),
                    _ => {}
                }
            }
            (!removals.is_empty()).then_some(Cleanup { removals })
        }
        "dnf" | "yum" | "microdnf" if sub(0).as_deref() == Some("clean") => kind(Kind::DnfCache),
        _ => None,
    }
}

/// `apk del a b`, `apt-get purge -y a b`: the named packages.
fn packages(env: &Env<'_>, args: &[ScriptWord], kind: Kind) -> Option<Cleanup> {
    let names: Vec<&ScriptWord> = operands(args).into_iter().skip(1).collect();
    let first = names.first()?;
    let last = names.last()?;
    let range = env.source(first.range.cover(last.range));
    let names = names.iter().map(|it| package_name(&it.value)).collect();
    Some(Cleanup {
        removals: vec![(Removal::Packages(kind, names), range)],
    })
}

/// `curl=7.88.1`, `curl:amd64`, `curl>1` → `curl`.
fn package_name(spec: &str) -> String {
    spec.split(['=', ':', '<', '>', '~'])
        .next()
        .unwrap_or(spec)
        .to_owned()
}

/// Non-option words (option values of package managers are rare enough:
/// `--virtual .name` is handled where it matters).
fn operands(args: &[ScriptWord]) -> Vec<&ScriptWord> {
    args.iter()
        .filter(|it| !it.value.starts_with('-') && !it.has_expansion)
        .collect()
}

fn positional(args: &[ScriptWord], i: usize) -> Option<String> {
    operands(args).get(i).map(|it| it.value.clone())
}

fn is_python_pip(args: &[ScriptWord]) -> bool {
    matches!(
        (args.first(), args.get(1)),
        (Some(m), Some(pip)) if m.value == "-m" && pip.value == "pip"
    )
}

/// What a command leaves in the layer that a later cleanup might target.
pub(super) fn created(env: &Env<'_>, command: &Command) -> Vec<Artifact> {
    let mut res = Vec::new();
    let Some(name) = util::name(command) else {
        return res;
    };
    let effective = command.effective();
    let args = effective.args();
    let Some(name_word) = effective.words.first() else {
        return res;
    };
    let sub = positional(args, 0);
    let sub_word = operands(args).first().map(|it| it.range);
    let by_range = sub_word.map_or(name_word.range, |it| name_word.range.cover(it));
    let by = match &sub {
        Some(sub) => format!("{name} {sub}"),
        None => name.to_owned(),
    };
    let home = util::home(env.ctx, env.idx);
    let cache = |kind: Kind, dir: &str| {
        (!env.cache_mounted(dir)).then(|| env.artifact(kind, dir.to_owned(), by_range, &by))
    };
    match (name, sub.as_deref()) {
        ("apt-get" | "apt", Some("update")) => {
            res.extend(cache(Kind::AptLists, "/var/lib/apt/lists"))
        }
        ("apt-get" | "apt", Some("install" | "upgrade" | "dist-upgrade" | "full-upgrade")) => {
            // Debian and Ubuntu images delete downloaded packages themselves
            // (/etc/apt/apt.conf.d/docker-clean).
            if util::package_manager(env.ctx, env.idx) != Some(PackageManager::Apt) {
                res.extend(cache(Kind::AptArchives, "/var/cache/apt/archives"));
            }
            if sub.as_deref() == Some("install") {
                let names: Vec<String> = operands(args)
                    .into_iter()
                    .skip(1)
                    .map(|it| package_name(&it.value))
                    .collect();
                if !names.is_empty() {
                    let mut artifact =
                        env.artifact(Kind::AptPackages, String::new(), by_range, &by);
                    artifact.names = names;
                    res.push(artifact);
                }
            }
        }
        ("apk", Some("add")) => {
            let parsed = Getopt::parse(args, "tXp", &["virtual", "repository", "root"]);
            if !parsed.has(None, &["no-cache"]) {
                res.extend(cache(Kind::ApkCache, "/var/cache/apk"));
            }
            let mut names: Vec<String> = parsed
                .operands
                .iter()
                .skip(1)
                .map(|it| package_name(&it.value))
                .collect();
            if let Some(virtual_name) = parsed.get(Some('t'), &["virtual"]).and_then(|it| it.value)
            {
                names.push(virtual_name.to_owned());
            }
            let mut artifact = env.artifact(Kind::ApkPackages, String::new(), by_range, &by);
            artifact.names = names;
            res.push(artifact);
        }
        ("apk", Some("update")) => res.extend(cache(Kind::ApkCache, "/var/cache/apk")),
        ("pip" | "pip3", Some("install")) => {
            res.extend(
                pip_cache(env, command, args, home).and_then(|dir| cache(Kind::PipCache, &dir)),
            );
        }
        ("python" | "python3", _) if is_python_pip(args) => {
            let rest = args.get(2..).unwrap_or(&[]);
            if positional(rest, 0).as_deref() == Some("install") {
                res.extend(
                    pip_cache(env, command, rest, home).and_then(|dir| cache(Kind::PipCache, &dir)),
                );
            }
        }
        ("npm", Some("install" | "i" | "ci" | "add" | "update")) => {
            if let Some(home) = home {
                res.extend(cache(Kind::NpmCache, &format!("{home}/.npm")));
            }
            let modules = util::absolute("node_modules", env.cwd);
            res.push(env.artifact(Kind::NodeModules, modules, by_range, &by));
        }
        ("yarn", None | Some("install" | "add")) if home.is_some() => {
            res.extend(cache(Kind::YarnCache, "/usr/local/share/.cache/yarn"));
        }
        ("go", Some(sub))
            if matches!(sub, "build" | "install" | "test" | "run" | "get" | "mod") =>
        {
            let gopath = env
                .var("GOPATH")
                .or_else(|| home.map(|it| format!("{it}/go")));
            if matches!(sub, "build" | "install" | "test" | "run") {
                let cache_dir = env
                    .var("GOCACHE")
                    .or_else(|| home.map(|it| format!("{it}/.cache/go-build")));
                if let Some(dir) = cache_dir {
                    res.extend(cache(Kind::GoBuildCache, &dir));
                }
            }
            if let Some(gopath) = gopath {
                let modcache = env
                    .var("GOMODCACHE")
                    .unwrap_or_else(|| format!("{gopath}/pkg/mod"));
                res.extend(cache(Kind::GoModCache, &modcache));
            }
        }
        ("dnf" | "yum" | "microdnf", Some("install" | "update" | "upgrade" | "makecache")) => {
            let dir = match name {
                "dnf" => "/var/cache/dnf",
                _ => "/var/cache/yum",
            };
            res.extend(cache(Kind::DnfCache, dir));
        }
        ("curl", _) => {
            let parsed = Getopt::parse(args, "AbcCdDeEFHKmoQrtTuUwxXyYz", CURL_LONG_VALUES);
            if let Some(output) = parsed.get(Some('o'), &["output"]) {
                if let Some(path) = output.value_word.and_then(|it| env.path(it)) {
                    if output.value != Some("-") && output.value != Some("/dev/null") {
                        res.push(env.artifact(
                            Kind::Downloaded,
                            path,
                            output.value_word.map_or(name_word.range, |it| it.range),
                            "curl",
                        ));
                    }
                }
            } else if parsed.has(Some('O'), &["remote-name"]) {
                for url in parsed.operands.iter().filter(|it| it.value.contains("://")) {
                    if let Some(file) = url_file(&url.value) {
                        let path = util::absolute(file, env.cwd);
                        res.push(env.artifact(Kind::Downloaded, path, url.range, "curl"));
                    }
                }
            }
        }
        ("wget", _) => {
            let parsed = Getopt::parse(
                args,
                "aBeiloOPQtTUwDIXARn",
                &[
                    "output-document",
                    "directory-prefix",
                    "output-file",
                    "header",
                    "user-agent",
                ],
            );
            let urls: Vec<&&ScriptWord> = parsed
                .operands
                .iter()
                .filter(|it| it.value.contains("://"))
                .collect();
            if let Some(output) = parsed.get(Some('O'), &["output-document"]) {
                if let (Some(path), Some(word)) = (
                    output.value_word.and_then(|it| env.path(it)),
                    output.value_word,
                ) {
                    if output.value != Some("-") && output.value != Some("/dev/null") {
                        res.push(env.artifact(Kind::Downloaded, path, word.range, "wget"));
                    }
                }
            } else {
                let dir = parsed
                    .get(Some('P'), &["directory-prefix"])
                    .and_then(|it| it.value)
                    .map(|it| util::absolute(it, env.cwd))
                    .unwrap_or_else(|| env.cwd.to_owned());
                for url in urls {
                    if let Some(file) = url_file(&url.value) {
                        let path = util::absolute(file, &dir);
                        res.push(env.artifact(Kind::Downloaded, path, url.range, "wget"));
                    }
                }
            }
        }
        ("git", Some("clone")) => {
            let parsed = Getopt::parse(
                args,
                "bocj",
                &[
                    "branch",
                    "origin",
                    "depth",
                    "config",
                    "jobs",
                    "reference",
                    "template",
                ],
            );
            let mut rest = parsed.operands.iter().skip(1);
            if let Some(url) = rest.next() {
                let dir = match rest.next() {
                    Some(dir) => env.path(dir),
                    None => url_file(&url.value)
                        .map(|it| it.trim_end_matches(".git"))
                        .filter(|it| !it.is_empty())
                        .map(|it| util::absolute(it, env.cwd)),
                };
                if let Some(dir) = dir {
                    res.push(env.artifact(Kind::Cloned, dir, by_range, "git clone"));
                }
            }
        }
        _ => {}
    }
    res
}

const CURL_LONG_VALUES: &[&str] = &[
    "output",
    "user-agent",
    "header",
    "data",
    "data-binary",
    "data-raw",
    "cookie",
    "cookie-jar",
    "continue-at",
    "dump-header",
    "referer",
    "form",
    "config",
    "max-time",
    "range",
    "upload-file",
    "user",
    "proxy-user",
    "write-out",
    "proxy",
    "request",
    "retry",
    "connect-timeout",
    "output-dir",
    "cacert",
    "cert",
];

/// The pip cache directory `pip install` fills, unless caching is off.
fn pip_cache(
    env: &Env<'_>,
    command: &Command,
    args: &[ScriptWord],
    home: Option<&str>,
) -> Option<String> {
    let no_cache = args.iter().any(|it| it.value == "--no-cache-dir")
        || command
            .assignments
            .iter()
            .any(|it| it.value.starts_with("PIP_NO_CACHE_DIR="))
        || env.var("PIP_NO_CACHE_DIR").is_some();
    if no_cache {
        return None;
    }
    env.var("PIP_CACHE_DIR")
        .or_else(|| home.map(|it| format!("{it}/.cache/pip")))
}

/// The file name a URL downloads to: its last path component.
fn url_file(url: &str) -> Option<&str> {
    let path = url.split(['?', '#']).next()?;
    let after_scheme = path.split_once("://").map_or(path, |(_, rest)| rest);
    let (_, path) = after_scheme.split_once('/')?;
    let name = util::basename(path);
    (!name.is_empty() && !name.contains('$')).then_some(name)
}
