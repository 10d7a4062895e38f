//! One pass over the instructions that builds the [`Model`].

use super::{
    base::{BaseConfig, BaseFacts, FactSource},
    scope::{builtin_args, suggest, Scope, VarDef, VarKind, NON_ENV_ARGS},
    Base, BaseImage, Edge, EdgeKind, EdgeTarget, Expanded, Model, ModelOptions, Stage,
    UndefinedVar,
};
use crate::{
    images::ImageRef,
    syntax::{shell, Args, Instruction, InstructionKind, Parse, TextRange, Word},
};

/// The shell a stage runs shell-form instructions with until `SHELL` says otherwise.
const DEFAULT_SHELL: [&str; 2] = ["/bin/sh", "-c"];

pub(super) struct Builder<'a> {
    text: &'a str,
    parse: &'a Parse,
    options: &'a ModelOptions,
    facts: &'a dyn BaseFacts,
    lexer: shell::Lexer,
    model: Model,
    /// The scope of the stage being built.
    scope: Scope,
}

impl<'a> Builder<'a> {
    pub(super) fn new(
        text: &'a str,
        parse: &'a Parse,
        options: &'a ModelOptions,
        facts: &'a dyn BaseFacts,
    ) -> Builder<'a> {
        let mut model = Model {
            stages: Vec::new(),
            defs: Vec::new(),
            global_args: Vec::new(),
            orphans: Vec::new(),
            edges: Vec::new(),
            target: None,
            unknown_target: None,
            undefined: Vec::new(),
            instruction_stage: vec![None; parse.instructions.len()],
            global_scope: Scope::default(),
            scripts: parse
                .instructions
                .iter()
                .map(|it| super::run::run_scripts(text, it))
                .collect(),
        };
        for (name, value) in builtin_args() {
            let def = VarDef {
                name: name.into(),
                kind: VarKind::Builtin,
                value: Some(value),
                instruction: None,
                name_range: None,
                value_range: None,
                stage: None,
            };
            let id = model.defs.len();
            model.global_scope.define(&def, id);
            model.defs.push(def);
        }
        Builder {
            text,
            parse,
            options,
            facts,
            lexer: shell::Lexer::new(parse.escape),
            model,
            scope: Scope::default(),
        }
    }

    pub(super) fn run(mut self) -> Model {
        for (idx, instruction) in self.parse.instructions.iter().enumerate() {
            if instruction.kind == InstructionKind::From {
                self.from(idx, instruction);
                continue;
            }
            let Some(stage) = self.model.stages.len().checked_sub(1) else {
                match instruction.kind {
                    InstructionKind::Arg => self.global_arg(idx, instruction),
                    _ => self.model.orphans.push(idx),
                }
                continue;
            };
            self.model.instruction_stage[idx] = Some(stage);
            if let Some(it) = self.model.stages.last_mut() {
                it.instructions.end = idx + 1;
            }
            self.stage_instruction(stage, idx, instruction);
        }
        self.pick_target();
        self.model
    }

    fn push_def(&mut self, def: VarDef) -> usize {
        self.model.defs.push(def);
        self.model.defs.len() - 1
    }

    fn build_arg(&self, name: &str) -> Option<&str> {
        self.options
            .build_args
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn global_arg(&mut self, idx: usize, instruction: &Instruction) {
        let scope = self.model.global_scope_at(idx);
        for kv in instruction.args.key_values() {
            let default = kv.value.as_ref().map(|it| self.expand(&scope, it));
            // `ARG BUILDPLATFORM` with no default, before the first FROM,
            // keeps the automatic value: BuildKit passes the platform
            // arguments like `--build-arg`s.
            let value = match self.build_arg(&kv.key.text) {
                Some(it) => Some(it.to_owned()),
                None => default
                    .as_ref()
                    .map(|it| it.value_or_raw().to_owned())
                    .or_else(|| {
                        builtin_args()
                            .into_iter()
                            .find(|(builtin, _)| *builtin == kv.key.text)
                            .map(|(_, value)| value)
                    }),
            };
            let def = VarDef {
                name: kv.key.text.clone(),
                kind: VarKind::GlobalArg,
                value,
                instruction: Some(idx),
                name_range: Some(kv.key.range),
                value_range: kv.value.as_ref().map(|it| it.range),
                stage: None,
            };
            let id = self.push_def(def);
            self.model.global_args.push(id);
        }
    }

    fn from(&mut self, idx: usize, instruction: &Instruction) {
        let index = self.model.stages.len();
        self.model.instruction_stage[idx] = Some(index);
        let words = instruction.args.words();
        let (name, name_range) = match words {
            [_, as_kw, name, ..] if as_kw.text.eq_ignore_ascii_case("as") => {
                (Some(name.text.clone()), Some(name.range))
            }
            _ => (None, None),
        };
        let global = self.model.global_scope_at(idx);
        let platform = instruction
            .flag("platform")
            .and_then(|flag| Some((flag.value.as_deref()?, flag.value_range?)))
            .map(|(value, range)| self.expand_text(&global, value, range));
        let image = words.first().map(|word| self.expand(&global, word));
        for expanded in platform.iter().chain(image.iter()) {
            self.report_undefined(idx, expanded, true, true, &global);
        }
        let base = match &image {
            None => Base::Missing,
            Some(image) => self.resolve_base(index, image),
        };
        if let (Base::Stage(parent), Some(word)) = (&base, words.first()) {
            self.model.edges.push(Edge {
                stage: index,
                target: EdgeTarget::Stage(*parent),
                kind: EdgeKind::From,
                instruction: idx,
                range: word.range,
            });
        }

        let mut scope = Scope::default();
        let mut initial_defs = Vec::new();
        let (base_config, env_complete, workdirs, users, shells) = match &base {
            Base::Stage(parent) => self.inherit(*parent, idx, &mut scope, &mut initial_defs),
            other => {
                let config = match other {
                    Base::Scratch => BaseConfig::scratch(),
                    Base::Image(BaseImage {
                        reference: Ok(reference),
                        ..
                    }) => self
                        .facts
                        .config(reference)
                        .unwrap_or_else(BaseConfig::unknown),
                    _ => BaseConfig::unknown(),
                };
                for (name, value) in &config.env {
                    let def = VarDef {
                        name: name.into(),
                        kind: VarKind::BaseImage,
                        value: Some(value.clone()),
                        instruction: None,
                        name_range: None,
                        value_range: None,
                        stage: Some(index),
                    };
                    let id = self.push_def(def);
                    if let Some(def) = self.model.defs.get(id) {
                        scope.define(def, id);
                    }
                    initial_defs.push(id);
                }
                let complete = config.env_complete;
                let workdirs = vec![(idx, config.workdir.clone())];
                let users = vec![(idx, config.user.clone())];
                let shells = vec![(idx, DEFAULT_SHELL.map(String::from).to_vec())];
                (config, complete, workdirs, users, shells)
            }
        };
        self.scope = scope;
        self.model.stages.push(Stage {
            index,
            name,
            name_range,
            from: idx,
            instructions: idx..idx + 1,
            base,
            platform,
            base_config,
            env_complete,
            workdirs,
            users,
            shells,
            cmd: None,
            entrypoint: None,
            healthcheck: None,
            initial_defs,
            def_events: Vec::new(),
        });
    }

    /// A stage built `FROM` another starts with its final environment,
    /// working directory, user and shell.
    #[allow(clippy::type_complexity)]
    fn inherit(
        &mut self,
        parent: usize,
        idx: usize,
        scope: &mut Scope,
        initial_defs: &mut Vec<usize>,
    ) -> (
        BaseConfig,
        bool,
        Vec<(usize, String)>,
        Vec<(usize, String)>,
        Vec<(usize, Vec<String>)>,
    ) {
        let Some(parent_stage) = self.model.stages.get(parent) else {
            return (
                BaseConfig::unknown(),
                false,
                Vec::new(),
                Vec::new(),
                Vec::new(),
            );
        };
        let parent_scope = self.model.stage_end_scope(parent);
        let mut carried: Vec<usize> = parent_scope
            .names()
            .filter_map(|name| parent_scope.lookup(name))
            .filter(|&id| {
                self.model
                    .defs
                    .get(id)
                    .is_some_and(|it| matches!(it.kind, VarKind::Env | VarKind::BaseImage))
            })
            .collect();
        carried.sort_unstable();
        for &id in &carried {
            if let Some(def) = self.model.defs.get(id) {
                scope.define(def, id);
            }
        }
        initial_defs.extend(carried);
        let mut config = parent_stage.base_config.clone();
        config.workdir = parent_stage.final_workdir().to_owned();
        config.user = parent_stage.final_user().to_owned();
        config.source = FactSource::Exact;
        let shell = parent_stage.shells.last().map_or_else(
            || DEFAULT_SHELL.map(String::from).to_vec(),
            |it| it.1.clone(),
        );
        (
            config,
            parent_stage.env_complete,
            vec![(idx, parent_stage.final_workdir().to_owned())],
            vec![(idx, parent_stage.final_user().to_owned())],
            vec![(idx, shell)],
        )
    }

    fn resolve_base(&self, index: usize, image: &Expanded) -> Base {
        let value = image.value_or_raw();
        if value.is_empty() {
            return Base::Missing;
        }
        if let Some(stage) = self.model.stage_by_name(value, index) {
            return Base::Stage(stage.index);
        }
        if value == "scratch" {
            return Base::Scratch;
        }
        Base::Image(BaseImage {
            expanded: image.clone(),
            reference: ImageRef::parse(value),
        })
    }

    fn stage_instruction(&mut self, stage: usize, idx: usize, instruction: &Instruction) {
        let scope = self.scope.clone();
        match instruction.kind {
            InstructionKind::Arg => self.stage_arg(stage, idx, instruction, &scope),
            InstructionKind::Env => self.stage_env(stage, idx, instruction, &scope),
            InstructionKind::Workdir => {
                let Args::Text(word) = &instruction.args else {
                    return;
                };
                let expanded = self.expand(&scope, word);
                self.report_undefined(idx, &expanded, false, false, &scope);
                let current = self
                    .model
                    .stages
                    .get(stage)
                    .map_or("/", |it| it.final_workdir())
                    .to_owned();
                let path = resolve_workdir(&current, expanded.value_or_raw());
                if let Some(it) = self.model.stages.get_mut(stage) {
                    it.workdirs.push((idx, path));
                }
            }
            InstructionKind::User => {
                let Args::Text(word) = &instruction.args else {
                    return;
                };
                let expanded = self.expand(&scope, word);
                self.report_undefined(idx, &expanded, false, false, &scope);
                if let Some(it) = self.model.stages.get_mut(stage) {
                    it.users.push((idx, expanded.value_or_raw().to_owned()));
                }
            }
            InstructionKind::Shell => {
                if let Args::Exec(exec) = &instruction.args {
                    let shell = exec
                        .elements
                        .iter()
                        .map(|it| it.value.to_string())
                        .collect();
                    if let Some(it) = self.model.stages.get_mut(stage) {
                        it.shells.push((idx, shell));
                    }
                }
            }
            InstructionKind::Cmd | InstructionKind::Entrypoint | InstructionKind::Healthcheck => {
                if let Some(it) = self.model.stages.get_mut(stage) {
                    let slot = match instruction.kind {
                        InstructionKind::Cmd => &mut it.cmd,
                        InstructionKind::Entrypoint => &mut it.entrypoint,
                        _ => &mut it.healthcheck,
                    };
                    *slot = Some(idx);
                }
            }
            InstructionKind::Copy | InstructionKind::Add => {
                self.copy_from_edge(stage, idx, instruction);
                for flag in &instruction.flags {
                    if matches!(flag.name.as_str(), "chown" | "chmod") {
                        if let (Some(value), Some(range)) = (&flag.value, flag.value_range) {
                            let expanded = self.expand_text(&scope, value, range);
                            self.report_undefined(idx, &expanded, false, false, &scope);
                        }
                    }
                }
                self.expand_args(idx, instruction, &scope);
            }
            InstructionKind::Run => self.run_mounts(stage, idx, instruction, &scope),
            InstructionKind::Label
            | InstructionKind::Expose
            | InstructionKind::Volume
            | InstructionKind::Stopsignal => self.expand_args(idx, instruction, &scope),
            InstructionKind::From
            | InstructionKind::Maintainer
            | InstructionKind::Onbuild
            | InstructionKind::Unknown => {}
        }
    }

    fn define_in_stage(&mut self, stage: usize, idx: usize, def: VarDef) {
        let id = self.push_def(def);
        if let Some(def) = self.model.defs.get(id) {
            self.scope.define(def, id);
        }
        if let Some(it) = self.model.stages.get_mut(stage) {
            it.def_events.push((idx, id));
        }
    }

    fn stage_arg(&mut self, stage: usize, idx: usize, instruction: &Instruction, scope: &Scope) {
        let mut scope = scope.clone();
        for kv in instruction.args.key_values() {
            let default = kv.value.as_ref().map(|it| self.expand(&scope, it));
            if let Some(expanded) = &default {
                self.report_undefined(idx, expanded, false, false, &scope);
            }
            let name = kv.key.text.as_str();
            let value = self
                .build_arg(name)
                .map(str::to_owned)
                .or_else(|| default.as_ref().map(|it| it.value_or_raw().to_owned()))
                .or_else(|| self.global_default(name, idx))
                .or_else(|| {
                    builtin_args()
                        .into_iter()
                        .find(|(builtin, _)| *builtin == name)
                        .map(|(_, value)| value)
                });
            let def = VarDef {
                name: kv.key.text.clone(),
                kind: VarKind::Arg,
                value,
                instruction: Some(idx),
                name_range: Some(kv.key.range),
                value_range: kv.value.as_ref().map(|it| it.range),
                stage: Some(stage),
            };
            self.define_in_stage(stage, idx, def);
            scope = self.scope.clone();
        }
    }

    /// `ARG NAME` in a stage picks up the default of a global `ARG NAME`.
    fn global_default(&self, name: &str, before: usize) -> Option<String> {
        self.model
            .global_args
            .iter()
            .rev()
            .filter_map(|&id| self.model.defs.get(id))
            .find(|it| it.name == name && it.instruction.is_some_and(|at| at < before))
            .and_then(|it| it.value.clone())
    }

    fn stage_env(&mut self, stage: usize, idx: usize, instruction: &Instruction, scope: &Scope) {
        // Every value expands against the scope before the instruction: a
        // pair cannot see a variable set earlier in the same ENV.
        let mut pending = Vec::new();
        for kv in instruction.args.key_values() {
            let value = kv.value.as_ref().map(|it| self.expand(scope, it));
            if let Some(expanded) = &value {
                self.report_undefined(idx, expanded, false, false, scope);
            }
            pending.push(VarDef {
                name: kv.key.text.clone(),
                kind: VarKind::Env,
                value: Some(value.map_or_else(String::new, |it| it.value_or_raw().to_owned())),
                instruction: Some(idx),
                name_range: Some(kv.key.range),
                value_range: kv.value.as_ref().map(|it| it.range),
                stage: Some(stage),
            });
        }
        for def in pending {
            self.define_in_stage(stage, idx, def);
        }
    }

    fn expand_args(&mut self, idx: usize, instruction: &Instruction, scope: &Scope) {
        for (value, range) in instruction.args.values() {
            if !value.contains('$') {
                continue;
            }
            let raw = range.slice(self.text);
            let raw = if raw.is_empty() { value } else { raw };
            let expanded = self.expand_text(scope, raw, range);
            self.report_undefined(idx, &expanded, false, false, scope);
        }
        for kv in instruction.args.key_values() {
            for word in std::iter::once(&kv.key).chain(kv.value.as_ref()) {
                if word.text.contains('$') {
                    let expanded = self.expand(scope, word);
                    self.report_undefined(idx, &expanded, false, false, scope);
                }
            }
        }
    }

    fn copy_from_edge(&mut self, stage: usize, idx: usize, instruction: &Instruction) {
        let Some(flag) = instruction.flag("from") else {
            return;
        };
        let (Some(value), Some(range)) = (&flag.value, flag.value_range) else {
            return;
        };
        let target = self.stage_reference(stage, value);
        self.model.edges.push(Edge {
            stage,
            target,
            kind: EdgeKind::CopyFrom,
            instruction: idx,
            range,
        });
    }

    /// A `--from` value: an earlier stage's name or index, else an image or
    /// named context.
    fn stage_reference(&self, stage: usize, value: &str) -> EdgeTarget {
        if let Ok(number) = value.parse::<usize>() {
            if number < stage {
                return EdgeTarget::Stage(number);
            }
        }
        match self.model.stage_by_name(value, stage) {
            Some(it) => EdgeTarget::Stage(it.index),
            None => EdgeTarget::External(value.to_owned()),
        }
    }

    fn run_mounts(&mut self, stage: usize, idx: usize, instruction: &Instruction, scope: &Scope) {
        for flag in instruction.flags.iter().filter(|it| it.name == "mount") {
            let (Some(value), Some(range)) = (&flag.value, flag.value_range) else {
                continue;
            };
            for field in split_csv(value) {
                let (key, val) = field.split_once('=').unwrap_or((field, ""));
                if key.eq_ignore_ascii_case("from") && !val.is_empty() {
                    let target = self.stage_reference(stage, val);
                    self.model.edges.push(Edge {
                        stage,
                        target,
                        kind: EdgeKind::MountFrom,
                        instruction: idx,
                        range,
                    });
                } else if val.contains('$') {
                    let expanded = self.expand_text(scope, val, range);
                    self.report_undefined(idx, &expanded, false, false, scope);
                }
            }
        }
    }

    fn expand(&self, scope: &Scope, word: &Word) -> Expanded {
        self.expand_text(scope, &word.text, word.range)
    }

    fn expand_text(&self, scope: &Scope, raw: &str, range: TextRange) -> Expanded {
        match self.lexer.process_word(raw, &scope.env(&self.model.defs)) {
            Ok(it) => Expanded {
                raw: raw.to_owned(),
                range,
                value: Ok(it.value),
                unmatched: it.unmatched,
            },
            Err(err) => Expanded {
                raw: raw.to_owned(),
                range,
                value: Err(err),
                unmatched: Vec::new(),
            },
        }
    }

    /// Records variables BuildKit would call undefined: not set, not an
    /// `ARG` declared in the stage, not one BuildKit exempts.
    fn report_undefined(
        &mut self,
        idx: usize,
        expanded: &Expanded,
        in_from: bool,
        certain_scope: bool,
        scope: &Scope,
    ) {
        if expanded.unmatched.is_empty() {
            return;
        }
        let stage_complete = self
            .model
            .stage_of(idx)
            .and_then(|it| self.model.stages.get(it))
            .is_some_and(|it| it.env_complete);
        let refs = shell::variable_references(expanded.range.slice(self.text), self.parse.escape);
        for name in &expanded.unmatched {
            if scope.is_declared_arg(name) || NON_ENV_ARGS.contains(&name.as_str()) {
                continue;
            }
            let mut candidates: Vec<&str> = scope.names().collect();
            for &id in &self.model.global_args {
                if let Some(def) = self.model.defs.get(id) {
                    candidates.push(def.name.as_str());
                }
            }
            let suggestion = suggest(name, candidates).map(str::to_owned);
            // A global ARG used in a stage without `ARG NAME` is the classic
            // mistake; an image env var of that exact name is unlikely.
            let is_global = self
                .model
                .global_args
                .iter()
                .filter_map(|&id| self.model.defs.get(id))
                .any(|it| it.name == *name);
            let range = refs
                .iter()
                .find(|it| it.name == *name)
                .map_or(expanded.range, |it| {
                    TextRange::new(
                        expanded.range.start() + it.range.start,
                        expanded.range.start() + it.range.end,
                    )
                });
            self.model.undefined.push(UndefinedVar {
                instruction: idx,
                name: name.clone(),
                range,
                suggestion,
                in_from,
                certain: certain_scope || stage_complete || is_global,
            });
        }
    }

    fn pick_target(&mut self) {
        let last = self.model.stages.len().checked_sub(1);
        self.model.target = match &self.options.target {
            None => last,
            Some(wanted) => {
                let by_name = self.model.stages.iter().find(|it| {
                    it.name
                        .as_deref()
                        .is_some_and(|name| name.eq_ignore_ascii_case(wanted))
                });
                // BuildKit finds `--target` by stage name only; unlike
                // `COPY --from`, a number is not an index.
                match by_name.map(|it| it.index) {
                    Some(it) => Some(it),
                    None => {
                        self.model.unknown_target = Some(wanted.clone());
                        last
                    }
                }
            }
        };
    }
}

/// BuildKit's WORKDIR rule: absolute paths replace, relative ones join.
fn resolve_workdir(current: &str, value: &str) -> String {
    if value.starts_with('/') || current.is_empty() {
        return normalize_path(value);
    }
    normalize_path(&format!("{}/{value}", current.trim_end_matches('/')))
}

/// Cleans `.`/`..`/duplicate slashes the way Go's `path.Clean` does for
/// absolute paths.
pub(crate) fn normalize_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if path.starts_with('/') {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".into()
    } else {
        joined
    }
}

/// BuildKit reads `--mount` values as CSV: commas split fields unless quoted.
pub(crate) fn split_csv(value: &str) -> Vec<&str> {
    let mut fields = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (idx, c) in value.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                fields.push(&value[start..idx]);
                start = idx + 1;
            }
            _ => {}
        }
    }
    fields.push(&value[start..]);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workdirs_resolve_like_buildkit() {
        assert_eq!(resolve_workdir("/go", "web"), "/go/web");
        assert_eq!(resolve_workdir("/", "web"), "/web");
        assert_eq!(resolve_workdir("/a/b", "../c/./d/"), "/a/c/d");
        assert_eq!(resolve_workdir("/a", "/abs"), "/abs");
    }

    #[test]
    fn csv_fields_respect_quotes() {
        assert_eq!(
            split_csv("type=cache,target=/x"),
            vec!["type=cache", "target=/x"]
        );
        assert_eq!(split_csv("a=\"b,c\",d"), vec!["a=\"b,c\"", "d"]);
    }
}
