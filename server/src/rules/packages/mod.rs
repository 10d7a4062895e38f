//! hadolint's checks of package-manager commands in `RUN` (apt, apk, pip,
//! npm, gem, yum, dnf, zypper, go): pinning, prompts and caches left behind.

use super::Rule;

pub(super) static RULES: &[&Rule] = &[];
