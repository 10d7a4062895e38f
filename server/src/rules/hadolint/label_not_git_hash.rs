use super::{label_formats, support::check_label_values};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, LabelType, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3055",
    name: "label-not-git-hash",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Label value is not a git commit hash",
    docs: r#"## What it does
Flags a label that `label_schema` types as `hash` whose value (after resolving variables) is not
a git commit hash: lower-case hex, 7 to 40 digits (or 64 for SHA-256 repositories).

## Why is this bad?
`org.opencontainers.image.revision` ties the image to the commit it was built from. A branch
name or tag moves, so the image can no longer be traced to its exact source.

## Example
With this configuration:
```toml
[label_schema]
"org.opencontainers.image.revision" = "hash"
```

```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.revision="main"
```

Use instead:
```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.revision="4f2a9c1e8b7d"
```

## Options
- `label_schema` (hadolint `label-schema`): labels typed `hash` are checked.

## References
- hadolint [DL3055](https://github.com/hadolint/hadolint/wiki/DL3055)
- [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    check_label_values(
        ctx,
        acc,
        &RULE,
        LabelType::GitHash,
        label_formats::git_hash_problem,
    );
}
