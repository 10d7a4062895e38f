//! The command behind wrappers (`sudo`, `env`, `xargs`, ...) and getopt-ish
//! option queries on its arguments.
//!
//! Option parsing here is best effort by design: whether `-ofoo` is `-o foo`
//! or `-o -f -o -o` depends on the program, so queries that need to know
//! which options take values ask the caller.

use super::ScriptWord;

/// A command with its wrappers stripped: `sudo -u app npm ci` is `npm ci`
/// wrapped by `sudo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectiveCommand<'a> {
    /// The effective argv, name first (empty when the command has no words).
    pub words: &'a [ScriptWord],
    /// Basenames of the wrappers, outermost first.
    pub wrapped_by: Vec<&'a str>,
}

/// The value of an option, and the word it was read from: `--opt=v` and
/// `-ov` give a part of the option's own word, `--opt v` and `-o v` all of
/// the next word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagValue<'a> {
    pub word: &'a ScriptWord,
    pub value: &'a str,
}

impl<'a> EffectiveCommand<'a> {
    /// The basename of the command: `/usr/bin/apt-get` gives `apt-get`.
    pub fn name(&self) -> Option<&'a str> {
        self.words.first().map(|word| basename(&word.value))
    }

    /// Everything after the name.
    pub fn args(&self) -> &'a [ScriptWord] {
        self.words.get(1..).unwrap_or(&[])
    }

    /// The first non-option argument after the name (`install` for
    /// `apt-get -y install x`). `options_with_values` lists the options
    /// whose value is the next word, spelled as on the command line: `-o`,
    /// `--config`, or a single-dash long option like `-jar`.
    pub fn subcommand(&self, options_with_values: &[&str]) -> Option<&'a ScriptWord> {
        let args = self.args();
        positional_indices(args, options_with_values)
            .first()
            .and_then(|&i| args.get(i))
    }

    /// True if any of the flags is present: `-y`, `--yes`, `--yes=...`, or a
    /// short flag inside a cluster (`-qy` has `-y`). Long names may be given
    /// with or without their dashes. Nothing after `--` counts.
    pub fn has_flag(&self, short: &[char], long: &[&str]) -> bool {
        for word in self.args() {
            let value = word.value.as_str();
            if value == "--" {
                return false;
            }
            if let Some(option) = value.strip_prefix("--") {
                let name = option.split_once('=').map_or(option, |(name, _)| name);
                if long.iter().any(|l| l.trim_start_matches('-') == name) {
                    return true;
                }
            } else if let Some(cluster) = value.strip_prefix('-') {
                if cluster.chars().any(|c| short.contains(&c)) {
                    return true;
                }
            }
        }
        false
    }

    /// The value of an option: `--opt=v`, `--opt v`, `-o v`, `-ov`, or in a
    /// cluster `-qo v` / `-qov`. The first occurrence wins.
    pub fn flag_value(&self, short: Option<char>, long: &[&str]) -> Option<FlagValue<'a>> {
        let args = self.args();
        let next = |i: usize| {
            args.get(i + 1).map(|word| FlagValue {
                word,
                value: word.value.as_str(),
            })
        };
        for (i, word) in args.iter().enumerate() {
            let value = word.value.as_str();
            if value == "--" {
                return None;
            }
            if let Some(option) = value.strip_prefix("--") {
                let matches = |name: &str| long.iter().any(|l| l.trim_start_matches('-') == name);
                match option.split_once('=') {
                    Some((name, v)) if matches(name) => return Some(FlagValue { word, value: v }),
                    None if matches(option) => return next(i),
                    _ => {}
                }
            } else if let (Some(c), Some(cluster)) = (short, value.strip_prefix('-')) {
                if let Some(at) = cluster.find(c) {
                    let rest = cluster.get(at + c.len_utf8()..).unwrap_or("");
                    if rest.is_empty() {
                        return next(i);
                    }
                    return Some(FlagValue { word, value: rest });
                }
            }
        }
        None
    }

    /// The non-option arguments after the subcommand (the packages of
    /// `apt-get install -y curl git`); see [`Self::subcommand`] for
    /// `options_with_values`. Empty when there is no subcommand.
    pub fn positionals(&self, options_with_values: &[&str]) -> Vec<&'a ScriptWord> {
        let args = self.args();
        positional_indices(args, options_with_values)
            .into_iter()
            .skip(1)
            .filter_map(|i| args.get(i))
            .collect()
    }
}

/// How one wrapper command reads its own arguments.
struct Wrapper {
    name: &'static str,
    /// Options whose value is the next word.
    with_value: &'static [&'static str],
    /// Options after which the rest is not a command to run
    /// (`command -v apt-get` only looks `apt-get` up).
    stop: &'static [&'static str],
    /// Positional arguments before the command (`timeout 5 cmd`).
    positionals: usize,
    /// `NAME=value` words before the command (`env A=b cmd`).
    assignments: bool,
}

const WRAPPERS: &[Wrapper] = &[
    Wrapper {
        name: "sudo",
        with_value: &[
            "-u",
            "--user",
            "-g",
            "--group",
            "-C",
            "--close-from",
            "-D",
            "--chdir",
            "-h",
            "--host",
            "-p",
            "--prompt",
            "-r",
            "--role",
            "-t",
            "--type",
            "-T",
            "--command-timeout",
            "-U",
            "--other-user",
            "-R",
            "--chroot",
        ],
        stop: &[
            "-l",
            "--list",
            "-e",
            "--edit",
            "-v",
            "--validate",
            "-V",
            "--version",
            "--help",
            "-K",
            "--remove-timestamp",
        ],
        positionals: 0,
        assignments: true,
    },
    Wrapper {
        name: "doas",
        with_value: &["-u", "-C"],
        stop: &["-C"],
        positionals: 0,
        assignments: false,
    },
    Wrapper {
        name: "env",
        with_value: &["-u", "--unset", "-C", "--chdir"],
        // The command is inside the `-S` string.
        stop: &["-S", "--split-string", "--help", "--version"],
        positionals: 0,
        assignments: true,
    },
    Wrapper {
        name: "nice",
        with_value: &["-n", "--adjustment"],
        stop: &["--help", "--version"],
        positionals: 0,
        assignments: false,
    },
    Wrapper {
        name: "time",
        with_value: &["-f", "--format", "-o", "--output"],
        stop: &["--help", "-V", "--version"],
        positionals: 0,
        assignments: false,
    },
    Wrapper {
        name: "exec",
        with_value: &["-a"],
        stop: &[],
        positionals: 0,
        assignments: false,
    },
    Wrapper {
        name: "command",
        with_value: &[],
        stop: &["-v", "-V"],
        positionals: 0,
        assignments: false,
    },
    Wrapper {
        name: "builtin",
        with_value: &[],
        stop: &[],
        positionals: 0,
        assignments: false,
    },
    Wrapper {
        name: "nohup",
        with_value: &[],
        stop: &["--help", "--version"],
        positionals: 0,
        assignments: false,
    },
    Wrapper {
        name: "xargs",
        with_value: &[
            "-a",
            "--arg-file",
            "-d",
            "--delimiter",
            "-E",
            "-I",
            "-L",
            "--max-lines",
            "-n",
            "--max-args",
            "-P",
            "--max-procs",
            "-s",
            "--max-chars",
            "--process-slot-var",
        ],
        stop: &["--help", "--version", "--show-limits"],
        positionals: 0,
        assignments: false,
    },
    Wrapper {
        name: "timeout",
        with_value: &["-s", "--signal", "-k", "--kill-after"],
        stop: &["--help", "--version"],
        positionals: 1,
        assignments: false,
    },
    Wrapper {
        name: "gosu",
        with_value: &[],
        stop: &["--help", "--version", "-h", "-v"],
        positionals: 1,
        assignments: false,
    },
    Wrapper {
        name: "su-exec",
        with_value: &[],
        stop: &[],
        positionals: 1,
        assignments: false,
    },
    Wrapper {
        name: "stdbuf",
        with_value: &["-i", "-o", "-e", "--input", "--output", "--error"],
        stop: &["--help", "--version"],
        positionals: 0,
        assignments: false,
    },
    Wrapper {
        name: "ionice",
        with_value: &["-c", "--class", "-n", "--classdata"],
        stop: &[
            "-p",
            "--pid",
            "-P",
            "--pgid",
            "-u",
            "--uid",
            "--help",
            "-V",
            "--version",
        ],
        positionals: 0,
        assignments: false,
    },
    Wrapper {
        name: "eatmydata",
        with_value: &[],
        stop: &[],
        positionals: 0,
        assignments: false,
    },
    Wrapper {
        name: "fakeroot",
        with_value: &["-l", "--lib", "--faked", "-s", "-i", "-b"],
        stop: &["-h", "--help", "-v", "--version"],
        positionals: 0,
        assignments: false,
    },
];

pub(super) fn unwrap(words: &[ScriptWord]) -> EffectiveCommand<'_> {
    let mut words = words;
    let mut wrapped_by = Vec::new();
    // Each round drops at least the wrapper's own word, so this ends.
    while let Some((first, args)) = words.split_first() {
        let name = basename(&first.value);
        let Some(wrapper) = WRAPPERS.iter().find(|w| w.name == name) else {
            break;
        };
        let Some(skip) = command_start(wrapper, args) else {
            break;
        };
        let Some(rest) = args.get(skip..) else {
            break;
        };
        wrapped_by.push(name);
        words = rest;
    }
    EffectiveCommand { words, wrapped_by }
}

/// Where the wrapped command starts in the wrapper's arguments; `None` when
/// there is none or the wrapper does something else.
fn command_start(wrapper: &Wrapper, args: &[ScriptWord]) -> Option<usize> {
    let mut i = 0;
    let mut positionals = wrapper.positionals;
    while let Some(word) = args.get(i) {
        let value = word.value.as_str();
        if value == "--" {
            i += 1;
            break;
        }
        // `env -` is `env -i`.
        let is_option = value.starts_with('-') && (value.len() > 1 || wrapper.name == "env");
        if is_option && positionals == wrapper.positionals {
            if value.starts_with("--") {
                let name = value.split_once('=').map_or(value, |(name, _)| name);
                if wrapper.stop.contains(&name) {
                    return None;
                }
            } else if value.chars().skip(1).any(|c| has_short(wrapper.stop, c)) {
                return None;
            }
            i += 1 + usize::from(takes_value(value, wrapper.with_value));
            continue;
        }
        if wrapper.assignments && word.assignment().is_some() {
            i += 1;
            continue;
        }
        if positionals > 0 {
            positionals -= 1;
            i += 1;
            continue;
        }
        break;
    }
    (i < args.len()).then_some(i)
}

/// Indices of the non-option arguments, skipping option values.
fn positional_indices(args: &[ScriptWord], options_with_values: &[&str]) -> Vec<usize> {
    let mut res = Vec::new();
    let mut i = 0;
    let mut options_done = false;
    while let Some(word) = args.get(i) {
        let value = word.value.as_str();
        if !options_done && value == "--" {
            options_done = true;
        } else if !options_done && value.starts_with('-') && value.len() > 1 {
            i += usize::from(takes_value(value, options_with_values));
        } else {
            res.push(i);
        }
        i += 1;
    }
    res
}

/// Whether the option word leaves its value to the next word.
fn takes_value(option: &str, with_value: &[&str]) -> bool {
    if with_value.contains(&option) {
        return true;
    }
    if option.starts_with("--") {
        return false;
    }
    // In a cluster the first value-taking letter swallows the rest; the
    // next word is its value only when nothing is left.
    let cluster = option.get(1..).unwrap_or("");
    for (at, c) in cluster.char_indices() {
        if has_short(with_value, c) {
            return at + c.len_utf8() == cluster.len();
        }
    }
    false
}

/// Whether `-c` is in the list.
fn has_short(options: &[&str], c: char) -> bool {
    options.iter().any(|option| {
        let mut chars = option.chars();
        chars.next() == Some('-') && chars.next() == Some(c) && chars.next().is_none()
    })
}

fn basename(path: &str) -> &str {
    match path.rfind('/') {
        Some(slash) => path
            .get(slash + 1..)
            .filter(|s| !s.is_empty())
            .unwrap_or(path),
        None => path,
    }
}
