use super::{
    layer_files::{cleanup, created, take, Artifact, Env, Kind, Removal, READ_ONLY},
    subshell::in_subshell,
    util,
};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{
        script::{Command, Connector},
        Args, Instruction, InstructionKind, TextEdit, TextRange,
    },
};

pub(crate) static RULE: Rule = Rule {
    code: "DK2004",
    name: "cleanup-in-later-layer",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Size,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Files deleted in a later layer still ship",
    docs: r#"## What it does
Flags a cleanup in the shipped image that removes files an *earlier* instruction created:
- `rm -rf /var/lib/apt/lists/*` after `apt-get update` ran in an earlier `RUN`;
- `apt-get clean`, `apk cache clean` / `rm -rf /var/cache/apk/*`, `pip cache purge`,
  `npm cache clean`, `yarn cache clean`, `go clean -cache`/`-modcache`, `dnf`/`yum clean all`
  after the package manager filled its cache in an earlier `RUN`;
- `apk del`, `apt-get purge`/`remove` of packages an earlier `RUN` installed;
- `rm` of a file an earlier `COPY`/`ADD` added, an earlier `RUN` downloaded (`curl -o`,
  `wget -O`/`-P`) or cloned (`git clone`), or of `node_modules` an earlier `npm install` made.

The same cleanup in the `RUN` that created the files is what it should be, and is not flagged.
Neither are builder stages (their layers do not ship), paths under a `RUN --mount` target, or
caches an earlier `RUN` kept out of its layer with a cache mount or `--no-cache`.

## Why is this bad?
Layers only add: a deletion in a later layer writes a whiteout that hides the files, while the
earlier layer still carries them, so the image is exactly as big as without the cleanup (dive
reports it as "wasted space"). Package lists are ≈ 20–40 MB; a pip cache is often 15 MB or more.

## Example
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12
RUN rm -rf /var/lib/apt/lists/*
```

Use instead:
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12 \
    && rm -rf /var/lib/apt/lists/*
```

## Fix safety
For caches and package lists, a suggestion moves the cleanup to the end of the `RUN` that
created them (and drops it from the later `RUN`). It is display-only: a later step might still
need the cache. Files from `COPY`, downloads and packages get no fix: remove them in the `RUN`
that uses them, mount them with `RUN --mount=type=bind`, or build in a separate stage and
`COPY --from` only the result.

## References
- [Docker build best practices: apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
- [Docker docs: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let mut pending: Vec<Artifact> = Vec::new();
    for idx in util::shipped_instructions(ctx) {
        let Some(instruction) = ctx.instruction(idx) else {
            continue;
        };
        match instruction.kind {
            InstructionKind::Copy | InstructionKind::Add => {
                copied(ctx, idx, instruction, &mut pending);
            }
            InstructionKind::Run => run(ctx, idx, instruction, &mut pending, acc),
            _ => {}
        }
    }
}

/// The files a `COPY`/`ADD` adds.
fn copied(ctx: &RuleContext<'_>, idx: usize, instruction: &Instruction, acc: &mut Vec<Artifact>) {
    let values = instruction.args.values();
    let Some(((dest, _), sources)) = values.split_last() else {
        return;
    };
    let expand = |raw: &str| {
        ctx.model
            .expand(ctx.parse, idx, raw)
            .unwrap_or_else(|_| raw.to_owned())
    };
    let workdir = ctx.model.workdir_at(idx).unwrap_or("/");
    let dest_raw = expand(dest);
    let dest_abs = util::absolute(&dest_raw, workdir);
    let into_dir = dest_raw.ends_with('/') || dest_raw == "." || sources.len() > 1;
    let add = instruction.kind == InstructionKind::Add;
    let keyword = instruction.kind.keyword();
    for (source, range) in sources {
        let source = expand(source);
        let tree = matches!(source.as_str(), "." | "./" | "*") || source.ends_with('/');
        let url = source.contains("://");
        let archive_unpacked = add && !url && is_local_archive(&source);
        let path = if tree || archive_unpacked {
            dest_abs.clone()
        } else if into_dir {
            let name = util::basename(source.split('?').next().unwrap_or(&source));
            format!("{}/{}", dest_abs.trim_end_matches('/'), name)
        } else {
            dest_abs.clone()
        };
        let name = if source.starts_with("<<") {
            keyword.to_owned()
        } else {
            format!("{keyword} {}", util::basename(&source))
        };
        acc.push(Artifact {
            kind: match url {
                true => Kind::Downloaded,
                false => Kind::Copied,
            },
            path,
            names: Vec::new(),
            instruction: idx,
            range: *range,
            by: name,
        });
    }
}

fn is_local_archive(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    [
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst",
    ]
    .iter()
    .any(|it| lower.ends_with(it))
}

fn run(
    ctx: &RuleContext<'_>,
    idx: usize,
    instruction: &Instruction,
    pending: &mut Vec<Artifact>,
    acc: &mut Vec<Diagnostic>,
) {
    let mounts = util::mount_targets(instruction);
    let mounted = |path: &str| mounts.iter().any(|it| util::is_under(path, it));
    let scripts = ctx.run_scripts(idx);
    let mut local: Vec<Artifact> = Vec::new();
    let mut fresh = true;
    for script in scripts {
        let subshells = in_subshell(&script.text, &script.script.commands);
        let mut cwd = ctx.model.workdir_at(idx).unwrap_or("/").to_owned();
        for (i, command) in script.script.commands.iter().enumerate() {
            let top = subshells.get(i).copied().flatten() == Some(false);
            if top && command.depth == 0 && command.name() == Some("cd") {
                if let Some(dir) = command.words.get(1).filter(|it| !it.has_expansion) {
                    cwd = util::absolute(&dir.value, &cwd);
                }
                continue;
            }
            let env = Env {
                ctx,
                idx,
                instruction,
                run: script,
                cwd: &cwd,
            };
            if let Some(cleanup) = cleanup(&env, command, fresh) {
                for (removal, range) in cleanup.removals {
                    if let Removal::Path(path, _) = &removal {
                        if mounted(path) {
                            continue;
                        }
                    }
                    if take(&mut local, &removal, |_| true).is_some() {
                        continue;
                    }
                    // What lies under a mount of this RUN is the mount's, not the layer's.
                    let hit = take(pending, &removal, |it| {
                        it.path.is_empty() || !mounted(&it.path)
                    })
                    .unwrap_or_default();
                    if let Some(diagnostic) = report(&env, command, &removal, range, &hit) {
                        acc.push(diagnostic);
                    }
                }
            }
            for artifact in created(&env, command) {
                if artifact.path.is_empty() || !mounted(&artifact.path) {
                    local.push(artifact);
                }
            }
            fresh &= util::name(command).is_some_and(|it| READ_ONLY.contains(&it));
        }
    }
    pending.extend(local);
}

fn report(
    env: &Env<'_>,
    command: &Command,
    removal: &Removal,
    range: TextRange,
    hit: &[Artifact],
) -> Option<Diagnostic> {
    let latest = hit.iter().max_by_key(|it| it.instruction)?;
    let ctx = env.ctx;
    let line = util::line_number(ctx, latest.range.start());
    let (what, pronoun) = match (removal, latest.kind) {
        (Removal::Packages(_, names), _) => {
            let list: Vec<String> = names
                .iter()
                .filter(|it| hit.iter().any(|a| a.names.contains(it)))
                .map(|it| format!("`{it}`"))
                .collect();
            let pronoun = match list.len() {
                1 => "it",
                _ => "them",
            };
            (format!("package {}", list.join(", ")), pronoun)
        }
        (Removal::Path(path, _), kind) if !kind.is_cache() => (format!("`{path}`"), "it"),
        (_, kind) => (kind.what().to_owned(), kind.pronoun()),
    };
    let cost = match (latest.kind.cost(), latest.kind) {
        (Some(cost), _) => format!(" ({cost})"),
        // Only known Debian and Ubuntu bases are known to delete them.
        (None, Kind::AptArchives) => {
            " (unless the base image deletes them itself, as Debian's and Ubuntu's do)".to_owned()
        }
        (None, _) => String::new(),
    };
    let others = match hit.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    let message = format!(
        "removing {what} here does not shrink the image: `{}` (line {line}){others} put {pronoun} \
         in an earlier layer, which still ships {pronoun}{cost}",
        latest.by
    );
    let mut diagnostic = RULE.diagnostic(range, message);
    for artifact in hit {
        diagnostic = diagnostic.with_related(
            artifact.range,
            format!("{} {} here", artifact.kind.what(), artifact.kind.verb()),
        );
    }
    let fix = match hit {
        [only] if only.kind.is_cache() && !used_between(env, command, only) => {
            move_fix(env, command, only)
        }
        _ => None,
    };
    Some(match fix {
        Some(fix) => diagnostic.with_fix(fix),
        None => diagnostic,
    })
}

/// Whether a `RUN` between the one that made the artifact and this one
/// (or this one, before the cleanup) runs the tool that reads it: then
/// the cleanup cannot move back (the lists an install needs, say).
fn used_between(env: &Env<'_>, cleanup: &Command, artifact: &Artifact) -> bool {
    let tools = artifact.kind.tools();
    let uses = |command: &Command| util::name(command).is_some_and(|it| tools.contains(&it));
    let earlier = util::shipped_instructions(env.ctx)
        .into_iter()
        .filter(|at| *at > artifact.instruction && *at < env.idx)
        .any(|at| {
            let scripts = env.ctx.run_scripts(at);
            let res = util::commands(scripts).any(|cmd| uses(cmd.command));
            res
        });
    earlier
        || env
            .run
            .script
            .commands
            .iter()
            .take_while(|it| it.range.end() <= cleanup.range.start())
            .any(uses)
}

/// Appends the cleanup to the creating `RUN` and drops it from this one.
fn move_fix(env: &Env<'_>, command: &Command, artifact: &Artifact) -> Option<Fix> {
    let ctx = env.ctx;
    let creator = ctx.instruction(artifact.instruction)?;
    if !util::plain_shell_form(creator) || !util::plain_shell_form(env.instruction) {
        return None;
    }
    let scripts = ctx.run_scripts(artifact.instruction);
    let last = scripts.last()?.script.commands.last()?;
    let creator_text = ctx.slice(creator.range);
    let last_line = creator_text.lines().last().unwrap_or("");
    if last.connector.is_some()
        || creator_text.trim_end().ends_with([';', '&', '\\', '`'])
        || last_line.trim_start().starts_with('#')
    {
        return None;
    }
    let cleanup = env
        .run
        .text
        .get(command.range.start()..command.range.end())?;
    if cleanup.contains('\n') {
        return None;
    }
    let escape = ctx.parse.escape;
    let mut edits = vec![TextEdit::insert(
        creator.range.end(),
        format!(" {escape}\n    && {cleanup}"),
    )];
    if let Some(delete) = delete_command(env, command) {
        edits.push(TextEdit::delete(delete));
    }
    Some(Fix::display_only(
        "Move the cleanup into the RUN that creates the files",
        edits,
    ))
}

/// The source range that removes `command` from its `RUN`: the whole
/// instruction when it is the only command, else the command and its `&&`.
fn delete_command(env: &Env<'_>, command: &Command) -> Option<TextRange> {
    let ctx = env.ctx;
    let commands = &env.run.script.commands;
    if command.depth != 0 || command.in_substitution {
        return None;
    }
    let at = commands.iter().position(|it| std::ptr::eq(it, command))?;
    if commands.len() == 1 {
        let Args::Shell(_) = &env.instruction.args else {
            return None;
        };
        let first = ctx.parse.lines.get(env.instruction.start_line)?;
        let last = ctx.parse.lines.get(env.instruction.end_line)?;
        return Some(TextRange::new(first.range.start(), last.range.end()));
    }
    let next = commands.get(at + 1);
    let prev = at.checked_sub(1).and_then(|it| commands.get(it));
    if at == 0 && command.connector == Some(Connector::And) {
        let next = next.filter(|it| it.depth == 0)?;
        return Some(env.source(TextRange::new(command.range.start(), next.range.start())));
    }
    let prev = prev.filter(|it| it.depth == 0 && it.connector == Some(Connector::And))?;
    if command.connector.is_some() && command.connector != Some(Connector::And) {
        return None;
    }
    Some(env.source(TextRange::new(prev.range.end(), command.range.end())))
}
