//! Base-image knowledge: the embedded table of base images and their sizes.
