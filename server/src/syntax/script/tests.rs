//! Grammar coverage, one construct at a time. Each command is rendered as
//! `depth[$]: A=b word word >target ;` so expectations read like the script.

use super::*;

fn render(command: &Command) -> String {
    let mut parts = Vec::new();
    for word in command.assignments.iter().chain(&command.words) {
        parts.push(word.value.clone());
    }
    for redirection in &command.redirections {
        let target = redirection.target.as_ref().map_or("", |t| t.value.as_str());
        parts.push(format!("{}{}", redirection.op, target));
    }
    if let Some(connector) = command.connector {
        parts.push(
            match connector {
                Connector::And => "&&",
                Connector::Or => "||",
                Connector::Seq => ";",
                Connector::Pipe => "|",
                Connector::Background => "&",
            }
            .to_string(),
        );
    }
    let subst = if command.in_substitution { "$" } else { "" };
    format!("{}{subst}: {}", command.depth, parts.join(" "))
}

fn split(text: &str) -> Vec<String> {
    let script = parse_script(text);
    for command in &script.commands {
        assert!(command.range.end() <= text.len());
        assert!(text.is_char_boundary(command.range.start()));
        assert!(text.is_char_boundary(command.range.end()));
    }
    script.commands.iter().map(render).collect()
}

fn first(text: &str) -> Command {
    parse_script(text)
        .commands
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no command in {text:?}"))
}

#[track_caller]
fn check(text: &str, expected: &[&str]) {
    assert_eq!(split(text), expected, "script: {text:?}");
}

#[test]
fn connectors() {
    check(
        "a && b || c; d | e |& f & g",
        &[
            "0: a &&", "0: b ||", "0: c ;", "0: d |", "0: e |", "0: f &", "0: g",
        ],
    );
    check("a\nb\n\nc\n", &["0: a ;", "0: b ;", "0: c"]);
    check("a;", &["0: a"]);
    check("a &", &["0: a &"]);
    check("a &&\n  b", &["0: a &&", "0: b"]);
    check("", &[] as &[&str]);
    check("  \n ; \n", &[] as &[&str]);
}

#[test]
fn ranges_cover_the_simple_command() {
    let text = "FOO=1 apt-get install -y x >/dev/null 2>&1 && ls";
    let script = parse_script(text);
    let a = &script.commands[0];
    assert_eq!(
        a.range.slice(text),
        "FOO=1 apt-get install -y x >/dev/null 2>&1"
    );
    assert_eq!(a.words[0].range.slice(text), "apt-get");
    assert_eq!(a.redirections[1].range.slice(text), "2>&1");
    assert_eq!(script.commands[1].range.slice(text), "ls");
}

#[test]
fn single_and_double_quotes() {
    let c = first(r#"echo 'a b' "c $HOME \$x \" \\ \q" x'y'"z" '' """#);
    let values: Vec<_> = c.words.iter().map(|w| w.value.as_str()).collect();
    assert_eq!(
        values,
        ["echo", "a b", r#"c $HOME $x " \ \q"#, "xyz", "", ""]
    );
    let flags: Vec<_> = c
        .words
        .iter()
        .map(|w| (w.quoted, w.has_expansion))
        .collect();
    assert_eq!(
        flags,
        [
            (false, false),
            (true, false),
            (true, true),
            (true, false),
            (true, false),
            (true, false)
        ]
    );
    // Single quotes keep `$` literal.
    assert!(!first("echo '$HOME'").words[1].has_expansion);
}

#[test]
fn double_quote_newline_continuation() {
    assert_eq!(first("echo \"a\\\nb\"").words[1].value, "ab");
    assert_eq!(first("echo \"a\nb\"").words[1].value, "a\nb");
}

#[test]
fn backslashes_outside_quotes() {
    let c = first("echo a\\ b \\$HOME \\\n c\\");
    let values: Vec<_> = c.words.iter().map(|w| w.value.as_str()).collect();
    assert_eq!(values, ["echo", "a b", "$HOME", "c\\"]);
    assert!(c.words[1].quoted);
    assert!(!c.words[2].has_expansion);
    // A continuation between commands is a blank.
    check(
        "apt-get update \\\n && apt-get install x",
        &["0: apt-get update &&", "0: apt-get install x"],
    );
    // and inside a word it disappears.
    assert_eq!(first("ec\\\nho hi").words[0].value, "echo");
}

#[test]
fn ansi_c_and_locale_strings() {
    let c = first(r#"printf $'a\tb\'c' $"hi""#);
    assert_eq!(c.words[1].value, "a\tb'c");
    assert!(c.words[1].quoted && !c.words[1].has_expansion);
    assert_eq!(c.words[2].value, "hi");
}

#[test]
fn comments() {
    check(
        "# leading\napt-get update # trailing && rm x\necho a#b",
        &["0: apt-get update ;", "0: echo a#b"],
    );
    check("echo '#' \"#\" \\#", &["0: echo # # #"]);
}

#[test]
fn expansions_stay_verbatim() {
    let c = first(r#"echo $A ${B:-x y} "${C}" $1 $@ $? $ a$ $((1 + (2 * 3)))"#);
    let values: Vec<_> = c.words.iter().map(|w| w.value.as_str()).collect();
    assert_eq!(
        values,
        [
            "echo",
            "$A",
            "${B:-x y}",
            "${C}",
            "$1",
            "$@",
            "$?",
            "$",
            "a$",
            "$((1 + (2 * 3)))"
        ]
    );
    let expansion: Vec<_> = c.words.iter().map(|w| w.has_expansion).collect();
    assert_eq!(
        expansion,
        [false, true, true, true, true, true, true, false, false, true]
    );
}

#[test]
fn arithmetic_is_not_a_command() {
    check(
        "echo $((a + b)) && ((i++)) && x",
        &["0: echo $((a + b)) &&", "0: x"],
    );
    check(
        "for ((i = 0; i < 3; i++)); do echo $i; done",
        &["0: echo $i"],
    );
}

#[test]
fn command_substitution_reports_inner_commands() {
    let text = "apt-get install $(cat list | grep -v '#') x";
    check(
        text,
        &[
            "0: apt-get install $(cat list | grep -v '#') x",
            "1$: cat list |",
            "1$: grep -v #",
        ],
    );
    let script = parse_script(text);
    assert_eq!(script.commands[1].range.slice(text), "cat list");
    check(
        "echo \"$(apk info)\" `uname -m` $(a $(b))",
        &[
            "0: echo $(apk info) `uname -m` $(a $(b))",
            "1$: apk info",
            "1$: uname -m",
            "1$: a $(b)",
            "2$: b",
        ],
    );
    // `)` inside quotes or a case pattern does not end the substitution.
    check(
        "x=$(echo ')'; case y in y) echo;; esac) z",
        &[
            "0: x=$(echo ')'; case y in y) echo;; esac) z",
            "1$: echo ) ;",
            "1$: echo",
        ],
    );
}

#[test]
fn backticks() {
    check(
        r#"echo `echo "a b" \`x\`` c"#,
        &["0: echo `echo \"a b\" \\`x\\`` c", "1$: echo a b `x`"],
    );
    check(
        "echo `unterminated cmd",
        &["0: echo `unterminated cmd", "1$: unterminated cmd"],
    );
}

#[test]
fn braced_expansions_with_substitutions() {
    check(
        r#"echo ${X:-$(id -u)} "${Y:-"q}"}" ${Z//\}/x}"#,
        &[
            r#"0: echo ${X:-$(id -u)} ${Y:-"q}"} ${Z//\}/x}"#,
            "1$: id -u",
        ],
    );
    check(
        r#"echo "${MSG:-don't}" ${A:-'}'} && x"#,
        &["0: echo ${MSG:-don't} ${A:-'}'} &&", "0: x"],
    );
}

#[test]
fn process_substitution() {
    check(
        "diff <(sort a) >(tee b) && cat < <(ls)",
        &[
            "0: diff <(sort a) >(tee b) &&",
            "1$: sort a",
            "1$: tee b",
            "0: cat <<(ls)",
            "1$: ls",
        ],
    );
}

#[test]
fn redirections() {
    let c = first("cmd >a >>b <c 2>d 2>&1 >&2 &>e &>>f >|g <>h <<<'w x' 3<&0 9>&- 1>x y");
    let ops: Vec<_> = c
        .redirections
        .iter()
        .map(|r| {
            format!(
                "{}{}",
                r.op,
                r.target.as_ref().map_or("", |t| t.value.as_str())
            )
        })
        .collect();
    assert_eq!(
        ops,
        [
            ">a", ">>b", "<c", "2>d", "2>&1", ">&2", "&>e", "&>>f", ">|g", "<>h", "<<<w x", "3<&0",
            "9>&-", "1>x"
        ]
    );
    let words: Vec<_> = c.words.iter().map(|w| w.value.as_str()).collect();
    assert_eq!(words, ["cmd", "y"]);
    // A number not touching `<`/`>` is a word; one after `>&` is a target.
    check(
        "echo 2 > x 2>&1>/dev/null",
        &["0: echo 2 >x 2>&1 >/dev/null"],
    );
    // A redirection alone is a command, and a missing target is tolerated.
    check("> out; cat >", &["0: >out ;", "0: cat >"]);
}

#[test]
fn heredocs_consume_their_bodies() {
    let text = "cat <<EOF > /etc/x\nhello apt-get\n$(rm -rf /)\nEOF\napt-get clean";
    check(text, &["0: cat <<EOF >/etc/x ;", "0: apt-get clean"]);
    let script = parse_script(text);
    let body = script.commands[0].redirections[0].body.unwrap();
    assert_eq!(body.slice(text), "hello apt-get\n$(rm -rf /)\n");
    assert_eq!(script.commands[0].redirections[1].body, None);
}

#[test]
fn heredoc_variants() {
    // Tab-stripping, quoted delimiters, two on one line, CRLF.
    let text = "cat <<-'E O' <<\\F && ls\n\tx\n\tE O\ny\nF\r\nrm a\n";
    check(text, &["0: cat <<-E O <<F &&", "0: ls ;", "0: rm a"]);
    let script = parse_script(text);
    let bodies: Vec<_> = script.commands[0]
        .redirections
        .iter()
        .map(|r| r.body.map(|b| b.slice(text)))
        .collect();
    assert_eq!(bodies, [Some("\tx\n"), Some("y\n")]);
    // Without `-` the tab is part of the line, so the terminator is not.
    check("cat <<E\n\tE\nE\nls", &["0: cat <<E ;", "0: ls"]);
    // Unterminated: the body runs to the end.
    let text = "cat <<E\nnot a command\n";
    check(text, &["0: cat <<E"]);
    assert_eq!(
        parse_script(text).commands[0].redirections[0]
            .body
            .map(|b| b.slice(text)),
        Some("not a command\n")
    );
    // Inside a substitution.
    check(
        "x=$(cat <<E\nls\nE\n) && y",
        &["0: x=$(cat <<E\nls\nE\n) &&", "1$: cat <<E", "0: y"],
    );
}

#[test]
fn here_string_is_not_a_heredoc() {
    check("cat <<<EOF\nls", &["0: cat <<<EOF ;", "0: ls"]);
}

#[test]
fn assignments() {
    let c = first("DEBIAN_FRONTEND=noninteractive A+=1 arr[0]=x apt-get install B=2");
    let assignments: Vec<_> = c.assignments.iter().map(|w| w.value.as_str()).collect();
    assert_eq!(
        assignments,
        ["DEBIAN_FRONTEND=noninteractive", "A+=1", "arr[0]=x"]
    );
    assert_eq!(c.name(), Some("apt-get"));
    assert_eq!(c.words[2].value, "B=2");
    assert_eq!(
        c.assignments[0].assignment(),
        Some(("DEBIAN_FRONTEND", "noninteractive"))
    );
    assert_eq!(c.assignments[1].assignment(), Some(("A", "1")));
    assert_eq!(c.assignments[2].assignment(), Some(("arr[0]", "x")));
    assert_eq!(c.words[0].assignment(), None);
    // Quoted names are not assignments; an assignment alone is a command.
    check(
        "'A'=1 x; B=\"$(pwd)\"",
        &["0: A=1 x ;", "0: B=$(pwd)", "1$: pwd"],
    );
    assert!(parse_script("B=1").commands[0].words.is_empty());
    // Arrays keep their parentheses.
    check("arr=(a 'b c' d) && x", &["0: arr=(a 'b c' d) &&", "0: x"]);
}

#[test]
fn reserved_words_skip_to_the_command() {
    check(
        "if [ -f a ]; then apk add --no-cache b; elif ! test x; then c; else d; fi",
        &[
            "0: [ -f a ] ;",
            "0: apk add --no-cache b ;",
            "0: test x ;",
            "0: c ;",
            "0: d",
        ],
    );
    check(
        "while read -r l; do echo \"$l\"; done < list.txt && until false; do :; done",
        &["0: read -r l ;", "0: echo $l &&", "0: false ;", "0: :"],
    );
    // Not at command position, a reserved word is an argument.
    check("echo if then fi done {", &["0: echo if then fi done {"]);
    // Quoted, it is a command name.
    check("'if' x", &["0: if x"]);
}

#[test]
fn for_loops() {
    check("for p in a b; do echo $p; done", &["0: echo $p"]);
    check("for p in $(ls)\ndo\n  rm $p\ndone", &["1$: ls", "0: rm $p"]);
    check("for p; do x; done; for q do y; done", &["0: x ;", "0: y"]);
    check("select s in a b; do break; done", &["0: break"]);
}

#[test]
fn case_statements() {
    check(
        "case \"$(uname -m)\" in\n  x86_64|amd64) arch=x64 ;;\n  (arm*) arch=arm; x ;;\n  *) exit 1\nesac && echo $arch",
        &["1$: uname -m", "0: arch=x64", "0: arch=arm ;", "0: x", "0: exit 1 &&", "0: echo $arch"],
    );
    check("case x in esac; y", &["0: y"]);
    check("case x in a) ;; b) (z) ;; esac", &["1: z"]);
}

#[test]
fn subshells_and_groups() {
    check(
        "(cd /app && make) && { rm -rf x; echo ok; } > log 2>&1; z",
        &[
            "1: cd /app &&",
            "1: make &&",
            "1: rm -rf x ;",
            "1: echo ok ;",
            "0: z",
        ],
    );
    check("( (a) | b )", &["2: a |", "1: b"]);
    check("{ a; }&& b", &["1: a &&", "0: b"]);
    // `}` only closes at command position.
    check("{ echo }; }", &["1: echo }"]);
}

#[test]
fn function_definitions() {
    check(
        "f() { apt-get update; }; function g { x; }; function h () (y); f",
        &["1: apt-get update ;", "1: x ;", "1: y ;", "0: f"],
    );
    check(
        "function g (echo $(id)) && function h\n()\n{ z; }",
        &["1: echo $(id) &&", "2$: id", "1: z"],
    );
    check("f ()\n{\n  a\n}", &["1: a"]);
}

#[test]
fn double_bracket_conditions() {
    check(
        "[[ -n $x && ( $y < 3 || $z =~ ^(a|b)$ ) ]] && echo yes",
        &[
            "0: [[ -n $x && ( $y < 3 || $z =~ ^ ( a | b ) $ ) ]] &&",
            "0: echo yes",
        ],
    );
    check("[[ -f a ]]||b", &["0: [[ -f a ]] ||", "0: b"]);
    // An unterminated `[[` ends with its line.
    check("[[ a\nb", &["0: [[ a ;", "0: b"]);
}

#[test]
fn negation_and_time() {
    check(
        "! grep -q x f && time make -j4",
        &["0: grep -q x f &&", "0: time make -j4"],
    );
}

#[test]
fn extglob_words() {
    check(
        "rm -rf !(keep|also) *.@(a|b)",
        &["0: rm -rf !(keep|also) *.@(a|b)"],
    );
}

#[test]
fn unterminated_input_keeps_everything_before() {
    check(
        "apt-get update && echo 'oops",
        &["0: apt-get update &&", "0: echo oops"],
    );
    check("a; echo \"x $(b", &["0: a ;", "0: echo x $(b", "1$: b"]);
    check("a; (b; c", &["0: a ;", "1: b ;", "1: c"]);
    check("a; { b", &["0: a ;", "1: b"]);
    check("echo ${x:-", &["0: echo ${x:-"]);
    check("a) b", &["0: a", "0: b"]);
    check("if a; then", &["0: a"]);
    check("x \\", &["0: x \\"]);
}

#[test]
fn utf8_everywhere() {
    let text = "echo 'héllo' wörld\\é \"ü$(printf ñ)\" && ☃";
    check(
        text,
        &[
            "0: echo héllo wörldé ü$(printf ñ) &&",
            "1$: printf ñ",
            "0: ☃",
        ],
    );
}

#[test]
fn nesting_is_capped() {
    let deep = format!("{}x{}", "$(".repeat(100), ")".repeat(100));
    let script = parse_script(&format!("echo {deep}; after"));
    let max = script.commands.iter().map(|c| c.depth).max();
    assert_eq!(max, Some(MAX_NESTING));
    assert_eq!(
        script.commands.last().and_then(Command::name),
        Some("after")
    );
    let ticks = format!("echo {}x", "`".repeat(10_000));
    parse_script(&ticks);
    for unit in ["\"$(", "${x:-$(", "<(", "`$(", "$(\"`"] {
        let text = format!("echo {}x", unit.repeat(1_000));
        let script = parse_script(&text);
        assert!(
            script.commands.iter().all(|c| c.depth <= MAX_NESTING),
            "{unit}"
        );
    }
    let parens = format!("{}x", "(".repeat(100_000));
    assert_eq!(parse_script(&parens).commands[0].depth, 100_000);
}

#[test]
fn pathological_inputs_stay_fast() {
    let start = std::time::Instant::now();
    for text in [
        "((".repeat(20_000),
        format!("{}x{}", "((( a ) b ".repeat(5_000), ")".repeat(5_000)),
        "$((".repeat(20_000),
        "${".repeat(20_000),
        "}".repeat(20_000) + &"(".repeat(20_000) + &"}".repeat(20_000),
        "<<E ".repeat(10_000) + "\n" + &"x\n".repeat(10_000),
        "case x in ".repeat(10_000) + &";;".repeat(10_000),
    ] {
        parse_script(&text);
    }
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
}

#[test]
fn exec_form() {
    let c = exec_command(&[
        ("apt-get", TextRange::new(5, 14)),
        ("install", TextRange::new(16, 25)),
    ]);
    assert_eq!(c.range, TextRange::new(5, 25));
    assert_eq!(
        c.effective().subcommand(&[]).map(|w| w.value.as_str()),
        Some("install")
    );
    assert_eq!(exec_command(&[]).range, TextRange::default());
}

#[test]
fn function_name_lookahead_keeps_the_nesting_context() {
    // Found by proptest: the token read after `name(` used to be lexed as if
    // at top level, outside any substitution.
    let script = parse_script("\"\"(`x");
    assert!(script
        .commands
        .iter()
        .all(|c| c.depth > 0 || !c.in_substitution));
    let script = parse_script("sudo(<(`$(");
    assert!(script
        .commands
        .iter()
        .all(|c| c.depth > 0 || !c.in_substitution));
    check("f( $(a) )", &["0: f", "1: $(a)", "2$: a"]);
}
