//! LSP positions ↔ byte offsets, in the encoding negotiated at `initialize`.
//!
//! Lines follow LSP (`\n`, `\r\n` and a lone `\r` all end a line; ropey's
//! `cr_lines`), columns count UTF-8 bytes or UTF-16 code units. Positions
//! past the end of a line or of the document clamp to it instead of failing,
//! as clients do send them.

use ropey::Rope;
use tower_lsp_server::ls_types as lsp;

/// The position encoding in use for a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    /// The LSP default.
    #[default]
    Utf16,
}

impl Encoding {
    /// `utf-8` when the client offers it, else the mandatory `utf-16`.
    pub fn negotiate(offered: Option<&[lsp::PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&lsp::PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> lsp::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        }
    }
}

/// The char index where `line`'s text ends (its line break excluded).
fn line_end_char(rope: &Rope, line: usize) -> usize {
    let start = rope.line_to_char(line);
    let slice = rope.line(line);
    let mut len = slice.len_chars();
    if len > 0 && slice.char(len - 1) == '\n' {
        len -= 1;
    }
    if len > 0 && slice.char(len - 1) == '\r' {
        len -= 1;
    }
    start + len
}

/// The char index of an LSP position.
pub fn char_index(rope: &Rope, position: lsp::Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let end = line_end_char(rope, line);
    let col = position.character as usize;
    let char_idx = match encoding {
        Encoding::Utf16 => {
            let start16 = rope.char_to_utf16_cu(start);
            let end16 = rope.char_to_utf16_cu(end);
            let target = (start16 + col).min(end16);
            // Inside a surrogate pair: ropey rounds down to the character.
            rope.utf16_cu_to_char(target)
        }
        Encoding::Utf8 => {
            let start8 = rope.char_to_byte(start);
            let end8 = rope.char_to_byte(end);
            rope.byte_to_char((start8 + col).min(end8))
        }
    };
    char_idx.clamp(start, end)
}

/// The byte offset of an LSP position.
pub fn offset(rope: &Rope, position: lsp::Position, encoding: Encoding) -> usize {
    rope.char_to_byte(char_index(rope, position, encoding))
}

/// The LSP position of a byte offset (clamped to the document, and rounded
/// down to a character boundary).
pub fn position(rope: &Rope, offset: usize, encoding: Encoding) -> lsp::Position {
    let offset = offset.min(rope.len_bytes());
    let char_idx = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_idx);
    let line_start = rope.line_to_char(line);
    let col = match encoding {
        Encoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_start),
        Encoding::Utf8 => rope.char_to_byte(char_idx) - rope.char_to_byte(line_start),
    };
    lsp::Position {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        character: u32::try_from(col).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> lsp::Position {
        lsp::Position { line, character }
    }

    #[test]
    fn utf16_and_utf8_columns_on_a_line_with_emoji() {
        // "é" is 1 UTF-16 unit / 2 bytes; "😀" is 2 units / 4 bytes.
        let rope = Rope::from_str("FROM a\nRUN echo é😀x\r\nCMD y");
        let x_byte = "FROM a\nRUN echo é😀".len();
        assert_eq!(offset(&rope, pos(1, 12), Encoding::Utf16), x_byte);
        assert_eq!(position(&rope, x_byte, Encoding::Utf16), pos(1, 12));
        assert_eq!(offset(&rope, pos(1, 15), Encoding::Utf8), x_byte);
        assert_eq!(position(&rope, x_byte, Encoding::Utf8), pos(1, 15));
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let rope = Rope::from_str("FROM a\r\nRUN b\n");
        assert_eq!(
            offset(&rope, pos(0, 99), Encoding::Utf16),
            6,
            "before the \\r\\n"
        );
        assert_eq!(offset(&rope, pos(99, 0), Encoding::Utf16), rope.len_bytes());
        assert_eq!(position(&rope, 9999, Encoding::Utf16), pos(2, 0));
    }

    #[test]
    fn lone_cr_ends_a_line_for_lsp() {
        let rope = Rope::from_str("a\rb\u{2028}c");
        assert_eq!(rope.len_lines(), 2, "U+2028 is not an LSP line break");
        assert_eq!(offset(&rope, pos(1, 0), Encoding::Utf16), 2);
    }

    #[test]
    fn inside_a_surrogate_pair_rounds_down() {
        let rope = Rope::from_str("😀x");
        assert_eq!(offset(&rope, pos(0, 1), Encoding::Utf16), 0);
        assert_eq!(offset(&rope, pos(0, 2), Encoding::Utf16), 4);
    }

    #[test]
    fn negotiation_prefers_utf8_when_offered() {
        let offered = [
            lsp::PositionEncodingKind::UTF16,
            lsp::PositionEncodingKind::UTF8,
        ];
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }
}
