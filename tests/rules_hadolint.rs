//! hadolint's instruction-level rules: edge cases per rule (variables,
//! stages, pragmas, configuration, heredocs, ONBUILD), and a sweep that
//! compares docklens's findings with hadolint 2.15's on the repository's
//! Dockerfiles. Where docklens differs on purpose (it resolves variables,
//! knows which stage ships, reads base images), the test says so.

use docklens::{
    model::{self, KnowledgeBaseFacts, ModelOptions},
    rules::{self, Config, Diagnostic, Environment, LabelType, RuleSetting, Severity},
    syntax::{self, apply_edits},
};

fn lint_full(text: &str, config: &Config, options: &ModelOptions) -> Vec<Diagnostic> {
    let parse = syntax::parse(text);
    let model = model::analyze(text, &parse, options, &KnowledgeBaseFacts);
    rules::check(text, &parse, &model, config, &Environment::default())
}

fn lint_config(text: &str, config: &Config) -> Vec<Diagnostic> {
    lint_full(text, config, &ModelOptions::default())
}

fn lint(text: &str) -> Vec<Diagnostic> {
    lint_config(text, &Config::default())
}

/// Findings of one rule: `(line, text of the range, message)`, 1-based lines.
fn found(text: &str, diagnostics: &[Diagnostic], code: &str) -> Vec<(usize, String, String)> {
    diagnostics
        .iter()
        .filter(|it| it.code == code)
        .map(|it| {
            let line = text[..it.range.start()].matches('\n').count() + 1;
            (line, it.range.slice(text).to_owned(), it.message.clone())
        })
        .collect()
}

/// Lines a rule fires on.
fn lines(text: &str, code: &str) -> Vec<usize> {
    found(text, &lint(text), code)
        .into_iter()
        .map(|it| it.0)
        .collect()
}

fn with(code: &str) -> Config {
    Config {
        overrides: vec![(code.to_owned(), RuleSetting::Severity(Severity::Warning))],
        ..Config::default()
    }
}

fn fix_text(text: &str, diagnostic: &Diagnostic) -> String {
    let fix = diagnostic.fix.as_ref().expect("a fix");
    apply_edits(text, &fix.edits).expect("edits apply")
}

fn schema(pairs: &[(&str, LabelType)]) -> Config {
    Config {
        label_schema: pairs.iter().map(|(k, t)| ((*k).to_owned(), *t)).collect(),
        ..Config::default()
    }
}

fn at_lines(got: &[(usize, String, String)]) -> Vec<usize> {
    got.iter().map(|it| it.0).collect()
}

fn at_ranges(got: &[(usize, String, String)]) -> Vec<(usize, &str)> {
    got.iter().map(|it| (it.0, it.1.as_str())).collect()
}

// ---- DL1001 -------------------------------------------------------------

#[test]
fn dl1001_flags_inline_pragmas_only_when_enabled() {
    let text = "# hadolint global ignore=DL3006\nFROM alpine\n# hadolint ignore=DL3007\nFROM alpine:latest\n#docklens ignore=DL3002\nUSER root\n";
    assert!(lines(text, "DL1001").is_empty(), "off by default");
    let got = found(text, &lint_config(text, &with("DL1001")), "DL1001");
    assert_eq!(at_lines(&got), vec![3, 5], "global pragmas are not flagged");
    assert!(got[0].2.contains("`DL3007`"), "{}", got[0].2);
}

// ---- DL3002 -------------------------------------------------------------

#[test]
fn dl3002_only_the_shipped_stage_counts() {
    // hadolint flags the builder's `USER root` too (hadolint#405).
    let text = "FROM alpine:3.22 AS build\nUSER root\nRUN true\nFROM alpine:3.22\nUSER 10001\n";
    assert!(lines(text, "DL3002").is_empty());
    let text = "FROM alpine:3.22 AS build\nUSER 10001\nFROM alpine:3.22\nRUN true\nUSER root\n";
    assert_eq!(lines(text, "DL3002"), vec![5]);
}

#[test]
fn dl3002_follows_the_from_chain_and_the_target() {
    let text = "FROM alpine:3.22 AS base\nUSER root\nFROM base\nRUN true\n";
    let got = found(text, &lint(text), "DL3002");
    assert_eq!(at_ranges(&got), vec![(2, "root")]);
    assert!(got[0].2.contains("set in stage `base`"), "{}", got[0].2);
    // A later USER in the child wins.
    let text = "FROM alpine:3.22 AS base\nUSER root\nFROM base\nUSER 1000\n";
    assert!(lines(text, "DL3002").is_empty());
    // `--target` picks the stage that ships.
    let text = "FROM alpine:3.22 AS build\nUSER root\nFROM alpine:3.22\nUSER 1000\n";
    let options = ModelOptions {
        target: Some("build".into()),
        ..ModelOptions::default()
    };
    let got = lint_full(text, &Config::default(), &options);
    assert_eq!(at_lines(&found(text, &got, "DL3002")), vec![2]);
}

#[test]
fn dl3002_resolves_variables_and_group_forms() {
    let text = "FROM alpine:3.22\nARG RUN_AS=root\nUSER ${RUN_AS}\n";
    let got = found(text, &lint(text), "DL3002");
    // hadolint does not resolve `${RUN_AS}` and says nothing.
    assert_eq!(at_lines(&got), vec![3]);
    assert!(
        got[0].2.starts_with("`USER ${RUN_AS}` resolves to `root`"),
        "{}",
        got[0].2
    );
    let options = ModelOptions {
        build_args: vec![("RUN_AS".into(), "app".into())],
        ..ModelOptions::default()
    };
    let got = lint_full(text, &Config::default(), &options);
    assert!(found(text, &got, "DL3002").is_empty());
    for user in ["0", "0:0", "root:root", "root:1000"] {
        let text = format!("FROM alpine:3.22\nUSER {user}\n");
        assert_eq!(lines(&text, "DL3002"), vec![2], "{user}");
    }
    // No USER at all: the base image decides, and hadolint says nothing.
    assert!(lines("FROM alpine:3.22\nRUN true\n", "DL3002").is_empty());
    // Not in ONBUILD triggers, as in hadolint.
    assert!(lines("FROM alpine:3.22\nONBUILD USER root\n", "DL3002").is_empty());
}

#[test]
fn dl3002_names_a_non_root_base_user() {
    let text = "FROM gcr.io/distroless/static-debian12:nonroot\nUSER root\n";
    let got = found(text, &lint(text), "DL3002");
    assert_eq!(got.len(), 1);
    assert!(got[0].2.contains("runs as `65532`"), "{}", got[0].2);
}

#[test]
fn dl3002_pragmas_suppress() {
    let text = "FROM alpine:3.22\n# hadolint ignore=DL3002\nUSER root\n";
    assert!(lines(text, "DL3002").is_empty());
    let config = Config {
        disable_ignore_pragma: true,
        ..Config::default()
    };
    assert_eq!(found(text, &lint_config(text, &config), "DL3002").len(), 1);
}

// ---- DL3006 / DL3007 ----------------------------------------------------

#[test]
fn dl3006_resolves_args_and_skips_stages_scratch_and_digests() {
    let text = "\
ARG BASE=node
ARG TAG=22
ARG NODEF
FROM ${BASE} AS a
FROM node:${TAG} AS b
FROM ${NODEF} AS c
FROM alpine:${NODEF} AS d
FROM a
FROM A AS e
FROM scratch AS f
FROM alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS g
FROM docker.io/library/alpine AS h
FROM localhost:5000/app
";
    let got = found(text, &lint(text), "DL3006");
    // 4: resolved (hadolint skips `$`-words); 13: hadolint reads `5000/app`
    // as the tag. `FROM A` is stage `a` (BuildKit ignores case).
    assert_eq!(at_lines(&got), vec![4, 12, 13], "{got:?}");
    assert!(
        got[0].2.starts_with("`FROM ${BASE}` resolves to `node`"),
        "{}",
        got[0].2
    );
    assert_eq!(
        got[1].1, "docker.io/library/alpine",
        "the range is the image"
    );
}

#[test]
fn dl3006_suggests_the_knowledge_base_tag() {
    let text = "FROM alpine\n";
    let diagnostics = lint(text);
    let diagnostic = diagnostics
        .iter()
        .find(|it| it.code == "DL3006")
        .expect("DL3006");
    let fix = diagnostic.fix.as_ref().expect("a suggestion");
    assert_eq!(fix.applicability, rules::Applicability::DisplayOnly);
    assert_eq!(fix_text(text, diagnostic), "FROM alpine:3.22\n");
    // Unknown images get no suggestion.
    let text = "FROM example/unknown\n";
    assert!(lint(text)
        .iter()
        .any(|it| it.code == "DL3006" && it.fix.is_none()));
}

#[test]
fn dl3007_after_resolving_variables() {
    let text = "\
ARG IMG=alpine:latest
ARG TAG=latest
FROM $IMG AS a
FROM alpine:${TAG} AS b
FROM alpine:latest AS c
FROM \"alpine:latest\" AS d
FROM alpine:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS e
FROM alpine:LATEST AS f
FROM alpine:3.22
";
    let got = found(text, &lint(text), "DL3007");
    // hadolint: only line 5. It does not resolve ARGs and reads the quotes
    // into the name; like it, a digest wins over the tag.
    assert_eq!(
        at_ranges(&got),
        vec![
            (3, "$IMG"),
            (4, "alpine:${TAG}"),
            (5, "latest"),
            (6, "latest")
        ],
        "{got:?}"
    );
    assert!(
        got[0]
            .2
            .starts_with("`FROM $IMG` resolves to `alpine:latest`"),
        "{}",
        got[0].2
    );
}

#[test]
fn dl3007_build_args_override_defaults() {
    let text = "ARG TAG=latest\nFROM alpine:${TAG}\n";
    let pinned = ModelOptions {
        build_args: vec![("TAG".into(), "3.22".into())],
        ..ModelOptions::default()
    };
    let got = lint_full(text, &Config::default(), &pinned);
    assert!(found(text, &got, "DL3007").is_empty());
    let text = "ARG TAG=3.22\nFROM alpine:${TAG}\n";
    let latest = ModelOptions {
        build_args: vec![("TAG".into(), "latest".into())],
        ..ModelOptions::default()
    };
    let got = lint_full(text, &Config::default(), &latest);
    assert_eq!(found(text, &got, "DL3007").len(), 1);
}

#[test]
fn dl3007_pragmas_and_suggestion() {
    let text = "FROM alpine:latest AS a\n# hadolint ignore=DL3007\nFROM alpine:latest AS b\n";
    assert_eq!(lines(text, "DL3007"), vec![1]);
    let text = "# hadolint global ignore=DL3007\nFROM alpine:latest AS a\nFROM alpine:latest\n";
    assert!(lines(text, "DL3007").is_empty());
    let text = "FROM alpine:latest\n";
    let diagnostics = lint(text);
    let diagnostic = diagnostics
        .iter()
        .find(|it| it.code == "DL3007")
        .expect("DL3007");
    assert_eq!(
        diagnostic.fix.as_ref().map(|it| it.applicability),
        Some(rules::Applicability::DisplayOnly)
    );
    assert_eq!(fix_text(text, diagnostic), "FROM alpine:3.22\n");
}

// ---- DL3020 -------------------------------------------------------------

#[test]
fn dl3020_local_files_not_urls_archives_or_git() {
    let text = "\
FROM alpine:3.22
ADD https://example.com/a.tar.gz /opt/
ADD rootfs.tar.xz /
ADD app.py /app/
ADD a.tar.gz b.txt /opt/
ADD git@github.com:moby/buildkit.git /bk
ADD --chown=1:1 config /etc/app/
ARG SRC=local.txt
ADD ${SRC} /opt/
ARG URL
ADD ${URL} /opt/
ONBUILD ADD app.py /app/
ADD <<MOTD /etc/motd
hello
MOTD
";
    let got = found(text, &lint(text), "DL3020");
    // hadolint also flags 6 (a git repository) and 11 (a value only known
    // at build time, which may be a URL); like hadolint, ONBUILD triggers
    // are not checked.
    assert_eq!(at_lines(&got), vec![4, 5, 7, 9, 13], "{got:?}");
    assert!(
        got.iter().all(|it| it.1 == "ADD"),
        "the range is the keyword"
    );
    assert!(
        got[1].2.contains("`b.txt`") && !got[1].2.contains("a.tar.gz"),
        "{}",
        got[1].2
    );
}

#[test]
fn dl3020_fix_is_unsafe_and_only_for_plain_files() {
    let text = "FROM alpine:3.22\nadd app.py /app/\nADD a.tar.gz b.txt /opt/\n";
    let diagnostics = lint(text);
    let got: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|it| it.code == "DL3020")
        .collect();
    assert_eq!(got.len(), 2);
    let fix = got[0].fix.as_ref().expect("fix");
    assert_eq!(fix.applicability, rules::Applicability::Unsafe);
    assert_eq!(
        fix_text(text, got[0]),
        "FROM alpine:3.22\ncopy app.py /app/\nADD a.tar.gz b.txt /opt/\n"
    );
    assert!(
        got[1].fix.is_none(),
        "switching would stop unpacking a.tar.gz"
    );
}

// ---- DL3021 -------------------------------------------------------------

#[test]
fn dl3021_destination_must_be_a_directory() {
    let text = "\
FROM alpine:3.22
COPY a b /app
COPY a b /app/
COPY [\"a\", \"b\", \"/app\"]
COPY a b \"/app/\"
ARG DEST=/opt/
COPY a b $DEST
ARG DEST2=/opt
COPY a b ${DEST2}
ADD a b /x
COPY <<A <<B /dir
a
A
b
B
COPY a /single
COPY --chown=\"app user\" -- --weird-name /dst
ONBUILD COPY a b c
COPY a b .
";
    let got = found(text, &lint(text), "DL3021");
    // hadolint: 2, 4, 7 (it does not resolve `$DEST`), 9, 11, 17 (it reads
    // `--` as a source; BuildKit ends the flags there) and 19 (`.` is a
    // directory to BuildKit, not to the classic builder); not ADD (10).
    assert_eq!(
        at_ranges(&got),
        vec![
            (2, "/app"),
            (4, "\"/app\""),
            (9, "${DEST2}"),
            (10, "/x"),
            (11, "/dir")
        ],
        "{got:?}"
    );
    assert!(got[2].2.contains("(resolves to `/opt`)"), "{}", got[2].2);
    let diagnostics = lint(text);
    let exec = diagnostics
        .iter()
        .find(|it| it.code == "DL3021" && it.range.slice(text) == "\"/app\"")
        .expect("exec form");
    assert!(fix_text(text, exec).contains("COPY [\"a\", \"b\", \"/app/\"]"));
}

// ---- DL3026 -------------------------------------------------------------

#[test]
fn dl3026_trusted_registries() {
    let text = "\
ARG IMG=quay.io/x/y:1
FROM alpine:3 AS a
FROM gcr.io/distroless/static:nonroot AS b
FROM docker.io/library/alpine:3 AS c
FROM a
FROM scratch
FROM $IMG AS d
FROM index.docker.io/library/alpine:3
";
    assert!(lines(text, "DL3026").is_empty(), "an empty list allows all");
    let config = Config {
        trusted_registries: vec!["docker.io".into()],
        ..Config::default()
    };
    let got = found(text, &lint_config(text, &config), "DL3026");
    // hadolint also flags 8 (it does not know `index.docker.io` is Docker
    // Hub) and not 7 (it does not resolve `$IMG`).
    assert_eq!(at_ranges(&got), vec![(3, "gcr.io"), (7, "$IMG")], "{got:?}");
    assert!(
        got[1].2.contains("resolves to `quay.io/x/y:1`"),
        "{}",
        got[1].2
    );

    let config = Config {
        trusted_registries: vec!["gcr.io".into()],
        ..Config::default()
    };
    let got = found(text, &lint_config(text, &config), "DL3026");
    assert_eq!(at_lines(&got), vec![2, 4, 7, 8], "{got:?}");
    assert!(
        got[0].2.contains("Docker Hub (`docker.io`)"),
        "{}",
        got[0].2
    );
    // `hub.docker.com` means Docker Hub, explicit or implied.
    let config = Config {
        trusted_registries: vec!["hub.docker.com".into(), "*.io".into()],
        ..Config::default()
    };
    assert!(found(text, &lint_config(text, &config), "DL3026").is_empty());
}

// ---- DL3029 -------------------------------------------------------------

#[test]
fn dl3029_platform_flags() {
    let text = "\
ARG P=linux/arm64
ARG BP=$BUILDPLATFORM
FROM --platform=linux/amd64 alpine:3.22 AS a
FROM --platform=$BUILDPLATFORM golang:1.24 AS b
FROM --platform=$P alpine:3.22 AS c
FROM --platform=$BP alpine:3.22 AS d
FROM --platform=$TARGETOS/$TARGETARCH alpine:3.22 AS e
FROM --platform=${BUILDPLATFORM:-linux/amd64} alpine:3.22 AS f
FROM alpine:3.22
";
    let got = found(text, &lint(text), "DL3029");
    // hadolint also flags 6 and 7: it only exempts values that spell out
    // BUILDPLATFORM or TARGETPLATFORM.
    assert_eq!(
        at_ranges(&got),
        vec![(3, "--platform=linux/amd64"), (5, "--platform=$P")],
        "{got:?}"
    );
    assert!(
        got[1].2.contains("resolves to `linux/arm64`"),
        "{}",
        got[1].2
    );
    let diagnostics = lint(text);
    let first = diagnostics
        .iter()
        .find(|it| it.code == "DL3029")
        .expect("DL3029");
    assert!(fix_text(text, first).contains("\nFROM alpine:3.22 AS a\n"));
}

// ---- DL3044 -------------------------------------------------------------

#[test]
fn dl3044_same_instruction_references() {
    let text = "\
FROM alpine:3.22
ENV A=1 B=$A C=${A} D=$AB E=\"$A\" F='$A'
ENV G=x H=\\$G
ENV I=1 I=$I
ARG J=1
ENV J=1 K=$J
ARG L=old
ENV L=new M=$L
ENV N=$O O=1
ENV PATH=/opt/bin:$PATH Q=1
ONBUILD ENV R=1 S=$R
";
    let got = found(text, &lint(text), "DL3044");
    // hadolint: one finding for each of 2, 3 (it does not see the escape),
    // 4 and 9; not 8 (it only asks whether L was defined before).
    assert_eq!(
        at_ranges(&got),
        vec![
            (2, "$A"),
            (2, "${A}"),
            (2, "$A"),
            (4, "$I"),
            (8, "$L"),
            (9, "$O")
        ],
        "{got:?}"
    );
    assert!(
        got[4]
            .2
            .contains("expands to `old` from before this `ENV`, not the `new`"),
        "{}",
        got[4].2
    );
}

#[test]
fn dl3044_is_stage_aware_and_splits() {
    // `A` of the first stage is not visible in the second; hadolint keeps
    // one set of names for the whole file and says nothing.
    let text = "FROM alpine:3.22 AS one\nENV A=1\nFROM alpine:3.22\nENV A=1 B=$A\n";
    assert_eq!(lines(text, "DL3044"), vec![4]);
    let text = "FROM alpine:3.22\nENV A=1 \\\n    B=$A \\\n    C=$B\n";
    let diagnostics = lint(text);
    let diagnostic = diagnostics
        .iter()
        .find(|it| it.code == "DL3044")
        .expect("DL3044");
    let fix = diagnostic.fix.as_ref().expect("fix");
    assert_eq!(fix.applicability, rules::Applicability::Unsafe);
    let fixed = fix_text(text, diagnostic);
    assert_eq!(fixed, "FROM alpine:3.22\nENV A=1\nENV B=$A\nENV C=$B\n");
    assert!(lines(&fixed, "DL3044").is_empty());
    // A reference to a later pair cannot be fixed by splitting.
    let text = "FROM alpine:3.22\nENV N=$O O=1\n";
    assert!(lint(text)
        .iter()
        .any(|it| it.code == "DL3044" && it.fix.is_none()));
}

// ---- DL3045 -------------------------------------------------------------

#[test]
fn dl3045_relative_destinations() {
    let text = "\
FROM golang:1.24 AS build
COPY go.mod .
WORKDIR /src
COPY . .
FROM build AS test
COPY x rel
FROM alpine:3.22
COPY --from=build /out/app app
COPY app /usr/local/bin/
ARG D=rel
COPY x $D
ARG E=/abs
COPY x $E
COPY x \"quoted\"
COPY [\"x\", \"exec\"]
COPY <<CONF conf
hi
CONF
COPY x c:/windows
ONBUILD WORKDIR /onbuild
COPY y rel2
ONBUILD COPY z rel3
FROM scratch
COPY app app
FROM unknown/image:1
COPY x y
ADD x y
";
    let got = found(text, &lint(text), "DL3045");
    // hadolint: the same except 11 (it skips `$`-words) and 27 (it checks
    // COPY only).
    assert_eq!(
        at_ranges(&got),
        vec![
            (2, "."),
            (8, "app"),
            (11, "$D"),
            (14, "\"quoted\""),
            (15, "\"exec\""),
            (16, "conf"),
            (21, "rel2"),
            (24, "app"),
            (26, "y"),
            (27, "y")
        ],
        "{got:?}"
    );
    assert!(
        got[0].2.contains(
            "copies into `/go/`, relative to the base image `golang:1.24`'s WORKDIR `/go`"
        ),
        "{}",
        got[0].2
    );
    assert!(
        got[2].2.contains("`$D` (resolves to `rel`)"),
        "{}",
        got[2].2
    );
    assert!(got[7].2.contains("it lands in `/app`"), "{}", got[7].2);
    assert!(
        got[8].2.contains("depends on the base image's WORKDIR"),
        "{}",
        got[8].2
    );
}

#[test]
fn dl3045_fix_safety_follows_what_is_known() {
    let check = |text: &str, want: Option<rules::Applicability>, fixed: &str| {
        let diagnostics = lint(text);
        let diagnostic = diagnostics
            .iter()
            .find(|it| it.code == "DL3045")
            .expect("DL3045");
        let got = diagnostic.fix.as_ref().map(|it| it.applicability);
        assert_eq!(got, want, "{text}");
        if want.is_some() {
            assert_eq!(fix_text(text, diagnostic), fixed);
        }
    };
    check(
        "FROM scratch\nCOPY app app\n",
        Some(rules::Applicability::Safe),
        "FROM scratch\nCOPY app /app\n",
    );
    check(
        "FROM golang:1.24\nCOPY main.go .\n",
        Some(rules::Applicability::Unsafe),
        "FROM golang:1.24\nCOPY main.go /go/\n",
    );
    check(
        "FROM alpine:3.22\nCOPY [\"a\", \"dir/\"]\n",
        Some(rules::Applicability::Unsafe),
        "FROM alpine:3.22\nCOPY [\"a\", \"/dir/\"]\n",
    );
    check("FROM unknown/image:1\nCOPY x y\n", None, "");
}

// ---- DL3048 -------------------------------------------------------------

#[test]
fn dl3048_label_keys() {
    let text = "\
FROM alpine:3.22
LABEL maintainer=\"x\" Maintainer=\"y\" com.docker.foo=1 org.example..x=1 a--b=1 1abc=1 abc-=1 abc_d=1 \"quoted.key\"=1 valid.key-1=1
ARG K=Bad_Key
LABEL $K=1
ONBUILD LABEL Bad=1
";
    let got = found(text, &lint(text), "DL3048");
    let keys: Vec<&str> = got.iter().map(|it| it.1.as_str()).collect();
    assert_eq!(
        keys,
        vec![
            "Maintainer",
            "com.docker.foo",
            "org.example..x",
            "a--b",
            "1abc",
            "abc-",
            "abc_d",
            "$K"
        ],
        "{got:?}"
    );
    assert!(got[1].2.contains("reserves"), "{}", got[1].2);
    assert!(
        got[7].2.contains("`$K` (resolves to `Bad_Key`)"),
        "{}",
        got[7].2
    );
    let diagnostics = lint(text);
    let fixable: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|it| it.code == "DL3048" && it.fix.is_some())
        .collect();
    assert_eq!(fixable.len(), 2, "Maintainer and abc_d");
    assert!(fix_text(text, fixable[1]).contains(" abc-d=1 "));
}

// ---- DL3049 / DL3050 ----------------------------------------------------

#[test]
fn dl3049_checks_the_shipped_image_only() {
    let config = schema(&[
        ("org.opencontainers.image.source", LabelType::Url),
        ("maintainer", LabelType::Email),
    ]);
    let text = "\
FROM golang:1.24 AS build
LABEL org.opencontainers.image.source=\"https://example.com\"
FROM alpine:3.22 AS base
LABEL maintainer=\"a@b.c\"
FROM base
RUN true
";
    let got = found(text, &lint_config(text, &config), "DL3049");
    // hadolint flags stages `build` and `base` too (every stage not used by
    // a `COPY --from`, unless it inherits the label).
    assert_eq!(at_ranges(&got), vec![(5, "base")], "{got:?}");
    assert!(
        got[0].2.contains("`org.opencontainers.image.source`"),
        "{}",
        got[0].2
    );
    assert!(got[0].2.contains("stage `build` sets it"), "{}", got[0].2);
    // Keys are resolved.
    let text = "FROM alpine:3.22\nARG KEY=maintainer\nLABEL ${KEY}=\"a@b.c\" org.opencontainers.image.source=https://x\n";
    assert!(found(text, &lint_config(text, &config), "DL3049").is_empty());
    assert!(lines(text, "DL3049").is_empty(), "nothing without a schema");
}

#[test]
fn dl3050_strict_labels() {
    let mut config = schema(&[("org.opencontainers.image.source", LabelType::Url)]);
    let text = "\
FROM golang:1.24 AS build
LABEL stage=builder
FROM alpine:3.22
LABEL org.opencontainers.image.source=\"https://example.com\" build-host=ci
";
    let got = found(text, &lint_config(text, &config), "DL3050");
    assert!(got.is_empty(), "off without strict_labels");
    config.strict_labels = true;
    let got = found(text, &lint_config(text, &config), "DL3050");
    // hadolint flags line 2 too: builder labels never reach the image.
    assert_eq!(at_ranges(&got), vec![(4, "build-host")]);
}

// ---- DL3051 .. DL3058 ---------------------------------------------------

#[test]
fn label_values_follow_their_schema_types() {
    let config = schema(&[
        ("url", LabelType::Url),
        ("created", LabelType::Rfc3339),
        ("licenses", LabelType::Spdx),
        ("revision", LabelType::GitHash),
        ("version", LabelType::Semver),
        ("maintainer", LabelType::Email),
        ("title", LabelType::Text),
    ]);
    let text = "\
FROM alpine:3.22
LABEL url=github.com/x created=2025-01-31 licenses=\"Apache 2\" revision=main version=v1.2.0 maintainer=\"Jane <j@x.io>\" title=\"\"
LABEL url=https://github.com/x created=2025-01-31T12:00:00Z licenses=\"MIT OR Apache-2.0\" revision=4f2a9c1 version=1.2.0 maintainer=j@x.io title=app
";
    let diagnostics = lint_config(text, &config);
    for (code, value) in [
        ("DL3052", "github.com/x"),
        ("DL3053", "2025-01-31"),
        ("DL3054", "\"Apache 2\""),
        ("DL3055", "main"),
        ("DL3056", "v1.2.0"),
        ("DL3058", "\"Jane <j@x.io>\""),
        ("DL3051", "\"\""),
    ] {
        let got = found(text, &diagnostics, code);
        assert_eq!(at_ranges(&got), vec![(2, value)], "{code}");
    }
    assert!(found(text, &diagnostics, "DL3056")[0]
        .2
        .contains("drop the `v`"));
    // Labels not in the schema are not judged.
    let text = "FROM alpine:3.22\nLABEL other=\"\"\n";
    assert!(lint_config(text, &config)
        .iter()
        .all(|it| it.code != "DL3051"));
}

#[test]
fn label_values_are_resolved_and_build_time_values_skipped() {
    let config = schema(&[
        ("version", LabelType::Semver),
        ("created", LabelType::Rfc3339),
    ]);
    let text = "\
ARG APP_VERSION=0.0.0-dev
FROM alpine:3.22
ARG APP_VERSION
ARG BUILD_DATE
ARG EMPTY=\"\"
LABEL version=\"${APP_VERSION}\" created=\"${BUILD_DATE}\"
LABEL version=$EMPTY
ARG BAD=1.0
LABEL version=$BAD
";
    let diagnostics = lint_config(text, &config);
    // hadolint judges the literal text: `${APP_VERSION}` is no version and
    // `${BUILD_DATE}` no date. docklens resolves the first and leaves the
    // second to the build.
    assert!(found(text, &diagnostics, "DL3053").is_empty());
    let semver = found(text, &diagnostics, "DL3056");
    assert_eq!(at_lines(&semver), vec![9], "{semver:?}");
    assert!(
        semver[0].2.starts_with("`$BAD` resolves to `1.0`"),
        "{}",
        semver[0].2
    );
    let empty = found(text, &diagnostics, "DL3051");
    assert_eq!(at_lines(&empty), vec![7], "{empty:?}");
}

// ---- DL3057 -------------------------------------------------------------

#[test]
fn dl3057_shipped_stage_only_and_opt_in() {
    let text = "FROM golang:1.24 AS build\nRUN true\nFROM alpine:3.22\nCOPY --from=build /x /x\n";
    assert!(lines(text, "DL3057").is_empty(), "off by default");
    let got = found(text, &lint_config(text, &with("DL3057")), "DL3057");
    // hadolint flags the builder stage as well.
    assert_eq!(at_lines(&got), vec![3]);
    let text = "FROM alpine:3.22 AS base\nHEALTHCHECK NONE\nFROM base\n";
    let got = found(text, &lint_config(text, &with("DL3057")), "DL3057");
    assert!(got.is_empty());
}

// ---- DL3066 -------------------------------------------------------------

#[test]
fn dl3066_the_user_the_image_runs_as() {
    let text =
        "FROM alpine:3.22 AS build\nUSER builder\nFROM alpine:3.22\nUSER app\nUSER 1000:app\n";
    // hadolint flags lines 2 and 4: a builder's user and an overridden one.
    assert!(lines(text, "DL3066").is_empty());
    assert_eq!(lines("FROM alpine:3.22\nUSER app:app\n", "DL3066"), vec![2]);
    let text = "FROM alpine:3.22\nARG UID=10001\nUSER ${UID}\n";
    assert!(lines(text, "DL3066").is_empty(), "resolved to a number");
    let text = "FROM alpine:3.22\nARG UID\nUSER ${UID}\n";
    assert!(lines(text, "DL3066").is_empty(), "known at build time only");
    // `root` is DL3002's.
    assert!(lines("FROM alpine:3.22\nUSER root\n", "DL3066").is_empty());
}

// ---- DL3067 -------------------------------------------------------------

#[test]
fn dl3067_whole_filesystem_copies() {
    let text = "\
FROM golang:1.24 AS build
RUN go build
FROM scratch AS export
COPY --from=build /out/app /app
FROM build AS test
COPY --from=build / /
FROM alpine:3.22
COPY --from=build / /
COPY --from=export / /
COPY --from=build \"/\" \"/\"
COPY --from=nginx:1.29 / /
COPY --from=build / /dst/
";
    let got = found(text, &lint(text), "DL3067");
    // hadolint also flags 6 (a stage that does not ship) and 9 (a scratch
    // stage holds only what was copied into it).
    assert_eq!(at_lines(&got), vec![8, 10, 11], "{got:?}");
    assert!(
        got[0].2.contains("toolchain of its base `golang:1.24`"),
        "{}",
        got[0].2
    );
    assert!(got[0].2.contains("MB on disk"), "{}", got[0].2);
    assert!(
        got[2].2.contains("the whole filesystem of `nginx:1.29`"),
        "{}",
        got[2].2
    );
}

// ---- The sweep -----------------------------------------------------------

/// hadolint 2.15.1's findings for the rules of this file (`line:code`),
/// default configuration. For files hadolint cannot parse, the lines it
/// rejects were commented out and heredocs followed by a blank line, with
/// line numbers mapped back.
const HADOLINT: &[(&str, &str)] = &[
    ("tests/syntax/ok/bom.Dockerfile", "2:DL3006"),
    ("tests/syntax/ok/continuations.Dockerfile", "1:DL3006"),
    ("tests/syntax/ok/crlf.Dockerfile", "1:DL3006"),
    ("tests/syntax/ok/directives.Dockerfile", "6:DL3006"),
    ("tests/syntax/ok/escape_backtick.Dockerfile", "2:DL3006"),
    ("tests/syntax/ok/exec_forms.Dockerfile", "1:DL3006"),
    ("tests/syntax/ok/flags.Dockerfile", "9:DL3021"),
    ("tests/syntax/ok/healthcheck.Dockerfile", "1:DL3006"),
    ("tests/syntax/ok/heredocs.Dockerfile", "1:DL3006 48:DL3066"),
    ("tests/syntax/ok/key_values.Dockerfile", "1:DL3006"),
    ("tests/syntax/ok/misc.Dockerfile", "7:DL3006"),
    ("tests/syntax/ok/onbuild.Dockerfile", "1:DL3006"),
    (
        "tests/fixtures/seed/book.Dockerfile",
        "1:DL3006 3:DL3045 7:DL3006 13:DL3000",
    ),
    ("tests/fixtures/seed/t1.Dockerfile", "3:DL3020"),
    ("tests/fixtures/seed/t2.Dockerfile", "3:DL3020"),
    ("tests/fixtures/seed/t3.Dockerfile", "3:DL3020"),
    ("tests/fixtures/seed/t4.Dockerfile", "3:DL3020 7:DL3006"),
    (
        "../shared/bench/data/gen-50.Dockerfile",
        "13:DL3000 31:DL3007",
    ),
    (
        "../shared/bench/data/gen-1000.Dockerfile",
        "13:DL3000 44:DL3007 411:DL3007 676:DL3007",
    ),
    (
        "../shared/bench/data/gen-10000.Dockerfile",
        "13:DL3000 51:DL3007 197:DL3000 227:DL3000 238:DL3007 514:DL3000 918:DL3000 1007:DL3000 \
         1214:DL3000 1321:DL3000 1378:DL3000 1417:DL3007 1431:DL3000 1571:DL3000 1949:DL3007 \
         2402:DL3000 3034:DL3007 3163:DL3000 3707:DL3000 3994:DL3007 4061:DL3000 4153:DL3007 \
         4181:DL3000 4524:DL3007 4549:DL3000 4684:DL3000 4791:DL3000 5462:DL3007 6358:DL3000 \
         6408:DL3007 6651:DL3000 6765:DL3000 7163:DL3000 7474:DL3000 7635:DL3007 7707:DL3000 \
         7996:DL3000 8301:DL3000 8525:DL3000 8779:DL3000 8814:DL3000 8981:DL3007 9093:DL3000 \
         9127:DL3000 9387:DL3000 9897:DL3000 9926:DL3000",
    ),
];

/// Where docklens differs from hadolint on those files, on purpose:
/// `+` docklens only, `-` hadolint only.
const DIFFERENCES: &[(&str, &str, &str)] = &[
    (
        "tests/syntax/ok/flags.Dockerfile",
        "-9:DL3021",
        "`COPY --chown=.. -- --weird-name /dst`: BuildKit ends the flags at `--`, hadolint counts it as a source",
    ),
    (
        "tests/syntax/ok/misc.Dockerfile",
        "-7:DL3006",
        "`from base` is stage `Base`: BuildKit matches stage names without regard to case",
    ),
    (
        "tests/fixtures/seed/t1.Dockerfile",
        "+3:DL3045",
        "`ADD . .` is checked like `COPY`",
    ),
    (
        "tests/fixtures/seed/t2.Dockerfile",
        "+3:DL3045",
        "`ADD . .` is checked like `COPY`",
    ),
    (
        "tests/fixtures/seed/t3.Dockerfile",
        "+3:DL3045",
        "`ADD . .` is checked like `COPY`",
    ),
    (
        "tests/fixtures/seed/t4.Dockerfile",
        "+3:DL3045",
        "`ADD . .` is checked like `COPY`",
    ),
];

const CODES: &[&str] = &[
    "DL1001", "DL3000", "DL3002", "DL3006", "DL3007", "DL3020", "DL3021", "DL3026", "DL3029",
    "DL3044", "DL3045", "DL3048", "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054",
    "DL3055", "DL3056", "DL3057", "DL3058", "DL3066", "DL3067",
];

#[test]
fn sweep_matches_hadolint_except_documented_differences() {
    use std::collections::BTreeSet;

    let root = env!("CARGO_MANIFEST_DIR");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (file, theirs) in HADOLINT {
        let path = format!("{root}/{file}");
        let Ok(text) = std::fs::read_to_string(&path) else {
            // The benchmark files live in shared/, beside the repository.
            assert!(file.starts_with("../"), "{path} is missing");
            continue;
        };
        checked += 1;
        let mut want: BTreeSet<String> = theirs.split_whitespace().map(str::to_owned).collect();
        for (_, change, _) in DIFFERENCES.iter().filter(|it| it.0 == *file) {
            match change.split_at(1) {
                ("+", it) => want.insert(it.to_owned()),
                (_, it) => want.remove(it),
            };
        }
        let got: BTreeSet<String> = lint(&text)
            .iter()
            .filter(|it| CODES.contains(&it.code))
            .map(|it| {
                let line = text[..it.range.start()].matches('\n').count() + 1;
                format!("{line}:{}", it.code)
            })
            .collect();
        if got != want {
            failures.push(format!(
                "{file}:\n  docklens only: {:?}\n  hadolint only: {:?}",
                got.difference(&want).collect::<Vec<_>>(),
                want.difference(&got).collect::<Vec<_>>()
            ));
        }
    }
    assert!(checked >= 17, "only {checked} files found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every prefix of the repository's Dockerfiles (cut at any character) lints
/// without panicking, with every setting these rules read switched on.
#[test]
fn truncated_inputs_do_not_panic() {
    let config = Config {
        overrides: ["DL1001", "DL3057"]
            .iter()
            .map(|it| ((*it).to_owned(), RuleSetting::Severity(Severity::Info)))
            .collect(),
        trusted_registries: vec!["registry.example.com".into()],
        label_schema: vec![
            ("a".into(), LabelType::Url),
            ("b".into(), LabelType::Rfc3339),
            ("c".into(), LabelType::Spdx),
            ("d".into(), LabelType::GitHash),
            ("e".into(), LabelType::Semver),
            ("f".into(), LabelType::Email),
        ],
        strict_labels: true,
        ..Config::default()
    };
    let root = env!("CARGO_MANIFEST_DIR");
    let mut texts = vec![
        "FROM --platform=$P a:latest AS b\nENV A=1 B=$A\nLABEL a=x b=y c=\"MIT OR\" d=x e=1 f=@\nCOPY --from=b / /\nUSER root\nADD a b c\n".to_owned(),
        "ARG X=y\nFROM ${X:-a}@sha256:\nCOPY [\"a\", \"b\nLABEL ${K}=$V\n".to_owned(),
    ];
    for dir in ["tests/syntax/ok", "tests/syntax/err", "tests/fixtures/seed"] {
        let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
            continue;
        };
        for entry in entries.flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                texts.push(text);
            }
        }
    }
    for text in &texts {
        for (at, _) in text.char_indices() {
            let _ = lint_config(&text[..at], &config);
        }
    }
}
