//! Robustness of the parser: no panics, a lossless round trip, ranges that
//! stay in bounds, and recovery that keeps every undamaged instruction.

use docklens::syntax::{self, Args, Instruction, Parse, TextRange};
use proptest::prelude::*;

/// A realistic file to mutate: heredocs, continuations, flags, JSON, ONBUILD.
const BASE: &str = r#"# syntax=docker/dockerfile:1.7
ARG NODE_VERSION=20
FROM node:${NODE_VERSION}-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
FROM deps AS build
COPY . .
RUN npm run build \
    && npm prune --omit=dev
RUN <<EOF
set -eux
echo built
EOF
FROM gcr.io/distroless/nodejs20-debian12 AS runtime
ENV NODE_ENV=production PORT=8080
COPY --from=build --chown=1000:1000 /app/dist ./dist
LABEL org.opencontainers.image.title="app"
EXPOSE 8080
USER 1000
HEALTHCHECK --interval=30s CMD ["node", "dist/health.js"]
ONBUILD RUN echo hi
CMD ["dist/server.js"]
"#;

/// Every invariant a parse must hold, whatever the input.
fn check_invariants(text: &str, parse: &Parse) {
    let mut pos = 0;
    for token in parse.tokens() {
        assert_eq!(token.range.start(), pos, "tokens must be contiguous");
        assert!(!token.range.is_empty(), "empty token {token:?}");
        pos = token.range.end();
    }
    assert_eq!(pos, text.len(), "tokens must cover the whole input");
    let rebuilt: String = parse
        .tokens()
        .iter()
        .map(|it| it.range.slice(text))
        .collect();
    assert_eq!(rebuilt, text);

    let in_bounds = |range: TextRange| {
        assert!(
            range.start() <= range.end() && range.end() <= text.len(),
            "{range:?} out of bounds"
        );
        assert!(
            text.is_char_boundary(range.start()) && text.is_char_boundary(range.end()),
            "{range:?} splits a character"
        );
    };
    for error in &parse.errors {
        in_bounds(error.range);
    }
    for comment in &parse.comments {
        in_bounds(comment.range);
    }
    for directive in &parse.directives {
        in_bounds(directive.range);
        in_bounds(directive.name_range);
        in_bounds(directive.value_range);
    }
    let mut stack: Vec<&Instruction> = parse.instructions.iter().collect();
    while let Some(it) = stack.pop() {
        in_bounds(it.range);
        in_bounds(it.keyword.range);
        for flag in &it.flags {
            in_bounds(flag.range);
            in_bounds(flag.name_range);
            if let Some(range) = flag.value_range {
                in_bounds(range);
            }
        }
        for (_, range) in it.args.values() {
            in_bounds(range);
        }
        for kv in it.args.key_values() {
            in_bounds(kv.key.range);
            if let Some(value) = &kv.value {
                in_bounds(value.range);
            }
        }
        for heredoc in &it.heredocs {
            in_bounds(heredoc.marker);
            in_bounds(heredoc.body);
            if let Some(range) = heredoc.terminator {
                in_bounds(range);
            }
        }
        if let Args::Onbuild(Some(inner)) = &it.args {
            stack.push(inner);
        }
    }
    // The dump must not panic either.
    let _ = syntax::dump(parse);
}

fn keywords(parse: &Parse) -> Vec<String> {
    parse
        .instructions
        .iter()
        .map(|it| it.keyword.text.to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC*") {
        let parse = syntax::parse(&text);
        check_invariants(&text, &parse);
    }

    #[test]
    fn dockerfile_alphabet_never_panics(
        text in proptest::collection::vec(
            prop_oneof![
                Just("FROM "), Just("RUN "), Just("COPY "), Just("ONBUILD "), Just("ENV "),
                Just("HEALTHCHECK "), Just("\\\n"), Just("`\n"), Just("\n"), Just("\r\n"),
                Just("<<EOF"), Just("<<-'X'"), Just("EOF\n"), Just("\tX\n"), Just("["), Just("]"),
                Just("\""), Just("'"), Just(","), Just("--mount=type=cache"), Just(" -- "),
                Just("# escape=`\n"), Just("# syntax=x\n"), Just("#"), Just("="), Just("a"),
                Just(" "), Just("\t"), Just("é"), Just("😀"), Just("\u{feff}"), Just("${A:-b}"),
            ],
            0..60,
        ).prop_map(|parts| parts.concat())
    ) {
        let parse = syntax::parse(&text);
        check_invariants(&text, &parse);
    }

    #[test]
    fn edits_of_a_real_file_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..8, "\\PC{0,6}"), 1..6)
    ) {
        let mut text = BASE.to_owned();
        for (at, delete, insert) in edits {
            let mut start = at.index(text.len() + 1);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + delete).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(start..end, &insert);
        }
        let parse = syntax::parse(&text);
        check_invariants(&text, &parse);
    }
}

/// The corruption matrix: damaging one line never costs another instruction.
#[test]
fn one_bad_line_keeps_every_other_instruction() {
    let base = syntax::parse(BASE);
    assert!(base.errors.is_empty(), "{:?}", base.errors);
    let corruptions: [fn(&str) -> String; 6] = [
        |line| line.chars().take(2).collect(),
        |line| line.split(' ').next().unwrap_or("").to_owned(),
        |line| format!("{line} ["),
        |line| format!("{line} \"unterminated"),
        |_| "COPY --from=".to_owned(),
        // A delimiter that closes nowhere; `<<EOF` would (correctly, as in
        // BuildKit) run to the `EOF` of the heredoc further down.
        |_| "RUN <<UNCLOSED".to_owned(),
    ];
    let lines: Vec<&str> = BASE.lines().collect();
    for (idx, instruction) in base.instructions.iter().enumerate() {
        // Only single-line instructions: damaging one line of a heredoc or a
        // continuation changes what the rest of that instruction means.
        if instruction.start_line != instruction.end_line {
            continue;
        }
        for corrupt in corruptions {
            let mut damaged = lines.clone();
            let replacement = corrupt(lines[instruction.start_line]);
            damaged[instruction.start_line] = &replacement;
            let text = damaged.join("\n") + "\n";
            let parse = syntax::parse(&text);
            check_invariants(&text, &parse);
            let mut want = keywords(&base);
            want.remove(idx);
            let mut got = keywords(&parse);
            let Some(pos) = parse
                .instructions
                .iter()
                .position(|it| it.start_line == instruction.start_line)
            else {
                panic!("the damaged line vanished: {replacement:?}");
            };
            got.remove(pos);
            assert_eq!(
                got,
                want,
                "damaging line {} as {replacement:?}",
                instruction.start_line + 1
            );
        }
    }
}

/// No recursion on input size: a 100,000-line continuation on a 256 KiB stack.
#[test]
fn deep_continuation_does_not_overflow() {
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let mut text = String::from("FROM alpine\nRUN echo start \\\n");
            for _ in 0..100_000 {
                text.push_str("  && echo more \\\n");
            }
            text.push_str("  && echo end\nRUN echo after\n");
            let nested = format!("FROM a\nCMD {}\n", "[".repeat(100_000));
            let onbuild = format!("FROM a\n{}RUN x\n", "ONBUILD ".repeat(100_000));
            (
                syntax::parse(&text),
                syntax::parse(&nested),
                syntax::parse(&onbuild),
            )
        });
    let (parse, nested, onbuild) = match handle.map(|it| it.join()) {
        Ok(Ok(it)) => it,
        _ => panic!("parsing overflowed a small stack"),
    };
    assert_eq!(parse.instructions.len(), 3);
    assert_eq!(parse.instructions[1].end_line, 100_002);
    assert_eq!(nested.instructions.len(), 2);
    assert_eq!(onbuild.instructions.len(), 2);
}

/// The segment map rebuilds exactly the logical line BuildKit parses.
#[test]
fn logical_text_is_rebuilt_from_the_source() {
    let text = "FROM a\nRUN echo a \\\n# c\n\n    b \\\n  c\nENV A=1\n";
    let parse = syntax::parse(text);
    let logical: Vec<String> = parse
        .instructions
        .iter()
        .map(|it| it.logical_text(text))
        .collect();
    assert_eq!(logical, vec!["FROM a", "RUN echo a     b   c", "ENV A=1"]);
}
