//! The size model: what each stage weighs and why.
//!
//! A stage weighs its base (sizes from the knowledge base or the registry,
//! each with its source) plus what its instructions add: packages (measured
//! install sizes), package indexes and caches left behind, files duplicated
//! by `chmod`/`chown`, and copies whose size cannot be known statically. Every
//! figure is a range, and anything not estimable is flagged rather than
//! guessed. The final image is the stage that ships; builder stages are
//! reported but never counted in it.

use crate::{
    images::{self, Basis},
    syntax::{Instruction, InstructionKind, Parse, TextRange},
};

use super::{packages::packages, run_scripts, Base, Model};

/// Compressed ÷ on-disk for what instructions add (the knowledge base's
/// ratio for OS-like content; image-size-knowledge.md §0).
const LAYER_COMPRESSION: f64 = 0.40;

/// A size in decimal megabytes, as a range, with a flag for parts that
/// could not be estimated.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Estimate {
    pub low: f64,
    pub high: f64,
    /// Some part could not be estimated (files from the build context, an
    /// unknown package, a download).
    pub partial: bool,
    /// The figure rests on typical values rather than a measurement of this exact image.
    pub estimated: bool,
}

impl Estimate {
    pub fn exact(mb: f64) -> Estimate {
        Estimate {
            low: mb,
            high: mb,
            partial: false,
            estimated: false,
        }
    }

    pub fn typical(low: f64, high: f64) -> Estimate {
        Estimate {
            low,
            high,
            partial: false,
            estimated: true,
        }
    }

    /// Nothing can be said about the size.
    pub fn unknown() -> Estimate {
        Estimate {
            partial: true,
            estimated: true,
            ..Estimate::default()
        }
    }

    /// The single number to show: the middle of the range.
    pub fn best(&self) -> f64 {
        (self.low + self.high) / 2.0
    }

    pub fn scale(self, factor: f64) -> Estimate {
        Estimate {
            low: self.low * factor,
            high: self.high * factor,
            estimated: true,
            ..self
        }
    }
}

impl std::ops::Add for Estimate {
    type Output = Estimate;

    fn add(self, other: Estimate) -> Estimate {
        Estimate {
            low: self.low + other.low,
            high: self.high + other.high,
            partial: self.partial || other.partial,
            estimated: self.estimated || other.estimated,
        }
    }
}

/// What a stage is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageRole {
    /// The stage that is built and shipped.
    Ships,
    /// Needed by the shipped stage, but not in it.
    Builder,
    /// Not needed to build the shipped stage.
    Unused,
}

/// What a stage starts from.
#[derive(Debug, Clone)]
pub enum BaseSize {
    /// An image the knowledge base knows.
    Known {
        entry: &'static images::ImageEntry,
        download: Option<Estimate>,
        disk: Option<Estimate>,
    },
    /// An earlier stage: its whole size.
    Stage(usize),
    Scratch,
    /// An image nobody knows (or an invalid reference).
    Unknown,
}

/// Why an instruction adds what it adds.
#[derive(Debug, Clone, PartialEq)]
pub struct SizeItem {
    pub kind: ItemKind,
    /// What it is, for people: "build-essential (apt)".
    pub what: String,
    pub size: Estimate,
    /// Where in the source.
    pub range: TextRange,
    /// For duplicates: the instruction that first added the files.
    pub origin: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Package,
    /// Package indexes left behind (`/var/lib/apt/lists`, the apk index).
    PackageIndex,
    /// A download/build cache left behind (pip, npm, Go).
    Cache,
    /// Files from the build context or a URL.
    Copy,
    /// Files from another stage.
    CopyFromStage,
    /// Files already in an earlier layer, written again (`chmod`, `chown`).
    Duplicate,
    /// Inline content (heredoc).
    Inline,
}

/// What one instruction adds.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerSize {
    pub instruction: usize,
    pub items: Vec<SizeItem>,
    pub added: Estimate,
}

#[derive(Debug, Clone)]
pub struct StageSize {
    pub stage: usize,
    pub role: StageRole,
    pub base: BaseSize,
    /// Instructions that add files, in order.
    pub layers: Vec<LayerSize>,
    /// The whole stage on disk: base plus layers (`None` when the base is unknown).
    pub disk: Option<Estimate>,
    /// The whole stage as downloaded (compressed).
    pub download: Option<Estimate>,
}

/// Sizes of every stage and of the image that ships.
#[derive(Debug, Clone)]
pub struct SizeReport {
    pub stages: Vec<StageSize>,
    pub target: Option<usize>,
}

impl SizeReport {
    /// The shipped stage's size.
    pub fn final_size(&self) -> Option<&StageSize> {
        self.target.and_then(|it| self.stages.get(it))
    }

    /// What one instruction adds, if anything.
    pub fn layer(&self, instruction: usize) -> Option<&LayerSize> {
        self.stages
            .iter()
            .flat_map(|it| &it.layers)
            .find(|it| it.instruction == instruction)
    }
}

fn fact_estimate(fact: Option<&images::SizeFact>) -> Option<Estimate> {
    let fact = fact?;
    Some(Estimate {
        low: fact.mb,
        high: fact.mb,
        partial: false,
        estimated: !matches!(fact.basis, Basis::Measured),
    })
}

/// Estimates every stage of a modelled Dockerfile.
pub fn estimate(text: &str, parse: &Parse, model: &Model) -> SizeReport {
    let reachable = model.reachable();
    let mut stages: Vec<StageSize> = Vec::with_capacity(model.stages.len());
    for stage in &model.stages {
        let role = match (model.ships(stage.index), reachable.get(stage.index)) {
            (true, _) => StageRole::Ships,
            (false, Some(true)) => StageRole::Builder,
            _ => StageRole::Unused,
        };
        let base = match &stage.base {
            Base::Stage(parent) => BaseSize::Stage(*parent),
            Base::Scratch => BaseSize::Scratch,
            Base::Image(_) => match stage.base_image().and_then(|it| images::lookup(it).entry()) {
                Some(entry) => BaseSize::Known {
                    entry,
                    download: fact_estimate(entry.download.as_ref()),
                    disk: fact_estimate(entry.disk.as_ref()),
                },
                None => BaseSize::Unknown,
            },
            Base::Missing => BaseSize::Unknown,
        };
        let (base_disk, base_download) = match &base {
            BaseSize::Known { disk, download, .. } => (*disk, *download),
            BaseSize::Stage(parent) => stages
                .get(*parent)
                .map_or((None, None), |it| (it.disk, it.download)),
            BaseSize::Scratch => (Some(Estimate::exact(0.0)), Some(Estimate::exact(0.0))),
            BaseSize::Unknown => (None, None),
        };
        let mut layers = Vec::new();
        let mut copied: Vec<(String, usize)> = Vec::new();
        for idx in stage.instructions.clone().skip(1) {
            let Some(instruction) = parse.instructions.get(idx) else {
                continue;
            };
            let items = instruction_items(text, model, idx, instruction, &mut copied);
            if items.is_empty() {
                continue;
            }
            let added = items
                .iter()
                .fold(Estimate::exact(0.0), |acc, it| acc + it.size);
            layers.push(LayerSize {
                instruction: idx,
                items,
                added,
            });
        }
        let added = layers
            .iter()
            .fold(Estimate::exact(0.0), |acc, it| acc + it.added);
        stages.push(StageSize {
            stage: stage.index,
            role,
            base,
            disk: base_disk.map(|it| it + added),
            download: base_download.map(|it| it + added.scale(LAYER_COMPRESSION)),
            layers,
        });
    }
    SizeReport {
        stages,
        target: model.target,
    }
}

/// Options of the package managers that take a value, so package names are
/// not confused with option values.
const APT_OPTIONS: &[&str] = &["-o", "-t", "--target-release", "-c", "--config-file"];
const APK_OPTIONS: &[&str] = &["-X", "--repository", "-t", "--virtual", "--root", "-p"];

fn instruction_items(
    text: &str,
    model: &Model,
    idx: usize,
    instruction: &Instruction,
    copied: &mut Vec<(String, usize)>,
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
    copied: &mut Vec<(String, usize)>,
) -> Vec<SizeItem> {
    let values = instruction.args.values();
    let Some(((dest, _), sources)) = values.split_last() else {
        return Vec::new();
    };
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
        });
    }
    copied.push((dest, idx));
    items
}

fn run_items(
    text: &str,
    model: &Model,
    idx: usize,
    instruction: &Instruction,
    copied: &[(String, usize)],
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
                        let size = match table.apt(bare, recommends) {
                            Some(mb) => Estimate::typical(mb * 0.8, mb),
                            None => Estimate::unknown(),
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
                        });
                    }
                }
                ("apt-get" | "apt", Some("update"))
                    if !removes("/var/lib/apt/lists") && !mounted("/var/lib/apt/lists") =>
                {
                    let (mb, _) = table.apt_lists();
                    items.push(SizeItem {
                        kind: ItemKind::PackageIndex,
                        what: "apt package lists left in /var/lib/apt/lists".into(),
                        size: Estimate::typical(mb * 0.6, mb),
                        range,
                        origin: None,
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
                        let size = table.apk(bare).map_or_else(Estimate::unknown, |(mb, _)| {
                            Estimate::typical(mb * 0.8, mb)
                        });
                        items.push(SizeItem {
                            kind: ItemKind::Package,
                            what: format!("{bare} (apk)"),
                            size,
                            range: run.source_range(instruction, package.range),
                            origin: None,
                        });
                    }
                    let no_cache = effective.has_flag(&[], &["no-cache"]);
                    if !no_cache && !removes("/var/cache/apk") && !mounted("/var/cache/apk") {
                        items.push(SizeItem {
                            kind: ItemKind::PackageIndex,
                            what: "apk index and package cache in /var/cache/apk".into(),
                            size: Estimate::unknown(),
                            range,
                            origin: None,
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
                    });
                    if !no_cache && !mounted("/root/.cache/pip") && !mounted("/root/.cache") {
                        // ≈ 15–17 MB in measured cases (caronc/apprise#939).
                        items.push(SizeItem {
                            kind: ItemKind::Cache,
                            what: "pip's download cache in /root/.cache/pip".into(),
                            size: Estimate::typical(5.0, 17.0),
                            range,
                            origin: None,
                        });
                    }
                }
                ("npm" | "yarn" | "pnpm", Some("install" | "ci" | "add")) => items.push(SizeItem {
                    kind: ItemKind::Package,
                    what: format!("node_modules ({name})"),
                    size: Estimate::unknown(),
                    range,
                    origin: None,
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
                    });
                }
                ("chmod" | "chown", _) => {
                    for target in effective.positionals(&[]) {
                        let path = resolve(model.workdir_at(idx).unwrap_or("/"), &target.value);
                        if let Some((_, from)) = copied.iter().find(|(dest, _)| covers(dest, &path))
                        {
                            items.push(SizeItem {
                                kind: ItemKind::Duplicate,
                                what: format!("`{path}` copied again by {name} (first added by the instruction on line {})", from + 1),
                                size: Estimate::unknown(),
                                range: run.source_range(instruction, target.range),
                                origin: Some(*from),
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
    super::build::normalize_path(&joined)
}

/// True when `path` lies in what a copy to `dest` wrote.
fn covers(dest: &str, path: &str) -> bool {
    let dest = super::build::normalize_path(dest);
    let path = super::build::normalize_path(path);
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
            for field in super::build::split_csv(value) {
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
