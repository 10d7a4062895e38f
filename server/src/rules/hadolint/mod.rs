//! hadolint's checks that need no ShellCheck, under hadolint's `DLxxxx` codes.

mod workdir_relative;

use super::Rule;

pub(super) static RULES: &[&Rule] = &[&workdir_relative::RULE];
