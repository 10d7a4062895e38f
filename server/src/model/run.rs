//! What a `RUN` executes, as shell scripts with a way back to the source.
//!
//! BuildKit runs shell form with the stage's shell; a `RUN` whose command
//! line is only a heredoc marker (or `<<EOF sh`/`bash`) runs the heredoc body
//! as the script; other heredocs are input files for the command line (a
//! Python program for `python3 <<EOF`, file content for `cat <<EOF > f`).
//! Exec form runs one command, unless it is `["sh", "-c", "..."]`.

use crate::syntax::{
    script::{self, Script},
    Args, Instruction, InstructionKind, TextRange,
};

/// One shell script a `RUN` executes.
#[derive(Debug, Clone)]
pub struct RunScript {
    /// The script text; offsets in `script` are into it.
    pub text: String,
    pub script: Script,
    origin: Origin,
}

#[derive(Debug, Clone)]
enum Origin {
    /// Shell form: offsets are logical-line offsets from this start.
    Logical { start: usize },
    /// A heredoc body or a decoded exec string: plain source offsets from this start,
    /// clamped to `len` (decoded JSON strings are not byte-for-byte the source).
    Source { start: usize, len: usize },
    /// Exec form: the command's ranges are source ranges already.
    Exec,
}

impl RunScript {
    /// The source range of a range of this script.
    pub fn source_range(&self, instruction: &Instruction, range: TextRange) -> TextRange {
        match self.origin {
            Origin::Logical { start } => instruction.source_range(range.shifted(start)),
            Origin::Source { start, len } => {
                let clamp = |it: usize| start + it.min(len);
                TextRange::new(clamp(range.start()), clamp(range.end()))
            }
            Origin::Exec => range,
        }
    }
}

/// The shells BuildKit's default `/bin/sh -c` could be swapped for.
fn is_shell(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    matches!(
        base,
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "busybox"
    )
}

/// The shell scripts `instruction` (a `RUN`, or an `ONBUILD RUN`) runs.
/// `text` is the whole Dockerfile.
pub fn run_scripts(text: &str, instruction: &Instruction) -> Vec<RunScript> {
    let (run, heredocs) = match instruction.onbuild_trigger() {
        Some(trigger) => (trigger, &instruction.heredocs),
        None => (instruction, &instruction.heredocs),
    };
    if run.kind != InstructionKind::Run {
        return Vec::new();
    }
    match &run.args {
        Args::Exec(exec) => {
            let words: Vec<(&str, TextRange)> = exec
                .elements
                .iter()
                .map(|it| (it.value.as_str(), it.range))
                .collect();
            if let [(shell, _), (flag, _), (code, range), ..] = words.as_slice() {
                if is_shell(shell) && *flag == "-c" {
                    // Offsets into the decoded string map into the literal,
                    // after its opening quote.
                    let start = range.start() + 1;
                    let len = range.len().saturating_sub(2);
                    return vec![RunScript {
                        text: (*code).to_owned(),
                        script: script::parse_script(code),
                        origin: Origin::Source { start, len },
                    }];
                }
            }
            let command = script::exec_command(&words);
            vec![RunScript {
                text: String::new(),
                script: Script {
                    commands: vec![command],
                },
                origin: Origin::Exec,
            }]
        }
        Args::Shell(line) => {
            let mut res = Vec::new();
            let words: Vec<&str> = line.text.split_whitespace().collect();
            let marker_only = heredocs.len() == 1
                && match words.as_slice() {
                    [marker] => marker.contains("<<"),
                    [marker, shell, ..] => marker.contains("<<") && is_shell(shell),
                    _ => false,
                };
            if !marker_only {
                res.push(RunScript {
                    text: line.text.to_string(),
                    script: script::parse_script(&line.text),
                    origin: Origin::Logical {
                        start: line.lrange.start(),
                    },
                });
            }
            let feeds_shell = marker_only || words.first().is_some_and(|it| is_shell(it));
            for heredoc in heredocs {
                let body = heredoc.body.slice(text);
                let shebang = body.lines().next().and_then(|it| it.strip_prefix("#!"));
                let shell_body = match shebang {
                    Some(interpreter) => interpreter.split_whitespace().any(is_shell),
                    None => feeds_shell,
                };
                if shell_body {
                    res.push(RunScript {
                        text: body.to_owned(),
                        script: script::parse_script(body),
                        origin: Origin::Source {
                            start: heredoc.body.start(),
                            len: heredoc.body.len(),
                        },
                    });
                }
            }
            res
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;

    fn commands(text: &str) -> Vec<(String, String)> {
        let parse = syntax::parse(text);
        let mut res = Vec::new();
        for instruction in &parse.instructions {
            for run in run_scripts(text, instruction) {
                for command in &run.script.commands {
                    let range = run.source_range(instruction, command.range);
                    let name = command.effective().name().unwrap_or("").to_owned();
                    res.push((name, range.slice(text).to_owned()));
                }
            }
        }
        res
    }

    #[test]
    fn shell_form_maps_back_across_continuations() {
        let text = "FROM a\nRUN apt-get update \\\n    && apt-get install -y curl\n";
        assert_eq!(
            commands(text),
            vec![
                ("apt-get".into(), "apt-get update".into()),
                ("apt-get".into(), "apt-get install -y curl".into()),
            ]
        );
    }

    #[test]
    fn heredoc_bodies_run_as_shell_only_when_a_shell_reads_them() {
        let text = "FROM a\nRUN <<EOF\napk add x\nEOF\nRUN python3 <<EOF\nimport os\nEOF\nRUN <<EOF bash\nrm -rf /tmp/x\nEOF\nRUN cat <<EOF > /etc/x\napt-get lol\nEOF\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n";
        let names: Vec<String> = commands(text).into_iter().map(|it| it.0).collect();
        assert_eq!(names, vec!["apk", "python3", "rm", "cat"]);
        assert_eq!(commands(text)[0].1, "apk add x");
    }

    #[test]
    fn exec_form_and_sh_dash_c() {
        let text = "FROM a\nRUN [\"pip\", \"install\", \"x\"]\nRUN [\"/bin/sh\", \"-c\", \"apt-get update && rm -rf /x\"]\n";
        let got = commands(text);
        assert_eq!(got[0].0, "pip");
        assert_eq!(got[1], ("apt-get".into(), "apt-get update".into()));
        assert_eq!(got[2], ("rm".into(), "rm -rf /x".into()));
    }
}
