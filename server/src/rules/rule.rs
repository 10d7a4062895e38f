//! What a rule is: stable code, name, default severity, documentation, and
//! the check itself.

use std::fmt;

use super::{Diagnostic, RuleContext};
use crate::syntax::TextRange;

/// How serious a finding is, in hadolint's four levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Style,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Style,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Style => "style",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|it| it.as_str().eq_ignore_ascii_case(text))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a rule is about; used for grouping in docs and settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Something BuildKit rejects: the build fails.
    Syntax,
    /// The build works but does something other than intended.
    Correctness,
    /// The image is bigger than it needs to be.
    Size,
    Security,
    /// Reproducibility and maintainability advice.
    BestPractice,
    Style,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Correctness => "correctness",
            Category::Size => "size",
            Category::Security => "security",
            Category::BestPractice => "best-practice",
            Category::Style => "style",
        }
    }
}

/// Which tool's check a rule reproduces, for its code and docs link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// hadolint's `DLxxxx`.
    Hadolint,
    /// A BuildKit build check (`docker build --check`).
    BuildKit,
    /// docklens's own `DKxxxx`.
    Docklens,
}

/// Whether a rule can offer a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

/// Whether a rule runs unless configured otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enabled {
    Yes,
    /// Opt-in: policy rules (hadolint's `ignore` severity) and experimental checks.
    No,
}

/// A rule. Every rule lives in its own file as a `static RULE: Rule`.
pub struct Rule {
    /// Stable and never reused: `DL3008`, `StageNameCasing`, `DK2001`.
    pub code: &'static str,
    /// Kebab-case, says what is flagged: `apt-get-unpinned-packages`.
    pub name: &'static str,
    /// Other codes that mean this rule, so existing pragmas keep working
    /// (`WorkdirRelativePath` for `DL3000`).
    pub aliases: &'static [&'static str],
    pub origin: Origin,
    pub category: Category,
    pub severity: Severity,
    pub enabled: Enabled,
    pub fix: FixAvailability,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// Markdown: `## What it does`, `## Why is this bad?`, `## Example`
    /// (a bad `dockerfile` block, then "Use instead:" and a good one), and
    /// where they apply `## Fix safety`, `## Options`, `## References`.
    pub docs: &'static str,
    pub check: fn(&RuleContext<'_>, &mut Vec<Diagnostic>),
}

impl Rule {
    /// A finding of this rule at its default severity.
    pub fn diagnostic(&'static self, range: TextRange, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: self.code,
            rule: self,
            severity: self.severity,
            range,
            message: message.into(),
            fix: None,
            related: Vec::new(),
            tags: Default::default(),
        }
    }

    /// True when `code` is this rule's code, name or one of its aliases
    /// (case-insensitive, as pragmas are typed by hand).
    pub fn matches(&self, code: &str) -> bool {
        self.code.eq_ignore_ascii_case(code)
            || self.name.eq_ignore_ascii_case(code)
            || self.aliases.iter().any(|it| it.eq_ignore_ascii_case(code))
    }

    /// Where the rule is documented upstream (hadolint wiki, Docker docs) or here.
    pub fn url(&self) -> String {
        match self.origin {
            Origin::Hadolint => format!("https://github.com/hadolint/hadolint/wiki/{}", self.code),
            Origin::BuildKit => format!(
                "https://docs.docker.com/reference/build-checks/{}/",
                kebab(self.code)
            ),
            Origin::Docklens => format!("https://docklens.dev/rules/{}", self.code),
        }
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("code", &self.code)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// `StageNameCasing` → `stage-name-casing`.
pub fn kebab(code: &str) -> String {
    let mut res = String::with_capacity(code.len() + 4);
    let chars: Vec<char> = code.chars().collect();
    for (idx, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower = idx > 0 && chars[idx - 1].is_ascii_lowercase();
            let next_lower = chars.get(idx + 1).is_some_and(|it| it.is_ascii_lowercase());
            let prev_upper = idx > 0 && chars[idx - 1].is_ascii_uppercase();
            if idx > 0 && (prev_lower || (prev_upper && next_lower)) {
                res.push('-');
            }
            res.push(c.to_ascii_lowercase());
        } else {
            res.push(c);
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::kebab;

    #[test]
    fn kebab_case_of_buildkit_names() {
        assert_eq!(kebab("StageNameCasing"), "stage-name-casing");
        assert_eq!(kebab("JSONArgsRecommended"), "json-args-recommended");
        assert_eq!(kebab("CopyIgnoredFile"), "copy-ignored-file");
    }
}
