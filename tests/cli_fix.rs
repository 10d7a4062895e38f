//! `docklens fix`: safe fixes in place, `--unsafe` adds the image refactors,
//! `--diff` writes nothing, and a file that cannot be written back is never
//! touched.

use std::{
    fs,
    io::Write,
    path::Path,
    process::{Command, Output, Stdio},
};

use insta::assert_snapshot;

fn docklens(args: &[&str], dir: &Path, stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_docklens"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env_remove("XDG_CONFIG_HOME")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("docklens starts");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("docklens exits")
}

fn seed(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/seed/{name}.Dockerfile",
        env!("CARGO_MANIFEST_DIR")
    );
    fs::read_to_string(path).expect("seed fixture")
}

/// A project directory (with `.git`, so no outer configuration applies)
/// holding `Dockerfile` with `text`.
fn project(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join(".git")).expect("mkdir");
    fs::write(dir.path().join(".dockerignore"), ".git\n").expect("write");
    fs::write(dir.path().join("Dockerfile"), text).expect("write");
    dir
}

fn read(dir: &tempfile::TempDir) -> String {
    fs::read_to_string(dir.path().join("Dockerfile")).expect("read")
}

fn codes(dir: &Path) -> String {
    let out = docklens(
        &["check", "--format", "gnu", "--no-fail", "Dockerfile"],
        dir,
        None,
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn safe_fixes_apply_in_place_and_a_second_run_changes_nothing() {
    let text = "from alpine:3.20 as Build\nmaintainer someone@example.com\nRUN apk add curl\n";
    let dir = project(text);
    let out = docklens(&["fix", "Dockerfile"], dir.path(), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let fixed = read(&dir);
    assert_snapshot!("safe_fixes", fixed);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("fixed "), "{stderr}");

    let again = docklens(&["fix", "Dockerfile"], dir.path(), None);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(read(&dir), fixed);
    assert!(String::from_utf8_lossy(&again.stderr).starts_with("fixed 0 finding(s) in 0 file(s)"));
}

#[test]
fn diff_writes_nothing_and_exits_1_when_something_would_change() {
    let text = "from alpine:3.20 as Build\n";
    let dir = project(text);
    let out = docklens(&["fix", "--diff", "."], dir.path(), None);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(read(&dir), text);
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.contains("-from alpine:3.20 as Build\n"), "{diff}");
    assert!(diff.contains("+from alpine:3.20 as build\n"), "{diff}");
}

#[test]
fn unsafe_splits_the_seed_into_a_builder_and_a_minimal_runtime() {
    let dir = project(&seed("t1"));
    assert!(codes(dir.path()).contains("[DK2001]"));
    let out = docklens(&["fix", "--unsafe", "Dockerfile"], dir.path(), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let fixed = read(&dir);
    assert_snapshot!("t1_unsafe", fixed);
    assert!(fixed.contains("CMD [\"./main\"]"), "{fixed}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Split into builder stage: runtime on "),
        "{stderr}"
    );
    assert!(stderr.contains("  note: "), "{stderr}");
    let after = codes(dir.path());
    assert!(!after.contains("[DK2001]"), "{after}");
    assert!(!after.contains("[DK3001]"), "{after}");
    // Safe mode leaves the refactor alone.
    let dir = project(&seed("t1"));
    docklens(&["fix", "Dockerfile"], dir.path(), None);
    assert_eq!(read(&dir).matches("FROM ").count(), 1);
}

#[test]
fn unsafe_turns_the_books_chmod_layer_into_copy_chmod() {
    let dir = project(&seed("book"));
    let out = docklens(&["fix", "--unsafe", "Dockerfile"], dir.path(), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let fixed = read(&dir);
    assert_snapshot!("book_unsafe", fixed);
    assert!(!codes(dir.path()).contains("[DK2003]"));
}

#[test]
fn files_that_cannot_be_written_back_are_left_alone() {
    // A parser error: BuildKit rejects the file outright.
    let broken =
        "# syntax=docker/dockerfile:1\n# syntax=docker/dockerfile:1\nfrom alpine:3.20 as Build\n";
    let dir = project(broken);
    let out = docklens(&["fix", "--unsafe", "Dockerfile"], dir.path(), None);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(read(&dir), broken);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Dockerfile:2:1: error:"), "{stderr}");
    assert!(
        stderr.contains("not fixed: it has syntax errors"),
        "{stderr}"
    );

    // Bytes that are not UTF-8 would be lost on the way back.
    let dir = project("");
    let bytes = b"from alpine:3.20 as Build\nLABEL x=\xff\n";
    fs::write(dir.path().join("Dockerfile"), bytes).expect("write");
    let out = docklens(&["fix", "Dockerfile"], dir.path(), None);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(
        fs::read(dir.path().join("Dockerfile")).expect("read"),
        bytes
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid UTF-8"));
}

#[test]
fn standard_input_is_fixed_to_standard_output() {
    let dir = project("");
    let out = docklens(
        &["fix", "-"],
        dir.path(),
        Some("from alpine:3.20 as Build\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "from alpine:3.20 as build\n"
    );
}
