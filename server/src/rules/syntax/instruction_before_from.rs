use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::InstructionKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3061",
    name: "instruction-before-from",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment",
    docs: r#"## What it does
Flags the first instruction other than `ARG` that comes before the first `FROM`. (An unknown
instruction there is most likely a mistyped `FROM`; it is left to `unknown-instruction`.)

## Why is this bad?
Instructions run inside a stage, and stages start with `FROM`. BuildKit rejects the Dockerfile
("no build stage in current context"). Only `ARG` may precede `FROM`, to parameterize it.

## Example
```dockerfile
ENV NODE_ENV=production
FROM node:22-alpine
```

Use instead:
```dockerfile
FROM node:22-alpine
ENV NODE_ENV=production
```

## References
- [hadolint DL3061](https://github.com/hadolint/hadolint/wiki/DL3061)
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    // One finding: every later orphan has the same cause.
    let Some(instruction) = ctx
        .model
        .orphans
        .first()
        .and_then(|&it| ctx.instruction(it))
    else {
        return;
    };
    if instruction.kind == InstructionKind::Unknown {
        return;
    }
    let message = match ctx.model.stages.is_empty() {
        true => format!(
            "{} before any `FROM`: every instruction but ARG belongs to a stage, and this Dockerfile has no `FROM` yet",
            instruction.kind.keyword()
        ),
        false => format!(
            "{} comes before the first `FROM`: only ARG may precede it; move this below `FROM`",
            instruction.kind.keyword()
        ),
    };
    acc.push(RULE.diagnostic(instruction.keyword.range, message));
}
