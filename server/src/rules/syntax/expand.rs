//! Expanding words the way BuildKit does when it dispatches an instruction,
//! and telling apart what is known for certain from what a `--build-arg` or
//! the base image's environment could still change.

use crate::{
    model::{Scope, VarKind},
    rules::RuleContext,
    syntax::{
        shell::{Lexer, ProcessedWord, ShellError},
        InstructionKind,
    },
};

pub(super) struct Expander<'a> {
    ctx: &'a RuleContext<'a>,
    scope: Scope,
    lexer: Lexer,
    /// `FROM` lines and global `ARG`s: only global ARGs and builtins exist,
    /// so a name that is not one of them is unset for sure.
    global: bool,
    /// The stage's whole environment is known (scratch, registry facts).
    env_complete: bool,
}

impl<'a> Expander<'a> {
    /// The expansion BuildKit applies to instruction `idx`.
    pub(super) fn at(ctx: &'a RuleContext<'a>, idx: usize) -> Expander<'a> {
        let is_from = ctx
            .instruction(idx)
            .is_some_and(|it| it.kind == InstructionKind::From);
        let stage = ctx.stage_of(idx);
        let global = is_from || stage.is_none();
        let scope = match is_from {
            true => ctx.model.from_scope(),
            false => ctx.model.scope_at(idx),
        };
        Expander {
            ctx,
            scope,
            lexer: Lexer::new(ctx.parse.escape),
            global,
            env_complete: stage.is_some_and(|it| it.env_complete),
        }
    }

    /// The same scope with the lexer BuildKit uses for heredoc bodies of
    /// `COPY`/`ADD`: backslash escapes, quotes kept as text.
    pub(super) fn for_heredoc(mut self) -> Expander<'a> {
        self.lexer = Lexer {
            skip_process_quotes: true,
            ..Lexer::new('\\')
        };
        self
    }

    pub(super) fn lexer(&self) -> Lexer {
        self.lexer
    }

    /// Expands one word.
    pub(super) fn process(&self, raw: &str) -> Result<ProcessedWord, ShellError> {
        self.lexer
            .process_word(raw, &self.scope.env(&self.ctx.model.defs))
    }

    /// The expanded value when it is known for certain: no error, and every
    /// variable it reads is either set to a value the Dockerfile gives or
    /// certainly unset.
    pub(super) fn known(&self, raw: &str) -> Option<String> {
        if !raw.contains('$') {
            return self.process(raw).ok().map(|it| it.value);
        }
        let word = self.process(raw).ok()?;
        let certain = word.unmatched.iter().all(|it| self.certainly_unset(it))
            && word.matched.iter().all(|it| self.exactly_known(it));
        certain.then_some(word.value)
    }

    /// True when nothing can give `name` a value here.
    pub(super) fn certainly_unset(&self, name: &str) -> bool {
        if self.scope.lookup(name).is_some() || self.scope.is_declared_arg(name) {
            return false;
        }
        self.global || self.env_complete
    }

    /// True when `name`'s value is the one the Dockerfile (or the builder)
    /// gives it, not a guess about the base image.
    fn exactly_known(&self, name: &str) -> bool {
        self.scope
            .lookup(name)
            .and_then(|id| self.ctx.model.defs.get(id))
            .is_some_and(|def| def.kind != VarKind::BaseImage)
    }

    /// False for `${NAME:?message}` errors whose NAME might be set after all
    /// (a `--build-arg`, the base image's environment); true for every other
    /// error, which no value can fix.
    pub(super) fn error_is_certain(&self, raw: &str, error: &ShellError) -> bool {
        let Some(name) = required_variable(raw, error, &self.lexer) else {
            return true;
        };
        match self.scope.lookup(&name) {
            // Set, but empty under `:?`: certain when an ENV or the builder
            // set it, not when a build arg could override it.
            Some(id) => self
                .ctx
                .model
                .defs
                .get(id)
                .is_some_and(|def| matches!(def.kind, VarKind::Env | VarKind::Builtin)),
            None => self.certainly_unset(&name),
        }
    }
}

/// The NAME of a `${NAME?...}`/`${NAME:?...}` that `error` comes from.
pub(super) fn required_variable(raw: &str, error: &ShellError, lexer: &Lexer) -> Option<String> {
    lexer
        .variable_references(raw)
        .into_iter()
        .find(|it| {
            it.range.start == error.offset
                && matches!(it.modifier.as_deref(), Some("?" | ":?"))
                && error.message.starts_with(&format!("{}: ", it.name))
        })
        .map(|it| it.name)
}
