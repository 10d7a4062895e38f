//! `DK1xxx`: what BuildKit rejects. The build fails on any of these.
//!
//! Also the hadolint checks that mean the same (`DL3011`, `DL3023`,
//! `DL3043`, `DL3061`), under hadolint's codes.
//!
//! Parser errors map to rules one kind each, except `NestingTooDeep`
//! (`ONBUILD ONBUILD …` eight levels deep), which always comes with an
//! `ONBUILD ONBUILD` that DL3043 reports on the outer line.

mod common;
mod expand;
mod go;
mod mount;
mod ports;

mod blank_variable_name;
mod copy_from_own_stage;
mod copy_missing_destination;
mod copy_remote_source;
mod duplicate_directive;
mod duplicate_flag;
mod empty_volume_path;
mod expose_port_out_of_range;
mod flag_missing_value;
mod from_arguments;
mod healthcheck_none_arguments;
mod healthcheck_unknown_type;
mod heredoc_destination;
mod instruction_before_from;
mod invalid_add_checksum;
mod invalid_base_image;
mod invalid_boolean_flag;
mod invalid_chmod;
mod invalid_escape_directive;
mod invalid_expose;
mod invalid_healthcheck_option;
mod invalid_heredoc_delimiter;
mod invalid_mount;
mod invalid_platform;
mod invalid_run_option;
mod invalid_stage_name;
mod invalid_stop_signal;
mod json_array_non_string;
mod key_value_without_equals;
mod key_value_without_value;
mod missing_arguments;
mod missing_command;
mod no_build_stage;
mod onbuild_forbidden_trigger;
mod shell_not_json;
mod unknown_flag;
mod unknown_instruction;
mod unknown_stage_reference;
mod unterminated_heredoc;
mod variable_expansion_error;

use super::Rule;

pub(super) static RULES: &[&Rule] = &[
    &unknown_instruction::RULE,
    &no_build_stage::RULE,
    &key_value_without_value::RULE,
    &key_value_without_equals::RULE,
    &json_array_non_string::RULE,
    &unterminated_heredoc::RULE,
    &invalid_heredoc_delimiter::RULE,
    &duplicate_directive::RULE,
    &invalid_escape_directive::RULE,
    &missing_arguments::RULE,
    &copy_missing_destination::RULE,
    &heredoc_destination::RULE,
    &from_arguments::RULE,
    &invalid_stage_name::RULE,
    &blank_variable_name::RULE,
    &shell_not_json::RULE,
    &missing_command::RULE,
    &healthcheck_unknown_type::RULE,
    &healthcheck_none_arguments::RULE,
    &invalid_healthcheck_option::RULE,
    &unknown_flag::RULE,
    &duplicate_flag::RULE,
    &flag_missing_value::RULE,
    &invalid_boolean_flag::RULE,
    &invalid_run_option::RULE,
    &invalid_mount::RULE,
    &invalid_base_image::RULE,
    &invalid_platform::RULE,
    &unknown_stage_reference::RULE,
    &invalid_expose::RULE,
    &invalid_stop_signal::RULE,
    &variable_expansion_error::RULE,
    &empty_volume_path::RULE,
    &copy_remote_source::RULE,
    &invalid_chmod::RULE,
    &invalid_add_checksum::RULE,
    &expose_port_out_of_range::RULE,
    &copy_from_own_stage::RULE,
    &onbuild_forbidden_trigger::RULE,
    &instruction_before_from::RULE,
];
