//! Completion. The context comes from the text before the cursor, not from
//! a well-formed tree, so it works mid-keystroke on broken lines
//! (`COPY --fr`, `FROM gol`, `RUN --mount=type=ca`).
//!
//! Contexts: instruction keywords at the start of a line (only `FROM`,
//! `ARG` and parser directives before the first `FROM`; a trigger keyword
//! after `ONBUILD`), flags after `--`, flag values (`--network=`,
//! `--security=`, `--platform=`, booleans), `--mount=` keys and values,
//! stage names after `--from=`, `FROM ` and `--mount=…from=`, images from
//! the knowledge base after `FROM `, `AS`, `HEALTHCHECK CMD|NONE`, stop
//! signals, variables after `$`/`${`, parser directives in the leading
//! comment block, and rule codes in `# hadolint ignore=` / `# check=skip=`.

use std::collections::HashSet;

use crate::{
    images::{knowledge_base, Basis},
    model::{VarKind, PROXY_ARGS},
    rules::{all_rules, Origin},
    syntax::{DirectiveKind, Instruction, InstructionKind, LineKind, TextRange},
};

use super::{
    docs::{self, ValueDoc},
    hover::{
        render_directive, render_flag, render_instruction, render_mount_key, render_mount_type,
        render_rule, render_stage,
    },
    navigation::{logical_offset, scope_for, split_mount_fields},
    Analysis,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// One line next to the label.
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    pub insert_text: String,
    /// `insert_text` is an LSP snippet (`${1:name}`).
    pub is_snippet: bool,
    /// What the insert replaces; it ends at the cursor or contains it.
    pub replace_range: TextRange,
    pub sort_text: Option<String>,
    pub deprecated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Keyword,
    Directive,
    Flag,
    /// A value of a flag, mount key or directive.
    Value,
    Stage,
    Image,
    Variable,
    Rule,
    MountKey,
}

/// What the client can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CompletionConfig {
    /// Snippet syntax in `insert_text`.
    pub snippets: bool,
}

/// The completions at `offset`.
pub fn completions(
    analysis: &Analysis,
    offset: usize,
    config: CompletionConfig,
) -> Vec<CompletionItem> {
    let text = analysis.text();
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let mut acc = Acc {
        items: Vec::new(),
        config,
        lowercase: prefers_lowercase(analysis),
    };
    complete(analysis, offset, &mut acc);
    let mut items = acc.items;
    // Filter by what is typed (a prefix; images and rule codes also match
    // inside); keep the order given. Editors filter further as they like.
    items.retain(|it| {
        let typed = text
            .get(it.replace_range.start()..offset.max(it.replace_range.start()))
            .unwrap_or("")
            .to_lowercase();
        let label = it.label.to_lowercase();
        match it.kind {
            CompletionKind::Image | CompletionKind::Rule => label.contains(&typed),
            _ => label.starts_with(&typed),
        }
    });
    let mut seen = HashSet::new();
    items.retain(|it| seen.insert((it.label.clone(), it.insert_text.clone())));
    for (idx, item) in items.iter_mut().enumerate() {
        if item.sort_text.is_none() {
            item.sort_text = Some(format!("{idx:04}"));
        }
    }
    items
}

struct Acc {
    items: Vec<CompletionItem>,
    config: CompletionConfig,
    lowercase: bool,
}

impl Acc {
    fn push(
        &mut self,
        label: impl Into<String>,
        kind: CompletionKind,
        range: TextRange,
    ) -> &mut CompletionItem {
        let label = label.into();
        self.items.push(CompletionItem {
            insert_text: label.clone(),
            label,
            kind,
            detail: None,
            documentation: None,
            is_snippet: false,
            replace_range: range,
            sort_text: None,
            deprecated: false,
        });
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    fn keyword(&self, keyword: &str) -> String {
        if self.lowercase {
            keyword.to_ascii_lowercase()
        } else {
            keyword.to_owned()
        }
    }
}

impl CompletionItem {
    fn detail(&mut self, detail: impl Into<String>) -> &mut Self {
        self.detail = Some(detail.into());
        self
    }

    fn docs(&mut self, markdown: impl Into<String>) -> &mut Self {
        self.documentation = Some(markdown.into());
        self
    }

    fn insert(&mut self, text: impl Into<String>) -> &mut Self {
        self.insert_text = text.into();
        self
    }
}

/// True when the file writes its keywords in lower case.
fn prefers_lowercase(analysis: &Analysis) -> bool {
    let mut lower = 0;
    let mut upper = 0;
    for instruction in &analysis.parse().instructions {
        if instruction.kind == InstructionKind::Unknown {
            continue;
        }
        let keyword = instruction.keyword_text();
        if keyword.chars().all(|c| c.is_ascii_lowercase()) {
            lower += 1;
        } else if keyword.chars().all(|c| c.is_ascii_uppercase()) {
            upper += 1;
        }
    }
    lower > upper
}

fn complete(analysis: &Analysis, offset: usize, acc: &mut Acc) {
    let text = analysis.text();
    let parse = analysis.parse();
    let line_start = text[..offset].rfind('\n').map_or(0, |it| it + 1);
    let line_idx = parse
        .lines
        .partition_point(|it| it.range.end() <= offset && it.range.end() != text.len());
    let line = parse
        .lines
        .get(line_idx)
        .filter(|it| it.range.start() <= offset);
    let kind = line.map_or(LineKind::Blank, |it| it.kind);
    let prefix = &text[line_start..offset];
    match kind {
        LineKind::HeredocBody => {
            let Some(idx) = line.and_then(|it| it.instruction_index()) else {
                return;
            };
            let Some(instruction) = parse.instructions.get(idx) else {
                return;
            };
            let expands = instruction
                .heredocs
                .iter()
                .any(|it| it.body.touches(offset) && it.expand);
            if expands {
                if let Some((range, braced)) = variable_prefix(prefix, '\\') {
                    let range = range.shifted(line_start);
                    variables(analysis, idx, range, braced, offset, acc);
                }
            }
        }
        LineKind::HeredocTerminator => {}
        LineKind::Comment | LineKind::Directive | LineKind::ContinuationComment => {
            comment(analysis, line_idx, line_start, prefix, acc);
        }
        _ if prefix.trim_start().starts_with('#') => {
            comment(analysis, line_idx, line_start, prefix, acc);
        }
        _ => {
            let idx = line
                .and_then(|it| it.instruction_index())
                .filter(|&it| {
                    parse
                        .instructions
                        .get(it)
                        .is_some_and(|ins| ins.range.touches(offset))
                })
                .or_else(|| {
                    parse
                        .instruction_index_at(offset)
                        .filter(|_| line.is_some())
                });
            match idx.and_then(|it| Some((it, parse.instructions.get(it)?))) {
                None => {
                    let word = trailing_word(prefix);
                    let range = TextRange::new(offset - word.len(), offset);
                    keywords(analysis, offset, range, false, acc);
                }
                Some((idx, instruction)) => {
                    instruction_completions(analysis, idx, instruction, offset, acc)
                }
            }
        }
    }
}

/// The run of non-blank characters before the end of `prefix`.
fn trailing_word(prefix: &str) -> &str {
    let start = prefix
        .rfind(|c: char| c.is_whitespace())
        .map_or(0, |it| it + 1);
    &prefix[start..]
}

fn instruction_completions(
    analysis: &Analysis,
    idx: usize,
    instruction: &Instruction,
    offset: usize,
    acc: &mut Acc,
) {
    if instruction.keyword.range.touches(offset) {
        let range = TextRange::new(instruction.keyword.range.start(), offset);
        keywords(analysis, offset, range, false, acc);
        return;
    }
    if instruction.kind == InstructionKind::Onbuild {
        match instruction.onbuild_trigger() {
            Some(trigger) if offset >= trigger.keyword.range.start() => {
                return instruction_completions(analysis, idx, trigger, offset, acc);
            }
            _ => {
                let range = TextRange::empty(offset);
                keywords(analysis, offset, range, true, acc);
                return;
            }
        }
    }
    arguments(analysis, idx, instruction, offset, acc);
}

// ---------------------------------------------------------------------------
// Keywords.

fn keywords(analysis: &Analysis, offset: usize, range: TextRange, onbuild: bool, acc: &mut Acc) {
    let parse = analysis.parse();
    let before_first_from = !parse
        .instructions
        .iter()
        .any(|it| it.kind == InstructionKind::From && it.range.end() < offset);
    if !onbuild && before_first_from {
        let in_directive_block = parse
            .lines
            .iter()
            .take_while(|it| it.range.end() <= range.start())
            .all(|it| it.kind == LineKind::Directive);
        for kind in [InstructionKind::From, InstructionKind::Arg] {
            keyword_items(kind, range, acc);
        }
        if in_directive_block {
            for doc in docs::DIRECTIVES {
                if parse.directives.iter().any(|it| it.kind == doc.kind) {
                    continue;
                }
                let example = doc.example.lines().next().unwrap_or(doc.example);
                acc.push(example, CompletionKind::Directive, range)
                    .detail(doc.summary)
                    .docs(render_directive(doc));
            }
        }
        return;
    }
    for doc in docs::INSTRUCTIONS {
        if onbuild && !docs::allowed_as_onbuild_trigger(doc.kind) {
            continue;
        }
        keyword_items(doc.kind, range, acc);
    }
}

fn keyword_items(kind: InstructionKind, range: TextRange, acc: &mut Acc) {
    let Some(doc) = docs::instruction(kind) else {
        return;
    };
    let keyword = acc.keyword(doc.keyword());
    let snippets = acc.config.snippets;
    let recase = |snippet: &str| -> String {
        match snippet.strip_prefix(doc.keyword()) {
            Some(rest) => format!("{keyword}{rest}"),
            None => snippet.to_owned(),
        }
    };
    let forms: Vec<&docs::Snippet> = if snippets {
        doc.snippets.iter().collect()
    } else {
        doc.snippets.iter().take(1).collect()
    };
    for (idx, form) in forms.into_iter().enumerate() {
        let label = if idx == 0 {
            keyword.clone()
        } else {
            recase(form.label)
        };
        let item = acc.push(label, CompletionKind::Keyword, range);
        item.detail(doc.summary).docs(render_instruction(doc));
        item.deprecated = doc.deprecated;
        if snippets {
            item.insert(recase(form.snippet));
            item.is_snippet = true;
        } else {
            item.insert(format!("{keyword} "));
        }
    }
}

// ---------------------------------------------------------------------------
// Arguments.

fn arguments(
    analysis: &Analysis,
    idx: usize,
    instruction: &Instruction,
    offset: usize,
    acc: &mut Acc,
) {
    let text = analysis.text();
    let logical = instruction.logical_text(text);
    let lpos = logical_offset(instruction, offset).min(logical.len());
    let args_start = instruction.keyword.lrange.end().min(lpos);
    let before = &logical[args_start..lpos];
    let to_source = |logical_start: usize| -> TextRange {
        let start = instruction
            .segments
            .source_offset(logical_start)
            .min(offset);
        TextRange::new(start, offset)
    };
    let escape = analysis.parse().escape;
    if let Some((range, braced)) = variable_prefix(before, escape) {
        let range = to_source(args_start + range.start());
        variables(analysis, idx, range, braced, offset, acc);
        return;
    }
    // Words before the cursor; the last one is being typed.
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (at, c) in before.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                words.push((s, &before[s..at]));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    let current = match start {
        Some(s) => (s, &before[s..]),
        None => (before.len(), ""),
    };
    let flags_done = words.iter().any(|(_, w)| !w.starts_with("--"));
    let current_start = args_start + current.0;
    let kind = instruction.kind;
    if !flags_done && current.1.starts_with('-') {
        match current.1.find('=') {
            None => flag_names(instruction, to_source(current_start), acc),
            Some(eq) => {
                let name = current.1[..eq].trim_start_matches('-').to_ascii_lowercase();
                let value = &current.1[eq + 1..];
                let value_start = current_start + eq + 1;
                flag_value(
                    analysis,
                    idx,
                    kind,
                    &name,
                    value,
                    value_start,
                    &to_source,
                    acc,
                );
            }
        }
        return;
    }
    let position = words.iter().filter(|(_, w)| !w.starts_with("--")).count();
    let range = to_source(current_start);
    match (kind, position) {
        (InstructionKind::From, 0) => {
            stages(analysis, idx, range, true, acc);
            images(range, acc);
        }
        (InstructionKind::From, 1) => {
            let keyword = if instruction
                .keyword_text()
                .chars()
                .all(|c| c.is_ascii_lowercase())
            {
                "as"
            } else {
                "AS"
            };
            acc.push(keyword, CompletionKind::Keyword, range)
                .detail("Name the stage")
                .insert(format!("{keyword} "));
        }
        (InstructionKind::Healthcheck, 0) => {
            for doc in docs::HEALTHCHECK_SUBCOMMANDS {
                let label = acc.keyword(doc.name);
                acc.push(label.clone(), CompletionKind::Keyword, range)
                    .detail(doc.summary)
                    .insert(if doc.name == "CMD" {
                        format!("{label} ")
                    } else {
                        label
                    });
            }
        }
        (InstructionKind::Stopsignal, 0) => values(docs::SIGNALS, range, acc),
        (InstructionKind::Copy | InstructionKind::Add, n) if n >= 1 => {
            workdirs(analysis, idx, range, acc);
        }
        _ => {}
    }
}

fn flag_names(instruction: &Instruction, range: TextRange, acc: &mut Acc) {
    let Some(doc) = docs::instruction(instruction.kind) else {
        return;
    };
    for flag in doc.flags {
        let repeatable = matches!(flag.name, "mount" | "exclude" | "device");
        let present = instruction
            .flags
            .iter()
            .any(|it| it.name == flag.name && !it.range.touches(range.end()));
        if present && !repeatable {
            continue;
        }
        let insert = match flag.value {
            Some(_) if !flag.boolean => format!("--{}=", flag.name),
            _ => format!("--{}", flag.name),
        };
        acc.push(format!("--{}", flag.name), CompletionKind::Flag, range)
            .detail(flag.summary)
            .docs(render_flag(instruction.kind, flag))
            .insert(insert);
    }
}

#[allow(clippy::too_many_arguments)]
fn flag_value(
    analysis: &Analysis,
    idx: usize,
    kind: InstructionKind,
    name: &str,
    value: &str,
    value_start: usize,
    to_source: &dyn Fn(usize) -> TextRange,
    acc: &mut Acc,
) {
    if kind == InstructionKind::Run && name == "mount" {
        mount_value(analysis, idx, value, value_start, to_source, acc);
        return;
    }
    let range = to_source(value_start);
    if kind == InstructionKind::Copy && name == "from" {
        stages(analysis, idx, range, false, acc);
        return;
    }
    if let Some(doc) = docs::flag(kind, name) {
        values(doc.values, range, acc);
    }
}

fn mount_value(
    analysis: &Analysis,
    idx: usize,
    value: &str,
    value_start: usize,
    to_source: &dyn Fn(usize) -> TextRange,
    acc: &mut Acc,
) {
    let fields = split_mount_fields(value, value_start);
    let Some(current) = fields.last() else {
        return;
    };
    let others = &fields[..fields.len() - 1];
    let ty = others
        .iter()
        .find(|it| it.key == "type")
        .and_then(|it| it.value.clone())
        .unwrap_or_else(|| "bind".to_owned());
    match current.value_range {
        Some(value_range) => {
            let range = to_source(value_range.start());
            match current.key.as_str() {
                "type" => {
                    for doc in docs::MOUNT_TYPES {
                        acc.push(doc.name, CompletionKind::Value, range)
                            .detail(doc.summary)
                            .docs(render_mount_type(doc));
                    }
                }
                "from" => stages(analysis, idx, range, false, acc),
                key => {
                    if let Some(doc) = docs::mount_key(key) {
                        values(doc.values, range, acc);
                    }
                }
            }
        }
        None => {
            let range = to_source(current.key_range.start());
            let used: Vec<&'static str> = others
                .iter()
                .filter_map(|it| docs::mount_key(&it.key))
                .map(|it| it.name())
                .collect();
            let has_type = others.iter().any(|it| it.key == "type");
            for doc in docs::MOUNT_KEYS {
                let name = doc.name();
                if used.contains(&name) {
                    continue;
                }
                let applies = if name == "type" {
                    !has_type
                } else {
                    doc.applies_to(&ty)
                };
                if !applies {
                    continue;
                }
                let insert = match doc.value {
                    Some(_) => format!("{name}="),
                    None => name.to_owned(),
                };
                acc.push(name, CompletionKind::MountKey, range)
                    .detail(doc.meaning(&ty).unwrap_or(doc.summary))
                    .docs(render_mount_key(doc, Some(&ty)))
                    .insert(insert);
            }
        }
    }
}

/// Destinations for `COPY`/`ADD`: the working directory here, then the
/// other directories earlier `WORKDIR`s set.
fn workdirs(analysis: &Analysis, idx: usize, range: TextRange, acc: &mut Acc) {
    let model = analysis.model();
    let mut dirs: Vec<(String, &str)> = Vec::new();
    if let Some(current) = model.workdir_at(idx) {
        dirs.push((current.to_owned(), "The working directory here"));
    }
    for stage in &model.stages {
        for (at, dir) in stage.workdirs.iter().skip(1) {
            if *at < idx {
                dirs.push((dir.clone(), "Set by an earlier WORKDIR"));
            }
        }
    }
    for (dir, detail) in dirs {
        let label = if dir.ends_with('/') {
            dir
        } else {
            format!("{dir}/")
        };
        acc.push(label, CompletionKind::Value, range).detail(detail);
    }
}

fn values(values: &[ValueDoc], range: TextRange, acc: &mut Acc) {
    for value in values {
        acc.push(value.name, CompletionKind::Value, range)
            .detail(value.summary);
    }
}

/// Earlier stages: named ones by name and, unless `named_only`, unnamed
/// ones by index.
fn stages(analysis: &Analysis, idx: usize, range: TextRange, named_only: bool, acc: &mut Acc) {
    let model = analysis.model();
    let current = model.stage_of(idx);
    for stage in &model.stages {
        if stage.from >= idx || Some(stage.index) == current {
            continue;
        }
        let label = match &stage.name {
            Some(name) => name.to_string(),
            None if named_only => continue,
            None => stage.index.to_string(),
        };
        let detail = match &stage.base {
            crate::model::Base::Image(image) => {
                format!("stage · FROM {}", image.expanded.value_or_raw())
            }
            crate::model::Base::Stage(parent) => format!(
                "stage · FROM {}",
                model
                    .stage(*parent)
                    .map(|it| it.label())
                    .unwrap_or_default()
            ),
            crate::model::Base::Scratch => "stage · FROM scratch".to_owned(),
            crate::model::Base::Missing => "stage".to_owned(),
        };
        acc.push(label, CompletionKind::Stage, range)
            .detail(detail)
            .docs(render_stage(analysis, stage.index));
    }
}

/// Images from the knowledge base, by their canonical references.
fn images(range: TextRange, acc: &mut Acc) {
    let Ok(kb) = knowledge_base() else {
        return;
    };
    let mut entries: Vec<_> = kb.entries().iter().collect();
    entries.sort_by(|a, b| a.canonical.cmp(&b.canonical));
    for entry in entries {
        let size = entry.download.as_ref().or(entry.disk.as_ref()).map(|fact| {
            let approx = if matches!(fact.basis, Basis::Estimate | Basis::Mixed) {
                "≈ "
            } else {
                ""
            };
            let what = if entry.download.is_some() {
                "download"
            } else {
                "on disk"
            };
            if fact.mb < 10.0 {
                format!("{approx}{:.1} MB {what}", fact.mb)
            } else {
                format!("{approx}{:.0} MB {what}", fact.mb)
            }
        });
        let detail = match size {
            Some(size) => format!("{} · {size}", entry.title),
            None => entry.title.clone(),
        };
        let item = acc.push(entry.canonical.clone(), CompletionKind::Image, range);
        item.detail(detail);
        if let Some(notes) = &entry.notes {
            item.docs(notes.clone());
        }
        item.deprecated = entry.deprecated;
    }
}

// ---------------------------------------------------------------------------
// Variables.

/// A `$NAME` or `${NAME` being typed at the end of `before`: the range of
/// the name part and whether it is braced.
fn variable_prefix(before: &str, escape: char) -> Option<(TextRange, bool)> {
    let name_len = before.len()
        - before
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
            .len();
    let name_start = before.len() - name_len;
    let head = &before[..name_start];
    let (dollar, braced) = if let Some(rest) = head.strip_suffix("${") {
        (rest.len(), true)
    } else if let Some(rest) = head.strip_suffix('$') {
        (rest.len(), false)
    } else {
        return None;
    };
    if before[..dollar].ends_with(escape) || before[..dollar].ends_with('\\') {
        return None;
    }
    // Inside single quotes nothing expands.
    let quotes = before[..dollar].chars().filter(|c| *c == '\'').count();
    let dquotes = before[..dollar].chars().filter(|c| *c == '"').count();
    if quotes % 2 == 1 && dquotes % 2 == 0 {
        return None;
    }
    Some((TextRange::new(name_start, before.len()), braced))
}

fn variables(
    analysis: &Analysis,
    idx: usize,
    range: TextRange,
    braced: bool,
    offset: usize,
    acc: &mut Acc,
) {
    let model = analysis.model();
    let parse = analysis.parse();
    let text = analysis.text();
    let scope = scope_for(model, parse, idx);
    let closes = text
        .get(offset..)
        .map(|rest| rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_'))
        .is_some_and(|rest| rest.starts_with('}'));
    let mut names: Vec<(String, Option<usize>)> = scope
        .names()
        .map(|name| (name.to_owned(), scope.lookup(name)))
        .collect();
    // ARGs declared without a value are in scope too.
    let stage = model.stage_of(idx);
    let in_from = parse
        .instructions
        .get(idx)
        .is_some_and(|it| it.kind == InstructionKind::From);
    for (id, def) in model.defs.iter().enumerate() {
        let visible = match def.kind {
            VarKind::Arg => {
                !in_from && def.stage == stage && def.instruction.is_some_and(|at| at < idx)
            }
            VarKind::GlobalArg => {
                (in_from || stage.is_none()) && def.instruction.is_some_and(|at| at < idx)
            }
            _ => false,
        };
        if visible && def.value.is_none() && !names.iter().any(|(n, _)| *n == def.name) {
            names.push((def.name.to_string(), Some(id)));
        }
    }
    let run_like = parse
        .instructions
        .get(idx)
        .is_some_and(|it| matches!(it.kind, InstructionKind::Run));
    names.sort();
    for (name, id) in names {
        let def = id.and_then(|it| model.defs.get(it));
        let kind = match def.map(|it| it.kind) {
            Some(VarKind::GlobalArg) => "global ARG",
            Some(VarKind::Arg) => "ARG",
            Some(VarKind::Env) => "ENV",
            Some(VarKind::BaseImage) => "base image ENV",
            Some(VarKind::Builtin) => "builtin ARG",
            Some(VarKind::BuildArg) => "build arg",
            None => "variable",
        };
        let detail = match def.and_then(|it| it.value.as_deref()) {
            Some("") => format!("{kind} = \"\""),
            Some(value) => format!("{kind} = {value}"),
            None => format!("{kind}, no value"),
        };
        let insert = if braced && !closes {
            format!("{name}}}")
        } else {
            name.clone()
        };
        acc.push(name, CompletionKind::Variable, range)
            .detail(detail)
            .insert(insert);
    }
    if run_like {
        for name in PROXY_ARGS {
            let insert = if braced && !closes {
                format!("{name}}}")
            } else {
                name.to_owned()
            };
            acc.push(name, CompletionKind::Variable, range)
                .detail("predefined proxy ARG")
                .insert(insert);
        }
    }
}

// ---------------------------------------------------------------------------
// Comments: directives and pragmas.

fn comment(analysis: &Analysis, line_idx: usize, line_start: usize, prefix: &str, acc: &mut Acc) {
    let parse = analysis.parse();
    let Some(hash) = prefix.find('#') else {
        return;
    };
    let body = &prefix[hash + 1..];
    let lead = body.len() - body.trim_start().len();
    let word_start = hash + 1 + lead;
    let rest = &prefix[word_start..];
    let in_directive_block = parse
        .lines
        .iter()
        .take(line_idx)
        .all(|it| it.kind == LineKind::Directive);
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    let after_name = &rest[name_len..];
    let after_trim = after_name.trim_start();
    let at = |local: usize| line_start + local;
    if let Some(value) = after_trim.strip_prefix('=') {
        let value_lead = value.len() - value.trim_start().len();
        let value_start =
            word_start + name_len + (after_name.len() - after_trim.len()) + 1 + value_lead;
        let value = value.trim_start();
        let range = TextRange::new(at(value_start), at(prefix.len()));
        match DirectiveKind::from_name(name) {
            Some(DirectiveKind::Syntax) if in_directive_block => {
                if let Some(doc) = docs::directive(DirectiveKind::Syntax) {
                    values(doc.values, range, acc);
                }
                return;
            }
            Some(DirectiveKind::Escape) if in_directive_block => {
                if let Some(doc) = docs::directive(DirectiveKind::Escape) {
                    values(doc.values, range, acc);
                }
                return;
            }
            Some(DirectiveKind::Check) => {
                check_value(value, at(value_start), acc);
                return;
            }
            _ => {}
        }
    }
    if let Some((list, list_at)) = super::navigation::pragma_list(prefix) {
        let current_start = list.rfind(',').map_or(0, |it| it + 1);
        let used: Vec<&str> = list[..current_start].split(',').collect();
        let range = TextRange::new(at(list_at + current_start), at(prefix.len()));
        rule_codes(&used, false, range, acc);
        return;
    }
    if !after_name.is_empty() {
        return;
    }
    let range = TextRange::new(at(word_start), at(prefix.len()));
    if in_directive_block {
        for doc in docs::DIRECTIVES {
            let present = parse
                .directives
                .iter()
                .any(|it| it.kind == doc.kind && !it.range.touches(range.start()));
            if present {
                continue;
            }
            acc.push(
                format!("{}=", doc.kind.name()),
                CompletionKind::Directive,
                range,
            )
            .detail(doc.summary)
            .docs(render_directive(doc));
        }
    }
    if !name.is_empty() {
        for (label, detail) in [
            ("hadolint ignore=", "Ignore rules for the next instruction"),
            ("hadolint global ignore=", "Ignore rules in the whole file"),
            ("check=skip=", "Skip build checks for the next instruction"),
        ] {
            acc.push(label, CompletionKind::Directive, range)
                .detail(detail);
        }
    }
}

/// Inside a `check=` value: keys, then rule codes after `skip=`.
fn check_value(value: &str, value_start: usize, acc: &mut Acc) {
    let part_start = value.rfind(';').map_or(0, |it| it + 1);
    let part = &value[part_start..];
    let part_lead = part.len() - part.trim_start().len();
    let part = part.trim_start();
    let base = value_start + part_start + part_lead;
    match part.find('=') {
        None => {
            let range = TextRange::new(base, value_start + value.len());
            if let Some(doc) = docs::directive(DirectiveKind::Check) {
                values(doc.values, range, acc);
            }
        }
        Some(eq) => {
            let key = part[..eq].trim().to_ascii_lowercase();
            let list = &part[eq + 1..];
            let current = list.rfind(',').map_or(0, |it| it + 1);
            let range = TextRange::new(base + eq + 1 + current, value_start + value.len());
            match key.as_str() {
                "skip" | "experimental" => {
                    let used: Vec<&str> = list[..current].split(',').collect();
                    rule_codes(&used, true, range, acc);
                }
                "error" => {
                    for (name, summary) in [
                        ("true", "Fail the build when a check warns"),
                        ("false", "Checks only warn (the default)"),
                    ] {
                        acc.push(name, CompletionKind::Value, range).detail(summary);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Rule codes, BuildKit check names first when `buildkit_first`.
fn rule_codes(used: &[&str], buildkit_first: bool, range: TextRange, acc: &mut Acc) {
    let mut items: Vec<(u8, String, &'static crate::rules::Rule)> = Vec::new();
    let is_check_name = |name: &str| {
        name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.contains(|c: char| c.is_ascii_lowercase())
    };
    for rule in all_rules() {
        // BuildKit knows its checks by their PascalCase names.
        let buildkit_name = std::iter::once(rule.code)
            .chain(rule.aliases.iter().copied())
            .find(|it| is_check_name(it));
        if buildkit_first {
            if let Some(name) = buildkit_name {
                items.push((0, name.to_owned(), rule));
                if name != rule.code {
                    items.push((1, rule.code.to_owned(), rule));
                }
                continue;
            }
            items.push((1, rule.code.to_owned(), rule));
        } else {
            let rank = match rule.origin {
                Origin::Hadolint => 0,
                Origin::Docklens => 1,
                Origin::BuildKit => 2,
            };
            items.push((rank, rule.code.to_owned(), rule));
        }
    }
    items.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    if buildkit_first && !used.iter().any(|it| it.eq_ignore_ascii_case("all")) {
        acc.push("all", CompletionKind::Rule, range)
            .detail("Every build check");
    }
    for (_, code, rule) in items {
        if used.iter().any(|it| it.eq_ignore_ascii_case(&code)) {
            continue;
        }
        acc.push(code.clone(), CompletionKind::Rule, range)
            .detail(rule.summary)
            .docs(render_rule(&code));
    }
}
