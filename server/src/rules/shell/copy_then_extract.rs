use super::util::{self, commands, Getopt};
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::{script::ScriptWord, InstructionKind, TextRange},
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3010",
    name: "copy-then-extract-archive",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Size,
    severity: Severity::Info,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Use ADD for extracting archives into an image",
    docs: r#"## What it does
Flags a `COPY` of a tar archive from the build context that a later `RUN` of the shipped image
extracts with `tar`, when `ADD` could do the same: no `--strip-components`, `--exclude`,
`--transform` or member list, and a compression `ADD` understands (gzip, bzip2, xz, zstd or
none).

## Why is this bad?
The `COPY` layer keeps the archive and the `RUN` layer adds its extracted contents: the image
ships the data twice, once compressed. A later `rm` of the archive only hides it. `ADD` of a
local tar archive extracts it into the destination in one layer, and the archive itself is
never stored. (A `RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar -x ...`
does the same when `tar` options are needed.)

Builder stages are not flagged: their layers do not ship.

## Example
```dockerfile
FROM alpine:3.22
COPY app.tar.gz /tmp/
RUN tar -xzf /tmp/app.tar.gz -C /opt
```

Use instead:
```dockerfile
FROM alpine:3.22
ADD app.tar.gz /opt/
```

## References
- hadolint [DL3010](https://github.com/hadolint/hadolint/wiki/DL3010)
- [Dockerfile reference: ADD, adding local tar archives](https://docs.docker.com/reference/dockerfile/#adding-local-tar-archives)
"#,
    check,
};

/// A copied file that looks like a tar archive.
struct Archive {
    /// The `COPY` source word.
    range: TextRange,
    basename: String,
}

/// Extensions of files `tar` extracts and `ADD` unpacks too.
const TAR_EXTENSIONS: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tb2", ".tar.xz", ".txz", ".tar.zst",
    ".tzst",
];

/// Compressions `ADD` does not unpack.
const FOREIGN_COMPRESSION: &[&str] = &[
    "lzip",
    "lzma",
    "lzop",
    "compress",
    "uncompress",
    "use-compress-program",
];

/// `tar` options that `ADD` cannot reproduce.
const NOT_FOR_ADD: &[&str] = &[
    "strip-components",
    "exclude",
    "exclude-from",
    "transform",
    "xform",
    "wildcards",
    "to-stdout",
    "to-command",
    "files-from",
    "occurrence",
    "keep-old-files",
    "skip-old-files",
    "newer",
];

const TAR_SHORT_VALUES: &str = "fCbTXgKNLVFHI";
const TAR_LONG_VALUES: &[&str] = &[
    "file",
    "directory",
    "exclude",
    "exclude-from",
    "transform",
    "xform",
    "strip-components",
    "format",
    "use-compress-program",
    "owner",
    "group",
    "mode",
    "files-from",
    "newer",
    "label",
    "blocking-factor",
    "to-command",
    "listed-incremental",
    "occurrence",
    "warning",
];

fn is_tar_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    TAR_EXTENSIONS.iter().any(|it| lower.ends_with(it))
}

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let mut archives: Vec<Archive> = Vec::new();
    for idx in util::shipped_instructions(ctx) {
        let Some(instruction) = ctx.instruction(idx) else {
            continue;
        };
        match instruction.kind {
            InstructionKind::Copy if instruction.flag("from").is_none() => {
                let values = instruction.args.values();
                let Some(((dest, dest_range), sources)) = values.split_last() else {
                    continue;
                };
                for (source, range) in sources {
                    if source.starts_with("<<") || source.contains("://") {
                        continue;
                    }
                    let base = util::basename(source.trim_matches(['"', '\'']));
                    if is_tar_name(base) {
                        archives.push(Archive {
                            range: *range,
                            basename: base.to_owned(),
                        });
                    }
                }
                let base = util::basename(dest.trim_matches(['"', '\'']));
                if sources.len() == 1 && !dest.ends_with('/') && is_tar_name(base) {
                    archives.push(Archive {
                        range: *dest_range,
                        basename: base.to_owned(),
                    });
                }
            }
            InstructionKind::Run if !archives.is_empty() => {
                let scripts = ctx.run_scripts(idx);
                for cmd in commands(scripts) {
                    if util::name(cmd.command) != Some("tar") {
                        continue;
                    }
                    let effective = cmd.command.effective();
                    let Some(file) = extracted_file(effective.args()) else {
                        continue;
                    };
                    let base = util::basename(&file.archive);
                    let Some(at) = archives.iter().position(|it| it.basename == base) else {
                        continue;
                    };
                    let archive = archives.remove(at);
                    let workdir = ctx.model.workdir_at(idx).unwrap_or("/");
                    let into = match &file.directory {
                        Some(dir) => util::absolute(dir, workdir),
                        None => util::absolute(".", workdir),
                    };
                    let into = match into.as_str() {
                        "/" => "/".to_owned(),
                        dir => format!("{dir}/"),
                    };
                    let tar_range = util::name_word(cmd.command)
                        .map(|it| cmd.source(instruction, it.range))
                        .unwrap_or_default();
                    let line = util::line_number(ctx, tar_range.start());
                    let message = format!(
                        "`{}` is copied here and extracted by `tar` in a later RUN (line {line}): \
                         the archive stays in this layer; `ADD {} {into}` extracts it in one step",
                        archive.basename,
                        ctx.slice(archive.range),
                    );
                    acc.push(
                        RULE.diagnostic(archive.range, message)
                            .with_related(tar_range, "extracted here"),
                    );
                }
            }
            _ => {}
        }
    }
}

struct Extract {
    archive: String,
    directory: Option<String>,
}

/// The archive a `tar` command line extracts, when `ADD` could extract it
/// the same way.
fn extracted_file(args: &[ScriptWord]) -> Option<Extract> {
    // Old-style `tar xzf file`: the first word is a bundle of letters whose
    // values follow in order.
    let (bundle, rest) = match args.split_first() {
        Some((first, rest))
            if !first.value.starts_with('-')
                && !first.value.is_empty()
                && first.value.chars().all(|c| c.is_ascii_alphabetic()) =>
        {
            (Some(first.value.as_str()), rest)
        }
        _ => (None, args),
    };
    let mut old_values: Vec<(char, &ScriptWord)> = Vec::new();
    let mut rest = rest;
    if let Some(bundle) = bundle {
        for c in bundle.chars().filter(|c| TAR_SHORT_VALUES.contains(*c)) {
            let (value, tail) = rest.split_first()?;
            old_values.push((c, value));
            rest = tail;
        }
    }
    let parsed = Getopt::parse(rest, TAR_SHORT_VALUES, TAR_LONG_VALUES);
    let extract =
        bundle.is_some_and(|it| it.contains('x')) || parsed.has(Some('x'), &["extract", "get"]);
    if !extract
        || parsed
            .options
            .iter()
            .any(|it| it.is(None, NOT_FOR_ADD) || it.is(None, FOREIGN_COMPRESSION))
        || parsed.has(Some('O'), &[])
        || parsed.has(Some('Z'), &[])
        || parsed.has(Some('I'), &[])
        || bundle.is_some_and(|it| it.contains(['Z', 'O']))
        || !parsed.operands.is_empty()
    {
        return None;
    }
    let file = old_values
        .iter()
        .find(|(c, _)| *c == 'f')
        .map(|(_, it)| it.value.as_str())
        .or_else(|| parsed.get(Some('f'), &["file"]).and_then(|it| it.value))?;
    let directory = old_values
        .iter()
        .find(|(c, _)| *c == 'C')
        .map(|(_, it)| it.value.as_str())
        .or_else(|| {
            parsed
                .get(Some('C'), &["directory"])
                .and_then(|it| it.value)
        });
    if file == "-" || file.contains('$') || directory.is_some_and(|it| it.contains('$')) {
        return None;
    }
    Some(Extract {
        archive: file.to_owned(),
        directory: directory.map(str::to_owned),
    })
}
