use super::common::parse_errors;
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{DirectiveKind, SyntaxErrorKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1008",
    name: "duplicate-parser-directive",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Always,
    summary: "Parser directive given twice",
    docs: r#"## What it does
Flags a parser directive (`# syntax=`, `# escape=`, `# check=`) that repeats one above it.

## Why is this bad?
Each directive may appear once; BuildKit's parser rejects the Dockerfile otherwise ("only one
syntax parser directive can be used").

## Example
```dockerfile
# syntax=docker/dockerfile:1
# syntax=docker/dockerfile:1.7
FROM alpine:3.22
```

Use instead:
```dockerfile
# syntax=docker/dockerfile:1.7
FROM alpine:3.22
```

## Fix safety
The fix deletes the repeated line, keeping the first. If the second one is the one you meant,
the build uses the other value: unsafe.

## References
- [Dockerfile reference: parser directives](https://docs.docker.com/reference/dockerfile/#parser-directives)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for error in parse_errors(ctx, SyntaxErrorKind::DuplicateDirective) {
        // `# Syntax = x`: the name between `#` and `=`, in its canonical spelling.
        let written = ctx.slice(error.range);
        let name = written
            .trim_start_matches('#')
            .split('=')
            .next()
            .map(str::trim)
            .and_then(DirectiveKind::from_name)
            .map_or("parser", DirectiveKind::name);
        let mut diagnostic = RULE.diagnostic(
            error.range,
            format!("the `{name}` parser directive is given twice: BuildKit accepts each directive once, remove this one"),
        );
        if let Some(line) = ctx
            .parse
            .lines
            .iter()
            .find(|it| it.range.contains_range(error.range))
        {
            diagnostic = diagnostic.with_fix(Fix::unsafe_(
                "Remove the repeated directive",
                vec![TextEdit::delete(line.range)],
            ));
        }
        acc.push(diagnostic);
    }
}
