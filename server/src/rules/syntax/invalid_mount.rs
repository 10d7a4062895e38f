use super::{
    common::{certain_workdir, value_sub_range},
    expand::Expander,
    mount,
};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1026",
    name: "invalid-mount",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "RUN --mount BuildKit cannot use",
    docs: r#"## What it does
Reads each `RUN --mount=<csv>` the way BuildKit does and flags the first thing it rejects:
CSV quoting, a `type` other than `bind`, `cache`, `tmpfs`, `secret` or `ssh`, an unknown key, a
field without `=` (only `ro`, `rw` and `required` stand alone), `required` outside `secret`
and `ssh` mounts or `size` outside `tmpfs` (BuildKit reads the fields in order, so `type=` must
come first), `sharing` other than `shared`, `private` or `locked`, bad `mode`, `uid`, `gid`,
`size` or boolean values, `from=` with a variable, `mode`/`uid`/`gid` on `bind` or `tmpfs`
mounts, a `secret` mount with `from` or `sharing` or without `id`/`target`, and a `bind`,
`cache` or `tmpfs` mount that would land on `/` (no `target` while the working directory is
`/`).

## Why is this bad?
BuildKit rejects the Dockerfile, or fails the step ("unsupported mount type", "unexpected key
'dest' in 'dest=/x'", "invalid mount target \"/\"").

## Example
```dockerfile
FROM python:3.13-slim
RUN --mount=type=cahce,target=/root/.cache/pip pip install flask
```

Use instead:
```dockerfile
FROM python:3.13-slim
RUN --mount=type=cache,target=/root/.cache/pip pip install flask
```

## Fix safety
A misspelt type, key or `sharing` value is replaced by the one it is closest to, when there is
exactly one. The build changes from failing to running with that mount: unsafe.

## References
- [Dockerfile reference: RUN --mount](https://docs.docker.com/reference/dockerfile/#run---mount)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in ctx.instructions_of(InstructionKind::Run) {
        let mut expander = None;
        for flag in instruction.flags.iter().filter(|it| it.name == "mount") {
            let Some(value) = &flag.value else {
                continue;
            };
            let expander = expander.get_or_insert_with(|| Expander::at(ctx, idx));
            let workdir = certain_workdir(ctx, idx);
            let Some(issue) = mount::check(value, expander, workdir.as_deref()) else {
                continue;
            };
            let range = match value.is_empty() {
                true => flag.range,
                false => value_sub_range(ctx, flag, issue.start, issue.end),
            };
            let mut diagnostic = RULE.diagnostic(range, issue.message);
            let plain = flag
                .value_range
                .is_some_and(|it| ctx.slice(it) == value.as_str());
            if let (Some(replacement), true) = (issue.replacement, plain) {
                diagnostic = diagnostic.with_fix(Fix::unsafe_(
                    format!("Replace with `{replacement}`"),
                    vec![TextEdit::replace(range, replacement)],
                ));
            }
            acc.push(diagnostic);
        }
    }
}
