use super::{
    classify::{self, PipTool},
    common::{self, Cmd, Run},
};
use crate::{
    model::size,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::script::{Command, ScriptWord},
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3042",
    name: "pip-cache-left-in-layer",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Size,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Keep pip's download cache out of the image that ships",
    docs: r#"## What it does
Flags a `pip install` (`pip`, `pip3`, `python3 -m pip`) in a layer that ships (the target
stage and the stages it is built `FROM`) that keeps pip's cache, unless one of these keeps it
out of the layer:
- `--no-cache-dir`;
- `PIP_NO_CACHE_DIR` set to a boolean (pip disables the cache for any boolean value, even
  `off`) by `ENV`/`ARG` in the stage or a parent stage, on the command line
  (`PIP_NO_CACHE_DIR=1 pip install ...`) or by an earlier `export` in the script;
- a cache or tmpfs mount on the cache: `/root/.cache/pip`, `/root/.cache`, any
  `.../.cache/pip` or `.../.cache` (other users' homes) or `$PIP_CACHE_DIR`;
- `pip cache purge` or `rm -rf ~/.cache/pip` after it in the same `RUN`.

Only the first such command of a `RUN` is reported; its fix covers all of them.

## Why is this bad?
pip keeps every wheel it downloads or builds in `~/.cache/pip`, which is useless in an image:
≈ 15 MB for a small set of packages (caronc/apprise#939), 78 MB (−14 %) in
robusta-dev/krr#334. A cleanup in a later `RUN` does not help: the files are already in the
earlier layer.

## Example
```dockerfile
FROM python:3.12-slim
RUN pip install flask==3.0.3
```

Use instead:
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir flask==3.0.3
```

or keep the cache between builds, outside the image:
```dockerfile
FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3
```

## Fix safety
The fix adds `--no-cache-dir` to every `pip install` of the `RUN` that lacks it and is unsafe:
the image changes (it gets smaller), and repeated local builds download packages again.

## Differences from hadolint
- Only layers that ship are flagged; hadolint flags builder stages too.
- `PIP_NO_CACHE_DIR=off` disables the cache (pip accepts any boolean) and is not flagged;
  an `ENV PIP_NO_CACHE_DIR` of a different stage with the same base image does not count
  (hadolint lets it leak across stages).
- A cache mount on `/root/.cache` and `pip cache purge`/`rm -rf ~/.cache/pip` in the same
  `RUN` count; hadolint flags them.

## References
- hadolint [DL3042](https://github.com/hadolint/hadolint/wiki/DL3042)
- [pip: caching](https://pip.pypa.io/en/stable/topics/caching/)
"#,
    check,
};

/// pip's "no cache" switch: pip disables the cache for any boolean value.
fn boolean(value: &str) -> bool {
    matches!(
        value.to_ascii_lowercase().as_str(),
        "1" | "0" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "t" | "f"
    )
}

fn sets_no_cache(word: &ScriptWord) -> bool {
    word.assignment()
        .is_some_and(|(name, value)| name == "PIP_NO_CACHE_DIR" && boolean(value))
}

/// `PIP_NO_CACHE_DIR=1 pip ...`, `env PIP_NO_CACHE_DIR=1 pip ...`.
fn inline_no_cache(command: &Command) -> bool {
    command.assignments.iter().any(sets_no_cache) || command.words.iter().any(sets_no_cache)
}

/// `export PIP_NO_CACHE_DIR=1` or a bare `PIP_NO_CACHE_DIR=1` line before `cmd`.
fn exported_before(run: &Run<'_>, cmd: &Cmd<'_>) -> bool {
    run.commands()
        .iter()
        .filter(|it| it.order < cmd.order)
        .any(|it| {
            let export = it.command.name() == Some("export") || it.command.words.is_empty();
            export && inline_no_cache(it.command)
        })
}

fn leaves(ctx: &RuleContext<'_>, run: &Run<'_>, cmd: &Cmd<'_>) -> bool {
    let Some((PipTool::Pip, inv)) = classify::pip_install(cmd.command) else {
        return false;
    };
    if inv.has_flag(&[], &["no-cache-dir"]) || inline_no_cache(cmd.command) {
        return false;
    }
    if common::variable(ctx, run.idx, "PIP_NO_CACHE_DIR").is_some_and(|it| boolean(&it)) {
        return false;
    }
    !exported_before(run, cmd)
}

fn cleans(command: &Command) -> bool {
    let purge = classify::pip(command).is_some_and(|(_, inv)| {
        inv.sub_name() == "cache"
            && inv
                .operands()
                .first()
                .is_some_and(|it| matches!(it.value.as_str(), "purge" | "remove"))
    });
    purge
        || common::removes(
            command,
            &[
                "/root/.cache/pip",
                "/root/.cache",
                "~/.cache/pip",
                "~/.cache",
                "$HOME/.cache/pip",
                "$HOME/.cache",
                "${HOME}/.cache/pip",
                "${HOME}/.cache",
            ],
        )
}

fn covered(ctx: &RuleContext<'_>, run: &Run<'_>) -> bool {
    let cache_dir = common::variable(ctx, run.idx, "PIP_CACHE_DIR");
    common::mount_covers(ctx, run, "/root/.cache/pip")
        || cache_dir.is_some_and(|dir| common::mount_covers(ctx, run, &dir))
        || common::mount_matches(ctx, run, |target| {
            target.ends_with("/.cache/pip") || target.ends_with("/.cache")
        })
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    common::leftovers(
        ctx,
        &["pip"],
        &["pip", ".cache"],
        |run, cmd| leaves(ctx, run, cmd),
        cleans,
        |run| covered(ctx, run),
        |run, left, later| {
            let Some(first) = left.first() else {
                return;
            };
            let range = run.source(first.script, first.command.range);
            let note = common::LaterCleanup::note(&later, "the cached wheels");
            let diagnostic = RULE.diagnostic(
                range,
                format!(
                    "`pip install` keeps its download cache in the layer ({} in reported cases, more with more packages): add `--no-cache-dir`{note}",
                    size::PIP_CACHE_SAVINGS.estimate()
                ),
            );
            let edits: Option<Vec<_>> = left
                .iter()
                .map(|cmd| {
                    let (_, inv) = classify::pip_install(cmd.command)?;
                    let sub = inv.sub()?;
                    common::insert_after_word(ctx, run, cmd.script, sub, "--no-cache-dir")
                })
                .collect();
            acc.push(match edits {
                Some(edits) if !edits.is_empty() => {
                    diagnostic.with_fix(Fix::unsafe_("Add `--no-cache-dir`", edits))
                }
                _ => diagnostic,
            });
        },
    );
}
