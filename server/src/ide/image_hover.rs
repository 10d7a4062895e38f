//! Hover on a `FROM` image reference: what the image is and weighs (always
//! saying "download" or "on disk", measured or estimated, and from which
//! source and date), its libc, shell, package manager and defaults, whether
//! the stage ships, and what smaller bases would save.
//!
//! An image the knowledge base does not describe is called unknown, with
//! nothing guessed. References with variables are shown as the model
//! resolved them.

use std::fmt::Write as _;

use crate::{
    actions::{self, Assist},
    images::{
        self, Ecosystem, How, ImageEntry, Libc, Match, PackageManager, Role, SizeFact, TagSource,
    },
    model::{Base, Stage},
    syntax::TextRange,
};

use super::{
    hover::{stage_label, HoverResult},
    sizes::{self, format_estimate, format_fact, format_mb},
    Analysis,
};

/// Width of the bars in the alternatives chart, in cells.
const BAR_WIDTH: usize = 20;

/// The hover for the image reference of a `FROM` at `offset`, if there is one.
pub(super) fn image_hover(analysis: &Analysis, offset: usize) -> Option<HoverResult> {
    let model = analysis.model();
    let parse = analysis.parse();
    let (stage, range) = model.stages.iter().find_map(|stage| {
        let range = match &stage.base {
            Base::Image(image) => image.expanded.range,
            Base::Scratch => {
                parse
                    .instructions
                    .get(stage.from)?
                    .args
                    .words()
                    .first()?
                    .range
            }
            Base::Stage(_) | Base::Missing => return None,
        };
        range.touches(offset).then_some((stage, range))
    })?;
    Some(HoverResult {
        range,
        markdown: render(analysis, stage, range),
    })
}

fn render(analysis: &Analysis, stage: &Stage, range: TextRange) -> String {
    let model = analysis.model();
    let mut md = String::new();
    let written = range.slice(analysis.text());
    let (resolved, reference) = match &stage.base {
        Base::Image(image) => (
            image.expanded.value_or_raw().to_owned(),
            image.reference.clone(),
        ),
        _ => ("scratch".to_owned(), Ok(images::ImageRef::scratch())),
    };
    let matched = reference.as_ref().ok().map(images::lookup);
    let entry = matched.as_ref().and_then(Match::entry);
    match entry {
        Some(entry) => {
            let _ = write!(md, "**`{resolved}`** — {}", entry.title);
            if entry.deprecated {
                md.push_str(" · **deprecated**");
            }
        }
        None => {
            let _ = write!(md, "**`{resolved}`** — unknown image");
        }
    }
    if written != resolved {
        let _ = write!(
            md,
            "\n\n`{written}` resolves to `{resolved}` with the ARG values in effect."
        );
    }
    md.push_str("\n\n");
    match (&reference, entry) {
        (Err(err), _) => {
            let _ = write!(
                md,
                "Not a valid image reference ({err}): nothing is known about it."
            );
        }
        (Ok(_), None) => md.push_str(
            "docklens' knowledge base does not describe this image: its size, libc, shell, package manager and defaults are unknown. The stage is assumed to start in `/` as `root`, Docker's defaults.",
        ),
        (Ok(image), Some(entry)) => {
            describe(&mut md, entry, image.tag_or_latest());
            if let Some(Match::Known(hit)) = matched {
                qualify(&mut md, hit.how);
            }
        }
    }
    md.push_str("\n\n");
    shipping(&mut md, analysis, stage);
    if let Some(entry) = entry.filter(|_| model.ships(stage.index)) {
        alternatives(&mut md, analysis, stage, entry, &resolved);
    }
    if let Some(notes) = entry.and_then(|it| it.notes.as_deref()) {
        let _ = write!(md, "\n\n{notes}");
    }
    if let Some(entry) = entry {
        sources(&mut md, entry);
    }
    md
}

/// Kind, sizes, libc, shell, package manager and defaults.
fn describe(md: &mut String, entry: &ImageEntry, tag: &str) {
    md.push_str(&role_text(entry));
    md.push_str("\n\n");
    let _ = writeln!(md, "- Download: {}", fact_line(entry.download.as_ref()));
    let _ = writeln!(md, "- On disk: {}", fact_line(entry.disk.as_ref()));
    let shell = match entry.has_shell(tag) {
        true => "yes",
        false => "none",
    };
    let _ = writeln!(
        md,
        "- libc: {} · shell: {shell} · package manager: {}",
        libc_name(entry.libc()),
        package_manager_name(entry.package_manager)
    );
    let config = entry.config_for(tag);
    let _ = write!(
        md,
        "- Starts in WORKDIR `{}` as USER `{}`",
        config.workdir, config.user
    );
    if !entry.config.verified {
        md.push_str(" (typical for the image, not checked against its build files)");
    }
}

fn role_text(entry: &ImageEntry) -> String {
    match entry.role() {
        Role::Empty => "An empty image: no files, no shell, no libc.".to_owned(),
        Role::MinimalBase => {
            "A minimal base: no package manager and no distribution userland.".to_owned()
        }
        Role::OsBase => "A Linux distribution base.".to_owned(),
        Role::Sdk => {
            let tools: Vec<String> = entry
                .toolchain()
                .iter()
                .map(|it| format!("`{it}`"))
                .collect();
            let tools = match tools.is_empty() {
                true => String::new(),
                false => format!(" ({})", tools.join(", ")),
            };
            format!("An SDK image: compilers and build tools{tools}. It belongs in a builder stage, not in the image that ships.")
        }
        Role::LanguageRuntime => match entry.ecosystem {
            Some(ecosystem) => format!(
                "A {} runtime: runs {0} code, not meant to build it.",
                ecosystem_name(ecosystem)
            ),
            None => "A language runtime.".to_owned(),
        },
        Role::Service => "A server image.".to_owned(),
    }
}

/// `75.2 MB (measured for tag 1-alpine, 2026-09-01)`, or "unknown".
fn fact_line(fact: Option<&SizeFact>) -> String {
    let Some(fact) = fact else {
        return "unknown (no source gave a figure)".to_owned();
    };
    let mut res = format!(
        "**{}** ({}",
        format_fact(fact),
        sizes::basis_label(fact.basis)
    );
    if let Some(tag) = &fact.measured_tag {
        let _ = write!(res, " for `{tag}`");
    }
    let _ = write!(res, ", {})", fact.as_of);
    res
}

/// How the reference reached the entry, when that changes what the numbers mean.
fn qualify(md: &mut String, how: How<'_>) {
    let How::Pattern { tag, mirror, .. } = how else {
        return;
    };
    match tag {
        TagSource::ImplicitLatest => md.push_str("\n\nNo tag: Docker pulls `latest`, whatever it is at build time; the figures are for the tag measured."),
        TagSource::DigestOnly => md.push_str("\n\nPinned by digest only: the figures are for the image family, not this digest."),
        TagSource::Explicit => {}
    }
    if let Some(mirror) = mirror {
        let _ = write!(
            md,
            "\n\nRead through the Docker Hub mirror `{mirror}`: the same image as on Docker Hub."
        );
    }
}

/// Whether the stage ships, and if not, which one does.
fn shipping(md: &mut String, analysis: &Analysis, stage: &Stage) {
    let model = analysis.model();
    let report = analysis.size();
    let index = stage.index;
    let target = model.target_stage();
    let target_text = target.map_or_else(String::new, |it| describe_stage(analysis, it));
    if model.ships(index) {
        md.push_str("**Ships**: this stage is the image the build produces.");
        if let Some(disk) = report.stages.get(index).and_then(|it| it.disk) {
            let _ = write!(
                md,
                " With what its instructions add: {} on disk",
                format_estimate(&disk)
            );
            if let Some(download) = report.stages.get(index).and_then(|it| it.download) {
                let _ = write!(md, ", {} download", format_estimate(&download));
            }
            md.push('.');
            if disk.partial {
                md.push_str(" `?` is what cannot be known before the build (files from the context or another stage, caches).");
            }
        }
    } else if model.ships_layers_of(index) {
        let _ = write!(
            md,
            "**Ships through {target_text}**: the stage that ships is built `FROM` this one, so its layers are in the image."
        );
    } else if model.reachable().get(index).copied().unwrap_or(false) {
        let size = report
            .stages
            .get(index)
            .and_then(|it| it.disk)
            .map_or_else(String::new, |it| {
                format!(" ({} on disk)", format_estimate(&it))
            });
        let _ = write!(
            md,
            "**Builder stage**: does not ship, so its size{size} is not in the image; {target_text} ships instead, and only what it copies out of this stage reaches the image."
        );
    } else {
        let _ = write!(
            md,
            "**Not needed**: {target_text} (the stage that ships) does not use this stage; BuildKit skips it unless it is built with `--target`."
        );
    }
}

/// "stage `runtime` (line 7, `alpine`)".
fn describe_stage(analysis: &Analysis, stage: &Stage) -> String {
    let line = analysis
        .parse()
        .instructions
        .get(stage.from)
        .map_or(0, |it| it.start_line + 1);
    let base = match &stage.base {
        Base::Image(image) => format!(", `{}`", image.expanded.value_or_raw()),
        Base::Scratch => ", `scratch`".to_owned(),
        _ => String::new(),
    };
    format!("stage {} (line {line}{base})", stage_label(stage))
}

/// One bar of the chart.
struct Bar {
    name: String,
    disk: f64,
    /// Download saving, when both downloads are known.
    download_saving: Option<f64>,
    estimated: bool,
    note: Option<&'static str>,
}

/// The smaller bases this stage could run on, as a bar chart of their sizes
/// on disk with what each would save.
fn alternatives(
    md: &mut String,
    analysis: &Analysis,
    stage: &Stage,
    entry: &'static ImageEntry,
    resolved: &str,
) {
    let Some(current) = entry.disk_mb() else {
        return;
    };
    let input = actions::Input {
        text: analysis.text(),
        parse: analysis.parse(),
        model: analysis.model(),
    };
    let word = match &stage.base {
        Base::Image(image) => image.expanded.range,
        _ => return,
    };
    let checked: Vec<Bar> = actions::switch_runtime_base(input, stage.index)
        .iter()
        .filter_map(|assist| switched_to(assist, word, current))
        .map(|(name, disk)| {
            let other = images::lookup_str(&name).ok().and_then(|it| it.entry());
            // The table's figure, not one recomputed from the saving.
            let disk = other.and_then(ImageEntry::disk_mb).unwrap_or(disk);
            Bar {
                download_saving: entry
                    .download_mb()
                    .zip(other.and_then(ImageEntry::download_mb))
                    .map(|(old, new)| old - new),
                estimated: entry.is_estimate() || other.is_some_and(ImageEntry::is_estimate),
                note: other.and_then(|it| libc_note(entry, it)),
                name,
                disk,
            }
        })
        .collect();
    let checked_is_empty = checked.is_empty();
    let (heading, bars) = match (checked_is_empty, entry.is_sdk()) {
        (false, _) => (
            "Smaller bases this stage runs on as it is (checked: libc, shell, commands, users):",
            checked,
        ),
        (true, true) => (
            "Nothing smaller runs this stage as it is. Build in a builder stage and ship on a runtime base; those listed for this image (the binary must suit their libc):",
            entry
                .runtime_alternatives()
                .into_iter()
                .filter_map(|it| {
                    let disk = it.disk_mb().filter(|disk| *disk < current)?;
                    Some(Bar {
                        name: it.canonical_ref().to_owned(),
                        disk,
                        download_saving: entry
                            .download_mb()
                            .zip(it.download_mb())
                            .map(|(old, new)| old - new),
                        estimated: entry.is_estimate() || it.is_estimate(),
                        note: libc_note(entry, it),
                    })
                })
                .collect(),
        ),
        (true, false) => return,
    };
    if bars.is_empty() {
        return;
    }
    let _ = write!(md, "\n\n{heading}\n\n```text\n");
    let mut rows: Vec<(String, String, String, String)> = vec![(
        resolved.to_owned(),
        format_mb(current),
        sizes::bar(current, current, BAR_WIDTH),
        "(current)".to_owned(),
    )];
    for bar in &bars {
        let approx = if bar.estimated { "≈ " } else { "" };
        let mut saving = format!("{approx}−{} on disk", format_mb(current - bar.disk));
        if let Some(download) = bar.download_saving.filter(|it| *it > 0.0) {
            let _ = write!(saving, ", {approx}−{} download", format_mb(download));
        }
        if let Some(note) = bar.note {
            let _ = write!(saving, " ({note})");
        }
        rows.push((
            bar.name.clone(),
            format_mb(bar.disk),
            sizes::bar(bar.disk, current, BAR_WIDTH),
            saving,
        ));
    }
    let name_width = rows
        .iter()
        .map(|it| it.0.chars().count())
        .max()
        .unwrap_or(0);
    let size_width = rows
        .iter()
        .map(|it| it.1.chars().count())
        .max()
        .unwrap_or(0);
    for (name, size, bar, saving) in rows {
        let line = format!("{name:<name_width$}  {size:>size_width$}  {bar:<BAR_WIDTH$}  {saving}");
        md.push_str(line.trim_end());
        md.push('\n');
    }
    md.push_str("```");
    // The one-click way down that road, when the build is recognised.
    if checked_is_empty && entry.is_sdk() {
        if let Some(split) = actions::split_into_builder_stage(input, stage.index) {
            let _ = write!(
                md,
                "\n\nCode action **{}**: moves the build into a builder stage and ships only the artifact.",
                split.title
            );
        }
    }
}

/// The reference and on-disk size an assist switches the base to: the new
/// text of the edit that replaces the image reference, and the current size
/// minus the saving.
fn switched_to(assist: &Assist, word: TextRange, current: f64) -> Option<(String, f64)> {
    let edit = assist.edits.iter().find(|it| it.range == word)?;
    let name = edit.insert.lines().next()?.trim().to_owned();
    let saving = assist.saving_mb?;
    Some((name, (current - saving).max(0.0)))
}

/// A caution when the alternative's C library differs.
fn libc_note(from: &ImageEntry, to: &ImageEntry) -> Option<&'static str> {
    match (from.libc(), to.libc()) {
        (a, b) if a == b => None,
        (_, Libc::None) => Some("no libc"),
        (_, Libc::Musl) => Some("musl"),
        (_, Libc::Glibc) => Some("glibc"),
        _ => None,
    }
}

/// The sources of the two figures, one line each.
fn sources(md: &mut String, entry: &ImageEntry) {
    let mut lines = Vec::new();
    for (label, fact) in [("download", &entry.download), ("on disk", &entry.disk)] {
        if let Some(fact) = fact {
            lines.push(format!("{label}: {} ({})", fact.source, fact.as_of));
        }
    }
    if lines.is_empty() {
        return;
    }
    let _ = write!(
        md,
        "\n\nSources (linux/amd64; sizes drift with every rebuild of the image): {}.",
        lines.join("; ")
    );
}

fn libc_name(libc: Libc) -> &'static str {
    match libc {
        Libc::Glibc => "glibc",
        Libc::Musl => "musl",
        Libc::None => "none (static binaries only)",
        Libc::Varies => "depends on the tag",
    }
}

fn package_manager_name(manager: PackageManager) -> &'static str {
    match manager {
        PackageManager::Apt => "apt",
        PackageManager::Apk => "apk",
        PackageManager::Dnf => "dnf",
        PackageManager::Microdnf => "microdnf",
        PackageManager::Yum => "yum",
        PackageManager::None => "none",
    }
}

fn ecosystem_name(ecosystem: Ecosystem) -> &'static str {
    match ecosystem {
        Ecosystem::Go => "Go",
        Ecosystem::Rust => "Rust",
        Ecosystem::Node => "Node.js",
        Ecosystem::Python => "Python",
        Ecosystem::Java => "Java",
        Ecosystem::Dotnet => ".NET",
        Ecosystem::Php => "PHP",
        Ecosystem::Ruby => "Ruby",
    }
}
