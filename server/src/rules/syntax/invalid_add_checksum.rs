use super::{common::is_heredoc_word, expand::Expander};
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::InstructionKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1036",
    name: "invalid-add-checksum",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "ADD --checksum BuildKit cannot use",
    docs: r#"## What it does
Flags an `ADD --checksum` that BuildKit rejects: given for several sources, for a local path,
or, for an HTTP(S) download, not a digest `sha256:`/`sha384:`/`sha512:` followed by the right
number of lower-case hex digits. (For Git sources the checksum is a commit, and is left alone.)

## Why is this bad?
BuildKit fails the build ("checksum can't be specified for multiple sources", "invalid
checksum digest format").

## Example
```dockerfile
FROM alpine:3.22
ADD --checksum=24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/app.tar.gz /opt/
```

Use instead:
```dockerfile
FROM alpine:3.22
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/app.tar.gz /opt/
```

## References
- [Dockerfile reference: ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in ctx.instructions_of(InstructionKind::Add) {
        let Some(flag) = instruction.flag("checksum") else {
            continue;
        };
        let (Some(raw), Some(range)) = (&flag.value, flag.value_range) else {
            continue;
        };
        if raw.is_empty() {
            continue;
        }
        let expander = Expander::at(ctx, idx);
        let Some(checksum) = expander.known(raw) else {
            continue;
        };
        let values = instruction.args.values();
        let Some((_, sources)) = values.split_last() else {
            continue;
        };
        let sources: Vec<&str> = sources
            .iter()
            .map(|(it, _)| *it)
            .filter(|it| !is_heredoc_word(it))
            .collect();
        let message = match sources.as_slice() {
            [] => continue,
            [source] => {
                let Some(source) = expander.known(source) else {
                    continue;
                };
                let lower = source.to_ascii_lowercase();
                let http = lower.starts_with("http://") || lower.starts_with("https://");
                let git = lower.starts_with("git@")
                    || lower.starts_with("git://")
                    || lower.starts_with("ssh://")
                    || (http
                        && lower
                            .split(['#', '?'])
                            .next()
                            .is_some_and(|it| it.ends_with(".git")));
                if git {
                    continue;
                }
                if !http {
                    format!("`--checksum` only verifies a download: `{source}` is a local path, which the build context already pins")
                } else {
                    match digest_problem(&checksum) {
                        Some(why) => format!("invalid checksum `{checksum}`: {why}"),
                        None => continue,
                    }
                }
            }
            _ => "`--checksum` can verify only one source: split this ADD into one per download"
                .to_owned(),
        };
        acc.push(RULE.diagnostic(range, message));
    }
}

/// Why go-digest would reject a digest.
fn digest_problem(digest: &str) -> Option<String> {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return Some(
            "a digest is `algorithm:hex`, e.g. `sha256:` followed by 64 hex digits".into(),
        );
    };
    let expected = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        other => {
            return Some(format!(
                "unsupported digest algorithm `{other}`: use `sha256`, `sha384` or `sha512`"
            ))
        }
    };
    if hex.len() != expected {
        return Some(format!(
            "a {algorithm} digest has {expected} hex digits, this one has {}",
            hex.len()
        ));
    }
    if !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Some("the digest must be lower-case hex (`0-9`, `a-f`)".into());
    }
    None
}
