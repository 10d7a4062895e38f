use super::common::{backticked, suggest_word};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1025",
    name: "invalid-run-option",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "RUN --network or --security with a value BuildKit does not know",
    docs: r#"## What it does
Flags `RUN --network=` with a value other than `default`, `none` or `host`, and
`RUN --security=` with a value other than `sandbox` or `insecure`. The values are
case-sensitive and are not expanded.

## Why is this bad?
BuildKit rejects the Dockerfile ("invalid network mode \"offline\"", "security \"privileged\"
is not valid").

## Example
```dockerfile
FROM python:3.13-slim
RUN --network=off pip install --no-index --find-links=/wheels app
```

Use instead:
```dockerfile
FROM python:3.13-slim
RUN --network=none pip install --no-index --find-links=/wheels app
```

## Fix safety
The fix replaces the value with the allowed one it is closest to (or that it means: `off` is
`none`), when there is exactly one. The build changes from failing to running: unsafe.

## References
- [Dockerfile reference: RUN --network](https://docs.docker.com/reference/dockerfile/#run---network)
- [Dockerfile reference: RUN --security](https://docs.docker.com/reference/dockerfile/#run---security)
"#,
    check,
};

const NETWORK: &[&str] = &["default", "none", "host"];
const SECURITY: &[&str] = &["sandbox", "insecure"];

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions_of(InstructionKind::Run) {
        for flag in &instruction.flags {
            let allowed = match flag.name.as_str() {
                "network" => NETWORK,
                "security" => SECURITY,
                _ => continue,
            };
            let (Some(value), Some(range)) = (&flag.value, flag.value_range) else {
                continue;
            };
            if allowed.contains(&value.as_str()) {
                continue;
            }
            let lower = value.to_ascii_lowercase();
            let suggestion = match lower.as_str() {
                it if allowed.contains(&it) => allowed.iter().copied().find(|a| *a == it),
                "off" | "disabled" | "disable" | "no" | "false" | "isolated"
                    if flag.name == "network" =>
                {
                    Some("none")
                }
                "privileged" | "unsafe" if flag.name == "security" => Some("insecure"),
                other if !other.is_empty() => suggest_word(other, allowed),
                _ => None,
            };
            let what = match flag.name.as_str() {
                "network" => "network mode",
                _ => "security mode",
            };
            let message = match (suggestion, value.is_empty()) {
                (_, true) => format!(
                    "`--{}=` has no value: expected {}",
                    flag.name,
                    backticked(allowed)
                ),
                (Some(it), false) => format!("invalid {what} `{value}`: did you mean `{it}`?"),
                (None, false) => {
                    format!("invalid {what} `{value}`: expected {}", backticked(allowed))
                }
            };
            let mut diagnostic =
                RULE.diagnostic(if value.is_empty() { flag.range } else { range }, message);
            if let Some(it) = suggestion {
                if ctx.slice(range) == value.as_str() {
                    diagnostic = diagnostic.with_fix(Fix::unsafe_(
                        format!("Replace with `{it}`"),
                        vec![TextEdit::replace(range, it)],
                    ));
                }
            }
            acc.push(diagnostic);
        }
    }
}
