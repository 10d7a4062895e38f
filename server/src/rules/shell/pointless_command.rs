use super::util::{self, commands};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3001",
    name: "pointless-command",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Info,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Commands that make no sense in a container build",
    docs: r#"## What it does
Flags a `RUN` that runs `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`,
`mount` or `ifconfig`: interactive tools, process and system management.

Only commands the shell runs count (in chains, subshells, `if` and loop bodies, heredoc
scripts, `sh -c` exec form, behind `sudo`/`env`/...); installing the package (`apt-get install
vim`) or naming it (`command -v ps`) does not.

## Why is this bad?
A `RUN` executes once, non-interactively, in a throwaway container at build time: there is no
terminal for `vim` or `top`, no init system for `service` or `shutdown`, no other process to
`kill` or `ps`, no privilege to `mount`, and no network state worth `ifconfig`. These lines
either fail the build, hang it, or do nothing that ends up in the image.

## Example
```dockerfile
FROM debian:12-slim
RUN service nginx start
```

Use instead:
```dockerfile
FROM debian:12-slim
CMD ["nginx", "-g", "daemon off;"]
```

## References
- hadolint [DL3001](https://github.com/hadolint/hadolint/wiki/DL3001)
"#,
    check,
};

const POINTLESS: &[(&str, &str)] = &[
    ("ssh", "there is no one to log in as the build runs"),
    ("vim", "there is no terminal at build time"),
    ("shutdown", "there is no init system to shut down"),
    (
        "service",
        "there is no init system, and nothing started survives the RUN",
    ),
    ("ps", "the build container runs no other processes"),
    (
        "free",
        "the build host's memory says nothing about the image",
    ),
    ("top", "there is no terminal at build time"),
    ("kill", "nothing started in an earlier RUN is still running"),
    ("mount", "the build container has no privilege to mount"),
    (
        "ifconfig",
        "the build container's network is not the image's",
    ),
];

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in util::runs(ctx) {
        let scripts = ctx.run_scripts(idx);
        for cmd in commands(scripts) {
            let Some(name) = util::name(cmd.command) else {
                continue;
            };
            let Some((name, why)) = POINTLESS.iter().find(|(it, _)| *it == name) else {
                continue;
            };
            let Some(word) = util::name_word(cmd.command) else {
                continue;
            };
            let range = cmd.source(instruction, word.range);
            acc.push(RULE.diagnostic(
                range,
                format!("`{name}` makes no sense in a container build: {why}"),
            ));
        }
    }
}
