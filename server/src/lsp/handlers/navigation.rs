use std::collections::HashMap;

use tower_lsp_server::{jsonrpc, ls_types as lsp};

use crate::{
    ide,
    lsp::{from_proto, server::Server, to_proto},
};

/// LSP's "request failed": the request was valid but cannot be carried out.
fn request_failed(message: String) -> jsonrpc::Error {
    jsonrpc::Error {
        code: jsonrpc::ErrorCode::ServerError(-32803),
        message: message.into(),
        data: None,
    }
}

impl Server {
    pub(crate) async fn handle_goto_definition(
        &self,
        params: lsp::GotoDefinitionParams,
    ) -> jsonrpc::Result<Option<lsp::GotoDefinitionResponse>> {
        let position = params.text_document_position_params;
        let uri = position.text_document.uri;
        let (document, analysis) = self.snapshot(&uri).await?;
        let encoding = self.state.encoding();
        let offset = from_proto::offset(&document.rope, position.position, encoding)?;
        let locations: Vec<lsp::Location> = ide::goto_definition(&analysis, offset)
            .into_iter()
            .map(|range| lsp::Location {
                uri: uri.clone(),
                range: to_proto::range(&document.rope, range, encoding),
            })
            .collect();
        Ok(match locations.len() {
            0 => None,
            1 => locations
                .into_iter()
                .next()
                .map(lsp::GotoDefinitionResponse::Scalar),
            _ => Some(lsp::GotoDefinitionResponse::Array(locations)),
        })
    }

    pub(crate) async fn handle_references(
        &self,
        params: lsp::ReferenceParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::Location>>> {
        let position = params.text_document_position;
        let uri = position.text_document.uri;
        let (document, analysis) = self.snapshot(&uri).await?;
        let encoding = self.state.encoding();
        let offset = from_proto::offset(&document.rope, position.position, encoding)?;
        let refs = ide::references(&analysis, offset, params.context.include_declaration);
        Ok(Some(
            refs.into_iter()
                .map(|it| lsp::Location {
                    uri: uri.clone(),
                    range: to_proto::range(&document.rope, it.range, encoding),
                })
                .collect(),
        ))
    }

    pub(crate) async fn handle_document_highlight(
        &self,
        params: lsp::DocumentHighlightParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::DocumentHighlight>>> {
        let position = params.text_document_position_params;
        let (document, analysis) = self.snapshot(&position.text_document.uri).await?;
        let encoding = self.state.encoding();
        let offset = from_proto::offset(&document.rope, position.position, encoding)?;
        let highlights = ide::document_highlights(&analysis, offset)
            .into_iter()
            .map(|it| lsp::DocumentHighlight {
                range: to_proto::range(&document.rope, it.range, encoding),
                kind: Some(if it.is_declaration {
                    lsp::DocumentHighlightKind::WRITE
                } else {
                    lsp::DocumentHighlightKind::READ
                }),
            })
            .collect();
        Ok(Some(highlights))
    }

    pub(crate) async fn handle_prepare_rename(
        &self,
        params: lsp::TextDocumentPositionParams,
    ) -> jsonrpc::Result<Option<lsp::PrepareRenameResponse>> {
        let (document, analysis) = self.snapshot(&params.text_document.uri).await?;
        let encoding = self.state.encoding();
        let offset = from_proto::offset(&document.rope, params.position, encoding)?;
        match ide::prepare_rename(&analysis, offset) {
            Ok(target) => Ok(Some(lsp::PrepareRenameResponse::RangeWithPlaceholder {
                range: to_proto::range(&document.rope, target.range, encoding),
                placeholder: target.placeholder,
            })),
            Err(err) => Err(request_failed(err.0)),
        }
    }

    pub(crate) async fn handle_rename(
        &self,
        params: lsp::RenameParams,
    ) -> jsonrpc::Result<Option<lsp::WorkspaceEdit>> {
        let position = params.text_document_position;
        let uri = position.text_document.uri;
        let (document, analysis) = self.snapshot(&uri).await?;
        let encoding = self.state.encoding();
        let offset = from_proto::offset(&document.rope, position.position, encoding)?;
        let edits = ide::rename(&analysis, offset, &params.new_name)
            .map_err(|err| request_failed(err.0))?
            .into_iter()
            .map(|edit| lsp::TextEdit {
                range: to_proto::range(&document.rope, edit.range, encoding),
                new_text: edit.insert,
            })
            .collect();
        Ok(Some(lsp::WorkspaceEdit {
            changes: Some(HashMap::from([(uri, edits)])),
            ..Default::default()
        }))
    }
}
