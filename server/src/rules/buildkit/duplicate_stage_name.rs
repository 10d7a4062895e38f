use std::collections::HashMap;

use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3024",
    name: "duplicate-stage-name",
    aliases: &["DuplicateStageName"],
    origin: Origin::Hadolint,
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Stage names must be unique",
    docs: r#"## What it does
Flags a stage whose name (`FROM image AS name`) an earlier stage already uses. Names are
compared without regard to case, as BuildKit lowercases them.

## Why is this bad?
`COPY --from=name` and `FROM name` can then mean either stage, and which one BuildKit picks is
not the one most readers expect: a build that copies from "the builder" may silently copy
from the wrong one.

## Example
```dockerfile
FROM golang:1.22 AS build
RUN go build -o /out/api ./cmd/api

FROM node:22 AS build
RUN npm ci && npm run build

FROM alpine:3.22
COPY --from=build /out/api /api
```

Use instead:
```dockerfile
FROM golang:1.22 AS build-api
RUN go build -o /out/api ./cmd/api

FROM node:22 AS build-web
RUN npm ci && npm run build

FROM alpine:3.22
COPY --from=build-api /out/api /api
```

## References
- hadolint [DL3024](https://github.com/hadolint/hadolint/wiki/DL3024)
- [BuildKit check DuplicateStageName](https://docs.docker.com/reference/build-checks/duplicate-stage-name/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let mut seen = HashMap::new();
    for stage in &ctx.model.stages {
        let (Some(name), Some(range)) = (&stage.name, stage.name_range) else {
            continue;
        };
        let key = name.to_lowercase();
        match seen.get(&key) {
            Some(&(first_range, first_line)) => acc.push(
                RULE.diagnostic(
                    range,
                    format!(
                        "stage name `{name}` is already used by the stage on line {first_line}"
                    ),
                )
                .with_related(first_range, format!("`{name}` is first defined here")),
            ),
            None => {
                seen.insert(key, (range, super::util::line_no(ctx, range.start())));
            }
        }
    }
}
