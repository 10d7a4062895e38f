//! Every code action docklens offers, on every fixture and every rule-docs
//! example, is checked the way a user would: the edited file still parses,
//! the finding the action targets is gone (one fewer of its code), no new
//! error appears, and fix-all is idempotent.

use std::{collections::BTreeMap, fs, path::Path, sync::Arc};

use docklens::{
    ide::{self, Analysis, AnalysisConfig, CodeActionKind},
    rules::{self, docs, Severity},
    syntax::{self, apply_edits, TextRange},
};

/// Files larger than this are left to the fix-all check: every action on a
/// 1000-line file re-analyses it and adds nothing new.
const MAX_LINES: usize = 300;

fn corpus() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut res = Vec::new();
    for dir in [
        "fixtures/seed",
        "fixtures/packages",
        "fixtures/shell",
        "fixtures/split",
        "fixtures/switch",
        "syntax/ok",
        "cli",
    ] {
        let Ok(entries) = fs::read_dir(root.join(dir)) else {
            panic!("fixture directory tests/{dir} is missing");
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|it| it == "Dockerfile") {
                let text = fs::read_to_string(&path).expect("fixture is UTF-8");
                res.push((
                    format!("tests/{dir}/{}", entry.file_name().to_string_lossy()),
                    text,
                ));
            }
        }
    }
    for rule in rules::all_rules() {
        let examples = docs::examples(rule.docs);
        for (idx, text) in examples.bad.into_iter().chain(examples.good).enumerate() {
            res.push((format!("{} example {idx}", rule.code), text));
        }
    }
    res.sort();
    res
}

fn analyse(text: &str) -> Analysis {
    Analysis::new(Arc::from(text), Arc::new(AnalysisConfig::default()))
}

fn counts(analysis: &Analysis) -> BTreeMap<&'static str, usize> {
    let mut res = BTreeMap::new();
    for diagnostic in analysis.diagnostics() {
        *res.entry(diagnostic.code).or_default() += 1;
    }
    res
}

fn error_counts(analysis: &Analysis) -> BTreeMap<&'static str, usize> {
    let mut res = BTreeMap::new();
    for diagnostic in analysis.diagnostics() {
        if diagnostic.severity == Severity::Error {
            *res.entry(diagnostic.code).or_default() += 1;
        }
    }
    res
}

/// Where an editor would ask: the start of every instruction and of every
/// finding.
fn positions(analysis: &Analysis) -> Vec<usize> {
    let mut res: Vec<usize> = analysis
        .parse()
        .instructions
        .iter()
        .map(|it| it.range.start())
        .chain(analysis.diagnostics().iter().map(|it| it.range.start()))
        .collect();
    res.sort_unstable();
    res.dedup();
    res
}

#[test]
fn every_offered_action_keeps_the_file_valid_and_does_what_it_says() {
    let mut failures = Vec::new();
    let mut checked = 0usize;
    let mut refactors = 0usize;
    for (name, text) in corpus() {
        if text.lines().count() > MAX_LINES {
            continue;
        }
        let before = analyse(&text);
        let parse_errors_before = before.parse().errors.len();
        let before_counts = counts(&before);
        let before_errors = error_counts(&before);
        let mut seen = Vec::new();
        for at in positions(&before) {
            for action in ide::code_actions(&before, TextRange::new(at, at), None) {
                if seen.contains(&(action.title.clone(), action.edits.clone())) {
                    continue;
                }
                seen.push((action.title.clone(), action.edits.clone()));
                checked += 1;
                let Some(after_text) = apply_edits(&text, &action.edits) else {
                    failures.push(format!(
                        "{name}: `{}`: edits overlap or are out of range",
                        action.title
                    ));
                    continue;
                };
                let after = analyse(&after_text);
                let what = format!("{name}: `{}`", action.title);
                if after.parse().errors.len() > parse_errors_before {
                    failures.push(format!("{what}: leaves a syntax error\n{after_text}"));
                    continue;
                }
                let after_counts = counts(&after);
                // Fix-all resolves many codes at once; split-on-&& targets none.
                if action.kind != CodeActionKind::SourceFixAll {
                    for code in &action.diagnostic_codes {
                        let was = before_counts.get(code).copied().unwrap_or(0);
                        let now = after_counts.get(code).copied().unwrap_or(0);
                        if now >= was {
                            failures.push(format!(
                                "{what}: {code} is still there ({was} → {now})\n{after_text}"
                            ));
                        }
                    }
                }
                for (code, now) in error_counts(&after) {
                    let was = before_errors.get(code).copied().unwrap_or(0);
                    if now > was {
                        failures.push(format!(
                            "{what}: new error {code} ({was} → {now})\n{after_text}"
                        ));
                    }
                }
                if action.kind == CodeActionKind::RefactorRewrite && !action.notes.is_empty() {
                    refactors += 1;
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} actions checked");
    assert!(refactors >= 10, "only {refactors} image refactors checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} actions failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn fix_all_is_idempotent_and_keeps_files_parsing() {
    let config = Arc::new(AnalysisConfig::default());
    let mut failures = Vec::new();
    for (name, text) in corpus() {
        let once = ide::fix_all(&text, &config);
        let twice = ide::fix_all(&once, &config);
        if twice != once {
            failures.push(format!("{name}: a second fix-all still changes the file\n--- once\n{once}\n--- twice\n{twice}"));
        }
        if syntax::parse(&once).errors.len() > syntax::parse(&text).errors.len() {
            failures.push(format!("{name}: fix-all leaves a syntax error\n{once}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
