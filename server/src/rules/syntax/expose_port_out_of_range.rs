use super::ports;
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3011",
    name: "expose-port-out-of-range",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Valid UNIX ports range from 0 to 65535",
    docs: r#"## What it does
Flags an `EXPOSE` port, or either end of a port range, above 65535 (after variable expansion).

## Why is this bad?
Ports are 16-bit numbers. BuildKit fails the build ("invalid containerPort: 80800"); the
number is usually a typo.

## Example
```dockerfile
FROM nginx:1.27-alpine
EXPOSE 80800
```

Use instead:
```dockerfile
FROM nginx:1.27-alpine
EXPOSE 8080
```

## References
- [hadolint DL3011](https://github.com/hadolint/hadolint/wiki/DL3011)
- [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (range, issue) in ports::issues(ctx) {
        if issue.out_of_range {
            acc.push(RULE.diagnostic(range, issue.message));
        }
    }
}
