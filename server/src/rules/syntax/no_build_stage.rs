use super::common::parse_errors;
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::{InstructionKind, SyntaxErrorKind, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1002",
    name: "no-build-stage",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Dockerfile without a build stage",
    docs: r#"## What it does
Flags a Dockerfile with no instruction at all (empty, or only comments), and one whose only
instructions are `ARG`s, so that no `FROM` starts a stage.

## Why is this bad?
There is nothing to build: BuildKit stops with "file with no instructions" or "dockerfile
contains no stages to build" before it does anything.

## Example
```dockerfile
ARG VERSION=1.2.3
```

Use instead:
```dockerfile
ARG VERSION=1.2.3
FROM alpine:3.22
```

## References
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    if parse_errors(ctx, SyntaxErrorKind::NoInstructions)
        .next()
        .is_some()
    {
        let range = ctx
            .parse
            .lines
            .first()
            .map_or(TextRange::empty(0), |it| it.content);
        acc.push(RULE.diagnostic(
            range,
            "the Dockerfile has no instructions: BuildKit needs at least a `FROM` line (`FROM alpine:3.22`)",
        ));
        return;
    }
    if !ctx.model.stages.is_empty() || !ctx.model.orphans.is_empty() {
        return;
    }
    // A bare `ARG` being typed is DK1010's; wait for the line to be whole.
    if ctx
        .parse
        .instructions
        .iter()
        .any(|it| it.args.key_values().is_empty())
    {
        return;
    }
    let Some(first) = ctx
        .parse
        .instructions
        .iter()
        .find(|it| it.kind == InstructionKind::Arg)
    else {
        return;
    };
    acc.push(RULE.diagnostic(
        first.keyword.range,
        "the Dockerfile has only `ARG` lines and no `FROM`, so there is no stage to build: add a `FROM` line",
    ));
}
