use super::common::parse_errors;
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::SyntaxErrorKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1004",
    name: "key-value-without-equals",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "A word without `=` among ENV or LABEL pairs",
    docs: r#"## What it does
Flags a word without `=` in an `ENV` or `LABEL` that uses the `name=value` form.

## Why is this bad?
Once the first word has an `=`, every word must be a `name=value` pair. A word without one
(often a value with a space that should have been quoted) makes BuildKit's parser reject the
whole Dockerfile ("can't find = in ...").

## Example
```dockerfile
FROM alpine:3.22
ENV GREETING=hello world
```

Use instead:
```dockerfile
FROM alpine:3.22
ENV GREETING="hello world"
```

## References
- [Dockerfile reference: ENV](https://docs.docker.com/reference/dockerfile/#env)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for error in parse_errors(ctx, SyntaxErrorKind::MissingEquals) {
        let word = ctx.slice(error.range);
        acc.push(RULE.diagnostic(
            error.range,
            format!("`{word}` has no `=`: every word here must be `name=value`; quote a value that has spaces (`name=\"a b\"`)"),
        ));
    }
}
