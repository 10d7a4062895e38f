use super::common::parse_errors;
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::SyntaxErrorKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1009",
    name: "invalid-escape-directive",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Escape directive with a character other than a backslash or a backtick",
    docs: r#"## What it does
Flags an `# escape=` parser directive whose value is not `\` or `` ` ``.

## Why is this bad?
Those are the only escape characters BuildKit supports; anything else makes its parser reject
the Dockerfile ("invalid escape token").

## Example
```dockerfile
# escape=^
FROM mcr.microsoft.com/windows/servercore:ltsc2022
```

Use instead:
```dockerfile
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
```

## References
- [Dockerfile reference: escape](https://docs.docker.com/reference/dockerfile/#escape)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for error in parse_errors(ctx, SyntaxErrorKind::InvalidEscape) {
        acc.push(RULE.diagnostic(
            error.range,
            format!(
                "`{}` cannot be the escape character: use `\\` (the default) or a backtick",
                ctx.slice(error.range)
            ),
        ));
    }
}
