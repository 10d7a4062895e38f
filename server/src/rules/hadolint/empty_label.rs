use super::support::labels;
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3051",
    name: "empty-label-value",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Label from the label schema has an empty value",
    docs: r#"## What it does
Flags a label listed in `label_schema` whose value is empty after resolving variables:
`LABEL version=$VERSION` with `ARG VERSION=` (an empty default). A value only known at build time
(`ARG VERSION` without a default) is not judged: the build passes it in.

## Why is this bad?
An empty label is worse than a missing one: tools find the key, trust it, and read nothing. The
usual cause is a variable that is not set where the label is.

## Example
With this configuration:
```toml
[label_schema]
"org.opencontainers.image.version" = "text"
```

```dockerfile
FROM alpine:3.22
ARG VERSION=""
LABEL org.opencontainers.image.version="${VERSION}"
```

Use instead:
```dockerfile
FROM alpine:3.22
ARG VERSION
LABEL org.opencontainers.image.version="${VERSION}"
```

## Options
- `label_schema` (hadolint `label-schema`): every label in it is checked, whatever its type.

## References
- hadolint [DL3051](https://github.com/hadolint/hadolint/wiki/DL3051)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    if ctx.config.label_schema.is_empty() {
        return;
    }
    for label in labels(ctx) {
        if !label.key_complete || !label.value_complete || !label.value.trim().is_empty() {
            continue;
        }
        if !ctx
            .config
            .label_schema
            .iter()
            .any(|(key, _)| *key == label.key)
        {
            continue;
        }
        let message = match label.value_has_vars {
            true => format!(
                "label `{}` is empty: `{}` resolves to nothing here",
                label.key, label.value_raw
            ),
            false => format!("label `{}` is empty", label.key),
        };
        acc.push(RULE.diagnostic(label.value_or_key_range(), message));
    }
}
