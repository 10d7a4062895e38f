use super::{classify, common};
use crate::rules::{
    Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
};
use crate::{model::size, syntax::script::Command};

pub(crate) static RULE: Rule = Rule {
    code: "DL3009",
    name: "apt-lists-left-in-layer",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Size,
    severity: Severity::Info,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Remove the apt package lists in the `RUN` that downloads them",
    docs: r#"## What it does
Flags `apt-get update` (or `apt update`) in a layer that ships (the target stage and the
stages it is built `FROM`) when the same `RUN` does not remove `/var/lib/apt/lists` after it
(`rm -rf /var/lib/apt/lists/*`, `apt-get distclean`) and no cache or tmpfs mount covers
`/var/lib/apt/lists` (a mount on `/var/lib/apt` does).

A removal in a later `RUN` does not count, and the message says so: the lists are already
stored in the earlier layer, and deleting them later only hides them.

## Why is this bad?
The package lists are only needed while apt resolves packages, but they stay in the layer:
32 MB measured on Debian 12 with its three default sources (`server/data/packages.toml`, so the
message says ≈ 19–32 MB), ≈ 20–40 MB reported on Debian and Ubuntu (ansible/distro-test-containers#46: 30 MB;
docker-mailserver#37: 37 MB; gocd#10705: 34 MB), up to 92 MB with more sources enabled
(phusion/baseimage-docker#41).

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12
```

Use instead:
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12 \
    && rm -rf /var/lib/apt/lists/*
```

or, with BuildKit, keep the lists and downloads in a cache mount:
```dockerfile
FROM debian:bookworm-slim
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update \
    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12
```

## Fix safety
The fix appends `rm -rf /var/lib/apt/lists/*` to the end of the `RUN`'s script (`&& ...` on a
new continuation line, or a new last line in a heredoc) and is unsafe: a later `RUN` that runs
`apt-get install` without `apt-get update` then fails to find packages.

## Differences from hadolint
- Only layers that ship are flagged: hadolint flags a builder stage that happens to start
  `FROM` the same image as the last stage, and misses nothing docklens reports.
- A cache mount on `/var/lib/apt` alone is enough; hadolint also wants `/var/cache/apt`.
- The removal must delete the lists and run after the last update; hadolint accepts any
  `rm -rf` anywhere in the `RUN`.
- `apt update`, `sudo apt-get update` and `sh -c` exec form are checked too.

## References
- hadolint [DL3009](https://github.com/hadolint/hadolint/wiki/DL3009)
- [Docker: build best practices, apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
"#,
    check,
};

const LISTS: &str = "/var/lib/apt/lists";

fn cleans(command: &Command) -> bool {
    common::removes(command, &[LISTS])
        || classify::apt(command)
            .is_some_and(|(_, inv)| matches!(inv.sub_name(), "distclean" | "dist-clean"))
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    common::leftovers(
        ctx,
        &["apt"],
        &["/var/lib/apt", "clean"],
        |_, cmd| classify::apt_update(cmd.command).is_some(),
        cleans,
        |run| common::mount_covers(ctx, run, LISTS),
        |run, left, later| {
            let Some(first) = left.first() else {
                return;
            };
            let range = run.source(first.script, first.command.range);
            let shown = match classify::apt_update(first.command) {
                Some((classify::AptTool::Apt, _)) => "apt update",
                _ => "apt-get update",
            };
            let note = common::LaterCleanup::note(&later, "the lists");
            let (lists, _) = size::apt_lists();
            let diagnostic = RULE.diagnostic(
                range,
                format!(
                    "`{shown}` keeps {lists} of package lists in the layer ({} measured on Debian 12): nothing in this RUN removes /var/lib/apt/lists afterwards{note}",
                    size::format_mb(lists.high)
                ),
            );
            let last = left.last().map_or(first.script, |it| it.script);
            acc.push(
                match common::append_command(ctx, run, last, "rm -rf /var/lib/apt/lists/*") {
                    Some(edit) => diagnostic.with_fix(Fix::unsafe_(
                        "Remove /var/lib/apt/lists at the end of this RUN",
                        vec![edit],
                    )),
                    None => diagnostic,
                },
            );
        },
    );
}
