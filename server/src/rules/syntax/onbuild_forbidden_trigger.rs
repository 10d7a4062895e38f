use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::InstructionKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3043",
    name: "onbuild-forbidden-trigger",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction",
    docs: r#"## What it does
Flags `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.

## Why is this bad?
These three cannot be triggers: BuildKit rejects the Dockerfile ("Chaining ONBUILD via `ONBUILD
ONBUILD` isn't allowed", "FROM isn't allowed as an ONBUILD trigger").

## Example
```dockerfile
FROM node:22-alpine
ONBUILD FROM node:22-alpine
ONBUILD COPY package.json ./
```

Use instead:
```dockerfile
FROM node:22-alpine
ONBUILD COPY package.json ./
```

## References
- [hadolint DL3043](https://github.com/hadolint/hadolint/wiki/DL3043)
- [Dockerfile reference: ONBUILD](https://docs.docker.com/reference/dockerfile/#onbuild)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions_of(InstructionKind::Onbuild) {
        let Some(trigger) = instruction.onbuild_trigger() else {
            continue;
        };
        let message = match trigger.kind {
            InstructionKind::Onbuild => {
                "`ONBUILD ONBUILD` is not allowed: a trigger cannot register another trigger"
            }
            InstructionKind::From => {
                "`FROM` cannot be an ONBUILD trigger: an image built on this one already has its FROM"
            }
            InstructionKind::Maintainer => {
                "`MAINTAINER` cannot be an ONBUILD trigger; set `LABEL org.opencontainers.image.authors` instead"
            }
            _ => continue,
        };
        acc.push(RULE.diagnostic(trigger.keyword.range, message));
    }
}
