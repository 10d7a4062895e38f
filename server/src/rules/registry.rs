//! Every rule, one table, sorted by code.

use std::sync::OnceLock;

use super::{buildkit, hadolint, packages, shell, size, syntax, Rule};

/// All rules, sorted by code.
pub fn all_rules() -> &'static [&'static Rule] {
    static ALL: OnceLock<Vec<&'static Rule>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<&'static Rule> = [
            syntax::RULES,
            buildkit::RULES,
            hadolint::RULES,
            packages::RULES,
            shell::RULES,
            size::RULES,
        ]
        .into_iter()
        .flatten()
        .copied()
        .collect();
        all.sort_by_key(|it| it.code);
        all
    })
}

/// The rule with this code, name or alias.
pub fn find_rule(code: &str) -> Option<&'static Rule> {
    all_rules()
        .iter()
        .find(|it| it.code.eq_ignore_ascii_case(code))
        .or_else(|| all_rules().iter().find(|it| it.matches(code)))
        .copied()
}
