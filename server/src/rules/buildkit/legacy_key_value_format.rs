use super::util::stage_instructions;
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{Instruction, InstructionKind, KeyValue, TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "LegacyKeyValueFormat",
    name: "legacy-key-value-format",
    aliases: &[],
    origin: Origin::BuildKit,
    category: Category::Style,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "ENV and LABEL should use the key=value form",
    docs: r#"## What it does
Flags `ENV key value` and `LABEL key value`, the legacy form that separates the key from the
value with whitespace.

## Why is this bad?
In the legacy form everything after the key is the value, spaces included, while in the
`key=value` form a space starts the next pair: `ENV PATH /app/bin:$PATH` and
`ENV PATH=/app/bin:$PATH DEBUG=1` read alike but parse differently, and one instruction cannot
set two variables. Docker documents the legacy form as deprecated.

## Example
```dockerfile
FROM alpine:3.22
ENV APP_HOME /srv/app
LABEL description "API server"
```

Use instead:
```dockerfile
FROM alpine:3.22
ENV APP_HOME=/srv/app
LABEL description="API server"
```

## Fix safety
The fix writes `key=value` and keeps the value exactly as BuildKit reads it: a value with
unquoted whitespace is wrapped in double quotes, or, when it already holds quotes or escapes,
each unquoted blank is escaped. Variables still expand as before: safe. It is not offered for
a quoted key or a value with an unclosed quote.

## References
- [BuildKit check LegacyKeyValueFormat](https://docs.docker.com/reference/build-checks/legacy-key-value-format/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in stage_instructions(ctx) {
        if !matches!(
            instruction.kind,
            InstructionKind::Env | InstructionKind::Label
        ) {
            continue;
        }
        let keyword = instruction.kind.keyword();
        for kv in instruction.args.key_values().iter().filter(|it| it.legacy) {
            let message = format!(
                "`{keyword} {} <value>` is the legacy form: write `{keyword} {}=<value>`",
                kv.key.text, kv.key.text
            );
            let diagnostic = RULE.diagnostic(kv.range, message);
            acc.push(match fix(ctx, instruction, kv) {
                Some(edits) => diagnostic.with_fix(Fix::safe("Use `key=value`", edits)),
                None => diagnostic,
            });
        }
    }
}

fn fix(ctx: &RuleContext<'_>, instruction: &Instruction, kv: &KeyValue) -> Option<Vec<TextEdit>> {
    let value = kv.value.as_ref().filter(|it| !it.text.is_empty())?;
    let separator = TextRange::new(kv.key.range.end(), value.range.start());
    let escape = ctx.parse.escape;
    // A quoted key would be split differently in the `key=value` form.
    if kv
        .key
        .text
        .chars()
        .any(|c| matches!(c, '"' | '\'' | '=') || c == escape)
    {
        return None;
    }
    let blanks = unquoted_blanks(&value.text, escape)?;
    if blanks.is_empty() {
        return Some(vec![TextEdit::replace(separator, "=")]);
    }
    let plain = !value
        .text
        .chars()
        .any(|c| c == '"' || c == '\'' || c == escape);
    if plain {
        // Inside double quotes BuildKit expands `$` exactly as outside.
        return Some(vec![
            TextEdit::replace(separator, "=\""),
            TextEdit::insert(value.range.end(), "\""),
        ]);
    }
    let mut edits = vec![TextEdit::replace(separator, "=")];
    for at in blanks {
        let logical = value.lrange.start() + at;
        let source = instruction
            .source_range(TextRange::new(logical, logical + 1))
            .start();
        edits.push(TextEdit::insert(source, escape.to_string()));
    }
    Some(edits)
}

/// Byte offsets of the whitespace in `value` that is neither quoted nor
/// escaped: where the `key=value` form would end the value. `None` when a
/// quote is left open.
fn unquoted_blanks(value: &str, escape: char) -> Option<Vec<usize>> {
    let mut res = Vec::new();
    let mut quote: Option<char> = None;
    let mut chars = value.char_indices();
    while let Some((at, c)) = chars.next() {
        match quote {
            Some('\'') if c == '\'' => quote = None,
            Some('\'') => {}
            Some(_) if c == escape => {
                chars.next();
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == escape => {
                chars.next();
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c.is_whitespace() => res.push(at),
            None => {}
        }
    }
    quote.is_none().then_some(res)
}

#[cfg(test)]
mod tests {
    use super::unquoted_blanks;

    #[test]
    fn finds_only_unquoted_unescaped_blanks() {
        assert_eq!(unquoted_blanks("a b", '\\'), Some(vec![1]));
        assert_eq!(unquoted_blanks("\"a b\" c", '\\'), Some(vec![5]));
        assert_eq!(unquoted_blanks("a\\ b", '\\'), Some(vec![]));
        assert_eq!(unquoted_blanks("'a \" b' c", '\\'), Some(vec![7]));
        assert_eq!(unquoted_blanks("a` b", '`'), Some(vec![]));
        assert_eq!(unquoted_blanks("key\" value", '\\'), None);
    }
}
