use super::{label_formats, support::check_label_values};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, LabelType, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3054",
    name: "label-not-spdx",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Label value is not an SPDX license expression",
    docs: r#"## What it does
Flags a label that `label_schema` types as `spdx` whose value (after resolving variables) is
not an SPDX license expression: identifiers from the SPDX License List (case-insensitive),
`LicenseRef-...`, combined with `AND`, `OR`, `WITH` and parentheses. Deprecated identifiers
(`GPL-2.0`) are flagged with their replacement.

## Why is this bad?
License scanners read `org.opencontainers.image.licenses` to decide whether an image may be
used. `Apache 2` or `The MIT License` match no identifier, so the image is reported as
unlicensed or needs a manual review.

## Example
With this configuration:
```toml
[label_schema]
"org.opencontainers.image.licenses" = "spdx"
```

```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.licenses="Apache 2"
```

Use instead:
```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.licenses="Apache-2.0"
```

## Options
- `label_schema` (hadolint `label-schema`): labels typed `spdx` are checked.

## References
- hadolint [DL3054](https://github.com/hadolint/hadolint/wiki/DL3054)
- [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    check_label_values(
        ctx,
        acc,
        &RULE,
        LabelType::Spdx,
        label_formats::spdx_problem,
    );
}
