use super::common::{has_flag_error, has_valueless_string_flag, looks_like_stage_name};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{InstructionKind, TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1013",
    name: "from-arguments",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "FROM without an image, or with words other than `AS <name>` after it",
    docs: r#"## What it does
Flags a `FROM` that is not `FROM <image>` or `FROM <image> AS <name>`: no image at all, `AS`
without a name, a stage name without `AS`, or extra words.

## Why is this bad?
BuildKit rejects the Dockerfile ("FROM requires either one or three arguments").

## Example
```dockerfile
FROM golang:1.23 build
RUN go build -o /out/app .
```

Use instead:
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .
```

## Fix safety
When the second word is a stage name, the fix inserts `AS` before it; when it is a near-miss
of `AS` (`AZ`), it replaces it. Both change what the build does (from failing to building a
named stage): unsafe.

## References
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions_of(InstructionKind::From) {
        if has_valueless_string_flag(instruction) {
            continue;
        }
        let words = instruction.args.words();
        let is_as = |text: &str| text.eq_ignore_ascii_case("as");
        match words {
            [] if has_flag_error(instruction) => {}
            [] => acc.push(RULE.diagnostic(
                instruction.keyword.range,
                "FROM requires a base image (`FROM alpine:3.22`, or `FROM scratch` for an empty one)",
            )),
            [_] => {}
            [_, second] if is_as(&second.text) => acc.push(RULE.diagnostic(
                second.range,
                "`AS` needs a stage name after it (`FROM golang:1.23 AS build`)",
            )),
            [_, second] => {
                let mut diagnostic = RULE.diagnostic(
                    second.range,
                    format!(
                        "FROM takes an image and optionally `AS <name>`: `{}` is neither; did you forget `AS`?",
                        second.text
                    ),
                );
                if looks_like_stage_name(&second.text) {
                    diagnostic = diagnostic.with_fix(Fix::unsafe_(
                        format!("Name the stage `{}`", second.text),
                        vec![TextEdit::insert(second.range.start(), "AS ")],
                    ));
                }
                acc.push(diagnostic);
            }
            [_, second, _] if !is_as(&second.text) => {
                let mut diagnostic = RULE.diagnostic(
                    second.range,
                    format!("expected `AS` between the image and the stage name, found `{}`", second.text),
                );
                if is_near_as(&second.text) {
                    diagnostic = diagnostic.with_fix(Fix::unsafe_(
                        "Replace with `AS`",
                        vec![TextEdit::replace(second.range, "AS")],
                    ));
                }
                acc.push(diagnostic);
            }
            [_, _, _] => {}
            [_, second, third, rest @ ..] => {
                let extra = match is_as(&second.text) {
                    true => rest,
                    false => &words[1..],
                };
                let (Some(first), Some(last)) = (extra.first(), extra.last()) else {
                    continue;
                };
                let range = TextRange::new(first.range.start(), last.range.end());
                let message = match is_as(&second.text) {
                    true => format!(
                        "a stage name is one word: `{}` is followed by `{}`, which FROM does not take",
                        third.text,
                        ctx.slice(range)
                    ),
                    false => format!(
                        "FROM takes an image and optionally `AS <name>`, not `{}`",
                        ctx.slice(range)
                    ),
                };
                acc.push(RULE.diagnostic(range, message));
            }
        }
    }
}

/// `AZ`, `SA`, `AS.`: one edit away from `AS`, but not a word of its own.
fn is_near_as(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    matches!(upper.as_str(), "A" | "S" | "SA" | "ASS" | "AAS")
        || (upper.len() == 2 && (upper.starts_with('A') || upper.ends_with('S')))
}
