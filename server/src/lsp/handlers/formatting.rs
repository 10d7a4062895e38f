use tower_lsp_server::{jsonrpc, ls_types as lsp};

use crate::{
    ide::{self, FormatOptions, Indent},
    lsp::{from_proto, server::Server, to_proto},
    syntax::{TextEdit, TextRange},
};

impl Server {
    pub(crate) async fn handle_formatting(
        &self,
        params: lsp::DocumentFormattingParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::TextEdit>>> {
        let uri = params.text_document.uri;
        let (document, analysis) = self.snapshot(&uri).await?;
        let options = self.format_options(&uri, &params.options);
        let edits = ide::format(&analysis, &options, None);
        Ok(Some(self.text_edits(&document.rope, &edits)))
    }

    pub(crate) async fn handle_range_formatting(
        &self,
        params: lsp::DocumentRangeFormattingParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::TextEdit>>> {
        let uri = params.text_document.uri;
        let (document, analysis) = self.snapshot(&uri).await?;
        let encoding = self.state.encoding();
        let range = TextRange::new(
            from_proto::offset(&document.rope, params.range.start, encoding)?,
            from_proto::offset(&document.rope, params.range.end, encoding)?,
        );
        let options = self.format_options(&uri, &params.options);
        let edits = ide::format(&analysis, &options, Some(range));
        Ok(Some(self.text_edits(&document.rope, &edits)))
    }

    pub(crate) async fn handle_on_type_formatting(
        &self,
        params: lsp::DocumentOnTypeFormattingParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::TextEdit>>> {
        let position = params.text_document_position;
        let uri = position.text_document.uri;
        let (document, analysis) = self.snapshot(&uri).await?;
        let encoding = self.state.encoding();
        let offset = from_proto::offset(&document.rope, position.position, encoding)?;
        let Some(ch) = params.ch.chars().next() else {
            return Ok(None);
        };
        let options = self.format_options(&uri, &params.options);
        let edits = ide::format_on_type(&analysis, &options, offset, ch);
        Ok(Some(self.text_edits(&document.rope, &edits)))
    }

    /// The document's formatter settings over the request's tab options.
    fn format_options(&self, uri: &lsp::Uri, options: &lsp::FormattingOptions) -> FormatOptions {
        let editor = match options.insert_spaces {
            true => Indent::Spaces(u8::try_from(options.tab_size.min(16)).unwrap_or(4)),
            false => Indent::Tab,
        };
        self.state
            .settings
            .settings(Some(uri))
            .format_options(editor)
    }

    fn text_edits(&self, rope: &ropey::Rope, edits: &[TextEdit]) -> Vec<lsp::TextEdit> {
        let encoding = self.state.encoding();
        edits
            .iter()
            .map(|it| lsp::TextEdit {
                range: to_proto::range(rope, it.range, encoding),
                new_text: it.insert.clone(),
            })
            .collect()
    }
}
