use super::support::{from_chain, is_root_user, root_stage};
use crate::{
    model::Base,
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::Args,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3002",
    name: "last-user-root",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Security,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "The shipped image's last `USER` is root",
    docs: r#"## What it does
Flags the `USER` instruction that leaves the shipped image running as root (`root`, `0`,
`root:<group>`, `0:<group>`), after resolving variables. Only the stage that ships counts, and
a `USER` in a stage it is built `FROM` counts for it: a builder stage may switch to root to
install packages without a finding.

## Why is this bad?
A container that runs as root turns any escape from the application into root on the container,
and often on the host. A base image that already runs as an unprivileged user (distroless
`:nonroot`, Chainguard images) loses that protection when a late `USER root` is left in.

## Example
```dockerfile
FROM alpine:3.22
RUN adduser -D app
USER root
```

Use instead:
```dockerfile
FROM alpine:3.22
RUN adduser -D app
USER app
```

## References
- hadolint [DL3002](https://github.com/hadolint/hadolint/wiki/DL3002)
- hadolint issue [#405](https://github.com/hadolint/hadolint/issues/405): only the last stage matters
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let Some(target) = ctx.model.target else {
        return;
    };
    // The last explicit USER in the shipped stage or, failing that, in the
    // stages it is built FROM.
    let last = from_chain(ctx.model, target)
        .into_iter()
        .find_map(|stage| stage.users.get(1..).and_then(|it| it.last()));
    let Some((idx, user)) = last else {
        return;
    };
    if !is_root_user(user) {
        return;
    }
    let Some(instruction) = ctx.instruction(*idx) else {
        return;
    };
    let Args::Text(word) = &instruction.args else {
        return;
    };
    let resolved = match word.text.contains('$') {
        true => format!("`USER {}` resolves to `{user}`: ", word.text),
        false => String::new(),
    };
    let mut message = format!("{resolved}the shipped image runs as root");
    if ctx.model.stage_of(*idx) != Some(target) {
        if let Some(stage) = ctx.stage_of(*idx) {
            message.push_str(&format!(" (set in stage `{}`)", stage.label()));
        }
    }
    if let Some(root) = root_stage(ctx.model, target) {
        let base_user = &root.base_config.user;
        if let (Base::Image(image), false) = (&root.base, is_root_user(base_user)) {
            if !base_user.is_empty() {
                message.push_str(&format!(
                    "; the base image `{}` runs as `{base_user}`",
                    image.expanded.value_or_raw()
                ));
            }
        }
    }
    message.push_str("; switch to an unprivileged user");
    acc.push(RULE.diagnostic(word.range, message));
}
