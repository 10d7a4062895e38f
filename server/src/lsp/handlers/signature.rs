use tower_lsp_server::{jsonrpc, ls_types as lsp};

use super::hover::markup;
use crate::{
    ide,
    lsp::{from_proto, server::Server},
};

impl Server {
    pub(crate) async fn handle_signature_help(
        &self,
        params: lsp::SignatureHelpParams,
    ) -> jsonrpc::Result<Option<lsp::SignatureHelp>> {
        let position = params.text_document_position_params;
        let (document, analysis) = self.snapshot(&position.text_document.uri).await?;
        let encoding = self.state.encoding();
        let offset = from_proto::offset(&document.rope, position.position, encoding)?;
        let Some(help) = ide::signature_help(&analysis, offset) else {
            return Ok(None);
        };
        let caps = self
            .state
            .client_capabilities()
            .text_document
            .as_ref()
            .and_then(|it| it.signature_help.as_ref())
            .and_then(|it| it.signature_information.as_ref());
        let formats = caps.and_then(|it| it.documentation_format.as_deref());
        let offsets = caps
            .and_then(|it| it.parameter_information.as_ref())
            .and_then(|it| it.label_offset_support)
            .unwrap_or(false);
        let signatures =
            help.signatures
                .into_iter()
                .map(|signature| {
                    let parameters = signature
                        .parameters
                        .iter()
                        .map(|param| {
                            let (start, end) = param.label;
                            let label = if offsets {
                                // Labels are ASCII: byte offsets are UTF-16 offsets.
                                let narrow = |it: usize| u32::try_from(it).unwrap_or(u32::MAX);
                                lsp::ParameterLabel::LabelOffsets([narrow(start), narrow(end)])
                            } else {
                                lsp::ParameterLabel::Simple(
                                    signature.label.get(start..end).unwrap_or("").to_owned(),
                                )
                            };
                            lsp::ParameterInformation {
                                label,
                                documentation: param.documentation.as_deref().map(|it| {
                                    lsp::Documentation::MarkupContent(markup(it, formats))
                                }),
                            }
                        })
                        .collect();
                    lsp::SignatureInformation {
                        documentation: signature
                            .documentation
                            .as_deref()
                            .map(|it| lsp::Documentation::MarkupContent(markup(it, formats))),
                        label: signature.label,
                        parameters: Some(parameters),
                        active_parameter: None,
                    }
                })
                .collect();
        let narrow = |it: usize| u32::try_from(it).unwrap_or(u32::MAX);
        Ok(Some(lsp::SignatureHelp {
            signatures,
            active_signature: Some(narrow(help.active_signature)),
            active_parameter: help.active_parameter.map(narrow),
        }))
    }
}
