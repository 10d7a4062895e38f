use super::common::{flag_type, FlagType};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1023",
    name: "flag-missing-value",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Flag that needs `=value` written without one",
    docs: r#"## What it does
Flags a flag that takes a value (`--from`, `--chown`, `--chmod`, `--platform`, `--mount`,
`--network`, `--checksum`, `--interval`, ...) written bare, often as `--from stage` with a space
instead of `=`.

## Why is this bad?
BuildKit reads flag values only after `=`; it rejects the Dockerfile ("Missing a value on
flag: from"), and the word after the flag would be taken as an argument anyway.

## Example
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM alpine:3.22
COPY --from build /out/app /usr/local/bin/app
```

Use instead:
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM alpine:3.22
COPY --from=build /out/app /usr/local/bin/app
```

## Fix safety
When the flag is followed by a word and more arguments after it, the fix joins the word to the
flag with `=`. That is what such lines mean, but the build changes from failing to running:
unsafe.

## References
- [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions() {
        for flag in &instruction.flags {
            if flag.value.is_some()
                || !matches!(
                    flag_type(instruction, &flag.name),
                    Some(FlagType::Str | FlagType::Strs)
                )
            {
                continue;
            }
            let name = flag.name.as_str();
            let mut diagnostic = RULE.diagnostic(
                flag.range,
                format!(
                    "`--{name}` needs a value: write `--{name}={}`",
                    placeholder(name)
                ),
            );
            if let Some(gap) = joinable_gap(ctx.text, flag.range.end(), instruction.range.end()) {
                diagnostic = diagnostic.with_fix(Fix::unsafe_(
                    "Join the next word to the flag with `=`",
                    vec![TextEdit::replace(gap, "=")],
                ));
            }
            acc.push(diagnostic);
        }
    }
}

/// The blanks between a flag and the next word, when that word is on the
/// same line and more of the instruction follows it.
fn joinable_gap(text: &str, from: usize, end: usize) -> Option<TextRange> {
    let rest = text.get(from..end)?;
    let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if blanks == 0 {
        return None;
    }
    let after = &rest[blanks..];
    let word_len = after
        .find(|c: char| c.is_whitespace())
        .unwrap_or(after.len());
    let word = &after[..word_len];
    if word.is_empty() || word.starts_with("--") || word.starts_with('\\') || word.starts_with('`')
    {
        return None;
    }
    let remaining = after[word_len..].trim_start_matches([' ', '\t']);
    if remaining.is_empty() || remaining.starts_with(['\r', '\n', '\\', '`']) {
        return None;
    }
    Some(TextRange::new(from, from + blanks))
}

fn placeholder(name: &str) -> &'static str {
    match name {
        "from" => "<stage>",
        "chown" => "<user>:<group>",
        "chmod" => "<mode>",
        "platform" => "<os>/<arch>",
        "checksum" => "sha256:<hex>",
        "mount" => "type=cache,target=<path>",
        "network" => "none",
        "security" => "insecure",
        "exclude" => "<pattern>",
        "device" => "<name>",
        "retries" => "3",
        _ => "30s",
    }
}
