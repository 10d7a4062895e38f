use super::{
    classify,
    common::{self, Cmd},
};
use crate::{
    model::size,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::script::Command,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3019",
    name: "apk-cache-left-in-layer",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Size,
    severity: Severity::Info,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Use `apk add --no-cache` in the image that ships",
    docs: r#"## What it does
Flags, in a layer that ships (the target stage and the stages it is built `FROM`), an
`apk add` or `apk upgrade` without `--no-cache`, and an `apk update`, when nothing keeps the
package index out of the layer: no `rm -rf /var/cache/apk/*` after it in the same `RUN`, no
cache or tmpfs mount on `/var/cache/apk`.

## Why is this bad?
Without `--no-cache`, apk stores the repository indexes (`APKINDEX.*.tar.gz`) under
`/var/cache/apk`, where they stay in the layer although nothing at run time needs them: 0.75
to 1.8 MB in reported cases (ayufan/gitlab-ci-multi-runner#37, docker-library/php#708,
hashicorp/terraform#21206, resyst-it/docker-bind9#11). Small, but for nothing.
`--no-cache` fetches a fresh index and keeps nothing, so it also replaces `apk update`.

## Example
```dockerfile
FROM alpine:3.22
RUN apk add curl=8.14.1-r1
```

Use instead:
```dockerfile
FROM alpine:3.22
RUN apk add --no-cache curl=8.14.1-r1
```

## Fix safety
The fix adds `--no-cache` to the `apk add`/`apk upgrade` commands of the `RUN`, or, when the
`RUN` runs `apk update`, appends `rm -rf /var/cache/apk/*` to it. It is unsafe: the image
changes (it gets smaller), and a later `RUN` that relied on the stored index (`apk add`
without `--no-cache` and without network access to the index) behaves differently.

## Differences from hadolint
- Only layers that ship are flagged; hadolint flags builder stages too.
- `rm -rf /var/cache/apk/*` in the same `RUN` and a cache mount on `/var/cache/apk` count;
  hadolint wants `--no-cache` regardless.
- `apk update` (even followed by `apk add --no-cache`) and `apk upgrade` store the index too
  and are flagged; hadolint only checks `apk add`.

## References
- hadolint [DL3019](https://github.com/hadolint/hadolint/wiki/DL3019)
- [Docker: Alpine best practices](https://docs.docker.com/build/building/best-practices/)
"#,
    check,
};

const CACHE: &str = "/var/cache/apk";

/// `add`/`upgrade` without `--no-cache`: fixed by the flag.
fn needs_flag(command: &Command) -> bool {
    classify::apk(command).is_some_and(|inv| {
        matches!(inv.sub_name(), "add" | "upgrade") && !inv.has_flag(&[], &["no-cache"])
    })
}

fn is_update(command: &Command) -> bool {
    classify::apk(command).is_some_and(|inv| inv.sub_name() == "update")
}

fn leaves(cmd: &Cmd<'_>) -> bool {
    needs_flag(cmd.command) || is_update(cmd.command)
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    common::leftovers(
        ctx,
        &["apk"],
        &["apk"],
        |_, cmd| leaves(cmd),
        |command| common::removes(command, &[CACHE]),
        |run| common::mount_covers(ctx, run, CACHE),
        |run, left, later| {
            let Some(first) = left.first() else {
                return;
            };
            let range = run.source(first.script, first.command.range);
            let shown = match is_update(first.command) {
                true => "`apk update`",
                false => "`apk` without `--no-cache`",
            };
            let note = common::LaterCleanup::note(&later, "the indexes");
            let diagnostic = RULE.diagnostic(
                range,
                format!(
                    "{shown} keeps the package index in /var/cache/apk in the layer ({} in reported cases){note}",
                    size::APK_INDEX.estimate()
                ),
            );
            let fix = match left.iter().any(|it| is_update(it.command)) {
                true => {
                    let last = left.last().map_or(first.script, |it| it.script);
                    common::append_command(ctx, run, last, "rm -rf /var/cache/apk/*").map(|edit| {
                        Fix::unsafe_("Remove /var/cache/apk/* at the end of this RUN", vec![edit])
                    })
                }
                false => left
                    .iter()
                    .map(|cmd| {
                        let inv = classify::apk(cmd.command)?;
                        let sub = inv.sub()?;
                        common::insert_after_word(ctx, run, cmd.script, sub, "--no-cache")
                    })
                    .collect::<Option<Vec<_>>>()
                    .map(|edits| Fix::unsafe_("Add `--no-cache`", edits)),
            };
            acc.push(match fix {
                Some(fix) => diagnostic.with_fix(fix),
                None => diagnostic,
            });
        },
    );
}
