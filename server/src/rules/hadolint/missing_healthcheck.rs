use super::support::shipped_chain;
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3057",
    name: "missing-healthcheck",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Info,
    enabled: Enabled::No,
    fix: FixAvailability::None,
    summary: "The shipped image has no `HEALTHCHECK`",
    docs: r#"## What it does
Flags the shipped stage when neither it nor a stage it is built `FROM` has a `HEALTHCHECK`
(`HEALTHCHECK NONE` counts: it is a decision). Builder stages never run as containers and are
not flagged. A health check the base image defines is not known and does not count.

This is a policy rule and off by default: Kubernetes ignores `HEALTHCHECK` and uses its own
probes, so many images rightly have none.

## Why is this bad?
Without a health check, Docker and Swarm only know whether the process is running, not whether
it answers: a hung server keeps receiving traffic.

## Example
```dockerfile
FROM nginx:1.29
COPY site/ /usr/share/nginx/html/
```

Use instead:
```dockerfile
FROM nginx:1.29
COPY site/ /usr/share/nginx/html/
HEALTHCHECK --interval=30s CMD curl -fsS http://localhost/ || exit 1
```

## References
- hadolint [DL3057](https://github.com/hadolint/hadolint/wiki/DL3057)
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let chain = shipped_chain(ctx.model);
    let Some(shipped) = chain.first() else {
        return;
    };
    if chain.iter().any(|stage| stage.healthcheck.is_some()) {
        return;
    }
    let Some(from) = ctx.instruction(shipped.from) else {
        return;
    };
    let range = from
        .args
        .words()
        .first()
        .map_or(from.keyword.range, |it| it.range);
    acc.push(RULE.diagnostic(
        range,
        "the shipped image has no `HEALTHCHECK`: only a stopped process counts as unhealthy",
    ));
}
