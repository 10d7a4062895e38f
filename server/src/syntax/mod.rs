//! The lossless, error-tolerant Dockerfile parser.
//!
//! Two stages, neither recursive on input size: [`parse`] walks physical
//! lines into logical lines the way BuildKit does (directives, comments,
//! continuations, heredoc bodies), then parses each logical line on its own.
//! A broken line becomes an error and every other instruction still parses.

mod ast;
mod dump;
mod edit;
mod error;
mod heredoc;
mod instruction;
mod json;
mod lex;
mod line_index;
mod scanner;
pub mod script;
pub mod shell;
mod text_range;
mod tree;

pub use ast::*;
pub use dump::{dump, go_quote};
pub use edit::{apply_edits, TextEdit};
pub use error::{SyntaxError, SyntaxErrorKind};
pub use line_index::{LineCol, LineIndex};
pub use scanner::parse;
pub use text_range::TextRange;
pub use tree::debug_tree;
