use super::shipped;
use crate::{
    model::ItemKind,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{Args, Instruction, TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK2003",
    name: "permissions-changed-after-copy",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Size,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "RUN chmod or chown on copied files stores them a second time",
    docs: r#"## What it does
Flags `RUN chmod` and `RUN chown` on files that an earlier `COPY` or `ADD` of the stage that ships
put there.

## Why is this bad?
Changing a file's mode or owner rewrites the whole file into a new layer, so the image carries it
twice: once from the `COPY`, once from the `RUN`. `COPY --chmod` and `COPY --chown` set them in
the same layer.

## Example
```dockerfile
FROM alpine:3.22
WORKDIR /app
COPY server .
RUN chmod 755 server
CMD ["/app/server"]
```

Use instead:
```dockerfile
FROM alpine:3.22
WORKDIR /app
COPY --chmod=755 server .
CMD ["/app/server"]
```

## Fix safety
The fix moves the mode or owner onto the `COPY` and deletes the `RUN`. It is offered only when the
`RUN` does nothing else and the `COPY` copies exactly that one file. A numeric mode or an owner
gives the same file as before: safe. A symbolic mode such as `+x` becomes `755`, which assumes the
file was `644` before: unsafe.

## References
- [Dockerfile reference: COPY --chmod, --chown](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let Some(stage) = shipped(ctx) else {
        return;
    };
    let report = ctx.size();
    let Some(stage_size) = report.stages.get(stage.index) else {
        return;
    };
    for layer in &stage_size.layers {
        for item in layer
            .items
            .iter()
            .filter(|it| it.kind == ItemKind::Duplicate)
        {
            let Some(origin) = item.origin else {
                continue;
            };
            let copy_line =
                ctx.line_of(ctx.instruction(origin).map_or(0, |it| it.range.start())) + 1;
            let what = ctx.slice(item.range);
            let message = format!(
                "`{what}` was added by the COPY on line {copy_line}; changing its permissions here stores it again in a new layer"
            );
            let mut diagnostic = RULE.diagnostic(item.range, message);
            if let Some(fix) = fix(ctx, layer.instruction, origin) {
                diagnostic = diagnostic.with_fix(fix);
            }
            acc.push(diagnostic);
        }
    }
}

/// `COPY --chmod`/`--chown` instead of the `RUN`, when the `RUN` is only
/// that one command on exactly the file the `COPY` wrote.
fn fix(ctx: &RuleContext<'_>, run_idx: usize, copy_idx: usize) -> Option<Fix> {
    let run = ctx.instruction(run_idx)?;
    let copy = ctx.instruction(copy_idx)?;
    if !run.flags.is_empty() || !run.heredocs.is_empty() || !matches!(run.args, Args::Shell(_)) {
        return None;
    }
    let scripts = ctx.run_scripts(run_idx);
    let [script] = scripts else {
        return None;
    };
    let [command] = script.script.commands.as_slice() else {
        return None;
    };
    let effective = command.effective();
    let name = effective.name()?;
    let (value, target) = match effective.args() {
        [value, target] if !value.value.starts_with('-') => (value.value.as_str(), target),
        _ => return None,
    };
    let (flag, value, safe) = match name {
        "chmod" if value.chars().all(|c| c.is_ascii_digit()) => ("chmod", value.to_owned(), true),
        "chmod" if matches!(value, "+x" | "a+x" | "u+x,g+x,o+x" | "ugo+x") => {
            ("chmod", "755".to_owned(), false)
        }
        "chown" => ("chown", value.to_owned(), true),
        _ => return None,
    };
    if copy.flag(flag).is_some() || !copy.heredocs.is_empty() {
        return None;
    }
    let values = copy.args.values();
    let [(source, _), (dest, _)] = values.as_slice() else {
        return None;
    };
    let workdir = ctx.model.workdir_at(copy_idx).unwrap_or("/");
    let copied = copied_path(workdir, source, dest);
    let run_workdir = ctx.model.workdir_at(run_idx).unwrap_or("/");
    if copied != join(run_workdir, &target.value) {
        return None;
    }
    let edits = vec![
        TextEdit::insert(copy.keyword.range.end(), format!(" --{flag}={value}")),
        TextEdit::delete(whole_lines(ctx, run)),
    ];
    let title = format!("Use `COPY --{flag}={value}` and drop the RUN");
    Some(match safe {
        true => Fix::safe(title, edits),
        false => Fix::unsafe_(title, edits),
    })
}

/// Where a single-source COPY puts its file.
fn copied_path(workdir: &str, source: &str, dest: &str) -> String {
    let base = source
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(source);
    let is_dir = dest.ends_with('/') || dest == "." || dest == "./";
    let dest = join(workdir, dest);
    match is_dir {
        true => join(&dest, base),
        false => dest,
    }
}

fn join(dir: &str, path: &str) -> String {
    let joined = match path.starts_with('/') {
        true => path.to_owned(),
        false => format!("{}/{path}", dir.trim_end_matches('/')),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The instruction's physical lines, line endings included.
fn whole_lines(ctx: &RuleContext<'_>, instruction: &Instruction) -> TextRange {
    let idx = ctx
        .parse
        .instructions
        .iter()
        .position(|it| std::ptr::eq(it, instruction));
    let lines: Vec<_> = ctx
        .parse
        .lines
        .iter()
        .filter(|it| it.instruction_index() == idx && idx.is_some())
        .collect();
    match (lines.first(), lines.last()) {
        (Some(first), Some(last)) => TextRange::new(first.range.start(), last.range.end()),
        _ => instruction.range,
    }
}
