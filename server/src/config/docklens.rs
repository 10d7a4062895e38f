//! docklens's own `docklens.toml`:
//!
//! ```toml
//! failure-threshold = "warning"   # error | warning | info | style | none
//! target = "runtime"              # the stage that ships
//! ignore = ["DL3008"]
//! trusted-registries = ["docker.io", "ghcr.io"]
//! disable-ignore-pragma = false
//! build-args = { VERSION = "1.2.3" }
//!
//! [rules]                          # code, name or alias = level
//! DL3000 = "warning"
//! stage-name-casing = "off"
//!
//! [labels]
//! strict = true
//! schema = { maintainer = "text", "org.opencontainers.image.created" = "rfc3339" }
//! ```

use std::{ops::Range, path::Path};

use toml::{
    de::{DeTable, DeValue},
    Spanned,
};

use super::{
    hadolint::unknown_key_message, is_known_rule, unknown_rule_message, ConfigDiagnostic,
    ConfigSeverity, FailureThreshold, Format, Settings, Sink,
};
use crate::{
    rules::{LabelType, RuleSetting},
    syntax::LineIndex,
};

const KEYS: [&str; 11] = [
    "rules",
    "ignore",
    "target",
    "build-args",
    "failure-threshold",
    "trusted-registries",
    "labels",
    "disable-ignore-pragma",
    "format",
    "no-color",
    "no-fail",
];

type Value<'i> = Spanned<DeValue<'i>>;

struct Reader<'t> {
    text: &'t str,
    index: LineIndex,
    sink: Sink,
}

/// Reads a `docklens.toml`. `path` only labels the diagnostics.
pub fn parse_docklens(path: &Path, text: &str) -> (Settings, Vec<ConfigDiagnostic>) {
    let mut reader = Reader {
        text,
        index: LineIndex::new(text),
        sink: Sink::new(path.to_path_buf()),
    };
    let mut settings = Settings::default();
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        reader.document(table.get_ref(), &mut settings);
    } else {
        for err in errors {
            let at = err.span().map_or(0, |it| it.start);
            let message = err.message().trim_end().replace('\n', " ");
            reader.push(
                ConfigSeverity::Error,
                at,
                format!("invalid TOML: {message}"),
            );
        }
        settings = Settings::default();
    }
    (settings, reader.sink.finish())
}

/// Table entries in the order they are written.
fn entries<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(&'a Spanned<std::borrow::Cow<'i, str>>, &'a Value<'i>)> {
    let mut res: Vec<_> = table.iter().collect();
    res.sort_by_key(|(key, _)| key.span().start);
    res
}

impl Reader<'_> {
    fn document(&mut self, table: &DeTable<'_>, settings: &mut Settings) {
        let mut ignored = Vec::new();
        for (key, value) in entries(table) {
            match key.get_ref().as_ref() {
                "rules" => self.rules(value, settings),
                "ignore" => {
                    if let Some(codes) = self.rule_list(value) {
                        ignored.extend(codes);
                    }
                }
                "target" => settings.target = self.string(value).map(str::to_owned),
                "build-args" => self.build_args(value, settings),
                "failure-threshold" => {
                    if let Some(text) = self.string(value) {
                        match FailureThreshold::parse(text) {
                            Some(it) => settings.failure_threshold = Some(it),
                            None => self.error(
                                value,
                                format!(
                                    "invalid failure-threshold `{text}`: expected one of error, warning, info, style, none"
                                ),
                            ),
                        }
                    }
                }
                "trusted-registries" => settings.trusted_registries = self.string_list(value),
                "labels" => self.labels(value, settings),
                "disable-ignore-pragma" => settings.disable_ignore_pragma = self.boolean(value),
                "no-color" => settings.no_color = self.boolean(value),
                "no-fail" => settings.no_fail = self.boolean(value),
                "format" => {
                    if let Some(text) = self.string(value) {
                        match Format::parse(text) {
                            Some(it) => settings.format = Some(it),
                            None => self.error(
                                value,
                                format!(
                                    "invalid format `{text}`: expected one of text, json, sarif, checkstyle, gnu, github"
                                ),
                            ),
                        }
                    }
                }
                other => self.warn_span(key.span(), unknown_key_message(other, &KEYS)),
            }
        }
        // `ignore` beats `[rules]` within the file.
        settings
            .overrides
            .extend(ignored.into_iter().map(|it| (it, RuleSetting::Off)));
    }

    fn rules(&mut self, value: &Value<'_>, settings: &mut Settings) {
        let Some(table) = self.table(value, "a table of rule = \"level\"") else {
            return;
        };
        for (key, level) in entries(table) {
            let code = key.get_ref().as_ref();
            let Some(text) = self.string(level) else {
                continue;
            };
            let Some(setting) = RuleSetting::parse(text) else {
                self.error(
                    level,
                    format!(
                        "invalid level `{text}` for `{code}`: expected one of error, warning, info, style, off"
                    ),
                );
                continue;
            };
            if !is_known_rule(code) {
                self.warn_span(key.span(), unknown_rule_message(code));
            }
            settings.overrides.push((code.to_owned(), setting));
        }
    }

    fn build_args(&mut self, value: &Value<'_>, settings: &mut Settings) {
        let Some(table) = self.table(value, "a table of NAME = \"value\"") else {
            return;
        };
        for (key, arg) in entries(table) {
            if let Some(text) = self.string(arg) {
                settings
                    .build_args
                    .push((key.get_ref().to_string(), text.to_owned()));
            }
        }
    }

    fn labels(&mut self, value: &Value<'_>, settings: &mut Settings) {
        let Some(table) = self.table(value, "a table with `strict` and `schema`") else {
            return;
        };
        for (key, item) in entries(table) {
            match key.get_ref().as_ref() {
                "strict" => settings.strict_labels = self.boolean(item),
                "schema" => {
                    let Some(schema) = self.table(item, "a table of label = \"type\"") else {
                        continue;
                    };
                    let mut res = Vec::new();
                    for (label, kind) in entries(schema) {
                        let Some(text) = self.string(kind) else {
                            continue;
                        };
                        match LabelType::parse(text) {
                            Some(it) => res.push((label.get_ref().to_string(), it)),
                            None => self.error(
                                kind,
                                format!(
                                    "invalid label type `{text}`: expected one of text, url, rfc3339, spdx, hash, semver, email"
                                ),
                            ),
                        }
                    }
                    settings.label_schema = Some(res);
                }
                other => self.warn_span(
                    key.span(),
                    unknown_key_message(other, &["strict", "schema"]),
                ),
            }
        }
    }

    fn rule_list(&mut self, value: &Value<'_>) -> Option<Vec<String>> {
        let list = self.string_list(value)?;
        if let DeValue::Array(items) = value.get_ref() {
            for (item, code) in items.iter().zip(&list) {
                if !is_known_rule(code) {
                    self.warn_span(item.span(), unknown_rule_message(code));
                }
            }
        }
        Some(list)
    }

    fn string_list(&mut self, value: &Value<'_>) -> Option<Vec<String>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.type_error(value, "an array of strings");
            return None;
        };
        let mut res = Vec::new();
        for item in items {
            if let Some(text) = self.string(item) {
                res.push(text.to_owned());
            }
        }
        Some(res)
    }

    fn table<'a, 'i>(&mut self, value: &'a Value<'i>, what: &str) -> Option<&'a DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            _ => {
                self.type_error(value, what);
                None
            }
        }
    }

    fn string<'a>(&mut self, value: &'a Value<'_>) -> Option<&'a str> {
        match value.get_ref() {
            DeValue::String(text) => Some(text),
            _ => {
                self.type_error(value, "a string");
                None
            }
        }
    }

    fn boolean(&mut self, value: &Value<'_>) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(it) => Some(*it),
            _ => {
                self.type_error(value, "`true` or `false`");
                None
            }
        }
    }

    fn type_error(&mut self, value: &Value<'_>, expected: &str) {
        let found = value.get_ref().type_str();
        self.error(value, format!("expected {expected}, found {found}"));
    }

    fn error(&mut self, value: &Value<'_>, message: String) {
        self.push(ConfigSeverity::Error, value.span().start, message);
    }

    fn warn_span(&mut self, span: Range<usize>, message: String) {
        self.push(ConfigSeverity::Warning, span.start, message);
    }

    fn push(&mut self, severity: ConfigSeverity, offset: usize, message: String) {
        let at = self.index.line_col(self.text, offset);
        self.sink.push(severity, at.line + 1, at.col + 1, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;

    fn parse(text: &str) -> (Settings, Vec<String>) {
        let (settings, diagnostics) = parse_docklens(Path::new("docklens.toml"), text);
        (
            settings,
            diagnostics.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn reads_every_key() {
        let (settings, diagnostics) = parse(
            r#"failure-threshold = "warning"
target = "runtime"
ignore = ["DK1001"]
trusted-registries = ["docker.io"]
disable-ignore-pragma = true
build-args = { VERSION = "1.2.3", BASE = "alpine" }
format = "sarif"
no-color = true
no-fail = false

[rules]
StageNameCasing = "error"
DL3000 = "off"

[labels]
strict = true
schema = { maintainer = "text" }
"#,
        );
        assert_eq!(diagnostics, Vec::<String>::new());
        assert_eq!(
            settings.overrides,
            vec![
                (
                    "StageNameCasing".into(),
                    RuleSetting::Severity(Severity::Error)
                ),
                ("DL3000".into(), RuleSetting::Off),
                ("DK1001".into(), RuleSetting::Off),
            ]
        );
        assert_eq!(
            settings.failure_threshold,
            Some(FailureThreshold::At(Severity::Warning))
        );
        assert_eq!(settings.target.as_deref(), Some("runtime"));
        assert_eq!(
            settings.build_args,
            vec![
                ("VERSION".into(), "1.2.3".into()),
                ("BASE".into(), "alpine".into())
            ]
        );
        assert_eq!(settings.trusted_registries, Some(vec!["docker.io".into()]));
        assert_eq!(settings.disable_ignore_pragma, Some(true));
        assert_eq!(settings.strict_labels, Some(true));
        assert_eq!(
            settings.label_schema,
            Some(vec![("maintainer".into(), LabelType::Text)])
        );
        assert_eq!(settings.format, Some(Format::Sarif));
        assert_eq!(settings.no_color, Some(true));
        assert_eq!(settings.no_fail, Some(false));
    }

    #[test]
    fn syntax_errors_have_positions_and_apply_nothing() {
        let (settings, diagnostics) = parse("target = \"a\"\n[rules\nDL3000 = \"off\"\n");
        assert_eq!(settings, Settings::default());
        assert!(!diagnostics.is_empty());
        assert!(
            diagnostics[0].starts_with("docklens.toml:2:"),
            "{diagnostics:?}"
        );
        assert!(diagnostics[0].contains(": error: invalid TOML: "));
    }

    #[test]
    fn unknown_keys_warn_and_wrong_types_fail_at_their_place() {
        let (_, diagnostics) = parse(
            "targte = \"x\"\nignore = \"DL3000\"\n[rules]\nDL9999 = \"off\"\nDL3000 = \"loud\"\n[labels]\nstrict = 1\n",
        );
        assert_eq!(
            diagnostics,
            vec![
                "docklens.toml:1:1: warning: unknown key `targte`: did you mean `target`?",
                "docklens.toml:2:10: error: expected an array of strings, found string",
                "docklens.toml:4:1: warning: unknown rule `DL9999`",
                "docklens.toml:5:10: error: invalid level `loud` for `DL3000`: expected one of error, warning, info, style, off",
                "docklens.toml:7:10: error: expected `true` or `false`, found integer",
            ]
        );
    }
}
