//! Golden tests for the parser: every syntax form under `tests/syntax/ok`,
//! every typing state and BuildKit rejection under `tests/syntax/err`.
//! Snapshots hold the full tree with source ranges; review changes with
//! `cargo insta review`.

use docklens::syntax;

fn render(text: &str) -> String {
    let parse = syntax::parse(text);
    let tokens: String = parse
        .tokens()
        .iter()
        .map(|it| it.range.slice(text))
        .collect();
    assert_eq!(
        tokens, text,
        "tokens must give back the input byte for byte"
    );
    let mut out = syntax::debug_tree(text, &parse);
    if parse.errors.is_empty() {
        out.push_str("--- buildkit dump\n");
        out.push_str(&syntax::dump(&parse));
        out.push('\n');
    }
    out
}

#[test]
fn syntax_forms() {
    insta::glob!("syntax/ok/*.Dockerfile", |path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let parse = syntax::parse(&text);
        assert!(
            parse.errors.is_empty(),
            "{}: {:?}",
            path.display(),
            parse.errors
        );
        insta::assert_snapshot!(render(&text));
    });
}

#[test]
fn typing_states_and_rejections() {
    insta::glob!("syntax/err/*.Dockerfile", |path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        insta::assert_snapshot!(render(&text));
    });
}
