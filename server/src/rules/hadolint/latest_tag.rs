use super::{
    support::{has_variables, known_base_image},
    untagged_base_image::canonical_tag,
};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3007",
    name: "latest-base-image-tag",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Base image pinned to the `latest` tag",
    docs: r#"## What it does
Flags a `FROM` image tagged `latest`, after resolving `ARG`s: `ARG IMG=node:latest` then
`FROM $IMG` is flagged too. An image pinned by digest (`node:latest@sha256:...`) is not: the
digest is what gets pulled.

## Why is this bad?
`latest` is whatever the publisher pushed last. The same Dockerfile builds on a different base
next month, with a different libc, package set or language version, and caches built on the old
one stop matching.

## Example
```dockerfile
FROM alpine:latest
```

```dockerfile
ARG IMG=alpine:latest
FROM $IMG
```

Use instead:
```dockerfile
FROM alpine:3.22
```

## Fix safety
When docklens's knowledge base knows the image, the fix writes the tag it recommends for it
(`alpine:latest` → `alpine:3.22`). That is not necessarily what `latest` is today, so the image
may change: the fix is only a suggestion (display-only).

## References
- hadolint [DL3007](https://github.com/hadolint/hadolint/wiki/DL3007)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for stage in &ctx.model.stages {
        let Some(image) = known_base_image(stage) else {
            continue;
        };
        let Ok(reference) = &image.reference else {
            continue;
        };
        if reference.tag.as_deref() != Some("latest") || reference.digest.is_some() {
            continue;
        }
        let expanded = &image.expanded;
        let value = expanded.value_or_raw();
        // Point at the tag itself when it is written out.
        let source = ctx.slice(expanded.range);
        let tag_range = match (has_variables(&expanded.raw), source.rfind(":latest")) {
            (false, Some(at)) => {
                let start = expanded.range.start() + at + 1;
                Some(TextRange::new(start, start + "latest".len()))
            }
            _ => None,
        };
        let message = match has_variables(&expanded.raw) {
            true => format!(
                "`FROM {}` resolves to `{value}`: `latest` moves whenever the image is republished; pin a version",
                expanded.raw
            ),
            false => format!(
                "`{value}` follows `latest`, which moves whenever the image is republished; pin a version"
            ),
        };
        let range = tag_range.unwrap_or(expanded.range);
        let diagnostic = RULE.diagnostic(range, message);
        let fix = match (tag_range, canonical_tag(reference)) {
            (Some(at), Some(tag)) => Some(Fix::display_only(
                format!("Pin `{}:{tag}`", reference.familiar_name()),
                vec![TextEdit::replace(at, tag)],
            )),
            _ => None,
        };
        acc.push(match fix {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    }
}
