use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

/// Names BuildKit gives a meaning of their own (`validations.go`).
const RESERVED: [&str; 2] = ["context", "scratch"];

pub(crate) static RULE: Rule = Rule {
    code: "DL3063",
    name: "reserved-stage-name",
    aliases: &["ReservedStageName"],
    origin: Origin::Hadolint,
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Stage names should not be reserved words",
    docs: r#"## What it does
Flags a stage named `scratch` or `context` (in any case).

## Why is this bad?
`scratch` already means the empty image and `context` the build context, so `FROM scratch` or
`COPY --from=context` after such a stage is ambiguous: a reader cannot tell whether the stage
or the built-in is meant.

## Example
```dockerfile
FROM alpine:3.22 AS scratch
RUN echo hi > /hello

FROM alpine:3.22
COPY --from=scratch /hello /hello
```

Use instead:
```dockerfile
FROM alpine:3.22 AS hello
RUN echo hi > /hello

FROM alpine:3.22
COPY --from=hello /hello /hello
```

## References
- hadolint [DL3063](https://github.com/hadolint/hadolint/wiki/DL3063)
- [BuildKit check ReservedStageName](https://docs.docker.com/reference/build-checks/reserved-stage-name/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for stage in &ctx.model.stages {
        let (Some(name), Some(range)) = (&stage.name, stage.name_range) else {
            continue;
        };
        let lower = name.to_lowercase();
        if let Some(reserved) = RESERVED.iter().find(|it| **it == lower) {
            let meaning = match *reserved {
                "scratch" => "the empty base image",
                _ => "the build context",
            };
            acc.push(RULE.diagnostic(
                range,
                format!("stage name `{name}` is reserved: `{reserved}` already means {meaning}"),
            ));
        }
    }
}
