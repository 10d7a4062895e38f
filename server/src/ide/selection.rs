//! Selection ranges: from the word under the cursor outwards to the flag or
//! argument, the instruction, the stage and the file.

use crate::syntax::{Args, Instruction, TextRange};

use super::Analysis;

/// Ranges containing `offset`, innermost first, each strictly larger than
/// the one before.
pub fn selection_ranges(analysis: &Analysis, offset: usize) -> Vec<TextRange> {
    let parse = analysis.parse();
    let mut res: Vec<TextRange> = Vec::new();
    let mut push = |range: TextRange| {
        if range.touches(offset)
            && res
                .last()
                .is_none_or(|last| range.contains_range(*last) && range != *last)
        {
            res.push(range);
        }
    };
    if let Some(word) = word_at(analysis.text(), offset) {
        push(word);
    }
    let Some(instruction) = parse.instruction_at(offset) else {
        push(TextRange::new(0, analysis.text().len()));
        return res;
    };
    for range in inner_ranges(instruction, offset) {
        push(range);
    }
    push(instruction.range);
    let idx = parse
        .instructions
        .iter()
        .position(|it| std::ptr::eq(it, instruction));
    if let Some(stage) = idx
        .and_then(|it| analysis.model().stage_of(it))
        .and_then(|it| analysis.model().stages.get(it))
    {
        let first = parse.instructions.get(stage.from);
        let last = parse
            .instructions
            .get(stage.instructions.end.saturating_sub(1));
        if let (Some(first), Some(last)) = (first, last) {
            push(first.range.cover(last.range));
        }
    }
    push(TextRange::new(0, analysis.text().len()));
    res
}

/// The flag, argument or pair under the cursor, innermost first.
fn inner_ranges(instruction: &Instruction, offset: usize) -> Vec<TextRange> {
    let mut res = Vec::new();
    for flag in &instruction.flags {
        if let Some(value) = flag.value_range.filter(|it| it.touches(offset)) {
            res.push(value);
        }
        if flag.range.touches(offset) {
            res.push(flag.range);
        }
    }
    res.extend(
        instruction
            .args
            .values()
            .into_iter()
            .map(|(_, range)| range)
            .filter(|it| it.touches(offset)),
    );
    for kv in instruction.args.key_values() {
        for word in std::iter::once(&kv.key).chain(kv.value.as_ref()) {
            if word.range.touches(offset) {
                res.push(word.range);
            }
        }
        if kv.range.touches(offset) {
            res.push(kv.range);
        }
    }
    if let Args::Exec(exec) = &instruction.args {
        if exec.range.touches(offset) {
            res.push(exec.range);
        }
    }
    if let Some(trigger) = instruction
        .onbuild_trigger()
        .filter(|it| it.range.touches(offset))
    {
        res.extend(inner_ranges(trigger, offset));
        res.push(trigger.range);
    }
    res.sort_by_key(|it| it.len());
    res
}

/// The run of word characters around `offset`.
fn word_at(text: &str, offset: usize) -> Option<TextRange> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let offset = offset.min(text.len());
    let before = text.get(..offset)?;
    let after = text.get(offset..)?;
    let start = offset
        - before
            .chars()
            .rev()
            .take_while(|c| is_word(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    let end = offset
        + after
            .chars()
            .take_while(|c| is_word(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    (start < end).then(|| TextRange::new(start, end))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::ide::AnalysisConfig;

    #[test]
    fn grows_from_word_to_file() {
        let text = "FROM golang:1.22 AS build\nRUN --mount=type=cache,target=/root go build\nFROM alpine\n";
        let analysis = Analysis::new(Arc::from(text), Arc::new(AnalysisConfig::default()));
        let offset = text.find("cache").unwrap_or(0) + 2;
        let got: Vec<&str> = selection_ranges(&analysis, offset)
            .iter()
            .map(|it| it.slice(text))
            .collect();
        assert_eq!(
            got,
            vec![
                "cache",
                "type=cache,target=/root",
                "--mount=type=cache,target=/root",
                "RUN --mount=type=cache,target=/root go build",
                "FROM golang:1.22 AS build\nRUN --mount=type=cache,target=/root go build",
                text,
            ]
        );
    }
}
