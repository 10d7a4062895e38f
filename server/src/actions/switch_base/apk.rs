//! Moving a `RUN` from apt to apk: `apt-get update && apt-get install -y
//! --no-install-recommends curl && rm -rf /var/lib/apt/lists/*` becomes
//! `apk add --no-cache curl`. Only known packages and the usual install
//! idiom are translated; anything else means the base is not offered.

use crate::{
    model::run_scripts,
    syntax::{script::Connector, Args, InstructionKind, TextEdit},
};

use super::{stage::APT_OPTIONS, Input};

/// Debian package → Alpine package, for packages a runtime stage commonly
/// installs. Names checked against the Alpine package index by hand; a
/// package not listed here is not translated (and the base is not offered).
pub(super) const APT_TO_APK: &[(&str, &str)] = &[
    ("bash", "bash"),
    ("bzip2", "bzip2"),
    ("ca-certificates", "ca-certificates"),
    ("curl", "curl"),
    ("default-mysql-client", "mysql-client"),
    ("dnsutils", "bind-tools"),
    ("dumb-init", "dumb-init"),
    ("file", "file"),
    ("git", "git"),
    ("gnupg", "gnupg"),
    ("gzip", "gzip"),
    ("iputils-ping", "iputils"),
    ("jq", "jq"),
    ("less", "less"),
    ("libgcc-s1", "libgcc"),
    ("libpq5", "libpq"),
    ("libstdc++6", "libstdc++"),
    ("make", "make"),
    ("nano", "nano"),
    ("netcat-openbsd", "netcat-openbsd"),
    ("openssh-client", "openssh-client"),
    ("openssl", "openssl"),
    ("patch", "patch"),
    ("postgresql-client", "postgresql-client"),
    ("python3", "python3"),
    ("rsync", "rsync"),
    ("sqlite3", "sqlite"),
    ("tar", "tar"),
    ("tini", "tini"),
    ("tzdata", "tzdata"),
    ("unzip", "unzip"),
    ("vim", "vim"),
    ("wget", "wget"),
    ("xz-utils", "xz"),
    ("zip", "zip"),
    ("zlib1g", "zlib"),
];

/// The Alpine name of a Debian package.
pub(super) fn apk_name(apt: &str) -> Option<&'static str> {
    APT_TO_APK
        .iter()
        .find(|(from, _)| *from == apt)
        .map(|(_, to)| *to)
}

/// Options of `apt-get install` that have no meaning for `apk add --no-cache`.
const DROPPED_OPTIONS: &[&str] = &[
    "-y",
    "--yes",
    "--assume-yes",
    "-q",
    "-qq",
    "--quiet",
    "-yq",
    "-qy",
    "-yqq",
    "-qqy",
    "--no-install-recommends",
    "--no-install-suggests",
];

/// Directories an apt cleanup removes.
const APT_DIRS: &[&str] = &[
    "/var/lib/apt/lists",
    "/var/cache/apt",
    "/var/cache/debconf",
    "/var/log/apt",
];

/// The translated `RUN`: one edit and a note, or why it cannot be translated.
pub(super) fn translate_run(input: Input<'_>, idx: usize) -> Result<(TextEdit, String), String> {
    let line = idx_line(input, idx);
    let Some(instruction) = input.parse.instructions.get(idx) else {
        return Err(format!("the RUN on line {line} could not be read"));
    };
    let Args::Shell(word) = &instruction.args else {
        return Err(format!("the RUN on line {line} is in exec form"));
    };
    if instruction.kind != InstructionKind::Run || !instruction.heredocs.is_empty() {
        return Err(format!("the RUN on line {line} uses a heredoc"));
    }
    let runs = run_scripts(input.text, instruction);
    let [run] = runs.as_slice() else {
        return Err(format!("the RUN on line {line} could not be read"));
    };
    let commands = &run.script.commands;
    let mut parts: Vec<String> = Vec::new();
    // The connector before each part but the first.
    let mut joins: Vec<Option<Connector>> = Vec::new();
    let mut pending: Option<Option<Connector>> = None;
    let mut packages_out: Vec<String> = Vec::new();
    let mut packages_in: Vec<String> = Vec::new();
    for command in commands {
        if command.depth > 0 || command.in_substitution {
            return Err(format!(
                "the RUN on line {line} is more than a list of commands"
            ));
        }
        if matches!(
            command.connector,
            Some(Connector::Or | Connector::Pipe | Connector::Background)
        ) {
            return Err(format!("the RUN on line {line} uses `||`, `|` or `&`"));
        }
        let effective = command.effective();
        let name = effective.name().unwrap_or("");
        let part = match name {
            "apt-get" | "apt" => {
                let sub = effective
                    .subcommand(APT_OPTIONS)
                    .map(|it| it.value.as_str());
                match sub {
                    Some("update" | "clean" | "autoclean") => None,
                    Some("install") => {
                        for arg in effective.args() {
                            let value = arg.value.as_str();
                            if value.starts_with('-') && !DROPPED_OPTIONS.contains(&value) {
                                return Err(format!(
                                    "`apt-get install {value}` on line {line} has no apk equivalent"
                                ));
                            }
                        }
                        let mut apk = Vec::new();
                        for package in effective.positionals(APT_OPTIONS) {
                            let value = package.value.as_str();
                            let translated = (!value.contains(['=', '/', '$', '*']))
                                .then(|| apk_name(value))
                                .flatten();
                            let Some(translated) = translated else {
                                return Err(format!(
                                    "the package `{value}` (line {line}) has no known Alpine equivalent"
                                ));
                            };
                            packages_in.push(value.to_owned());
                            if !apk.contains(&translated) {
                                apk.push(translated);
                            }
                            if !packages_out.iter().any(|it| it == translated) {
                                packages_out.push(translated.to_owned());
                            }
                        }
                        if apk.is_empty() {
                            None
                        } else {
                            Some(format!("apk add --no-cache {}", apk.join(" ")))
                        }
                    }
                    other => {
                        return Err(format!(
                            "`apt-get {}` on line {line} has no apk translation",
                            other.unwrap_or("")
                        ))
                    }
                }
            }
            "rm" => {
                let targets: Vec<&str> = effective
                    .args()
                    .iter()
                    .map(|it| it.value.as_str())
                    .filter(|it| !it.starts_with('-'))
                    .collect();
                let apt_only = !targets.is_empty()
                    && targets.iter().all(|target| {
                        APT_DIRS.iter().any(|dir| {
                            target.trim_end_matches('*').trim_end_matches('/') == *dir
                                || target.starts_with(&format!("{dir}/"))
                        })
                    });
                match apt_only {
                    true => None,
                    false => Some(command.range.slice(&run.text).to_owned()),
                }
            }
            "dpkg"
            | "apt-key"
            | "add-apt-repository"
            | "apt-mark"
            | "debconf-set-selections"
            | "dpkg-reconfigure"
            | "locale-gen"
            | "update-locale"
            | "aptitude" => return Err(format!("`{name}` on line {line} is Debian-specific")),
            _ => Some(command.range.slice(&run.text).to_owned()),
        };
        match part {
            Some(part) => {
                if !parts.is_empty() {
                    joins.push(pending.take().flatten());
                }
                parts.push(part);
                pending = Some(command.connector);
            }
            None => {
                if !parts.is_empty() {
                    pending = Some(command.connector);
                }
            }
        }
    }
    if packages_out.is_empty() {
        return Err(format!("the RUN on line {line} installs nothing apk could"));
    }
    let source = &input.text[word.range.start()..word.range.end()];
    let multiline = source.contains('\n');
    let newline = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let escape = input.parse.escape;
    let mut text = String::new();
    for (at, part) in parts.iter().enumerate() {
        if at > 0 {
            let join = super::stage::connector_text(joins.get(at - 1).copied().flatten());
            match (multiline, join) {
                (true, "&&") => text.push_str(&format!(" {escape}{newline}    && ")),
                (true, _) => text.push_str(&format!("; {escape}{newline}    ")),
                (false, "&&") => text.push_str(" && "),
                (false, _) => text.push_str("; "),
            }
        }
        text.push_str(part);
    }
    let note = format!(
        "RUN on line {line}: `apt-get install {}` becomes `apk add --no-cache {}` (no package lists to update or clean up)",
        packages_in.join(" "),
        packages_out.join(" ")
    );
    Ok((TextEdit::replace(word.range, text), note))
}

/// 1-based line of an instruction.
pub(super) fn idx_line(input: Input<'_>, idx: usize) -> usize {
    input
        .parse
        .instructions
        .get(idx)
        .map_or(0, |it| it.start_line + 1)
}
