//! Size features of the editor layer on fixtures: the image hover on `FROM`,
//! the layer hover on `RUN`/`COPY`/`ADD`, inlay hints and the final-size
//! lens. `$0` marks the cursor.

use std::sync::Arc;

use docklens::ide::{self, Analysis, AnalysisConfig};
use insta::assert_snapshot;

fn analysis(text: &str) -> Analysis {
    Analysis::new(Arc::from(text), Arc::new(AnalysisConfig::default()))
}

fn seed(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/seed/{name}.Dockerfile",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

/// The hover at the first `$0`, as `[hovered text]` and the markdown.
fn hover(fixture: &str) -> String {
    let offset = fixture.find("$0").expect("the fixture marks the cursor");
    let text = fixture.replacen("$0", "", 1);
    let analysis = analysis(&text);
    match ide::hover(&analysis, offset) {
        Some(hover) => format!(
            "[{}]\n{}",
            hover.range.slice(analysis.text()),
            hover.markdown
        ),
        None => "(no hover)".to_owned(),
    }
}

/// The text with every hint inserted as `«label»` and lenses as a line above.
fn hinted(text: &str) -> String {
    let analysis = analysis(text);
    let mut out = text.to_owned();
    let mut hints = ide::size_hints(&analysis);
    hints.sort_by_key(|it| std::cmp::Reverse(it.offset));
    for hint in hints {
        out.insert_str(hint.offset, &format!("  «{}»", hint.label));
    }
    let lenses: Vec<String> = ide::size_lenses(&analysis)
        .iter()
        .map(|it| {
            let line = text[..it.range.start()].matches('\n').count() + 1;
            format!("lens on line {line}: {}", it.title)
        })
        .collect();
    format!("{}\n---\n{out}", lenses.join("\n"))
}

#[test]
fn from_hover_on_the_shipped_sdk_of_t1() {
    let text = seed("t1").replacen("golang:alpine", "gol$0ang:alpine", 1);
    let hover = hover(&text);
    assert!(hover.contains("download") && hover.contains("on disk"));
    assert_snapshot!(hover);
}

#[test]
fn from_hover_on_a_builder_and_on_the_runtime_of_t4() {
    let text = seed("t4");
    assert_snapshot!(
        "t4_builder",
        hover(&text.replacen("golang:alpine", "golang:$0alpine", 1))
    );
    assert_snapshot!(
        "t4_runtime",
        hover(&text.replacen("FROM alpine", "FROM alp$0ine", 1))
    );
}

#[test]
fn from_hover_offers_checked_smaller_bases_for_t3() {
    let text = seed("t3").replacen("FROM golang:alpine\n", "FROM golang:al$0pine\n", 1);
    assert_snapshot!(hover(&text));
}

#[test]
fn from_hover_on_an_unknown_image_says_so() {
    let text = seed("book").replacen("diamol/base", "diamol/$0base", 1);
    let hover = hover(&text);
    assert!(hover.contains("unknown"), "{hover}");
    assert!(!hover.contains(" MB"), "no invented size: {hover}");
    assert_snapshot!(hover);
}

#[test]
fn from_hover_resolves_args_through_the_model() {
    let hover = hover(
        "ARG GO_VERSION=1.22\nFROM golang:${GO_VERSION}-al$0pine AS build\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n",
    );
    assert!(hover.contains("`golang:1.22-alpine`"), "{hover}");
    assert_snapshot!(hover);
}

#[test]
fn from_hover_on_scratch_and_an_invalid_reference() {
    assert_snapshot!(
        "scratch",
        hover("FROM golang:1.22 AS b\nRUN go build -o /app .\nFROM scr$0atch\nCOPY --from=b /app /app\n")
    );
    assert_snapshot!("invalid", hover("FROM Ub$0untu:22.04\n"));
}

#[test]
fn layer_hover_on_run_and_copy() {
    let text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y build-es$0sential curl\nCOPY app /app\n";
    assert_snapshot!("layer_apt", hover(text));
    let text = "FROM python:3.13-slim\nRUN pip in$0stall -r requirements.txt\n";
    assert_snapshot!("layer_pip", hover(text));
    let text = seed("book").replacen("chmod +x server", "chmod +x ser$0ver", 1);
    assert_snapshot!("layer_chmod", hover(&text));
}

#[test]
fn layer_hover_in_a_builder_says_it_does_not_ship() {
    let hover = hover(
        "FROM debian:bookworm AS build\nRUN apt-get update && apt-get install -y --no-install-recommends g$0cc\nFROM scratch\nCOPY --from=build /out /out\n",
    );
    assert!(hover.contains("does not ship"), "{hover}");
    assert!(hover.contains("gcc (apt)"), "{hover}");
}

#[test]
fn no_layer_hover_when_the_model_knows_nothing() {
    assert_eq!(hover("FROM alpine:3.22\nRUN ec$0ho hello\n"), "(no hover)");
}

#[test]
fn hints_and_lens_on_the_seeds() {
    assert_snapshot!("hints_t1", hinted(&seed("t1")));
    assert_snapshot!("hints_t4", hinted(&seed("t4")));
    assert_snapshot!("hints_book", hinted(&seed("book")));
    assert_snapshot!(
        "hints_apt",
        hinted("FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN echo done\n")
    );
}

#[test]
fn plaintext_hover_keeps_the_chart_readable() {
    let text = seed("t3").replacen("FROM golang:alpine\n", "FROM golang:al$0pine\n", 1);
    let plain = ide::markdown_to_plaintext(&hover(&text));
    assert!(!plain.contains("**") && !plain.contains("```"), "{plain}");
    assert!(plain.contains("█"), "{plain}");
}

#[test]
fn size_features_take_any_text() {
    let mut texts: Vec<String> = ["t1", "t2", "t3", "t4", "t4-fixed", "book"]
        .iter()
        .map(|it| seed(it))
        .collect();
    texts.extend(
        [
            "FROM",
            "FROM \\\n",
            "FROM ${X:-golang}:${Y\nRUN apt-get install -y",
            "FROM scratch AS a\nFROM a\nCOPY --from=a\nRUN chmod +x",
            "FROM golang:alpine AS b\nFROM b AS c\nFROM c\nRUN <<EOF\napt-get update\nEOF\n",
            "ONBUILD RUN apt-get update\nFROM debian\nONBUILD RUN pip install x\n",
            "FROM alpine:3.22\r\nRUN apk add gcc\r\nCOPY é /é\r\n",
        ]
        .map(str::to_owned),
    );
    for text in texts {
        let analysis = analysis(&text);
        for offset in (0..=text.len()).filter(|it| text.is_char_boundary(*it)) {
            if let Some(hover) = ide::hover(&analysis, offset) {
                assert!(hover.range.end() <= text.len());
            }
        }
        for hint in ide::size_hints(&analysis) {
            assert!(text.is_char_boundary(hint.offset), "{text:?}");
            assert!(!hint.label.is_empty());
        }
        for lens in ide::size_lenses(&analysis) {
            assert!(lens.range.end() <= text.len() && !lens.title.is_empty());
        }
    }
}
