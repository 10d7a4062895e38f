use super::{label_formats, support::check_label_values};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, LabelType, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3056",
    name: "label-not-semver",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Label value is not a semantic version",
    docs: r#"## What it does
Flags a label that `label_schema` types as `semver` whose value (after resolving variables) is
not a Semantic Versioning 2.0.0 version: `MAJOR.MINOR.PATCH`, optionally `-prerelease` and
`+build`, no leading zeros, no `v` prefix.

## Why is this bad?
Release tooling sorts and compares `org.opencontainers.image.version` values. `v1.2` or
`1.2.3.4` do not sort as versions, so the newest image may not be picked.

## Example
With this configuration:
```toml
[label_schema]
"org.opencontainers.image.version" = "semver"
```

```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.version="v1.2"
```

Use instead:
```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.version="1.2.0"
```

## Options
- `label_schema` (hadolint `label-schema`): labels typed `semver` are checked.

## References
- hadolint [DL3056](https://github.com/hadolint/hadolint/wiki/DL3056)
- [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    check_label_values(
        ctx,
        acc,
        &RULE,
        LabelType::Semver,
        label_formats::semver_problem,
    );
}
