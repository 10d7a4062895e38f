//! In-file suppression: hadolint pragmas (`# hadolint ignore=DL3008`,
//! `# hadolint global ignore=...`, `# hadolint shell=...`), docklens's
//! own spelling of the same (`# docklens ignore=...`), and BuildKit's
//! `# check=skip=...;error=true`, as a parser directive for the whole file
//! or as a comment right above one instruction.

use std::collections::HashMap;

use super::{Diagnostic, Origin, Rule};
use crate::syntax::{DirectiveKind, Parse, TextRange};

/// A pragma found in a comment, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pragma {
    pub range: TextRange,
    pub kind: PragmaKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PragmaKind {
    /// `ignore=` for the next instruction.
    Ignore(Vec<String>),
    /// `global ignore=` for the whole file.
    GlobalIgnore(Vec<String>),
    /// `shell=...`: the shell `RUN` uses.
    Shell(String),
}

/// BuildKit's `check=` settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckSettings {
    /// Skipped checks; `all` skips every BuildKit check.
    pub skip: Vec<String>,
    /// `error=true`: BuildKit check warnings fail the build.
    pub error: bool,
    /// `experimental=A,B|all`: opt-in BuildKit checks to run.
    pub experimental: Vec<String>,
}

impl CheckSettings {
    /// Parses `skip=A,B;error=true;experimental=all`.
    pub fn parse(value: &str) -> CheckSettings {
        let mut res = CheckSettings::default();
        for part in value.split(';') {
            let Some((key, val)) = part.split_once('=') else {
                continue;
            };
            match key.trim().to_ascii_lowercase().as_str() {
                "skip" => res.skip.extend(
                    val.split(',')
                        .map(str::trim)
                        .filter(|it| !it.is_empty())
                        .map(str::to_owned),
                ),
                "error" => res.error = val.trim().eq_ignore_ascii_case("true"),
                "experimental" => res.experimental.extend(
                    val.split(',')
                        .map(str::trim)
                        .filter(|it| !it.is_empty())
                        .map(str::to_owned),
                ),
                _ => {}
            }
        }
        res
    }

    fn skips(&self, rule: &Rule) -> bool {
        let is_build_check = rule.origin == Origin::BuildKit || !rule.aliases.is_empty();
        self.skip
            .iter()
            .any(|it| (it.eq_ignore_ascii_case("all") && is_build_check) || rule.matches(it))
    }
}

/// Everything that silences or re-grades findings in one file.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    pub pragmas: Vec<Pragma>,
    global: Vec<String>,
    /// Instruction index → codes ignored there.
    per_instruction: HashMap<usize, Vec<String>>,
    file_check: CheckSettings,
    instruction_check: HashMap<usize, CheckSettings>,
    /// The `shell=` pragma, when one names a non-POSIX shell.
    pub shell: Option<String>,
}

impl Suppressions {
    pub fn collect(text: &str, parse: &Parse) -> Suppressions {
        let mut res = Suppressions::default();
        for directive in parse
            .directives
            .iter()
            .filter(|it| it.kind == DirectiveKind::Check)
        {
            let settings = CheckSettings::parse(&directive.value);
            res.file_check.skip.extend(settings.skip);
            res.file_check.error |= settings.error;
            res.file_check.experimental.extend(settings.experimental);
        }
        for comment in &parse.comments {
            let body = comment.text.as_str();
            let next = next_instruction(parse, comment.range.end());
            if let Some(pragma) = parse_pragma(body) {
                match &pragma {
                    PragmaKind::Ignore(codes) => {
                        if let Some(next) = next {
                            res.per_instruction
                                .entry(next)
                                .or_default()
                                .extend(codes.iter().cloned());
                        }
                    }
                    PragmaKind::GlobalIgnore(codes) => res.global.extend(codes.iter().cloned()),
                    PragmaKind::Shell(shell) => {
                        let posix = ["sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"];
                        if !posix.iter().any(|it| shell.ends_with(it)) {
                            res.shell = Some(shell.clone());
                        }
                    }
                }
                res.pragmas.push(Pragma {
                    range: comment.range,
                    kind: pragma,
                });
                continue;
            }
            // `# check=...` right above an instruction applies to it alone.
            let trimmed = body.trim_start();
            if let Some(value) = trimmed
                .strip_prefix("check")
                .map(str::trim_start)
                .and_then(|it| it.strip_prefix('='))
            {
                let is_directive = parse
                    .directives
                    .iter()
                    .any(|it| it.range.start() == comment.range.start());
                if let (false, Some(next)) = (is_directive, next) {
                    let settings = CheckSettings::parse(value);
                    let entry = res.instruction_check.entry(next).or_default();
                    entry.skip.extend(settings.skip);
                    entry.error |= settings.error;
                }
            }
        }
        let _ = text;
        res
    }

    /// True when `diagnostic` (at `instruction`, if it belongs to one) must
    /// not be reported. Syntax errors are never silenced by `check=skip`.
    pub fn suppresses(
        &self,
        diagnostic: &Diagnostic,
        instruction: Option<usize>,
        honor_pragmas: bool,
    ) -> bool {
        let rule = diagnostic.rule;
        if honor_pragmas {
            if self.global.iter().any(|it| rule.matches(it)) {
                return true;
            }
            if let Some(codes) = instruction.and_then(|it| self.per_instruction.get(&it)) {
                if codes.iter().any(|it| rule.matches(it)) {
                    return true;
                }
            }
        }
        if self.file_check.skips(rule) {
            return true;
        }
        instruction
            .and_then(|it| self.instruction_check.get(&it))
            .is_some_and(|it| it.skips(rule))
    }

    /// True when `check=experimental=` turns on this opt-in BuildKit check.
    pub fn enables(&self, rule: &Rule) -> bool {
        rule.origin == Origin::BuildKit
            && self
                .file_check
                .experimental
                .iter()
                .any(|it| it.eq_ignore_ascii_case("all") || rule.matches(it))
    }

    /// True when `check=error=true` makes this BuildKit check an error.
    pub fn promotes_to_error(&self, rule: &Rule, instruction: Option<usize>) -> bool {
        let is_build_check = rule.origin == Origin::BuildKit || !rule.aliases.is_empty();
        let instruction_error = instruction
            .and_then(|it| self.instruction_check.get(&it))
            .is_some_and(|it| it.error);
        is_build_check && (self.file_check.error || instruction_error)
    }
}

/// The first instruction after `offset`, if only comments and blank lines
/// come between.
fn next_instruction(parse: &Parse, offset: usize) -> Option<usize> {
    let idx = parse
        .instructions
        .partition_point(|it| it.range.start() < offset);
    let instruction = parse.instructions.get(idx)?;
    // Lines from the instruction's first line on are its own, even when
    // that line is indented or only a line continuation.
    let first = parse.lines.partition_point(|it| it.range.start() < offset);
    let only_trivia = parse
        .lines
        .get(first..instruction.start_line)
        .unwrap_or_default()
        .iter()
        .all(|it| {
            use crate::syntax::LineKind::*;
            matches!(it.kind, Blank | Comment | Directive)
        });
    only_trivia.then_some(idx)
}

/// Reads `hadolint ignore=A,B`, `hadolint global ignore=A`,
/// `hadolint shell=pwsh` (and the same with `docklens`).
pub fn parse_pragma(comment: &str) -> Option<PragmaKind> {
    let rest = comment.trim();
    let rest = rest
        .strip_prefix("hadolint")
        .or_else(|| rest.strip_prefix("docklens"))?;
    let rest = rest.trim_start_matches(':').trim_start();
    let (global, rest) = match rest.strip_prefix("global") {
        Some(after) => (true, after.trim_start()),
        None => (false, rest),
    };
    if let Some(value) = key_value(rest, "ignore") {
        let codes: Vec<String> = value
            .split(',')
            .map(str::trim)
            .filter(|it| !it.is_empty())
            .map(|it| it.split_whitespace().next().unwrap_or(it).to_owned())
            .collect();
        return Some(match global {
            true => PragmaKind::GlobalIgnore(codes),
            false => PragmaKind::Ignore(codes),
        });
    }
    let value = key_value(rest, "shell")?;
    Some(PragmaKind::Shell(value.trim().to_owned()))
}

fn key_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(key)?.trim_start();
    rest.strip_prefix('=').map(str::trim_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pragmas_in_hadolint_spellings() {
        assert_eq!(
            parse_pragma(" hadolint ignore=DL3008, DL3009"),
            Some(PragmaKind::Ignore(vec!["DL3008".into(), "DL3009".into()]))
        );
        assert_eq!(
            parse_pragma("hadolint global ignore=DL3003"),
            Some(PragmaKind::GlobalIgnore(vec!["DL3003".into()]))
        );
        assert_eq!(
            parse_pragma("hadolint shell=powershell"),
            Some(PragmaKind::Shell("powershell".into()))
        );
        assert_eq!(
            parse_pragma("docklens ignore = DK2001"),
            Some(PragmaKind::Ignore(vec!["DK2001".into()]))
        );
        assert_eq!(parse_pragma("just a comment"), None);
    }

    #[test]
    fn reads_check_settings() {
        let settings = CheckSettings::parse("skip=JSONArgsRecommended, StageNameCasing;error=true");
        assert_eq!(
            settings.skip,
            vec!["JSONArgsRecommended", "StageNameCasing"]
        );
        assert!(settings.error);
    }

    #[test]
    fn an_ignore_pragma_reaches_indented_and_continued_instructions() {
        for (text, instruction) in [
            ("FROM a\n  # hadolint ignore=DL3059\n  RUN b\n", 1),
            ("FROM a\n# hadolint ignore=DL3059\n\\\nRUN b\n", 1),
            ("FROM a\n# hadolint ignore=DL3059\n\n# other\nRUN b\n", 1),
        ] {
            let parse = crate::syntax::parse(text);
            let found = Suppressions::collect(text, &parse);
            assert_eq!(
                found.per_instruction.get(&instruction),
                Some(&vec!["DL3059".to_owned()]),
                "{text:?}"
            );
        }
        // An instruction in between takes the pragma for itself.
        let text = "FROM a\n# hadolint ignore=DL3059\nRUN b\nRUN c\n";
        let found = Suppressions::collect(text, &crate::syntax::parse(text));
        assert!(!found.per_instruction.contains_key(&2));
    }
}
