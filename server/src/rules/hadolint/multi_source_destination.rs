use super::support::{copy_args, resolve};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3021",
    name: "multi-source-copy-without-trailing-slash",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "`COPY`/`ADD` with several sources needs a destination ending in `/`",
    docs: r#"## What it does
Flags a `COPY` or `ADD` with more than one source (heredocs count) whose destination does not
end with `/`, after resolving variables. `.` is the working directory and needs no slash.

## Why is this bad?
Several sources only make sense copied into a directory. The classic Docker builder refuses to
build ("When using COPY with more than one source file, the destination must be a directory and
end with a /"); BuildKit copies every source onto the same path, so one file silently replaces
the other, or files and directory contents end up merged under a name that looks like a file.

## Example
```dockerfile
FROM alpine:3.22
COPY package.json package-lock.json /app
```

Use instead:
```dockerfile
FROM alpine:3.22
COPY package.json package-lock.json /app/
```

## Fix safety
The fix appends `/` to the destination. It is safe for the classic builder (which refused to
build) but changes what BuildKit produces: the sources now land inside the directory instead of
on top of each other. Unsafe.

## References
- hadolint [DL3021](https://github.com/hadolint/hadolint/wiki/DL3021)
- [Dockerfile reference: COPY](https://docs.docker.com/reference/dockerfile/#copy)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in ctx.instructions() {
        if !matches!(
            instruction.kind,
            InstructionKind::Copy | InstructionKind::Add
        ) {
            continue;
        }
        let args = copy_args(instruction);
        let Some((dest, sources)) = args.split_last() else {
            continue;
        };
        if sources.len() < 2 {
            continue;
        }
        let Some(resolved) = resolve(ctx, idx, dest.raw) else {
            continue;
        };
        // BuildKit reads `.` as the working directory itself.
        let value = resolved.value.as_str();
        if !resolved.complete || value.ends_with('/') || value.is_empty() || value == "." {
            continue;
        }
        let keyword = instruction.kind.keyword();
        let shown = match resolved.has_vars {
            true => format!("`{}` (resolves to `{}`)", dest.raw, resolved.value),
            false => format!("`{}`", resolved.value),
        };
        let message = format!(
            "`{keyword}` of {} sources to {shown}: the destination must end with `/`",
            sources.len()
        );
        let diagnostic = RULE.diagnostic(dest.range, message);
        let literal = !resolved.has_vars;
        let fix = match (literal, dest.exec) {
            (true, false) => {
                let source = ctx.slice(dest.range);
                // `"dir"` becomes `"dir/"`.
                let at = match source.ends_with(['"', '\'']) && source.len() > 1 {
                    true => dest.range.end() - 1,
                    false => dest.range.end(),
                };
                Some(TextEdit::insert(at, "/"))
            }
            (true, true) => Some(TextEdit::insert(dest.range.end() - 1, "/")),
            _ => None,
        };
        acc.push(match fix {
            Some(edit) => diagnostic.with_fix(Fix::unsafe_("Add a trailing `/`", vec![edit])),
            None => diagnostic,
        });
    }
}
