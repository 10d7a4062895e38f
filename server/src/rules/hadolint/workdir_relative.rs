use crate::{
    model::FactSource,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{Args, InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3000",
    name: "workdir-relative-path",
    aliases: &["WorkdirRelativePath"],
    origin: Origin::Hadolint,
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Use an absolute WORKDIR",
    docs: r#"## What it does
Flags a `WORKDIR` with a relative path.

## Why is this bad?
A relative `WORKDIR` is resolved against whatever working directory the stage has at that
point, which usually comes from the base image: `WORKDIR web` is `/go/web` on `golang` but
`/web` on `alpine`. Switching the base image silently moves every later relative path.

## Example
```dockerfile
FROM alpine:3.22
WORKDIR web
```

Use instead:
```dockerfile
FROM alpine:3.22
WORKDIR /web
```

## Fix safety
The fix writes the absolute path the relative one resolves to. It is safe when that is certain
(an earlier absolute `WORKDIR`, `scratch`, or a parent stage), unsafe when it relies on the base
image's typical working directory from docklens's knowledge base, and not offered when the base
image is unknown.

## References
- hadolint [DL3000](https://github.com/hadolint/hadolint/wiki/DL3000)
- [BuildKit check WorkdirRelativePath](https://docs.docker.com/reference/build-checks/workdir-relative-path/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in ctx.instructions_of(InstructionKind::Workdir) {
        let Args::Text(word) = &instruction.args else {
            continue;
        };
        let value = ctx
            .model
            .expand(ctx.parse, idx, &word.text)
            .unwrap_or_else(|_| word.text.to_string());
        let raw = word.text.as_str();
        // Windows paths and values only known at build time are left alone.
        let windows = raw.len() >= 2 && raw.as_bytes()[1] == b':';
        if value.starts_with('/')
            || value.starts_with('$')
            || raw.starts_with('$')
            || windows
            || value.is_empty()
        {
            continue;
        }
        let Some(stage) = ctx.stage_of(idx) else {
            continue;
        };
        let current = ctx.model.workdir_at(idx).unwrap_or("/");
        let resolved = format!("{}/{value}", current.trim_end_matches('/'));
        let absolute_before = stage.workdirs.iter().skip(1).any(|(at, _)| *at < idx);
        let known = absolute_before || stage.base_config.source == FactSource::Exact;
        let from_base = match known {
            true => String::new(),
            false => format!(" (the base image's working directory is `{current}`)"),
        };
        let message = format!(
            "relative WORKDIR `{raw}` resolves to `{resolved}`{from_base}: use an absolute path"
        );
        let diagnostic = RULE.diagnostic(word.range, message);
        let fix_title = format!("Use `{resolved}`");
        let edit = vec![TextEdit::replace(word.range, resolved.clone())];
        let fix = match (known, stage.base_config.source) {
            (true, _) => Some(Fix::safe(fix_title, edit)),
            (false, FactSource::KnowledgeBase)
                if ctx
                    .stage_of(idx)
                    .and_then(|it| it.base_image())
                    .is_some_and(|it| crate::images::lookup(it).entry().is_some()) =>
            {
                Some(Fix::unsafe_(fix_title, edit))
            }
            (false, FactSource::Registry) => Some(Fix::unsafe_(fix_title, edit)),
            _ => None,
        };
        acc.push(match fix {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    }
}
