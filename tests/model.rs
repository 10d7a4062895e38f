//! The semantic model: stages, the stage graph, which stage ships, ARG/ENV
//! scopes and expansion as BuildKit does them, and per-stage state.

use docklens::{
    model::{self, Base, EdgeKind, EdgeTarget, KnowledgeBaseFacts, Model, ModelOptions, VarKind},
    syntax,
};

fn analyze_with(text: &str, options: &ModelOptions) -> (syntax::Parse, Model) {
    let parse = syntax::parse(text);
    let model = model::analyze(text, &parse, options, &KnowledgeBaseFacts);
    (parse, model)
}

fn analyze(text: &str) -> (syntax::Parse, Model) {
    analyze_with(text, &ModelOptions::default())
}

fn seed(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/seed/{name}.Dockerfile",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

#[test]
fn seed_t4_has_a_builder_and_a_shipped_alpine_stage() {
    let (parse, model) = analyze(&seed("t4"));
    assert_eq!(model.stages.len(), 2);
    let builder = &model.stages[0];
    assert_eq!(builder.name.as_deref(), Some("builder"));
    assert_eq!(builder.final_workdir(), "/go", "golang images work in /go");
    let runtime = &model.stages[1];
    assert_eq!(
        runtime.base_image().map(|it| it.familiar_name()).as_deref(),
        Some("alpine")
    );
    assert_eq!(runtime.final_workdir(), "/");
    assert_eq!(model.target, Some(1));
    assert!(model.ships(1) && !model.ships(0));
    assert_eq!(model.reachable(), vec![true, true]);
    let edge = &model.edges[0];
    assert_eq!(
        (edge.stage, &edge.target, edge.kind),
        (1, &EdgeTarget::Stage(0), EdgeKind::CopyFrom)
    );
    assert_eq!(edge.range.slice(&seed("t4")), "builder");
    assert_eq!(
        runtime
            .cmd
            .map(|it| parse.instructions[it].keyword.text.to_string())
            .as_deref(),
        Some("CMD")
    );
}

#[test]
fn from_resolves_global_args_and_earlier_stages() {
    let text = "ARG BASE=golang:1.22\nARG TAG\nFROM ${BASE} AS build\nFROM build AS test\nFROM alpine:${TAG:-3.22}\nFROM scratch\n";
    let (_, model) = analyze(text);
    let reference = |idx: usize| model.stages[idx].base_image().map(|it| it.to_string());
    assert_eq!(
        reference(0).as_deref(),
        Some("docker.io/library/golang:1.22")
    );
    assert_eq!(model.stages[1].base, Base::Stage(0));
    assert_eq!(
        reference(2).as_deref(),
        Some("docker.io/library/alpine:3.22")
    );
    assert_eq!(model.stages[3].base, Base::Scratch);
    assert!(model.undefined.is_empty(), "{:?}", model.undefined);
}

#[test]
fn global_platform_arg_without_default_keeps_the_automatic_value() {
    let text = "ARG BUILDPLATFORM\nFROM --platform=$BUILDPLATFORM golang:1.22 AS build\n";
    let (_, model) = analyze(text);
    let global = model
        .global_args
        .iter()
        .filter_map(|&id| model.defs.get(id))
        .find(|it| it.name == "BUILDPLATFORM")
        .expect("the global ARG is recorded");
    assert_eq!(global.value.as_deref(), Some("linux/amd64"));
    assert!(model.undefined.is_empty(), "{:?}", model.undefined);
}

#[test]
fn undefined_arg_in_from_is_reported_with_a_suggestion() {
    let (_, model) = analyze("ARG VERSION=1\nFROM alpine:${VERSON}\n");
    let undefined = &model.undefined[0];
    assert_eq!(undefined.name, "VERSON");
    assert_eq!(undefined.suggestion.as_deref(), Some("VERSION"));
    assert!(undefined.in_from && undefined.certain);
}

#[test]
fn global_args_must_be_redeclared_in_a_stage() {
    let text = "ARG V=1\nFROM alpine\nENV X=$V\nARG V\nENV Y=$V\n";
    let (parse, model) = analyze(text);
    let names: Vec<&str> = model.undefined.iter().map(|it| it.name.as_str()).collect();
    assert_eq!(names, vec!["V"], "only the use before `ARG V`");
    assert!(model.undefined[0].certain);
    let y = parse.instructions.len();
    let scope = model.scope_at(y);
    let value = |name: &str| {
        scope
            .lookup(name)
            .and_then(|id| model.defs[id].value.clone())
    };
    assert_eq!(
        value("Y").as_deref(),
        Some("1"),
        "a re-declared ARG takes the global default"
    );
    assert_eq!(value("X").as_deref(), Some(""));
}

#[test]
fn env_sees_only_what_was_set_before_the_instruction() {
    let (_, model) = analyze("FROM scratch\nENV A=1 B=$A\nENV C=${A}2\n");
    let undefined: Vec<&str> = model.undefined.iter().map(|it| it.name.as_str()).collect();
    assert_eq!(undefined, vec!["A"]);
    assert!(
        model.undefined[0].certain,
        "scratch has no environment at all"
    );
    let scope = model.scope_at(3);
    let value = |name: &str| {
        scope
            .lookup(name)
            .and_then(|id| model.defs[id].value.clone())
    };
    assert_eq!(value("B").as_deref(), Some(""));
    assert_eq!(value("C").as_deref(), Some("12"));
}

#[test]
fn env_is_inherited_from_a_parent_stage_but_args_are_not() {
    let text = "FROM alpine AS base\nENV APP=/srv\nARG LOCAL=x\nFROM base\nWORKDIR $APP/www\nLABEL l=$LOCAL\n";
    let (_, model) = analyze(text);
    assert_eq!(model.stages[1].final_workdir(), "/srv/www");
    let undefined: Vec<&str> = model.undefined.iter().map(|it| it.name.as_str()).collect();
    assert_eq!(undefined, vec!["LOCAL"]);
}

#[test]
fn base_image_env_and_builtins() {
    let text = "FROM golang:1.22-alpine AS build\nWORKDIR $GOPATH/src\nFROM --platform=$BUILDPLATFORM alpine\nARG TARGETARCH\nLABEL arch=$TARGETARCH\n";
    let (_, model) = analyze(text);
    assert!(model.undefined.is_empty(), "{:?}", model.undefined);
    let arch = model.scope_at(4);
    let id = arch.lookup("TARGETARCH").unwrap_or(usize::MAX);
    assert_eq!(
        model.defs.get(id).and_then(|it| it.value.as_deref()),
        Some("amd64")
    );
    assert_eq!(model.defs.get(id).map(|it| it.kind), Some(VarKind::Arg));
    let platform = model.stages[1]
        .platform
        .as_ref()
        .map(|it| it.value_or_raw().to_owned());
    assert_eq!(platform.as_deref(), Some("linux/amd64"));
}

#[test]
fn workdir_user_and_shell_are_tracked_per_instruction() {
    let text =
        "FROM golang:alpine\nWORKDIR web\nUSER app\nSHELL [\"/bin/bash\", \"-c\"]\nRUN pwd\n";
    let (_, model) = analyze(text);
    assert_eq!(model.workdir_at(1), Some("/go"), "before WORKDIR runs");
    assert_eq!(model.workdir_at(2), Some("/go/web"));
    assert_eq!(model.user_at(2), Some("root"));
    assert_eq!(model.user_at(4), Some("app"));
    assert_eq!(
        model.shell_at(4).map(|it| it.join(" ")).as_deref(),
        Some("/bin/bash -c")
    );
}

#[test]
fn target_option_picks_the_shipped_stage_and_reachability() {
    let text = "FROM alpine AS a\nFROM alpine AS b\nCOPY --from=a / /\nFROM alpine AS c\nRUN --mount=type=bind,from=b,target=/b true\n";
    let options = ModelOptions {
        target: Some("B".into()),
        ..ModelOptions::default()
    };
    let (_, model) = analyze_with(text, &options);
    assert_eq!(model.target, Some(1));
    assert_eq!(model.reachable(), vec![true, true, false]);
    let (_, model) = analyze(text);
    assert_eq!(model.target, Some(2));
    assert_eq!(model.reachable(), vec![true, true, true]);
    assert!(model
        .edges
        .iter()
        .any(|it| it.kind == EdgeKind::MountFrom && it.target == EdgeTarget::Stage(1)));

    let options = ModelOptions {
        target: Some("nope".into()),
        ..ModelOptions::default()
    };
    let (_, model) = analyze_with(text, &options);
    assert_eq!(model.unknown_target.as_deref(), Some("nope"));

    // `--target 0` names a stage called "0"; it is not an index.
    let options = ModelOptions {
        target: Some("0".into()),
        ..ModelOptions::default()
    };
    let (_, model) = analyze_with(text, &options);
    assert_eq!(model.unknown_target.as_deref(), Some("0"));
}

#[test]
fn build_args_override_defaults() {
    let text = "ARG BASE=alpine\nFROM ${BASE}\nARG V=1\nENV X=$V\n";
    let options = ModelOptions {
        build_args: vec![
            ("BASE".into(), "debian:bookworm-slim".into()),
            ("V".into(), "2".into()),
        ],
        ..ModelOptions::default()
    };
    let (_, model) = analyze_with(text, &options);
    assert_eq!(
        model.stages[0]
            .base_image()
            .map(|it| it.familiar())
            .as_deref(),
        Some("debian:bookworm-slim")
    );
    let scope = model.scope_at(4);
    let id = scope.lookup("X").unwrap_or(usize::MAX);
    assert_eq!(
        model.defs.get(id).and_then(|it| it.value.as_deref()),
        Some("2")
    );
}

#[test]
fn orphan_instructions_before_from() {
    let (_, model) = analyze("ARG A=1\nRUN echo\nFROM alpine\n");
    assert_eq!(model.orphans, vec![1]);
    assert_eq!(model.global_args.len(), 1);
}

#[test]
fn analysis_never_panics_on_broken_files() {
    for text in [
        "",
        "FROM",
        "FROM \nRUN x",
        "ARG\nFROM ${",
        "FROM a AS\nCOPY --from= x y",
        "FROM a\nCOPY --from=9 a b\nRUN --mount=from a",
        "FROM ${A:?err}\n",
    ] {
        let _ = analyze(text);
    }
}
