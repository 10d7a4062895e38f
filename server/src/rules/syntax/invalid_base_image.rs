use super::{common::word_sub_range, expand::Expander};
use crate::{
    images::ImageRef,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::TextEdit,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1027",
    name: "invalid-base-image",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "FROM image that is not a valid reference, or empty after ARG expansion",
    docs: r#"## What it does
Expands the `FROM` image with the global `ARG`s, as BuildKit does, and flags a result that is
empty or not a valid image reference (upper-case letters in the name, a bad tag or digest, a
bad registry host), pointing at the offending character. Also flags `FROM Builder` naming an
earlier stage `builder` in another case: BuildKit matches `FROM` stage references in lower case
only, so it reads `Builder` as an image name.

## Why is this bad?
BuildKit stops before building anything: "base name (${BASE}) should not be blank", "failed to
parse stage name: invalid reference format: repository name must be lowercase".

## Example
```dockerfile
ARG BASE
FROM ${BASE}
RUN echo hi
```

Use instead:
```dockerfile
ARG BASE=alpine:3.22
FROM ${BASE}
RUN echo hi
```

## Fix safety
For a stage reference in the wrong case the fix writes the stage's lower-case name. The build
changes from failing to building on that stage: unsafe.

## References
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Dockerfile reference: understand how ARG and FROM interact](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for stage in &ctx.model.stages {
        let Some(instruction) = ctx.instruction(stage.from) else {
            continue;
        };
        let Some(word) = instruction.args.words().first() else {
            continue;
        };
        let expander = Expander::at(ctx, stage.from);
        let Ok(expanded) = expander.process(&word.text) else {
            continue;
        };
        let value = expanded.value.as_str();
        let raw = word.text.as_str();
        let plain = value == raw;
        // Names a declared global ARG without a default: a `--build-arg` could set it.
        let unset_args: Vec<&str> = expanded
            .unmatched
            .iter()
            .map(String::as_str)
            .filter(|it| !expander.certainly_unset(it))
            .collect();
        let hint = match unset_args.as_slice() {
            [] => String::new(),
            names => format!(
                " ({} no default, so the build fails unless `--build-arg {}=…` is given)",
                names
                    .iter()
                    .map(|it| format!("ARG `{it}` has"))
                    .collect::<Vec<_>>()
                    .join(", "),
                names.first().copied().unwrap_or_default()
            ),
        };
        if value.is_empty() {
            acc.push(RULE.diagnostic(
                word.range,
                format!("base image `{raw}` expands to an empty string{hint}: BuildKit fails with “base name ({raw}) should not be blank”; give the ARG a default"),
            ));
            continue;
        }
        if value == "scratch" {
            continue;
        }
        let earlier = &ctx.model.stages[..stage.index];
        if let Some(named) = earlier.iter().rev().find_map(|it| {
            it.name
                .as_deref()
                .filter(|name| name.eq_ignore_ascii_case(value))
        }) {
            let lower = named.to_lowercase();
            if value != lower {
                let mut diagnostic = RULE.diagnostic(
                    word.range,
                    format!("`FROM {value}` does not match stage `{lower}`: BuildKit compares stage names in FROM in lower case only and reads `{value}` as an image name, which is invalid; write `{lower}`"),
                );
                if plain {
                    diagnostic = diagnostic.with_fix(Fix::unsafe_(
                        format!("Write `{lower}`"),
                        vec![TextEdit::replace(word.range, lower)],
                    ));
                }
                acc.push(diagnostic);
            }
            continue;
        }
        let Err(error) = ImageRef::parse(value) else {
            continue;
        };
        let range = match (plain, error.offset()) {
            (true, Some(offset)) if offset < value.len() => {
                let end = value
                    .get(offset..)
                    .and_then(|it| it.chars().next())
                    .map_or(offset, |c| offset + c.len_utf8());
                word_sub_range(instruction, word, offset, end)
            }
            // Something missing at the end (`alpine:`): the last character.
            (true, Some(_)) => {
                let start = value.char_indices().last().map_or(0, |(at, _)| at);
                word_sub_range(instruction, word, start, value.len())
            }
            _ => word.range,
        };
        let shown = match plain {
            true => format!("`{value}`"),
            false => format!("`{raw}` (expanded: `{value}`)"),
        };
        acc.push(RULE.diagnostic(range, format!("invalid base image {shown}{hint}: {error}")));
    }
}
