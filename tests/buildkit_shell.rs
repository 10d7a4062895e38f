//! BuildKit's own word-expansion tables, run against our lexer. The corpus
//! lives beside the repository (see its README.md for the formats).

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;

use docklens::syntax::shell::Lexer;

fn corpus_file(name: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/buildkit-shell");
    let path = dir.join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "\n\n*** BuildKit shell corpus missing ***\nexpected {} (i.e. <repo>/../shared/corpus/buildkit-shell/{name}): {e}\n\n",
            path.display()
        )
    })
}

#[test]
fn env_var_test() {
    let text = corpus_file("envVarTest");
    let env = [
        ("PWD", "/home"),
        ("SHELL", "bash"),
        ("KOREAN", "한국어"),
        ("NULL", ""),
    ];
    let lexer = Lexer::new('\\');
    let mut failures = Vec::new();
    let (mut run, mut skipped) = (0, 0);
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.trim().split('|').collect();
        let [platform, input, expected] = parts[..] else {
            panic!("envVarTest:{number}: expected PLATFORM|INPUT|EXPECTED, got {line:?}");
        };
        let (platform, input, expected) = (platform.trim(), input.trim(), expected.trim());
        match platform {
            "A" | "U" => {}
            "W" => {
                skipped += 1;
                continue;
            }
            other => panic!("envVarTest:{number}: unknown platform {other:?}"),
        }
        run += 1;
        let got = lexer.process_word(input, &env);
        let ok = match (&got, expected) {
            (Err(_), "error") => true,
            (Ok(word), expected) => expected != "error" && word.value == expected,
            (Err(_), _) => false,
        };
        if !ok {
            let got = match got {
                Ok(word) => format!("{:?}", word.value),
                Err(e) => format!("error: {e}"),
            };
            failures.push(format!(
                "  line {number}: {input:?} expected {expected:?}, got {got}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {run} envVarTest lines failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        run > 200,
        "only {run} envVarTest lines ran; is the corpus intact?"
    );
    eprintln!("envVarTest: {run} A/U lines pass, {skipped} W lines skipped");
}

#[test]
fn words_test() {
    let text = corpus_file("wordsTest");
    let lexer = Lexer::new('\\');
    let mut env: HashMap<String, String> = HashMap::new();
    let mut failures = Vec::new();
    let mut run = 0;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.starts_with('#') {
            continue;
        }
        if let Some(assignment) = line.strip_prefix("ENV ") {
            let assignment = assignment.trim_start_matches(' ');
            let (name, value) = assignment.split_once('=').unwrap_or((assignment, ""));
            env.insert(name.to_owned(), value.to_owned());
            continue;
        }
        let parts: Vec<&str> = line.split('|').collect();
        let [input, expected] = parts[..] else {
            panic!("wordsTest:{number}: expected exactly one | in {line:?}");
        };
        let input = input.trim();
        let expected: Vec<&str> = expected.trim_start_matches(' ').split(',').collect();
        run += 1;
        let got = match lexer.process_words(input, &env) {
            Ok(words) => words,
            Err(_) => vec!["error".to_owned()],
        };
        if got != expected {
            failures.push(format!(
                "  line {number}: {input:?} expected {expected:?}, got {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {run} wordsTest lines failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        run > 20,
        "only {run} wordsTest lines ran; is the corpus intact?"
    );
    eprintln!("wordsTest: {run} lines pass");
}
