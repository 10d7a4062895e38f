//! Conformance with BuildKit's own parser corpus (`../shared/corpus/buildkit-parser`):
//! every positive case dumps byte for byte, every negative case is rejected,
//! and line spans match BuildKit's.

use std::{
    fs,
    path::{Path, PathBuf},
};

use docklens::syntax::{self, SyntaxErrorKind};

fn corpus() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/buildkit-parser");
    assert!(
        dir.join("testfiles").is_dir(),
        "BuildKit parser corpus not found at {}: the tests expect the shared/ folder beside the repository",
        dir.display()
    );
    dir
}

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut res: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .filter_map(|it| it.ok().map(|it| it.path()))
        .filter(|it| it.is_dir())
        .collect();
    res.sort();
    res
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

#[test]
fn positive_cases_dump_exactly() {
    let cases = cases(&corpus().join("testfiles"));
    assert_eq!(cases.len(), 33, "expected 33 positive cases");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case
            .file_name()
            .map(|it| it.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parse = syntax::parse(&read(&case.join("Dockerfile")));
        if !parse.errors.is_empty() {
            failures.push(format!("{name}: unexpected errors {:?}", parse.errors));
            continue;
        }
        let got = syntax::dump(&parse) + "\n";
        let want = read(&case.join("result"));
        if got != want {
            failures.push(format!("{name}:\n--- want\n{want}--- got\n{got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn negative_cases_are_rejected() {
    let cases = cases(&corpus().join("testfiles-negative"));
    assert_eq!(cases.len(), 4, "expected 4 negative cases");
    for case in &cases {
        let name = case
            .file_name()
            .map(|it| it.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parse = syntax::parse(&read(&case.join("Dockerfile")));
        let want = match name.as_str() {
            "empty_dockerfile" | "only_comments" => SyntaxErrorKind::NoInstructions,
            "env_no_value" => SyntaxErrorKind::MissingValue,
            "shykes-nested-json" => SyntaxErrorKind::NotStringArray,
            other => panic!("unknown negative case {other}"),
        };
        assert!(
            parse.errors.iter().any(|it| it.kind == want),
            "{name}: expected {want:?}, got {:?}",
            parse.errors
        );
    }
}

#[test]
fn line_numbers_match_buildkit() {
    let parse = syntax::parse(&read(&corpus().join("testfile-line/Dockerfile")));
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);
    // BuildKit reports 1-based inclusive lines; ours are 0-based.
    let spans: Vec<(usize, usize)> = parse
        .instructions
        .iter()
        .map(|it| (it.start_line + 1, it.end_line + 1))
        .collect();
    assert_eq!(spans, vec![(5, 5), (11, 12), (17, 31)]);
}
