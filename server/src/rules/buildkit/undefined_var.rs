use crate::{
    model::UndefinedVar,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{shell::variable_references, TextEdit, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "UndefinedVar",
    name: "undefined-variable",
    aliases: &[],
    origin: Origin::BuildKit,
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Variables should be defined before they are used",
    docs: r#"## What it does
Flags `$NAME` in an instruction BuildKit expands (`ENV`, `ARG`, `COPY`, `ADD`, `WORKDIR`,
`USER`, `LABEL`, `EXPOSE`, `VOLUME`, `STOPSIGNAL`, `RUN --mount` options, ...) when no `ARG` or
`ENV` of the stage, no `ENV` of a parent stage and no variable of the base image defines it.
Shell-form `RUN`, `CMD` and `ENTRYPOINT` are left alone, as BuildKit does: the shell expands
those when the container runs.

When the base image's environment is not fully known, a name is only reported if a defined one
is a near miss (`$NODE_VERSON` next to `NODE_VERSION`).

## Why is this bad?
An undefined variable expands to the empty string: `COPY $SRC /app` copies the whole build
context, `WORKDIR /srv/$APP` lands in `/srv/`. The build succeeds and does the wrong thing.
A global `ARG` used inside a stage without re-declaring it there is the classic case.

## Example
```dockerfile
FROM alpine:3.22
ARG APP_VERSION=1.4.2
LABEL org.opencontainers.image.version=$APP_VERSON
```

Use instead:
```dockerfile
FROM alpine:3.22
ARG APP_VERSION=1.4.2
LABEL org.opencontainers.image.version=$APP_VERSION
```

## Fix safety
When a defined name is one typo away, the fix renames the reference to it. The value that ends
up in the image changes, so it is unsafe.

## References
- [BuildKit check UndefinedVar](https://docs.docker.com/reference/build-checks/undefined-var/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for var in undefined(ctx, false) {
        let (hint, why) = match &var.suggestion {
            Some(it) => (format!(" (did you mean `${it}`?)"), ""),
            None => (String::new(), ": it expands to an empty string"),
        };
        let message = format!("`${}` is not defined{why}{hint}", var.name);
        let diagnostic = RULE.diagnostic(var.range, message);
        acc.push(match suggestion_fix(ctx, var) {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    }
}

/// The undefined variables BuildKit would report, `FROM` lines or the rest:
/// certain ones, and uncertain ones with a near miss to suggest.
pub(super) fn undefined<'a>(
    ctx: &'a RuleContext<'a>,
    in_from: bool,
) -> impl Iterator<Item = &'a UndefinedVar> + 'a {
    let mut seen: Vec<(usize, &str, TextRange)> = Vec::new();
    ctx.model
        .undefined
        .iter()
        .filter(move |it| it.in_from == in_from)
        .filter(|it| it.certain || it.suggestion.is_some())
        .filter(move |it| {
            let key = (it.instruction, it.name.as_str(), it.range);
            let new = !seen.contains(&key);
            seen.push(key);
            new
        })
}

/// Renames the reference to the suggested name.
pub(super) fn suggestion_fix(ctx: &RuleContext<'_>, var: &UndefinedVar) -> Option<Fix> {
    let suggestion = var.suggestion.as_ref()?;
    let text = ctx.slice(var.range);
    let reference = variable_references(text, ctx.parse.escape)
        .into_iter()
        .find(|it| it.name == var.name)?;
    let name = TextRange::new(
        var.range.start() + reference.name_range.start,
        var.range.start() + reference.name_range.end,
    );
    Some(Fix::unsafe_(
        format!("Use `${suggestion}`"),
        vec![TextEdit::replace(name, suggestion.clone())],
    ))
}
