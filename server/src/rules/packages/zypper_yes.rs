use super::{classify, common};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::TextRange,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3034",
    name: "zypper-interactive",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Run `zypper` non-interactively",
    docs: r#"## What it does
Flags `zypper` commands that ask for confirmation — `install`/`in`, `remove`/`rm`,
`source-install`/`si`, `patch`, `update`/`up`, `dist-upgrade`/`dup` — without the global
`-n`/`--non-interactive` (before the command) or the command's `-y`/`--no-confirm`, and
without `yes |` in front. (`-n` after `install` means `--name`, so it does not count.)

## Why is this bad?
A build has no terminal: zypper reads the answer from an empty stdin and the `RUN` fails.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper install httpd=2.4.58 && zypper clean --all
```

Use instead:
```dockerfile
FROM opensuse/leap:15.6
RUN zypper --non-interactive install httpd=2.4.58 && zypper clean --all
```

## Fix safety
The fix adds `--non-interactive` after `zypper` and is safe: a build that works today never
reaches a prompt, so the option changes nothing for it; a build that reaches one fails and
produces no image.

## Differences from hadolint
`update` and `dist-upgrade` are checked too; `yes |` counts as an answer.

## References
- hadolint [DL3034](https://github.com/hadolint/hadolint/wiki/DL3034)
- [zypper(8)](https://en.opensuse.org/SDB:Zypper_manual)
"#,
    check,
};

const ASKS: &[&str] = &[
    "install",
    "in",
    "remove",
    "rm",
    "source-install",
    "si",
    "patch",
    "update",
    "up",
    "dist-upgrade",
    "dup",
];

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for run in common::runs(ctx, &["zypper"]) {
        for cmd in run.commands() {
            let Some(inv) = classify::zypper(cmd.command) else {
                continue;
            };
            let (Some(program), Some(sub)) = (inv.program(), inv.sub()) else {
                continue;
            };
            if !ASKS.contains(&sub.value.as_str()) || common::fed_by_yes(&cmd) {
                continue;
            }
            let global = inv
                .eff
                .args()
                .iter()
                .take_while(|it| !std::ptr::eq(*it, sub))
                .any(|it| {
                    it.value == "--non-interactive"
                        || (it.value.starts_with('-')
                            && !it.value.starts_with("--")
                            && it.value.contains('n'))
                });
            if global || inv.has_flag(&['y'], &["no-confirm", "non-interactive"]) {
                continue;
            }
            let range = run.source(
                cmd.script,
                TextRange::new(program.range.start(), sub.range.end()),
            );
            let diagnostic = RULE.diagnostic(
                range,
                format!(
                    "`zypper {}` runs without `--non-interactive`: when it asks to continue, the build fails",
                    sub.value
                ),
            );
            acc.push(
                match common::insert_after_word(ctx, &run, cmd.script, program, "--non-interactive")
                {
                    Some(edit) => {
                        diagnostic.with_fix(Fix::safe("Add `--non-interactive`", vec![edit]))
                    }
                    None => diagnostic,
                },
            );
        }
    }
}
