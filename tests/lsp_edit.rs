//! End-to-end tests of the structure and editing features and of settings:
//! the real binary over stdio.

mod common;

use std::time::{Duration, Instant};

use common::lsp::{apply, Client};
use serde_json::{json, Value};

const URI: &str = "file:///work/project/Dockerfile";

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|it| it["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn doc() -> Value {
    json!({ "uri": URI })
}

/// Diagnostics for `URI` until `pred` holds for them (settings changes
/// republish the same version).
fn diagnostics_until(client: &mut Client, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let diagnostics = client.diagnostics(URI, None);
        if pred(&diagnostics) {
            return diagnostics;
        }
        assert!(
            Instant::now() < deadline,
            "diagnostics never matched; last: {diagnostics:?}"
        );
    }
}

fn workspace_edits(edit: &Value) -> Vec<Value> {
    common::lsp::workspace_edits(edit, URI)
}

#[test]
fn advertises_the_editing_capabilities() {
    let (client, init) = Client::start(&["utf-16"]);
    let caps = &init["capabilities"];
    assert_eq!(caps["foldingRangeProvider"], true);
    assert_eq!(caps["documentFormattingProvider"], true);
    assert_eq!(caps["documentRangeFormattingProvider"], true);
    assert_eq!(
        caps["documentOnTypeFormattingProvider"],
        json!({ "firstTriggerCharacter": "\n", "moreTriggerCharacter": ["\\", "`"] })
    );
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.docklens", "refactor.rewrite"])
    );
    assert_eq!(caps["codeActionProvider"]["resolveProvider"], true);
    let tokens = &caps["semanticTokensProvider"];
    assert_eq!(tokens["full"], json!({ "delta": true }));
    assert_eq!(tokens["range"], true);
    assert_eq!(tokens["legend"]["tokenTypes"][0], "keyword");
    assert_eq!(tokens["legend"]["tokenModifiers"][1], "deprecated");
    client.shutdown();
}

#[test]
fn folding_honours_line_folding_only() {
    let text = "FROM alpine\nRUN apk add \\\n    curl\n# one\n# two\n";
    let (mut client, _) = Client::start_custom(
        &["utf-16"],
        json!({ "textDocument": { "foldingRange": { "lineFoldingOnly": true } } }),
        json!(null),
    );
    client.open(URI, text);
    let folds = client.request(
        "textDocument/foldingRange",
        json!({ "textDocument": doc() }),
    );
    assert_eq!(
        folds,
        json!([
            { "startLine": 0, "endLine": 2, "kind": "region" },
            { "startLine": 1, "endLine": 2, "kind": "region" },
            { "startLine": 3, "endLine": 4, "kind": "comment" },
        ])
    );
    client.shutdown();

    let (mut client, _) = Client::start(&["utf-16"]);
    client.open(URI, text);
    let folds = client.request(
        "textDocument/foldingRange",
        json!({ "textDocument": doc() }),
    );
    assert_eq!(
        folds[1],
        json!({ "startLine": 1, "startCharacter": 13, "endLine": 2, "endCharacter": 8, "kind": "region" })
    );
    client.shutdown();
}

#[test]
fn semantic_tokens_full_then_delta_after_an_edit() {
    let (mut client, _) = Client::start(&["utf-16"]);
    client.open(URI, "FROM alpine AS base\nRUN echo $HOME\n");
    let full = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": doc() }),
    );
    let result_id = full["resultId"].as_str().expect("a result id").to_owned();
    let old: Vec<u64> = serde_json::from_value(full["data"].clone()).expect("data");
    // FROM at 0:0 (keyword), alpine (class), AS (keyword), base (namespace + declaration).
    assert_eq!(&old[..5], &[0, 0, 4, 0, 0]);
    assert_eq!(&old[15..20], &[0, 3, 4, 7, 1]);

    // Add an ENV line in the middle.
    client.change(
        URI,
        2,
        json!([{ "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": "ENV A=1\n" }]),
    );
    let delta = client.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": doc(), "previousResultId": result_id }),
    );
    assert_ne!(delta["resultId"], json!(result_id));
    let edits = delta["edits"].as_array().expect("a delta, not full tokens");
    assert_eq!(edits.len(), 1);
    let mut patched = old.clone();
    for edit in edits {
        let start = edit["start"].as_u64().expect("start") as usize;
        let count = edit["deleteCount"].as_u64().expect("deleteCount") as usize;
        let data: Vec<u64> = serde_json::from_value(edit["data"].clone()).unwrap_or_default();
        patched.splice(start..start + count, data);
    }
    let fresh = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": doc() }),
    );
    let fresh: Vec<u64> = serde_json::from_value(fresh["data"].clone()).expect("data");
    assert_eq!(patched, fresh);

    // An unknown previous result gets full tokens.
    let full_again = client.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": doc(), "previousResultId": "nope" }),
    );
    assert!(full_again["data"].is_array());

    // A range: only the RUN line.
    let range = client.request(
        "textDocument/semanticTokens/range",
        json!({ "textDocument": doc(), "range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 14}} }),
    );
    assert_eq!(range["data"], json!([2, 0, 3, 0, 0, 0, 9, 5, 4, 0]));
    client.shutdown();
}

#[test]
fn formatting_and_range_formatting_with_tabs_or_spaces() {
    let text = "  from alpine\nrun apk add \\\n  curl   \\\n\t  git\n  RUN true  \n";
    let (mut client, _) = Client::start(&["utf-16"]);
    client.open(URI, text);
    let spaces = client.request(
        "textDocument/formatting",
        json!({ "textDocument": doc(), "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(
        apply(text, spaces.as_array().expect("edits")),
        "FROM alpine\nRUN apk add \\\n  curl   \\\n  git\nRUN true\n"
    );
    let tabs = client.request(
        "textDocument/formatting",
        json!({ "textDocument": doc(), "options": { "tabSize": 4, "insertSpaces": false } }),
    );
    assert_eq!(
        apply(text, tabs.as_array().expect("edits")),
        "FROM alpine\nRUN apk add \\\n\tcurl   \\\n\tgit\nRUN true\n"
    );
    let range = client.request(
        "textDocument/rangeFormatting",
        json!({
            "textDocument": doc(),
            "range": {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 3}},
            "options": { "tabSize": 4, "insertSpaces": true },
        }),
    );
    assert_eq!(
        apply(text, range.as_array().expect("edits")),
        "  from alpine\nrun apk add \\\n  curl   \\\n\t  git\nRUN true\n"
    );
    // On type: Enter after a continued line indents the new line.
    client.change(
        URI,
        2,
        json!([{ "text": "FROM alpine\nRUN apk add \\\n\n" }]),
    );
    let on_type = client.request(
        "textDocument/onTypeFormatting",
        json!({
            "textDocument": doc(),
            "position": {"line": 2, "character": 0},
            "ch": "\n",
            "options": { "tabSize": 4, "insertSpaces": true },
        }),
    );
    assert_eq!(
        apply(
            "FROM alpine\nRUN apk add \\\n\n",
            on_type.as_array().expect("edits")
        ),
        "FROM alpine\nRUN apk add \\\n    \n"
    );
    client.shutdown();
}

#[test]
fn quick_fix_round_trip() {
    let text = "FROM alpine:3.20 AS Build\nRUN true\n";
    let (mut client, _) = Client::start(&["utf-16"]);
    client.open(URI, text);
    let diagnostics = client.diagnostics(URI, Some(1));
    assert_eq!(codes(&diagnostics), vec!["StageNameCasing"]);
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": doc(),
            "range": diagnostics[0]["range"],
            "context": { "diagnostics": diagnostics },
        }),
    );
    let actions = actions.as_array().expect("actions");
    let titles: Vec<&str> = actions
        .iter()
        .map(|it| it["title"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        titles,
        [
            "Rename the stage to `build`",
            "Ignore StageNameCasing for this instruction",
            "Ignore StageNameCasing in this file",
            "Fix all auto-fixable problems",
        ]
    );
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "StageNameCasing");
    let fixed = apply(text, &workspace_edits(&fix["edit"]));
    assert_eq!(fixed, "FROM alpine:3.20 AS build\nRUN true\n");
    client.change(URI, 2, json!([{ "text": fixed }]));
    assert!(client.diagnostics(URI, Some(2)).is_empty());

    // The file-level ignore silences it too.
    client.change(URI, 3, json!([{ "text": text }]));
    assert_eq!(
        codes(&client.diagnostics(URI, Some(3))),
        vec!["StageNameCasing"]
    );
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": doc(),
            "range": {"start": {"line": 0, "character": 20}, "end": {"line": 0, "character": 20}},
            "context": { "diagnostics": [], "only": ["quickfix"] },
        }),
    );
    let ignore = &actions[2];
    assert_eq!(ignore["title"], "Ignore StageNameCasing in this file");
    let ignored = apply(text, &workspace_edits(&ignore["edit"]));
    assert_eq!(
        ignored,
        "# check=skip=StageNameCasing\nFROM alpine:3.20 AS Build\nRUN true\n"
    );
    client.change(URI, 4, json!([{ "text": ignored }]));
    assert!(client.diagnostics(URI, Some(4)).is_empty());

    // `source.fixAll` (as editors ask on save) and nothing else.
    client.change(URI, 5, json!([{ "text": text }]));
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": doc(),
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": { "diagnostics": [], "only": ["source.fixAll"] },
        }),
    );
    assert_eq!(actions.as_array().map(Vec::len), Some(1));
    assert_eq!(actions[0]["kind"], "source.fixAll.docklens");
    client.shutdown();
}

#[test]
fn versioned_edits_when_the_client_supports_document_changes() {
    let (mut client, _) = Client::start_custom(
        &["utf-16"],
        json!({ "workspace": { "workspaceEdit": { "documentChanges": true } } }),
        json!(null),
    );
    client.open(URI, "FROM alpine:3.20 AS Build\n");
    client.diagnostics(URI, Some(1));
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": doc(),
            "range": {"start": {"line": 0, "character": 21}, "end": {"line": 0, "character": 21}},
            "context": { "diagnostics": [] },
        }),
    );
    let change = &actions[0]["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"], json!({ "uri": URI, "version": 1 }));
    assert_eq!(change["edits"][0]["newText"], "build");
    client.shutdown();
}

#[test]
fn settings_from_initialization_options() {
    let (mut client, _) = Client::start_with(
        &["utf-16"],
        json!({ "rules": { "StageNameCasing": "off" }, "formatter": { "keywordCase": "lower" } }),
    );
    client.open(URI, "FROM alpine:3.20 AS Build\n");
    assert!(client.diagnostics(URI, Some(1)).is_empty());
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": doc(), "options": { "tabSize": 4, "insertSpaces": true } }),
    );
    assert_eq!(
        apply(
            "FROM alpine:3.20 AS Build\n",
            edits.as_array().expect("edits")
        ),
        "from alpine:3.20 as Build\n"
    );
    client.shutdown();

    // Nested under `docklens`, and a severity override.
    let (mut client, _) = Client::start_with(
        &["utf-16"],
        json!({ "docklens": { "rules": { "stage-name-casing": "error" } } }),
    );
    client.open(URI, "FROM alpine:3.20 AS Build\n");
    let diagnostics = client.diagnostics(URI, Some(1));
    assert_eq!(diagnostics[0]["severity"], 1);
    client.shutdown();
}

#[test]
fn settings_pushed_with_did_change_configuration() {
    let (mut client, _) = Client::start(&["utf-16"]);
    client.open(URI, "FROM alpine:3.20 AS Build\n");
    assert_eq!(
        codes(&client.diagnostics(URI, Some(1))),
        vec!["StageNameCasing"]
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "docklens": { "ignore": ["StageNameCasing"] } } }),
    );
    // Republished for the same version, with the new settings.
    diagnostics_until(&mut client, <[Value]>::is_empty);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "docklens": { "ignore": [] } } }),
    );
    diagnostics_until(&mut client, |it| codes(it) == ["StageNameCasing"]);
    client.shutdown();
}

#[test]
fn settings_pulled_with_workspace_configuration() {
    let (mut client, _) = Client::start_custom(
        &["utf-16"],
        json!({ "workspace": {
            "configuration": true,
            "didChangeWatchedFiles": { "dynamicRegistration": true },
        } }),
        json!(null),
    );
    client.open(URI, "FROM alpine:3.20 AS Build\n");
    assert_eq!(
        codes(&client.diagnostics(URI, Some(1))),
        vec!["StageNameCasing"]
    );
    // The server asked for the document's own settings and registered
    // watchers for the configuration files.
    let asked = client.server_requests.iter().any(|it| {
        it["method"] == "workspace/configuration"
            && it["params"]["items"][0]["scopeUri"] == URI
            && it["params"]["items"][0]["section"] == "docklens"
    });
    assert!(asked, "{:?}", client.server_requests);
    let registration = client
        .server_requests
        .iter()
        .find(|it| it["method"] == "client/registerCapability")
        .expect("watchers registered");
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert_eq!(watchers[0]["globPattern"], "**/.hadolint.yaml");
    assert_eq!(watchers.as_array().map(Vec::len), Some(5));

    // The pull model: the notification says "ask again".
    client.configuration = json!({ "rules": { "StageNameCasing": "off" } });
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    );
    diagnostics_until(&mut client, <[Value]>::is_empty);

    // A watched file changed: re-analysed (same result, republished).
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": "file:///work/project/.hadolint.yaml", "type": 2 }] }),
    );
    diagnostics_until(&mut client, <[Value]>::is_empty);
    client.shutdown();
}

#[test]
fn fix_all_is_resolved_lazily_when_the_client_can() {
    let text = "FROM alpine:3.20 AS Build\nFROM Build\nWORKDIR /a\nWORKDIR b\n";
    let (mut client, _) = Client::start_custom(
        &["utf-16"],
        json!({ "textDocument": { "codeAction": {
            "dataSupport": true,
            "resolveSupport": { "properties": ["edit"] },
        } } }),
        json!(null),
    );
    client.open(URI, text);
    client.diagnostics(URI, Some(1));
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": doc(),
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": { "diagnostics": [], "only": ["source"] },
        }),
    );
    assert_eq!(actions.as_array().map(Vec::len), Some(1));
    let lazy = &actions[0];
    assert_eq!(lazy["kind"], "source.fixAll.docklens");
    assert!(lazy.get("edit").is_none(), "{lazy}");
    let resolved = client.request("codeAction/resolve", lazy.clone());
    let fixed = apply(text, &workspace_edits(&resolved["edit"]));
    assert_eq!(
        fixed,
        "FROM alpine:3.20 AS build\nFROM build\nWORKDIR /a\nWORKDIR /a/b\n"
    );

    // After an edit, resolving the stale action is refused.
    client.change(URI, 2, json!([{ "text": fixed }]));
    client.diagnostics(URI, Some(2));
    let stale = client.request_raw("codeAction/resolve", lazy.clone());
    assert_eq!(stale["error"]["code"], -32801, "{stale}");
    client.shutdown();
}
