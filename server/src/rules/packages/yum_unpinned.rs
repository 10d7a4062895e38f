use super::rpm::{self, Family};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3033",
    name: "yum-unpinned-package",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Pin the versions of packages `yum install` installs",
    docs: r#"## What it does
Flags each package of a `yum install` without a version (`httpd` rather than `httpd-2.4.6`)
and each module of `yum module install` without a stream (`nodejs` rather than `nodejs:20`).
A version is what follows a `-` when it is made of version characters and has a part starting
with a digit, so `python3-pip` is a name, not a pin. `.rpm` files, paths, URLs and `@groups`
are not flagged; variables are resolved.

## Why is this bad?
Without a pin, every build installs whatever the repository has that day: builds stop being
reproducible and an unrelated rebuild can pull in a breaking upgrade.

## Example
```dockerfile
FROM centos:7
RUN yum install -y httpd && yum clean all
```

Use instead:
```dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
```

## Differences from hadolint
Each unpinned package is reported at its own word, variables are resolved to their values,
and commands behind `sudo` and in `sh -c` exec form are checked.

## References
- hadolint [DL3033](https://github.com/hadolint/hadolint/wiki/DL3033)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    rpm::check_pins(ctx, acc, &RULE, Family::Yum);
}
