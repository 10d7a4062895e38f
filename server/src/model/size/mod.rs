//! The size model: what each stage weighs and why.
//!
//! A stage weighs its base (sizes from the knowledge base or the registry,
//! each with its source) plus what its instructions add: packages (measured
//! install sizes), package indexes and caches left behind, files duplicated
//! by `chmod`/`chown`, and copies whose size cannot be known statically. Every
//! figure is a range, and anything not estimable is flagged rather than
//! guessed. The final image is the stage that ships; builder stages are
//! reported but never counted in it.

mod figures;
mod items;

use crate::{
    images::{self, Basis},
    syntax::{Parse, TextRange},
};

use super::{Base, Model};

pub use figures::{
    apt_lists, apt_recommends_extra, Reported, APK_INDEX, APT_RECOMMENDS_SAVINGS,
    PIP_CACHE_SAVINGS, RPM_CACHE_SAVINGS, YARN_CACHE_SAVINGS, ZYPPER_CACHE,
};

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

    /// Nothing can be said about the size. Not `estimated`: there is no
    /// figure, so a measured base plus an unknown copy stays "measured + ?".
    pub fn unknown() -> Estimate {
        Estimate {
            partial: true,
            estimated: false,
            ..Estimate::default()
        }
    }

    /// The single number to show: the middle of the range.
    pub fn best(&self) -> f64 {
        (self.low + self.high) / 2.0
    }

    /// The figure times a typical ratio: an estimate, unless there is no
    /// figure to scale.
    pub fn scale(self, factor: f64) -> Estimate {
        Estimate {
            low: self.low * factor,
            high: self.high * factor,
            estimated: self.estimated || self.high > 0.0,
            ..self
        }
    }
}

impl Estimate {
    /// True when nothing at all is known about the size.
    pub fn is_unknown(&self) -> bool {
        self.partial && self.high <= 0.0
    }
}

/// Decimal megabytes, as Docker prints them: `1,110 MB`, `241 MB`, `8.3 MB`, `0 MB`.
pub fn format_mb(value: f64) -> String {
    if value <= 0.0 {
        "0 MB".to_owned()
    } else if value >= 999.5 {
        let whole = value.round() as u64;
        format!("{},{:03} MB", whole / 1000, whole % 1000)
    } else if value >= 9.95 {
        format!("{} MB", value.round())
    } else if value >= 0.05 {
        let tenths = (value * 10.0).round() as u64;
        match tenths % 10 {
            0 => format!("{} MB", tenths / 10),
            _ => format!("{value:.1} MB"),
        }
    } else {
        "< 0.1 MB".to_owned()
    }
}

/// How every size is written for people, in the editor, the CLI and
/// messages alike: no mark when measured (`241 MB`), `≈` when estimated, a
/// range when unsure (`≈ 19–32 MB`), `+ ?` when a part cannot be estimated
/// statically and `?` when nothing can.
impl std::fmt::Display for Estimate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_unknown() {
            return f.write_str("?");
        }
        let low = format_mb(self.low);
        let high = format_mb(self.high);
        if self.estimated {
            f.write_str("≈ ")?;
        }
        match low == high {
            true => f.write_str(&high)?,
            false => write!(f, "{}–{high}", low.trim_end_matches(" MB"))?,
        }
        if self.partial {
            f.write_str(" + ?")?;
        }
        Ok(())
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
    /// Where the figure comes from, when there is one.
    pub basis: Option<&'static str>,
    /// For leftovers (indexes, caches): the directory they stay in, so a
    /// later `rm` of it can be recognised as cleanup in the wrong layer.
    pub dir: Option<&'static str>,
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
        let mut copied = Vec::new();
        for idx in stage.instructions.clone().skip(1) {
            let Some(instruction) = parse.instructions.get(idx) else {
                continue;
            };
            let items = items::instruction_items(text, model, idx, instruction, &mut copied);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn megabytes() {
        assert_eq!(format_mb(1110.0), "1,110 MB");
        assert_eq!(format_mb(241.4), "241 MB");
        assert_eq!(format_mb(8.3), "8.3 MB");
        assert_eq!(format_mb(2.0), "2 MB");
        assert_eq!(format_mb(9.96), "10 MB");
        assert_eq!(format_mb(0.0), "0 MB");
        assert_eq!(format_mb(0.01), "< 0.1 MB");
    }

    #[test]
    fn estimates() {
        assert_eq!(Estimate::exact(241.4).to_string(), "241 MB");
        assert_eq!(Estimate::typical(19.2, 32.0).to_string(), "≈ 19–32 MB");
        assert_eq!(Estimate::typical(8.0, 8.0).to_string(), "≈ 8 MB");
        assert_eq!(Estimate::typical(2.0, 110.0).to_string(), "≈ 2–110 MB");
        assert_eq!(Estimate::unknown().to_string(), "?");
        let partial = Estimate::exact(8.3) + Estimate::unknown();
        assert_eq!(partial.to_string(), "8.3 MB + ?");
        let typical = Estimate::typical(19.2, 32.0) + Estimate::unknown();
        assert_eq!(typical.to_string(), "≈ 19–32 MB + ?");
        // Scaling a figure makes it an estimate; scaling nothing does not.
        assert_eq!(partial.scale(0.4).to_string(), "≈ 3.3 MB + ?");
        assert_eq!(Estimate::unknown().scale(0.4).to_string(), "?");
    }
}
