use super::{classify, common};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3062",
    name: "go-unpinned-module",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Pin the versions of modules `go install` and `go get` fetch",
    docs: r#"## What it does
Flags a remote package of `go install pkg@version` or `go get pkg[@version]` whose version is
not a fixed one: `@latest`, `@upgrade`, `@patch`, a branch (`@main`, `@master`), a version
prefix (`@v1`, `@v1.2`, which mean "newest matching"), a comparison (`@<v2`), or, for
`go get`, no version at all. A full semantic version (`@v1.2.3`, pseudo-versions included)
and a commit hash are pinned; a version held in an `ARG` or `ENV` is resolved. Local packages
(`./cmd/...`) and `go install pkg` without `@` (which builds the version `go.mod` requires)
are not flagged.

## Why is this bad?
A moving version installs whatever was released most recently: builds stop being
reproducible, and a rebuild for an unrelated change can pull in a breaking major release of a
tool or library.

## Example
```dockerfile
FROM golang:1.23
RUN go install golang.org/x/tools/gopls@latest
```

Use instead:
```dockerfile
FROM golang:1.23
RUN go install golang.org/x/tools/gopls@v0.16.2
```

## Differences from hadolint
- Branches (`@main`) and version prefixes (`@v1`) are flagged; hadolint accepts any `@...`
  except `@latest`.
- `go install pkg` without `@` is not flagged: inside a module it builds the version pinned
  in `go.mod`, and outside one Go refuses to run it. hadolint flags it.

## References
- hadolint [DL3062](https://github.com/hadolint/hadolint/wiki/DL3062)
- [Go modules reference: version queries](https://go.dev/ref/mod#version-queries)
"#,
    check,
};

/// A remote import path: the first element has a dot (`github.com/...`).
fn remote(package: &str) -> bool {
    let path = package.split('@').next().unwrap_or(package);
    !path.starts_with('.')
        && !path.starts_with('/')
        && path.split('/').next().is_some_and(|it| it.contains('.'))
}

/// `vMAJOR.MINOR.PATCH[-pre][+build]`, pseudo-versions included.
fn full_semver(version: &str) -> bool {
    let Some(rest) = version.strip_prefix('v') else {
        return false;
    };
    let core = rest.split(['-', '+']).next().unwrap_or(rest);
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|it| !it.is_empty() && it.chars().all(|c| c.is_ascii_digit()))
}

fn commit(version: &str) -> bool {
    version.len() >= 7 && version.chars().all(|c| c.is_ascii_hexdigit())
}

fn version(package: &str) -> Option<&str> {
    package.split_once('@').map(|it| it.1)
}

fn pinned_install(package: &str) -> bool {
    !remote(package) || version(package).is_none_or(|v| full_semver(v) || commit(v) || v == "none")
}

fn pinned_get(package: &str) -> bool {
    !remote(package) || version(package).is_some_and(|v| full_semver(v) || commit(v) || v == "none")
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for run in common::runs(ctx, &["go"]) {
        for cmd in run.commands() {
            let Some(inv) = classify::go(cmd.command) else {
                continue;
            };
            let sub = inv.sub_name();
            let pinned: fn(&str) -> bool = match sub {
                "install" => pinned_install,
                "get" => pinned_get,
                _ => continue,
            };
            let operands = inv.operands();
            for it in common::unpinned(ctx, &run, cmd.script, &operands, pinned) {
                let path = it.package.split('@').next().unwrap_or(&it.package);
                let problem = match version(&it.package) {
                    Some(v) => format!("asks for `@{v}`, which moves"),
                    None => "names no version, so it gets the newest".to_owned(),
                };
                acc.push(RULE.diagnostic(
                    it.range,
                    format!("`go {sub}` of {} {problem}: use `{path}@vX.Y.Z`", it.shown),
                ));
            }
        }
    }
}
