//! hadolint's `.hadolint.yaml`: `ignored`, `override.{error,warning,info,style}`,
//! `failure-threshold`, `trustedRegistries`, `strict-labels`, `label-schema`,
//! `disable-ignore-pragma`, `no-fail`, `format`, `no-color`.

use std::path::Path;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use super::{
    is_known_rule, unknown_rule_message, ConfigDiagnostic, ConfigSeverity, FailureThreshold,
    Format, Settings, Sink,
};
use crate::rules::{LabelType, RuleSetting, Severity};

const KEYS: [&str; 11] = [
    "ignored",
    "override",
    "failure-threshold",
    "trustedRegistries",
    "strict-labels",
    "label-schema",
    "disable-ignore-pragma",
    "no-fail",
    "format",
    "no-color",
    "verbose",
];

/// hadolint's output formats docklens does not write.
const HADOLINT_ONLY_FORMATS: [&str; 6] = [
    "codeclimate",
    "gitlab_codeclimate",
    "codacy",
    "sonarqube",
    "junit",
    "sarif_hadolint",
];

/// Reads a `.hadolint.yaml`. `path` only labels the diagnostics.
pub fn parse_hadolint(path: &Path, text: &str) -> (Settings, Vec<ConfigDiagnostic>) {
    let mut sink = Sink::new(path.to_path_buf());
    let mut settings = Settings::default();
    match MarkedYaml::load_from_str(text) {
        Err(err) => {
            let at = err.marker();
            sink.push(
                ConfigSeverity::Error,
                at.line().max(1),
                at.col() + 1,
                format!("invalid YAML: {}", err.info()),
            );
        }
        Ok(docs) => {
            if let Some(extra) = docs.get(1) {
                warn(
                    &mut sink,
                    extra,
                    "only the first YAML document is read; the others are ignored",
                );
            }
            if let Some(doc) = docs.first() {
                read_document(doc, &mut settings, &mut sink);
            }
        }
    }
    (settings, sink.finish())
}

fn read_document(doc: &MarkedYaml<'_>, settings: &mut Settings, sink: &mut Sink) {
    let map = match &doc.data {
        YamlData::Mapping(map) => map,
        // An empty file, or one with only comments.
        YamlData::Value(Scalar::Null) => return,
        _ => {
            error(sink, doc, "expected a mapping of settings at the top level");
            return;
        }
    };
    let mut ignored = Vec::new();
    for (key, value) in map {
        let Some(name) = as_str(key) else {
            warn(sink, key, "unknown key: keys are strings");
            continue;
        };
        if is_null(value) {
            continue;
        }
        match name {
            "ignored" => {
                if let Some(codes) = rule_list(value, sink) {
                    ignored.extend(codes);
                }
            }
            "override" => read_override(value, settings, sink),
            "failure-threshold" => {
                if let Some(text) = string(value, sink) {
                    match FailureThreshold::parse(text) {
                        Some(it) => settings.failure_threshold = Some(it),
                        None => error(
                            sink,
                            value,
                            format!(
                                "invalid failure-threshold `{text}`: expected one of error, warning, info, style, ignore, none"
                            ),
                        ),
                    }
                }
            }
            "trustedRegistries" => {
                settings.trusted_registries = match &value.data {
                    YamlData::Value(Scalar::String(one)) => Some(vec![one.to_string()]),
                    _ => string_list(value, sink),
                };
            }
            "label-schema" => settings.label_schema = label_schema(value, sink),
            "strict-labels" => settings.strict_labels = boolean(value, sink),
            "disable-ignore-pragma" => settings.disable_ignore_pragma = boolean(value, sink),
            "no-fail" => settings.no_fail = boolean(value, sink),
            "no-color" => settings.no_color = boolean(value, sink),
            // hadolint's verbose logging has no docklens equivalent.
            "verbose" => {
                boolean(value, sink);
            }
            "format" => {
                if let Some(text) = string(value, sink) {
                    match Format::parse(text) {
                        Some(it) => settings.format = Some(it),
                        None if HADOLINT_ONLY_FORMATS.contains(&text) => warn(
                            sink,
                            value,
                            format!("format `{text}` is not supported by docklens; using text"),
                        ),
                        None => error(
                            sink,
                            value,
                            format!(
                                "invalid format `{text}`: expected one of tty, text, json, sarif, checkstyle, gnu, github"
                            ),
                        ),
                    }
                }
            }
            _ => warn(sink, key, unknown_key_message(name, &KEYS)),
        }
    }
    // Within one file `ignored` beats `override`, as in hadolint.
    settings
        .overrides
        .extend(ignored.into_iter().map(|it| (it, RuleSetting::Off)));
}

fn read_override(value: &MarkedYaml<'_>, settings: &mut Settings, sink: &mut Sink) {
    let YamlData::Mapping(map) = &value.data else {
        error(
            sink,
            value,
            "expected a mapping with `error`, `warning`, `info` or `style` lists",
        );
        return;
    };
    let mut by_level: Vec<(Severity, Vec<String>)> = Vec::new();
    for (key, list) in map {
        let Some(name) = as_str(key) else {
            warn(sink, key, "unknown key: keys are strings");
            continue;
        };
        let Some(severity) = Severity::parse(name) else {
            warn(
                sink,
                key,
                unknown_key_message(name, &["error", "warning", "info", "style"]),
            );
            continue;
        };
        if is_null(list) {
            continue;
        }
        if let Some(codes) = rule_list(list, sink) {
            by_level.push((severity, codes));
        }
    }
    // hadolint applies error, then warning, info, style: the last one wins.
    by_level.sort_by_key(|(severity, _)| std::cmp::Reverse(*severity));
    for (severity, codes) in by_level {
        settings.overrides.extend(
            codes
                .into_iter()
                .map(|it| (it, RuleSetting::Severity(severity))),
        );
    }
}

fn label_schema(value: &MarkedYaml<'_>, sink: &mut Sink) -> Option<Vec<(String, LabelType)>> {
    let YamlData::Mapping(map) = &value.data else {
        error(
            sink,
            value,
            "expected a mapping of label names to types (text, url, rfc3339, spdx, hash, semver, email)",
        );
        return None;
    };
    let mut res = Vec::new();
    for (key, kind) in map {
        let Some(label) = scalar_text(key) else {
            error(sink, key, "expected a label name");
            continue;
        };
        let Some(text) = string(kind, sink) else {
            continue;
        };
        match LabelType::parse(text) {
            Some(it) => res.push((label, it)),
            None => error(
                sink,
                kind,
                format!(
                    "invalid label type `{text}`: expected one of text, url, rfc3339, spdx, hash, semver, email"
                ),
            ),
        }
    }
    Some(res)
}

/// A list of rule codes; unknown ones are kept (they may be ShellCheck's or
/// newer than this docklens) and warned about.
fn rule_list(value: &MarkedYaml<'_>, sink: &mut Sink) -> Option<Vec<String>> {
    let items: Vec<&MarkedYaml<'_>> = match &value.data {
        YamlData::Sequence(items) => items.iter().collect(),
        YamlData::Value(Scalar::String(_)) => vec![value],
        _ => {
            error(sink, value, "expected a list of rule codes");
            return None;
        }
    };
    let mut res = Vec::new();
    for item in items {
        let Some(code) = scalar_text(item) else {
            error(sink, item, "expected a rule code");
            continue;
        };
        if !is_known_rule(&code) {
            warn(sink, item, unknown_rule_message(&code));
        }
        res.push(code);
    }
    Some(res)
}

fn string_list(value: &MarkedYaml<'_>, sink: &mut Sink) -> Option<Vec<String>> {
    let YamlData::Sequence(items) = &value.data else {
        error(sink, value, "expected a string or a list of strings");
        return None;
    };
    let mut res = Vec::new();
    for item in items {
        match scalar_text(item) {
            Some(text) => res.push(text),
            None => error(sink, item, "expected a string"),
        }
    }
    Some(res)
}

fn string<'a>(value: &'a MarkedYaml<'_>, sink: &mut Sink) -> Option<&'a str> {
    let res = as_str(value);
    if res.is_none() {
        error(sink, value, "expected a string");
    }
    res
}

fn boolean(value: &MarkedYaml<'_>, sink: &mut Sink) -> Option<bool> {
    match &value.data {
        YamlData::Value(Scalar::Boolean(it)) => Some(*it),
        _ => {
            error(sink, value, "expected `true` or `false`");
            None
        }
    }
}

fn as_str<'a>(value: &'a MarkedYaml<'_>) -> Option<&'a str> {
    match &value.data {
        YamlData::Value(Scalar::String(it)) => Some(it),
        _ => None,
    }
}

/// A string, or a number written where a name was meant (`1234: text`).
fn scalar_text(value: &MarkedYaml<'_>) -> Option<String> {
    match &value.data {
        YamlData::Value(Scalar::String(it)) => Some(it.to_string()),
        YamlData::Value(Scalar::Integer(it)) => Some(it.to_string()),
        _ => None,
    }
}

fn is_null(value: &MarkedYaml<'_>) -> bool {
    matches!(value.data, YamlData::Value(Scalar::Null))
}

pub(super) fn unknown_key_message(name: &str, known: &[&str]) -> String {
    match crate::model::suggest(name, known.iter().copied()) {
        Some(close) => format!("unknown key `{name}`: did you mean `{close}`?"),
        None => format!("unknown key `{name}`"),
    }
}

fn error(sink: &mut Sink, node: &MarkedYaml<'_>, message: impl Into<String>) {
    let at = node.span.start;
    sink.push(ConfigSeverity::Error, at.line(), at.col() + 1, message);
}

fn warn(sink: &mut Sink, node: &MarkedYaml<'_>, message: impl Into<String>) {
    let at = node.span.start;
    sink.push(ConfigSeverity::Warning, at.line(), at.col() + 1, message);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Settings, Vec<String>) {
        let (settings, diagnostics) = parse_hadolint(Path::new(".hadolint.yaml"), text);
        (
            settings,
            diagnostics.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn reads_every_hadolint_key() {
        let (settings, diagnostics) = parse(
            "ignored:\n  - DL3000\n  - SC2086\noverride:\n  style: [StageNameCasing]\n  error:\n    - DK1001\nfailure-threshold: warning\ntrustedRegistries: docker.io\nstrict-labels: true\nlabel-schema:\n  maintainer: text\n  org.opencontainers.image.created: rfc3339\ndisable-ignore-pragma: true\nno-fail: false\nformat: json\nno-color: true\n",
        );
        assert_eq!(diagnostics, Vec::<String>::new());
        assert_eq!(
            settings.overrides,
            vec![
                ("DK1001".into(), RuleSetting::Severity(Severity::Error)),
                (
                    "StageNameCasing".into(),
                    RuleSetting::Severity(Severity::Style)
                ),
                ("DL3000".into(), RuleSetting::Off),
                ("SC2086".into(), RuleSetting::Off),
            ]
        );
        assert_eq!(
            settings.failure_threshold,
            Some(FailureThreshold::At(Severity::Warning))
        );
        assert_eq!(settings.trusted_registries, Some(vec!["docker.io".into()]));
        assert_eq!(settings.strict_labels, Some(true));
        assert_eq!(
            settings.label_schema,
            Some(vec![
                ("maintainer".into(), LabelType::Text),
                (
                    "org.opencontainers.image.created".into(),
                    LabelType::Rfc3339
                ),
            ])
        );
        assert_eq!(settings.disable_ignore_pragma, Some(true));
        assert_eq!(settings.no_fail, Some(false));
        assert_eq!(settings.format, Some(Format::Json));
        assert_eq!(settings.no_color, Some(true));
    }

    #[test]
    fn empty_files_and_empty_keys_are_fine() {
        assert_eq!(parse(""), (Settings::default(), vec![]));
        assert_eq!(parse("# nothing\n"), (Settings::default(), vec![]));
        assert_eq!(parse("ignored:\n"), (Settings::default(), vec![]));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let (settings, diagnostics) = parse("ignored: [DL3000\nformat: json\n");
        assert_eq!(settings, Settings::default());
        assert_eq!(diagnostics.len(), 1);
        assert!(
            diagnostics[0].starts_with(".hadolint.yaml:2:"),
            "{diagnostics:?}"
        );
        assert!(diagnostics[0].contains(": error: invalid YAML:"));
    }

    #[test]
    fn unknown_keys_warn_and_wrong_types_fail_at_their_place() {
        let (settings, diagnostics) = parse(
            "ignore:\n  - DL3000\nstrict-labels: yes\nfailure-threshold: fatal\nignored: [DL9999]\nformat: junit\n",
        );
        assert_eq!(
            diagnostics,
            vec![
                ".hadolint.yaml:1:1: warning: unknown key `ignore`: did you mean `ignored`?",
                ".hadolint.yaml:3:16: error: expected `true` or `false`",
                ".hadolint.yaml:4:20: error: invalid failure-threshold `fatal`: expected one of error, warning, info, style, ignore, none",
                ".hadolint.yaml:5:11: warning: unknown rule `DL9999`",
                ".hadolint.yaml:6:9: warning: format `junit` is not supported by docklens; using text",
            ]
        );
        // Unknown codes are still applied: they may be newer than this build.
        assert_eq!(
            settings.overrides,
            vec![("DL9999".into(), RuleSetting::Off)]
        );
    }

    #[test]
    fn columns_count_characters() {
        let (_, diagnostics) = parse("label-schema:\n  \"é😀\": colour\n");
        assert_eq!(
            diagnostics,
            vec![".hadolint.yaml:2:9: error: invalid label type `colour`: expected one of text, url, rfc3339, spdx, hash, semver, email"]
        );
    }
}
