use super::support::{from_chain, is_root_user, resolve, user_part};
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::Args,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3066",
    name: "non-numeric-user",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Security,
    severity: Severity::Info,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "The shipped image's `USER` is a name, not a numeric UID",
    docs: r#"## What it does
Flags the `USER` that sets the shipped image's user when its user part is a name (`USER app`,
`USER app:app`) rather than a numeric UID, after resolving variables. Only the `USER` that
decides who the container runs as is checked: builder stages and earlier `USER` lines that a
later one replaces are not. `root` is left to DL3002.

## Why is this bad?
The runtime and the host see UIDs, not names. Kubernetes' `runAsNonRoot` cannot verify a user
name and refuses to start the pod, and a name resolves through the image's `/etc/passwd`, which
a later base image may define differently.

## Example
```dockerfile
FROM alpine:3.22
RUN adduser -D -u 10001 app
USER app
```

Use instead:
```dockerfile
FROM alpine:3.22
RUN adduser -D -u 10001 app
USER 10001
```

## References
- hadolint [DL3066](https://github.com/hadolint/hadolint/wiki/DL3066)
- [Kubernetes: runAsNonRoot](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let Some(target) = ctx.model.target else {
        return;
    };
    let last = from_chain(ctx.model, target)
        .into_iter()
        .find_map(|stage| stage.users.get(1..).and_then(|it| it.last()));
    let Some((idx, _)) = last else {
        return;
    };
    let Some(instruction) = ctx.instruction(*idx) else {
        return;
    };
    let Args::Text(word) = &instruction.args else {
        return;
    };
    let Some(resolved) = resolve(ctx, *idx, &word.text) else {
        return;
    };
    let user = user_part(&resolved.value);
    if !resolved.complete
        || user.is_empty()
        || is_root_user(user)
        || user.chars().all(|c| c.is_ascii_digit())
    {
        return;
    }
    let shown = match resolved.has_vars {
        true => format!("`USER {}` resolves to `{}`: ", word.text, resolved.value),
        false => String::new(),
    };
    acc.push(RULE.diagnostic(
        word.range,
        format!(
            "{shown}user `{user}` is a name: Kubernetes `runAsNonRoot` cannot verify it and the host may map it to another UID; use the numeric UID"
        ),
    ));
}
