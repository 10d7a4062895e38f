use super::common::parse_errors;
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{SyntaxErrorKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1005",
    name: "json-array-non-string",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "JSON array with an element that is not a string",
    docs: r#"## What it does
Flags an element of an exec-form JSON array (`CMD`, `ENTRYPOINT`, `RUN`, `SHELL`, `COPY`, ...)
that is a number, `true`/`false`/`null`, or a nested array or object.

## Why is this bad?
BuildKit's parser accepts JSON arrays of strings only and rejects the whole Dockerfile
otherwise ("arrays must be comprised of strings only"), so nothing builds.

## Example
```dockerfile
FROM python:3.13-slim
CMD ["python", "-m", "http.server", 8000]
```

Use instead:
```dockerfile
FROM python:3.13-slim
CMD ["python", "-m", "http.server", "8000"]
```

## Fix safety
For a number, `true`, `false` or `null` the fix quotes the element. The build then starts to
work with the element as a string, which is what the program receives anyway: unsafe only in
that the Dockerfile's behaviour changes from failing to building.

## References
- [Dockerfile reference: shell and exec form](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for error in parse_errors(ctx, SyntaxErrorKind::NotStringArray) {
        let element = ctx.slice(error.range);
        let scalar = matches!(element, "true" | "false" | "null")
            || (!element.is_empty()
                && element
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')));
        let mut diagnostic = RULE.diagnostic(
            error.range,
            format!("`{element}` is not a string: JSON arrays in a Dockerfile hold strings only, write `\"{element}\"`"),
        );
        if scalar {
            diagnostic = diagnostic.with_fix(Fix::unsafe_(
                format!("Quote `{element}`"),
                vec![TextEdit::replace(error.range, format!("\"{element}\""))],
            ));
        } else {
            diagnostic.message = "this element is not a string: JSON arrays in a Dockerfile hold strings only, no nested arrays or objects".to_owned();
        }
        acc.push(diagnostic);
    }
}
