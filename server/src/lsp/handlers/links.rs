use tower_lsp_server::{jsonrpc, ls_types as lsp};

use crate::{
    ide,
    lsp::{server::Server, to_proto},
};

impl Server {
    pub(crate) async fn handle_document_link(
        &self,
        params: lsp::DocumentLinkParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::DocumentLink>>> {
        let (document, analysis) = self.snapshot(&params.text_document.uri).await?;
        let encoding = self.state.encoding();
        let links = ide::document_links(&analysis)
            .into_iter()
            .filter_map(|link| {
                Some(lsp::DocumentLink {
                    range: to_proto::range(&document.rope, link.range, encoding),
                    target: Some(link.target.parse::<lsp::Uri>().ok()?),
                    tooltip: link.tooltip,
                    data: None,
                })
            })
            .collect();
        Ok(Some(links))
    }
}
