use super::{
    classify,
    common::{self, is_path},
};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3018",
    name: "apk-unpinned-package",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Pin the versions of packages `apk add` installs",
    docs: r#"## What it does
Flags each package of an `apk add` without a version constraint: `curl` rather than
`curl=8.14.1-r1`, `curl~8.14` or a quoted `'curl>=8.14'`. The name given to `--virtual`/`-t`
is not a package; `.apk` files and paths are not flagged. Variables are resolved.

## Why is this bad?
Without a pin, every build installs whatever the Alpine mirror has that day: builds stop
being reproducible and an unrelated rebuild can pull in a breaking upgrade.

## Example
```dockerfile
FROM alpine:3.22
RUN apk add --no-cache curl
```

Use instead:
```dockerfile
FROM alpine:3.22
RUN apk add --no-cache curl=8.14.1-r1
```

## Differences from hadolint
- Quoted `'curl>8.14'` and `'curl<9'` constraints count as pins; hadolint only accepts `=`
  and `~`. (Unquoted, `>` is a shell redirection and the package stays unpinned.)
- Each unpinned package is reported at its own word, variables are resolved, commands behind
  `sudo` and in `sh -c` exec form are checked.

## References
- hadolint [DL3018](https://github.com/hadolint/hadolint/wiki/DL3018)
- [apk-add(8)](https://man.archlinux.org/man/apk-add.8.en)
"#,
    check,
};

fn pinned(package: &str) -> bool {
    package.contains(['=', '~', '<', '>']) || package.ends_with(".apk") || is_path(package)
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for run in common::runs(ctx, &["apk"]) {
        for cmd in run.commands() {
            let Some(inv) = classify::apk(cmd.command) else {
                continue;
            };
            if inv.sub_name() != "add" {
                continue;
            }
            let operands = inv.operands();
            for it in common::unpinned(ctx, &run, cmd.script, &operands, pinned) {
                let name = it.package.split('@').next().unwrap_or(&it.package);
                acc.push(RULE.diagnostic(
                    it.range,
                    format!(
                        "apk package {} is not pinned to a version: use `{name}=<version>`",
                        it.shown
                    ),
                ));
            }
        }
    }
}
