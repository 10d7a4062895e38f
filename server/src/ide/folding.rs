//! Folding ranges: stages, instructions spanning several lines, heredoc
//! bodies, runs of comment lines and the parser directive block.

use crate::syntax::{LineKind, Parse, TextRange};

use super::Analysis;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoldingRange {
    /// 0-based physical lines (`\n`-terminated, as the parser counts them).
    pub start_line: usize,
    pub end_line: usize,
    /// From the end of the first line's text (which stays visible) to the
    /// end of the last line's text.
    pub range: TextRange,
    pub kind: FoldKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldKind {
    /// Two or more comment lines in a row.
    Comment,
    /// The parser directives at the top of the file.
    Directives,
    /// A stage, an instruction or a heredoc body.
    Region,
}

/// Every folding range, ordered by start line, at most one per start line
/// (the largest).
pub fn folding_ranges(analysis: &Analysis) -> Vec<FoldingRange> {
    let parse = analysis.parse();
    let model = analysis.model();
    let mut res = Vec::new();
    let mut push = |start: usize, end: usize, kind: FoldKind| {
        if let Some(range) = fold(parse, start, end) {
            res.push(FoldingRange {
                start_line: start,
                end_line: end,
                range,
                kind,
            });
        }
    };

    // Runs of lines of one kind.
    let mut run_start = 0;
    for idx in 0..=parse.lines.len() {
        let kind = parse.lines.get(idx).map(|it| it.kind);
        let run_kind = parse.lines.get(run_start).map(|it| it.kind);
        if kind == run_kind && idx < parse.lines.len() {
            continue;
        }
        let end = idx.saturating_sub(1);
        match run_kind {
            Some(LineKind::Comment | LineKind::ContinuationComment) => {
                push(run_start, end, FoldKind::Comment)
            }
            Some(LineKind::Directive) => push(run_start, end, FoldKind::Directives),
            _ => {}
        }
        run_start = idx;
    }

    for stage in &model.stages {
        let (Some(from), Some(last)) = (
            parse.instructions.get(stage.from),
            stage
                .instructions
                .end
                .checked_sub(1)
                .and_then(|it| parse.instructions.get(it)),
        ) else {
            continue;
        };
        push(from.start_line, last.end_line, FoldKind::Region);
    }

    for instruction in &parse.instructions {
        push(
            instruction.start_line,
            instruction.end_line,
            FoldKind::Region,
        );
        let heredocs = instruction
            .onbuild_trigger()
            .map_or(&instruction.heredocs, |it| &it.heredocs);
        let heredocs = if heredocs.is_empty() {
            &instruction.heredocs
        } else {
            heredocs
        };
        for heredoc in heredocs {
            if heredoc.body.is_empty() {
                continue;
            }
            let body_line = line_of(parse, heredoc.body.start());
            let end = match heredoc.terminator {
                Some(it) => line_of(parse, it.start()),
                None => line_of(parse, heredoc.body.end().saturating_sub(1)),
            };
            // The line before the body: the marker's line, or the previous
            // heredoc's terminator. The instruction's own fold covers the
            // first line already.
            let start = body_line.saturating_sub(1);
            if start != instruction.start_line {
                push(start, end, FoldKind::Region);
            }
        }
    }

    res.sort_by_key(|it| (it.start_line, std::cmp::Reverse(it.end_line)));
    res.dedup_by_key(|it| it.start_line);
    res
}

/// The physical line holding `offset`.
fn line_of(parse: &Parse, offset: usize) -> usize {
    parse
        .lines
        .partition_point(|it| it.range.end() <= offset)
        .min(parse.lines.len().saturating_sub(1))
}

fn fold(parse: &Parse, start: usize, end: usize) -> Option<TextRange> {
    if end <= start {
        return None;
    }
    let first = parse.lines.get(start)?;
    let last = parse.lines.get(end)?;
    Some(TextRange::new(
        first.newline().start(),
        last.newline().start().max(first.newline().start()),
    ))
}
