//! Size hints for the editor: after each `FROM`, what the stage weighs and
//! whether it ships; after each instruction of the shipped image that adds
//! a known amount, that amount; and one lens with the final image's size.
//!
//! Builder stages get no figure in their hint: their size never reaches the
//! image, and a number there would read as if it did.

use crate::{
    model::{Base, BaseSize, StageRole, StageSize},
    syntax::TextRange,
};

use super::{
    hover::stage_label,
    sizes::{format_estimate, format_fact, is_unknown},
    Analysis,
};

/// A hint at the end of an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeHint {
    /// Where the hint goes: the end of the instruction.
    pub offset: usize,
    pub label: String,
    /// More detail, for clients that show tooltips.
    pub tooltip: Option<String>,
}

/// A lens above a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeLens {
    pub range: TextRange,
    pub title: String,
}

/// One hint per stage, after its `FROM`, and one per shipped instruction
/// that adds a known amount.
pub fn size_hints(analysis: &Analysis) -> Vec<SizeHint> {
    let model = analysis.model();
    let parse = analysis.parse();
    let report = analysis.size();
    let mut hints = Vec::new();
    for size in &report.stages {
        let Some(from) = model
            .stage(size.stage)
            .and_then(|it| parse.instructions.get(it.from))
        else {
            continue;
        };
        let ships_layers = model.ships_layers_of(size.stage);
        let disk = size.disk.map_or_else(
            || "size unknown".to_owned(),
            |it| format!("{} on disk", format_estimate(&it)),
        );
        let label = match size.role {
            StageRole::Ships => format!("{disk}, ships"),
            _ if ships_layers => {
                let child = model
                    .stages
                    .iter()
                    .find(|it| {
                        it.base == Base::Stage(size.stage) && model.ships_layers_of(it.index)
                    })
                    .map_or_else(|| "a later stage".to_owned(), stage_label);
                format!("{disk}, ships via {child}")
            }
            StageRole::Builder => "builder, not shipped".to_owned(),
            StageRole::Unused => "unused, not shipped".to_owned(),
        };
        let mut tooltip = base_tooltip(analysis, size);
        if !ships_layers {
            tooltip.push_str(&format!(
                "\nThe stage weighs {}; only what is copied out of it reaches the image.",
                size.disk.map_or_else(
                    || "an unknown amount".to_owned(),
                    |it| format!("{} on disk", format_estimate(&it))
                )
            ));
        }
        hints.push(SizeHint {
            offset: from.range.end(),
            label,
            tooltip: Some(tooltip),
        });
        if !ships_layers {
            continue;
        }
        for layer in &size.layers {
            let Some(instruction) = parse.instructions.get(layer.instruction) else {
                continue;
            };
            if is_unknown(&layer.added) || layer.added.high < 0.05 {
                continue;
            }
            let what: Vec<&str> = layer.items.iter().map(|it| it.what.as_str()).collect();
            hints.push(SizeHint {
                offset: instruction.range.end(),
                label: format!("adds {}", format_estimate(&layer.added)),
                tooltip: Some(format!(
                    "{} adds {} on disk: {}",
                    instruction.kind.keyword(),
                    format_estimate(&layer.added),
                    what.join("; ")
                )),
            });
        }
    }
    hints.sort_by_key(|it| it.offset);
    hints
}

/// What the stage starts from, for a tooltip.
fn base_tooltip(analysis: &Analysis, size: &StageSize) -> String {
    match &size.base {
        BaseSize::Known { entry, .. } => {
            let download = entry
                .download
                .as_ref()
                .map_or_else(|| "?".to_owned(), format_fact);
            let disk = entry
                .disk
                .as_ref()
                .map_or_else(|| "?".to_owned(), format_fact);
            format!(
                "Base: {} — {download} download, {disk} on disk (≈ estimated, no mark measured).",
                entry.title
            )
        }
        BaseSize::Stage(parent) => match analysis.model().stage(*parent) {
            Some(stage) => format!("Base: stage {}.", stage_label(stage)),
            None => "Base: an earlier stage.".to_owned(),
        },
        BaseSize::Scratch => "Base: scratch, empty.".to_owned(),
        BaseSize::Unknown => {
            "Base: not in docklens' knowledge base, so its size is unknown.".to_owned()
        }
    }
}

/// One lens on the `FROM` of the stage that ships, with the final image's size.
pub fn size_lenses(analysis: &Analysis) -> Vec<SizeLens> {
    let model = analysis.model();
    let report = analysis.size();
    let Some(size) = report.final_size() else {
        return Vec::new();
    };
    let Some(from) = model
        .stage(size.stage)
        .and_then(|it| analysis.parse().instructions.get(it.from))
    else {
        return Vec::new();
    };
    let mut title = match (size.disk, size.download) {
        (Some(disk), Some(download)) => format!(
            "final image {} on disk, {} download",
            format_estimate(&disk),
            format_estimate(&download)
        ),
        (Some(disk), None) => format!("final image {} on disk", format_estimate(&disk)),
        _ => {
            "final image size unknown: the base image is not in docklens' knowledge base".to_owned()
        }
    };
    let builders = report
        .stages
        .iter()
        .filter(|it| it.role != StageRole::Ships && !model.ships_layers_of(it.stage))
        .count();
    match builders {
        0 => {}
        1 => title.push_str(" (1 other stage not counted)"),
        n => title.push_str(&format!(" ({n} other stages not counted)")),
    }
    vec![SizeLens {
        range: from.keyword.range,
        title,
    }]
}
