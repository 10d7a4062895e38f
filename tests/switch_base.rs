//! "Switch runtime base to X": golden tests of every offered assist (title,
//! notes, rewritten file) and properties every offer must have: the result
//! parses, the shipped stage is on the new base, every relative path
//! resolves where it did, and applying the top choice leaves nothing unsafe
//! to offer.

use docklens::{
    actions::{switch_runtime_base, Assist, Input},
    images,
    model::{self, KnowledgeBaseFacts, Model, ModelOptions},
    rules::Applicability,
    syntax::{self, apply_edits, Args, InstructionKind, Parse},
};

fn analyze(text: &str) -> (Parse, Model) {
    let parse = syntax::parse(text);
    let model = model::analyze(text, &parse, &ModelOptions::default(), &KnowledgeBaseFacts);
    (parse, model)
}

fn assists(text: &str) -> Vec<Assist> {
    let (parse, model) = analyze(text);
    let Some(target) = model.target else {
        return Vec::new();
    };
    let input = Input {
        text,
        parse: &parse,
        model: &model,
    };
    switch_runtime_base(input, target)
}

fn fixture(path: &str) -> String {
    let path = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

fn apply(text: &str, assist: &Assist) -> String {
    apply_edits(text, &assist.edits).expect("edits do not overlap")
}

/// Everything a reviewer sees of the offers, for the snapshot.
fn render(text: &str) -> String {
    let offers = assists(text);
    if offers.is_empty() {
        return "(nothing offered)\n".into();
    }
    let mut out = String::new();
    for assist in &offers {
        out.push_str(&format!("== {}\n", assist.title));
        out.push_str(&format!("resolves: {}\n", assist.resolves.join(", ")));
        for note in &assist.notes {
            out.push_str(&format!("- {note}\n"));
        }
        out.push_str("--- rewritten\n");
        out.push_str(&apply(text, assist));
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// The shipped stage's relative paths as absolute ones: COPY/ADD
/// destinations, relative paths in CMD/ENTRYPOINT, and the process's
/// working directory.
fn resolved_paths(text: &str) -> Vec<String> {
    let (parse, model) = analyze(text);
    let stage = model.target_stage().expect("a stage ships");
    let mut paths = Vec::new();
    for idx in stage.instructions.clone() {
        let instruction = &parse.instructions[idx];
        match instruction.kind {
            InstructionKind::Copy | InstructionKind::Add => {
                let values = instruction.args.values();
                let (dest, _) = values.last().expect("a destination");
                let workdir = model.workdir_at(idx).expect("a workdir");
                paths.push(format!("copy {}", join(workdir, dest)));
            }
            InstructionKind::Cmd | InstructionKind::Entrypoint => {
                let words: Vec<String> = match &instruction.args {
                    Args::Exec(exec) => exec
                        .elements
                        .iter()
                        .map(|it| it.value.to_string())
                        .collect(),
                    Args::Shell(word) => word.text.split_whitespace().map(str::to_owned).collect(),
                    _ => Vec::new(),
                };
                for word in words {
                    let pathlike = (word.contains('/') || word.contains('.'))
                        && !word.starts_with('/')
                        && !word.starts_with('-')
                        && !word.starts_with('$');
                    if pathlike {
                        paths.push(format!("run {}", join(stage.final_workdir(), &word)));
                    }
                }
            }
            _ => {}
        }
    }
    paths.push(format!("cwd {}", stage.final_workdir()));
    paths.sort();
    paths
}

fn join(workdir: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("{}/{path}", workdir.trim_end_matches('/'))
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The properties every offer must have.
fn check_offer(before: &str, assist: &Assist) -> String {
    let after = apply(before, assist);
    let (parse, model) = analyze(&after);
    assert!(
        parse.errors.is_empty(),
        "{}: the result does not parse: {:?}\n{after}",
        assist.title,
        parse.errors
    );
    let shipped = model.target_stage().expect("a stage ships");
    let new_ref = assist
        .title
        .strip_prefix("Switch runtime base to ")
        .and_then(|it| it.split(" (").next())
        .expect("the title names the base");
    let expected = images::lookup_str(new_ref)
        .ok()
        .and_then(|it| it.entry())
        .map(|it| it.id.clone());
    let actual = match shipped.base_image() {
        Some(image) => images::lookup(image).entry().map(|it| it.id.clone()),
        None if matches!(shipped.base, model::Base::Scratch) => Some("scratch".into()),
        None => None,
    };
    assert_eq!(actual, expected, "{}: the shipped base", assist.title);
    assert_eq!(
        resolved_paths(before),
        resolved_paths(&after),
        "{}: relative paths moved\n{after}",
        assist.title
    );
    assert_eq!(assist.applicability, Applicability::Unsafe);
    assert_eq!(assist.id, "switch-runtime-base");
    assert!(assist.saving_mb.is_some_and(|it| it > 0.0));
    assert!(assist.resolves.contains(&"DK2002"));
    // Everything outside the edits is byte-identical: the edits only touch
    // the FROM line, lines added after it, and the instructions they name.
    after
}

/// Checks every offer, ranking, and applying the top one again.
fn check_all(text: &str) -> Vec<Assist> {
    let offers = assists(text);
    for pair in offers.windows(2) {
        assert!(
            pair[0].saving_mb >= pair[1].saving_mb,
            "ranked smallest first: {} before {}",
            pair[0].title,
            pair[1].title
        );
    }
    for assist in &offers {
        check_offer(text, assist);
    }
    if let Some(top) = offers.first() {
        let once = apply(text, top);
        let again = assists(&once);
        for assist in &again {
            check_offer(&once, assist);
        }
        // Nothing in the second round beats the first round's choice.
        assert!(
            again.is_empty(),
            "after {}, offered again: {:?}",
            top.title,
            again.iter().map(|it| &it.title).collect::<Vec<_>>()
        );
    }
    offers
}

fn titles(offers: &[Assist]) -> Vec<String> {
    offers
        .iter()
        .map(|it| {
            let title = it
                .title
                .strip_prefix("Switch runtime base to ")
                .unwrap_or(&it.title);
            title.split(" (").next().unwrap_or(title).to_owned()
        })
        .collect()
}

macro_rules! golden {
    ($name:ident, $path:expr) => {
        #[test]
        fn $name() {
            let text = fixture($path);
            check_all(&text);
            insta::assert_snapshot!(stringify!($name), render(&text));
        }
    };
}

golden!(seed_t2, "seed/t2.Dockerfile");
golden!(seed_t3, "seed/t3.Dockerfile");
golden!(seed_t4, "seed/t4.Dockerfile");
golden!(python_script, "switch/python_script.Dockerfile");
golden!(python_venv, "switch/python_venv.Dockerfile");
golden!(node_script, "switch/node_script.Dockerfile");
golden!(node_modules, "switch/node_modules.Dockerfile");
golden!(apt_curl, "switch/apt_curl.Dockerfile");
golden!(apt_untranslatable, "switch/apt_untranslatable.Dockerfile");
golden!(shell_cmd_expansion, "switch/shell_cmd_expansion.Dockerfile");
golden!(shell_cmd_plain, "switch/shell_cmd_plain.Dockerfile");
golden!(go_cgo, "switch/go_cgo.Dockerfile");
golden!(go_named_user, "switch/go_named_user.Dockerfile");
golden!(rust_glibc, "switch/rust_glibc.Dockerfile");
golden!(rust_musl, "switch/rust_musl.Dockerfile");
golden!(temurin_jar, "switch/temurin_jar.Dockerfile");

// ---------------------------------------------------------------------------
// What is offered, and what is not, case by case.
// ---------------------------------------------------------------------------

#[test]
fn t1_builds_in_the_stage_so_no_runtime_base_fits() {
    // `go build` runs in the shipped stage: only a split can help.
    assert!(check_all(&fixture("seed/t1.Dockerfile")).is_empty());
}

#[test]
fn t2_binary_of_unknown_libc_gets_alpine_with_the_workdir_kept() {
    let text = fixture("seed/t2.Dockerfile");
    let offers = check_all(&text);
    assert_eq!(titles(&offers), ["alpine:3.22"]);
    assert_eq!(
        offers[0].title,
        "Switch runtime base to alpine:3.22 (≈ 233 MB smaller on disk, ≈ 71 MB smaller download)"
    );
    assert_eq!(offers[0].resolves, ["DK2001", "DK2002"]);
    let after = apply(&text, &offers[0]);
    assert!(
        after.starts_with("FROM alpine:3.22\nWORKDIR /go\n"),
        "{after}"
    );
    let (_, model) = analyze(&after);
    let stage = model.target_stage().expect("ships");
    assert_eq!(stage.final_workdir(), "/go");
    assert!(offers[0]
        .notes
        .iter()
        .any(|it| it.starts_with("Not offered: scratch") && it.contains("build context")));
}

#[test]
fn t3_static_go_binary_runs_anywhere_and_main_still_resolves() {
    let text = fixture("seed/t3.Dockerfile");
    let offers = check_all(&text);
    assert_eq!(
        titles(&offers),
        [
            "scratch",
            "gcr.io/distroless/static-debian13:nonroot",
            "cgr.dev/chainguard/static:latest",
            "alpine:3.22"
        ]
    );
    // The article's t4, done right: alpine with WORKDIR /go, so ./main is /go/main.
    let alpine = &offers[3];
    let after = apply(&text, alpine);
    assert!(after.contains("FROM alpine:3.22\nWORKDIR /go\n"), "{after}");
    let (parse, model) = analyze(&after);
    let cmd = model.target_stage().and_then(|it| it.cmd).expect("a CMD");
    assert_eq!(model.workdir_at(cmd), Some("/go"));
    assert!(parse.errors.is_empty());
}

#[test]
fn python_script_gets_slim_and_alpine_but_a_glibc_venv_only_slim() {
    let script = check_all(&fixture("switch/python_script.Dockerfile"));
    assert_eq!(titles(&script), ["python:3.13-alpine", "python:3.13-slim"]);
    let venv = check_all(&fixture("switch/python_venv.Dockerfile"));
    assert_eq!(titles(&venv), ["python:3.13-slim"]);
    assert!(venv[0]
        .notes
        .iter()
        .any(|it| it.starts_with("Not offered: python:3.13-alpine") && it.contains("glibc")));
}

#[test]
fn python_version_is_kept() {
    let text = "FROM python:3.12-bookworm\nCOPY app.py /app.py\nCMD [\"python\", \"/app.py\"]\n";
    let offers = check_all(text);
    assert_eq!(
        titles(&offers),
        ["python:3.12-alpine", "python:3.12-slim-bookworm"]
    );
}

#[test]
fn pip_install_in_the_stage_rules_out_alpine() {
    let text = "FROM python:3.13\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"gunicorn\", \"app:app\"]\n";
    let offers = check_all(text);
    assert_eq!(titles(&offers), ["python:3.13-slim"]);
    let notes = offers[0].notes.join("\n");
    assert!(notes.contains("no C compiler"), "{notes}");
    assert!(notes.contains("manylinux"), "{notes}");
}

#[test]
fn node_gets_alpine_distroless_and_slim_of_the_same_major() {
    let offers = check_all(&fixture("switch/node_script.Dockerfile"));
    assert_eq!(
        titles(&offers),
        [
            "node:24-alpine",
            "gcr.io/distroless/nodejs24-debian13:nonroot",
            "node:24-slim"
        ]
    );
    let text = "FROM node:22\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"index.js\"]\n";
    assert_eq!(
        titles(&check_all(text)),
        [
            "node:22-alpine",
            "gcr.io/distroless/nodejs22-debian13:nonroot",
            "node:22-slim"
        ]
    );
    // No version in the tag: floating variants, and no distroless (its major is unknown).
    let text = "FROM node\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"index.js\"]\n";
    assert_eq!(titles(&check_all(text)), ["node:alpine", "node:slim"]);
}

#[test]
fn npm_start_cannot_run_on_distroless_node() {
    let text = "FROM node:24\nWORKDIR /app\nCOPY . .\nCMD [\"npm\", \"start\"]\n";
    let offers = check_all(text);
    assert_eq!(titles(&offers), ["node:24-alpine", "node:24-slim"]);
}

#[test]
fn node_modules_from_a_glibc_builder_keep_glibc() {
    let offers = check_all(&fixture("switch/node_modules.Dockerfile"));
    assert_eq!(titles(&offers), ["node:24-slim"]);
}

#[test]
fn apt_install_is_translated_to_apk() {
    let text = fixture("switch/apt_curl.Dockerfile");
    let offers = check_all(&text);
    assert_eq!(titles(&offers), ["alpine:3.22", "debian:bookworm-slim"]);
    let after = apply(&text, &offers[0]);
    assert!(
        after.contains("FROM alpine:3.22\nRUN apk add --no-cache curl ca-certificates\nCOPY"),
        "{after}"
    );
    // The Debian base keeps the Debian release of the current one.
    assert!(apply(&text, &offers[1]).contains("FROM debian:bookworm-slim\nRUN apt-get update \\\n"));
}

#[test]
fn apt_translation_keeps_other_commands_and_connectors() {
    let text = "FROM golang:1.26 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM debian:bookworm\nRUN apt-get update; apt-get install -y tzdata xz-utils; rm -rf /var/lib/apt/lists/*; echo done > /done\nCOPY --from=build /app /app\nCMD [\"/app\"]\n";
    let offers = check_all(text);
    let alpine = offers
        .iter()
        .find(|it| it.title.contains("alpine:3.22"))
        .expect("alpine offered");
    let after = apply(text, alpine);
    assert!(
        after.contains("RUN apk add --no-cache tzdata xz; echo done > /done\n"),
        "{after}"
    );
}

#[test]
fn an_untranslatable_package_rules_out_alpine() {
    let offers = check_all(&fixture("switch/apt_untranslatable.Dockerfile"));
    assert_eq!(titles(&offers), ["debian:bookworm-slim"]);
    assert!(offers[0]
        .notes
        .iter()
        .any(|it| it.starts_with("Not offered: alpine:3.22") && it.contains("`locales`")));
}

#[test]
fn shell_syntax_in_cmd_rules_out_shell_less_bases() {
    let offers = check_all(&fixture("switch/shell_cmd_expansion.Dockerfile"));
    assert_eq!(titles(&offers), ["alpine:3.22"]);
    let text = "FROM golang:1.26\nCOPY --from=golang:1.26 /usr/local/go/bin/gofmt /gofmt\nCMD [\"sh\", \"-c\", \"/gofmt -l .\"]\n";
    for offer in check_all(text) {
        assert!(!offer.title.contains("scratch") && !offer.title.contains("distroless"));
    }
}

#[test]
fn a_plain_shell_form_cmd_becomes_exec_form_on_shell_less_bases() {
    let text = fixture("switch/shell_cmd_plain.Dockerfile");
    let offers = check_all(&text);
    assert_eq!(titles(&offers)[0], "scratch");
    assert!(apply(&text, &offers[0]).contains("CMD [\"/server\", \"--port\", \"8080\"]"));
    let alpine = offers
        .iter()
        .find(|it| it.title.contains("alpine"))
        .expect("alpine");
    // Bases with a shell keep the instruction byte for byte.
    assert!(apply(&text, alpine).contains("CMD /server --port 8080"));
}

#[test]
fn healthcheck_shell_form_needs_a_shell() {
    let text = "FROM golang:1.26-alpine AS build\nRUN go build -o /app .\nFROM golang:1.26-alpine\nCOPY --from=build /app /app\nHEALTHCHECK CMD wget -q -O- http://localhost/ || exit 1\nCMD [\"/app\"]\n";
    assert_eq!(titles(&check_all(text)), ["alpine:3.22"]);
}

#[test]
fn cgo_binary_needs_glibc() {
    let offers = check_all(&fixture("switch/go_cgo.Dockerfile"));
    assert_eq!(
        titles(&offers),
        [
            "gcr.io/distroless/base-debian13:nonroot",
            "gcr.io/distroless/cc-debian13:nonroot",
            "debian:trixie-slim"
        ]
    );
}

#[test]
fn named_user_needs_a_passwd_entry() {
    let offers = check_all(&fixture("switch/go_named_user.Dockerfile"));
    assert_eq!(
        titles(&offers),
        [
            "gcr.io/distroless/static-debian13:nonroot",
            "cgr.dev/chainguard/static:latest",
            "alpine:3.22"
        ]
    );
    // A numeric uid needs no /etc/passwd.
    let text = fixture("switch/go_named_user.Dockerfile").replace("USER nobody", "USER 65534");
    assert_eq!(titles(&check_all(&text))[0], "scratch");
}

#[test]
fn rust_gnu_binary_needs_libgcc() {
    let offers = check_all(&fixture("switch/rust_glibc.Dockerfile"));
    assert_eq!(
        titles(&offers),
        [
            "gcr.io/distroless/cc-debian13:nonroot",
            "debian:bookworm-slim"
        ]
    );
    let notes = offers[0].notes.join("\n");
    assert!(notes.contains("Not offered: alpine:3.22"), "{notes}");
    assert!(
        notes.contains(
            "Not offered: gcr.io/distroless/base-debian13:nonroot: it has glibc but no libgcc_s"
        ),
        "{notes}"
    );
    let musl = check_all(&fixture("switch/rust_musl.Dockerfile"));
    assert_eq!(titles(&musl)[0], "scratch");
}

#[test]
fn temurin_jdk_running_a_jar_gets_a_jre() {
    let text = fixture("switch/temurin_jar.Dockerfile");
    let offers = check_all(&text);
    assert_eq!(
        titles(&offers),
        [
            "gcr.io/distroless/java21-debian13:nonroot",
            "eclipse-temurin:21-jre-alpine",
            "eclipse-temurin:21-jre"
        ]
    );
    assert!(apply(&text, &offers[0]).contains("CMD [\"app.jar\"]"));
    // Options before -jar do not fit distroless java's ENTRYPOINT.
    let text = text.replace("[\"java\", \"-jar\"", "[\"java\", \"-Xmx512m\", \"-jar\"");
    assert_eq!(
        titles(&check_all(&text)),
        ["eclipse-temurin:21-jre-alpine", "eclipse-temurin:21-jre"]
    );
}

#[test]
fn bash_is_not_on_alpine() {
    let text = "FROM golang:1.26 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM debian:bookworm\nCOPY --from=build /app /app\nRUN bash -c 'echo hi > /hi'\nCMD [\"/app\"]\n";
    let offers = check_all(text);
    assert_eq!(titles(&offers), ["debian:bookworm-slim"]);
    assert!(offers[0].notes.iter().any(|it| it.contains("runs `bash`")));
}

#[test]
fn only_the_shipped_stage_on_an_image_gets_offers() {
    let text = fixture("seed/t3.Dockerfile");
    let (parse, model) = analyze(&text);
    let input = Input {
        text: &text,
        parse: &parse,
        model: &model,
    };
    assert!(
        switch_runtime_base(input, 0).is_empty(),
        "the builder does not ship"
    );
    assert!(switch_runtime_base(input, 7).is_empty());
    let text = "FROM golang:1.26 AS base\nFROM base\nCOPY app /app\nCMD [\"/app\"]\n";
    assert!(assists(text).is_empty(), "a stage built FROM a stage");
    assert!(assists("FROM scratch\nCOPY app /app\nCMD [\"/app\"]\n").is_empty());
    assert!(assists("FROM myorg/custom:1\nCOPY app /app\n").is_empty());
}

#[test]
fn from_flags_stage_name_and_line_endings_are_kept() {
    let text = "FROM --platform=$BUILDPLATFORM golang:1.26-alpine3.24 AS build\r\nRUN CGO_ENABLED=0 go build -o /out/app .\r\n\r\nFROM --platform=linux/amd64 golang:1.26-alpine3.24 AS run\r\nCOPY --from=build /out/app app\r\nCMD [\"./app\"]\r\n";
    let offers = check_all(text);
    let alpine = offers
        .iter()
        .find(|it| it.title.contains("alpine"))
        .expect("alpine");
    // The Alpine release of the old tag is kept.
    assert!(alpine.title.contains("alpine:3.24"), "{}", alpine.title);
    let after = apply(text, alpine);
    assert!(
        after.contains("FROM --platform=linux/amd64 alpine:3.24 AS run\r\nWORKDIR /go\r\nCOPY"),
        "{after:?}"
    );
}

#[test]
fn a_digest_pin_is_called_out() {
    let text = "FROM golang:1.26-alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build\nRUN go build -o /app .\nFROM golang:1.26-alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000\nCOPY --from=build /app /app\nCMD [\"/app\"]\n";
    let offers = check_all(text);
    assert!(!offers.is_empty());
    assert!(offers[0].notes.iter().any(|it| it.contains("digest pin")));
}

#[test]
fn a_stage_without_cmd_keeps_the_default_process() {
    // golang's default CMD is bash; the new base must run it the same way.
    let text = "FROM golang:1.26 AS build\nRUN CGO_ENABLED=0 go build -o /usr/local/bin/app .\nFROM golang:1.26\nCOPY --from=build /usr/local/bin/app /usr/local/bin/app\n";
    let offers = check_all(text);
    assert_eq!(titles(&offers), ["debian:trixie-slim"]);
    let text = "FROM golang:1.26-alpine AS build\nRUN go build -o /usr/local/bin/app .\nFROM golang:1.26-alpine\nCOPY --from=build /usr/local/bin/app /usr/local/bin/app\n";
    let offers = check_all(text);
    assert_eq!(titles(&offers), ["alpine:3.22", "debian:trixie-slim"]);
    // debian's default CMD is bash: the old /bin/sh is written out.
    assert!(apply(text, &offers[1]).contains("FROM debian:trixie-slim\nCMD [\"/bin/sh\"]\n"));
}

/// Registry-exact facts for the golang images (their real PATH), the
/// knowledge base for everything else.
struct GolangPath;

impl model::BaseFacts for GolangPath {
    fn config(&self, image: &images::ImageRef) -> Option<model::BaseConfig> {
        let mut config = KnowledgeBaseFacts.config(image)?;
        if image.familiar_name() == "golang" {
            config.env.retain(|(key, _)| key != "PATH");
            config.env.push((
                "PATH".into(),
                "/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into(),
            ));
            config.source = model::FactSource::Registry;
        }
        Some(config)
    }
}

#[test]
fn a_program_found_through_a_lost_path_directory_is_called_by_path() {
    let text = "FROM golang:1.26-alpine AS build\nRUN go build -o /go/bin/app .\nFROM golang:1.26-alpine\nCOPY --from=build /go/bin/app /go/bin/app\nENTRYPOINT [\"app\"]\n";
    let parse = syntax::parse(text);
    let model = model::analyze(text, &parse, &ModelOptions::default(), &GolangPath);
    let input = Input {
        text,
        parse: &parse,
        model: &model,
    };
    let offers = switch_runtime_base(input, 1);
    assert_eq!(titles(&offers)[0], "scratch");
    let after = apply(text, &offers[0]);
    assert!(after.contains("ENTRYPOINT [\"/go/bin/app\"]"), "{after}");
    assert!(offers[0]
        .notes
        .iter()
        .any(|it| it.contains("/go/bin is on golang:1.26-alpine's PATH")));
    // With the knowledge base alone the PATH is not known to hold /go/bin:
    // `app` cannot be traced to the copy, so nothing is offered.
    assert!(assists(text).is_empty());
}

#[test]
fn dotnet_framework_dependent_gets_aspnet_and_self_contained_gets_runtime_deps() {
    let build = "FROM mcr.microsoft.com/dotnet/sdk:9.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release PUBLISH -o /app\n";
    let run = "FROM mcr.microsoft.com/dotnet/sdk:9.0\nWORKDIR /app\nCOPY --from=build /app .\n";
    let text = format!(
        "{}{run}ENTRYPOINT [\"dotnet\", \"web.dll\"]\n",
        build.replace("PUBLISH ", "")
    );
    let offers = check_all(&text);
    assert_eq!(
        titles(&offers),
        [
            "mcr.microsoft.com/dotnet/aspnet:9.0-noble-chiseled",
            "mcr.microsoft.com/dotnet/aspnet:9.0"
        ]
    );
    assert!(offers[0].notes.iter().any(|it| it.contains("no ICU")));
    let text = format!(
        "{}{run}ENTRYPOINT [\"./web\"]\n",
        build.replace("PUBLISH", "-r linux-x64 --self-contained")
    );
    let offers = check_all(&text);
    assert_eq!(
        titles(&offers)[0],
        "mcr.microsoft.com/dotnet/runtime-deps:9.0-noble-chiseled"
    );
    // Not distroless or debian: a .NET app needs ICU or invariant mode.
    assert!(titles(&offers)
        .iter()
        .all(|it| it.starts_with("mcr.microsoft.com/dotnet/")));
}

#[test]
fn node_entrypoint_on_distroless_calls_node_by_path() {
    let text = "FROM node:24\nWORKDIR /app\nCOPY . .\nENTRYPOINT [\"node\", \"server.js\"]\n";
    let offers = check_all(text);
    let distroless = offers
        .iter()
        .find(|it| it.title.contains("distroless"))
        .expect("distroless offered");
    assert!(apply(text, distroless).contains("ENTRYPOINT [\"/nodejs/bin/node\", \"server.js\"]"));
}

#[test]
fn a_glibc_binary_of_unknown_make_needs_libgcc_too() {
    let text = "FROM golang:1.26\nCOPY main /main\nUSER 1000\nCMD [\"/main\"]\n";
    let offers = check_all(text);
    assert_eq!(
        titles(&offers),
        [
            "gcr.io/distroless/cc-debian13:nonroot",
            "debian:trixie-slim"
        ]
    );
    assert!(offers[0].notes.iter().any(|it| it.contains("ldd")));
    // USER 1000 comes after nothing that runs: no USER root is added.
    assert!(!apply(text, &offers[0]).contains("USER root"));
}

#[test]
fn service_images_keep_their_version() {
    let text = "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n";
    assert_eq!(titles(&check_all(text)), ["nginx:1.27-alpine"]);
}
