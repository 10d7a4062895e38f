use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::InstructionKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1015",
    name: "blank-variable-name",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "ARG, ENV or LABEL pair with an empty name",
    docs: r#"## What it does
Flags `=value` with nothing before the `=` in `ARG`, `ENV` or `LABEL`.

## Why is this bad?
Every pair needs a name; BuildKit rejects the Dockerfile ("ARG names can not be blank"). A
stray space (`ARG VERSION =1.0`) is the usual cause.

## Example
```dockerfile
FROM alpine:3.22
ARG VERSION =1.0
```

Use instead:
```dockerfile
FROM alpine:3.22
ARG VERSION=1.0
```

## References
- [Dockerfile reference: ARG](https://docs.docker.com/reference/dockerfile/#arg)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions() {
        if !matches!(
            instruction.kind,
            InstructionKind::Arg | InstructionKind::Env | InstructionKind::Label
        ) {
            continue;
        }
        for kv in instruction.args.key_values() {
            if !kv.key.text.is_empty() || kv.value.is_none() {
                continue;
            }
            acc.push(RULE.diagnostic(
                kv.range,
                format!(
                    "`{}` has no name before `=`: {} pairs are `NAME=value`, with no space around `=`",
                    ctx.slice(kv.range),
                    instruction.kind.keyword()
                ),
            ));
        }
    }
}
