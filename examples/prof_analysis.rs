//! Where analysis time goes on one file: parse, model, and each rule on its
//! own (the others turned off), slowest first.
//!
//! `cargo run --release --example prof_analysis -- ../shared/bench/data/gen-10000.Dockerfile`

use std::time::{Duration, Instant};

use docklens::{
    model::{self, KnowledgeBaseFacts, ModelOptions},
    rules::{self, Config, Environment, RuleSetting},
    syntax,
};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: prof_analysis FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("cannot read {path}: {err}");
            std::process::exit(2);
        }
    };
    let runs = 21;
    let parse = syntax::parse(&text);
    let options = ModelOptions::default();
    let model = model::analyze(&text, &parse, &options, &KnowledgeBaseFacts);
    let env = Environment::default();
    println!("parse  {:>10.3?}", time(runs, || syntax::parse(&text)));
    println!(
        "model  {:>10.3?}",
        time(runs, || model::analyze(
            &text,
            &parse,
            &options,
            &KnowledgeBaseFacts
        ))
    );
    let all = Config::default();
    println!(
        "rules  {:>10.3?}  ({} findings)",
        time(runs, || rules::check(&text, &parse, &model, &all, &env)),
        rules::check(&text, &parse, &model, &all, &env).len()
    );
    let codes: Vec<&str> = rules::all_rules().iter().map(|it| it.code).collect();
    let none = Config {
        overrides: codes
            .iter()
            .map(|it| (it.to_string(), RuleSetting::Off))
            .collect(),
        ..Config::default()
    };
    let base = time(runs, || rules::check(&text, &parse, &model, &none, &env));
    println!("engine {base:>10.3?}  (every rule off)");
    let mut per_rule: Vec<(Duration, &str, usize)> = Vec::new();
    for code in &codes {
        let mut config = none.clone();
        config.overrides.retain(|(it, _)| it != code);
        let found = rules::check(&text, &parse, &model, &config, &env).len();
        let took = time(5, || rules::check(&text, &parse, &model, &config, &env));
        per_rule.push((took.saturating_sub(base), code, found));
    }
    per_rule.sort_unstable_by_key(|it| std::cmp::Reverse(it.0));
    for (took, code, found) in per_rule.iter().take(15) {
        println!("  {code:<36} {took:>10.3?}  {found} findings");
    }
}
