use crate::{
    model::suggest,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{Args, Instruction, InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1001",
    name: "unknown-instruction",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Unknown instruction",
    docs: r#"## What it does
Flags a line that starts with a word that is not a Dockerfile instruction.

## Why is this bad?
BuildKit's parser accepts any word at the start of a line, so nothing complains while you type,
but the build stops with `unknown instruction` when it reaches the line.

## Example
```dockerfile
FROM alpine:3.22
RU apk add --no-cache curl=8.14.1-r1
```

Use instead:
```dockerfile
FROM alpine:3.22
RUN apk add --no-cache curl=8.14.1-r1
```

## Fix safety
The fix replaces the word with the one instruction it is closest to, and is only offered when
exactly one is close. It changes what the build does (from failing to running the line), so it
is unsafe.

## References
- [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions() {
        report(instruction, acc);
        if let Some(trigger) = instruction.onbuild_trigger() {
            report(trigger, acc);
        }
    }
}

fn report(instruction: &Instruction, acc: &mut Vec<Diagnostic>) {
    if instruction.kind != InstructionKind::Unknown || instruction.keyword.text.is_empty() {
        return;
    }
    let word = instruction.keyword.text.as_str();
    let upper = word.to_ascii_uppercase();
    let keywords = InstructionKind::KNOWN.map(InstructionKind::keyword);
    let suggestion = suggest(&upper, keywords).or_else(|| {
        // A keyword being typed: `HEALTH` → `HEALTHCHECK`.
        let mut prefixed = keywords
            .iter()
            .filter(|it| upper.len() >= 2 && it.starts_with(&upper));
        match (prefixed.next(), prefixed.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    });
    // A suggestion that would only trade this error for another is no help:
    // `EOF` is not a misspelt `ENV` when nothing follows it.
    let suggestion = suggestion.filter(|it| plausible(it, instruction));
    let message = match suggestion {
        Some(it) => format!("unknown instruction `{word}`: did you mean `{it}`?"),
        None => format!("unknown instruction `{word}`"),
    };
    let mut diagnostic = RULE.diagnostic(instruction.keyword.range, message);
    if let Some(it) = suggestion {
        diagnostic = diagnostic.with_fix(Fix::unsafe_(
            format!("Replace with `{it}`"),
            vec![TextEdit::replace(instruction.keyword.range, it)],
        ));
    }
    acc.push(diagnostic);
}

/// Whether `instruction`'s arguments could belong to `keyword`: every
/// instruction takes arguments, and `FROM` takes an image and maybe
/// `AS name`.
fn plausible(keyword: &str, instruction: &Instruction) -> bool {
    let rest = match &instruction.args {
        Args::Ignored(word) => word.text.as_str(),
        _ => "",
    };
    let words: Vec<&str> = rest
        .split_whitespace()
        .filter(|it| !it.starts_with("--"))
        .collect();
    match (keyword, words.as_slice()) {
        (_, []) => false,
        ("FROM", [_]) => true,
        ("FROM", [_, as_kw, _]) => as_kw.eq_ignore_ascii_case("as"),
        ("FROM", _) => false,
        _ => true,
    }
}
