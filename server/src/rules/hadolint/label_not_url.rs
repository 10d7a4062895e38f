use super::{label_formats, support::check_label_values};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, LabelType, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3052",
    name: "label-not-url",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Label value is not a valid URL",
    docs: r#"## What it does
Flags a label that `label_schema` types as `url` whose value (after resolving variables) is
not an absolute URL: a scheme such as `https:` followed only by characters a URL may contain.

## Why is this bad?
Registries and scanners turn `org.opencontainers.image.source` and `.url` into links back to the
code. `github.com/example/app` has no scheme, so to them it is a relative path that leads nowhere.

## Example
With this configuration:
```toml
[label_schema]
"org.opencontainers.image.source" = "url"
```

```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.source="github.com/example/app"
```

Use instead:
```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.source="https://github.com/example/app"
```

## Options
- `label_schema` (hadolint `label-schema`): labels typed `url` are checked.

## References
- hadolint [DL3052](https://github.com/hadolint/hadolint/wiki/DL3052)
- [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    check_label_values(ctx, acc, &RULE, LabelType::Url, label_formats::url_problem);
}
