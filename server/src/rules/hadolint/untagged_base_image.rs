use super::support::{has_variables, known_base_image};
use crate::{
    images::{self, ImageRef},
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::TextEdit,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3006",
    name: "untagged-base-image",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Base image without an explicit tag",
    docs: r#"## What it does
Flags a `FROM` image without a tag or digest, after resolving `ARG`s: `ARG BASE=node` then
`FROM ${BASE}` is flagged, `ARG TAG=22` then `FROM node:${TAG}` is not. `scratch`, earlier stages
and digest-pinned images are fine.

## Why is this bad?
Without a tag Docker pulls `latest`, which moves: the same Dockerfile builds on a different base
next month, with a different libc, package set or language version, and the build or the
application breaks without any change in the repository.

## Example
```dockerfile
FROM node
```

```dockerfile
ARG BASE=node
FROM ${BASE}
```

Use instead:
```dockerfile
FROM node:22-alpine
```

```dockerfile
ARG BASE=node:22-alpine
FROM ${BASE}
```

## Fix safety
When docklens's knowledge base knows the image, the fix writes the tag it recommends for it
(`node` → `node:22`). A pinned tag is not what `latest` is today, so the image may change: the
fix is only a suggestion (display-only).

## References
- hadolint [DL3006](https://github.com/hadolint/hadolint/wiki/DL3006)
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
        if reference.tag.is_some() || reference.digest.is_some() || reference.is_scratch() {
            continue;
        }
        let expanded = &image.expanded;
        let value = expanded.value_or_raw();
        let message = match has_variables(&expanded.raw) {
            true => format!(
                "`FROM {}` resolves to `{value}`, which has no tag: it pulls whatever `latest` is at build time; pin a version",
                expanded.raw
            ),
            false => format!(
                "`{value}` has no tag: it pulls whatever `latest` is at build time; pin a version"
            ),
        };
        let diagnostic = RULE.diagnostic(expanded.range, message);
        let literal = expanded.raw == value && ctx.slice(expanded.range) == value;
        let fix = match (literal, canonical_tag(reference)) {
            (true, Some(tag)) => Some(Fix::display_only(
                format!("Pin `{}:{tag}`", reference.familiar_name()),
                vec![TextEdit::insert(expanded.range.end(), format!(":{tag}"))],
            )),
            _ => None,
        };
        acc.push(match fix {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    }
}

/// The tag docklens's knowledge base recommends for this image's family,
/// when it names the same repository and is not `latest`.
pub(super) fn canonical_tag(reference: &ImageRef) -> Option<String> {
    let entry = images::lookup(reference).entry()?;
    let canonical = ImageRef::parse(entry.canonical_ref()).ok()?;
    if canonical.name() != reference.name() {
        return None;
    }
    canonical.tag.filter(|it| it != "latest")
}
