//! hadolint's checks of package-manager commands in `RUN` (apt, apk, pip,
//! npm, gem, yum, dnf, zypper, go): pinning, prompts and caches left behind.
//!
//! `classify` says which package manager a command runs and what it was
//! asked to do; `common` finds the commands of every `RUN`, knows which
//! layers ship, reads cache mounts and variables, and builds fixes; `rpm`
//! holds what the yum and dnf rules share.

mod apk_cache;
mod apk_unpinned;
mod apt_command;
mod apt_lists;
mod apt_recommends;
mod apt_unpinned;
mod apt_yes;
mod classify;
mod common;
mod dnf_clean;
mod dnf_unpinned;
mod dnf_yes;
mod gem_unpinned;
mod go_unpinned;
mod npm_unpinned;
mod pip_cache;
mod pip_unpinned;
mod rpm;
mod yarn_cache;
mod yum_clean;
mod yum_unpinned;
mod yum_yes;
mod zypper_clean;
mod zypper_dist_upgrade;
mod zypper_unpinned;
mod zypper_yes;

use super::Rule;

pub(super) static RULES: &[&Rule] = &[
    &apt_unpinned::RULE,
    &apt_lists::RULE,
    &pip_unpinned::RULE,
    &apt_yes::RULE,
    &apt_recommends::RULE,
    &npm_unpinned::RULE,
    &apk_unpinned::RULE,
    &apk_cache::RULE,
    &apt_command::RULE,
    &gem_unpinned::RULE,
    &yum_yes::RULE,
    &yum_clean::RULE,
    &yum_unpinned::RULE,
    &zypper_yes::RULE,
    &zypper_dist_upgrade::RULE,
    &zypper_clean::RULE,
    &zypper_unpinned::RULE,
    &dnf_yes::RULE,
    &dnf_clean::RULE,
    &dnf_unpinned::RULE,
    &pip_cache::RULE,
    &yarn_cache::RULE,
    &go_unpinned::RULE,
];
