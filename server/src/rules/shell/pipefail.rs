use super::util::{self, BinSh};
use crate::{
    model::RunScript,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{
        script::{Command, Connector, ScriptWord},
        Args, Instruction, InstructionKind, TextEdit, TextRange,
    },
};

pub(crate) static RULE: Rule = Rule {
    code: "DL4006",
    name: "pipe-without-pipefail",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Set -o pipefail before a RUN with a pipe in it",
    docs: r#"## What it does
Flags the first pipe (`|`) of a `RUN` when `pipefail` is not on for it: neither the stage's
`SHELL` has `-o pipefail` (`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`, also `-euxo pipefail`)
nor the script runs `set -o pipefail` (or `set -euo pipefail` ...) before the pipe. Stages whose
`SHELL` is PowerShell or `cmd` are skipped.

The shell that runs the script decides: a heredoc script with a `#!` line runs under that
interpreter, and `RUN <<EOF bash` hands the script to a new `bash`, so the stage's `SHELL`
options do not reach either; only their own `set -o pipefail` counts. And where `/bin/sh` is
dash (Debian and Ubuntu images with the default shell), `set -o pipefail` itself is flagged:
dash rejects it and the `RUN` fails.

## Why is this bad?
A pipeline's exit status is its last command's: `RUN curl -fsSL https://example.com/x.tgz | tar
-xz` succeeds when the download fails and `tar` happens to exit 0 on empty input, and the image
is built without the files. With `pipefail` the `RUN` fails at the first failing command.

Which `/bin/sh` runs a shell-form `RUN` matters: BusyBox `ash` (Alpine, BusyBox) and `bash`
(Fedora, RHEL, UBI, where `/bin/sh` is bash) accept `set -o pipefail`; Debian's and Ubuntu's
`/bin/sh` is `dash`, and dash 0.5.12 (Debian 12, Ubuntu 24.04) rejects it, failing the `RUN`.
There, switch the stage to bash with `SHELL`.

## Example
```dockerfile
FROM alpine:3.22
RUN wget -qO- https://example.com/install.sh | sh
```

Use instead:
```dockerfile
FROM alpine:3.22
RUN set -o pipefail && wget -qO- https://example.com/install.sh | sh
```

## Fix safety
All fixes are unsafe: a `RUN` that passed may now fail, which is the point.
- When the shell accepts it (`bash`, `ash`, `zsh`, `ksh`, or `/bin/sh` of an Alpine, BusyBox,
  Fedora or RHEL family base image), the fix starts the script with `set -o pipefail &&` (a
  `set -o pipefail` line for a heredoc script).
- On Debian and Ubuntu family base images with the default shell, it adds
  `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` above the `RUN`, which also switches every later
  `RUN` of the stage to bash.
- On an unknown base image the `set -o pipefail &&` fix is a suggestion only: it breaks the
  build if `/bin/sh` is dash.

## References
- hadolint [DL4006](https://github.com/hadolint/hadolint/wiki/DL4006)
- [hadolint#1137: `set -o pipefail` inside a heredoc](https://github.com/hadolint/hadolint/issues/1137)
- [Docker build best practices: using pipes](https://docs.docker.com/build/building/best-practices/#using-pipes)
"#,
    check,
};

const POSIX_SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"];
const ACCEPT_PIPEFAIL: &[&str] = &["bash", "ash", "zsh", "ksh", "mksh", "busybox"];

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in util::runs(ctx) {
        let shell = ctx.model.shell_at(idx).unwrap_or(&[]);
        let program = shell.first().map_or("sh", |it| util::basename(it));
        if !POSIX_SHELLS.contains(&program) {
            continue;
        }
        for run in ctx.run_scripts(idx) {
            let runner = runner(instruction, run, shell);
            if runner.pipefail {
                continue;
            }
            let commands = &run.script.commands;
            let Some(pipe) = commands
                .iter()
                .position(|it| it.connector == Some(Connector::Pipe))
            else {
                continue;
            };
            let dash = runner.name == "dash"
                || (runner.name == "sh" && util::bin_sh(ctx, idx) == BinSh::Dash);
            let diagnostic = match pipefail_set(commands, pipe) {
                Some(_) if !dash => continue,
                Some(word) => {
                    let range = run.source_range(instruction, word.range);
                    let diagnostic = RULE.diagnostic(
                        range,
                        "`/bin/sh` is dash on this image, which rejects `set -o pipefail`: the RUN fails; set the SHELL to bash with `-o pipefail`",
                    );
                    let fix = match runner.by_shell {
                        true => shell_fix(ctx, instruction),
                        false => None,
                    };
                    match fix {
                        Some(fix) => diagnostic.with_fix(fix),
                        None => diagnostic,
                    }
                }
                None => {
                    let Some(diagnostic) = pipe_diagnostic(run, instruction, pipe) else {
                        continue;
                    };
                    match fix(ctx, idx, instruction, run, &runner) {
                        Some(fix) => diagnostic.with_fix(fix),
                        None => diagnostic,
                    }
                }
            };
            acc.push(diagnostic);
            break;
        }
    }
}

fn pipe_diagnostic(run: &RunScript, instruction: &Instruction, pipe: usize) -> Option<Diagnostic> {
    let command = run.script.commands.get(pipe)?;
    let bar = run
        .text
        .get(command.range.end()..)
        .and_then(|rest| rest.find('|'))
        .map(|at| command.range.end() + at)?;
    let range = run.source_range(instruction, TextRange::new(bar, bar + 1));
    let left = util::name(command).unwrap_or("the command");
    let right = run
        .script
        .commands
        .iter()
        .find(|it| it.range.start() > bar && it.depth <= command.depth)
        .and_then(util::name)
        .unwrap_or("the last command");
    Some(RULE.diagnostic(
        range,
        format!(
            "pipe without `pipefail`: a failing `{left}` is hidden, the RUN's status is `{right}`'s"
        ),
    ))
}

/// Who runs a script, and whether `pipefail` is on when it starts.
struct Runner<'a> {
    /// Basename of the interpreter.
    name: &'a str,
    /// The stage's `SHELL` runs it (so a `SHELL` change reaches it).
    by_shell: bool,
    pipefail: bool,
    /// A heredoc body: a fix inserts a line, not `set -o pipefail &&`.
    body: bool,
}

fn runner<'a>(instruction: &'a Instruction, run: &'a RunScript, shell: &'a [String]) -> Runner<'a> {
    let program = shell.first().map_or("sh", |it| util::basename(it));
    let from_shell = Runner {
        name: program,
        by_shell: true,
        pipefail: sets_pipefail(shell.iter().map(String::as_str)),
        body: false,
    };
    if let Some(line) = run.text.lines().next().and_then(|it| it.strip_prefix("#!")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let name = match words.first().map(|it| util::basename(it)) {
            Some("env") => words
                .iter()
                .skip(1)
                .find(|it| !it.starts_with('-'))
                .map_or("", |it| util::basename(it)),
            Some(name) => name,
            None => "",
        };
        return Runner {
            name,
            by_shell: false,
            pipefail: sets_pipefail(words.iter().copied()),
            body: true,
        };
    }
    let trigger = instruction.onbuild_trigger().unwrap_or(instruction);
    match &trigger.args {
        Args::Shell(line) if run.text == line.text.as_str() => from_shell,
        Args::Shell(line) => {
            let words: Vec<&str> = line.text.split_whitespace().collect();
            let reader = words
                .iter()
                .find(|it| POSIX_SHELLS.contains(&util::basename(it)));
            match (words.len(), reader) {
                (2.., Some(reader)) => Runner {
                    name: util::basename(reader),
                    by_shell: false,
                    pipefail: sets_pipefail(words.iter().copied()),
                    body: true,
                },
                _ => Runner {
                    body: true,
                    ..from_shell
                },
            }
        }
        Args::Exec(exec) => Runner {
            name: exec
                .elements
                .first()
                .map_or("", |it| util::basename(&it.value)),
            by_shell: false,
            pipefail: sets_pipefail(exec.elements.iter().map(|it| it.value.as_str())),
            body: false,
        },
        _ => from_shell,
    }
}

/// The `pipefail` word of a `set` that turns it on before command `pipe`.
fn pipefail_set(commands: &[Command], pipe: usize) -> Option<&ScriptWord> {
    commands.iter().take(pipe + 1).find_map(|command| {
        let top = command.depth == 0 && !command.in_substitution;
        if !top || command.name() != Some("set") {
            return None;
        }
        let words = command.words.get(1..)?;
        words
            .windows(2)
            .find(|pair| {
                let option = pair[0].value.as_str();
                option.starts_with('-')
                    && !option.starts_with("--")
                    && option.ends_with('o')
                    && pair[1].value == "pipefail"
            })
            .map(|pair| &pair[1])
    })
}

/// `-o pipefail`, `-euxo pipefail` among shell or `set` arguments.
fn sets_pipefail<'a>(args: impl Iterator<Item = &'a str>) -> bool {
    let mut option = false;
    for arg in args {
        if option && arg == "pipefail" {
            return true;
        }
        option = arg.starts_with('-') && !arg.starts_with("--") && arg.ends_with('o');
    }
    false
}

fn fix(
    ctx: &RuleContext<'_>,
    idx: usize,
    instruction: &Instruction,
    run: &RunScript,
    runner: &Runner<'_>,
) -> Option<Fix> {
    if instruction.kind != InstructionKind::Run || !matches!(instruction.args, Args::Shell(_)) {
        return None;
    }
    let title = "Add `set -o pipefail`";
    if run.text.starts_with("#!") {
        let first = run.text.lines().next().unwrap_or("");
        let shebang =
            util::exact_source(ctx, instruction, run, TextRange::new(0, first.len() + 1))?;
        return ACCEPT_PIPEFAIL.contains(&runner.name).then(|| {
            Fix::unsafe_(
                title,
                vec![TextEdit::insert(shebang.end(), "set -o pipefail\n")],
            )
        });
    }
    let start = run.source_range(instruction, TextRange::empty(0)).start();
    let prepend = match runner.body {
        false => TextEdit::insert(start, "set -o pipefail && "),
        true => TextEdit::insert(start, "set -o pipefail\n"),
    };
    if ACCEPT_PIPEFAIL.contains(&runner.name) {
        return Some(Fix::unsafe_(title, vec![prepend]));
    }
    match (runner.name, runner.by_shell) {
        ("sh", true) => match util::bin_sh(ctx, idx) {
            BinSh::Ash | BinSh::Bash => Some(Fix::unsafe_(title, vec![prepend])),
            BinSh::Dash => shell_fix(ctx, instruction),
            BinSh::Unknown => Some(Fix::display_only(title, vec![prepend])),
        },
        ("dash", true) => shell_fix(ctx, instruction),
        _ => None,
    }
}

/// `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` above the `RUN`.
fn shell_fix(ctx: &RuleContext<'_>, instruction: &Instruction) -> Option<Fix> {
    if instruction.kind != InstructionKind::Run {
        return None;
    }
    let line_start = ctx.parse.lines.get(instruction.start_line)?.range.start();
    let indent = ctx.slice(TextRange::new(line_start, instruction.range.start()));
    indent.trim().is_empty().then(|| {
        Fix::unsafe_(
            "Run the stage with `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`",
            vec![TextEdit::insert(
                instruction.range.start(),
                format!("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n{indent}"),
            )],
        )
    })
}
