use super::{classify, common};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3035",
    name: "zypper-dist-upgrade",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Do not run `zypper dist-upgrade` in a build",
    docs: r#"## What it does
Flags `zypper dist-upgrade` (`zypper dup`) in `RUN`.

## Why is this bad?
A distribution upgrade inside a build turns the image into a different release than its base
tag says, pulls in whatever the repositories hold that day (the build stops being
reproducible) and adds a layer with a copy of most of the system. Use a newer base image
instead, and `zypper patch` or `zypper update` for fixes.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper --non-interactive dist-upgrade && zypper clean --all
```

Use instead:
```dockerfile
FROM opensuse/leap:15.6
RUN zypper --non-interactive patch && zypper clean --all
```

## References
- hadolint [DL3035](https://github.com/hadolint/hadolint/wiki/DL3035)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for run in common::runs(ctx, &["zypper"]) {
        for cmd in run.commands() {
            let Some(inv) = classify::zypper(cmd.command) else {
                continue;
            };
            let Some(sub) = inv.sub() else {
                continue;
            };
            if !matches!(sub.value.as_str(), "dist-upgrade" | "dup") {
                continue;
            }
            acc.push(RULE.diagnostic(
                run.source(cmd.script, sub.range),
                "`zypper dist-upgrade` upgrades the whole distribution during the build: the image no longer matches its base tag (use a newer base image)",
            ));
        }
    }
}
