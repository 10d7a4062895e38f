use super::{
    classify,
    common::{self, is_path},
};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3028",
    name: "gem-unpinned-package",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Pin the versions of gems `gem install` installs",
    docs: r#"## What it does
Flags each gem of a `gem install` (or `gem i`) without a version: `bundler` rather than
`bundler:2.5.16`. A command with `-v`/`--version` is pinned (gem allows it with one gem only);
`.gem` files and paths are not flagged. Variables are resolved.

## Why is this bad?
Without a pin, every build installs the newest release of the gem: builds stop being
reproducible and an unrelated rebuild can pull in a breaking major version.

## Example
```dockerfile
FROM ruby:3.3-slim
RUN gem install bundler
```

Use instead:
```dockerfile
FROM ruby:3.3-slim
RUN gem install bundler:2.5.16
```

## Differences from hadolint
- `gem install --no-document rails` flags `rails`; hadolint takes `rails` for the value of
  `--no-document` and misses it.
- Each unpinned gem is reported at its own word, commands behind `sudo` and in `sh -c` exec
  form are checked.

## References
- hadolint [DL3028](https://github.com/hadolint/hadolint/wiki/DL3028)
- [gem install](https://guides.rubygems.org/command-reference/#gem-install)
"#,
    check,
};

fn pinned(gem: &str) -> bool {
    gem.contains(':') || gem.ends_with(".gem") || is_path(gem)
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for run in common::runs(ctx, &["gem"]) {
        for cmd in run.commands() {
            let Some(inv) = classify::gem(cmd.command) else {
                continue;
            };
            if !matches!(inv.sub_name(), "install" | "i") || inv.has_flag(&['v'], &["version"]) {
                continue;
            }
            let operands = inv.operands();
            for it in common::unpinned(ctx, &run, cmd.script, &operands, pinned) {
                acc.push(RULE.diagnostic(
                    it.range,
                    format!(
                        "gem {} is not pinned to a version: use `{}:<version>`",
                        it.shown, it.package
                    ),
                ));
            }
        }
    }
}
