//! What several hadolint rules ask: a word's value after BuildKit expands
//! it, the stages whose filesystem and config end up in the shipped image,
//! the labels a stage sets, and the source arguments of `COPY`/`ADD`.

use crate::{
    model::{Base, BaseImage, Model, Stage},
    rules::RuleContext,
    syntax::{shell, Args, Instruction, TextRange},
};

/// A word as BuildKit expands it at one instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Resolved {
    pub value: String,
    /// Every variable it names has a value: judging `value` is judging
    /// what the build sees. A `$VERSION` from an `ARG VERSION` without a
    /// default is only known at build time.
    pub complete: bool,
    /// It names at least one variable, so messages should say what it
    /// resolved to.
    pub has_vars: bool,
}

/// Expands `raw` (as written) with the variables visible at `instruction`.
/// `None` when BuildKit's lexer rejects the word.
pub(super) fn resolve(ctx: &RuleContext<'_>, instruction: usize, raw: &str) -> Option<Resolved> {
    let scope = ctx.model.scope_at(instruction);
    let lexer = shell::Lexer::new(ctx.parse.escape);
    let word = lexer.process_word(raw, &scope.env(&ctx.model.defs)).ok()?;
    Some(Resolved {
        value: word.value,
        complete: word.unmatched.is_empty(),
        has_vars: !word.matched.is_empty() || !word.unmatched.is_empty(),
    })
}

/// The image a stage is built from, when its reference is fully known
/// (every variable in it has a value) and valid.
pub(super) fn known_base_image(stage: &Stage) -> Option<&BaseImage> {
    match &stage.base {
        Base::Image(image)
            if image.reference.is_ok()
                && image.expanded.value.is_ok()
                && image.expanded.unmatched.is_empty() =>
        {
            Some(image)
        }
        _ => None,
    }
}

/// True when the `FROM` word names variables (so messages say what it resolved to).
pub(super) fn has_variables(raw: &str) -> bool {
    raw.contains('$')
}

/// The stage and the stages it is built `FROM`, nearest first.
pub(super) fn from_chain(model: &Model, stage: usize) -> Vec<&Stage> {
    let mut res: Vec<&Stage> = Vec::new();
    let mut next = model.stage(stage);
    while let Some(current) = next {
        if res.iter().any(|it| it.index == current.index) {
            break;
        }
        res.push(current);
        next = match current.base {
            Base::Stage(parent) if parent < current.index => model.stage(parent),
            _ => None,
        };
    }
    res
}

/// The stages whose instructions shape the shipped image's filesystem and
/// config: the target and the stages it is built `FROM`, nearest first.
pub(super) fn shipped_chain(model: &Model) -> Vec<&Stage> {
    match model.target {
        Some(target) => from_chain(model, target),
        None => Vec::new(),
    }
}

/// The first stage of a `FROM` chain: the one built from an image or `scratch`.
pub(super) fn root_stage(model: &Model, stage: usize) -> Option<&Stage> {
    from_chain(model, stage).last().copied()
}

/// The arguments of `COPY`/`ADD` as written, with their source ranges:
/// sources then destination. Exec-form elements are already unescaped.
pub(super) fn copy_args(instruction: &Instruction) -> Vec<CopyArg<'_>> {
    match &instruction.args {
        Args::Words(words) => words
            .iter()
            .map(|word| CopyArg {
                raw: word.text.as_str(),
                range: word.range,
                heredoc: instruction
                    .heredocs
                    .iter()
                    .any(|it| it.marker == word.range),
                exec: false,
            })
            .collect(),
        Args::Exec(exec) => exec
            .elements
            .iter()
            .map(|it| CopyArg {
                raw: it.value.as_str(),
                range: it.range,
                heredoc: false,
                exec: true,
            })
            .collect(),
        Args::Shell(word) | Args::Text(word) => vec![CopyArg {
            raw: word.text.as_str(),
            range: word.range,
            heredoc: false,
            exec: false,
        }],
        _ => Vec::new(),
    }
}

/// One argument of `COPY`/`ADD`.
#[derive(Debug, Clone, Copy)]
pub(super) struct CopyArg<'a> {
    pub raw: &'a str,
    pub range: TextRange,
    /// A `<<EOF` marker: the source is the heredoc's body.
    pub heredoc: bool,
    /// An element of the JSON form: `range` covers the quoted literal.
    pub exec: bool,
}

/// Whether a `USER` value means root (hadolint's test: `root`, `0`, or
/// either followed by `:group`).
pub(super) fn is_root_user(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user);
    name == "root" || name == "0"
}

/// The user part of a `USER` value (`app` in `app:staff`).
pub(super) fn user_part(user: &str) -> &str {
    user.split(':').next().unwrap_or(user)
}

/// `path` joined to `dir` the way BuildKit resolves a relative destination,
/// keeping a trailing `/` (and making `.` a directory).
pub(super) fn join_path(dir: &str, path: &str) -> String {
    let is_dir = path.ends_with('/') || path == "." || path.ends_with("/.");
    let mut parts: Vec<&str> = Vec::new();
    let joined = format!("{}/{path}", dir.trim_end_matches('/'));
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let mut res = format!("/{}", parts.join("/"));
    if is_dir && !res.ends_with('/') {
        res.push('/');
    }
    res
}

/// A label of a stage, with its key and value as BuildKit sets them.
#[derive(Debug, Clone)]
pub(super) struct LabelPair<'a> {
    pub stage: usize,
    pub key: String,
    pub key_raw: &'a str,
    pub key_range: TextRange,
    /// False when the key names a variable only known at build time.
    pub key_complete: bool,
    pub value: String,
    pub value_raw: &'a str,
    pub value_range: Option<TextRange>,
    /// False when the value names a variable only known at build time.
    pub value_complete: bool,
    pub value_has_vars: bool,
}

/// Every `LABEL` pair in the file (not those of `ONBUILD` triggers), in order.
pub(super) fn labels<'a>(ctx: &RuleContext<'a>) -> Vec<LabelPair<'a>> {
    let mut res = Vec::new();
    for (idx, instruction) in ctx.instructions_of(crate::syntax::InstructionKind::Label) {
        let Some(stage) = ctx.model.stage_of(idx) else {
            continue;
        };
        for kv in instruction.args.key_values() {
            let key = resolve(ctx, idx, &kv.key.text);
            let value = kv
                .value
                .as_ref()
                .map(|it| (it, resolve(ctx, idx, &it.text)));
            let (key, key_complete) = match key {
                Some(it) => (it.value, it.complete),
                None => (kv.key.text.to_string(), false),
            };
            let (value_text, value_complete, value_has_vars) = match &value {
                Some((_, Some(it))) => (it.value.clone(), it.complete, it.has_vars),
                Some((word, None)) => (word.text.to_string(), false, true),
                None => (String::new(), true, false),
            };
            res.push(LabelPair {
                stage,
                key,
                key_raw: kv.key.text.as_str(),
                key_range: kv.key.range,
                key_complete,
                value: value_text,
                value_raw: value.as_ref().map_or("", |(word, _)| word.text.as_str()),
                value_range: value.as_ref().map(|(word, _)| word.range),
                value_complete,
                value_has_vars,
            });
        }
    }
    res
}

impl LabelPair<'_> {
    /// Where a finding about the value points: the value, else the key.
    pub fn value_or_key_range(&self) -> TextRange {
        self.value_range.unwrap_or(self.key_range)
    }

    /// "`$VERSION` resolves to `1.2`: " when variables were involved.
    pub fn resolved_prefix(&self) -> String {
        match self.value_has_vars {
            true => format!("`{}` resolves to `{}`: ", self.value_raw, self.value),
            false => String::new(),
        }
    }
}

/// The label values a schema type accepts, and the rule that checks them.
pub(super) fn check_label_values(
    ctx: &RuleContext<'_>,
    acc: &mut Vec<crate::rules::Diagnostic>,
    rule: &'static crate::rules::Rule,
    kind: crate::rules::LabelType,
    problem: fn(&str) -> Option<String>,
) {
    let keys: Vec<&str> = ctx
        .config
        .label_schema
        .iter()
        .filter(|(_, it)| *it == kind)
        .map(|(key, _)| key.as_str())
        .collect();
    if keys.is_empty() {
        return;
    }
    for label in labels(ctx) {
        if !label.key_complete || !label.value_complete || !keys.contains(&label.key.as_str()) {
            continue;
        }
        let value = label.value.trim();
        // An empty value is DL3051's finding.
        if value.is_empty() {
            continue;
        }
        if let Some(why) = problem(value) {
            let message = format!("{}label `{}` {why}", label.resolved_prefix(), label.key);
            acc.push(rule.diagnostic(label.value_or_key_range(), message));
        }
    }
}

/// The base image of a stage's `FROM` chain, for messages: `golang:1.22`.
pub(super) fn describe_root_image(model: &Model, stage: usize) -> Option<String> {
    let root = root_stage(model, stage)?;
    match &root.base {
        Base::Image(image) => Some(image.expanded.value_or_raw().to_owned()),
        Base::Scratch => Some("scratch".into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_destinations_like_buildkit() {
        assert_eq!(join_path("/go", "main"), "/go/main");
        assert_eq!(join_path("/", "app/"), "/app/");
        assert_eq!(join_path("/go", "."), "/go/");
        assert_eq!(join_path("/", "."), "/");
        assert_eq!(join_path("/a/b", "../c"), "/a/c");
    }

    #[test]
    fn root_users_in_hadolint_spellings() {
        for user in ["root", "0", "root:root", "0:0", "root:1000"] {
            assert!(is_root_user(user), "{user}");
        }
        for user in ["app", "1000", "rootless", "1000:0", ""] {
            assert!(!is_root_user(user), "{user}");
        }
    }
}
