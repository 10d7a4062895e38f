//! One file per LSP feature. Each handler: take a snapshot, convert with
//! `from_proto`, make one `ide` call, convert with `to_proto`.

mod selection;
mod symbols;

// ---- knowledge and navigation ----
mod completion;
mod hover;
mod links;
mod navigation;
mod signature;
mod workspace_symbols;
// ---- structure and editing ----
pub(crate) mod code_actions;
mod folding;
mod formatting;
pub(crate) mod semantic_tokens;
// ---- image size ----
mod code_lens;
mod inlay_hints;

pub(crate) use semantic_tokens::TokenCache;
