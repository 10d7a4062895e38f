use super::{
    classify::{self, PipTool},
    common::{self, is_path},
};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3013",
    name: "pip-unpinned-package",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Pin the versions of packages `pip install` installs",
    docs: r#"## What it does
Flags each requirement of a `pip install` (`pip`, `pip3`, `python3 -m pip`, `uv pip`) that
has no version specifier (`==`, `~=`, `>=`, `<=`, `!=`, `<`, `>`, `===`). Not flagged: local
paths and archives (`.`, `./pkg`, `dist/x-1.0.tar.gz`, `*.whl`), URLs, VCS URLs with a
revision (`git+https://host/repo@v1.2`), and commands that install from a requirements or
constraints file (`-r`, `-c`), which is where the pins usually live. Variables are resolved:
`ARG SPEC=flask==3.0.3` then `pip install $SPEC` is pinned.

## Why is this bad?
Without a pin, every build installs whatever the index has that day: builds stop being
reproducible and an unrelated rebuild can pull in a breaking release.

## Example
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir flask
```

Use instead:
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir flask==3.0.3
```

## Differences from hadolint
- `pip install . flask` flags `flask`; hadolint skips the whole command when `.` appears.
- A VCS URL is pinned only by a revision after its path: `git+ssh://git@host/repo` (the `@` of
  the user name) is flagged; hadolint accepts it.
- `uv pip install`, `sudo pip install` and `sh -c` exec form are checked; `ARG`/`ENV` values
  are resolved (hadolint flags `$SPEC` even when it holds `flask==3.0.3`).
- `pipx install` is not a pip install (hadolint flags it).

## References
- hadolint [DL3013](https://github.com/hadolint/hadolint/wiki/DL3013)
- [pip: requirement specifiers](https://pip.pypa.io/en/stable/reference/requirement-specifiers/)
"#,
    check,
};

const VCS: &[&str] = &["git+", "hg+", "svn+", "bzr+"];
const ARCHIVES: &[&str] = &[
    ".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip", ".tar",
];

pub(super) fn pinned(requirement: &str) -> bool {
    if VCS.iter().any(|it| requirement.starts_with(it)) {
        // `git+https://host/org/repo.git@v1.2#egg=x`: a revision after the path.
        let rest = requirement.split_once("://").map_or(requirement, |it| it.1);
        let path = rest.split_once('/').map_or("", |it| it.1);
        let path = path.split('#').next().unwrap_or(path);
        return path.contains('@');
    }
    let specifier = ["==", "~=", ">=", "<=", "!=", "<", ">", "==="]
        .iter()
        .any(|it| requirement.contains(it));
    specifier
        || requirement.contains(" @ ")
        || requirement.contains("://")
        || is_path(requirement)
        || requirement.starts_with(".[")
        || requirement.contains('/')
        || ARCHIVES.iter().any(|it| requirement.ends_with(it))
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for run in common::runs(ctx, &["pip"]) {
        for cmd in run.commands() {
            let Some((tool, inv)) = classify::pip_install(cmd.command) else {
                continue;
            };
            if inv.has_flag(&['r', 'c'], &["requirement", "constraint"]) {
                continue;
            }
            let shown_tool = match tool {
                PipTool::Pip => "pip",
                PipTool::Uv => "uv pip",
            };
            let operands = inv.operands();
            for it in common::unpinned(ctx, &run, cmd.script, &operands, pinned) {
                let name = it.package.split('[').next().unwrap_or(&it.package);
                acc.push(RULE.diagnostic(
                    it.range,
                    format!(
                        "{shown_tool} package {} is not pinned to a version: use `{name}==<version>` or a requirements file",
                        it.shown
                    ),
                ));
            }
        }
    }
}
