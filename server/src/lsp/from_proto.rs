//! LSP values → docklens values.

use ropey::Rope;
use tower_lsp_server::{jsonrpc, ls_types as lsp};

use super::position::{self, Encoding};

/// The byte offset of a position. A column past the end of its line clamps
/// to the line's end; a line past the end of the document is an error.
pub fn offset(rope: &Rope, position: lsp::Position, encoding: Encoding) -> jsonrpc::Result<usize> {
    // One line past the last is where a cursor after a final newline sits.
    if position.line as usize > rope.len_lines() {
        return Err(jsonrpc::Error::invalid_params(format!(
            "position {}:{} is outside the document ({} lines)",
            position.line,
            position.character,
            rope.len_lines()
        )));
    }
    Ok(position::offset(rope, position, encoding))
}
