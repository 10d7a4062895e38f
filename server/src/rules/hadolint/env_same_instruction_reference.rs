use std::collections::HashSet;

use super::support::resolve;
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{shell, Instruction, InstructionKind, KeyValue, TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3044",
    name: "env-same-instruction-reference",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "`ENV` refers to a variable it sets itself",
    docs: r#"## What it does
Flags a `$NAME` in an `ENV` value when `NAME` is set by another pair of the same `ENV`, and the
value the reference really gets (the one from before the instruction) differs from the one set
there.

## Why is this bad?
All values of one `ENV` are expanded before any of its variables is set. In
`ENV DIR=/opt/app BIN=$DIR/bin`, `BIN` becomes `/bin` (or an older `DIR`), not `/opt/app/bin`:
the image gets a wrong path with no error.

## Example
```dockerfile
FROM alpine:3.22
ENV APP_HOME=/opt/app PATH=$APP_HOME/bin:$PATH
```

Use instead:
```dockerfile
FROM alpine:3.22
ENV APP_HOME=/opt/app
ENV PATH=$APP_HOME/bin:$PATH
```

## Fix safety
The fix splits the instruction before each pair that refers to a variable set by an earlier pair,
so the reference sees the new value. That changes the variable's value in the image, which is
the point, but it is still a change: unsafe. References to a variable set by a later pair get no
fix.

## References
- hadolint [DL3044](https://github.com/hadolint/hadolint/wiki/DL3044)
- [Dockerfile reference: ENV](https://docs.docker.com/reference/dockerfile/#env)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in ctx.instructions_of(InstructionKind::Env) {
        let pairs = instruction.args.key_values();
        if pairs.len() < 2 {
            continue;
        }
        let scope = ctx.model.scope_at(idx);
        let split = split_edits(ctx, instruction, pairs);
        for (at, pair) in pairs.iter().enumerate() {
            let Some(value) = &pair.value else {
                continue;
            };
            let refs = shell::variable_references(&value.text, ctx.parse.escape);
            let mut seen = HashSet::new();
            for reference in refs.iter().filter(|it| !it.is_special()) {
                let name = reference.name.as_str();
                if !seen.insert(name) {
                    continue;
                }
                // The pair that sets it: the nearest earlier one, else a later one.
                let setter = pairs[..at]
                    .iter()
                    .rposition(|it| it.key.text == name)
                    .or_else(|| {
                        pairs[at + 1..]
                            .iter()
                            .position(|it| it.key.text == name)
                            .map(|it| it + at + 1)
                    });
                let Some(setter) = setter else {
                    continue;
                };
                let set_value = pairs[setter]
                    .value
                    .as_ref()
                    .and_then(|it| resolve(ctx, idx, &it.text))
                    .map(|it| it.value)
                    .unwrap_or_default();
                let before = scope
                    .lookup(name)
                    .and_then(|id| ctx.model.defs.get(id))
                    .and_then(|it| it.value.clone());
                if before.as_deref() == Some(set_value.as_str()) {
                    continue;
                }
                let before_text = match &before {
                    Some(it) => format!("`{it}` from before this `ENV`"),
                    None => "nothing (it is unset before this `ENV`)".to_owned(),
                };
                let message = format!(
                    "`${name}` in `{}` expands to {before_text}, not the `{set_value}` this `ENV` sets; set `{name}` in an earlier `ENV`",
                    pair.key.text
                );
                // Point at the reference when the value is on one line.
                let range = match value.range.len() == value.text.len() {
                    true => TextRange::new(
                        value.range.start() + reference.range.start,
                        value.range.start() + reference.range.end,
                    ),
                    false => value.range,
                };
                let diagnostic = RULE.diagnostic(range, message);
                acc.push(match (&split, setter < at) {
                    (Some(edits), true) => diagnostic.with_fix(Fix::unsafe_(
                        format!(
                            "Split the `ENV` so `{}` sees the new `{name}`",
                            pair.key.text
                        ),
                        edits.clone(),
                    )),
                    _ => diagnostic,
                });
            }
        }
    }
}

/// Edits that start a new `ENV` before every pair referring to a variable
/// set earlier in its group. `None` when there is nothing to split or the
/// instruction cannot be split cleanly.
fn split_edits(
    ctx: &RuleContext<'_>,
    instruction: &Instruction,
    pairs: &[KeyValue],
) -> Option<Vec<TextEdit>> {
    if pairs.iter().any(|it| it.legacy) {
        return None;
    }
    let keyword = ctx.slice(instruction.keyword.range);
    let mut edits = Vec::new();
    let mut group: HashSet<&str> = HashSet::new();
    for (at, pair) in pairs.iter().enumerate() {
        let refers = pair.value.as_ref().is_some_and(|value| {
            shell::variable_references(&value.text, ctx.parse.escape)
                .iter()
                .any(|it| group.contains(it.name.as_str()))
        });
        if refers && at > 0 {
            let gap = TextRange::new(pairs[at - 1].range.end(), pair.range.start());
            // A comment inside the continuation would be lost.
            if ctx.slice(gap).contains('#') {
                return None;
            }
            edits.push(TextEdit::replace(gap, format!("\n{keyword} ")));
            group.clear();
        }
        group.insert(pair.key.text.as_str());
    }
    (!edits.is_empty()).then_some(edits)
}
