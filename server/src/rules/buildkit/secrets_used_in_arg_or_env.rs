use super::util::stage_instructions;
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::InstructionKind,
};

/// Name parts that mark a secret, and parts that mark a name as harmless
/// (`PUBLIC_KEY`, `TOKEN_FILE`, `AUTH_VERSION`): BuildKit's lists.
const SECRET_PARTS: [&str; 10] = [
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];
const HARMLESS_PARTS: [&str; 3] = ["public", "file", "version"];

pub(crate) static RULE: Rule = Rule {
    code: "DL3064",
    name: "secret-in-arg-or-env",
    aliases: &["SecretsUsedInArgOrEnv"],
    origin: Origin::Hadolint,
    category: Category::Security,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Secrets should not be passed in ARG or ENV",
    docs: r#"## What it does
Flags an `ARG` or `ENV` in a stage whose name has a part (between underscores, any case) such
as `password`, `secret`, `token`, `key`, `auth` or `credentials`, unless another part says it
is harmless (`public`, `file`, `version`): `GITHUB_TOKEN` is flagged, `PUBLIC_KEY` and
`TOKEN_FILE` are not. These are BuildKit's lists.

## Why is this bad?
`ENV` values are stored in the image config and `ARG` values in the build history
(`docker history` shows them): anyone who can pull the image can read the secret, and it stays
in every layer cache. A secret mount (`RUN --mount=type=secret,id=...`) hands the value to one
`RUN` without storing it.

## Example
```dockerfile
FROM alpine:3.22
ARG GITHUB_TOKEN
RUN wget --header="Authorization: token $GITHUB_TOKEN" -O /tmp/x https://example.com/x
```

Use instead:
```dockerfile
FROM alpine:3.22
RUN --mount=type=secret,id=github_token \
    wget --header="Authorization: token $(cat /run/secrets/github_token)" -O /tmp/x https://example.com/x
```

## References
- hadolint [DL3064](https://github.com/hadolint/hadolint/wiki/DL3064)
- [BuildKit check SecretsUsedInArgOrEnv](https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    // BuildKit checks the ARGs and ENVs it dispatches in stages; global ARGs
    // are not among them.
    for (_, instruction) in stage_instructions(ctx) {
        let keyword = match instruction.kind {
            InstructionKind::Arg => "ARG",
            InstructionKind::Env => "ENV",
            _ => continue,
        };
        for kv in instruction.args.key_values() {
            let name = kv.key.text.as_str();
            if !looks_secret(name) {
                continue;
            }
            let stored = match keyword {
                "ENV" => "the image config",
                _ => "the build history",
            };
            let message = format!(
                "`{keyword} {name}` looks like a secret: its value is kept in {stored}; use a secret mount"
            );
            acc.push(RULE.diagnostic(kv.key.range, message));
        }
    }
}

/// BuildKit's test: some `_`-separated part is a secret word and none is a
/// harmless one.
pub(super) fn looks_secret(name: &str) -> bool {
    let has = |words: &[&str]| {
        name.split('_')
            .any(|part| words.iter().any(|it| it.eq_ignore_ascii_case(part)))
    };
    has(&SECRET_PARTS) && !has(&HARMLESS_PARTS)
}

#[cfg(test)]
mod tests {
    use super::looks_secret;

    #[test]
    fn matches_buildkit_examples() {
        for name in [
            "SECRET_PASSPHRASE",
            "SUPER_Secret",
            "password",
            "super_duper_secret_token",
            "auth",
            "apikey",
            "git_key",
            "AWS_SECRET_ACCESS_KEY",
        ] {
            assert!(looks_secret(name), "{name}");
        }
        for name in [
            "sunflower",
            "PUBLIC_KEY",
            "public_token",
            "KEYBOARD",
            "TOKEN_FILE",
            "NODE_VERSION",
            "PASSWORDS",
        ] {
            assert!(!looks_secret(name), "{name}");
        }
    }
}
