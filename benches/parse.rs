//! Parser throughput on the generated Dockerfiles of `../shared/bench/data`
//! (`gen_dockerfile.py --lines N --seed 1`). Run: `cargo bench --bench parse`.

use std::{fs, path::Path};

fn main() {
    divan::main();
}

fn load(lines: usize) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../shared/bench/data/gen-{lines}.Dockerfile"));
    fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("benchmark input {} missing: {err}", path.display()))
}

#[divan::bench(args = [50, 1000, 10000])]
fn parse(bencher: divan::Bencher, lines: usize) {
    let text = load(lines);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| docklens::syntax::parse(divan::black_box(&text)));
}
