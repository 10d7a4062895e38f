use super::go::parse_uint;
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::InstructionKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1035",
    name: "invalid-chmod",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "COPY or ADD --chmod that is not an octal mode up to 7777",
    docs: r#"## What it does
Flags a numeric `--chmod` on `COPY` or `ADD` that is not octal (has an `8` or `9`) or is above
`7777`. Symbolic modes (`u+x`) and values with variables are left alone.

## Why is this bad?
BuildKit fails the build ("invalid chmod parameter: '999'. it should be octal string and
between 0 and 07777").

## Example
```dockerfile
FROM alpine:3.22
COPY --chmod=0799 entrypoint.sh /usr/local/bin/
```

Use instead:
```dockerfile
FROM alpine:3.22
COPY --chmod=0755 entrypoint.sh /usr/local/bin/
```

## References
- [Dockerfile reference: COPY --chmod](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions() {
        if !matches!(
            instruction.kind,
            InstructionKind::Copy | InstructionKind::Add
        ) {
            continue;
        }
        for flag in instruction.flags.iter().filter(|it| it.name == "chmod") {
            let (Some(value), Some(range)) = (&flag.value, flag.value_range) else {
                continue;
            };
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let message = match parse_uint(value, 8, 32) {
                None => format!(
                    "`--chmod={value}` is not octal: modes use the digits 0 to 7 (`0755`, `0644`)"
                ),
                Some(mode) if mode > 0o7777 => {
                    format!("`--chmod={value}` is above 7777: a mode is at most four octal digits (`0755`, `4755`)")
                }
                Some(_) => continue,
            };
            acc.push(RULE.diagnostic(range, message));
        }
    }
}
