use super::{
    common::{is_heredoc_marker, value_sub_range, word_sub_range},
    expand::{required_variable, Expander},
    mount,
};
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::{Args, Flag, Instruction, InstructionKind, TextRange, Word},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1032",
    name: "variable-expansion-error",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Variable or quote BuildKit cannot expand",
    docs: r#"## What it does
Expands every word BuildKit expands (the `FROM` image and `--platform`, `ARG` defaults, `ENV` and
`LABEL` pairs, `COPY`/`ADD` paths and `--chown`, `ADD --checksum`, `WORKDIR`, `USER`, `VOLUME`,
`EXPOSE`, `STOPSIGNAL` and `RUN --mount` values, and the heredoc bodies of `COPY`/`ADD` whose
delimiter is not quoted) and flags what its shell lexer rejects: a bad
substitution (`${}`, `${VAR`, `${VAR:#x}`), an unterminated quote, and `${VAR:?message}` or
`${VAR?message}` where `VAR` is certainly not set (a declared `ARG` might still get a
`--build-arg`, and the base image's environment is not always known, so those are left alone).

## Why is this bad?
BuildKit stops with the lexer's error ("failed to process \"${VERSION\": syntax error: missing
'}'") or with the message of `${VAR:?message}`.

## Example
```dockerfile
FROM alpine:3.22
ENV APP_VERSION=1.2.3
WORKDIR /opt/app-${APP_VERSION
```

Use instead:
```dockerfile
FROM alpine:3.22
ENV APP_VERSION=1.2.3
WORKDIR /opt/app-${APP_VERSION}
```

## References
- [Dockerfile reference: environment replacement](https://docs.docker.com/reference/dockerfile/#environment-replacement)
"#,
    check,
};

/// Where a word to expand sits in the source.
enum Place<'a> {
    Word(&'a Instruction, &'a Word),
    Flag(&'a Flag, usize),
    /// A decoded JSON string: offsets do not map, point at all of it.
    Whole(TextRange),
    /// A heredoc body of `COPY`/`ADD` starting at this offset.
    Body(usize),
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in ctx.instructions() {
        let mut items: Vec<(String, Place<'_>)> = Vec::new();
        collect(ctx, instruction, &mut items);
        // Only quotes, escapes and `$` can fail to expand.
        items.retain(|(raw, place)| match place {
            Place::Body(_) => raw.contains('$'),
            _ => raw.contains(['$', '"', '\'', ctx.parse.escape]),
        });
        if items.is_empty() {
            continue;
        }
        let words = Expander::at(ctx, idx);
        let bodies = Expander::at(ctx, idx).for_heredoc();
        for (raw, place) in items {
            let expander = match place {
                Place::Body(_) => &bodies,
                _ => &words,
            };
            let Err(error) = expander.process(&raw) else {
                continue;
            };
            if !expander.error_is_certain(&raw, &error) {
                continue;
            }
            // `ARG A=1 B=${A:?}`: BuildKit defines the ARGs one by one.
            let required = required_variable(&raw, &error, &expander.lexer());
            if instruction.kind == InstructionKind::Arg
                && required.as_ref().is_some_and(|name| {
                    instruction
                        .args
                        .key_values()
                        .iter()
                        .any(|kv| kv.key.text == name.as_str())
                })
            {
                continue;
            }
            // The innermost `$…` the error is in.
            let reference = expander
                .lexer()
                .variable_references(&raw)
                .into_iter()
                .rev()
                .find(|it| it.range.start <= error.offset && error.offset <= it.range.end);
            let (start, end) = reference.as_ref().map_or((error.offset, raw.len()), |it| {
                (it.range.start, it.range.end)
            });
            let range = match &place {
                Place::Word(instruction, word) => word_sub_range(instruction, word, start, end),
                Place::Flag(flag, offset) => {
                    value_sub_range(ctx, flag, offset + start, offset + end)
                }
                Place::Whole(range) => *range,
                Place::Body(offset) => TextRange::new(offset + start, offset + end),
            };
            let message = match required {
                Some(name) => format!(
                    "`{name}` is required here but is unset or empty, so BuildKit stops the build with “{}”",
                    error.message
                ),
                None if matches!(place, Place::Body(_)) => format!(
                    "BuildKit cannot expand this heredoc (its delimiter is unquoted, so `$` is expanded): {}; quote the delimiter (`<<'EOF'`) to keep the text as is",
                    error.message
                ),
                None => format!("BuildKit cannot expand `{raw}`: {}", error.message),
            };
            acc.push(RULE.diagnostic(range, message));
        }
    }
}

fn collect<'a>(
    ctx: &RuleContext<'_>,
    instruction: &'a Instruction,
    items: &mut Vec<(String, Place<'a>)>,
) {
    let word = |items: &mut Vec<(String, Place<'a>)>, word: &'a Word| {
        items.push((word.text.to_string(), Place::Word(instruction, word)));
    };
    let flag = |items: &mut Vec<(String, Place<'a>)>, name: &str| {
        for flag in instruction.flags.iter().filter(|it| it.name == name) {
            if let Some(value) = &flag.value {
                items.push((value.to_string(), Place::Flag(flag, 0)));
            }
        }
    };
    match instruction.kind {
        InstructionKind::From => {
            if let Some(first) = instruction.args.words().first() {
                word(items, first);
            }
            flag(items, "platform");
        }
        InstructionKind::Arg => {
            for kv in instruction.args.key_values() {
                if let Some(value) = &kv.value {
                    word(items, value);
                }
            }
        }
        InstructionKind::Env | InstructionKind::Label => {
            for kv in instruction.args.key_values() {
                word(items, &kv.key);
                if let Some(value) = &kv.value {
                    word(items, value);
                }
            }
        }
        InstructionKind::Copy | InstructionKind::Add => {
            args(instruction, items);
            for heredoc in instruction.heredocs.iter().filter(|it| it.expand) {
                let body = ctx.slice(heredoc.body);
                items.push((body.to_owned(), Place::Body(heredoc.body.start())));
            }
            flag(items, "chown");
            if instruction.kind == InstructionKind::Add {
                flag(items, "checksum");
            }
        }
        InstructionKind::Volume | InstructionKind::Expose => args(instruction, items),
        InstructionKind::Workdir | InstructionKind::User | InstructionKind::Stopsignal => {
            if let Args::Text(text) = &instruction.args {
                word(items, text);
            }
        }
        InstructionKind::Run => {
            for flag in instruction.flags.iter().filter(|it| it.name == "mount") {
                let Some(value) = &flag.value else {
                    continue;
                };
                let Ok(fields) = mount::fields(value) else {
                    continue;
                };
                for field in fields {
                    if let (Some(text), false) = (field.value, field.key == "from") {
                        items.push((text, Place::Flag(flag, field.value_start)));
                    }
                }
            }
        }
        _ => {}
    }
}

/// Path-like arguments: words (heredoc markers excluded) or JSON strings.
fn args<'a>(instruction: &'a Instruction, items: &mut Vec<(String, Place<'a>)>) {
    match &instruction.args {
        Args::Words(words) => {
            for word in words {
                if !is_heredoc_marker(instruction, word) {
                    items.push((word.text.to_string(), Place::Word(instruction, word)));
                }
            }
        }
        Args::Exec(exec) => {
            for element in &exec.elements {
                items.push((element.value.to_string(), Place::Whole(element.range)));
            }
        }
        _ => {}
    }
}
