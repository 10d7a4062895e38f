//! Base-image knowledge: image-reference parsing and the embedded table of
//! base images (sizes, libc, shell, config defaults, runtime alternatives).
//!
//! This layer depends on nothing else in the crate, so every other layer can
//! ask "what is `golang:1.22-alpine`?" without pulling in the parser.
//!
//! ```
//! use docklens::images::{lookup_str, Libc};
//!
//! let m = lookup_str("golang:1.22.3-alpine3.19").unwrap();
//! let golang = m.entry().unwrap();
//! assert_eq!(golang.id, "golang-alpine");
//! assert_eq!(golang.libc(), Libc::Musl);
//! assert_eq!(golang.default_workdir("1.22.3-alpine3.19"), "/go");
//! ```

mod entry;
mod glob;
mod kb;
pub mod reference;
pub mod registry;

pub use entry::{
    Basis, Ecosystem, EffectiveConfig, ImageConfig, ImageEntry, Libc, PackageManager, Role,
    SizeFact, TagOverride,
};
pub use glob::{Glob, GlobError};
pub use kb::{
    knowledge_base, lookup, lookup_str, How, KnowledgeBase, LoadError, Match, Matched, TagSource,
    IMAGES_TOML, SCRATCH_ID,
};
pub use reference::{ImageRef, RefError, DOCKER_HUB, MAX_REPOSITORY_LEN};
