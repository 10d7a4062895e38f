use super::common::parse_errors;
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::SyntaxErrorKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1003",
    name: "key-value-without-value",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "ENV or LABEL with a name but no value",
    docs: r#"## What it does
Flags `ENV name` and `LABEL name` with nothing after the name.

## Why is this bad?
`ENV` and `LABEL` always set a value. With a single word BuildKit's parser cannot tell the name
from the value and rejects the whole Dockerfile ("ENV must have two arguments"), so nothing
builds. (`ARG name` without a value is fine: it declares a build argument.)

## Example
```dockerfile
FROM alpine:3.22
ENV APP_HOME
```

Use instead:
```dockerfile
FROM alpine:3.22
ENV APP_HOME=/app
```

## References
- [Dockerfile reference: ENV](https://docs.docker.com/reference/dockerfile/#env)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for error in parse_errors(ctx, SyntaxErrorKind::MissingValue) {
        let keyword = ctx
            .parse
            .instruction_at(error.range.start())
            .map_or("ENV", |it| it.kind.keyword());
        let name = ctx.slice(error.range);
        acc.push(RULE.diagnostic(
            error.range,
            format!("`{keyword} {name}` has no value: write `{keyword} {name}=<value>`"),
        ));
    }
}
