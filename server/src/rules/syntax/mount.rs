//! `RUN --mount=<csv>` as BuildKit reads it: fields, keys per mount type,
//! values, and the checks it runs on the finished mount.

use super::{
    common::{backticked, suggest_word},
    expand::Expander,
    go::{csv_fields, is_ram_size, parse_bool, parse_uint, CsvField},
};

const TYPES: &[&str] = &["bind", "cache", "tmpfs", "secret", "ssh"];
const SHARING: &[&str] = &["shared", "private", "locked"];
const KEYS: &[&str] = &[
    "type",
    "from",
    "source",
    "target",
    "readonly",
    "id",
    "sharing",
    "required",
    "size",
    "mode",
    "uid",
    "gid",
    "src",
    "dst",
    "destination",
    "ro",
    "rw",
    "readwrite",
    "env",
];

/// What is wrong with a mount, at `start..end` of the flag's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MountIssue {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) message: String,
    /// Replace `start..end` with this to fix it, when the fix is clear.
    pub(super) replacement: Option<String>,
}

/// One `key=value` (or bare `key`) field.
#[derive(Debug, Clone)]
pub(super) struct MountField {
    /// Lower-cased, as BuildKit compares keys.
    pub(super) key: String,
    pub(super) key_start: usize,
    pub(super) key_end: usize,
    pub(super) value: Option<String>,
    pub(super) value_start: usize,
    pub(super) value_end: usize,
}

/// The fields of a `--mount` value; `Err` with the CSV error.
pub(super) fn fields(value: &str) -> Result<Vec<MountField>, (String, usize)> {
    Ok(csv_fields(value)?.into_iter().map(field).collect())
}

fn field(csv: CsvField) -> MountField {
    let (key, value) = match csv.value.split_once('=') {
        Some((key, value)) => (key.to_owned(), Some(value.to_owned())),
        None => (csv.value.clone(), None),
    };
    if csv.quoted {
        // Offsets inside a quoted field are not the record's: point at all of it.
        return MountField {
            key: key.to_ascii_lowercase(),
            key_start: csv.start,
            key_end: csv.end,
            value,
            value_start: csv.start,
            value_end: csv.end,
        };
    }
    let key_end = csv.start + key.len();
    MountField {
        key: key.to_ascii_lowercase(),
        key_start: csv.start,
        key_end,
        value_start: (key_end + 1).min(csv.end),
        value_end: csv.end,
        value,
    }
}

/// The `from=` field of a mount, if any: its value and range in the value.
pub(super) fn from_field(value: &str) -> Option<(String, usize, usize)> {
    fields(value)
        .ok()?
        .into_iter()
        .find_map(|it| match it.key.as_str() {
            "from" => Some((it.value?, it.value_start, it.value_end)),
            _ => None,
        })
}

/// BuildKit's parse-time rule for `from=`: a `$` anywhere but at the very end.
pub(super) fn from_uses_variable(value: &str) -> bool {
    value.find('$').is_some_and(|it| it != value.len() - 1)
}

/// The first thing BuildKit rejects in a `--mount` value. `workdir` is the
/// working directory when it is known for sure.
pub(super) fn check(
    value: &str,
    expander: &Expander<'_>,
    workdir: Option<&str>,
) -> Option<MountIssue> {
    if value.is_empty() {
        return Some(issue(
            0,
            0,
            "`--mount=` has no value: write the mount as `type=…,target=…` (`--mount=type=cache,target=/root/.cache`)".into(),
        ));
    }
    let fields = match fields(value) {
        Ok(it) => it,
        Err((message, at)) => {
            return Some(issue(
                at,
                (at + 1).min(value.len()),
                format!("`--mount` value is not valid CSV ({message}): quote a whole field, `\"src=a,b\"`, or none of it"),
            ))
        }
    };
    let mut state = State::default();
    for field in &fields {
        if let Some(mut issue) = state.field(field, expander) {
            // An empty value (`type=`): point at the field.
            if issue.start == issue.end {
                issue.start = field.key_start;
                issue.end = field.value_end;
            }
            return Some(issue);
        }
    }
    if !state.type_known {
        return None;
    }
    state.finish(value, workdir)
}

#[derive(Debug)]
struct State {
    kind: String,
    /// False once `type=` comes from a variable whose value is unknown.
    type_known: bool,
    target: Option<(Option<String>, usize, usize)>,
    source: bool,
    id: bool,
    from: Option<(usize, usize)>,
    sharing: Option<(usize, usize)>,
    file_info: Option<(&'static str, usize, usize)>,
}

impl Default for State {
    fn default() -> State {
        State {
            kind: "bind".into(),
            type_known: true,
            target: None,
            source: false,
            id: false,
            from: None,
            sharing: None,
            file_info: None,
        }
    }
}

impl State {
    fn secretish(&self) -> bool {
        matches!(self.kind.as_str(), "secret" | "ssh")
    }

    fn field(&mut self, field: &MountField, expander: &Expander<'_>) -> Option<MountIssue> {
        let key = field.key.as_str();
        let Some(raw) = &field.value else {
            return match key {
                "readonly" | "ro" | "readwrite" | "rw" => None,
                "required" if !self.type_known || self.secretish() => None,
                "required" => Some(self.unexpected(field)),
                _ => Some(issue(
                    field.key_start,
                    field.key_end,
                    format!(
                        "`{}` is not a `key=value` field: only `ro`, `rw` and `required` stand alone",
                        original_key(field)
                    ),
                )),
            };
        };
        if key == "from" && from_uses_variable(raw) {
            return Some(issue(
                field.value_start,
                field.value_end,
                "`from=` does not expand variables: define a stage `FROM <image> AS <name>` (ARGs work there) and mount `from=<name>`".into(),
            ));
        }
        let value = expander.known(raw);
        let bad_value = |what: &str| {
            issue(
                field.value_start,
                field.value_end,
                format!(
                    "invalid value `{raw}` for `{}`: {what}",
                    original_key(field)
                ),
            )
        };
        match key {
            "type" => match value {
                None => self.type_known = false,
                Some(value) => {
                    let lower = value.to_ascii_lowercase();
                    if !TYPES.contains(&lower.as_str()) {
                        let suggestion = suggest_word(&lower, TYPES);
                        let mut message = match value.is_empty() {
                            true => "`type=` has no value".to_owned(),
                            false => format!("unsupported mount type `{value}`"),
                        };
                        match suggestion {
                            Some(it) => message.push_str(&format!(": did you mean `{it}`?")),
                            None => message
                                .push_str(&format!(": expected one of {}", backticked(TYPES))),
                        }
                        let mut res = issue(field.value_start, field.value_end, message);
                        if raw == &value {
                            res.replacement = suggestion.map(str::to_owned);
                        }
                        return Some(res);
                    }
                    self.kind = lower;
                }
            },
            "from" => self.from = Some((field.key_start, field.value_end)),
            "source" | "src" => self.source = true,
            "target" | "dst" | "destination" => {
                self.target = Some((value, field.value_start, field.value_end));
            }
            "id" => self.id = true,
            "env" => {}
            "readonly" | "ro" | "readwrite" | "rw" => {
                if value.is_some_and(|it| parse_bool(&it).is_none()) {
                    return Some(bad_value("expected `true` or `false`"));
                }
            }
            "required" => {
                if self.type_known && !self.secretish() {
                    return Some(self.unexpected(field));
                }
                if value.is_some_and(|it| parse_bool(&it).is_none()) {
                    return Some(bad_value("expected `true` or `false`"));
                }
            }
            "size" => {
                if self.type_known && self.kind != "tmpfs" {
                    return Some(self.unexpected(field));
                }
                if value.is_some_and(|it| !is_ram_size(&it)) {
                    return Some(bad_value("expected a size such as `64m` or `1g`"));
                }
            }
            "sharing" => {
                self.sharing = Some((field.key_start, field.value_end));
                if let Some(value) = value {
                    let lower = value.to_ascii_lowercase();
                    if !SHARING.contains(&lower.as_str()) {
                        let suggestion = suggest_word(&lower, SHARING);
                        let mut res = bad_value(&match suggestion {
                            Some(it) => format!("did you mean `{it}`?"),
                            None => format!("expected one of {}", backticked(SHARING)),
                        });
                        if raw == &value {
                            res.replacement = suggestion.map(str::to_owned);
                        }
                        return Some(res);
                    }
                }
            }
            "mode" | "uid" | "gid" => {
                let (base, what) = match key {
                    "mode" => (8, "expected an octal mode such as `0755`"),
                    _ => (10, "expected a number such as `1000`"),
                };
                if value.is_some_and(|it| parse_uint(&it, base, 32).is_none()) {
                    return Some(bad_value(what));
                }
                let name = match key {
                    "mode" => "mode",
                    "uid" => "uid",
                    _ => "gid",
                };
                self.file_info
                    .get_or_insert((name, field.key_start, field.value_end));
            }
            _ => {
                let suggestion = suggest_word(key, KEYS);
                let message = match suggestion {
                    Some(it) => format!(
                        "unknown `--mount` key `{}`: did you mean `{it}`?",
                        original_key(field)
                    ),
                    None => format!(
                        "unknown `--mount` key `{}`: expected one of {}",
                        original_key(field),
                        backticked(KEYS)
                    ),
                };
                let mut res = issue(field.key_start, field.key_end, message);
                res.replacement = suggestion.map(str::to_owned);
                return Some(res);
            }
        }
        None
    }

    fn unexpected(&self, field: &MountField) -> MountIssue {
        let key = original_key(field);
        let allowed = match field.key.as_str() {
            "size" => "`tmpfs` mounts",
            _ => "`secret` and `ssh` mounts",
        };
        issue(
            field.key_start,
            field.key_end,
            format!(
                "`{key}` is not allowed for `{}` mounts, only for {allowed} (BuildKit reads the fields in order: put `type=` first)",
                self.kind
            ),
        )
    }

    fn finish(&self, value: &str, workdir: Option<&str>) -> Option<MountIssue> {
        let kind = self.kind.as_str();
        if matches!(kind, "bind" | "tmpfs") {
            if let Some((name, start, end)) = self.file_info {
                return Some(issue(
                    start,
                    end,
                    format!("`{name}` is not allowed for `{kind}` mounts, only for `cache`, `secret` and `ssh`"),
                ));
            }
        }
        if kind == "secret" {
            if let Some((start, end)) = self.from {
                return Some(issue(
                    start,
                    end,
                    "a `secret` mount cannot have `from`".into(),
                ));
            }
            if let Some((start, end)) = self.sharing {
                return Some(issue(
                    start,
                    end,
                    "a `secret` mount cannot have `sharing`".into(),
                ));
            }
            if !self.source && self.target.is_none() && !self.id {
                return Some(issue(
                    0,
                    value.len(),
                    "a `secret` mount needs an `id` (or a `target`): `--mount=type=secret,id=npmrc`".into(),
                ));
            }
        }
        if let Some((start, end)) = self.sharing {
            if kind != "cache" {
                return Some(issue(
                    start,
                    end,
                    format!("`sharing` only applies to `cache` mounts, not `{kind}`"),
                ));
            }
        }
        if matches!(kind, "bind" | "cache" | "tmpfs") {
            return self.check_target(value, workdir);
        }
        None
    }

    /// BuildKit joins a missing or relative target onto the working
    /// directory and refuses to mount over `/`.
    fn check_target(&self, value: &str, workdir: Option<&str>) -> Option<MountIssue> {
        let kind = self.kind.as_str();
        match &self.target {
            None => {
                let workdir = workdir?;
                (clean(workdir) == "/").then(|| {
                    issue(
                        0,
                        value.len(),
                        format!("this `{kind}` mount has no `target`, so BuildKit mounts it over the working directory `/`, which it refuses: add `target=/path`"),
                    )
                })
            }
            Some((Some(target), start, end)) => {
                let resolved = if target.starts_with('/') {
                    clean(target)
                } else {
                    clean(&format!("{}/{target}", workdir?))
                };
                (resolved == "/").then(|| {
                    issue(
                        *start,
                        *end,
                        "a mount cannot replace the root directory `/`: give `target` a path below it".into(),
                    )
                })
            }
            Some((None, _, _)) => None,
        }
    }
}

fn original_key(field: &MountField) -> &str {
    &field.key
}

fn issue(start: usize, end: usize, message: String) -> MountIssue {
    MountIssue {
        start,
        end,
        message,
        replacement: None,
    }
}

/// `path.Clean` for the question "is this `/`?".
fn clean(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}
