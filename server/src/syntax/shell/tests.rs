use std::collections::HashMap;

use proptest::prelude::*;

use super::*;

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn expand(input: &str, pairs: &[(&str, &str)]) -> Result<ProcessedWord, ShellError> {
    Lexer::new('\\').process_word(input, &env(pairs))
}

fn value(input: &str, pairs: &[(&str, &str)]) -> String {
    match expand(input, pairs) {
        Ok(word) => word.value,
        Err(e) => panic!("{input:?} failed: {e}"),
    }
}

fn words(lexer: Lexer, input: &str, pairs: &[(&str, &str)]) -> Vec<String> {
    match lexer.process_words(input, &env(pairs)) {
        Ok(words) => words,
        Err(e) => panic!("{input:?} failed: {e}"),
    }
}

fn sorted(names: &[String]) -> Vec<&str> {
    let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
    names.sort_unstable();
    names
}

/// Input, environment, expected value, matched names, unmatched names.
type MatchCase<'a> = (
    &'a str,
    &'a [(&'a str, &'a str)],
    &'a str,
    &'a [&'a str],
    &'a [&'a str],
);

/// BuildKit's `TestProcessWithMatches` table: value plus which names were
/// found set and which unset.
#[test]
fn matches_and_values() {
    let foo_bar = &[("FOO", "xxx"), ("BAR", "")][..];
    let xxyy = &[("FOO", "xxyy")][..];
    #[rustfmt::skip]
    let cases: &[MatchCase] = &[
        ("x", &[("DUMMY", "dummy")], "x", &[], &[]),
        ("x ${UNUSED}", &[("DUMMY", "dummy")], "x ", &[], &["UNUSED"]),
        ("x ${FOO}", &[("FOO", "y")], "x y", &["FOO"], &[]),
        ("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", foo_bar, "xxx  ccc", &["BAR", "FOO"], &["BAZ"]),
        ("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", foo_bar, "xxx bbb ccc", &["BAR", "FOO"], &["BAZ"]),
        ("${FOO:-}", foo_bar, "xxx", &["FOO"], &[]),
        ("${FOO:-}", &[], "", &[], &["FOO"]),
        ("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", foo_bar, "aaa bbb ", &["BAR", "FOO"], &["BAZ"]),
        ("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", foo_bar, "aaa  ", &["BAR", "FOO"], &["BAZ"]),
        ("${FOO?aaa}", foo_bar, "xxx", &["FOO"], &[]),
        ("${BAR?bbb}", foo_bar, "", &["BAR"], &[]),
        ("${FOO:?aaa}", foo_bar, "xxx", &["FOO"], &[]),
        ("${FOO#()[]{\\}^$.\\*\\?|\\\\}", &[("FOO", "()[]{}^$.*?|\\x")], "x", &["FOO"], &[]),
        ("${FOO%%\\**}", &[("FOO", "xx**")], "xx", &["FOO"], &[]),
        ("${FOO#*x*y}", xxyy, "y", &["FOO"], &[]),
        ("${FOO#*}", xxyy, "xxyy", &["FOO"], &[]),
        ("${FOO#$BAR}", &[("FOO", "xxyy"), ("BAR", "x")], "xyy", &["BAR", "FOO"], &[]),
        ("${FOO#$BAR}", &[("FOO", "xxyy"), ("BAR", "")], "xxyy", &["BAR", "FOO"], &[]),
        ("${FOO#}", xxyy, "xxyy", &["FOO"], &[]),
        ("${FOO##*x}", xxyy, "yy", &["FOO"], &[]),
        ("${FOO##}", xxyy, "xxyy", &["FOO"], &[]),
        ("${FOO#?\\?}", &[("FOO", "???y")], "?y", &["FOO"], &[]),
        ("${ABC:-.}${FOO%x}${ABC:-.}", xxyy, ".xxyy.", &["FOO"], &["ABC"]),
        ("${FOO%%\\**\\*}", &[("FOO", "a***yy*")], "a", &["FOO"], &[]),
        ("${FOO%}", xxyy, "xxyy", &["FOO"], &[]),
        ("${FOO%%$BAR}", &[("FOO", "xxyy"), ("BAR", "")], "xxyy", &["BAR", "FOO"], &[]),
        ("${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}", &[("FOO", "/foo*/*/*.txt"), ("NEEDLE", "\\*/")],
            "/foo.*/*.txt - /foo..*.txt", &["FOO", "NEEDLE"], &[]),
        ("${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}", &[("FOO", "/tmp/tmp/bar.txt"), ("NEEDLE", "/tmp")],
            "/tmp/bar.txt - /bar.txt", &["FOO", "NEEDLE"], &[]),
        ("${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
            &[("FOO", "/a/foo/b/c.txt"), ("NEEDLE", "/?/"), ("REPLACEMENT", "/")],
            "/foo/b/c.txt - /foo/c.txt", &["FOO", "NEEDLE", "REPLACEMENT"], &[]),
        ("${FOO/$NEEDLE/$REPLACEMENT}",
            &[("FOO", "http://google.de"), ("NEEDLE", "http://"), ("REPLACEMENT", "https://")],
            "https://google.de", &["FOO", "NEEDLE", "REPLACEMENT"], &[]),
        ("${FOO//\\//\\/}", &[("FOO", "/tmp/foo.txt")], "\\/tmp\\/foo.txt", &["FOO"], &[]),
        ("${FOO/$BAR/ww}", &[("FOO", "xxyy"), ("BAR", "")], "wwxxyy", &["BAR", "FOO"], &[]),
        ("${FOO///}", xxyy, "xxyy", &["FOO"], &[]),
        ("${FOO///}", &[], "", &[], &["FOO"]),
        ("$1 ${@:-x}", &[], " x", &[], &["1", "@"]),
    ];
    for (input, pairs, expected, matched, unmatched) in cases {
        let word = match expand(input, pairs) {
            Ok(word) => word,
            Err(e) => panic!("{input:?} failed: {e}"),
        };
        assert_eq!(word.value, *expected, "{input:?}");
        assert_eq!(sorted(&word.matched), *matched, "matched for {input:?}");
        assert_eq!(
            sorted(&word.unmatched),
            *unmatched,
            "unmatched for {input:?}"
        );
    }
}

#[test]
fn matched_names_are_listed_once_in_first_use_order() {
    let word = expand("$B ${A} $B ${C:-$A} $D", &[("A", "1"), ("B", "2")]).unwrap_or_default();
    assert_eq!(word.matched, ["B", "A"]);
    assert_eq!(word.unmatched, ["C", "D"]);
}

#[test]
fn invalid_forms_are_errors() {
    let foo_bar = &[("FOO", "xxx"), ("BAR", "")][..];
    for input in [
        "${BAZ?ccc}",
        "${BAR:?bbb}",
        "${BAZ:?ccc}",
        "${BAZ:?}",
        "${FOO=aaa}",
        "${FOO=:aaa}",
        "${FOO//ww}",
        "${FOO//}",
        "${FOO:#x}",
        "${FOO:##x}",
        "${FOO:%x}",
        "${FOO:%%x}",
        "${FOO:/a/b}",
        "${FOO#\\x}",
        "${FOO%a\\}",
        "${#FOO}",
        "${FOO",
        "${FOO:-",
        "${FOO/a",
        "${FOO/a/b",
    ] {
        assert!(expand(input, foo_bar).is_err(), "{input:?} should fail");
    }
    assert!(expand("${FOO=}", &[]).is_err());
}

#[test]
fn mandatory_variables() {
    let set = &[("VAR", "plain"), ("ARG", "x")][..];
    let empty = &[("VAR", ""), ("ARG", "x")][..];
    let unset = &[("ARG", "x")][..];
    let no_empty = "${VAR:?message here$ARG}";
    let no_unset = "${VAR?message here$ARG}";
    let message = |input, pairs| expand(input, pairs).err().map(|e| e.message);

    assert_eq!(value(no_empty, set), "plain");
    assert_eq!(
        message(no_empty, empty).as_deref(),
        Some("VAR: message herex")
    );
    assert_eq!(
        message(no_empty, unset).as_deref(),
        Some("VAR: message herex")
    );
    assert_eq!(value(no_unset, set), "plain");
    assert_eq!(value(no_unset, empty), "");
    assert_eq!(
        message(no_unset, unset).as_deref(),
        Some("VAR: message herex")
    );
    assert_eq!(
        message("${VAR?}", unset).as_deref(),
        Some("VAR: is not allowed to be unset")
    );
    assert_eq!(
        message("${VAR:?}", empty).as_deref(),
        Some("VAR: is not allowed to be empty")
    );
}

#[test]
fn release_file_name() {
    let release =
        "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";
    let base = [("VERSION", "v1.2.3"), ("TARGETOS", "linux")];
    let arm = [
        base[0],
        base[1],
        ("TARGETARCH", "arm"),
        ("TARGETVARIANT", "v7"),
    ];
    let word = expand(release, &arm).unwrap_or_default();
    assert_eq!(word.value, "something-v1.2.3.linux-arm-v7.tar.gz");
    assert_eq!(
        sorted(&word.matched),
        ["TARGETARCH", "TARGETOS", "TARGETVARIANT", "VERSION"]
    );
    let amd = [base[0], base[1], ("TARGETARCH", "amd64")];
    let word = expand(release, &amd).unwrap_or_default();
    assert_eq!(word.value, "something-v1.2.3.linux-amd64.tar.gz");
    assert_eq!(word.unmatched, ["TARGETVARIANT"]);
}

#[test]
fn replace_all_expands_go_templates() {
    let foo = &[("FOO", "foo")][..];
    // The replacement keeps its escapes, and `$0` is Go's whole match.
    assert_eq!(value("${FOO//o/[\\$0]}", foo), "f[\\o][\\o]");
    assert_eq!(value("${FOO/o/[\\$0]}", foo), "f[\\$0]o");
    assert_eq!(value("${FOO//o/$.}", foo), "f$.$.");
    assert_eq!(value("${FOO//[o]/x}", &[("FOO", "f[o]")]), "fx");
}

#[test]
fn raw_quotes() {
    let lexer = Lexer {
        raw_quotes: true,
        ..Lexer::new('\\')
    };
    let word = lexer.process_word(r#"a"b $A"'c $A'"#, &[("A", "1")]);
    assert_eq!(word.map(|w| w.value).as_deref(), Ok(r#"a"b 1"'c $A'"#));
}

#[test]
fn raw_escapes() {
    let lexer = Lexer {
        raw_escapes: true,
        ..Lexer::new('\\')
    };
    assert_eq!(words(lexer, r"a\ b c\", &[]), [r"a\ b", r"c\"]);
    // Inside double quotes a non-escapable escape is written twice: once as
    // the raw escape, once as the literal it turned out to be.
    assert_eq!(words(lexer, r#""\a\$""#, &[]), [r#"\\a\$"#]);
    // `${X:-word}` words always drop their escapes.
    assert_eq!(words(lexer, r"${X:-\$Y}", &[]), ["$Y"]);
}

#[test]
fn skip_unset_env() {
    let lexer = Lexer {
        skip_unset_env: true,
        ..Lexer::new('\\')
    };
    let pairs = [("SET", "v")];
    let run = |input: &str| lexer.process_word(input, &pairs).map(|w| w.value);
    assert_eq!(
        run("$A ${B} ${C:-x} ${D#x} ${E##x} ${F/a/b}").as_deref(),
        Ok("$A ${B} ${C:-x} ${D#x} ${E##x} ${F/a/b}")
    );
    // BuildKit writes `//` back as `/`, and keeps forms it would reject.
    assert_eq!(run("${G//a/b}").as_deref(), Ok("${G/a/b}"));
    assert_eq!(run("${H:=x} ${I?}").as_deref(), Ok("${H:=x} ${I?}"));
    assert_eq!(run("$SET ${SET:-x}").as_deref(), Ok("v v"));
    assert!(run("${SET:=x}").is_err());
}

#[test]
fn skip_process_quotes() {
    let lexer = Lexer {
        skip_process_quotes: true,
        ..Lexer::new('\\')
    };
    let pairs = [("A", "1"), ("B", "2")];
    assert_eq!(
        words(lexer, r#"echo '$A' "$B" it's"#, &pairs),
        ["echo", "'1'", "\"2\"", "it's"]
    );
}

#[test]
fn heredoc_markers_stay_glued() {
    let lexer = Lexer::new('\\');
    assert_eq!(words(lexer, "cat <<  EOF x", &[]), ["cat", "<<  EOF", "x"]);
    assert_eq!(words(lexer, "<<\t\r-EOF", &[]), ["<<\t\r-EOF"]);
    assert_eq!(words(lexer, "<<\u{b}EOF", &[]), ["<<", "EOF"]);
    assert_eq!(words(lexer, "a < b<c <<", &[]), ["a", "<", "b<c", "<<"]);
    assert_eq!(words(lexer, "\"<< X\"", &[]), ["<< X"]);
    assert_eq!(value("cat << EOF", &[]), "cat << EOF");
}

#[test]
fn word_splitting() {
    let lexer = Lexer::new('\\');
    let pairs = [("S", " a  b "), ("E", "")];
    assert_eq!(words(lexer, "x${S}y", &pairs), ["x", "a", "b", "y"]);
    assert_eq!(words(lexer, "x\"${S}\"y", &pairs), ["x a  b y"]);
    assert_eq!(words(lexer, "a \"\" $E b", &pairs), ["a", "b"]);
    // A default's quotes protect nothing once it is substituted unquoted.
    assert_eq!(words(lexer, "${X:-\"p q\"}", &pairs), ["p", "q"]);
    assert_eq!(words(lexer, "a\\\nb", &pairs), ["a\nb"]);
}

#[test]
fn backtick_escape() {
    let lexer = Lexer::new('`');
    let pairs = [("A", "1")];
    let run = |input: &str| lexer.process_word(input, &pairs).map(|w| w.value);
    assert_eq!(run(r"C:\path\$A").as_deref(), Ok(r"C:\path\1"));
    assert_eq!(run("`$A and $A").as_deref(), Ok("$A and 1"));
    assert_eq!(run("\"a``b`\"c`$A`x\"").as_deref(), Ok("a`b\"c$A`x"));
    assert_eq!(run("end`").as_deref(), Ok("end"));
    assert_eq!(words(lexer, "a` b c", &[]), ["a b", "c"]);
}

#[test]
fn byte_order_mark_at_start_is_dropped() {
    assert_eq!(value("\u{FEFF}a$X", &[("X", "1")]), "a1");
    assert_eq!(value("a\u{FEFF}", &[]), "a\u{FEFF}");
}

#[test]
fn unicode_names_follow_go() {
    let pairs = [("한국어", "k"), ("é1", "e"), ("x", "!")];
    assert_eq!(value("$한국어.${é1}", &pairs), "k.e");
    // U+0660 is a decimal digit, so it starts a positional parameter.
    assert_eq!(value("$\u{660}x", &pairs), "x");
    // U+2160 (a letter number) is alphabetic in Rust but not a letter in Go.
    assert_eq!(value("$x\u{2160}", &pairs), "!\u{2160}");
}

#[test]
fn error_offsets() {
    let offset = |input: &str| expand(input, &[("A", "")]).err().map(|e| e.offset);
    assert_eq!(offset("ab\"cd"), Some(2));
    assert_eq!(offset("ab'cd"), Some(2));
    assert_eq!(offset("a\"$B'"), Some(1));
    assert_eq!(offset("x${A"), Some(1));
    assert_eq!(offset("x${}"), Some(1));
    assert_eq!(offset("x${A:=b}"), Some(4));
    assert_eq!(offset("x${A.}"), Some(4));
    assert_eq!(offset("xy${A:?boom}"), Some(2));
    assert_eq!(offset("${B:-${A:?no}}"), Some(5));
    assert_eq!(offset("${B:-\"x}"), Some(0));
    assert_eq!(offset("é${A#\\x}"), Some(2));
    assert_eq!(offset("${A/x"), Some(0));
    let err = expand("${A:=b}", &[]).err();
    assert_eq!(
        err.map(|e| e.to_string()).as_deref(),
        Some("unsupported modifier (:=) in substitution")
    );
}

#[test]
fn nesting_is_capped() {
    let nested = |depth: usize| format!("{}x{}", "${A:-".repeat(depth), "}".repeat(depth));
    assert_eq!(value(&nested(Lexer::MAX_NESTING), &[]), "x");
    let err = expand(&nested(Lexer::MAX_NESTING + 1), &[]).err();
    assert!(err.is_some_and(|e| e.message.contains("nested")));
    // Deep enough to overflow any stack if it were walked recursively.
    let deep = nested(200_000);
    assert!(expand(&deep, &[]).is_err());
    assert_eq!(variable_references(&deep, '\\').len(), 200_000);
}

#[test]
fn megabyte_inputs() {
    let big = "$A \"$A\" '$A' ${A:-x} ".repeat(50_000);
    let word = expand(&big, &[("A", "v")]);
    assert!(word.is_ok_and(|w| w.words.len() == 200_000));
    assert_eq!(variable_references(&big, '\\').len(), 150_000);
    let open = "\"".repeat(1 << 20);
    assert!(expand(&open, &[]).is_ok());
    assert!(expand(&format!("'{open}"), &[]).is_err());
}

fn refs(text: &str) -> Vec<(String, &str, &str, Option<String>)> {
    variable_references(text, '\\')
        .into_iter()
        .map(|r| {
            let whole = text.get(r.range.clone()).unwrap_or("<bad range>");
            let name = text.get(r.name_range.clone()).unwrap_or("<bad range>");
            assert_eq!(name, r.name);
            assert_eq!(r.braced, whole.starts_with("${"));
            (r.name, whole, name, r.modifier)
        })
        .collect()
}

fn names(text: &str) -> Vec<String> {
    variable_references(text, '\\')
        .into_iter()
        .map(|r| r.name)
        .collect()
}

#[test]
fn references_and_ranges() {
    let text = r#"$A ${B} "x${C:-$D}y" '$E' \$F ${G##x*} ${H//a/$I} $1"#;
    let m = |s: &str| Some(s.to_owned());
    assert_eq!(
        refs(text),
        [
            ("A".into(), "$A", "A", None),
            ("B".into(), "${B}", "B", None),
            ("C".into(), "${C:-$D}", "C", m(":-")),
            ("D".into(), "$D", "D", None),
            ("G".into(), "${G##x*}", "G", m("##")),
            ("H".into(), "${H//a/$I}", "H", m("//")),
            ("I".into(), "$I", "I", None),
            ("1".into(), "$1", "1", None),
        ]
    );
    let all = variable_references(text, '\\');
    assert_eq!(all.first().map(|r| r.range.clone()), Some(0..2));
    assert_eq!(all.get(2).map(|r| r.name_range.clone()), Some(12..13));
    assert!(all.last().is_some_and(VarReference::is_special));
    assert!(!all.iter().take(7).any(VarReference::is_special));
}

#[test]
fn nested_defaults() {
    let text = "${A:-${B:+${C}}x}z${D?$E}";
    assert_eq!(
        refs(text)
            .iter()
            .map(|r| (r.0.as_str(), r.1))
            .collect::<Vec<_>>(),
        [
            ("A", "${A:-${B:+${C}}x}"),
            ("B", "${B:+${C}}"),
            ("C", "${C}"),
            ("D", "${D?$E}"),
            ("E", "$E"),
        ]
    );
    // The replacement of a `/` form is a word of its own.
    assert_eq!(names("${A/$B/$C}$D"), ["A", "B", "C", "D"]);
}

#[test]
fn references_respect_quotes_and_escapes() {
    assert_eq!(
        names(r#"'$A "$B"' "'$C'" \$D \\$E "\$F" "\\$G""#),
        ["C", "E", "G"]
    );
    assert_eq!(names(r#"${A:-'$B'} ${C:-"$D"}"#), ["A", "C", "D"]);
    assert_eq!(variable_references("`$A $B \\$C", '`').len(), 2);
    let heredoc_body = Lexer {
        skip_process_quotes: true,
        ..Lexer::new('\\')
    };
    assert_eq!(heredoc_body.variable_references("'$A'").len(), 1);
}

#[test]
fn references_in_broken_text() {
    let m = |s: &str| Some(s.to_owned());
    assert_eq!(refs("${A"), [("A".into(), "${A", "A", None)]);
    assert_eq!(
        refs("${A:-$B"),
        [
            ("A".into(), "${A:-$B", "A", m(":-")),
            ("B".into(), "$B", "B", None)
        ]
    );
    assert_eq!(refs("${A:}x"), [("A".into(), "${A:}", "A", m(":"))]);
    assert_eq!(
        refs("${A=b} $C"),
        [
            ("A".into(), "${A", "A", None),
            ("C".into(), "$C", "C", None)
        ]
    );
    assert!(names("${} ${:} ${{A}} $ $. '$X").is_empty());
    assert_eq!(names("\"$A"), ["A"]);
}

fn shell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\\\`$'\"{}:?#%/+*<> \t\na-cA-C0-2@é\u{FEFF}\u{2028}-]{0,48}",
    ]
}

proptest! {
    #[test]
    fn never_panics(
        text in shell_text(),
        backtick in any::<bool>(),
        flags in any::<[bool; 4]>(),
    ) {
        let lexer = Lexer {
            escape: if backtick { '`' } else { '\\' },
            raw_quotes: flags[0],
            raw_escapes: flags[1],
            skip_unset_env: flags[2],
            skip_process_quotes: flags[3],
        };
        let pairs = [("A", "a*b?"), ("B", ""), ("C", "x y\nz"), ("@", "$0\\")];
        let _ = lexer.process_word(&text, &pairs);
        let _ = lexer.process_words(&text, &pairs);
        for r in lexer.variable_references(&text) {
            prop_assert!(r.range.start <= r.name_range.start);
            prop_assert!(r.name_range.end <= r.range.end);
            prop_assert!(r.range.end <= text.len());
            prop_assert_eq!(text.get(r.name_range.clone()), Some(r.name.as_str()));
            prop_assert!(text.get(r.range.clone()).is_some());
        }
    }
}
