use super::{
    classify::{self, ZYPPER_INSTALL},
    common::{self, is_path},
};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3037",
    name: "zypper-unpinned-package",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Pin the versions of packages `zypper install` installs",
    docs: r#"## What it does
Flags each package of a `zypper install` (`zypper in`) without a version constraint: `httpd`
rather than `httpd=2.4.58` or a quoted `'httpd>=2.4'`. `.rpm` files and paths are not
flagged; variables are resolved.

## Why is this bad?
Without a pin, every build installs whatever the repository has that day: builds stop being
reproducible and an unrelated rebuild can pull in a breaking upgrade.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper --non-interactive install httpd && zypper clean --all
```

Use instead:
```dockerfile
FROM opensuse/leap:15.6
RUN zypper --non-interactive install httpd=2.4.58 && zypper clean --all
```

## Differences from hadolint
Each unpinned package is reported at its own word; commands behind `sudo` and in `sh -c` exec
form are checked. (Unquoted, `httpd>=2.4` is a shell redirection: the package stays
unpinned, as in hadolint.)

## References
- hadolint [DL3037](https://github.com/hadolint/hadolint/wiki/DL3037)
"#,
    check,
};

fn pinned(package: &str) -> bool {
    package.contains(['=', '<', '>']) || package.ends_with(".rpm") || is_path(package)
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for run in common::runs(ctx, &["zypper"]) {
        for cmd in run.commands() {
            let Some(inv) = classify::zypper(cmd.command) else {
                continue;
            };
            if !ZYPPER_INSTALL.contains(&inv.sub_name()) {
                continue;
            }
            let operands = inv.operands();
            for it in common::unpinned(ctx, &run, cmd.script, &operands, pinned) {
                acc.push(RULE.diagnostic(
                    it.range,
                    format!(
                        "zypper package {} is not pinned to a version: use `{}=<version>`",
                        it.shown, it.package
                    ),
                ));
            }
        }
    }
}
