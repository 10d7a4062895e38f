//! BuildKit's AST dump: one S-expression per instruction, values quoted
//! with Go's `strconv.Quote`. Used by `docklens dump` and the conformance
//! tests against BuildKit's own parser corpus.

use std::fmt::Write;

use unicode_general_category::{get_general_category, GeneralCategory};

use super::{Args, Instruction, InstructionKind, Parse};

/// The dump of a whole file, one line per instruction, no trailing newline.
pub fn dump(parse: &Parse) -> String {
    let mut res = String::new();
    for instruction in &parse.instructions {
        let mut one = String::new();
        dump_instruction(&mut one, instruction);
        res.push('(');
        res.push_str(one.trim());
        res.push_str(")\n");
    }
    res.trim().to_owned()
}

fn dump_instruction(acc: &mut String, instruction: &Instruction) {
    acc.push_str(&instruction.keyword.text.to_lowercase());
    if !instruction.flags.is_empty() {
        acc.push_str(" [");
        for (idx, flag) in instruction.flags.iter().enumerate() {
            if idx > 0 {
                acc.push(' ');
            }
            // BuildKit builds flag strings one byte at a time, each byte
            // becoming a rune, so non-ASCII flag text dumps as Latin-1.
            let latin1: String = flag.processed.bytes().map(char::from).collect();
            acc.push_str(&go_quote(&latin1));
        }
        acc.push(']');
    }
    dump_args(acc, instruction.kind, &instruction.args);
}

fn dump_args(acc: &mut String, kind: InstructionKind, args: &Args) {
    let mut quoted = |value: &str| {
        acc.push(' ');
        acc.push_str(&go_quote(value));
    };
    match args {
        Args::Empty | Args::Onbuild(None) => {}
        Args::Exec(exec) => exec.elements.iter().for_each(|it| quoted(&it.value)),
        Args::Shell(word) | Args::Text(word) => quoted(&word.text),
        // BuildKit's parser drops an unknown instruction's arguments.
        Args::Ignored(_) => quoted(""),
        Args::Words(words) => words.iter().for_each(|it| quoted(&it.text)),
        Args::KeyValues(kvs) if kind == InstructionKind::Arg => {
            for kv in kvs {
                match &kv.value {
                    Some(value) => quoted(&format!("{}={}", kv.key.text, value.text)),
                    None => quoted(&kv.key.text),
                }
            }
        }
        Args::KeyValues(kvs) => {
            for kv in kvs {
                quoted(&kv.key.text);
                quoted(kv.value.as_ref().map_or("", |it| it.text.as_str()));
                quoted(if kv.legacy { "" } else { "=" });
            }
        }
        Args::Healthcheck { kind: word, cmd } => {
            quoted(&word.text);
            dump_args(acc, kind, cmd);
        }
        Args::Onbuild(Some(inner)) => {
            let mut one = String::new();
            dump_instruction(&mut one, inner);
            acc.push_str(" (");
            acc.push_str(one.trim());
            acc.push(')');
        }
    }
}

/// Go's `strconv.Quote`.
pub fn go_quote(value: &str) -> String {
    let mut res = String::with_capacity(value.len() + 2);
    res.push('"');
    for c in value.chars() {
        match c {
            '"' => res.push_str("\\\""),
            '\\' => res.push_str("\\\\"),
            c if is_go_printable(c) => res.push(c),
            '\u{07}' => res.push_str("\\a"),
            '\u{08}' => res.push_str("\\b"),
            '\u{0C}' => res.push_str("\\f"),
            '\n' => res.push_str("\\n"),
            '\r' => res.push_str("\\r"),
            '\t' => res.push_str("\\t"),
            '\u{0B}' => res.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7F}' => {
                let _ = write!(res, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(res, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(res, "\\U{:08x}", c as u32);
            }
        }
    }
    res.push('"');
    res
}

/// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols
/// and the ASCII space.
fn is_go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_ascii() {
        return c.is_ascii_graphic();
    }
    use GeneralCategory::*;
    matches!(
        get_general_category(c),
        UppercaseLetter
            | LowercaseLetter
            | TitlecaseLetter
            | ModifierLetter
            | OtherLetter
            | NonspacingMark
            | SpacingMark
            | EnclosingMark
            | DecimalNumber
            | LetterNumber
            | OtherNumber
            | ConnectorPunctuation
            | DashPunctuation
            | OpenPunctuation
            | ClosePunctuation
            | InitialPunctuation
            | FinalPunctuation
            | OtherPunctuation
            | MathSymbol
            | CurrencySymbol
            | ModifierSymbol
            | OtherSymbol
    )
}

#[cfg(test)]
mod tests {
    use super::go_quote;

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(go_quote("\u{0}\u{7f}\t\u{0B}"), r#""\x00\x7f\t\v""#);
        assert_eq!(go_quote("♥ ☃ é"), "\"♥ ☃ é\"");
        assert_eq!(go_quote("\u{a0}\u{200b}"), r#""\u00a0\u200b""#);
        assert_eq!(go_quote("\u{e0001}"), r#""\U000e0001""#);
        assert_eq!(go_quote("/'"), r#""/'""#);
    }
}
