//! BuildKit's build checks (and the hadolint rules that are the same check):
//! edge cases per rule, suppression and promotion through `# check=` and
//! hadolint pragmas, and a sweep over valid files where every finding must
//! be one `docker build --check` would also report.

use std::collections::BTreeMap;

use docklens::{
    model::{self, KnowledgeBaseFacts, ModelOptions},
    rules::{self, Applicability, Config, Diagnostic, Environment, RuleSetting, Severity},
    syntax::{self, apply_edits},
};

/// The rules this suite covers, by code.
const BUILDKIT_RULES: &[&str] = &[
    "ConsistentInstructionCasing",
    "CopyIgnoredFile",
    "DL3024",
    "DL3025",
    "DL3063",
    "DL3064",
    "DL3065",
    "DL4000",
    "ExposeInvalidFormat",
    "ExposeProtoCasing",
    "FromAsCasing",
    "FromPlatformFlagConstDisallowed",
    "InvalidDefaultArgInFrom",
    "InvalidDefinitionDescription",
    "LegacyKeyValueFormat",
    "MultipleInstructionsDisallowed",
    "NoEmptyContinuation",
    "StageNameCasing",
    "UndefinedArgInFrom",
    "UndefinedVar",
];

fn lint_full(text: &str, dockerignore: Option<&str>, config: &Config) -> Vec<Diagnostic> {
    let parse = syntax::parse(text);
    let model = model::analyze(text, &parse, &ModelOptions::default(), &KnowledgeBaseFacts);
    let environment = Environment {
        dockerignore: dockerignore.map(str::to_owned),
    };
    rules::check(text, &parse, &model, config, &environment)
}

fn lint(text: &str) -> Vec<Diagnostic> {
    lint_full(text, None, &Config::default())
}

/// `(code, text under the range)` of every finding of `code`.
fn found(text: &str, code: &str) -> Vec<String> {
    found_in(&lint(text), text, code)
}

fn found_in(diagnostics: &[Diagnostic], text: &str, code: &str) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|it| it.code == code)
        .map(|it| it.range.slice(text).to_owned())
        .collect()
}

fn only<'a>(diagnostics: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    let all: Vec<&Diagnostic> = diagnostics.iter().filter(|it| it.code == code).collect();
    assert_eq!(all.len(), 1, "expected one {code}, got {all:#?}");
    all[0]
}

/// The text after applying the fix of the only finding of `code`.
fn fixed(text: &str, code: &str) -> String {
    fixed_with(text, code, None)
}

fn fixed_with(text: &str, code: &str, dockerignore: Option<&str>) -> String {
    let diagnostics = lint_full(text, dockerignore, &Config::default());
    let diagnostic = only(&diagnostics, code);
    let fix = diagnostic.fix.as_ref().expect("a fix");
    apply_edits(text, &fix.edits).expect("edits apply")
}

fn enable(code: &str) -> Config {
    Config {
        overrides: vec![(code.to_owned(), RuleSetting::Severity(Severity::Warning))],
        ..Config::default()
    }
}

/// The value a stage's ENV or LABEL ends up with, as the model expands it.
fn env_value(text: &str, name: &str) -> Option<String> {
    let parse = syntax::parse(text);
    let model = model::analyze(text, &parse, &ModelOptions::default(), &KnowledgeBaseFacts);
    let scope = model.stage_end_scope(model.stages.len().checked_sub(1)?);
    let id = scope.lookup(name)?;
    model.defs.get(id)?.value.clone()
}

// ---- FromAsCasing -------------------------------------------------------

#[test]
fn from_as_casing_follows_the_from_keyword() {
    assert_eq!(found("FROM alpine as build\n", "FromAsCasing"), ["as"]);
    assert_eq!(found("from alpine AS build\n", "FromAsCasing"), ["AS"]);
    assert!(found("from alpine as build\n", "FromAsCasing").is_empty());
    assert!(found("FROM alpine AS build\n", "FromAsCasing").is_empty());
    // A mixed-case FROM is only ConsistentInstructionCasing's business.
    assert!(found("From alpine as build\n", "FromAsCasing").is_empty());
    assert_eq!(
        fixed("from alpine As build\n", "FromAsCasing"),
        "from alpine as build\n"
    );
}

// ---- NoEmptyContinuation ------------------------------------------------

#[test]
fn empty_continuation_lines_are_reported_once_per_instruction_and_deleted() {
    let text = "FROM alpine\nRUN echo a \\\n\n  && echo b \\\n   \n  && echo c\nRUN echo d\n";
    let diagnostics = lint(text);
    let diagnostic = only(&diagnostics, "NoEmptyContinuation");
    assert_eq!(diagnostic.related.len(), 1);
    assert_eq!(
        fixed(text, "NoEmptyContinuation"),
        "FROM alpine\nRUN echo a \\\n  && echo b \\\n  && echo c\nRUN echo d\n"
    );
    assert!(found(
        "FROM alpine\nRUN echo a \\\n  && echo b\n",
        "NoEmptyContinuation"
    )
    .is_empty());
    // A comment line inside a continuation is not an empty line.
    assert!(found(
        "FROM alpine\nRUN echo a \\\n# note\n  && echo b\n",
        "NoEmptyContinuation"
    )
    .is_empty());
}

#[test]
fn check_skip_directive_silences_a_check() {
    let text = "# check=skip=NoEmptyContinuation\nFROM alpine\nRUN echo a \\\n\n  b\n";
    assert!(found(text, "NoEmptyContinuation").is_empty());
}

// ---- ConsistentInstructionCasing ---------------------------------------

#[test]
fn instruction_casing_follows_the_majority() {
    let text = "FROM alpine\nrun echo a\nCOPY a /a\n";
    assert_eq!(found(text, "ConsistentInstructionCasing"), ["run"]);
    let text = "from alpine\nrun echo a\nCOPY a /a\n";
    assert_eq!(found(text, "ConsistentInstructionCasing"), ["COPY"]);
    assert_eq!(
        fixed(text, "ConsistentInstructionCasing"),
        "from alpine\nrun echo a\ncopy a /a\n"
    );
    // A tie counts as uppercase; mixed case is always wrong.
    let text = "from alpine\nRUN echo a\nCopy a /a\n";
    assert_eq!(found(text, "ConsistentInstructionCasing"), ["from", "Copy"]);
}

#[test]
fn instruction_casing_ignores_global_args_and_onbuild_triggers() {
    let text = "arg BASE=alpine\narg TAG=3\nFROM ${BASE}:${TAG}\nONBUILD run echo hi\n";
    assert!(found(text, "ConsistentInstructionCasing").is_empty());
}

// ---- UndefinedArgInFrom / UndefinedVar ----------------------------------

#[test]
fn undefined_arg_in_from() {
    assert_eq!(found("FROM $IMG\n", "UndefinedArgInFrom"), ["$IMG"]);
    let text = "ARG NODE_VERSION=22\nFROM node:${NODE_VERSON}-alpine\n";
    let diagnostics = lint(text);
    let diagnostic = only(&diagnostics, "UndefinedArgInFrom");
    assert!(diagnostic.message.contains("did you mean `NODE_VERSION`"));
    assert_eq!(
        fixed(text, "UndefinedArgInFrom"),
        "ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-alpine\n"
    );
    // Declared without a default, builtins, and the platform flag.
    assert!(found("ARG TAG\nFROM alpine:${TAG:-3}\n", "UndefinedArgInFrom").is_empty());
    assert!(found(
        "FROM --platform=$BUILDPLATFORM alpine\n",
        "UndefinedArgInFrom"
    )
    .is_empty());
    assert_eq!(
        found(
            "FROM --platform=$BULIDPLATFORM alpine\n",
            "UndefinedArgInFrom"
        ),
        ["$BULIDPLATFORM"]
    );
    // A stage ARG does not count for FROM.
    let text = "FROM alpine AS a\nARG V=1\nFROM alpine:$V\n";
    assert_eq!(found(text, "UndefinedArgInFrom"), ["$V"]);
}

#[test]
fn undefined_var_in_expanded_instructions_only() {
    // A global ARG is not visible in a stage without `ARG NAME`.
    let text = "ARG VERSION=1\nFROM scratch\nLABEL version=$VERSION\n";
    assert_eq!(found(text, "UndefinedVar"), ["$VERSION"]);
    let text = "ARG VERSION=1\nFROM scratch\nARG VERSION\nLABEL version=$VERSION\n";
    assert!(found(text, "UndefinedVar").is_empty());
    // Shell-form RUN and CMD are expanded by the shell, not BuildKit.
    let text = "FROM scratch\nRUN echo $NOPE\nCMD echo $NOPE\n";
    assert!(found(text, "UndefinedVar").is_empty());
    // An ARG without a value still declares the name.
    let text = "FROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n";
    assert!(found(text, "UndefinedVar").is_empty());
    // Heredoc bodies of RUN are scripts.
    let text = "FROM scratch\nRUN <<EOF\necho $NOPE\nEOF\n";
    assert!(found(text, "UndefinedVar").is_empty());
    // Used before its ARG.
    let text = "FROM scratch\nCOPY $foo .\nARG foo=bar\n";
    assert_eq!(found(text, "UndefinedVar"), ["$foo"]);
}

#[test]
fn undefined_var_with_an_unknown_base_only_reports_near_misses() {
    // `alpine`'s full environment is not known: `$HOME` might come from it.
    let text = "FROM alpine:3.22\nWORKDIR $HOME/app\n";
    assert!(found(text, "UndefinedVar").is_empty());
    let text = "FROM alpine:3.22\nARG DIR_ASSETS=assets/\nCOPY $DIR_ASSET /a\n";
    let diagnostics = lint(text);
    let diagnostic = only(&diagnostics, "UndefinedVar");
    assert!(diagnostic.message.contains("did you mean `$DIR_ASSETS`"));
    assert_eq!(
        diagnostic.fix.as_ref().map(|it| it.applicability),
        Some(Applicability::Unsafe)
    );
    let text = "FROM alpine:3.22\nENV PATH=$PTH:/tmp/bin\n";
    assert_eq!(found(text, "UndefinedVar"), ["$PTH"]);
}

#[test]
fn undefined_var_follows_stages() {
    // ENV carries into a child stage, ARG does not.
    let text = "FROM scratch AS base\nENV A=1\nARG B=2\nFROM base\nLABEL a=$A b=$B\n";
    assert_eq!(found(text, "UndefinedVar"), ["$B"]);
}

// ---- LegacyKeyValueFormat ----------------------------------------------

#[test]
fn legacy_key_value_is_fixed_without_changing_the_value() {
    let cases = [
        ("ENV A b", "ENV A=b"),
        ("ENV A b c", "ENV A=\"b c\""),
        ("ENV A $HOME/x y", "ENV A=\"$HOME/x y\""),
        ("ENV A \"b c\"", "ENV A=\"b c\""),
        ("ENV A \"b c\" d", "ENV A=\"b c\"\\ d"),
        ("ENV A 'it''s' x\\y z", "ENV A='it''s'\\ x\\y\\ z"),
        ("ENV A b=c", "ENV A=b=c"),
        (
            "LABEL description \"API server\"",
            "LABEL description=\"API server\"",
        ),
        ("LABEL a b  c", "LABEL a=\"b  c\""),
    ];
    for (before, after) in cases {
        let text = format!("FROM scratch\nENV HOME=/root\n{before}\n");
        let got = fixed(&text, "LegacyKeyValueFormat");
        assert_eq!(
            got,
            format!("FROM scratch\nENV HOME=/root\n{after}\n"),
            "{before}"
        );
        assert!(found(&got, "LegacyKeyValueFormat").is_empty(), "{got}");
        if before.starts_with("ENV") {
            assert_eq!(env_value(&text, "A"), env_value(&got, "A"), "{before}");
        }
    }
}

#[test]
fn legacy_key_value_across_continuations_and_backtick_escape() {
    let text = "FROM scratch\nENV A one \\\n  two\n";
    let got = fixed(text, "LegacyKeyValueFormat");
    assert_eq!(env_value(text, "A"), env_value(&got, "A"));
    assert!(syntax::parse(&got).errors.is_empty());
    let text = "# escape=`\nFROM scratch\nENV A \"x\" C:\\dir y\n";
    let got = fixed(text, "LegacyKeyValueFormat");
    assert_eq!(got, "# escape=`\nFROM scratch\nENV A=\"x\"` C:\\dir` y\n");
    assert_eq!(env_value(text, "A"), env_value(&got, "A"));
}

#[test]
fn legacy_key_value_with_a_quoted_key_gets_no_fix() {
    let text = "FROM scratch\nLABEL \"my key\" value\n";
    let diagnostics = lint(text);
    assert!(only(&diagnostics, "LegacyKeyValueFormat").fix.is_none());
}

#[test]
fn legacy_key_value_per_instruction_check_comment() {
    let text = "FROM scratch\n# check=skip=LegacyKeyValueFormat\nENV A b\nENV C d\n";
    assert_eq!(found(text, "LegacyKeyValueFormat"), ["C d"]);
}

// ---- InvalidDefaultArgInFrom --------------------------------------------

#[test]
fn invalid_default_arg_in_from() {
    assert_eq!(
        found(
            "ARG VERSION\nFROM busybox:$VERSION\n",
            "InvalidDefaultArgInFrom"
        ),
        ["busybox:$VERSION"]
    );
    assert_eq!(
        found("ARG IMAGE\nFROM $IMAGE\n", "InvalidDefaultArgInFrom"),
        ["$IMAGE"]
    );
    assert_eq!(
        found(
            "ARG SFX=\"box:\"\nFROM busy${SFX}\n",
            "InvalidDefaultArgInFrom"
        ),
        ["busy${SFX}"]
    );
    for good in [
        "ARG VERSION=\"latest\"\nFROM busybox:${VERSION}\n",
        "ARG V=\"\"\nFROM busybox:stable${V}\n",
        "ARG V\nFROM busybox:stable${V}\n",
        "ARG BASE=build\nFROM alpine AS build\nFROM ${BASE}\n",
        // A literal bad reference is a syntax error, not this check.
        "FROM Alpine\n",
    ] {
        assert!(found(good, "InvalidDefaultArgInFrom").is_empty(), "{good}");
    }
    // A default that depends on an earlier one.
    let text = "ARG A=alpine\nARG B=${A}:\nFROM $B\n";
    let diagnostics = lint(text);
    let diagnostic = only(&diagnostics, "InvalidDefaultArgInFrom");
    assert_eq!(diagnostic.related.len(), 1);
}

// ---- FromPlatformFlagConstDisallowed ------------------------------------

#[test]
fn constant_platform_unless_the_stage_name_says_so() {
    let code = "FromPlatformFlagConstDisallowed";
    assert_eq!(
        found("FROM --platform=linux/amd64 scratch\n", code),
        ["linux/amd64"]
    );
    assert!(found(
        "FROM --platform=linux/amd64 scratch AS my_amd64_stage\n",
        code
    )
    .is_empty());
    assert!(found("FROM --platform=linux/amd64 scratch AS linux\n", code).is_empty());
    assert!(found("FROM --platform=linux/arm64 scratch AS build-AARCH\n", code).len() == 1);
    assert!(found(
        "FROM --platform=linux/x86_64 scratch AS build-amd64\n",
        code
    )
    .is_empty());
    assert!(found("FROM --platform=$BUILDPLATFORM scratch\n", code).is_empty());
    assert!(found("ARG P=linux/amd64\nFROM --platform=$P scratch\n", code).is_empty());
    // Not a platform containerd can parse: the build fails instead.
    assert!(found("FROM --platform=linux/ scratch\n", code).is_empty());
}

// ---- CopyIgnoredFile ----------------------------------------------------

#[test]
fn copy_ignored_file_matches_dockerignore_patterns() {
    let ignore = "# comment\n*/tmp/*\nnode_modules/\n/secret.txt\n**/*.log\n";
    let check = |text: &str| {
        let diagnostics = lint_full(text, Some(ignore), &Config::default());
        found_in(&diagnostics, text, "CopyIgnoredFile")
    };
    assert_eq!(
        check("FROM scratch\nCOPY ./src/tmp/a.txt node_modules/x secret.txt ok.txt /dst/\n"),
        ["./src/tmp/a.txt", "node_modules/x", "secret.txt"]
    );
    assert_eq!(
        check("FROM scratch\nADD logs/a/b.log /logs/\n"),
        ["logs/a/b.log"]
    );
    assert_eq!(
        check("FROM scratch\nCOPY [\"node_modules\", \"/app/\"]\n"),
        ["\"node_modules\""]
    );
    // Variables are expanded first.
    assert_eq!(
        check("FROM scratch\nARG SRC=secret.txt\nCOPY $SRC /s\n"),
        ["$SRC"]
    );
    for good in [
        // Not from the build context.
        "FROM scratch AS a\nFROM scratch\nCOPY --from=a secret.txt /s\n",
        "FROM scratch\nADD https://example.com/secret.txt /s\n",
        "FROM scratch\nCOPY <<secret.txt /secret.txt\nhello\nsecret.txt\n",
        // The destination is not a source.
        "FROM scratch\nCOPY ok.txt secret.txt\n",
        // The context root is only flagged when everything is ignored.
        "FROM scratch\nCOPY . /src\n",
    ] {
        assert!(check(good).is_empty(), "{good}");
    }
    let everything = lint_full(
        "FROM scratch\nCOPY . /src\n",
        Some("*\n"),
        &Config::default(),
    );
    assert_eq!(
        everything
            .iter()
            .filter(|it| it.code == "CopyIgnoredFile")
            .count(),
        1
    );
}

#[test]
fn copy_ignored_file_respects_exceptions() {
    let ignore = "docs\n!docs/README.md\n*.md\n!CHANGELOG.md\n";
    let check = |text: &str| {
        let diagnostics = lint_full(text, Some(ignore), &Config::default());
        found_in(&diagnostics, text, "CopyIgnoredFile")
    };
    // `docs` might be partly re-included: BuildKit does not decide.
    assert!(check("FROM scratch\nCOPY docs /docs\n").is_empty());
    assert!(check("FROM scratch\nCOPY CHANGELOG.md /\n").is_empty());
    assert_eq!(check("FROM scratch\nCOPY NOTES.md /\n"), ["NOTES.md"]);
    // No .dockerignore, or an unreadable one: nothing to check.
    assert!(found("FROM scratch\nCOPY secret.txt /\n", "CopyIgnoredFile").is_empty());
    let bad = lint_full(
        "FROM scratch\nCOPY a[ /\n",
        Some("a[\n"),
        &Config::default(),
    );
    assert!(bad.iter().all(|it| it.code != "CopyIgnoredFile"));
}

// ---- InvalidDefinitionDescription ---------------------------------------

#[test]
fn definition_descriptions_are_opt_in_and_follow_buildkit_comments() {
    let code = "InvalidDefinitionDescription";
    let text =
        "# bar this is the bar\nARG foo=bar\n# BasE this is the base\nFROM scratch AS base\n";
    assert!(found(text, code).is_empty(), "experimental: off by default");
    let check = |text: &str| found_in(&lint_full(text, None, &enable(code)), text, code);
    assert_eq!(check(text), ["foo", "base"]);
    for good in [
        "# foo this is the foo\nARG foo=bar\n# base is the base\nFROM scratch AS base\n",
        "# baz is one of them\nARG foo=baz bar=qux baz=quux\nFROM scratch\n",
        // An empty `#` line ends the run of comments.
        "# a note\n#\nARG foo=bar\nFROM scratch\n",
        // Unnamed stages and other instructions have no description.
        "# a note\nFROM scratch\n# a note\nCOPY a /a\n",
        // Parser directives are not comments.
        "# syntax=docker/dockerfile:1\nARG foo=1\nFROM scratch\n",
    ] {
        assert!(check(good).is_empty(), "{good}");
    }
    // A blank line does not end the run: BuildKit's parser keeps the comment.
    assert_eq!(check("# a note\n\nARG foo=bar\nFROM scratch\n"), ["foo"]);
}

// ---- ExposeProtoCasing / ExposeInvalidFormat ----------------------------

#[test]
fn expose_protocols_and_mappings() {
    let text = "FROM scratch\nEXPOSE 80/TCP 53/Udp 443 8080/tcp\n";
    assert_eq!(found(text, "ExposeProtoCasing"), ["TCP", "Udp"]);
    let text = "FROM scratch\nEXPOSE 80/TCP\n";
    assert_eq!(
        fixed(text, "ExposeProtoCasing"),
        "FROM scratch\nEXPOSE 80/tcp\n"
    );
    // From a variable: the word is reported, with no fix.
    let text = "FROM scratch\nENV PORT=80/TCP\nEXPOSE $PORT\n";
    let diagnostics = lint(text);
    let diagnostic = only(&diagnostics, "ExposeProtoCasing");
    assert_eq!(diagnostic.range.slice(text), "$PORT");
    assert!(diagnostic.fix.is_none());
    // An unknown protocol fails the build; not this check.
    assert!(found("FROM scratch\nEXPOSE 80/FOO\n", "ExposeProtoCasing").is_empty());

    let text = "FROM scratch\nEXPOSE 127.0.0.1:8080:80/TCP 8000:80 80\n";
    assert_eq!(
        found(text, "ExposeInvalidFormat"),
        ["127.0.0.1:8080:80/TCP", "8000:80"]
    );
    let text = "FROM scratch\nEXPOSE 127.0.0.1:8080:80/udp\n";
    assert_eq!(
        fixed(text, "ExposeInvalidFormat"),
        "FROM scratch\nEXPOSE 80/udp\n"
    );
    let text = "FROM scratch\nEXPOSE [::1]:9000-9001:8000-8001\n";
    assert_eq!(
        fixed(text, "ExposeInvalidFormat"),
        "FROM scratch\nEXPOSE 8000-8001\n"
    );
    // BuildKit would reject the address: reported, not rewritten.
    let text = "FROM scratch\nEXPOSE bogus:80:80\n";
    let diagnostics = lint(text);
    assert!(only(&diagnostics, "ExposeInvalidFormat").fix.is_none());
}

// ---- MultipleInstructionsDisallowed -------------------------------------

#[test]
fn overridden_cmd_entrypoint_healthcheck() {
    let code = "MultipleInstructionsDisallowed";
    let text = "FROM scratch\nENTRYPOINT [\"/a\"]\nENTRYPOINT [\"/b\"]\nCMD [\"/a\"]\nCMD [\"/b\"]\nHEALTHCHECK CMD [\"/a\"]\nHEALTHCHECK NONE\n";
    let diagnostics = lint(text);
    assert_eq!(
        found_in(&diagnostics, text, code),
        [
            "ENTRYPOINT [\"/a\"]",
            "CMD [\"/a\"]",
            "HEALTHCHECK CMD [\"/a\"]"
        ]
    );
    for diagnostic in diagnostics.iter().filter(|it| it.code == code) {
        assert!(diagnostic.tags.unnecessary);
        assert_eq!(diagnostic.related.len(), 1);
    }
    // Still overridden with other instructions between.
    let text = "FROM scratch\nCMD [\"/a\"]\nCOPY <<EOF /a.txt\nhi\nEOF\nCMD [\"/b\"]\n";
    assert_eq!(found(text, code), ["CMD [\"/a\"]"]);
    assert_eq!(
        fixed(text, code),
        "FROM scratch\nCOPY <<EOF /a.txt\nhi\nEOF\nCMD [\"/b\"]\n"
    );
    // A child stage overriding its parent's CMD is normal.
    let text = "FROM scratch AS a\nCMD [\"/a\"]\nFROM a\nCMD [\"/b\"]\n";
    assert!(found(text, code).is_empty());
}

#[test]
fn hadolint_codes_of_multiple_instructions_suppress_it() {
    let text = "FROM scratch\n# hadolint ignore=DL4003\nCMD [\"/a\"]\nCMD [\"/b\"]\n";
    assert!(found(text, "MultipleInstructionsDisallowed").is_empty());
    let text =
        "# hadolint global ignore=DL3012\nFROM scratch\nHEALTHCHECK NONE\nHEALTHCHECK NONE\n";
    assert!(found(text, "MultipleInstructionsDisallowed").is_empty());
}

// ---- DL3024 DuplicateStageName / DL3063 ReservedStageName ---------------

#[test]
fn duplicate_and_reserved_stage_names() {
    let text = "FROM scratch AS b\nFROM scratch AS B\nFROM scratch AS c\n";
    let diagnostics = lint(text);
    let diagnostic = only(&diagnostics, "DL3024");
    assert_eq!(diagnostic.range.slice(text), "B");
    assert_eq!(diagnostic.related[0].range.slice(text), "b");
    assert_eq!(diagnostic.severity, Severity::Error);

    let text = "FROM scratch AS scratch\nFROM scratch AS Context\nFROM scratch\n";
    assert_eq!(found(text, "DL3063"), ["scratch", "Context"]);
    assert!(found("FROM scratch\nFROM scratch AS a\n", "DL3063").is_empty());
    // The BuildKit names work in pragmas.
    let text = "# check=skip=DuplicateStageName,ReservedStageName\nFROM scratch AS scratch\nFROM scratch AS scratch\n";
    assert!(found(text, "DL3024").is_empty());
    assert!(found(text, "DL3063").is_empty());
}

// ---- DL3025 JSONArgsRecommended -----------------------------------------

#[test]
fn shell_form_cmd_and_entrypoint() {
    let text = "FROM scratch\nCMD mycommand\nENTRYPOINT mycommand --flag\n";
    assert_eq!(found(text, "DL3025"), ["mycommand", "mycommand --flag"]);
    // An explicit SHELL, in the stage or a parent, means the shell is wanted.
    for good in [
        "FROM scratch\nSHELL [\"/usr/bin/customshell\"]\nCMD mycommand\n",
        "FROM scratch AS base\nSHELL [\"/bin/bash\", \"-c\"]\nFROM base\nENTRYPOINT mycommand\n",
        "FROM scratch AS a\nSHELL [\"/bin/bash\", \"-c\"]\nFROM a AS b\nFROM b\nCMD mycommand\n",
        "FROM scratch\nCMD [\"mycommand\"]\n",
    ] {
        assert!(found(good, "DL3025").is_empty(), "{good}");
    }
    // SHELL after the CMD does not count; nor does a SHELL in an unrelated stage.
    let text = "FROM scratch AS a\nSHELL [\"/bin/bash\", \"-c\"]\nFROM scratch\nCMD x\nSHELL [\"/bin/sh\"]\n";
    assert_eq!(found(text, "DL3025"), ["x"]);
}

#[test]
fn shell_form_fix_only_for_plain_commands_and_unsafe() {
    let text = "FROM node:22\nCMD node server.js --port 8080\n";
    assert_eq!(
        fixed(text, "DL3025"),
        "FROM node:22\nCMD [\"node\", \"server.js\", \"--port\", \"8080\"]\n"
    );
    let diagnostics = lint(text);
    assert_eq!(
        only(&diagnostics, "DL3025")
            .fix
            .as_ref()
            .map(|it| it.applicability),
        Some(Applicability::Unsafe)
    );
    let text = "FROM nginx\nCMD nginx -g 'daemon off;'\n";
    assert_eq!(
        fixed(text, "DL3025"),
        "FROM nginx\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n"
    );
    for complex in [
        "FROM alpine\nCMD node server.js && echo done\n",
        "FROM alpine\nCMD echo $HOME\n",
        "FROM alpine\nCMD exec node server.js\n",
        "FROM alpine\nCMD cat *.txt\n",
        "FROM alpine\nENTRYPOINT app > /log 2>&1\n",
    ] {
        let diagnostics = lint(complex);
        assert!(only(&diagnostics, "DL3025").fix.is_none(), "{complex}");
    }
}

#[test]
fn json_args_suppression_and_promotion() {
    let text = "FROM scratch\n# hadolint ignore=DL3025\nCMD mycommand\n";
    assert!(found(text, "DL3025").is_empty());
    let text = "FROM scratch\n# hadolint ignore=JSONArgsRecommended\nCMD mycommand\n";
    assert!(found(text, "DL3025").is_empty());
    let text = "# check=skip=JSONArgsRecommended\nFROM scratch\nCMD mycommand\n";
    assert!(found(text, "DL3025").is_empty());
    let text = "FROM scratch\n# check=skip=JSONArgsRecommended\nCMD mycommand\nENTRYPOINT other\n";
    assert_eq!(found(text, "DL3025"), ["other"]);
    let text = "# check=error=true\nFROM scratch\nCMD mycommand\n";
    let diagnostics = lint(text);
    assert_eq!(only(&diagnostics, "DL3025").severity, Severity::Error);
}

// ---- DL4000 MaintainerDeprecated ----------------------------------------

#[test]
fn maintainer_becomes_an_authors_label() {
    let text = "FROM scratch\nMAINTAINER Jane \"JD\" Doe <$jane@example.com>\n";
    let diagnostics = lint(text);
    let diagnostic = only(&diagnostics, "DL4000");
    assert!(diagnostic.tags.deprecated);
    assert_eq!(diagnostic.severity, Severity::Error);
    let got = fixed(text, "DL4000");
    assert_eq!(
        got,
        "FROM scratch\nLABEL org.opencontainers.image.authors=\"Jane \\\"JD\\\" Doe <\\$jane@example.com>\"\n"
    );
    assert!(lint(&got).is_empty(), "{:?}", lint(&got));
    // Lowercase files get a lowercase label.
    let text = "from scratch\nmaintainer me\nrun true\n";
    assert_eq!(
        fixed(text, "DL4000"),
        "from scratch\nlabel org.opencontainers.image.authors=\"me\"\nrun true\n"
    );
}

// ---- DL3065 RedundantTargetPlatform -------------------------------------

#[test]
fn redundant_target_platform() {
    assert_eq!(
        found("FROM --platform=$TARGETPLATFORM scratch\n", "DL3065"),
        ["--platform=$TARGETPLATFORM"]
    );
    assert_eq!(
        found("FROM --platform=${TARGETPLATFORM} scratch AS a\n", "DL3065").len(),
        1
    );
    for good in [
        "FROM --platform=$BUILDPLATFORM scratch\n",
        "FROM --platform=${TARGETOS}/${TARGETARCH} scratch\n",
        "FROM --platform=linux/amd64 scratch\n",
        "FROM scratch\n",
    ] {
        assert!(found(good, "DL3065").is_empty(), "{good}");
    }
    assert_eq!(
        fixed("FROM --platform=$TARGETPLATFORM scratch AS a\n", "DL3065"),
        "FROM scratch AS a\n"
    );
    assert_eq!(
        fixed("FROM --platform=$TARGETPLATFORM \\\n  scratch\n", "DL3065"),
        "FROM scratch\n"
    );
}

// ---- DL3064 SecretsUsedInArgOrEnv ---------------------------------------

#[test]
fn secrets_in_arg_and_env() {
    let text = "ARG GLOBAL_TOKEN\nFROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\nARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\nENV git_key=\nENV PUBLIC_KEY=\nARG public_token\n";
    assert_eq!(
        found(text, "DL3064"),
        [
            "SECRET_PASSPHRASE",
            "SUPER_Secret",
            "password",
            "secret",
            "super_duper_secret_token",
            "auth",
            "apikey",
            "git_key"
        ]
    );
}

// ---- check=skip=all and check=error=true --------------------------------

#[test]
fn check_skip_all_silences_every_build_check() {
    let text = "# check=skip=all\nFROM alpine as Base\nMAINTAINER me\ncmd run\nENV A b\nFROM base\nCMD x\n";
    let diagnostics = lint(text);
    for code in BUILDKIT_RULES {
        assert!(
            diagnostics.iter().all(|it| it.code != *code),
            "{code} survives check=skip=all: {diagnostics:#?}"
        );
    }
}

#[test]
fn check_error_true_promotes_build_checks_only() {
    let text = "# check=error=true\nFROM alpine as base\nENV A b\n";
    let diagnostics = lint(text);
    assert_eq!(only(&diagnostics, "FromAsCasing").severity, Severity::Error);
    assert_eq!(
        only(&diagnostics, "LegacyKeyValueFormat").severity,
        Severity::Error
    );
}

// ---- Negative sweep -----------------------------------------------------

/// Every finding of these rules on `text`, counted by code.
fn tally(text: &str) -> BTreeMap<&'static str, usize> {
    let mut res = BTreeMap::new();
    for diagnostic in lint(text) {
        if BUILDKIT_RULES.contains(&diagnostic.code) {
            *res.entry(diagnostic.code).or_insert(0) += 1;
        }
    }
    res
}

#[test]
fn valid_syntax_files_report_only_what_buildkit_reports() {
    let dir = format!("{}/tests/syntax/ok", env!("CARGO_MANIFEST_DIR"));
    // Each of these is a real BuildKit warning on that file.
    let expected: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::from([
        ("bom.Dockerfile", vec![]),
        // An empty line inside the `RUN apk add` continuation.
        ("continuations.Dockerfile", vec![("NoEmptyContinuation", 1)]),
        ("crlf.Dockerfile", vec![]),
        ("directives.Dockerfile", vec![]),
        ("escape_backtick.Dockerfile", vec![]),
        // Four CMDs in one stage: the first three are overridden.
        (
            "exec_forms.Dockerfile",
            vec![("MultipleInstructionsDisallowed", 3)],
        ),
        ("flags.Dockerfile", vec![]),
        // Four HEALTHCHECKs in one stage.
        (
            "healthcheck.Dockerfile",
            vec![("MultipleInstructionsDisallowed", 3)],
        ),
        ("heredocs.Dockerfile", vec![]),
        // `ENV LEGACY value with spaces`, `LABEL legacy label value`.
        ("key_values.Dockerfile", vec![("LegacyKeyValueFormat", 2)]),
        // `as` under `FROM`, stage `Base`, `maintainer`, `from base`.
        (
            "misc.Dockerfile",
            vec![
                ("ConsistentInstructionCasing", 2),
                ("DL4000", 1),
                ("FromAsCasing", 1),
                ("StageNameCasing", 1),
            ],
        ),
        // `onbuild add` among uppercase keywords.
        (
            "onbuild.Dockerfile",
            vec![("ConsistentInstructionCasing", 1)],
        ),
    ]);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/syntax/ok")
        .filter_map(|it| it.ok())
        .map(|it| it.file_name().to_string_lossy().into_owned())
        .filter(|it| it.ends_with(".Dockerfile"))
        .collect();
    names.sort();
    for name in names {
        let text = std::fs::read_to_string(format!("{dir}/{name}")).expect("readable");
        let want: BTreeMap<&str, usize> = expected
            .get(name.as_str())
            .unwrap_or_else(|| panic!("{name}: add its expected findings"))
            .iter()
            .copied()
            .collect();
        assert_eq!(tally(&text), want, "{name}");
    }
}

#[test]
fn generated_benchmark_files_report_only_what_buildkit_reports() {
    let dir = format!("{}/../shared/bench/data", env!("CARGO_MANIFEST_DIR"));
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("{dir} missing: skipped");
        return;
    };
    let mut paths: Vec<_> = entries
        .filter_map(|it| it.ok())
        .map(|it| it.path())
        .filter(|it| {
            it.file_name()
                .and_then(|it| it.to_str())
                .is_some_and(|it| it.starts_with("gen-") && it.ends_with(".Dockerfile"))
        })
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable");
        let diagnostics = lint(&text);
        for diagnostic in diagnostics
            .iter()
            .filter(|it| BUILDKIT_RULES.contains(&it.code))
        {
            let at = diagnostic.range.slice(&text);
            let ok = match diagnostic.code {
                // The generator's deliberate MAINTAINER.
                "DL4000" => at == "MAINTAINER",
                // `ARG EXPORT_TOKEN`, and `ENV AUTH_HOME` too: BuildKit's name test.
                "DL3064" => at.split('_').any(|part| {
                    ["TOKEN", "SECRET", "KEY", "AUTH", "PASSWORD", "APIKEY"].contains(&part)
                }),
                // `ENV X_HOME /opt/x`, `LABEL com.example.x "..."`.
                "LegacyKeyValueFormat" => {
                    at.starts_with(char::is_uppercase) || at.starts_with("com.example.")
                }
                // A global ARG used in a stage without `ARG APP_VERSION`.
                "UndefinedVar" => at == "${APP_VERSION}",
                // Two HEALTHCHECKs in one stage.
                "MultipleInstructionsDisallowed" => at.starts_with("HEALTHCHECK"),
                _ => false,
            };
            assert!(
                ok,
                "{}: unexpected {} at `{at}`: {}",
                path.display(),
                diagnostic.code,
                diagnostic.message
            );
        }
        // The shell-form CMD is there, and `# check=skip=JSONArgsRecommended` silences it.
        assert!(text.contains("# check=skip=JSONArgsRecommended"));
        assert!(diagnostics.iter().all(|it| it.code != "DL3025"));
    }
}

#[test]
fn check_experimental_turns_on_opt_in_checks() {
    let text = "# check=experimental=InvalidDefinitionDescription\nFROM alpine:3.22\n# the version to install\nARG VERSION=1\n";
    let parse = docklens::syntax::parse(text);
    let model = docklens::model::analyze(
        text,
        &parse,
        &Default::default(),
        &docklens::model::KnowledgeBaseFacts,
    );
    let found = docklens::rules::check(
        text,
        &parse,
        &model,
        &Default::default(),
        &Default::default(),
    );
    assert!(
        found
            .iter()
            .any(|it| it.code == "InvalidDefinitionDescription"),
        "{found:?}"
    );
}
