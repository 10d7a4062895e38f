use super::common::{has_valueless_string_flag, suggest_word};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{Args, InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1018",
    name: "healthcheck-unknown-type",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "HEALTHCHECK not followed by CMD or NONE",
    docs: r#"## What it does
Flags a `HEALTHCHECK` whose first word after the options is neither `CMD` nor `NONE`, most
often because `CMD` was left out.

## Why is this bad?
BuildKit rejects the Dockerfile ("Unknown type in HEALTHCHECK (try CMD)").

## Example
```dockerfile
FROM nginx:1.27-alpine
HEALTHCHECK --interval=30s wget -qO- http://localhost/ || exit 1
```

Use instead:
```dockerfile
FROM nginx:1.27-alpine
HEALTHCHECK --interval=30s CMD wget -qO- http://localhost/ || exit 1
```

## Fix safety
A near-miss of `CMD` or `NONE` is replaced; otherwise the fix inserts `CMD ` so that the words
become the check's command. Either way the build changes from failing to running a health
check: unsafe.

## References
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions_of(InstructionKind::Healthcheck) {
        let Args::Healthcheck { kind, cmd } = &instruction.args else {
            continue;
        };
        let upper = kind.text.to_ascii_uppercase();
        // `--interval 30s CMD …`: the value was taken for the type; DK1023
        // reports the missing `=`.
        // `HEALTHCHECK -`: a flag being typed.
        if matches!(upper.as_str(), "CMD" | "NONE")
            || has_valueless_string_flag(instruction)
            || upper.starts_with('-')
        {
            continue;
        }
        let suggestion = suggest_word(&upper, &["CMD", "NONE"]);
        let (message, fix) = match suggestion {
            Some(it) => (
                format!(
                    "unknown HEALTHCHECK type `{}`: did you mean `{it}`?",
                    kind.text
                ),
                Fix::unsafe_(
                    format!("Replace with `{it}`"),
                    vec![TextEdit::replace(kind.range, it)],
                ),
            ),
            None => (
                format!(
                    "HEALTHCHECK expects `CMD` or `NONE`, found `{}`: write `HEALTHCHECK CMD {}`",
                    kind.text,
                    match **cmd {
                        Args::Empty => kind.text.to_string(),
                        _ => format!("{} …", kind.text),
                    }
                ),
                Fix::unsafe_(
                    "Insert `CMD`",
                    vec![TextEdit::insert(kind.range.start(), "CMD ")],
                ),
            ),
        };
        acc.push(RULE.diagnostic(kind.range, message).with_fix(fix));
    }
}
