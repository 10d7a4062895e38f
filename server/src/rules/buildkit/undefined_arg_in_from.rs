use super::undefined_var::{suggestion_fix, undefined};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "UndefinedArgInFrom",
    name: "undefined-arg-in-from",
    aliases: &[],
    origin: Origin::BuildKit,
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "FROM should only use ARGs declared before the first FROM",
    docs: r#"## What it does
Flags a variable in `FROM` (the image or `--platform`) that is neither a global `ARG` (declared
before the first `FROM`) nor one of the platform ARGs BuildKit predefines (`TARGETPLATFORM`,
`BUILDPLATFORM`, `TARGETARCH`, ...). Names close to a declared one get a "did you mean".

## Why is this bad?
`FROM` only sees global ARGs: an undeclared one expands to nothing, so `FROM node:${NODE_VERSON}`
pulls `node:` (an invalid reference, the build fails) and `FROM alpine${SUFFIX}` quietly pulls
plain `alpine`.

## Example
```dockerfile
ARG NODE_VERSION=22
FROM node:${NODE_VERSON}-alpine
```

Use instead:
```dockerfile
ARG NODE_VERSION=22
FROM node:${NODE_VERSION}-alpine
```

## Fix safety
When a declared name is one typo away, the fix renames the reference to it. That changes what
the build pulls, so it is unsafe.

## References
- [BuildKit check UndefinedArgInFrom](https://docs.docker.com/reference/build-checks/undefined-arg-in-from/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for var in undefined(ctx, true) {
        let hint = match &var.suggestion {
            Some(it) => format!(" (did you mean `{it}`?)"),
            None => String::new(),
        };
        let message = format!(
            "`{}` is not a global ARG: declare it with `ARG` before the first `FROM`{hint}",
            var.name
        );
        let diagnostic = RULE.diagnostic(var.range, message);
        acc.push(match suggestion_fix(ctx, var) {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    }
}
