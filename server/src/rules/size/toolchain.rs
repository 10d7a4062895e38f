use super::{base_entry, entry_sizes, mb, root_stage, shipped, smallest_alternative};
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::InstructionKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK2001",
    name: "toolchain-in-shipped-stage",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Size,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "The stage that ships is built on an SDK or toolchain image",
    docs: r#"## What it does
Flags the stage that ships when its base image is a language SDK or build toolchain: `golang`,
`rust`, `maven`, `gradle`, a JDK, `mcr.microsoft.com/dotnet/sdk`, the full `node` and `python`
images, `gcc`.

## Why is this bad?
Compilers, headers and package caches ship to production with your program. A Go hello-world
built on `golang:alpine` weighs 374 MB; the same binary on `alpine` weighs 7.69 MB. The editor
offers "Split into builder stage" (when the stage builds) and "Switch runtime base" (when it only
runs something copied in).

## Example
```dockerfile
FROM golang:1.22-alpine
WORKDIR /src
COPY . .
RUN go build -o /app .
CMD ["/app"]
```

Use instead:
```dockerfile
FROM golang:1.22-alpine AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /app .

FROM alpine:3.22
COPY --from=build /app /app
CMD ["/app"]
```

## References
- [Docker: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
- Image sizes: docker-library/repo-info, see `server/data/images.toml` for each source
"#,
    check,
};

/// Commands that compile or fetch build dependencies.
const BUILD_COMMANDS: &[&str] = &[
    "go", "cargo", "rustc", "npm", "yarn", "pnpm", "mvn", "mvnw", "gradle", "gradlew", "dotnet",
    "pip", "pip3", "make", "cmake", "gcc", "g++", "cc", "javac", "tsc",
];

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let Some(stage) = shipped(ctx) else {
        return;
    };
    let Some(entry) = base_entry(ctx, stage) else {
        return;
    };
    if !entry.is_sdk() {
        return;
    }
    let root = root_stage(ctx, stage);
    let Some(from) = ctx.instruction(stage.from) else {
        return;
    };
    let range = from
        .args
        .words()
        .first()
        .map_or(from.keyword.range, |it| it.range);
    let image = root
        .base_image()
        .map(|it| it.familiar())
        .unwrap_or_default();
    let builds = stage.instructions.clone().any(|idx| {
        ctx.instruction(idx)
            .is_some_and(|it| it.kind == InstructionKind::Run)
            && ctx.run_scripts(idx).iter().any(|run| {
                run.script.commands.iter().any(|command| {
                    command
                        .effective()
                        .name()
                        .is_some_and(|it| BUILD_COMMANDS.contains(&it))
                })
            })
    });
    let via = match root.index == stage.index {
        true => String::new(),
        false => format!(" (through stage `{}`)", root.label()),
    };
    let sizes = entry_sizes(entry).map_or(String::new(), |it| format!(" ({it})"));
    let runtime = smallest_alternative(entry).map(|it| {
        let size = it
            .disk_mb()
            .map_or(String::new(), |mb_| format!(" (≈ {})", mb(mb_)));
        format!("`{}`{size}", it.canonical_ref())
    });
    let advice = match (builds, runtime) {
        (true, Some(runtime)) => format!("build in a builder stage and copy only the result onto a runtime base such as {runtime}"),
        (true, None) => "build in a builder stage and copy only the result into a smaller runtime stage".to_owned(),
        (false, Some(runtime)) => format!("nothing is built here, so the toolchain is dead weight: a runtime base such as {runtime} is enough"),
        (false, None) => "nothing is built here, so the toolchain is dead weight".to_owned(),
    };
    let message = format!(
        "the image that ships runs on `{image}`{via}, a {}{sizes}: its compilers and caches ship with your app; {advice}",
        entry.title
    );
    acc.push(RULE.diagnostic(range, message));
}
