use super::TextRange;

/// Replace `range` of a text with `insert`. Fixes, refactors and the
/// formatter all speak in these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub range: TextRange,
    pub insert: String,
}

impl TextEdit {
    pub fn replace(range: TextRange, insert: impl Into<String>) -> TextEdit {
        TextEdit {
            range,
            insert: insert.into(),
        }
    }

    pub fn insert(at: usize, insert: impl Into<String>) -> TextEdit {
        TextEdit::replace(TextRange::empty(at), insert)
    }

    pub fn delete(range: TextRange) -> TextEdit {
        TextEdit::replace(range, "")
    }
}

/// Applies edits to `text`. Edits must not overlap; they may come in any
/// order. Returns `None` when two overlap or one is out of bounds, rather
/// than producing a garbled file.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> Option<String> {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|it| (it.range.start(), it.range.end()));
    let mut res = String::with_capacity(text.len());
    let mut pos = 0;
    for edit in sorted {
        if edit.range.start() < pos || edit.range.end() > text.len() {
            return None;
        }
        res.push_str(text.get(pos..edit.range.start())?);
        res.push_str(&edit.insert);
        pos = edit.range.end();
    }
    res.push_str(text.get(pos..)?);
    Some(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_in_any_order_and_rejects_overlaps() {
        let text = "FROM alpine as build";
        let edits = [
            TextEdit::replace(TextRange::new(12, 14), "AS"),
            TextEdit::insert(0, "# x\n"),
        ];
        assert_eq!(
            apply_edits(text, &edits).as_deref(),
            Some("# x\nFROM alpine AS build")
        );
        let overlapping = [
            TextEdit::replace(TextRange::new(0, 4), "from"),
            TextEdit::replace(TextRange::new(2, 6), "x"),
        ];
        assert_eq!(apply_edits(text, &overlapping), None);
        assert_eq!(
            apply_edits(text, &[TextEdit::delete(TextRange::new(10, 99))]),
            None
        );
    }
}
