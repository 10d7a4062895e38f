//! Hover: documentation for instructions, flags, `--mount` types and keys,
//! directives and rule codes; the value and origin of a variable at that
//! point; what a stage is built from and whether it ships.
//!
//! Image facts on `FROM` (sizes, libc, ...) live in `image_hover`, and what
//! a `RUN`/`COPY`/`ADD` adds to the image in `layer_hover`; both slot in
//! ahead of the instruction fallback in [`hover`].

use std::fmt::Write as _;

use crate::{
    model::{Base, VarKind, PROXY_ARGS},
    rules,
    syntax::{Args, Instruction, InstructionKind, TextRange},
};

use super::{
    docs::{self, DirectiveDoc, FlagDoc, InstructionDoc, MountKeyDoc, MountTypeDoc, ValueDoc},
    navigation::{
        clamp, heredoc_at, mount_fields, mount_type_of, pragma_codes, stage_occurrences,
        HeredocDoc, Vars,
    },
    Analysis,
};

/// What to show for the thing under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverResult {
    /// The range the hover is about.
    pub range: TextRange,
    pub markdown: String,
}

/// The hover at `offset`, if anything there has something to say.
pub fn hover(analysis: &Analysis, offset: usize) -> Option<HoverResult> {
    let text = analysis.text();
    let offset = clamp(text, offset);
    let parse = analysis.parse();
    for directive in &parse.directives {
        if directive.name_range.touches(offset) {
            let doc = docs::directive(directive.kind)?;
            return Some(HoverResult {
                range: directive.name_range,
                markdown: render_directive(doc),
            });
        }
    }
    if let Some(code) = pragma_codes(text, parse)
        .into_iter()
        .find(|it| it.range.touches(offset))
    {
        return Some(HoverResult {
            range: code.range,
            markdown: render_rule(&code.code),
        });
    }
    for directive in &parse.directives {
        if directive.value_range.touches(offset) {
            let doc = docs::directive(directive.kind)?;
            return Some(HoverResult {
                range: directive.value_range,
                markdown: render_directive(doc),
            });
        }
    }
    let vars = Vars::build(analysis);
    if let Some(idx) = vars.index_at(offset) {
        return Some(variable_hover(analysis, &vars, idx));
    }
    if let Some(occ) = stage_occurrences(analysis)
        .into_iter()
        .find(|it| it.range.touches(offset))
    {
        return Some(HoverResult {
            range: occ.range,
            markdown: render_stage(analysis, occ.stage),
        });
    }
    if let Some(doc) = heredoc_at(analysis, offset) {
        let range = if doc.name.touches(offset) {
            doc.name
        } else {
            doc.terminator.unwrap_or(doc.name)
        };
        return Some(HoverResult {
            range,
            markdown: render_heredoc(analysis, &doc),
        });
    }
    if let Some(hover) = super::image_hover::image_hover(analysis, offset) {
        return Some(hover);
    }
    let idx = parse.instruction_index_at(offset)?;
    let top = parse.instructions.get(idx)?;
    let mut instruction = top;
    while let Some(trigger) = instruction
        .onbuild_trigger()
        .filter(|it| offset >= it.keyword.range.start())
    {
        instruction = trigger;
    }
    instruction_part_hover(analysis, instruction, offset).or_else(|| {
        // The size model describes top-level instructions, not ONBUILD triggers.
        std::ptr::eq(instruction, top)
            .then(|| super::layer_hover::layer_hover(analysis, idx, offset))
            .flatten()
    })
}

fn instruction_part_hover(
    analysis: &Analysis,
    instruction: &Instruction,
    offset: usize,
) -> Option<HoverResult> {
    let text = analysis.text();
    if instruction.keyword.range.touches(offset) {
        let doc = docs::instruction(instruction.kind)?;
        return Some(HoverResult {
            range: instruction.keyword.range,
            markdown: render_instruction(doc),
        });
    }
    for flag in &instruction.flags {
        if !flag.range.touches(offset) {
            continue;
        }
        let doc = docs::flag(instruction.kind, &flag.name);
        let in_value =
            flag.value_range.is_some_and(|it| it.touches(offset)) && offset > flag.name_range.end();
        if in_value && instruction.kind == InstructionKind::Run && flag.name == "mount" {
            let fields = mount_fields(text, instruction, flag);
            let ty = mount_type_of(&fields);
            if let Some(field) = fields.iter().find(|it| it.range.touches(offset)) {
                let on_value = field.value_range.is_some_and(|it| it.touches(offset))
                    && offset > field.key_range.end();
                if on_value && field.key == "type" {
                    let doc = docs::mount_type(field.value.as_deref().unwrap_or(""))?;
                    return Some(HoverResult {
                        range: field.value_range.unwrap_or(field.range),
                        markdown: render_mount_type(doc),
                    });
                }
                let key = docs::mount_key(&field.key)?;
                if on_value {
                    if let Some(value) = field
                        .value
                        .as_deref()
                        .and_then(|v| key.values.iter().find(|it| it.name == v))
                    {
                        return Some(HoverResult {
                            range: field.value_range.unwrap_or(field.range),
                            markdown: render_value(
                                &format!("{}={}", key.name(), value.name),
                                value,
                            ),
                        });
                    }
                }
                return Some(HoverResult {
                    range: field.key_range,
                    markdown: render_mount_key(key, Some(&ty)),
                });
            }
        }
        let doc = doc?;
        if in_value {
            if let Some(value) = flag.value.as_deref().and_then(|it| doc.value_doc(it)) {
                return Some(HoverResult {
                    range: flag.value_range.unwrap_or(flag.range),
                    markdown: render_value(&format!("--{}={}", doc.name, value.name), value),
                });
            }
        }
        return Some(HoverResult {
            range: flag.range,
            markdown: render_flag(instruction.kind, doc),
        });
    }
    if let Args::Healthcheck { kind, .. } = &instruction.args {
        if kind.range.touches(offset) {
            let doc = docs::healthcheck_subcommand(&kind.text)?;
            return Some(HoverResult {
                range: kind.range,
                markdown: render_value(&format!("HEALTHCHECK {}", doc.name), doc),
            });
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Variables.

fn variable_hover(analysis: &Analysis, vars: &Vars, idx: usize) -> HoverResult {
    let model = analysis.model();
    let parse = analysis.parse();
    let occ = &vars.occs[idx];
    let mut md = String::new();
    let shown = if occ.decl.is_some() {
        occ.name.clone()
    } else {
        format!("${}", occ.name)
    };
    let def = occ.def.and_then(|it| model.defs.get(it));
    let Some(def) = def else {
        let _ = write!(md, "**`{shown}`** — not defined here");
        md.push_str("\n\n");
        let global = model
            .global_args
            .iter()
            .filter_map(|&id| model.defs.get(id))
            .find(|it| it.name == occ.name);
        let instruction_kind = parse.instructions.get(occ.instruction).map(|it| it.kind);
        if PROXY_ARGS.contains(&occ.name.as_str()) {
            md.push_str("A predefined proxy ARG: usable without a declaration, set from the build's `--build-arg`, and kept out of the image history.");
        } else if let (Some(global), Some(_)) = (global, occ.stage) {
            let line = line_of(analysis, global.instruction);
            let _ = write!(
                md,
                "The global `ARG {}` (line {line}) is only visible to `FROM` lines. Add `ARG {}` to this stage to use it here.",
                occ.name, occ.name
            );
        } else if occ.in_heredoc
            || matches!(
                instruction_kind,
                Some(InstructionKind::Run | InstructionKind::Cmd | InstructionKind::Entrypoint)
            )
        {
            md.push_str("No ARG or ENV sets it at this point; the shell expands it when the command runs (empty unless the command or the base image sets it).");
        } else if let Some(undefined) = model
            .undefined
            .iter()
            .find(|it| it.name == occ.name && it.range.contains_range(occ.range))
        {
            md.push_str("No ARG or ENV sets it at this point: it expands to an empty string.");
            if let Some(suggestion) = &undefined.suggestion {
                let _ = write!(md, " Did you mean `{suggestion}`?");
            }
        } else {
            md.push_str("No ARG or ENV sets it at this point; it may come from the base image.");
        }
        return HoverResult {
            range: occ.full_range,
            markdown: md,
        };
    };
    let kind = match def.kind {
        VarKind::GlobalArg => "global ARG".to_owned(),
        VarKind::Arg => match def.stage.and_then(|it| model.stage(it)) {
            Some(stage) => format!("ARG of stage {}", stage_label(stage)),
            None => "ARG".to_owned(),
        },
        VarKind::Env => match (def.stage, occ.stage) {
            (Some(from), Some(here)) if from != here => format!(
                "ENV inherited from stage {}",
                model.stage(from).map(stage_label).unwrap_or_default()
            ),
            _ => "ENV".to_owned(),
        },
        VarKind::BaseImage => "environment of the base image".to_owned(),
        VarKind::Builtin => "predefined platform ARG".to_owned(),
        VarKind::BuildArg => "build argument".to_owned(),
    };
    let _ = write!(md, "**`{shown}`** — {kind}\n\n");
    match &def.value {
        Some(value) if value.is_empty() => md.push_str("Value: empty string"),
        Some(value) => {
            let _ = write!(md, "Value: `{}`", value.replace('`', "'"));
        }
        None => {
            let _ = write!(
                md,
                "Declared without a value: empty unless the build passes `--build-arg {}=...`",
                def.name
            );
        }
    }
    match def.kind {
        VarKind::Builtin => md.push_str(
            "\n\nSet by the builder from the build and target platforms (linux/amd64 assumed here). A stage must declare `ARG` to see it.",
        ),
        VarKind::BaseImage => {
            let image = def
                .stage
                .and_then(|it| model.stage(it))
                .and_then(|it| match &it.base {
                    Base::Image(image) => Some(image.expanded.value_or_raw().to_owned()),
                    _ => None,
                });
            if let Some(image) = image {
                let _ = write!(md, "\n\nFrom the config of `{image}`.");
            }
        }
        _ => {
            if let (Some(at), Some(range)) = (def.instruction, def.name_range) {
                if occ.decl.is_none() || occ.range != range {
                    let _ = write!(
                        md,
                        "\n\nDeclared on line {}: `{}`",
                        line_of(analysis, Some(at)),
                        first_line(analysis, at)
                    );
                }
            }
        }
    }
    if let Some(def_id) = occ.decl.or(occ.def) {
        if let Some(global) = vars
            .global_parent(model, def_id)
            .and_then(|it| model.defs.get(it))
        {
            let _ = write!(
                md,
                "\n\nBrings the global `ARG {}` (line {}) into the stage",
                global.name,
                line_of(analysis, global.instruction)
            );
            if let Some(value) = &global.value {
                let _ = write!(md, "; its default is `{value}`");
            }
            md.push('.');
        }
    }
    if def.kind == VarKind::GlobalArg && occ.stage.is_none() {
        md.push_str("\n\nVisible to `FROM` lines; a stage sees it only after its own `ARG` of the same name.");
    }
    HoverResult {
        range: occ.full_range,
        markdown: md,
    }
}

/// 1-based line of an instruction.
fn line_of(analysis: &Analysis, instruction: Option<usize>) -> usize {
    instruction
        .and_then(|it| analysis.parse().instructions.get(it))
        .map_or(0, |it| it.start_line + 1)
}

/// The first physical line of an instruction, shortened.
fn first_line(analysis: &Analysis, instruction: usize) -> String {
    let Some(it) = analysis.parse().instructions.get(instruction) else {
        return String::new();
    };
    let line = it.range.slice(analysis.text()).lines().next().unwrap_or("");
    let mut res: String = line
        .trim_end_matches('\\')
        .trim()
        .chars()
        .take(80)
        .collect();
    if res.len() < line.trim().len() {
        res.push('…');
    }
    res.replace('`', "'")
}

// ---------------------------------------------------------------------------
// Stages and heredocs.

pub(crate) fn render_stage(analysis: &Analysis, index: usize) -> String {
    let model = analysis.model();
    let Some(stage) = model.stage(index) else {
        return String::new();
    };
    let mut md = String::new();
    match &stage.name {
        Some(name) => {
            let _ = write!(md, "**Stage `{name}`** (#{index})");
        }
        None => {
            let _ = write!(md, "**Stage #{index}**");
        }
    }
    let base = match &stage.base {
        Base::Stage(parent) => format!(
            "stage {}",
            model.stage(*parent).map(stage_label).unwrap_or_default()
        ),
        Base::Scratch => "`scratch` (empty)".to_owned(),
        Base::Image(image) => format!("`{}`", image.expanded.value_or_raw()),
        Base::Missing => "nothing (FROM has no image)".to_owned(),
    };
    let _ = write!(md, " · FROM {base}");
    if let Some(platform) = &stage.platform {
        let _ = write!(md, " · platform `{}`", platform.value_or_raw());
    }
    md.push_str(" · line ");
    let _ = write!(md, "{}", line_of(analysis, Some(stage.from)));
    md.push_str("\n\n");
    if model.ships(index) {
        md.push_str("Ships: this stage is the image the build produces.");
    } else if model.reachable().get(index).copied().unwrap_or(false) {
        md.push_str("Does not ship: the target needs it, but only what is copied out of it reaches the image.");
    } else {
        md.push_str("Does not ship, and the target does not need it: BuildKit skips it unless it is built with `--target`.");
    }
    let users: Vec<String> = model
        .dependents(index)
        .map(|edge| {
            let how = match edge.kind {
                crate::model::EdgeKind::From => "FROM",
                crate::model::EdgeKind::CopyFrom => "COPY --from",
                crate::model::EdgeKind::MountFrom => "RUN --mount from",
            };
            format!(
                "{} ({how}, line {})",
                model.stage(edge.stage).map(stage_label).unwrap_or_default(),
                line_of(analysis, Some(edge.instruction))
            )
        })
        .collect();
    if !users.is_empty() {
        let _ = write!(md, "\n\nUsed by: {}", users.join(", "));
    }
    md
}

/// `` `name` `` for a named stage, `#2` for an unnamed one.
pub(crate) fn stage_label(stage: &crate::model::Stage) -> String {
    match &stage.name {
        Some(name) => format!("`{name}`"),
        None => format!("#{}", stage.index),
    }
}

fn render_heredoc(analysis: &Analysis, doc: &HeredocDoc) -> String {
    let name = doc.name.slice(analysis.text());
    let mut md = format!(
        "**Heredoc `{name}`** · {} line{}",
        doc.line_count,
        if doc.line_count == 1 { "" } else { "s" }
    );
    md.push_str("\n\n");
    md.push_str(if doc.expand {
        "Variables in the body expand (the delimiter is not quoted)."
    } else {
        "The delimiter is quoted: the body is taken literally, without variable expansion."
    });
    if doc.terminator.is_none() {
        let _ = write!(md, "\n\nUnterminated: no line `{name}` ends it.");
    }
    md
}

// ---------------------------------------------------------------------------
// Rendering documentation, shared with completion.

pub(crate) fn render_instruction(doc: &InstructionDoc) -> String {
    let mut md = String::new();
    if doc.deprecated {
        md.push_str("**Deprecated.** ");
    }
    let _ = write!(md, "**{}** — {}\n\n", doc.keyword(), doc.summary);
    md.push_str("```dockerfile\n");
    for form in doc.syntax {
        md.push_str(form);
        md.push('\n');
    }
    md.push_str("```\n\n");
    md.push_str(doc.description);
    if !doc.flags.is_empty() {
        md.push_str("\n\nFlags: ");
        let flags: Vec<String> = doc
            .flags
            .iter()
            .map(|it| format!("`--{}`", it.name))
            .collect();
        md.push_str(&flags.join(", "));
    }
    let _ = write!(
        md,
        "\n\nExample:\n```dockerfile\n{}\n```\n\n[Dockerfile reference]({})",
        doc.example,
        doc.url()
    );
    md
}

pub(crate) fn render_flag(kind: InstructionKind, doc: &FlagDoc) -> String {
    let mut md = format!(
        "**`{} {}`** — {}\n\n{}",
        kind.keyword(),
        doc.usage(),
        doc.summary,
        doc.description
    );
    if !doc.values.is_empty() {
        md.push_str("\n\nValues:");
        for value in doc.values {
            let _ = write!(md, "\n- `{}`: {}", value.name, value.summary);
        }
    }
    if let Some(since) = doc.since {
        let _ = write!(md, "\n\nNeeds Dockerfile syntax {since} or later.");
    }
    let _ = write!(
        md,
        "\n\nExample:\n```dockerfile\n{}\n```\n\n[Dockerfile reference]({})",
        doc.example,
        doc.url()
    );
    md
}

pub(crate) fn render_mount_type(doc: &MountTypeDoc) -> String {
    let keys: Vec<String> = doc.keys.iter().map(|it| format!("`{it}`")).collect();
    format!(
        "**`--mount=type={}`** — {}\n\n{}\n\nKeys: {}\n\nExample:\n```dockerfile\n{}\n```\n\n[Dockerfile reference]({})",
        doc.name,
        doc.summary,
        doc.description,
        keys.join(", "),
        doc.example,
        doc.url()
    )
}

pub(crate) fn render_mount_key(doc: &MountKeyDoc, mount_type: Option<&str>) -> String {
    let mut md = format!("**`--mount` key `{}`**", doc.name());
    if doc.names.len() > 1 {
        let aliases: Vec<String> = doc.names[1..].iter().map(|it| format!("`{it}`")).collect();
        let _ = write!(md, " (also {})", aliases.join(", "));
    }
    let _ = write!(md, " — {}", doc.summary);
    match mount_type {
        Some(ty) if !doc.per_type.is_empty() => match doc.meaning(ty) {
            Some(meaning) => {
                let _ = write!(md, "\n\nFor `type={ty}`: {meaning}");
            }
            None => {
                let types: Vec<String> = doc
                    .per_type
                    .iter()
                    .map(|(it, _)| format!("`{it}`"))
                    .collect();
                let _ = write!(
                    md,
                    "\n\n`type={ty}` mounts do not take it; it applies to {}.",
                    types.join(", ")
                );
            }
        },
        _ => {
            for (ty, meaning) in doc.per_type {
                let _ = write!(md, "\n- `type={ty}`: {meaning}");
            }
        }
    }
    if !doc.values.is_empty() && doc.value.is_some() {
        md.push_str("\n\nValues:");
        for value in doc.values {
            let _ = write!(md, "\n- `{}`: {}", value.name, value.summary);
        }
    }
    md
}

pub(crate) fn render_directive(doc: &DirectiveDoc) -> String {
    let mut md = format!(
        "**Parser directive `{}`** — {}\n\n```dockerfile\n{}\n```\n\n{}",
        doc.kind.name(),
        doc.summary,
        doc.syntax,
        doc.description
    );
    let _ = write!(
        md,
        "\n\nExample:\n```dockerfile\n{}\n```\n\n[Dockerfile reference]({})",
        doc.example,
        doc.url()
    );
    md
}

pub(crate) fn render_value(title: &str, doc: &ValueDoc) -> String {
    format!("**`{title}`** — {}", doc.summary)
}

pub(crate) fn render_rule(code: &str) -> String {
    match rules::find_rule(code) {
        Some(rule) => {
            let mut md = format!(
                "**{}** `{}` · {} · {}\n\n{}",
                rule.code,
                rule.name,
                rule.severity,
                rule.category.as_str(),
                rule.summary
            );
            if !rule.code.eq_ignore_ascii_case(code) {
                let _ = write!(md, "\n\n`{code}` is another name for this rule.");
            }
            let _ = write!(md, "\n\n[Documentation]({})", rule.url());
            md
        }
        None if code.eq_ignore_ascii_case("all") => {
            "**all** — every BuildKit build check".to_owned()
        }
        None => format!("**{code}** — not a rule docklens knows"),
    }
}

/// Markdown reduced to plain text, for clients that cannot render it.
pub fn markdown_to_plaintext(markdown: &str) -> String {
    let mut res = String::with_capacity(markdown.len());
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            continue;
        }
        let mut out = line.replace("**", "").replace('`', "");
        // `[text](url)` → `text: url`.
        while let Some(open) = out.find('[') {
            let Some(mid) = out[open..].find("](").map(|it| it + open) else {
                break;
            };
            let Some(close) = out[mid..].find(')').map(|it| it + mid) else {
                break;
            };
            let label = out[open + 1..mid].to_owned();
            let url = out[mid + 2..close].to_owned();
            out.replace_range(open..=close, &format!("{label}: {url}"));
        }
        res.push_str(&out);
        res.push('\n');
    }
    while res.ends_with('\n') {
        res.pop();
    }
    res
}
