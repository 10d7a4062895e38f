use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "NoEmptyContinuation",
    name: "empty-continuation-line",
    aliases: &[],
    origin: Origin::BuildKit,
    category: Category::Style,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Always,
    summary: "Empty lines inside a continued instruction are deprecated",
    docs: r#"## What it does
Flags blank lines in the middle of an instruction continued with `\`.

## Why is this bad?
BuildKit drops the blank line and joins the rest, but the syntax is deprecated and Docker has
announced it will become an error; a blank line in a long `RUN` also makes it look as if the
instruction ended there.

## Example
```dockerfile
FROM alpine:3.22
RUN apk add --no-cache \

    curl
```

Use instead:
```dockerfile
FROM alpine:3.22
RUN apk add --no-cache \
    curl
```

## Fix safety
The fix deletes the blank lines. BuildKit already ignores them, so the instruction is the
same: safe.

## References
- [BuildKit check NoEmptyContinuation](https://docs.docker.com/reference/build-checks/no-empty-continuation/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions() {
        let lines = &instruction.empty_continuation_lines;
        let Some(&first) = lines.first() else {
            continue;
        };
        let message = match lines.len() {
            1 => "empty line inside a continued instruction".to_owned(),
            n => format!("{n} empty lines inside a continued instruction"),
        };
        // Point at the blank line without its line ending, unless that
        // leaves nothing to underline.
        let at = |range: TextRange| {
            let text = ctx.slice(range);
            let end = range.start() + text.trim_end_matches(['\r', '\n']).len();
            match end > range.start() {
                true => TextRange::new(range.start(), end),
                false => range,
            }
        };
        let edits = lines.iter().map(|it| TextEdit::delete(*it)).collect();
        let mut diagnostic = RULE
            .diagnostic(at(first), message)
            .with_fix(Fix::safe("Remove the empty lines", edits));
        for &other in lines.iter().skip(1) {
            diagnostic = diagnostic.with_related(at(other), "another empty continuation line");
        }
        acc.push(diagnostic);
    }
}
