//! The language server: document sync and diagnostics; request handlers
//! live in `handlers/`.
//!
//! Ordering: tower-lsp-server polls handler futures concurrently, but starts
//! them in arrival order. Every state change happens synchronously before a
//! handler's first `.await`, so changes apply strictly in arrival order.
//! Analysis runs on the blocking pool, one per document version, and only
//! for the latest version; diagnostics go out through a single publisher
//! that drops any that a newer version has made stale.

use std::{
    collections::HashMap,
    future::Future,
    panic::AssertUnwindSafe,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex, PoisonError,
    },
};

use futures::FutureExt;
use tokio::sync::mpsc;
use tower_lsp_server::{jsonrpc, ls_types as lsp, Client, LanguageServer};
use tracing::Instrument;

use super::{
    capabilities,
    config::{self, SettingsStore},
    document::Document,
    handlers::TokenCache,
    position::Encoding,
    to_proto,
};
use crate::ide::Analysis;

pub struct Server {
    pub(crate) client: Client,
    pub(crate) state: Arc<State>,
    shutdown: Arc<AtomicBool>,
}

pub(crate) struct State {
    documents: Mutex<HashMap<lsp::Uri, Arc<Document>>>,
    encoding: Mutex<Encoding>,
    publisher: mpsc::UnboundedSender<Publish>,
    /// Editor settings and client capabilities (`lsp::config`).
    pub(crate) settings: SettingsStore,
    /// The last semantic tokens of each document, for deltas.
    pub(crate) semantic_tokens: TokenCache,
    /// What the client said at `initialize` it supports.
    client_capabilities: std::sync::OnceLock<lsp::ClientCapabilities>,
}

struct Publish {
    uri: lsp::Uri,
    version: i32,
    /// The document value analysed: a settings change re-analyses the same
    /// version, and only the newest value's diagnostics may go out.
    document: Arc<Document>,
    diagnostics: Vec<lsp::Diagnostic>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere must not take the server down with it.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl State {
    pub(crate) fn document(&self, uri: &lsp::Uri) -> Option<Arc<Document>> {
        lock(&self.documents).get(uri).cloned()
    }

    pub(crate) fn encoding(&self) -> Encoding {
        *lock(&self.encoding)
    }

    /// The client's capabilities (empty before `initialize`).
    pub(crate) fn client_capabilities(&self) -> &lsp::ClientCapabilities {
        static NONE: std::sync::OnceLock<lsp::ClientCapabilities> = std::sync::OnceLock::new();
        self.client_capabilities
            .get()
            .unwrap_or_else(|| NONE.get_or_init(Default::default))
    }

    /// Every open document.
    pub(crate) fn documents(&self) -> Vec<Arc<Document>> {
        lock(&self.documents).values().cloned().collect()
    }

    fn is_current(&self, uri: &lsp::Uri, version: i32) -> bool {
        lock(&self.documents)
            .get(uri)
            .is_some_and(|it| it.version == version)
    }

    fn is_current_document(&self, document: &Arc<Document>) -> bool {
        lock(&self.documents)
            .get(&document.uri)
            .is_some_and(|it| Arc::ptr_eq(it, document))
    }
}

impl Server {
    pub fn new(client: Client, shutdown: Arc<AtomicBool>) -> Server {
        let (publisher, mut queue) = mpsc::unbounded_channel::<Publish>();
        let state = Arc::new(State {
            documents: Mutex::new(HashMap::new()),
            encoding: Mutex::new(Encoding::default()),
            publisher,
            settings: SettingsStore::default(),
            semantic_tokens: TokenCache::default(),
            client_capabilities: std::sync::OnceLock::new(),
        });
        let publisher_client = client.clone();
        let publisher_state = Arc::downgrade(&state);
        tokio::spawn(async move {
            while let Some(publish) = queue.recv().await {
                let Some(state) = publisher_state.upgrade() else {
                    break;
                };
                if !state.is_current_document(&publish.document) {
                    continue;
                }
                publisher_client
                    .publish_diagnostics(publish.uri, publish.diagnostics, Some(publish.version))
                    .await;
            }
        });
        Server {
            client,
            state,
            shutdown,
        }
    }

    /// Analyses `document` off the executor and queues its diagnostics,
    /// unless a newer version arrives first.
    fn schedule_diagnostics(&self, document: Arc<Document>) {
        let state = Arc::clone(&self.state);
        tokio::spawn(async move {
            let uri = document.uri.clone();
            let version = document.version;
            let encoding = state.encoding();
            let job_state = Arc::clone(&state);
            let analysed = Arc::clone(&document);
            let job = tokio::task::spawn_blocking(move || {
                if !job_state.is_current_document(&document) {
                    return None;
                }
                let analysis = document.analysis();
                let diagnostics = analysis
                    .diagnostics()
                    .iter()
                    .map(|it| to_proto::diagnostic(&document.rope, &document.uri, it, encoding))
                    .collect();
                Some(diagnostics)
            });
            match job.await {
                Ok(Some(diagnostics)) => {
                    let _ = state.publisher.send(Publish {
                        uri,
                        version,
                        document: analysed,
                        diagnostics,
                    });
                }
                Ok(None) => {}
                Err(err) => tracing::error!(uri = uri.as_str(), "analysis failed: {err}"),
            }
        });
    }

    /// The document and its analysis for a request: an error if the
    /// document is not open, `ContentModified` if it changed meanwhile.
    pub(crate) async fn snapshot(
        &self,
        uri: &lsp::Uri,
    ) -> jsonrpc::Result<(Arc<Document>, Arc<Analysis>)> {
        let document = self.state.document(uri).ok_or_else(|| {
            jsonrpc::Error::invalid_params(format!("document not open: {}", uri.as_str()))
        })?;
        let analysis = match document.analysis_if_ready() {
            Some(it) => it,
            None => {
                let job = Arc::clone(&document);
                tokio::task::spawn_blocking(move || job.analysis())
                    .await
                    .map_err(|err| {
                        tracing::error!(uri = uri.as_str(), "analysis failed: {err}");
                        jsonrpc::Error::internal_error()
                    })?
            }
        };
        if !self.state.is_current(uri, document.version) {
            return Err(jsonrpc::Error::content_modified());
        }
        Ok((document, analysis))
    }
}

impl Server {
    /// Answers a frame the transport guard found malformed.
    pub(super) async fn malformed(
        &self,
        params: super::transport::Malformed,
    ) -> jsonrpc::Result<()> {
        tracing::warn!("malformed message: {}", params.message);
        Err(super::transport::malformed_error(params))
    }
}

/// Runs a request handler, turning a panic into an internal error instead of
/// a dead server.
pub(super) async fn guard<T>(
    name: &str,
    handler: impl Future<Output = jsonrpc::Result<T>>,
) -> jsonrpc::Result<T> {
    let span = tracing::info_span!("request", method = name);
    match AssertUnwindSafe(handler.instrument(span))
        .catch_unwind()
        .await
    {
        Ok(res) => res,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|it| it.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!("{name} panicked: {message}");
            Err(jsonrpc::Error::internal_error())
        }
    }
}

// ---- structure and editing: settings ----
impl Server {
    /// Re-analyses every open document (or those in `only`) with the
    /// settings now in effect: a new `Document` value per document, same
    /// version, new configuration; diagnostics are published again.
    fn reanalyse(&self, only: Option<&lsp::Uri>) {
        let changed: Vec<Arc<Document>> = {
            let mut documents = lock(&self.state.documents);
            let mut changed = Vec::new();
            for (uri, current) in documents.iter_mut() {
                if only.is_some_and(|it| it != uri) {
                    continue;
                }
                let next = Arc::new(Document::new(
                    uri.clone(),
                    current.version,
                    current.language_id.clone(),
                    &current.text(),
                    self.state.settings.analysis_config(uri),
                ));
                *current = Arc::clone(&next);
                changed.push(next);
            }
            changed
        };
        for document in changed {
            self.schedule_diagnostics(document);
        }
        self.refresh_size_views();
    }

    /// Asks the client to request inlay hints and code lenses again: the
    /// settings that changed (`hints.sizes`, the target, build arguments)
    /// change them, but unlike an edit nothing tells the client so.
    fn refresh_size_views(&self) {
        let workspace = self.state.client_capabilities().workspace.as_ref();
        let hints = workspace
            .and_then(|it| it.inlay_hint.as_ref())
            .and_then(|it| it.refresh_support)
            == Some(true);
        let lenses = workspace
            .and_then(|it| it.code_lens.as_ref())
            .and_then(|it| it.refresh_support)
            == Some(true);
        if !hints && !lenses {
            return;
        }
        let client = self.client.clone();
        tokio::spawn(async move {
            if hints {
                if let Err(err) = client.inlay_hint_refresh().await {
                    tracing::warn!("workspace/inlayHint/refresh failed: {err}");
                }
            }
            if lenses {
                if let Err(err) = client.code_lens_refresh().await {
                    tracing::warn!("workspace/codeLens/refresh failed: {err}");
                }
            }
        });
    }

    fn open_uris(&self) -> Vec<lsp::Uri> {
        lock(&self.state.documents).keys().cloned().collect()
    }

    /// Asks the client for the settings of one document (when it answers
    /// `workspace/configuration`), and re-analyses it if they differ.
    fn fetch_document_settings(&self, uri: lsp::Uri) {
        if !self.state.settings.support().configuration {
            return;
        }
        let server = self.background();
        tokio::spawn(async move {
            if server.pull_document_settings(&uri).await {
                server.reanalyse(Some(&uri));
            }
        });
    }

    /// Returns whether the document's settings changed.
    async fn pull_document_settings(&self, uri: &lsp::Uri) -> bool {
        let item = lsp::ConfigurationItem {
            scope_uri: Some(uri.clone()),
            section: Some(config::SECTION.to_owned()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(values) => self.state.settings.set_scoped(uri, values.first()),
            Err(err) => {
                tracing::warn!("workspace/configuration failed: {err}");
                false
            }
        }
    }

    /// Pulls the workspace settings, then each open document's.
    async fn pull_settings(&self) {
        let item = lsp::ConfigurationItem {
            scope_uri: None,
            section: Some(config::SECTION.to_owned()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(values) => self.report(self.state.settings.set_workspace(values.first())),
            Err(err) => tracing::warn!("workspace/configuration failed: {err}"),
        }
        self.state.settings.clear_scoped();
        for uri in self.open_uris() {
            self.pull_document_settings(&uri).await;
        }
    }

    fn report(&self, problems: Vec<String>) {
        for problem in problems {
            tracing::warn!("settings: {problem}");
        }
    }

    /// Registers file watchers and configuration notifications with
    /// clients that take dynamic registrations.
    async fn register_watchers(&self) {
        let support = self.state.settings.support();
        let mut registrations = Vec::new();
        if support.watch_files {
            let watchers = config::WATCHED_GLOBS
                .iter()
                .map(|glob| lsp::FileSystemWatcher {
                    glob_pattern: lsp::GlobPattern::String((*glob).to_owned()),
                    kind: None,
                })
                .collect();
            let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
            registrations.push(lsp::Registration {
                id: "docklens-watched-files".to_owned(),
                method: "workspace/didChangeWatchedFiles".to_owned(),
                register_options: serde_json::to_value(options).ok(),
            });
        }
        if support.change_configuration_registration {
            registrations.push(lsp::Registration {
                id: "docklens-configuration".to_owned(),
                method: "workspace/didChangeConfiguration".to_owned(),
                register_options: None,
            });
        }
        if registrations.is_empty() {
            return;
        }
        if let Err(err) = self.client.register_capability(registrations).await {
            tracing::warn!("client/registerCapability failed: {err}");
        }
    }

    /// A handle for work that outlives a handler.
    fn background(&self) -> Server {
        Server {
            client: self.client.clone(),
            state: Arc::clone(&self.state),
            shutdown: Arc::clone(&self.shutdown),
        }
    }
}

impl LanguageServer for Server {
    async fn initialize(
        &self,
        params: lsp::InitializeParams,
    ) -> jsonrpc::Result<lsp::InitializeResult> {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|it| it.position_encodings.as_deref());
        let encoding = Encoding::negotiate(offered);
        *lock(&self.state.encoding) = encoding;
        let _ = self
            .state
            .client_capabilities
            .set(params.capabilities.clone());
        for problem in self.state.settings.initialize(&params) {
            tracing::warn!("initializationOptions: {problem}");
        }
        Ok(lsp::InitializeResult {
            capabilities: capabilities::server_capabilities(encoding),
            server_info: Some(lsp::ServerInfo {
                name: "docklens".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            offset_encoding: None,
        })
    }

    async fn shutdown(&self) -> jsonrpc::Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let item = params.text_document;
        let document = Arc::new(Document::new(
            item.uri.clone(),
            item.version,
            item.language_id,
            &item.text,
            self.state.settings.analysis_config(&item.uri),
        ));
        lock(&self.state.documents).insert(item.uri.clone(), Arc::clone(&document));
        self.schedule_diagnostics(document);
        self.fetch_document_settings(item.uri);
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let encoding = self.state.encoding();
        let document = {
            let mut documents = lock(&self.state.documents);
            let Some(current) = documents.get(&uri) else {
                tracing::warn!(uri = uri.as_str(), "change for a document that is not open");
                return;
            };
            if params.text_document.version <= current.version {
                tracing::warn!(
                    uri = uri.as_str(),
                    "ignoring change to version {} (have {})",
                    params.text_document.version,
                    current.version
                );
                return;
            }
            let next = std::panic::catch_unwind(AssertUnwindSafe(|| {
                current.changed(
                    params.text_document.version,
                    params.content_changes,
                    encoding,
                )
            }));
            let Ok(next) = next else {
                tracing::error!(uri = uri.as_str(), "applying a change panicked");
                return;
            };
            let next = Arc::new(next);
            documents.insert(uri, Arc::clone(&next));
            next
        };
        self.schedule_diagnostics(document);
    }

    async fn document_symbol(
        &self,
        params: lsp::DocumentSymbolParams,
    ) -> jsonrpc::Result<Option<lsp::DocumentSymbolResponse>> {
        guard(
            "textDocument/documentSymbol",
            self.handle_document_symbol(params),
        )
        .await
    }

    async fn selection_range(
        &self,
        params: lsp::SelectionRangeParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::SelectionRange>>> {
        guard(
            "textDocument/selectionRange",
            self.handle_selection_range(params),
        )
        .await
    }

    // ---- structure and editing ----
    async fn initialized(&self, _: lsp::InitializedParams) {
        self.register_watchers().await;
        if self.state.settings.support().configuration {
            self.pull_settings().await;
            self.reanalyse(None);
        }
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        if self.state.settings.support().configuration {
            // The pull model: the notification only says "ask again".
            self.pull_settings().await;
        } else {
            let problems = self.state.settings.set_workspace(Some(&params.settings));
            self.report(problems);
        }
        self.reanalyse(None);
    }

    async fn did_change_watched_files(&self, _: lsp::DidChangeWatchedFilesParams) {
        self.reanalyse(None);
    }

    async fn folding_range(
        &self,
        params: lsp::FoldingRangeParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::FoldingRange>>> {
        guard(
            "textDocument/foldingRange",
            self.handle_folding_range(params),
        )
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: lsp::SemanticTokensParams,
    ) -> jsonrpc::Result<Option<lsp::SemanticTokensResult>> {
        guard(
            "textDocument/semanticTokens/full",
            self.handle_semantic_tokens_full(params),
        )
        .await
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: lsp::SemanticTokensDeltaParams,
    ) -> jsonrpc::Result<Option<lsp::SemanticTokensFullDeltaResult>> {
        guard(
            "textDocument/semanticTokens/full/delta",
            self.handle_semantic_tokens_full_delta(params),
        )
        .await
    }

    async fn semantic_tokens_range(
        &self,
        params: lsp::SemanticTokensRangeParams,
    ) -> jsonrpc::Result<Option<lsp::SemanticTokensRangeResult>> {
        guard(
            "textDocument/semanticTokens/range",
            self.handle_semantic_tokens_range(params),
        )
        .await
    }

    async fn formatting(
        &self,
        params: lsp::DocumentFormattingParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::TextEdit>>> {
        guard("textDocument/formatting", self.handle_formatting(params)).await
    }

    async fn range_formatting(
        &self,
        params: lsp::DocumentRangeFormattingParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::TextEdit>>> {
        guard(
            "textDocument/rangeFormatting",
            self.handle_range_formatting(params),
        )
        .await
    }

    async fn on_type_formatting(
        &self,
        params: lsp::DocumentOnTypeFormattingParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::TextEdit>>> {
        guard(
            "textDocument/onTypeFormatting",
            self.handle_on_type_formatting(params),
        )
        .await
    }

    async fn code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> jsonrpc::Result<Option<lsp::CodeActionResponse>> {
        guard("textDocument/codeAction", self.handle_code_action(params)).await
    }

    async fn execute_command(
        &self,
        params: lsp::ExecuteCommandParams,
    ) -> jsonrpc::Result<Option<serde_json::Value>> {
        guard(
            "workspace/executeCommand",
            self.handle_execute_command(params),
        )
        .await
    }

    async fn code_action_resolve(
        &self,
        params: lsp::CodeAction,
    ) -> jsonrpc::Result<lsp::CodeAction> {
        guard(
            "codeAction/resolve",
            self.handle_code_action_resolve(params),
        )
        .await
    }
    // ---- end structure and editing ----

    // ---- knowledge and navigation ----

    async fn hover(&self, params: lsp::HoverParams) -> jsonrpc::Result<Option<lsp::Hover>> {
        guard("textDocument/hover", self.handle_hover(params)).await
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> jsonrpc::Result<Option<lsp::CompletionResponse>> {
        guard("textDocument/completion", self.handle_completion(params)).await
    }

    async fn signature_help(
        &self,
        params: lsp::SignatureHelpParams,
    ) -> jsonrpc::Result<Option<lsp::SignatureHelp>> {
        guard(
            "textDocument/signatureHelp",
            self.handle_signature_help(params),
        )
        .await
    }

    async fn goto_definition(
        &self,
        params: lsp::GotoDefinitionParams,
    ) -> jsonrpc::Result<Option<lsp::GotoDefinitionResponse>> {
        guard(
            "textDocument/definition",
            self.handle_goto_definition(params),
        )
        .await
    }

    async fn references(
        &self,
        params: lsp::ReferenceParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::Location>>> {
        guard("textDocument/references", self.handle_references(params)).await
    }

    async fn document_highlight(
        &self,
        params: lsp::DocumentHighlightParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::DocumentHighlight>>> {
        guard(
            "textDocument/documentHighlight",
            self.handle_document_highlight(params),
        )
        .await
    }

    async fn prepare_rename(
        &self,
        params: lsp::TextDocumentPositionParams,
    ) -> jsonrpc::Result<Option<lsp::PrepareRenameResponse>> {
        guard(
            "textDocument/prepareRename",
            self.handle_prepare_rename(params),
        )
        .await
    }

    async fn rename(
        &self,
        params: lsp::RenameParams,
    ) -> jsonrpc::Result<Option<lsp::WorkspaceEdit>> {
        guard("textDocument/rename", self.handle_rename(params)).await
    }

    async fn document_link(
        &self,
        params: lsp::DocumentLinkParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::DocumentLink>>> {
        guard(
            "textDocument/documentLink",
            self.handle_document_link(params),
        )
        .await
    }

    async fn symbol(
        &self,
        params: lsp::WorkspaceSymbolParams,
    ) -> jsonrpc::Result<Option<lsp::WorkspaceSymbolResponse>> {
        guard("workspace/symbol", self.handle_workspace_symbol(params)).await
    }

    // ---- end knowledge and navigation ----

    // ---- image size ----
    async fn inlay_hint(
        &self,
        params: lsp::InlayHintParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::InlayHint>>> {
        guard("textDocument/inlayHint", self.handle_inlay_hint(params)).await
    }

    async fn code_lens(
        &self,
        params: lsp::CodeLensParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::CodeLens>>> {
        guard("textDocument/codeLens", self.handle_code_lens(params)).await
    }
    // ---- end image size ----

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        lock(&self.state.documents).remove(&uri);
        self.state.semantic_tokens.forget(&uri);
        self.state.settings.forget(&uri);
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }
}
