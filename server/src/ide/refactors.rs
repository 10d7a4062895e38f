//! The image refactors as code actions: "Split into builder stage" and
//! "Switch runtime base to X", offered on the `FROM` line of the stage that
//! ships and on the size findings they resolve (DK2001, DK2002).

use crate::{
    actions::{self, Assist, AssistKind, Input},
    syntax::TextRange,
};

use super::{
    code_actions::{CodeAction, CodeActionKind},
    Analysis,
};

/// Findings a refactor can resolve; a refactor is offered on them too.
const SIZE_CODES: [&str; 2] = ["DK2001", "DK2002"];

/// The refactors for the shipped stage when `range` is on its `FROM` line
/// or on a size finding about it: the split first, then each smaller base.
pub(crate) fn image_refactors(analysis: &Analysis, range: TextRange, acc: &mut Vec<CodeAction>) {
    let Some(stage) = stage_in_reach(analysis, range) else {
        return;
    };
    let input = Input {
        text: analysis.text(),
        parse: analysis.parse(),
        model: analysis.model(),
    };
    let split = actions::split_into_builder_stage(input, stage);
    let switches = actions::switch_runtime_base(input, stage);
    for assist in split.into_iter().chain(switches) {
        acc.push(to_code_action(analysis, assist));
    }
}

/// The shipped stage, when `range` touches its `FROM` instruction or a
/// size finding inside it.
fn stage_in_reach(analysis: &Analysis, range: TextRange) -> Option<usize> {
    let model = analysis.model();
    let target = model.target?;
    let stage = model.stage(target)?;
    let from = analysis.parse().instructions.get(stage.from)?;
    let on_from = from.range.intersects(range) || from.range.touches(range.start());
    let parse = analysis.parse();
    let on_finding = analysis.diagnostics_in(range).any(|it| {
        SIZE_CODES.contains(&it.code)
            && parse
                .instruction_index_at(it.range.start())
                .and_then(|idx| model.stage_of(idx))
                == Some(target)
    });
    (on_from || on_finding).then_some(target)
}

fn to_code_action(analysis: &Analysis, assist: Assist) -> CodeAction {
    let resolved: Vec<_> = analysis
        .diagnostics()
        .iter()
        .filter(|it| assist.resolves.contains(&it.code))
        .collect();
    CodeAction {
        title: assist.title,
        kind: match assist.kind {
            AssistKind::RefactorRewrite => CodeActionKind::RefactorRewrite,
            AssistKind::QuickFix => CodeActionKind::QuickFix,
        },
        edits: assist.edits,
        diagnostic_codes: resolved.iter().map(|it| it.code).collect(),
        diagnostic_ranges: resolved.iter().map(|it| it.range).collect(),
        is_preferred: false,
        notes: assist.notes,
    }
}
