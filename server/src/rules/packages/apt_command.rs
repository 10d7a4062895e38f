use super::{
    classify::{self, AptTool},
    common,
};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::TextEdit,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3027",
    name: "apt-command",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Use `apt-get` or `apt-cache` instead of `apt` in scripts",
    docs: r#"## What it does
Flags `apt` commands in `RUN`, wherever a shell runs them (behind `sudo`, in heredocs, in
`sh -c`).

## Why is this bad?
`apt` is the interactive front end: its output and behaviour may change between releases
and it warns "apt does not have a stable CLI interface. Use with caution in scripts." on every
run. `apt-get` and `apt-cache` are the stable interfaces for scripts.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt update \
    && apt install -y --no-install-recommends curl=7.88.1-10+deb12u12 \
    && rm -rf /var/lib/apt/lists/*
```

Use instead:
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12 \
    && rm -rf /var/lib/apt/lists/*
```

## Fix safety
The fix replaces `apt` by `apt-get` (or `apt-cache` for `search`, `show`, `policy`, ...;
`full-upgrade` becomes `apt-get dist-upgrade`) and is unsafe: the two front ends have
different defaults (progress output, `apt` upgrading with new dependencies), so the build's
log and, rarely, its result change. `apt list` and `apt edit-sources` have no direct
equivalent and get no fix.

## References
- hadolint [DL3027](https://github.com/hadolint/hadolint/wiki/DL3027)
- [apt(8), "Script usage and differences from other APT tools"](https://manpages.debian.org/bookworm/apt/apt.8.en.html)
"#,
    check,
};

/// The `apt-get`/`apt-cache` spelling of an `apt` subcommand.
fn replacement(sub: &str) -> Option<(&'static str, Option<&'static str>)> {
    Some(match sub {
        "install" | "remove" | "purge" | "autoremove" | "update" | "upgrade" | "dist-upgrade"
        | "clean" | "autoclean" | "source" | "build-dep" | "download" | "changelog" | "satisfy"
        | "check" | "autopurge" | "reinstall" => ("apt-get", None),
        "full-upgrade" => ("apt-get", Some("dist-upgrade")),
        "search" | "show" | "showsrc" | "depends" | "rdepends" | "policy" | "showpkg"
        | "madison" | "pkgnames" => ("apt-cache", None),
        _ => return None,
    })
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for run in common::runs(ctx, &["apt"]) {
        for cmd in run.commands() {
            let Some((AptTool::Apt, inv)) = classify::apt(cmd.command) else {
                continue;
            };
            let Some(program) = inv.program() else {
                continue;
            };
            let range = run.source(cmd.script, program.range);
            let sub = inv.sub();
            let shown = match sub {
                Some(sub) => format!("apt {}", sub.value),
                None => "apt".to_owned(),
            };
            let diagnostic = RULE.diagnostic(
                range,
                format!("`{shown}` uses apt's interactive front end, which has no stable interface for scripts: use `apt-get` or `apt-cache`"),
            );
            let fix = sub
                .and_then(|sub| Some((sub, replacement(&sub.value)?)))
                .filter(|_| {
                    !program.quoted && !program.has_expansion && ctx.slice(range) == program.value
                })
                .map(|(sub, (tool, new_sub))| {
                    let prefix = program.value.strip_suffix("apt").unwrap_or("");
                    let mut edits = vec![TextEdit::replace(range, format!("{prefix}{tool}"))];
                    if let Some(new_sub) = new_sub {
                        edits.push(TextEdit::replace(
                            run.source(cmd.script, sub.range),
                            new_sub,
                        ));
                    }
                    let title = match new_sub {
                        Some(new_sub) => format!("Use `{tool} {new_sub}`"),
                        None => format!("Use `{tool}`"),
                    };
                    Fix::unsafe_(title, edits)
                });
            acc.push(match fix {
                Some(fix) => diagnostic.with_fix(fix),
                None => diagnostic,
            });
        }
    }
}
