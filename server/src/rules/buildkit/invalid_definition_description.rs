use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::{Comment, InstructionKind, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "InvalidDefinitionDescription",
    name: "invalid-definition-description",
    aliases: &[],
    origin: Origin::BuildKit,
    category: Category::Style,
    severity: Severity::Warning,
    enabled: Enabled::No,
    fix: FixAvailability::None,
    summary: "A comment above a named stage or ARG should start with its name",
    docs: r#"## What it does
Flags a named `FROM` or an `ARG` whose preceding comment does not start with the stage or
argument name followed by a space. BuildKit reads that comment as the description that
`docker build --call=outline` and `--call=targets` print.

Which comment counts follows BuildKit's parser: the last comment line since the previous
instruction (parser directives excluded). An empty `#` line ends the run of comments; a blank
line does not. This check is experimental in BuildKit and off by default here too.

## Why is this bad?
A description that does not start with the name is not shown by `--call=outline`, and a
comment that is not meant as a description ends up read as one.

## Example
```dockerfile
# compile the service
FROM golang:1.22 AS build
RUN go build -o /out/app .
```

Use instead:
```dockerfile
# build compiles the service
FROM golang:1.22 AS build
RUN go build -o /out/app .
```

## References
- [BuildKit check InvalidDefinitionDescription](https://docs.docker.com/reference/build-checks/invalid-definition-description/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let mut previous_end = 0;
    for (idx, instruction) in ctx.instructions() {
        let start = previous_end;
        previous_end = instruction.range.end();
        let (keys, kind, at): (Vec<String>, &str, TextRange) = match instruction.kind {
            InstructionKind::From => {
                let Some(stage) = ctx.stage_of(idx) else {
                    continue;
                };
                let (Some(name), Some(range)) = (&stage.name, stage.name_range) else {
                    continue;
                };
                // BuildKit compares with the name lowercased.
                (vec![name.to_lowercase().to_string()], "stage", range)
            }
            InstructionKind::Arg => {
                let kvs = instruction.args.key_values();
                let Some(first) = kvs.first() else {
                    continue;
                };
                let keys = kvs.iter().map(|it| it.key.text.to_string()).collect();
                (keys, "ARG", first.key.range)
            }
            _ => continue,
        };
        let Some(comment) = description(ctx, start, instruction.range.start()) else {
            continue;
        };
        let text = buildkit_text(ctx, comment);
        let first_word = text.split(' ').next().unwrap_or("");
        if keys.iter().any(|it| it == first_word) {
            continue;
        }
        let example = match keys.as_slice() {
            [one] => one.clone(),
            _ => "<name>".into(),
        };
        let message = format!(
            "the comment above this {kind} is read as its description but does not start with \
             `{example}`: write `# {example} <description>`, or end the comment with an empty `#` line"
        );
        acc.push(
            RULE.diagnostic(at, message)
                .with_related(comment.range, "read as the description"),
        );
    }
}

/// The comment BuildKit attaches to the instruction starting at `end`: the
/// last of the comment lines after `start`, unless an empty `#` line ends
/// the run.
fn description<'a>(ctx: &RuleContext<'a>, start: usize, end: usize) -> Option<&'a Comment> {
    let comments = &ctx.parse.comments;
    let first = comments.partition_point(|it| it.range.start() < start);
    let mut last = None;
    for comment in comments[first..]
        .iter()
        .take_while(|it| it.range.end() <= end)
        .filter(|it| !it.in_continuation)
    {
        last = match buildkit_text(ctx, comment).is_empty() {
            true => None,
            false => Some(comment),
        };
    }
    last
}

/// The comment as BuildKit's parser keeps it: the line minus its first byte,
/// trimmed. For an indented comment that first byte is a blank, so the `#`
/// stays in the text.
fn buildkit_text<'a>(ctx: &RuleContext<'a>, comment: &'a Comment) -> &'a str {
    let Some(line) = ctx.parse.lines.get(ctx.line_of(comment.range.start())) else {
        return comment.text.as_str();
    };
    let raw = ctx.slice(line.range);
    let raw = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
    raw.get(1..).unwrap_or("").trim()
}
