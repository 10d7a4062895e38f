//! Writing the two stages: which instruction goes where, the builder as
//! it was (renamed, plus the plan's insertions), and the runtime with the
//! moved instructions, their comments and a non-root user.

use crate::{
    images::ImageRef,
    model::{BaseFacts, KnowledgeBaseFacts},
    syntax::{apply_edits, shell, Args, InstructionKind, TextEdit, TextRange},
};

use super::{
    expand_from, json_array,
    stage::{self, resolve, Ctx},
    Line, Plan,
};

/// ENV names that configure builds, never the program.
const BUILD_ENV: &[&str] = &[
    "CGO_ENABLED",
    "GOOS",
    "GOARCH",
    "GOARM",
    "GOAMD64",
    "GOFLAGS",
    "GOPROXY",
    "GOPRIVATE",
    "GONOSUMDB",
    "GONOPROXY",
    "GOSUMDB",
    "GO111MODULE",
    "GOCACHE",
    "GOMODCACHE",
    "GOBIN",
    "GOTOOLCHAIN",
    "RUSTFLAGS",
    "DEBIAN_FRONTEND",
    "PIP_NO_CACHE_DIR",
    "PIP_DISABLE_PIP_VERSION_CHECK",
    "PIP_INDEX_URL",
    "PIP_EXTRA_INDEX_URL",
    "MAVEN_OPTS",
    "GRADLE_OPTS",
    "DOTNET_CLI_TELEMETRY_OPTOUT",
    "DOTNET_NOLOGO",
    "DOTNET_SKIP_FIRST_TIME_EXPERIENCE",
];

fn is_build_env(name: &str, plan: &Plan) -> bool {
    BUILD_ENV.contains(&name)
        || plan.build_env.contains(&name)
        || [
            "CARGO_",
            "NPM_CONFIG_",
            "npm_config_",
            "YARN_",
            "NUGET_",
            "POETRY_",
        ]
        .iter()
        .any(|it| name.starts_with(it))
}

/// Where an instruction of the single stage goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Builder,
    Runtime,
    Both,
}

/// An instruction with the blank and comment lines above it.
struct Chunk<'a> {
    idx: usize,
    /// The line ending of the previous line.
    tail: &'a str,
    /// Whole lines (blank or comment) between the previous instruction and this one.
    lines: Vec<&'a str>,
    indent: &'a str,
    range: TextRange,
}

impl Chunk<'_> {
    /// The comment lines, from the first one on (blank lines above dropped).
    fn comments(&self) -> Vec<&str> {
        let first = self.lines.iter().position(|it| !it.trim().is_empty());
        first.map_or(Vec::new(), |at| self.lines[at..].to_vec())
    }
}

/// How generated lines are written: the file's line ending and keyword case.
struct Style {
    nl: &'static str,
    lower: bool,
}

impl Style {
    fn new(ctx: &Ctx<'_>) -> Option<Style> {
        let from = ctx.instruction(ctx.stage.from)?;
        // The line ending of the FROM line (of the file, when it has none).
        let text = ctx.input.text;
        let after = text[from.range.end()..]
            .find('\n')
            .map(|at| from.range.end() + at)
            .or_else(|| text.find('\n'));
        let nl = match after.is_some_and(|at| text[..at].ends_with('\r')) {
            true => "\r\n",
            false => "\n",
        };
        let lower = from.keyword_text().chars().all(|c| c.is_ascii_lowercase());
        Some(Style { nl, lower })
    }

    fn kw(&self, keyword: &str) -> String {
        match self.lower {
            true => keyword.to_ascii_lowercase(),
            false => keyword.to_owned(),
        }
    }

    fn line(&self, line: &Line) -> String {
        format!("{} {}", self.kw(line.keyword), line.rest)
    }
}

/// Writes the builder and runtime stages for `plan`; the new text of the
/// stage region and the notes.
pub(super) fn render(ctx: &Ctx<'_>, plan: &Plan) -> Option<(String, Vec<String>)> {
    let style = Style::new(ctx)?;
    let mut notes = plan.notes.clone();
    let chunks = chunks(ctx)?;
    let placement = places(ctx, plan, &mut notes)?;
    let builder_name = unique_name(ctx);
    let mut out = builder_text(ctx, plan, &style, &chunks, &placement.places, &builder_name)?;
    let runtime = runtime_text(
        ctx,
        plan,
        &style,
        &chunks,
        &placement,
        &builder_name,
        &mut notes,
    )?;
    out.push_str(style.nl);
    out.push_str(style.nl);
    out.push_str(&runtime);
    Some((out, notes))
}

/// Decides where each instruction of the stage goes.
fn places(ctx: &Ctx<'_>, plan: &Plan, notes: &mut Vec<String>) -> Option<Placement> {
    let text = ctx.input.text;
    let runtime_ref = ImageRef::parse(&expand_from(ctx, &plan.runtime)?).ok()?;
    // Variables the runtime stage has: its base's, then the ENVs it gets.
    let mut runtime_names: Vec<String> = KnowledgeBaseFacts
        .config(&runtime_ref)
        .map(|it| it.env.into_iter().map(|(k, _)| k).collect())
        .unwrap_or_default();
    runtime_names.push("PATH".into());
    let kind = |idx: usize| ctx.instruction(idx).map(|it| it.kind);
    let last_build = plan.build_steps.iter().copied().max();
    // ENV and USER matter to the builder only when something runs after them.
    let followed_by_work = |idx: usize| {
        ctx.body.iter().any(|&j| {
            j > idx
                && matches!(
                    kind(j),
                    Some(
                        InstructionKind::Run
                            | InstructionKind::Copy
                            | InstructionKind::Add
                            | InstructionKind::Workdir
                    )
                )
        })
    };
    let both_or = |runtime: bool, idx: usize| match (runtime, followed_by_work(idx)) {
        (false, _) => Place::Builder,
        (true, true) => Place::Both,
        (true, false) => Place::Runtime,
    };
    let last_user = ctx.of_kind(InstructionKind::User).map(|it| it.0).last();
    let mut places: Vec<(usize, Place)> = Vec::new();
    let mut env_text: Vec<(usize, String)> = Vec::new();
    for &idx in &ctx.body {
        let instruction = ctx.instruction(idx)?;
        let place = match instruction.kind {
            InstructionKind::Arg
            | InstructionKind::Workdir
            | InstructionKind::Shell
            | InstructionKind::Run => Place::Builder,
            InstructionKind::Env => {
                // Build settings stay behind, and so does a value that uses
                // a variable the builder sets and the runtime does not (one
                // neither sets expands to nothing in both).
                let pairs = instruction.args.key_values();
                let mut kept = Vec::new();
                for kv in pairs {
                    if is_build_env(&kv.key.text, plan) {
                        continue;
                    }
                    let unknown = references(ctx, kv.range).into_iter().find(|name| {
                        !runtime_names.contains(name)
                            && !declared_arg(ctx, idx, name)
                            && ctx.scope_value(idx, name).is_some()
                    });
                    if let Some(name) = unknown {
                        notes.push(format!(
                            "`{}` is not carried into the runtime: it uses ${name}, which {} does not set.",
                            one_line(kv.range.slice(text)),
                            plan.runtime
                        ));
                        continue;
                    }
                    kept.push(kv);
                }
                if !kept.is_empty() && kept.len() < pairs.len() {
                    let kept_text: Vec<String> = kept
                        .iter()
                        .map(|kv| one_line(kv.range.slice(text)))
                        .collect();
                    env_text.push((
                        idx,
                        format!("{} {}", instruction.keyword_text(), kept_text.join(" ")),
                    ));
                }
                runtime_names.extend(kept.iter().map(|kv| kv.key.text.to_string()));
                both_or(!kept.is_empty(), idx)
            }
            InstructionKind::User => both_or(Some(idx) == last_user, idx),
            InstructionKind::Copy | InstructionKind::Add => {
                // Files copied after the build are run-time files.
                let late = last_build.is_some_and(|it| idx > it);
                let into_app = plan.app_dir.as_deref().is_some_and(|dir| {
                    copy_dest(ctx, idx).is_some_and(|dest| stage::is_within(&dest, dir))
                });
                match late && !into_app {
                    true => Place::Runtime,
                    false => Place::Builder,
                }
            }
            InstructionKind::Label
            | InstructionKind::Expose
            | InstructionKind::Volume
            | InstructionKind::Stopsignal
            | InstructionKind::Maintainer
            | InstructionKind::Healthcheck
            | InstructionKind::Cmd
            | InstructionKind::Entrypoint
            | InstructionKind::Onbuild => Place::Runtime,
            InstructionKind::From | InstructionKind::Unknown => return None,
        };
        places.push((idx, place));
    }

    // A SHELL set for the builder would change what shell-form lines mean
    // in the runtime.
    let shell_form = |idx: usize| {
        ctx.instruction(idx).is_some_and(|it| match &it.args {
            Args::Shell(_) => true,
            Args::Healthcheck { cmd, .. } => matches!(**cmd, Args::Shell(_)),
            _ => false,
        })
    };
    if ctx.of_kind(InstructionKind::Shell).next().is_some()
        && places
            .iter()
            .any(|(idx, place)| *place != Place::Builder && shell_form(*idx))
    {
        return None;
    }
    // RUNs after the build: their effect stays in the builder.
    if let Some(last_build) = last_build {
        for (idx, instruction) in ctx.of_kind(InstructionKind::Run) {
            if idx <= last_build || plan.build_steps.contains(&idx) {
                continue;
            }
            let run = one_line(instruction.range.slice(text));
            notes.push(match &plan.app_dir {
                Some(dir) => format!(
                    "`{run}` runs in the builder: only what it writes under {dir} reaches the runtime."
                ),
                None => format!(
                    "`{run}` runs in the builder only: repeat it in the runtime stage if the program needs its effect."
                ),
            });
        }
    }
    Some(Placement { places, env_text })
}

/// Where the stage's instructions go.
struct Placement {
    places: Vec<(usize, Place)>,
    /// ENV lines the runtime gets only some variables of.
    env_text: Vec<(usize, String)>,
}

fn place_of(places: &[(usize, Place)], idx: usize) -> Option<Place> {
    places.iter().find(|it| it.0 == idx).map(|it| it.1)
}

/// The builder: the stage as it was, renamed, minus what moved, plus the
/// plan's insertions and edits.
fn builder_text(
    ctx: &Ctx<'_>,
    plan: &Plan,
    style: &Style,
    chunks: &[Chunk<'_>],
    places: &[(usize, Place)],
    builder_name: &str,
) -> Option<String> {
    let text = ctx.input.text;
    let from = ctx.instruction(ctx.stage.from)?;
    let rename = match ctx.stage.name_range {
        Some(range) => TextEdit::replace(range, builder_name),
        None => TextEdit::insert(
            from.range.end(),
            format!(" {} {builder_name}", style.kw("AS")),
        ),
    };
    let mut out = slice_with_edits(text, from.range, &[rename])?;
    for chunk in chunks {
        if !matches!(
            place_of(places, chunk.idx),
            Some(Place::Builder | Place::Both)
        ) {
            continue;
        }
        out.push_str(chunk.tail);
        // New instructions go below the blank lines, above the comments
        // that describe the instruction.
        let blank = chunk
            .lines
            .iter()
            .take_while(|it| it.trim().is_empty())
            .count();
        for line in &chunk.lines[..blank] {
            out.push_str(line);
        }
        for (_, line) in plan.before.iter().filter(|it| it.0 == chunk.idx) {
            out.push_str(&style.line(line));
            out.push_str(style.nl);
        }
        for line in &chunk.lines[blank..] {
            out.push_str(line);
        }
        out.push_str(chunk.indent);
        out.push_str(&slice_with_edits(text, chunk.range, &plan.edits)?);
    }
    for line in &plan.tail {
        out.push_str(style.nl);
        out.push_str(&style.line(line));
    }
    Some(out)
}

/// The runtime: FROM the plan's base, the ARGs the moved instructions use,
/// setup, WORKDIR, the copies, then the moved instructions with their
/// comments, a non-root USER and the CMD/ENTRYPOINT.
fn runtime_text(
    ctx: &Ctx<'_>,
    plan: &Plan,
    style: &Style,
    chunks: &[Chunk<'_>],
    placement: &Placement,
    builder_name: &str,
    notes: &mut Vec<String>,
) -> Option<String> {
    let places = placement.places.as_slice();
    let text = ctx.input.text;
    let from = ctx.instruction(ctx.stage.from)?;
    let mut lines: Vec<String> = Vec::new();
    // A cross-compiling builder (`--platform=$BUILDPLATFORM`) builds for
    // the target platform, which the runtime is by default.
    let platform = from
        .flag("platform")
        .and_then(|it| it.value.as_deref())
        .filter(|it| !it.contains("BUILDPLATFORM"));
    let mut from_line = style.kw("FROM");
    if let Some(platform) = platform {
        from_line.push_str(&format!(" --platform={platform}"));
    }
    from_line.push(' ');
    from_line.push_str(&plan.runtime);
    if let Some(name) = &ctx.stage.name {
        from_line.push_str(&format!(" {} {name}", style.kw("AS")));
    }
    lines.push(from_line);

    let mut args: Vec<usize> = Vec::new();
    for &(idx, place) in places {
        if place == Place::Builder {
            continue;
        }
        for name in references(ctx, ctx.instruction(idx)?.range) {
            if let Some(arg) = declaring_arg(ctx, idx, &name) {
                if !args.contains(&arg) {
                    args.push(arg);
                }
            }
        }
    }
    args.sort_unstable();
    for arg in args {
        lines.push(one_line(ctx.instruction(arg)?.range.slice(text)));
    }
    lines.extend(plan.setup.iter().map(|it| style.line(it)));
    lines.push(format!("{} {}", style.kw("WORKDIR"), plan.workdir));
    lines.extend(plan.env.iter().map(|it| style.line(it)));
    for (from_path, to_path) in &plan.copies {
        lines.push(format!(
            "{} --from={builder_name} {from_path} {to_path}",
            style.kw("COPY")
        ));
    }
    let runtime_workdir = ImageRef::parse(&expand_from(ctx, &plan.runtime)?)
        .ok()
        .and_then(|it| KnowledgeBaseFacts.config(&it))
        .map_or_else(|| "/".to_owned(), |it| it.workdir);
    if ctx.workdir_inherited()
        && plan.workdir == ctx.final_workdir()
        && plan.workdir != runtime_workdir
    {
        let relative = ctx
            .start_argv()
            .map(|it| it.program)
            .filter(|it| it.contains('/') && !it.starts_with('/'));
        notes.insert(
            0,
            format!(
                "WORKDIR {} is set explicitly: the single stage inherited it from {}, and {} starts in {runtime_workdir}, so {} still resolves.",
                plan.workdir,
                ctx.image.familiar(),
                plan.runtime,
                match relative {
                    Some(program) => format!("`{program}`"),
                    None => "every relative path".into(),
                }
            ),
        );
    }

    let last_user = ctx.of_kind(InstructionKind::User).map(|it| it.0).last();
    let user = user_plan(ctx, plan, last_user, notes);
    let mut pending_user = match (last_user, &user) {
        (None, Some(Some(user))) => Some(format!("{} {user}", style.kw("USER"))),
        _ => None,
    };
    for chunk in chunks {
        if !matches!(
            place_of(places, chunk.idx),
            Some(Place::Runtime | Place::Both)
        ) {
            continue;
        }
        let instruction = ctx.instruction(chunk.idx)?;
        let env_text = placement.env_text.iter().find(|it| it.0 == chunk.idx);
        let mut body = match (plan.rewrites.iter().find(|it| it.0 == chunk.idx), env_text) {
            (Some((_, line)), _) => style.line(line),
            (None, Some((_, text))) => text.clone(),
            (None, None) => move_text(ctx, chunk, plan, notes)?,
        };
        if Some(chunk.idx) == last_user {
            match &user {
                Some(Some(user)) => body = format!("{} {user}", style.kw("USER")),
                Some(None) => continue,
                None => {}
            }
        }
        if matches!(
            instruction.kind,
            InstructionKind::Cmd | InstructionKind::Entrypoint | InstructionKind::Healthcheck
        ) {
            lines.extend(pending_user.take());
        }
        let mut block: Vec<String> = chunk
            .comments()
            .iter()
            .map(|it| it.trim_end_matches(['\r', '\n']).to_owned())
            .collect();
        block.push(body);
        lines.push(block.join(style.nl));
    }
    if !plan.added.is_empty() {
        lines.extend(pending_user.take());
    }
    lines.extend(plan.added.iter().map(|it| style.line(it)));
    lines.extend(pending_user.take());
    Some(lines.join(style.nl))
}

/// What becomes of the stage's USER: `None` keeps it (or, when the stage
/// has none, there is nothing to add), `Some(Some(user))` writes `user`,
/// `Some(None)` drops it (the runtime base is non-root already).
fn user_plan(
    ctx: &Ctx<'_>,
    plan: &Plan,
    last_user: Option<usize>,
    notes: &mut Vec<String>,
) -> Option<Option<String>> {
    let value = last_user.and_then(|idx| match &ctx.instruction(idx)?.args {
        Args::Text(word) => Some(word.text.to_string()),
        _ => None,
    });
    let Some(value) = value else {
        if let Some(label) = &plan.user_label {
            notes.push(format!(
                "The runtime runs as non-root ({label}); the single stage ran as root. If the program writes next to its files, binds a port below 1024 or otherwise needs root, give it what it needs or set USER."
            ));
        }
        return plan.user.clone().map(Some);
    };
    if known_user(&value, plan) {
        return None;
    }
    notes.push(match &plan.user {
        Some(user) => format!(
            "USER {value} does not exist in {}: the runtime runs as {user} instead.",
            plan.runtime
        ),
        None => format!(
            "USER {value} does not exist in {}: the runtime keeps its non-root default user.",
            plan.runtime
        ),
    });
    Some(plan.user.clone())
}

/// True for root, numeric ids, variables and users the runtime image has.
fn known_user(value: &str, plan: &Plan) -> bool {
    let name = value.split(':').next().unwrap_or(value);
    name == "root"
        || name.starts_with('$')
        || name.chars().all(|c| c.is_ascii_digit())
        || plan.users.contains(&name)
}

/// The text of an instruction as it goes into the runtime: CMD/ENTRYPOINT
/// in exec form where that keeps their meaning, relative COPY
/// destinations made absolute when the working directory differs.
fn move_text(
    ctx: &Ctx<'_>,
    chunk: &Chunk<'_>,
    plan: &Plan,
    notes: &mut Vec<String>,
) -> Option<String> {
    let text = ctx.input.text;
    let instruction = ctx.instruction(chunk.idx)?;
    let original = chunk.range.slice(text).to_owned();
    match instruction.kind {
        InstructionKind::Cmd | InstructionKind::Entrypoint => {
            let Args::Shell(word) = &instruction.args else {
                return Some(original);
            };
            // A shell-form ENTRYPOINT ignores CMD; in exec form it would not.
            if instruction.kind == InstructionKind::Entrypoint && ctx.stage.cmd.is_some() {
                return Some(original);
            }
            let Some(argv) = stage::plain_words(&word.text) else {
                return Some(original);
            };
            let converted = format!("{} {}", instruction.keyword_text(), json_array(&argv));
            notes.push(format!(
                "`{}` is written in exec form: the program runs as PID 1 and receives signals.",
                one_line(&original)
            ));
            Some(converted)
        }
        InstructionKind::Copy | InstructionKind::Add => {
            let chown = instruction.flag("chown").and_then(|it| it.value.as_deref());
            if chown.is_some_and(|it| !known_user(it, plan)) {
                return None;
            }
            let (dest, range) = *instruction.args.values().last()?;
            if dest.starts_with('/') || ctx.workdir_at(chunk.idx) == plan.workdir {
                return Some(original);
            }
            let mut absolute = resolve(&ctx.workdir_at(chunk.idx), dest);
            let directory = dest.ends_with('/') || matches!(stage::basename(dest), "." | "..");
            if directory && absolute != "/" {
                absolute.push('/');
            }
            let replacement = match &instruction.args {
                Args::Exec(_) => serde_json::to_string(&absolute).ok()?,
                _ => absolute,
            };
            slice_with_edits(text, chunk.range, &[TextEdit::replace(range, replacement)])
        }
        _ => Some(original),
    }
}

/// The stage's instructions with the lines above each.
fn chunks<'a>(ctx: &Ctx<'a>) -> Option<Vec<Chunk<'a>>> {
    let text = ctx.input.text;
    let mut prev_end = ctx.instruction(ctx.stage.from)?.range.end();
    let mut res = Vec::new();
    for &idx in &ctx.body {
        let range = ctx.instruction(idx)?.range;
        let between = text.get(prev_end..range.start())?;
        let mut pieces: Vec<&str> = between.split_inclusive('\n').collect();
        let indent = match pieces.last() {
            Some(last) if !last.ends_with('\n') => pieces.pop().unwrap_or(""),
            _ => "",
        };
        if pieces.is_empty() {
            return None;
        }
        let tail = pieces.remove(0);
        res.push(Chunk {
            idx,
            tail,
            lines: pieces,
            indent,
            range,
        });
        prev_end = range.end();
    }
    Some(res)
}

/// `range` of `text` with the edits that fall inside it applied.
fn slice_with_edits(text: &str, range: TextRange, edits: &[TextEdit]) -> Option<String> {
    let local: Vec<TextEdit> = edits
        .iter()
        .filter(|it| range.contains_range(it.range))
        .map(|it| {
            TextEdit::replace(
                TextRange::new(
                    it.range.start() - range.start(),
                    it.range.end() - range.start(),
                ),
                it.insert.clone(),
            )
        })
        .collect();
    apply_edits(range.slice(text), &local)
}

/// An instruction on one line, for notes.
fn one_line(text: &str) -> String {
    let mut res = String::new();
    for line in text.lines() {
        let line = line.trim().trim_end_matches('\\').trim();
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if !res.is_empty() {
            res.push(' ');
        }
        res.push_str(line);
    }
    res
}

/// Variable names referenced in an instruction's text.
fn references(ctx: &Ctx<'_>, range: TextRange) -> Vec<String> {
    let lexer = shell::Lexer::new(ctx.input.parse.escape);
    let mut names: Vec<String> = lexer
        .variable_references(range.slice(ctx.input.text))
        .into_iter()
        .filter(|it| !it.is_special())
        .map(|it| it.name)
        .collect();
    names.dedup();
    names
}

/// The stage's ARG instruction that declares `name` before `idx`.
fn declaring_arg(ctx: &Ctx<'_>, idx: usize, name: &str) -> Option<usize> {
    ctx.of_kind(InstructionKind::Arg)
        .filter(|(at, _)| *at < idx)
        .filter(|(_, it)| it.args.key_values().iter().any(|kv| kv.key.text == name))
        .map(|it| it.0)
        .last()
}

fn declared_arg(ctx: &Ctx<'_>, idx: usize, name: &str) -> bool {
    declaring_arg(ctx, idx, name).is_some()
}

/// Where a COPY/ADD writes, absolute.
pub(super) fn copy_dest(ctx: &Ctx<'_>, idx: usize) -> Option<String> {
    let instruction = ctx.instruction(idx)?;
    let (dest, _) = *instruction.args.values().last()?;
    let dest = ctx.expand(idx, dest)?;
    Some(resolve(&ctx.workdir_at(idx), &dest))
}

/// `build`, else `build-2`, ... : a stage name no stage uses.
fn unique_name(ctx: &Ctx<'_>) -> String {
    let taken = |name: &str| {
        ctx.input.model.stages.iter().any(|it| {
            it.name
                .as_deref()
                .is_some_and(|it| it.eq_ignore_ascii_case(name))
        })
    };
    let mut name = "build".to_owned();
    let mut n = 2;
    while taken(&name) {
        name = format!("build-{n}");
        n += 1;
    }
    name
}
