use super::util::{go_clean, stage_instructions};
use crate::{
    rules::{
        dockerignore::{self, Matcher},
        Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{Args, Instruction, InstructionKind, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "CopyIgnoredFile",
    name: "copy-of-ignored-file",
    aliases: &[],
    origin: Origin::BuildKit,
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "COPY and ADD should not name files that .dockerignore excludes",
    docs: r#"## What it does
Flags a `COPY` or `ADD` source from the build context that the `.dockerignore` file excludes,
with the pattern that excludes it. Patterns are matched as Docker matches them (`*`, `?`,
`[...]`, `**`, a leading `/`, trailing `/`, `#` comments) and a source counts as excluded when
it or one of its parent directories is. Sources from another stage or image (`COPY --from`),
heredocs, and URLs are not in the build context and are not checked. As in BuildKit, a source
that a `!` exception could bring back is left alone, and `.` is only flagged when the whole
context is ignored (`*`, `**`).

## Why is this bad?
Excluded files are never sent to the builder, so the instruction fails with "not found" (or,
with a wildcard, silently copies less than intended). Either the source or the
`.dockerignore` is wrong.

## Example
With a `.dockerignore` holding `.git`:

```dockerfile
FROM alpine:3.22
COPY .git/HEAD /build-info/HEAD
```

Use instead:
```dockerfile
FROM alpine:3.22
COPY . /src
```

## References
- [BuildKit check CopyIgnoredFile](https://docs.docker.com/reference/build-checks/copy-ignored-file/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let Some(text) = &ctx.environment.dockerignore else {
        return;
    };
    let Some(matcher) = dockerignore::parse(text) else {
        return;
    };
    if matcher.patterns.is_empty() {
        return;
    }
    for (idx, instruction) in stage_instructions(ctx) {
        let keyword = match instruction.kind {
            InstructionKind::Copy if instruction.flag("from").is_none() => "COPY",
            InstructionKind::Add => "ADD",
            _ => continue,
        };
        for (raw, range) in sources(instruction) {
            let Ok(value) = ctx.model.expand(ctx.parse, idx, raw) else {
                continue;
            };
            if keyword == "ADD" && is_remote(&value) {
                continue;
            }
            let Some(pattern) = excluded_by(&matcher, &value) else {
                continue;
            };
            let message = format!(
                "`{value}` is excluded by .dockerignore (pattern `{}`): {keyword} cannot find it",
                pattern
            );
            acc.push(RULE.diagnostic(range, message));
        }
    }
}

/// The sources of a `COPY`/`ADD`: every argument but the destination, minus
/// heredoc markers.
fn sources(instruction: &Instruction) -> Vec<(&str, TextRange)> {
    let mut all = match &instruction.args {
        Args::Words(words) => words
            .iter()
            .filter(|word| {
                !instruction
                    .heredocs
                    .iter()
                    .any(|it| it.marker.intersects(word.range))
            })
            .map(|it| (it.text.as_str(), it.range))
            .collect::<Vec<_>>(),
        Args::Exec(exec) => exec
            .elements
            .iter()
            .map(|it| (it.value.as_str(), it.range))
            .collect(),
        _ => return Vec::new(),
    };
    // The destination is the last argument, heredoc or not.
    let destination = match &instruction.args {
        Args::Words(words) => words.last().map(|it| it.range),
        Args::Exec(exec) => exec.elements.last().map(|it| it.range),
        _ => None,
    };
    all.retain(|(_, range)| Some(*range) != destination);
    all
}

fn is_remote(source: &str) -> bool {
    ["http://", "https://", "git://", "git@", "ssh://"]
        .iter()
        .any(|it| source.starts_with(it))
}

/// BuildKit's `validateCopySourcePath`: the pattern that excludes `source`,
/// if the exclusion can be decided statically.
fn excluded_by(matcher: &Matcher, source: &str) -> Option<String> {
    let source = go_clean(source);
    if source == "." || source == "/" {
        // The context root: only when everything is ignored.
        return matcher
            .patterns
            .iter()
            .find(|it| !it.exclusion && matches!(it.text.as_str(), "*" | "**" | "**/*"))
            .map(|it| it.text.clone());
    }
    if matcher.has_exclusions() && negated(matcher, &source) {
        return None;
    }
    matcher
        .matches_or_parent_matches(&source)
        .map(|it| it.text.clone())
}

/// BuildKit's `copySourceNegated`: a `!` pattern could bring back something
/// at or below `source`.
fn negated(matcher: &Matcher, source: &str) -> bool {
    let source = source.trim_start_matches('/');
    let source = if source == "." { "" } else { source };
    matcher
        .patterns
        .iter()
        .filter(|it| it.exclusion)
        .any(|pattern| {
            let (prefix, wildcard) = literal_prefix(&pattern.text);
            at_or_below(&prefix, source) || (wildcard && at_or_below(source, &prefix))
        })
}

/// The path before the first element with a wildcard, and whether there is one.
fn literal_prefix(pattern: &str) -> (String, bool) {
    let elements: Vec<&str> = pattern.split('/').collect();
    match elements.iter().position(|it| it.contains(['*', '?', '['])) {
        Some(at) => (elements[..at].join("/"), true),
        None => (pattern.to_owned(), false),
    }
}

/// `path` is `base` or inside it; an empty `base` is the context root.
fn at_or_below(path: &str, base: &str) -> bool {
    base.is_empty()
        || path == base
        || path
            .strip_prefix(base)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ignore: &str, source: &str) -> Option<String> {
        excluded_by(&dockerignore::parse(ignore).expect("valid"), source)
    }

    #[test]
    fn follows_buildkit_validate_copy_source_path() {
        assert_eq!(
            check("*/tmp/*", "./src/tmp/a.txt").as_deref(),
            Some("*/tmp/*")
        );
        assert_eq!(
            check("Dockerfile", "Dockerfile").as_deref(),
            Some("Dockerfile")
        );
        assert_eq!(check(".git", "."), None);
        assert_eq!(check("*", ".").as_deref(), Some("*"));
        assert_eq!(
            check("node_modules", "node_modules/a").as_deref(),
            Some("node_modules")
        );
        // A `!` exception at or below the source: undecidable, skipped.
        assert_eq!(check("docs\n!docs/keep.md", "docs"), None);
        assert_eq!(check("*\n!*/keep.txt", "sub"), None);
        // An exception elsewhere does not disable the check.
        assert_eq!(
            check("docs\n!src/keep.md", "docs/a.md").as_deref(),
            Some("docs")
        );
        assert_eq!(check("*.md\n!README.md", "README.md"), None);
    }
}
