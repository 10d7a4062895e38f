//! docklens: a language server and CLI for Dockerfiles that knows what an
//! image weighs.
//!
//! Layers, lowest first; a layer only imports the ones above it in this list:
//! `syntax` (lossless parser) → `model` (stages, scopes, expansion) →
//! `rules` / `actions` → `config` (configuration files) → `ide` (editor features
//! as plain data) → `lsp` | `cli`.
//! `images` (base-image knowledge) depends on nothing.

pub mod actions;
pub mod cli;
pub mod config;
pub mod ide;
pub mod images;
pub mod lsp;
pub mod model;
pub mod rules;
pub mod settings;
pub mod syntax;
