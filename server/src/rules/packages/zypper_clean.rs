use super::{classify, common};
use crate::{
    model::size,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::script::Command,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3036",
    name: "zypper-cache-left-in-layer",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Size,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Run `zypper clean` in the `RUN` that installs packages",
    docs: r#"## What it does
Flags a `zypper` command that downloads (`install`/`in`, `update`/`up`, `patch`,
`dist-upgrade`/`dup`, `source-install`/`si`) in a layer that ships (the target stage and the
stages it is built `FROM`) when no `zypper clean` (`cc`, or `rm -rf /var/cache/zypp`) follows
it in the same `RUN` and no cache or tmpfs mount covers `/var/cache/zypp`.

## Why is this bad?
zypper keeps repository metadata (and packages, where `keeppackages` is on) under
`/var/cache/zypp`, which nothing at run time needs: 178 MB after one install in
suse-edge/edge-image-builder#213. A `zypper clean` in a later `RUN` does not help, the files
are already in the earlier layer.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper --non-interactive install httpd=2.4.58
```

Use instead:
```dockerfile
FROM opensuse/leap:15.6
RUN zypper --non-interactive install httpd=2.4.58 && zypper clean --all
```

## Fix safety
The fix appends `zypper clean --all` to the end of the `RUN` and is unsafe: the image changes
(it gets smaller) and later `zypper` commands download the metadata again.

## Differences from hadolint
- Only layers that ship are flagged; hadolint flags builder stages too.
- `update`, `patch`, `dist-upgrade` and `source-install` are checked; a cache mount on
  `/var/cache/zypp` counts.

## References
- hadolint [DL3036](https://github.com/hadolint/hadolint/wiki/DL3036)
"#,
    check,
};

const CACHE: &str = "/var/cache/zypp";

fn leaves(command: &Command) -> bool {
    classify::zypper(command).is_some_and(|inv| {
        matches!(
            inv.sub_name(),
            "install"
                | "in"
                | "update"
                | "up"
                | "patch"
                | "dist-upgrade"
                | "dup"
                | "source-install"
                | "si"
        )
    })
}

fn cleans(command: &Command) -> bool {
    classify::zypper(command).is_some_and(|inv| matches!(inv.sub_name(), "clean" | "cc"))
        || common::removes(command, &[CACHE])
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    common::leftovers(
        ctx,
        &["zypper"],
        &["zypper", "/var/cache"],
        |_, cmd| leaves(cmd.command),
        cleans,
        |run| common::mount_covers(ctx, run, CACHE),
        |run, left, later| {
            let Some(first) = left.first() else {
                return;
            };
            let Some(inv) = classify::zypper(first.command) else {
                return;
            };
            let range = run.source(first.script, first.command.range);
            let note = common::LaterCleanup::note(&later, "the cached metadata and packages");
            let diagnostic = RULE.diagnostic(
                range,
                format!(
                    "`zypper {}` keeps its cache in /var/cache/zypp in the layer ({} in one measured case): run `zypper clean --all` in this RUN{note}",
                    inv.sub_name(),
                    size::ZYPPER_CACHE.estimate()
                ),
            );
            let last = left.last().map_or(first.script, |it| it.script);
            acc.push(
                match common::append_command(ctx, run, last, "zypper clean --all") {
                    Some(edit) => diagnostic.with_fix(Fix::unsafe_(
                        "Run `zypper clean --all` at the end of this RUN",
                        vec![edit],
                    )),
                    None => diagnostic,
                },
            );
        },
    );
}
