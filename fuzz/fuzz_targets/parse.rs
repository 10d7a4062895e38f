//! Fuzzes the parser: any UTF-8 input must parse without panicking, its
//! tokens must give the input back byte for byte, and the dump must work.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parse = docklens::syntax::parse(text);
    let rebuilt: String = parse.tokens().iter().map(|it| it.range.slice(text)).collect();
    assert_eq!(rebuilt, text);
    let _ = docklens::syntax::dump(&parse);
    let _ = docklens::syntax::debug_tree(text, &parse);
});
