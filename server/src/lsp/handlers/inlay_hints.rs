use tower_lsp_server::{jsonrpc, ls_types as lsp};

use crate::{
    ide,
    lsp::{position, server::Server},
};

impl Server {
    pub(crate) async fn handle_inlay_hint(
        &self,
        params: lsp::InlayHintParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::InlayHint>>> {
        let uri = params.text_document.uri;
        if !self.state.settings.settings(Some(&uri)).hints.sizes {
            return Ok(Some(Vec::new()));
        }
        let (document, analysis) = self.snapshot(&uri).await?;
        let encoding = self.state.encoding();
        let start = position::offset(&document.rope, params.range.start, encoding);
        let end = position::offset(&document.rope, params.range.end, encoding);
        let hints = ide::size_hints(&analysis)
            .into_iter()
            .filter(|it| (start..=end).contains(&it.offset))
            .map(|it| lsp::InlayHint {
                position: position::position(&document.rope, it.offset, encoding),
                label: lsp::InlayHintLabel::String(it.label),
                kind: None,
                text_edits: None,
                tooltip: it.tooltip.map(lsp::InlayHintTooltip::String),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect();
        Ok(Some(hints))
    }
}
