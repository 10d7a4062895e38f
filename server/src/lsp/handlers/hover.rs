use tower_lsp_server::{jsonrpc, ls_types as lsp};

use crate::{
    ide,
    lsp::{from_proto, server::Server, to_proto},
};

impl Server {
    pub(crate) async fn handle_hover(
        &self,
        params: lsp::HoverParams,
    ) -> jsonrpc::Result<Option<lsp::Hover>> {
        let position = params.text_document_position_params;
        let (document, analysis) = self.snapshot(&position.text_document.uri).await?;
        let encoding = self.state.encoding();
        let offset = from_proto::offset(&document.rope, position.position, encoding)?;
        let Some(hover) = ide::hover(&analysis, offset) else {
            return Ok(None);
        };
        let caps = self.state.client_capabilities();
        let format = caps
            .text_document
            .as_ref()
            .and_then(|it| it.hover.as_ref())
            .and_then(|it| it.content_format.as_deref());
        Ok(Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(markup(&hover.markdown, format)),
            range: Some(to_proto::range(&document.rope, hover.range, encoding)),
        }))
    }
}

/// Markdown as the client prefers it: the first of its formats docklens
/// can produce, plain text when it names none.
pub(super) fn markup(markdown: &str, formats: Option<&[lsp::MarkupKind]>) -> lsp::MarkupContent {
    let kind = formats
        .and_then(|it| {
            it.iter()
                .find(|kind| matches!(kind, lsp::MarkupKind::Markdown | lsp::MarkupKind::PlainText))
        })
        .cloned()
        .unwrap_or(lsp::MarkupKind::PlainText);
    let value = match kind {
        lsp::MarkupKind::Markdown => markdown.to_owned(),
        lsp::MarkupKind::PlainText => ide::markdown_to_plaintext(markdown),
    };
    lsp::MarkupContent { kind, value }
}
