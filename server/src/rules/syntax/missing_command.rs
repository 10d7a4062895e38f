use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::{Args, InstructionKind},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1017",
    name: "missing-command",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "RUN [] or HEALTHCHECK CMD without a command",
    docs: r#"## What it does
Flags `RUN []`, an exec form with nothing to execute, and `HEALTHCHECK CMD` with no command
after `CMD`.

## Why is this bad?
BuildKit cannot run nothing: `RUN []` fails the build ("arguments are required") and
`HEALTHCHECK CMD` is rejected outright ("Missing command after HEALTHCHECK CMD").

## Example
```dockerfile
FROM nginx:1.27-alpine
HEALTHCHECK CMD
```

Use instead:
```dockerfile
FROM nginx:1.27-alpine
HEALTHCHECK CMD wget -qO- http://localhost/ || exit 1
```

## References
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions() {
        match (&instruction.kind, &instruction.args) {
            (InstructionKind::Run, Args::Exec(exec)) if exec.elements.is_empty() => {
                acc.push(RULE.diagnostic(
                    exec.range,
                    "`RUN []` has nothing to execute: BuildKit fails with “arguments are required”; give a command (`RUN [\"make\", \"install\"]`)",
                ));
            }
            (InstructionKind::Healthcheck, Args::Healthcheck { kind, cmd })
                if kind.text.eq_ignore_ascii_case("CMD") =>
            {
                let range = match &**cmd {
                    Args::Empty => kind.range,
                    Args::Exec(exec) if exec.elements.is_empty() => exec.range,
                    _ => continue,
                };
                acc.push(RULE.diagnostic(
                    range,
                    "HEALTHCHECK CMD needs a command (`HEALTHCHECK CMD curl -f http://localhost/ || exit 1`)",
                ));
            }
            _ => {}
        }
    }
}
