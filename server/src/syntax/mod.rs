//! The lossless, error-tolerant Dockerfile parser.

mod ast;
mod error;
pub mod shell;
mod text_range;

pub use ast::*;
pub use error::{SyntaxError, SyntaxErrorKind};
pub use text_range::TextRange;
