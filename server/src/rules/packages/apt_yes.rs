use super::{
    classify::{self, Invocation},
    common,
};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::TextRange,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3014",
    name: "apt-get-install-without-yes",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Run `apt-get install` with `-y` so it does not wait for an answer",
    docs: r#"## What it does
Flags `apt-get` (and `apt`) commands that may ask "Do you want to continue? [Y/n]" — `install`,
`reinstall`, `upgrade`, `dist-upgrade`, `full-upgrade`, `build-dep` — without an answer:
`-y`, `--yes`, `--assume-yes`, a quiet level of 2 (`-qq`, which implies `-y`),
`-o APT::Get::Assume-Yes=true`, `yes |` in front, or an `apt.conf` snippet setting
`APT::Get::Assume-Yes` written by an earlier instruction of the stage. Simulations (`-s`) are
not flagged.

## Why is this bad?
A build has no terminal: apt reads the answer from an empty stdin, prints `Abort.` and fails
the `RUN` as soon as the command needs more than the named packages (dependencies, upgrades),
which is almost always.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install --no-install-recommends curl=7.88.1-10+deb12u12 \
    && rm -rf /var/lib/apt/lists/*
```

Use instead:
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12 \
    && rm -rf /var/lib/apt/lists/*
```

## Fix safety
The fix adds `-y` after the subcommand and is safe: a build that works today never reaches the
prompt (or answers it some other way), so `-y` changes nothing for it; a build that reaches
the prompt aborts and produces no image.

## Differences from hadolint
- A single `-q` does not answer the prompt (only `-qq` does, per apt-get(8)); hadolint accepts
  `-q`.
- `-o APT::Get::Assume-Yes=true`, `yes |` and an earlier `apt.conf.d` snippet count as an
  answer; hadolint flags them.
- `upgrade`, `dist-upgrade`, `full-upgrade`, `reinstall`, `build-dep` and `apt install` are
  checked too, and so are commands behind `sudo`/`env` and in `sh -c`.

## References
- hadolint [DL3014](https://github.com/hadolint/hadolint/wiki/DL3014)
- [apt-get(8)](https://manpages.debian.org/bookworm/apt/apt-get.8.en.html)
"#,
    check,
};

/// Subcommands that ask before changing packages.
const PROMPTS: &[&str] = &[
    "install",
    "reinstall",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "build-dep",
];

/// apt's boolean "true".
pub(super) fn apt_true(value: &str) -> bool {
    matches!(
        value
            .trim_matches(['"', '\'', ';', ' '])
            .to_ascii_lowercase()
            .as_str(),
        "true" | "yes" | "1" | "on" | "with" | "enable"
    )
}

/// The `-o Name=value` settings of an apt command.
pub(super) fn apt_options<'a>(inv: &Invocation<'a>) -> Vec<(&'a str, &'a str)> {
    let args = inv.eff.args();
    let mut res = Vec::new();
    for (i, word) in args.iter().enumerate() {
        let value = word.value.as_str();
        let setting = match value {
            "-o" | "--option" => args.get(i + 1).map(|it| it.value.as_str()),
            _ => value
                .strip_prefix("--option=")
                .or_else(|| value.strip_prefix("-o")),
        };
        if let Some((name, val)) = setting.and_then(|it| it.split_once('=')) {
            res.push((name, val));
        }
    }
    res
}

/// apt's quiet level: `-q` counts 1, `-qq` 2, `-q=2`/`--quiet=2` set it.
fn quiet_level(inv: &Invocation<'_>) -> u32 {
    let mut level = 0;
    for word in inv.eff.args() {
        let value = word.value.as_str();
        if value == "--" {
            break;
        }
        if let Some(rest) = value.strip_prefix("--quiet") {
            level = match rest.strip_prefix('=') {
                Some(n) => n.parse().unwrap_or(level + 1),
                None => level + 1,
            };
        } else if let Some(cluster) = value.strip_prefix('-').filter(|it| !it.starts_with('-')) {
            if let Some((letters, n)) = cluster.split_once('=') {
                if letters.ends_with('q') {
                    level = n.parse().unwrap_or(level);
                }
            } else if !cluster.starts_with('o')
                && !cluster.starts_with('c')
                && !cluster.starts_with('t')
            {
                level += cluster.chars().filter(|c| *c == 'q').count() as u32;
            }
        }
    }
    level
}

fn answered(inv: &Invocation<'_>) -> bool {
    inv.has_flag(
        &['y', 's'],
        &[
            "yes",
            "assume-yes",
            "simulate",
            "just-print",
            "dry-run",
            "recon",
            "no-act",
        ],
    ) || quiet_level(inv) >= 2
        || apt_options(inv).iter().any(|(name, value)| {
            name.eq_ignore_ascii_case("APT::Get::Assume-Yes") && apt_true(value)
        })
}

/// An `apt.conf` line turning `name` on or off, written by an instruction
/// (its text mentions `apt.conf`: `echo '...' > /etc/apt/apt.conf.d/x`,
/// `COPY <<EOF /etc/apt/apt.conf.d/x`).
pub(super) fn conf_sets(text: &str, name: &str, on: bool) -> bool {
    let lower = text.to_ascii_lowercase();
    if !lower.contains("apt.conf") {
        return false;
    }
    let name = name.to_ascii_lowercase();
    lower.match_indices(&name).any(|(at, _)| {
        let rest = lower.get(at + name.len()..).unwrap_or("");
        let value: String = rest
            .trim_start_matches(['"', '\'', ' ', '=', '\\'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        match on {
            true => apt_true(&value),
            false => matches!(
                value.as_str(),
                "false" | "no" | "0" | "off" | "without" | "disable"
            ),
        }
    })
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let writers = common::config_writers(ctx, |text| conf_sets(text, "Assume-Yes", true));
    for run in common::runs(ctx, &["apt"]) {
        for cmd in run.commands() {
            let Some((_, inv)) = classify::apt(cmd.command) else {
                continue;
            };
            let (Some(program), Some(sub)) = (inv.program(), inv.sub()) else {
                continue;
            };
            if !PROMPTS.contains(&sub.value.as_str()) || answered(&inv) || common::fed_by_yes(&cmd)
            {
                continue;
            }
            if common::configured(ctx, &writers, run.idx) {
                continue;
            }
            let range = run.source(
                cmd.script,
                TextRange::new(program.range.start(), sub.range.end()),
            );
            let tool = program.value.rsplit('/').next().unwrap_or("apt-get");
            let diagnostic = RULE.diagnostic(
                range,
                format!(
                    "`{tool} {}` runs without `-y`: when it asks to continue, the build aborts",
                    sub.value
                ),
            );
            acc.push(
                match common::insert_after_word(ctx, &run, cmd.script, sub, "-y") {
                    Some(edit) => diagnostic.with_fix(Fix::safe("Add `-y`", vec![edit])),
                    None => diagnostic,
                },
            );
        }
    }
}
