use super::common::{is_heredoc_marker, is_heredoc_word};
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::{Args, InstructionKind},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1012",
    name: "heredoc-destination",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Heredoc as the destination of COPY or ADD",
    docs: r#"## What it does
Flags a `COPY` or `ADD` whose last argument, the destination, is a heredoc (`<<EOF`).

## Why is this bad?
A heredoc is file content: it can be a source, never the place to copy to. BuildKit rejects
the Dockerfile ("COPY cannot accept a heredoc as a destination").

## Example
```dockerfile
FROM alpine:3.22
COPY /etc/app.conf <<EOF
key=value
EOF
```

Use instead:
```dockerfile
FROM alpine:3.22
COPY <<EOF /etc/app.conf
key=value
EOF
```

## References
- [Dockerfile reference: here-documents](https://docs.docker.com/reference/dockerfile/#here-documents)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions() {
        if !matches!(
            instruction.kind,
            InstructionKind::Copy | InstructionKind::Add
        ) {
            continue;
        }
        let dest = match &instruction.args {
            Args::Words(words) if words.len() >= 2 => words
                .last()
                .filter(|it| is_heredoc_marker(instruction, it) || is_heredoc_word(&it.text))
                .map(|it| (it.text.to_string(), it.range)),
            Args::Exec(exec) if exec.elements.len() >= 2 => exec
                .elements
                .last()
                .filter(|it| is_heredoc_word(&it.value))
                .map(|it| (it.value.to_string(), it.range)),
            _ => None,
        };
        if let Some((text, range)) = dest {
            let keyword = instruction.kind.keyword();
            acc.push(RULE.diagnostic(
                range,
                format!("{keyword} cannot copy to a heredoc: `{text}` is content, so put it before the destination path (`{keyword} {text} /path/file`)"),
            ));
        }
    }
}
