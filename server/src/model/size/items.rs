//! What each instruction adds: packages, leftovers, copies, duplicates.

use crate::syntax::{Instruction, InstructionKind};

use super::{
    super::{
        build,
        packages::{packages, APT_SOURCE},
        run_scripts, Model,
    },
    figures::{apt_lists, APK_INDEX, PIP_CACHE_SAVINGS},
    Estimate, ItemKind, SizeItem,
};

const APT_LISTS: &str = "/var/lib/apt/lists";
const PIP_CACHE: &str = "/root/.cache/pip";

/// Options of the package managers that take a value, so package names are
/// not confused with option values.
const APT_OPTIONS: &[&str] = &["-o", "-t", "--target-release", "-c", "--config-file"];
const APK_OPTIONS: &[&str] = &["-X", "--repository", "-t", "--virtual", "--root", "-p"];

/// Where a `COPY`/`ADD` wrote, so a later `chmod` of it is seen as a duplicate.
pub(super) struct Copied {
    dest: String,
    instruction: usize,
    keyword: &'static str,
    /// 1-based line of the instruction, for messages.
    line: usize,
}

pub(super) fn instruction_items(
    text: &str,
    model: &Model,
    idx: usize,
    instruction: &Instruction,
    copied: &mut Vec<Copied>,
) -> Vec<SizeItem> {
    match instruction.kind {
        InstructionKind::Run => run_items(text, model, idx, instruction, copied),
        InstructionKind::Copy | InstructionKind::Add => copy_items(model, idx, instruction, copied),
        _ => Vec::new(),
    }
}

fn copy_items(
    model: &Model,
    idx: usize,
    instruction: &Instruction,
    copied: &mut Vec<Copied>,
) -> Vec<SizeItem> {
    let values = instruction.args.values();
    let Some(((dest, _), sources)) = values.split_last() else {
        return Vec::new();
    };
    // A lone argument is a source without a destination: BuildKit rejects
    // it, and nothing is written anywhere.
    if sources.is_empty() {
        return Vec::new();
    }
    let workdir = model.workdir_at(idx).unwrap_or("/");
    let dest = if dest.starts_with('/') {
        (*dest).to_owned()
    } else {
        format!("{}/{dest}", workdir.trim_end_matches('/'))
    };
    let from_stage = instruction.flag("from").and_then(|it| it.value.clone());
    let mut items = Vec::new();
    for (source, range) in sources {
        let heredoc = instruction.heredocs.iter().find(|it| it.marker == *range);
        let (kind, what, size) = match (heredoc, &from_stage) {
            (Some(heredoc), _) => (
                ItemKind::Inline,
                format!("inline file `{}`", heredoc.name),
                Estimate::exact(heredoc.body.len() as f64 / 1e6),
            ),
            (None, Some(stage)) => (
                ItemKind::CopyFromStage,
                format!("`{source}` from stage `{stage}`"),
                Estimate::unknown(),
            ),
            (None, None) if source.contains("://") => (
                ItemKind::Copy,
                format!("download `{source}`"),
                Estimate::unknown(),
            ),
            (None, None) => (
                ItemKind::Copy,
                format!("`{source}` from the build context"),
                Estimate::unknown(),
            ),
        };
        items.push(SizeItem {
            kind,
            what,
            size,
            range: *range,
            origin: None,
            basis: None,
            dir: None,
        });
    }
    copied.push(Copied {
        dest,
        instruction: idx,
        keyword: instruction.kind.keyword(),
        line: instruction.start_line + 1,
    });
    items
}

fn run_items(
    text: &str,
    model: &Model,
    idx: usize,
    instruction: &Instruction,
    copied: &[Copied],
) -> Vec<SizeItem> {
    let table = packages();
    let mut items = Vec::new();
    let mounted = |dir: &str| mounts_cache_over(instruction, dir);
    for run in run_scripts(text, instruction) {
        let removes = |needle: &str| {
            run.script.commands.iter().any(|command| {
                let effective = command.effective();
                effective.name() == Some("rm")
                    && effective.args().iter().any(|it| {
                        it.value
                            .trim_end_matches('*')
                            .trim_end_matches('/')
                            .starts_with(needle)
                    })
            })
        };
        for command in &run.script.commands {
            let effective = command.effective();
            let range = run.source_range(instruction, command.range);
            let name = effective.name().unwrap_or("");
            let sub = effective
                .subcommand(APT_OPTIONS)
                .map(|it| it.value.as_str());
            match (name, sub) {
                ("apt-get" | "apt", Some("install")) => {
                    let recommends = !effective.has_flag(&[], &["no-install-recommends"]);
                    for package in effective.positionals(APT_OPTIONS) {
                        let bare = package.value.split(['=', '/']).next().unwrap_or("");
                        let (size, basis) = match table.apt(bare, recommends) {
                            Some(mb) => (Estimate::typical(mb * 0.8, mb), Some(APT_SOURCE)),
                            None => (Estimate::unknown(), None),
                        };
                        items.push(SizeItem {
                            kind: ItemKind::Package,
                            what: format!(
                                "{bare} (apt{})",
                                if recommends { ", with recommends" } else { "" }
                            ),
                            size,
                            range: run.source_range(instruction, package.range),
                            origin: None,
                            basis,
                            dir: None,
                        });
                    }
                }
                ("apt-get" | "apt", Some("update"))
                    if !removes(APT_LISTS) && !mounted(APT_LISTS) =>
                {
                    let (size, basis) = apt_lists();
                    items.push(SizeItem {
                        kind: ItemKind::PackageIndex,
                        what: "apt package lists left in /var/lib/apt/lists".into(),
                        size,
                        range,
                        origin: None,
                        basis: Some(basis),
                        dir: Some(APT_LISTS),
                    });
                }
                ("apk", _)
                    if effective
                        .subcommand(APK_OPTIONS)
                        .is_some_and(|it| it.value == "add") =>
                {
                    for package in effective.positionals(APK_OPTIONS) {
                        let bare = package
                            .value
                            .split(['=', '>', '<', '~'])
                            .next()
                            .unwrap_or("");
                        let (size, basis) = match table.apk(bare) {
                            Some((mb, source)) => (Estimate::typical(mb * 0.8, mb), Some(source)),
                            None => (Estimate::unknown(), None),
                        };
                        items.push(SizeItem {
                            kind: ItemKind::Package,
                            what: format!("{bare} (apk)"),
                            size,
                            range: run.source_range(instruction, package.range),
                            origin: None,
                            basis,
                            dir: None,
                        });
                    }
                    let no_cache = effective.has_flag(&[], &["no-cache"]);
                    if !no_cache && !removes("/var/cache/apk") && !mounted("/var/cache/apk") {
                        items.push(SizeItem {
                            kind: ItemKind::PackageIndex,
                            what: "apk index in /var/cache/apk".into(),
                            size: APK_INDEX.estimate(),
                            range,
                            origin: None,
                            basis: Some(APK_INDEX.source),
                            dir: Some("/var/cache/apk"),
                        });
                    }
                }
                ("pip" | "pip3", Some("install")) => {
                    let no_cache = effective.has_flag(&[], &["no-cache-dir"])
                        || model.scope_at(idx).lookup("PIP_NO_CACHE_DIR").is_some();
                    items.push(SizeItem {
                        kind: ItemKind::Package,
                        what: "Python packages (pip)".into(),
                        size: Estimate::unknown(),
                        range,
                        origin: None,
                        basis: None,
                        dir: None,
                    });
                    if !no_cache && !mounted(PIP_CACHE) && !mounted("/root/.cache") {
                        items.push(SizeItem {
                            kind: ItemKind::Cache,
                            what: "pip's download cache in /root/.cache/pip".into(),
                            size: PIP_CACHE_SAVINGS.estimate(),
                            range,
                            origin: None,
                            basis: Some(PIP_CACHE_SAVINGS.source),
                            dir: Some(PIP_CACHE),
                        });
                    }
                }
                ("npm" | "yarn" | "pnpm", Some("install" | "ci" | "add")) => items.push(SizeItem {
                    kind: ItemKind::Package,
                    what: format!("node_modules ({name})"),
                    size: Estimate::unknown(),
                    range,
                    origin: None,
                    basis: None,
                    dir: None,
                }),
                ("go", Some("build" | "install" | "mod"))
                    if !mounted("/root/.cache/go-build") && !mounted("/root/.cache") =>
                {
                    items.push(SizeItem {
                        kind: ItemKind::Cache,
                        what: "Go build and module caches (/root/.cache/go-build, /go/pkg/mod)"
                            .into(),
                        size: Estimate::unknown(),
                        range,
                        origin: None,
                        basis: None,
                        dir: Some("/root/.cache/go-build"),
                    });
                }
                ("chmod" | "chown", _) => {
                    for target in effective.positionals(&[]) {
                        let path = resolve(model.workdir_at(idx).unwrap_or("/"), &target.value);
                        // The latest copy over the path is the one stored again.
                        if let Some(from) = copied.iter().rev().find(|it| covers(&it.dest, &path)) {
                            items.push(SizeItem {
                                kind: ItemKind::Duplicate,
                                what: format!(
                                    "`{path}` stored again by {name} (added by the {} on line {})",
                                    from.keyword, from.line
                                ),
                                size: Estimate::unknown(),
                                range: run.source_range(instruction, target.range),
                                origin: Some(from.instruction),
                                basis: None,
                                dir: None,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
    }
    items
}

/// `path` as an absolute path, relative ones resolved against `workdir`.
fn resolve(workdir: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("{}/{path}", workdir.trim_end_matches('/'))
    };
    build::normalize_path(&joined)
}

/// True when `path` lies in what a copy to `dest` wrote.
fn covers(dest: &str, path: &str) -> bool {
    let dest = build::normalize_path(dest);
    let path = build::normalize_path(path);
    path == dest
        || path.starts_with(&format!("{}/", dest.trim_end_matches('/')))
        || dest.ends_with('/') && path.starts_with(&dest)
        || dest.starts_with(&format!("{}/", path.trim_end_matches('/')))
}

fn mounts_cache_over(instruction: &Instruction, dir: &str) -> bool {
    instruction
        .flags
        .iter()
        .filter(|it| it.name == "mount")
        .any(|flag| {
            let value = flag.value.as_deref().unwrap_or("");
            let mut kind = "bind";
            let mut target = "";
            for field in build::split_csv(value) {
                let (key, val) = field.split_once('=').unwrap_or((field, ""));
                match key.to_ascii_lowercase().as_str() {
                    "type" => kind = val,
                    "target" | "dst" | "destination" => target = val,
                    _ => {}
                }
            }
            let target = target.trim_end_matches('/');
            matches!(kind, "cache" | "tmpfs")
                && !target.is_empty()
                && (dir == target || dir.starts_with(&format!("{target}/")))
        })
}
