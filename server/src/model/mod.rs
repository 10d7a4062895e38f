//! The semantic model of a Dockerfile: stages and the graph between them,
//! which stage ships, ARG/ENV scopes with BuildKit-exact expansion, resolved
//! base images, and what each stage's WORKDIR/USER/SHELL is at any point.
//!
//! Pure: no IO. Base-image facts come in as data through [`BaseFacts`].

mod base;
mod build;
mod packages;
mod run;
mod scope;
pub mod size;

use std::ops::Range;

use compact_str::CompactString;

pub use base::{BaseConfig, BaseFacts, FactSource, KnowledgeBaseFacts, DEFAULT_PATH};
pub use packages::{packages, Packages, APT_SOURCE};
pub use run::{run_scripts, RunScript};
pub use scope::{
    builtin_args, suggest, Scope, ScopeEnv, VarDef, VarKind, DEFAULT_PLATFORM, NON_ENV_ARGS,
    PROXY_ARGS,
};
pub use size::{
    estimate as estimate_size, BaseSize, Estimate, ItemKind, LayerSize, SizeItem, SizeReport,
    StageRole, StageSize,
};

use crate::{
    images::{ImageRef, RefError},
    syntax::{shell, Parse, TextRange},
};

/// What the caller knows that the Dockerfile does not say.
#[derive(Debug, Clone, Default)]
pub struct ModelOptions {
    /// The stage to build (`--target`): a stage name or index. The last stage
    /// when unset.
    pub target: Option<String>,
    /// `--build-arg` values.
    pub build_args: Vec<(String, String)>,
}

/// The analysed Dockerfile.
#[derive(Debug, Clone)]
pub struct Model {
    pub stages: Vec<Stage>,
    /// Every variable definition; scopes refer to these by index.
    pub defs: Vec<VarDef>,
    /// `ARG`s before the first `FROM` (indices into `defs`).
    pub global_args: Vec<usize>,
    /// Instructions before the first `FROM` that are not `ARG`: BuildKit
    /// rejects them.
    pub orphans: Vec<usize>,
    /// Dependencies between stages and on outside images.
    pub edges: Vec<Edge>,
    /// The stage that ships: the target, else the last stage.
    pub target: Option<usize>,
    /// Set when `ModelOptions::target` names no stage.
    pub unknown_target: Option<String>,
    /// Variables BuildKit would report as undefined.
    pub undefined: Vec<UndefinedVar>,
    /// For each top-level instruction, the stage it belongs to.
    instruction_stage: Vec<Option<usize>>,
    global_scope: Scope,
}

/// One build stage: a `FROM` and the instructions up to the next one.
#[derive(Debug, Clone)]
pub struct Stage {
    pub index: usize,
    /// The name after `AS`, as written.
    pub name: Option<CompactString>,
    pub name_range: Option<TextRange>,
    /// The `FROM` instruction (index into `Parse::instructions`).
    pub from: usize,
    /// The instructions of the stage, `FROM` included.
    pub instructions: Range<usize>,
    pub base: Base,
    /// `FROM --platform=...`, raw and expanded.
    pub platform: Option<Expanded>,
    /// What the base hands the stage: facts from the knowledge base, the
    /// registry or a parent stage.
    pub base_config: BaseConfig,
    /// True when every variable the stage can see is known, so an unknown
    /// one is really undefined.
    pub env_complete: bool,
    /// `WORKDIR` after each instruction that changes it: `(instruction, path)`.
    /// The first entry is the base's.
    pub workdirs: Vec<(usize, String)>,
    /// `USER` after each instruction that changes it, first entry the base's.
    pub users: Vec<(usize, String)>,
    /// `SHELL` after each instruction that changes it, first entry the default.
    pub shells: Vec<(usize, Vec<String>)>,
    /// The last `CMD`, `ENTRYPOINT` and `HEALTHCHECK` of the stage.
    pub cmd: Option<usize>,
    pub entrypoint: Option<usize>,
    pub healthcheck: Option<usize>,
    /// Definitions in effect from the start of the stage, then each
    /// `(instruction, definition)` in order.
    pub(crate) initial_defs: Vec<usize>,
    pub(crate) def_events: Vec<(usize, usize)>,
}

/// What a stage is built `FROM`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// An earlier stage.
    Stage(usize),
    /// `FROM scratch`: an empty filesystem.
    Scratch,
    /// An image from a registry.
    Image(BaseImage),
    /// `FROM` with nothing after it.
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseImage {
    /// The reference as written and after expansion with global ARGs.
    pub expanded: Expanded,
    /// The parsed reference, or why it is invalid.
    pub reference: Result<ImageRef, RefError>,
}

/// A word as written and as BuildKit expands it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    pub raw: String,
    pub range: TextRange,
    /// The expanded value; the error when BuildKit's lexer rejects it.
    pub value: Result<String, shell::ShellError>,
    /// Variables referenced but not set.
    pub unmatched: Vec<String>,
}

impl Expanded {
    /// The expanded value, or the raw text if expansion failed.
    pub fn value_or_raw(&self) -> &str {
        self.value.as_deref().unwrap_or(&self.raw)
    }
}

/// A dependency of a stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The stage that depends.
    pub stage: usize,
    pub target: EdgeTarget,
    pub kind: EdgeKind,
    /// The instruction that creates it.
    pub instruction: usize,
    /// The reference in the source (`--from` value, `FROM` image).
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EdgeTarget {
    Stage(usize),
    /// An outside image or build context, by the name written.
    External(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// `FROM <stage>`.
    From,
    /// `COPY --from=<stage>`.
    CopyFrom,
    /// `RUN --mount=...,from=<stage>`.
    MountFrom,
}

/// A variable BuildKit's `UndefinedVar` (or `UndefinedArgInFrom`) check
/// would report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndefinedVar {
    pub instruction: usize,
    pub name: String,
    /// The `$NAME`/`${NAME}` reference in the source.
    pub range: TextRange,
    /// A near-miss among defined names.
    pub suggestion: Option<String>,
    /// True for a `FROM` line (only global ARGs and builtins count there).
    pub in_from: bool,
    /// True when the stage's environment is fully known; otherwise the name
    /// might come from the base image.
    pub certain: bool,
}

/// Analyses a parsed Dockerfile.
pub fn analyze(text: &str, parse: &Parse, options: &ModelOptions, facts: &dyn BaseFacts) -> Model {
    build::Builder::new(text, parse, options, facts).run()
}

impl Model {
    /// The stage an instruction belongs to.
    pub fn stage_of(&self, instruction: usize) -> Option<usize> {
        self.instruction_stage.get(instruction).copied().flatten()
    }

    pub fn stage(&self, index: usize) -> Option<&Stage> {
        self.stages.get(index)
    }

    /// The stage that ships.
    pub fn target_stage(&self) -> Option<&Stage> {
        self.target.and_then(|it| self.stages.get(it))
    }

    /// True when the stage is the one that ships.
    pub fn ships(&self, stage: usize) -> bool {
        self.target == Some(stage)
    }

    /// True when the stage's layers end up in the shipped image: it is the
    /// shipped stage, or one the shipped stage is built `FROM`.
    pub fn ships_layers_of(&self, stage: usize) -> bool {
        let mut current = self.target;
        for _ in 0..=self.stages.len() {
            let Some(it) = current else {
                return false;
            };
            if it == stage {
                return true;
            }
            current = match self.stages.get(it).map(|it| &it.base) {
                Some(Base::Stage(parent)) => Some(*parent),
                _ => None,
            };
        }
        false
    }

    /// The stage named `name` (case-insensitive, as BuildKit matches) that is
    /// declared before `before`.
    pub fn stage_by_name(&self, name: &str, before: usize) -> Option<&Stage> {
        self.stages[..before.min(self.stages.len())]
            .iter()
            .rev()
            .find(|it| {
                it.name
                    .as_deref()
                    .is_some_and(|it| it.eq_ignore_ascii_case(name))
            })
    }

    /// Stages the target needs, directly or not (the target included).
    pub fn reachable(&self) -> Vec<bool> {
        let mut seen = vec![false; self.stages.len()];
        let mut todo: Vec<usize> = self.target.into_iter().collect();
        while let Some(stage) = todo.pop() {
            if std::mem::replace(&mut seen[stage], true) {
                continue;
            }
            for edge in self.edges.iter().filter(|it| it.stage == stage) {
                if let EdgeTarget::Stage(dep) = edge.target {
                    todo.push(dep);
                }
            }
        }
        seen
    }

    /// Stages that depend on `stage` directly.
    pub fn dependents(&self, stage: usize) -> impl Iterator<Item = &Edge> {
        self.edges
            .iter()
            .filter(move |it| it.target == EdgeTarget::Stage(stage))
    }

    /// The variables visible just before `instruction` runs.
    pub fn scope_at(&self, instruction: usize) -> Scope {
        // Past the last instruction means "at the end of the last stage".
        let stage = match instruction >= self.instruction_stage.len() {
            true => self.stages.len().checked_sub(1),
            false => self.stage_of(instruction),
        };
        match stage.and_then(|it| self.stages.get(it)) {
            Some(stage) => self.stage_scope(stage, instruction),
            None => self.global_scope_at(instruction),
        }
    }

    /// The variables visible at the end of `stage`.
    pub fn stage_end_scope(&self, stage: usize) -> Scope {
        match self.stages.get(stage) {
            Some(it) => self.stage_scope(it, usize::MAX),
            None => Scope::default(),
        }
    }

    fn stage_scope(&self, stage: &Stage, instruction: usize) -> Scope {
        let mut scope = Scope::default();
        for &id in &stage.initial_defs {
            if let Some(def) = self.defs.get(id) {
                scope.define(def, id);
            }
        }
        for &(at, id) in &stage.def_events {
            if at >= instruction {
                break;
            }
            if let Some(def) = self.defs.get(id) {
                scope.define(def, id);
            }
        }
        scope
    }

    /// Global ARGs (and builtins) visible to a `FROM` or global `ARG`.
    fn global_scope_at(&self, instruction: usize) -> Scope {
        let mut scope = self.global_scope.clone();
        for &id in &self.global_args {
            let Some(def) = self.defs.get(id) else {
                continue;
            };
            if def.instruction.is_some_and(|at| at < instruction) {
                scope.define(def, id);
            }
        }
        scope
    }

    /// The scope `FROM` lines expand with: every global ARG and builtin.
    pub fn from_scope(&self) -> Scope {
        self.global_scope_at(usize::MAX)
    }

    /// Expands `word` (as written) the way BuildKit would at `instruction`.
    pub fn expand(
        &self,
        parse: &Parse,
        instruction: usize,
        word: &str,
    ) -> Result<String, shell::ShellError> {
        let scope = self.scope_at(instruction);
        let lexer = shell::Lexer::new(parse.escape);
        lexer
            .process_word(word, &scope.env(&self.defs))
            .map(|it| it.value)
    }

    /// The working directory in effect when `instruction` runs.
    pub fn workdir_at(&self, instruction: usize) -> Option<&str> {
        let stage = self.stages.get(self.stage_of(instruction)?)?;
        state_at(&stage.workdirs, instruction).map(String::as_str)
    }

    /// The user in effect when `instruction` runs.
    pub fn user_at(&self, instruction: usize) -> Option<&str> {
        let stage = self.stages.get(self.stage_of(instruction)?)?;
        state_at(&stage.users, instruction).map(String::as_str)
    }

    /// The shell that runs shell-form instructions at `instruction`.
    pub fn shell_at(&self, instruction: usize) -> Option<&[String]> {
        let stage = self.stages.get(self.stage_of(instruction)?)?;
        state_at(&stage.shells, instruction).map(Vec::as_slice)
    }
}

impl Stage {
    /// The name if it has one, else its index, as `COPY --from` accepts it.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => name.to_string(),
            None => self.index.to_string(),
        }
    }

    /// The final working directory, user and shell of the stage.
    pub fn final_workdir(&self) -> &str {
        self.workdirs.last().map_or("/", |it| it.1.as_str())
    }

    pub fn final_user(&self) -> &str {
        self.users.last().map_or("root", |it| it.1.as_str())
    }

    /// The image reference when the stage is built from an image.
    pub fn base_image(&self) -> Option<&ImageRef> {
        match &self.base {
            Base::Image(image) => image.reference.as_ref().ok(),
            _ => None,
        }
    }
}

/// The value set by the last change strictly before `instruction` (the first
/// entry, the base's, applies from the start).
fn state_at<T>(changes: &[(usize, T)], instruction: usize) -> Option<&T> {
    let idx = changes.partition_point(|(at, _)| *at < instruction);
    changes
        .get(idx.saturating_sub(1))
        .or(changes.first())
        .map(|it| &it.1)
}
