use std::collections::HashMap;

use crate::{
    images::ImageRef,
    model::builtin_args,
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::{shell::Lexer, InstructionKind, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "InvalidDefaultArgInFrom",
    name: "invalid-default-arg-in-from",
    aliases: &[],
    origin: Origin::BuildKit,
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Global ARG defaults should make every FROM a valid image reference",
    docs: r#"## What it does
Expands each `FROM` image that uses variables with nothing but the defaults of the global
ARGs (no `--build-arg`), and flags it when the result is empty or not a valid image reference:
`ARG TAG` without a default makes `FROM alpine:$TAG` read `alpine:`.

## Why is this bad?
The Dockerfile only builds when the caller remembers the right `--build-arg`; a plain
`docker build .`, a CI job or a teammate gets "invalid reference format" instead of an image.
A default documents what the build expects and keeps it working.

## Example
```dockerfile
ARG VERSION
FROM alpine:$VERSION
```

Use instead:
```dockerfile
ARG VERSION=3.22
FROM alpine:$VERSION
```

## References
- [BuildKit check InvalidDefaultArgInFrom](https://docs.docker.com/reference/build-checks/invalid-default-arg-in-from/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let lexer = Lexer::new(ctx.parse.escape);
    // The global ARGs as if no `--build-arg` were given.
    let mut env: HashMap<String, String> = builtin_args()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    let mut declared: HashMap<String, TextRange> = HashMap::new();
    for (_, instruction) in ctx.instructions() {
        match instruction.kind {
            InstructionKind::From => break,
            InstructionKind::Arg => {}
            _ => continue,
        }
        for kv in instruction.args.key_values() {
            declared.insert(kv.key.text.to_string(), kv.key.range);
            let Some(value) = &kv.value else {
                continue;
            };
            // BuildKit gives up on the whole check when a default cannot expand.
            let Ok(expanded) = lexer.process_word(&value.text, &env) else {
                return;
            };
            env.insert(kv.key.text.to_string(), expanded.value);
        }
    }
    for stage in &ctx.model.stages {
        let Some(instruction) = ctx.instruction(stage.from) else {
            continue;
        };
        let Some(image) = instruction.args.words().first() else {
            continue;
        };
        let refs = lexer.variable_references(&image.text);
        if refs.is_empty() {
            // A literal invalid reference is a plain syntax error, not an ARG problem.
            continue;
        }
        let Ok(expanded) = lexer.process_word(&image.text, &env) else {
            return;
        };
        let Err(err) = ImageRef::parse(&expanded.value) else {
            continue;
        };
        let resolved = match expanded.value.is_empty() {
            true => "an empty name".to_owned(),
            false => format!("`{}`", expanded.value),
        };
        let message = format!(
            "with the global ARG defaults, `{}` resolves to {resolved} ({err})",
            image.text
        );
        let mut diagnostic = RULE.diagnostic(image.range, message);
        let mut names: Vec<&str> = refs.iter().map(|it| it.name.as_str()).collect();
        names.dedup();
        for name in names {
            let note = match env.contains_key(name) {
                true => format!("`{name}` gets its default here"),
                false => format!("`{name}` is declared here without a default"),
            };
            if let Some(&range) = declared.get(name) {
                diagnostic = diagnostic.with_related(range, note);
            }
        }
        acc.push(diagnostic);
    }
}
