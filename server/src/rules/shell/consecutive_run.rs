use super::util;
use crate::{
    model::Estimate,
    rules::{
        parse_pragma, Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule,
        RuleContext, Severity,
    },
    syntax::{Args, Instruction, InstructionKind, TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3059",
    name: "consecutive-run",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Size,
    severity: Severity::Info,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Multiple consecutive RUN instructions that could be one",
    docs: r#"## What it does
Flags a `RUN` that directly follows another `RUN` (comments and blank lines between are fine)
in the shipped image, when each runs a single command and both have the same flags.

Left alone, as deliberate:
- `RUN`s with several commands (`a && b`): someone already chose where the layers split.
- `RUN`s whose flags differ (`--mount`, `--network`, `--security`): they cannot be one `RUN`.
- `RUN`s with heredocs: joining them changes how their scripts run.
- Builder stages: their layers never ship, and separate `RUN`s cache better there.

## Why is this bad?
Every `RUN` adds a layer: its own tar, its own metadata, its own pull. Three one-command `RUN`s
are three layers where one would do, and files one of them deletes still ship in the layer
before it.

## Example
```dockerfile
FROM alpine:3.22
RUN mkdir -p /srv/app
RUN chown nobody /srv/app
```

Use instead:
```dockerfile
FROM alpine:3.22
RUN mkdir -p /srv/app \
    && chown nobody /srv/app
```

## Fix safety
The fix joins the `RUN` to the one before it with ` && `, keeping comments between them as
comment lines inside the continuation. It is only offered for shell-form `RUN`s without flags or
heredocs, and never when the first command changes the shell's state (`cd`, `export`, `set`,
an assignment). It is unsafe: the layers change, and the cache of the second command is now tied
to the first.

## References
- hadolint [DL3059](https://github.com/hadolint/hadolint/wiki/DL3059)
- [hadolint#1056: skip DL3059 on build stages](https://github.com/hadolint/hadolint/issues/1056)
- [hadolint#805: DL3059 with heredocs](https://github.com/hadolint/hadolint/issues/805)
"#,
    check,
};

/// Commands whose effect on the shell would reach the next command once joined.
const STATEFUL: &[&str] = &[
    "cd", "pushd", "popd", "export", "set", "unset", "source", ".", "umask", "ulimit", "alias",
    "shopt", "trap", "exec", "exit", "return",
];

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let shipped = util::shipped_stages(ctx.model);
    for stage in ctx
        .model
        .stages
        .iter()
        .filter(|it| shipped.get(it.index).copied().unwrap_or(false))
    {
        // Runs of joinable RUNs, as instruction indices.
        let mut group: Vec<usize> = Vec::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for idx in stage.instructions.clone().skip(1) {
            let Some(instruction) = ctx.instruction(idx) else {
                continue;
            };
            let joinable = instruction.kind == InstructionKind::Run && single_command(ctx, idx);
            let continues = group
                .last()
                .and_then(|&prev| ctx.instruction(prev))
                .is_some_and(|prev| joinable && same_flags(prev, instruction));
            if !continues {
                if group.len() > 1 {
                    groups.push(std::mem::take(&mut group));
                }
                group.clear();
            }
            if joinable {
                group.push(idx);
            }
        }
        if group.len() > 1 {
            groups.push(group);
        }
        for group in groups {
            let count = group.len();
            let saving = joined_saving(ctx, &group);
            for pair in group.windows(2) {
                let [prev, idx] = *pair else {
                    continue;
                };
                let (Some(before), Some(instruction)) =
                    (ctx.instruction(prev), ctx.instruction(idx))
                else {
                    continue;
                };
                let mut message = match count {
                    2 => "this RUN and the one before it each run one command: 2 layers where 1 would do".to_owned(),
                    n => format!(
                        "{n} consecutive RUN instructions each run one command: {n} layers where 1 would do"
                    ),
                };
                message.push_str(&saving);
                let diagnostic = RULE
                    .diagnostic(instruction.keyword.range, message)
                    .with_related(before.keyword.range, "the RUN before it");
                acc.push(match fix(ctx, prev, before, instruction) {
                    Some(fix) => diagnostic.with_fix(fix),
                    None => diagnostic,
                });
            }
        }
    }
}

/// What joining the group would save, as a clause for the message: files
/// one RUN leaves (package lists, caches, as the size model itemises them)
/// that a later RUN of the group deletes, which separate layers still ship.
/// Empty when nothing is known to be wasted: an extra layer by itself
/// costs next to nothing.
fn joined_saving(ctx: &RuleContext<'_>, group: &[usize]) -> String {
    let mut total = Estimate::exact(0.0);
    let mut parts: Vec<String> = Vec::new();
    for (at, &idx) in group.iter().enumerate() {
        let Some(layer) = ctx.size().layer(idx) else {
            continue;
        };
        for item in &layer.items {
            let Some(dir) = item.dir else {
                continue;
            };
            let Some(&remover) = group[at + 1..]
                .iter()
                .find(|&&later| removes(ctx, later, dir))
            else {
                continue;
            };
            total = total + item.size;
            parts.push(format!(
                "{} (line {}, removed on line {})",
                item.what,
                line(ctx, idx),
                line(ctx, remover)
            ));
        }
    }
    match parts.is_empty() {
        true => String::new(),
        false => format!(
            "; joined, the cleanup would keep {} out of the image: {}",
            total,
            parts.join(", ")
        ),
    }
}

/// 1-based line of an instruction.
fn line(ctx: &RuleContext<'_>, idx: usize) -> usize {
    ctx.instruction(idx).map_or(0, |it| it.start_line + 1)
}

/// True when the RUN at `idx` deletes `dir` (or a directory holding it).
fn removes(ctx: &RuleContext<'_>, idx: usize, dir: &str) -> bool {
    ctx.run_scripts(idx).iter().any(|run| {
        run.script.commands.iter().any(|command| {
            let effective = command.effective();
            effective.name() == Some("rm")
                && effective.args().iter().any(|arg| {
                    let path = arg.value.trim_end_matches('*').trim_end_matches('/');
                    !path.is_empty() && (dir == path || dir.starts_with(&format!("{path}/")))
                })
        })
    })
}

/// At most one command, and no heredocs.
fn single_command(ctx: &RuleContext<'_>, idx: usize) -> bool {
    let Some(instruction) = ctx.instruction(idx) else {
        return false;
    };
    if !instruction.heredocs.is_empty() {
        return false;
    }
    let scripts = ctx.run_scripts(idx);
    let count: usize = scripts.iter().map(|it| it.script.commands.len()).sum();
    count <= 1 && (!scripts.is_empty() || !ctx.posix_shell)
}

/// The same builder flags, in any order.
fn same_flags(a: &Instruction, b: &Instruction) -> bool {
    let mut left: Vec<&str> = a.flags.iter().map(|it| it.processed.as_str()).collect();
    let mut right: Vec<&str> = b.flags.iter().map(|it| it.processed.as_str()).collect();
    left.sort_unstable();
    right.sort_unstable();
    left == right
}

/// Joins `instruction` onto `before` with ` && `.
fn fix(
    ctx: &RuleContext<'_>,
    prev: usize,
    before: &Instruction,
    instruction: &Instruction,
) -> Option<Fix> {
    if !util::plain_shell_form(before)
        || !util::plain_shell_form(instruction)
        || !before.flags.is_empty()
        || !instruction.flags.is_empty()
    {
        return None;
    }
    let Args::Shell(args) = &instruction.args else {
        return None;
    };
    let scripts = ctx.run_scripts(prev);
    let last = scripts.last()?.script.commands.last()?;
    if last.connector.is_some() {
        return None;
    }
    let stateful = !last.assignments.is_empty() && last.words.is_empty()
        || util::name(last).is_some_and(|it| STATEFUL.contains(&it));
    if stateful
        || ctx
            .slice(before.range)
            .trim_end()
            .ends_with(['\\', '`', ';', '&'])
    {
        return None;
    }
    // The last line of the first RUN must be part of its command, not a comment.
    let last_line = ctx.slice(before.range).lines().last().unwrap_or("");
    if last_line.trim_start().starts_with('#') {
        return None;
    }
    let between = TextRange::new(before.range.end(), args.range.start());
    let mut comments = String::new();
    for comment in ctx
        .parse
        .comments
        .iter()
        .filter(|it| between.contains_range(it.range))
    {
        if parse_pragma(&comment.text).is_some() || comment.text.trim_start().starts_with("check") {
            return None;
        }
        comments.push_str(ctx.slice(comment.range).trim_start());
        comments.push('\n');
    }
    let indent = "    ";
    let escape = ctx.parse.escape;
    Some(Fix::unsafe_(
        "Join with the RUN before it",
        vec![TextEdit::replace(
            between,
            format!(" {escape}\n{comments}{indent}&& "),
        )],
    ))
}
