use super::common::is_heredoc_word;
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1034",
    name: "copy-remote-source",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "COPY from a URL or Git repository",
    docs: r#"## What it does
Flags a `COPY` source that is a URL (`https://…`) or a Git repository (`git@…`, `git://…`,
`https://….git`).

## Why is this bad?
Only `ADD` fetches remote sources; BuildKit fails the build ("source can't be a URL for COPY",
"source can't be a git ref for COPY").

## Example
```dockerfile
FROM alpine:3.22
COPY https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64 /usr/local/bin/gosu
```

Use instead:
```dockerfile
FROM alpine:3.22
ADD https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64 /usr/local/bin/gosu
```

## Fix safety
The fix turns `COPY` into `ADD` when the instruction has no flag that only `COPY` has
(`--from`, `--parents`). `ADD` downloads the file at build time: unsafe.

## References
- [Dockerfile reference: ADD](https://docs.docker.com/reference/dockerfile/#add)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions_of(InstructionKind::Copy) {
        let values = instruction.args.values();
        let Some((_, sources)) = values.split_last() else {
            continue;
        };
        let mut reported = false;
        for (source, range) in sources {
            if is_heredoc_word(source) {
                continue;
            }
            let what = match remote_kind(source) {
                Some(it) => it,
                None => continue,
            };
            let mut diagnostic = RULE.diagnostic(
                *range,
                format!("COPY cannot fetch {what}: only ADD downloads remote sources; use `ADD`, or `RUN curl`/`git clone`"),
            );
            let copy_only = instruction
                .flags
                .iter()
                .any(|it| matches!(it.name.as_str(), "from" | "parents"));
            if !reported && !copy_only {
                diagnostic = diagnostic.with_fix(Fix::unsafe_(
                    "Use `ADD`",
                    vec![TextEdit::replace(instruction.keyword.range, "ADD")],
                ));
            }
            reported = true;
            acc.push(diagnostic);
        }
    }
}

fn remote_kind(source: &str) -> Option<&'static str> {
    let lower = source.to_ascii_lowercase();
    let git = lower.starts_with("git://")
        || lower.starts_with("git@")
        || lower.starts_with("ssh://")
        || ((lower.starts_with("http://") || lower.starts_with("https://"))
            && (lower
                .split(['#', '?'])
                .next()
                .is_some_and(|it| it.ends_with(".git"))));
    if git {
        return Some("a Git repository");
    }
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some("a URL")
}
