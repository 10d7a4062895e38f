use super::{
    classify,
    common::{self, Run},
};
use crate::{
    model::size,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::script::Command,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3060",
    name: "yarn-cache-left-in-layer",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Size,
    severity: Severity::Info,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Clean yarn's cache in the `RUN` that installs packages",
    docs: r#"## What it does
Flags `yarn install` (also bare `yarn`, `yarn add`, `yarn global add`) in a layer that ships
(the target stage and the stages it is built `FROM`) when no `yarn cache clean` (or removal of
the cache folder) follows it in the same `RUN` and no cache or tmpfs mount covers yarn's cache
(a mount target with `yarn` in it, or `$YARN_CACHE_FOLDER`).

## Why is this bad?
yarn keeps a copy of every package tarball it downloads in its global cache
(`/usr/local/share/.cache/yarn` as root in the official node images): the layer carries the
packages twice, once in `node_modules` and once in the cache. Cleaning it saved 80 MB
(1inch/shieldy#144), 199 MB (nolanlawson/pinafore#1073) and 367 MB (cube-js/cube#3715).

## Example
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
```

Use instead:
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile && yarn cache clean
```

## Fix safety
The fix appends `yarn cache clean` to the end of the `RUN` and is unsafe: the image changes
(it gets smaller) and later `yarn` commands download the packages again.

## Differences from hadolint
- A `yarn cache clean` must come after the install; hadolint accepts one anywhere in the
  `RUN`.
- Bare `yarn` and `yarn add` fill the cache too and are checked.

## References
- hadolint [DL3060](https://github.com/hadolint/hadolint/wiki/DL3060)
- [yarn cache](https://classic.yarnpkg.com/en/docs/cli/cache)
"#,
    check,
};

fn leaves(command: &Command) -> bool {
    let Some(inv) = classify::yarn(command) else {
        return false;
    };
    let operands = inv.operands();
    match inv.sub() {
        None => true,
        Some(sub) => match sub.value.as_str() {
            "install" | "add" => true,
            "global" => operands.first().is_some_and(|it| it.value == "add"),
            _ => false,
        },
    }
}

fn cleans(command: &Command) -> bool {
    let clean = classify::yarn(command).is_some_and(|inv| {
        inv.sub_name() == "cache" && inv.operands().first().is_some_and(|it| it.value == "clean")
    });
    clean
        || common::removes(
            command,
            &[
                "/usr/local/share/.cache/yarn",
                "/root/.cache/yarn",
                "~/.cache/yarn",
                "$HOME/.cache/yarn",
                "/root/.yarn/berry/cache",
                "~/.yarn/berry/cache",
            ],
        )
}

fn covered(ctx: &RuleContext<'_>, run: &Run<'_>) -> bool {
    let folder = common::variable(ctx, run.idx, "YARN_CACHE_FOLDER");
    common::mount_covers(ctx, run, "/usr/local/share/.cache/yarn")
        || folder.is_some_and(|dir| common::mount_covers(ctx, run, &dir))
        || common::mount_matches(ctx, run, |target| target.contains("yarn"))
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    common::leftovers(
        ctx,
        &["yarn"],
        &["yarn"],
        |_, cmd| leaves(cmd.command),
        cleans,
        |run| covered(ctx, run),
        |run, left, later| {
            let Some(first) = left.first() else {
                return;
            };
            let range = run.source(first.script, first.command.range);
            let note = common::LaterCleanup::note(&later, "the cached packages");
            let diagnostic = RULE.diagnostic(
                range,
                format!(
                    "yarn keeps a copy of every downloaded package in its cache in the layer (cleaning it saved {} in reported builds): run `yarn cache clean` in this RUN{note}",
                    size::YARN_CACHE_SAVINGS.estimate()
                ),
            );
            let last = left.last().map_or(first.script, |it| it.script);
            acc.push(
                match common::append_command(ctx, run, last, "yarn cache clean") {
                    Some(edit) => diagnostic.with_fix(Fix::unsafe_(
                        "Run `yarn cache clean` at the end of this RUN",
                        vec![edit],
                    )),
                    None => diagnostic,
                },
            );
        },
    );
}
