//! `DK1xxx`: what BuildKit rejects. The build fails on any of these.

mod unknown_instruction;

use super::Rule;

pub(super) static RULES: &[&Rule] = &[&unknown_instruction::RULE];
