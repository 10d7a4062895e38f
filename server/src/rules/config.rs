//! The effective rule configuration, merged from `.hadolint.yaml`,
//! `docklens.toml`, editor settings and command-line flags. Reading those
//! files is the caller's business; this is the plain result.

use super::Severity;

/// What the rules should do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Per rule (by code, name or alias): a severity, or off. Later entries win.
    pub overrides: Vec<(String, RuleSetting)>,
    /// Rules never reported (hadolint `ignored`, `--ignore`).
    pub ignored: Vec<String>,
    /// Registries `FROM` may pull from (hadolint `trustedRegistries`); empty allows all.
    pub trusted_registries: Vec<String>,
    /// Labels every image must carry, and their value types (hadolint `label-schema`).
    pub label_schema: Vec<(String, LabelType)>,
    /// Only labels in the schema are allowed (hadolint `strict-labels`).
    pub strict_labels: bool,
    /// Ignore `# hadolint ignore=` pragmas (hadolint `disable-ignore-pragma`).
    pub disable_ignore_pragma: bool,
}

/// A configured rule level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    /// On at this severity; turns on opt-in rules too.
    Severity(Severity),
}

impl RuleSetting {
    /// hadolint and docklens spellings: `error|warning|info|style|ignore|off|none`.
    pub fn parse(text: &str) -> Option<RuleSetting> {
        match text.to_ascii_lowercase().as_str() {
            "ignore" | "off" | "none" | "false" => Some(RuleSetting::Off),
            other => Severity::parse(other).map(RuleSetting::Severity),
        }
    }
}

/// Value types of hadolint's `label-schema`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelType {
    Text,
    Url,
    Rfc3339,
    Spdx,
    GitHash,
    Semver,
    Email,
}

impl LabelType {
    pub fn parse(text: &str) -> Option<LabelType> {
        Some(match text.to_ascii_lowercase().as_str() {
            "text" => LabelType::Text,
            "url" => LabelType::Url,
            "rfc3339" => LabelType::Rfc3339,
            "spdx" => LabelType::Spdx,
            "hash" => LabelType::GitHash,
            "semver" => LabelType::Semver,
            "email" => LabelType::Email,
            _ => return None,
        })
    }
}

impl Config {
    /// The configured setting for a rule, if any (the last one that matches).
    pub fn setting(&self, rule: &super::Rule) -> Option<RuleSetting> {
        if self.ignored.iter().any(|it| rule.matches(it)) {
            return Some(RuleSetting::Off);
        }
        self.overrides
            .iter()
            .rev()
            .find(|(code, _)| rule.matches(code))
            .map(|(_, setting)| *setting)
    }
}
