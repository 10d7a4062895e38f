//! Size features end to end over LSP: the hover on a seed's `FROM`, inlay
//! hints and the final-size lens, their `hints.sizes` switch, and the
//! refresh requests a settings change sends.

mod common;

use common::lsp::Client;
use serde_json::{json, Value};

const URI: &str = "file:///work/project/Dockerfile";

fn seed(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/seed/{name}.Dockerfile",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

fn hints(client: &mut Client) -> Vec<Value> {
    let result = client.request(
        "textDocument/inlayHint",
        json!({
            "textDocument": { "uri": URI },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 100, "character": 0 } },
        }),
    );
    result.as_array().cloned().unwrap_or_default()
}

fn lenses(client: &mut Client) -> Vec<Value> {
    let result = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": URI } }),
    );
    result.as_array().cloned().unwrap_or_default()
}

/// `(line, character, label)` of each hint.
fn labels(hints: &[Value]) -> Vec<(u64, u64, String)> {
    hints
        .iter()
        .map(|it| {
            (
                it["position"]["line"].as_u64().unwrap_or(u64::MAX),
                it["position"]["character"].as_u64().unwrap_or(u64::MAX),
                it["label"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn advertises_inlay_hints_and_code_lenses() {
    let (client, init) = Client::start(&["utf-16"]);
    let caps = &init["capabilities"];
    assert_eq!(caps["inlayHintProvider"], true);
    assert_eq!(caps["codeLensProvider"]["resolveProvider"], false);
    client.shutdown();
}

#[test]
fn hover_on_from_in_t1_shows_download_and_disk_sizes() {
    let (mut client, _) = Client::start(&["utf-16"]);
    client.open(URI, &seed("t1"));
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 8 } }),
    );
    assert_eq!(hover["contents"]["kind"], "markdown");
    let value = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.contains("Download: **75 MB**"), "{value}");
    assert!(value.contains("On disk: **241 MB**"), "{value}");
    assert!(value.contains("**Ships**"), "{value}");
    assert_eq!(
        hover["range"],
        json!({ "start": { "line": 0, "character": 5 }, "end": { "line": 0, "character": 18 } })
    );
    client.shutdown();
}

#[test]
fn hover_on_from_degrades_to_plain_text() {
    let (mut client, _) = Client::start_with_capabilities(
        &["utf-16"],
        json!({ "hover": { "contentFormat": ["plaintext"] } }),
    );
    client.open(URI, &seed("t3"));
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 6, "character": 8 } }),
    );
    assert_eq!(hover["contents"]["kind"], "plaintext");
    let value = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(!value.contains("**") && !value.contains("```"), "{value}");
    assert!(value.contains("On disk: 241 MB"), "{value}");
    assert!(value.contains("alpine:3.22"), "{value}");
    client.shutdown();
}

#[test]
fn inlay_hints_and_lens_follow_edits() {
    let (mut client, _) = Client::start(&["utf-16"]);
    client.open(URI, &seed("t4"));
    assert_eq!(
        labels(&hints(&mut client)),
        vec![
            (0, 29, "builder, not shipped".to_owned()),
            (6, 11, "8.3 MB + ? on disk, ships".to_owned()),
        ]
    );
    let lens = lenses(&mut client);
    assert_eq!(lens.len(), 1);
    assert_eq!(lens[0]["range"]["start"]["line"], 6);
    let title = lens[0]["command"]["title"].as_str().unwrap_or_default();
    assert!(
        title.starts_with("final image 8.3 MB + ? on disk"),
        "{title}"
    );

    // The runtime goes back to the SDK: the hints say so on the next request.
    client.change(
        URI,
        2,
        json!([{ "range": { "start": { "line": 6, "character": 5 }, "end": { "line": 6, "character": 11 } }, "text": "golang:alpine" }]),
    );
    assert_eq!(
        labels(&hints(&mut client)),
        vec![
            (0, 29, "builder, not shipped".to_owned()),
            (6, 18, "241 MB + ? on disk, ships".to_owned()),
        ]
    );
    client.shutdown();
}

#[test]
fn hints_off_with_the_setting_and_refreshed_when_it_changes() {
    let (mut client, _) = Client::start_custom(
        &["utf-16"],
        json!({ "workspace": {
            "inlayHint": { "refreshSupport": true },
            "codeLens": { "refreshSupport": true },
        } }),
        json!({ "hints": { "sizes": false } }),
    );
    client.open(URI, &seed("t4"));
    assert!(hints(&mut client).is_empty());
    assert!(lenses(&mut client).is_empty());

    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "docklens": { "hints": { "sizes": true } } } }),
    );
    assert_eq!(hints(&mut client).len(), 2);
    assert_eq!(lenses(&mut client).len(), 1);
    // Requests the server sends are answered (and recorded) while the client
    // waits for anything; a few round trips give the refresh time to arrive.
    let mut refreshed = |method: &str| {
        for _ in 0..50 {
            if client
                .server_requests
                .iter()
                .any(|it| it["method"] == method)
            {
                return true;
            }
            client.request(
                "textDocument/codeLens",
                json!({ "textDocument": { "uri": URI } }),
            );
        }
        false
    };
    assert!(refreshed("workspace/inlayHint/refresh"));
    assert!(refreshed("workspace/codeLens/refresh"));

    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "docklens": { "hints": { "sizes": false } } } }),
    );
    assert!(hints(&mut client).is_empty());
    assert!(lenses(&mut client).is_empty());
    client.shutdown();
}

#[test]
fn no_refresh_for_clients_that_cannot_take_it() {
    let (mut client, _) = Client::start(&["utf-16"]);
    client.open(URI, &seed("t4"));
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "docklens": { "hints": { "sizes": false } } } }),
    );
    assert!(hints(&mut client).is_empty());
    for _ in 0..5 {
        lenses(&mut client);
    }
    assert!(
        !client.server_requests.iter().any(|it| it["method"]
            .as_str()
            .is_some_and(|m| m.ends_with("/refresh"))),
        "{:?}",
        client.server_requests
    );
    client.shutdown();
}
