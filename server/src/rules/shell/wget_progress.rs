use super::util::{self, commands, Getopt};
use crate::{
    images::PackageManager,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::TextEdit,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3047",
    name: "wget-progress-bar",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Style,
    severity: Severity::Info,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "wget without --progress, -q or -nv floods the build log",
    docs: r#"## What it does
Flags `wget` run without a setting that tames its progress output: `--progress=...`, `-q`
(`--quiet`), `-nv` (`--no-verbose`), or `-o`/`-a` (log to a file).

## Why is this bad?
Without a terminal, GNU wget falls back to its "dot" progress display: one line per 50 KB, so a
100 MB download writes thousands of lines into the build log, drowning the output that matters
and slowing log collection in CI. `--progress=dot:giga` prints a line per 3 MB instead.

## Example
```dockerfile
FROM debian:12-slim
RUN wget https://example.com/tool.tar.gz
```

Use instead:
```dockerfile
FROM debian:12-slim
RUN wget --progress=dot:giga https://example.com/tool.tar.gz
```

## Fix safety
The fix adds `--progress=dot:giga` where the base image is known to ship GNU wget (Debian,
Ubuntu, Fedora, RHEL families): safe, only the log changes. On Alpine and other BusyBox images,
whose `wget` rejects `--progress`, it adds `-q` instead (safe), unless the stage installs GNU
wget with `apk add wget`. On an unknown base image it adds `--progress=dot:giga` as an unsafe
fix: the build fails if `wget` is BusyBox's.

## References
- hadolint [DL3047](https://github.com/hadolint/hadolint/wiki/DL3047)
- [GNU Wget manual: --progress](https://www.gnu.org/software/wget/manual/wget.html#Download-Options)
"#,
    check,
};

/// GNU wget's short options that take a value (`-n` takes the letter after it).
const SHORT_VALUES: &str = "aBeiloOPQtTUwDIXAR";

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    // RUNs that install GNU wget, found once when an Alpine fix needs them.
    let mut gnu_wget: Option<Vec<usize>> = None;
    for (idx, instruction) in util::runs(ctx) {
        let scripts = ctx.run_scripts(idx);
        for cmd in commands(scripts) {
            if util::name(cmd.command) != Some("wget") {
                continue;
            }
            let effective = cmd.command.effective();
            let parsed = Getopt::parse(
                effective.args(),
                &format!("{SHORT_VALUES}n"),
                &[
                    "output-file",
                    "append-output",
                    "output-document",
                    "directory-prefix",
                    "user-agent",
                    "header",
                    "tries",
                    "timeout",
                    "input-file",
                    "post-data",
                    "progress",
                ],
            );
            let tamed = parsed.has(
                Some('q'),
                &[
                    "quiet",
                    "progress",
                    "no-verbose",
                    "output-file",
                    "append-output",
                ],
            ) || parsed.has(Some('o'), &[])
                || parsed.has(Some('a'), &[])
                || parsed
                    .options
                    .iter()
                    .any(|it| it.is(Some('n'), &[]) && it.value == Some("v"));
            if tamed {
                continue;
            }
            let Some(word) = util::name_word(cmd.command) else {
                continue;
            };
            let range = cmd.source(instruction, word.range);
            let diagnostic = RULE.diagnostic(
                range,
                "`wget` without `--progress=dot:giga`, `-q` or `-nv` writes a progress line per 50 KB to the build log",
            );
            let fix = util::after_word(ctx, instruction, cmd.run, word).map(|at| {
                let busybox = matches!(util::package_manager(ctx, idx), Some(PackageManager::Apk))
                    || util::bin_sh(ctx, idx) == util::BinSh::Ash;
                match (
                    busybox
                        && !installs_gnu_wget(
                            ctx,
                            idx,
                            gnu_wget.get_or_insert_with(|| gnu_wget_installs(ctx)),
                        ),
                    util::root_image(ctx, idx),
                ) {
                    (true, _) => Fix::safe("Add `-q`", vec![TextEdit::insert(at, " -q")]),
                    (false, Some(_)) => Fix::safe(
                        "Add `--progress=dot:giga`",
                        vec![TextEdit::insert(at, " --progress=dot:giga")],
                    ),
                    (false, None) => Fix::unsafe_(
                        "Add `--progress=dot:giga`",
                        vec![TextEdit::insert(at, " --progress=dot:giga")],
                    ),
                }
            });
            acc.push(match fix {
                Some(fix) => diagnostic.with_fix(fix),
                None => diagnostic,
            });
        }
    }
}

/// The `RUN`s that run `apk add ... wget`, replacing BusyBox's `wget`
/// with GNU wget.
fn gnu_wget_installs(ctx: &RuleContext<'_>) -> Vec<usize> {
    util::runs(ctx)
        .filter(|(at, _)| {
            let scripts = ctx.run_scripts(*at);
            let res = commands(scripts).any(|cmd| {
                let effective = cmd.command.effective();
                util::name(cmd.command) == Some("apk")
                    && effective
                        .subcommand(&[])
                        .is_some_and(|it| it.value == "add")
                    && effective
                        .positionals(&[])
                        .iter()
                        .any(|it| it.value == "wget")
            });
            res
        })
        .map(|(at, _)| at)
        .collect()
}

/// One of `installs` comes before `idx` in its stage or a stage it is built from.
fn installs_gnu_wget(ctx: &RuleContext<'_>, idx: usize, installs: &[usize]) -> bool {
    let Some(stage) = ctx.model.stage_of(idx) else {
        return false;
    };
    let mut chain = vec![stage];
    let mut next = ctx.model.stages.get(stage).map(|it| &it.base);
    while let Some(crate::model::Base::Stage(parent)) = next {
        if chain.contains(parent) {
            break;
        }
        chain.push(*parent);
        next = ctx.model.stages.get(*parent).map(|it| &it.base);
    }
    installs
        .iter()
        .any(|&at| at < idx && ctx.model.stage_of(at).is_some_and(|it| chain.contains(&it)))
}
