use std::fmt;

/// A half-open byte range `start..end` into the original source text.
///
/// Every position the syntax layer reports is a byte offset into the text
/// that was parsed, so diagnostics and edits can point at exact characters no
/// matter how many continuation lines an instruction was joined from.
/// Offsets are stored as `u32` (texts are capped at 4 GiB by [`super::parse`])
/// to keep the tree small; the API speaks `usize`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct TextRange {
    start: u32,
    end: u32,
}

/// The largest text the syntax layer handles; offsets beyond it saturate.
pub const MAX_TEXT_LEN: usize = u32::MAX as usize;

fn narrow(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> TextRange {
        debug_assert!(start <= end, "inverted range {start}..{end}");
        TextRange {
            start: narrow(start),
            end: narrow(end.max(start)),
        }
    }

    pub fn empty(at: usize) -> TextRange {
        TextRange::new(at, at)
    }

    pub fn start(self) -> usize {
        self.start as usize
    }

    pub fn end(self) -> usize {
        self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when `offset` lies inside the range, the end excluded.
    pub fn contains(self, offset: usize) -> bool {
        self.start() <= offset && offset < self.end()
    }

    /// True when `offset` lies inside the range or right at its end, which is
    /// what a cursor placed just after a word expects.
    pub fn touches(self, offset: usize) -> bool {
        self.start() <= offset && offset <= self.end()
    }

    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn intersects(self, other: TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// This range moved right by `offset` bytes.
    pub fn shifted(self, offset: usize) -> TextRange {
        TextRange::new(self.start() + offset, self.end() + offset)
    }

    /// The text this range covers; empty when the range is out of bounds or
    /// does not fall on character boundaries.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start()..self.end()).unwrap_or("")
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}
