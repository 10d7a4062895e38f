//! End-to-end tests of the language server core: the real binary over stdio.

mod common;

use common::lsp::Client;
use serde_json::{json, Value};

const URI: &str = "file:///work/project/Dockerfile";

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|it| it["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn negotiates_position_encoding() {
    let (client, init) = Client::start(&["utf-16", "utf-8"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(init["serverInfo"]["name"], "docklens");
    assert_eq!(client.shutdown(), Some(0));

    let (client, init) = Client::start(&[]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn publishes_versioned_diagnostics_on_open_and_change() {
    let (mut client, _) = Client::start(&["utf-16"]);
    client.open(URI, "FROM alpine:3.22\nRU echo hi\n");
    let diagnostics = client.diagnostics(URI, Some(1));
    assert_eq!(codes(&diagnostics), vec!["DK1001"]);
    assert_eq!(
        diagnostics[0]["range"],
        json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 2}})
    );
    assert_eq!(diagnostics[0]["severity"], 1);
    assert!(diagnostics[0]["codeDescription"]["href"].is_string());

    // Type the missing `N`.
    client.change(URI, 2, json!([{ "range": {"start": {"line": 1, "character": 2}, "end": {"line": 1, "character": 2}}, "text": "N" }]));
    assert_eq!(
        codes(&client.diagnostics(URI, Some(2))),
        Vec::<String>::new()
    );

    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert!(
        client.diagnostics(URI, None).is_empty(),
        "closing clears diagnostics"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn utf16_positions_on_lines_with_emoji() {
    let (mut client, _) = Client::start(&["utf-16"]);
    // `😀` is two UTF-16 units; `é` one.
    client.open(URI, "FROM alpine:3.22\nLABEL x=\"😀é\"\nRUN true\n");
    assert!(client.diagnostics(URI, Some(1)).is_empty());
    // Replace `RUN` with `RU` and put an unknown word after the emoji on line 1.
    client.change(
        URI,
        2,
        json!([
            { "range": {"start": {"line": 2, "character": 2}, "end": {"line": 2, "character": 3}}, "text": "" },
            { "range": {"start": {"line": 1, "character": 13}, "end": {"line": 1, "character": 13}}, "text": "\nFOO 😀" },
        ]),
    );
    let diagnostics = client.diagnostics(URI, Some(2));
    let ranges: Vec<&Value> = diagnostics.iter().map(|it| &it["range"]).collect();
    assert_eq!(
        ranges,
        vec![
            &json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 3}}),
            &json!({"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 2}}),
        ],
        "{diagnostics:?}"
    );
    client.shutdown();
}

#[test]
fn crlf_documents_and_out_of_range_edits() {
    let (mut client, _) = Client::start(&["utf-8"]);
    client.open(URI, "FROM alpine:3.22\r\nRUN a \\\r\n  b\r\n");
    assert!(client.diagnostics(URI, Some(1)).is_empty());
    // A column past the end of the line clamps to the line end.
    client.change(URI, 2, json!([{ "range": {"start": {"line": 0, "character": 99}, "end": {"line": 0, "character": 99}}, "text": " AS Base" }]));
    let diagnostics = client.diagnostics(URI, Some(2));
    assert_eq!(codes(&diagnostics), vec!["StageNameCasing"]);
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({"line": 0, "character": 20})
    );
    client.shutdown();
}

#[test]
fn protocol_errors_get_error_responses() {
    let (mut client, _) = Client::start(&["utf-16"]);
    let unknown = client.request_raw("textDocument/doesNotExist", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    // Malformed JSON gets a parse error and the server keeps serving.
    client.send_raw(b"{not json");
    let parse_error = client.wait_for(|it| it.get("error").is_some());
    assert_eq!(parse_error["error"]["code"], -32700, "{parse_error}");
    assert_eq!(parse_error["id"], Value::Null);
    // Valid JSON that is not JSON-RPC: an invalid-request error with its id.
    client.send_raw(br#"{"id": 41, "hello": "world"}"#);
    let invalid = client.wait_for(|it| it.get("id") == Some(&json!(41)));
    assert_eq!(invalid["error"]["code"], -32600, "{invalid}");
    client.open(URI, "FROM alpine:3.22\n");
    assert!(client.diagnostics(URI, Some(1)).is_empty());
    assert_eq!(client.shutdown(), Some(0));
}

/// A tiny deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

/// The UTF-16 position of a char index in `text` (LSP line breaks).
fn utf16_position(text: &str, char_idx: usize) -> Value {
    let (mut line, mut col) = (0, 0);
    let mut chars = text.chars().take(char_idx).peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => (line, col) = (line + 1, 0),
            '\r' if chars.peek() != Some(&'\n') => (line, col) = (line + 1, 0),
            '\r' => {}
            c => col += c.len_utf16(),
        }
    }
    json!({ "line": line, "character": col })
}

#[test]
fn random_incremental_edits_end_where_a_fresh_open_does() {
    let base = "# syntax=docker/dockerfile:1\nFROM golang:1.22 AS Build\nWORKDIR src\nCOPY . .\nRUN go build -o /out/app \\\n  ./cmd/é😀\nFROM alpine:3.22\nCOPY --from=Build /out/app /app\nCMD [\"/app\"]\n";
    let pieces = [
        "RU",
        "N ",
        "\n",
        "FROM ",
        "😀",
        "é",
        "\\\n",
        "COPY",
        " --from=x",
        "<<EOF\n",
        "EOF\n",
        "[\"a\"",
        "\r\n",
        "AS b",
        "#",
    ];
    let (mut client, _) = Client::start(&["utf-16"]);
    for seed in 1..=4u64 {
        let uri = format!("file:///work/project/{seed}.Dockerfile");
        let mut text = base.to_owned();
        client.open(&uri, &text);
        client.diagnostics(&uri, Some(1));
        let mut rng = Lcg(seed);
        let mut version = 1;
        for _ in 0..40 {
            let chars: Vec<char> = text.chars().collect();
            // LSP cannot address the point between `\r` and `\n`.
            let inside_crlf = |at: usize| {
                at > 0 && chars.get(at - 1) == Some(&'\r') && chars.get(at) == Some(&'\n')
            };
            let mut start = rng.next(chars.len() + 1);
            if inside_crlf(start) {
                start += 1;
            }
            let mut end = (start + rng.next(4)).min(chars.len());
            if inside_crlf(end) {
                end += 1;
            }
            let insert = if rng.next(3) == 0 {
                ""
            } else {
                pieces[rng.next(pieces.len())]
            };
            let range =
                json!({ "start": utf16_position(&text, start), "end": utf16_position(&text, end) });
            let mut next: String = chars[..start].iter().collect();
            next.push_str(insert);
            next.extend(&chars[end..]);
            version += 1;
            client.change(&uri, version, json!([{ "range": range, "text": insert }]));
            text = next;
        }
        let incremental = client.diagnostics(&uri, Some(version));
        let fresh_uri = format!("file:///work/project/fresh-{seed}.Dockerfile");
        client.open(&fresh_uri, &text);
        let fresh = client.diagnostics(&fresh_uri, Some(1));
        assert_eq!(incremental, fresh, "seed {seed}, final text:\n{text}");
    }
    client.shutdown();
}

#[test]
fn symbols_selection_and_request_errors() {
    let (mut client, _) = Client::start(&["utf-16"]);
    client.open(URI, "ARG V=1\nFROM golang:1.22 AS build\nENV A=1 B=2\nFROM alpine:3.22\nCOPY --from=build /a /a\n");
    client.diagnostics(URI, Some(1));
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    let names: Vec<&str> = symbols.as_array().map_or(Vec::new(), |it| {
        it.iter().filter_map(|s| s["name"].as_str()).collect()
    });
    assert_eq!(names, vec!["ARG V=1", "build", "stage 1"]);
    assert_eq!(symbols[2]["detail"], "FROM alpine:3.22, ships");
    assert_eq!(symbols[1]["children"][0]["children"][1]["name"], "B");

    let selection = client.request(
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": URI }, "positions": [{ "line": 4, "character": 14 }] }),
    );
    assert_eq!(
        selection[0]["range"],
        json!({"start": {"line": 4, "character": 12}, "end": {"line": 4, "character": 17}})
    );

    let unopened = client.request_raw(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": "file:///nope/Dockerfile" } }),
    );
    assert_eq!(unopened["error"]["code"], -32602, "{unopened}");
    let absurd = client.request_raw(
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": URI }, "positions": [{ "line": 4000, "character": 0 }] }),
    );
    assert_eq!(absurd["error"]["code"], -32602, "{absurd}");
    assert_eq!(client.shutdown(), Some(0));
}
