//! Editor settings: what users set in VS Code, Neovim, Helix and friends,
//! as one serde struct (camelCase JSON, every field optional), plus its
//! JSON schema (`docklens config-schema`) and the conversions into what
//! the analysis, the formatter and the registry client take.
//!
//! The language server reads these from `initializationOptions`,
//! `workspace/configuration` (section `docklens`) and
//! `workspace/didChangeConfiguration`; see `lsp::config`.

use std::{collections::BTreeMap, path::PathBuf, time::Duration};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{
    ide::{AnalysisConfig, FormatOptions, Indent, KeywordCase},
    images::registry::RegistrySettings,
    model::ModelOptions,
    rules::{self, LabelType, RuleSetting, Severity},
};

/// docklens settings (the `docklens` section of an editor's configuration).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
#[schemars(title = "docklens settings")]
pub struct Settings {
    /// Rule levels by rule code, name or alias (`DL3008`,
    /// `apt-get-unpinned-packages`, `StageNameCasing`). A level turns an
    /// opt-in rule on; `off` turns a rule off.
    pub rules: BTreeMap<String, RuleLevel>,
    /// Rules never reported, by code, name or alias (hadolint's `ignored`).
    pub ignore: Vec<String>,
    /// The stage to build (`docker build --target`): a stage name or index.
    /// The last stage when unset. Decides which stage ships, and so which
    /// stages get image-size advice.
    pub target: Option<String>,
    /// Build arguments (`docker build --build-arg NAME=value`), used to
    /// resolve `ARG`s in `FROM` lines and elsewhere.
    pub build_args: BTreeMap<String, String>,
    /// Registries `FROM` may pull from (hadolint's `trustedRegistries`);
    /// empty allows every registry.
    pub trusted_registries: Vec<String>,
    /// Ignore `# hadolint ignore=` pragmas (hadolint's
    /// `disable-ignore-pragma`).
    pub disable_ignore_pragma: bool,
    /// Required image labels (hadolint's `label-schema` and `strict-labels`).
    pub labels: LabelSettings,
    /// How `Format Document` lays a Dockerfile out.
    pub formatter: FormatterSettings,
    /// Inline hints.
    pub hints: HintSettings,
    /// Looking images up in their registries (off unless enabled).
    pub registry: RegistrySettingsConfig,
    /// How much the server logs (to its stderr / the editor's output panel).
    pub log_level: LogLevel,
}

/// A rule level in editor settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Error,
    Warning,
    Info,
    Style,
    /// Not reported.
    #[serde(alias = "ignore", alias = "none")]
    Off,
}

impl RuleLevel {
    pub fn setting(self) -> RuleSetting {
        match self {
            RuleLevel::Error => RuleSetting::Severity(Severity::Error),
            RuleLevel::Warning => RuleSetting::Severity(Severity::Warning),
            RuleLevel::Info => RuleSetting::Severity(Severity::Info),
            RuleLevel::Style => RuleSetting::Severity(Severity::Style),
            RuleLevel::Off => RuleSetting::Off,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct LabelSettings {
    /// Labels every image must carry, with the type of their value.
    pub schema: BTreeMap<String, LabelKind>,
    /// Only labels listed in `schema` are allowed.
    pub strict: bool,
}

/// The value type of a required label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LabelKind {
    Text,
    Url,
    Rfc3339,
    Spdx,
    /// A git commit hash.
    Hash,
    Semver,
    Email,
}

impl LabelKind {
    pub fn label_type(self) -> LabelType {
        match self {
            LabelKind::Text => LabelType::Text,
            LabelKind::Url => LabelType::Url,
            LabelKind::Rfc3339 => LabelType::Rfc3339,
            LabelKind::Spdx => LabelType::Spdx,
            LabelKind::Hash => LabelType::GitHash,
            LabelKind::Semver => LabelType::Semver,
            LabelKind::Email => LabelType::Email,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct FormatterSettings {
    /// The case of instruction keywords.
    pub keyword_case: KeywordCaseSetting,
    /// The indentation of continuation lines: a number of spaces, or `"tab"`.
    /// When unset, the editor's own indentation options are used (one tab,
    /// or `tabSize` spaces); the command line defaults to 4 spaces.
    pub continuation_indent: Option<ContinuationIndent>,
    /// Leave instructions that span several lines exactly as they are.
    pub ignore_multiline_instructions: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum KeywordCaseSetting {
    /// `RUN`, `COPY`: what the Dockerfile reference uses.
    #[default]
    Upper,
    /// `run`, `copy`.
    Lower,
    /// Keywords are left as written.
    Preserve,
}

/// A number of spaces (0 to 16), or `"tab"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ContinuationIndent {
    Spaces(#[schemars(range(max = 16))] u8),
    Tab(TabKeyword),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TabKeyword {
    Tab,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct HintSettings {
    /// Show sizes inline: inlay hints after each `FROM` (the stage's size and
    /// whether it ships) and after each shipped instruction that adds a known
    /// amount, and a code lens with the final image's size.
    pub sizes: bool,
}

impl Default for HintSettings {
    fn default() -> Self {
        HintSettings { sizes: true }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct RegistrySettingsConfig {
    /// Ask registries about base images (sizes, platforms, digests). Off by
    /// default: opening a Dockerfile causes no network traffic unless asked.
    pub enabled: bool,
    /// Registry hosts that may be contacted (`ghcr.io`, `localhost:5000`,
    /// `*.gcr.io`, or `*` for any). Unset: Docker Hub, GHCR, GCR, Quay,
    /// MCR, ECR Public, registry.k8s.io and cgr.dev.
    pub allow: Option<Vec<String>>,
    /// Hosts spoken to over plain HTTP instead of HTTPS.
    pub insecure: Vec<String>,
    /// Where answers are cached. Unset: `DOCKLENS_CACHE_DIR`, else the
    /// platform cache directory.
    pub cache_dir: Option<String>,
    /// How long an answer stays fresh, in hours.
    pub ttl_hours: u64,
}

impl Default for RegistrySettingsConfig {
    fn default() -> Self {
        RegistrySettingsConfig {
            enabled: false,
            allow: None,
            insecure: Vec::new(),
            cache_dir: None,
            ttl_hours: 24,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Error,
    #[default]
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        }
    }
}

impl Settings {
    /// Reads settings from JSON. `null` gives the defaults. A key whose value
    /// has the wrong shape is dropped (and reported in the second value)
    /// instead of costing every other setting.
    pub fn from_json(value: &Value) -> (Settings, Vec<String>) {
        if value.is_null() {
            return (Settings::default(), Vec::new());
        }
        if let Ok(settings) = Settings::deserialize(value) {
            return (settings, Vec::new());
        }
        let Value::Object(map) = value else {
            return (
                Settings::default(),
                vec![format!("settings must be an object, not {value}")],
            );
        };
        let mut kept = serde_json::Map::new();
        let mut problems = Vec::new();
        for (key, val) in map {
            let single = Value::Object([(key.clone(), val.clone())].into_iter().collect());
            match Settings::deserialize(&single) {
                Ok(_) => {
                    kept.insert(key.clone(), val.clone());
                }
                Err(err) => problems.push(format!("setting `{key}` ignored: {err}")),
            }
        }
        let settings = Settings::deserialize(&Value::Object(kept)).unwrap_or_default();
        (settings, problems)
    }

    /// Names in `rules` and `ignore` that match no rule.
    pub fn unknown_rules(&self) -> Vec<String> {
        self.rules
            .keys()
            .chain(&self.ignore)
            .filter(|it| rules::find_rule(it).is_none())
            .cloned()
            .collect()
    }

    /// The rule configuration these settings describe.
    pub fn rules_config(&self) -> rules::Config {
        rules::Config {
            overrides: self
                .rules
                .iter()
                .map(|(code, level)| (code.clone(), level.setting()))
                .collect(),
            ignored: self.ignore.clone(),
            trusted_registries: self.trusted_registries.clone(),
            label_schema: self
                .labels
                .schema
                .iter()
                .map(|(name, kind)| (name.clone(), kind.label_type()))
                .collect(),
            strict_labels: self.labels.strict,
            disable_ignore_pragma: self.disable_ignore_pragma,
        }
    }

    pub fn model_options(&self) -> ModelOptions {
        ModelOptions {
            target: self.target.clone().filter(|it| !it.is_empty()),
            build_args: self
                .build_args
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }

    /// What the analysis takes from these settings. File-based
    /// configuration (`.hadolint.yaml`, `docklens.toml`, `.dockerignore`)
    /// is merged on top by the caller.
    pub fn analysis_config(&self) -> AnalysisConfig {
        AnalysisConfig {
            rules: self.rules_config(),
            model: self.model_options(),
            environment: Default::default(),
        }
    }

    /// Formatter options: the settings' own indentation when set, else
    /// `editor` (the request's tab/space options).
    pub fn format_options(&self, editor: Indent) -> FormatOptions {
        let formatter = &self.formatter;
        FormatOptions {
            keyword_case: match formatter.keyword_case {
                KeywordCaseSetting::Upper => KeywordCase::Upper,
                KeywordCaseSetting::Lower => KeywordCase::Lower,
                KeywordCaseSetting::Preserve => KeywordCase::Preserve,
            },
            indent: match formatter.continuation_indent {
                Some(ContinuationIndent::Spaces(n)) => Indent::Spaces(n.min(16)),
                Some(ContinuationIndent::Tab(_)) => Indent::Tab,
                None => editor,
            },
            ignore_multiline_instructions: formatter.ignore_multiline_instructions,
        }
    }

    /// The registry client's settings.
    pub fn registry_settings(&self) -> RegistrySettings {
        let registry = &self.registry;
        let mut res = RegistrySettings {
            enabled: registry.enabled,
            insecure: registry.insecure.clone(),
            cache_dir: registry.cache_dir.as_ref().map(PathBuf::from),
            ttl: Duration::from_secs(registry.ttl_hours.saturating_mul(3600)),
            ..RegistrySettings::default()
        };
        if let Some(allow) = &registry.allow {
            res.allow = allow.clone();
        }
        res
    }
}

/// The JSON schema of [`Settings`] (draft-07, which editors' JSON support
/// handles best). Object keys come out sorted, so the output is stable.
pub fn json_schema() -> Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<Settings>();
    serde_json::to_value(schema).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_camel_case_with_defaults() {
        let (settings, problems) = Settings::from_json(&json!({
            "rules": { "DL3008": "off", "StageNameCasing": "error" },
            "buildArgs": { "BASE": "alpine" },
            "formatter": { "keywordCase": "lower", "continuationIndent": "tab" },
            "labels": { "schema": { "maintainer": "email" }, "strict": true },
        }));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(settings.rules["DL3008"], RuleLevel::Off);
        assert_eq!(
            settings.formatter.continuation_indent,
            Some(ContinuationIndent::Tab(TabKeyword::Tab))
        );
        assert!(settings.hints.sizes);
        assert_eq!(settings.registry.ttl_hours, 24);
        let config = settings.analysis_config();
        assert_eq!(
            config.model.build_args,
            vec![("BASE".to_owned(), "alpine".to_owned())]
        );
        assert!(config.rules.strict_labels);
        let options = settings.format_options(Indent::Spaces(2));
        assert_eq!(options.indent, Indent::Tab);
        assert_eq!(options.keyword_case, KeywordCase::Lower);
    }

    #[test]
    fn a_bad_key_costs_only_itself() {
        let (settings, problems) = Settings::from_json(&json!({
            "ignore": ["DL3000"],
            "rules": { "DL3008": "loud" },
            "formatter": { "continuationIndent": 2 },
        }));
        assert_eq!(settings.ignore, vec!["DL3000"]);
        assert!(settings.rules.is_empty());
        assert_eq!(
            settings.formatter.continuation_indent,
            Some(ContinuationIndent::Spaces(2))
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("rules"));
    }

    #[test]
    fn schema_lists_every_top_level_key() {
        let schema = json_schema();
        let properties = schema["properties"].as_object().expect("properties");
        // Sorted: whether serde_json keeps insertion order depends on features
        // other crates turn on.
        let mut keys: Vec<&str> = properties.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "buildArgs",
                "disableIgnorePragma",
                "formatter",
                "hints",
                "ignore",
                "labels",
                "logLevel",
                "registry",
                "rules",
                "target",
                "trustedRegistries",
            ]
        );
    }
}
