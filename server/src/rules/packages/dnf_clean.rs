use super::rpm::{self, Family};
use crate::rules::{
    Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3040",
    name: "dnf-cache-left-in-layer",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Size,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Run `dnf clean all` in the `RUN` that installs packages",
    docs: r#"## What it does
Flags a `dnf`, `dnf5` or `microdnf` command that downloads (`install`, `upgrade`,
`group install`, `module install`, ...) in a layer that ships (the target stage and the stages
it is built `FROM`) when no `clean all` (or `rm -rf /var/cache/dnf`) follows it in the same
`RUN` and no cache or tmpfs mount covers `/var/cache/dnf` (`/var/cache/libdnf5` for dnf5,
`/var/cache/yum` for microdnf).

## Why is this bad?
dnf keeps the repository metadata it downloaded under `/var/cache/dnf`, which nothing at run
time needs: cleaning it saved 80 MB in llm-d/llm-d-router#328 and 150 MB in
florianfesti/boxes#151 (none on Fedora 39 and rawhide in caronc/apprise#948). A `dnf clean
all` in a later `RUN` does not help, the files are already in the earlier layer.

## Example
```dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.62
```

Use instead:
```dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.62 && dnf clean all
```

or keep the cache between builds, outside the image:
```dockerfile
FROM fedora:40
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y httpd-2.4.62
```

## Fix safety
The fix appends `dnf clean all` (`microdnf clean all` for microdnf) to the end of the `RUN`
and is unsafe: the image changes (it gets smaller) and later commands download the metadata
again.

## Differences from hadolint
- Only layers that ship are flagged; hadolint flags builder stages too.
- A cache mount on `/var/cache/dnf` counts; hadolint flags it.
- `upgrade`, `group install`, `module install` and the other downloading actions are checked;
  hadolint checks `install` only.

## References
- hadolint [DL3040](https://github.com/hadolint/hadolint/wiki/DL3040)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    rpm::check_clean(ctx, acc, &RULE, Family::Dnf);
}
