//! "Split into builder stage".

use super::{Assist, Input};

/// Rewrites `stage` (which builds and ships in one) into a builder stage and
/// a minimal runtime stage, when the build is recognised.
pub fn split_into_builder_stage(input: Input<'_>, stage: usize) -> Option<Assist> {
    let _ = (input, stage);
    None
}
