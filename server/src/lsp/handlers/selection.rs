use tower_lsp_server::{jsonrpc, ls_types as lsp};

use crate::{
    ide,
    lsp::{from_proto, server::Server, to_proto},
};

impl Server {
    pub(crate) async fn handle_selection_range(
        &self,
        params: lsp::SelectionRangeParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::SelectionRange>>> {
        let (document, analysis) = self.snapshot(&params.text_document.uri).await?;
        let encoding = self.state.encoding();
        let mut res = Vec::with_capacity(params.positions.len());
        for position in params.positions {
            let offset = from_proto::offset(&document.rope, position, encoding)?;
            let mut ranges = ide::selection_ranges(&analysis, offset);
            // Outermost first, so each range can point at its parent.
            ranges.reverse();
            let mut parent: Option<Box<lsp::SelectionRange>> = None;
            for range in ranges {
                parent = Some(Box::new(lsp::SelectionRange {
                    range: to_proto::range(&document.rope, range, encoding),
                    parent,
                }));
            }
            let empty = lsp::Range {
                start: position,
                end: position,
            };
            res.push(parent.map_or(
                lsp::SelectionRange {
                    range: empty,
                    parent: None,
                },
                |it| *it,
            ));
        }
        Ok(Some(res))
    }
}
