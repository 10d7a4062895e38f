//! Editor features as plain data: everything a language server or the CLI
//! shows, computed from one immutable [`Analysis`] of one file version.
//!
//! Positions are byte offsets and [`TextRange`]s into the analysed text;
//! nothing here knows about LSP. Every function is pure and total: broken
//! code is input, not an error.

use std::sync::{Arc, OnceLock};

use crate::{
    model::{self, BaseFacts, KnowledgeBaseFacts, Model, ModelOptions, SizeReport},
    rules::{self, Diagnostic, Environment},
    syntax::{self, LineIndex, Parse, TextRange},
};

/// What an analysis depends on besides the text.
#[derive(Debug, Clone, Default)]
pub struct AnalysisConfig {
    pub rules: rules::Config,
    pub model: ModelOptions,
    pub environment: Environment,
}

/// One version of one file, fully analysed.
pub struct Analysis {
    text: Arc<str>,
    parse: Parse,
    model: Model,
    diagnostics: Vec<Diagnostic>,
    line_index: LineIndex,
    config: Arc<AnalysisConfig>,
    /// Computed on first use: only size features need it.
    size: OnceLock<SizeReport>,
}

impl Analysis {
    /// Parses, models and lints `text`, with base-image facts from the
    /// embedded knowledge base.
    pub fn new(text: Arc<str>, config: Arc<AnalysisConfig>) -> Analysis {
        Analysis::with_facts(text, config, &KnowledgeBaseFacts)
    }

    /// As [`Analysis::new`], with base-image facts from elsewhere (the
    /// registry cache).
    pub fn with_facts(
        text: Arc<str>,
        config: Arc<AnalysisConfig>,
        facts: &dyn BaseFacts,
    ) -> Analysis {
        let parse = syntax::parse(&text);
        let model = model::analyze(&text, &parse, &config.model, facts);
        let diagnostics = rules::check(&text, &parse, &model, &config.rules, &config.environment);
        let line_index = LineIndex::new(&text);
        Analysis {
            text,
            parse,
            model,
            diagnostics,
            line_index,
            config,
            size: OnceLock::new(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn shared_text(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    pub fn parse(&self) -> &Parse {
        &self.parse
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn config(&self) -> &AnalysisConfig {
        &self.config
    }

    pub fn shared_config(&self) -> Arc<AnalysisConfig> {
        Arc::clone(&self.config)
    }

    /// What every stage weighs and why.
    pub fn size(&self) -> &SizeReport {
        self.size
            .get_or_init(|| model::estimate_size(&self.text, &self.parse, &self.model))
    }

    /// Lines end at `\n`; columns count Unicode scalar values.
    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    /// Every finding, sorted by position.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Findings that overlap `range`.
    pub fn diagnostics_in(&self, range: TextRange) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(move |it| it.range.intersects(range) || it.range.touches(range.start()))
    }
}

mod refactors;
mod selection;
mod symbols;

pub use selection::selection_ranges;
pub use symbols::{document_symbols, Symbol, SymbolKind};

// ---- knowledge and navigation ----
mod completion;
pub mod docs;
mod hover;
mod links;
mod navigation;
mod signature;
mod workspace_symbols;

pub use completion::{completions, CompletionConfig, CompletionItem, CompletionKind};
pub use hover::{hover, markdown_to_plaintext, HoverResult};
pub use links::{document_links, registry_page, DocumentLink};
pub use navigation::{
    document_highlights, goto_definition, is_stage_name, is_variable_name, prepare_rename,
    references, rename, Reference, RenameError, RenameTarget,
};
pub use signature::{signature_help, ParameterInfo, SignatureHelp, SignatureInfo};
pub use workspace_symbols::{workspace_symbols, WorkspaceSymbol, WorkspaceSymbolKind};
// ---- structure and editing ----
mod code_actions;
mod fix;
mod folding;
mod format;
mod semantic_tokens;

pub use code_actions::{
    code_actions, fix_all_action, minimal_edit, CodeAction, CodeActionKind, FIX_ALL_TITLE,
};
pub use fix::{
    fix_all, fix_file, has_safe_fixes, AppliedRefactor, FixLevel, FixOutcome, FIX_ALL_ROUNDS,
};
pub use folding::{folding_ranges, FoldKind, FoldingRange};
pub use format::{
    format, format_edits, format_on_type, format_text, FormatOptions, Indent, KeywordCase,
};
pub use semantic_tokens::{semantic_tokens, SemanticToken, SemanticTokenKind, TokenModifiers};
// ---- image size ----
mod hints;
mod image_hover;
mod layer_hover;
pub mod sizes;

pub use hints::{size_hints, size_lenses, SizeHint, SizeLens};
