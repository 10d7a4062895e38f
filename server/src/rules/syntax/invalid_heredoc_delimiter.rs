use super::common::parse_errors;
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::SyntaxErrorKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1007",
    name: "invalid-heredoc-delimiter",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Heredoc delimiter BuildKit cannot read",
    docs: r#"## What it does
Flags a heredoc marker whose delimiter BuildKit's lexer cannot turn into one word, such as
a `${VAR:-…}` with blanks in it.

## Why is this bad?
BuildKit's parser rejects the Dockerfile when it cannot read the delimiter of a heredoc. Use a
plain word, quoted as a whole (`<<'EOF'`, `<<"EOF"`) to turn off variable expansion in the
body, or bare.

## Example
```dockerfile
FROM alpine:3.22
RUN <<${EOF:- } cat
hi
EOF
```

Use instead:
```dockerfile
FROM alpine:3.22
RUN <<'EOF' cat
hi
EOF
```

## References
- [Dockerfile reference: here-documents](https://docs.docker.com/reference/dockerfile/#here-documents)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for error in parse_errors(ctx, SyntaxErrorKind::InvalidHeredocName) {
        acc.push(RULE.diagnostic(
            error.range,
            format!(
                "BuildKit cannot read the heredoc delimiter of `{}`: use a plain word, quoted as a whole or not at all (`<<EOF`, `<<'EOF'`)",
                ctx.slice(error.range)
            ),
        ));
    }
}
