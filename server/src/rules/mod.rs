//! The rules: a registry of checks, one file each, and the engine that runs
//! them, applies configuration and in-file suppression, and sorts the result.
//!
//! Codes: hadolint's `DLxxxx` where a check means the same as hadolint's (so
//! pragmas and `.hadolint.yaml` keep working), BuildKit's check names for
//! BuildKit's checks, and `DKxxxx` for docklens's own: `DK1xxx` for what
//! BuildKit rejects, `DK2xxx`/`DK3xxx` for image size and runtime mistakes.

mod buildkit;
mod config;
mod context;
mod diagnostic;
pub(crate) mod dockerignore;
pub mod docs;
mod hadolint;
mod packages;
mod registry;
mod rule;
mod shell;
mod size;
mod suppress;
mod syntax;

pub use config::{Config, LabelType, RuleSetting};
pub use context::{Environment, RuleContext};
pub use diagnostic::{Applicability, Diagnostic, Fix, Related, Tags};
pub use registry::{all_rules, find_rule};
pub use rule::{kebab, Category, Enabled, FixAvailability, Origin, Rule, Severity};
pub use suppress::{parse_pragma, CheckSettings, Pragma, PragmaKind, Suppressions};

use crate::{model::Model, syntax::Parse};

/// Runs every enabled rule and returns the findings that survive
/// configuration and suppression, sorted by position then code.
pub fn check(
    text: &str,
    parse: &Parse,
    model: &Model,
    config: &Config,
    environment: &Environment,
) -> Vec<Diagnostic> {
    let suppressions = Suppressions::collect(text, parse);
    let ctx = RuleContext {
        text,
        size: std::sync::OnceLock::new(),
        scripts: parse
            .instructions
            .iter()
            .map(|_| std::sync::OnceLock::new())
            .collect(),
        parse,
        model,
        config,
        environment,
        posix_shell: suppressions.shell.is_none(),
    };
    let mut res = Vec::new();
    let mut found = Vec::new();
    for rule in all_rules() {
        let setting = config.setting(rule);
        let enabled = match setting {
            Some(RuleSetting::Off) => false,
            Some(RuleSetting::Severity(_)) => true,
            None => rule.enabled == Enabled::Yes || suppressions.enables(rule),
        };
        if !enabled {
            continue;
        }
        found.clear();
        (rule.check)(&ctx, &mut found);
        for mut diagnostic in found.drain(..) {
            let instruction = parse.instruction_index_at(diagnostic.range.start());
            if suppressions.suppresses(&diagnostic, instruction, !config.disable_ignore_pragma) {
                continue;
            }
            if let Some(RuleSetting::Severity(severity)) = setting {
                diagnostic.severity = severity;
            } else if suppressions.promotes_to_error(rule, instruction) {
                diagnostic.severity = Severity::Error;
            }
            res.push(diagnostic);
        }
    }
    res.sort_by(|a, b| {
        (a.range.start(), a.range.end(), a.code).cmp(&(b.range.start(), b.range.end(), b.code))
    });
    res.dedup();
    res
}
