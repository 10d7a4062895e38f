//! The script splitter on realistic Dockerfile `RUN` text, plus robustness
//! properties: no panics, ranges in bounds and on char boundaries, commands
//! in source order.

use docklens::syntax::script::{parse_script, Command, Connector, Script};
use docklens::syntax::TextRange;
use proptest::prelude::*;

fn names(script: &Script) -> Vec<&str> {
    script
        .commands
        .iter()
        .filter_map(|c| c.effective().name())
        .collect()
}

fn values(words: &[&docklens::syntax::script::ScriptWord]) -> Vec<String> {
    words.iter().map(|w| w.value.clone()).collect()
}

fn connectors(script: &Script) -> Vec<Option<Connector>> {
    script.commands.iter().map(|c| c.connector).collect()
}

#[test]
fn apt_get_chain() {
    let text = "apt-get update && apt-get install -y --no-install-recommends curl=7.* git && rm -rf /var/lib/apt/lists/*";
    let script = parse_script(text);
    assert_eq!(names(&script), ["apt-get", "apt-get", "rm"]);
    assert_eq!(
        connectors(&script),
        [Some(Connector::And), Some(Connector::And), None]
    );
    let install = script.commands[1].effective();
    assert_eq!(
        install.subcommand(&[]).map(|w| w.value.as_str()),
        Some("install")
    );
    assert_eq!(values(&install.positionals(&[])), ["curl=7.*", "git"]);
    assert!(install.has_flag(&['y'], &["yes", "assume-yes"]));
    assert!(install.has_flag(&[], &["no-install-recommends"]));
    assert_eq!(
        script.commands[1].range.slice(text),
        "apt-get install -y --no-install-recommends curl=7.* git"
    );
    let rm = script.commands[2].effective();
    assert_eq!(
        values(&rm.args().iter().collect::<Vec<_>>()),
        ["-rf", "/var/lib/apt/lists/*"]
    );
}

#[test]
fn heredoc_body_with_real_newlines() {
    let text = "set -eux; \n pip install --no-cache-dir -r requirements.txt\n";
    let script = parse_script(text);
    assert_eq!(names(&script), ["set", "pip"]);
    assert_eq!(connectors(&script), [Some(Connector::Seq), None]);
    let pip = script.commands[1].effective();
    assert!(pip.has_flag(&[], &["no-cache-dir"]));
    assert_eq!(
        pip.flag_value(Some('r'), &["requirement"]).map(|v| v.value),
        Some("requirements.txt")
    );
    assert!(pip.positionals(&["-r"]).is_empty());
}

#[test]
fn wrappers_and_assignments() {
    let script = parse_script("sudo -u app npm ci --omit=dev");
    let npm = script.commands[0].effective();
    assert_eq!(npm.name(), Some("npm"));
    assert_eq!(npm.wrapped_by, ["sudo"]);
    assert_eq!(npm.subcommand(&[]).map(|w| w.value.as_str()), Some("ci"));

    let script = parse_script("env DEBIAN_FRONTEND=noninteractive apt-get -qy install x");
    let apt = script.commands[0].effective();
    assert_eq!(
        (apt.name(), apt.wrapped_by.as_slice()),
        (Some("apt-get"), &["env"][..])
    );
    assert!(apt.has_flag(&['y'], &["yes"]));
    assert_eq!(
        apt.subcommand(&[]).map(|w| w.value.as_str()),
        Some("install")
    );

    let script = parse_script("DEBIAN_FRONTEND=noninteractive apt-get install -y x");
    let command = &script.commands[0];
    assert_eq!(
        command.assignments[0].assignment(),
        Some(("DEBIAN_FRONTEND", "noninteractive"))
    );
    assert_eq!(command.name(), Some("apt-get"));
    assert!(command.effective().wrapped_by.is_empty());
}

#[test]
fn cd_pipes_and_conditionals() {
    let script = parse_script("cd /app && make");
    assert_eq!(names(&script), ["cd", "make"]);

    let script = parse_script("curl -fsSL https://x | sh -");
    assert_eq!(names(&script), ["curl", "sh"]);
    assert_eq!(connectors(&script), [Some(Connector::Pipe), None]);
    assert!(script.commands[0].effective().has_flag(&['f'], &["fail"]));
    assert_eq!(script.commands[1].words[1].value, "-");

    let script = parse_script("wget -qO- url | tar xz");
    assert_eq!(names(&script), ["wget", "tar"]);
    let wget = script.commands[0].effective();
    assert_eq!(
        wget.flag_value(Some('O'), &["output-document"])
            .map(|v| v.value),
        Some("-")
    );

    let script = parse_script("if [ -f a ]; then apk add --no-cache b; fi");
    assert_eq!(names(&script), ["[", "apk"]);
    assert!(script.commands.iter().all(|c| c.depth == 0));
    let apk = script.commands[1].effective();
    assert_eq!(values(&apk.positionals(&[])), ["b"]);

    let script = parse_script("for p in a b; do echo $p; done");
    assert_eq!(names(&script), ["echo"]);
    assert!(script.commands[0].words[1].has_expansion);

    let script = parse_script("yum install -y x && yum clean all");
    assert_eq!(names(&script), ["yum", "yum"]);
    assert_eq!(
        script.commands[1]
            .effective()
            .subcommand(&[])
            .map(|w| w.value.as_str()),
        Some("clean")
    );
}

#[test]
fn substitutions_are_reported() {
    let text = r#"echo "$(apk info)""#;
    let script = parse_script(text);
    assert_eq!(names(&script), ["echo", "apk"]);
    let outer = &script.commands[0];
    assert_eq!(outer.words[1].value, "$(apk info)");
    assert!(outer.words[1].quoted && outer.words[1].has_expansion);
    let inner = &script.commands[1];
    assert!(inner.in_substitution);
    assert_eq!(inner.depth, 1);
    assert_eq!(inner.range.slice(text), "apk info");

    let script =
        parse_script("apt-get install -y $(cat /tmp/packages.txt) && rm /tmp/packages.txt");
    assert_eq!(names(&script), ["apt-get", "cat", "rm"]);
    assert_eq!(script.commands[0].connector, Some(Connector::And));
}

#[test]
fn heredoc_lines_are_not_commands() {
    let text = "cat <<EOF > /etc/x\nhello apt-get\nEOF\napt-get clean";
    let script = parse_script(text);
    assert_eq!(names(&script), ["cat", "apt-get"]);
    let cat = &script.commands[0];
    assert_eq!(cat.redirections.len(), 2);
    assert_eq!(cat.redirections[0].op, "<<");
    assert_eq!(
        cat.redirections[0]
            .target
            .as_ref()
            .map(|t| t.value.as_str()),
        Some("EOF")
    );
    assert_eq!(
        cat.redirections[0].body.map(|b| b.slice(text)),
        Some("hello apt-get\n")
    );
    assert_eq!(cat.redirections[1].op, ">");
    assert_eq!(script.commands[1].range.slice(text), "apt-get clean");
}

#[test]
fn quoting_edge_cases() {
    let script = parse_script(r#"echo "a && b" 'c; d' e\;f "g\"h" 'i'"j"k"#);
    assert_eq!(script.commands.len(), 1);
    let words: Vec<_> = script.commands[0]
        .words
        .iter()
        .map(|w| w.value.as_str())
        .collect();
    assert_eq!(words, ["echo", "a && b", "c; d", "e;f", "g\"h", "ijk"]);

    let script = parse_script(r#"sh -c 'apt-get update && apt-get install -y x'"#);
    assert_eq!(names(&script), ["sh"]);
    assert_eq!(
        script.commands[0].words[2].value,
        "apt-get update && apt-get install -y x"
    );
}

#[test]
fn unterminated_quote_keeps_the_script() {
    let text = "apt-get update && apt-get install -y 'curl && rm -rf /var/lib/apt/lists/*";
    let script = parse_script(text);
    assert_eq!(names(&script), ["apt-get", "apt-get"]);
    let last = &script.commands[1];
    assert_eq!(last.range.end(), text.len());
    assert_eq!(last.words[3].value, "curl && rm -rf /var/lib/apt/lists/*");
}

#[test]
fn a_typical_multi_line_heredoc_run() {
    let text = "\
set -eux
apt-get update
apt-get install -y --no-install-recommends \\
    ca-certificates \\
    curl
# clean up
rm -rf /var/lib/apt/lists/*
cat > /etc/app.conf <<-CONF
\tport = 8080
\tCONF
if ! command -v node >/dev/null; then
    curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
fi
";
    let script = parse_script(text);
    assert_eq!(
        names(&script),
        ["set", "apt-get", "apt-get", "rm", "cat", "command", "curl", "bash"]
    );
    let install = script.commands[2].effective();
    assert_eq!(
        values(&install.positionals(&[])),
        ["ca-certificates", "curl"]
    );
    // `command -v` is a lookup, not a wrapper.
    assert_eq!(script.commands[5].effective().wrapped_by.len(), 0);
}

#[test]
fn a_ten_thousand_line_heredoc_is_linear() {
    let mut text = String::from("cat <<'EOF' > /big\n");
    for i in 0..10_000 {
        text.push_str(&format!("line {i} && apt-get install $(x) `y` 'z\n"));
    }
    text.push_str("EOF\necho done\n");
    let start = std::time::Instant::now();
    let script = parse_script(&text);
    assert!(start.elapsed().as_secs() < 2, "took {:?}", start.elapsed());
    assert_eq!(names(&script), ["cat", "echo"]);
    // And the same lines as a script are 20,000 commands plus substitutions.
    let body = text
        .lines()
        .skip(1)
        .take(10_000)
        .collect::<Vec<_>>()
        .join("'\n");
    let script = parse_script(&body);
    assert_eq!(script.commands.len(), 40_000);
}

/// Every invariant a split must hold, whatever the input.
fn check_invariants(text: &str, script: &Script) {
    let in_bounds = |range: TextRange| {
        range.start() <= range.end()
            && range.end() <= text.len()
            && text.is_char_boundary(range.start())
            && text.is_char_boundary(range.end())
    };
    let mut previous = 0;
    for command in &script.commands {
        assert!(in_bounds(command.range), "{command:?}");
        assert!(
            command.range.start() >= previous,
            "out of order: {command:?}"
        );
        previous = command.range.start();
        assert!(command.depth > 0 || !command.in_substitution);
        let words = command.assignments.iter().chain(&command.words);
        let targets = command
            .redirections
            .iter()
            .filter_map(|r| r.target.as_ref());
        for word in words.chain(targets) {
            assert!(in_bounds(word.range), "{word:?}");
            assert!(
                command.range.contains_range(word.range),
                "{word:?} outside {command:?}"
            );
        }
        for redirection in &command.redirections {
            assert!(in_bounds(redirection.range));
            assert!(command.range.contains_range(redirection.range));
            if let Some(body) = redirection.body {
                assert!(in_bounds(body));
                assert!(body.start() >= redirection.range.end());
            }
        }
        assert!(!is_empty(command), "{command:?}");
    }
}

fn is_empty(command: &Command) -> bool {
    command.words.is_empty() && command.assignments.is_empty() && command.redirections.is_empty()
}

/// Fragments that exercise every construct, so random scripts hit the
/// interesting states rather than plain words.
const PIECES: &[&str] = &[
    "$(", ")", "(", "`", "'", "\"", "\\", "\n", "<<E", "<<-E", "\nE\n", "\tE", "case", " in ",
    ";;", "{", "}", "((", "))", "$((", "[[", "]]", "if", "then", "fi", "for", "do", "done", "&&",
    "||", "|", ";", "&", "#", "${", "é", "☃", " ", "x", "2>&1", ">", "<", "<(", "=", "A=",
    "function", "\t", "\r", "esac", "$'", "\\\n", "!", "@(", "*", "sudo", "env", "-y",
];

fn script_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..64).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let script = parse_script(&text);
        check_invariants(&text, &script);
    }

    #[test]
    fn shell_like_text_never_panics(text in script_like()) {
        let script = parse_script(&text);
        check_invariants(&text, &script);
        for command in &script.commands {
            let effective = command.effective();
            let _ = (effective.name(), effective.subcommand(&["-o"]), effective.positionals(&["-o"]));
            let _ = (effective.has_flag(&['y'], &["yes"]), effective.flag_value(Some('o'), &["out"]));
        }
    }
}
