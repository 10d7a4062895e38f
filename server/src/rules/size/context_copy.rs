use crate::{
    rules::{
        dockerignore, Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext,
        Severity,
    },
    syntax::InstructionKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK2006",
    name: "whole-context-copied-without-dockerignore",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Size,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "COPY . copies the whole build context, .git included",
    docs: r#"## What it does
Flags `COPY .`/`ADD .` (the whole build context) into a layer that ships when there is no
`.dockerignore`, or when it does not exclude `.git`.

## Why is this bad?
Everything in the directory goes into the image: `.git` (often the biggest folder of a project),
local `node_modules`, virtualenvs, build output, editor files, secrets. It also changes on every
commit, so the layer and everything after it is rebuilt each time.

## Example
With a `.dockerignore` that only lists `node_modules`:
```dockerignore
node_modules
```

```dockerfile
FROM node:24-slim
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```

Use instead:
```dockerfile
FROM node:24-slim
WORKDIR /app
COPY package.json server.js ./
CMD ["node", "server.js"]
```

## Options
Reads the `.dockerignore` next to the Dockerfile (`<name>.dockerignore` first, as BuildKit does).

## References
- [Docker: .dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let excludes_git = ctx
        .environment
        .dockerignore
        .as_deref()
        .and_then(dockerignore::parse)
        .map(|it| it.matches_or_parent_matches(".git").is_some());
    if excludes_git == Some(true) {
        return;
    }
    for (idx, instruction) in ctx.instructions() {
        if !matches!(
            instruction.kind,
            InstructionKind::Copy | InstructionKind::Add
        ) || instruction.flag("from").is_some()
            || !ctx.ships(idx)
        {
            continue;
        }
        let values = instruction.args.values();
        let Some((_, sources)) = values.split_last() else {
            continue;
        };
        for (source, range) in sources {
            if !matches!(*source, "." | "./" | "*" | "./*") {
                continue;
            }
            let message = match excludes_git {
                None => format!("`{source}` copies the whole build context and there is no .dockerignore: `.git` and everything else in the folder ship"),
                Some(_) => format!("`{source}` copies the whole build context and .dockerignore does not exclude `.git`"),
            };
            acc.push(RULE.diagnostic(*range, message));
        }
    }
}
