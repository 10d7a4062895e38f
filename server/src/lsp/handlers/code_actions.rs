use std::collections::HashMap;

use serde_json::json;
use tower_lsp_server::{jsonrpc, ls_types as lsp};

use crate::{
    ide::{self, Analysis, CodeAction, CodeActionKind},
    lsp::{document::Document, from_proto, server::Server, to_proto},
    syntax::TextRange,
};

/// `source.fixAll.docklens`.
pub const SOURCE_FIX_ALL: lsp::CodeActionKind = lsp::CodeActionKind::new("source.fixAll.docklens");

/// Shows a refactor's notes after the client applied its edit.
pub const SHOW_NOTES: &str = "docklens.showNotes";

/// Every command `workspace/executeCommand` takes.
pub const COMMANDS: [&str; 1] = [SHOW_NOTES];

/// The kinds the server offers, as `codeActionKinds`.
pub fn kinds() -> Vec<lsp::CodeActionKind> {
    vec![
        lsp::CodeActionKind::QUICKFIX,
        SOURCE_FIX_ALL,
        lsp::CodeActionKind::REFACTOR_REWRITE,
    ]
}

fn kind(kind: CodeActionKind) -> lsp::CodeActionKind {
    match kind {
        CodeActionKind::QuickFix => lsp::CodeActionKind::QUICKFIX,
        CodeActionKind::SourceFixAll => SOURCE_FIX_ALL,
        CodeActionKind::RefactorRewrite => lsp::CodeActionKind::REFACTOR_REWRITE,
    }
}

const ALL: [CodeActionKind; 3] = [
    CodeActionKind::QuickFix,
    CodeActionKind::SourceFixAll,
    CodeActionKind::RefactorRewrite,
];

/// The kinds a request's `only` asks for: a requested kind takes in its
/// sub-kinds (`source` asks for `source.fixAll.docklens`).
fn requested(only: Option<&[lsp::CodeActionKind]>) -> Option<Vec<CodeActionKind>> {
    let only = only?;
    Some(
        ALL.into_iter()
            .filter(|it| {
                let ours = kind(*it);
                let ours = ours.as_str();
                only.iter().any(|asked| {
                    let asked = asked.as_str();
                    ours == asked
                        || ours
                            .strip_prefix(asked)
                            .is_some_and(|rest| rest.starts_with('.'))
                })
            })
            .collect(),
    )
}

impl Server {
    pub(crate) async fn handle_code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> jsonrpc::Result<Option<lsp::CodeActionResponse>> {
        let uri = params.text_document.uri;
        let (document, analysis) = self.snapshot(&uri).await?;
        let encoding = self.state.encoding();
        let range = TextRange::new(
            from_proto::offset(&document.rope, params.range.start, encoding)?,
            from_proto::offset(&document.rope, params.range.end, encoding)?,
        );
        let only = requested(params.context.only.as_deref());
        let support = self.state.settings.support();
        let wants_fix_all = only
            .as_ref()
            .is_none_or(|it| it.contains(&CodeActionKind::SourceFixAll));
        // Fix-all re-analyses the file; a client that resolves actions gets
        // it without the edit, computed only when chosen.
        let lazy_fix_all = support.code_action_resolve && wants_fix_all;
        let kinds: Option<Vec<CodeActionKind>> = match (lazy_fix_all, only) {
            (false, only) => only,
            (true, only) => Some(
                only.unwrap_or_else(|| ALL.to_vec())
                    .into_iter()
                    .filter(|it| *it != CodeActionKind::SourceFixAll)
                    .collect(),
            ),
        };
        let actions = ide::code_actions(&analysis, range, kinds.as_deref());
        let mut res: Vec<lsp::CodeActionOrCommand> = actions
            .iter()
            .map(|action| {
                lsp::CodeActionOrCommand::CodeAction(self.code_action(
                    &document,
                    &analysis,
                    action,
                    support.document_changes,
                ))
            })
            .collect();
        if lazy_fix_all && ide::has_safe_fixes(&analysis) {
            res.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: ide::FIX_ALL_TITLE.to_owned(),
                kind: Some(SOURCE_FIX_ALL),
                data: Some(json!({ "uri": uri.as_str(), "version": document.version })),
                ..Default::default()
            }));
        }
        Ok(Some(res))
    }

    /// Fills in the edit of a lazily sent fix-all action.
    pub(crate) async fn handle_code_action_resolve(
        &self,
        mut action: lsp::CodeAction,
    ) -> jsonrpc::Result<lsp::CodeAction> {
        let Some(data) = action.data.as_ref() else {
            return Ok(action);
        };
        let uri: lsp::Uri = data["uri"]
            .as_str()
            .and_then(|it| it.parse().ok())
            .ok_or_else(|| jsonrpc::Error::invalid_params("code action data without a uri"))?;
        let (document, analysis) = self.snapshot(&uri).await?;
        if data["version"].as_i64() != Some(i64::from(document.version)) {
            return Err(jsonrpc::Error::content_modified());
        }
        let support = self.state.settings.support();
        if let Some(fix_all) = ide::fix_all_action(&analysis) {
            let resolved =
                self.code_action(&document, &analysis, &fix_all, support.document_changes);
            action.edit = resolved.edit;
            action.diagnostics = resolved.diagnostics;
        }
        Ok(action)
    }

    fn code_action(
        &self,
        document: &Document,
        analysis: &Analysis,
        action: &CodeAction,
        document_changes: bool,
    ) -> lsp::CodeAction {
        let encoding = self.state.encoding();
        let diagnostics: Vec<lsp::Diagnostic> = analysis
            .diagnostics()
            .iter()
            .filter(|it| {
                action
                    .diagnostic_codes
                    .iter()
                    .zip(&action.diagnostic_ranges)
                    .any(|(code, range)| *code == it.code && *range == it.range)
            })
            .map(|it| to_proto::diagnostic(&document.rope, &document.uri, it, encoding))
            .collect();
        lsp::CodeAction {
            title: action.title.clone(),
            kind: Some(kind(action.kind)),
            diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
            edit: Some(self.workspace_edit(document, action, document_changes)),
            // The client runs the command after applying the edit, so the
            // notes appear once the change is made, not while browsing.
            command: (!action.notes.is_empty()).then(|| lsp::Command {
                title: "Show what the refactor assumes".to_owned(),
                command: SHOW_NOTES.to_owned(),
                arguments: Some(vec![json!(action.title), json!(action.notes)]),
            }),
            is_preferred: action.is_preferred.then_some(true),
            disabled: None,
            data: None,
        }
    }

    /// `workspace/executeCommand`.
    pub(crate) async fn handle_execute_command(
        &self,
        params: lsp::ExecuteCommandParams,
    ) -> jsonrpc::Result<Option<serde_json::Value>> {
        if params.command != SHOW_NOTES {
            return Err(jsonrpc::Error::invalid_params(format!(
                "unknown command `{}`; docklens runs {}",
                params.command,
                COMMANDS.join(", ")
            )));
        }
        let title = params
            .arguments
            .first()
            .and_then(|it| it.as_str())
            .unwrap_or("Refactor");
        let notes: Vec<&str> = params
            .arguments
            .get(1)
            .and_then(|it| it.as_array())
            .map(|it| it.iter().filter_map(|note| note.as_str()).collect())
            .unwrap_or_default();
        if notes.is_empty() {
            return Ok(None);
        }
        let mut message = format!("{title}\n");
        for note in notes {
            message.push_str("\n• ");
            message.push_str(note);
        }
        self.client
            .show_message(lsp::MessageType::INFO, message)
            .await;
        Ok(None)
    }

    fn workspace_edit(
        &self,
        document: &Document,
        action: &CodeAction,
        document_changes: bool,
    ) -> lsp::WorkspaceEdit {
        let encoding = self.state.encoding();
        let edits: Vec<lsp::TextEdit> = action
            .edits
            .iter()
            .map(|it| lsp::TextEdit {
                range: to_proto::range(&document.rope, it.range, encoding),
                new_text: it.insert.clone(),
            })
            .collect();
        if document_changes {
            return lsp::WorkspaceEdit {
                changes: None,
                document_changes: Some(lsp::DocumentChanges::Edits(vec![lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                        uri: document.uri.clone(),
                        version: Some(document.version),
                    },
                    edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
                }])),
                change_annotations: None,
            };
        }
        lsp::WorkspaceEdit {
            changes: Some(HashMap::from([(document.uri.clone(), edits)])),
            document_changes: None,
            change_annotations: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requested_kinds_take_in_sub_kinds() {
        let source = [lsp::CodeActionKind::SOURCE];
        assert_eq!(
            requested(Some(&source)),
            Some(vec![CodeActionKind::SourceFixAll])
        );
        let fix_all = [lsp::CodeActionKind::SOURCE_FIX_ALL];
        assert_eq!(
            requested(Some(&fix_all)),
            Some(vec![CodeActionKind::SourceFixAll])
        );
        let refactor = [lsp::CodeActionKind::REFACTOR];
        assert_eq!(
            requested(Some(&refactor)),
            Some(vec![CodeActionKind::RefactorRewrite])
        );
        let quick = [lsp::CodeActionKind::new("quick")];
        assert_eq!(requested(Some(&quick)), Some(vec![]));
        assert_eq!(requested(None), None);
    }
}
