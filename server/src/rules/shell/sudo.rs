use super::util::{self, commands, Cmd};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{Instruction, TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3004",
    name: "sudo-in-run",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Security,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Do not use sudo in RUN",
    docs: r#"## What it does
Flags `sudo` run by a `RUN`, wherever the shell runs it (also `/usr/bin/sudo`, `env sudo`,
inside `sh -c` exec form and heredoc scripts).

## Why is this bad?
`RUN` already runs as root unless a `USER` says otherwise, so `sudo` adds nothing but an
installed setuid binary and its configuration in the image, a reset environment (`PATH`,
proxies) for the command, and TTY and password behaviour that differs between distributions.
To run build steps as root after a `USER app`, switch back with `USER root` around them; to
drop privileges at runtime, use `gosu` or `su-exec` in the entrypoint.

## Example
```dockerfile
FROM debian:12-slim
RUN sudo mkdir -p /srv/app
```

Use instead:
```dockerfile
FROM debian:12-slim
RUN mkdir -p /srv/app
```

## Fix safety
When the `RUN` runs as root and `sudo` has no options, the fix removes `sudo`. It is unsafe:
the command now keeps the stage's environment instead of sudo's reset one (`PATH`, `HOME`,
proxy variables).

## References
- hadolint [DL3004](https://github.com/hadolint/hadolint/wiki/DL3004)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in util::runs(ctx) {
        let scripts = ctx.run_scripts(idx);
        let root = util::runs_as_root(ctx, idx);
        for cmd in commands(scripts) {
            let words = &cmd.command.words;
            let effective = cmd.command.effective();
            let wrappers = words.len() - effective.words.len();
            let mut sudo = words
                .iter()
                .take(wrappers + 1)
                .enumerate()
                .filter(|(_, it)| {
                    !it.has_expansion && util::basename(&it.value) == "sudo" && !it.quoted
                });
            let Some((at, word)) = sudo.next() else {
                continue;
            };
            let range = cmd.source(instruction, word.range);
            let message = match root {
                true => "`sudo` in RUN: the build already runs as root".to_owned(),
                false => format!(
                    "`sudo` in RUN: switch with `USER root` for build steps instead (the RUN runs as `{}`)",
                    ctx.model.user_at(idx).unwrap_or("root")
                ),
            };
            let diagnostic = RULE.diagnostic(range, message);
            let fix = match root && at == 0 {
                true => fix(ctx, instruction, &cmd),
                false => None,
            };
            acc.push(match fix {
                Some(fix) => diagnostic.with_fix(fix),
                None => diagnostic,
            });
        }
    }
}

/// `sudo cmd` → `cmd`, when `sudo` has no options.
fn fix(ctx: &RuleContext<'_>, instruction: &Instruction, cmd: &Cmd<'_>) -> Option<Fix> {
    let [sudo, next, ..] = cmd.command.words.as_slice() else {
        return None;
    };
    if next.value.starts_with('-') || next.assignment().is_some() {
        return None;
    }
    let range = TextRange::new(sudo.range.start(), next.range.start());
    let source = util::exact_source(ctx, instruction, cmd.run, range)?;
    Some(Fix::unsafe_(
        "Remove `sudo`",
        vec![TextEdit::delete(source)],
    ))
}
