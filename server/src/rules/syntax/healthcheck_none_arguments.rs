use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{Args, InstructionKind, TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1019",
    name: "healthcheck-none-arguments",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Always,
    summary: "HEALTHCHECK NONE followed by arguments",
    docs: r#"## What it does
Flags words after `HEALTHCHECK NONE`.

## Why is this bad?
`NONE` turns off the health check inherited from the base image and takes nothing else;
BuildKit rejects the Dockerfile ("HEALTHCHECK NONE takes no arguments").

## Example
```dockerfile
FROM nginx:1.27-alpine
HEALTHCHECK NONE curl -f http://localhost/
```

Use instead:
```dockerfile
FROM nginx:1.27-alpine
HEALTHCHECK NONE
```

## Fix safety
The fix deletes the words after `NONE`. If you meant a health check (`CMD`) you lose it: unsafe.

## References
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions_of(InstructionKind::Healthcheck) {
        let Args::Healthcheck { kind, cmd } = &instruction.args else {
            continue;
        };
        if !kind.text.eq_ignore_ascii_case("NONE") {
            continue;
        }
        let range = match &**cmd {
            Args::Empty => continue,
            Args::Exec(exec) => exec.range,
            other => match other.values().as_slice() {
                [first, .., last] => TextRange::new(first.1.start(), last.1.end()),
                [only] => only.1,
                [] => continue,
            },
        };
        acc.push(
            RULE.diagnostic(
                range,
                "HEALTHCHECK NONE takes no arguments: it only turns off the base image's health check",
            )
            .with_fix(Fix::unsafe_(
                "Remove the arguments",
                vec![TextEdit::delete(TextRange::new(kind.range.end(), range.end()))],
            )),
        );
    }
}
