//! `DK2xxx`/`DK3xxx`: image size and runtime mistakes, judged only in the
//! stage that ships (builder stages never reach the image).

mod build_tools;
mod chmod_after_copy;
mod context_copy;
mod heavy_runtime;
mod missing_command_path;
mod toolchain;

use super::{Rule, RuleContext};
use crate::{
    images::{self, ImageEntry},
    model::{Base, Stage},
};

pub(super) static RULES: &[&Rule] = &[
    &toolchain::RULE,
    &heavy_runtime::RULE,
    &chmod_after_copy::RULE,
    &build_tools::RULE,
    &context_copy::RULE,
    &missing_command_path::RULE,
];

/// The stage that ships.
fn shipped<'a>(ctx: &RuleContext<'a>) -> Option<&'a Stage> {
    ctx.model.target_stage()
}

/// The image a stage ultimately starts from, following `FROM <stage>`.
fn root_stage<'a>(ctx: &RuleContext<'a>, stage: &'a Stage) -> &'a Stage {
    let mut current = stage;
    for _ in 0..ctx.model.stages.len() {
        match current.base {
            Base::Stage(parent) => match ctx.model.stages.get(parent) {
                Some(it) => current = it,
                None => break,
            },
            _ => break,
        }
    }
    current
}

/// The knowledge-base entry of the image a stage starts from.
fn base_entry(ctx: &RuleContext<'_>, stage: &Stage) -> Option<&'static ImageEntry> {
    let root = root_stage(ctx, stage);
    images::lookup(root.base_image()?).entry()
}

/// `241 MB`, `8.3 MB`, `0 MB`: written as everywhere else (`model::size`).
fn mb(value: f64) -> String {
    crate::model::size::format_mb(value)
}

/// "≈ 241 MB on disk, ≈ 75 MB download (estimated)".
fn entry_sizes(entry: &ImageEntry) -> Option<String> {
    let disk = entry.disk_mb()?;
    let mut res = format!("≈ {} on disk", mb(disk));
    if let Some(download) = entry.download_mb() {
        res.push_str(&format!(", ≈ {} download", mb(download)));
    }
    if entry.is_estimate() {
        res.push_str(", estimated");
    }
    Some(res)
}

/// The smallest runtime the knowledge base lists for an entry, with its size.
fn smallest_alternative(entry: &ImageEntry) -> Option<&'static ImageEntry> {
    entry
        .runtime_alternatives()
        .into_iter()
        .filter(|it| it.disk_mb().is_some())
        .min_by(|a, b| {
            a.disk_mb()
                .unwrap_or(f64::MAX)
                .total_cmp(&b.disk_mb().unwrap_or(f64::MAX))
        })
}

#[cfg(test)]
mod tests {
    use super::mb;

    #[test]
    fn formats_megabytes() {
        assert_eq!(mb(1110.0), "1,110 MB");
        assert_eq!(mb(241.4), "241 MB");
        assert_eq!(mb(8.3), "8.3 MB");
        assert_eq!(mb(0.0), "0 MB");
    }
}
