//! Refactors and fixes that rewrite a Dockerfile: "Split into builder
//! stage", "Switch runtime base", and the fix-all loop. Each produces text
//! edits; the editor and `docklens fix` decide what to apply.

mod split_builder;
mod switch_base;

pub use split_builder::split_into_builder_stage;
pub use switch_base::switch_runtime_base;

use crate::{
    model::Model,
    rules::Applicability,
    syntax::{Parse, TextEdit},
};

/// What a refactor works on: one analysed version of a file.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub text: &'a str,
    pub parse: &'a Parse,
    pub model: &'a Model,
}

/// A refactor ready to apply.
#[derive(Debug, Clone, PartialEq)]
pub struct Assist {
    /// Stable id: `split-builder-stage`, `switch-runtime-base`.
    pub id: &'static str,
    /// Says what it does and what it saves: "Split into builder stage:
    /// runtime on alpine:3.22, ≈ 233 MB smaller".
    pub title: String,
    pub kind: AssistKind,
    pub edits: Vec<TextEdit>,
    /// Refactors change the image: `Unsafe` at best.
    pub applicability: Applicability,
    /// The estimated on-disk saving of the shipped image, when known.
    pub saving_mb: Option<f64>,
    /// Diagnostic codes the assist resolves (`DK2001`, ...).
    pub resolves: Vec<&'static str>,
    /// What the edit relies on or changes that a reviewer should know
    /// ("WORKDIR /go kept from golang:alpine so ./main still resolves").
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssistKind {
    /// `refactor.rewrite` in LSP terms.
    RefactorRewrite,
    /// `quickfix`.
    QuickFix,
}
