//! End-to-end tests of the knowledge and navigation features: the real
//! binary over stdio, on a document whose lines have emoji (so UTF-16 and
//! UTF-8 columns differ from character columns).

mod common;

use common::lsp::Client;
use serde_json::{json, Value};

const URI: &str = "file:///work/project/Dockerfile";

/// Line 4 is `RUN echo "😀 $APP" && cd $APP`: `😀` is two UTF-16 units and
/// four bytes, so the first `$APP` starts at UTF-16 column 13 and byte
/// column 15; the line is 29 UTF-16 units long.
const TEXT: &str = "FROM golang:1.22 AS build\nLABEL note=\"😀\"\nFROM alpine:3.22\nENV APP=/srv\nRUN echo \"😀 $APP\" && cd $APP\nCOPY --from=build /out /app\n";

fn pos(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({ "start": pos(start.0, start.1), "end": pos(end.0, end.1) })
}

fn at(line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": URI }, "position": pos(line, character) })
}

fn open(client: &mut Client) {
    client.open(URI, TEXT);
    client.diagnostics(URI, Some(1));
}

#[test]
fn advertises_the_features() {
    let (client, init) = Client::start(&["utf-16"]);
    let caps = &init["capabilities"];
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(
        caps["completionProvider"]["triggerCharacters"],
        json!(["-", "=", "$", "{", " ", ":", "/", ","])
    );
    assert!(caps["signatureHelpProvider"]["triggerCharacters"].is_array());
    assert_eq!(caps["definitionProvider"], true);
    assert_eq!(caps["referencesProvider"], true);
    assert_eq!(caps["documentHighlightProvider"], true);
    assert_eq!(caps["renameProvider"]["prepareProvider"], true);
    assert_eq!(caps["documentLinkProvider"]["resolveProvider"], false);
    assert_eq!(caps["workspaceSymbolProvider"], true);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn hover_definition_and_references_in_utf16() {
    let (mut client, _) = Client::start(&["utf-16"]);
    open(&mut client);
    // Inside the first `$APP`, after the emoji.
    let hover = client.request("textDocument/hover", at(4, 15));
    assert_eq!(hover["contents"]["kind"], "markdown");
    let value = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.starts_with("**`$APP`** — ENV"), "{value}");
    assert!(value.contains("Value: `/srv`"), "{value}");
    assert_eq!(hover["range"], range((4, 13), (4, 17)));

    let definition = client.request("textDocument/definition", at(4, 15));
    assert_eq!(definition["uri"], URI);
    assert_eq!(definition["range"], range((3, 4), (3, 7)));

    let references = client.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": URI }, "position": pos(4, 27), "context": { "includeDeclaration": false } }),
    );
    let ranges: Vec<&Value> = references
        .as_array()
        .map(|it| it.iter().map(|loc| &loc["range"]).collect())
        .unwrap_or_default();
    assert_eq!(
        ranges,
        vec![&range((4, 14), (4, 17)), &range((4, 26), (4, 29))]
    );

    let highlights = client.request("textDocument/documentHighlight", at(3, 5));
    let kinds: Vec<&Value> = highlights
        .as_array()
        .map(|it| it.iter().map(|h| &h["kind"]).collect())
        .unwrap_or_default();
    assert_eq!(kinds, vec![&json!(3), &json!(2), &json!(2)]);

    // Stage reference → stage name.
    let definition = client.request("textDocument/definition", at(5, 14));
    assert_eq!(definition["range"], range((0, 20), (0, 25)));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn the_same_positions_in_utf8() {
    let (mut client, init) = Client::start(&["utf-8"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    open(&mut client);
    let hover = client.request("textDocument/hover", at(4, 17));
    assert_eq!(hover["range"], range((4, 15), (4, 19)));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn rename_with_prepare_and_errors() {
    let (mut client, _) = Client::start(&["utf-16"]);
    open(&mut client);
    let prepared = client.request("textDocument/prepareRename", at(4, 28));
    assert_eq!(prepared["range"], range((4, 26), (4, 29)));
    assert_eq!(prepared["placeholder"], "APP");

    let edit = client.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": URI }, "position": pos(4, 15), "newName": "APP_HOME" }),
    );
    let edits = edit["changes"][URI].as_array().cloned().unwrap_or_default();
    let ranges: Vec<&Value> = edits.iter().map(|it| &it["range"]).collect();
    assert_eq!(
        ranges,
        vec![
            &range((3, 4), (3, 7)),
            &range((4, 14), (4, 17)),
            &range((4, 26), (4, 29))
        ]
    );
    assert!(edits.iter().all(|it| it["newText"] == "APP_HOME"));

    // Stages rename everywhere, with the stage-name grammar enforced.
    let edit = client.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": URI }, "position": pos(0, 22), "newName": "compile" }),
    );
    assert_eq!(edit["changes"][URI].as_array().map(Vec::len), Some(2));
    let refused = client.request_raw(
        "textDocument/rename",
        json!({ "textDocument": { "uri": URI }, "position": pos(0, 22), "newName": "Not Valid" }),
    );
    assert_eq!(refused["error"]["code"], -32803, "{refused}");
    assert!(refused["error"]["message"]
        .as_str()
        .is_some_and(|it| it.contains("not a valid stage name")));
    let nothing = client.request_raw("textDocument/prepareRename", at(4, 1));
    assert_eq!(nothing["error"]["code"], -32803, "{nothing}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_ranges_and_snippets_in_utf16() {
    let (mut client, _) = Client::start(&["utf-16"]);
    open(&mut client);
    // Type ` $A` at the end of the RUN line (after the emoji).
    client.change(
        URI,
        2,
        json!([{ "range": range((4, 29), (4, 29)), "text": " $A" }]),
    );
    client.diagnostics(URI, Some(2));
    let items = client.request("textDocument/completion", at(4, 32));
    let app = items
        .as_array()
        .and_then(|it| it.iter().find(|item| item["label"] == "APP"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(app["kind"], 6, "{items}");
    assert_eq!(app["textEdit"]["range"], range((4, 31), (4, 32)));
    assert_eq!(app["textEdit"]["newText"], "APP");

    // Keywords come as snippets for a client that takes them.
    let items = client.request("textDocument/completion", at(6, 0));
    let run = items
        .as_array()
        .and_then(|it| it.iter().find(|item| item["label"] == "RUN"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(run["insertTextFormat"], 2);
    assert_eq!(run["textEdit"]["newText"], "RUN ${1:command}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn plaintext_and_no_snippets_for_clients_without_them() {
    let (mut client, _) = Client::start_with_capabilities(
        &["utf-16"],
        json!({
            "hover": { "contentFormat": ["plaintext"] },
            "completion": { "completionItem": { "snippetSupport": false, "documentationFormat": ["plaintext"] } },
        }),
    );
    open(&mut client);
    let hover = client.request("textDocument/hover", at(5, 1));
    assert_eq!(hover["contents"]["kind"], "plaintext");
    let value = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        value.starts_with("COPY — Copy files into the image"),
        "{value}"
    );
    assert!(!value.contains("**") && !value.contains("```"), "{value}");

    let items = client.request("textDocument/completion", at(6, 0));
    let run = items
        .as_array()
        .and_then(|it| it.iter().find(|item| item["label"] == "RUN"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(run["insertTextFormat"], 1);
    assert_eq!(run["textEdit"]["newText"], "RUN ");
    assert_eq!(run["documentation"]["kind"], "plaintext");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn signature_help_links_and_workspace_symbols() {
    let (mut client, _) = Client::start(&["utf-16"]);
    open(&mut client);
    let help = client.request("textDocument/signatureHelp", at(5, 20));
    let active = help["activeSignature"].as_u64().unwrap_or(99) as usize;
    assert!(help["signatures"][active]["label"]
        .as_str()
        .is_some_and(|it| it.starts_with("COPY ")));
    assert_eq!(help["activeParameter"], 6, "{help}");

    let links = client.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(links[0]["target"], "https://hub.docker.com/_/golang");
    assert_eq!(links[0]["range"], range((0, 5), (0, 11)));
    assert_eq!(links[1]["target"], "https://hub.docker.com/_/alpine");

    let other = "file:///work/project/api.Dockerfile";
    client.open(other, "ARG BUILDER=golang\nFROM $BUILDER AS builder\n");
    client.diagnostics(other, Some(1));
    let symbols = client.request("workspace/symbol", json!({ "query": "build" }));
    let names: Vec<(&str, &str)> = symbols
        .as_array()
        .map(|it| {
            it.iter()
                .map(|s| {
                    (
                        s["name"].as_str().unwrap_or_default(),
                        s["location"]["uri"].as_str().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        names,
        vec![("build", URI), ("BUILDER", other), ("builder", other)]
    );
    assert_eq!(client.shutdown(), Some(0));
}
