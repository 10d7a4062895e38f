//! What a rule's check sees: the text, the parse, the model, the settings,
//! and helpers for the questions rules keep asking.

use super::Config;
use crate::{
    model::{Model, Stage},
    syntax::{Comment, Instruction, Parse, TextRange},
};

/// Inputs that do not come from the Dockerfile itself.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// The build context's `.dockerignore` (or `<Dockerfile>.dockerignore`),
    /// when there is one.
    pub dockerignore: Option<String>,
}

pub struct RuleContext<'a> {
    pub text: &'a str,
    /// The size report, computed on first use by size rules.
    pub(crate) size: std::sync::OnceLock<crate::model::SizeReport>,
    /// Each instruction's shell scripts, split on first use: a dozen rules
    /// read the same `RUN`s.
    pub(crate) scripts: Vec<std::sync::OnceLock<Vec<crate::model::RunScript>>>,
    pub parse: &'a Parse,
    pub model: &'a Model,
    pub config: &'a Config,
    pub environment: &'a Environment,
    /// False after `# hadolint shell=powershell` (or another non-POSIX shell):
    /// rules that read shell commands stay quiet.
    pub posix_shell: bool,
}

impl<'a> RuleContext<'a> {
    /// Every top-level instruction with its index.
    pub fn instructions(&self) -> impl Iterator<Item = (usize, &'a Instruction)> {
        self.parse.instructions.iter().enumerate()
    }

    /// Instructions of one kind.
    pub fn instructions_of(
        &self,
        kind: crate::syntax::InstructionKind,
    ) -> impl Iterator<Item = (usize, &'a Instruction)> {
        self.instructions().filter(move |(_, it)| it.kind == kind)
    }

    pub fn instruction(&self, idx: usize) -> Option<&'a Instruction> {
        self.parse.instructions.get(idx)
    }

    /// The stage an instruction belongs to.
    pub fn stage_of(&self, idx: usize) -> Option<&'a Stage> {
        self.model
            .stage_of(idx)
            .and_then(|it| self.model.stages.get(it))
    }

    /// True when the instruction's layer ends up in the shipped image (its
    /// stage ships, or the shipped stage is built `FROM` it): only those cost
    /// image size, so size and cleanup advice targets them.
    pub fn ships(&self, idx: usize) -> bool {
        self.model
            .stage_of(idx)
            .is_some_and(|stage| self.model.ships_layers_of(stage))
    }

    /// The comment lines directly above an instruction (blank lines end them).
    pub fn comments_before(&self, idx: usize) -> Vec<&'a Comment> {
        let Some(instruction) = self.instruction(idx) else {
            return Vec::new();
        };
        let start_line = instruction.start_line;
        let mut res = Vec::new();
        let mut line = start_line;
        for comment in self
            .parse
            .comments
            .iter()
            .rev()
            .filter(|it| !it.in_continuation && it.range.end() <= instruction.range.start())
        {
            let comment_line = self.line_of(comment.range.start());
            if comment_line + 1 != line {
                break;
            }
            res.push(comment);
            line = comment_line;
        }
        res.reverse();
        res
    }

    /// The 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        let idx = self
            .parse
            .lines
            .partition_point(|it| it.range.end() <= offset);
        idx.min(self.parse.lines.len().saturating_sub(1))
    }

    /// What every stage weighs and why.
    pub fn size(&self) -> &crate::model::SizeReport {
        self.size
            .get_or_init(|| crate::model::estimate_size(self.text, self.parse, self.model))
    }

    /// The shell scripts a `RUN` (or `ONBUILD RUN`) executes; empty after
    /// `# hadolint shell=<non-POSIX shell>`.
    pub fn run_scripts(&self, idx: usize) -> &[crate::model::RunScript] {
        match (
            self.posix_shell,
            self.instruction(idx),
            self.scripts.get(idx),
        ) {
            (true, Some(instruction), Some(cell)) => {
                cell.get_or_init(|| crate::model::run_scripts(self.text, instruction))
            }
            _ => &[],
        }
    }

    /// True when a `RUN` keeps nothing of `dir` in its layer: a cache or
    /// tmpfs mount covers it.
    pub fn mounts_cache_over(&self, idx: usize, dir: &str) -> bool {
        let Some(instruction) = self.instruction(idx) else {
            return false;
        };
        let dir = dir.trim_end_matches('/');
        instruction
            .flags
            .iter()
            .filter(|it| it.name == "mount")
            .any(|flag| {
                let value = flag.value.as_deref().unwrap_or("");
                let mut kind = "bind";
                let mut target = "";
                for field in value.split(',') {
                    let (key, val) = field.split_once('=').unwrap_or((field, ""));
                    match key.to_ascii_lowercase().as_str() {
                        "type" => kind = val,
                        "target" | "dst" | "destination" => target = val,
                        _ => {}
                    }
                }
                let target = target.trim_end_matches('/');
                matches!(kind, "cache" | "tmpfs")
                    && !target.is_empty()
                    && (dir == target || dir.starts_with(&format!("{target}/")))
            })
    }

    /// The source text of a range.
    pub fn slice(&self, range: TextRange) -> &'a str {
        range.slice(self.text)
    }
}
