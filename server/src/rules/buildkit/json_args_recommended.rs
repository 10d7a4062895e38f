use super::util::stage_instructions;
use crate::{
    model::Base,
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{Args, InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DL3025",
    name: "shell-form-cmd-entrypoint",
    aliases: &["JSONArgsRecommended"],
    origin: Origin::Hadolint,
    category: Category::BestPractice,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "Use the JSON (exec) form for CMD and ENTRYPOINT",
    docs: r#"## What it does
Flags `CMD` and `ENTRYPOINT` in shell form (`CMD node server.js`). As in BuildKit, a stage that
chose its shell with `SHELL` (itself or in a stage it is built `FROM`) is left alone: the shell
is then clearly intended.

## Why is this bad?
The shell form runs `/bin/sh -c "node server.js"`: the shell is PID 1, and `docker stop`'s
SIGTERM goes to the shell, which does not forward it. The program never shuts down cleanly and
is killed after the 10 s grace period. A shell-form `ENTRYPOINT` also ignores `CMD` and the
arguments of `docker run`.

## Example
```dockerfile
FROM node:22-alpine
COPY . /app
CMD node /app/server.js
```

Use instead:
```dockerfile
FROM node:22-alpine
COPY . /app
CMD ["node", "/app/server.js"]
```

## Fix safety
The fix is offered only for plain commands, with no variables, globs, pipes, redirections,
`&&`, subshells or shell builtins; quoted words are kept as single arguments. It writes the
exec form, which changes how the container runs: the program becomes PID 1 (it must reap
children and handle signals itself), no shell expands anything, and an `ENTRYPOINT` now gets
`CMD` appended. Unsafe.

## References
- hadolint [DL3025](https://github.com/hadolint/hadolint/wiki/DL3025)
- [BuildKit check JSONArgsRecommended](https://docs.docker.com/reference/build-checks/json-args-recommended/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in stage_instructions(ctx) {
        let keyword = match instruction.kind {
            InstructionKind::Cmd => "CMD",
            InstructionKind::Entrypoint => "ENTRYPOINT",
            _ => continue,
        };
        let Args::Shell(word) = &instruction.args else {
            continue;
        };
        if shell_chosen(ctx, idx) {
            continue;
        }
        let message = format!(
            "`{keyword}` in shell form runs under `/bin/sh -c`, which does not pass signals on: use the JSON form"
        );
        let diagnostic = RULE.diagnostic(word.range, message);
        let fix = exec_form(&word.text, ctx.parse.escape).map(|json| {
            Fix::unsafe_(
                format!("Use `{keyword} {json}`"),
                vec![TextEdit::replace(word.range, json)],
            )
        });
        acc.push(match fix {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    }
}

/// True when a `SHELL` instruction ran before `idx` in its stage or in any
/// stage it is built `FROM`: BuildKit then has a shell in the image config.
fn shell_chosen(ctx: &RuleContext<'_>, idx: usize) -> bool {
    let Some(mut stage) = ctx.stage_of(idx) else {
        return false;
    };
    // The first entry is what the stage starts with; later ones are `SHELL`s.
    let set_before = |changes: &[(usize, Vec<String>)], before: usize| {
        changes.iter().skip(1).any(|(at, _)| *at < before)
    };
    if set_before(&stage.shells, idx) {
        return true;
    }
    let mut guard = 0;
    while let Base::Stage(parent) = stage.base {
        let Some(next) = ctx.model.stages.get(parent) else {
            return false;
        };
        if set_before(&next.shells, usize::MAX) {
            return true;
        }
        guard += 1;
        if guard > ctx.model.stages.len() || parent >= stage.index {
            return false;
        }
        stage = next;
    }
    false
}

/// The exec form of a shell-form command, when no shell feature is in use.
fn exec_form(command: &str, escape: char) -> Option<String> {
    const SPECIAL: &[char] = &[
        '|', '&', ';', '<', '>', '(', ')', '$', '`', '\\', '*', '?', '[', ']', '{', '}', '~', '#',
        '!', '\n', '\r',
    ];
    const BUILTINS: &[&str] = &[
        ".", ":", "alias", "bg", "break", "case", "cd", "command", "continue", "eval", "exec",
        "exit", "export", "fg", "for", "function", "getopts", "hash", "if", "jobs", "kill", "let",
        "local", "read", "readonly", "return", "set", "shift", "source", "then", "time", "times",
        "trap", "type", "ulimit", "umask", "unalias", "unset", "until", "wait", "while", "[[", "{",
        "!",
    ];
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        if c == escape {
            return None;
        }
        match c {
            ' ' | '\t' => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        '\n' | '\r' => return None,
                        other => current.push(other),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '$' | '`' | '\\' | '!' | '\n' | '\r' => return None,
                        other => current.push(other),
                    }
                }
            }
            c if SPECIAL.contains(&c) => return None,
            c => {
                in_word = true;
                current.push(c);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    let first = words.first()?;
    // `FOO=bar cmd` sets a variable; builtins and keywords need a shell.
    if first.contains('=') || BUILTINS.contains(&first.as_str()) {
        return None;
    }
    let quoted: Vec<String> = words.iter().map(|it| json_string(it)).collect();
    Some(format!("[{}]", quoted.join(", ")))
}

fn json_string(text: &str) -> String {
    let mut res = String::with_capacity(text.len() + 2);
    res.push('"');
    for c in text.chars() {
        match c {
            '"' => res.push_str("\\\""),
            '\\' => res.push_str("\\\\"),
            c if (c as u32) < 0x20 => res.push_str(&format!("\\u{:04x}", c as u32)),
            c => res.push(c),
        }
    }
    res.push('"');
    res
}

#[cfg(test)]
mod tests {
    use super::exec_form;

    #[test]
    fn converts_only_plain_commands() {
        let f = |s: &str| exec_form(s, '\\');
        assert_eq!(
            f("node server.js").as_deref(),
            Some(r#"["node", "server.js"]"#)
        );
        assert_eq!(
            f("nginx -g 'daemon off;'").as_deref(),
            Some(r#"["nginx", "-g", "daemon off;"]"#)
        );
        assert_eq!(
            f(r#"echo "a 'b'" x"#).as_deref(),
            Some(r#"["echo", "a 'b'", "x"]"#)
        );
        assert_eq!(
            f("/usr/local/bin/app serve --port 8080").as_deref(),
            Some(r#"["/usr/local/bin/app", "serve", "--port", "8080"]"#)
        );
        for bad in [
            "a && b",
            "echo $HOME",
            "ls *.txt",
            "a | b",
            "a > out",
            "exec node",
            "FOO=1 node",
            "cd /app; node",
            r"echo a\ b",
            "echo \"$X\"",
            "echo 'unterminated",
            "",
        ] {
            assert_eq!(f(bad), None, "{bad}");
        }
    }
}
