use super::{
    common::{
        backticked, is_known_image, looks_like_stage_name, near_miss as closest, parse_index,
        stage_named, value_sub_range,
    },
    expand::Expander,
    mount,
};
use crate::{
    model::Stage,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{shell::Lexer, InstructionKind, TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1029",
    name: "unknown-stage-reference",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Reference to a stage that is not defined before it",
    docs: r#"## What it does
Checks every reference to a stage: `COPY --from=`, `RUN --mount=from=`, `FROM`, and the stage
the build targets (`--target`, from the settings). It flags:
- a stage that is only defined further down (stages can only use earlier ones);
- a name that is no stage but a near-miss of an earlier one (`buld` for `build`), when it is not
  an image either (a name with a registry, tag or digest, or a known image like `nginx`, is
  taken to be an image);
- a `COPY --from` stage index outside the stages there are, and a `--mount` `from=` index
  (mounts take names only);
- variables in `COPY --from`, which BuildKit does not expand;
- a `RUN --mount=from=` naming its own stage;
- a build target that names no stage.

## Why is this bad?
BuildKit fails ("cannot copy from stage \"test\", it needs to be defined before current stage",
"invalid stage index 3", "variable expansion is not supported for --from", "target stage
\"prod\" could not be found"), or tries to pull an image with the mistyped name and fails
("pull access denied").

## Example
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM alpine:3.22
COPY --from=buld /out/app /usr/local/bin/app
```

Use instead:
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM alpine:3.22
COPY --from=build /out/app /usr/local/bin/app
```

## Fix safety
A near-miss is replaced by the one earlier stage name it is closest to. The build changes from
failing to copying from that stage: unsafe.

## References
- [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
- [Multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in ctx.instructions() {
        let Some(current) = ctx.model.stage_of(idx) else {
            continue;
        };
        match instruction.kind {
            InstructionKind::Copy => {
                let Some(flag) = instruction.flag("from") else {
                    continue;
                };
                let (Some(value), Some(range)) = (&flag.value, flag.value_range) else {
                    continue;
                };
                if value.is_empty() {
                    continue;
                }
                let plain = ctx.slice(range) == value.as_str();
                // With no paths yet the name is still being typed: a
                // near-miss would only be noise.
                let typing = instruction.args.values().is_empty();
                copy_from(ctx, current, value, range, plain && !typing, typing, acc);
            }
            InstructionKind::Run => {
                for flag in instruction.flags.iter().filter(|it| it.name == "mount") {
                    let Some(value) = &flag.value else {
                        continue;
                    };
                    let Some((from, start, end)) = mount::from_field(value) else {
                        continue;
                    };
                    if from.is_empty() || mount::from_uses_variable(&from) {
                        continue;
                    }
                    let range = value_sub_range(ctx, flag, start, end);
                    let plain = ctx.slice(range) == from;
                    mount_from(ctx, current, &from, range, plain, acc);
                }
            }
            InstructionKind::From => from(ctx, idx, current, acc),
            _ => {}
        }
    }
    unknown_target(ctx, acc);
}

fn copy_from(
    ctx: &RuleContext<'_>,
    current: usize,
    value: &str,
    range: TextRange,
    plain: bool,
    typing: bool,
    acc: &mut Vec<Diagnostic>,
) {
    // BuildKit expands the value with no variables at all and refuses any change.
    let processed = Lexer::new(ctx.parse.escape).process_word(value, &());
    if processed.map_or(true, |it| it.value != value) {
        acc.push(RULE.diagnostic(
            range,
            format!("`--from={value}` is not expanded: BuildKit does not support variables in `--from`; add a stage `FROM {value} AS <name>` (ARGs work there) and copy `--from=<name>`"),
        ));
        return;
    }
    let count = ctx.model.stages.len();
    if let Some(index) = parse_index(value) {
        if index < 0 || index >= count as i64 {
            acc.push(RULE.diagnostic(
                range,
                match count {
                    0 | 1 => format!("there is no stage {index}: this Dockerfile has one stage, 0"),
                    _ => format!(
                        "there is no stage {index}: stages are numbered 0 to {}",
                        count - 1
                    ),
                },
            ));
        } else if index as usize > current {
            acc.push(later(ctx, index as usize, range, "COPY --from"));
        }
        return;
    }
    match stage_named(ctx.model, value) {
        // Copying from its own stage is DL3023.
        Some(stage) if stage.index == current => {}
        Some(stage) if stage.index > current => {
            acc.push(later(ctx, stage.index, range, "COPY --from"))
        }
        Some(_) => {}
        None if typing => {}
        None => near_miss(ctx, current, value, range, plain, acc),
    }
}

fn mount_from(
    ctx: &RuleContext<'_>,
    current: usize,
    value: &str,
    range: TextRange,
    plain: bool,
    acc: &mut Vec<Diagnostic>,
) {
    if let Some(index) = parse_index(value) {
        let hint = ctx
            .model
            .stages
            .get(usize::try_from(index).unwrap_or(usize::MAX))
            .and_then(|it| it.name.as_deref())
            .map(|it| format!(" (`from={it}`)"))
            .unwrap_or_default();
        acc.push(RULE.diagnostic(
            range,
            format!("`--mount` `from=` takes a stage name, not an index: BuildKit would look for an image called `{value}`; name the stage{hint}"),
        ));
        return;
    }
    match stage_named(ctx.model, value) {
        Some(stage) if stage.index == current => acc.push(RULE.diagnostic(
            range,
            format!("stage `{value}` mounts itself: BuildKit reports a circular dependency; mount an earlier stage"),
        )),
        Some(stage) if stage.index > current => acc.push(later(ctx, stage.index, range, "RUN --mount")),
        Some(_) => {}
        None => near_miss(ctx, current, value, range, plain, acc),
    }
}

fn from(ctx: &RuleContext<'_>, idx: usize, current: usize, acc: &mut Vec<Diagnostic>) {
    let Some(word) = ctx.instruction(idx).and_then(|it| it.args.words().first()) else {
        return;
    };
    let Some(value) = Expander::at(ctx, idx).known(&word.text) else {
        return;
    };
    if !looks_like_stage_name(&value) || is_known_image(&value) {
        return;
    }
    let stages = &ctx.model.stages;
    let defined_earlier = stages[..current.min(stages.len())].iter().any(|it| {
        it.name
            .as_deref()
            .is_some_and(|it| it.eq_ignore_ascii_case(&value))
    });
    if defined_earlier {
        return;
    }
    if let Some(later_stage) = stages.iter().skip(current + 1).find(|it| {
        it.name
            .as_deref()
            .is_some_and(|it| it.eq_ignore_ascii_case(&value))
    }) {
        acc.push(later(ctx, later_stage.index, word.range, "FROM"));
        return;
    }
    near_miss(ctx, current, &value, word.range, word.text == value, acc);
}

/// A reference to a stage defined further down.
fn later(ctx: &RuleContext<'_>, index: usize, range: TextRange, what: &str) -> Diagnostic {
    let stage = ctx.model.stages.get(index);
    let label = stage.map_or_else(|| index.to_string(), Stage::label);
    let mut diagnostic = RULE.diagnostic(
        range,
        format!("stage `{label}` is defined below: {what} can only use stages defined before it; move that stage up"),
    );
    if let Some(at) = stage.and_then(|it| it.name_range) {
        diagnostic = diagnostic.with_related(at, format!("stage `{label}` is defined here"));
    }
    diagnostic
}

/// A stage-like name that is a near-miss of an earlier stage.
fn near_miss(
    ctx: &RuleContext<'_>,
    current: usize,
    value: &str,
    range: TextRange,
    plain: bool,
    acc: &mut Vec<Diagnostic>,
) {
    if !looks_like_stage_name(value) || is_known_image(value) {
        return;
    }
    let earlier: Vec<&str> = ctx.model.stages[..current.min(ctx.model.stages.len())]
        .iter()
        .filter_map(|it| it.name.as_deref())
        .collect();
    let Some(suggestion) = closest(&value.to_lowercase(), &earlier).map(str::to_lowercase) else {
        return;
    };
    let mut diagnostic = RULE.diagnostic(
        range,
        format!("no stage named `{value}`; did you mean `{suggestion}`? (BuildKit would try to pull an image called `{value}`)"),
    );
    if plain {
        diagnostic = diagnostic.with_fix(Fix::unsafe_(
            format!("Replace with `{suggestion}`"),
            vec![TextEdit::replace(range, suggestion.clone())],
        ));
    }
    acc.push(diagnostic);
}

fn unknown_target(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let Some(target) = &ctx.model.unknown_target else {
        return;
    };
    let range = ctx
        .model
        .stages
        .first()
        .and_then(|it| ctx.instruction(it.from))
        .map_or(TextRange::empty(0), |it| it.keyword.range);
    let names: Vec<&str> = ctx
        .model
        .stages
        .iter()
        .filter_map(|it| it.name.as_deref())
        .collect();
    let known = match names.as_slice() {
        [] => "no stage has a name (`FROM image AS <name>`)".to_owned(),
        names => format!("the named stages are {}", backticked(names)),
    };
    let suggestion = closest(&target.to_lowercase(), &names)
        .map(|it| format!("; did you mean `{it}`?"))
        .unwrap_or_default();
    acc.push(RULE.diagnostic(
        range,
        format!("the build targets stage `{target}`, which is not defined: {known}{suggestion}"),
    ));
}
