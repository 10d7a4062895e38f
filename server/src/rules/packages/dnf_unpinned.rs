use super::rpm::{self, Family};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3041",
    name: "dnf-unpinned-package",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Pin the versions of packages `dnf install` installs",
    docs: r#"## What it does
Flags each package of a `dnf install` (also `dnf5`, `microdnf`) without a version (`httpd`
rather than `httpd-2.4.62`) and each module of `dnf module install` without a stream
(`nodejs` rather than `nodejs:20`). A version is what follows a `-` when it is made of
version characters and has a part starting with a digit, so `python3-pip` is a name, not a
pin. A version held in an `ARG` or `ENV` counts (`httpd-${HTTPD_VERSION}`); `.rpm` files,
paths, URLs and `@groups` are not flagged.

## Why is this bad?
Without a pin, every build installs whatever the repository has that day: builds stop being
reproducible and an unrelated rebuild can pull in a breaking upgrade.

## Example
```dockerfile
FROM fedora:40
RUN dnf install -y httpd && dnf clean all
```

Use instead:
```dockerfile
FROM fedora:40
ARG HTTPD_VERSION=2.4.62
RUN dnf install -y httpd-${HTTPD_VERSION} && dnf clean all
```

## Differences from hadolint
Each unpinned package is reported at its own word, variables are resolved to their values,
and commands behind `sudo` and in `sh -c` exec form are checked.

## References
- hadolint [DL3041](https://github.com/hadolint/hadolint/wiki/DL3041)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    rpm::check_pins(ctx, acc, &RULE, Family::Dnf);
}
