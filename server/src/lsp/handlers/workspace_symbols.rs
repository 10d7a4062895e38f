use tower_lsp_server::{jsonrpc, ls_types as lsp};

use crate::{
    ide::{self, WorkspaceSymbolKind},
    lsp::{server::Server, to_proto},
};

/// At most this many symbols go back to the client.
const LIMIT: usize = 512;

impl Server {
    pub(crate) async fn handle_workspace_symbol(
        &self,
        params: lsp::WorkspaceSymbolParams,
    ) -> jsonrpc::Result<Option<lsp::WorkspaceSymbolResponse>> {
        let encoding = self.state.encoding();
        let documents = self.state.documents();
        let query = params.query;
        // Analyses may still be pending: compute them off the executor.
        let found = tokio::task::spawn_blocking(move || {
            let mut found = Vec::new();
            for document in documents {
                let analysis = document.analysis();
                for symbol in ide::workspace_symbols(&analysis, &query) {
                    #[allow(deprecated)]
                    let info = lsp::SymbolInformation {
                        name: symbol.name.clone(),
                        kind: match symbol.kind {
                            WorkspaceSymbolKind::Stage => lsp::SymbolKind::NAMESPACE,
                            WorkspaceSymbolKind::Variable => lsp::SymbolKind::VARIABLE,
                        },
                        tags: None,
                        deprecated: None,
                        location: lsp::Location {
                            uri: document.uri.clone(),
                            range: to_proto::range(&document.rope, symbol.range, encoding),
                        },
                        container_name: symbol.container.clone(),
                    };
                    found.push((symbol.score, info));
                }
            }
            found
        })
        .await
        .map_err(|err| {
            tracing::error!("workspace symbols failed: {err}");
            jsonrpc::Error::internal_error()
        })?;
        let mut found = found;
        found.sort_by(|a, b| {
            (a.0, &a.1.name, a.1.location.uri.as_str()).cmp(&(
                b.0,
                &b.1.name,
                b.1.location.uri.as_str(),
            ))
        });
        found.truncate(LIMIT);
        Ok(Some(lsp::WorkspaceSymbolResponse::Flat(
            found.into_iter().map(|(_, it)| it).collect(),
        )))
    }
}
