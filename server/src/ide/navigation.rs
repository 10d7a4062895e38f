//! Go to definition, find references, document highlights and rename, for
//! the three kinds of names a Dockerfile has: build stages (`FROM … AS x` ↔
//! `FROM x`, `COPY --from=x`, `--mount=…,from=x`; case-insensitive, as
//! BuildKit matches them), ARG/ENV variables (declarations ↔ every `$X` and
//! `${X}`, in instruction text and expanding heredoc bodies; a stage's
//! `ARG X` is the same variable as a global `ARG X`), and heredoc
//! delimiters (marker ↔ terminator).
//!
//! Also the occurrence indexes hover and completion share.

use std::collections::HashMap;

use crate::{
    model::{EdgeKind, EdgeTarget, Model, Scope, VarKind},
    syntax::{
        shell::{Lexer, VarReference},
        DirectiveKind, Flag, Instruction, InstructionKind, Parse, TextEdit, TextRange,
    },
};

use super::Analysis;

/// One place a name occurs, as the references and highlight requests
/// report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    pub range: TextRange,
    /// The name is declared (or, for a heredoc, opened) here.
    pub is_declaration: bool,
}

/// What prepareRename answers: the range to rename and the current name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenameTarget {
    pub range: TextRange,
    pub placeholder: String,
}

/// Why a rename cannot happen, worded for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenameError(pub String);

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where the name under `offset` is declared: the stage name, the `ARG`/
/// `ENV` name (a stage's `ARG X` leads on to the global `ARG X`), or the
/// heredoc marker. Empty when there is nothing to go to (builtins, base
/// image variables, images).
pub fn goto_definition(analysis: &Analysis, offset: usize) -> Vec<TextRange> {
    match Symbol::at(analysis, offset) {
        Some(Symbol::Var(vars, idx)) => {
            let occ = &vars.occs[idx];
            let model = analysis.model();
            let target = match occ.decl {
                // A stage's `ARG X` is declared again by the global `ARG X`.
                Some(def) => vars
                    .global_parent(model, def)
                    .and_then(|it| model.defs.get(it))
                    .and_then(|it| it.name_range)
                    .or(Some(occ.range)),
                None => occ
                    .def
                    .and_then(|it| model.defs.get(it))
                    .and_then(|it| it.name_range),
            };
            target.into_iter().collect()
        }
        Some(Symbol::Stage(occs, idx)) => {
            let occ = &occs[idx];
            stage_focus(analysis, occ.stage).into_iter().collect()
        }
        Some(Symbol::Heredoc(doc)) => vec![doc.name],
        None => Vec::new(),
    }
}

/// Every occurrence of the name under `offset`, in document order; the
/// declaration only when `include_declaration`.
pub fn references(analysis: &Analysis, offset: usize, include_declaration: bool) -> Vec<Reference> {
    let mut res = occurrences(analysis, offset);
    if !include_declaration {
        res.retain(|it| !it.is_declaration);
    }
    res
}

/// The occurrences to highlight for the name under `offset`.
pub fn document_highlights(analysis: &Analysis, offset: usize) -> Vec<Reference> {
    occurrences(analysis, offset)
}

fn occurrences(analysis: &Analysis, offset: usize) -> Vec<Reference> {
    let mut res: Vec<Reference> = match Symbol::at(analysis, offset) {
        Some(Symbol::Var(vars, idx)) => {
            let key = vars.class(idx);
            vars.occs
                .iter()
                .enumerate()
                .filter(|(i, _)| vars.class(*i) == key)
                .map(|(_, occ)| Reference {
                    range: occ.range,
                    is_declaration: occ.decl.is_some(),
                })
                .collect()
        }
        Some(Symbol::Stage(occs, idx)) => {
            let stage = occs[idx].stage;
            occs.iter()
                .filter(|it| it.stage == stage)
                .map(|it| Reference {
                    range: it.range,
                    is_declaration: it.decl,
                })
                .collect()
        }
        Some(Symbol::Heredoc(doc)) => std::iter::once(Reference {
            range: doc.name,
            is_declaration: true,
        })
        .chain(doc.terminator.map(|range| Reference {
            range,
            is_declaration: false,
        }))
        .collect(),
        None => Vec::new(),
    };
    res.sort_by_key(|it| (it.range.start(), it.range.end()));
    res.dedup_by_key(|it| it.range);
    res
}

/// The name a rename at `offset` would change, or why it cannot.
pub fn prepare_rename(analysis: &Analysis, offset: usize) -> Result<RenameTarget, RenameError> {
    let text = analysis.text();
    match Symbol::at(analysis, offset) {
        Some(Symbol::Var(vars, idx)) => {
            vars.check_renamable(analysis.model(), idx)?;
            let occ = &vars.occs[idx];
            Ok(RenameTarget {
                range: occ.range,
                placeholder: occ.range.slice(text).to_owned(),
            })
        }
        Some(Symbol::Stage(occs, idx)) => {
            let occ = &occs[idx];
            check_stage_renamable(analysis, occ)?;
            Ok(RenameTarget {
                range: occ.range,
                placeholder: occ.range.slice(text).to_owned(),
            })
        }
        Some(Symbol::Heredoc(doc)) => {
            let range = if doc.name.touches(offset) {
                doc.name
            } else {
                doc.terminator.unwrap_or(doc.name)
            };
            Ok(RenameTarget {
                range,
                placeholder: range.slice(text).to_owned(),
            })
        }
        None => Err(RenameError(
            "nothing to rename here: place the cursor on a stage name, a variable or a heredoc delimiter"
                .into(),
        )),
    }
}

/// The edits that rename the name under `offset` everywhere to `new_name`.
pub fn rename(
    analysis: &Analysis,
    offset: usize,
    new_name: &str,
) -> Result<Vec<TextEdit>, RenameError> {
    let text = analysis.text();
    let ranges: Vec<TextRange> = match Symbol::at(analysis, offset) {
        Some(Symbol::Var(vars, idx)) => {
            vars.check_renamable(analysis.model(), idx)?;
            if !is_variable_name(new_name) {
                return Err(RenameError(format!(
                    "`{new_name}` is not a valid variable name: use letters, digits and `_`, not starting with a digit"
                )));
            }
            let key = vars.class(idx);
            vars.occs
                .iter()
                .enumerate()
                .filter(|(i, _)| vars.class(*i) == key)
                .map(|(_, occ)| occ.range)
                .collect()
        }
        Some(Symbol::Stage(occs, idx)) => {
            check_stage_renamable(analysis, &occs[idx])?;
            if !is_stage_name(new_name) {
                return Err(RenameError(format!(
                    "`{new_name}` is not a valid stage name: it must match ^[a-z][a-z0-9-_.]*$"
                )));
            }
            if matches!(new_name, "scratch" | "context") {
                return Err(RenameError(format!(
                    "`{new_name}` is a reserved word and cannot name a stage"
                )));
            }
            let stage = occs[idx].stage;
            let model = analysis.model();
            if model.stages.iter().any(|it| {
                it.index != stage
                    && it
                        .name
                        .as_deref()
                        .is_some_and(|name| name.eq_ignore_ascii_case(new_name))
            }) {
                return Err(RenameError(format!(
                    "another stage is already named `{new_name}`"
                )));
            }
            occs.iter()
                .filter(|it| it.stage == stage && !it.by_index)
                .map(|it| it.range)
                .collect()
        }
        Some(Symbol::Heredoc(doc)) => {
            if !is_heredoc_name(new_name) {
                return Err(RenameError(format!(
                    "`{new_name}` is not a usable heredoc delimiter: use letters, digits, `_`, `-` and `.`"
                )));
            }
            if doc.body_lines.iter().any(|line| line == new_name) {
                return Err(RenameError(format!(
                    "a line of the heredoc body is `{new_name}`: it would end the heredoc early"
                )));
            }
            std::iter::once(doc.name).chain(doc.terminator).collect()
        }
        None => {
            return Err(RenameError(
                "nothing to rename here: place the cursor on a stage name, a variable or a heredoc delimiter"
                    .into(),
            ))
        }
    };
    let mut edits: Vec<TextEdit> = ranges
        .into_iter()
        .filter(|range| range.slice(text) != new_name)
        .map(|range| TextEdit::replace(range, new_name))
        .collect();
    edits.sort_by_key(|it| it.range.start());
    edits.dedup_by_key(|it| it.range);
    Ok(edits)
}

fn check_stage_renamable(analysis: &Analysis, occ: &StageOcc) -> Result<(), RenameError> {
    let stage = analysis.model().stage(occ.stage);
    let Some(name) = stage.and_then(|it| it.name.as_deref()) else {
        return Err(RenameError(
            "this stage has no name to rename; add `AS <name>` to its FROM".into(),
        ));
    };
    if occ.by_index {
        return Err(RenameError(format!(
            "this refers to stage `{name}` by its index; rename the stage at its FROM instead"
        )));
    }
    Ok(())
}

/// BuildKit's stage name grammar.
pub fn is_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
}

/// A name `$NAME` can refer to.
pub fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_heredoc_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
}

/// The name a definition jump to `stage` lands on: its `AS` name, else its
/// image word.
fn stage_focus(analysis: &Analysis, stage: usize) -> Option<TextRange> {
    let stage = analysis.model().stage(stage)?;
    stage.name_range.or_else(|| {
        let from = analysis.parse().instructions.get(stage.from)?;
        Some(
            from.args
                .words()
                .first()
                .map_or(from.keyword.range, |it| it.range),
        )
    })
}

// ---------------------------------------------------------------------------
// What is under the cursor.

pub(crate) enum Symbol {
    Var(Vars, usize),
    Stage(Vec<StageOcc>, usize),
    Heredoc(HeredocDoc),
}

impl Symbol {
    pub(crate) fn at(analysis: &Analysis, offset: usize) -> Option<Symbol> {
        let offset = clamp(analysis.text(), offset);
        let vars = Vars::build(analysis);
        if let Some(idx) = vars.index_at(offset) {
            return Some(Symbol::Var(vars, idx));
        }
        let stages = stage_occurrences(analysis);
        if let Some(idx) = stages.iter().position(|it| it.range.touches(offset)) {
            return Some(Symbol::Stage(stages, idx));
        }
        heredoc_at(analysis, offset).map(Symbol::Heredoc)
    }
}

/// `offset` clamped to the text and moved back to a character boundary.
pub(crate) fn clamp(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The instruction (top level) whose range touches `offset`, by index.
/// The logical-line offset of a source offset inside `instruction`; an
/// offset on a continuation marker or a dropped comment line maps to the
/// end of the piece before it.
pub(crate) fn logical_offset(instruction: &Instruction, source: usize) -> usize {
    let map = &instruction.segments;
    let mut res = 0;
    for (idx, &(logical, start)) in map.segments.iter().enumerate() {
        let (logical, start) = (logical as usize, start as usize);
        let end = map
            .segments
            .get(idx + 1)
            .map_or(map.len as usize, |next| next.0 as usize);
        if source < start {
            break;
        }
        res = (logical + (source - start)).min(end);
    }
    res
}

// ---------------------------------------------------------------------------
// `--mount` fields.

/// One `key=value` field of a `--mount` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MountField {
    pub key: String,
    pub key_range: TextRange,
    /// Quotes removed.
    pub value: Option<String>,
    pub value_range: Option<TextRange>,
    pub range: TextRange,
}

/// The fields of `value` (the text after `--mount=`), with ranges offset by
/// `base`. Commas inside double quotes do not split.
pub(crate) fn split_mount_fields(value: &str, base: usize) -> Vec<MountField> {
    let mut res = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut push = |start: usize, end: usize| {
        let field = &value[start..end];
        let (key, val) = match field.find('=') {
            Some(eq) => (&field[..eq], Some((eq + 1, &field[eq + 1..]))),
            None => (field, None),
        };
        let key_range = TextRange::new(base + start, base + start + key.len());
        let (value, value_range) = match val {
            Some((at, raw)) => {
                let trimmed = raw.trim_matches('"');
                let lead = raw.len() - raw.trim_start_matches('"').len();
                let s = base + start + at + lead.min(raw.len());
                (
                    Some(trimmed.to_owned()),
                    Some(TextRange::new(s, s + trimmed.len())),
                )
            }
            None => (None, None),
        };
        res.push(MountField {
            key: key.trim().to_ascii_lowercase(),
            key_range,
            value,
            value_range,
            range: TextRange::new(base + start, base + end),
        });
    };
    for (idx, c) in value.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                push(start, idx);
                start = idx + 1;
            }
            _ => {}
        }
    }
    push(start, value.len());
    res
}

/// The fields of a `--mount` flag, with source ranges.
pub(crate) fn mount_fields(text: &str, instruction: &Instruction, flag: &Flag) -> Vec<MountField> {
    let logical = instruction.logical_text(text);
    let Some(flag_text) = flag.lrange.slice(&logical).get(..) else {
        return Vec::new();
    };
    let Some(eq) = flag_text.find('=') else {
        return Vec::new();
    };
    let start = flag.lrange.start() + eq + 1;
    let value = &logical[start..flag.lrange.end()];
    let unquoted = if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
        &value[1..value.len() - 1]
    } else {
        value
    };
    let base = start + usize::from(unquoted.len() != value.len());
    split_mount_fields(unquoted, base)
        .into_iter()
        .map(|field| MountField {
            key_range: instruction.source_range(field.key_range),
            value_range: field.value_range.map(|it| instruction.source_range(it)),
            range: instruction.source_range(field.range),
            ..field
        })
        .collect()
}

/// The `type` of a mount (`bind` when not given).
pub(crate) fn mount_type_of(fields: &[MountField]) -> String {
    fields
        .iter()
        .find(|it| it.key == "type")
        .and_then(|it| it.value.clone())
        .map_or_else(|| "bind".to_owned(), |it| it.to_ascii_lowercase())
}

// ---------------------------------------------------------------------------
// Variables.

/// One `$NAME`/`${NAME}` or one ARG/ENV name.
#[derive(Debug, Clone)]
pub(crate) struct VarOcc {
    pub name: String,
    /// Just the name.
    pub range: TextRange,
    /// The whole `$NAME`/`${NAME...}`, or the name for a declaration.
    pub full_range: TextRange,
    pub instruction: usize,
    /// The definition this occurrence declares.
    pub decl: Option<usize>,
    /// The definition it refers to (equal to `decl` for a declaration).
    pub def: Option<usize>,
    /// The stage the occurrence is in (`None` before the first `FROM`).
    pub stage: Option<usize>,
    /// True inside a heredoc body.
    pub in_heredoc: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum ClassKey {
    Def(usize),
    Unresolved(String, Option<usize>),
}

/// Every variable occurrence of a file, and which belong together.
pub(crate) struct Vars {
    pub occs: Vec<VarOcc>,
    parent: Vec<usize>,
}

impl Vars {
    pub(crate) fn build(analysis: &Analysis) -> Vars {
        let parse = analysis.parse();
        let model = analysis.model();
        let text = analysis.text();
        let mut defs_by_instruction: HashMap<usize, Vec<usize>> = HashMap::new();
        for (id, def) in model.defs.iter().enumerate() {
            if let Some(at) = def.instruction {
                defs_by_instruction.entry(at).or_default().push(id);
            }
        }
        let mut vars = Vars {
            occs: Vec::new(),
            parent: (0..model.defs.len()).collect(),
        };
        let mut walker = ScopeWalker::new(model);
        for (idx, instruction) in parse.instructions.iter().enumerate() {
            let declares = matches!(
                instruction.kind,
                InstructionKind::Arg | InstructionKind::Env
            );
            let has_refs = text_has_dollar(instruction.range.slice(text));
            if !declares && !has_refs {
                continue;
            }
            let scope = walker.before(model, parse, idx);
            let decls = instruction_decls(model, idx, instruction, &defs_by_instruction);
            for &(def, range) in &decls {
                let Some(var) = model.defs.get(def) else {
                    continue;
                };
                vars.occs.push(VarOcc {
                    name: var.name.to_string(),
                    range,
                    full_range: range,
                    instruction: idx,
                    decl: Some(def),
                    def: Some(def),
                    stage: model.stage_of(idx),
                    in_heredoc: false,
                });
                let prior = scope.declaration(&var.name).filter(|it| *it != def);
                let prior = prior.or_else(|| match var.kind {
                    VarKind::Arg => global_arg(model, &var.name, idx),
                    _ => None,
                });
                if let Some(prior) = prior {
                    vars.union(def, prior);
                }
            }
            if has_refs {
                for reference in instruction_references(text, parse, instruction) {
                    let def = decls
                        .iter()
                        .filter(|(_, range)| range.end() <= reference.range.start())
                        .filter(|_| instruction.kind == InstructionKind::Arg)
                        .rev()
                        .map(|(def, _)| *def)
                        .find(|def| {
                            model
                                .defs
                                .get(*def)
                                .is_some_and(|it| it.name == reference.name)
                        })
                        .or_else(|| scope.declaration(&reference.name));
                    vars.occs.push(VarOcc {
                        def,
                        instruction: idx,
                        stage: model.stage_of(idx),
                        ..reference
                    });
                }
            }
        }
        vars.occs.sort_by_key(|it| it.range.start());
        vars
    }

    pub(crate) fn index_at(&self, offset: usize) -> Option<usize> {
        self.occs
            .iter()
            .position(|it| it.full_range.touches(offset) && it.range.touches(offset))
            .or_else(|| {
                self.occs
                    .iter()
                    .position(|it| it.full_range.touches(offset))
            })
    }

    fn find(&self, mut id: usize) -> usize {
        while let Some(&parent) = self.parent.get(id) {
            if parent == id {
                break;
            }
            id = parent;
        }
        id
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The earlier definition is the root.
            let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
            if let Some(it) = self.parent.get_mut(child) {
                *it = root;
            }
        }
    }

    pub(crate) fn class(&self, idx: usize) -> ClassKey {
        let occ = &self.occs[idx];
        match occ.def {
            Some(def) => ClassKey::Def(self.find(def)),
            None => ClassKey::Unresolved(occ.name.clone(), occ.stage),
        }
    }

    /// The global ARG a stage's `ARG` of the same name inherits from.
    pub(crate) fn global_parent(&self, model: &Model, def: usize) -> Option<usize> {
        let var = model.defs.get(def)?;
        if var.kind != VarKind::Arg {
            return None;
        }
        global_arg(model, &var.name, var.instruction?)
    }

    fn check_renamable(&self, model: &Model, idx: usize) -> Result<(), RenameError> {
        let key = self.class(idx);
        let name = &self.occs[idx].name;
        if let ClassKey::Def(_) = key {
            for (id, def) in model.defs.iter().enumerate() {
                if ClassKey::Def(self.find(id)) != key {
                    continue;
                }
                match def.kind {
                    VarKind::Builtin => {
                        return Err(RenameError(format!(
                            "`{name}` is predefined by the builder and cannot be renamed"
                        )))
                    }
                    VarKind::BaseImage => {
                        return Err(RenameError(format!(
                            "`{name}` comes from the base image's environment and cannot be renamed"
                        )))
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

/// The scope before each instruction, walked in document order so a whole
/// file costs one pass over its definitions (rather than one per
/// instruction, as [`Model::scope_at`] would).
struct ScopeWalker {
    from: Scope,
    stage: Option<usize>,
    scope: Scope,
    next_event: usize,
    global: Option<(usize, Scope)>,
}

impl ScopeWalker {
    fn new(model: &Model) -> ScopeWalker {
        ScopeWalker {
            from: model.from_scope(),
            stage: None,
            scope: Scope::default(),
            next_event: 0,
            global: None,
        }
    }

    /// The scope before instruction `idx`; calls must come in order.
    fn before(&mut self, model: &Model, parse: &Parse, idx: usize) -> &Scope {
        if parse.instructions.get(idx).map(|it| it.kind) == Some(InstructionKind::From) {
            return &self.from;
        }
        let Some(stage_idx) = model.stage_of(idx) else {
            let scope = model.scope_at(idx);
            return &self.global.insert((idx, scope)).1;
        };
        let Some(stage) = model.stage(stage_idx) else {
            return &self.scope;
        };
        if self.stage != Some(stage_idx) {
            self.stage = Some(stage_idx);
            self.scope = Scope::default();
            self.next_event = 0;
            for &id in &stage.initial_defs {
                if let Some(def) = model.defs.get(id) {
                    self.scope.define(def, id);
                }
            }
        }
        while let Some(&(at, id)) = stage.def_events.get(self.next_event) {
            if at >= idx {
                break;
            }
            if let Some(def) = model.defs.get(id) {
                self.scope.define(def, id);
            }
            self.next_event += 1;
        }
        &self.scope
    }
}

fn text_has_dollar(text: &str) -> bool {
    memchr::memchr(b'$', text.as_bytes()).is_some()
}

/// The variables a `$X` in instruction `idx` sees: global ARGs and builtins
/// on `FROM` lines, the stage's scope elsewhere.
pub(crate) fn scope_for(model: &Model, parse: &Parse, idx: usize) -> Scope {
    match parse.instructions.get(idx).map(|it| it.kind) {
        Some(InstructionKind::From) => model.from_scope(),
        _ => model.scope_at(idx),
    }
}

/// The last global `ARG name` declared before `before`.
fn global_arg(model: &Model, name: &str, before: usize) -> Option<usize> {
    model.global_args.iter().rev().copied().find(|&id| {
        model
            .defs
            .get(id)
            .is_some_and(|it| it.name == name && it.instruction.is_some_and(|at| at < before))
    })
}

/// `(definition, name range)` of each ARG/ENV name of instruction `idx`.
fn instruction_decls(
    model: &Model,
    idx: usize,
    instruction: &Instruction,
    defs_by_instruction: &HashMap<usize, Vec<usize>>,
) -> Vec<(usize, TextRange)> {
    let Some(ids) = defs_by_instruction.get(&idx) else {
        return Vec::new();
    };
    instruction
        .args
        .key_values()
        .iter()
        .filter_map(|kv| {
            ids.iter()
                .copied()
                .find(|&id| {
                    model
                        .defs
                        .get(id)
                        .is_some_and(|it| it.name_range == Some(kv.key.range))
                })
                .map(|id| (id, kv.key.range))
        })
        .collect()
}

/// Every `$NAME`/`${NAME}` of an instruction after its keyword, and in its
/// expanding heredoc bodies, with source ranges (`instruction`, `def` and
/// `stage` left for the caller).
pub(crate) fn instruction_references(
    text: &str,
    parse: &Parse,
    instruction: &Instruction,
) -> Vec<VarOcc> {
    let mut res = Vec::new();
    let logical = instruction.logical_text(text);
    let start = instruction.keyword.lrange.end().min(logical.len());
    let rest = logical.get(start..).unwrap_or("");
    let mut push = |reference: VarReference, map: &dyn Fn(TextRange) -> TextRange, heredoc| {
        if reference.is_special() {
            return;
        }
        let name = map(TextRange::new(
            reference.name_range.start,
            reference.name_range.end,
        ));
        let full = map(TextRange::new(reference.range.start, reference.range.end));
        res.push(VarOcc {
            name: reference.name,
            range: name,
            full_range: full,
            instruction: 0,
            decl: None,
            def: None,
            stage: None,
            in_heredoc: heredoc,
        });
    };
    for reference in Lexer::new(parse.escape).variable_references(rest) {
        push(
            reference,
            &|range: TextRange| instruction.source_range(range.shifted(start)),
            false,
        );
    }
    let heredoc_lexer = Lexer {
        skip_process_quotes: true,
        ..Lexer::new('\\')
    };
    for heredoc in instruction.heredocs.iter().filter(|it| it.expand) {
        let body = heredoc.body.slice(text);
        for reference in heredoc_lexer.variable_references(body) {
            push(
                reference,
                &|range: TextRange| range.shifted(heredoc.body.start()),
                true,
            );
        }
    }
    res
}

// ---------------------------------------------------------------------------
// Stages.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StageOcc {
    pub stage: usize,
    pub range: TextRange,
    pub decl: bool,
    /// `COPY --from=0`: refers to the stage by position.
    pub by_index: bool,
    pub kind: Option<EdgeKind>,
}

/// Every stage name and stage reference, in document order.
pub(crate) fn stage_occurrences(analysis: &Analysis) -> Vec<StageOcc> {
    let text = analysis.text();
    let parse = analysis.parse();
    let model = analysis.model();
    let mut res: Vec<StageOcc> = model
        .stages
        .iter()
        .filter_map(|stage| {
            Some(StageOcc {
                stage: stage.index,
                range: stage.name_range?,
                decl: true,
                by_index: false,
                kind: None,
            })
        })
        .collect();
    let matches = |stage: usize, word: &str| -> Option<bool> {
        let it = model.stage(stage)?;
        if it
            .name
            .as_deref()
            .is_some_and(|name| name.eq_ignore_ascii_case(word))
        {
            return Some(false);
        }
        (word.parse::<usize>().ok() == Some(stage)).then_some(true)
    };
    for edge in &model.edges {
        let EdgeTarget::Stage(stage) = edge.target else {
            continue;
        };
        match edge.kind {
            EdgeKind::From | EdgeKind::CopyFrom => {
                if let Some(by_index) = matches(stage, edge.range.slice(text)) {
                    res.push(StageOcc {
                        stage,
                        range: edge.range,
                        decl: false,
                        by_index,
                        kind: Some(edge.kind),
                    });
                }
            }
            EdgeKind::MountFrom => {
                let Some(instruction) = parse.instructions.get(edge.instruction) else {
                    continue;
                };
                for flag in instruction
                    .flags
                    .iter()
                    .filter(|it| it.name == "mount" && it.value_range == Some(edge.range))
                {
                    for field in mount_fields(text, instruction, flag) {
                        let (Some(value), Some(range)) = (&field.value, field.value_range) else {
                            continue;
                        };
                        if field.key != "from" {
                            continue;
                        }
                        if let Some(by_index) = matches(stage, value) {
                            res.push(StageOcc {
                                stage,
                                range,
                                decl: false,
                                by_index,
                                kind: Some(EdgeKind::MountFrom),
                            });
                        }
                    }
                }
            }
        }
    }
    res.sort_by_key(|it| it.range.start());
    res.dedup_by_key(|it| it.range);
    res
}

// ---------------------------------------------------------------------------
// Heredocs.

/// A heredoc's delimiter as it occurs at the marker and the terminator.
#[derive(Debug, Clone)]
pub(crate) struct HeredocDoc {
    pub name: TextRange,
    pub terminator: Option<TextRange>,
    pub body_lines: Vec<String>,
    pub expand: bool,
    pub line_count: usize,
}

pub(crate) fn heredocs(analysis: &Analysis) -> Vec<HeredocDoc> {
    let text = analysis.text();
    let mut res = Vec::new();
    for instruction in &analysis.parse().instructions {
        for heredoc in &instruction.heredocs {
            let marker = heredoc.marker.slice(text);
            let after = marker.find("<<").map_or(0, |it| it + 2);
            let name = marker
                .get(after..)
                .and_then(|rest| rest.find(heredoc.name.as_str()).map(|it| it + after))
                .map_or(heredoc.marker, |at| {
                    TextRange::new(
                        heredoc.marker.start() + at,
                        heredoc.marker.start() + at + heredoc.name.len(),
                    )
                });
            let terminator = heredoc.terminator.map(|range| {
                let line = range.slice(text);
                let lead = line.len() - line.trim_start().len();
                let trimmed = line.trim();
                TextRange::new(range.start() + lead, range.start() + lead + trimmed.len())
            });
            let body = heredoc.body.slice(text);
            res.push(HeredocDoc {
                name,
                terminator,
                body_lines: body
                    .lines()
                    .map(|it| it.trim_start_matches('\t').trim_end().to_owned())
                    .collect(),
                expand: heredoc.expand,
                line_count: body.lines().count(),
            });
        }
    }
    res
}

pub(crate) fn heredoc_at(analysis: &Analysis, offset: usize) -> Option<HeredocDoc> {
    heredocs(analysis)
        .into_iter()
        .find(|it| it.name.touches(offset) || it.terminator.is_some_and(|t| t.touches(offset)))
}

// ---------------------------------------------------------------------------
// Rule codes in pragmas.

/// A rule code in `# hadolint ignore=`, `# docklens ignore=` or
/// `# check=skip=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeOcc {
    pub code: String,
    pub range: TextRange,
}

/// Every rule code named in a pragma or `check` directive.
pub(crate) fn pragma_codes(text: &str, parse: &Parse) -> Vec<CodeOcc> {
    let mut res = Vec::new();
    for directive in parse
        .directives
        .iter()
        .filter(|it| it.kind == DirectiveKind::Check)
    {
        let value = directive.value_range.slice(text);
        res.extend(check_codes(value, directive.value_range.start()));
    }
    for comment in &parse.comments {
        let line = comment.range.slice(text);
        if let Some((list, at)) = pragma_list(line) {
            res.extend(code_list(list, comment.range.start() + at));
        }
    }
    res
}

/// The codes of a `check=` value (`skip=A,B;error=true`).
fn check_codes(value: &str, base: usize) -> Vec<CodeOcc> {
    let mut res = Vec::new();
    let mut pos = 0;
    for part in value.split(';') {
        if let Some(eq) = part.find('=') {
            let key = part[..eq].trim();
            if key.eq_ignore_ascii_case("skip") || key.eq_ignore_ascii_case("experimental") {
                res.extend(code_list(&part[eq + 1..], base + pos + eq + 1));
            }
        }
        pos += part.len() + 1;
    }
    res
}

/// Where the code list of a pragma comment line starts: after
/// `hadolint ignore=`, `hadolint global ignore=`, `docklens ignore=` or
/// `check=...skip=`. Returns the rest of the line and its offset.
pub(crate) fn pragma_list(line: &str) -> Option<(&str, usize)> {
    let body_start = line.find('#')? + 1;
    let body = &line[body_start..];
    let trimmed = body.trim_start();
    let at = body_start + (body.len() - trimmed.len());
    let lower = trimmed.to_ascii_lowercase();
    for tool in ["hadolint", "docklens"] {
        let Some(rest) = lower.strip_prefix(tool) else {
            continue;
        };
        let rest_trim = rest.trim_start();
        let mut off = tool.len() + (rest.len() - rest_trim.len());
        let mut rest = rest_trim;
        if let Some(after) = rest.strip_prefix("global") {
            let t = after.trim_start();
            off += "global".len() + (after.len() - t.len());
            rest = t;
        }
        if let Some(after) = rest.strip_prefix("ignore") {
            let t = after.trim_start();
            if t.starts_with('=') {
                let list_at = at + off + "ignore".len() + (after.len() - t.len()) + 1;
                return Some((&line[list_at..], list_at));
            }
        }
        return None;
    }
    let rest = lower.strip_prefix("check")?;
    let t = rest.trim_start();
    t.strip_prefix('=')?;
    let value_at = at + "check".len() + (rest.len() - t.len()) + 1;
    // Only the `skip=` part holds codes; find it.
    let value = &line[value_at..];
    let mut pos = 0;
    for part in value.split(';') {
        if let Some(eq) = part.find('=') {
            if part[..eq].trim().eq_ignore_ascii_case("skip") {
                let start = value_at + pos + eq + 1;
                let end = value_at + pos + part.len();
                return Some((&line[start..end], start));
            }
        }
        pos += part.len() + 1;
    }
    None
}

/// The codes of a comma-separated list, up to the first blank or `;`.
fn code_list(list: &str, base: usize) -> Vec<CodeOcc> {
    let end = list
        .find(|c: char| c.is_whitespace() || c == ';')
        .unwrap_or(list.len());
    let mut res = Vec::new();
    let mut pos = 0;
    for code in list[..end].split(',') {
        if !code.is_empty() {
            res.push(CodeOcc {
                code: code.to_owned(),
                range: TextRange::new(base + pos, base + pos + code.len()),
            });
        }
        pos += code.len() + 1;
    }
    res
}
