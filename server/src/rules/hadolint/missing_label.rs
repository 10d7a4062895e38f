use super::support::{labels, shipped_chain};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3049",
    name: "missing-required-label",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Info,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "The shipped image lacks a label the label schema requires",
    docs: r#"## What it does
Checks that the image that ships carries every label of `label_schema`: set in the shipped stage
or in a stage it is built `FROM` (after resolving variables in the keys). Builder stages need
none: their labels never reach the image. Labels the base image brings are not known, so they do
not count.

## Why is this bad?
Registries, scanners and deployment tooling find an image's source, version and owner through
its labels. An image without the agreed ones cannot be traced back to its code.

## Example
With this configuration:
```toml
[label_schema]
"org.opencontainers.image.source" = "url"
```

```dockerfile
FROM golang:1.24 AS build
LABEL org.opencontainers.image.source="https://github.com/example/app"

FROM alpine:3.22
COPY --from=build /go/bin/app /usr/local/bin/app
```

Use instead:
```dockerfile
FROM golang:1.24 AS build

FROM alpine:3.22
LABEL org.opencontainers.image.source="https://github.com/example/app"
COPY --from=build /go/bin/app /usr/local/bin/app
```

## Options
- `label_schema` (hadolint `label-schema`): required labels and their value types.

## References
- hadolint [DL3049](https://github.com/hadolint/hadolint/wiki/DL3049)
- [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    if ctx.config.label_schema.is_empty() {
        return;
    }
    let chain = shipped_chain(ctx.model);
    let Some(shipped) = chain.first() else {
        return;
    };
    let labels = labels(ctx);
    let set: Vec<&str> = labels
        .iter()
        .filter(|it| chain.iter().any(|stage| stage.index == it.stage))
        .map(|it| it.key.as_str())
        .collect();
    // A key only known at build time might be any of them.
    if labels
        .iter()
        .any(|it| !it.key_complete && chain.iter().any(|stage| stage.index == it.stage))
    {
        return;
    }
    let Some(from) = ctx.instruction(shipped.from) else {
        return;
    };
    let range = from
        .args
        .words()
        .first()
        .map_or(from.keyword.range, |it| it.range);
    for (key, _) in &ctx.config.label_schema {
        if set.contains(&key.as_str()) {
            continue;
        }
        let elsewhere = labels
            .iter()
            .find(|it| it.key == *key)
            .and_then(|it| ctx.model.stage(it.stage));
        let note = match elsewhere {
            Some(stage) => format!(
                " (stage `{}` sets it, but that stage does not ship)",
                stage.label()
            ),
            None => String::new(),
        };
        acc.push(RULE.diagnostic(
            range,
            format!("the shipped image has no label `{key}`{note}"),
        ));
    }
}
