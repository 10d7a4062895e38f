use super::{
    subshell::in_subshell,
    util::{self, Cmd},
};
use crate::{
    model::RunScript,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{script::Connector, Instruction, TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3003",
    name: "cd-in-run",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Use WORKDIR to switch to a directory",
    docs: r#"## What it does
Flags `cd` in a `RUN` whose effect lasts beyond a subshell: `RUN cd /src && make`.

A `cd` inside `( ... )` or `$( ... )` is left alone: that is the way to run a few commands
elsewhere without changing the directory for the rest of the script
(`(cd /src && make)`, `DIR=$(cd "$x" && pwd)`).

## Why is this bad?
The directory a `cd` switches to is gone with the `RUN`: the next `RUN`, `COPY` or `CMD` is back
in the `WORKDIR`. Readers have to track both, and scripts that `cd` and then use relative paths
break silently when someone moves a line. `WORKDIR` states the directory once, creates it if
needed, and applies to every later instruction of the stage.

## Example
```dockerfile
FROM alpine:3.22
RUN cd /usr/src/app && make
```

Use instead:
```dockerfile
FROM alpine:3.22
WORKDIR /usr/src/app
RUN make
```

## Fix safety
When the `RUN` starts with `cd <absolute path> &&`, the fix moves the directory into a
`WORKDIR` above it. It is unsafe: the `WORKDIR` also applies to every later instruction of the
stage (relative `COPY` destinations, later `RUN`s, `CMD`), and it creates the directory where
`cd` would have failed.

## References
- hadolint [DL3003](https://github.com/hadolint/hadolint/wiki/DL3003)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in util::runs(ctx) {
        let scripts = ctx.run_scripts(idx);
        for (number, run) in scripts.iter().enumerate() {
            let subshells = in_subshell(&run.text, &run.script.commands);
            for (i, command) in run.script.commands.iter().enumerate() {
                // `cd` is a builtin: no wrapper but `builtin`/`command` can run it.
                let effective = command.effective();
                let direct = effective
                    .wrapped_by
                    .iter()
                    .all(|it| matches!(*it, "builtin" | "command"));
                let Some(word) = effective.words.first() else {
                    continue;
                };
                if word.value != "cd" || word.quoted || !direct {
                    continue;
                }
                if subshells.get(i).copied().flatten() == Some(true) {
                    continue;
                }
                let cmd = Cmd { run, command };
                let range = cmd.source(instruction, word.range);
                let target = effective
                    .args()
                    .iter()
                    .find(|it| !it.value.starts_with('-'));
                let message = match target {
                    Some(dir) => format!(
                        "`cd {}` in RUN: the directory change is lost after this RUN; use WORKDIR",
                        dir.value
                    ),
                    None => "`cd` in RUN: the directory change is lost after this RUN; use WORKDIR"
                        .to_owned(),
                };
                let diagnostic = RULE.diagnostic(range, message);
                let first = number == 0 && i == 0;
                let fix = match first {
                    true => fix(ctx, instruction, run, command),
                    false => None,
                };
                acc.push(match fix {
                    Some(fix) => diagnostic.with_fix(fix),
                    None => diagnostic,
                });
            }
        }
    }
}

/// `RUN cd /dir && rest` → `WORKDIR /dir` + `RUN rest`.
fn fix(
    ctx: &RuleContext<'_>,
    instruction: &Instruction,
    run: &RunScript,
    command: &crate::syntax::script::Command,
) -> Option<Fix> {
    if !util::plain_shell_form(instruction)
        || command.depth != 0
        || command.connector != Some(Connector::And)
        || !command.assignments.is_empty()
        || !command.redirections.is_empty()
    {
        return None;
    }
    let [name, dir] = command.words.as_slice() else {
        return None;
    };
    if name.value != "cd"
        || !dir.value.starts_with('/')
        || dir.has_expansion
        || dir
            .value
            .contains(|c: char| c.is_whitespace() || c == '"' || c == '\'')
    {
        return None;
    }
    // Through the `&&` and the blanks after it.
    let rest = run.text.get(command.range.end()..)?;
    let after_op = rest.trim_start().strip_prefix("&&")?;
    let blanks = after_op.len() - after_op.trim_start().len();
    let end = run.text.len() - after_op.len() + blanks;
    let delete = run.source_range(instruction, TextRange::new(command.range.start(), end));
    let line_start = ctx
        .parse
        .lines
        .get(instruction.start_line)
        .map(|it| it.range.start())?;
    let indent = ctx.slice(TextRange::new(line_start, instruction.range.start()));
    if !indent.trim().is_empty() {
        return None;
    }
    let keyword = instruction.keyword.text.as_str();
    let workdir = match keyword.chars().all(|c| c.is_ascii_lowercase()) {
        true => "workdir",
        false => "WORKDIR",
    };
    Some(Fix::unsafe_(
        format!("Move `cd {}` into a WORKDIR", dir.value),
        vec![
            TextEdit::insert(
                instruction.range.start(),
                format!("{workdir} {}\n{indent}", dir.value),
            ),
            TextEdit::delete(delete),
        ],
    ))
}
