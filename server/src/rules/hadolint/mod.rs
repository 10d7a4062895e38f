//! hadolint's checks that need no ShellCheck, under hadolint's `DLxxxx` codes.

mod add_for_local_files;
mod copy_whole_filesystem;
mod empty_label;
mod env_same_instruction_reference;
mod from_platform_flag;
mod inline_ignore_pragma;
mod invalid_label_key;
mod label_formats;
mod label_not_email;
mod label_not_git_hash;
mod label_not_rfc3339;
mod label_not_semver;
mod label_not_spdx;
mod label_not_url;
mod last_user_root;
mod latest_tag;
mod missing_healthcheck;
mod missing_label;
mod multi_source_destination;
mod non_numeric_user;
mod relative_copy_without_workdir;
mod spdx;
mod superfluous_label;
mod support;
mod untagged_base_image;
mod untrusted_registry;
mod workdir_relative;

use super::Rule;

pub(super) static RULES: &[&Rule] = &[
    &inline_ignore_pragma::RULE,
    &workdir_relative::RULE,
    &last_user_root::RULE,
    &untagged_base_image::RULE,
    &latest_tag::RULE,
    &add_for_local_files::RULE,
    &multi_source_destination::RULE,
    &untrusted_registry::RULE,
    &from_platform_flag::RULE,
    &env_same_instruction_reference::RULE,
    &relative_copy_without_workdir::RULE,
    &invalid_label_key::RULE,
    &missing_label::RULE,
    &superfluous_label::RULE,
    &empty_label::RULE,
    &label_not_url::RULE,
    &label_not_rfc3339::RULE,
    &label_not_spdx::RULE,
    &label_not_git_hash::RULE,
    &label_not_semver::RULE,
    &missing_healthcheck::RULE,
    &label_not_email::RULE,
    &non_numeric_user::RULE,
    &copy_whole_filesystem::RULE,
];
