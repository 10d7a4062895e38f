//! What the package-manager rules share: the commands each `RUN` (and
//! `ONBUILD RUN`) executes, which layers ship, cache mounts, variables in
//! package words, cleanups, and fixes that insert a flag or append a command.

use crate::{
    model::{Base, RunScript},
    rules::RuleContext,
    syntax::{
        script::{Command, Connector, ScriptWord},
        shell, Args, Instruction, InstructionKind, TextEdit, TextRange,
    },
};

/// One `RUN` (or the `RUN` of an `ONBUILD RUN`) and the shell scripts it runs.
pub(super) struct Run<'a> {
    /// Index of the top-level instruction (the `ONBUILD` for a trigger).
    pub idx: usize,
    /// The `RUN` itself.
    pub instruction: &'a Instruction,
    pub onbuild: bool,
    pub scripts: &'a [RunScript],
}

/// One command of a [`Run`], with its place in the run's execution order.
pub(super) struct Cmd<'r> {
    pub script: &'r RunScript,
    pub command: &'r Command,
    /// The previous command in the same script.
    pub previous: Option<&'r Command>,
    /// Position in the run: scripts in order, commands in order.
    pub order: usize,
}

impl<'a> Run<'a> {
    /// Every command, in execution order.
    pub fn commands(&self) -> Vec<Cmd<'_>> {
        let mut res = Vec::new();
        for script in self.scripts {
            let mut previous = None;
            for command in &script.script.commands {
                let order = res.len();
                res.push(Cmd {
                    script,
                    command,
                    previous,
                    order,
                });
                previous = Some(command);
            }
        }
        res
    }

    /// The source range of a range of one of this run's scripts.
    pub fn source(&self, script: &RunScript, range: TextRange) -> TextRange {
        script.source_range(self.instruction, range)
    }
}

/// The `RUN`s (and `ONBUILD RUN`s) whose source mentions one of `needles`,
/// so rules do not split scripts that cannot hold their command.
pub(super) fn runs<'c>(ctx: &'c RuleContext<'_>, needles: &[&str]) -> Vec<Run<'c>> {
    let mut res = Vec::new();
    for (idx, outer) in ctx.instructions() {
        let (instruction, onbuild) = match outer.kind {
            InstructionKind::Run => (outer, false),
            InstructionKind::Onbuild => match outer.onbuild_trigger() {
                Some(trigger) if trigger.kind == InstructionKind::Run => (trigger, true),
                _ => continue,
            },
            _ => continue,
        };
        let source = ctx.slice(outer.range);
        if !needles.iter().any(|needle| source.contains(needle)) {
            continue;
        }
        let scripts = ctx.run_scripts(idx);
        if scripts.is_empty() {
            continue;
        }
        res.push(Run {
            idx,
            instruction,
            onbuild,
            scripts,
        });
    }
    res
}

/// The stages whose layers end up in the image that ships: the target and
/// the stages it is built `FROM`, directly or not.
pub(super) fn shipped_stages(ctx: &RuleContext<'_>) -> Vec<bool> {
    let mut res = vec![false; ctx.model.stages.len()];
    let mut current = ctx.model.target;
    while let Some(stage) = current {
        match res.get_mut(stage) {
            Some(seen) if !*seen => *seen = true,
            _ => break,
        }
        current = match ctx.model.stages.get(stage).map(|it| &it.base) {
            Some(Base::Stage(parent)) => Some(*parent),
            _ => None,
        };
    }
    res
}

/// True when the run's layer ships: its stage (or a stage built `FROM` it)
/// is the one that ships. An `ONBUILD RUN` runs in every image built from
/// this one, so its layer always ships somewhere.
pub(super) fn layer_ships(ctx: &RuleContext<'_>, shipped: &[bool], run: &Run<'_>) -> bool {
    if run.onbuild {
        return true;
    }
    ctx.model
        .stage_of(run.idx)
        .is_some_and(|stage| shipped.get(stage).copied().unwrap_or(false))
}

/// True when `below`'s layer lies under `idx`'s: an earlier instruction of
/// its stage, or any instruction of a stage it is built `FROM`.
pub(super) fn is_below(ctx: &RuleContext<'_>, below: usize, idx: usize) -> bool {
    let (Some(at), Some(mut stage)) = (ctx.model.stage_of(below), ctx.model.stage_of(idx)) else {
        return false;
    };
    if at == stage {
        return below < idx;
    }
    for _ in 0..ctx.model.stages.len() {
        match ctx.model.stages.get(stage).map(|it| &it.base) {
            Some(Base::Stage(parent)) if *parent == at => return true,
            Some(Base::Stage(parent)) => stage = *parent,
            _ => return false,
        }
    }
    false
}

/// The targets of the run's cache and tmpfs mounts.
fn cache_mount_targets(ctx: &RuleContext<'_>, run: &Run<'_>) -> Vec<String> {
    run.instruction
        .flags
        .iter()
        .filter(|it| it.name == "mount")
        .filter_map(|flag| {
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
            let target = match target.contains('$') {
                true => ctx
                    .model
                    .expand(ctx.parse, run.idx, target)
                    .unwrap_or_else(|_| target.to_owned()),
                false => target.to_owned(),
            };
            let target = target.trim_end_matches('/').to_owned();
            (matches!(kind, "cache" | "tmpfs") && !target.is_empty()).then_some(target)
        })
        .collect()
}

/// True when a cache or tmpfs mount of the run covers `dir`, so nothing
/// under it stays in the layer.
pub(super) fn mount_covers(ctx: &RuleContext<'_>, run: &Run<'_>, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    cache_mount_targets(ctx, run)
        .iter()
        .any(|target| dir == target || dir.starts_with(&format!("{target}/")))
}

/// True when a cache or tmpfs mount's target satisfies `pred`.
pub(super) fn mount_matches(
    ctx: &RuleContext<'_>,
    run: &Run<'_>,
    pred: impl Fn(&str) -> bool,
) -> bool {
    cache_mount_targets(ctx, run).iter().any(|it| pred(it))
}

/// The value of a variable visible to the run (ARG, ENV, base image env).
pub(super) fn variable(ctx: &RuleContext<'_>, idx: usize, name: &str) -> Option<String> {
    let scope = ctx.model.scope_at(idx);
    let id = scope.lookup(name)?;
    ctx.model.defs.get(id)?.value.clone()
}

/// What a command-line word holds once ARG and ENV values are put in.
pub(super) enum Resolved {
    /// No variables: the word as the program sees it.
    Plain(String),
    /// Variables the model knows: the words the shell splits it into.
    Expanded(Vec<String>),
    /// Something only the running shell knows (an unset or shell variable,
    /// a command substitution).
    Unknown,
}

/// Resolves a word of a run's script with the ARG/ENV values in scope.
pub(super) fn resolve(
    ctx: &RuleContext<'_>,
    run: &Run<'_>,
    script: &RunScript,
    word: &ScriptWord,
) -> Resolved {
    if !word.has_expansion {
        return Resolved::Plain(word.value.clone());
    }
    let raw = word.range.slice(&script.text);
    if raw.contains("$(") || raw.contains('`') || raw.is_empty() {
        return Resolved::Unknown;
    }
    let scope = ctx.model.scope_at(run.idx);
    let lexer = shell::Lexer::new('\\');
    match lexer.process_word(raw, &scope.env(&ctx.model.defs)) {
        Ok(processed) if processed.unmatched.is_empty() => {
            let quoted = word.quoted;
            Resolved::Expanded(match quoted {
                true => vec![processed.value],
                false => processed
                    .value
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect(),
            })
        }
        _ => Resolved::Unknown,
    }
}

/// `rm` with `-r`/`-R`/`--recursive` (or a directory glob's files) removing
/// something at or under one of `dirs`, or one of `dirs` itself.
pub(super) fn removes(command: &Command, dirs: &[&str]) -> bool {
    let eff = command.effective();
    if eff.name() != Some("rm") {
        return false;
    }
    let recursive = eff.has_flag(&['r', 'R'], &["recursive"]);
    eff.positionals(&[])
        .into_iter()
        .chain(eff.subcommand(&[]))
        .any(|word| {
            let path = word.value.trim_end_matches('/');
            dirs.iter().any(|dir| {
                let dir = dir.trim_end_matches('/');
                // `dir/*`, `dir/*.bin`: the files in it.
                let contents = path
                    .strip_prefix(dir)
                    .and_then(|rest| rest.strip_prefix('/'))
                    .is_some_and(|rest| rest.contains('*') && !rest.contains('/'));
                // `dir` itself or a directory above it.
                let whole = path == dir || dir.starts_with(&format!("{path}/"));
                contents || (recursive && whole)
            })
        })
}

/// True when the command's input comes from `yes |`.
pub(super) fn fed_by_yes(cmd: &Cmd<'_>) -> bool {
    cmd.previous.is_some_and(|prev| {
        prev.connector == Some(Connector::Pipe) && prev.effective().name() == Some("yes")
    })
}

/// An edit that adds `flag` right after `word` (a word of `script`): a
/// shell word in shell form, heredocs and `sh -c`, a JSON element in exec
/// form. `None` when the word cannot be mapped to the source exactly.
pub(super) fn insert_after_word(
    ctx: &RuleContext<'_>,
    run: &Run<'_>,
    script: &RunScript,
    word: &ScriptWord,
    flag: &str,
) -> Option<TextEdit> {
    let range = run.source(script, word.range);
    match &run.instruction.args {
        Args::Exec(exec) if script.text.is_empty() => {
            // Exec form without a shell: the word is a JSON element.
            exec.elements.iter().find(|it| it.range == range)?;
            Some(TextEdit::insert(range.end(), format!(", \"{flag}\"")))
        }
        Args::Exec(_) => {
            exact_json(ctx, run, script)?;
            Some(TextEdit::insert(range.end(), format!(" {flag}")))
        }
        _ => Some(TextEdit::insert(range.end(), format!(" {flag}"))),
    }
}

/// For `["sh", "-c", "..."]`: the literal must read the same as the decoded
/// string, so script offsets are source offsets.
fn exact_json(ctx: &RuleContext<'_>, run: &Run<'_>, script: &RunScript) -> Option<()> {
    let start = run.source(script, TextRange::empty(0)).start();
    let end = start + script.text.len();
    (ctx.text.get(start..end) == Some(script.text.as_str())
        && ctx.text.get(end..end + 1) == Some("\""))
    .then_some(())
}

/// An edit that appends `command` to the end of `script`, so it runs after
/// everything the script does, in the same layer: `&& command` in shell
/// form (on a new continuation line when the `RUN` spans lines) and in
/// `sh -c`, a new last line in a heredoc body. `None` when the end of the
/// script cannot take it (a trailing comment, a dangling operator, exec form).
pub(super) fn append_command(
    ctx: &RuleContext<'_>,
    run: &Run<'_>,
    script: &RunScript,
    command: &str,
) -> Option<TextEdit> {
    let start = run.source(script, TextRange::empty(0)).start();
    // A heredoc body: a new last line.
    if let Some(heredoc) = run
        .instruction
        .heredocs
        .iter()
        .find(|it| it.body.start() == start && !script.text.is_empty())
    {
        let body = heredoc.body.slice(ctx.text);
        let newline = match body.ends_with("\r\n") {
            true => "\r\n",
            false => "\n",
        };
        let insert = match body.ends_with('\n') || body.is_empty() {
            true => format!("{command}{newline}"),
            false => format!("{newline}{command}"),
        };
        return Some(TextEdit::insert(heredoc.body.end(), insert));
    }
    let trimmed = script.text.trim_end();
    if trimmed.is_empty() {
        return None;
    }
    let last_end = script
        .script
        .commands
        .iter()
        .map(|it| it.range.end())
        .max()
        .unwrap_or(0);
    let tail = trimmed.get(last_end.min(trimmed.len())..).unwrap_or("");
    if tail.contains('#')
        || trimmed.ends_with("&&")
        || trimmed.ends_with("||")
        || trimmed.ends_with('|')
        || trimmed.ends_with('&')
        || trimmed.ends_with('\\')
    {
        return None;
    }
    let joiner = match trimmed.ends_with(';') {
        true => "",
        false => "&& ",
    };
    let at = trimmed.len();
    let before = trimmed.chars().next_back()?.len_utf8();
    let end = run.source(script, TextRange::new(at - before, at)).end();
    match &run.instruction.args {
        Args::Exec(_) if script.text.is_empty() => None,
        Args::Exec(_) => {
            exact_json(ctx, run, script)?;
            Some(TextEdit::insert(end, format!(" {joiner}{command}")))
        }
        _ => {
            let first_line = ctx.line_of(run.instruction.range.start());
            let line = ctx.line_of(end);
            if line == first_line {
                return Some(TextEdit::insert(end, format!(" {joiner}{command}")));
            }
            let line_start = ctx.parse.lines.get(line)?.range.start();
            let indent: String = ctx
                .text
                .get(line_start..end)?
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let indent = match indent.is_empty() {
                true => "    ".to_owned(),
                false => indent,
            };
            let newline = match ctx.text.get(end..).is_some_and(|it| it.starts_with("\r\n")) {
                true => "\r\n",
                false => "\n",
            };
            Some(TextEdit::insert(
                end,
                format!(" {}{newline}{indent}{joiner}{command}", ctx.parse.escape),
            ))
        }
    }
}

/// A later-layer cleanup, for messages: "`rm -rf ...` on line 12".
#[derive(Clone)]
pub(super) struct LaterCleanup {
    pub text: String,
    pub line: usize,
}

/// The first command of `run` that `cleans`, for messages about a cleanup
/// in a later layer.
fn first_cleanup(
    ctx: &RuleContext<'_>,
    run: &Run<'_>,
    cleans: impl Fn(&Command) -> bool,
) -> Option<LaterCleanup> {
    run.commands()
        .into_iter()
        .find(|cmd| cleans(cmd.command))
        .map(|cmd| {
            let range = run.source(cmd.script, cmd.command.range);
            let text = cmd.command.range.slice(&cmd.script.text);
            LaterCleanup {
                text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                line: ctx.line_of(range.start()) + 1,
            }
        })
}

impl LaterCleanup {
    /// ": `rm -rf /var/lib/apt/lists/*` on line 12 runs in a later layer, so
    /// the lists still ship".
    pub fn note(cleanup: &Option<LaterCleanup>, what: &str) -> String {
        match cleanup {
            Some(it) => format!(
                "; `{}` on line {} runs in a later layer, so {what} still ship",
                it.text, it.line
            ),
            None => String::new(),
        }
    }
}

/// The instructions whose source text satisfies `writes` (they write a
/// package manager's config file: `echo '...' > /etc/apt/apt.conf.d/x`).
pub(super) fn config_writers(ctx: &RuleContext<'_>, writes: impl Fn(&str) -> bool) -> Vec<usize> {
    ctx.instructions()
        .filter(|(_, it)| writes(ctx.slice(it.range)))
        .map(|(idx, _)| idx)
        .collect()
}

/// True when one of `writers` is in a layer under `idx`'s.
pub(super) fn configured(ctx: &RuleContext<'_>, writers: &[usize], idx: usize) -> bool {
    writers.iter().any(|&writer| is_below(ctx, writer, idx))
}

/// A package word that is not pinned.
pub(super) struct Unpinned {
    /// The word in the source.
    pub range: TextRange,
    /// The package as the package manager sees it (a variable's value).
    pub package: String,
    /// How to name it in a message: "`curl`", or "`$PKGS` (`curl`)" when
    /// the package comes from a variable.
    pub shown: String,
}

/// The words of `words` (of one command of `run`) that `pinned` rejects,
/// after putting in ARG/ENV values. A word whose value only the running
/// shell knows gets the benefit of the doubt.
pub(super) fn unpinned(
    ctx: &RuleContext<'_>,
    run: &Run<'_>,
    script: &RunScript,
    words: &[&ScriptWord],
    pinned: impl Fn(&str) -> bool,
) -> Vec<Unpinned> {
    let mut res = Vec::new();
    for word in words {
        if word.value.is_empty() || pinned(&word.value) {
            continue;
        }
        let range = run.source(script, word.range);
        match resolve(ctx, run, script, word) {
            Resolved::Plain(value) => res.push(Unpinned {
                range,
                shown: format!("`{value}`"),
                package: value,
            }),
            Resolved::Expanded(values) => {
                let raw = word.range.slice(&script.text);
                for value in values {
                    if !pinned(&value) {
                        res.push(Unpinned {
                            range,
                            shown: format!("`{raw}` (`{value}`)"),
                            package: value,
                        });
                    }
                }
            }
            Resolved::Unknown => {}
        }
    }
    res
}

/// A local file or directory rather than a name to look up.
pub(super) fn is_path(word: &str) -> bool {
    word.starts_with('/')
        || word.starts_with("./")
        || word.starts_with("../")
        || word.starts_with("~/")
        || word == "."
        || word == ".."
}

/// Runs a leftover check over every run whose layer ships: the commands
/// `leaves` flags with no command `cleans` after them in the same run,
/// unless `covered` (a cache mount) says nothing stays in the layer.
/// `report` gets the run, those commands (the first is the one to flag)
/// and the first cleanup of a later shipped layer, if any.
pub(super) fn leftovers(
    ctx: &RuleContext<'_>,
    needles: &[&str],
    cleanup_needles: &[&str],
    leaves: impl Fn(&Run<'_>, &Cmd<'_>) -> bool,
    cleans: impl Fn(&Command) -> bool,
    covered: impl Fn(&Run<'_>) -> bool,
    mut report: impl FnMut(&Run<'_>, &[&Cmd<'_>], Option<LaterCleanup>),
) {
    let shipped = shipped_stages(ctx);
    // The cleanups of the shipped layers, by instruction, computed once.
    let mut cleanups: Option<Vec<(usize, LaterCleanup)>> = None;
    for run in runs(ctx, needles) {
        if !layer_ships(ctx, &shipped, &run) {
            continue;
        }
        let commands = run.commands();
        let last_clean = commands
            .iter()
            .filter(|it| cleans(it.command))
            .map(|it| it.order)
            .max();
        let left: Vec<&Cmd<'_>> = commands
            .iter()
            .filter(|it| last_clean.is_none_or(|clean| it.order > clean))
            .filter(|it| leaves(&run, it))
            .collect();
        if left.is_empty() || covered(&run) {
            continue;
        }
        let cleanups = cleanups.get_or_insert_with(|| {
            runs(ctx, cleanup_needles)
                .into_iter()
                .filter(|it| !it.onbuild && layer_ships(ctx, &shipped, it))
                .filter_map(|it| Some((it.idx, first_cleanup(ctx, &it, &cleans)?)))
                .collect()
        });
        // A cleanup in a later layer of the image that ships does not take
        // anything out of this one; say so when there is one.
        let later = match run.onbuild {
            true => None,
            false => cleanups
                .iter()
                .find(|(idx, _)| *idx > run.idx)
                .map(|(_, it)| it.clone()),
        };
        report(&run, &left, later);
    }
}
