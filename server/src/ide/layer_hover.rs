//! Hover on the body of a `RUN`, `COPY` or `ADD`: what the instruction
//! adds to the image and why, as far as the size model knows it (packages,
//! package lists and caches left behind, files stored twice, copies whose
//! size only the build knows). An instruction the model says nothing about
//! gets no hover.

use std::fmt::Write as _;

use crate::{
    model::{size, ItemKind, SizeItem},
    syntax::InstructionKind,
};

use super::{
    hover::{stage_label, HoverResult},
    sizes::{format_estimate, format_mb, is_unknown},
    Analysis,
};

/// The hover for top-level instruction `idx` at `offset`.
pub(super) fn layer_hover(analysis: &Analysis, idx: usize, offset: usize) -> Option<HoverResult> {
    let instruction = analysis.parse().instructions.get(idx)?;
    if !matches!(
        instruction.kind,
        InstructionKind::Run | InstructionKind::Copy | InstructionKind::Add
    ) {
        return None;
    }
    let layer = analysis.size().layer(idx)?;
    if layer.items.is_empty() {
        return None;
    }
    let model = analysis.model();
    let stage = model.stage(model.stage_of(idx)?)?;
    let mut md = format!(
        "**{}** adds {} on disk",
        instruction.kind.keyword(),
        format_estimate(&layer.added)
    );
    if model.ships_layers_of(stage.index) {
        let _ = write!(
            md,
            " to the image that ships (stage {})",
            stage_label(stage)
        );
    } else {
        let _ = write!(
            md,
            " to stage {}, which does not ship: it costs build time and cache space, not image size",
            stage_label(stage)
        );
    }
    md.push_str("\n\n");
    for item in &layer.items {
        let _ = writeln!(md, "- {}", item_line(analysis, item));
    }
    let bases: Vec<&str> = layer.items.iter().filter_map(|it| it.basis).collect();
    let mut seen: Vec<&str> = Vec::new();
    for basis in bases {
        if !seen.contains(&basis) {
            seen.push(basis);
        }
    }
    if !seen.is_empty() {
        let _ = write!(md, "\nSources: {}.", seen.join("; "));
    }
    let range = layer
        .items
        .iter()
        .map(|it| it.range)
        .find(|it| it.touches(offset))
        .unwrap_or(instruction.range);
    Some(HoverResult {
        range,
        markdown: md.trim_end().to_owned(),
    })
}

/// One item: what, how much, and why it is there.
fn item_line(analysis: &Analysis, item: &SizeItem) -> String {
    let amount = match is_unknown(&item.size) {
        true => "size unknown".to_owned(),
        false => format_estimate(&item.size),
    };
    let why = match item.kind {
        ItemKind::Package => {
            let mut why = "installed here".to_owned();
            if item.what.contains("with recommends") {
                let word = item.range.slice(analysis.text());
                if let Some(extra) = size::apt_recommends_extra(word).filter(|it| *it > 0.0) {
                    let _ = write!(
                        why,
                        ", including ≈ {} of recommended packages that `--no-install-recommends` leaves out (measured on Debian 12)",
                        format_mb(extra)
                    );
                } else {
                    why.push_str(", with its recommended packages (`--no-install-recommends` leaves them out)");
                }
            }
            why
        }
        ItemKind::PackageIndex => "the package index stays in this layer: nothing in this RUN removes it afterwards and no cache mount covers it (removing it in a later RUN does not shrink the image)".to_owned(),
        ItemKind::Cache => "a download or build cache stays in this layer: a `--mount=type=cache` or a cleanup in this same RUN keeps it out".to_owned(),
        ItemKind::Copy => "its size depends on what is there at build time".to_owned(),
        ItemKind::CopyFromStage => "as big as what that stage produced, known only after the build".to_owned(),
        ItemKind::Duplicate => "the files are stored a second time in this layer; `COPY --chmod`/`--chown` sets permissions and owner in the copy itself".to_owned(),
        ItemKind::Inline => "written from the Dockerfile itself".to_owned(),
    };
    format!("{}: **{amount}** — {why}", item.what)
}
