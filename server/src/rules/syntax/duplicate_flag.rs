use super::common::{flag_head, flag_type, FlagType};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1022",
    name: "duplicate-flag",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Flag given twice on one instruction",
    docs: r#"## What it does
Flags a flag that appears a second time on the same instruction. Only `--mount`, `--device`
and `--exclude` may be repeated.

## Why is this bad?
BuildKit rejects the Dockerfile ("Duplicate flag specified: chown").

## Example
```dockerfile
FROM alpine:3.22
COPY --chown=app:app --chown=app:app config.yml /etc/app/
```

Use instead:
```dockerfile
FROM alpine:3.22
COPY --chown=app:app config.yml /etc/app/
```

## Fix safety
When both copies are identical the fix deletes the second one. The build changes from failing
to running: unsafe.

## References
- [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions() {
        for (idx, flag) in instruction.flags.iter().enumerate() {
            let Some(ty) = flag_type(instruction, &flag.name) else {
                continue;
            };
            if ty == FlagType::Strs {
                continue;
            }
            let Some(first) = instruction.flags[..idx]
                .iter()
                .find(|it| it.name == flag.name)
            else {
                continue;
            };
            let name = flag.name.as_str();
            let mut diagnostic = RULE
                .diagnostic(
                    flag_head(flag),
                    format!("`--{name}` is given twice: BuildKit accepts it once per instruction"),
                )
                .with_related(flag_head(first), format!("`--{name}` is first given here"));
            if first.processed == flag.processed {
                // The flag and the blanks before it.
                let start = ctx
                    .text
                    .get(..flag.range.start())
                    .map_or(flag.range.start(), |it| {
                        it.trim_end_matches([' ', '\t']).len()
                    });
                if start >= first.range.end() {
                    diagnostic = diagnostic.with_fix(Fix::unsafe_(
                        "Remove the repeated flag",
                        vec![TextEdit::delete(TextRange::new(start, flag.range.end()))],
                    ));
                }
            }
            acc.push(diagnostic);
        }
    }
}
