//! Workspace symbols: the named stages and global ARGs of a file, matched
//! against a query the way editors filter (case-insensitive, letters in
//! order), best matches first.

use crate::{model::Base, syntax::TextRange};

use super::Analysis;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: WorkspaceSymbolKind,
    /// What it belongs to or comes from (`FROM golang:1.22`, `global ARG`).
    pub container: Option<String>,
    /// The name in the file.
    pub range: TextRange,
    /// Lower is better: exact, prefix, substring, then scattered letters.
    pub score: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkspaceSymbolKind {
    Stage,
    Variable,
}

/// The symbols of one file that match `query` (all of them for an empty
/// query), best first.
pub fn workspace_symbols(analysis: &Analysis, query: &str) -> Vec<WorkspaceSymbol> {
    let model = analysis.model();
    let mut res = Vec::new();
    for stage in &model.stages {
        let (Some(name), Some(range)) = (&stage.name, stage.name_range) else {
            continue;
        };
        let Some(score) = match_score(name, query) else {
            continue;
        };
        let container = match &stage.base {
            Base::Image(image) => Some(format!("FROM {}", image.expanded.value_or_raw())),
            Base::Stage(parent) => model
                .stage(*parent)
                .map(|it| format!("FROM {}", it.label())),
            Base::Scratch => Some("FROM scratch".to_owned()),
            Base::Missing => None,
        };
        res.push(WorkspaceSymbol {
            name: name.to_string(),
            kind: WorkspaceSymbolKind::Stage,
            container,
            range,
            score,
        });
    }
    for &id in &model.global_args {
        let Some(def) = model.defs.get(id) else {
            continue;
        };
        let (Some(range), Some(score)) = (def.name_range, match_score(&def.name, query)) else {
            continue;
        };
        res.push(WorkspaceSymbol {
            name: def.name.to_string(),
            kind: WorkspaceSymbolKind::Variable,
            container: Some(match &def.value {
                Some(value) => format!("global ARG = {value}"),
                None => "global ARG".to_owned(),
            }),
            range,
            score,
        });
    }
    res.sort_by(|a, b| (a.score, &a.name).cmp(&(b.score, &b.name)));
    res
}

/// How well `name` matches `query`; `None` when it does not.
pub fn match_score(name: &str, query: &str) -> Option<u32> {
    if query.is_empty() {
        return Some(0);
    }
    let name_lower = name.to_lowercase();
    let query_lower = query.to_lowercase();
    if name_lower == query_lower {
        return Some(0);
    }
    if name_lower.starts_with(&query_lower) {
        return Some(1);
    }
    if name_lower.contains(&query_lower) {
        return Some(2);
    }
    let mut chars = name_lower.chars();
    query_lower
        .chars()
        .all(|c| chars.any(|it| it == c))
        .then_some(3)
}
