//! Configuration files: hadolint's `.hadolint.yaml` and docklens's own
//! `docklens.toml`, read from text into [`Settings`] plus positioned
//! [`ConfigDiagnostic`]s, and merged into the engine's [`rules::Config`].
//!
//! Parsing is pure (text in, data out) so the language server can show the
//! same diagnostics in the editor; [`discover`] is the only part that looks
//! at the file system, and only asks whether files exist.
//!
//! Precedence, lowest first: defaults < `.hadolint.yaml` < `docklens.toml`
//! < command-line flags. Each layer is a [`Settings`]; [`Settings::merge`]
//! lays a higher one over a lower one.

mod discover;
mod docklens;
mod hadolint;
mod load;

use std::{fmt, path::PathBuf};

pub use discover::{discover, dockerignore_for, ConfigKind, Discovered, DiscoveryEnv};
pub use docklens::parse_docklens;
pub use hadolint::parse_hadolint;
pub use load::{load_for, FileConfig};

use crate::{
    model::ModelOptions,
    rules::{self, LabelType, RuleSetting, Severity},
};

/// A problem in a configuration file, at a 1-based line and column (columns
/// count Unicode scalar values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigDiagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub severity: ConfigSeverity,
}

/// Errors make the configuration unusable (the CLI exits 2); warnings are
/// reported and the rest of the file still applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConfigSeverity {
    Warning,
    Error,
}

impl ConfigSeverity {
    pub fn as_str(self) -> &'static str {
        match self {
            ConfigSeverity::Warning => "warning",
            ConfigSeverity::Error => "error",
        }
    }
}

impl fmt::Display for ConfigDiagnostic {
    /// `path:line:column: severity: message`, as compilers print them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.severity.as_str(),
            self.message
        )
    }
}

/// The lowest severity that makes `check` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureThreshold {
    /// Fail on findings of this severity or worse.
    At(Severity),
    /// Never fail because of findings.
    None,
}

impl FailureThreshold {
    /// hadolint's default: `info`.
    pub const DEFAULT: FailureThreshold = FailureThreshold::At(Severity::Info);

    /// hadolint's spellings: `error|warning|info|style|ignore|none`. `ignore`
    /// fails on anything reported, as in hadolint.
    pub fn parse(text: &str) -> Option<FailureThreshold> {
        match text.to_ascii_lowercase().as_str() {
            "none" => Some(FailureThreshold::None),
            "ignore" => Some(FailureThreshold::At(Severity::Style)),
            other => Severity::parse(other).map(FailureThreshold::At),
        }
    }

    /// True when a finding of `severity` makes the run fail.
    pub fn fails_on(self, severity: Severity) -> bool {
        match self {
            FailureThreshold::At(threshold) => severity >= threshold,
            FailureThreshold::None => false,
        }
    }
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Checkstyle,
    Gnu,
    Github,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Text,
        Format::Json,
        Format::Sarif,
        Format::Checkstyle,
        Format::Gnu,
        Format::Github,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Checkstyle => "checkstyle",
            Format::Gnu => "gnu",
            Format::Github => "github",
        }
    }

    /// docklens's names, plus hadolint's `tty` for `text`.
    pub fn parse(text: &str) -> Option<Format> {
        let lower = text.to_ascii_lowercase();
        if lower == "tty" {
            return Some(Format::Text);
        }
        Format::ALL.into_iter().find(|it| it.as_str() == lower)
    }
}

/// One layer of configuration: what one file (or the command line) says.
/// `None` and empty mean "not said here", so a lower layer's value stays.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// Per rule: a severity or off, in order; later entries win.
    pub overrides: Vec<(String, RuleSetting)>,
    pub trusted_registries: Option<Vec<String>>,
    pub label_schema: Option<Vec<(String, LabelType)>>,
    pub strict_labels: Option<bool>,
    pub disable_ignore_pragma: Option<bool>,
    pub failure_threshold: Option<FailureThreshold>,
    pub format: Option<Format>,
    pub no_color: Option<bool>,
    pub no_fail: Option<bool>,
    /// The stage that ships (`--target`).
    pub target: Option<String>,
    /// `--build-arg` values; a later value for the same name wins.
    pub build_args: Vec<(String, String)>,
}

impl Settings {
    /// `self` with `higher` laid over it.
    pub fn merge(mut self, higher: Settings) -> Settings {
        self.overrides.extend(higher.overrides);
        for (name, value) in higher.build_args {
            self.build_args.retain(|(it, _)| *it != name);
            self.build_args.push((name, value));
        }
        Settings {
            overrides: self.overrides,
            trusted_registries: higher.trusted_registries.or(self.trusted_registries),
            label_schema: higher.label_schema.or(self.label_schema),
            strict_labels: higher.strict_labels.or(self.strict_labels),
            disable_ignore_pragma: higher.disable_ignore_pragma.or(self.disable_ignore_pragma),
            failure_threshold: higher.failure_threshold.or(self.failure_threshold),
            format: higher.format.or(self.format),
            no_color: higher.no_color.or(self.no_color),
            no_fail: higher.no_fail.or(self.no_fail),
            target: higher.target.or(self.target),
            build_args: self.build_args,
        }
    }

    /// The engine's configuration.
    pub fn rules_config(&self) -> rules::Config {
        rules::Config {
            overrides: self.overrides.clone(),
            ignored: Vec::new(),
            trusted_registries: self.trusted_registries.clone().unwrap_or_default(),
            label_schema: self.label_schema.clone().unwrap_or_default(),
            strict_labels: self.strict_labels.unwrap_or(false),
            disable_ignore_pragma: self.disable_ignore_pragma.unwrap_or(false),
        }
    }

    /// What the model needs from the configuration.
    pub fn model_options(&self) -> ModelOptions {
        ModelOptions {
            target: self.target.clone(),
            build_args: self.build_args.clone(),
        }
    }

    pub fn failure_threshold(&self) -> FailureThreshold {
        self.failure_threshold.unwrap_or(FailureThreshold::DEFAULT)
    }
}

/// True for a code the registry knows, by code, name or alias. ShellCheck's
/// `SCxxxx` codes pass too: hadolint configs list them, docklens runs no
/// ShellCheck, so ignoring one is harmless and not worth a warning.
pub fn is_known_rule(code: &str) -> bool {
    rules::find_rule(code).is_some() || is_shellcheck_code(code)
}

fn is_shellcheck_code(code: &str) -> bool {
    code.len() == 6
        && code[..2].eq_ignore_ascii_case("SC")
        && code[2..].bytes().all(|it| it.is_ascii_digit())
}

/// "unknown rule `DL9999`", with a suggestion when one code is close.
pub fn unknown_rule_message(code: &str) -> String {
    let candidates = rules::all_rules()
        .iter()
        .flat_map(|it| std::iter::once(it.code).chain(std::iter::once(it.name)));
    match crate::model::suggest(code, candidates) {
        Some(close) => format!("unknown rule `{code}`: did you mean `{close}`?"),
        None => format!("unknown rule `{code}`"),
    }
}

/// Collects diagnostics for one file, turning offsets into positions.
pub(crate) struct Sink {
    pub(crate) path: PathBuf,
    pub(crate) diagnostics: Vec<ConfigDiagnostic>,
}

impl Sink {
    pub(crate) fn new(path: PathBuf) -> Sink {
        Sink {
            path,
            diagnostics: Vec::new(),
        }
    }

    /// `line` and `column` are 1-based.
    pub(crate) fn push(
        &mut self,
        severity: ConfigSeverity,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) {
        self.diagnostics.push(ConfigDiagnostic {
            path: self.path.clone(),
            line,
            column,
            message: message.into(),
            severity,
        });
    }

    pub(crate) fn finish(mut self) -> Vec<ConfigDiagnostic> {
        self.diagnostics.sort_by_key(|it| (it.line, it.column));
        self.diagnostics
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_compare_like_hadolint() {
        let info = FailureThreshold::parse("info").unwrap();
        assert!(info.fails_on(Severity::Error));
        assert!(info.fails_on(Severity::Info));
        assert!(!info.fails_on(Severity::Style));
        assert!(!FailureThreshold::parse("none")
            .unwrap()
            .fails_on(Severity::Error));
        assert!(FailureThreshold::parse("ignore")
            .unwrap()
            .fails_on(Severity::Style));
        assert_eq!(FailureThreshold::parse("fatal"), None);
    }

    #[test]
    fn higher_layers_win() {
        let low = Settings {
            overrides: vec![("DL3000".into(), RuleSetting::Off)],
            failure_threshold: Some(FailureThreshold::At(Severity::Error)),
            target: Some("build".into()),
            build_args: vec![("A".into(), "1".into()), ("B".into(), "2".into())],
            ..Settings::default()
        };
        let high = Settings {
            overrides: vec![("DL3000".into(), RuleSetting::Severity(Severity::Warning))],
            build_args: vec![("A".into(), "3".into())],
            ..Settings::default()
        };
        let merged = low.merge(high);
        assert_eq!(
            merged.failure_threshold,
            Some(FailureThreshold::At(Severity::Error))
        );
        assert_eq!(merged.target.as_deref(), Some("build"));
        assert_eq!(
            merged.build_args,
            vec![("B".into(), "2".into()), ("A".into(), "3".into())]
        );
        let config = merged.rules_config();
        let rule = rules::find_rule("DL3000").unwrap();
        assert_eq!(
            config.setting(rule),
            Some(RuleSetting::Severity(Severity::Warning))
        );
    }

    #[test]
    fn shellcheck_codes_are_not_unknown() {
        assert!(is_known_rule("SC2086"));
        assert!(is_known_rule("dl3000"));
        assert!(is_known_rule("WorkdirRelativePath"));
        assert!(!is_known_rule("DL9999"));
        assert_eq!(
            unknown_rule_message("stage-name-casinq"),
            "unknown rule `stage-name-casinq`: did you mean `stage-name-casing`?"
        );
    }
}
