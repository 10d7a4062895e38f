//! Structure and editing features at the `ide` level: folding, semantic
//! tokens, formatting and code actions, as inline snapshots.

use std::sync::Arc;

use docklens::{
    ide::{
        self, Analysis, AnalysisConfig, CodeActionKind, FormatOptions, Indent, KeywordCase,
        TokenModifiers,
    },
    rules::{self, RuleSetting},
    settings::Settings,
    syntax::{apply_edits, TextRange},
};
use insta::assert_snapshot;

fn analysis(text: &str) -> Analysis {
    Analysis::new(Arc::from(text), Arc::new(AnalysisConfig::default()))
}

fn seed(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/seed/{name}.Dockerfile",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

/// Tabs as `→`, trailing blanks made visible, CR as `␍`.
fn visible(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let trimmed = line.trim_end_matches([' ', '\t']);
            let trailing = &line[trimmed.len()..];
            format!(
                "{}{}",
                trimmed.replace('\t', "→").replace('\r', "␍"),
                trailing.replace(' ', "·").replace('\t', "→")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---- folding ----

fn folds(text: &str) -> String {
    let analysis = analysis(text);
    let lines: Vec<&str> = text.lines().collect();
    ide::folding_ranges(&analysis)
        .iter()
        .map(|it| {
            format!(
                "{}..{} {:?} {:?}",
                it.start_line,
                it.end_line,
                it.kind,
                lines.get(it.start_line).copied().unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn folding_stages_instructions_heredocs_comments_directives() {
    let text = r#"# syntax=docker/dockerfile:1
# check=skip=JSONArgsRecommended
# A comment block
# of two lines
FROM alpine AS build
RUN apk add \
    curl \
    git
RUN <<EOF
echo one
echo two
EOF
RUN <<A cat && <<B cat
a
A
b
B

# single comment
FROM build
COPY --from=build /a /b
"#;
    assert_snapshot!(folds(text), @r##"
    0..1 Directives "# syntax=docker/dockerfile:1"
    2..3 Comment "# A comment block"
    4..16 Region "FROM alpine AS build"
    5..7 Region "RUN apk add \\"
    8..11 Region "RUN <<EOF"
    12..16 Region "RUN <<A cat && <<B cat"
    14..16 Region "A"
    19..20 Region "FROM build"
    "##);
}

#[test]
fn folding_comment_runs_inside_continuations() {
    let text = "FROM a\nRUN a \\\n  # one\n  # two\n  b\n";
    assert_snapshot!(folds(text), @r#"
    0..4 Region "FROM a"
    1..4 Region "RUN a \\"
    2..3 Comment "  # one"
    "#);
}

// ---- semantic tokens ----

fn tokens(text: &str, range: Option<TextRange>) -> String {
    let analysis = analysis(text);
    let index = analysis.line_index();
    ide::semantic_tokens(&analysis, range)
        .iter()
        .map(|it| {
            let at = index.line_col(text, it.range.start());
            let mut modifiers = it.modifiers.names().join(",");
            if modifiers.is_empty() {
                modifiers = "-".to_owned();
            }
            format!(
                "{}:{} {} {} {} {:?}",
                at.line,
                at.col,
                it.range.len(),
                it.kind.name(),
                modifiers,
                it.range.slice(text)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn semantic_tokens_of_every_construct() {
    let text = r#"# syntax=docker/dockerfile:1
ARG BASE=alpine
FROM ${BASE}:3.22 AS build
MAINTAINER me
ENV PATH=/opt/bin:$PATH
ENV LANG C.UTF-8
LABEL org.example.v="1"
FROM alpine
RUN --mount=type=cache,target=/root/.cache echo $HOME ${TARGETARCH}
EXPOSE 8080/tcp
COPY --from=build /a /b
CMD ["run", "--now"]
HEALTHCHECK CMD curl -f localhost
RUN <<EOF
echo $X
EOF
ONBUILD RUN echo $Y
"#;
    assert_snapshot!(tokens(text, None), @r#"
    0:2 6 macro - "syntax"
    0:8 1 operator - "="
    0:9 19 string - "docker/dockerfile:1"
    1:0 3 keyword - "ARG"
    1:4 4 variable declaration "BASE"
    1:8 1 operator - "="
    1:9 6 string - "alpine"
    2:0 4 keyword - "FROM"
    2:5 7 variable - "${BASE}"
    2:12 5 class - ":3.22"
    2:18 2 keyword - "AS"
    2:21 5 namespace declaration "build"
    3:0 10 keyword deprecated "MAINTAINER"
    4:0 3 keyword - "ENV"
    4:4 4 variable declaration "PATH"
    4:8 1 operator - "="
    4:9 9 string - "/opt/bin:"
    4:18 5 variable - "$PATH"
    5:0 3 keyword - "ENV"
    5:4 4 variable declaration "LANG"
    5:9 7 string - "C.UTF-8"
    6:0 5 keyword - "LABEL"
    6:6 13 property declaration "org.example.v"
    6:19 1 operator - "="
    6:20 3 string - "\"1\""
    7:0 4 keyword - "FROM"
    7:5 6 class - "alpine"
    8:0 3 keyword - "RUN"
    8:4 7 parameter - "--mount"
    8:11 1 operator - "="
    8:12 30 string - "type=cache,target=/root/.cache"
    8:48 5 variable - "$HOME"
    8:54 13 variable defaultLibrary "${TARGETARCH}"
    9:0 6 keyword - "EXPOSE"
    9:7 8 number - "8080/tcp"
    10:0 4 keyword - "COPY"
    10:5 6 parameter - "--from"
    10:11 1 operator - "="
    10:12 5 namespace - "build"
    11:0 3 keyword - "CMD"
    11:5 5 string - "\"run\""
    11:12 7 string - "\"--now\""
    12:0 11 keyword - "HEALTHCHECK"
    12:12 3 keyword - "CMD"
    13:0 3 keyword - "RUN"
    13:4 5 keyword - "<<EOF"
    14:0 5 string - "echo "
    14:5 2 variable - "$X"
    15:0 3 keyword - "EOF"
    16:0 7 keyword - "ONBUILD"
    16:8 3 keyword - "RUN"
    16:17 2 variable - "$Y"
    "#);
}

#[test]
fn semantic_tokens_in_a_range_and_across_continuations() {
    let text = "FROM a\nRUN echo \\\n  $A \\\n  ${B}\nCMD x\n";
    // Lines 1 and 2 (a range ending at column 0 of line 3).
    let range = TextRange::new(7, text.find("  ${B}").expect("line 3"));
    assert_snapshot!(tokens(text, Some(range)), @r#"
    1:0 3 keyword - "RUN"
    2:2 2 variable - "$A"
    "#);
}

#[test]
fn token_legend_is_stable() {
    let names: Vec<&str> = ide::SemanticTokenKind::ALL
        .iter()
        .map(|it| it.name())
        .collect();
    assert_eq!(
        names,
        [
            "keyword",
            "comment",
            "string",
            "number",
            "variable",
            "parameter",
            "property",
            "namespace",
            "class",
            "macro",
            "operator"
        ]
    );
    assert_eq!(
        TokenModifiers::NAMES,
        ["declaration", "deprecated", "defaultLibrary"]
    );
}

// ---- formatting ----

fn format_with(text: &str, options: &FormatOptions) -> String {
    let analysis = analysis(text);
    let edits = ide::format(&analysis, options, None);
    visible(&apply_edits(text, &edits).expect("edits apply"))
}

fn format(text: &str) -> String {
    format_with(text, &FormatOptions::default())
}

#[test]
fn formatting_keyword_case_and_indentation() {
    let text = "  from alpine as build  \n\trun apk add \\  \ncurl \\\n      git\t\nonbuild run echo hi\nhealthcheck cmd true\n   \n  # comment  \n";
    assert_snapshot!(format(text), @r"
    FROM alpine AS build
    RUN apk add \
        curl \
        git
    ONBUILD RUN echo hi
    HEALTHCHECK CMD true

    # comment
    ");
    let lower = FormatOptions {
        keyword_case: KeywordCase::Lower,
        indent: Indent::Tab,
        ignore_multiline_instructions: false,
    };
    assert_snapshot!(format_with(text, &lower), @r"
    from alpine as build
    run apk add \
    →curl \
    →git
    onbuild run echo hi
    healthcheck cmd true

    # comment
    ");
    let preserve = FormatOptions {
        keyword_case: KeywordCase::Preserve,
        indent: Indent::Spaces(2),
        ignore_multiline_instructions: true,
    };
    assert_snapshot!(format_with(text, &preserve), @r"
    from alpine as build
    →run apk add \··
    curl \
          git→
    onbuild run echo hi
    healthcheck cmd true

    # comment
    ");
}

#[test]
fn formatting_comments_and_empty_lines_inside_continuations() {
    let text = "FROM a\nRUN apk add \\\n# first\n        # second   \n   \n  curl\n";
    assert_snapshot!(format(text), @r"
    FROM a
    RUN apk add \
        # first
        # second

        curl
    ");
}

#[test]
fn formatting_never_touches_heredocs() {
    let text = "FROM a\n  run <<EOF  \n  body   \n\tEOF\nEOF\nRUN <<-X cat\n\t\tindented  \n\tX\n";
    assert_snapshot!(format(text), @"
    FROM a
    RUN <<EOF
      body···
    →EOF
    EOF
    RUN <<-X cat
    →→indented··
    →X
    ");
}

#[test]
fn formatting_keeps_what_the_build_sees() {
    // Joined words, quoted indentation, an escaped blank: left alone.
    let text = "FROM a\nRUN echo abc\\\ndef\nRUN echo \"a \\\n      b\"\nRUN echo foo\\ \\\n  bar\nRUN [\"a\", \\\n      \"b\"]\n";
    assert_snapshot!(format(text), @r#"
    FROM a
    RUN echo abc\
    def
    RUN echo "a \
          b"
    RUN echo foo\ \
      bar
    RUN ["a", \
        "b"]
    "#);
}

#[test]
fn formatting_backtick_escape_and_crlf() {
    let text = "# escape=`\r\n  FROM a  \r\nRUN dir `  \r\n  c:\\x `\r\n\t/b\r\n";
    assert_snapshot!(format(text), @r"
    # escape=`␍
    FROM a␍
    RUN dir `␍
        c:\x `␍
        /b␍
    ");
}

#[test]
fn formatting_leaves_broken_instructions_alone() {
    let text = "FROM a\n  ENV novalue  \n  RUN ok  \n";
    assert_snapshot!(format(text), @"
    FROM a
      ENV novalue··
    RUN ok
    ");
    // Everything after an unterminated heredoc depends on its layout.
    let text = "  FROM a\nRUN <<EOF\necho\n  RUN x  \n";
    assert_snapshot!(format(text), @"
    FROM a
    RUN <<EOF
    echo
      RUN x··
    ");
}

#[test]
fn range_formatting_touches_only_the_lines_in_range() {
    let text = "  FROM a\n  RUN b  \n  RUN c  \n";
    let analysis = analysis(text);
    // From inside line 1 to the start of line 2: line 1 only.
    let range = TextRange::new(12, 19);
    let edits = ide::format(&analysis, &FormatOptions::default(), Some(range));
    assert_snapshot!(visible(&apply_edits(text, &edits).expect("applies")), @"
      FROM a
    RUN b
      RUN c··
    ");
}

#[test]
fn on_type_formatting_indents_continuations() {
    let options = FormatOptions::default();
    // Enter after a continued line: the new (empty) line is indented.
    let text = "FROM a\nrun apk add \\\n\n";
    let analysis = analysis(text);
    let edits = ide::format_on_type(&analysis, &options, text.len() - 1, '\n');
    assert_snapshot!(visible(&apply_edits(text, &edits).expect("applies")), @r"
    FROM a
    RUN apk add \
    ····
    ");
    // At the very end of the file.
    let text = "FROM a\nRUN apk add \\\n";
    let analysis = self::analysis(text);
    let edits = ide::format_on_type(&analysis, &options, text.len(), '\n');
    assert_snapshot!(visible(&apply_edits(text, &edits).expect("applies")), @r"
    FROM a
    RUN apk add \
    ····
    ");
    // The escape typed at the end of a line indents the line it continues into.
    let text = "FROM a\nRUN apk add \\\ncurl\n";
    let analysis = self::analysis(text);
    let offset = text.find("\\\n").expect("escape") + 1;
    let edits = ide::format_on_type(&analysis, &options, offset, '\\');
    assert_snapshot!(visible(&apply_edits(text, &edits).expect("applies")), @r"
    FROM a
    RUN apk add \
        curl
    ");
    // Not the escape character in this file: nothing.
    let edits = ide::format_on_type(&analysis, &options, offset, '`');
    assert!(edits.is_empty());
}

// ---- code actions ----

fn actions(text: &str, range: TextRange, only: Option<&[CodeActionKind]>) -> String {
    let analysis = analysis(text);
    ide::code_actions(&analysis, range, only)
        .iter()
        .map(|it| {
            let result = apply_edits(text, &it.edits).expect("edits apply");
            format!(
                "== {} [{:?}{}] {:?}\n{}",
                it.title,
                it.kind,
                if it.is_preferred { ", preferred" } else { "" },
                it.diagnostic_codes,
                result.trim_end()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn range_of(text: &str, needle: &str) -> TextRange {
    let start = text.find(needle).expect("needle");
    TextRange::new(start, start + needle.len())
}

#[test]
fn quick_fixes_and_ignores_for_a_buildkit_check() {
    let text = "# syntax=docker/dockerfile:1\nFROM alpine AS Build\nRUN true\n";
    assert_snapshot!(actions(text, range_of(text, "Build"), Some(&[CodeActionKind::QuickFix])), @r#"
    == Rename the stage to `build` [QuickFix, preferred] ["StageNameCasing"]
    # syntax=docker/dockerfile:1
    FROM alpine AS build
    RUN true
    == Ignore StageNameCasing for this instruction [QuickFix] ["StageNameCasing"]
    # syntax=docker/dockerfile:1
    # hadolint ignore=StageNameCasing
    FROM alpine AS Build
    RUN true
    == Ignore StageNameCasing in this file [QuickFix] ["StageNameCasing"]
    # syntax=docker/dockerfile:1
    # check=skip=StageNameCasing
    FROM alpine AS Build
    RUN true
    "#);
    // An existing `check=` directive and ignore pragma are extended.
    let text =
        "# check=error=true\nFROM alpine\n# hadolint ignore=DL3008 because\nFROM alpine AS Build\n";
    assert_snapshot!(actions(text, range_of(text, "Build"), Some(&[CodeActionKind::QuickFix])), @r#"
    == Rename the stage to `build` [QuickFix, preferred] ["StageNameCasing"]
    # check=error=true
    FROM alpine
    # hadolint ignore=DL3008 because
    FROM alpine AS build
    == Ignore StageNameCasing for this instruction [QuickFix] ["StageNameCasing"]
    # check=error=true
    FROM alpine
    # hadolint ignore=DL3008,StageNameCasing because
    FROM alpine AS Build
    == Ignore StageNameCasing in this file [QuickFix] ["StageNameCasing"]
    # check=error=true;skip=StageNameCasing
    FROM alpine
    # hadolint ignore=DL3008 because
    FROM alpine AS Build
    "#);
}

#[test]
fn ignores_for_a_hadolint_rule_and_the_unsafe_suggestion() {
    // DL3000 with a base of known WORKDIR: an unsafe fix, not preferred.
    let text = "FROM golang:1.22\r\nWORKDIR web\r\n";
    assert_snapshot!(actions(text, range_of(text, "web"), None), @r#"
    == Use `/go/web` [QuickFix] ["DL3000"]
    FROM golang:1.22
    WORKDIR /go/web
    == Ignore DL3000 for this instruction [QuickFix] ["DL3000"]
    FROM golang:1.22
    # hadolint ignore=DL3000
    WORKDIR web
    == Ignore DL3000 in this file [QuickFix] ["DL3000"]
    # hadolint global ignore=DL3000
    FROM golang:1.22
    WORKDIR web
    "#);
    let analysis = analysis(text);
    let ignore = ide::code_actions(&analysis, range_of(text, "web"), None);
    assert_eq!(ignore[1].edits[0].insert, "# hadolint ignore=DL3000\r\n");
    // An existing global pragma is extended.
    let text = "FROM golang:1.22\n# hadolint global ignore=DL3008\nWORKDIR web\n";
    let result = actions(
        text,
        range_of(text, "web"),
        Some(&[CodeActionKind::QuickFix]),
    );
    assert!(
        result.contains("# hadolint global ignore=DL3008,DL3000\n"),
        "{result}"
    );
}

#[test]
fn refactor_splits_and_chains() {
    let text = "FROM a\nRUN apt-get update && apt-get install -y curl && echo \"a && b\" && (cd x && make)\n";
    assert_snapshot!(actions(text, range_of(text, "apt-get update"), Some(&[CodeActionKind::RefactorRewrite])), @r#"
    == Split `&&` chain onto separate lines [RefactorRewrite] []
    FROM a
    RUN apt-get update \
        && apt-get install -y curl \
        && echo "a && b" \
        && (cd x && make)
    "#);
}

#[test]
fn fix_all_applies_only_safe_fixes() {
    let text = "FROM alpine AS Build\nFROM build\nWORKDIR /app\nWORKDIR web\nFROM golang:1.22 AS Other\nWORKDIR src\n";
    assert_snapshot!(actions(text, TextRange::empty(0), Some(&[CodeActionKind::SourceFixAll])), @r#"
    == Fix all auto-fixable problems [SourceFixAll] ["StageNameCasing", "DL3000", "StageNameCasing"]
    FROM alpine AS build
    FROM build
    WORKDIR /app
    WORKDIR /app/web
    FROM golang:1.22 AS other
    WORKDIR src
    "#);
}

#[test]
fn fix_all_converges_on_the_seed_dockerfiles() {
    let config = Arc::new(AnalysisConfig::default());
    for name in ["t1", "t2", "t3", "t4", "book"] {
        let text = seed(name);
        let once = ide::fix_all(&text, &config);
        let twice = ide::fix_all(&once, &config);
        assert_eq!(once, twice, "{name}: a second fix-all changed something");
        let after = Analysis::new(Arc::from(once.as_str()), Arc::clone(&config));
        assert!(
            after.diagnostics().iter().all(|it| it
                .fix
                .as_ref()
                .is_none_or(|fix| fix.applicability != rules::Applicability::Safe)),
            "{name}: safe fixes left after fix-all"
        );
    }
    // With a rule turned off, its fix is not applied.
    let text = "FROM alpine AS Build\n";
    let config = Arc::new(AnalysisConfig {
        rules: rules::Config {
            overrides: vec![("StageNameCasing".into(), RuleSetting::Off)],
            ..Default::default()
        },
        ..Default::default()
    });
    assert_eq!(ide::fix_all(text, &config), text);
}

// ---- settings ----

#[test]
fn settings_turn_rules_off_and_set_the_target() {
    let (settings, problems) = Settings::from_json(&serde_json::json!({
        "rules": { "stage-name-casing": "off" },
        "target": "build",
    }));
    assert!(problems.is_empty());
    let text = "FROM alpine:3.20 AS Build\nFROM alpine:3.20 AS build2\n";
    let config = Arc::new(settings.analysis_config());
    let analysis = Analysis::new(Arc::from(text), config);
    assert!(analysis.diagnostics().is_empty());
    assert_eq!(analysis.model().target, Some(0));
    assert!(Settings::default().unknown_rules().is_empty());
}

// ---- command line ----

mod cli {
    use std::{
        fs,
        io::Write,
        path::PathBuf,
        process::{Command, Output, Stdio},
    };

    fn docklens(args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_docklens"))
            .args(args)
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

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("docklens-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn format_check_write_and_diff() {
        let dir = temp_dir("format");
        let file = dir.join("Dockerfile");
        let messy = "  from alpine  \nrun apk add \\\ncurl\n";
        fs::write(&file, messy).expect("write");
        let path = file.to_str().expect("utf-8 path");

        let check = docklens(&["format", "--check", path], None);
        assert_eq!(check.status.code(), Some(1));
        assert_eq!(fs::read_to_string(&file).expect("read"), messy);

        let diff = docklens(&["format", "--diff", path], None);
        assert_eq!(diff.status.code(), Some(1));
        let diff = String::from_utf8_lossy(&diff.stdout);
        assert!(diff.contains("-  from alpine  \n"), "{diff}");
        assert!(diff.contains("+FROM alpine\n"), "{diff}");

        let write = docklens(&["format", "--tab", dir.to_str().expect("utf-8")], None);
        assert_eq!(write.status.code(), Some(0));
        assert_eq!(
            fs::read_to_string(&file).expect("read"),
            "FROM alpine\nRUN apk add \\\n\tcurl\n"
        );
        let again = docklens(&["format", "--check", "--tab", path], None);
        assert_eq!(again.status.code(), Some(0), "formatted files pass --check");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn format_refuses_files_with_syntax_errors() {
        let dir = temp_dir("broken");
        let file = dir.join("Dockerfile");
        let broken = "  FROM alpine\nENV novalue\n";
        fs::write(&file, broken).expect("write");
        let out = docklens(&["format", file.to_str().expect("utf-8")], None);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("not formatted"), "{stderr}");
        assert_eq!(fs::read_to_string(&file).expect("read"), broken);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn format_standard_input() {
        let out = docklens(
            &["format", "--keyword-case", "lower", "-"],
            Some("FROM a\r\nRUN x \\  \r\n y\r\n"),
        );
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "from a\r\nrun x \\\r\n    y\r\n"
        );
    }

    #[test]
    fn config_schema_is_json_with_every_setting() {
        let out = docklens(&["config-schema"], None);
        assert_eq!(out.status.code(), Some(0));
        let schema: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("the schema is JSON");
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(schema["title"], "docklens settings");
        for key in [
            "rules",
            "ignore",
            "target",
            "buildArgs",
            "formatter",
            "registry",
        ] {
            assert!(schema["properties"][key].is_object(), "{key}");
        }
        let again = docklens(&["config-schema"], None);
        assert_eq!(again.stdout, out.stdout, "stable output");
    }
}

// ---- robustness ----

mod robustness {
    use std::sync::Arc;

    use docklens::{
        ide::{self, Analysis, AnalysisConfig, FormatOptions},
        syntax::{apply_edits, TextRange},
    };
    use proptest::prelude::*;

    fn fragment() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "FROM a AS b",
            "from",
            "RUN",
            "ONBUILD ",
            "HEALTHCHECK CMD",
            "COPY --from=b",
            "ENV",
            "ARG X=1",
            "LABEL",
            "MAINTAINER",
            " ",
            "\t",
            "\\",
            "`",
            "\n",
            "\n",
            "\r\n",
            "#",
            "# escape=`\n",
            "# check=skip=A\n",
            "# hadolint ignore=DL3000\n",
            "'",
            "\"",
            "x=y",
            "$X",
            "${Y:-$Z}",
            "<<EOF",
            "<<-E",
            "EOF",
            "\tE",
            "[\"a\"]",
            "=",
            "--mount=type=cache",
            "&&",
            "é",
            "😀",
            "\u{a0}",
            "\r",
            "WORKDIR rel",
            "AS Upper",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|it| it.parse().ok()).unwrap_or(256),
            ..ProptestConfig::default()
        })]

        #[test]
        fn features_hold_their_invariants(
            parts in prop::collection::vec(fragment(), 0..60),
            at in 0usize..400,
        ) {
            let text = parts.concat();
            let analysis = Analysis::new(Arc::from(text.as_str()), Arc::new(AnalysisConfig::default()));
            let in_text = |range: TextRange| {
                range.end() <= text.len()
                    && text.is_char_boundary(range.start())
                    && text.is_char_boundary(range.end())
            };
            let tokens = ide::semantic_tokens(&analysis, None);
            for pair in tokens.windows(2) {
                prop_assert!(pair[0].range.end() <= pair[1].range.start(), "{pair:?}");
            }
            for token in &tokens {
                prop_assert!(!token.range.is_empty() && in_text(token.range), "{token:?}");
            }
            for fold in ide::folding_ranges(&analysis) {
                prop_assert!(fold.start_line < fold.end_line && in_text(fold.range), "{fold:?}");
            }
            let mut offset = at.min(text.len());
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            let range = TextRange::new(offset, text.len());
            for action in ide::code_actions(&analysis, range, None) {
                prop_assert!(apply_edits(&text, &action.edits).is_some(), "{action:?}");
            }
            for ch in ['\n', '\\', '`'] {
                let edits = ide::format_on_type(&analysis, &FormatOptions::default(), offset, ch);
                prop_assert!(apply_edits(&text, &edits).is_some(), "{edits:?}");
            }
            let config = analysis.shared_config();
            let fixed = ide::fix_all(&text, &config);
            prop_assert_eq!(ide::fix_all(&fixed, &config), fixed);
        }
    }
}
