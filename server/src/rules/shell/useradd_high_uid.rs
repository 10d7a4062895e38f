use super::util::{self, commands, Getopt};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::TextEdit,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3046",
    name: "useradd-high-uid-lastlog",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Size,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "useradd with a high UID and without -l bloats the image",
    docs: r#"## What it does
Flags `useradd -u <uid>` in the shipped image when the UID is 100000 or more and neither `-l`
nor `--no-log-init` is given. The UID is read after `ARG`/`ENV` expansion (`-u ${UID}` with
`ARG UID=1000` is fine).

## Why is this bad?
`useradd` reserves the new user's record in `/var/log/lastlog` (and `/var/log/faillog`), which
are indexed by UID: the file grows to UID × 292 bytes. On disk it is sparse, but image layers
store it in full, so `useradd -u 1000000` adds ≈ 292 MB to the unpacked image (it compresses
well, so the download barely changes; the disk of every host that runs it does). `-l` skips the
lastlog/faillog records, which containers never use.

Builder stages are not flagged: their layers do not ship. Distributions whose `useradd` no
longer writes lastlog (shadow 4.16+ dropped it) are not affected, but `-l` costs nothing there.

## Example
```dockerfile
FROM debian:12-slim
RUN useradd -u 123456 app
```

Use instead:
```dockerfile
FROM debian:12-slim
RUN useradd -l -u 123456 app
```

## Fix safety
The fix adds `-l`. It is unsafe: the image changes (smaller, and without the user's
lastlog/faillog records).

## References
- hadolint [DL3046](https://github.com/hadolint/hadolint/wiki/DL3046)
- [moby/moby#5419: useradd with a large UID creates a huge image](https://github.com/moby/moby/issues/5419)
"#,
    check,
};

/// `sizeof(struct lastlog)` on Linux: 4-byte time, 32-byte line, 256-byte host.
const LASTLOG_RECORD: u64 = 292;
/// hadolint's threshold: a UID of six digits or more.
const HIGH_UID: u64 = 100_000;

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in util::runs(ctx) {
        if !util::layers_ship(ctx, idx) {
            continue;
        }
        let scripts = ctx.run_scripts(idx);
        for cmd in commands(scripts) {
            if util::name(cmd.command) != Some("useradd") {
                continue;
            }
            let effective = cmd.command.effective();
            let parsed = Getopt::parse(
                effective.args(),
                "bcdefgGkKpRPuU",
                &[
                    "base-dir",
                    "comment",
                    "home-dir",
                    "expiredate",
                    "inactive",
                    "gid",
                    "groups",
                    "skel",
                    "key",
                    "password",
                    "root",
                    "prefix",
                    "shell",
                    "uid",
                    "selinux-user",
                    "btrfs-subvolume-home",
                ],
            );
            if parsed.has(Some('l'), &["no-log-init"]) {
                continue;
            }
            let Some(uid) = parsed.get(Some('u'), &["uid"]) else {
                continue;
            };
            let Some((raw, word)) = uid.value.zip(uid.value_word) else {
                continue;
            };
            let value = match word.has_expansion {
                true => ctx.model.expand(ctx.parse, idx, raw).unwrap_or_default(),
                false => raw.to_owned(),
            };
            let Ok(number) = value.trim().parse::<u64>() else {
                continue;
            };
            if number < HIGH_UID {
                continue;
            }
            let bytes = number.saturating_add(1).saturating_mul(LASTLOG_RECORD);
            let expanded = match value == raw {
                true => String::new(),
                false => format!(" (`{raw}` is {value})"),
            };
            let message = format!(
                "`useradd -u {number}` without `-l`{expanded} writes a {} /var/log/lastlog that \
                 the layer stores in full: add `-l` (`--no-log-init`)",
                megabytes(bytes)
            );
            let range = cmd.source(instruction, word.range);
            let diagnostic = RULE.diagnostic(range, message);
            let name = util::name_word(cmd.command);
            let fix = name
                .and_then(|it| util::after_word(ctx, instruction, cmd.run, it))
                .map(|at| Fix::unsafe_("Add `-l`", vec![TextEdit::insert(at, " -l")]));
            acc.push(match fix {
                Some(fix) => diagnostic.with_fix(fix),
                None => diagnostic,
            });
        }
    }
}

/// `36 MB`, `292 MB`, `1.2 GB`.
fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / 1_000_000.0;
    if mb >= 1000.0 {
        format!("{:.1} GB", mb / 1000.0)
    } else {
        format!("{} MB", mb.round() as u64)
    }
}
