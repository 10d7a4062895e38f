use super::common::{has_flag_error, has_valueless_string_flag};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{Args, InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1011",
    name: "copy-missing-destination",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "COPY or ADD without a destination",
    docs: r#"## What it does
Flags a `COPY` or `ADD` with fewer than two arguments: the last argument is always the
destination, so one source alone has nowhere to go.

## Why is this bad?
BuildKit rejects the Dockerfile ("COPY requires at least two arguments, but only one was
provided. Destination could not be determined").

## Example
```dockerfile
FROM nginx:1.27-alpine
WORKDIR /usr/share/nginx/html
COPY index.html
```

Use instead:
```dockerfile
FROM nginx:1.27-alpine
WORKDIR /usr/share/nginx/html
COPY index.html ./
```

## Fix safety
For a single source the fix copies it into the working directory (`./`). That is a guess at
the destination you meant, so it is only a suggestion.

## References
- [Dockerfile reference: COPY](https://docs.docker.com/reference/dockerfile/#copy)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions() {
        if !matches!(
            instruction.kind,
            InstructionKind::Copy | InstructionKind::Add
        ) || has_valueless_string_flag(instruction)
        {
            continue;
        }
        let keyword = instruction.kind.keyword();
        let values = instruction.args.values();
        match values.as_slice() {
            [] if has_flag_error(instruction) => {}
            [] => acc.push(RULE.diagnostic(
                instruction.keyword.range,
                format!(
                    "{keyword} requires a source and a destination (`{keyword} package.json ./`)"
                ),
            )),
            // `COPY -`: a flag being typed.
            [(source, _)]
                if source.starts_with('-') && matches!(instruction.args, Args::Words(_)) => {}
            [(source, range)] => {
                let mut diagnostic = RULE.diagnostic(
                    *range,
                    format!(
                        "{keyword} requires at least two arguments, but only one was provided: add a destination (`{keyword} {source} /app/`)"
                    ),
                );
                if matches!(instruction.args, Args::Words(_)) && !source.starts_with("<<") {
                    diagnostic = diagnostic.with_fix(Fix::display_only(
                        "Copy into the working directory (`./`)",
                        vec![TextEdit::insert(range.end(), " ./")],
                    ));
                }
                acc.push(diagnostic);
            }
            _ => {}
        }
    }
}
