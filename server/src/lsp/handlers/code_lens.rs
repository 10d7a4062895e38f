use tower_lsp_server::{jsonrpc, ls_types as lsp};

use crate::{
    ide,
    lsp::{server::Server, to_proto},
};

impl Server {
    pub(crate) async fn handle_code_lens(
        &self,
        params: lsp::CodeLensParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::CodeLens>>> {
        let uri = params.text_document.uri;
        if !self.state.settings.settings(Some(&uri)).hints.sizes {
            return Ok(Some(Vec::new()));
        }
        let (document, analysis) = self.snapshot(&uri).await?;
        let encoding = self.state.encoding();
        let lenses = ide::size_lenses(&analysis)
            .into_iter()
            .map(|it| lsp::CodeLens {
                range: to_proto::range(&document.rope, it.range, encoding),
                // Display only: an empty command makes the lens a label
                // rather than something to click.
                command: Some(lsp::Command {
                    title: it.title,
                    command: String::new(),
                    arguments: None,
                }),
                data: None,
            })
            .collect();
        Ok(Some(lenses))
    }
}
