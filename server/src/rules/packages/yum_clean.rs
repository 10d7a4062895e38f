use super::rpm::{self, Family};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3032",
    name: "yum-cache-left-in-layer",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Size,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Run `yum clean all` in the `RUN` that installs packages",
    docs: r#"## What it does
Flags a `yum` command that downloads (`install`, `update`, `upgrade`, `groupinstall`, ...) in
a layer that ships (the target stage and the stages it is built `FROM`) when no
`yum clean all` (or `rm -rf /var/cache/yum`) follows it in the same `RUN` and no cache or
tmpfs mount covers `/var/cache/yum`.

## Why is this bad?
yum keeps the repository metadata it downloaded, and the packages when `keepcache` is on,
under `/var/cache/yum`, which nothing at run time needs: cleaning it saved 195 MB in
carlossg/docker-maven#161 (dnf: 80 to 150 MB, see DL3040). A `yum clean all` in a later `RUN`
does not help, the files are already in the earlier layer.

## Example
```dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6
```

Use instead:
```dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
```

## Fix safety
The fix appends `yum clean all` to the end of the `RUN` and is unsafe: the image changes (it
gets smaller) and later `yum` commands download the metadata again.

## Differences from hadolint
- Only layers that ship are flagged; hadolint flags builder stages too.
- `update`, `upgrade`, `groupinstall` and the other downloading actions are checked; hadolint
  checks `install` only. `yum clean` must clean `all`; a cache mount on `/var/cache/yum`
  counts.

## References
- hadolint [DL3032](https://github.com/hadolint/hadolint/wiki/DL3032)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    rpm::check_clean(ctx, acc, &RULE, Family::Yum);
}
