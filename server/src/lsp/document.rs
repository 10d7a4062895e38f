//! Open documents: one immutable value per version. A change makes a new
//! value (ropes clone cheaply), so a request holding an older snapshot keeps
//! a consistent text, rope and analysis.

use std::sync::{Arc, OnceLock};

use ropey::Rope;
use tower_lsp_server::ls_types as lsp;

use super::position::{self, Encoding};
use crate::ide::{Analysis, AnalysisConfig};

pub struct Document {
    pub uri: lsp::Uri,
    pub version: i32,
    pub language_id: String,
    pub rope: Rope,
    pub config: Arc<AnalysisConfig>,
    text: OnceLock<Arc<str>>,
    analysis: OnceLock<Arc<Analysis>>,
}

impl Document {
    pub fn new(
        uri: lsp::Uri,
        version: i32,
        language_id: String,
        text: &str,
        config: Arc<AnalysisConfig>,
    ) -> Document {
        Document {
            uri,
            version,
            language_id,
            rope: Rope::from_str(text),
            config,
            text: OnceLock::new(),
            analysis: OnceLock::new(),
        }
    }

    /// The next version: `changes` applied in order. A change without a range
    /// replaces everything, and later ones apply on top of it.
    pub fn changed(
        &self,
        version: i32,
        changes: Vec<lsp::TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> Document {
        let mut rope = self.rope.clone();
        for change in changes {
            match change.range {
                None => rope = Rope::from_str(&change.text),
                Some(range) => {
                    let start = position::char_index(&rope, range.start, encoding);
                    let end = position::char_index(&rope, range.end, encoding).max(start);
                    rope.remove(start..end);
                    rope.insert(start, &change.text);
                }
            }
        }
        Document {
            uri: self.uri.clone(),
            version,
            language_id: self.language_id.clone(),
            rope,
            config: Arc::clone(&self.config),
            text: OnceLock::new(),
            analysis: OnceLock::new(),
        }
    }

    pub fn text(&self) -> Arc<str> {
        Arc::clone(self.text.get_or_init(|| Arc::from(self.rope.to_string())))
    }

    /// The analysis of this version, computed once by whoever asks first.
    /// It can take milliseconds: call it off the async executor.
    pub fn analysis(&self) -> Arc<Analysis> {
        Arc::clone(
            self.analysis
                .get_or_init(|| Arc::new(Analysis::new(self.text(), Arc::clone(&self.config)))),
        )
    }

    /// The analysis if it is already computed.
    pub fn analysis_if_ready(&self) -> Option<Arc<Analysis>> {
        self.analysis.get().cloned()
    }
}
