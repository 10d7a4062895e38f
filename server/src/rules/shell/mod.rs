//! hadolint's checks of other commands in `RUN`: `cd`, `sudo`, `wget` and
//! `curl`, pipes without `pipefail`, layers that could be one.

use super::Rule;

pub(super) static RULES: &[&Rule] = &[];
