//! Acceptance tests on the Dockerfiles docklens grew from
//! (`tests/fixtures/seed/`): the findings each article's Dockerfile must
//! get, and what `docklens size` says about the heaviest and the fixed one.

use std::process::Command;

use docklens::{
    model::{self, KnowledgeBaseFacts, ModelOptions},
    rules::{self, Config, Diagnostic, Environment},
    syntax,
};
use serde_json::Value;

fn path(name: &str) -> String {
    format!(
        "{}/tests/fixtures/seed/{name}.Dockerfile",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn seed(name: &str) -> String {
    let path = path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

fn lint(name: &str) -> Vec<Diagnostic> {
    let text = seed(name);
    let parse = syntax::parse(&text);
    let model = model::analyze(&text, &parse, &ModelOptions::default(), &KnowledgeBaseFacts);
    rules::check(
        &text,
        &parse,
        &model,
        &Config::default(),
        &Environment::default(),
    )
}

/// `(code, 1-based line)` of every finding.
fn findings(name: &str) -> Vec<(String, usize)> {
    let text = seed(name);
    lint(name)
        .into_iter()
        .map(|it| {
            let line = text[..it.range.start()].matches('\n').count() + 1;
            (it.code.to_owned(), line)
        })
        .collect()
}

fn has(name: &str, code: &str, line: usize) -> bool {
    findings(name).contains(&(code.to_owned(), line))
}

fn size_codes(name: &str) -> Vec<(String, usize)> {
    findings(name)
        .into_iter()
        .filter(|(code, _)| code.starts_with("DK2"))
        .collect()
}

/// `docklens size --format json` on a seed.
fn size(name: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_docklens"))
        .args(["size", "--format", "json", &path(name)])
        .output()
        .expect("the docklens binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("size prints JSON")
}

#[test]
fn t1_ships_the_toolchain() {
    assert!(has("t1", "DK2001", 1), "{:?}", findings("t1"));
}

#[test]
fn t2_ships_the_toolchain_without_building_anything() {
    let found = lint("t2")
        .into_iter()
        .find(|it| it.code == "DK2001")
        .unwrap_or_else(|| panic!("no DK2001 in {:?}", findings("t2")));
    assert!(
        found.message.contains("nothing is built here"),
        "{}",
        found.message
    );
}

#[test]
fn t3_ships_the_toolchain_in_its_runtime_stage() {
    assert!(has("t3", "DK2001", 7), "{:?}", findings("t3"));
    // The builder stage is where the toolchain belongs.
    assert!(!has("t3", "DK2001", 1), "{:?}", findings("t3"));
}

#[test]
fn t4_loses_its_binary_and_is_otherwise_small() {
    assert!(has("t4", "DK3001", 11), "{:?}", findings("t4"));
    assert_eq!(size_codes("t4"), vec![]);
}

#[test]
fn t4_fixed_has_neither_problem() {
    let found = findings("t4-fixed");
    assert!(!found.iter().any(|(code, _)| code == "DK3001"), "{found:?}");
    assert_eq!(size_codes("t4-fixed"), vec![]);
}

#[test]
fn the_books_three_defects() {
    let found = findings("book");
    // `COPY index.html` has no destination.
    assert!(has("book", "DK1011", 14), "{found:?}");
    // `WORKDIR web` is relative.
    assert!(has("book", "DL3000", 13), "{found:?}");
    // `RUN chmod +x server` stores the binary again.
    assert!(has("book", "DK2003", 16), "{found:?}");
}

#[test]
fn size_of_t1_is_hundreds_of_megabytes() {
    let report = size("t1");
    let stages = report["stages"].as_array().expect("stages");
    assert_eq!(stages.len(), 1);
    assert_eq!(stages[0]["ships"], true);
    assert_eq!(stages[0]["base"], "golang:alpine");
    let disk = report["final"]["estimated_disk_mb"]
        .as_f64()
        .expect("golang:alpine is known");
    assert!((100.0..1000.0).contains(&disk), "{disk}");
    assert_eq!(report["final"]["stage"], 0);
}

#[test]
fn size_of_the_fixed_t4_is_under_20_megabytes() {
    let report = size("t4-fixed");
    let stages = report["stages"].as_array().expect("stages");
    // The builder is reported, heavy, and not counted.
    assert_eq!(stages[0]["ships"], false);
    assert!(stages[0]["estimated_disk_mb"].as_f64().unwrap_or(0.0) > 200.0);
    assert_eq!(stages[1]["ships"], true);
    assert_eq!(stages[1]["base"], "alpine");
    assert_eq!(report["final"]["stage"], 1);
    let disk = report["final"]["estimated_disk_mb"]
        .as_f64()
        .expect("alpine is known");
    assert!(disk < 20.0, "{disk}");
    let download = report["final"]["estimated_download_mb"]
        .as_f64()
        .expect("alpine is known");
    assert!(download < disk, "{download} < {disk}");
    // What cannot be known before the build is said, not guessed.
    assert_eq!(report["final"]["estimated_disk"]["partial"], true);
    assert_eq!(stages[1]["not_estimable"][0]["line"], 9);
}
