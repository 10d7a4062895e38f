//! Helpers the shell rules share: walking the commands a `RUN` executes,
//! which stages' layers ship, what the base image is, getopt-style option
//! parsing, and edits that are only made when the script text is the source
//! text byte for byte.

use crate::{
    images::{self, ImageEntry, PackageManager},
    model::{Base, Model, RunScript},
    rules::RuleContext,
    syntax::{
        script::{Command, ScriptWord},
        Args, Instruction, InstructionKind, TextRange,
    },
};

/// One simple command a `RUN` executes, with the script it belongs to.
pub(super) struct Cmd<'a> {
    pub(super) run: &'a RunScript,
    pub(super) command: &'a Command,
}

impl Cmd<'_> {
    /// The source range of a range of the command's script.
    pub(super) fn source(&self, instruction: &Instruction, range: TextRange) -> TextRange {
        self.run.source_range(instruction, range)
    }
}

/// `RUN` instructions and `ONBUILD RUN` triggers, with their index.
pub(super) fn runs<'a>(ctx: &RuleContext<'a>) -> impl Iterator<Item = (usize, &'a Instruction)> {
    ctx.instructions().filter(|(_, it)| is_run(it))
}

/// A `RUN`, or an `ONBUILD RUN`.
pub(super) fn is_run(instruction: &Instruction) -> bool {
    match instruction.onbuild_trigger() {
        Some(trigger) => trigger.kind == InstructionKind::Run,
        None => instruction.kind == InstructionKind::Run,
    }
}

/// Every command of every script of `scripts`, in order.
pub(super) fn commands(scripts: &[RunScript]) -> impl Iterator<Item = Cmd<'_>> {
    scripts.iter().flat_map(|run| {
        run.script
            .commands
            .iter()
            .map(move |command| Cmd { run, command })
    })
}

/// The word naming the command after wrappers (`sudo`, `env`, ...) are stripped.
pub(super) fn name_word(command: &Command) -> Option<&ScriptWord> {
    command.effective().words.first()
}

/// The effective command's basename, when it is a literal word.
pub(super) fn name(command: &Command) -> Option<&str> {
    let effective = command.effective();
    let word = effective.words.first()?;
    (!word.has_expansion).then_some(())?;
    effective.name()
}

/// The last path component.
pub(super) fn basename(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    match trimmed.rfind('/') {
        Some(at) => trimmed.get(at + 1..).unwrap_or(trimmed),
        None => trimmed,
    }
}

/// Which stages' layers end up in the shipped image: the target and every
/// stage it is built `FROM`, directly or not.
pub(super) fn shipped_stages(model: &Model) -> Vec<bool> {
    let mut res = vec![false; model.stages.len()];
    let mut next = model.target;
    while let Some(stage) = next {
        match res.get_mut(stage) {
            Some(seen) if !*seen => *seen = true,
            _ => break,
        }
        next = match model.stages.get(stage).map(|it| &it.base) {
            Some(Base::Stage(parent)) => Some(*parent),
            _ => None,
        };
    }
    res
}

/// True when the instruction's layer is part of the shipped image.
pub(super) fn layers_ship(ctx: &RuleContext<'_>, idx: usize) -> bool {
    let shipped = shipped_stages(ctx.model);
    ctx.model
        .stage_of(idx)
        .is_some_and(|stage| shipped.get(stage).copied().unwrap_or(false))
}

/// The instructions whose layers make up the shipped image, in build order:
/// the root stage's first, the target's last (`FROM` lines excluded).
pub(super) fn shipped_instructions(ctx: &RuleContext<'_>) -> Vec<usize> {
    let shipped = shipped_stages(ctx.model);
    let mut res = Vec::new();
    for (stage, _) in shipped.iter().enumerate().filter(|(_, it)| **it) {
        if let Some(stage) = ctx.model.stages.get(stage) {
            res.extend(stage.instructions.clone().skip(1));
        }
    }
    res.sort_unstable();
    res
}

/// The knowledge-base entry of the image a stage is ultimately built from.
pub(super) fn root_image(ctx: &RuleContext<'_>, idx: usize) -> Option<&'static ImageEntry> {
    let mut stage = ctx.stage_of(idx)?;
    for _ in 0..ctx.model.stages.len() {
        match &stage.base {
            Base::Stage(parent) => stage = ctx.model.stages.get(*parent)?,
            _ => break,
        }
    }
    images::lookup(stage.base_image()?).entry()
}

/// What `/bin/sh` is in the stage's base image, as far as docklens knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BinSh {
    /// BusyBox ash (Alpine, BusyBox): supports `set -o pipefail`.
    Ash,
    /// dash (Debian, Ubuntu): 0.5.12 rejects `set -o pipefail`; bash is installed.
    Dash,
    /// bash (Fedora, RHEL, UBI).
    Bash,
    Unknown,
}

pub(super) fn bin_sh(ctx: &RuleContext<'_>, idx: usize) -> BinSh {
    let Some(entry) = root_image(ctx, idx) else {
        return BinSh::Unknown;
    };
    if entry.id.contains("busybox") {
        return BinSh::Ash;
    }
    match entry.package_manager {
        PackageManager::Apk => BinSh::Ash,
        PackageManager::Apt => BinSh::Dash,
        PackageManager::Dnf | PackageManager::Microdnf | PackageManager::Yum => BinSh::Bash,
        PackageManager::None => BinSh::Unknown,
    }
}

/// The package manager of the stage's base image, when known.
pub(super) fn package_manager(ctx: &RuleContext<'_>, idx: usize) -> Option<PackageManager> {
    root_image(ctx, idx).map(|it| it.package_manager)
}

/// One option of a command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OptName<'a> {
    Short(char),
    Long(&'a str),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Opt<'a> {
    pub(super) name: OptName<'a>,
    pub(super) value: Option<&'a str>,
    /// The word the value is in (the option's own word for `-ovalue`).
    pub(super) value_word: Option<&'a ScriptWord>,
}

impl Opt<'_> {
    pub(super) fn is(&self, short: Option<char>, long: &[&str]) -> bool {
        match self.name {
            OptName::Short(c) => short == Some(c),
            OptName::Long(name) => long.contains(&name),
        }
    }
}

/// A command line split the way GNU getopt splits it: options anywhere
/// until `--`, short options clustered, a value-taking short option taking
/// the rest of its cluster or the next word.
#[derive(Debug, Default)]
pub(super) struct Getopt<'a> {
    pub(super) options: Vec<Opt<'a>>,
    pub(super) operands: Vec<&'a ScriptWord>,
}

impl<'a> Getopt<'a> {
    /// `short_values`: the short options that take a value (`"oOP"`);
    /// `long_values`: the long ones (`["output", "directory-prefix"]`).
    /// `--name=value` always carries a value.
    pub(super) fn parse(
        args: &'a [ScriptWord],
        short_values: &str,
        long_values: &[&str],
    ) -> Getopt<'a> {
        let mut res = Getopt::default();
        let mut i = 0;
        let mut done = false;
        while let Some(word) = args.get(i) {
            i += 1;
            let value = word.value.as_str();
            if done || value == "-" || !value.starts_with('-') {
                res.operands.push(word);
                continue;
            }
            if value == "--" {
                done = true;
                continue;
            }
            if let Some(long) = value.strip_prefix("--") {
                let (name, inline) = match long.split_once('=') {
                    Some((name, v)) => (name, Some(v)),
                    None => (long, None),
                };
                let (value, value_word) = match inline {
                    Some(v) => (Some(v), Some(word)),
                    None if long_values.contains(&name) => {
                        let next = args.get(i);
                        i += 1;
                        (next.map(|it| it.value.as_str()), next)
                    }
                    None => (None, None),
                };
                res.options.push(Opt {
                    name: OptName::Long(name),
                    value,
                    value_word,
                });
                continue;
            }
            let cluster = value.get(1..).unwrap_or("");
            for (at, c) in cluster.char_indices() {
                if short_values.contains(c) {
                    let rest = cluster.get(at + c.len_utf8()..).unwrap_or("");
                    let (value, value_word) = match rest.is_empty() {
                        true => {
                            let next = args.get(i);
                            i += 1;
                            (next.map(|it| it.value.as_str()), next)
                        }
                        false => (Some(rest), Some(word)),
                    };
                    res.options.push(Opt {
                        name: OptName::Short(c),
                        value,
                        value_word,
                    });
                    break;
                }
                res.options.push(Opt {
                    name: OptName::Short(c),
                    value: None,
                    value_word: None,
                });
            }
        }
        res
    }

    pub(super) fn has(&self, short: Option<char>, long: &[&str]) -> bool {
        self.options.iter().any(|it| it.is(short, long))
    }

    pub(super) fn get(&self, short: Option<char>, long: &[&str]) -> Option<&Opt<'a>> {
        self.options.iter().find(|it| it.is(short, long))
    }
}

/// The source range of a script range, but only when the source text there
/// is the script text byte for byte, so an edit there means what it says
/// (not so inside a JSON string with escapes, or across a continuation).
pub(super) fn exact_source(
    ctx: &RuleContext<'_>,
    instruction: &Instruction,
    run: &RunScript,
    range: TextRange,
) -> Option<TextRange> {
    let source = run.source_range(instruction, range);
    let script = run.text.get(range.start()..range.end())?;
    (!run.text.is_empty() && ctx.slice(source) == script).then_some(source)
}

/// The source offset right after a word, when the word's source text is
/// its script text (so text inserted there lands where it reads).
pub(super) fn after_word(
    ctx: &RuleContext<'_>,
    instruction: &Instruction,
    run: &RunScript,
    word: &ScriptWord,
) -> Option<usize> {
    exact_source(ctx, instruction, run, word.range).map(|it| it.end())
}

/// True when the `RUN` is in shell form with no heredocs and no `ONBUILD`.
pub(super) fn plain_shell_form(instruction: &Instruction) -> bool {
    instruction.kind == InstructionKind::Run
        && instruction.heredocs.is_empty()
        && matches!(instruction.args, Args::Shell(_))
}

/// The targets of a `RUN`'s `--mount` flags (any type): what a command
/// writes there does not reach the layer.
pub(super) fn mount_targets(instruction: &Instruction) -> Vec<String> {
    let run = instruction.onbuild_trigger().unwrap_or(instruction);
    run.flags
        .iter()
        .filter(|it| it.name == "mount")
        .filter_map(|flag| {
            let value = flag.value.as_deref().unwrap_or("");
            let mut target = None;
            for field in value.split(',') {
                let (key, val) = field.split_once('=').unwrap_or((field, ""));
                if matches!(
                    key.to_ascii_lowercase().as_str(),
                    "target" | "dst" | "destination"
                ) {
                    target = Some(val.trim_end_matches('/').to_owned());
                }
            }
            target.filter(|it| !it.is_empty())
        })
        .collect()
}

/// Whether `path` is `dir` or inside it.
pub(super) fn is_under(path: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    dir.is_empty() || path == dir || path.starts_with(&format!("{dir}/"))
}

/// `path` made absolute against `workdir`, with `.`/`..`/`//` resolved and
/// no trailing slash (`/` stays `/`).
pub(super) fn absolute(path: &str, workdir: &str) -> String {
    let joined = match path.starts_with('/') {
        true => path.to_owned(),
        false => format!("{}/{path}", workdir.trim_end_matches('/')),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The user a `RUN` runs as is root.
pub(super) fn runs_as_root(ctx: &RuleContext<'_>, idx: usize) -> bool {
    let user = ctx.model.user_at(idx).unwrap_or("root");
    let name = user.split(':').next().unwrap_or(user);
    name.is_empty() || name == "root" || name == "0"
}

/// The home directory of the user a `RUN` runs as, when it is root's.
pub(super) fn home(ctx: &RuleContext<'_>, idx: usize) -> Option<&'static str> {
    runs_as_root(ctx, idx).then_some("/root")
}

/// The line number (1-based) of an offset, for messages.
pub(super) fn line_number(ctx: &RuleContext<'_>, offset: usize) -> usize {
    ctx.line_of(offset) + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::script::parse_script;

    fn opts(line: &str, short: &str, long: &[&str]) -> (Vec<String>, Vec<String>) {
        let script = parse_script(line);
        let Some(command) = script.commands.first() else {
            return Default::default();
        };
        let parsed = Getopt::parse(command.words.get(1..).unwrap_or(&[]), short, long);
        let options = parsed
            .options
            .iter()
            .map(|it| {
                let name = match it.name {
                    OptName::Short(c) => c.to_string(),
                    OptName::Long(l) => l.to_owned(),
                };
                match it.value {
                    Some(v) => format!("{name}={v}"),
                    None => name,
                }
            })
            .collect();
        let operands = parsed.operands.iter().map(|it| it.value.clone()).collect();
        (options, operands)
    }

    #[test]
    fn getopt_clusters_values_and_operands() {
        let (o, a) = opts("wget -qO/tmp/x --progress=dot url -- -z", "O", &[]);
        assert_eq!(o, vec!["q", "O=/tmp/x", "progress=dot"]);
        assert_eq!(a, vec!["url", "-z"]);
        let (o, a) = opts("useradd -u 1000 --uid 5 name", "u", &["uid"]);
        assert_eq!(o, vec!["u=1000", "uid=5"]);
        assert_eq!(a, vec!["name"]);
    }

    #[test]
    fn absolute_paths() {
        assert_eq!(absolute("x/../y/./z/", "/app"), "/app/y/z");
        assert_eq!(absolute("/tmp//a", "/app"), "/tmp/a");
        assert_eq!(absolute(".", "/"), "/");
        assert!(is_under("/var/lib/apt/lists/x", "/var/lib/apt/lists"));
        assert!(!is_under("/var/lib/aptx", "/var/lib/apt"));
    }
}
