use super::{base_entry, mb, root_stage, shipped};
use crate::{
    images::Role,
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::InstructionKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK2002",
    name: "runtime-base-heavier-than-needed",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Size,
    severity: Severity::Info,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "The stage that ships only runs copied files on a base much bigger than it needs",
    docs: r#"## What it does
Flags the stage that ships when it installs nothing and only runs files copied into it, on a
full distribution or language image for which the knowledge base lists a smaller compatible
base: `debian:bookworm` where `debian:bookworm-slim` or distroless would do, an
`eclipse-temurin` JRE where its Alpine variant would.

## Why is this bad?
The base image is usually most of the image's size, and a stage that installs nothing uses none
of what a full distribution adds. "Switch runtime base" in the editor offers each smaller base
that is compatible with what the stage runs (libc, shell, package manager, user database).

## Example
```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /app .

FROM debian:bookworm
COPY --from=build /app /app
CMD ["/app"]
```

Use instead:
```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /app .

FROM debian:bookworm-slim
COPY --from=build /app /app
CMD ["/app"]
```

## References
- [Docker: best practices, choose the right base image](https://docs.docker.com/build/building/best-practices/)
"#,
    check,
};

/// Commands that install into the image.
const INSTALLERS: &[&str] = &[
    "apt-get", "apt", "apk", "dnf", "yum", "microdnf", "zypper", "pip", "pip3", "npm", "yarn",
    "pnpm", "gem", "dpkg", "rpm", "curl", "wget",
];

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let Some(stage) = shipped(ctx) else {
        return;
    };
    let Some(entry) = base_entry(ctx, stage) else {
        return;
    };
    if !matches!(entry.role(), Role::OsBase | Role::LanguageRuntime) {
        return;
    }
    let Some(current) = entry.disk_mb() else {
        return;
    };
    // Only drop-in alternatives: same libc, a shell if the current base has
    // one. The "Switch runtime base" refactor checks the rest.
    let tag = |it: &crate::images::ImageEntry| {
        it.canonical_ref()
            .rsplit_once(':')
            .map_or("latest", |(_, tag)| tag)
            .to_owned()
    };
    let Some((smaller, smaller_mb)) = entry
        .runtime_alternatives()
        .into_iter()
        .filter(|it| {
            it.libc() == entry.libc() && it.has_shell(&tag(it)) == entry.has_shell(&tag(entry))
        })
        .filter_map(|it| Some((it, it.disk_mb()?)))
        .filter(|(_, it)| *it < current * 0.75)
        .min_by(|a, b| a.1.total_cmp(&b.1))
    else {
        return;
    };
    let root = root_stage(ctx, stage);
    let installs = (root.instructions.start..stage.instructions.end).any(|idx| {
        ctx.instruction(idx)
            .is_some_and(|it| it.kind == InstructionKind::Run)
            && ctx.run_scripts(idx).iter().any(|run| {
                run.script.commands.iter().any(|command| {
                    command
                        .effective()
                        .name()
                        .is_some_and(|it| INSTALLERS.contains(&it))
                })
            })
    });
    if installs {
        return;
    }
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
    let message = format!(
        "`{image}` (≈ {} on disk) is heavier than this stage needs: it installs nothing and only runs copied files; `{}` (≈ {}) is a smaller base to check",
        mb(current),
        smaller.canonical_ref(),
        mb(smaller_mb)
    );
    acc.push(RULE.diagnostic(range, message));
}
