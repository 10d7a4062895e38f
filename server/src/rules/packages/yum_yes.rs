use super::rpm::{self, Family};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3030",
    name: "yum-install-without-yes",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Run `yum install` with `-y` so it does not wait for an answer",
    docs: r#"## What it does
Flags `yum` commands that ask "Is this ok [y/N]" — `install`, `groupinstall`,
`localinstall`, `reinstall`, `update`, `upgrade`, `downgrade`, `remove`, `module install`, ...
— without `-y`/`--assumeyes`, `--setopt=assumeyes=1`, `yes |` in front, or an `assumeyes=1`
written to `yum.conf` by an earlier instruction of the stage.

## Why is this bad?
A build has no terminal: yum reads the answer from an empty stdin, prints
"Exiting on user command" and fails the `RUN`.

## Example
```dockerfile
FROM centos:7
RUN yum install httpd-2.4.6 && yum clean all
```

Use instead:
```dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
```

## Fix safety
The fix adds `-y` after the subcommand and is safe: a build that works today never reaches the
prompt (or answers it some other way), so `-y` changes nothing for it; a build that reaches
the prompt fails and produces no image.

## Differences from hadolint
hadolint checks `install`, `groupinstall` and `localinstall`; docklens checks every action
that asks, and accepts `yes |`, `--setopt=assumeyes=1` and an earlier `yum.conf` setting.

## References
- hadolint [DL3030](https://github.com/hadolint/hadolint/wiki/DL3030)
- [yum(8)](https://man7.org/linux/man-pages/man8/yum.8.html)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    rpm::check_yes(ctx, acc, &RULE, Family::Yum);
}
