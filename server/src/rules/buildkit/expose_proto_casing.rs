use super::expose::{exposed, split};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "ExposeProtoCasing",
    name: "uppercase-expose-protocol",
    aliases: &[],
    origin: Origin::BuildKit,
    category: Category::Style,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "EXPOSE protocols should be lowercase",
    docs: r#"## What it does
Flags an `EXPOSE` protocol that is not all lowercase: `EXPOSE 53/UDP`.

## Why is this bad?
BuildKit lowercases the protocol, so the image is the same, but Docker documents the protocols
as `tcp`, `udp` and `sctp`, and tools that read the Dockerfile itself may not.

## Example
```dockerfile
FROM alpine:3.22
EXPOSE 53/UDP 8080/TCP
```

Use instead:
```dockerfile
FROM alpine:3.22
EXPOSE 53/udp 8080/tcp
```

## Fix safety
The fix lowercases the protocol, which BuildKit does anyway: safe. It is not offered when the
port comes from a variable.

## References
- [BuildKit check ExposeProtoCasing](https://docs.docker.com/reference/build-checks/expose-proto-casing/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for item in exposed(ctx) {
        let Some(spec) = split(&item.spec) else {
            continue;
        };
        let Some(proto) = spec.proto else {
            continue;
        };
        let lower = proto.to_ascii_lowercase();
        if lower == proto {
            continue;
        }
        let message = format!("protocol `{proto}` should be lowercase: `{lower}`");
        if !item.exact {
            acc.push(RULE.diagnostic(item.range, message));
            continue;
        }
        let at = item.range.start() + spec.proto_at;
        let range = TextRange::new(at, at + proto.len());
        acc.push(RULE.diagnostic(range, message).with_fix(Fix::safe(
            format!("Write `{lower}`"),
            vec![TextEdit::replace(range, lower.clone())],
        )));
    }
}
