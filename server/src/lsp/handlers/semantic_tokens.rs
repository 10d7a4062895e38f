//! Semantic tokens: full, range and delta. The last full result of each
//! document is kept with its result id, so a delta request after an edit
//! sends only the tokens that changed.

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU64, Ordering},
        Mutex, PoisonError,
    },
};

use ropey::Rope;
use tower_lsp_server::{jsonrpc, ls_types as lsp};

use crate::{
    ide::{self, SemanticToken, SemanticTokenKind, TokenModifiers},
    lsp::{
        from_proto,
        position::{self, Encoding},
        server::Server,
    },
    syntax::TextRange,
};

/// The legend, in the order of [`SemanticTokenKind::ALL`] and
/// [`TokenModifiers::NAMES`].
pub fn legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: SemanticTokenKind::ALL
            .iter()
            .map(|it| lsp::SemanticTokenType::new(it.name()))
            .collect(),
        token_modifiers: TokenModifiers::NAMES
            .iter()
            .map(|it| lsp::SemanticTokenModifier::new(it))
            .collect(),
    }
}

/// The last full result per document.
#[derive(Default)]
pub struct TokenCache {
    results: Mutex<HashMap<lsp::Uri, (String, Vec<lsp::SemanticToken>)>>,
    next_id: AtomicU64,
}

impl TokenCache {
    fn store(&self, uri: &lsp::Uri, data: Vec<lsp::SemanticToken>) -> String {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed).to_string();
        self.results
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(uri.clone(), (id.clone(), data));
        id
    }

    fn previous(&self, uri: &lsp::Uri, result_id: &str) -> Option<Vec<lsp::SemanticToken>> {
        self.results
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(uri)
            .filter(|(id, _)| id == result_id)
            .map(|(_, data)| data.clone())
    }

    pub fn forget(&self, uri: &lsp::Uri) {
        self.results
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(uri);
    }
}

impl Server {
    pub(crate) async fn handle_semantic_tokens_full(
        &self,
        params: lsp::SemanticTokensParams,
    ) -> jsonrpc::Result<Option<lsp::SemanticTokensResult>> {
        let uri = params.text_document.uri;
        let data = self.semantic_data(&uri, None).await?;
        let result_id = self.state.semantic_tokens.store(&uri, data.clone());
        Ok(Some(lsp::SemanticTokensResult::Tokens(
            lsp::SemanticTokens {
                result_id: Some(result_id),
                data,
            },
        )))
    }

    pub(crate) async fn handle_semantic_tokens_full_delta(
        &self,
        params: lsp::SemanticTokensDeltaParams,
    ) -> jsonrpc::Result<Option<lsp::SemanticTokensFullDeltaResult>> {
        let uri = params.text_document.uri;
        let data = self.semantic_data(&uri, None).await?;
        let previous = self
            .state
            .semantic_tokens
            .previous(&uri, &params.previous_result_id);
        let result_id = self.state.semantic_tokens.store(&uri, data.clone());
        Ok(Some(match previous {
            Some(previous) => {
                lsp::SemanticTokensFullDeltaResult::TokensDelta(lsp::SemanticTokensDelta {
                    result_id: Some(result_id),
                    edits: diff(&previous, &data),
                })
            }
            None => lsp::SemanticTokensFullDeltaResult::Tokens(lsp::SemanticTokens {
                result_id: Some(result_id),
                data,
            }),
        }))
    }

    pub(crate) async fn handle_semantic_tokens_range(
        &self,
        params: lsp::SemanticTokensRangeParams,
    ) -> jsonrpc::Result<Option<lsp::SemanticTokensRangeResult>> {
        let data = self
            .semantic_data(&params.text_document.uri, Some(params.range))
            .await?;
        Ok(Some(lsp::SemanticTokensRangeResult::Tokens(
            lsp::SemanticTokens {
                result_id: None,
                data,
            },
        )))
    }

    async fn semantic_data(
        &self,
        uri: &lsp::Uri,
        range: Option<lsp::Range>,
    ) -> jsonrpc::Result<Vec<lsp::SemanticToken>> {
        let (document, analysis) = self.snapshot(uri).await?;
        let encoding = self.state.encoding();
        let range = match range {
            Some(range) => Some(TextRange::new(
                from_proto::offset(&document.rope, range.start, encoding)?,
                from_proto::offset(&document.rope, range.end, encoding)?,
            )),
            None => None,
        };
        let tokens = ide::semantic_tokens(&analysis, range);
        Ok(encode(&document.rope, &tokens, encoding))
    }
}

/// Tokens in LSP's relative encoding, split at line ends (a token never
/// spans lines for clients without multi-line token support).
pub fn encode(
    rope: &Rope,
    tokens: &[SemanticToken],
    encoding: Encoding,
) -> Vec<lsp::SemanticToken> {
    let mut res = Vec::with_capacity(tokens.len());
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    let len = rope.len_bytes();
    for token in tokens {
        let (start, end) = (token.range.start().min(len), token.range.end().min(len));
        if start >= end {
            continue;
        }
        let first_line = rope.byte_to_line(start);
        let last_line = rope.byte_to_line(end);
        for line in first_line..=last_line.min(rope.len_lines().saturating_sub(1)) {
            let line_start = rope.line_to_byte(line);
            let line_end = line_text_end(rope, line);
            let piece_start = start.max(line_start);
            let piece_end = end.min(line_end);
            if piece_start >= piece_end {
                continue;
            }
            let at = position::position(rope, piece_start, encoding);
            let length = units(rope, piece_start, piece_end, encoding);
            let delta_line = at.line - prev_line;
            let delta_start = match delta_line {
                0 => at.character - prev_col,
                _ => at.character,
            };
            res.push(lsp::SemanticToken {
                delta_line,
                delta_start,
                length,
                token_type: token.kind.index(),
                token_modifiers_bitset: token.modifiers.0,
            });
            (prev_line, prev_col) = (at.line, at.character);
        }
    }
    res
}

/// The byte offset where `line`'s text ends (line break excluded).
fn line_text_end(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let mut end = rope.line_to_byte(line) + slice.len_bytes();
    for c in slice.chars_at(slice.len_chars()).reversed() {
        if c != '\n' && c != '\r' {
            break;
        }
        end -= 1;
    }
    end
}

/// The length of `start..end` in the negotiated encoding's units.
fn units(rope: &Rope, start: usize, end: usize, encoding: Encoding) -> u32 {
    let len = match encoding {
        Encoding::Utf8 => end - start,
        Encoding::Utf16 => {
            let (a, b) = (rope.byte_to_char(start), rope.byte_to_char(end));
            rope.char_to_utf16_cu(b) - rope.char_to_utf16_cu(a)
        }
    };
    u32::try_from(len).unwrap_or(u32::MAX)
}

/// One edit turning `old` into `new`: everything between their common
/// prefix and suffix of whole tokens. Offsets count `u32`s (5 per token).
pub fn diff(
    old: &[lsp::SemanticToken],
    new: &[lsp::SemanticToken],
) -> Vec<lsp::SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let deleted = old.len() - prefix - suffix;
    let inserted = &new[prefix..new.len() - suffix];
    if deleted == 0 && inserted.is_empty() {
        return Vec::new();
    }
    let narrow = |it: usize| u32::try_from(it * 5).unwrap_or(u32::MAX);
    vec![lsp::SemanticTokensEdit {
        start: narrow(prefix),
        delete_count: narrow(deleted),
        data: (!inserted.is_empty()).then(|| inserted.to_vec()),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(delta_line: u32, length: u32) -> lsp::SemanticToken {
        lsp::SemanticToken {
            delta_line,
            delta_start: 0,
            length,
            token_type: 0,
            token_modifiers_bitset: 0,
        }
    }

    #[test]
    fn diff_replaces_only_the_middle() {
        let old = [token(0, 4), token(1, 3), token(1, 2)];
        let new = [token(0, 4), token(1, 5), token(0, 1), token(1, 2)];
        let edits = diff(&old, &new);
        assert_eq!(edits.len(), 1);
        assert_eq!((edits[0].start, edits[0].delete_count), (5, 5));
        assert_eq!(edits[0].data.as_deref(), Some(&new[1..3]));
        assert!(diff(&old, &old).is_empty());
    }

    #[test]
    fn multi_line_tokens_are_split_per_line() {
        let rope = Rope::from_str("RUN <<EOF\nab\r\ncd\nEOF\n");
        let tokens = [SemanticToken {
            range: TextRange::new(10, 16),
            kind: SemanticTokenKind::String,
            modifiers: TokenModifiers::NONE,
        }];
        let encoded = encode(&rope, &tokens, Encoding::Utf16);
        let lines: Vec<(u32, u32, u32)> = encoded
            .iter()
            .map(|it| (it.delta_line, it.delta_start, it.length))
            .collect();
        assert_eq!(lines, vec![(1, 0, 2), (1, 0, 2)]);
    }
}
