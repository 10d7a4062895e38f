use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{Args, InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1016",
    name: "shell-not-json",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "SHELL not written as a JSON array",
    docs: r#"## What it does
Flags a `SHELL` whose argument is not a JSON array of strings, including arrays written with
single quotes, which are not JSON.

## Why is this bad?
`SHELL` only has the exec form; BuildKit rejects the Dockerfile ("SHELL requires the arguments
to be in JSON form").

## Example
```dockerfile
FROM debian:12-slim
SHELL /bin/bash -o pipefail -c
```

Use instead:
```dockerfile
FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
```

## Fix safety
The fix writes the words as a JSON array when they hold no quotes, escapes or variables, or
turns single quotes into double quotes in an array of simple strings. It changes the build from
failing to running with that shell: unsafe.

## References
- [Dockerfile reference: SHELL](https://docs.docker.com/reference/dockerfile/#shell)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions_of(InstructionKind::Shell) {
        let Args::Shell(word) = &instruction.args else {
            continue;
        };
        let text = ctx.slice(word.range);
        let mut diagnostic = RULE.diagnostic(
            word.range,
            "SHELL takes a JSON array of strings (`SHELL [\"/bin/bash\", \"-c\"]`), with double quotes",
        );
        if let Some(json) = to_json(text) {
            diagnostic = diagnostic.with_fix(Fix::unsafe_(
                format!("Write `{json}`"),
                vec![TextEdit::replace(word.range, json)],
            ));
        }
        acc.push(diagnostic);
    }
}

fn to_json(text: &str) -> Option<String> {
    let plain = |it: &str| {
        !it.is_empty()
            && !it.chars().any(|c| {
                matches!(c, '"' | '\'' | '\\' | '`' | '$' | '[' | ']' | ',') || c.is_control()
            })
    };
    let parts: Vec<&str> = match text.strip_prefix('[').and_then(|it| it.strip_suffix(']')) {
        Some(inner) => inner
            .split(',')
            .map(|it| {
                let it = it.trim();
                it.strip_prefix('\'').and_then(|it| it.strip_suffix('\''))
            })
            .collect::<Option<Vec<_>>>()?,
        None if text.contains('\n') => return None,
        None => text.split_whitespace().collect(),
    };
    if parts.is_empty() || !parts.iter().all(|it| plain(it)) {
        return None;
    }
    let quoted: Vec<String> = parts.iter().map(|it| format!("\"{it}\"")).collect();
    Some(format!("[{}]", quoted.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::to_json;

    #[test]
    fn converts_simple_forms_only() {
        assert_eq!(
            to_json("/bin/bash -c").as_deref(),
            Some(r#"["/bin/bash", "-c"]"#)
        );
        assert_eq!(
            to_json("['cmd', '/S', '/C']").as_deref(),
            Some(r#"["cmd", "/S", "/C"]"#)
        );
        assert_eq!(to_json("sh -c \"x\""), None);
        assert_eq!(to_json("['a', b]"), None);
    }
}
