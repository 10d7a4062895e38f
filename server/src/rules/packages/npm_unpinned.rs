use super::{
    classify::{self, NPM_INSTALL},
    common::{self, is_path},
};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3016",
    name: "npm-unpinned-package",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Pin the versions of packages `npm install` installs",
    docs: r#"## What it does
Flags each package named on an `npm install` (and its aliases `npm i`, `npm add`, ...) that
has no version, or asks for the `latest` tag: `express` or `express@latest` rather than
`express@4.19.2`. Not flagged: `npm install` and `npm ci` without package names (they install
what `package-lock.json` pins), local folders and tarballs (`./pkg`, `pkg.tgz`, `file:...`),
URLs, and git URLs or GitHub shorthands with a `#commit`/`#semver:` suffix.

## Why is this bad?
An unpinned global tool (`npm install -g typescript`) is whatever the registry serves on the
day of the build: builds stop being reproducible and an unrelated rebuild can pull in a major
release.

## Example
```dockerfile
FROM node:22-slim
RUN npm install -g typescript
```

Use instead:
```dockerfile
FROM node:22-slim
RUN npm install -g typescript@5.5.4
```

## Differences from hadolint
- `npm i`, `npm add` and the other spellings of `install` are checked; hadolint only checks
  `npm install`.
- `pkg@latest` is flagged: the tag moves with every release. hadolint accepts any tag.
- Each unpinned package is reported at its own word, `ARG`/`ENV` values are resolved, and
  commands behind `sudo` and in `sh -c` exec form are checked.

## References
- hadolint [DL3016](https://github.com/hadolint/hadolint/wiki/DL3016)
- [npm install](https://docs.npmjs.com/cli/commands/npm-install)
"#,
    check,
};

const GIT: &[&str] = &[
    "git://",
    "git+ssh://",
    "git+http://",
    "git+https://",
    "git+file://",
    "github:",
    "gitlab:",
    "bitbucket:",
    "gist:",
];
const TARBALLS: &[&str] = &[".tgz", ".tar.gz", ".tar"];

/// The part after the version `@` (the name's own `@scope/` left out).
fn spec(package: &str) -> Option<&str> {
    let name_start = match package.starts_with('@') {
        true => 1,
        false => 0,
    };
    let at = package.get(name_start..)?.find('@')? + name_start;
    package.get(at + 1..)
}

pub(super) fn pinned(package: &str) -> bool {
    if GIT.iter().any(|it| package.starts_with(it)) {
        return package.contains('#');
    }
    if is_path(package)
        || package.starts_with("file:")
        || package.starts_with("http://")
        || package.starts_with("https://")
        || TARBALLS.iter().any(|it| package.ends_with(it))
    {
        return true;
    }
    match spec(package) {
        Some(spec) => {
            let spec = spec
                .strip_prefix("npm:")
                .map_or(spec, |aliased| spec_or_empty(aliased));
            !spec.is_empty() && spec != "latest"
        }
        // `user/repo` on GitHub: pinned by `#commit`.
        None if !package.starts_with('@') && package.contains('/') => package.contains('#'),
        None => false,
    }
}

fn spec_or_empty(package: &str) -> &str {
    spec(package).unwrap_or("")
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for run in common::runs(ctx, &["npm"]) {
        for cmd in run.commands() {
            let Some(inv) = classify::npm(cmd.command) else {
                continue;
            };
            if !NPM_INSTALL.contains(&inv.sub_name()) {
                continue;
            }
            let operands = inv.operands();
            for it in common::unpinned(ctx, &run, cmd.script, &operands, pinned) {
                let name = match spec(&it.package) {
                    Some(spec) => it
                        .package
                        .strip_suffix(spec)
                        .and_then(|it| it.strip_suffix('@'))
                        .unwrap_or(&it.package),
                    None => &it.package,
                };
                let problem = match spec(&it.package) {
                    Some("latest") => "follows the moving `latest` tag",
                    _ => "is not pinned to a version",
                };
                acc.push(RULE.diagnostic(
                    it.range,
                    format!("npm package {} {problem}: use `{name}@<version>`", it.shown),
                ));
            }
        }
    }
}
