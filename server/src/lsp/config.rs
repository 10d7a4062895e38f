//! Settings in the language server: where they come from and how a
//! document's analysis configuration is built from them.
//!
//! Sources, weakest first, merged key by key (JSON objects deep-merged):
//! 1. `initializationOptions` (the `docklens` settings object, or an object
//!    holding it under `docklens`);
//! 2. the latest `workspace/didChangeConfiguration` settings, or the
//!    client's answer to `workspace/configuration` for section `docklens`;
//! 3. the client's answer for one document (`scopeUri`), when it supports
//!    `workspace/configuration`.
//!
//! A `null` anywhere means "nothing to add", so a client that answers
//! `workspace/configuration` with `null` keeps the initialization options.

use std::{
    collections::HashMap,
    path::Path,
    sync::{Arc, Mutex, PoisonError},
};

use serde_json::Value;
use tower_lsp_server::ls_types as lsp;

use crate::{
    config::{self, DiscoveryEnv},
    ide::AnalysisConfig,
    rules,
    settings::Settings,
};

/// The settings section docklens reads.
pub const SECTION: &str = "docklens";

/// Files whose changes can change an analysis; watched when the client
/// can register watchers dynamically.
pub const WATCHED_GLOBS: [&str; 5] = [
    "**/.hadolint.yaml",
    "**/.hadolint.yml",
    "**/docklens.toml",
    "**/.dockerignore",
    "**/*.dockerignore",
];

/// The one place a document's analysis configuration is built: the
/// `.hadolint.yaml` / `docklens.toml` that apply to `document_path`, with
/// the editor settings laid over them, and the build context's
/// `.dockerignore`. Problems with the files are logged; the rest of the
/// configuration still applies.
pub fn analysis_config(settings: &Settings, document_path: Option<&Path>) -> AnalysisConfig {
    let mut res = settings.analysis_config();
    let Some(path) = document_path.filter(|it| it.is_absolute()) else {
        return res;
    };
    let files = config::load_for(path, &DiscoveryEnv::from_process());
    for problem in &files.problems {
        tracing::warn!("{problem}");
    }
    res.rules = over_files(files.settings.rules_config(), res.rules);
    let model = files.settings.model_options();
    if res.model.target.is_none() {
        res.model.target = model.target;
    }
    let mut build_args = model.build_args;
    for (name, value) in std::mem::take(&mut res.model.build_args) {
        build_args.retain(|(it, _)| *it != name);
        build_args.push((name, value));
    }
    res.model.build_args = build_args;
    res.environment.dockerignore = files.dockerignore;
    res
}

fn or_files<T>(editor: Vec<T>, files: Vec<T>) -> Vec<T> {
    match editor.is_empty() {
        true => files,
        false => editor,
    }
}

/// The editor's rule settings over the files': the editor's say wins where
/// it says anything (its defaults are "nothing said").
fn over_files(files: rules::Config, editor: rules::Config) -> rules::Config {
    let mut overrides = files.overrides;
    overrides.extend(editor.overrides);
    let mut ignored = files.ignored;
    ignored.extend(editor.ignored);
    rules::Config {
        overrides,
        ignored,
        trusted_registries: or_files(editor.trusted_registries, files.trusted_registries),
        label_schema: or_files(editor.label_schema, files.label_schema),
        strict_labels: editor.strict_labels || files.strict_labels,
        disable_ignore_pragma: editor.disable_ignore_pragma || files.disable_ignore_pragma,
    }
}

/// What the client said it can do, as far as settings and editing
/// features care.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientSupport {
    /// `workspace/configuration` requests.
    pub configuration: bool,
    /// Dynamic registration of `workspace/didChangeWatchedFiles`.
    pub watch_files: bool,
    /// Dynamic registration of `workspace/didChangeConfiguration`.
    pub change_configuration_registration: bool,
    /// Folding ranges must be whole lines.
    pub line_folding_only: bool,
    pub folding_range_limit: Option<u32>,
    /// `WorkspaceEdit.documentChanges` (versioned edits).
    pub document_changes: bool,
    /// `codeAction/resolve` filling in `edit` (with `data` kept).
    pub code_action_resolve: bool,
}

impl ClientSupport {
    pub fn from_capabilities(capabilities: &lsp::ClientCapabilities) -> ClientSupport {
        let workspace = capabilities.workspace.as_ref();
        let text_document = capabilities.text_document.as_ref();
        let folding = text_document.and_then(|it| it.folding_range.as_ref());
        let code_action = text_document.and_then(|it| it.code_action.as_ref());
        ClientSupport {
            configuration: workspace.and_then(|it| it.configuration) == Some(true),
            watch_files: workspace
                .and_then(|it| it.did_change_watched_files.as_ref())
                .and_then(|it| it.dynamic_registration)
                == Some(true),
            change_configuration_registration: workspace
                .and_then(|it| it.did_change_configuration.as_ref())
                .and_then(|it| it.dynamic_registration)
                == Some(true),
            line_folding_only: folding.and_then(|it| it.line_folding_only) == Some(true),
            folding_range_limit: folding.and_then(|it| it.range_limit),
            document_changes: workspace
                .and_then(|it| it.workspace_edit.as_ref())
                .and_then(|it| it.document_changes)
                == Some(true),
            code_action_resolve: code_action.is_some_and(|it| {
                it.data_support == Some(true)
                    && it
                        .resolve_support
                        .as_ref()
                        .is_some_and(|it| it.properties.iter().any(|it| it == "edit"))
            }),
        }
    }
}

#[derive(Default)]
struct Inner {
    initialization: Value,
    workspace: Value,
    scoped: HashMap<lsp::Uri, Value>,
    support: ClientSupport,
}

/// The settings the server knows, shared by every handler.
#[derive(Default)]
pub struct SettingsStore {
    inner: Mutex<Inner>,
}

impl SettingsStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn support(&self) -> ClientSupport {
        self.lock().support
    }

    /// Records `initialize`: the client's capabilities and its
    /// initialization options. Returns problems with the options.
    pub fn initialize(&self, params: &lsp::InitializeParams) -> Vec<String> {
        let mut inner = self.lock();
        inner.support = ClientSupport::from_capabilities(&params.capabilities);
        inner.initialization = section(params.initialization_options.as_ref());
        Settings::from_json(&inner.initialization).1
    }

    /// Settings pushed with `workspace/didChangeConfiguration`, or pulled
    /// for the whole workspace. `null` leaves the current ones.
    pub fn set_workspace(&self, value: Option<&Value>) -> Vec<String> {
        let value = section(value);
        if value.is_null() {
            return Vec::new();
        }
        let problems = Settings::from_json(&value).1;
        self.lock().workspace = value;
        problems
    }

    /// The client's answer for one document. Returns whether the effective
    /// settings of that document changed.
    pub fn set_scoped(&self, uri: &lsp::Uri, value: Option<&Value>) -> bool {
        let value = section(value);
        let before = self.settings(Some(uri));
        let mut inner = self.lock();
        if value.is_null() {
            inner.scoped.remove(uri);
        } else {
            inner.scoped.insert(uri.clone(), value);
        }
        drop(inner);
        self.settings(Some(uri)) != before
    }

    /// Forgets per-document answers (they are asked again).
    pub fn clear_scoped(&self) {
        self.lock().scoped.clear();
    }

    pub fn forget(&self, uri: &lsp::Uri) {
        self.lock().scoped.remove(uri);
    }

    /// The effective settings for a document (or the workspace).
    pub fn settings(&self, uri: Option<&lsp::Uri>) -> Settings {
        let inner = self.lock();
        let mut merged = inner.initialization.clone();
        merge(&mut merged, &inner.workspace);
        if let Some(scoped) = uri.and_then(|it| inner.scoped.get(it)) {
            merge(&mut merged, scoped);
        }
        drop(inner);
        Settings::from_json(&merged).0
    }

    /// The analysis configuration for a document.
    pub fn analysis_config(&self, uri: &lsp::Uri) -> Arc<AnalysisConfig> {
        let settings = self.settings(Some(uri));
        let path = uri.to_file_path();
        Arc::new(analysis_config(&settings, path.as_deref()))
    }
}

/// The `docklens` settings inside `value`: `{"docklens": {...}}` or the
/// object itself.
fn section(value: Option<&Value>) -> Value {
    match value {
        Some(Value::Object(map)) => match map.get(SECTION) {
            Some(inner) => inner.clone(),
            None => Value::Object(map.clone()),
        },
        Some(other) => other.clone(),
        None => Value::Null,
    }
}

/// Deep-merges `overlay` into `base`: objects key by key, anything else
/// replaces; `null` adds nothing.
fn merge(base: &mut Value, overlay: &Value) {
    match (base, overlay) {
        (_, Value::Null) => {}
        (Value::Object(base), Value::Object(overlay)) => {
            for (key, value) in overlay {
                match base.get_mut(key) {
                    Some(slot) => merge(slot, value),
                    None => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (base, overlay) => *base = overlay.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn later_sources_win_key_by_key() {
        let store = SettingsStore::default();
        let params = lsp::InitializeParams {
            initialization_options: Some(json!({
                "docklens": { "ignore": ["DL3000"], "formatter": { "keywordCase": "lower" } }
            })),
            ..Default::default()
        };
        assert!(store.initialize(&params).is_empty());
        store.set_workspace(Some(
            &json!({ "formatter": { "ignoreMultilineInstructions": true } }),
        ));
        let uri: lsp::Uri = "file:///p/Dockerfile".parse().expect("uri");
        assert!(store.set_scoped(&uri, Some(&json!({ "target": "build" }))));
        assert!(!store.set_scoped(&uri, Some(&json!({ "target": "build" }))));
        let settings = store.settings(Some(&uri));
        assert_eq!(settings.ignore, vec!["DL3000"]);
        assert!(settings.formatter.ignore_multiline_instructions);
        assert_eq!(
            settings.formatter.keyword_case,
            crate::settings::KeywordCaseSetting::Lower
        );
        assert_eq!(settings.target.as_deref(), Some("build"));
        // A null answer keeps what there was.
        store.set_workspace(None);
        assert_eq!(store.settings(None).ignore, vec!["DL3000"]);
    }
}
