use super::util::{self, commands, Getopt};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL4005",
    name: "ln-bin-sh",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Use SHELL to change the default shell",
    docs: r#"## What it does
Flags `ln` that replaces `/bin/sh` (or `/usr/bin/sh`) with a link: `ln -sf /bin/bash /bin/sh`.
Linking *to* `/bin/sh` from elsewhere is not flagged.

## Why is this bad?
Every later shell-form `RUN`, `CMD` and `ENTRYPOINT`, and every script of the image that starts
with `#!/bin/sh`, now runs a different shell, and nothing in the Dockerfile says so: the next
reader sees `/bin/sh` semantics. Package upgrades of the shell may also restore the link.
`SHELL ["/bin/bash", "-c"]` changes the shell for the instructions that follow, visibly, and
leaves the image's `/bin/sh` alone.

## Example
```dockerfile
FROM debian:12-slim
RUN ln -sf /bin/bash /bin/sh
```

Use instead:
```dockerfile
FROM debian:12-slim
SHELL ["/bin/bash", "-c"]
```

## References
- hadolint [DL4005](https://github.com/hadolint/hadolint/wiki/DL4005)
- [Dockerfile reference: SHELL](https://docs.docker.com/reference/dockerfile/#shell)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in util::runs(ctx) {
        let scripts = ctx.run_scripts(idx);
        for cmd in commands(scripts) {
            if util::name(cmd.command) != Some("ln") {
                continue;
            }
            let effective = cmd.command.effective();
            let parsed = Getopt::parse(
                effective.args(),
                "tS",
                &["target-directory", "suffix", "backup"],
            );
            // The link is the last operand, or a name inside `-t DIR`.
            let link = match parsed.get(Some('t'), &["target-directory"]) {
                Some(dir) => dir.value_word.filter(|_| {
                    dir.value
                        .is_some_and(|it| matches!(it.trim_end_matches('/'), "/bin" | "/usr/bin"))
                        && parsed
                            .operands
                            .iter()
                            .any(|it| util::basename(&it.value) == "sh")
                }),
                None if parsed.operands.len() >= 2 => parsed
                    .operands
                    .last()
                    .copied()
                    .filter(|it| matches!(it.value.as_str(), "/bin/sh" | "/usr/bin/sh")),
                None => None,
            };
            let Some(word) = link else {
                continue;
            };
            let range = cmd.source(instruction, word.range);
            acc.push(RULE.diagnostic(
                range,
                "replacing `/bin/sh` with a link changes the shell of every later RUN and of the image's scripts, invisibly: use SHELL",
            ));
        }
    }
}
