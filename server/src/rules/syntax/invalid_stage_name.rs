use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::InstructionKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1014",
    name: "invalid-stage-name",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Stage name that does not start with a letter or has other characters than letters, digits, `-`, `_` and `.`",
    docs: r#"## What it does
Flags a stage name (`FROM image AS <name>`) that does not match BuildKit's rule: a letter, then
letters, digits, `-`, `_` or `.` (compared in lower case).

## Why is this bad?
BuildKit rejects the Dockerfile ("invalid name for build stage: name can't start with a number
or contain symbols").

## Example
```dockerfile
FROM golang:1.23 AS 1st-build
RUN go build -o /out/app .
```

Use instead:
```dockerfile
FROM golang:1.23 AS build-1
RUN go build -o /out/app .
```

## References
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions_of(InstructionKind::From) {
        let [_, as_kw, name] = instruction.args.words() else {
            continue;
        };
        if !as_kw.text.eq_ignore_ascii_case("as") || is_valid(&name.text) {
            continue;
        }
        let why = match name.text.chars().next() {
            Some(c) if !c.is_alphabetic() => "it must start with a letter",
            _ => "only letters, digits, `-`, `_` and `.` are allowed",
        };
        acc.push(RULE.diagnostic(
            name.range,
            format!("invalid stage name `{}`: {why}", name.text),
        ));
    }
}

/// `^[a-z][a-z0-9-_.]*$` after lower-casing.
fn is_valid(name: &str) -> bool {
    let lower = name.to_lowercase();
    let mut chars = lower.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}
