use super::support::labels;
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::TextEdit,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3048",
    name: "invalid-label-key",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Style,
    severity: Severity::Style,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Label key breaks Docker's key format",
    docs: r#"## What it does
Flags a `LABEL` key (after resolving variables) that does not follow Docker's recommended format:
lower-case letters, digits, `.` and `-`, starting with a letter and ending with a letter or
digit, without `..` or `--`, and outside the namespaces Docker reserves (`com.docker.`,
`io.docker.`, `org.dockerproject.`).

## Why is this bad?
Tools that read labels (registries, scanners, orchestrators) expect reverse-DNS keys such as
`org.opencontainers.image.source`. Keys in other spellings are easy to get subtly wrong
(`Maintainer` and `maintainer` are two labels), and keys in Docker's namespaces may be
overwritten by Docker itself.

## Example
```dockerfile
FROM alpine:3.22
LABEL Build_Date="2025-01-01"
```

Use instead:
```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.created="2025-01-01T00:00:00Z"
```

## Fix safety
When the key only needs lower-casing and `_` replaced by `-`, the fix rewrites it that way. The
image then carries a different label key, and whatever reads the old one stops finding it:
unsafe.

## References
- hadolint [DL3048](https://github.com/hadolint/hadolint/wiki/DL3048)
- [Docker object labels](https://docs.docker.com/engine/manage-resources/labels/#key-format-recommendations)
"#,
    check,
};

const RESERVED: [&str; 3] = ["com.docker.", "io.docker.", "org.dockerproject."];

/// Why `key` breaks the format, if it does.
pub(super) fn key_problem(key: &str) -> Option<String> {
    if key.is_empty() {
        return Some("is empty".into());
    }
    if let Some(ns) = RESERVED.iter().find(|it| key.starts_with(*it)) {
        return Some(format!(
            "uses the namespace `{ns}` Docker reserves for itself"
        ));
    }
    if let Some(c) = key
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '.' || *c == '-'))
    {
        return Some(match c.is_ascii_uppercase() {
            true => "has upper-case letters; keys are lower-case".into(),
            false => format!("has `{c}`; keys use only lower-case letters, digits, `.` and `-`"),
        });
    }
    if !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Some("does not start with a letter".into());
    }
    if !key.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return Some("does not end with a letter or digit".into());
    }
    if key.contains("..") || key.contains("--") {
        return Some("has consecutive separators (`..` or `--`)".into());
    }
    None
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for label in labels(ctx) {
        if !label.key_complete {
            continue;
        }
        let Some(problem) = key_problem(&label.key) else {
            continue;
        };
        let shown = match label.key_raw.contains('$') {
            true => format!("`{}` (resolves to `{}`)", label.key_raw, label.key),
            false => format!("`{}`", label.key),
        };
        let diagnostic = RULE.diagnostic(label.key_range, format!("label key {shown} {problem}"));
        let suggestion = label.key.to_ascii_lowercase().replace('_', "-");
        let literal = ctx.slice(label.key_range) == label.key;
        let fix = match literal && key_problem(&suggestion).is_none() {
            true => Some(Fix::unsafe_(
                format!("Rename the label to `{suggestion}`"),
                vec![TextEdit::replace(label.key_range, suggestion)],
            )),
            false => None,
        };
        acc.push(match fix {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    }
}
