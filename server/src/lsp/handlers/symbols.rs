use ropey::Rope;
use tower_lsp_server::{jsonrpc, ls_types as lsp};

use crate::{
    ide::{self, Symbol, SymbolKind},
    lsp::{position::Encoding, server::Server, to_proto},
};

impl Server {
    pub(crate) async fn handle_document_symbol(
        &self,
        params: lsp::DocumentSymbolParams,
    ) -> jsonrpc::Result<Option<lsp::DocumentSymbolResponse>> {
        let (document, analysis) = self.snapshot(&params.text_document.uri).await?;
        let encoding = self.state.encoding();
        let symbols = ide::document_symbols(&analysis)
            .iter()
            .map(|it| symbol(&document.rope, it, encoding))
            .collect();
        Ok(Some(lsp::DocumentSymbolResponse::Nested(symbols)))
    }
}

#[allow(deprecated)]
fn symbol(rope: &Rope, symbol: &Symbol, encoding: Encoding) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: if symbol.name.is_empty() {
            "(empty)".to_owned()
        } else {
            symbol.name.clone()
        },
        detail: symbol.detail.clone(),
        kind: match symbol.kind {
            SymbolKind::Directive => lsp::SymbolKind::PROPERTY,
            SymbolKind::Stage => lsp::SymbolKind::NAMESPACE,
            SymbolKind::Instruction => lsp::SymbolKind::FUNCTION,
            SymbolKind::Variable => lsp::SymbolKind::VARIABLE,
            SymbolKind::Label => lsp::SymbolKind::KEY,
        },
        tags: symbol.deprecated.then(|| vec![lsp::SymbolTag::DEPRECATED]),
        deprecated: None,
        range: to_proto::range(rope, symbol.range, encoding),
        selection_range: to_proto::range(rope, symbol.selection, encoding),
        children: (!symbol.children.is_empty()).then(|| {
            symbol
                .children
                .iter()
                .map(|it| self::symbol(rope, it, encoding))
                .collect()
        }),
    }
}
