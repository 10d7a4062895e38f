use super::support::{copy_args, resolve, root_stage, shipped_chain};
use crate::{
    images::{self, ImageEntry, ImageRef, Role},
    model::{Base, EdgeKind, EdgeTarget},
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::InstructionKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3067",
    name: "copy-entire-stage-filesystem",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Size,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "`COPY --from=<stage> / /` copies a whole filesystem",
    docs: r#"## What it does
Flags `COPY --from=<stage or image> / /` (after resolving variables) in the shipped stage or a
stage it is built `FROM`: the source's entire filesystem is copied into the image. When the
source is a stage built on a known image, the message says what that drags in: an SDK's
toolchain and its size. A source stage built `FROM scratch` holds only what was put into it
and is not flagged.

## Why is this bad?
Multi-stage builds exist to leave the toolchain behind. Copying a builder stage's root brings
back the compiler, package caches and sources, plus the builder's whole OS on top of the runtime
image's: a `golang` builder adds close to 900 MB to what should be a 10 MB image.

## Example
```dockerfile
FROM golang:1.24 AS build
RUN go build -o /out/app ./cmd/app

FROM alpine:3.22
COPY --from=build / /
```

Use instead:
```dockerfile
FROM golang:1.24 AS build
RUN go build -o /out/app ./cmd/app

FROM alpine:3.22
COPY --from=build /out/app /usr/local/bin/app
```

```dockerfile
FROM golang:1.24 AS build
RUN go build -o /out/app ./cmd/app

FROM scratch AS export
COPY --from=build /out/app /app

FROM alpine:3.22
COPY --from=export / /
```

## References
- hadolint [DL3067](https://github.com/hadolint/hadolint/wiki/DL3067)
- [Multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let chain = shipped_chain(ctx.model);
    for (idx, instruction) in ctx.instructions_of(InstructionKind::Copy) {
        if !ctx
            .model
            .stage_of(idx)
            .is_some_and(|stage| chain.iter().any(|it| it.index == stage))
        {
            continue;
        }
        let Some(from) = instruction.flag("from") else {
            continue;
        };
        let args = copy_args(instruction);
        let Some((dest, sources)) = args.split_last() else {
            continue;
        };
        let is_root =
            |raw: &str| resolve(ctx, idx, raw).is_some_and(|it| it.complete && it.value == "/");
        if !is_root(dest.raw) {
            continue;
        }
        let Some(source) = sources.iter().find(|it| !it.heredoc && is_root(it.raw)) else {
            continue;
        };
        let from_value = from.value.as_deref().unwrap_or_default();
        let target = ctx
            .model
            .edges
            .iter()
            .find(|it| it.instruction == idx && it.kind == EdgeKind::CopyFrom)
            .map(|it| it.target.clone());
        let (what, image) = match target {
            Some(EdgeTarget::Stage(stage)) => {
                let Some(root) = root_stage(ctx.model, stage) else {
                    continue;
                };
                let image = match &root.base {
                    // Only what the build put there.
                    Base::Scratch => continue,
                    Base::Image(image) => Some((
                        image.expanded.value_or_raw().to_owned(),
                        root.base_image().cloned(),
                    )),
                    _ => None,
                };
                let label = ctx
                    .model
                    .stage(stage)
                    .map_or_else(|| from_value.to_owned(), |it| it.label());
                (format!("stage `{label}`'s whole filesystem"), image)
            }
            _ => {
                let reference = ImageRef::parse(from_value).ok();
                (
                    format!("the whole filesystem of `{from_value}`"),
                    Some((from_value.to_owned(), reference)),
                )
            }
        };
        let cost = match &image {
            Some((name, reference)) => {
                let entry = reference.as_ref().and_then(|it| images::lookup(it).entry());
                describe(name, entry)
            }
            None => String::new(),
        };
        acc.push(RULE.diagnostic(
            source.range,
            format!(
                "`COPY --from={from_value} / /` copies {what} into the image{cost}; copy only the files it needs"
            ),
        ));
    }
}

/// ", including the Go SDK toolchain of its base `golang:1.24`, ≈ 850 MB on disk".
fn describe(name: &str, entry: Option<&ImageEntry>) -> String {
    let Some(entry) = entry else {
        return format!(", including everything its base `{name}` ships");
    };
    let size = entry
        .disk_mb()
        .map(|mb| match mb >= 10.0 {
            true => format!(", ≈ {mb:.0} MB on disk"),
            false => format!(", ≈ {mb:.1} MB on disk"),
        })
        .unwrap_or_default();
    match entry.role() {
        Role::Sdk => format!(
            ", including the {} toolchain of its base `{name}`{size}",
            entry.title
        ),
        _ => format!(", including its base `{name}`{size}"),
    }
}
