use super::{
    common::suggest_word,
    expand::Expander,
    go::{is_signal, signal_names},
};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{Args, InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1031",
    name: "invalid-stop-signal",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "STOPSIGNAL that is not a signal",
    docs: r#"## What it does
Flags a `STOPSIGNAL` (after variable expansion) that is neither a signal name, with or without
`SIG` and in any case (`SIGTERM`, `term`, `SIGRTMIN+3`), nor a non-zero number.

## Why is this bad?
BuildKit fails the build ("Invalid signal: SIGSTOPP").

## Example
```dockerfile
FROM nginx:1.27-alpine
STOPSIGNAL SIGQIUT
```

Use instead:
```dockerfile
FROM nginx:1.27-alpine
STOPSIGNAL SIGQUIT
```

## Fix safety
A misspelt name is replaced by the one signal it is closest to. The build changes from failing
to stopping containers with that signal: unsafe.

## References
- [Dockerfile reference: STOPSIGNAL](https://docs.docker.com/reference/dockerfile/#stopsignal)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in ctx.instructions_of(InstructionKind::Stopsignal) {
        let Args::Text(word) = &instruction.args else {
            continue;
        };
        let Some(value) = Expander::at(ctx, idx).known(&word.text) else {
            continue;
        };
        if is_signal(&value) {
            continue;
        }
        let names = signal_names();
        let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
        let upper = value.to_ascii_uppercase();
        let with_sig = match upper.starts_with("SIG") {
            true => upper.clone(),
            false => format!("SIG{upper}"),
        };
        let suggestion = suggest_word(&with_sig, &candidates);
        let shown = match value == word.text.as_str() {
            true => format!("`{value}`"),
            false => format!("`{}` (expanded: `{value}`)", word.text),
        };
        let mut message = format!("{shown} is not a signal BuildKit knows");
        match suggestion {
            Some(it) => message.push_str(&format!(": did you mean `{it}`?")),
            None => message.push_str(
                ": use a name such as `SIGTERM`, `SIGINT` or `SIGQUIT`, or a non-zero number",
            ),
        }
        let mut diagnostic = RULE.diagnostic(word.range, message);
        if let (Some(it), true) = (suggestion, value == word.text.as_str()) {
            diagnostic = diagnostic.with_fix(Fix::unsafe_(
                format!("Replace with `{it}`"),
                vec![TextEdit::replace(word.range, it)],
            ));
        }
        acc.push(diagnostic);
    }
}
