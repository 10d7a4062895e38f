use super::rpm::{self, Family};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3038",
    name: "dnf-install-without-yes",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Run `dnf install` with `-y` so it does not wait for an answer",
    docs: r#"## What it does
Flags `dnf` (and `dnf5`) commands that ask "Is this ok [y/N]" — `install`, `reinstall`,
`upgrade`, `downgrade`, `remove`, `group install`, `module install`, ... — without
`-y`/`--assumeyes`, `--setopt=assumeyes=1`, `yes |` in front, or an `assumeyes=1` written to
`dnf.conf` by an earlier instruction of the stage. `microdnf` is not flagged: it never asks.

## Why is this bad?
A build has no terminal: dnf reads the answer from an empty stdin, prints "Operation aborted"
and fails the `RUN`.

## Example
```dockerfile
FROM fedora:40
RUN dnf install httpd-2.4.62 && dnf clean all
```

Use instead:
```dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.62 && dnf clean all
```

## Fix safety
The fix adds `-y` after the subcommand and is safe: a build that works today never reaches the
prompt (or answers it some other way), so `-y` changes nothing for it; a build that reaches
the prompt fails and produces no image.

## Differences from hadolint
- `microdnf install` without `-y` is not flagged: microdnf documents `-y` as "does nothing,
  always assumes yes". hadolint flags it.
- hadolint checks `install`, `groupinstall` and `localinstall`; docklens checks every action
  that asks, and accepts `yes |`, `--setopt=assumeyes=1` and an earlier `dnf.conf` setting.

## References
- hadolint [DL3038](https://github.com/hadolint/hadolint/wiki/DL3038)
- [dnf command reference](https://dnf.readthedocs.io/en/latest/command_ref.html)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    rpm::check_yes(ctx, acc, &RULE, Family::Dnf);
}
