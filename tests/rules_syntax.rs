//! The `DK1xxx` rules (what BuildKit rejects) and the hadolint checks that
//! mean the same (`DL3011`, `DL3023`, `DL3043`, `DL3061`): a test per rule
//! with edge cases, typing states that must give exactly one error, the
//! seeds, BuildKit's parser corpus, and a sweep of valid files that must
//! give none.

use std::path::{Path, PathBuf};

use docklens::{
    model::{self, KnowledgeBaseFacts, ModelOptions},
    rules::{self, Applicability, Config, Diagnostic, Environment},
    syntax::{self, apply_edits},
};

const HADOLINT_CODES: [&str; 4] = ["DL3011", "DL3023", "DL3043", "DL3061"];

fn is_ours(code: &str) -> bool {
    code.starts_with("DK1") || HADOLINT_CODES.contains(&code)
}

fn lint_with(text: &str, options: &ModelOptions) -> Vec<Diagnostic> {
    let parse = syntax::parse(text);
    let model = model::analyze(text, &parse, options, &KnowledgeBaseFacts);
    rules::check(
        text,
        &parse,
        &model,
        &Config::default(),
        &Environment::default(),
    )
    .into_iter()
    .filter(|it| is_ours(it.code))
    .collect()
}

fn lint(text: &str) -> Vec<Diagnostic> {
    lint_with(text, &ModelOptions::default())
}

/// `(code, the text the finding points at)`, in order.
fn found(text: &str) -> Vec<(&'static str, String)> {
    lint(text)
        .iter()
        .map(|it| (it.code, it.range.slice(text).to_owned()))
        .collect()
}

fn codes(text: &str) -> Vec<&'static str> {
    lint(text).iter().map(|it| it.code).collect()
}

/// The one finding of the file, which must have `code`.
fn only(text: &str, code: &str) -> Diagnostic {
    let all = lint(text);
    assert_eq!(
        all.len(),
        1,
        "expected exactly one {code} in:\n{text}\ngot: {:#?}",
        all.iter()
            .map(|it| format!("{} {:?} {}", it.code, it.range.slice(text), it.message))
            .collect::<Vec<_>>()
    );
    assert_eq!(all[0].code, code, "{text}\n{}", all[0].message);
    all.into_iter().next().unwrap_or_else(|| unreachable!())
}

/// The finding of `code` that points at `at`.
fn at(text: &str, code: &str, at: &str) -> Diagnostic {
    let all = lint(text);
    all.iter()
        .find(|it| it.code == code && it.range.slice(text) == at)
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "no {code} at {at:?} in:\n{text}\ngot: {:#?}",
                all.iter()
                    .map(|it| format!("{} {:?} {}", it.code, it.range.slice(text), it.message))
                    .collect::<Vec<_>>()
            )
        })
}

/// Applies the fix of a finding and checks the result no longer has it.
fn fixed(text: &str, diagnostic: &Diagnostic) -> String {
    let fix = diagnostic
        .fix
        .as_ref()
        .unwrap_or_else(|| panic!("{} has no fix: {}", diagnostic.code, diagnostic.message));
    let after = apply_edits(text, &fix.edits).unwrap_or_else(|| panic!("edits overlap"));
    assert!(
        !lint(&after)
            .iter()
            .any(|it| it.code == diagnostic.code && it.message == diagnostic.message),
        "the fix does not clear the finding:\n{after}"
    );
    after
}

fn none(text: &str) {
    let all = lint(text);
    assert!(
        all.is_empty(),
        "expected nothing in:\n{text}\ngot: {:#?}",
        all.iter()
            .map(|it| format!("{} {:?} {}", it.code, it.range.slice(text), it.message))
            .collect::<Vec<_>>()
    );
}

fn shared(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(path)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

// ---- parser errors ----

#[test]
fn dk1002_no_build_stage() {
    assert_eq!(codes(""), ["DK1002"]);
    assert_eq!(codes("# only a comment\n\n"), ["DK1002"]);
    let it = only("ARG VERSION=1\nARG OTHER\n", "DK1002");
    assert!(it.message.contains("no `FROM`"), "{}", it.message);
    none("ARG VERSION=1\nFROM alpine:${VERSION}\n");
}

#[test]
fn dk1003_key_value_without_value() {
    assert_eq!(
        found("FROM alpine\nENV PATH\n"),
        [("DK1003", "PATH".into())]
    );
    let it = only("FROM alpine\r\nLABEL maintainer\r\n", "DK1003");
    assert_eq!(
        it.message,
        "`LABEL maintainer` has no value: write `LABEL maintainer=<value>`"
    );
    none("FROM alpine\nENV PATH /usr/bin\nARG NAME\n");
}

#[test]
fn dk1004_key_value_without_equals() {
    assert_eq!(
        found("FROM alpine\nENV A=1 B C=2\n"),
        [("DK1004", "B".into())]
    );
}

#[test]
fn dk1005_json_array_non_string() {
    let text = "FROM alpine\nCMD [\"sleep\", 10]\n";
    let it = only(text, "DK1005");
    assert_eq!(it.range.slice(text), "10");
    assert_eq!(fixed(text, &it), "FROM alpine\nCMD [\"sleep\", \"10\"]\n");
    let nested = only("FROM alpine\nCMD [\"a\", [\"b\"]]\n", "DK1005");
    assert!(nested.fix.is_none());
    // Not JSON at all is shell form, which BuildKit accepts.
    none("FROM alpine\nCMD ['single', 'quotes']\n");
}

#[test]
fn dk1006_unterminated_heredoc() {
    let text = "FROM alpine\nRUN <<-\"EOT\"\n\techo hi\n";
    let it = only(text, "DK1006");
    assert_eq!(it.range.slice(text), "<<-\"EOT\"");
    let fix = it.fix.as_ref().map(|it| it.applicability);
    assert_eq!(fix, Some(Applicability::DisplayOnly));
    assert_eq!(fixed(text, &it), format!("{text}EOT\n"));
    let no_newline = "FROM alpine\nCOPY <<EOF /x\nbody";
    let it = only(no_newline, "DK1006");
    assert_eq!(fixed(no_newline, &it), format!("{no_newline}\nEOF\n"));
}

#[test]
fn dk1007_invalid_heredoc_delimiter() {
    assert_eq!(
        found("FROM alpine\nRUN <<${EOF:- } cat\n")
            .first()
            .map(|it| it.0),
        Some("DK1007")
    );
}

#[test]
fn dk1008_duplicate_parser_directive() {
    let text = "# syntax=docker/dockerfile:1\n# Syntax = docker/dockerfile:1.7\nFROM alpine\n";
    let it = only(text, "DK1008");
    assert!(it.message.contains("`syntax`"), "{}", it.message);
    assert_eq!(
        fixed(text, &it),
        "# syntax=docker/dockerfile:1\nFROM alpine\n"
    );
}

#[test]
fn dk1009_invalid_escape_directive() {
    assert_eq!(found("# escape=^\nFROM alpine\n"), [("DK1009", "^".into())]);
    none("# escape=`\nFROM alpine\nRUN echo `\n  hi\n");
}

// ---- arguments ----

#[test]
fn dk1010_missing_arguments() {
    for keyword in [
        "ENV",
        "LABEL",
        "ARG",
        "EXPOSE",
        "VOLUME",
        "WORKDIR",
        "USER",
        "STOPSIGNAL",
        "MAINTAINER",
        "ONBUILD",
        "HEALTHCHECK",
        "SHELL",
    ] {
        let text = format!("FROM alpine\n{keyword}\n");
        let it = only(&text, "DK1010");
        assert_eq!(it.range.slice(&text), keyword);
        assert!(it.message.starts_with(keyword), "{}", it.message);
    }
    assert_eq!(found("FROM alpine\nVOLUME []\n"), [("DK1010", "[]".into())]);
    assert_eq!(found("FROM alpine\nSHELL []\n"), [("DK1010", "[]".into())]);
    // CMD, ENTRYPOINT and RUN may be empty (RUN runs `sh -c ""`).
    none("FROM alpine\nCMD\nENTRYPOINT []\nCMD []\nRUN\n");
}

#[test]
fn dk1011_copy_missing_destination() {
    let text = "FROM nginx\nWORKDIR /usr/share/nginx/html\nCOPY index.html\n";
    let it = only(text, "DK1011");
    assert_eq!(it.range.slice(text), "index.html");
    assert!(
        it.message.starts_with(
            "COPY requires at least two arguments, but only one was provided: add a destination"
        ),
        "{}",
        it.message
    );
    assert_eq!(
        it.fix.as_ref().map(|it| it.applicability),
        Some(Applicability::DisplayOnly)
    );
    assert_eq!(
        fixed(text, &it),
        "FROM nginx\nWORKDIR /usr/share/nginx/html\nCOPY index.html ./\n"
    );
    assert_eq!(found("FROM alpine\nADD\n"), [("DK1011", "ADD".into())]);
    let json = only("FROM alpine\nCOPY [\"a\"]\n", "DK1011");
    assert!(json.fix.is_none());
    // A heredoc alone: no destination either (and no `./` fix for it).
    let heredoc = only("FROM alpine\nCOPY <<EOF\nx\nEOF\n", "DK1011");
    assert!(heredoc.fix.is_none());
    // `--from build` takes `build` as the flag's value: DK1023 says so.
    assert_eq!(
        codes("FROM alpine AS build\nFROM alpine\nCOPY --from build /a\n"),
        ["DK1023"]
    );
}

#[test]
fn dk1012_heredoc_destination() {
    let text = "FROM alpine\nCOPY /etc/app.conf <<EOF\nkey=value\nEOF\n";
    assert_eq!(found(text), [("DK1012", "<<EOF".into())]);
    assert_eq!(
        found("FROM alpine\nCOPY [\"a\", \"<<EOF\"]\n"),
        [("DK1012", "\"<<EOF\"".into())]
    );
    none("FROM alpine\nCOPY <<A <<B /dir/\na\nA\nb\nB\n");
}

#[test]
fn dk1013_from_arguments() {
    let text = "FROM golang:1.23 build\n";
    let it = only(text, "DK1013");
    assert_eq!(it.range.slice(text), "build");
    assert_eq!(fixed(text, &it), "FROM golang:1.23 AS build\n");
    let text = "FROM golang:1.23 AZ build\n";
    let it = only(text, "DK1013");
    assert_eq!(fixed(text, &it), "FROM golang:1.23 AS build\n");
    assert_eq!(found("FROM\n"), [("DK1013", "FROM".into())]);
    assert_eq!(found("FROM alpine AS\n"), [("DK1013", "AS".into())]);
    assert_eq!(
        found("FROM alpine AS build env\n"),
        [("DK1013", "env".into())]
    );
    assert_eq!(
        found("FROM alpine:3 alpine:3.22 x y\n"),
        [("DK1013", "alpine:3.22 x y".into())]
    );
    // `--platform linux/amd64`: the flag's missing `=` explains the count.
    assert_eq!(
        codes("FROM --platform linux/amd64 alpine AS build\n"),
        ["DK1023"]
    );
    none("from alpine as build\nFROM build\n");
}

#[test]
fn dk1014_invalid_stage_name() {
    assert_eq!(found("FROM alpine AS 1st\n"), [("DK1014", "1st".into())]);
    assert_eq!(
        found("FROM alpine AS my/stage\n"),
        [("DK1014", "my/stage".into())]
    );
    none("FROM alpine AS Build.1_a-b\n");
}

#[test]
fn dk1015_blank_variable_name() {
    assert_eq!(
        found("FROM alpine\nARG VERSION =1.0\n"),
        [("DK1015", "=1.0".into())]
    );
    assert_eq!(
        found("FROM alpine\nENV A=1 =2\n"),
        [("DK1015", "=2".into())]
    );
}

#[test]
fn dk1016_shell_not_json() {
    let text = "FROM debian\nSHELL /bin/bash -o pipefail -c\n";
    let it = only(text, "DK1016");
    assert_eq!(
        fixed(text, &it),
        "FROM debian\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
    );
    let text = "FROM debian\nSHELL ['cmd', '/S', '/C']\n";
    let it = only(text, "DK1016");
    assert_eq!(
        fixed(text, &it),
        "FROM debian\nSHELL [\"cmd\", \"/S\", \"/C\"]\n"
    );
    assert!(only("FROM debian\nSHELL sh -c \"$X\"\n", "DK1016")
        .fix
        .is_none());
}

#[test]
fn dk1017_missing_command() {
    assert_eq!(found("FROM alpine\nRUN []\n"), [("DK1017", "[]".into())]);
    assert_eq!(
        found("FROM alpine\nHEALTHCHECK CMD\n"),
        [("DK1017", "CMD".into())]
    );
    assert_eq!(
        found("FROM alpine\nHEALTHCHECK --retries=3 CMD []\n"),
        [("DK1017", "[]".into())]
    );
}

#[test]
fn dk1018_healthcheck_unknown_type() {
    let text = "FROM nginx\nHEALTHCHECK --interval=30s curl -f http://localhost/\n";
    let it = only(text, "DK1018");
    assert_eq!(it.range.slice(text), "curl");
    assert_eq!(
        fixed(text, &it),
        "FROM nginx\nHEALTHCHECK --interval=30s CMD curl -f http://localhost/\n"
    );
    let text = "FROM nginx\nHEALTHCHECK CMND true\n";
    let it = only(text, "DK1018");
    assert_eq!(fixed(text, &it), "FROM nginx\nHEALTHCHECK CMD true\n");
    none("FROM nginx\nhealthcheck cmd true\nHEALTHCHECK none\n");
    // `--interval 30s`: the value is read as the type; one error, DK1023's.
    let text = "FROM nginx\nHEALTHCHECK --interval 30s CMD true\n";
    let it = only(text, "DK1023");
    assert_eq!(
        fixed(text, &it),
        "FROM nginx\nHEALTHCHECK --interval=30s CMD true\n"
    );
}

#[test]
fn dk1019_healthcheck_none_arguments() {
    let text = "FROM nginx\nHEALTHCHECK NONE curl -f x\n";
    let it = only(text, "DK1019");
    assert_eq!(it.range.slice(text), "curl -f x");
    assert_eq!(fixed(text, &it), "FROM nginx\nHEALTHCHECK NONE\n");
    // Options on NONE are never read by BuildKit.
    none("FROM nginx\nHEALTHCHECK --interval=bogus --nope NONE\n");
}

#[test]
fn dk1020_invalid_healthcheck_option() {
    let text = "FROM nginx\nHEALTHCHECK --interval=30 --timeout=5sec --start-period=-5s --start-interval=500us --retries=-1 CMD true\n";
    let found = found(text);
    assert_eq!(
        found,
        [
            ("DK1020", "30".into()),
            ("DK1020", "5sec".into()),
            ("DK1020", "-5s".into()),
            ("DK1020", "500us".into()),
            ("DK1020", "-1".into()),
        ]
    );
    let sec = at(text, "DK1020", "5sec");
    assert!(fixed(text, &sec).contains("--timeout=5s "));
    let unitless = at(text, "DK1020", "30");
    assert_eq!(
        unitless.fix.as_ref().map(|it| it.applicability),
        Some(Applicability::DisplayOnly)
    );
    assert_eq!(
        codes("FROM nginx\nHEALTHCHECK --retries=three CMD true\n"),
        ["DK1020"]
    );
    none("FROM nginx\nHEALTHCHECK --interval=1m30s --timeout=0 --start-period=1.5h --start-interval=1ms --retries=0 CMD true\nHEALTHCHECK --interval= CMD true\n");
}

// ---- flags ----

#[test]
fn dk1021_unknown_flag() {
    let text = "FROM golang AS build\nFROM alpine\nCOPY --form=build /a /b\n";
    let it = only(text, "DK1021");
    assert_eq!(it.range.slice(text), "--form");
    assert_eq!(
        fixed(text, &it),
        "FROM golang AS build\nFROM alpine\nCOPY --from=build /a /b\n"
    );
    let it = only("FROM alpine\nCOPY --FROM=x /a /b\n", "DK1021");
    assert!(it.message.contains("`--from`"), "{}", it.message);
    assert!(only("FROM alpine\nENV --foo A=1\n", "DK1021")
        .message
        .contains("ENV takes no flags"));
    assert!(only("FROM alpine\nCOPY --checksum=x a b\n", "DK1021")
        .message
        .contains("it accepts"));
    // BuildKit never reads the flags of ARG, STOPSIGNAL and HEALTHCHECK NONE;
    // after `--` nothing is a flag.
    none("FROM alpine\nARG --x A=1\nSTOPSIGNAL --y SIGTERM\nCOPY -- --weird /dst\n");
    // The flags of ONBUILD itself are checked; a trigger's fail a later build.
    assert_eq!(codes("FROM alpine\nONBUILD --x RUN true\n"), ["DK1021"]);
}

#[test]
fn dk1022_duplicate_flag() {
    let text = "FROM alpine\nCOPY --chown=app --chown=app a b\n";
    let it = only(text, "DK1022");
    assert_eq!(it.range.slice(text), "--chown");
    assert_eq!(it.range.start(), text.rfind("--chown").unwrap_or_default());
    assert_eq!(it.related.len(), 1);
    assert_eq!(fixed(text, &it), "FROM alpine\nCOPY --chown=app a b\n");
    assert!(
        only("FROM alpine\nCOPY --link --link=false a b\n", "DK1022")
            .fix
            .is_none()
    );
    none("FROM alpine\nRUN --mount=type=cache,target=/a --mount=type=cache,target=/b true\nCOPY --exclude=a --exclude=b . /x\n");
}

#[test]
fn dk1023_flag_missing_value() {
    let text = "FROM golang AS build\nFROM alpine\nCOPY --from build /out/app /app\n";
    let it = only(text, "DK1023");
    assert_eq!(it.range.slice(text), "--from");
    assert_eq!(
        fixed(text, &it),
        "FROM golang AS build\nFROM alpine\nCOPY --from=build /out/app /app\n"
    );
    let text = "FROM alpine\nRUN --mount type=cache,target=/x make\n";
    let it = only(text, "DK1023");
    assert_eq!(
        fixed(text, &it),
        "FROM alpine\nRUN --mount=type=cache,target=/x make\n"
    );
    // Nothing would be left after joining: no fix.
    assert!(only("FROM alpine\nRUN --network\n", "DK1023").fix.is_none());
}

#[test]
fn dk1024_invalid_boolean_flag() {
    let text = "FROM alpine\nCOPY --link=yes a b\n";
    let it = only(text, "DK1024");
    assert_eq!(it.range.slice(text), "yes");
    assert_eq!(fixed(text, &it), "FROM alpine\nCOPY --link=true a b\n");
    let text = "FROM alpine\nADD --keep-git-dir=flase https://github.com/a/b.git /b\n";
    let it = only(text, "DK1024");
    assert!(fixed(text, &it).contains("--keep-git-dir=false "));
    let text = "FROM alpine\nCOPY --parents= a b\n";
    let it = only(text, "DK1024");
    assert_eq!(fixed(text, &it), "FROM alpine\nCOPY --parents a b\n");
    assert!(only("FROM alpine\nADD --unpack=maybe a b\n", "DK1024")
        .fix
        .is_none());
    none("FROM alpine\nCOPY --link=TRUE --parents=False a b\n");
}

#[test]
fn dk1025_invalid_run_option() {
    let text = "FROM alpine\nRUN --network=off true\n";
    let it = only(text, "DK1025");
    assert_eq!(fixed(text, &it), "FROM alpine\nRUN --network=none true\n");
    let text = "FROM alpine\nRUN --network=HOST --security=sandbx true\n";
    assert_eq!(
        found(text),
        [("DK1025", "HOST".into()), ("DK1025", "sandbx".into())]
    );
    none("FROM alpine\nRUN --network=default --security=insecure true\n");
}

#[test]
fn dk1026_invalid_mount() {
    let run = |mount: &str| format!("FROM alpine\nRUN --mount={mount} true\n");
    let issue = |mount: &str| {
        let text = run(mount);
        let it = only(&text, "DK1026");
        (it.range.slice(&text).to_owned(), it.message)
    };
    assert_eq!(issue("type=cahce,target=/x").0, "cahce");
    assert_eq!(issue("type=,target=/x").0, "type=");
    assert_eq!(issue("type=cache,dest=/x").0, "dest");
    assert_eq!(issue("type=cache,target").0, "target");
    assert_eq!(issue("type=cache,sharing=lockd,target=/x").0, "lockd");
    assert_eq!(
        issue("type=bind,sharing=locked,target=/x").0,
        "sharing=locked"
    );
    assert_eq!(issue("type=tmpfs,size=64q,target=/x").0, "64q");
    assert_eq!(issue("type=cache,mode=0999,target=/x").0, "0999");
    assert_eq!(issue("type=cache,uid=me,target=/x").0, "me");
    assert_eq!(issue("type=bind,mode=0755,target=/x").0, "mode=0755");
    assert_eq!(issue("type=bind,ro=maybe,target=/x").0, "maybe");
    assert_eq!(issue("type=secret").0, "type=secret");
    assert_eq!(issue("type=secret,id=a,from=x").0, "from=x");
    assert_eq!(issue("type=cache,target=/").0, "/");
    assert_eq!(issue("type=bind,from=$STAGE,target=/x").0, "$STAGE");
    // BuildKit reads the fields in order: `required` before `type=secret`.
    let (at, message) = issue("required,type=secret,id=x");
    assert_eq!(at, "required");
    assert!(message.contains("put `type=` first"), "{message}");
    // No target: mounted over the working directory, `/` here.
    assert!(issue("type=cache").1.contains("no `target`"));
    none("FROM alpine\nWORKDIR /src\nRUN --mount=type=cache true\n");
    // An image the knowledge base does not know might set a WORKDIR.
    none("FROM example.com/unknown/image\nRUN --mount=type=cache true\n");
    // Fix: the near-miss.
    let text = run("type=cahce,target=/x");
    let it = only(&text, "DK1026");
    assert_eq!(
        fixed(&text, &it),
        "FROM alpine\nRUN --mount=type=cache,target=/x true\n"
    );
    // Values are expanded first; unknown ones are left alone.
    none("FROM alpine\nARG T=cache\nRUN --mount=type=$T,target=/x true\nRUN --mount=type=cache,target=/x,mode=${MODE} true\n");
    assert_eq!(
        codes("FROM alpine\nARG T=cahce\nRUN --mount=type=$T,target=/x true\n"),
        ["DK1026"]
    );
    none("FROM alpine\nRUN --mount=type=secret,id=npmrc,env=NPMRC,required --mount=type=ssh,required=true --mount=type=tmpfs,target=/t,size=1.5GiB --mount=type=cache,target=/c,uid=1000,gid=1000,mode=0755,sharing=private --mount=type=bind,src=.,dst=/src,rw true\n");
}

// ---- FROM and stages ----

#[test]
fn dk1027_invalid_base_image() {
    let text = "ARG BASE\nFROM ${BASE}\n";
    let it = only(text, "DK1027");
    assert!(
        it.message
            .contains("base name (${BASE}) should not be blank"),
        "{}",
        it.message
    );
    assert!(it.message.contains("--build-arg BASE="), "{}", it.message);
    let with_arg = ModelOptions {
        build_args: vec![("BASE".into(), "alpine:3.22".into())],
        ..ModelOptions::default()
    };
    assert!(lint_with(text, &with_arg).is_empty());
    assert_eq!(found("FROM Alpine:3.22\n"), [("DK1027", "A".into())]);
    assert_eq!(found("FROM alpine:\n"), [("DK1027", ":".into())]);
    assert_eq!(
        found("FROM alpine:3.22@sha256:abc\n")
            .first()
            .map(|it| it.0),
        Some("DK1027")
    );
    let text = "FROM golang AS builder\nFROM Builder\n";
    let it = at(text, "DK1027", "Builder");
    assert_eq!(fixed(text, &it), "FROM golang AS builder\nFROM builder\n");
    none("ARG REG=docker.io\nFROM ${REG}/library/alpine:3.22\nFROM scratch\n");
}

#[test]
fn dk1028_invalid_platform() {
    assert_eq!(
        found("FROM --platform=linux/ alpine\n"),
        [("DK1028", "linux/".into())]
    );
    assert_eq!(
        found("FROM --platform=$TARGETPLATFROM alpine\n"),
        [("DK1028", "$TARGETPLATFROM".into())]
    );
    assert_eq!(codes("FROM --platform=amd65 alpine\n"), ["DK1028"]);
    none("ARG P\nFROM --platform=$BUILDPLATFORM alpine\nFROM --platform=${P} alpine\nFROM --platform=linux/arm/v7 alpine\nFROM --platform=arm64 alpine\nFROM --platform= alpine\n");
}

#[test]
fn dk1029_unknown_stage_reference() {
    let text = "FROM golang AS build\nFROM alpine\nCOPY --from=buld /a /b\n";
    let it = only(text, "DK1029");
    assert!(
        it.message.contains("did you mean `build`"),
        "{}",
        it.message
    );
    assert_eq!(
        fixed(text, &it),
        "FROM golang AS build\nFROM alpine\nCOPY --from=build /a /b\n"
    );
    let later = "FROM alpine\nCOPY --from=build /a /b\nFROM golang AS build\n";
    let it = only(later, "DK1029");
    assert!(it.message.contains("is defined below"), "{}", it.message);
    assert_eq!(it.related.len(), 1);
    assert_eq!(
        found("FROM alpine\nCOPY --from=1 /a /b\nFROM alpine\n"),
        [("DK1029", "1".into())]
    );
    assert!(
        only("FROM alpine\nFROM alpine\nCOPY --from=5 /a /b\n", "DK1029")
            .message
            .contains("no stage 5")
    );
    assert!(
        only("FROM alpine\nARG S=x\nCOPY --from=$S /a /b\n", "DK1029")
            .message
            .contains("not expanded")
    );
    // Images, by name, registry, tag or the knowledge base.
    none("FROM golang AS build\nFROM alpine\nCOPY --from=nginx /a /b\nCOPY --from=golang:1.23 /a /b\nCOPY --from=ghcr.io/x/y /a /b\nCOPY --from=BUILD /a /b\nCOPY --from=0 /a /b\n");
    // Mounts take names only.
    assert!(only(
        "FROM alpine AS a\nFROM alpine\nRUN --mount=from=0,target=/x true\n",
        "DK1029"
    )
    .message
    .contains("`from=a`"));
    assert!(only(
        "FROM alpine AS a\nRUN --mount=from=a,target=/x true\n",
        "DK1029"
    )
    .message
    .contains("mounts itself"));
    // FROM a stage defined further down is an image pull.
    assert_eq!(
        found("FROM runtime AS test\nFROM alpine AS runtime\n"),
        [("DK1029", "runtime".into())]
    );
    none("FROM node AS node\nFROM node\n");
    // The build target.
    let target = ModelOptions {
        target: Some("prod".into()),
        ..ModelOptions::default()
    };
    let text = "FROM alpine AS build\nFROM alpine AS prd\n";
    let all = lint_with(text, &target);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].range.slice(text), "FROM");
    assert!(
        all[0].message.contains("did you mean `prd`"),
        "{}",
        all[0].message
    );
}

#[test]
fn dl3023_copy_from_own_stage() {
    let text = "FROM golang AS build\nRUN go build\nCOPY --from=Build /out /app\n";
    let it = only(text, "DL3023");
    assert_eq!(it.range.slice(text), "Build");
    assert_eq!(
        found("FROM alpine\nFROM alpine\nCOPY --from=1 /a /b\n"),
        [("DL3023", "1".into())]
    );
}

#[test]
fn dl3061_instruction_before_from() {
    let text = "ENV A=1\nRUN true\nFROM alpine\n";
    assert_eq!(found(text), [("DL3061", "ENV".into())]);
    assert_eq!(found("RUN true\n"), [("DL3061", "RUN".into())]);
    // A mistyped FROM is DK1001's.
    assert_eq!(codes("FRO alpine\nRUN true\n"), ["DK1001"]);
    none("# comment\nARG V=1\nFROM alpine:${V}\n");
}

// ---- values ----

#[test]
fn dk1030_and_dl3011_expose() {
    let text = "FROM nginx\nEXPOSE abc 99999 80/http 8010-8000 /tcp 8000-70000\n";
    assert_eq!(
        found(text),
        [
            ("DK1030", "abc".into()),
            ("DL3011", "99999".into()),
            ("DK1030", "http".into()),
            ("DK1030", "8010-8000".into()),
            ("DK1030", "/tcp".into()),
            ("DL3011", "70000".into()),
        ]
    );
    assert_eq!(
        found("FROM nginx\nENV PORT=80800\nEXPOSE $PORT\n"),
        [("DL3011", "$PORT".into())]
    );
    // IP addresses and host mappings are ExposeInvalidFormat's.
    none("FROM nginx\nARG P\nEXPOSE 80/tcp 53/udp 8000-8010 8080/sctp 9090/TCP 127.0.0.1:80:80 ${P} 0\n");
}

#[test]
fn dk1031_invalid_stop_signal() {
    let text = "FROM nginx\nSTOPSIGNAL SIGQIUT\n";
    let it = only(text, "DK1031");
    assert_eq!(fixed(text, &it), "FROM nginx\nSTOPSIGNAL SIGQUIT\n");
    assert_eq!(codes("FROM nginx\nSTOPSIGNAL 0\n"), ["DK1031"]);
    assert_eq!(
        codes("FROM nginx\nSTOPSIGNAL SIGTERM SIGKILL\n"),
        ["DK1031"]
    );
    none(
        "FROM nginx\nARG S\nSTOPSIGNAL SIGRTMIN+3\nSTOPSIGNAL term\nSTOPSIGNAL 9\nSTOPSIGNAL $S\n",
    );
}

#[test]
fn dk1032_variable_expansion_error() {
    let text = "FROM alpine\nENV V=1\nWORKDIR /opt/app-${V\n";
    assert_eq!(found(text), [("DK1032", "${V".into())]);
    assert_eq!(
        found("FROM alpine\nLABEL a=\"b\n").first().map(|it| it.0),
        Some("DK1032")
    );
    assert_eq!(
        found("FROM alpine\nCOPY ${SRC:#x} /dst\n"),
        [("DK1032", "${SRC:#x}".into())]
    );
    // `${X:?}` only when nothing can set X: scratch's environment is empty.
    let required = "FROM scratch\nWORKDIR ${DIR:?set DIR}\n";
    let it = only(required, "DK1032");
    assert!(it.message.contains("DIR: set DIR"), "{}", it.message);
    none("FROM scratch\nARG DIR\nWORKDIR ${DIR:?set DIR}\n");
    // ARGs of one line are defined one after the other.
    none("FROM scratch\nARG A=1 B=${A:?}\n");
    none("FROM alpine\nWORKDIR ${HOME:?}\n");
    // In FROM only global ARGs exist.
    assert_eq!(codes("FROM alpine:${TAG:?no_tag}\n"), ["DK1032"]);
    // RUN and CMD are not expanded by BuildKit, nor RUN heredocs or COPY
    // heredocs with a quoted delimiter.
    none("FROM alpine\nRUN echo ${X\nCMD echo \"${\nRUN <<EOF\n${broken\nEOF\nCOPY <<'EOF' /x\n${broken\nEOF\n");
    // COPY heredocs with a bare delimiter are, with quotes kept as text.
    let text = "FROM alpine\nCOPY <<EOF /x\nok \"${HOME}\" 'q'\nbad ${broken\nEOF\n";
    let it = only(text, "DK1032");
    assert_eq!(it.range.slice(text), "${broken");
    assert!(it.message.contains("quote the delimiter"), "{}", it.message);
    // The escape directive changes what escapes.
    none("# escape=`\nFROM alpine\nWORKDIR C:\\app\nENV A=`$HOME\n");
}

#[test]
fn dk1033_empty_volume_path() {
    assert_eq!(
        found("FROM postgres\nVOLUME [\"/data\", \" \"]\n"),
        [("DK1033", "\" \"".into())]
    );
    assert_eq!(
        found("FROM postgres\nENV D=\nVOLUME $D\n"),
        [("DK1033", "$D".into())]
    );
}

#[test]
fn dk1034_copy_remote_source() {
    let text = "FROM alpine\nCOPY https://example.com/gosu /usr/local/bin/gosu\n";
    let it = only(text, "DK1034");
    assert_eq!(
        fixed(text, &it),
        "FROM alpine\nADD https://example.com/gosu /usr/local/bin/gosu\n"
    );
    assert!(only(
        "FROM alpine AS a\nFROM alpine\nCOPY --from=a git@github.com:a/b.git /x\n",
        "DK1034"
    )
    .fix
    .is_none());
}

#[test]
fn dk1035_invalid_chmod() {
    assert_eq!(
        found("FROM alpine\nCOPY --chmod=0799 a b\nADD --chmod=17777 a b\n"),
        [("DK1035", "0799".into()), ("DK1035", "17777".into())]
    );
    none("FROM alpine\nCOPY --chmod=u+x a b\nCOPY --chmod=$MODE a b\nCOPY --chmod=4755 a b\n");
}

#[test]
fn dk1036_invalid_add_checksum() {
    let sha = "24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d";
    assert_eq!(
        codes(&format!(
            "FROM alpine\nADD --checksum={sha} https://e.com/a /a\n"
        )),
        ["DK1036"]
    );
    assert_eq!(
        codes(&format!(
            "FROM alpine\nADD --checksum=sha256:{} https://e.com/a /a\n",
            sha.to_uppercase()
        )),
        ["DK1036"]
    );
    assert_eq!(
        codes(&format!(
            "FROM alpine\nADD --checksum=sha256:{sha} a.tar b.tar /c/\n"
        )),
        ["DK1036"]
    );
    none(&format!("FROM alpine\nADD --checksum=sha256:{sha} https://e.com/a /a\nADD --checksum=abc123 https://github.com/a/b.git#main /b\n"));
}

#[test]
fn dl3043_onbuild_forbidden_trigger() {
    let text = "FROM node\nONBUILD ONBUILD RUN x\nONBUILD from node\nONBUILD MAINTAINER me\n";
    assert_eq!(
        found(text),
        [
            ("DL3043", "ONBUILD".into()),
            ("DL3043", "from".into()),
            ("DL3043", "MAINTAINER".into()),
        ]
    );
    // Nested too deep: one finding, on the outer line.
    let deep = format!("FROM node\n{}RUN x\n", "ONBUILD ".repeat(12));
    assert_eq!(codes(&deep), ["DL3043"]);
}

// ---- typing states ----

#[test]
fn typing_states_give_one_clear_error() {
    let cases = [
        ("FROM alpine\nCOPY \n", "DK1011", "COPY"),
        ("FROM alpine\nCOPY index.html\n", "DK1011", "index.html"),
        ("FROM alpine\nCOPY --fr\n", "DK1021", "--fr"),
        ("FROM alpine\nCOPY --from=\n", "DK1011", "COPY"),
        ("FROM alpine\nCOPY --from\n", "DK1023", "--from"),
        ("FROM alpine\nCOPY --link=\n", "DK1024", "--link="),
        (
            "FROM alpine AS build\nFROM alpine\nCOPY --from=bu\n",
            "DK1011",
            "COPY",
        ),
        ("FROM \n", "DK1013", "FROM"),
        ("FROM --p", "DK1021", "--p"),
        ("FROM --platform=$", "DK1013", "FROM"),
        ("ARG", "DK1010", "ARG"),
        ("FROM alpine AS base\nCOPY --from=bas", "DK1011", "COPY"),
        ("FROM alpine\nCOPY -", "", ""),
        ("FROM alpine\nHEALTHCHECK -", "", ""),
        ("FROM alpine AS\n", "DK1013", "AS"),
        ("FROM alpine:\n", "DK1027", ":"),
        ("FROM --platform\n", "DK1023", "--platform"),
        ("FRO\n", "DK1001", "FRO"),
        ("FROM alpine\nRU\n", "DK1001", "RU"),
        ("FROM alpine\nRUN --mount=\n", "DK1026", "--mount="),
        ("FROM alpine\nRUN --mount=type=\n", "DK1026", "type="),
        (
            "FROM alpine\nRUN --mount=type=cache,target\n",
            "DK1026",
            "target",
        ),
        ("FROM alpine\nRUN --network=\n", "DK1025", "--network="),
        ("FROM alpine\nHEALTHCHECK \n", "DK1010", "HEALTHCHECK"),
        ("FROM alpine\nHEALTHCHECK CM\n", "DK1018", "CM"),
        ("FROM alpine\nHEALTHCHECK CMD\n", "DK1017", "CMD"),
        (
            "FROM alpine\nHEALTHCHECK --interval=30s\n",
            "DK1010",
            "HEALTHCHECK",
        ),
        ("FROM alpine\nEXPOSE \n", "DK1010", "EXPOSE"),
        ("FROM alpine\nENV \n", "DK1010", "ENV"),
        ("FROM alpine\nENV A\n", "DK1003", "A"),
        ("FROM alpine\nENV A=1 B\n", "DK1004", "B"),
        ("FROM alpine\nARG \n", "DK1010", "ARG"),
        ("FROM alpine\nWORKDIR \n", "DK1010", "WORKDIR"),
        ("FROM alpine\nONBUILD \n", "DK1010", "ONBUILD"),
        ("FROM alpine\nSHELL \n", "DK1010", "SHELL"),
        (
            "FROM alpine\nSHELL [\"/bin/sh\"\n",
            "DK1016",
            "[\"/bin/sh\"",
        ),
        ("FROM alpine\nCMD [\"a\", \n", "", ""),
        ("FROM alpine\nRUN <<EOF\n", "DK1006", "<<EOF"),
        ("FROM alpine\nWORKDIR /app/${\n", "DK1032", "${"),
        // An empty directive is a comment; the first character makes it one.
        (
            "# syntax=docker/dockerfile:1\n# syntax=\nFROM alpine\n",
            "",
            "",
        ),
        (
            "# syntax=docker/dockerfile:1\n# syntax=d\nFROM alpine\n",
            "DK1008",
            "# syntax=d",
        ),
    ];
    for (text, code, at) in cases {
        if code.is_empty() {
            none(text);
            continue;
        }
        let it = only(text, code);
        assert_eq!(it.range.slice(text), at, "{text}");
    }
}

// ---- seeds and corpora ----

#[test]
fn seed_book_reports_the_missing_copy_destination() {
    let text =
        read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed/book.Dockerfile"));
    let all = lint(&text);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0].code, "DK1011");
    assert_eq!(all[0].range.slice(&text), "index.html");
    let line = text[..all[0].range.start()].matches('\n').count() + 1;
    assert_eq!(line, 14);
}

#[test]
fn other_seeds_build() {
    for name in ["t1", "t2", "t3", "t4"] {
        none(&read(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("tests/fixtures/seed/{name}.Dockerfile")),
        ));
    }
}

/// What each file of BuildKit's parser corpus gets. The corpus tests the
/// parser only, so many files are odd as builds; each finding below was
/// checked against what BuildKit's instructions and dispatch layers do:
/// - `testfiles/env`: `ENV name='a\'b'`: a backslash does not escape in single
///   quotes, so the next `'` opens a quote that never closes; BuildKit fails
///   expanding the value.
/// - `testfiles/escapes`: `ADD \conf\\" /.znc` ends in an open double quote.
/// - `testfiles/flags`: `--user`, `--doit` are not COPY or CMD flags.
/// - `testfiles/health`: bare `HEALTHCHECK`, `HEALTHCHECK CMD` without a
///   command and `HEALTHCHECK CONNECT` are all rejected.
/// - `testfiles/json`, `jeztah-*`: `CMD` with no `FROM` at all.
/// - `testfiles-negative/*`: the four parser errors.
#[test]
fn buildkit_parser_corpus() {
    let root = shared("corpus/buildkit-parser");
    let mut files = Vec::new();
    for dir in ["testfiles", "testfiles-negative"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            panic!("BuildKit parser corpus not found at {}", root.display());
        };
        for entry in entries.flatten() {
            files.push(entry.path().join("Dockerfile"));
        }
    }
    files.push(root.join("testfile-line/Dockerfile"));
    files.sort();
    let mut report = String::new();
    for path in &files {
        let text = read(path);
        let all = lint(&text);
        let name = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .parent()
            .map_or_else(String::new, |it| it.display().to_string());
        if all.is_empty() {
            continue;
        }
        report.push_str(&format!("{name}\n"));
        for it in &all {
            let line = text[..it.range.start()].matches('\n').count() + 1;
            report.push_str(&format!(
                "  {} {line}: {:?} {}\n",
                it.code,
                it.range.slice(&text),
                it.message
            ));
        }
    }
    insta::assert_snapshot!(report);
}

/// Valid BuildKit files give no finding. The exceptions are files that the
/// builder genuinely rejects (they are parser tests, not builds):
/// - `flags.Dockerfile`: stage `build` copies `--from=build` and mounts
///   `from=build` inside itself, a circular dependency (DL3023, DK1029).
/// - `healthcheck.Dockerfile`: bare `HEALTHCHECK` (DK1010) and
///   `HEALTHCHECK CMD` without a command (DK1017).
/// - `misc.Dockerfile`: `FOO bar baz` is an unknown instruction (DK1001).
/// - `onbuild.Dockerfile`: bare `ONBUILD` (DK1010).
#[test]
fn valid_files_give_no_syntax_errors() {
    let exceptions: &[(&str, &[&str])] = &[
        ("flags.Dockerfile", &["DL3023", "DK1029"]),
        ("healthcheck.Dockerfile", &["DK1010", "DK1017"]),
        ("misc.Dockerfile", &["DK1001"]),
        ("onbuild.Dockerfile", &["DK1010"]),
    ];
    let mut paths: Vec<PathBuf> = ["gen-50", "gen-1000", "gen-10000"]
        .iter()
        .map(|it| shared(&format!("bench/data/{it}.Dockerfile")))
        .collect();
    let ok = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/syntax/ok");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&ok)
        .map(|it| it.flatten().map(|it| it.path()).collect())
        .unwrap_or_default();
    entries.sort();
    assert!(!entries.is_empty());
    paths.extend(entries);
    for path in paths {
        let text = read(&path);
        let name = path
            .file_name()
            .map_or_else(String::new, |it| it.to_string_lossy().into_owned());
        let expected: &[&str] = exceptions
            .iter()
            .find(|(file, _)| *file == name)
            .map_or(&[], |(_, codes)| codes);
        let got: Vec<&str> = lint(&text).iter().map(|it| it.code).collect();
        assert_eq!(
            got,
            expected,
            "{}: {:#?}",
            path.display(),
            lint(&text)
                .iter()
                .map(|it| format!("{} {:?} {}", it.code, it.range.slice(&text), it.message))
                .collect::<Vec<_>>()
        );
    }
}

/// The BuildKit features a modern Dockerfile uses, all valid.
#[test]
fn a_modern_valid_build_gives_nothing() {
    none(
        r#"# syntax=docker/dockerfile:1.7
# check=error=true
ARG GO_VERSION=1.23
ARG ALPINE_VERSION=3.22
ARG DEBUG
FROM alpine:${ALPINE_VERSION} AS base-amd64
FROM alpine:${ALPINE_VERSION} AS base-arm64
FROM base-$TARGETARCH AS base
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
ENV CGO_ENABLED=0 GOFLAGS=-mod=vendor
RUN --mount=target=. \
    --mount=type=cache,target=/root/.cache/go-build,id=go-$TARGETARCH,sharing=locked \
    --mount=type=secret,id=netrc,env=NETRC \
    --mount=type=ssh,required \
    --mount=type=tmpfs,target=/tmp,size=64m <<EOT
  set -ex
  GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app ./cmd/app
EOT
FROM build AS version
RUN --mount=from=build,src=/out,target=/in,rw ls /in
FROM scratch AS export
COPY --link --from=build /out/app /app
FROM base AS release
WORKDIR /work
RUN --mount=from=export apk add --no-cache ca-certificates
COPY --from=build --chown=10001:10001 --chmod=0755 /out/app /usr/local/bin/app
COPY --from=tonistiigi/xx:1.6.1 / /
COPY --link --chmod=755 <<EOF /docker-entrypoint.sh
#!/bin/sh
exec app "\$@" --home "${HOME:-/}" '${quoted}'
EOF
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tar.gz /a/
ENV PORT=8080
EXPOSE ${PORT}/tcp 9090/udp
USER 10001:10001
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD ["/usr/local/bin/app", "health"]
STOPSIGNAL SIGINT
ENTRYPOINT ["/docker-entrypoint.sh"]
FROM release${DEBUG:+-debug} AS final
"#,
    );
}

/// Typing a file character by character never panics, every finding's
/// range lies inside the text on character boundaries, and every fix
/// applies.
#[test]
fn every_prefix_of_a_file_lints_cleanly() {
    let text = "# syntax=docker/dockerfile:1\nARG BASE=alpine:3.22\nFROM --platform=$BUILDPLATFORM ${BASE} AS build\nRUN --mount=type=cache,target=/root/.cache,sharing=locked --network=none <<EOF\nécho ${X:-ü}\nEOF\nCOPY --from=build --chmod=0755 --link=true <<'EOT' /usr/local/bin/é\n#!/bin/sh\nEOT\nHEALTHCHECK --interval=1m30s --retries=3 CMD [\"true\"]\nEXPOSE 8080/tcp 53/udp\nSTOPSIGNAL SIGTERM\nENV A=\"x y\" B=${A:?}\nONBUILD COPY . /app\nSHELL [\"/bin/sh\", \"-c\"]\nFROM build AS final\nCOPY --from=0 /a /b\n";
    let mut prefixes: Vec<&str> = text.char_indices().map(|(at, _)| &text[..at]).collect();
    prefixes.push(text);
    for prefix in prefixes {
        for it in lint(prefix) {
            assert!(
                prefix.get(it.range.start()..it.range.end()).is_some(),
                "{} range {:?} outside {prefix:?}",
                it.code,
                it.range
            );
            if let Some(fix) = &it.fix {
                assert!(
                    apply_edits(prefix, &fix.edits).is_some(),
                    "{}: fix does not apply to {prefix:?}",
                    it.code
                );
            }
        }
    }
}

/// CRLF files and continuations keep exact ranges.
#[test]
fn ranges_survive_crlf_and_continuations() {
    let text = "FROM alpine\r\nCOPY --chown=a \\\r\n  --chown=a x y\r\nEXPOSE 80 \\\r\n  99999\r\n";
    assert_eq!(
        found(text),
        [("DK1022", "--chown".into()), ("DL3011", "99999".into())]
    );
}

#[test]
fn dk1001_suggests_only_a_keyword_the_arguments_fit() {
    let text = "FROM alpine:3.22\nFRM alpine:3.22\nRU echo hi\nFOO bar baz\nEOF\n";
    let frm = at(text, "DK1001", "FRM");
    assert_eq!(
        fixed(text, &frm),
        "FROM alpine:3.22\nFROM alpine:3.22\nRU echo hi\nFOO bar baz\nEOF\n"
    );
    assert!(at(text, "DK1001", "RU").fix.is_some());
    // `FROM bar baz` and a bare `ENV` would only be other errors.
    assert!(at(text, "DK1001", "FOO").fix.is_none());
    let eof = at(text, "DK1001", "EOF");
    assert!(eof.fix.is_none());
    assert!(!eof.message.contains("did you mean"), "{}", eof.message);
}
