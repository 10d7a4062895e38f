use super::{apt_yes, classify, common};
use crate::{
    model::size,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{script::ScriptWord, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3015",
    name: "apt-install-recommends",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Size,
    severity: Severity::Info,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Use `--no-install-recommends` with `apt-get install` in the image that ships",
    docs: r#"## What it does
Flags `apt-get install` (and `apt install`) without `--no-install-recommends` in a layer that
ships: the target stage and the stages it is built `FROM`. `-o APT::Install-Recommends=false`
and an `apt.conf.d` snippet turning `APT::Install-Recommends` off, written by an earlier
instruction of the stage, count as the flag.

## Why is this bad?
apt installs every "Recommends" of the packages too: documentation, optional tools, whole
toolchains. Measured costs range from 2 MB (dogecoin/docker#21) and 18 MB (src-d/gitbase#586)
to ≈ 40 MB (RPi-Distro/pi-gen#383) and 100–110 MB (internetarchive/openlibrary#12047,
dependabot-core#3916). For the packages docklens measured on Debian 12
(`server/data/packages.toml`) the message gives their own figure: `git` pulls in 15 MB of
recommends, `build-essential` 79 MB.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y curl=7.88.1-10+deb12u12 \
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
The fix adds `--no-install-recommends` and is unsafe: the image gets fewer packages, and
software that relied on a recommended package (CA certificates for `curl`, say) can break at
run time.

## Differences from hadolint
hadolint flags every stage. docklens flags only layers that ship: recommended packages in a
builder stage cost build time, not image size, and are often wanted there. `-o
APT::Install-Recommends=0` and earlier `apt.conf.d` snippets are understood.

## References
- hadolint [DL3015](https://github.com/hadolint/hadolint/wiki/DL3015)
- [Docker: build best practices, apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let shipped = common::shipped_stages(ctx);
    let writers = common::config_writers(ctx, |text| {
        apt_yes::conf_sets(text, "Install-Recommends", false)
    });
    for run in common::runs(ctx, &["apt"]) {
        if !common::layer_ships(ctx, &shipped, &run) {
            continue;
        }
        for cmd in run.commands() {
            let Some((_, inv)) = classify::apt_install(cmd.command) else {
                continue;
            };
            let (Some(program), Some(sub)) = (inv.program(), inv.sub()) else {
                continue;
            };
            let off = inv.has_flag(&[], &["no-install-recommends"])
                || apt_yes::apt_options(&inv).iter().any(|(name, value)| {
                    name.eq_ignore_ascii_case("APT::Install-Recommends")
                        && !apt_yes::apt_true(value)
                });
            if off {
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
                    "`{tool} install` also installs recommended packages ({}): add `--no-install-recommends`",
                    recommends_cost(&inv.operands())
                ),
            );
            acc.push(
                match common::insert_after_word(
                    ctx,
                    &run,
                    cmd.script,
                    sub,
                    "--no-install-recommends",
                ) {
                    Some(edit) => diagnostic
                        .with_fix(Fix::unsafe_("Add `--no-install-recommends`", vec![edit])),
                    None => diagnostic,
                },
            );
        }
    }
}

/// What the recommended packages of `operands` add, from the measured
/// table where it knows them, else the range projects reported.
fn recommends_cost(operands: &[&ScriptWord]) -> String {
    let packages: Vec<&str> = operands
        .iter()
        .map(|it| it.value.as_str())
        .filter(|it| !it.contains('$') && !common::is_path(it))
        .collect();
    let known: Vec<(&str, f64)> = packages
        .iter()
        .filter_map(|it| {
            let bare = it.split(['=', '/']).next().unwrap_or(it);
            Some((bare, size::apt_recommends_extra(it)?))
        })
        .collect();
    if known.is_empty() {
        return format!(
            "{} more in reported cases",
            size::APT_RECOMMENDS_SAVINGS.estimate()
        );
    }
    let names: Vec<String> = known.iter().map(|(name, _)| format!("`{name}`")).collect();
    let names = match names.len() {
        1 => names.join(""),
        2..=3 => format!(
            "{} and {}",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        ),
        n => format!("{} and {} more", names[..2].join(", "), n - 2),
    };
    let total: f64 = known.iter().map(|(_, mb)| mb).sum();
    let others = match known.len() < packages.len() {
        true => "; the other packages were not measured",
        false => "",
    };
    if total >= 0.05 {
        format!(
            "≈ {} more for {names}, measured on Debian 12{others}",
            size::format_mb(total)
        )
    } else if total > 0.0 {
        format!("next to nothing for {names} on Debian 12{others}")
    } else {
        format!("none for {names} on Debian 12{others}")
    }
}
