use crate::{
    model::VarKind,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{shell, TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3029",
    name: "from-platform-flag",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Always,
    summary: "`FROM --platform` pins a stage to one platform",
    docs: r#"## What it does
Flags `FROM --platform=<value>` unless the value comes from the builder's platform arguments
(`$BUILDPLATFORM`, `$TARGETPLATFORM`, `$TARGETOS/$TARGETARCH`, ..., directly or through a global
`ARG` whose default uses them): those are how cross-compiling builds pick the build machine's
platform on purpose.

## Why is this bad?
A hard-coded platform overrides `docker build --platform`: a multi-platform build produces the
same architecture's binaries under every platform's manifest, and an arm64 laptop silently
builds and runs an emulated amd64 image.

## Example
```dockerfile
FROM --platform=linux/amd64 alpine:3.22
```

Use instead:
```dockerfile
FROM alpine:3.22
```

```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.24 AS build
```

## Fix safety
The fix removes the flag. The stage then builds for the requested platform, which changes the
image for anyone building on or for another platform: unsafe.

## References
- hadolint [DL3029](https://github.com/hadolint/hadolint/wiki/DL3029)
- [Multi-platform builds](https://docs.docker.com/build/building/multi-platform/)
"#,
    check,
};

/// The ARGs BuildKit predefines for the build and target platform.
const PLATFORM_ARGS: [&str; 8] = [
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
];

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for stage in &ctx.model.stages {
        let Some(instruction) = ctx.instruction(stage.from) else {
            continue;
        };
        let Some(flag) = instruction.flag("platform") else {
            continue;
        };
        let Some(raw) = flag.value.as_deref() else {
            continue;
        };
        if raw.is_empty() || uses_platform_args(ctx, raw, 0) {
            continue;
        }
        let expanded = stage
            .platform
            .as_ref()
            .and_then(|it| it.value.as_ref().ok())
            .map(String::as_str)
            .unwrap_or(raw);
        let shown = match raw.contains('$') {
            true => format!("`--platform={raw}` resolves to `{expanded}`: it"),
            false => format!("`--platform={raw}`"),
        };
        let message = format!(
            "{shown} pins the stage to one platform whatever the build asks for; drop it or use `$BUILDPLATFORM`"
        );
        // Remove the flag and the blanks after it.
        let rest = &ctx.text[flag.range.end()..];
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let removal = TextRange::new(flag.range.start(), flag.range.end() + blanks);
        acc.push(RULE.diagnostic(flag.range, message).with_fix(Fix::unsafe_(
            "Remove `--platform`",
            vec![TextEdit::delete(removal)],
        )));
    }
}

/// True when the value names a platform ARG, itself or through global ARGs
/// whose defaults do (hadolint exempts any value mentioning
/// `BUILDPLATFORM` or `TARGETPLATFORM`).
fn uses_platform_args(ctx: &RuleContext<'_>, raw: &str, depth: usize) -> bool {
    if PLATFORM_ARGS.iter().any(|it| raw.contains(it)) {
        return true;
    }
    if depth > 8 {
        return false;
    }
    let scope = ctx.model.from_scope();
    shell::variable_references(raw, ctx.parse.escape)
        .iter()
        .filter_map(|it| scope.declaration(&it.name))
        .filter_map(|id| ctx.model.defs.get(id))
        .filter(|def| def.kind == VarKind::GlobalArg)
        .filter_map(|def| def.value_range)
        .any(|range| uses_platform_args(ctx, ctx.slice(range), depth + 1))
}
