use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, PragmaKind, Rule, RuleContext,
    Severity, Suppressions,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL1001",
    name: "inline-ignore-pragma",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Style,
    severity: Severity::Info,
    enabled: Enabled::No,
    fix: FixAvailability::None,
    summary: "Inline `# hadolint ignore=` pragmas are not allowed",
    docs: r#"## What it does
Flags `# hadolint ignore=...` (and `# docklens ignore=...`) comments that silence findings for the
next instruction. `# hadolint global ignore=` and configuration files are not flagged.

This is a policy rule and off by default: turn it on where every exception must be made in the
shared configuration instead of next to the code.

## Why is this bad?
An inline pragma hides a finding where nobody reviewing the configuration sees it. Teams that
want one reviewed list of exceptions forbid them.

## Example
```dockerfile
FROM alpine:3.22
# hadolint ignore=DL3018
RUN apk add --no-cache curl
```

Use instead:
```dockerfile
FROM alpine:3.22
RUN apk add --no-cache curl=8.14.1-r1
```

## References
- hadolint [DL1001](https://github.com/hadolint/hadolint/wiki/DL1001)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let suppressions = Suppressions::collect(ctx.text, ctx.parse);
    for pragma in &suppressions.pragmas {
        let PragmaKind::Ignore(codes) = &pragma.kind else {
            continue;
        };
        let what = match codes.as_slice() {
            [] => "findings".to_owned(),
            codes => codes
                .iter()
                .map(|it| format!("`{it}`"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        acc.push(RULE.diagnostic(
            pragma.range,
            format!("inline pragma silences {what}: ignore rules in the configuration instead"),
        ));
    }
}
