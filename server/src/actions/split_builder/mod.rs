//! "Split into builder stage": a stage that builds and ships in one (on a
//! Go, Rust, Node.js, Python, Java or .NET SDK image) becomes a named
//! builder stage plus a runtime stage on the smallest compatible base that
//! copies only the artifact.
//!
//! The language modules recognise the build and decide the runtime (a
//! [`Plan`]; `binary` holds what Go and Rust share, `stage` what they all
//! read off the stage); `render` moves the instructions that describe the
//! image (ENV, EXPOSE, LABEL, USER, CMD, ...) into the runtime stage with
//! their comments and writes the new text of the stage; this module checks
//! the result (it parses, the shipped base is no SDK) before offering it. Anything not recognised gives `None`: a refactor that
//! probably breaks the image is worse than none.

mod binary;
mod dotnet;
mod go;
mod java;
mod node;
mod python;
mod render;
mod rust;
mod stage;

use crate::{
    images::{self, Ecosystem, ImageRef, Role},
    model::{self, KnowledgeBaseFacts, ModelOptions},
    rules::Applicability,
    syntax::{self, apply_edits, shell, TextEdit, TextRange},
};

use self::{render::render, stage::Ctx};
use super::{Assist, AssistKind, Input};

/// Rewrites `stage` (which builds and ships in one) into a builder stage and
/// a minimal runtime stage, when the build is recognised.
pub fn split_into_builder_stage(input: Input<'_>, stage: usize) -> Option<Assist> {
    let model = input.model;
    let stage_ref = model.stage(stage)?;
    if !model.ships(stage) {
        return None;
    }
    let image = stage_ref.base_image()?;
    let entry = images::lookup(image).entry()?;
    if entry.role() != Role::Sdk {
        return None;
    }
    let from = input.parse.instructions.get(stage_ref.from)?;
    let last = input
        .parse
        .instructions
        .get(stage_ref.instructions.end.checked_sub(1)?)?;
    let region = TextRange::new(from.range.start(), last.range.end());
    if input
        .parse
        .errors
        .iter()
        .any(|it| it.range.intersects(region) || region.contains_range(it.range))
    {
        return None;
    }
    // Other stages that copy from or build on this one would get the
    // runtime stage instead; numeric `--from` references would shift.
    if model.dependents(stage).next().is_some() || shifts_numeric_refs(input, stage) {
        return None;
    }
    let ctx = Ctx::new(input, stage_ref, image, entry);
    let plan = match entry.ecosystem? {
        Ecosystem::Go => go::plan(&ctx),
        Ecosystem::Rust => rust::plan(&ctx),
        Ecosystem::Node => node::plan(&ctx),
        Ecosystem::Python => python::plan(&ctx),
        Ecosystem::Java => java::plan(&ctx),
        Ecosystem::Dotnet => dotnet::plan(&ctx),
        Ecosystem::Php | Ecosystem::Ruby => None,
    }?;
    let (text, notes) = render(&ctx, &plan)?;
    let new_file = apply_edits(input.text, &[TextEdit::replace(region, text.clone())])?;
    let saving = check(input, stage, &new_file)?;
    let title = match saving {
        Some(mb) => format!(
            "Split into builder stage: runtime on {}, ≈ {} smaller",
            plan.runtime,
            format_mb(mb)
        ),
        None => format!("Split into builder stage: runtime on {}", plan.runtime),
    };
    Some(Assist {
        id: "split-builder-stage",
        title,
        kind: AssistKind::RefactorRewrite,
        edits: vec![TextEdit::replace(region, text)],
        applicability: Applicability::Unsafe,
        saving_mb: saving,
        resolves: vec!["DK2001"],
        notes,
    })
}

/// What a language module decides; [`render`] writes it.
#[derive(Debug, Default)]
struct Plan {
    /// The runtime base as written after `FROM`.
    pub runtime: String,
    /// The `RUN`s that build (instruction indices). Files the stage copies
    /// after the last of them are run-time files and move to the runtime.
    pub build_steps: Vec<usize>,
    /// Instructions inserted into the builder before an instruction.
    pub before: Vec<(usize, Line)>,
    /// Edits inside builder instructions (source ranges).
    pub edits: Vec<TextEdit>,
    /// Instructions appended to the builder.
    pub tail: Vec<Line>,
    /// `RUN`s at the start of the runtime stage, as root.
    pub setup: Vec<Line>,
    /// The runtime's WORKDIR (absolute).
    pub workdir: String,
    /// ENV the runtime needs before its copies.
    pub env: Vec<Line>,
    /// Builder path → runtime path.
    pub copies: Vec<(String, String)>,
    /// New text for CMD/ENTRYPOINT instructions that name the artifact by
    /// a path that changes.
    pub rewrites: Vec<(usize, Line)>,
    /// CMD/ENTRYPOINT for a stage that set none.
    pub added: Vec<Line>,
    /// The USER the runtime gets when the stage sets none, or names one the
    /// runtime lacks; `None` when the runtime base is non-root already.
    pub user: Option<String>,
    /// How to name that user in a note ("the image's node user").
    pub user_label: Option<String>,
    /// Users that exist in the runtime image (besides root and numeric ids).
    pub users: Vec<&'static str>,
    /// Node.js and Python copy the application directory whole: files
    /// copied into it stay in the builder.
    pub app_dir: Option<String>,
    /// ENV names that only matter to the build.
    pub build_env: Vec<&'static str>,
    pub notes: Vec<String>,
}

/// One generated instruction: keyword and the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    pub keyword: &'static str,
    pub rest: String,
}

fn line(keyword: &'static str, rest: impl Into<String>) -> Line {
    Line {
        keyword,
        rest: rest.into(),
    }
}

/// An exec-form argument list: `["./main", "-v"]`.
fn json_array(argv: &[String]) -> String {
    let items: Vec<String> = argv
        .iter()
        .map(|it| serde_json::to_string(it).unwrap_or_else(|_| format!("\"{it}\"")))
        .collect();
    format!("[{}]", items.join(", "))
}

/// True when a `--from=<index>` anywhere names this stage or a later one:
/// inserting a stage would change what it refers to.
fn shifts_numeric_refs(input: Input<'_>, stage: usize) -> bool {
    input.model.edges.iter().any(|edge| {
        matches!(edge.target, model::EdgeTarget::Stage(target) if target >= stage)
            && edge
                .range
                .slice(input.text)
                .chars()
                .all(|c| c.is_ascii_digit())
    })
}

/// Parses the rewritten file and checks it: no syntax errors, and the
/// shipped stage no longer on an SDK image. The estimated saving (MB),
/// when both sizes are known.
fn check(input: Input<'_>, stage: usize, new_file: &str) -> Option<Option<f64>> {
    let parse = syntax::parse(new_file);
    if !parse.errors.is_empty() {
        return None;
    }
    let options = ModelOptions {
        target: Some((stage + 1).to_string()),
        ..ModelOptions::default()
    };
    let model = model::analyze(new_file, &parse, &options, &KnowledgeBaseFacts);
    let runtime = model.stage(stage + 1)?;
    let entry = images::lookup(runtime.base_image()?).entry()?;
    if entry.role() == Role::Sdk {
        return None;
    }
    let before = model::estimate_size(input.parse, input.model);
    let after = model::estimate_size(&parse, &model);
    let old = before.stages.get(stage)?.disk;
    let new = after.stages.get(stage + 1)?.disk;
    let saving = match (old, new) {
        (Some(old), Some(new)) => Some(old.best() - new.best()),
        _ => None,
    };
    if saving.is_some_and(|it| it <= 0.0) {
        return None;
    }
    Some(saving)
}

fn format_mb(mb: f64) -> String {
    match mb {
        it if it >= 1000.0 => format!("{:.1} GB", it / 1000.0),
        it if it >= 10.0 => format!("{it:.0} MB"),
        it => format!("{it:.1} MB"),
    }
}

/// The Debian release a builder tag names, as distroless numbers it
/// (`bookworm` → 12); the newest otherwise, which runs binaries linked
/// against any older glibc.
fn debian_release(tag: &str) -> (&'static str, &'static str) {
    if tag.contains("bookworm") {
        ("12", "bookworm")
    } else {
        ("13", "trixie")
    }
}

/// Derives the runtime image from the builder's `FROM` word: `map_name`
/// turns the builder's repository into the runtime's, `map_tag` the tag.
/// ARG references in the tag are kept when they expand the same way.
fn derive_ref(
    ctx: &Ctx<'_>,
    map_name: &dyn Fn(&str) -> Option<String>,
    map_tag: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let image = ctx.image;
    let name = map_name(&image.familiar_name())?;
    let tag = map_tag(image.tag_or_latest())?;
    let expanded = format!("{name}:{tag}");
    let model::Base::Image(base) = &ctx.stage.base else {
        return Some(expanded);
    };
    let raw = base.expanded.raw.as_str();
    if !raw.contains('$') {
        return Some(expanded);
    }
    let raw = raw.split('@').next().unwrap_or(raw);
    let slash = raw.rfind('/').map_or(0, |it| it + 1);
    let Some(colon) = raw[slash..].rfind(':').map(|it| it + slash) else {
        return Some(expanded);
    };
    let (raw_name, raw_tag) = (&raw[..colon], &raw[colon + 1..]);
    if raw_name.contains('$') {
        return Some(expanded);
    }
    let (Some(raw_name), Some(raw_tag)) = (map_name(raw_name), map_tag(raw_tag)) else {
        return Some(expanded);
    };
    let candidate = format!("{raw_name}:{raw_tag}");
    let same = expand_from(ctx, &candidate)
        .and_then(|it| ImageRef::parse(&it).ok())
        .is_some_and(|it| ImageRef::parse(&expanded).ok().as_ref() == Some(&it));
    Some(if same { candidate } else { expanded })
}

/// Expands a `FROM` word with the global ARGs, as BuildKit does.
fn expand_from(ctx: &Ctx<'_>, word: &str) -> Option<String> {
    let lexer = shell::Lexer::new(ctx.input.parse.escape);
    let scope = ctx.input.model.from_scope();
    lexer
        .process_word(word, &scope.env(&ctx.input.model.defs))
        .ok()
        .map(|it| it.value)
}

/// The leading number of a tag (`21` in `21-jdk`, `8` in `8u212`).
fn leading_number(tag: &str) -> Option<u32> {
    let digits: String = tag.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::{stage::resolve, *};

    #[test]
    fn sizes_read_well() {
        assert_eq!(format_mb(233.1), "233 MB");
        assert_eq!(format_mb(1640.0), "1.6 GB");
        assert_eq!(format_mb(4.25), "4.2 MB");
    }

    #[test]
    fn paths_resolve_like_a_shell() {
        assert_eq!(resolve("/go", "./main"), "/go/main");
        assert_eq!(resolve("/a/b", "../c/"), "/a/c");
        assert_eq!(resolve("/", "/x//y/."), "/x/y");
        assert!(stage::is_within("/app/dist/x.js", "/app"));
        assert!(!stage::is_within("/application", "/app"));
        assert_eq!(stage::dirname("/go/main"), "/go");
        assert_eq!(stage::dirname("/main"), "/");
    }

    #[test]
    fn exec_form_is_json() {
        assert_eq!(
            json_array(&["./main".into(), "say \"hi\"".into()]),
            r#"["./main", "say \"hi\""]"#
        );
    }
}
