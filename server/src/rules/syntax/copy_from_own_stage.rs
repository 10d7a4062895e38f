use super::common::{parse_index, stage_named};
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::InstructionKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3023",
    name: "copy-from-own-stage",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "COPY --from referencing its own stage",
    docs: r#"## What it does
Flags `COPY --from=<name>` (or `--from=<index>`) inside the very stage it names.

## Why is this bad?
A stage cannot copy from itself: it does not exist yet while it is being built. BuildKit fails
with "circular dependency detected on stage". Usually the `COPY` belongs in the next stage, or
`--from` names the wrong one.

## Example
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .
COPY --from=build /out/app /usr/local/bin/app
```

Use instead:
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM alpine:3.22
COPY --from=build /out/app /usr/local/bin/app
```

## References
- [hadolint DL3023](https://github.com/hadolint/hadolint/wiki/DL3023)
- [Multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in ctx.instructions_of(InstructionKind::Copy) {
        let Some(current) = ctx.model.stage_of(idx) else {
            continue;
        };
        let Some(flag) = instruction.flag("from") else {
            continue;
        };
        let (Some(value), Some(range)) = (&flag.value, flag.value_range) else {
            continue;
        };
        let own = match parse_index(value) {
            Some(index) => index == current as i64,
            None => stage_named(ctx.model, value).is_some_and(|it| it.index == current),
        };
        if !own {
            continue;
        }
        let mut diagnostic = RULE.diagnostic(
            range,
            format!("`COPY --from={value}` references its own stage: a stage cannot copy from itself (BuildKit: circular dependency); copy from an earlier stage, or move this COPY to a later one"),
        );
        if let Some(at) = ctx.model.stages.get(current).and_then(|it| it.name_range) {
            diagnostic = diagnostic.with_related(at, "the stage is named here");
        }
        acc.push(diagnostic);
    }
}
