use super::common::{flag_type, suggest_word, FlagType};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::TextEdit,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1024",
    name: "invalid-boolean-flag",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Boolean flag with a value other than true or false",
    docs: r#"## What it does
Flags `--link`, `--parents`, `--keep-git-dir` and `--unpack` given a value that is not `true`
or `false` (in any case), including an empty one (`--link=`).

## Why is this bad?
BuildKit rejects the Dockerfile ("Expecting boolean value for flag link, not: yes"). Unlike
Go's usual parsing it does not take `1`, `0`, `yes` or `no`.

## Example
```dockerfile
FROM alpine:3.22
COPY --link=yes config.yml /etc/app/
```

Use instead:
```dockerfile
FROM alpine:3.22
COPY --link config.yml /etc/app/
```

## Fix safety
`1`, `yes`, `on` become `true`, `0`, `no`, `off` become `false`, near-misses (`ture`) the value
they are closest to, and an empty value is dropped (a bare flag means `true`). The build changes
from failing to running: unsafe.

## References
- [Dockerfile reference: COPY --link](https://docs.docker.com/reference/dockerfile/#copy---link)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions() {
        for flag in &instruction.flags {
            if flag_type(instruction, &flag.name) != Some(FlagType::Bool) {
                continue;
            }
            let (Some(value), Some(value_range)) = (&flag.value, flag.value_range) else {
                continue;
            };
            let lower = value.to_ascii_lowercase();
            if matches!(lower.as_str(), "true" | "false") {
                continue;
            }
            let name = flag.name.as_str();
            if value.is_empty() {
                acc.push(
                    RULE.diagnostic(
                        flag.range,
                        format!(
                            "`--{name}=` has no value: write `--{name}` (true) or `--{name}=false`"
                        ),
                    )
                    .with_fix(Fix::unsafe_(
                        format!("Write `--{name}`"),
                        vec![TextEdit::replace(flag.range, format!("--{name}"))],
                    )),
                );
                continue;
            }
            let replacement = match lower.as_str() {
                "1" | "yes" | "y" | "on" | "t" => Some("true"),
                "0" | "no" | "n" | "off" | "f" => Some("false"),
                other => suggest_word(other, &["true", "false"]),
            };
            let mut diagnostic = RULE.diagnostic(
                value_range,
                format!("`--{name}` takes `true` or `false`, not `{value}`"),
            );
            if let Some(it) = replacement {
                diagnostic
                    .message
                    .push_str(&format!(": did you mean `{it}`?"));
                if ctx.slice(value_range) == value.as_str() {
                    diagnostic = diagnostic.with_fix(Fix::unsafe_(
                        format!("Replace with `{it}`"),
                        vec![TextEdit::replace(value_range, it)],
                    ));
                }
            }
            acc.push(diagnostic);
        }
    }
}
