use super::support::{has_variables, known_base_image};
use crate::{
    images::DOCKER_HUB,
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::TextRange,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3026",
    name: "untrusted-registry",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Security,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Base image from a registry that is not trusted",
    docs: r#"## What it does
Flags a `FROM` image whose registry is not in `trusted_registries`, after resolving `ARG`s. An
image without a registry comes from Docker Hub (`docker.io`). Earlier stages and `scratch` are
never flagged, and nothing is flagged while the list is empty.

## Why is this bad?
Where base images come from is a supply-chain decision: an image from an unvetted registry can
carry anything, and a registry outside the organisation's mirror may be unreachable from the
build farm or rate-limited.

## Example
With this configuration:
```toml
trusted_registries = ["registry.example.com"]
```

```dockerfile
FROM quay.io/example/app:1.0
```

```dockerfile
FROM alpine:3.22
```

Use instead:
```dockerfile
FROM registry.example.com/app:1.0
```

```dockerfile
FROM registry.example.com/app:1.0 AS build

FROM build
```

## Options
- `trusted_registries` (hadolint `trustedRegistries`): the registries `FROM` may pull from.
  `docker.io`, `hub.docker.com` and `index.docker.io` all mean Docker Hub; `*.example.com`
  allows every subdomain. Empty (the default) allows every registry.

## References
- hadolint [DL3026](https://github.com/hadolint/hadolint/wiki/DL3026)
"#,
    check,
};

/// A configured registry name, with Docker Hub's aliases folded together.
fn normalize(registry: &str) -> String {
    let lower = registry.trim().trim_end_matches('/').to_ascii_lowercase();
    match lower.as_str() {
        "hub.docker.com" | "index.docker.io" | "registry.hub.docker.com" => DOCKER_HUB.to_owned(),
        _ => lower,
    }
}

fn trusted(config: &[String], registry: &str) -> bool {
    let registry = normalize(registry);
    config
        .iter()
        .map(|it| normalize(it))
        .any(|allowed| match allowed.strip_prefix("*.") {
            Some(domain) => registry
                .strip_suffix(domain)
                .is_some_and(|rest| rest.ends_with('.')),
            None => allowed == registry,
        })
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let config = &ctx.config.trusted_registries;
    if config.is_empty() {
        return;
    }
    for stage in &ctx.model.stages {
        let Some(image) = known_base_image(stage) else {
            continue;
        };
        let Ok(reference) = &image.reference else {
            continue;
        };
        if reference.is_scratch() || reference.registry.is_empty() {
            continue;
        }
        if trusted(config, &reference.registry) {
            continue;
        }
        let expanded = &image.expanded;
        let value = expanded.value_or_raw();
        let source = ctx.slice(expanded.range);
        let explicit = value.starts_with(&format!("{}/", reference.registry));
        let range = match (has_variables(&expanded.raw), explicit, source.find('/')) {
            (false, true, Some(slash)) if source == value => {
                TextRange::new(expanded.range.start(), expanded.range.start() + slash)
            }
            _ => expanded.range,
        };
        let from = match (explicit, reference.registry == DOCKER_HUB) {
            (false, true) => "Docker Hub (`docker.io`)".to_owned(),
            _ => format!("`{}`", reference.registry),
        };
        let resolved = match has_variables(&expanded.raw) {
            true => format!("`FROM {}` resolves to `{value}`, which ", expanded.raw),
            false => format!("`{value}` "),
        };
        let allowed = config
            .iter()
            .map(|it| format!("`{it}`"))
            .collect::<Vec<_>>()
            .join(", ");
        acc.push(RULE.diagnostic(
            range,
            format!(
                "{resolved}pulls from {from}, which is not a trusted registry (trusted: {allowed})"
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::trusted;

    #[test]
    fn docker_hub_aliases_and_wildcards() {
        let config = vec!["hub.docker.com".to_owned(), "*.example.com".to_owned()];
        assert!(trusted(&config, "docker.io"));
        assert!(trusted(&config, "registry.example.com"));
        assert!(!trusted(&config, "example.com"));
        assert!(!trusted(&config, "evilexample.com"));
        assert!(!trusted(&config, "gcr.io"));
    }
}
