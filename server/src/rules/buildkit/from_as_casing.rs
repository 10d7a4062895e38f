use super::util::{is_lower, is_upper};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "FromAsCasing",
    name: "from-as-casing-mismatch",
    aliases: &[],
    origin: Origin::BuildKit,
    category: Category::Style,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Always,
    summary: "The AS keyword should be cased like the FROM keyword",
    docs: r#"## What it does
Flags `FROM image AS name` where `AS` is not written in the same case as `FROM`:
`FROM alpine as build` or `from alpine AS build`.

## Why is this bad?
BuildKit accepts any casing, so nothing breaks, but a file that mixes `FROM` with `as` reads
as if two people wrote it and `docker build --check` warns about it. A `FROM` keyword that is
itself mixed-case (`From`) is left to ConsistentInstructionCasing.

## Example
```dockerfile
FROM golang:1.22 as build
RUN go build -o /out/app .

FROM alpine:3.22
COPY --from=build /out/app /app
```

Use instead:
```dockerfile
FROM golang:1.22 AS build
RUN go build -o /out/app .

FROM alpine:3.22
COPY --from=build /out/app /app
```

## Fix safety
The fix re-cases `AS` to match `FROM`. Keywords are case-insensitive, so the build is the same:
safe.

## References
- [BuildKit check FromAsCasing](https://docs.docker.com/reference/build-checks/from-as-casing/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions_of(InstructionKind::From) {
        let [_, as_kw, _, ..] = instruction.args.words() else {
            continue;
        };
        if !as_kw.text.eq_ignore_ascii_case("as") {
            continue;
        }
        let from = instruction.keyword_text();
        let expected = match (is_lower(from), is_upper(from)) {
            (true, _) => "as",
            (_, true) => "AS",
            // A mixed-case FROM is ConsistentInstructionCasing's business.
            _ => continue,
        };
        if as_kw.text == expected {
            continue;
        }
        let message = format!(
            "`{}` does not match the casing of `{from}`: write `{expected}`",
            as_kw.text
        );
        acc.push(RULE.diagnostic(as_kw.range, message).with_fix(Fix::safe(
            format!("Write `{expected}`"),
            vec![TextEdit::replace(as_kw.range, expected)],
        )));
    }
}
