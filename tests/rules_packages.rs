//! The package-manager rules (`server/src/rules/packages/`): edge cases per
//! rule, and agreement with hadolint 2.15 on realistic Dockerfiles where
//! every difference is an intentional, documented one.

use docklens::{
    model::{self, KnowledgeBaseFacts, ModelOptions},
    rules::{self, Config, Diagnostic, Environment},
    syntax::{self, apply_edits},
};

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

/// `(code, 1-based line, flagged text)` of the findings in `codes`.
fn found(text: &str, codes: &[&str]) -> Vec<(String, usize, String)> {
    lint(text)
        .into_iter()
        .filter(|it| codes.contains(&it.code))
        .map(|it| {
            let line = text[..it.range.start()].matches('\n').count() + 1;
            (it.code.to_owned(), line, it.range.slice(text).to_owned())
        })
        .collect()
}

const SCOPE: &[&str] = &[
    "DL3008", "DL3009", "DL3013", "DL3014", "DL3015", "DL3016", "DL3018", "DL3019", "DL3027",
    "DL3028", "DL3030", "DL3032", "DL3033", "DL3034", "DL3035", "DL3036", "DL3037", "DL3038",
    "DL3040", "DL3041", "DL3042", "DL3060", "DL3062",
];

/// Our findings as hadolint reports them: `(line of the instruction, code)`.
fn by_instruction(text: &str) -> std::collections::BTreeSet<(usize, String)> {
    let parse = syntax::parse(text);
    lint(text)
        .into_iter()
        .filter(|it| SCOPE.contains(&it.code))
        .filter_map(|it| {
            let instruction = parse.instruction_at(it.range.start())?;
            Some((instruction.start_line + 1, it.code.to_owned()))
        })
        .collect()
}

fn hadolint_findings(name: &str) -> std::collections::BTreeSet<(usize, String)> {
    let path = format!(
        "{}/tests/fixtures/packages/hadolint/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
    let json: serde_json::Value = serde_json::from_str(&text).expect("hadolint snapshot is JSON");
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|it| {
            (
                it[0].as_u64().expect("line") as usize,
                it[1].as_str().expect("code").to_owned(),
            )
        })
        .collect()
}

/// Asserts the findings of `codes` in `text`, as `(code, line, flagged text)`.
#[track_caller]
fn expect(text: &str, codes: &[&str], expected: &[(&str, usize, &str)]) {
    let got = found(text, codes);
    let expected: Vec<(String, usize, String)> = expected
        .iter()
        .map(|(code, line, slice)| ((*code).to_owned(), *line, (*slice).to_owned()))
        .collect();
    assert_eq!(got, expected, "in:\n{text}");
}

/// The messages of one rule's findings.
fn messages(text: &str, code: &str) -> Vec<String> {
    lint(text)
        .into_iter()
        .filter(|it| it.code == code)
        .map(|it| it.message)
        .collect()
}

/// The text after applying the fix of the first finding of `code`, with
/// its applicability.
#[track_caller]
fn fixed(text: &str, code: &str) -> (String, rules::Applicability) {
    let diagnostic = lint(text)
        .into_iter()
        .find(|it| it.code == code)
        .unwrap_or_else(|| panic!("no {code} in:\n{text}"));
    let fix = diagnostic
        .fix
        .unwrap_or_else(|| panic!("{code} has no fix in:\n{text}"));
    let after = apply_edits(text, &fix.edits).expect("edits apply");
    assert!(
        !lint(&after).iter().any(|it| it.code == code
            && it.range == diagnostic.range
            && it.message == diagnostic.message),
        "fix does not clear {code}:\n{after}"
    );
    (after, fix.applicability)
}

fn has_fix(text: &str, code: &str) -> bool {
    lint(text)
        .into_iter()
        .find(|it| it.code == code)
        .is_some_and(|it| it.fix.is_some())
}

// ---- DL3008: apt-get install without versions ----

#[test]
fn dl3008_pins_files_and_paths() {
    expect(
        "FROM debian\nRUN apt-get install -y curl=7.88 ./agent.deb /tmp/x.deb nano -t bookworm-backports git=1 curl/bookworm-backports\n",
        &["DL3008"],
        &[
            ("DL3008", 2, "nano"),
            ("DL3008", 2, "curl/bookworm-backports"),
        ],
    );
}

#[test]
fn dl3008_finds_commands_wherever_a_shell_runs_them() {
    let text = r#"FROM debian
RUN sudo apt-get install -y a1
RUN env X=1 DEBIAN_FRONTEND=noninteractive apt-get install -y a2
RUN DEBIAN_FRONTEND=noninteractive apt-get install -y a3
RUN if true; then apt-get install -y a4; fi
RUN echo "$(apt-get install -y a5)"
RUN ["sh", "-c", "apt-get install -y a6"]
RUN ["apt-get", "install", "-y", "a7"]
RUN <<EOF
set -eux
apt-get install -y a8
EOF
RUN apt-get update \
    && apt-get install -y \
        a9 \
        git=1
"#;
    expect(
        text,
        &["DL3008"],
        &[
            ("DL3008", 2, "a1"),
            ("DL3008", 3, "a2"),
            ("DL3008", 4, "a3"),
            ("DL3008", 5, "a4"),
            ("DL3008", 6, "a5"),
            ("DL3008", 7, "a6"),
            ("DL3008", 8, "\"a7\""),
            ("DL3008", 11, "a8"),
            ("DL3008", 15, "a9"),
        ],
    );
}

#[test]
fn dl3008_resolves_variables_and_trusts_unknown_ones() {
    let text = r#"FROM debian
ARG PKG=curl
ENV PINNED=curl=7.88.1
ARG LIST="jq tini=0.19"
ARG NODEFAULT
RUN apt-get install -y $PKG $PINNED ${LIST} $NODEFAULT curl=$VERSION
RUN for p in a b; do apt-get install -y "$p"; done
"#;
    expect(
        text,
        &["DL3008"],
        &[("DL3008", 6, "$PKG"), ("DL3008", 6, "${LIST}")],
    );
    let messages = messages(text, "DL3008");
    assert!(messages[0].contains("`$PKG` (`curl`)"), "{messages:?}");
    assert!(messages[1].contains("`${LIST}` (`jq`)"), "{messages:?}");
}

#[test]
fn dl3008_hadolint_ignore_pragma_suppresses_it() {
    let text = "FROM debian\n# hadolint ignore=DL3008\nRUN apt-get install -y --no-install-recommends curl\nRUN apt-get install -y --no-install-recommends git\n";
    expect(text, &["DL3008"], &[("DL3008", 4, "git")]);
    let text = "FROM debian\n# hadolint ignore=DL3015,DL3008\nRUN apt-get install -y curl\n";
    expect(text, &["DL3008", "DL3015"], &[]);
}

// ---- DL3009: apt lists left in the layer ----

#[test]
fn dl3009_only_in_layers_that_ship() {
    let text = r#"FROM debian AS unused
RUN apt-get update
FROM debian AS base
RUN apt-get update
FROM base AS final
RUN apt-get update && apt-get install -y --no-install-recommends curl=1
"#;
    expect(
        text,
        &["DL3009"],
        &[
            ("DL3009", 4, "apt-get update"),
            ("DL3009", 6, "apt-get update"),
        ],
    );
}

#[test]
fn dl3009_needs_the_removal_after_the_update_in_the_same_run() {
    let text = r#"FROM debian
RUN apt-get update && apt-get install -y x=1 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && rm -rf /var/lib/apt/lists
RUN apt-get update && rm -r -f /var/lib/apt/lists/* /tmp/*
RUN apt-get update && apt-get distclean
RUN rm -rf /var/lib/apt/lists/* && apt-get update
RUN apt-get update && rm -rf /tmp/*
RUN apt-get update && rm /var/lib/apt/lists
"#;
    expect(
        text,
        &["DL3009"],
        &[
            ("DL3009", 6, "apt-get update"),
            ("DL3009", 7, "apt-get update"),
            ("DL3009", 8, "apt-get update"),
        ],
    );
}

#[test]
fn dl3009_says_when_the_cleanup_is_in_a_later_layer() {
    let text = "FROM debian\nRUN apt-get update && apt-get install -y x=1\nRUN echo hi\nRUN rm -rf /var/lib/apt/lists/*\n";
    let messages = messages(text, "DL3009");
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].contains("≈ 19–32 MB of package lists in the layer (32 MB measured on Debian 12)")
            && messages[0].ends_with(
                "`rm -rf /var/lib/apt/lists/*` on line 4 runs in a later layer, so the lists still ship"
            ),
        "{messages:?}"
    );
}

#[test]
fn dl3009_cache_and_tmpfs_mounts_keep_the_lists_out() {
    let text = r#"FROM debian
RUN --mount=type=cache,target=/var/lib/apt apt-get update
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update
RUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update
RUN --mount=type=cache,target=/var/cache/apt apt-get update
RUN --mount=type=bind,target=/var/lib/apt/lists apt-get update
"#;
    expect(
        text,
        &["DL3009"],
        &[
            ("DL3009", 5, "apt-get update"),
            ("DL3009", 6, "apt-get update"),
        ],
    );
}

#[test]
fn dl3009_heredoc_sh_c_and_onbuild() {
    let text = r#"FROM debian
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends x=1
EOF
RUN ["/bin/sh", "-c", "apt-get update && apt-get install -y x=1"]
ONBUILD RUN apt-get update
RUN ["apt-get", "update"]
"#;
    expect(
        text,
        &["DL3009"],
        &[
            ("DL3009", 4, "apt-get update"),
            ("DL3009", 7, "apt-get update"),
            ("DL3009", 8, "apt-get update"),
            ("DL3009", 9, "\"apt-get\", \"update\""),
        ],
    );
}

#[test]
fn dl3009_fix_appends_the_removal_where_it_belongs() {
    let one_line = "FROM debian\nRUN apt-get update && apt-get install -y x=1\n";
    let (after, applicability) = fixed(one_line, "DL3009");
    assert_eq!(applicability, rules::Applicability::Unsafe);
    assert_eq!(
        after,
        "FROM debian\nRUN apt-get update && apt-get install -y x=1 && rm -rf /var/lib/apt/lists/*\n"
    );

    let continued =
        "FROM debian\nRUN apt-get update \\\n    && apt-get install -y x=1\nCMD [\"x\"]\n";
    assert_eq!(
        fixed(continued, "DL3009").0,
        "FROM debian\nRUN apt-get update \\\n    && apt-get install -y x=1 \\\n    && rm -rf /var/lib/apt/lists/*\nCMD [\"x\"]\n"
    );

    let semicolon = "FROM debian\nRUN set -e; apt-get update; apt-get install -y x=1;\n";
    assert_eq!(
        fixed(semicolon, "DL3009").0,
        "FROM debian\nRUN set -e; apt-get update; apt-get install -y x=1; rm -rf /var/lib/apt/lists/*\n"
    );

    let compound = "FROM debian\nRUN if true; then apt-get update; fi\n";
    assert_eq!(
        fixed(compound, "DL3009").0,
        "FROM debian\nRUN if true; then apt-get update; fi && rm -rf /var/lib/apt/lists/*\n"
    );

    let heredoc = "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y x=1\nEOF\n";
    assert_eq!(
        fixed(heredoc, "DL3009").0,
        "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y x=1\nrm -rf /var/lib/apt/lists/*\nEOF\n"
    );

    let sh_c = "FROM debian\nRUN [\"sh\", \"-c\", \"apt-get update && apt-get install -y x=1\"]\n";
    assert_eq!(
        fixed(sh_c, "DL3009").0,
        "FROM debian\nRUN [\"sh\", \"-c\", \"apt-get update && apt-get install -y x=1 && rm -rf /var/lib/apt/lists/*\"]\n"
    );

    // No safe place: a trailing comment, exec form without a shell.
    assert!(!has_fix(
        "FROM debian\nRUN apt-get update # refresh\n",
        "DL3009"
    ));
    assert!(!has_fix(
        "FROM debian\nRUN [\"apt-get\", \"update\"]\n",
        "DL3009"
    ));
}

// ---- DL3014: apt-get install without -y ----

#[test]
fn dl3014_answers_that_count() {
    let text = r#"FROM debian
RUN apt-get install -y a=1
RUN apt-get install --yes a=1
RUN apt-get install --assume-yes a=1
RUN apt-get -qq install a=1
RUN apt-get -q -q install a=1
RUN apt-get -q=2 install a=1
RUN apt-get -qy install a=1
RUN apt-get -o APT::Get::Assume-Yes=true install a=1
RUN yes | apt-get install a=1
RUN apt-get -s install a=1
RUN apt-get -q install a=1
RUN apt-get install --force-yes a=1
RUN apt-get upgrade
RUN apt-get update && apt-get install a=1
"#;
    expect(
        text,
        &["DL3014"],
        &[
            ("DL3014", 12, "apt-get -q install"),
            ("DL3014", 13, "apt-get install"),
            ("DL3014", 14, "apt-get upgrade"),
            ("DL3014", 15, "apt-get install"),
        ],
    );
}

#[test]
fn dl3014_an_earlier_apt_conf_snippet_answers() {
    let text = r#"FROM debian AS base
RUN echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90assumeyes
FROM base
RUN apt-get install a=1
FROM debian
RUN apt-get install b=1
"#;
    expect(text, &["DL3014"], &[("DL3014", 6, "apt-get install")]);
}

#[test]
fn dl3014_fix_adds_y_safely() {
    let (after, applicability) = fixed("FROM debian\nRUN apt-get install curl=1\n", "DL3014");
    assert_eq!(applicability, rules::Applicability::Safe);
    assert_eq!(after, "FROM debian\nRUN apt-get install -y curl=1\n");
    let (after, _) = fixed(
        "FROM debian\nRUN [\"apt-get\", \"install\", \"curl=1\"]\n",
        "DL3014",
    );
    assert_eq!(
        after,
        "FROM debian\nRUN [\"apt-get\", \"install\", \"-y\", \"curl=1\"]\n"
    );
}

// ---- DL3015: --no-install-recommends, in layers that ship ----

#[test]
fn dl3015_is_size_advice_for_the_image_that_ships() {
    let text = r#"FROM debian AS build
RUN apt-get install -y gcc=12
FROM debian AS conf
RUN printf 'APT::Install-Recommends "0";\n' > /etc/apt/apt.conf.d/01norecommends
FROM conf
RUN apt-get install -y a=1
FROM debian
RUN apt-get install -y b=1
RUN apt-get install -y --no-install-recommends c=1
RUN apt-get install -y -o APT::Install-Recommends=false d=1
RUN apt-get install -y -o APT::Install-Recommends=0 e=1
"#;
    // Only the last stage ships.
    expect(text, &["DL3015"], &[("DL3015", 8, "apt-get install")]);
    let (after, applicability) = fixed(text, "DL3015");
    assert_eq!(applicability, rules::Applicability::Unsafe);
    assert!(after.contains("RUN apt-get install --no-install-recommends -y b=1\n"));
}

#[test]
fn dl3015_an_apt_conf_snippet_in_a_parent_stage_counts() {
    let text = "FROM debian AS conf\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/01norec\nFROM conf\nRUN apt-get install -y a=1\n";
    expect(text, &["DL3015"], &[]);
}

// ---- DL3027: apt ----

#[test]
fn dl3027_fixes_to_apt_get_or_apt_cache() {
    let text = "FROM debian\nRUN apt install -y --no-install-recommends a=1\n";
    let (after, applicability) = fixed(text, "DL3027");
    assert_eq!(applicability, rules::Applicability::Unsafe);
    assert_eq!(
        after,
        "FROM debian\nRUN apt-get install -y --no-install-recommends a=1\n"
    );
    assert_eq!(
        fixed("FROM debian\nRUN apt search curl\n", "DL3027").0,
        "FROM debian\nRUN apt-cache search curl\n"
    );
    assert_eq!(
        fixed("FROM debian\nRUN /usr/bin/apt full-upgrade -y\n", "DL3027").0,
        "FROM debian\nRUN /usr/bin/apt-get dist-upgrade -y\n"
    );
    assert!(!has_fix(
        "FROM debian\nRUN apt list --installed\n",
        "DL3027"
    ));
    expect(
        "FROM debian\nRUN sudo apt update && apt-get update && apt-cache policy x\n",
        &["DL3027"],
        &[("DL3027", 2, "apt")],
    );
}

// ---- DL3013: pip install without versions ----

#[test]
fn dl3013_what_counts_as_pinned() {
    let text = r#"FROM python
RUN pip install --no-cache-dir a==1 "b[x]>=2" 'c~=3' d!=4 e flask[async] ./local . .[dev] /w/x-1.0-py3-none-any.whl dist/y-1.tar.gz https://h/z.zip git+https://h/o/r@v1#egg=r git+https://h/o/s git+ssh://git@h/o/t.git --index-url https://i f==1
RUN pip install --no-cache-dir -r requirements.txt g
RUN pip install --no-cache-dir -c constraints.txt h
RUN pip install --no-cache-dir -e . i==1
RUN pip install --no-cache-dir . j
"#;
    expect(
        text,
        &["DL3013"],
        &[
            ("DL3013", 2, "e"),
            ("DL3013", 2, "flask[async]"),
            ("DL3013", 2, "git+https://h/o/s"),
            ("DL3013", 2, "git+ssh://git@h/o/t.git"),
            ("DL3013", 6, "j"),
        ],
    );
}

#[test]
fn dl3013_launchers_and_variables() {
    let text = r#"FROM python
ARG SPEC=httpx==0.27.0
ARG NAME=rich
RUN pip3 install --no-cache-dir a && python3 -m pip install --no-cache-dir b && python3.12 -m pip install --no-cache-dir c
RUN uv pip install --system d
RUN pip install --no-cache-dir $SPEC $NAME
RUN pipx install black && pipenv install
RUN pip install --no-cache-dir --upgrade pip
"#;
    expect(
        text,
        &["DL3013"],
        &[
            ("DL3013", 4, "a"),
            ("DL3013", 4, "b"),
            ("DL3013", 4, "c"),
            ("DL3013", 5, "d"),
            ("DL3013", 6, "$NAME"),
            ("DL3013", 8, "pip"),
        ],
    );
}

// ---- DL3042: pip cache ----

#[test]
fn dl3042_what_keeps_the_cache_out() {
    let text = r#"FROM python AS build
RUN pip install a==1
FROM python AS base
ENV PIP_NO_CACHE_DIR=off
FROM base AS mid
ARG PIP_CACHE_DIR=/pipcache
RUN pip install b==1
RUN --mount=type=cache,target=/pipcache pip install c==1
FROM mid
RUN pip install --no-cache-dir d==1
FROM python
RUN pip install --no-cache-dir d==1
RUN PIP_NO_CACHE_DIR=1 pip install e==1
RUN export PIP_NO_CACHE_DIR=true && pip install f==1
RUN --mount=type=cache,target=/root/.cache pip install g==1
RUN --mount=type=cache,target=/home/app/.cache/pip pip install h==1
RUN pip install i==1 && pip cache purge
RUN pip install j==1 && rm -rf ~/.cache/pip
RUN pip cache purge && pip install k==1
RUN uv pip install --system l==1
RUN pip install m==1
"#;
    // `build`, `base` and `mid` do not ship (the last stage is not built
    // from them), so nothing there is reported.
    expect(
        text,
        &["DL3042"],
        &[
            ("DL3042", 19, "pip install k==1"),
            ("DL3042", 21, "pip install m==1"),
        ],
    );
}

#[test]
fn dl3042_env_and_mounts_in_shipped_parent_stages() {
    // Any boolean turns the cache off, `off` included; a parent's ENV is
    // inherited, a sibling's is not.
    let text = "FROM python AS base\nENV PIP_NO_CACHE_DIR=off\nFROM python AS sibling\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install a==1\n";
    expect(text, &["DL3042"], &[]);
    let text =
        "FROM python AS sibling\nENV PIP_NO_CACHE_DIR=1\nFROM python\nRUN pip install a==1\n";
    expect(text, &["DL3042"], &[("DL3042", 4, "pip install a==1")]);
    let text = "FROM python AS base\nARG PIP_CACHE_DIR=/pipcache\nRUN --mount=type=cache,target=/pipcache pip install a==1\nRUN pip install b==1\nFROM base\n";
    expect(text, &["DL3042"], &[("DL3042", 4, "pip install b==1")]);
}

#[test]
fn dl3042_one_finding_per_run_and_the_fix_covers_every_pip_install() {
    let text = "FROM python\nRUN python -m pip install --upgrade pip \\\n    && pip install a==1 \\\n    && pip install --no-cache-dir b==1\nRUN pip install c==1\nRUN pip cache purge\n";
    expect(
        text,
        &["DL3042"],
        &[
            ("DL3042", 2, "python -m pip install --upgrade pip"),
            ("DL3042", 5, "pip install c==1"),
        ],
    );
    assert!(messages(text, "DL3042")[1].ends_with(
        "`pip cache purge` on line 6 runs in a later layer, so the cached wheels still ship"
    ));
    let (after, applicability) = fixed(text, "DL3042");
    assert_eq!(applicability, rules::Applicability::Unsafe);
    assert!(after.starts_with("FROM python\nRUN python -m pip install --no-cache-dir --upgrade pip \\\n    && pip install --no-cache-dir a==1 \\\n    && pip install --no-cache-dir b==1\n"));
}

// ---- DL3016: npm install without versions ----

#[test]
fn dl3016_what_counts_as_pinned() {
    let text = r#"FROM node
RUN npm install && npm ci && npm install --omit=dev
RUN npm install -g a b@1 @s/c @s/d@2 e@latest f@^1.2 --prefix /opt g@npm:h@3
RUN npm i i && npm add j && npm install ./k ../l.tgz ~/m file:n https://h/o.tgz p.tar
RUN npm install git+https://h/q.git git+https://h/r.git#v1 github:s/t u/v w/x#abc
"#;
    expect(
        text,
        &["DL3016"],
        &[
            ("DL3016", 3, "a"),
            ("DL3016", 3, "@s/c"),
            ("DL3016", 3, "e@latest"),
            ("DL3016", 4, "i"),
            ("DL3016", 4, "j"),
            ("DL3016", 5, "git+https://h/q.git"),
            ("DL3016", 5, "github:s/t"),
            ("DL3016", 5, "u/v"),
        ],
    );
    assert!(messages(text, "DL3016")[2].contains("follows the moving `latest` tag"));
}

// ---- DL3018 / DL3019: apk ----

#[test]
fn dl3018_what_counts_as_pinned() {
    let text = r#"FROM alpine
RUN apk add --no-cache --virtual .build-deps a b=1 c~1 'd>1' "e<2" ./f.apk g@edge h@edge=1 -X http://r i=1 --repository http://r2 j
RUN apk add --no-cache k>1.0
"#;
    expect(
        text,
        &["DL3018"],
        &[
            ("DL3018", 2, "a"),
            ("DL3018", 2, "g@edge"),
            ("DL3018", 2, "j"),
            ("DL3018", 3, "k"),
        ],
    );
}

#[test]
fn dl3019_in_the_image_that_ships() {
    let text = r#"FROM alpine AS build
RUN apk add gcc=1
FROM alpine
RUN apk add --no-cache a=1
RUN apk --no-cache add b=1
RUN apk add --update c=1 && rm -rf /var/cache/apk/*
RUN --mount=type=cache,target=/var/cache/apk apk add d=1
RUN apk add e=1
RUN apk update && apk add --no-cache f=1
RUN rm -rf /var/cache/apk/* && apk add g=1
"#;
    expect(
        text,
        &["DL3019"],
        &[
            ("DL3019", 8, "apk add e=1"),
            ("DL3019", 9, "apk update"),
            ("DL3019", 10, "apk add g=1"),
        ],
    );
}

#[test]
fn dl3019_fixes() {
    let (after, applicability) = fixed("FROM alpine\nRUN apk add a=1 && apk add b=1\n", "DL3019");
    assert_eq!(applicability, rules::Applicability::Unsafe);
    assert_eq!(
        after,
        "FROM alpine\nRUN apk add --no-cache a=1 && apk add --no-cache b=1\n"
    );
    assert_eq!(
        fixed("FROM alpine\nRUN apk update && apk add a=1\n", "DL3019").0,
        "FROM alpine\nRUN apk update && apk add a=1 && rm -rf /var/cache/apk/*\n"
    );
}

// ---- DL3028: gem ----

#[test]
fn dl3028_gems() {
    let text = r#"FROM ruby
RUN gem install a b:1 ./c.gem d-1.0.gem
RUN gem i e && gem install --no-document f
RUN gem install g -v 1.0 && gem install h --version=2
"#;
    expect(
        text,
        &["DL3028"],
        &[("DL3028", 2, "a"), ("DL3028", 3, "e"), ("DL3028", 3, "f")],
    );
}

// ---- DL3030 / DL3038: yum and dnf without -y ----

#[test]
fn dl3030_dl3038_prompts() {
    let text = r#"FROM fedora
RUN yum install a-1 && yum -y install b-1 && yum install --assumeyes c-1
RUN yum upgrade && yum remove d && yum makecache
RUN dnf install e-1 && dnf module install f:1 && dnf -y group install g
RUN microdnf install h-1
RUN yes | dnf install i-1
RUN dnf --setopt=assumeyes=1 install j-1
"#;
    expect(
        text,
        &["DL3030", "DL3038"],
        &[
            ("DL3030", 2, "yum install"),
            ("DL3030", 3, "yum upgrade"),
            ("DL3030", 3, "yum remove"),
            ("DL3038", 4, "dnf install"),
            ("DL3038", 4, "dnf module"),
        ],
    );
    let (after, applicability) = fixed("FROM fedora\nRUN dnf install a-1\n", "DL3038");
    assert_eq!(applicability, rules::Applicability::Safe);
    assert_eq!(after, "FROM fedora\nRUN dnf install -y a-1\n");
}

#[test]
fn dl3038_assumeyes_in_dnf_conf_answers() {
    let text = "FROM fedora\nRUN echo 'assumeyes=True' >> /etc/dnf/dnf.conf\nRUN dnf install a-1\n";
    expect(text, &["DL3038"], &[]);
}

// ---- DL3032 / DL3040: yum and dnf caches ----

#[test]
fn dl3032_dl3040_clean_after_the_download_in_the_shipped_layer() {
    let text = r#"FROM fedora AS build
RUN dnf install -y a-1
FROM fedora
RUN yum install -y b-1 && yum clean all
RUN yum install -y c-1 && rm -rf /var/cache/yum
RUN yum clean all && yum install -y d-1
RUN yum install -y e-1 && yum clean metadata
RUN dnf install -y f-1 && dnf clean all
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y g-1
RUN microdnf install h-1
RUN dnf upgrade -y
RUN dnf install -y i-1 && rm -rf /var/cache/dnf/*
"#;
    expect(
        text,
        &["DL3032", "DL3040"],
        &[
            ("DL3032", 6, "yum install -y d-1"),
            ("DL3032", 7, "yum install -y e-1"),
            ("DL3040", 10, "microdnf install h-1"),
            ("DL3040", 11, "dnf upgrade -y"),
        ],
    );
    let (after, applicability) = fixed("FROM fedora\nRUN microdnf install a-1\n", "DL3040");
    assert_eq!(applicability, rules::Applicability::Unsafe);
    assert_eq!(
        after,
        "FROM fedora\nRUN microdnf install a-1 && microdnf clean all\n"
    );
}

// ---- DL3033 / DL3041: yum and dnf versions ----

#[test]
fn dl3033_dl3041_versions() {
    let text = r#"FROM fedora
ARG V=2.4.62
RUN yum install -y a b-1.2 python3-pip gcc-c++ java-17-openjdk-17.0.12 ./c.rpm @group && yum clean all
RUN dnf install -y d-${V} e-$UNKNOWN f && dnf module install -y g h:20 && dnf group install -y Dev && dnf clean all
"#;
    expect(
        text,
        &["DL3033", "DL3041"],
        &[
            ("DL3033", 3, "a"),
            ("DL3033", 3, "python3-pip"),
            ("DL3033", 3, "gcc-c++"),
            ("DL3041", 4, "f"),
            ("DL3041", 4, "g"),
        ],
    );
}

// ---- DL3034 / DL3035 / DL3036 / DL3037: zypper ----

#[test]
fn dl3034_non_interactive() {
    let text = r#"FROM opensuse/leap
RUN zypper install a=1 && zypper -n install b=1 && zypper --non-interactive in c=1
RUN zypper in -y d=1 && zypper install --no-confirm e=1 && zypper in -n f=1
RUN zypper refresh && zypper rm g && zypper -nq up
"#;
    expect(
        text,
        &["DL3034"],
        &[
            ("DL3034", 2, "zypper install"),
            ("DL3034", 3, "zypper in"),
            ("DL3034", 4, "zypper rm"),
        ],
    );
    let (after, applicability) = fixed("FROM opensuse/leap\nRUN zypper install a=1\n", "DL3034");
    assert_eq!(applicability, rules::Applicability::Safe);
    assert_eq!(
        after,
        "FROM opensuse/leap\nRUN zypper --non-interactive install a=1\n"
    );
}

#[test]
fn dl3035_dl3036_dl3037() {
    let text = r#"FROM opensuse/leap AS build
RUN zypper -n install a
FROM opensuse/leap
RUN zypper -n dist-upgrade && zypper -n dup && zypper clean
RUN zypper -n in b=1 'c>=2' ./d.rpm e && zypper cc
RUN zypper clean && zypper -n in f=1
RUN --mount=type=cache,target=/var/cache/zypp zypper -n in g=1
"#;
    expect(
        text,
        &["DL3035", "DL3036", "DL3037"],
        &[
            ("DL3037", 2, "a"),
            ("DL3035", 4, "dist-upgrade"),
            ("DL3035", 4, "dup"),
            ("DL3037", 5, "e"),
            ("DL3036", 6, "zypper -n in f=1"),
        ],
    );
}

// ---- DL3060: yarn cache ----

#[test]
fn dl3060_yarn_cache() {
    let text = r#"FROM node AS deps
RUN yarn install
FROM node
RUN yarn install && yarn cache clean
RUN yarn && yarn build
RUN yarn cache clean && yarn add a@1
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install
RUN yarn global add b@1 && rm -rf /usr/local/share/.cache/yarn
RUN yarn build
"#;
    expect(
        text,
        &["DL3060"],
        &[("DL3060", 5, "yarn"), ("DL3060", 6, "yarn add a@1")],
    );
    let (after, applicability) = fixed("FROM node\nRUN yarn install --frozen-lockfile\n", "DL3060");
    assert_eq!(applicability, rules::Applicability::Unsafe);
    assert_eq!(
        after,
        "FROM node\nRUN yarn install --frozen-lockfile && yarn cache clean\n"
    );
}

// ---- DL3062: go install/get versions ----

#[test]
fn dl3062_go_versions() {
    let text = r#"FROM golang
ARG V=v1.60.3
RUN go install a.io/x@latest && go install b.io/y@v1.2.3 && go install c.io/z@main
RUN go install d.io/w@v1 && go install e.io/v@0123456789ab && go install f.io/u
RUN go install ./cmd/... && go install && go install -ldflags=-s g.io/t@${V}
RUN go get h.io/s && go get i.io/r@v1.0.0 && go get j.io/q@none && go get k.io/p@v0.0.0-20240101000000-0123456789ab
"#;
    expect(
        text,
        &["DL3062"],
        &[
            ("DL3062", 3, "a.io/x@latest"),
            ("DL3062", 3, "c.io/z@main"),
            ("DL3062", 4, "d.io/w@v1"),
            ("DL3062", 6, "h.io/s"),
        ],
    );
}

// ---- All rules ----

#[test]
fn non_posix_shell_pragma_silences_the_command_rules() {
    let text = "# hadolint shell=powershell\nFROM mcr.microsoft.com/windows/servercore\nRUN apt-get install curl\n";
    assert!(found(text, SCOPE).is_empty());
}

// ---- Agreement with hadolint 2.15 ----
//
// `tests/fixtures/packages/hadolint/<name>.json` holds hadolint's findings
// for the package rules, recorded with `tests/fixtures/packages/hadolint.py`
// (`(line of the instruction, code)`, as hadolint reports them). docklens
// must report the same, except for the differences listed here, each an
// intentional improvement.

/// Why docklens and hadolint disagree on a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    /// Size and cleanup advice only for layers that ship (hadolint flags
    /// builder stages).
    NotShipped,
    /// A cache mount covers the directory (hadolint wants other targets).
    CacheMount,
    /// The cleanup in the same RUN counts (`pip cache purge`, `rm -rf
    /// /var/cache/apk/*`).
    SameRunCleanup,
    /// An ARG/ENV value was resolved, or an unknown variable trusted.
    Variable,
    /// A command behind `sudo`/`env`, or in `sh -c` exec form.
    Wrapper,
    /// A moving version hadolint accepts (`@latest` on npm, `@main` on go).
    MovingVersion,
    /// `go install pkg` without `@` builds the version go.mod pins.
    GoModPinned,
    /// hadolint reads the word after `--no-document` as its value.
    OptionValue,
    /// The cleanup must come after the install, and `yarn add` fills the
    /// cache too.
    CleanupOrder,
    /// `apk update` stores the index even when `apk add --no-cache` follows.
    ApkUpdate,
    /// microdnf never asks; `assumeyes=1` in dnf.conf answers.
    NoPrompt,
}

type Differences = &'static [(usize, &'static str, Why)];

#[track_caller]
fn agrees_with_hadolint(name: &str, only_hadolint: Differences, only_docklens: Differences) {
    let path = format!(
        "{}/tests/fixtures/packages/{name}.Dockerfile",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
    let ours = by_instruction(&text);
    let theirs = hadolint_findings(name);
    let as_set = |list: Differences| -> std::collections::BTreeSet<(usize, String)> {
        list.iter()
            .map(|(line, code, _)| (*line, (*code).to_owned()))
            .collect()
    };
    let missing: std::collections::BTreeSet<_> = theirs.difference(&ours).cloned().collect();
    let extra: std::collections::BTreeSet<_> = ours.difference(&theirs).cloned().collect();
    assert_eq!(
        missing,
        as_set(only_hadolint),
        "{name}: only hadolint reports"
    );
    assert_eq!(
        extra,
        as_set(only_docklens),
        "{name}: only docklens reports"
    );
}

#[test]
fn hadolint_agreement_debian_app() {
    agrees_with_hadolint(
        "debian-app",
        &[(6, "DL3015", Why::NotShipped)],
        &[(29, "DL3008", Why::Wrapper)],
    );
}

#[test]
fn hadolint_agreement_python_app() {
    agrees_with_hadolint(
        "python-app",
        &[
            (5, "DL3042", Why::NotShipped),
            (7, "DL3042", Why::NotShipped),
            (13, "DL3042", Why::CacheMount),
            (20, "DL3042", Why::SameRunCleanup),
            (22, "DL3013", Why::Variable),
        ],
        &[],
    );
}

#[test]
fn hadolint_agreement_node_app() {
    agrees_with_hadolint(
        "node-app",
        &[],
        &[
            (11, "DL3016", Why::MovingVersion),
            (16, "DL3060", Why::CleanupOrder),
        ],
    );
}

#[test]
fn hadolint_agreement_alpine_tools() {
    agrees_with_hadolint(
        "alpine-tools",
        &[
            (3, "DL3019", Why::NotShipped),
            (8, "DL3019", Why::SameRunCleanup),
        ],
        &[(12, "DL3019", Why::ApkUpdate)],
    );
}

#[test]
fn hadolint_agreement_rpm_family() {
    agrees_with_hadolint(
        "rpm-family",
        &[
            (3, "DL3032", Why::NotShipped),
            (6, "DL3032", Why::NotShipped),
            (10, "DL3040", Why::NotShipped),
            (15, "DL3038", Why::NoPrompt),
            (16, "DL3040", Why::CacheMount),
            (20, "DL3038", Why::NoPrompt),
        ],
        &[],
    );
}

#[test]
fn hadolint_agreement_suse_ruby_go() {
    agrees_with_hadolint(
        "suse-ruby-go",
        &[(22, "DL3062", Why::GoModPinned)],
        &[
            (12, "DL3028", Why::OptionValue),
            (18, "DL3062", Why::MovingVersion),
        ],
    );
}

#[test]
fn hadolint_agreement_buildkit_modern() {
    agrees_with_hadolint(
        "buildkit-modern",
        &[(18, "DL3008", Why::Variable)],
        &[(26, "DL3014", Why::Wrapper)],
    );
}

/// The stages whose layers ship, computed independently of the rules: the
/// target and the stages it is built `FROM`.
fn shipped_instruction_lines(text: &str) -> std::collections::BTreeSet<usize> {
    let parse = syntax::parse(text);
    let model = model::analyze(text, &parse, &ModelOptions::default(), &KnowledgeBaseFacts);
    let mut shipped = vec![false; model.stages.len()];
    let mut stage = model.target;
    while let Some(it) = stage.filter(|it| !shipped[*it]) {
        shipped[it] = true;
        stage = match model.stages[it].base {
            model::Base::Stage(parent) => Some(parent),
            _ => None,
        };
    }
    parse
        .instructions
        .iter()
        .enumerate()
        .filter(|(idx, _)| model.stage_of(*idx).is_some_and(|it| shipped[it]))
        .map(|(_, it)| it.start_line + 1)
        .collect()
}

const SIZE_RULES: &[&str] = &[
    "DL3009", "DL3015", "DL3019", "DL3032", "DL3036", "DL3040", "DL3042", "DL3060",
];

/// The generated benchmark files: every difference is size advice hadolint
/// gives for a stage that does not ship. Returns how many there were.
fn generated_agrees(name: &str, text: &str) -> usize {
    let ours = by_instruction(text);
    let theirs = hadolint_findings(name);
    let extra: Vec<_> = ours.difference(&theirs).collect();
    assert!(extra.is_empty(), "{name}: only docklens reports {extra:?}");
    let shipped = shipped_instruction_lines(text);
    let missing: Vec<_> = theirs.difference(&ours).collect();
    for (line, code) in &missing {
        assert!(
            SIZE_RULES.contains(&code.as_str()) && !shipped.contains(line),
            "{name}: hadolint reports {code} on line {line}, docklens does not"
        );
    }
    missing.len()
}

#[test]
fn hadolint_agreement_generated_benchmark_files() {
    let dir = format!("{}/tests/fixtures/packages", env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}.Dockerfile"));
    let gen50 = read("gen-50").expect("gen-50");
    let gen1000 = read("gen-1000").expect("gen-1000");
    assert_eq!(generated_agrees("gen-50", &gen50), 0);
    // 16 `pip install` RUNs and 3 `apt-get install`s in builder stages.
    assert_eq!(generated_agrees("gen-1000", &gen1000), 19);
    // The 10 000-line file is not copied into the repository; compare with
    // it where the shared benchmark data is present.
    if let Ok(gen10000) = std::fs::read_to_string("/work/shared/bench/data/gen-10000.Dockerfile") {
        assert_eq!(generated_agrees("gen-10000", &gen10000), 161);
    }
}

/// Every fix docklens offers on the fixtures parses, clears its finding and
/// adds no finding of another package rule.
#[test]
fn fixes_on_the_fixtures_behave() {
    let dir = format!("{}/tests/fixtures/packages", env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|it| it != "Dockerfile") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("fixture");
        let before = lint(&text);
        let errors_before = syntax::parse(&text).errors.len();
        for diagnostic in before.iter().filter(|it| SCOPE.contains(&it.code)) {
            let Some(fix) = &diagnostic.fix else {
                continue;
            };
            let after = apply_edits(&text, &fix.edits).expect("edits apply");
            assert!(
                syntax::parse(&after).errors.len() <= errors_before,
                "{}: {} fix breaks the syntax:\n{after}",
                path.display(),
                diagnostic.code
            );
            let linted = lint(&after);
            assert!(
                !linted.iter().any(|it| it.code == diagnostic.code
                    && it.range == diagnostic.range
                    && it.message == diagnostic.message),
                "{}: {} fix does not clear it",
                path.display(),
                diagnostic.code
            );
            let old: std::collections::HashSet<(&str, &str)> = before
                .iter()
                .map(|it| (it.code, it.message.as_str()))
                .collect();
            for new in linted.iter().filter(|it| SCOPE.contains(&it.code)) {
                assert!(
                    new.code == diagnostic.code || old.contains(&(new.code, new.message.as_str())),
                    "{}: {} fix adds {} `{}`",
                    path.display(),
                    diagnostic.code,
                    new.code,
                    new.message
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} fixes checked");
}

#[test]
fn fixes_keep_crlf_and_the_escape_directive() {
    let crlf = "FROM debian\r\nRUN apt-get update \\\r\n    && apt-get install -y x=1\r\n";
    assert_eq!(
        fixed(crlf, "DL3009").0,
        "FROM debian\r\nRUN apt-get update \\\r\n    && apt-get install -y x=1 \\\r\n    && rm -rf /var/lib/apt/lists/*\r\n"
    );
    let heredoc = "FROM debian\r\nRUN <<EOF\r\napt-get update\r\nEOF\r\n";
    assert_eq!(
        fixed(heredoc, "DL3009").0,
        "FROM debian\r\nRUN <<EOF\r\napt-get update\r\nrm -rf /var/lib/apt/lists/*\r\nEOF\r\n"
    );
    let backtick = "# escape=`\nFROM debian\nRUN apt-get update `\n    && apt-get install -y x=1\n";
    assert_eq!(
        fixed(backtick, "DL3009").0,
        "# escape=`\nFROM debian\nRUN apt-get update `\n    && apt-get install -y x=1 `\n    && rm -rf /var/lib/apt/lists/*\n"
    );
}

/// Half-typed Dockerfiles (every prefix of a fixture) never make the rules
/// panic.
#[test]
fn prefixes_of_a_fixture_do_not_panic() {
    let path = format!(
        "{}/tests/fixtures/packages/buildkit-modern.Dockerfile",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    for (at, _) in text.char_indices().step_by(3) {
        let _ = lint(&text[..at]);
    }
}
