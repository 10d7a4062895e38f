use tower_lsp_server::{jsonrpc, ls_types as lsp};

use super::hover::markup;
use crate::{
    ide::{self, CompletionConfig, CompletionKind},
    lsp::{from_proto, server::Server, to_proto},
};

impl Server {
    pub(crate) async fn handle_completion(
        &self,
        params: lsp::CompletionParams,
    ) -> jsonrpc::Result<Option<lsp::CompletionResponse>> {
        let position = params.text_document_position;
        let (document, analysis) = self.snapshot(&position.text_document.uri).await?;
        let encoding = self.state.encoding();
        let offset = from_proto::offset(&document.rope, position.position, encoding)?;
        let caps = self
            .state
            .client_capabilities()
            .text_document
            .as_ref()
            .and_then(|it| it.completion.as_ref())
            .and_then(|it| it.completion_item.as_ref());
        let snippets = caps.and_then(|it| it.snippet_support).unwrap_or(false);
        let formats = caps.and_then(|it| it.documentation_format.as_deref());
        let tags = caps
            .and_then(|it| it.tag_support.as_ref())
            .is_some_and(|it| it.value_set.contains(&lsp::CompletionItemTag::DEPRECATED));
        let deprecated_field = caps.and_then(|it| it.deprecated_support).unwrap_or(false);
        let items = ide::completions(&analysis, offset, CompletionConfig { snippets })
            .into_iter()
            .map(|item| {
                let range = to_proto::range(&document.rope, item.replace_range, encoding);
                #[allow(deprecated)]
                lsp::CompletionItem {
                    kind: Some(kind(item.kind)),
                    detail: item.detail,
                    documentation: item
                        .documentation
                        .map(|it| lsp::Documentation::MarkupContent(markup(&it, formats))),
                    deprecated: (item.deprecated && deprecated_field && !tags).then_some(true),
                    tags: (item.deprecated && tags)
                        .then(|| vec![lsp::CompletionItemTag::DEPRECATED]),
                    sort_text: item.sort_text,
                    insert_text_format: Some(if item.is_snippet {
                        lsp::InsertTextFormat::SNIPPET
                    } else {
                        lsp::InsertTextFormat::PLAIN_TEXT
                    }),
                    text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                        range,
                        new_text: item.insert_text,
                    })),
                    label: item.label,
                    ..Default::default()
                }
            })
            .collect();
        Ok(Some(lsp::CompletionResponse::Array(items)))
    }
}

fn kind(kind: CompletionKind) -> lsp::CompletionItemKind {
    match kind {
        CompletionKind::Keyword | CompletionKind::Directive => lsp::CompletionItemKind::KEYWORD,
        CompletionKind::Flag => lsp::CompletionItemKind::PROPERTY,
        CompletionKind::MountKey => lsp::CompletionItemKind::FIELD,
        CompletionKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Stage => lsp::CompletionItemKind::MODULE,
        CompletionKind::Image => lsp::CompletionItemKind::REFERENCE,
        CompletionKind::Variable => lsp::CompletionItemKind::VARIABLE,
        CompletionKind::Rule => lsp::CompletionItemKind::CONSTANT,
    }
}
