//! Helpers the `DK1xxx` rules share: which flags BuildKit knows per
//! instruction, near-miss suggestions, and mapping offsets inside a word or
//! a flag value back to the source.

use crate::{
    model::{Model, Stage},
    rules::RuleContext,
    syntax::{
        Args, Flag, Instruction, InstructionKind, SyntaxError, SyntaxErrorKind, TextRange, Word,
    },
};

/// How BuildKit's flag parser reads a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FlagType {
    /// `--name` or `--name=true|false`.
    Bool,
    /// `--name=value`, once.
    Str,
    /// `--name=value`, repeatable.
    Strs,
}

const FROM_FLAGS: &[(&str, FlagType)] = &[("platform", FlagType::Str)];
const RUN_FLAGS: &[(&str, FlagType)] = &[
    ("mount", FlagType::Strs),
    ("network", FlagType::Str),
    ("security", FlagType::Str),
    ("device", FlagType::Strs),
];
const COPY_FLAGS: &[(&str, FlagType)] = &[
    ("from", FlagType::Str),
    ("chown", FlagType::Str),
    ("chmod", FlagType::Str),
    ("link", FlagType::Bool),
    ("parents", FlagType::Bool),
    ("exclude", FlagType::Strs),
];
const ADD_FLAGS: &[(&str, FlagType)] = &[
    ("chown", FlagType::Str),
    ("chmod", FlagType::Str),
    ("link", FlagType::Bool),
    ("keep-git-dir", FlagType::Bool),
    ("checksum", FlagType::Str),
    ("unpack", FlagType::Bool),
    ("exclude", FlagType::Strs),
];
const HEALTHCHECK_FLAGS: &[(&str, FlagType)] = &[
    ("interval", FlagType::Str),
    ("timeout", FlagType::Str),
    ("start-period", FlagType::Str),
    ("start-interval", FlagType::Str),
    ("retries", FlagType::Str),
];

/// The flags BuildKit accepts on an instruction, or `None` when it never
/// reads the flags of that instruction at all (`ARG`, `STOPSIGNAL`,
/// `HEALTHCHECK NONE` silently ignore them).
pub(super) fn flag_spec(instruction: &Instruction) -> Option<&'static [(&'static str, FlagType)]> {
    Some(match instruction.kind {
        InstructionKind::From => FROM_FLAGS,
        InstructionKind::Run => RUN_FLAGS,
        InstructionKind::Copy => COPY_FLAGS,
        InstructionKind::Add => ADD_FLAGS,
        InstructionKind::Healthcheck => match &instruction.args {
            Args::Healthcheck { kind, .. } if kind.text.eq_ignore_ascii_case("NONE") => {
                return None
            }
            _ => HEALTHCHECK_FLAGS,
        },
        InstructionKind::Arg | InstructionKind::Stopsignal | InstructionKind::Unknown => {
            return None
        }
        _ => &[],
    })
}

/// The type of a known flag of an instruction.
pub(super) fn flag_type(instruction: &Instruction, name: &str) -> Option<FlagType> {
    flag_spec(instruction)?
        .iter()
        .find(|(it, _)| *it == name)
        .map(|(_, ty)| *ty)
}

/// True when a value flag BuildKit knows (`--from`, `--platform`, ...) was
/// written without `=value`: the argument after it is probably its value,
/// so argument counts would only repeat that error.
pub(super) fn has_valueless_string_flag(instruction: &Instruction) -> bool {
    instruction.flags.iter().any(|flag| {
        flag.value.is_none()
            && matches!(
                flag_type(instruction, &flag.name),
                Some(FlagType::Str | FlagType::Strs)
            )
    })
}

/// True when some flag of the instruction is one BuildKit rejects by itself
/// (unknown, a value missing, a bad boolean): with no arguments yet, the
/// flag is what is being typed, and an argument count error would only add
/// noise.
pub(super) fn has_flag_error(instruction: &Instruction) -> bool {
    let Some(spec) = flag_spec(instruction) else {
        return false;
    };
    instruction.flags.iter().any(
        |flag| match spec.iter().find(|(name, _)| *name == flag.name) {
            None => true,
            Some((_, FlagType::Bool)) => flag.value.as_deref().is_some_and(|it| {
                !it.eq_ignore_ascii_case("true") && !it.eq_ignore_ascii_case("false")
            }),
            Some(_) => flag.value.is_none(),
        },
    )
}

/// `--name`: the flag without its value.
pub(super) fn flag_head(flag: &Flag) -> TextRange {
    TextRange::new(
        flag.range.start(),
        flag.name_range.end().max(flag.range.start()),
    )
}

/// The source range of `start..end` of a flag's processed value: exact when
/// the value is written plainly, else the whole value.
pub(super) fn value_sub_range(
    ctx: &RuleContext<'_>,
    flag: &Flag,
    start: usize,
    end: usize,
) -> TextRange {
    let (Some(value), Some(range)) = (&flag.value, flag.value_range) else {
        return flag.range;
    };
    if ctx.slice(range) == value.as_str() && end <= value.len() && start <= end {
        return TextRange::new(range.start() + start, range.start() + end);
    }
    range
}

/// The source range of `start..end` of a word's text (as written, so the
/// offsets of the logical line apply).
pub(super) fn word_sub_range(
    instruction: &Instruction,
    word: &Word,
    start: usize,
    end: usize,
) -> TextRange {
    let len = word.lrange.len();
    let (start, end) = (start.min(len), end.min(len).max(start.min(len)));
    if word.lrange.is_empty() && !word.range.is_empty() {
        return word.range;
    }
    instruction.source_range(TextRange::new(
        word.lrange.start() + start,
        word.lrange.start() + end,
    ))
}

/// The closest candidate to `word`: a near-miss by edit distance, or the one
/// candidate `word` is a prefix of (a word being typed).
pub(super) fn suggest_word<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    near_miss(word, candidates).or_else(|| completion(word, candidates))
}

/// The one candidate `word` is a strict prefix of.
fn completion<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if word.len() < 2 {
        return None;
    }
    let mut prefixed = candidates
        .iter()
        .filter(|it| it.starts_with(word) && **it != word);
    match (prefixed.next(), prefixed.next()) {
        (Some(only), None) => Some(*only),
        _ => None,
    }
}

/// The closest candidate by edit distance (case, typos, swapped letters):
/// the same word in another case, or within one edit for words up to five
/// characters and two beyond; ties go to the first candidate.
pub(super) fn near_miss<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let max = match word.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    };
    let mut best: Option<(&str, usize)> = None;
    for candidate in candidates {
        if *candidate == word {
            continue;
        }
        let distance = match candidate.eq_ignore_ascii_case(word) {
            true => 0,
            false => osa_distance(word, candidate),
        };
        if distance <= max && best.is_none_or(|(_, it)| distance < it) {
            best = Some((candidate, distance));
        }
    }
    best.map(|(it, _)| it)
}

/// Edit distance with adjacent transpositions (optimal string alignment).
fn osa_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The parser errors of one kind.
pub(super) fn parse_errors<'a>(
    ctx: &RuleContext<'a>,
    kind: SyntaxErrorKind,
) -> impl Iterator<Item = &'a SyntaxError> {
    ctx.parse.errors.iter().filter(move |it| it.kind == kind)
}

/// BuildKit's heredoc test for an argument (`MustParseHeredoc`):
/// `[digits]<<[-]name` with a non-empty name.
pub(super) fn is_heredoc_word(text: &str) -> bool {
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit());
    let Some(rest) = rest.strip_prefix("<<") else {
        return false;
    };
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    !rest.is_empty() && !rest.contains('<')
}

/// True when a word would be read as a heredoc marker by the parser: its
/// range is one of the instruction's heredoc markers.
pub(super) fn is_heredoc_marker(instruction: &Instruction, word: &Word) -> bool {
    instruction
        .heredocs
        .iter()
        .any(|it| it.marker == word.range)
}

/// A name that can only mean a stage: no registry, path, tag or digest.
pub(super) fn looks_like_stage_name(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

/// True when `name` is an image the knowledge base knows (`node`, `nginx`):
/// `COPY --from=nginx` then means the image, not a mistyped stage.
pub(super) fn is_known_image(name: &str) -> bool {
    crate::images::lookup_str(name).is_ok_and(|it| !it.is_unknown())
}

/// The stage BuildKit's `COPY --from=<name>` resolves to: names are matched
/// without regard to case, among all stages, and the last of a duplicated
/// name wins.
pub(super) fn stage_named<'m>(model: &'m Model, name: &str) -> Option<&'m Stage> {
    model.stages.iter().rev().find(|it| {
        it.name
            .as_deref()
            .is_some_and(|it| it.eq_ignore_ascii_case(name))
    })
}

/// The working directory at instruction `idx` when it is known for sure: set
/// by an absolute `WORKDIR` earlier in the stage, or the base's when the base
/// is `scratch` or an image the knowledge base knows.
pub(super) fn certain_workdir(ctx: &RuleContext<'_>, idx: usize) -> Option<String> {
    let stage = ctx.stage_of(idx)?;
    let workdirs: Vec<&str> = (stage.from + 1..idx)
        .filter_map(|at| ctx.instruction(at))
        .filter(|it| it.kind == InstructionKind::Workdir)
        .filter_map(|it| match &it.args {
            Args::Text(word) => Some(word.text.as_str()),
            _ => None,
        })
        .collect();
    if workdirs.iter().any(|it| it.contains('$')) {
        return None;
    }
    let absolute_workdir = workdirs.iter().any(|it| it.starts_with('/'));
    let base_known =
        matches!(stage.base, crate::model::Base::Scratch) || stage.base_config.has_shell.is_some();
    if !absolute_workdir && !base_known {
        return None;
    }
    ctx.model.workdir_at(idx).map(str::to_owned)
}

/// Go's `strconv.Atoi` on a stage index: optional sign, decimal digits.
pub(super) fn parse_index(value: &str) -> Option<i64> {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse::<i64>().ok()
}

/// `a`, `b`, `c` for a message.
pub(super) fn backticked(items: &[&str]) -> String {
    items
        .iter()
        .map(|it| format!("`{it}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heredoc_words() {
        assert!(is_heredoc_word("<<EOF"));
        assert!(is_heredoc_word("3<<-EOF"));
        assert!(!is_heredoc_word("<<"));
        assert!(!is_heredoc_word("/app"));
        assert!(!is_heredoc_word("<<<x"));
    }

    #[test]
    fn suggestions_take_typos_and_prefixes() {
        let flags = ["from", "chown", "chmod", "link"];
        assert_eq!(suggest_word("form", &flags), Some("from"));
        assert_eq!(suggest_word("li", &flags), Some("link"));
        assert_eq!(suggest_word("ch", &flags), None);
        assert_eq!(suggest_word("xyz", &flags), None);
    }

    #[test]
    fn stage_like_names() {
        assert!(looks_like_stage_name("build"));
        assert!(looks_like_stage_name("build-env_2"));
        assert!(!looks_like_stage_name("golang:1.22"));
        assert!(!looks_like_stage_name("gcr.io/x"));
        assert!(!looks_like_stage_name("0"));
    }
}
