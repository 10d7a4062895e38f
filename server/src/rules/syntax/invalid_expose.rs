use super::ports;
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1030",
    name: "invalid-expose-port",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "EXPOSE value that is not a port, port range or protocol",
    docs: r#"## What it does
Flags an `EXPOSE` value (after variable expansion) that is not `port[/protocol]` or
`from-to[/protocol]`: a word that is not a number (`EXPOSE http`), a protocol other than
`tcp`, `udp` or `sctp` (`80/http`), a missing port (`/tcp`) or a range that ends before it
starts. Port numbers above 65535 are hadolint's DL3011; IP addresses and host mappings
(`127.0.0.1:80:80`) are BuildKit's `ExposeInvalidFormat`.

## Why is this bad?
BuildKit fails the build ("invalid containerPort: http", "invalid proto: http").

## Example
```dockerfile
FROM nginx:1.27-alpine
EXPOSE 80/http
```

Use instead:
```dockerfile
FROM nginx:1.27-alpine
EXPOSE 80/tcp
```

## References
- [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (range, issue) in ports::issues(ctx) {
        if !issue.out_of_range {
            acc.push(RULE.diagnostic(range, issue.message));
        }
    }
}
