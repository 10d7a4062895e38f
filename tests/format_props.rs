//! The formatter's guarantees, on generated text, on mutated real files and
//! on every Dockerfile in the repository and the benchmark data:
//! - it changes only spaces and tabs (and keyword case): the non-whitespace
//!   characters come out the same, line endings included;
//! - heredoc bodies and terminators come out byte for byte;
//! - it is idempotent;
//! - BuildKit builds the same thing: same AST dump (whitespace runs
//!   collapsed) and, per instruction, the same words after BuildKit's
//!   quote removal.

use std::{fs, path::Path, sync::OnceLock};

use docklens::{
    ide::{format_text, FormatOptions, Indent, KeywordCase},
    syntax::{self, shell::Lexer, LineKind},
};
use proptest::prelude::*;

fn option_sets() -> Vec<FormatOptions> {
    let mut res = Vec::new();
    for keyword_case in [
        KeywordCase::Upper,
        KeywordCase::Lower,
        KeywordCase::Preserve,
    ] {
        for indent in [
            Indent::Spaces(4),
            Indent::Spaces(0),
            Indent::Tab,
            Indent::Spaces(1),
        ] {
            for ignore_multiline_instructions in [false, true] {
                res.push(FormatOptions {
                    keyword_case,
                    indent,
                    ignore_multiline_instructions,
                });
            }
        }
    }
    res
}

fn non_whitespace(text: &str, fold_case: bool) -> String {
    text.chars()
        .filter(|c| *c != ' ' && *c != '\t')
        .map(|c| match fold_case {
            true => c.to_ascii_lowercase(),
            false => c,
        })
        .collect()
}

/// A dump with whitespace runs collapsed (Go's `\t` escapes included).
fn collapse_dump(dump: &str, fold_case: bool) -> String {
    let dump = dump
        .replace("\\\\", "\u{0}")
        .replace("\\t", " ")
        .replace('\u{0}', "\\\\");
    collapse(&dump, fold_case)
}

fn collapse(text: &str, fold_case: bool) -> String {
    let mut res = String::with_capacity(text.len());
    let mut blank = false;
    for c in text.chars() {
        if c == ' ' || c == '\t' {
            blank = true;
            continue;
        }
        if blank {
            res.push(' ');
            blank = false;
        }
        res.push(match fold_case {
            true => c.to_ascii_lowercase(),
            false => c,
        });
    }
    res
}

/// What BuildKit makes of each instruction: the words of its logical line
/// (trimmed, as BuildKit's `splitCommand` does) after expansion with no
/// variables set and quote removal (or the error).
fn words(text: &str, fold_case: bool) -> Vec<Result<Vec<String>, String>> {
    let parse = syntax::parse(text);
    let lexer = Lexer::new(parse.escape);
    parse
        .instructions
        .iter()
        .map(|it| {
            // BuildKit trims the logical line before splitting it.
            let logical = it.logical_text(text).trim().to_owned();
            let logical = match fold_case {
                true => logical.to_ascii_lowercase(),
                false => logical,
            };
            lexer
                .process_words(&logical, &())
                .map_err(|err| err.to_string())
        })
        .collect()
}

fn check(text: &str, options: &FormatOptions) {
    let formatted = format_text(text, options);
    let fold_case = options.keyword_case != KeywordCase::Preserve;
    assert_eq!(
        non_whitespace(&formatted, fold_case),
        non_whitespace(text, fold_case),
        "non-whitespace changed\n--- input\n{text:?}\n--- output\n{formatted:?}"
    );
    if !fold_case {
        assert_eq!(
            non_whitespace(&formatted, false),
            non_whitespace(text, false)
        );
    }
    // Line endings and heredoc lines.
    let before: Vec<&str> = text.split('\n').collect();
    let after: Vec<&str> = formatted.split('\n').collect();
    assert_eq!(before.len(), after.len(), "line count changed: {text:?}");
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(
            a.ends_with('\r'),
            b.ends_with('\r'),
            "line ending: {text:?}"
        );
    }
    let parse = syntax::parse(text);
    for (idx, line) in parse.lines.iter().enumerate() {
        if matches!(
            line.kind,
            LineKind::HeredocBody | LineKind::HeredocTerminator
        ) {
            assert_eq!(
                before.get(idx),
                after.get(idx),
                "heredoc line {idx} changed: {text:?} → {formatted:?}"
            );
        }
    }
    // Idempotence.
    let again = format_text(&formatted, options);
    assert_eq!(
        again, formatted,
        "not idempotent\n--- input\n{text:?}\n--- once\n{formatted:?}"
    );
    // Same build.
    let reparsed = syntax::parse(&formatted);
    assert_eq!(
        reparsed.errors.len(),
        parse.errors.len(),
        "errors changed: {text:?} → {formatted:?}"
    );
    assert_eq!(
        reparsed.instructions.len(),
        parse.instructions.len(),
        "instructions changed: {text:?} → {formatted:?}"
    );
    // A blank last line without a line break may become empty, and so no line.
    let kinds = |p: &syntax::Parse| {
        let mut lines = p.lines.as_slice();
        if let Some((last, rest)) = lines.split_last() {
            if matches!(last.kind, LineKind::Blank | LineKind::EmptyContinuation)
                && last.newline().is_empty()
            {
                lines = rest;
            }
        }
        lines.iter().map(|it| it.kind).collect::<Vec<_>>()
    };
    assert_eq!(
        kinds(&reparsed),
        kinds(&parse),
        "line kinds changed: {text:?}"
    );
    if parse.errors.is_empty() {
        assert_eq!(
            collapse_dump(&syntax::dump(&reparsed), fold_case),
            collapse_dump(&syntax::dump(&parse), fold_case),
            "AST changed: {text:?} → {formatted:?}"
        );
    }
    assert_eq!(
        words(&formatted, fold_case),
        words(text, fold_case),
        "BuildKit words changed: {text:?} → {formatted:?}"
    );
}

fn check_all_options(text: &str) {
    for options in option_sets() {
        check(text, &options);
    }
}

fn repository_dockerfiles() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut res = Vec::new();
    let mut seen = Vec::new();
    for dir in [
        root.join("tests/syntax/ok"),
        root.join("tests/syntax/err"),
        root.join("tests/fixtures/seed"),
        root.join("../shared/bench/data"),
        Path::new("/work/shared/bench/data").to_path_buf(),
    ] {
        let Ok(dir) = dir.canonicalize() else {
            continue;
        };
        if seen.contains(&dir) {
            continue;
        }
        seen.push(dir.clone());
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .filter_map(|it| it.ok().map(|it| it.path()))
            .collect();
        paths.sort();
        for path in paths {
            if path.extension().is_some_and(|it| it == "Dockerfile") {
                let text = fs::read_to_string(&path).unwrap_or_default();
                res.push((path.display().to_string(), text));
            }
        }
    }
    res
}

#[test]
fn real_dockerfiles_keep_every_guarantee() {
    let files = repository_dockerfiles();
    assert!(files.len() >= 30, "found only {} files", files.len());
    for (name, text) in &files {
        // Big files with a few option sets, the rest with every one.
        if text.len() > 100_000 {
            check(text, &FormatOptions::default());
        } else if text.len() > 10_000 {
            for options in option_sets().iter().step_by(5) {
                check(text, options);
            }
        } else {
            check_all_options(text);
        }
        let _ = name;
    }
}

#[test]
fn known_traps() {
    let cases = [
        // A word split across lines stays one word.
        "FROM a\nRUN echo abc\\\ndef\n",
        // Indentation inside a quoted string is part of the string.
        "FROM a\nRUN echo \"a \\\n      b\"\n",
        "FROM a\nENV X='one \\\n  two'\n",
        // Escaped blank right before the break.
        "FROM a\nRUN echo foo\\ \\\n  bar\n",
        // A lone escape line in the middle.
        "FROM a\nRUN echo a \\\n\\\n  b\n",
        // Exec form across lines, backtick escape, CRLF.
        "# escape=`\r\nFROM a\r\nRUN [\"a\", `\r\n   \"b\"]   \r\n",
        // Heredoc body lines with leading and trailing blanks.
        "FROM a\nRUN <<EOF  \n  indented   \n\tEOF\nEOF\nRUN <<-X\n\tx  \n\tX\n",
        // Everything after an unterminated heredoc stays.
        "FROM a\nRUN <<EOF\necho\n  RUN x   \nrun y\n",
        // Non-ASCII whitespace is not touched.
        "FROM a\n\u{a0}RUN x\u{a0} \nRUN a \\\n\u{a0} b\n",
        // ONBUILD with a trigger on a continuation line.
        "FROM a\nonbuild \\\n   run echo hi\n",
        // Invalid escape directive: nothing is touched.
        "# escape=x\n  FROM a  \n",
    ];
    for text in cases {
        check_all_options(text);
    }
}

/// Fragments that make the formatter's life hard.
fn fragment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "FROM",
        "from",
        "RUN",
        "run",
        "ONBUILD ",
        "HEALTHCHECK CMD",
        "COPY",
        "ENV",
        "AS",
        "as",
        " ",
        " ",
        "  ",
        "\t",
        "\\",
        "\\",
        "`",
        "\n",
        "\n",
        "\n",
        "\r\n",
        "#",
        "# escape=`\n",
        "'",
        "\"",
        "a",
        "b",
        "x=y",
        "$X",
        "${Y:-z}",
        "<<EOF",
        "<<-E",
        "EOF",
        "\tE",
        "[",
        "]",
        ",",
        "=",
        "--mount=type=cache",
        "&&",
        "é",
        "\u{a0}",
        "\r",
    ])
}

/// A line-shaped Dockerfile: indent, content, trailing blanks, continuation.
fn line() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", " ", "  ", "\t", "    ", " \t"]),
        prop::collection::vec(fragment(), 0..6),
        prop::sample::select(vec!["", " ", "\t ", "  "]),
        prop::sample::select(vec!["", "", " \\", "\\", " \\  ", " `"]),
        prop::sample::select(vec!["\n", "\n", "\r\n"]),
    )
        .prop_map(|(indent, parts, trailing, marker, newline)| {
            format!("{indent}{}{trailing}{marker}{newline}", parts.concat())
        })
}

fn mutate(text: &str, seeds: &[u8]) -> String {
    let mut res = String::with_capacity(text.len() * 2);
    for (idx, line) in text.split_inclusive('\n').enumerate() {
        let seed = seeds.get(idx % seeds.len().max(1)).copied().unwrap_or(0);
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let indent = ["", "  ", "\t", ""][usize::from(seed & 3)];
        let trailing = ["", " ", "\t  ", ""][usize::from((seed >> 2) & 3)];
        let body = match (seed >> 4) & 3 {
            1 => body.to_ascii_lowercase(),
            _ => body.to_owned(),
        };
        let newline = match (seed >> 6) & 1 {
            1 if !newline.is_empty() && !body.ends_with('\r') => "\r\n",
            _ => newline,
        };
        res.push_str(indent);
        res.push_str(&body);
        res.push_str(trailing);
        res.push_str(newline);
    }
    res
}

proptest! {
    // `PROPTEST_CASES=100000` for a long run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|it| it.parse().ok()).unwrap_or(1024),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_fragments(
        parts in prop::collection::vec(fragment(), 0..80),
        options in prop::sample::select(option_sets()),
    ) {
        check(&parts.concat(), &options);
    }

    #[test]
    fn arbitrary_lines(
        lines in prop::collection::vec(line(), 0..25),
        options in prop::sample::select(option_sets()),
    ) {
        check(&lines.concat(), &options);
    }

    #[test]
    fn mutated_real_files(
        which in 0usize..64,
        seeds in prop::collection::vec(any::<u8>(), 1..40),
        options in prop::sample::select(option_sets()),
    ) {
        static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
        let files = FILES.get_or_init(|| {
            repository_dockerfiles()
                .into_iter()
                .filter(|(_, text)| text.len() < 100_000)
                .collect()
        });
        let (_, text) = &files[which % files.len()];
        check(&mutate(text, &seeds), &options);
    }
}
