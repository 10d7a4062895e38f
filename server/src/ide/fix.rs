//! Fix-all: the fixes rules attach to their findings, applied in rounds
//! (fixes can unblock each other), and for `docklens fix --unsafe` the top
//! choice of the image refactors.

use std::sync::Arc;

use crate::{
    actions::{self, Input},
    rules::Applicability,
    syntax::{apply_edits, TextEdit},
};

use super::{Analysis, AnalysisConfig};

/// How many rounds fix-all makes: it applies what does not overlap,
/// re-analyses and goes again.
pub const FIX_ALL_ROUNDS: usize = 10;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FixLevel {
    /// Same image, same build: only spelling and layout change.
    Safe,
    /// Also fixes that change the image or its layers, and the refactors
    /// (split into builder stage, else the smallest compatible base).
    Unsafe,
}

impl FixLevel {
    fn allows(self, applicability: Applicability) -> bool {
        match applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => self == FixLevel::Unsafe,
            Applicability::DisplayOnly => false,
        }
    }
}

/// What fix-all did to a file.
#[derive(Debug, Clone, PartialEq)]
pub struct FixOutcome {
    pub text: String,
    /// Findings whose fix was applied.
    pub fixed: usize,
    /// Refactors applied: their titles and notes.
    pub refactors: Vec<AppliedRefactor>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppliedRefactor {
    pub title: String,
    pub notes: Vec<String>,
}

/// Every safe fix in `text`, applied in rounds until nothing changes.
pub fn fix_all(text: &str, config: &Arc<AnalysisConfig>) -> String {
    fix_file(text, config, FixLevel::Safe).text
}

/// Every fix `level` allows, and at [`FixLevel::Unsafe`] one refactor of
/// the shipped stage, then the fixes again on the result.
pub fn fix_file(text: &str, config: &Arc<AnalysisConfig>, level: FixLevel) -> FixOutcome {
    let analysis = Analysis::new(Arc::from(text), Arc::clone(config));
    let mut outcome = fix_all_from(&analysis, level).unwrap_or_else(|| FixOutcome {
        text: text.to_owned(),
        fixed: 0,
        refactors: Vec::new(),
    });
    if level < FixLevel::Unsafe {
        return outcome;
    }
    let analysis = Analysis::new(Arc::from(outcome.text.as_str()), Arc::clone(config));
    let Some((refactored, applied)) = top_refactor(&analysis) else {
        return outcome;
    };
    outcome.refactors.push(applied);
    let analysis = Analysis::new(Arc::from(refactored.as_str()), Arc::clone(config));
    match fix_all_from(&analysis, level) {
        Some(again) => {
            outcome.text = again.text;
            outcome.fixed += again.fixed;
        }
        None => outcome.text = refactored,
    }
    outcome
}

/// The split when the shipped stage builds and ships in one, else the
/// smallest compatible runtime base.
fn top_refactor(analysis: &Analysis) -> Option<(String, AppliedRefactor)> {
    let target = analysis.model().target?;
    let input = Input {
        text: analysis.text(),
        parse: analysis.parse(),
        model: analysis.model(),
    };
    let assist = actions::split_into_builder_stage(input, target).or_else(|| {
        actions::switch_runtime_base(input, target)
            .into_iter()
            .next()
    })?;
    let text = apply_edits(analysis.text(), &assist.edits)?;
    Some((
        text,
        AppliedRefactor {
            title: assist.title,
            notes: assist.notes,
        },
    ))
}

/// Fix-all from an existing analysis; `None` when no fix applies.
pub(crate) fn fix_all_from(analysis: &Analysis, level: FixLevel) -> Option<FixOutcome> {
    let config = analysis.shared_config();
    let (mut current, mut fixed) = apply_fixes(analysis, level)?;
    for _ in 1..FIX_ALL_ROUNDS {
        let next = Analysis::new(Arc::from(current.as_str()), Arc::clone(&config));
        match apply_fixes(&next, level) {
            Some((text, count)) if text != current => {
                current = text;
                fixed += count;
            }
            _ => break,
        }
    }
    (current != analysis.text()).then_some(FixOutcome {
        text: current,
        fixed,
        refactors: Vec::new(),
    })
}

/// The text with every allowed fix that does not collide with an earlier
/// one, and how many were applied.
fn apply_fixes(analysis: &Analysis, level: FixLevel) -> Option<(String, usize)> {
    let text = analysis.text();
    let mut chosen: Vec<TextEdit> = Vec::new();
    let mut count = 0;
    for diagnostic in analysis.diagnostics() {
        let Some(fix) = diagnostic
            .fix
            .as_ref()
            .filter(|it| level.allows(it.applicability) && !it.edits.is_empty())
        else {
            continue;
        };
        let collides = fix.edits.iter().any(|edit| {
            chosen.iter().any(|other| {
                edit.range.intersects(other.range) || edit.range.start() == other.range.start()
            })
        });
        if collides || apply_edits(text, &fix.edits).is_none() {
            continue;
        }
        chosen.extend(fix.edits.iter().cloned());
        count += 1;
    }
    if chosen.is_empty() {
        return None;
    }
    Some((apply_edits(text, &chosen)?, count))
}

/// True when some finding has a safe fix, i.e. fix-all has work to do
/// (cheap: no re-analysis).
pub fn has_safe_fixes(analysis: &Analysis) -> bool {
    analysis.diagnostics().iter().any(|it| {
        it.fix
            .as_ref()
            .is_some_and(|fix| fix.applicability == Applicability::Safe && !fix.edits.is_empty())
    })
}
