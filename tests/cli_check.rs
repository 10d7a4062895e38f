//! `docklens check`, `rules` and `explain`, run as the real binary in
//! temporary directories: output formats (golden), exit codes, thresholds,
//! overrides, configuration files and their precedence, directory search,
//! standard input, and SARIF against the official schema.
//!
//! The rule set grows while these tests stand still, so every `check` here
//! runs with all rules ignored except the three the fixtures are about:
//! DK1001 (unknown instruction), StageNameCasing and DL3000.

use std::{
    fs,
    io::Write,
    path::Path,
    process::{Command, Output, Stdio},
    sync::OnceLock,
};

use serde_json::Value;
use tempfile::TempDir;

const FINDINGS: &str = include_str!("cli/findings.Dockerfile");
/// The rules the fixtures trigger; every other rule is ignored.
const KEPT: [&str; 3] = ["DK1001", "StageNameCasing", "DL3000"];
/// Only a StageNameCasing warning.
const WARNING_ONLY: &str = "FROM alpine:3.22 AS Base\nRUN true\n";
const CLEAN: &str = "FROM alpine:3.22\nWORKDIR /app\n";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_docklens"))
}

/// Every rule from `docklens rules --format json`.
fn all_rules() -> &'static Vec<Value> {
    static RULES: OnceLock<Vec<Value>> = OnceLock::new();
    RULES.get_or_init(|| {
        let out = bin().args(["rules", "--format", "json"]).output().unwrap();
        assert!(out.status.success());
        serde_json::from_slice::<Value>(&out.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    })
}

/// `--ignore CODE` for every rule but the kept ones.
fn ignore_others() -> Vec<String> {
    all_rules()
        .iter()
        .map(|it| it["code"].as_str().unwrap().to_owned())
        .filter(|code| !KEPT.contains(&code.as_str()))
        .flat_map(|code| ["--ignore".to_owned(), code])
        .collect()
}

/// A directory that is its own repository root (so discovery stops there),
/// with these files.
fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `docklens check ARGS` in `dir`, with no colour, no user-level hadolint
/// configuration and every rule but the kept ones ignored.
fn check(dir: &Path, args: &[&str]) -> Run {
    check_with_stdin(dir, args, None)
}

fn check_with_stdin(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut command = bin();
    command
        .arg("check")
        .args(ignore_others())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("xdg"))
        .env_remove("LOCALAPPDATA")
        .env_remove("USERPROFILE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        pipe.write_all(text.as_bytes()).unwrap();
    }
    drop(pipe);
    finish(child.wait_with_output().unwrap())
}

fn finish(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn json(run: &Run) -> Vec<Value> {
    serde_json::from_str::<Value>(&run.stdout)
        .unwrap_or_else(|err| panic!("not JSON ({err}): {}", run.stdout))
        .as_array()
        .unwrap()
        .clone()
}

/// `(code, level)` of each JSON finding.
fn levels(run: &Run) -> Vec<(String, String)> {
    json(run)
        .iter()
        .map(|it| {
            (
                it["code"].as_str().unwrap().to_owned(),
                it["level"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn golden(format: &str) -> Run {
    let dir = project(&[("findings.Dockerfile", FINDINGS)]);
    let run = check(dir.path(), &["--format", format, "findings.Dockerfile"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    run
}

#[test]
fn golden_text() {
    let run = golden("text");
    assert!(!run.stdout.contains('\x1b'), "no colour off a terminal");
    insta::assert_snapshot!("text", run.stdout);
}

#[test]
fn golden_json() {
    insta::assert_snapshot!("json", golden("json").stdout);
}

#[test]
fn golden_gnu() {
    insta::assert_snapshot!("gnu", golden("gnu").stdout);
}

#[test]
fn golden_github() {
    insta::assert_snapshot!("github", golden("github").stdout);
}

#[test]
fn golden_checkstyle() {
    insta::assert_snapshot!("checkstyle", golden("checkstyle").stdout);
}

/// The SARIF log lists every rule; the snapshot keeps the three this test
/// is about (and checks `ruleIndex` against the full list) so that new
/// rules do not change it.
#[test]
fn golden_sarif() {
    let run = golden("sarif");
    let mut log: Value = serde_json::from_str(&run.stdout).unwrap();
    let driver = &mut log["runs"][0]["tool"]["driver"];
    let rules = driver["rules"].as_array().unwrap().clone();
    assert_eq!(rules.len(), all_rules().len());
    for rule in &rules {
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert!(rule["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## What it does"));
    }
    driver["version"] = "[version]".into();
    driver["semanticVersion"] = "[version]".into();
    driver["rules"] = rules
        .iter()
        .filter(|it| KEPT.contains(&it["id"].as_str().unwrap()))
        .map(|it| {
            let mut it = it.clone();
            it["fullDescription"] = "[from the docs]".into();
            it["help"] = "[the docs]".into();
            it
        })
        .collect();
    for result in log["runs"][0]["results"].as_array_mut().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        result["ruleIndex"] = "[index]".into();
    }
    insta::assert_snapshot!("sarif", serde_json::to_string_pretty(&log).unwrap());
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(include_str!("schemas/sarif-schema-2.1.0.json")).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

#[test]
fn sarif_conforms_to_the_official_schema() {
    let validator = sarif_validator();
    // Every rule's metadata, and results with fixes from several files.
    let dir = project(&[
        ("findings.Dockerfile", FINDINGS),
        ("a b/Dockerfile", WARNING_ONLY),
        ("clean/Dockerfile", CLEAN),
    ]);
    let run = check(dir.path(), &["--format", "sarif", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|it| format!("{} at {}", it, it.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 4);
    // The validator itself rejects a broken log.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!validator.is_valid(&broken));
    // An empty run is valid too.
    let run = check(dir.path(), &["--format", "sarif", "clean"]);
    assert_eq!(run.code, 0);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(validator.is_valid(&log));
}

#[test]
fn json_columns_count_unicode_scalar_values() {
    // `ä` is two bytes and `😀` four: byte columns would be off.
    let text =
        "FROM --platform=linux/ämd64 golang:1.22 AS Büilder😀\nFROM alpine:3.22\nWORKDIR é😀x/y\n";
    let dir = project(&[("Dockerfile", text)]);
    let run = check(dir.path(), &["--format", "json", "--ignore", "DK1001"]);
    let findings = json(&run);
    let position = |code: &str| {
        let it = findings
            .iter()
            .find(|it| it["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {findings:?}"));
        [
            &it["line"],
            &it["column"],
            &it["end_line"],
            &it["end_column"],
        ]
        .map(|it| it.as_u64().unwrap())
    };
    // "FROM --platform=linux/ämd64 golang:1.22 AS " is 43 characters.
    assert_eq!(position("StageNameCasing"), [1, 44, 1, 52]);
    // "é😀x/y" is 5 characters; the end column is the one after it.
    assert_eq!(position("DL3000"), [3, 9, 3, 14]);
}

#[test]
fn exit_codes() {
    let dir = project(&[
        ("clean.Dockerfile", CLEAN),
        ("findings.Dockerfile", FINDINGS),
        ("warning.Dockerfile", WARNING_ONLY),
    ]);
    let run = check(dir.path(), &["clean.Dockerfile"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no problems in 1 file\n")
    );
    assert_eq!(check(dir.path(), &["findings.Dockerfile"]).code, 1);
    // hadolint's default threshold is info: a warning fails.
    assert_eq!(check(dir.path(), &["warning.Dockerfile"]).code, 1);
    // A missing file is an I/O error, even next to files with findings.
    let run = check(dir.path(), &["findings.Dockerfile", "missing.Dockerfile"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read missing.Dockerfile"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("DK1001"),
        "the readable file is still reported"
    );
    // Usage errors.
    assert_eq!(check(dir.path(), &["--format", "xml"]).code, 2);
    assert_eq!(check(dir.path(), &["--failure-threshold", "fatal"]).code, 2);
    assert_eq!(check(dir.path(), &["--build-arg", "=x"]).code, 2);
}

#[test]
fn failure_threshold() {
    let dir = project(&[("Dockerfile", WARNING_ONLY)]);
    for (threshold, code) in [
        ("style", 1),
        ("info", 1),
        ("warning", 1),
        ("error", 0),
        ("none", 0),
    ] {
        let run = check(dir.path(), &["--failure-threshold", threshold]);
        assert_eq!(run.code, code, "--failure-threshold {threshold}");
        assert!(run.stdout.contains("1 warning in 1 file"));
    }
    assert_eq!(check(dir.path(), &["-t", "error"]).code, 0);
    assert_eq!(check(dir.path(), &["--no-fail"]).code, 0);
}

#[test]
fn ignore_by_code_name_or_alias() {
    let dir = project(&[("Dockerfile", FINDINGS)]);
    let all = pairs(&[
        ("StageNameCasing", "warning"),
        ("DK1001", "error"),
        ("DL3000", "error"),
    ]);
    assert_eq!(levels(&check(dir.path(), &["-f", "json"])), all);
    for spelling in [
        "DL3000",
        "dl3000",
        "workdir-relative-path",
        "WorkdirRelativePath",
    ] {
        let run = check(dir.path(), &["-f", "json", "--ignore", spelling]);
        assert_eq!(levels(&run), all[..2].to_vec(), "--ignore {spelling}");
    }
    let run = check(
        dir.path(),
        &["-f", "json", "--ignore", "DL3000", "--ignore", "DK1001"],
    );
    assert_eq!(levels(&run), all[..1].to_vec());
    // A warning, then the only finding left fails the run as usual.
    assert_eq!(run.code, 1);
}

#[test]
fn severity_overrides() {
    let dir = project(&[("Dockerfile", FINDINGS)]);
    let run = check(
        dir.path(),
        &[
            "-f",
            "json",
            "--style",
            "DL3000",
            "--error",
            "stage-name-casing",
            "--info",
            "DK1001",
        ],
    );
    assert_eq!(
        levels(&run),
        pairs(&[
            ("StageNameCasing", "error"),
            ("DK1001", "info"),
            ("DL3000", "style"),
        ])
    );
    // Downgraded below the threshold, nothing fails.
    let run = check(
        dir.path(),
        &[
            "-t",
            "warning",
            "--style",
            "DL3000",
            "--info",
            "DK1001",
            "--info",
            "StageNameCasing",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("2 info, 1 style in 1 file"),
        "{}",
        run.stdout
    );
}

#[test]
fn unknown_rule_codes_warn() {
    let dir = project(&[(
        "Dockerfile",
        "FROM alpine:3.22\n# hadolint ignore=DL3000,DL9999\nWORKDIR /app\n",
    )]);
    let run = check(dir.path(), &["--ignore", "DL9999"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        "docklens: warning: unknown rule `DL9999` (in --ignore)\n\
         Dockerfile:2:26: warning: unknown rule `DL9999` in a pragma\n"
    );
}

/// defaults < .hadolint.yaml < docklens.toml < the command line.
#[test]
fn config_precedence() {
    let hadolint = "\
ignored:
  - StageNameCasing
override:
  info:
    - DL3000
    - DK1001
failure-threshold: error
";
    let docklens = "\
[rules]
DK1001 = \"warning\"
StageNameCasing = \"style\"
";
    let dir = project(&[("Dockerfile", FINDINGS), (".hadolint.yaml", hadolint)]);
    // .hadolint.yaml alone: StageNameCasing ignored, the rest info, and the
    // threshold of error lets it pass.
    let run = check(dir.path(), &["-f", "json"]);
    assert_eq!(
        levels(&run),
        pairs(&[("DK1001", "info"), ("DL3000", "info")])
    );
    assert_eq!(run.code, 0);
    // docklens.toml beats it: StageNameCasing is back, DK1001 a warning.
    fs::write(dir.path().join("docklens.toml"), docklens).unwrap();
    let run = check(dir.path(), &["-f", "json"]);
    assert_eq!(
        levels(&run),
        pairs(&[
            ("StageNameCasing", "style"),
            ("DK1001", "warning"),
            ("DL3000", "info"),
        ])
    );
    assert_eq!(run.code, 0, "the threshold still comes from .hadolint.yaml");
    // The command line beats both.
    let run = check(
        dir.path(),
        &[
            "-f",
            "json",
            "--error",
            "DL3000",
            "--ignore",
            "StageNameCasing",
        ],
    );
    assert_eq!(
        levels(&run),
        pairs(&[("DK1001", "warning"), ("DL3000", "error")])
    );
    assert_eq!(run.code, 1);
    assert_eq!(check(dir.path(), &["-t", "warning"]).code, 1);
    // A threshold in docklens.toml beats .hadolint.yaml's.
    fs::write(
        dir.path().join("docklens.toml"),
        format!("failure-threshold = \"warning\"\n{docklens}"),
    )
    .unwrap();
    assert_eq!(check(dir.path(), &[]).code, 1);
}

#[test]
fn nearest_config_applies_to_each_file() {
    let dir = project(&[
        ("Dockerfile", WARNING_ONLY),
        ("sub/Dockerfile", WARNING_ONLY),
        (
            "sub/docklens.toml",
            "[rules]\nStageNameCasing = \"error\"\n",
        ),
        ("docklens.toml", "[rules]\nStageNameCasing = \"info\"\n"),
    ]);
    let run = check(dir.path(), &["-f", "gnu"]);
    assert_eq!(
        run.stdout,
        "Dockerfile:1:21: info: stage name `Base` should be lowercase [StageNameCasing]\n\
         sub/Dockerfile:1:21: error: stage name `Base` should be lowercase [StageNameCasing]\n"
    );
}

#[test]
fn explicit_config_file() {
    let dir = project(&[
        ("Dockerfile", WARNING_ONLY),
        (".hadolint.yaml", "override:\n  error: [StageNameCasing]\n"),
        ("ci/lint.yaml", "ignored: [StageNameCasing]\n"),
        ("ci/strict.toml", "[rules]\nStageNameCasing = \"style\"\n"),
    ]);
    let run = check(dir.path(), &["-f", "json"]);
    assert_eq!(levels(&run), pairs(&[("StageNameCasing", "error")]));
    // --config replaces the discovered file of its kind.
    let run = check(dir.path(), &["-f", "json", "--config", "ci/lint.yaml"]);
    assert_eq!(levels(&run), vec![]);
    let run = check(dir.path(), &["-f", "json", "-c", "ci/strict.toml"]);
    assert_eq!(levels(&run), pairs(&[("StageNameCasing", "style")]));
    let run = check(dir.path(), &["--config", "ci/missing.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read config ci/missing.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn hadolint_user_config_is_a_fallback() {
    // `check` points XDG_CONFIG_HOME at `xdg/` in the project.
    let dir = project(&[
        ("Dockerfile", WARNING_ONLY),
        ("xdg/hadolint.yaml", "ignored: [StageNameCasing]\n"),
    ]);
    let run = check(dir.path(), &["-f", "json"]);
    assert_eq!(levels(&run), vec![]);
    assert_eq!(run.code, 0);
    // A project's own file wins over the user's.
    fs::write(
        dir.path().join(".hadolint.yml"),
        "failure-threshold: none\n",
    )
    .unwrap();
    let run = check(dir.path(), &["-f", "json"]);
    assert_eq!(levels(&run), pairs(&[("StageNameCasing", "warning")]));
    assert_eq!(run.code, 0);
}

#[test]
fn yaml_syntax_error_is_positioned_and_exits_2() {
    let dir = project(&[
        ("Dockerfile", FINDINGS),
        (".hadolint.yaml", "ignored:\n  - DL3000\noverride: [error\n"),
    ]);
    let run = check(dir.path(), &["-f", "json"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "", "nothing is checked with a broken config");
    assert!(
        run.stderr
            .starts_with(".hadolint.yaml:4:1: error: invalid YAML: "),
        "{}",
        run.stderr
    );
}

#[test]
fn toml_syntax_error_is_positioned_and_exits_2() {
    let dir = project(&[
        ("Dockerfile", FINDINGS),
        (
            "docklens.toml",
            "target = \"app\"\n\n[rules\nDL3000 = \"off\"\n",
        ),
    ]);
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("docklens.toml:3:"), "{}", run.stderr);
    assert!(
        run.stderr.contains(": error: invalid TOML: "),
        "{}",
        run.stderr
    );
}

#[test]
fn config_type_errors_exit_2_and_unknown_keys_only_warn() {
    let dir = project(&[
        ("Dockerfile", WARNING_ONLY),
        (
            ".hadolint.yaml",
            "failure-threshold: error\nignord: [DL3000]\n",
        ),
    ]);
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        ".hadolint.yaml:2:1: warning: unknown key `ignord`: did you mean `ignored`?\n"
    );
    fs::write(
        dir.path().join("docklens.toml"),
        "[labels]\nstrict = \"yes\"\n",
    )
    .unwrap();
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("docklens.toml:2:10: error: expected `true` or `false`, found string"),
        "{}",
        run.stderr
    );
}

#[test]
fn directory_search_respects_gitignore() {
    let finding = "FROM alpine:3.22\nRU true\n";
    let dir = project(&[
        ("Dockerfile", finding),
        ("Dockerfile.dev", finding),
        ("Dockerfile.dockerignore", "*\n"),
        ("Containerfile", finding),
        ("services/api.Dockerfile", finding),
        ("services/web/Containerfile", finding),
        ("services/web/app.Containerfile", finding),
        (".devcontainer/Dockerfile", finding),
        ("build/Dockerfile", finding),
        ("vendor/x/Dockerfile", finding),
        ("notes/Dockerfile.md.txt.bak", finding),
        ("README.md", "RU\n"),
        (".gitignore", "build/\n/vendor\n"),
    ]);
    let expected = "\
.devcontainer/Dockerfile:2:1: error: unknown instruction `RU`: did you mean `RUN`? [DK1001]
Containerfile:2:1: error: unknown instruction `RU`: did you mean `RUN`? [DK1001]
Dockerfile:2:1: error: unknown instruction `RU`: did you mean `RUN`? [DK1001]
Dockerfile.dev:2:1: error: unknown instruction `RU`: did you mean `RUN`? [DK1001]
notes/Dockerfile.md.txt.bak:2:1: error: unknown instruction `RU`: did you mean `RUN`? [DK1001]
services/api.Dockerfile:2:1: error: unknown instruction `RU`: did you mean `RUN`? [DK1001]
services/web/Containerfile:2:1: error: unknown instruction `RU`: did you mean `RUN`? [DK1001]
services/web/app.Containerfile:2:1: error: unknown instruction `RU`: did you mean `RUN`? [DK1001]
";
    let run = check(dir.path(), &["-f", "gnu"]);
    assert_eq!(run.stdout, expected);
    assert_eq!(check(dir.path(), &["-f", "gnu", "."]).stdout, expected);
    // A directory given by path lists its files under that path.
    let run = check(dir.path(), &["-f", "gnu", "services/web"]);
    assert_eq!(
        run.stdout,
        "services/web/Containerfile:2:1: error: unknown instruction `RU`: did you mean `RUN`? [DK1001]\n\
         services/web/app.Containerfile:2:1: error: unknown instruction `RU`: did you mean `RUN`? [DK1001]\n"
    );
    // Files named explicitly are checked whatever their name or ignore status.
    let run = check(dir.path(), &["-f", "gnu", "build/Dockerfile", "README.md"]);
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
    // An empty directory is not an error.
    fs::create_dir(dir.path().join("empty")).unwrap();
    let run = check(dir.path(), &["empty"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no problems in 0 files\n")
    );
}

#[test]
fn many_files_are_reported_in_path_order() {
    let files: Vec<(String, String)> = (0..30)
        .map(|idx| {
            let text = format!("FROM alpine:3.22 AS Stage{idx}\nRUN true\n");
            (format!("d{}/Dockerfile", idx % 7), text)
        })
        .chain((0..25).map(|idx| {
            (
                format!("svc{idx:02}.Dockerfile"),
                "FROM alpine:3.22\nRU true\n".to_owned(),
            )
        }))
        .collect();
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = project(&borrowed);
    let run = check(dir.path(), &["-f", "json"]);
    let names: Vec<String> = json(&run)
        .iter()
        .map(|it| it["file"].as_str().unwrap().to_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(names.len(), 7 + 25);
    // The same output every time, whatever order the threads finish in.
    for _ in 0..3 {
        assert_eq!(check(dir.path(), &["-f", "json"]).stdout, run.stdout);
    }
}

#[test]
fn standard_input() {
    let dir = project(&[]);
    let run = check_with_stdin(dir.path(), &["-f", "json", "-"], Some(FINDINGS));
    assert_eq!(run.code, 1);
    let findings = json(&run);
    assert_eq!(findings.len(), 3);
    assert!(findings.iter().all(|it| it["file"] == "<stdin>"));
    // The working directory's configuration applies to standard input.
    fs::write(
        dir.path().join("docklens.toml"),
        "ignore = [\"DK1001\", \"DL3000\", \"StageNameCasing\"]\n",
    )
    .unwrap();
    let run = check_with_stdin(dir.path(), &["-"], Some(FINDINGS));
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no problems in 1 file\n")
    );
}

#[test]
fn unknown_target_warns() {
    let dir = project(&[("Dockerfile", CLEAN)]);
    let run = check(dir.path(), &["--target", "nope", "--build-arg", "A=1"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("no stage is named `nope`"),
        "{}",
        run.stderr
    );
    fs::write(dir.path().join("docklens.toml"), "target = \"nope2\"\n").unwrap();
    let run = check(dir.path(), &[]);
    assert!(
        run.stderr.contains("no stage is named `nope2`"),
        "{}",
        run.stderr
    );
}

#[test]
fn format_from_a_config_file() {
    let dir = project(&[
        ("Dockerfile", WARNING_ONLY),
        (".hadolint.yaml", "format: gnu\nno-fail: true\n"),
    ]);
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("Dockerfile:1:21: warning: "),
        "{}",
        run.stdout
    );
    // The flag wins.
    let run = check(dir.path(), &["-f", "json"]);
    assert_eq!(json(&run).len(), 1);
}

#[test]
fn rules_json_lists_every_rule() {
    let rules = all_rules();
    let codes: Vec<&str> = rules
        .iter()
        .map(|it| it["code"].as_str().unwrap())
        .collect();
    for code in KEPT {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), codes.len());
    for rule in rules {
        for key in ["name", "severity", "category", "fix", "summary", "url"] {
            assert!(rule[key].is_string(), "{key} of {rule}");
        }
        assert!(rule["aliases"].is_array());
        assert!(rule["enabled_by_default"].is_boolean());
    }
    let dl3000 = rules.iter().find(|it| it["code"] == "DL3000").unwrap();
    assert_eq!(dl3000["name"], "workdir-relative-path");
    assert_eq!(
        dl3000["aliases"],
        serde_json::json!(["WorkdirRelativePath"])
    );
    assert_eq!(
        dl3000["url"],
        "https://github.com/hadolint/hadolint/wiki/DL3000"
    );
    // The text table has a row per rule.
    let out = bin().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for code in codes {
        assert!(
            text.lines()
                .any(|line| line.starts_with(&format!("{code} "))),
            "{code} not in\n{text}"
        );
    }
}

#[test]
fn explain_prints_docs_by_code_name_or_alias() {
    for spelling in [
        "DL3000",
        "dl3000",
        "workdir-relative-path",
        "WorkdirRelativePath",
    ] {
        let run = finish(bin().args(["explain", spelling]).output().unwrap());
        assert_eq!(run.code, 0, "{spelling}: {}", run.stderr);
        assert!(run.stdout.starts_with("# DL3000: workdir-relative-path\n"));
        assert!(run.stdout.contains("## What it does"));
        assert!(run.stdout.contains("## Example"));
        assert!(run
            .stdout
            .contains("https://github.com/hadolint/hadolint/wiki/DL3000"));
    }
    let run = finish(bin().args(["explain", "StageNameCasinq"]).output().unwrap());
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "docklens: unknown rule `StageNameCasinq`: did you mean `StageNameCasing`?\n"
    );
    let run = finish(bin().args(["explain", "nothing-like-it"]).output().unwrap());
    assert_eq!(run.code, 2);
}
