//! Document symbols: parser directives, global ARGs, and each stage with
//! its instructions (ARG/ENV names as variables inside them).

use crate::{
    model::Base,
    syntax::{Args, Instruction, InstructionKind, TextRange},
};

use super::Analysis;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole construct.
    pub range: TextRange,
    /// The part to select when jumping to it (a name, a keyword).
    pub selection: TextRange,
    pub deprecated: bool,
    pub children: Vec<Symbol>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Directive,
    Stage,
    Instruction,
    Variable,
    Label,
}

/// Symbols in document order, stages nesting their instructions.
pub fn document_symbols(analysis: &Analysis) -> Vec<Symbol> {
    let parse = analysis.parse();
    let model = analysis.model();
    let mut res: Vec<Symbol> = parse
        .directives
        .iter()
        .map(|it| Symbol {
            name: format!("{}={}", it.kind.name(), it.value),
            detail: None,
            kind: SymbolKind::Directive,
            range: it.range,
            selection: it.name_range,
            deprecated: false,
            children: Vec::new(),
        })
        .collect();
    for (idx, instruction) in parse.instructions.iter().enumerate() {
        if model.stage_of(idx).is_none() {
            res.push(instruction_symbol(analysis, instruction));
        }
    }
    for stage in &model.stages {
        let Some(from) = parse.instructions.get(stage.from) else {
            continue;
        };
        let last = parse
            .instructions
            .get(stage.instructions.end.saturating_sub(1))
            .unwrap_or(from);
        let base = match &stage.base {
            Base::Stage(parent) => model
                .stages
                .get(*parent)
                .map(|it| format!("stage {}", it.label())),
            Base::Scratch => Some("scratch".to_owned()),
            Base::Image(image) => Some(image.expanded.value_or_raw().to_owned()),
            Base::Missing => None,
        };
        let ships = if model.ships(stage.index) {
            ", ships"
        } else {
            ""
        };
        let children = parse.instructions[stage.instructions.start + 1..stage.instructions.end]
            .iter()
            .map(|it| instruction_symbol(analysis, it))
            .collect();
        res.push(Symbol {
            name: match &stage.name {
                Some(name) => name.to_string(),
                None => format!("stage {}", stage.index),
            },
            detail: Some(format!("FROM {}{ships}", base.unwrap_or_default())),
            kind: SymbolKind::Stage,
            range: from.range.cover(last.range),
            selection: stage.name_range.unwrap_or(from.keyword.range),
            deprecated: false,
            children,
        });
    }
    res.sort_by_key(|it| it.range.start());
    res
}

fn instruction_symbol(analysis: &Analysis, instruction: &Instruction) -> Symbol {
    let text = analysis.text();
    let head: String = instruction
        .logical_text(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut name: String = head.chars().take(60).collect();
    if name.len() < head.len() {
        name.push('…');
    }
    let children = match (instruction.kind, &instruction.args) {
        (
            InstructionKind::Arg | InstructionKind::Env | InstructionKind::Label,
            Args::KeyValues(kvs),
        ) => kvs
            .iter()
            .map(|kv| Symbol {
                name: kv.key.text.to_string(),
                detail: kv.value.as_ref().map(|it| it.text.to_string()),
                kind: match instruction.kind {
                    InstructionKind::Label => SymbolKind::Label,
                    _ => SymbolKind::Variable,
                },
                range: kv.range,
                selection: kv.key.range,
                deprecated: false,
                children: Vec::new(),
            })
            .collect(),
        _ => Vec::new(),
    };
    Symbol {
        name,
        detail: None,
        kind: SymbolKind::Instruction,
        range: instruction.range,
        selection: instruction.keyword.range,
        deprecated: instruction.kind == InstructionKind::Maintainer,
        children,
    }
}
