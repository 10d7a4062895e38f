//! The language server reads `.hadolint.yaml`, `docklens.toml` and
//! `.dockerignore` beside the document, and re-reads them when a watched
//! file changes; editor settings win over the files.

mod common;

use std::fs;

use common::lsp::Client;
use serde_json::{json, Value};

fn codes(message: &Value) -> Vec<String> {
    message["params"]["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|it| it["code"].as_str().map(str::to_owned))
        .collect()
}

fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// The next diagnostics for `uri` that `pred` accepts (earlier ones, e.g.
/// before the settings arrived, are skipped).
fn diagnostics_where(
    client: &mut Client,
    uri: &str,
    pred: impl Fn(&[String]) -> bool,
) -> Vec<String> {
    let message = client.wait_for(|it| {
        it["method"] == "textDocument/publishDiagnostics"
            && it["params"]["uri"] == uri
            && pred(&codes(it))
    });
    codes(&message)
}

const TEXT: &str = "FROM alpine:3.20\nWORKDIR app\nCOPY . .\n";

#[test]
fn configuration_files_shape_the_diagnostics() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical temp dir");
    fs::create_dir(root.join(".git")).expect("mkdir");
    fs::write(root.join(".hadolint.yaml"), "ignored: [DL3000]\n").expect("write");
    let dockerfile = root.join("Dockerfile");
    fs::write(&dockerfile, TEXT).expect("write");
    let uri = file_uri(&dockerfile);

    let (mut client, _) = Client::start(&["utf-16"]);
    client.open(&uri, TEXT);
    // No .dockerignore: `COPY . .` gets DK2006; DL3000 is ignored by the file.
    let seen = diagnostics_where(&mut client, &uri, |codes| {
        codes.iter().any(|c| c == "DK2006")
    });
    assert!(!seen.iter().any(|c| c == "DL3000"), "{seen:?}");

    // A .dockerignore that excludes .git, and a docklens.toml that turns
    // DL3000 back on as an error: both land after the watched-files event.
    fs::write(root.join(".dockerignore"), ".git\n").expect("write");
    fs::write(root.join("docklens.toml"), "[rules]\nDL3000 = \"error\"\n").expect("write");
    fs::write(root.join(".hadolint.yaml"), "{}\n").expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [
            { "uri": file_uri(&root.join(".dockerignore")), "type": 1 },
            { "uri": file_uri(&root.join("docklens.toml")), "type": 1 },
        ] }),
    );
    let seen = diagnostics_where(&mut client, &uri, |codes| {
        codes.iter().any(|c| c == "DL3000")
    });
    assert!(!seen.iter().any(|c| c == "DK2006"), "{seen:?}");
    client.shutdown();
}

#[test]
fn editor_settings_win_over_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical temp dir");
    fs::create_dir(root.join(".git")).expect("mkdir");
    fs::write(root.join("docklens.toml"), "[rules]\nDL3000 = \"error\"\n").expect("write");
    fs::write(root.join(".dockerignore"), ".git\n").expect("write");
    let dockerfile = root.join("Dockerfile");
    let uri = file_uri(&dockerfile);

    let (mut client, _) = Client::start_with(&["utf-16"], json!({ "rules": { "DL3000": "off" } }));
    client.open(&uri, TEXT);
    let seen = client.diagnostics(&uri, Some(1));
    let seen: Vec<&str> = seen.iter().filter_map(|it| it["code"].as_str()).collect();
    assert!(!seen.contains(&"DL3000"), "{seen:?}");
    client.shutdown();
}
