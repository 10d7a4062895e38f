use super::expose::{exposed, is_valid, split};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::TextEdit,
};

pub(crate) static RULE: Rule = Rule {
    code: "ExposeInvalidFormat",
    name: "expose-host-mapping",
    aliases: &[],
    origin: Origin::BuildKit,
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "EXPOSE should not name an IP address or a host port",
    docs: r#"## What it does
Flags `EXPOSE` ports written as a mapping: `EXPOSE 8080:80` or `EXPOSE 127.0.0.1:8080:80`.

## Why is this bad?
`EXPOSE` only records which container ports the image listens on. BuildKit drops the address
and host port without a word, so `EXPOSE 127.0.0.1:8080:80` exposes port 80 on all interfaces
and publishes nothing: the mapping a reader sees is not what runs. Publishing belongs to
`docker run -p` or compose. Docker has announced that this form will become an error.

## Example
```dockerfile
FROM nginx:1.27-alpine
EXPOSE 127.0.0.1:8080:80
```

Use instead:
```dockerfile
FROM nginx:1.27-alpine
EXPOSE 80
```

## Fix safety
The fix keeps only the container port (and protocol), which is exactly what BuildKit stores in
the image: safe. It is not offered when the spec comes from a variable or BuildKit would
reject it.

## References
- [BuildKit check ExposeInvalidFormat](https://docs.docker.com/reference/build-checks/expose-invalid-format/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for item in exposed(ctx) {
        let Some(spec) = split(&item.spec) else {
            continue;
        };
        if spec.ip.is_empty() && spec.host_port.is_empty() {
            continue;
        }
        let container = &item.spec[spec.port_at..];
        let what = match spec.ip.is_empty() {
            true => "a host port",
            false => "an IP address",
        };
        let message = format!(
            "`{}` names {what}: EXPOSE only declares the container port `{container}`",
            item.spec
        );
        let diagnostic = RULE.diagnostic(item.range, message);
        if !item.exact || !is_valid(&spec) {
            acc.push(diagnostic);
            continue;
        }
        acc.push(diagnostic.with_fix(Fix::safe(
            format!("Expose `{container}`"),
            vec![TextEdit::replace(item.range, container)],
        )));
    }
}
