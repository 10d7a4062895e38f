//! What a stage starts with when it is built `FROM` an image: working
//! directory, user, environment, entrypoint. The model takes these facts as
//! data so that registry lookups (done elsewhere, off the analysis path) can
//! replace the knowledge base's typical values.

use crate::images::{self, ImageRef};

/// Where a base image's facts came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactSource {
    /// The embedded knowledge base: typical for the image family.
    KnowledgeBase,
    /// The registry, for this exact tag and platform.
    Registry,
    /// `scratch` or an earlier stage: known exactly.
    Exact,
}

/// The image config a stage starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseConfig {
    pub workdir: String,
    pub user: String,
    pub env: Vec<(String, String)>,
    /// True when `env` is the image's whole environment, so a variable not in
    /// it is really undefined (registry facts, `scratch`).
    pub env_complete: bool,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    /// `None` when unknown.
    pub has_shell: Option<bool>,
    pub source: FactSource,
}

impl BaseConfig {
    /// What `FROM scratch` starts with: nothing at all.
    pub fn scratch() -> BaseConfig {
        BaseConfig {
            workdir: "/".into(),
            user: "root".into(),
            env: Vec::new(),
            env_complete: true,
            entrypoint: Vec::new(),
            cmd: Vec::new(),
            has_shell: Some(false),
            source: FactSource::Exact,
        }
    }

    /// An image nobody knows: Docker's defaults and the PATH every Linux image sets.
    pub fn unknown() -> BaseConfig {
        BaseConfig {
            workdir: "/".into(),
            user: "root".into(),
            env: vec![("PATH".into(), DEFAULT_PATH.into())],
            env_complete: false,
            entrypoint: Vec::new(),
            cmd: Vec::new(),
            has_shell: None,
            source: FactSource::KnowledgeBase,
        }
    }
}

/// The PATH BuildKit gives a stage whose image sets none.
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// A source of base-image facts.
pub trait BaseFacts {
    /// The config `image` starts a stage with, when known.
    fn config(&self, image: &ImageRef) -> Option<BaseConfig>;
}

/// Facts from the embedded knowledge base only.
#[derive(Debug, Clone, Copy, Default)]
pub struct KnowledgeBaseFacts;

impl BaseFacts for KnowledgeBaseFacts {
    fn config(&self, image: &ImageRef) -> Option<BaseConfig> {
        if image.is_scratch() {
            return Some(BaseConfig::scratch());
        }
        let entry = images::lookup(image).entry()?;
        let tag = image.tag_or_latest();
        let effective = entry.config_for(tag);
        let mut env: Vec<(String, String)> = entry
            .config
            .env
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !env.iter().any(|(k, _)| k == "PATH") {
            env.push(("PATH".into(), DEFAULT_PATH.into()));
        }
        Some(BaseConfig {
            workdir: effective.workdir.to_owned(),
            user: effective.user.to_owned(),
            env,
            env_complete: false,
            entrypoint: effective.entrypoint.to_vec(),
            cmd: effective.cmd.to_vec(),
            has_shell: Some(entry.has_shell(tag)),
            source: FactSource::KnowledgeBase,
        })
    }
}
