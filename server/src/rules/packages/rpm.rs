//! What the yum and dnf rules share: the two tools take the same commands,
//! options and package specs.

use super::{
    classify::{self, DnfTool, Invocation},
    common::{self, is_path},
};
use crate::{
    model::size,
    rules::{Diagnostic, Fix, Rule, RuleContext},
    syntax::{script::Command, TextRange},
};

/// Which rpm front end a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    Yum,
    /// dnf, dnf5 and microdnf.
    Dnf,
}

impl Family {
    fn invocation<'a>(self, command: &'a Command) -> Option<(&'static str, Invocation<'a>)> {
        match self {
            Family::Yum => classify::yum(command).map(|it| ("yum", it)),
            Family::Dnf => classify::dnf(command).map(|(tool, inv)| {
                let name = match tool {
                    DnfTool::Microdnf => "microdnf",
                    DnfTool::Dnf => match inv.eff.name() {
                        Some("dnf5") => "dnf5",
                        _ => "dnf",
                    },
                };
                (name, inv)
            }),
        }
    }

    fn needles(self) -> &'static [&'static str] {
        match self {
            Family::Yum => &["yum"],
            Family::Dnf => &["dnf"],
        }
    }
}

/// `name-version[-release][.arch]`, as hadolint's DL3041 reads it: after
/// the first `-`, only version characters, and a part starting with a digit.
/// `.rpm` files, paths, URLs, `@group`s and variables only the shell knows
/// are not judged.
pub(super) fn pinned(package: &str) -> bool {
    if package.ends_with(".rpm")
        || is_path(package)
        || package.contains("://")
        || package.starts_with('@')
    {
        return true;
    }
    let mut parts = package.split('-');
    parts.next();
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && rest.iter().all(|part| {
            part.chars().all(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '.' | '~' | '^' | '_' | ':' | '+')
            })
        })
        && rest
            .iter()
            .any(|part| part.starts_with(|c: char| c.is_ascii_digit()))
}

/// Modules are pinned by a stream: `nodejs:20`.
fn module_pinned(module: &str) -> bool {
    module.contains(':')
}

/// Actions that may ask "Is this ok [y/N]".
fn prompts(action: &str) -> bool {
    classify::rpm_changes(action)
        || matches!(
            action,
            "remove"
                | "erase"
                | "autoremove"
                | "groupremove"
                | "group remove"
                | "groups remove"
                | "module remove"
                | "module reset"
                | "module disable"
        )
}

/// DL3030/DL3038: an action that may ask, without `-y`.
pub(super) fn check_yes(
    ctx: &RuleContext<'_>,
    acc: &mut Vec<Diagnostic>,
    rule: &'static Rule,
    family: Family,
) {
    let writers = common::config_writers(ctx, |text| {
        let text = text.to_ascii_lowercase();
        (text.contains("dnf.conf") || text.contains("yum.conf"))
            && [
                "assumeyes=1",
                "assumeyes=true",
                "assumeyes = 1",
                "assumeyes = true",
            ]
            .iter()
            .any(|it| text.contains(it))
    });
    for run in common::runs(ctx, family.needles()) {
        for cmd in run.commands() {
            let Some((tool, inv)) = family.invocation(cmd.command) else {
                continue;
            };
            if tool == "microdnf" {
                // microdnf never asks: `-y` is accepted and ignored.
                continue;
            }
            let (action, _) = classify::rpm_action(&inv);
            let (Some(program), Some(sub)) = (inv.program(), inv.sub()) else {
                continue;
            };
            if !prompts(&action)
                || inv.has_flag(&['y'], &["assumeyes"])
                || inv.has_arg(&["--setopt=assumeyes=1", "--setopt=assumeyes=True"])
                || common::fed_by_yes(&cmd)
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
            let diagnostic = rule.diagnostic(
                range,
                format!("`{tool} {action}` runs without `-y`: when it asks \"Is this ok\", the build aborts"),
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

/// DL3033/DL3041: packages and modules of `install` without a version.
pub(super) fn check_pins(
    ctx: &RuleContext<'_>,
    acc: &mut Vec<Diagnostic>,
    rule: &'static Rule,
    family: Family,
) {
    for run in common::runs(ctx, family.needles()) {
        for cmd in run.commands() {
            let Some((tool, inv)) = family.invocation(cmd.command) else {
                continue;
            };
            let (action, operands) = classify::rpm_action(&inv);
            let (check, hint): (fn(&str) -> bool, &str) = match action.as_str() {
                "module install" => (module_pinned, "<module>:<stream>"),
                it if classify::rpm_installs(it) => (pinned, "<package>-<version>"),
                _ => continue,
            };
            for it in common::unpinned(ctx, &run, cmd.script, &operands, check) {
                acc.push(rule.diagnostic(
                    it.range,
                    format!(
                        "{tool} package {} is not pinned to a version: use `{hint}`",
                        it.shown
                    ),
                ));
            }
        }
    }
}

/// DL3032/DL3040: a download without `clean all` after it.
pub(super) fn check_clean(
    ctx: &RuleContext<'_>,
    acc: &mut Vec<Diagnostic>,
    rule: &'static Rule,
    family: Family,
) {
    let dirs: &[&str] = match family {
        Family::Yum => &["/var/cache/yum"],
        Family::Dnf => &["/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum"],
    };
    let cleans = |command: &Command| {
        let clean_all = family.invocation(command).is_some_and(|(_, inv)| {
            inv.sub_name() == "clean" && inv.operands().iter().any(|it| it.value == "all")
        });
        clean_all || common::removes(command, dirs)
    };
    common::leftovers(
        ctx,
        family.needles(),
        &["clean", "/var/cache"],
        |_, cmd| {
            family
                .invocation(cmd.command)
                .is_some_and(|(_, inv)| classify::rpm_changes(&classify::rpm_action(&inv).0))
        },
        cleans,
        |run| dirs.iter().any(|dir| common::mount_covers(ctx, run, dir)),
        |run, left, later| {
            let Some(first) = left.first() else {
                return;
            };
            let Some((tool, inv)) = family.invocation(first.command) else {
                return;
            };
            let (action, _) = classify::rpm_action(&inv);
            let range = run.source(first.script, first.command.range);
            let note = common::LaterCleanup::note(&later, "the cached metadata and packages");
            let diagnostic = rule.diagnostic(
                range,
                format!(
                    "`{tool} {action}` keeps its metadata and package cache in the layer (cleaning it saved {} in reported builds): run `{tool} clean all` in this RUN{note}",
                    size::RPM_CACHE_SAVINGS.estimate()
                ),
            );
            let last = left.last().map_or(first.script, |it| it.script);
            let clean = format!("{tool} clean all");
            acc.push(match common::append_command(ctx, run, last, &clean) {
                Some(edit) => diagnostic.with_fix(Fix::unsafe_(
                    format!("Run `{clean}` at the end of this RUN"),
                    vec![edit],
                )),
                None => diagnostic,
            });
        },
    );
}
