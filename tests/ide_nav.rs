//! Knowledge and navigation features on fixtures: `$0` marks the cursor.

use std::sync::Arc;

use docklens::{
    ide::{self, Analysis, AnalysisConfig, CompletionConfig},
    syntax::{apply_edits, TextRange},
};
use insta::assert_snapshot;

/// The analysis of `fixture` with `$0` removed, and the cursor offset.
fn fixture(fixture: &str) -> (Analysis, usize) {
    let offset = fixture
        .find("$0")
        .expect("the fixture marks the cursor with $0");
    let text = format!("{}{}", &fixture[..offset], &fixture[offset + 2..]);
    let analysis = Analysis::new(Arc::from(text), Arc::new(AnalysisConfig::default()));
    (analysis, offset)
}

fn hover(text: &str) -> String {
    let (analysis, offset) = fixture(text);
    match ide::hover(&analysis, offset) {
        Some(hover) => format!(
            "[{}]\n{}",
            hover.range.slice(analysis.text()),
            hover.markdown
        ),
        None => "(no hover)".to_owned(),
    }
}

fn completions_with(text: &str, snippets: bool) -> String {
    let (analysis, offset) = fixture(text);
    let items = ide::completions(&analysis, offset, CompletionConfig { snippets });
    items
        .iter()
        .map(|it| {
            let mut line = format!(
                "{:?} {} [{}]",
                it.kind,
                it.label,
                it.replace_range.slice(analysis.text())
            );
            if it.insert_text != it.label {
                line.push_str(&format!(" => {:?}", it.insert_text));
            }
            if let Some(detail) = &it.detail {
                line.push_str(&format!(" · {detail}"));
            }
            if it.deprecated {
                line.push_str(" (deprecated)");
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn completions(text: &str) -> String {
    completions_with(text, true)
}

fn labels(text: &str) -> String {
    let (analysis, offset) = fixture(text);
    ide::completions(&analysis, offset, CompletionConfig { snippets: true })
        .iter()
        .map(|it| it.label.clone())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `line:col text` for each range.
fn locate(analysis: &Analysis, range: TextRange) -> String {
    let at = analysis
        .line_index()
        .line_col(analysis.text(), range.start());
    format!(
        "{}:{} {}",
        at.line + 1,
        at.col,
        range.slice(analysis.text())
    )
}

fn definition(text: &str) -> String {
    let (analysis, offset) = fixture(text);
    let targets = ide::goto_definition(&analysis, offset);
    if targets.is_empty() {
        return "(none)".to_owned();
    }
    targets
        .iter()
        .map(|it| locate(&analysis, *it))
        .collect::<Vec<_>>()
        .join("\n")
}

fn references(text: &str) -> String {
    let (analysis, offset) = fixture(text);
    let refs = ide::references(&analysis, offset, true);
    if refs.is_empty() {
        return "(none)".to_owned();
    }
    refs.iter()
        .map(|it| {
            format!(
                "{}{}",
                locate(&analysis, it.range),
                if it.is_declaration { " (decl)" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn rename(text: &str, new_name: &str) -> String {
    let (analysis, offset) = fixture(text);
    match ide::rename(&analysis, offset, new_name) {
        Ok(edits) => apply_edits(analysis.text(), &edits).unwrap_or_else(|| "(overlap)".into()),
        Err(err) => format!("error: {err}"),
    }
}

fn signature(text: &str) -> String {
    let (analysis, offset) = fixture(text);
    let Some(help) = ide::signature_help(&analysis, offset) else {
        return "(none)".to_owned();
    };
    let sig = &help.signatures[help.active_signature];
    let active = help
        .active_parameter
        .and_then(|it| sig.parameters.get(it))
        .map_or("(none)".to_owned(), |p| {
            sig.label[p.label.0..p.label.1].to_owned()
        });
    format!(
        "{} of {}: {}\nactive: {active}",
        help.active_signature + 1,
        help.signatures.len(),
        sig.label
    )
}

// ---------------------------------------------------------------------------
// Hover.

#[test]
fn hover_instruction_keyword() {
    assert_snapshot!(hover("FROM alpine:3.22\nCO$0PY . /app\n"), @r#"
    [COPY]
    **COPY** — Copy files into the image

    ```dockerfile
    COPY [OPTIONS] <src> ... <dest>
    COPY [OPTIONS] ["<src>", ... "<dest>"]
    ```

    Copies files and directories from the build context, or with `--from` from another stage, an image or a named context, to a path in the image. Sources are relative to the context root; a relative destination is relative to `WORKDIR`. With several sources the destination must end with `/`.

    Flags: `--from`, `--chown`, `--chmod`, `--link`, `--parents`, `--exclude`

    Example:
    ```dockerfile
    COPY go.mod go.sum ./
    COPY --from=build --chown=app:app /out/app /app
    ```

    [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#copy)
    "#);
}

#[test]
fn hover_deprecated_instruction_and_onbuild_trigger() {
    assert_snapshot!(hover("FROM alpine\nMAINT$0AINER me\n"), @r#"
    [MAINTAINER]
    **Deprecated.** **MAINTAINER** — Set the author of the image

    ```dockerfile
    MAINTAINER <name>
    ```

    Deprecated: sets the image's `Author` field. Use `LABEL org.opencontainers.image.authors="..."` instead.

    Example:
    ```dockerfile
    LABEL org.opencontainers.image.authors="dev@example.com"
    ```

    [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#maintainer-deprecated)
    "#);
    assert_snapshot!(hover("FROM alpine\nONBUILD R$0UN make\n"), @r#"
    [RUN]
    **RUN** — Run a command and commit the result as a layer

    ```dockerfile
    RUN [OPTIONS] <command> ...
    RUN [OPTIONS] ["<command>", ...]
    ```

    Runs a command in a new layer on top of the current image. The shell form runs through the stage's shell (`/bin/sh -c` unless `SHELL` changed it); the exec form runs the executable directly. Heredocs (`RUN <<EOF`) run multi-line scripts. Flags mount caches, secrets and other stages for the command only.

    Flags: `--mount`, `--network`, `--security`, `--device`

    Example:
    ```dockerfile
    RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
        apt-get update && apt-get install -y --no-install-recommends curl
    ```

    [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#run)
    "#);
}

#[test]
fn hover_flags() {
    assert_snapshot!(hover("FROM --plat$0form=$BUILDPLATFORM golang:1.22 AS build\n"), @"
    [--platform=$BUILDPLATFORM]
    **`FROM --platform=<platform>`** — Platform of the base image

    Picks the variant of a multi-platform base image (`linux/amd64`, `linux/arm64`, `windows/amd64`). Defaults to the platform the build targets. Global ARGs work here, notably the automatic `$BUILDPLATFORM` (build natively, then cross-compile) and `$TARGETPLATFORM`.

    Values:
    - `$BUILDPLATFORM`: The platform of the machine running the build
    - `$TARGETPLATFORM`: The platform the build produces (the default)
    - `linux/amd64`: 64-bit x86 Linux
    - `linux/arm64`: 64-bit ARM Linux
    - `linux/arm/v7`: 32-bit ARMv7 Linux
    - `windows/amd64`: 64-bit x86 Windows

    Example:
    ```dockerfile
    FROM --platform=$BUILDPLATFORM golang:1.22 AS build
    ```

    [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#from)
    ");
    assert_snapshot!(hover("FROM alpine\nCOPY --li$0nk a /b\n"), @"
    [--link]
    **`COPY --link[=<bool>]`** — Copy into an independent layer

    Puts the files in a layer of their own that does not depend on the layers below it, so the layer is reused when earlier instructions change and can be rebased without rebuilding. Paths are resolved without the base's filesystem: symlinks in the destination path are not followed.

    Values:
    - `true`: Turn it on
    - `false`: Turn it off

    Needs Dockerfile syntax 1.4 or later.

    Example:
    ```dockerfile
    COPY --link --from=build /out/app /app
    ```

    [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#copy---link)
    ");
    assert_snapshot!(hover("FROM alpine\nADD --checks$0um=sha256:abc https://x/y.tgz /\n"), @"
    [--checksum=sha256:abc]
    **`ADD --checksum=<hash>`** — Verify a remote source

    Fails the build unless the remote source matches: `sha256:<hex>` for an HTTP(S) file, a commit SHA (or a prefix of one) for a Git repository.

    Values:
    - `sha256:`: The SHA-256 digest of an HTTP(S) source

    Needs Dockerfile syntax 1.6 or later.

    Example:
    ```dockerfile
    ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/app.tar.gz /
    ```

    [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#add---checksum)
    ");
    assert_snapshot!(hover("FROM alpine\nHEALTHCHECK --start-inte$0rval=2s CMD true\n"), @"
    [--start-interval=2s]
    **`HEALTHCHECK --start-interval=<duration>`** — Time between checks during the start period (default 5s)

    How often to check while the start period lasts. Needs Docker Engine 25.0 or later.

    Values:
    - `5s`: The default

    Example:
    ```dockerfile
    HEALTHCHECK --start-period=1m --start-interval=2s CMD pg_isready
    ```

    [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#healthcheck)
    ");
}

#[test]
fn hover_flag_values() {
    assert_snapshot!(hover("FROM alpine\nRUN --network=no$0ne make\n"), @"
    [none]
    **`--network=none`** — No network access; only the loopback interface
    ");
    assert_snapshot!(hover("FROM alpine\nRUN --security=insec$0ure make\n"), @"
    [insecure]
    **`--security=insecure`** — No sandbox, like `docker run --privileged`; needs the `security.insecure` entitlement
    ");
}

#[test]
fn hover_mount_types_and_keys() {
    let text = "FROM alpine\nRUN --mount=type=ca$0che,target=/root/.cache,sharing=locked make\n";
    assert_snapshot!(hover(text), @"
    [cache]
    **`--mount=type=cache`** — A directory kept between builds, for package managers and compilers

    Mounts a persistent cache directory: downloads and build artifacts survive from one build to the next without invalidating the instruction's cache, and nothing of it lands in the layer. The build must work with any content in it (or none), since it can be shared or garbage-collected.

    Keys: `id`, `target`, `readonly`, `sharing`, `from`, `source`, `mode`, `uid`, `gid`

    Example:
    ```dockerfile
    RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
    ```

    [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#run---mounttypecache)
    ");
    let text = "FROM alpine\nRUN --mount=type=cache,tar$0get=/root/.cache,sharing=locked make\n";
    assert_snapshot!(hover(text), @"
    [target]
    **`--mount` key `target`** (also `dst`, `destination`) — Where the mount appears inside the build container

    For `type=cache`: Mount path (required); also the cache's default `id`
    ");
    let text = "FROM alpine\nRUN --mount=type=cache,target=/root/.cache,sharing=lo$0cked make\n";
    assert_snapshot!(hover(text), @"
    [locked]
    **`sharing=locked`** — A concurrent build waits until the cache is free (apt needs this)
    ");
    let text = "FROM alpine\nRUN --mount=type=tmpfs,sharing$0=locked make\n";
    assert_snapshot!(hover(text), @"
    [sharing]
    **`--mount` key `sharing`** — How concurrent builds share the cache: `shared`, `private` or `locked`

    `type=tmpfs` mounts do not take it; it applies to `cache`.

    Values:
    - `shared`: Concurrent builds use the cache at the same time (the default)
    - `private`: A concurrent build gets a fresh cache of its own
    - `locked`: A concurrent build waits until the cache is free (apt needs this)
    ");
    let text = "FROM alpine\nRUN --mount=type=secret,id=npm,e$0nv=NPM_TOKEN npm ci\n";
    assert_snapshot!(hover(text), @"
    [env]
    **`--mount` key `env`** — Expose the secret as an environment variable

    For `type=secret`: Sets this environment variable to the secret's value instead of (or, with `target`, as well as) writing a file
    ");
}

#[test]
fn hover_directives_and_healthcheck_subcommand() {
    assert_snapshot!(hover("# syn$0tax=docker/dockerfile:1\nFROM alpine\n"), @"
    [syntax]
    **Parser directive `syntax`** — Choose the Dockerfile frontend that builds this file

    ```dockerfile
    # syntax=<frontend image>
    ```

    Names the image of the Dockerfile frontend BuildKit pulls to parse and build the file, so new syntax works without upgrading Docker. `docker/dockerfile:1` follows the latest stable 1.x release; pin a minor version for reproducible builds. Must be at the very top, before any comment, blank line or instruction.

    Example:
    ```dockerfile
    # syntax=docker/dockerfile:1
    ```

    [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#syntax)
    ");
    assert_snapshot!(hover("# escape=$0`\nFROM alpine\n"), @r"
    [`]
    **Parser directive `escape`** — Set the escape and line-continuation character

    ```dockerfile
    # escape=<\ or `>
    ```

    Sets the character that escapes characters and continues lines: `\` (the default) or `` ` ``, which suits Windows paths (`C:\dir`). It does not change escaping inside `RUN` commands, except at the end of a line.

    Example:
    ```dockerfile
    # escape=`
    FROM mcr.microsoft.com/windows/servercore:ltsc2022
    COPY app C:\app
    ```

    [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#escape)
    ");
    assert_snapshot!(hover("FROM alpine\nHEALTHCHECK NO$0NE\n"), @"
    [NONE]
    **`HEALTHCHECK NONE`** — Turn off any health check inherited from the base image.
    ");
}

#[test]
fn hover_rule_codes_in_pragmas() {
    assert_snapshot!(hover("FROM alpine\n# hadolint ignore=DK1001,DL30$000\nWORKDIR app\n"), @"
    [DL3000]
    **DL3000** `workdir-relative-path` · error · correctness

    Use an absolute WORKDIR

    [Documentation](https://github.com/hadolint/hadolint/wiki/DL3000)
    ");
    assert_snapshot!(hover("# check=skip=StageName$0Casing;error=true\nFROM alpine\n"), @"
    [StageNameCasing]
    **StageNameCasing** `stage-name-casing` · warning · style

    Stage names should be lowercase

    [Documentation](https://docs.docker.com/reference/build-checks/stage-name-casing/)
    ");
    assert_snapshot!(hover("FROM alpine\n# hadolint ignore=XX$09999\nRUN true\n"), @"
    [XX9999]
    **XX9999** — not a rule docklens knows
    ");
}

#[test]
fn hover_variables() {
    let text = "ARG GO=1.22\nFROM golang:${G$0O}\nARG GO\nRUN echo $GO\n";
    assert_snapshot!(hover(text), @"
    [${GO}]
    **`$GO`** — global ARG

    Value: `1.22`

    Declared on line 1: `ARG GO=1.22`
    ");
    let text = "ARG GO=1.22\nFROM golang:${GO}\nARG GO\nRUN echo $G$0O\n";
    assert_snapshot!(hover(text), @"
    [$GO]
    **`$GO`** — ARG of stage #0

    Value: `1.22`

    Declared on line 3: `ARG GO`

    Brings the global `ARG GO` (line 1) into the stage; its default is `1.22`.
    ");
    let text = "ARG GO=1.22\nFROM golang:${GO}\nARG G$0O\n";
    assert_snapshot!(hover(text), @"
    [GO]
    **`GO`** — ARG of stage #0

    Value: `1.22`

    Brings the global `ARG GO` (line 1) into the stage; its default is `1.22`.
    ");
    let text = "ARG GO=1.22\nFROM golang:${GO}\nRUN echo $G$0O\n";
    assert_snapshot!(hover(text), @"
    [$GO]
    **`$GO`** — not defined here

    The global `ARG GO` (line 1) is only visible to `FROM` lines. Add `ARG GO` to this stage to use it here.
    ");
    let text = "FROM alpine\nARG TOKEN\nRUN echo $TOK$0EN\n";
    assert_snapshot!(hover(text), @"
    [$TOKEN]
    **`$TOKEN`** — ARG of stage #0

    Declared without a value: empty unless the build passes `--build-arg TOKEN=...`

    Declared on line 2: `ARG TOKEN`
    ");
    let text = "FROM alpine\nENV APP=/srv/app\nENV PATH=$AP$0P/bin:$PATH\n";
    assert_snapshot!(hover(text), @"
    [$APP]
    **`$APP`** — ENV

    Value: `/srv/app`

    Declared on line 2: `ENV APP=/srv/app`
    ");
    let text = "FROM golang:1.22\nRUN echo $GOP$0ATH\n";
    assert_snapshot!(hover(text), @"
    [$GOPATH]
    **`$GOPATH`** — environment of the base image

    Value: `/go`

    From the config of `golang:1.22`.
    ");
    let text = "FROM --platform=$BUILDPLAT$0FORM alpine\n";
    assert_snapshot!(hover(text), @"
    [$BUILDPLATFORM]
    **`$BUILDPLATFORM`** — predefined platform ARG

    Value: `linux/amd64`

    Set by the builder from the build and target platforms (linux/amd64 assumed here). A stage must declare `ARG` to see it.
    ");
}

#[test]
fn hover_variable_in_heredoc_body() {
    let text = "FROM alpine\nENV NAME=world\nRUN <<EOF\necho hello $NA$0ME\nEOF\n";
    assert_snapshot!(hover(text), @"
    [$NAME]
    **`$NAME`** — ENV

    Value: `world`

    Declared on line 2: `ENV NAME=world`
    ");
    // A quoted delimiter turns expansion off.
    let text = "FROM alpine\nENV NAME=world\nRUN <<'EOF'\necho hello $NA$0ME\nEOF\n";
    assert_snapshot!(hover(text), @"(no hover)");
}

#[test]
fn hover_stage_references() {
    let text = "FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.22\nCOPY --from=bu$0ild /out /app\n";
    assert_snapshot!(hover(text), @"
    [build]
    **Stage `build`** (#0) · FROM `golang:1.22` · line 1

    Does not ship: the target needs it, but only what is copied out of it reaches the image.

    Used by: #1 (COPY --from, line 4)
    ");
    let text = "FROM golang:1.22 AS build\nFROM build AS test\nFROM alpine:3.22 AS final\nRUN --mount=from=bui$0ld,target=/src true\n";
    assert_snapshot!(hover(text), @"
    [build]
    **Stage `build`** (#0) · FROM `golang:1.22` · line 1

    Does not ship: the target needs it, but only what is copied out of it reaches the image.

    Used by: `test` (FROM, line 2), `final` (RUN --mount from, line 4)
    ");
    let text = "FROM golang:1.22 AS bu$0ild\nFROM alpine:3.22\n";
    assert_snapshot!(hover(text), @"
    [build]
    **Stage `build`** (#0) · FROM `golang:1.22` · line 1

    Does not ship, and the target does not need it: BuildKit skips it unless it is built with `--target`.
    ");
}

#[test]
fn hover_heredoc_delimiter_and_nothing() {
    assert_snapshot!(hover("FROM alpine\nRUN <<E$0OF\necho hi\nEOF\n"), @"
    [EOF]
    **Heredoc `EOF`** · 1 line

    Variables in the body expand (the delimiter is not quoted).
    ");
    assert_snapshot!(hover("FROM alpine\nRUN echo h$0i\n"), @"(no hover)");
}

// ---------------------------------------------------------------------------
// Completion.

#[test]
fn complete_empty_document_and_before_first_from() {
    assert_snapshot!(completions("$0"), @r#"
    Keyword FROM [] => "FROM ${1:image}" · Start a build stage from a base image
    Keyword FROM image AS name [] => "FROM ${1:image} AS ${2:name}" · Start a build stage from a base image
    Keyword ARG [] => "ARG ${1:name}" · Declare a build argument
    Keyword ARG name=default [] => "ARG ${1:name}=${2:default}" · Declare a build argument
    Directive # syntax=docker/dockerfile:1 [] · Choose the Dockerfile frontend that builds this file
    Directive # escape=` [] · Set the escape and line-continuation character
    Directive # check=skip=JSONArgsRecommended,StageNameCasing;error=true [] · Configure build checks
    "#);
    assert_snapshot!(labels("ARG V=1\n$0"), @"FROM FROM image AS name ARG ARG name=default");
}

#[test]
fn complete_instructions_at_line_start() {
    assert_snapshot!(labels("FROM alpine\n$0"), @"ADD ARG ARG name=default CMD COPY ENTRYPOINT ENV EXPOSE FROM FROM image AS name HEALTHCHECK HEALTHCHECK NONE LABEL MAINTAINER ONBUILD RUN SHELL STOPSIGNAL USER VOLUME WORKDIR");
    assert_snapshot!(completions("FROM alpine\nRU$0"), @r#"Keyword RUN [RU] => "RUN ${1:command}" · Run a command and commit the result as a layer"#);
    assert_snapshot!(completions("FROM alpine\nMAIN$0"), @r#"Keyword MAINTAINER [MAIN] => "MAINTAINER ${1:name}" · Set the author of the image (deprecated)"#);
    assert_snapshot!(completions_with("FROM alpine\nCOP$0", false), @r#"Keyword COPY [COP] => "COPY " · Copy files into the image"#);
    assert_snapshot!(completions("from alpine\nru$0"), @r#"Keyword run [ru] => "run ${1:command}" · Run a command and commit the result as a layer"#);
}

#[test]
fn complete_onbuild_trigger() {
    assert_snapshot!(labels("FROM alpine\nONBUILD $0"), @"ADD ARG ARG name=default CMD COPY ENTRYPOINT ENV EXPOSE HEALTHCHECK HEALTHCHECK NONE LABEL RUN SHELL STOPSIGNAL USER VOLUME WORKDIR");
    assert_snapshot!(labels("FROM alpine\nONBUILD CO$0"), @"COPY");
    assert_snapshot!(labels("FROM alpine\nONBUILD COPY --$0"), @"--from --chown --chmod --link --parents --exclude");
}

#[test]
fn complete_flags() {
    assert_snapshot!(completions("FROM alpine\nCOPY --fr$0"), @r#"Flag --from [--fr] => "--from=" · Copy from a stage, image or context instead of the build context"#);
    assert_snapshot!(labels("FROM alpine\nCOPY --$0"), @"--from --chown --chmod --link --parents --exclude");
    assert_snapshot!(labels("FROM alpine\nADD --$0"), @"--chown --chmod --link --checksum --keep-git-dir --unpack --exclude");
    assert_snapshot!(labels("FROM alpine\nRUN --$0"), @"--mount --network --security --device");
    assert_snapshot!(labels("FROM --$0"), @"--platform");
    assert_snapshot!(labels("FROM alpine\nHEALTHCHECK --$0"), @"--interval --timeout --start-period --start-interval --retries");
    // Not after the first argument, and not twice.
    assert_snapshot!(labels("FROM alpine\nCOPY a --$0"), @"");
    assert_snapshot!(labels("FROM alpine\nCOPY --link --$0"), @"--from --chown --chmod --parents --exclude");
}

#[test]
fn complete_flag_values() {
    assert_snapshot!(completions("FROM alpine\nRUN --network=$0"), @"
    Value default [] · The build's default network; the same as leaving the flag out
    Value none [] · No network access; only the loopback interface
    Value host [] · The host's network; needs the `network.host` entitlement
    ");
    assert_snapshot!(labels("FROM alpine\nRUN --security=$0 make"), @"sandbox insecure");
    assert_snapshot!(labels("FROM --platform=$0"), @"$BUILDPLATFORM $TARGETPLATFORM linux/amd64 linux/arm64 linux/arm/v7 windows/amd64");
    assert_snapshot!(labels("FROM alpine\nCOPY --link=$0"), @"true false");
}

#[test]
fn complete_mount_keys_and_values() {
    assert_snapshot!(completions("FROM alpine\nRUN --mount=type=ca$0"), @"Value cache [ca] · A directory kept between builds, for package managers and compilers");
    assert_snapshot!(labels("FROM alpine\nRUN --mount=$0"), @"type target source from readwrite");
    assert_snapshot!(labels("FROM alpine\nRUN --mount=type=cache,$0"), @"target source from readonly id sharing mode uid gid");
    assert_snapshot!(labels("FROM alpine\nRUN --mount=type=cache,target=/x,$0 make"), @"source from readonly id sharing mode uid gid");
    assert_snapshot!(labels("FROM alpine\nRUN --mount=type=secret,$0"), @"target id mode uid gid required env");
    assert_snapshot!(labels("FROM alpine\nRUN --mount=type=cache,sharing=$0"), @"shared private locked");
}

#[test]
fn complete_stage_names() {
    let text = "FROM golang:1.22 AS build\nFROM build AS test\nFROM alpine\nCOPY --from=$0";
    assert_snapshot!(completions(text), @"
    Stage build [] · stage · FROM golang:1.22
    Stage test [] · stage · FROM build
    ");
    let text = "FROM golang:1.22 AS build\nFROM alpine\nRUN --mount=type=bind,from=$0";
    assert_snapshot!(labels(text), @"build");
    let text = "FROM golang:1.22 AS build\nFROM scratch\nFROM alpine\nCOPY --from=$0";
    assert_snapshot!(labels(text), @"build 1");
}

#[test]
fn complete_from_images_and_stages() {
    assert_snapshot!(completions("FROM golang:1.22 AS builder\nFROM gol$0"), @"
    Image golang:1.26 [gol] · Go SDK (Debian) · ≈ 288 MB download
    Image golang:1.26-alpine [gol] · Go SDK (Alpine) · 75 MB download
    ");
    assert_snapshot!(labels("FROM golang:1.22 AS builder\nFROM bui$0"), @"builder");
    assert_snapshot!(labels("FROM golang:1.22 $0"), @"AS");
}

#[test]
fn complete_variables() {
    let text = "ARG BASE=alpine\nFROM ${$0";
    assert_snapshot!(completions(text), @r#"
    Variable BASE [] => "BASE}" · global ARG = alpine
    Variable BUILDARCH [] => "BUILDARCH}" · builtin ARG = amd64
    Variable BUILDOS [] => "BUILDOS}" · builtin ARG = linux
    Variable BUILDPLATFORM [] => "BUILDPLATFORM}" · builtin ARG = linux/amd64
    Variable BUILDVARIANT [] => "BUILDVARIANT}" · builtin ARG = ""
    Variable TARGETARCH [] => "TARGETARCH}" · builtin ARG = amd64
    Variable TARGETOS [] => "TARGETOS}" · builtin ARG = linux
    Variable TARGETPLATFORM [] => "TARGETPLATFORM}" · builtin ARG = linux/amd64
    Variable TARGETVARIANT [] => "TARGETVARIANT}" · builtin ARG = ""
    "#);
    let text = "ARG BASE=alpine\nFROM $BASE\nARG TOKEN\nENV APP=/srv\nRUN echo $A$0";
    assert_snapshot!(completions(text), @"
    Variable APP [A] · ENV = /srv
    Variable ALL_PROXY [A] · predefined proxy ARG
    Variable all_proxy [A] · predefined proxy ARG
    ");
    let text = "FROM alpine\nENV APP=/srv\nRUN echo ${AP$0}";
    assert_snapshot!(completions(text), @"Variable APP [AP] · ENV = /srv");
    let text = "FROM alpine\nENV APP=/srv\nRUN echo '$A$0";
    assert_snapshot!(completions(text), @"");
}

#[test]
fn complete_variables_in_heredoc_body() {
    let text = "FROM alpine\nENV APP=/srv\nRUN <<EOF\ncd $AP$0\nEOF\n";
    assert_snapshot!(labels(text), @"APP");
}

#[test]
fn complete_directives() {
    assert_snapshot!(completions("# $0\nFROM alpine\n"), @"
    Directive syntax= [] · Choose the Dockerfile frontend that builds this file
    Directive escape= [] · Set the escape and line-continuation character
    Directive check= [] · Configure build checks
    ");
    assert_snapshot!(labels("# syntax=docker/dockerfile:1\n# e$0\nFROM alpine\n"), @"escape=");
    assert_snapshot!(labels("# syntax=$0\nFROM alpine\n"), @"docker/dockerfile:1 docker/dockerfile:1-labs docker/dockerfile-upstream:master");
    assert_snapshot!(labels("# escape=$0\nFROM alpine\n"), @r"\ `");
    assert_snapshot!(labels("# check=$0\nFROM alpine\n"), @"skip= error=true experimental=");
    assert_snapshot!(labels("# check=skip=JSONArgsRecommended;$0\nFROM alpine\n"), @"skip= error=true experimental=");
    // Not once an instruction came.
    assert_snapshot!(labels("FROM alpine\n# syn$0\n"), @"");
}

#[test]
fn complete_rule_codes() {
    assert_snapshot!(labels("# check=skip=StageNameCasing,$0\nFROM alpine\n").split(' ').take(8).collect::<Vec<_>>().join(" "), @"all ConsistentInstructionCasing CopyIgnoredFile DuplicateStageName ExposeInvalidFormat ExposeProtoCasing FromAsCasing FromPlatformFlagConstDisallowed");
    assert_snapshot!(completions("FROM alpine\n# hadolint ignore=DL300$0\nRUN x\n"), @"
    Rule DL3000 [DL300] · Use an absolute WORKDIR
    Rule DL3001 [DL300] · Commands that make no sense in a container build
    Rule DL3002 [DL300] · The shipped image's last `USER` is root
    Rule DL3003 [DL300] · Use WORKDIR to switch to a directory
    Rule DL3004 [DL300] · Do not use sudo in RUN
    Rule DL3006 [DL300] · Base image without an explicit tag
    Rule DL3007 [DL300] · Base image pinned to the `latest` tag
    Rule DL3008 [DL300] · Pin the versions of packages `apt-get install` installs
    Rule DL3009 [DL300] · Remove the apt package lists in the `RUN` that downloads them
    ");
    assert_snapshot!(labels("FROM alpine\n# hadolint ignore=DL3000,$0\nRUN x\n").split(' ').take(4).collect::<Vec<_>>().join(" "), @"DL1001 DL3001 DL3002 DL3003");
    assert_snapshot!(labels("FROM alpine\n# hadol$0\nRUN x\n"), @"hadolint ignore= hadolint global ignore=");
}

#[test]
fn complete_copy_destinations_from_workdirs() {
    let text = "FROM golang AS build\nWORKDIR /src\nFROM alpine\nWORKDIR /app\nCOPY --from=build /src/out $0";
    assert_snapshot!(completions(text), @"
    Value /app/ [] · The working directory here
    Value /src/ [] · Set by an earlier WORKDIR
    ");
    assert_snapshot!(labels("FROM alpine\nWORKDIR /app\nCOPY $0"), @"");
}

#[test]
fn complete_healthcheck_and_signals() {
    assert_snapshot!(labels("FROM alpine\nHEALTHCHECK --interval=5s $0"), @"CMD NONE");
    assert_snapshot!(labels("FROM alpine\nSTOPSIGNAL SIGQ$0"), @"SIGQUIT");
}

// ---------------------------------------------------------------------------
// Signature help.

#[test]
fn signatures() {
    assert_snapshot!(signature("FROM $0"), @"
    1 of 1: FROM [--platform=<platform>] <image> [AS <name>]
    active: <image>
    ");
    assert_snapshot!(signature("FROM --platform=$0"), @"
    1 of 1: FROM [--platform=<platform>] <image> [AS <name>]
    active: [--platform=<platform>]
    ");
    assert_snapshot!(signature("FROM golang:1.22 AS $0"), @"
    1 of 1: FROM [--platform=<platform>] <image> [AS <name>]
    active: <name>
    ");
    assert_snapshot!(signature("FROM alpine\nCOPY --chown=$0"), @"
    1 of 2: COPY [--from=<name>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--parents] [--exclude=<path>] <src> ... <dest>
    active: [--chown=<user>:<group>]
    ");
    assert_snapshot!(signature("FROM alpine\nCOPY a b $0"), @"
    1 of 2: COPY [--from=<name>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--parents] [--exclude=<path>] <src> ... <dest>
    active: <dest>
    ");
    assert_snapshot!(signature("FROM alpine\nCOPY a$0"), @"
    1 of 2: COPY [--from=<name>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--parents] [--exclude=<path>] <src> ... <dest>
    active: <src>
    ");
    assert_snapshot!(signature("FROM alpine\nCOPY [\"a\", $0"), @r#"
    2 of 2: COPY [OPTIONS] ["<src>", ... "<dest>"]
    active: ["<src>", ... "<dest>"]
    "#);
    assert_snapshot!(signature("FROM alpine\nRUN --mount=type=cache,sha$0"), @"
    1 of 1: --mount=[type=<bind|cache|tmpfs|secret|ssh>][,target=<path>][,source=<path>][,from=<name>][,id=<id>][,sharing=<shared|private|locked>][,readonly][,readwrite][,mode=<octal>][,uid=<uid>][,gid=<gid>][,required=<bool>][,size=<bytes>][,env=<name>]
    active: sharing=<shared|private|locked>
    ");
    assert_snapshot!(signature("FROM alpine\nRUN apt-get $0"), @"
    1 of 2: RUN [--mount=<mount>] [--network=<type>] [--security=<mode>] [--device=<name>] <command>
    active: <command>
    ");
    assert_snapshot!(signature("FROM alpine\nHEALTHCHECK NONE$0"), @"
    2 of 2: HEALTHCHECK NONE
    active: NONE
    ");
    assert_snapshot!(signature("FROM alpine\nHEALTHCHECK --retries=3 CMD $0"), @"
    1 of 2: HEALTHCHECK [--interval=<duration>] [--timeout=<duration>] [--start-period=<duration>] [--start-interval=<duration>] [--retries=<n>] CMD <command>
    active: <command>
    ");
    assert_snapshot!(signature("ARG NAME=$0"), @"
    1 of 1: ARG <name>[=<default value>] [<name>[=<default value>]...]
    active: <default value>
    ");
    assert_snapshot!(signature("FROM alpine\nCMD [\"a\"$0"), @r#"
    1 of 3: CMD ["executable", "param1", "param2"]
    active: ["executable", "param1", "param2"]
    "#);
    assert_snapshot!(signature("FROM alpine\nONBUILD COPY a $0"), @"
    1 of 2: COPY [--from=<name>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--parents] [--exclude=<path>] <src> ... <dest>
    active: <dest>
    ");
    assert_snapshot!(signature("# syntax=docker/$0dockerfile:1\nFROM alpine"), @"
    1 of 1: # syntax=<frontend image>
    active: <frontend image>
    ");
}

// ---------------------------------------------------------------------------
// Definition, references, highlights, rename.

const STAGES: &str = "FROM golang:1.22 AS Build\nRUN go build -o /out/app\nFROM build AS test\nRUN go test\nFROM alpine:3.22\nCOPY --from=BUILD /out/app /app\nRUN --mount=type=bind,from=build,source=/out,target=/mnt true\nCOPY --from=0 /etc/ssl /etc/ssl\n";

fn at(text: &str, needle: &str, delta: usize) -> String {
    let idx = text.find(needle).expect("needle") + delta;
    format!("{}$0{}", &text[..idx], &text[idx..])
}

#[test]
fn stage_definition_is_case_insensitive() {
    assert_snapshot!(definition(&at(STAGES, "BUILD /out", 2)), @"1:20 Build");
    assert_snapshot!(definition(&at(STAGES, "from=build", 7)), @"1:20 Build");
    assert_snapshot!(definition(&at(STAGES, "FROM build", 6)), @"1:20 Build");
    assert_snapshot!(definition(&at(STAGES, "--from=0", 7)), @"1:20 Build");
}

#[test]
fn stage_references_and_rename() {
    assert_snapshot!(references(&at(STAGES, "AS Build", 4)), @"
    1:20 Build (decl)
    3:5 build
    6:12 BUILD
    7:27 build
    8:12 0
    ");
    assert_snapshot!(rename(&at(STAGES, "AS Build", 4), "compile"), @"
    FROM golang:1.22 AS compile
    RUN go build -o /out/app
    FROM compile AS test
    RUN go test
    FROM alpine:3.22
    COPY --from=compile /out/app /app
    RUN --mount=type=bind,from=compile,source=/out,target=/mnt true
    COPY --from=0 /etc/ssl /etc/ssl
    ");
    assert_snapshot!(rename(&at(STAGES, "AS Build", 4), "Compile"), @"error: `Compile` is not a valid stage name: it must match ^[a-z][a-z0-9-_.]*$");
    assert_snapshot!(rename(&at(STAGES, "AS Build", 4), "test"), @"error: another stage is already named `test`");
    assert_snapshot!(rename(&at(STAGES, "--from=0", 7), "x"), @"error: this refers to stage `Build` by its index; rename the stage at its FROM instead");
}

#[test]
fn stage_highlights() {
    let (analysis, offset) = fixture(&at(STAGES, "from=build", 6));
    let got: Vec<String> = ide::document_highlights(&analysis, offset)
        .iter()
        .map(|it| locate(&analysis, it.range))
        .collect();
    assert_snapshot!(got.join("\n"), @"
    1:20 Build
    3:5 build
    6:12 BUILD
    7:27 build
    8:12 0
    ");
}

const VARS: &str = "ARG GO=1.22\nFROM golang:${GO} AS build\nARG GO\nENV DIR=/src\nRUN echo $GO && cd $DIR\nCOPY <<EOF /etc/version\ngo $GO in ${DIR}\nEOF\nRUN <<'EOF'\necho $GO\nEOF\nFROM alpine\nRUN echo $GO\n";

#[test]
fn variable_definition() {
    assert_snapshot!(definition(&at(VARS, "$GO &&", 2)), @"3:4 GO");
    assert_snapshot!(definition(&at(VARS, "ARG GO\n", 5)), @"1:4 GO");
    assert_snapshot!(definition(&at(VARS, "{DIR}", 2)), @"4:4 DIR");
    assert_snapshot!(definition(&at(VARS, "{GO}", 2)), @"1:4 GO");
}

#[test]
fn variable_references_span_global_arg_redeclaration_and_heredocs() {
    assert_snapshot!(references(&at(VARS, "ARG GO=", 5)), @"
    1:4 GO (decl)
    2:14 GO
    3:4 GO (decl)
    5:10 GO
    7:4 GO
    ");
    assert_snapshot!(references(&at(VARS, "$DIR", 2)), @"
    4:4 DIR (decl)
    5:20 DIR
    7:12 DIR
    ");
    // The stage without `ARG GO` has its own, undefined `$GO`.
    assert_snapshot!(references(&at(VARS, "alpine\nRUN echo $GO", 19)), @"13:10 GO");
}

#[test]
fn variable_rename() {
    assert_snapshot!(rename(&at(VARS, "$GO &&", 2), "GO_VERSION"), @"
    ARG GO_VERSION=1.22
    FROM golang:${GO_VERSION} AS build
    ARG GO_VERSION
    ENV DIR=/src
    RUN echo $GO_VERSION && cd $DIR
    COPY <<EOF /etc/version
    go $GO_VERSION in ${DIR}
    EOF
    RUN <<'EOF'
    echo $GO
    EOF
    FROM alpine
    RUN echo $GO
    ");
    assert_snapshot!(rename(&at(VARS, "$GO &&", 2), "1GO"), @"error: `1GO` is not a valid variable name: use letters, digits and `_`, not starting with a digit");
    assert_snapshot!(rename("FROM golang:1.22\nENV PATH=/x:$PA$0TH\n", "P"), @"error: `PATH` comes from the base image's environment and cannot be renamed");
    assert_snapshot!(rename("FROM --platform=$BUILD$0PLATFORM alpine\n", "P"), @"error: `BUILDPLATFORM` is predefined by the builder and cannot be renamed");
}

#[test]
fn prepare_rename_ranges_and_errors() {
    let (analysis, offset) = fixture("FROM alpine\nENV APP=/srv\nRUN cd ${A$0PP}\n");
    let target = ide::prepare_rename(&analysis, offset).expect("renamable");
    assert_eq!(target.placeholder, "APP");
    assert_eq!(target.range.slice(analysis.text()), "APP");
    let (analysis, offset) = fixture("FROM alpine\nRUN ec$0ho\n");
    let err = ide::prepare_rename(&analysis, offset).expect_err("nothing there");
    assert_snapshot!(err.to_string(), @"nothing to rename here: place the cursor on a stage name, a variable or a heredoc delimiter");
}

const HEREDOC: &str = "FROM alpine\nRUN <<-EOT bash\n\techo hi\n\tEOT\nCOPY <<\"CONF\" /etc/app.conf\nkey=value\nCONF\n";

#[test]
fn heredoc_delimiters() {
    assert_snapshot!(definition(&at(HEREDOC, "\tEOT", 2)), @"2:7 EOT");
    assert_snapshot!(references(&at(HEREDOC, "<<-EOT", 4)), @"
    2:7 EOT (decl)
    4:1 EOT
    ");
    assert_snapshot!(rename(&at(HEREDOC, "CONF\" /etc", 1), "END"), @r#"
    FROM alpine
    RUN <<-EOT bash
    	echo hi
    	EOT
    COPY <<"END" /etc/app.conf
    key=value
    END
    "#);
    assert_snapshot!(rename(&at(HEREDOC, "CONF\" /etc", 1), "key=value"), @"error: `key=value` is not a usable heredoc delimiter: use letters, digits, `_`, `-` and `.`");
    assert_snapshot!(rename("FROM alpine\nRUN <<E$0OF\nEND\nEOF\n", "END"), @"error: a line of the heredoc body is `END`: it would end the heredoc early");
}

// ---------------------------------------------------------------------------
// Links and workspace symbols.

#[test]
fn document_links() {
    let text = "# syntax=docker/dockerfile:1.7\nARG TAG=3.22\nFROM alpine:${TAG} AS a\nFROM golang:1.22\nFROM bitnami/redis:7\nFROM ghcr.io/acme/tool:1\nFROM quay.io/prometheus/node-exporter\nFROM mcr.microsoft.com/dotnet/runtime:8.0\nFROM gcr.io/distroless/static-debian12@sha256:0000000000000000000000000000000000000000000000000000000000000000\nFROM registry.example.com/x\nFROM a\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nFROM scratch\n";
    let analysis = Analysis::new(Arc::from(text), Arc::new(AnalysisConfig::default()));
    let got: Vec<String> = ide::document_links(&analysis)
        .iter()
        .map(|it| format!("{} -> {}", it.range.slice(text), it.target))
        .collect();
    assert_snapshot!(got.join("\n"), @"
    docker/dockerfile -> https://hub.docker.com/r/docker/dockerfile
    alpine:${TAG} -> https://hub.docker.com/_/alpine
    golang -> https://hub.docker.com/_/golang
    bitnami/redis -> https://hub.docker.com/r/bitnami/redis
    ghcr.io/acme/tool -> https://ghcr.io/acme/tool
    quay.io/prometheus/node-exporter -> https://quay.io/repository/prometheus/node-exporter
    mcr.microsoft.com/dotnet/runtime -> https://mcr.microsoft.com/artifact/mar/dotnet/runtime
    gcr.io/distroless/static-debian12 -> https://gcr.io/distroless/static-debian12
    nginx -> https://hub.docker.com/_/nginx
    ");
}

#[test]
fn workspace_symbols_filter_and_rank() {
    let text = "ARG BUILDER_IMAGE=golang:1.22\nARG UID=1000\nFROM $BUILDER_IMAGE AS builder\nFROM builder AS build-tests\nFROM alpine AS runtime\n";
    let analysis = Analysis::new(Arc::from(text), Arc::new(AnalysisConfig::default()));
    let render = |query: &str| {
        ide::workspace_symbols(&analysis, query)
            .iter()
            .map(|it| {
                format!(
                    "{:?} {} ({})",
                    it.kind,
                    it.name,
                    it.container.clone().unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_snapshot!(render("build"), @"
    Variable BUILDER_IMAGE (global ARG = golang:1.22)
    Stage build-tests (FROM builder)
    Stage builder (FROM golang:1.22)
    ");
    assert_snapshot!(render("rnt"), @"Stage runtime (FROM alpine)");
    assert_snapshot!(render(""), @"
    Variable BUILDER_IMAGE (global ARG = golang:1.22)
    Variable UID (global ARG = 1000)
    Stage build-tests (FROM builder)
    Stage builder (FROM golang:1.22)
    Stage runtime (FROM alpine)
    ");
}

#[test]
fn features_survive_absurd_offsets() {
    for text in [
        "",
        "FROM",
        "FROM alpine\nRUN <<EOF\n",
        "ONBUILD ONBUILD",
        "# check=skip=",
        "RUN --mount=,,,=",
        "\u{feff}FROM é😀 AS x\nCOPY --from=x a b",
    ] {
        let analysis = Analysis::new(Arc::from(text), Arc::new(AnalysisConfig::default()));
        for offset in 0..=text.len() + 2 {
            let _ = ide::hover(&analysis, offset);
            let _ = ide::completions(&analysis, offset, CompletionConfig { snippets: true });
            let _ = ide::signature_help(&analysis, offset);
            let _ = ide::goto_definition(&analysis, offset);
            let _ = ide::references(&analysis, offset, true);
            let _ = ide::prepare_rename(&analysis, offset);
        }
        let _ = ide::document_links(&analysis);
    }
}

#[test]
fn continuation_lines() {
    let text = "FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk \\\n    --mount=ty$0";
    assert_snapshot!(completions(text), @r#"MountKey type [ty] => "type=" · The kind of mount: `bind` (default), `cache`, `tmpfs`, `secret` or `ssh`"#);
    let text = "FROM alpine\nENV APP=/srv\nRUN echo hi \\\n  # a comment\n  && cd $A$0PP";
    assert_snapshot!(hover(text), @"
    [$APP]
    **`$APP`** — ENV

    Value: `/srv`

    Declared on line 2: `ENV APP=/srv`
    ");
    let text = "FROM alpine\nENV APP=/srv\nRUN echo hi \\\n  && cd $AP$0";
    assert_snapshot!(labels(text), @"APP");
    let text = "FROM golang AS build\nFROM alpine\nCOPY \\\n  --from=bu$0ild /a /b\n";
    assert_snapshot!(definition(text), @"1:15 build");
}
