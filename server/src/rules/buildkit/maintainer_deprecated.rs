use super::util::keyword_casing;
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{Args, InstructionKind, TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DL4000",
    name: "maintainer-instruction",
    aliases: &["MaintainerDeprecated"],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Always,
    summary: "MAINTAINER is deprecated",
    docs: r#"## What it does
Flags the `MAINTAINER` instruction.

## Why is this bad?
`MAINTAINER` has been deprecated since Docker 1.13. It fills the image's little-used `Author`
field, which registries and scanners ignore; the standard place for the author is the
`org.opencontainers.image.authors` label.

## Example
```dockerfile
FROM alpine:3.22
MAINTAINER Jane Doe <jane@example.com>
```

Use instead:
```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
```

## Fix safety
The fix replaces the instruction with the `org.opencontainers.image.authors` label, quoting the
text so it is stored exactly as written. The image's `Author` field is no longer set and a
label appears instead, so the image metadata changes: unsafe.

## References
- hadolint [DL4000](https://github.com/hadolint/hadolint/wiki/DL4000)
- [BuildKit check MaintainerDeprecated](https://docs.docker.com/reference/build-checks/maintainer-deprecated/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions_of(InstructionKind::Maintainer) {
        let diagnostic = RULE
            .diagnostic(
                instruction.keyword.range,
                "`MAINTAINER` is deprecated: use the `org.opencontainers.image.authors` label",
            )
            .deprecated();
        let Args::Text(word) = &instruction.args else {
            acc.push(diagnostic);
            continue;
        };
        // Follow the file's keyword casing, as ConsistentInstructionCasing wants.
        let label = match keyword_casing(ctx).1 {
            true => "label",
            false => "LABEL",
        };
        let value = quote(&word.text, ctx.parse.escape);
        let replacement = format!("{label} org.opencontainers.image.authors={value}");
        let range = TextRange::new(instruction.keyword.range.start(), word.range.end());
        acc.push(diagnostic.with_fix(Fix::unsafe_(
            "Replace with an `org.opencontainers.image.authors` label",
            vec![TextEdit::replace(range, replacement)],
        )));
    }
}

/// `text` in double quotes, escaped so that BuildKit's word processing
/// gives back exactly `text` (no expansion, no quote removal).
fn quote(text: &str, escape: char) -> String {
    let mut res = String::with_capacity(text.len() + 2);
    res.push('"');
    for c in text.chars() {
        if c == '"' || c == '$' || c == escape {
            res.push(escape);
        }
        res.push(c);
    }
    res.push('"');
    res
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_for_buildkit() {
        assert_eq!(quote("Jane <j@x>", '\\'), "\"Jane <j@x>\"");
        assert_eq!(quote("a \"b\" $c \\d", '\\'), r#""a \"b\" \$c \\d""#);
        assert_eq!(quote("a\"b", '`'), "\"a`\"b\"");
    }
}
