//! A readable dump of the whole syntax tree with source ranges, for golden
//! tests and `docklens dump --format tree`.

use std::fmt::Write;

use super::{Args, Instruction, Parse, TextRange};

/// Renders `parse` (of `text`) as an indented tree, one node per line.
pub fn debug_tree(text: &str, parse: &Parse) -> String {
    let mut out = String::new();
    let quote = |range: TextRange| format!("{:?}", range.slice(text));
    if let Some(bom) = parse.bom {
        let _ = writeln!(out, "BOM {bom:?}");
    }
    for directive in &parse.directives {
        let _ = writeln!(
            out,
            "DIRECTIVE {:?} {} name={} value={}",
            directive.range,
            directive.kind.name(),
            quote(directive.name_range),
            quote(directive.value_range)
        );
    }
    if parse.escape != '\\' {
        let _ = writeln!(out, "ESCAPE {:?}", parse.escape);
    }
    for comment in &parse.comments {
        let _ = writeln!(
            out,
            "COMMENT {:?} {}{}",
            comment.range,
            quote(comment.range),
            if comment.in_continuation {
                " (in continuation)"
            } else {
                ""
            }
        );
    }
    for instruction in &parse.instructions {
        write_instruction(&mut out, text, instruction, 0);
    }
    for error in &parse.errors {
        let _ = writeln!(
            out,
            "ERROR {:?} {:?} {}: {}",
            error.kind,
            error.range,
            quote(error.range),
            error.message
        );
    }
    out
}

fn write_instruction(out: &mut String, text: &str, it: &Instruction, depth: usize) {
    let pad = "  ".repeat(depth);
    let quote = |range: TextRange| format!("{:?}", range.slice(text));
    let _ = writeln!(
        out,
        "{pad}{:?} {:?} lines {}-{}",
        it.kind,
        it.range,
        it.start_line + 1,
        it.end_line + 1
    );
    let _ = writeln!(
        out,
        "{pad}  keyword {:?} {}",
        it.keyword.range,
        quote(it.keyword.range)
    );
    for flag in &it.flags {
        let _ = write!(
            out,
            "{pad}  flag {:?} {} name={}",
            flag.range,
            quote(flag.range),
            quote(flag.name_range)
        );
        match (&flag.value, flag.value_range) {
            (Some(value), Some(range)) => {
                let _ = writeln!(out, " value={} ({value:?})", quote(range));
            }
            _ => out.push('\n'),
        }
    }
    write_args(out, text, &it.args, depth + 1);
    for heredoc in &it.heredocs {
        let _ = writeln!(
            out,
            "{pad}  heredoc {:?} {} name={:?} fd={:?} chomp={} expand={} body={:?} terminator={}",
            heredoc.marker,
            quote(heredoc.marker),
            heredoc.name,
            heredoc.fd,
            heredoc.chomp,
            heredoc.expand,
            heredoc.body.slice(text),
            heredoc.terminator.map_or("none".to_owned(), quote),
        );
    }
    for empty in &it.empty_continuation_lines {
        let _ = writeln!(out, "{pad}  empty continuation line {empty:?}");
    }
}

fn write_args(out: &mut String, text: &str, args: &Args, depth: usize) {
    let pad = "  ".repeat(depth);
    let quote = |range: TextRange| format!("{:?}", range.slice(text));
    match args {
        Args::Empty => {}
        Args::Exec(exec) => {
            let _ = writeln!(out, "{pad}exec {:?}", exec.range);
            for element in &exec.elements {
                let _ = writeln!(
                    out,
                    "{pad}  string {:?} {} = {:?}",
                    element.range,
                    quote(element.range),
                    element.value
                );
            }
        }
        Args::Shell(word) => {
            let _ = writeln!(out, "{pad}shell {:?} {:?}", word.range, word.text);
        }
        Args::Words(words) => {
            for word in words {
                let _ = writeln!(out, "{pad}word {:?} {:?}", word.range, word.text);
            }
        }
        Args::KeyValues(kvs) => {
            for kv in kvs {
                let _ = write!(out, "{pad}pair {:?} key={:?}", kv.range, kv.key.text);
                match &kv.value {
                    Some(value) => {
                        let _ = write!(out, " value={:?} {:?}", value.text, value.range);
                    }
                    None => out.push_str(" (no value)"),
                }
                out.push_str(if kv.legacy { " legacy\n" } else { "\n" });
            }
        }
        Args::Text(word) => {
            let _ = writeln!(out, "{pad}text {:?} {:?}", word.range, word.text);
        }
        Args::Healthcheck { kind, cmd } => {
            let _ = writeln!(out, "{pad}type {:?} {:?}", kind.range, kind.text);
            write_args(out, text, cmd, depth);
        }
        Args::Onbuild(None) => {}
        Args::Onbuild(Some(inner)) => write_instruction(out, text, inner, depth),
        Args::Ignored(word) => {
            let _ = writeln!(out, "{pad}ignored {:?} {:?}", word.range, word.text);
        }
    }
}
