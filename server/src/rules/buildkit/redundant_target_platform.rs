use super::util::through_following_space;
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{
        shell::{variable_references, Lexer},
        TextEdit,
    },
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3065",
    name: "redundant-target-platform",
    aliases: &["RedundantTargetPlatform"],
    origin: Origin::Hadolint,
    category: Category::Style,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Always,
    summary: "FROM --platform=$TARGETPLATFORM is the default",
    docs: r#"## What it does
Flags `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`): a platform that expands to
nothing but the target platform.

## Why is this bad?
Stages are built for the target platform unless told otherwise, so the flag says nothing, and
it makes the stages that really do need a platform (`--platform=$BUILDPLATFORM`) harder to
spot.

## Example
```dockerfile
FROM --platform=$TARGETPLATFORM alpine:3.22
RUN apk add --no-cache curl
```

Use instead:
```dockerfile
FROM alpine:3.22
RUN apk add --no-cache curl
```

## Fix safety
The fix removes the flag; the stage is built for the target platform either way: safe.

## References
- hadolint [DL3065](https://github.com/hadolint/hadolint/wiki/DL3065)
- [BuildKit check RedundantTargetPlatform](https://docs.docker.com/reference/build-checks/redundant-target-platform/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let lexer = Lexer::new(ctx.parse.escape);
    let scope = ctx.model.from_scope();
    let env = scope.env(&ctx.model.defs);
    let Ok(target) = lexer.process_word("$TARGETPLATFORM", &env) else {
        return;
    };
    for stage in &ctx.model.stages {
        let Some(instruction) = ctx.instruction(stage.from) else {
            continue;
        };
        let Some(flag) = instruction.flag("platform") else {
            continue;
        };
        let Some(value) = &flag.value else {
            continue;
        };
        // BuildKit: TARGETPLATFORM is the only variable, and the value is
        // exactly its value.
        let refs = variable_references(value, ctx.parse.escape);
        if refs.is_empty() || refs.iter().any(|it| it.name != "TARGETPLATFORM") {
            continue;
        }
        let Ok(expanded) = lexer.process_word(value, &env) else {
            continue;
        };
        if !expanded.unmatched.is_empty() || expanded.value != target.value {
            continue;
        }
        let next = instruction
            .flags
            .iter()
            .map(|it| it.range.start())
            .chain(instruction.args.words().first().map(|it| it.range.start()))
            .filter(|it| *it > flag.range.end())
            .min();
        let delete = through_following_space(ctx, flag.range, next);
        let message = format!(
            "`--platform={value}` is the default: stages are built for the target platform anyway"
        );
        acc.push(
            RULE.diagnostic(flag.range, message)
                .unnecessary()
                .with_fix(Fix::safe(
                    "Remove the `--platform` flag",
                    vec![TextEdit::delete(delete)],
                )),
        );
    }
}
