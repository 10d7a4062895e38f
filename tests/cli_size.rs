//! `docklens size`, run as the real binary: the text table and the JSON
//! report on the seeds (golden), standard input, `--target` and
//! `--build-arg`, and the exit codes for files it cannot read, unknown
//! targets and syntax errors.

use std::{
    io::Write,
    process::{Command, Output, Stdio},
};

use insta::assert_snapshot;
use serde_json::Value;

fn seed(name: &str) -> String {
    format!(
        "{}/tests/fixtures/seed/{name}.Dockerfile",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn size(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_docklens"))
        .arg("size")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the docklens binary runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    input
        .write_all(stdin.unwrap_or_default().as_bytes())
        .expect("stdin takes the text");
    drop(input);
    child.wait_with_output().expect("docklens exits")
}

fn stdout(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn text_report_on_the_seeds() {
    for name in ["t1", "t3", "t4-fixed", "book"] {
        let out = stdout(&size(&[&seed(name)], None));
        assert_snapshot!(name, out);
    }
}

#[test]
fn json_report_has_the_documented_shape() {
    let out = stdout(&size(&["--format", "json", &seed("t4-fixed")], None));
    assert_snapshot!("t4-fixed.json", out);
    let json: Value = serde_json::from_str(&out).expect("JSON");
    for stage in json["stages"].as_array().expect("stages") {
        for key in [
            "index",
            "name",
            "base",
            "base_download_mb",
            "base_disk_mb",
            "estimated_disk_mb",
            "ships",
        ] {
            assert!(stage.get(key).is_some(), "stage without {key}: {stage}");
        }
    }
    for key in ["stage", "estimated_download_mb", "estimated_disk_mb"] {
        assert!(json["final"].get(key).is_some(), "final without {key}");
    }
}

#[test]
fn unknown_sizes_are_null_in_json() {
    let out = stdout(&size(&["--format", "json", &seed("book")], None));
    let json: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["stages"][1]["base"], "diamol/base");
    assert_eq!(json["stages"][1]["base_disk_mb"], Value::Null);
    assert_eq!(json["stages"][1]["estimated_disk_mb"], Value::Null);
    assert_eq!(json["final"]["estimated_disk_mb"], Value::Null);
    assert_eq!(json["final"]["stage"], 1);
}

#[test]
fn standard_input_target_and_build_args() {
    let text = "ARG RUNTIME=debian:bookworm-slim\nFROM golang:1.22 AS build\nRUN go build -o /app .\n\nFROM ${RUNTIME} AS runtime\nCOPY --from=build /app /app\n";
    let out = stdout(&size(
        &["--build-arg", "RUNTIME=alpine:3.22", "-"],
        Some(text),
    ));
    assert_snapshot!("build_arg", out);
    let out = stdout(&size(
        &["--format", "json", "--target", "build", "-"],
        Some(text),
    ));
    let json: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["final"]["stage"], 0);
    assert_eq!(json["stages"][0]["ships"], true);
    assert_eq!(json["stages"][1]["role"], "unused");
    // The runtime stage's base resolves through the ARG's default.
    assert_eq!(json["stages"][1]["base"], "debian:bookworm-slim");
}

#[test]
fn a_stage_built_from_another_ships_its_layers() {
    let text = "FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nFROM base AS app\nRUN rm -rf /var/lib/apt/lists/*\n";
    assert_snapshot!("from_stage", stdout(&size(&["-"], Some(text))));
}

#[test]
fn errors_exit_2() {
    let out = size(&["/nonexistent/Dockerfile"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/Dockerfile"));
    assert!(out.stdout.is_empty());

    let out = size(&["--target", "nope", &seed("t4")], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no stage is named `nope`") && stderr.contains("stages: builder, 1"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn syntax_errors_still_get_a_report() {
    let text = "FROM alpine:3.22\nENV FOO\nRUN apk add --no-cache curl\n";
    let out = size(&["-"], Some(text));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        stderr.contains("<stdin>:2:5: error: ENV must have two arguments"),
        "{stderr}"
    );
    assert!(stderr.contains("syntax errors"), "{stderr}");
    assert!(stdout(&out).contains("final image (stage 0): 3.8 MB + ? download, 8.3 MB + ? on disk"));
}

#[test]
fn an_empty_file_has_no_stages() {
    let out = stdout(&size(&["-"], Some("# nothing yet\n")));
    assert_eq!(out, "no stages: the Dockerfile has no FROM\n");
    let out = stdout(&size(&["--format", "json", "-"], Some("")));
    let json: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["stages"], Value::Array(Vec::new()));
    assert_eq!(json["final"]["stage"], Value::Null);
    assert_eq!(json["final"]["estimated_disk_mb"], Value::Null);
}

#[test]
fn the_readme_sample_is_real_output() {
    let readme = std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR")))
        .expect("README.md");
    let command = "$ docklens size tests/fixtures/seed/t4-fixed.Dockerfile\n";
    let start = readme
        .find(command)
        .expect("the README shows `docklens size`")
        + command.len();
    let sample = &readme[start..];
    let sample = &sample[..sample.find("```").expect("the sample block ends")];
    assert_eq!(sample, stdout(&size(&[&seed("t4-fixed")], None)));
}
