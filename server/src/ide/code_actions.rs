//! Code actions: the fixes rules attach to their findings, "ignore this
//! rule" for one instruction or the whole file, a rewrite that splits `&&`
//! chains, and fix-all (every safe fix, repeated until nothing changes).

use crate::{
    rules::{parse_pragma, Applicability, Category, Diagnostic, Origin, PragmaKind},
    syntax::{
        script::{parse_script, Connector},
        Args, DirectiveKind, InstructionKind, LineKind, Parse, TextEdit, TextRange,
    },
};

use super::{fix::FixLevel, Analysis};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    pub kind: CodeActionKind,
    /// Edits to the analysed text; they never overlap.
    pub edits: Vec<TextEdit>,
    /// The codes of the findings the action resolves, and their ranges
    /// (same order, same length).
    pub diagnostic_codes: Vec<&'static str>,
    pub diagnostic_ranges: Vec<TextRange>,
    /// The action to take when the user asks for "the" fix.
    pub is_preferred: bool,
    /// What a reviewer should know about the edit (refactors: what it
    /// assumes, what it keeps explicit); shown once the edit is applied.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeActionKind {
    /// `quickfix`: fixes and ignores for findings in the range.
    QuickFix,
    /// `source.fixAll.docklens`: every safe fix in the file.
    SourceFixAll,
    /// `refactor.rewrite`.
    RefactorRewrite,
}

/// The title of the fix-all action.
pub const FIX_ALL_TITLE: &str = "Fix all auto-fixable problems";

/// The actions for `range`, restricted to the kinds in `only` when given.
pub fn code_actions(
    analysis: &Analysis,
    range: TextRange,
    only: Option<&[CodeActionKind]>,
) -> Vec<CodeAction> {
    let wants = |kind| only.is_none_or(|only: &[CodeActionKind]| only.contains(&kind));
    let mut res = Vec::new();
    if wants(CodeActionKind::QuickFix) {
        quick_fixes(analysis, range, &mut res);
    }
    if wants(CodeActionKind::RefactorRewrite) {
        super::refactors::image_refactors(analysis, range, &mut res);
        split_and_chains(analysis, range, &mut res);
    }
    if wants(CodeActionKind::SourceFixAll) {
        if let Some(action) = fix_all_action(analysis) {
            res.push(action);
        }
    }
    res
}

fn quick_fixes(analysis: &Analysis, range: TextRange, acc: &mut Vec<CodeAction>) {
    let text = analysis.text();
    let parse = analysis.parse();
    let in_range: Vec<&Diagnostic> = analysis.diagnostics_in(range).collect();
    let mut fixes = Vec::new();
    for diagnostic in &in_range {
        let Some(fix) = &diagnostic.fix else {
            continue;
        };
        let title = match fix.applicability {
            Applicability::DisplayOnly => format!("{} (suggestion)", fix.title),
            _ => fix.title.clone(),
        };
        fixes.push(CodeAction {
            title,
            kind: CodeActionKind::QuickFix,
            edits: fix.edits.clone(),
            diagnostic_codes: vec![diagnostic.code],
            diagnostic_ranges: vec![diagnostic.range],
            is_preferred: fix.applicability == Applicability::Safe,
            notes: Vec::new(),
        });
    }
    // Safe fixes first, in document order otherwise.
    fixes.sort_by_key(|it| !it.is_preferred);
    acc.extend(fixes);

    let mut seen_instruction: Vec<(&str, usize)> = Vec::new();
    let mut seen_file: Vec<&str> = Vec::new();
    let mut ignores = Vec::new();
    for diagnostic in &in_range {
        // A silenced syntax error still fails the build.
        if diagnostic.rule.category == Category::Syntax {
            continue;
        }
        let code = diagnostic.code;
        if let Some(idx) = parse.instruction_index_at(diagnostic.range.start()) {
            if !seen_instruction.contains(&(code, idx)) {
                seen_instruction.push((code, idx));
                ignores.push(CodeAction {
                    title: format!("Ignore {code} for this instruction"),
                    kind: CodeActionKind::QuickFix,
                    edits: vec![ignore_for_instruction(text, parse, idx, code)],
                    diagnostic_codes: vec![code],
                    diagnostic_ranges: vec![diagnostic.range],
                    is_preferred: false,
                    notes: Vec::new(),
                });
            }
        }
        if !seen_file.contains(&code) {
            seen_file.push(code);
            let edit = match diagnostic.rule.origin {
                Origin::BuildKit => skip_check_in_file(text, parse, code),
                _ => ignore_in_file(text, parse, code),
            };
            ignores.push(CodeAction {
                title: format!("Ignore {code} in this file"),
                kind: CodeActionKind::QuickFix,
                edits: vec![edit],
                diagnostic_codes: vec![code],
                diagnostic_ranges: vec![diagnostic.range],
                is_preferred: false,
                notes: Vec::new(),
            });
        }
    }
    // Instruction-level ignores before file-level ones.
    ignores.sort_by_key(|it| it.title.ends_with("in this file"));
    acc.extend(ignores);
}

/// The line ending the file uses (that of its first line).
fn newline(text: &str, parse: &Parse) -> &'static str {
    match parse
        .lines
        .iter()
        .map(|it| it.newline().slice(text))
        .find(|it| !it.is_empty())
    {
        Some(ending) if ending.ends_with("\r\n") => "\r\n",
        _ => "\n",
    }
}

/// The ignore pragma that applies to instruction `idx`: a comment above it
/// with nothing but comments and blank lines in between.
fn pragma_above(text: &str, parse: &Parse, idx: usize) -> Option<TextRange> {
    let instruction = parse.instructions.get(idx)?;
    let first_line = instruction.start_line;
    for line in parse.lines.get(..first_line)?.iter().rev() {
        match line.kind {
            LineKind::Comment => {
                let comment = line.content.slice(text);
                let body = comment.strip_prefix('#').unwrap_or(comment);
                if let Some(PragmaKind::Ignore(_)) = parse_pragma(body.trim()) {
                    return Some(line.content);
                }
            }
            LineKind::Blank | LineKind::Directive => {}
            _ => return None,
        }
    }
    None
}

/// "Ignore CODE for this instruction": extend the `ignore=` pragma above
/// the instruction, or add one.
fn ignore_for_instruction(text: &str, parse: &Parse, idx: usize, code: &str) -> TextEdit {
    if let Some(comment) = pragma_above(text, parse, idx) {
        if let Some(at) = end_of_code_list(comment.slice(text), "ignore") {
            return TextEdit::insert(comment.start() + at, format!(",{code}"));
        }
    }
    let line = parse
        .instructions
        .get(idx)
        .and_then(|it| parse.lines.get(it.start_line));
    let (at, indent) = match line {
        Some(line) => (line.range.start(), line.indent().slice(text)),
        None => (0, ""),
    };
    let nl = newline(text, parse);
    TextEdit::insert(at, format!("{indent}# hadolint ignore={code}{nl}"))
}

/// Where to put a new line at the top of the file: after the parser
/// directives (a comment before them would end them), else at the start.
fn top_insertion(text: &str, parse: &Parse, line: &str) -> TextEdit {
    let nl = newline(text, parse);
    let last_directive = parse
        .lines
        .iter()
        .take_while(|it| it.kind == LineKind::Directive)
        .last();
    match last_directive {
        Some(directive) if directive.newline().is_empty() => {
            TextEdit::insert(directive.range.end(), format!("{nl}{line}"))
        }
        Some(directive) => TextEdit::insert(directive.range.end(), format!("{line}{nl}")),
        None => {
            let start = parse.bom.map_or(0, TextRange::end);
            TextEdit::insert(start, format!("{line}{nl}"))
        }
    }
}

/// "Ignore CODE in this file" for hadolint and docklens rules: extend a
/// `# hadolint global ignore=` pragma, or add one below the directives.
fn ignore_in_file(text: &str, parse: &Parse, code: &str) -> TextEdit {
    for comment in &parse.comments {
        if comment.in_continuation {
            continue;
        }
        if let Some(PragmaKind::GlobalIgnore(_)) = parse_pragma(&comment.text) {
            if let Some(at) = end_of_code_list(comment.range.slice(text), "ignore") {
                return TextEdit::insert(comment.range.start() + at, format!(",{code}"));
            }
        }
    }
    top_insertion(text, parse, &format!("# hadolint global ignore={code}"))
}

/// "Ignore CODE in this file" for BuildKit checks: extend the `# check=`
/// directive's `skip=` list, or add the directive.
fn skip_check_in_file(text: &str, parse: &Parse, code: &str) -> TextEdit {
    let Some(directive) = parse
        .directives
        .iter()
        .find(|it| it.kind == DirectiveKind::Check)
    else {
        return top_insertion(text, parse, &format!("# check=skip={code}"));
    };
    let value = directive.value_range.slice(text);
    let start = directive.value_range.start();
    let mut offset = 0;
    for part in value.split(';') {
        if let Some((key, list)) = part.split_once('=') {
            if key.trim().eq_ignore_ascii_case("skip") {
                let list_start = offset + key.len() + 1;
                let trimmed = list.trim_end();
                let insert = match trimmed.trim().is_empty() {
                    true => code.to_owned(),
                    false => format!(",{code}"),
                };
                return TextEdit::insert(start + list_start + trimmed.len(), insert);
            }
        }
        offset += part.len() + 1;
    }
    let sep = match value.trim_end().is_empty() {
        true => "",
        false => ";",
    };
    TextEdit::insert(start + value.trim_end().len(), format!("{sep}skip={code}"))
}

/// In a pragma comment, the offset just past the last code of the list
/// after `key=` (`# hadolint ignore=A, B because` → after `B`).
fn end_of_code_list(comment: &str, key: &str) -> Option<usize> {
    let key_at = comment.find(key)?;
    let mut pos = key_at + key.len();
    let bytes = comment.as_bytes();
    let skip_blanks = |mut pos: usize| {
        while bytes.get(pos).is_some_and(|b| *b == b' ' || *b == b'\t') {
            pos += 1;
        }
        pos
    };
    pos = skip_blanks(pos);
    if bytes.get(pos) != Some(&b'=') {
        return None;
    }
    pos = skip_blanks(pos + 1);
    let mut end = pos;
    loop {
        let code_end = pos
            + comment[pos..]
                .find(|c: char| c == ',' || c.is_whitespace())
                .unwrap_or(comment.len() - pos);
        if code_end > pos {
            end = code_end;
        }
        let next = skip_blanks(code_end);
        if bytes.get(next) != Some(&b',') {
            return Some(end);
        }
        pos = skip_blanks(next + 1);
    }
}

/// "Split `&&` chain onto separate lines" for a shell-form `RUN`.
fn split_and_chains(analysis: &Analysis, range: TextRange, acc: &mut Vec<CodeAction>) {
    let text = analysis.text();
    let parse = analysis.parse();
    let Some(instruction) = parse.instruction_at(range.start()) else {
        return;
    };
    let (InstructionKind::Run, Args::Shell(word)) = (instruction.kind, &instruction.args) else {
        return;
    };
    if !instruction.heredocs.is_empty() {
        return;
    }
    let logical = instruction.logical_text(text);
    let Some(script_text) = logical.get(word.lrange.start()..word.lrange.end()) else {
        return;
    };
    let script = parse_script(script_text);
    let nl = newline(text, parse);
    let mut edits = Vec::new();
    for command in &script.commands {
        if command.depth != 0
            || command.in_substitution
            || command.connector != Some(Connector::And)
        {
            continue;
        }
        // The `&&` right after the command (blanks between).
        let Some(rest) = script_text.get(command.range.end()..) else {
            continue;
        };
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if !rest[blanks..].starts_with("&&") {
            continue;
        }
        let gap = TextRange::new(command.range.end(), command.range.end() + blanks)
            .shifted(word.lrange.start());
        let source_gap = instruction.source_range(gap);
        let gap_text = source_gap.slice(text);
        // Already on its own line, or something other than blanks before it.
        if gap_text.is_empty()
            || gap_text.len() != blanks
            || !gap_text.chars().all(|c| c == ' ' || c == '\t')
        {
            continue;
        }
        edits.push(TextEdit::replace(
            source_gap,
            format!(" {}{nl}    ", parse.escape),
        ));
    }
    if edits.is_empty() {
        return;
    }
    acc.push(CodeAction {
        title: "Split `&&` chain onto separate lines".to_owned(),
        kind: CodeActionKind::RefactorRewrite,
        edits,
        diagnostic_codes: Vec::new(),
        diagnostic_ranges: Vec::new(),
        is_preferred: false,
        notes: Vec::new(),
    });
}

/// The `source.fixAll` action on its own (what a lazy client resolves).
pub fn fix_all_action(analysis: &Analysis) -> Option<CodeAction> {
    let safe: Vec<&Diagnostic> = analysis
        .diagnostics()
        .iter()
        .filter(|it| {
            it.fix
                .as_ref()
                .is_some_and(|fix| fix.applicability == Applicability::Safe)
        })
        .collect();
    if safe.is_empty() {
        return None;
    }
    let fixed = super::fix::fix_all_from(analysis, FixLevel::Safe)?.text;
    Some(CodeAction {
        title: FIX_ALL_TITLE.to_owned(),
        kind: CodeActionKind::SourceFixAll,
        edits: vec![minimal_edit(analysis.text(), &fixed)],
        diagnostic_codes: safe.iter().map(|it| it.code).collect(),
        diagnostic_ranges: safe.iter().map(|it| it.range).collect(),
        is_preferred: false,
        notes: Vec::new(),
    })
}

/// One edit turning `old` into `new`: the part between their common
/// prefix and suffix.
pub fn minimal_edit(old: &str, new: &str) -> TextEdit {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    TextEdit::replace(
        TextRange::new(prefix, old.len() - suffix),
        &new[prefix..new.len() - suffix],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_end_of_a_code_list() {
        fn at(s: &str) -> Option<&str> {
            end_of_code_list(s, "ignore").map(|it| &s[..it])
        }
        assert_eq!(
            at("# hadolint ignore=DL3008"),
            Some("# hadolint ignore=DL3008")
        );
        assert_eq!(
            at("# hadolint ignore = DL3008, DL3009 because"),
            Some("# hadolint ignore = DL3008, DL3009")
        );
        assert_eq!(at("# hadolint shell=bash"), None);
    }

    #[test]
    fn minimal_edit_keeps_common_ends() {
        let edit = minimal_edit("FROM a AS Build\n", "FROM a AS build\n");
        assert_eq!(edit.range, TextRange::new(10, 11));
        assert_eq!(edit.insert, "b");
        let edit = minimal_edit("é", "è");
        assert_eq!(edit.range, TextRange::new(0, 2));
    }
}
