use super::{
    classify,
    common::{self, is_path},
};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3008",
    name: "apt-unpinned-package",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Pin the versions of packages `apt-get install` installs",
    docs: r#"## What it does
Flags each package of an `apt-get install` (or `apt install`) that names no version
(`curl` rather than `curl=8.14.1-2`), wherever a shell runs it: `&&` chains, `if` and `for`
bodies, `RUN <<EOF` heredocs, `["sh", "-c", "..."]`, behind `sudo`, `env` or
`DEBIAN_FRONTEND=noninteractive`.

A package held in a variable is judged by its value: `ARG PKG=curl` then `apt-get install $PKG`
is unpinned, `ARG PKG=curl=8.14.1-2` is pinned. A variable only the running shell knows (a loop
variable, an `ARG` without a default) gets the benefit of the doubt, as does `curl=$VERSION`.
`.deb` files and paths (`./pkg.deb`, `/tmp/x`) are not looked up, so they are not flagged.

## Why is this bad?
Without a pin, the package is whatever the mirror serves on the day of the build: two builds
of the same Dockerfile can ship different software, and a rebuild for an unrelated change can
pull in a breaking upgrade. A pin also makes the build fail loudly when the version is gone,
instead of silently changing.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
```

Use instead:
```dockerfile
FROM debian:bookworm-slim
ARG CURL_VERSION=7.88.1-10+deb12u12
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl=${CURL_VERSION} \
    && rm -rf /var/lib/apt/lists/*
```

## Differences from hadolint
- Each unpinned package is reported at its own word; hadolint reports the `RUN` once.
- Variables are resolved: `ENV PKG=curl=8.14.1-2` then `apt-get install $PKG` is pinned;
  hadolint flags it. Unknown variables are accepted (hadolint#928).
- `curl/bookworm-backports` selects a release, not a version, and is flagged; hadolint accepts
  any word with a `/`.
- Commands behind `sudo`/`env` and in `sh -c` exec form are checked; hadolint skips them.

## References
- hadolint [DL3008](https://github.com/hadolint/hadolint/wiki/DL3008)
- [Docker: build best practices, apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
"#,
    check,
};

fn pinned(package: &str) -> bool {
    package.contains('=') || package.ends_with(".deb") || is_path(package)
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for run in common::runs(ctx, &["apt"]) {
        for cmd in run.commands() {
            let Some((_, inv)) = classify::apt_install(cmd.command) else {
                continue;
            };
            let operands = inv.operands();
            for it in common::unpinned(ctx, &run, cmd.script, &operands, pinned) {
                let package = &it.package;
                let name = package.split(['/', ':']).next().unwrap_or(package);
                acc.push(RULE.diagnostic(
                    it.range,
                    format!(
                        "apt package {} is not pinned to a version: use `{name}=<version>`",
                        it.shown
                    ),
                ));
            }
        }
    }
}
