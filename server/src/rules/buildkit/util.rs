//! Small helpers the BuildKit checks share.

use crate::{
    rules::RuleContext,
    syntax::{Instruction, TextRange},
};

/// The 1-based line number of a byte offset, for messages.
pub(super) fn line_no(ctx: &RuleContext<'_>, offset: usize) -> usize {
    ctx.line_of(offset) + 1
}

/// Instructions that belong to a stage, with their index. BuildKit only
/// dispatches those: anything before the first `FROM` but a global `ARG`
/// fails the build and is reported elsewhere.
pub(super) fn stage_instructions<'a>(
    ctx: &'a RuleContext<'a>,
) -> impl Iterator<Item = (usize, &'a Instruction)> + 'a {
    ctx.instructions()
        .filter(|(idx, _)| ctx.model.stage_of(*idx).is_some())
}

/// The range of the physical lines an instruction occupies, line endings
/// included: deleting it removes the instruction and leaves no blank line.
pub(super) fn instruction_lines(ctx: &RuleContext<'_>, instruction: &Instruction) -> TextRange {
    let lines = &ctx.parse.lines;
    match (
        lines.get(instruction.start_line),
        lines.get(instruction.end_line),
    ) {
        (Some(first), Some(last)) => TextRange::new(first.range.start(), last.range.end()),
        _ => instruction.range,
    }
}

/// From `start` to the next non-blank source character, so that deleting a
/// flag also deletes the space (or line continuation) after it.
pub(super) fn through_following_space(
    ctx: &RuleContext<'_>,
    range: TextRange,
    next: Option<usize>,
) -> TextRange {
    match next {
        Some(next) if next >= range.end() => TextRange::new(range.start(), next),
        _ => {
            let rest = ctx.text.get(range.end()..).unwrap_or("");
            let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            TextRange::new(range.start(), range.end() + spaces)
        }
    }
}

/// Go's `path.Clean` (and `filepath.Clean` on Unix).
pub(crate) fn go_clean(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// True for a keyword written all in one case (`RUN`, `run`), the only
/// spellings BuildKit's casing checks accept.
pub(super) fn is_lower(word: &str) -> bool {
    !word.chars().any(char::is_uppercase)
}

pub(super) fn is_upper(word: &str) -> bool {
    !word.chars().any(char::is_lowercase)
}

/// The instructions BuildKit's casing check counts (those of a stage that
/// are not unknown: an unknown one fails the build first), and whether
/// lowercase keywords outnumber uppercase ones. A tie means uppercase.
pub(super) fn keyword_casing<'a>(ctx: &'a RuleContext<'a>) -> (Vec<&'a Instruction>, bool) {
    let keywords: Vec<&Instruction> = stage_instructions(ctx)
        .filter(|(_, it)| it.kind != crate::syntax::InstructionKind::Unknown)
        .map(|(_, it)| it)
        .collect();
    let lower = keywords
        .iter()
        .filter(|it| is_lower(it.keyword_text()))
        .count();
    let upper = keywords
        .iter()
        .filter(|it| is_upper(it.keyword_text()))
        .count();
    (keywords, lower > upper)
}

#[cfg(test)]
mod tests {
    use super::go_clean;

    #[test]
    fn cleans_paths_like_go() {
        assert_eq!(go_clean("./tmp/a.txt"), "tmp/a.txt");
        assert_eq!(go_clean("a//b/../c/"), "a/c");
        assert_eq!(go_clean("../x"), "../x");
        assert_eq!(go_clean("/../x"), "/x");
        assert_eq!(go_clean("."), ".");
        assert_eq!(go_clean("./"), ".");
        assert_eq!(go_clean("/"), "/");
        assert_eq!(go_clean(""), ".");
    }
}
