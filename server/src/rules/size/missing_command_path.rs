use super::{root_stage, shipped};
use crate::{
    model::Stage,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{Args, InstructionKind, TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK3001",
    name: "command-path-not-in-image",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "CMD or ENTRYPOINT runs a relative path where nothing was put",
    docs: r#"## What it does
Flags a `CMD` or `ENTRYPOINT` of the stage that ships whose program is a relative path (`./main`)
that, resolved against the working directory, points where no `COPY`/`ADD` put a file — in a stage
that runs no `RUN` that could have made it.

## Why is this bad?
The container fails at start with "no such file or directory". The usual cause is a base-image
switch: `golang:alpine` works in `/go`, `alpine` in `/`, so after copying the binary to `/go/main`
on `alpine`, `CMD ["./main"]` looks for `/main`.

## Example
```dockerfile
FROM golang:alpine AS builder
ADD main.go .
RUN go build main.go

FROM alpine
COPY --from=builder /go/main /go/main
CMD ["./main"]
```

Use instead:
```dockerfile
FROM golang:alpine AS builder
ADD main.go .
RUN go build main.go

FROM alpine
COPY --from=builder /go/main /go/main
CMD ["/go/main"]
```

## Fix safety
When a copied file has the same name, the fix writes its absolute path. That is what the command
was meant to run, but it changes the command: unsafe.

## References
- [Dockerfile reference: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let Some(stage) = shipped(ctx) else {
        return;
    };
    let Some(command_idx) = stage.entrypoint.or(stage.cmd) else {
        return;
    };
    let Some(command) = ctx.instruction(command_idx) else {
        return;
    };
    let (program, range) = match &command.args {
        Args::Exec(exec) => match exec.elements.first() {
            // Inside the JSON string literal, without its quotes.
            Some(first) => (
                first.value.to_string(),
                TextRange::new(first.range.start() + 1, first.range.end().saturating_sub(1)),
            ),
            None => return,
        },
        Args::Shell(word) => {
            let first = word.text.split_whitespace().next().unwrap_or("");
            let start = word.range.start() + word.text.find(first).unwrap_or(0);
            (first.to_owned(), TextRange::new(start, start + first.len()))
        }
        _ => return,
    };
    // Bare names are looked up in PATH; only paths with a slash are files here.
    if program.starts_with('/') || !program.contains('/') || program.contains('$') {
        return;
    }
    let root = root_stage(ctx, stage);
    let span = root.instructions.start..stage.instructions.end;
    if span.clone().any(|idx| {
        ctx.instruction(idx)
            .is_some_and(|it| it.kind == InstructionKind::Run)
    }) {
        return;
    }
    let workdir = ctx.model.workdir_at(command_idx).unwrap_or("/");
    let resolved = join(workdir, &program);
    let copied = copied_files(ctx, stage, root);
    if copied.iter().any(|(path, dir)| {
        *path == resolved
            || (*dir && resolved.starts_with(&format!("{}/", path.trim_end_matches('/'))))
    }) {
        return;
    }
    let base_note = match root.base_image() {
        Some(image)
            if ctx.model.workdir_at(command_idx) == Some(root.base_config.workdir.as_str()) =>
        {
            format!(" (WORKDIR `{workdir}` comes from `{}`)", image.familiar())
        }
        _ => format!(" (WORKDIR is `{workdir}`)"),
    };
    let name = program.rsplit('/').next().unwrap_or(&program);
    let candidate = copied
        .iter()
        .find(|(path, dir)| !dir && path.rsplit('/').next() == Some(name));
    let mut message =
        format!("`{program}` resolves to `{resolved}`{base_note}, but nothing puts a file there");
    if let Some((path, _)) = candidate {
        message.push_str(&format!("; `{name}` was copied to `{path}`"));
    }
    let mut diagnostic = RULE.diagnostic(range, message);
    if let Some((path, _)) = candidate {
        diagnostic = diagnostic.with_fix(Fix::unsafe_(
            format!("Run `{path}`"),
            vec![TextEdit::replace(range, path.clone())],
        ));
    }
    acc.push(diagnostic);
}

/// Absolute paths COPY/ADD wrote in the stage and its parents, with whether
/// each is a directory (its contents unknown).
fn copied_files(ctx: &RuleContext<'_>, stage: &Stage, root: &Stage) -> Vec<(String, bool)> {
    let mut res = Vec::new();
    for idx in root.instructions.start..stage.instructions.end {
        let Some(instruction) = ctx.instruction(idx) else {
            continue;
        };
        if !matches!(
            instruction.kind,
            InstructionKind::Copy | InstructionKind::Add
        ) {
            continue;
        }
        let values = instruction.args.values();
        let Some(((dest, _), sources)) = values.split_last() else {
            continue;
        };
        let workdir = ctx.model.workdir_at(idx).unwrap_or("/");
        let dest_is_dir = dest.ends_with('/') || *dest == "." || sources.len() > 1;
        let dest_path = join(workdir, dest);
        for (source, _) in sources {
            let base = source
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(source);
            let source_is_dir = source.ends_with('/') || *source == "." || source.contains('*');
            match dest_is_dir {
                true => res.push((join(&dest_path, base), source_is_dir)),
                false => res.push((dest_path.clone(), source_is_dir)),
            }
        }
        if dest_is_dir {
            res.push((dest_path, true));
        }
    }
    res
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
