use super::TextRange;

/// Maps byte offsets to 0-based lines and columns. Lines end at `\n`, as
/// BuildKit counts them; columns count Unicode scalar values, as hadolint's
/// JSON and most terminals do.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

/// A 0-based line and column (in Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(idx, _)| idx + 1));
        LineIndex { line_starts }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte offset where `line` starts, clamped to the last line.
    pub fn line_start(&self, line: usize) -> usize {
        let last = self.line_starts.len() - 1;
        self.line_starts[line.min(last)]
    }

    /// The line and column of `offset`; offsets past the end clamp to it and
    /// offsets inside a character count as that character.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let col = text.get(start..).map_or(0, |rest| {
            rest.char_indices()
                .take_while(|(idx, _)| start + idx < offset)
                .count()
        });
        LineCol { line, col }
    }

    /// The range of `line`'s text, line ending excluded.
    pub fn line_range(&self, text: &str, line: usize) -> TextRange {
        let start = self.line_start(line);
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        let content = TextRange::new(start, end.max(start)).slice(text);
        TextRange::new(start, start + content.trim_end_matches('\r').len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_to_lines_and_columns() {
        let text = "ab\né😀x\r\n\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_col(text, 0), LineCol { line: 0, col: 0 });
        assert_eq!(index.line_col(text, 3), LineCol { line: 1, col: 0 });
        // After "é😀": two characters, six bytes.
        assert_eq!(index.line_col(text, 9), LineCol { line: 1, col: 2 });
        assert_eq!(index.line_col(text, 999), LineCol { line: 3, col: 4 });
        assert_eq!(index.line_range(text, 1).slice(text), "é😀x");
    }
}
