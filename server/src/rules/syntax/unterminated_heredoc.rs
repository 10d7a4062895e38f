use super::common::parse_errors;
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{SyntaxErrorKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1006",
    name: "unterminated-heredoc",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Always,
    summary: "Heredoc without its terminating line",
    docs: r#"## What it does
Flags a heredoc (`RUN <<EOF`, `COPY <<EOF /dest`) whose terminating line never comes.

## Why is this bad?
The body runs to the end of the file, swallowing every instruction after it, and BuildKit's
parser rejects the Dockerfile ("unterminated heredoc"). The terminator must be a line holding
only the delimiter (after leading tabs, for `<<-`).

## Example
```dockerfile
FROM alpine:3.22
RUN <<EOF
apk add --no-cache curl
```

Use instead:
```dockerfile
FROM alpine:3.22
RUN <<EOF
apk add --no-cache curl
EOF
```

## Fix safety
The fix adds the terminator at the end of the file. Where the body was meant to end is a
guess, so the fix is only a suggestion.

## References
- [Dockerfile reference: here-documents](https://docs.docker.com/reference/dockerfile/#here-documents)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for error in parse_errors(ctx, SyntaxErrorKind::UnterminatedHeredoc) {
        let marker = ctx.slice(error.range);
        let name = ctx
            .parse
            .instruction_at(error.range.start())
            .and_then(|it| it.heredocs.iter().find(|doc| doc.terminator.is_none()))
            .map_or_else(
                || marker.trim_start_matches(['<', '-']).to_owned(),
                |doc| doc.name.to_string(),
            );
        let newline = match ctx.text.ends_with('\n') || ctx.text.is_empty() {
            true => "",
            false => "\n",
        };
        acc.push(
            RULE.diagnostic(
                error.range,
                format!(
                    "heredoc `{marker}` is never closed: end it with a line holding only `{name}`"
                ),
            )
            .with_fix(Fix::display_only(
                format!("Close the heredoc with `{name}` at the end of the file"),
                vec![TextEdit::insert(
                    ctx.text.len(),
                    format!("{newline}{name}\n"),
                )],
            )),
        );
    }
}
