use super::{label_formats, support::check_label_values};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, LabelType, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3058",
    name: "label-not-email",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Label value is not an e-mail address",
    docs: r#"## What it does
Flags a label that `label_schema` types as `email` whose value (after resolving variables) is
not an RFC 5322 address (`local@domain`); a display name with `<...>` is not an address.

## Why is this bad?
Whoever must reach an image's owner (security reports, expiring base images) sends mail to
the label's value; `Jane Doe <jane@example.com>` or `jane(at)example.com` bounce in tools that
expect a plain address.

## Example
With this configuration:
```toml
[label_schema]
"maintainer" = "email"
```

```dockerfile
FROM alpine:3.22
LABEL maintainer="Jane Doe <jane@example.com>"
```

Use instead:
```dockerfile
FROM alpine:3.22
LABEL maintainer="jane@example.com"
```

## Options
- `label_schema` (hadolint `label-schema`): labels typed `email` are checked.

## References
- hadolint [DL3058](https://github.com/hadolint/hadolint/wiki/DL3058)
- [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    check_label_values(
        ctx,
        acc,
        &RULE,
        LabelType::Email,
        label_formats::email_problem,
    );
}
