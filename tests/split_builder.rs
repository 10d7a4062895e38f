//! "Split into builder stage": one golden test per language (the rewritten
//! Dockerfile, title and notes as an insta snapshot), checks every golden
//! output must pass, and the builds that are not recognised.
//!
//! Every rewritten file must parse without errors, ship a stage that is no
//! longer on an SDK image, start a program that sits where the runtime
//! stage copies it (or that the runtime image provides), and offer nothing
//! more when split again.

use docklens::{
    actions::{split_into_builder_stage, Assist, AssistKind, Input},
    images::{self, Role},
    model::{self, KnowledgeBaseFacts, ModelOptions},
    rules::Applicability,
    syntax::{self, Args, InstructionKind},
};

fn analyze(text: &str) -> (syntax::Parse, model::Model) {
    let parse = syntax::parse(text);
    let model = model::analyze(text, &parse, &ModelOptions::default(), &KnowledgeBaseFacts);
    (parse, model)
}

/// The assist for `stage` (the shipped one when `None`).
fn assist_for(text: &str, stage: Option<usize>) -> Option<Assist> {
    let (parse, model) = analyze(text);
    let stage = stage.or(model.target)?;
    split_into_builder_stage(
        Input {
            text,
            parse: &parse,
            model: &model,
        },
        stage,
    )
}

/// Splits the shipped stage and returns the assist and the new file.
fn split(text: &str) -> Option<(Assist, String)> {
    let assist = assist_for(text, None)?;
    let out = syntax::apply_edits(text, &assist.edits)?;
    Some((assist, out))
}

fn fixture(path: &str) -> String {
    let path = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

/// Normalises `.` and `..` in an absolute path.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            it => parts.push(it),
        }
    }
    format!("/{}", parts.join("/"))
}

fn resolve(dir: &str, path: &str) -> String {
    match path.starts_with('/') {
        true => normalize(path),
        false => normalize(&format!("{dir}/{path}")),
    }
}

fn within(path: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    dir.is_empty() || path == dir || path.starts_with(&format!("{dir}/"))
}

/// Programs the runtime images of the goldens provide themselves.
const RUNTIME_PROGRAMS: &[&str] = &["node", "npm", "java", "dotnet", "python", "python3"];

/// The invariants every rewritten file must satisfy.
#[track_caller]
fn check_output(original: &str, assist: &Assist, out: &str) {
    assert_eq!(assist.id, "split-builder-stage");
    assert_eq!(assist.kind, AssistKind::RefactorRewrite);
    assert_eq!(assist.applicability, Applicability::Unsafe);
    assert_eq!(assist.resolves, vec!["DK2001"]);
    assert_eq!(assist.edits.len(), 1, "one edit replacing the stage");
    // Outside the stage, the file is byte-identical.
    let edit = &assist.edits[0];
    assert_eq!(&out[..edit.range.start()], &original[..edit.range.start()]);
    assert!(out.ends_with(&original[edit.range.end()..]));

    let (parse, model) = analyze(out);
    assert!(parse.errors.is_empty(), "{:?}\n{out}", parse.errors);
    let shipped = model.target_stage().expect("a stage ships");
    let entry = shipped
        .base_image()
        .and_then(|it| images::lookup(it).entry())
        .expect("the runtime base is in the knowledge base");
    assert_ne!(entry.role(), Role::Sdk, "{} is an SDK image", entry.id);
    assert!(
        model.stages.len() >= 2 && model.reachable()[shipped.index - 1],
        "the builder feeds the runtime"
    );

    // Where the runtime stage copies files from the builder.
    let mut copied: Vec<String> = Vec::new();
    for idx in shipped.instructions.clone() {
        let instruction = &parse.instructions[idx];
        if instruction.kind != InstructionKind::Copy || instruction.flag("from").is_none() {
            continue;
        }
        let values = instruction.args.values();
        let (dest, _) = values.last().expect("COPY has a destination");
        copied.push(resolve(model.workdir_at(idx).expect("a workdir"), dest));
    }
    assert!(!copied.is_empty(), "the runtime copies the artifact");

    // The program the container starts, and every path it is given.
    let start = shipped
        .entrypoint
        .or(shipped.cmd)
        .expect("the runtime starts something");
    let instruction = &parse.instructions[start];
    let Args::Exec(exec) = &instruction.args else {
        panic!(
            "CMD/ENTRYPOINT in exec form: {}",
            instruction.range.slice(out)
        );
    };
    let workdir = model.workdir_at(start).expect("a workdir");
    let scope = model.scope_at(start);
    let path_dirs: Vec<String> = scope
        .lookup("PATH")
        .and_then(|id| model.defs[id].value.clone())
        .unwrap_or_else(|| model::DEFAULT_PATH.into())
        .split(':')
        .map(str::to_owned)
        .collect();
    let covered = |path: &str| copied.iter().any(|dest| within(path, dest));
    for (i, element) in exec.elements.iter().enumerate() {
        let word = element.value.as_str();
        let is_path = word.contains('/')
            || [".jar", ".dll", ".js", ".py"]
                .iter()
                .any(|it| word.ends_with(it));
        if i == 0 && !word.contains('/') {
            let on_path = path_dirs.iter().any(|dir| covered(&resolve(dir, word)));
            assert!(
                RUNTIME_PROGRAMS.contains(&word) || on_path,
                "{word} is neither provided by the runtime nor copied onto PATH"
            );
        } else if is_path && !word.starts_with('-') {
            let path = resolve(workdir, word);
            assert!(covered(&path), "{path} is not copied: {copied:?}");
        }
    }

    // Applying the assist to its own output offers nothing more.
    for stage in 0..model.stages.len() {
        assert_eq!(
            assist_for(out, Some(stage)),
            None,
            "stage {stage} splits again"
        );
    }
}

/// The golden text: the new Dockerfile, then title and notes.
fn render(assist: &Assist, out: &str) -> String {
    let mut res = out.to_owned();
    res.push_str("\n--- title\n");
    res.push_str(&assist.title);
    res.push_str("\n--- notes\n");
    for note in &assist.notes {
        res.push_str("- ");
        res.push_str(note);
        res.push('\n');
    }
    res
}

#[track_caller]
fn golden(name: &str, text: &str) -> (Assist, String) {
    let (assist, out) = split(text).unwrap_or_else(|| panic!("{name}: no split offered"));
    check_output(text, &assist, &out);
    insta::assert_snapshot!(name, render(&assist, &out));
    (assist, out)
}

#[test]
fn go_seed_t1() {
    let (assist, out) = golden("go_seed_t1", &fixture("seed/t1.Dockerfile"));
    // `./main` keeps resolving: the runtime keeps golang:alpine's /go.
    assert!(out.contains("WORKDIR /go\nCOPY --from=build /go/main /go/main\nCMD [\"./main\"]"));
    assert!(out.contains("ENV CGO_ENABLED=0"));
    assert!(assist.title.starts_with(
        "Split into builder stage: runtime on gcr.io/distroless/static-debian13:nonroot, ≈ "
    ));
    assert!(assist.saving_mb.is_some_and(|it| it > 200.0));
}

#[test]
fn go_modules() {
    let (_, out) = golden("go_modules", &fixture("split/go_modules.Dockerfile"));
    // Debian builder, static binary: the bookworm builder does not matter.
    assert!(out.contains("FROM gcr.io/distroless/static-debian13:nonroot"));
    // The ARG the moved ENV uses comes along.
    assert!(out.contains("FROM gcr.io/distroless/static-debian13:nonroot\nARG VERSION=dev"));
}

#[test]
fn go_cgo_on_alpine() {
    let (_, out) = golden("go_cgo_alpine", &fixture("split/go_cgo_alpine.Dockerfile"));
    assert!(out.contains("FROM alpine:3.22"));
    assert!(!out.contains("CGO_ENABLED=0"));
}

#[test]
fn rust_glibc() {
    let (_, out) = golden("rust_glibc", &fixture("split/rust_glibc.Dockerfile"));
    assert!(out.contains("FROM gcr.io/distroless/cc-debian12:nonroot"));
}

#[test]
fn rust_musl() {
    let (_, out) = golden("rust_musl", &fixture("split/rust_musl.Dockerfile"));
    // The stage's name stays with the stage that ships.
    assert!(out.contains("FROM rust:1-alpine AS build"));
    assert!(out.contains(" AS app\n"));
}

#[test]
fn node() {
    let (_, out) = golden("node", &fixture("split/node.Dockerfile"));
    assert!(out.contains("FROM node:20-slim"));
    assert!(out.contains("RUN npm prune --omit=dev"));
}

#[test]
fn python() {
    let (_, out) = golden("python", &fixture("split/python.Dockerfile"));
    assert!(out.contains("FROM python:3.12-slim"));
}

#[test]
fn java_maven() {
    let (_, out) = golden("java_maven", &fixture("split/java_maven.Dockerfile"));
    assert!(out.contains("FROM eclipse-temurin:21-jre"));
}

#[test]
fn java_gradle() {
    let (_, out) = golden("java_gradle", &fixture("split/java_gradle.Dockerfile"));
    assert!(out.contains("FROM eclipse-temurin:17-jre"));
}

#[test]
fn dotnet() {
    let (_, out) = golden("dotnet", &fixture("split/dotnet.Dockerfile"));
    assert!(out.contains("FROM mcr.microsoft.com/dotnet/aspnet:8.0"));
}

#[test]
fn builds_that_are_not_recognised() {
    let cases: &[(&str, &str)] = &[
        (
            "go run is not a build",
            "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nCMD [\"go\", \"run\", \"main.go\"]\n",
        ),
        (
            "go build of several packages keeps no binary",
            "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build ./...\nCMD [\"./app\"]\n",
        ),
        (
            "the binary name is the module path's and nothing runs it",
            "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build\n",
        ),
        (
            "CMD runs a script from the sources",
            "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD [\"./start.sh\"]\n",
        ),
        (
            "a package the program may need at run time",
            "FROM golang:1.22-alpine\nRUN apk add --no-cache ffmpeg\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD [\"./server\"]\n",
        ),
        (
            "the binary is written into a cache mount",
            "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/app/bin go build -o bin/server .\nCMD [\"./bin/server\"]\n",
        ),
        (
            "an unknown go flag",
            "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -frobnicate -o server .\nCMD [\"./server\"]\n",
        ),
        (
            "cgo with a native library",
            "FROM golang:1.22-alpine\nRUN apk add --no-cache gcc musl-dev sqlite-dev\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD [\"./server\"]\n",
        ),
        (
            "cargo build whose binary name only Cargo.toml knows",
            "FROM rust:1\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\n",
        ),
        (
            "a crate linking OpenSSL",
            "FROM rust:1\nRUN apt-get update && apt-get install -y libssl-dev pkg-config\nWORKDIR /app\nCOPY . .\nRUN cargo build --release --bin app\nCMD [\"./target/release/app\"]\n",
        ),
        (
            "yarn",
            "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn install --frozen-lockfile && yarn build\nCMD [\"node\", \"dist/index.js\"]\n",
        ),
        (
            "a global npm install",
            "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm install -g pm2\nCMD [\"pm2-runtime\", \"index.js\"]\n",
        ),
        (
            "a Node.js app in /",
            "FROM node:20\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"index.js\"]\n",
        ),
        (
            "poetry",
            "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install poetry && poetry install\nCMD [\"python\", \"app.py\"]\n",
        ),
        (
            "pip --user",
            "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install --user -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
        ),
        (
            "the system python, which does not see the virtualenv",
            "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"/usr/local/bin/python\", \"app.py\"]\n",
        ),
        (
            "sources copied outside the application directory",
            "FROM python:3.12\nWORKDIR /app\nCOPY . .\nCOPY conf /etc/app\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
        ),
        (
            "a system package the app may use",
            "FROM python:3.12\nRUN apt-get update && apt-get install -y ffmpeg\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
        ),
        (
            "maven without a Java version",
            "FROM maven\nWORKDIR /app\nCOPY . .\nRUN mvn package\nCMD [\"java\", \"-jar\", \"target/app.jar\"]\n",
        ),
        (
            "mvn spring-boot:run",
            "FROM maven:3.9-eclipse-temurin-21\nWORKDIR /app\nCOPY . .\nRUN mvn package\nCMD [\"mvn\", \"spring-boot:run\"]\n",
        ),
        (
            "a class path instead of a jar",
            "FROM eclipse-temurin:21-jdk\nWORKDIR /app\nCOPY . .\nRUN ./mvnw package\nCMD [\"java\", \"-cp\", \"target/classes\", \"app.Main\"]\n",
        ),
        (
            "dotnet publish without a known entry assembly",
            "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\n",
        ),
        (
            "two projects and no entry point",
            "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY Api/Api.csproj Api/\nCOPY Lib/Lib.csproj Lib/\nCOPY . .\nRUN dotnet publish Api -c Release -o /app\n",
        ),
        (
            "a self-contained publish",
            "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish Api/Api.csproj -c Release -o /app --self-contained\nENTRYPOINT [\"/app/Api\"]\n",
        ),
        (
            "dotnet run",
            "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish Api.csproj -o /app\nCMD [\"dotnet\", \"run\"]\n",
        ),
        (
            "a runtime image already",
            "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"index.js\"]\n",
        ),
        ("an OS image", "FROM alpine:3.22\nRUN echo hi > /x\n"),
        (
            "an image the knowledge base does not know",
            "FROM diamol/golang\nCOPY main.go .\nRUN go build -o /server\nCMD [\"/server\"]\n",
        ),
        (
            "a syntax error in the stage",
            "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nENV PORT\nCMD [\"./server\"]\n",
        ),
        (
            "a shell the runtime would need",
            "FROM golang:1.22\nSHELL [\"/bin/bash\", \"-c\"]\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ./server --port $PORT\n",
        ),
        (
            "a health check with a tool nobody installs",
            "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nHEALTHCHECK CMD grpc_health_probe -addr=:9000\nCMD [\"./server\"]\n",
        ),
    ];
    for (what, text) in cases {
        assert_eq!(split(text).map(|it| it.1), None, "{what}");
    }
}

#[test]
fn only_the_shipped_sdk_stage_splits() {
    for name in ["t2", "t3", "t4", "book"] {
        let text = fixture(&format!("seed/{name}.Dockerfile"));
        let (_, model) = analyze(&text);
        for stage in 0..model.stages.len() {
            assert_eq!(assist_for(&text, Some(stage)), None, "{name} stage {stage}");
        }
    }
    // t1's only stage, not any other index.
    assert_eq!(assist_for(&fixture("seed/t1.Dockerfile"), Some(1)), None);
}

#[test]
fn the_builder_gets_a_name_no_stage_has() {
    let text = "FROM alpine AS build\nRUN echo hi > /x\n\nFROM alpine AS Build-2\nRUN echo ho > /y\n\nFROM golang:1.22\nWORKDIR /app\nCOPY --from=build /x /x\nCOPY --from=build-2 /y /y\nCOPY . .\nRUN go build -o server .\nCMD [\"./server\"]\n";
    let (assist, out) = split(text).expect("offered");
    check_output(text, &assist, &out);
    assert!(out.contains("FROM golang:1.22 AS build-3\n"), "{out}");
    assert!(
        out.contains("COPY --from=build-3 /app/server /app/server"),
        "{out}"
    );
}

#[test]
fn line_endings_and_keyword_case_follow_the_file() {
    let crlf = fixture("seed/t1.Dockerfile").replace('\n', "\r\n");
    let (assist, out) = split(&crlf).expect("offered");
    check_output(&crlf, &assist, &out);
    assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");

    let lower =
        "from golang:1.22\nworkdir /app\ncopy . .\nrun go build -o server .\ncmd ./server\n";
    let (assist, out) = split(lower).expect("offered");
    check_output(lower, &assist, &out);
    assert!(out.starts_with("from golang:1.22 as build\n"), "{out}");
    assert!(
        out.contains(
            "\n\nfrom gcr.io/distroless/static-debian13:nonroot\nworkdir /app\ncopy --from=build"
        ),
        "{out}"
    );
    assert!(out.ends_with("cmd [\"./server\"]\n"), "{out}");
}

#[test]
fn arg_references_in_from_are_kept() {
    let text = "ARG PY=3.12\nFROM python:${PY}\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n";
    let (assist, out) = split(text).expect("offered");
    check_output(text, &assist, &out);
    assert!(out.contains("FROM python:${PY}-slim\n"), "{out}");
    assert!(assist
        .title
        .starts_with("Split into builder stage: runtime on python:${PY}-slim"));
}

#[test]
fn a_shell_cmd_gets_a_shell_runtime() {
    let text = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ./server --port $PORT\n";
    let (assist, out) = split(text).expect("offered");
    // Shell form that expands a variable stays shell form: alpine has a shell.
    assert!(out.contains("FROM alpine:3.22\n"), "{out}");
    assert!(out.contains("CMD ./server --port $PORT"), "{out}");
    let (parse, _) = analyze(&out);
    assert!(parse.errors.is_empty());
    assert!(assist.notes.iter().any(|it| it.contains("CGO_ENABLED=0")));
}

#[test]
fn runtime_files_copied_after_the_build_move_to_the_runtime() {
    let text = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCOPY config.yaml ./\nRUN chmod +x server\nCMD [\"./server\"]\n";
    let (assist, out) = split(text).expect("offered");
    check_output(text, &assist, &out);
    let runtime = out.split("\n\nFROM ").nth(1).expect("a runtime stage");
    assert!(runtime.contains("COPY config.yaml ./\n"), "{out}");
    assert!(assist
        .notes
        .iter()
        .any(|it| it.starts_with("`RUN chmod +x server` runs in the builder only")));
}

#[test]
fn go_tools_stay_in_the_builder_and_moved_binaries_are_followed() {
    let text = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go install github.com/a-h/templ/cmd/templ@latest\nRUN templ generate && CGO_ENABLED=0 go build -o app . && mv app /usr/local/bin/\nCMD [\"app\"]\n";
    let (assist, out) = split(text).expect("offered");
    check_output(text, &assist, &out);
    assert!(
        out.contains("COPY --from=build /usr/local/bin/app /usr/local/bin/app\n"),
        "{out}"
    );
    assert!(!out.contains("/go/bin/templ"), "{out}");
}

#[test]
fn go_install_of_all_packages_is_named_by_cmd() {
    let text =
        "FROM golang:1.21\nWORKDIR /go/src/app\nCOPY . .\nRUN go install -v ./...\nCMD [\"app\"]\n";
    let (assist, out) = split(text).expect("offered");
    check_output(text, &assist, &out);
    // $GOPATH/bin is on PATH in golang, not in the runtime.
    assert!(
        out.contains("COPY --from=build /go/bin/app /usr/local/bin/app\n"),
        "{out}"
    );
}

#[test]
fn a_cross_compiling_builder_keeps_its_platform_and_the_runtime_does_not() {
    let text = "FROM --platform=$BUILDPLATFORM golang:1.22-alpine\nARG TARGETOS TARGETARCH\nWORKDIR /src\nCOPY . .\nRUN <<EOT\n  go mod download\n  GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/server ./cmd/server\nEOT\nENTRYPOINT [\"/out/server\"]\n";
    let (assist, out) = split(text).expect("offered");
    check_output(text, &assist, &out);
    assert!(out.starts_with("FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build\n"));
    assert!(
        out.contains("\n\nFROM gcr.io/distroless/static-debian13:nonroot\n"),
        "{out}"
    );
    // The flags go into the heredoc script.
    assert!(
        out.contains("go build -trimpath -ldflags=\"-s -w\" -o /out/server"),
        "{out}"
    );
}

#[test]
fn rust_binaries_copied_out_of_a_cache_mount_are_followed() {
    let text = "FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/app/target cargo build --release && cp target/release/server /usr/local/bin/server\nCMD [\"server\"]\n";
    let (assist, out) = split(text).expect("offered");
    check_output(text, &assist, &out);
    assert!(
        out.contains("COPY --from=build /usr/local/bin/server /usr/local/bin/server\n"),
        "{out}"
    );
    // A cache mount already keeps the dependencies: no note about it.
    assert!(!assist
        .notes
        .iter()
        .any(|it| it.contains("Dependencies download")));
    // Shipping the binary straight out of the cache mount would ship nothing.
    let in_mount = "FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/app/target cargo build --release\nCMD [\"./target/release/server\"]\n";
    assert_eq!(split(in_mount).map(|it| it.1), None);
}

#[test]
fn comments_move_with_their_instructions() {
    let text = "# Builds the API server.\nFROM golang:1.22\n\n# Where the sources live\nWORKDIR /src\nCOPY . .\n\n# Compile\nRUN go build -o /api .\n\n# Runtime settings\nENV PORT 8080\n# Listen here\nEXPOSE 8080\nCMD /api\n# trailing comment\n";
    let (assist, out) = split(text).expect("offered");
    check_output(text, &assist, &out);
    assert!(out.starts_with("# Builds the API server.\nFROM golang:1.22 AS build\n\n# Where the sources live\nWORKDIR /src\n"), "{out}");
    assert!(
        out.contains("\nENV CGO_ENABLED=0\n# Compile\nRUN go build"),
        "{out}"
    );
    assert!(
        out.contains("\n# Runtime settings\nENV PORT 8080\n# Listen here\nEXPOSE 8080\n"),
        "{out}"
    );
    assert!(
        out.ends_with("CMD [\"/api\"]\n# trailing comment\n"),
        "{out}"
    );
}

#[test]
fn a_shell_form_entrypoint_with_cmd_stays_shell_form() {
    // Exec form would pass CMD to it as arguments; shell form ignores CMD.
    let text = "FROM golang:1.22 AS app\nONBUILD RUN echo child\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nENTRYPOINT ./server\nCMD [\"--flag\"]\n";
    let (_, out) = split(text).expect("offered");
    assert!(out.contains("FROM alpine:3.22 AS app\n"), "{out}");
    assert!(out.contains("ONBUILD RUN echo child\n"), "{out}");
    assert!(out.contains("ENTRYPOINT ./server\n"), "{out}");
    assert!(syntax::parse(&out).errors.is_empty());
}

#[test]
fn a_named_user_the_runtime_lacks_becomes_its_non_root_user() {
    let text = "FROM python:3.11-bookworm\nRUN python -m venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\"\nWORKDIR /code\nCOPY requirements.txt /tmp/requirements.txt\nRUN pip install -r /tmp/requirements.txt\nCOPY . /code\nRUN useradd -m appuser\nUSER appuser\nCMD [\"uvicorn\", \"main:app\"]\n";
    let (assist, out) = split(text).expect("offered");
    check_output(text, &assist, &out);
    // The stage's own virtualenv is the one copied.
    assert!(
        out.contains("COPY --from=build /opt/venv /opt/venv\n"),
        "{out}"
    );
    assert!(
        !out.contains("/venv/bin:$PATH\"\nCOPY"),
        "no second virtualenv: {out}"
    );
    assert!(out.contains("\nUSER app\n"), "{out}");
    assert!(assist
        .notes
        .iter()
        .any(|it| it.starts_with("USER appuser does not exist in python:3.11-slim-bookworm")));
}

#[test]
fn a_non_root_user_the_runtime_has_is_kept() {
    let text = "FROM node:18-bookworm\nWORKDIR /home/node/app\nCOPY --chown=node:node . .\nUSER node\nRUN npm ci --omit=dev\nENV NODE_ENV=production\nCMD [\"npm\", \"start\"]\n";
    let (assist, out) = split(text).expect("offered");
    check_output(text, &assist, &out);
    // The builder still installs as node; the runtime runs as node.
    assert!(
        out.contains("USER node\nRUN npm ci --omit=dev\n\nFROM node:18-bookworm-slim\n"),
        "{out}"
    );
    assert!(
        out.contains("\nUSER node\nENV NODE_ENV=production\n"),
        "{out}"
    );
    // Nothing to prune: the install omits dev dependencies already.
    assert!(!out.contains("npm prune"), "{out}");
    assert!(!assist.notes.iter().any(|it| it.contains("ran as root")));
}

#[test]
fn env_the_runtime_cannot_expand_is_not_carried_over() {
    let text = "FROM golang:1.22\nWORKDIR /app\nENV CGO_ENABLED=0 GOFLAGS=-mod=vendor APP_MODE=prod\nCOPY . .\nRUN go build -o server .\nENV PATH=$GOPATH/bin:$PATH HOME_DIR=$HOME\nCMD [\"./server\"]\n";
    let (assist, out) = split(text).expect("offered");
    check_output(text, &assist, &out);
    let runtime = out.split("\n\nFROM ").nth(1).expect("a runtime stage");
    // Build settings stay behind; the program's setting moves.
    assert!(runtime.contains("\nENV APP_MODE=prod\n"), "{out}");
    // $GOPATH is golang's; $HOME is set by neither image, so it moves as it is.
    assert!(runtime.contains("\nENV HOME_DIR=$HOME\n"), "{out}");
    assert!(!runtime.contains("GOPATH"), "{out}");
    assert!(assist.notes.iter().any(|it| it
        .starts_with("`PATH=$GOPATH/bin:$PATH` is not carried into the runtime: it uses $GOPATH")));
    // CGO_ENABLED=0 was set already: no second ENV.
    assert_eq!(out.matches("CGO_ENABLED=0").count(), 1, "{out}");
}

/// Every Dockerfile the tests hold, every stage, and every prefix of the
/// split fixtures (a half-typed file in an editor): no panic, and whatever
/// is offered parses and offers nothing more.
#[test]
fn any_input_gives_none_or_a_file_that_parses() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files: Vec<String> = Vec::new();
    for dir in [
        "tests/fixtures/seed",
        "tests/fixtures/split",
        "tests/syntax/ok",
        "tests/syntax/err",
    ] {
        let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|it| it == "Dockerfile") {
                files.push(std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    let mut texts = files.clone();
    for text in files.iter().filter(|it| it.contains("RUN ")) {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for end in 1..lines.len() {
            texts.push(lines[..end].concat());
        }
    }
    let mut offered = 0;
    for text in &texts {
        let (_, model) = analyze(text);
        for stage in 0..model.stages.len() {
            let Some(assist) = assist_for(text, Some(stage)) else {
                continue;
            };
            offered += 1;
            let out = syntax::apply_edits(text, &assist.edits).expect("edits apply");
            let (parse, model) = analyze(&out);
            assert!(parse.errors.is_empty(), "{out}");
            for stage in 0..model.stages.len() {
                assert_eq!(assist_for(&out, Some(stage)), None, "splits again:\n{out}");
            }
        }
    }
    assert!(offered >= 10, "only {offered} splits offered");
}

#[test]
fn sh_dash_c_keeps_the_binary_where_the_script_finds_it() {
    let text = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD [\"sh\", \"-c\", \"exec ./server --port=$PORT\"]\n";
    let (_, out) = split(text).expect("offered");
    assert!(out.contains("FROM alpine:3.22\n"), "{out}");
    assert!(
        out.contains("COPY --from=build /app/server /app/server\n"),
        "{out}"
    );
    assert!(syntax::parse(&out).errors.is_empty());
}

#[test]
fn the_race_detector_keeps_cgo_and_glibc() {
    let text =
        "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -race -o app .\nCMD [\"./app\"]\n";
    let (assist, out) = split(text).expect("offered");
    check_output(text, &assist, &out);
    assert!(!out.contains("CGO_ENABLED=0"), "{out}");
    assert!(
        out.contains("FROM gcr.io/distroless/base-debian13:nonroot\n"),
        "{out}"
    );
    let forced_off = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -race -o app .\nCMD [\"./app\"]\n";
    assert_eq!(split(forced_off).map(|it| it.1), None);
}
