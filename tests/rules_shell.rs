//! The shell rules (`rules::shell`): edge cases per rule, and a comparison
//! with real hadolint on the Dockerfiles in `tests/fixtures/shell/`.

use std::collections::BTreeMap;

use docklens::{
    model::{self, KnowledgeBaseFacts, ModelOptions},
    rules::{self, Applicability, Config, Diagnostic, Environment},
    syntax::{self, apply_edits, LineKind},
};

const SHELL_CODES: &[&str] = &[
    "DL3001", "DL3003", "DL3004", "DL3010", "DL3046", "DL3047", "DL3059", "DL4001", "DL4005",
    "DL4006",
];

fn lint(text: &str) -> Vec<Diagnostic> {
    let parse = syntax::parse(text);
    let model = model::analyze(text, &parse, &ModelOptions::default(), &KnowledgeBaseFacts);
    rules::check(
        text,
        &parse,
        &model,
        &Config::default(),
        &Environment::default(),
    )
}

/// `(1-based line, source text)` of each finding of `code`.
fn found(text: &str, code: &str) -> Vec<(usize, String)> {
    lint(text)
        .into_iter()
        .filter(|it| it.code == code)
        .map(|it| {
            let line = text[..it.range.start()].matches('\n').count() + 1;
            (line, text[it.range.start()..it.range.end()].to_owned())
        })
        .collect()
}

fn lines(text: &str, code: &str) -> Vec<usize> {
    found(text, code).into_iter().map(|it| it.0).collect()
}

fn one(text: &str, code: &str) -> Diagnostic {
    let all: Vec<Diagnostic> = lint(text)
        .into_iter()
        .filter(|it| it.code == code)
        .collect();
    assert_eq!(all.len(), 1, "{code} in:\n{text}\n{all:#?}");
    all.into_iter().next().unwrap_or_else(|| unreachable!())
}

/// Applies the finding's fix and returns the new text.
fn fixed(text: &str, code: &str) -> (String, Applicability) {
    let diagnostic = one(text, code);
    let fix = diagnostic
        .fix
        .unwrap_or_else(|| panic!("{code} has no fix in:\n{text}"));
    let after = apply_edits(text, &fix.edits).unwrap_or_else(|| panic!("bad edits"));
    assert!(
        syntax::parse(&after).errors.len() <= syntax::parse(text).errors.len(),
        "the fix adds a syntax error:\n{after}"
    );
    (after, fix.applicability)
}

// ---- DL3001 -------------------------------------------------------------

#[test]
fn dl3001_commands_run_not_packages() {
    let text = "FROM debian:12\nRUN apt-get install -y vim ssh && command -v ps\nRUN sudo service nginx start; (top -b -n1)\n";
    assert_eq!(
        found(text, "DL3001"),
        vec![(3, "service".into()), (3, "top".into())]
    );
    let heredoc = "FROM debian:12\nRUN <<EOF\nkill -9 1\nEOF\nRUN [\"sh\", \"-c\", \"free -m\"]\nRUN [\"ifconfig\"]\n";
    assert_eq!(
        found(heredoc, "DL3001"),
        vec![
            (3, "kill".into()),
            (5, "free".into()),
            (6, "\"ifconfig\"".into())
        ]
    );
}

// ---- DL3003 -------------------------------------------------------------

#[test]
fn dl3003_cd_outside_subshells() {
    let text = "FROM alpine:3.22\n\
RUN cd /x && make\n\
RUN (cd /x && make) && ls\n\
RUN DIR=$(cd /x && pwd) && echo $DIR\n\
RUN { cd /y; make; }\n\
RUN if [ -d /z ]; then cd /z; fi\n\
RUN for d in a b; do (cd $d && make); done\n\
RUN [\"/bin/sh\", \"-c\", \"cd /w && make\"]\n\
RUN <<EOF\ncd /v\nmake\nEOF\n";
    assert_eq!(lines(text, "DL3003"), vec![2, 5, 6, 8, 10]);
}

#[test]
fn dl3003_fix_moves_cd_into_workdir() {
    let text = "FROM alpine:3.22\nRUN cd /usr/src/app \\\n    && make\n";
    let (after, applicability) = fixed(text, "DL3003");
    assert_eq!(after, "FROM alpine:3.22\nWORKDIR /usr/src/app\nRUN make\n");
    assert_eq!(applicability, Applicability::Unsafe);
    assert!(lines(&after, "DL3003").is_empty());
    // Relative directories, `cd` later in the chain and variables get no fix.
    for text in [
        "FROM alpine:3.22\nRUN cd build && make\n",
        "FROM alpine:3.22\nRUN make && cd /x && ls\n",
        "FROM alpine:3.22\nRUN cd $HOME && make\n",
        "FROM alpine:3.22\nRUN cd /x; make\n",
    ] {
        assert!(one(text, "DL3003").fix.is_none(), "{text}");
    }
}

#[test]
fn dl3003_pragma_suppresses() {
    let text = "FROM alpine:3.22\n# hadolint ignore=DL3003\nRUN cd /x && make\nRUN cd /y && make\n";
    assert_eq!(lines(text, "DL3003"), vec![4]);
}

// ---- DL3004 -------------------------------------------------------------

#[test]
fn dl3004_sudo_anywhere() {
    let text = "FROM debian:12\n\
RUN sudo apt-get update\n\
RUN /usr/bin/sudo -u app make\n\
RUN env FOO=1 sudo ls\n\
RUN echo sudo\n\
RUN [\"sudo\", \"ls\"]\n";
    assert_eq!(
        found(text, "DL3004"),
        vec![
            (2, "sudo".into()),
            (3, "/usr/bin/sudo".into()),
            (4, "sudo".into()),
            (6, "\"sudo\"".into())
        ]
    );
    let (after, applicability) = fixed("FROM debian:12\nRUN sudo mkdir /x\n", "DL3004");
    assert_eq!(after, "FROM debian:12\nRUN mkdir /x\n");
    assert_eq!(applicability, Applicability::Unsafe);
    // Not as root, or with options: no fix.
    assert!(one("FROM debian:12\nUSER app\nRUN sudo ls\n", "DL3004")
        .fix
        .is_none());
    assert!(one("FROM debian:12\nRUN sudo -E ls\n", "DL3004")
        .fix
        .is_none());
}

// ---- DL3010 -------------------------------------------------------------

#[test]
fn dl3010_copy_then_tar_in_the_shipped_image() {
    let text = "FROM alpine:3.22\n\
COPY app.tar.gz /tmp/\n\
COPY data.zip /tmp/\n\
COPY lib.tgz /opt/\n\
RUN tar -xzf /tmp/app.tar.gz -C /opt && unzip /tmp/data.zip\n\
RUN tar xzf /opt/lib.tgz\n";
    assert_eq!(
        found(text, "DL3010"),
        vec![(2, "app.tar.gz".into()), (4, "lib.tgz".into())]
    );
    let diagnostic = one(
        "FROM alpine:3.22\nCOPY a.tar /tmp/\nRUN tar -xf /tmp/a.tar\n",
        "DL3010",
    );
    assert_eq!(diagnostic.related.len(), 1);
    // What ADD cannot do, COPY --from, and builder stages are left alone.
    let not = "FROM alpine:3.22 AS build\n\
COPY b.tar.gz /tmp/\n\
RUN tar -xzf /tmp/b.tar.gz\n\
FROM alpine:3.22\n\
COPY c.tar.gz /tmp/\n\
RUN tar -xzf /tmp/c.tar.gz --strip-components=1 -C /opt\n\
COPY d.tar.lz /tmp/\n\
RUN tar --lzip -xf /tmp/d.tar.lz\n\
COPY --from=build /e.tar /tmp/\n\
RUN tar -xf /tmp/e.tar\n\
COPY f.tar.gz /tmp/\n\
RUN tar -xzf /tmp/f.tar.gz some/member\n";
    assert!(lines(not, "DL3010").is_empty());
}

// ---- DL3046 -------------------------------------------------------------

#[test]
fn dl3046_high_uid_with_size_and_fix() {
    let diagnostic = one("FROM debian:12\nRUN useradd -u 1000000 app\n", "DL3046");
    assert!(
        diagnostic.message.contains("292 MB"),
        "{}",
        diagnostic.message
    );
    let (after, applicability) = fixed("FROM debian:12\nRUN useradd -u 123456 app\n", "DL3046");
    assert_eq!(after, "FROM debian:12\nRUN useradd -l -u 123456 app\n");
    assert_eq!(applicability, Applicability::Unsafe);
    let text = "FROM debian:12\n\
ARG SMALL=1000\n\
ARG BIG=200000\n\
RUN useradd -u ${SMALL} a && useradd --uid=${BIG} b\n\
RUN useradd -l -u 200000 c && useradd --no-log-init -u 200000 d && useradd -u 99999 e\n";
    assert_eq!(found(text, "DL3046"), vec![(4, "--uid=${BIG}".into())]);
    // Builder stages do not ship.
    let builder = "FROM debian:12 AS build\nRUN useradd -u 1000000 x\nFROM debian:12\n";
    assert!(lines(builder, "DL3046").is_empty());
}

// ---- DL3047 -------------------------------------------------------------

#[test]
fn dl3047_wget_quietness() {
    let text = "FROM debian:12\n\
RUN wget https://x/a && wget -nv https://x/b && wget -q https://x/c\n\
RUN wget -O/tmp/out https://x/d && wget -qO- https://x/e && wget --progress=bar https://x/f\n\
RUN wget -o /tmp/log https://x/g && wget -nc https://x/h\n";
    assert_eq!(lines(text, "DL3047"), vec![2, 3, 4]);
    let (after, applicability) = fixed("FROM debian:12\nRUN wget https://x/a\n", "DL3047");
    assert_eq!(
        after,
        "FROM debian:12\nRUN wget --progress=dot:giga https://x/a\n"
    );
    assert_eq!(applicability, Applicability::Safe);
    // BusyBox wget has no --progress.
    let (after, _) = fixed("FROM alpine:3.22\nRUN wget https://x/a\n", "DL3047");
    assert_eq!(after, "FROM alpine:3.22\nRUN wget -q https://x/a\n");
    let gnu = "FROM alpine:3.22\nRUN apk add --no-cache wget\nRUN wget https://x/a\n";
    let (after, _) = fixed(gnu, "DL3047");
    assert!(after.contains("wget --progress=dot:giga https"), "{after}");
    let (_, applicability) = fixed("FROM example.com/base:1\nRUN wget https://x/a\n", "DL3047");
    assert_eq!(applicability, Applicability::Unsafe);
}

// ---- DL3059 -------------------------------------------------------------

#[test]
fn dl3059_only_in_the_shipped_image() {
    let text = "FROM alpine:3.22 AS build\n\
RUN a\n\
RUN b\n\
FROM alpine:3.22\n\
RUN c\n\
# comment\n\
RUN d\n\
RUN e\n\
COPY x /x\n\
RUN f\n";
    assert_eq!(lines(text, "DL3059"), vec![7, 8]);
    let diagnostic = one("FROM alpine:3.22\nRUN a\nRUN b\n", "DL3059");
    assert!(
        diagnostic.message.contains("2 layers"),
        "{}",
        diagnostic.message
    );
    assert_eq!(diagnostic.related.len(), 1);
    // A stage the target is built FROM ships too.
    let parent = "FROM alpine:3.22 AS base\nRUN a\nRUN b\nFROM base\nCMD [\"x\"]\n";
    assert_eq!(lines(parent, "DL3059"), vec![3]);
}

#[test]
fn dl3059_leaves_flags_heredocs_and_chains_alone() {
    let text = "FROM alpine:3.22\n\
RUN --mount=type=cache,target=/root/.cache a\n\
RUN b\n\
RUN --network=none c\n\
RUN <<EOF\nd\nEOF\n\
RUN e\n\
RUN f && g\n\
RUN h\n";
    assert!(lines(text, "DL3059").is_empty());
    let same = "FROM alpine:3.22\nRUN --network=none a\nRUN --network=none b\n";
    let diagnostic = one(same, "DL3059");
    assert!(diagnostic.fix.is_none(), "flags: no fix");
}

#[test]
fn dl3059_fix_joins_and_keeps_comments() {
    let text =
        "FROM alpine:3.22\nRUN mkdir -p /srv\n\n# own it\nRUN chown nobody /srv\nCMD [\"sh\"]\n";
    let (after, applicability) = fixed(text, "DL3059");
    assert_eq!(
        after,
        "FROM alpine:3.22\nRUN mkdir -p /srv \\\n# own it\n    && chown nobody /srv\nCMD [\"sh\"]\n"
    );
    assert_eq!(applicability, Applicability::Unsafe);
    assert!(lines(&after, "DL3059").is_empty());
    // `cd` would change the second command's directory; pragmas would move.
    let cd = "FROM alpine:3.22\nRUN cd /x\nRUN make\n";
    assert!(one(cd, "DL3059").fix.is_none());
    let pragma = "FROM alpine:3.22\nRUN a\n# hadolint ignore=DL3001\nRUN b\n";
    assert!(one(pragma, "DL3059").fix.is_none());
}

// ---- DL4001 -------------------------------------------------------------

#[test]
fn dl4001_per_stage() {
    let text = "FROM debian:12 AS a\n\
RUN curl -fsSLo /x https://x\n\
RUN apt-get install -y wget\n\
FROM debian:12\n\
RUN curl -fsSLo /y https://y\n\
RUN wget -q https://z && curl https://w\n\
RUN sudo curl https://v\n";
    assert_eq!(
        found(text, "DL4001"),
        vec![(6, "wget".into()), (7, "curl".into())]
    );
    let diagnostic = lint(text)
        .into_iter()
        .find(|it| it.code == "DL4001")
        .unwrap_or_else(|| unreachable!());
    assert_eq!(diagnostic.related.len(), 1);
}

// ---- DL4005 -------------------------------------------------------------

#[test]
fn dl4005_replacing_bin_sh() {
    let text = "FROM debian:12\n\
RUN ln -sf /bin/bash /bin/sh\n\
RUN ln -s /bin/sh /usr/local/bin/sh2\n\
RUN ln -sf -t /bin /opt/busybox/sh\n\
RUN [\"ln\", \"-sf\", \"bash\", \"/usr/bin/sh\"]\n";
    assert_eq!(
        found(text, "DL4005"),
        vec![
            (2, "/bin/sh".into()),
            (4, "/bin".into()),
            (5, "\"/usr/bin/sh\"".into())
        ]
    );
}

// ---- DL4006 -------------------------------------------------------------

#[test]
fn dl4006_pipefail_in_shell_or_script() {
    let text = "FROM debian:12\n\
RUN curl -fsSL https://x | tar -xz\n\
RUN set -o pipefail && curl -fsSL https://x | tar -xz\n\
RUN set -euxo pipefail; curl https://x | sh\n\
RUN <<EOF bash\nset -euo pipefail\necho 1 | cat\nEOF\n\
RUN echo $(ls | wc -l)\n\
RUN (set -o pipefail) && a | b\n\
SHELL [\"/bin/bash\", \"-euxo\", \"pipefail\", \"-c\"]\n\
RUN c | d\n\
RUN <<EOF\n#!/bin/bash\ne | f\nEOF\n";
    assert_eq!(
        found(text, "DL4006"),
        vec![
            (2, "|".into()),
            // dash, Debian's /bin/sh, rejects `set -o pipefail`.
            (3, "pipefail".into()),
            (4, "pipefail".into()),
            (9, "|".into()),
            (10, "|".into()),
            (15, "|".into())
        ]
    );
    let powershell = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN a | b\n";
    assert!(lines(powershell, "DL4006").is_empty());
    let next_stage = "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM debian:12\nRUN a | b\n";
    assert_eq!(lines(next_stage, "DL4006"), vec![4]);
    let inherited = "FROM debian:12 AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM base\nRUN a | b\n";
    assert!(lines(inherited, "DL4006").is_empty());
}

#[test]
fn dl4006_dash_rejects_set_pipefail() {
    // Debian's /bin/sh is dash: `set -o pipefail` fails the RUN.
    let text = "FROM debian:12\nRUN set -o pipefail && curl -fsSL https://x | tar -xz\n";
    let diagnostic = one(text, "DL4006");
    assert_eq!(
        &text[diagnostic.range.start()..diagnostic.range.end()],
        "pipefail"
    );
    assert!(
        diagnostic.message.contains("dash"),
        "{}",
        diagnostic.message
    );
    let (after, _) = fixed(text, "DL4006");
    assert!(
        after.starts_with(
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN set"
        ),
        "{after}"
    );
    assert!(lines(&after, "DL4006").is_empty());
    // Read by bash, or on Alpine: fine.
    for ok in [
        "FROM debian:12\nRUN <<EOF bash\nset -o pipefail\na | b\nEOF\n",
        "FROM debian:12\nRUN <<EOF\n#!/bin/bash\nset -o pipefail\na | b\nEOF\n",
        "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN set -o pipefail && a | b\n",
        "FROM alpine:3.22\nRUN set -o pipefail && a | b\n",
    ] {
        assert!(lines(ok, "DL4006").is_empty(), "{ok}");
    }
    // `<<EOF bash` starts a new bash: the SHELL's pipefail does not reach it.
    let inner = "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN <<EOF bash\na | b\nEOF\n";
    assert_eq!(lines(inner, "DL4006"), vec![4]);
    let (after, _) = fixed(inner, "DL4006");
    assert!(
        after.contains("RUN <<EOF bash\nset -o pipefail\na | b"),
        "{after}"
    );
}

#[test]
fn dl4006_fix_depends_on_the_shell() {
    let (after, applicability) =
        fixed("FROM alpine:3.22\nRUN wget -qO- https://x | sh\n", "DL4006");
    assert_eq!(
        after,
        "FROM alpine:3.22\nRUN set -o pipefail && wget -qO- https://x | sh\n"
    );
    assert_eq!(applicability, Applicability::Unsafe);
    let (after, _) = fixed("FROM debian:12\n  RUN a | b\n", "DL4006");
    assert_eq!(
        after,
        "FROM debian:12\n  SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n  RUN a | b\n"
    );
    assert!(lines(&after, "DL4006").is_empty());
    let (after, _) = fixed(
        "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN a | b\n",
        "DL4006",
    );
    assert!(after.contains("RUN set -o pipefail && a | b"), "{after}");
    let (after, _) = fixed("FROM alpine:3.22\nRUN <<EOF\na | b\nEOF\n", "DL4006");
    assert_eq!(
        after,
        "FROM alpine:3.22\nRUN <<EOF\nset -o pipefail\na | b\nEOF\n"
    );
    let (_, applicability) = fixed("FROM example.com/base:1\nRUN a | b\n", "DL4006");
    assert_eq!(applicability, Applicability::DisplayOnly);
}

// ---- DK2004 -------------------------------------------------------------

#[test]
fn dk2004_same_run_is_fine_later_run_is_not() {
    let same = "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n";
    assert!(lines(same, "DK2004").is_empty());
    let later = "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n";
    let diagnostic = one(later, "DK2004");
    assert_eq!(
        &later[diagnostic.range.start()..diagnostic.range.end()],
        "/var/lib/apt/lists/*"
    );
    assert!(
        diagnostic.message.contains("20–40 MB"),
        "{}",
        diagnostic.message
    );
    assert_eq!(diagnostic.related.len(), 1);
    let related = &diagnostic.related[0];
    assert_eq!(
        &later[related.range.start()..related.range.end()],
        "apt-get update"
    );
    // Already cleaned where it was made: the later rm removes nothing.
    let twice = "FROM debian:12\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\nRUN rm -rf /var/lib/apt/lists/*\n";
    assert!(lines(twice, "DK2004").is_empty());
}

#[test]
fn dk2004_fix_moves_the_cleanup() {
    let text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\nCMD [\"bash\"]\n";
    let (after, applicability) = fixed(text, "DK2004");
    assert_eq!(applicability, Applicability::DisplayOnly);
    assert_eq!(
        after,
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\nCMD [\"bash\"]\n"
    );
    let chained = "FROM python:3.12-slim\nRUN pip install flask\nRUN echo ok && pip cache purge\n";
    let (after, _) = fixed(chained, "DK2004");
    assert_eq!(
        after,
        "FROM python:3.12-slim\nRUN pip install flask \\\n    && pip cache purge\nRUN echo ok\n"
    );
}

#[test]
fn dk2004_kinds_of_creators() {
    let text = "FROM alpine:3.22\n\
RUN apk add --virtual .build-deps gcc musl-dev\n\
COPY app.tar.gz /tmp/\n\
RUN wget -O /tmp/tool.tgz https://x/tool.tgz && curl -o /opt/a.bin https://x/a.bin\n\
WORKDIR /src\n\
RUN git clone https://github.com/x/repo.git\n\
COPY . /app\n\
RUN apk del .build-deps && rm -f /tmp/app.tar.gz /tmp/tool.tgz\n\
RUN rm -rf /src/repo/.git /app/.git /app/build /opt/a.bin\n";
    assert_eq!(
        found(text, "DK2004"),
        vec![
            (8, ".build-deps".into()),
            (8, "/tmp/app.tar.gz".into()),
            (8, "/tmp/tool.tgz".into()),
            (9, "/src/repo/.git".into()),
            (9, "/app/.git".into()),
            (9, "/app/build".into()),
            (9, "/opt/a.bin".into()),
        ]
    );
    // Inside a copied tree, after a command that may have made it: left alone,
    // unless it is VCS metadata only the COPY can have brought.
    let built = "FROM alpine:3.22\nCOPY . /app\nRUN make -C /app && rm -rf /app/build /app/.git\nRUN rm -rf /app/.git\n";
    assert_eq!(
        found(built, "DK2004"),
        vec![(3, "/app/.git".into()), (4, "/app/.git".into())]
    );
}

#[test]
fn dk2004_caches_mounts_and_stages() {
    let text = "FROM python:3.12-slim AS build\n\
RUN pip install flask\n\
RUN pip cache purge\n\
FROM python:3.12-slim\n\
RUN pip install --no-cache-dir flask\n\
RUN --mount=type=cache,target=/root/.cache/pip pip install gunicorn\n\
RUN pip cache purge\n\
RUN npm ci\n\
RUN --mount=type=cache,target=/root/.npm npm cache clean --force\n\
RUN go build ./... && go clean -cache\n\
RUN apt-get clean\n";
    assert!(
        lines(text, "DK2004").is_empty(),
        "{:#?}",
        found(text, "DK2004")
    );
    let npm = "FROM node:20-slim\nWORKDIR /app\nRUN npm ci\nRUN npm cache clean --force && rm -rf node_modules\n";
    assert_eq!(
        found(npm, "DK2004"),
        vec![
            (4, "npm cache clean --force".into()),
            (4, "node_modules".into())
        ]
    );
    // Unknown base: apt keeps .deb files, so `apt-get clean` later is too late.
    let unknown = "FROM example.com/base:1\nRUN apt-get install -y curl\nRUN apt-get clean\n";
    assert_eq!(lines(unknown, "DK2004"), vec![3]);
}

#[test]
fn dk2004_pragma_suppresses() {
    let text = "FROM debian:12\nRUN apt-get update\n# hadolint ignore=DK2004\nRUN rm -rf /var/lib/apt/lists/*\n";
    assert!(lines(text, "DK2004").is_empty());
}

// ---- hadolint comparison --------------------------------------------------

/// The fixture with a blank line after every heredoc terminator: hadolint
/// 2.15 cannot parse an instruction right after one (hadolint#1137).
fn hadolint_input(text: &str) -> String {
    let parse = syntax::parse(text);
    let mut res = String::with_capacity(text.len() + 64);
    for line in &parse.lines {
        res.push_str(&text[line.range.start()..line.range.end()]);
        if line.kind == LineKind::HeredocTerminator {
            if !res.ends_with('\n') {
                res.push('\n');
            }
            res.push('\n');
        }
    }
    res
}

/// `(instruction index, code)` → count, for a text and its findings by line.
fn by_instruction(text: &str, findings: &[(usize, String)]) -> BTreeMap<(usize, String), usize> {
    let parse = syntax::parse(text);
    let mut res = BTreeMap::new();
    for (line, code) in findings {
        let idx = parse
            .instructions
            .iter()
            .position(|it| it.start_line + 1 == *line)
            .unwrap_or(usize::MAX);
        *res.entry((idx, code.clone())).or_insert(0) += 1;
    }
    res
}

/// Where the big generated benchmark Dockerfile lives (too big to copy here).
const BENCH: &str = "/work/shared/bench/data";

fn fixture_path(name: &str) -> Option<std::path::PathBuf> {
    let local = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/shell")
        .join(name);
    let bench = std::path::Path::new(BENCH).join(name);
    [local, bench].into_iter().find(|it| it.exists())
}

fn fixture(name: &str) -> String {
    let path = fixture_path(name).unwrap_or_else(|| panic!("no fixture {name}"));
    std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{}", path.display()))
}

/// hadolint's findings of the shell codes, by instruction.
fn hadolint_findings(name: &str) -> BTreeMap<(usize, String), usize> {
    let text = fixture(&format!("{name}.Dockerfile"));
    let json: serde_json::Value =
        serde_json::from_str(&fixture(&format!("{name}.hadolint.json"))).unwrap_or_default();
    let findings: Vec<(usize, String)> = json
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|it| {
            let code = it.get("code")?.as_str()?;
            let line = usize::try_from(it.get("line")?.as_u64()?).ok()?;
            SHELL_CODES.contains(&code).then(|| (line, code.to_owned()))
        })
        .collect();
    // One finding per instruction and code, as hadolint reports.
    by_instruction(&hadolint_input(&text), &findings)
        .into_keys()
        .map(|it| (it, 1))
        .collect()
}

/// docklens's findings of the shell codes, one per instruction and code.
fn docklens_findings(name: &str) -> BTreeMap<(usize, String), usize> {
    let text = fixture(&format!("{name}.Dockerfile"));
    let parse = syntax::parse(&text);
    lint(&text)
        .into_iter()
        .filter(|it| SHELL_CODES.contains(&it.code))
        .filter_map(|it| {
            let idx = parse
                .instructions
                .iter()
                .position(|i| i.range.touches(it.range.start()))?;
            Some(((idx, it.code.to_owned()), 1))
        })
        .collect()
}

/// Compares with hadolint: `more` are findings only docklens makes, `fewer`
/// findings only hadolint makes, each as `(1-based line of the instruction, code)`.
fn compare(name: &str, more: &[(usize, &str)], fewer: &[(usize, &str)]) {
    let text = fixture(&format!("{name}.Dockerfile"));
    let parse = syntax::parse(&text);
    let line = |idx: usize| {
        parse
            .instructions
            .get(idx)
            .map_or(0, |it| it.start_line + 1)
    };
    let ours = docklens_findings(name);
    let theirs = hadolint_findings(name);
    let mut got_more: Vec<(usize, String)> = ours
        .keys()
        .filter(|it| !theirs.contains_key(*it))
        .map(|(idx, code)| (line(*idx), code.clone()))
        .collect();
    let mut got_fewer: Vec<(usize, String)> = theirs
        .keys()
        .filter(|it| !ours.contains_key(*it))
        .map(|(idx, code)| (line(*idx), code.clone()))
        .collect();
    got_more.sort();
    got_fewer.sort();
    let want = |list: &[(usize, &str)]| {
        let mut res: Vec<(usize, String)> =
            list.iter().map(|(l, c)| (*l, (*c).to_owned())).collect();
        res.sort();
        res
    };
    assert_eq!(got_more, want(more), "{name}: findings only docklens makes");
    assert_eq!(
        got_fewer,
        want(fewer),
        "{name}: findings only hadolint makes"
    );
}

#[test]
fn hadolint_node_app() {
    compare(
        "node-app",
        &[],
        // Consecutive RUNs in the `build` stage: its layers never ship.
        &[(11, "DL3059"), (12, "DL3059")],
    );
}

#[test]
fn hadolint_python_service() {
    compare("python-service", &[], &[]);
}

#[test]
fn hadolint_go_alpine() {
    compare(
        "go-alpine",
        // Old-style `tar xzf` extracts the copied archive too.
        &[(12, "DL3010")],
        &[
            // Consecutive RUNs in the `builder` stage.
            (8, "DL3059"),
            // `--strip-components` is something ADD cannot do.
            (14, "DL3010"),
            // `ln -s /bin/sh /usr/local/bin/posix-sh` links to /bin/sh, it does not replace it.
            (22, "DL4005"),
        ],
    );
}

#[test]
fn hadolint_heredocs() {
    compare(
        "heredocs",
        // The `sh -c` string of exec form is a script: `cd` and `ps` run there.
        &[(17, "DL3003"), (18, "DL3001")],
        // `set -euxo pipefail` inside the heredoc script (hadolint#1137).
        &[(3, "DL4006")],
    );
}

#[test]
fn hadolint_legacy() {
    compare(
        "legacy",
        &[
            // ONBUILD RUN triggers are RUNs too.
            (19, "DL3003"),
            // hadolint's message names `ifconfig`, its list misses it.
            (21, "DL3001"),
            // `sudo` by its path.
            (22, "DL3004"),
            // `service` run through `sudo`.
            (23, "DL3001"),
        ],
        // `cd` inside `( ... )` ends with the subshell.
        &[(16, "DL3003")],
    );
}

#[test]
fn hadolint_gen_50() {
    compare("gen-50", &[], &[]);
}

/// Only where the benchmark data is.
#[test]
fn hadolint_gen_10000() {
    if fixture_path("gen-10000.Dockerfile").is_none() {
        eprintln!("skipped: {BENCH}/gen-10000.Dockerfile is not here");
        return;
    }
    // All 44 differences: consecutive RUNs in the 263 builder stages.
    let builder_runs = [
        527, 866, 868, 927, 1056, 1117, 1223, 1265, 1924, 2193, 2381, 2692, 2738, 2934, 3107, 3110,
        3822, 3978, 4058, 4080, 4113, 4755, 4994, 5434, 5475, 5503, 5941, 6674, 6721, 6761, 6893,
        6898, 7144, 7631, 8288, 8330, 8591, 8593, 8707, 8708, 8820, 8941, 9515, 9552,
    ];
    let fewer: Vec<(usize, &str)> = builder_runs.iter().map(|it| (*it, "DL3059")).collect();
    compare("gen-10000", &[], &fewer);
}

#[test]
fn hadolint_gen_1000() {
    compare(
        "gen-1000",
        &[],
        // Consecutive RUNs in builder stages (`web-11`, `build-21`).
        &[(370, "DL3059"), (754, "DL3059")],
    );
}

// ---- every rule -----------------------------------------------------------

/// A `# hadolint ignore=` (or `# docklens ignore=`) line above the flagged
/// instruction silences every shell rule's docs example.
#[test]
fn pragmas_above_silence_every_rule() {
    for code in SHELL_CODES.iter().chain(&["DK2004"]) {
        let rule = rules::find_rule(code).unwrap_or_else(|| panic!("{code}"));
        for bad in rules::docs::examples(rule.docs).bad {
            let parse = syntax::parse(&bad);
            let flagged: Vec<usize> = lint(&bad)
                .iter()
                .filter(|it| it.code == *code)
                .filter_map(|it| parse.instruction_at(it.range.start()))
                .map(|it| it.start_line)
                .collect();
            assert!(!flagged.is_empty(), "{code}");
            for tool in ["hadolint", "docklens"] {
                let mut text = String::new();
                for (number, line) in bad.lines().enumerate() {
                    if flagged.contains(&number) {
                        text.push_str(&format!("# {tool} ignore={code}\n"));
                    }
                    text.push_str(line);
                    text.push('\n');
                }
                assert!(lines(&text, code).is_empty(), "{code}:\n{text}");
            }
        }
    }
}

/// Commands are found wherever a shell runs them: heredoc scripts, the
/// string of `sh -c` in exec form, behind wrappers, in `if` and loop bodies.
#[test]
fn every_command_rule_reads_heredocs_sh_c_and_bodies() {
    // `cd` is a builtin: only `builtin`/`command` can run it.
    let cases: &[(&str, &str, &str)] = &[
        ("DL3001", "vim /etc/x", "nice -n 5"),
        ("DL3003", "cd /x", "builtin"),
        ("DL3004", "sudo ls", "env A=1"),
        ("DL3047", "wget https://x/a", "timeout 60"),
        ("DL4005", "ln -sf /bin/bash /bin/sh", "sudo"),
    ];
    for (code, command, wrapper) in cases {
        let forms = [
            format!("FROM debian:12\nRUN <<EOF\nset -e\n{command}\nEOF\n"),
            format!("FROM debian:12\nRUN [\"/bin/sh\", \"-c\", \"true && {command}\"]\n"),
            format!("FROM debian:12\nRUN if true; then {wrapper} {command}; fi\n"),
            format!("FROM debian:12\nRUN for i in 1; do {command} || true; done\n"),
        ];
        for text in forms {
            assert_eq!(lines(&text, code).len(), 1, "{code}:\n{text}");
        }
    }
}
