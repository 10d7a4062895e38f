use crate::{
    model::{EdgeKind, EdgeTarget},
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "StageNameCasing",
    name: "stage-name-casing",
    aliases: &[],
    origin: Origin::BuildKit,
    category: Category::Style,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Always,
    summary: "Stage names should be lowercase",
    docs: r#"## What it does
Flags a stage name (`FROM image AS Name`) with upper-case letters.

## Why is this bad?
Stage names are matched without regard to case, so `Builder` and `builder` are the same stage;
mixed case only invites a reader to think otherwise, and BuildKit warns about it.

## Example
```dockerfile
FROM golang:1.22 AS Builder
RUN go build -o /out/app .

FROM alpine:3.22
COPY --from=Builder /out/app /app
```

Use instead:
```dockerfile
FROM golang:1.22 AS builder
RUN go build -o /out/app .

FROM alpine:3.22
COPY --from=builder /out/app /app
```

## Fix safety
The fix lowercases the name and every `FROM`, `COPY --from` and `RUN --mount=from=` that refers
to it. BuildKit matches stage names case-insensitively, so the build does not change: safe.

## References
- [BuildKit check StageNameCasing](https://docs.docker.com/reference/build-checks/stage-name-casing/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for stage in &ctx.model.stages {
        let (Some(name), Some(range)) = (&stage.name, stage.name_range) else {
            continue;
        };
        let lower = name.to_lowercase();
        if lower == name.as_str() {
            continue;
        }
        let mut edits = vec![TextEdit::replace(range, lower.clone())];
        for edge in ctx.model.dependents(stage.index) {
            let text = ctx.slice(edge.range);
            let at = match edge.kind {
                EdgeKind::From | EdgeKind::CopyFrom => {
                    (text == name.as_str()).then_some(edge.range)
                }
                // The mount's range covers the whole `--mount` value.
                EdgeKind::MountFrom => {
                    mount_from_range(text, name).map(|it| it.shifted(edge.range.start()))
                }
            };
            if let (Some(at), EdgeTarget::Stage(_)) = (at, &edge.target) {
                edits.push(TextEdit::replace(at, lower.clone()));
            }
        }
        acc.push(
            RULE.diagnostic(range, format!("stage name `{name}` should be lowercase"))
                .with_fix(Fix::safe(format!("Rename the stage to `{lower}`"), edits)),
        );
    }
}

/// The `from=<name>` value inside a `--mount` CSV value.
fn mount_from_range(value: &str, name: &str) -> Option<TextRange> {
    let mut offset = 0;
    for field in value.split(',') {
        if let Some(rest) = field.strip_prefix("from=") {
            if rest == name {
                let start = offset + "from=".len();
                return Some(TextRange::new(start, start + rest.len()));
            }
        }
        offset += field.len() + 1;
    }
    None
}
