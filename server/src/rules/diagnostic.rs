//! Findings and the fixes they carry.

use super::{Rule, Severity};
use crate::syntax::{TextEdit, TextRange};

/// One finding.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub code: &'static str,
    pub rule: &'static Rule,
    /// The severity after configuration was applied.
    pub severity: Severity,
    pub range: TextRange,
    /// States the problem, present tense, no trailing period.
    pub message: String,
    pub fix: Option<Fix>,
    /// Other places that explain the finding (the first of two duplicate stages).
    pub related: Vec<Related>,
    pub tags: Tags,
}

impl Diagnostic {
    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }

    pub fn with_related(mut self, range: TextRange, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }

    pub fn deprecated(mut self) -> Diagnostic {
        self.tags.deprecated = true;
        self
    }

    pub fn unnecessary(mut self) -> Diagnostic {
        self.tags.unnecessary = true;
        self
    }
}

impl PartialEq for Diagnostic {
    fn eq(&self, other: &Diagnostic) -> bool {
        self.code == other.code
            && self.severity == other.severity
            && self.range == other.range
            && self.message == other.message
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub range: TextRange,
    pub message: String,
}

/// Editor hints: strike-through for deprecated syntax, fading for unnecessary code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tags {
    pub deprecated: bool,
    pub unnecessary: bool,
}

/// How far a fix can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applicability {
    /// May be wrong; shown as a suggestion, never applied by fix-all.
    DisplayOnly,
    /// Valid Dockerfile, but the image, its layers or future builds may change.
    Unsafe,
    /// Same image, same build; only spelling or layout changes.
    Safe,
}

/// A set of non-overlapping edits that resolve a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Imperative: "Add `--no-install-recommends`".
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<TextEdit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<TextEdit>) -> Fix {
        Fix {
            title: title.into(),
            applicability: Applicability::Safe,
            edits,
        }
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<TextEdit>) -> Fix {
        Fix {
            title: title.into(),
            applicability: Applicability::Unsafe,
            edits,
        }
    }

    pub fn display_only(title: impl Into<String>, edits: Vec<TextEdit>) -> Fix {
        Fix {
            title: title.into(),
            applicability: Applicability::DisplayOnly,
            edits,
        }
    }
}
