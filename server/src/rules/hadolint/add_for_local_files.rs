use super::support::{copy_args, resolve};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3020",
    name: "add-for-local-files",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "`ADD` copies local files or folders: use `COPY`",
    docs: r#"## What it does
Flags an `ADD` whose sources include a local file or folder that is not an archive: `ADD` is only
needed to fetch a URL or git repository, or to unpack a local `.tar`, `.tar.gz`, `.tgz`, `.xz`,
... archive. Variables in the sources are resolved first.

## Why is this bad?
`ADD` does more than copy: it unpacks anything that looks like an archive (by content, not by
name) and fetches URLs. Used for plain files it hides that behaviour from readers and may one day
unpack a file that was meant to be copied as is. `COPY` says what happens.

## Example
```dockerfile
FROM alpine:3.22
ADD app.py /app/
```

Use instead:
```dockerfile
FROM alpine:3.22
COPY app.py /app/
```

```dockerfile
FROM alpine:3.22
ADD rootfs.tar.gz /
```

## Fix safety
The fix replaces `ADD` with `COPY` when no source is a URL, a git repository or a file named like
an archive, and `ADD`-only flags (`--checksum`, `--keep-git-dir`, `--unpack`) are absent. It is
unsafe: `ADD` recognises archives by their content, so a local archive without an archive
extension would have been unpacked and is now copied as it is.

## References
- hadolint [DL3020](https://github.com/hadolint/hadolint/wiki/DL3020)
- [Dockerfile reference: ADD or COPY](https://docs.docker.com/build/building/best-practices/#add-or-copy)
"#,
    check,
};

/// What hadolint treats as an archive `ADD` unpacks (by name).
const ARCHIVE_EXTENSIONS: [&str; 15] = [
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz",
];

/// True for a source `ADD` fetches instead of reading from the build context.
pub(super) fn is_remote(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    ["http://", "https://", "git://", "git@", "ssh://"]
        .iter()
        .any(|it| lower.starts_with(it))
}

pub(super) fn is_archive(source: &str) -> bool {
    ARCHIVE_EXTENSIONS.iter().any(|it| source.ends_with(it))
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in ctx.instructions_of(InstructionKind::Add) {
        let args = copy_args(instruction);
        let Some((_, sources)) = args.split_last() else {
            continue;
        };
        if sources.is_empty() {
            continue;
        }
        let mut local = Vec::new();
        let mut special = false;
        for source in sources {
            if source.heredoc {
                local.push("a heredoc".to_owned());
                continue;
            }
            let value = match resolve(ctx, idx, source.raw) {
                Some(it) if it.complete => it.value,
                // A source only known at build time may be a URL.
                _ => {
                    special = true;
                    continue;
                }
            };
            if is_remote(&value) || is_archive(&value) {
                special = true;
            } else {
                local.push(format!("`{value}`"));
            }
        }
        if local.is_empty() {
            continue;
        }
        let message = format!(
            "`ADD` of {} only copies: use `COPY`, which does not unpack archives or fetch URLs",
            local.join(", ")
        );
        let diagnostic = RULE.diagnostic(instruction.keyword.range, message);
        let add_only = ["checksum", "keep-git-dir", "unpack"]
            .iter()
            .any(|it| instruction.flag(it).is_some());
        let fix = match special || add_only {
            true => None,
            false => {
                let keyword = match instruction.keyword.text.chars().all(|c| c.is_lowercase()) {
                    true => "copy",
                    false => "COPY",
                };
                Some(Fix::unsafe_(
                    "Use `COPY`",
                    vec![TextEdit::replace(instruction.keyword.range, keyword)],
                ))
            }
        };
        acc.push(match fix {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    }
}
