use super::common::{flag_head, flag_spec, suggest_word};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::TextEdit,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1021",
    name: "unknown-flag",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Flag the instruction does not have",
    docs: r#"## What it does
Flags a `--flag` that BuildKit does not know for the instruction it is on: `FROM --platform`;
`RUN --mount --network --security --device`; `COPY --from --chown --chmod --link --parents
--exclude`; `ADD --chown --chmod --link --checksum --keep-git-dir --unpack --exclude`;
`HEALTHCHECK --interval --timeout --start-period --start-interval --retries`. Other
instructions take no flags. Flag names are case-sensitive.

## Why is this bad?
BuildKit rejects the Dockerfile ("unknown flag: form").

## Example
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM alpine:3.22
COPY --form=build /out/app /usr/local/bin/app
```

Use instead:
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM alpine:3.22
COPY --from=build /out/app /usr/local/bin/app
```

## Fix safety
The fix renames the flag to the one known flag it is closest to, and is only offered when there
is one. The build changes from failing to doing what that flag does: unsafe.

## References
- [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions() {
        let Some(spec) = flag_spec(instruction) else {
            continue;
        };
        let names: Vec<&str> = spec.iter().map(|(name, _)| *name).collect();
        let keyword = instruction.kind.keyword();
        for flag in &instruction.flags {
            if names.contains(&flag.name.as_str()) {
                continue;
            }
            let name = flag.name.as_str();
            let lower = name.to_ascii_lowercase();
            let suggestion = match names.contains(&lower.as_str()) {
                true => names.iter().copied().find(|it| *it == lower),
                false => suggest_word(&lower, &names),
            };
            let message = match (suggestion, names.is_empty()) {
                (Some(it), _) => {
                    format!("unknown flag `--{name}` for {keyword}: did you mean `--{it}`?")
                }
                (None, true) => format!("{keyword} takes no flags: remove `--{name}`"),
                (None, false) => format!(
                    "unknown flag `--{name}` for {keyword}: it accepts {}",
                    names
                        .iter()
                        .map(|it| format!("`--{it}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let mut diagnostic = RULE.diagnostic(flag_head(flag), message);
            if let Some(it) = suggestion {
                diagnostic = diagnostic.with_fix(Fix::unsafe_(
                    format!("Replace with `--{it}`"),
                    vec![TextEdit::replace(flag.name_range, it)],
                ));
            }
            acc.push(diagnostic);
        }
    }
}
