use super::support::{copy_args, describe_root_image, from_chain, join_path, resolve, root_stage};
use crate::{
    images,
    model::{Base, FactSource},
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3045",
    name: "relative-copy-without-workdir",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "`COPY` to a relative destination without a `WORKDIR`",
    docs: r#"## What it does
Flags a `COPY` or `ADD` whose destination is a relative path (after resolving variables) when
neither the stage nor a stage it is built `FROM` has set a `WORKDIR` yet. The message says where
the files land, using the base image's working directory when docklens knows it.

## Why is this bad?
Without a `WORKDIR` of its own, a relative destination is resolved against the base image's
working directory: `COPY main.go .` lands in `/go` on `golang` but in `/` on `alpine`. Switching
the base image silently moves the files, and the `CMD` that expects them breaks.

## Example
```dockerfile
FROM golang:1.24
COPY main.go .
```

Use instead:
```dockerfile
FROM golang:1.24
WORKDIR /src
COPY main.go .
```

```dockerfile
FROM golang:1.24
COPY main.go /src/
```

## Fix safety
The fix writes the absolute path the destination resolves to. It is safe when that is certain
(`scratch`, or a stage whose working directory comes from this Dockerfile), unsafe when it
relies on the base image's working directory from docklens's knowledge base or the registry,
and not offered when the base image is unknown.

## References
- hadolint [DL3045](https://github.com/hadolint/hadolint/wiki/DL3045)
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
        let Some(stage_idx) = ctx.model.stage_of(idx) else {
            continue;
        };
        let args = copy_args(instruction);
        let Some((dest, sources)) = args.split_last() else {
            continue;
        };
        // A here-document as the destination is DK1012's to report; it is
        // not a path.
        if sources.is_empty() || (!instruction.heredocs.is_empty() && dest.raw.starts_with("<<")) {
            continue;
        }
        let Some(resolved) = resolve(ctx, idx, dest.raw) else {
            continue;
        };
        let value = resolved.value.as_str();
        if !resolved.complete || value.is_empty() || is_absolute(value) {
            continue;
        }
        let chain = from_chain(ctx.model, stage_idx);
        let workdir_set = chain.iter().enumerate().any(|(depth, stage)| {
            stage
                .workdirs
                .iter()
                .skip(1)
                .any(|(at, _)| depth > 0 || *at < idx)
        });
        if workdir_set {
            continue;
        }
        let Some(root) = root_stage(ctx.model, stage_idx) else {
            continue;
        };
        let workdir = root.base_config.workdir.as_str();
        let workdir = if workdir.is_empty() { "/" } else { workdir };
        let target = join_path(workdir, value);
        let known = match &root.base {
            Base::Scratch => Some(FactSource::Exact),
            Base::Image(_) if root.base_config.source == FactSource::Registry => {
                Some(FactSource::Registry)
            }
            Base::Image(_)
                if root
                    .base_image()
                    .is_some_and(|it| images::lookup(it).entry().is_some()) =>
            {
                Some(FactSource::KnowledgeBase)
            }
            _ => None,
        };
        let shown = match resolved.has_vars {
            true => format!("`{}` (resolves to `{value}`)", dest.raw),
            false => format!("`{value}`"),
        };
        let keyword = instruction.kind.keyword();
        let image = describe_root_image(ctx.model, stage_idx).unwrap_or_default();
        let message = match known {
            Some(FactSource::Exact) => format!(
                "`{keyword}` to relative {shown} with no `WORKDIR` set: it lands in `{target}`; set a `WORKDIR` or use an absolute path"
            ),
            Some(_) => format!(
                "`{keyword}` to relative {shown} with no `WORKDIR` set copies into `{target}`, relative to the base image `{image}`'s WORKDIR `{workdir}`; set a `WORKDIR` or use an absolute path"
            ),
            None => format!(
                "`{keyword}` to relative {shown} with no `WORKDIR` set: where it lands depends on the base image's WORKDIR (`{target}` if it sets none); set a `WORKDIR` or use an absolute path"
            ),
        };
        let diagnostic = RULE.diagnostic(dest.range, message);
        let text = match dest.exec {
            true => format!("\"{target}\""),
            false if target.contains([' ', '\t', '"', '\'', '$', '\\']) => {
                format!("\"{}\"", target.replace('\\', "\\\\").replace('"', "\\\""))
            }
            false => target.clone(),
        };
        let literal = !resolved.has_vars && !target.contains(['"', '\\', '$']);
        let title = format!("Copy to `{target}`");
        let edit = vec![TextEdit::replace(dest.range, text)];
        let fix = match (literal, known) {
            (false, _) | (_, None) => None,
            (true, Some(FactSource::Exact)) => Some(Fix::safe(title, edit)),
            (true, Some(_)) => Some(Fix::unsafe_(title, edit)),
        };
        acc.push(match fix {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    }
}

/// Absolute on Linux, or a Windows drive path (`C:\`, `c:/`).
fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('\\')
        || (bytes.len() >= 3
            && bytes[0].is_ascii_alphabetic()
            && bytes[1] == b':'
            && matches!(bytes[2], b'/' | b'\\'))
}
