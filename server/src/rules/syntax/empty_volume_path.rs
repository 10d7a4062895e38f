use super::expand::Expander;
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::{Args, InstructionKind},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1033",
    name: "empty-volume-path",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "VOLUME with an empty path",
    docs: r#"## What it does
Flags a `VOLUME` entry that is empty or only blanks (`VOLUME [""]`), or that expands to an
empty string.

## Why is this bad?
BuildKit rejects it ("VOLUME specified can not be an empty string").

## Example
```dockerfile
FROM postgres:17-alpine
VOLUME ["/var/lib/postgresql/data", ""]
```

Use instead:
```dockerfile
FROM postgres:17-alpine
VOLUME ["/var/lib/postgresql/data"]
```

## References
- [Dockerfile reference: VOLUME](https://docs.docker.com/reference/dockerfile/#volume)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in ctx.instructions_of(InstructionKind::Volume) {
        let expander = Expander::at(ctx, idx);
        let entries: Vec<_> = match &instruction.args {
            Args::Exec(exec) => exec
                .elements
                .iter()
                .map(|it| (it.value.to_string(), it.range))
                .collect(),
            Args::Words(words) => words
                .iter()
                .map(|it| (it.text.to_string(), it.range))
                .collect(),
            _ => continue,
        };
        for (raw, range) in entries {
            let empty = raw.trim().is_empty()
                || (raw.contains(['$', '"', '\''])
                    && expander.known(&raw).is_some_and(|it| it.trim().is_empty()));
            if empty {
                acc.push(RULE.diagnostic(
                    range,
                    match raw.trim().is_empty() {
                        true => "VOLUME paths cannot be empty: remove this entry or name a directory (`/data`)".to_owned(),
                        false => format!("`{raw}` expands to an empty string, and VOLUME paths cannot be empty"),
                    },
                ));
            }
        }
    }
}
