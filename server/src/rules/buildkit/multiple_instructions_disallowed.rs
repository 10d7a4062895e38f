use super::util::{instruction_lines, line_no};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "MultipleInstructionsDisallowed",
    name: "overridden-cmd-entrypoint-healthcheck",
    aliases: &["DL4003", "DL4004", "DL3012"],
    origin: Origin::BuildKit,
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Always,
    summary: "A stage should have at most one CMD, ENTRYPOINT and HEALTHCHECK",
    docs: r#"## What it does
Flags every `CMD`, `ENTRYPOINT` or `HEALTHCHECK` that a later one of the same kind in the same
stage overrides. The one that takes effect is linked as related information. A stage built
`FROM` another starts afresh: overriding the parent's `CMD` there is normal.

This is hadolint's DL4003 (`CMD`), DL4004 (`ENTRYPOINT`) and DL3012 (`HEALTHCHECK`) in one
check, so their pragmas apply.

## Why is this bad?
Only the last one ends up in the image. The earlier ones are dead code that a reader may take
for what the container runs, often left over from debugging.

## Example
```dockerfile
FROM python:3.13-slim
COPY app.py /app/app.py
CMD ["python", "/app/app.py", "--debug"]
CMD ["python", "/app/app.py"]
```

Use instead:
```dockerfile
FROM python:3.13-slim
COPY app.py /app/app.py
CMD ["python", "/app/app.py"]
```

## Fix safety
The fix deletes the overridden instruction. The resulting container config is the same, but
the image history loses an entry, so the image digest changes: unsafe.

## References
- [BuildKit check MultipleInstructionsDisallowed](https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/)
- hadolint [DL4003](https://github.com/hadolint/hadolint/wiki/DL4003),
  [DL4004](https://github.com/hadolint/hadolint/wiki/DL4004),
  [DL3012](https://github.com/hadolint/hadolint/wiki/DL3012)
"#,
    check,
};

const KINDS: [InstructionKind; 3] = [
    InstructionKind::Cmd,
    InstructionKind::Entrypoint,
    InstructionKind::Healthcheck,
];

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for stage in &ctx.model.stages {
        for kind in KINDS {
            let found: Vec<usize> = stage
                .instructions
                .clone()
                .filter(|&idx| ctx.instruction(idx).is_some_and(|it| it.kind == kind))
                .collect();
            let Some((&last, earlier)) = found.split_last() else {
                continue;
            };
            let Some(winner) = ctx.instruction(last) else {
                continue;
            };
            let keyword = kind.keyword();
            let winner_line = line_no(ctx, winner.range.start());
            for &idx in earlier {
                let Some(instruction) = ctx.instruction(idx) else {
                    continue;
                };
                let message = format!(
                    "this `{keyword}` has no effect: the `{keyword}` on line {winner_line} overrides it"
                );
                acc.push(
                    RULE.diagnostic(instruction.range, message)
                        .unnecessary()
                        .with_related(winner.range, format!("this `{keyword}` takes effect"))
                        .with_fix(Fix::unsafe_(
                            format!("Remove the overridden `{keyword}`"),
                            vec![TextEdit::delete(instruction_lines(ctx, instruction))],
                        )),
                );
            }
        }
    }
}
