use super::support::{labels, shipped_chain};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3050",
    name: "superfluous-label",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Info,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Label not in the label schema while `strict_labels` is on",
    docs: r#"## What it does
With `strict_labels` on, flags every `LABEL` key (after resolving variables) that `label_schema`
does not list, in the shipped stage and the stages it is built `FROM`. Labels of builder stages
never reach the image and are not flagged.

## Why is this bad?
An organisation that fixes the set of labels its images carry wants every other key reviewed:
ad-hoc labels drift in spelling and meaning, and may leak build details.

## Example
With this configuration:
```toml
strict_labels = true

[label_schema]
"org.opencontainers.image.source" = "url"
```

```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.source="https://github.com/example/app" build-host="ci-7"
```

Use instead:
```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.source="https://github.com/example/app"
```

## Options
- `strict_labels` (hadolint `strict-labels`): only labels in the schema are allowed.
- `label_schema` (hadolint `label-schema`): the allowed labels.

## References
- hadolint [DL3050](https://github.com/hadolint/hadolint/wiki/DL3050)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    if !ctx.config.strict_labels {
        return;
    }
    let chain = shipped_chain(ctx.model);
    for label in labels(ctx) {
        if !label.key_complete || !chain.iter().any(|it| it.index == label.stage) {
            continue;
        }
        if ctx
            .config
            .label_schema
            .iter()
            .any(|(key, _)| *key == label.key)
        {
            continue;
        }
        let shown = match label.key_raw.contains('$') {
            true => format!("`{}` (resolves to `{}`)", label.key_raw, label.key),
            false => format!("`{}`", label.key),
        };
        acc.push(RULE.diagnostic(
            label.key_range,
            format!("label {shown} is not in the label schema and `strict_labels` is on"),
        ));
    }
}
