//! BuildKit's build checks (`docker build --check`), under BuildKit's names.

mod stage_name_casing;

use super::Rule;

pub(super) static RULES: &[&Rule] = &[&stage_name_casing::RULE];
