use super::{label_formats, support::check_label_values};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, LabelType, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3053",
    name: "label-not-rfc3339",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Label value is not an RFC 3339 date-time",
    docs: r#"## What it does
Flags a label that `label_schema` types as `rfc3339` whose value (after resolving variables) is
not an RFC 3339 date-time (`2025-01-31T12:00:00Z`). A value only known at build time
(`$BUILD_DATE` from an `ARG` without default) is not judged.

## Why is this bad?
`org.opencontainers.image.created` is read by machines that sort and compare images by date.
`2025-01-31` or `31/01/2025 12:00` cannot be compared with other images' timestamps.

## Example
With this configuration:
```toml
[label_schema]
"org.opencontainers.image.created" = "rfc3339"
```

```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.created="2025-01-31"
```

Use instead:
```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.created="2025-01-31T12:00:00Z"
```

## Options
- `label_schema` (hadolint `label-schema`): labels typed `rfc3339` are checked.

## References
- hadolint [DL3053](https://github.com/hadolint/hadolint/wiki/DL3053)
- [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    check_label_values(
        ctx,
        acc,
        &RULE,
        LabelType::Rfc3339,
        label_formats::rfc3339_problem,
    );
}
