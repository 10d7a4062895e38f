//! The image refactors as code actions: offered on the shipped stage's
//! `FROM` line and on DK2001/DK2002, titled with what they save, and
//! carrying their notes to the editor after the edit is applied.

mod common;

use std::sync::Arc;

use common::lsp::{apply, workspace_edits, Client};
use docklens::{
    ide::{self, Analysis, AnalysisConfig, CodeActionKind},
    syntax::{self, apply_edits, TextRange},
};
use serde_json::{json, Value};

fn seed(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/seed/{name}.Dockerfile",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("seed fixture")
}

fn refactors(text: &str, at: usize) -> Vec<ide::CodeAction> {
    let analysis = Analysis::new(Arc::from(text), Arc::new(AnalysisConfig::default()));
    ide::code_actions(
        &analysis,
        TextRange::new(at, at),
        Some(&[CodeActionKind::RefactorRewrite]),
    )
}

fn titles(actions: &[ide::CodeAction]) -> Vec<&str> {
    actions.iter().map(|it| it.title.as_str()).collect()
}

fn codes(text: &str) -> Vec<&'static str> {
    let analysis = Analysis::new(Arc::from(text), Arc::new(AnalysisConfig::default()));
    analysis.diagnostics().iter().map(|it| it.code).collect()
}

#[test]
fn t1_offers_the_split_and_no_base_switch() {
    let text = seed("t1");
    let actions = refactors(&text, 0);
    let titles = titles(&actions);
    assert!(
        titles[0].starts_with("Split into builder stage: runtime on "),
        "{titles:?}"
    );
    assert!(titles[0].contains("MB smaller"), "{titles:?}");
    // The stage compiles with the Go toolchain: another base would break
    // the build, so only the split is offered.
    assert_eq!(titles.len(), 1, "{titles:?}");
    let split = &actions[0];
    assert_eq!(split.diagnostic_codes, ["DK2001"]);
    assert!(!split.notes.is_empty());
    let after = apply_edits(&text, &split.edits).expect("edits apply");
    assert!(syntax::parse(&after).errors.is_empty(), "{after}");
    assert_eq!(after.matches("FROM ").count(), 2, "{after}");
    assert!(!codes(&after).contains(&"DK2001"), "{after}");
}

#[test]
fn offered_on_the_finding_and_not_elsewhere() {
    let text = seed("t1");
    let cmd = text.find("CMD").expect("CMD line");
    // DK2001 sits on the FROM line; the CMD line is neither.
    assert!(refactors(&text, cmd)
        .iter()
        .all(|it| !it.title.starts_with("Split")));
    // A builder stage's FROM gets nothing: only the shipped stage is rewritten.
    let t3 = seed("t3");
    let builder_titles: Vec<String> = refactors(&t3, 0).into_iter().map(|it| it.title).collect();
    assert!(
        builder_titles
            .iter()
            .all(|it| !it.starts_with("Switch runtime base")),
        "{builder_titles:?}"
    );
    let shipped_from = t3.rfind("FROM").expect("second FROM");
    let shipped = refactors(&t3, shipped_from);
    assert!(
        titles(&shipped)
            .iter()
            .any(|it| it.starts_with("Switch runtime base to alpine")),
        "{:?}",
        titles(&shipped)
    );
}

#[test]
fn switching_t2_and_t3_to_alpine_keeps_the_binary_reachable() {
    for name in ["t2", "t3"] {
        let text = seed(name);
        let from = text.rfind("FROM").expect("FROM");
        let actions = refactors(&text, from);
        let alpine = actions
            .iter()
            .find(|it| it.title.starts_with("Switch runtime base to alpine"))
            .unwrap_or_else(|| panic!("{name}: {:?}", titles(&actions)));
        let after = apply_edits(&text, &alpine.edits).expect("edits apply");
        assert!(syntax::parse(&after).errors.is_empty(), "{name}: {after}");
        let found = codes(&after);
        assert!(!found.contains(&"DK2001"), "{name}: {found:?}\n{after}");
        // golang:alpine works in /go; ./main must still resolve there.
        assert!(!found.contains(&"DK3001"), "{name}: {found:?}\n{after}");
    }
}

const URI: &str = "file:///work/project/Dockerfile";

#[test]
fn over_lsp_the_split_applies_and_shows_its_notes() {
    let text = seed("t1");
    let (mut client, init) = Client::start(&["utf-16"]);
    assert_eq!(
        init["capabilities"]["executeCommandProvider"]["commands"],
        json!(["docklens.showNotes"])
    );
    client.open(URI, &text);
    let diagnostics = client.diagnostics(URI, Some(1));
    assert!(diagnostics.iter().any(|it| it["code"] == "DK2001"));
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": {"start": {"line": 0, "character": 2}, "end": {"line": 0, "character": 2}},
            "context": { "diagnostics": [], "only": ["refactor"] },
        }),
    );
    let actions = actions.as_array().expect("actions");
    let split = actions
        .iter()
        .find(|it| {
            it["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Split into builder stage"))
        })
        .unwrap_or_else(|| panic!("{actions:?}"));
    assert_eq!(split["kind"], "refactor.rewrite");
    assert_eq!(split["diagnostics"][0]["code"], "DK2001");
    let after = apply(&text, &workspace_edits(&split["edit"], URI));
    assert!(after.contains("COPY --from="), "{after}");

    let command = &split["command"];
    assert_eq!(command["command"], "docklens.showNotes");
    let result = client.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    assert_eq!(result, Value::Null);
    let shown = client.wait_for(|it| it["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().expect("message");
    assert!(message.starts_with("Split into builder stage"), "{message}");
    assert!(message.contains("\n• "), "{message}");

    client.change(URI, 2, json!([{ "text": after }]));
    let diagnostics = client.diagnostics(URI, Some(2));
    assert!(
        diagnostics.iter().all(|it| it["code"] != "DK2001"),
        "{diagnostics:?}"
    );
    let unknown = client.request_raw(
        "workspace/executeCommand",
        json!({ "command": "docklens.nope", "arguments": [] }),
    );
    assert!(unknown["error"]["message"]
        .as_str()
        .is_some_and(|it| it.contains("docklens.showNotes")));
    client.shutdown();
}
