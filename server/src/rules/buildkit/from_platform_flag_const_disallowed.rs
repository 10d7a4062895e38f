use super::platform;
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::shell::variable_references,
};

pub(crate) static RULE: Rule = Rule {
    code: "FromPlatformFlagConstDisallowed",
    name: "constant-from-platform",
    aliases: &[],
    origin: Origin::BuildKit,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "FROM --platform should not be a constant",
    docs: r#"## What it does
Flags `FROM --platform=linux/amd64 ...` and other constant platforms. A stage whose name
mentions the platform's OS or architecture (`AS build-amd64`) is left alone, as BuildKit does:
that stage is meant for that platform.

## Why is this bad?
A constant platform makes the stage ignore `--platform` on the command line: a multi-platform
build produces an `arm64` image whose binaries were built for `amd64` (or emulates the whole
stage). Use `$BUILDPLATFORM` for stages that run build tools and `$TARGETPLATFORM` (the
default) for what ships.

## Example
```dockerfile
FROM --platform=linux/amd64 golang:1.22 AS build
RUN go build -o /out/app .

FROM alpine:3.22
COPY --from=build /out/app /app
```

Use instead:
```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
ARG TARGETOS TARGETARCH
RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .

FROM alpine:3.22
COPY --from=build /out/app /app
```

## References
- [BuildKit check FromPlatformFlagConstDisallowed](https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for stage in &ctx.model.stages {
        let Some(flag) = ctx
            .instruction(stage.from)
            .and_then(|it| it.flag("platform"))
        else {
            continue;
        };
        let (Some(value), Some(range)) = (&flag.value, flag.value_range) else {
            continue;
        };
        if !variable_references(value, ctx.parse.escape).is_empty() {
            continue;
        }
        // A platform containerd cannot parse fails the build later.
        let Some((os, arch)) = platform::parse(value) else {
            continue;
        };
        let name = stage
            .name
            .as_deref()
            .map(str::to_lowercase)
            .unwrap_or_default();
        if name.contains(&os) || name.contains(&arch) {
            continue;
        }
        let message = format!(
            "`--platform={value}` is a constant: the stage ignores the platform the build asks for"
        );
        acc.push(RULE.diagnostic(range, message));
    }
}
