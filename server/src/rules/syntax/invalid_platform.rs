use super::{expand::Expander, go::check_platform};
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::InstructionKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1028",
    name: "invalid-platform",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "FROM --platform that is not `os[/arch[/variant]]`",
    docs: r#"## What it does
Expands `FROM --platform=` with the global `ARG`s and the builder's platform ARGs
(`$BUILDPLATFORM`, `$TARGETPLATFORM`, ...) and flags a value that is empty or that containerd
cannot parse: an empty part (`linux/`), characters other than letters, digits, `_` and `-`, more
than three parts, or a single word that is neither an operating system nor an architecture.

## Why is this bad?
BuildKit stops before building ("empty platform value from expression $TARGETPLATFROM",
"failed to parse platform linux/: an invalid component").

## Example
```dockerfile
FROM --platform=linux/ golang:1.23 AS build
RUN go version
```

Use instead:
```dockerfile
FROM --platform=linux/amd64 golang:1.23 AS build
RUN go version
```

## References
- [Dockerfile reference: FROM --platform](https://docs.docker.com/reference/dockerfile/#from)
- [Multi-platform builds](https://docs.docker.com/build/building/multi-platform/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in ctx.instructions_of(InstructionKind::From) {
        let Some(flag) = instruction.flag("platform") else {
            continue;
        };
        let (Some(raw), Some(range)) = (&flag.value, flag.value_range) else {
            continue;
        };
        // Still typing: the image comes after the flag.
        if instruction.args.words().is_empty() {
            continue;
        }
        // `--platform=` is the same as no flag.
        if raw.is_empty() {
            continue;
        }
        let Some(value) = Expander::at(ctx, idx).known(raw) else {
            continue;
        };
        let message = if value.is_empty() {
            format!("`--platform={raw}` expands to an empty string: BuildKit fails with “empty platform value”; check the variable's name (`$TARGETPLATFORM`, `$BUILDPLATFORM`)")
        } else {
            match check_platform(&value) {
                Ok(()) => continue,
                Err(why) => {
                    let shown = match value == raw.as_str() {
                        true => format!("`{value}`"),
                        false => format!("`{raw}` (expanded: `{value}`)"),
                    };
                    format!("invalid platform {shown}: {why}; expected `os/arch` or `os/arch/variant` (`linux/amd64`, `linux/arm64/v8`)")
                }
            }
        };
        acc.push(RULE.diagnostic(range, message));
    }
}
