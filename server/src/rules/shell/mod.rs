//! hadolint's checks of other commands in `RUN`: `cd`, `sudo`, `wget` and
//! `curl`, pipes without `pipefail`, layers that could be one; and
//! docklens's check of cleanups that come a layer too late.

mod cd;
mod cleanup_later_layer;
mod consecutive_run;
mod copy_then_extract;
mod curl_and_wget;
mod layer_files;
mod ln_bin_sh;
mod pipefail;
mod pointless_command;
mod subshell;
mod sudo;
mod useradd_high_uid;
mod util;
mod wget_progress;

use super::Rule;

pub(super) static RULES: &[&Rule] = &[
    &pointless_command::RULE,
    &cd::RULE,
    &sudo::RULE,
    &copy_then_extract::RULE,
    &useradd_high_uid::RULE,
    &wget_progress::RULE,
    &consecutive_run::RULE,
    &curl_and_wget::RULE,
    &ln_bin_sh::RULE,
    &pipefail::RULE,
    &cleanup_later_layer::RULE,
];
