use tower_lsp_server::{jsonrpc, ls_types as lsp};

use crate::{
    ide::{self, FoldKind},
    lsp::{position, server::Server},
};

impl Server {
    pub(crate) async fn handle_folding_range(
        &self,
        params: lsp::FoldingRangeParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::FoldingRange>>> {
        let (document, analysis) = self.snapshot(&params.text_document.uri).await?;
        let encoding = self.state.encoding();
        let support = self.state.settings.support();
        let mut res: Vec<lsp::FoldingRange> = ide::folding_ranges(&analysis)
            .iter()
            .filter_map(|it| {
                let start = position::position(&document.rope, it.range.start(), encoding);
                let end = position::position(&document.rope, it.range.end(), encoding);
                (end.line > start.line).then(|| lsp::FoldingRange {
                    start_line: start.line,
                    start_character: (!support.line_folding_only).then_some(start.character),
                    end_line: end.line,
                    end_character: (!support.line_folding_only).then_some(end.character),
                    kind: Some(match it.kind {
                        FoldKind::Comment => lsp::FoldingRangeKind::Comment,
                        FoldKind::Directives => lsp::FoldingRangeKind::Imports,
                        FoldKind::Region => lsp::FoldingRangeKind::Region,
                    }),
                    collapsed_text: None,
                })
            })
            .collect();
        if let Some(limit) = support.folding_range_limit {
            res.truncate(limit as usize);
        }
        Ok(Some(res))
    }
}
