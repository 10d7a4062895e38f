//! Tidy and behaviour checks every rule must pass: documented, uniquely
//! named, its docs examples behave (bad triggers, good does not), and every
//! fix it offers on them parses, clears the finding and adds no new one.

use std::collections::HashSet;

use docklens::{
    model::{self, KnowledgeBaseFacts, ModelOptions},
    rules::{self, docs, Config, Diagnostic, Environment, Rule},
    syntax::{self, apply_edits},
};

fn lint(text: &str) -> Vec<Diagnostic> {
    let parse = syntax::parse(text);
    let model = model::analyze(text, &parse, &ModelOptions::default(), &KnowledgeBaseFacts);
    let environment = Environment {
        // Examples of the .dockerignore rules bring their own.
        dockerignore: Some(".git\n".into()),
    };
    rules::check(text, &parse, &model, &Config::default(), &environment)
}

/// The configuration a rule's examples run with: rules that read settings
/// show them in their `## Example` section as a ```` ```toml ```` block
/// (`trusted_registries`, `strict_labels`, `[label_schema]`).
fn example_config(rule: &Rule) -> Config {
    let mut config = Config::default();
    let Some(section) = rule.docs.split("## Example").nth(1) else {
        return config;
    };
    let section = section.split("\n## ").next().unwrap_or(section);
    let Some(start) = section.find("```toml\n") else {
        return config;
    };
    let body = &section[start + "```toml\n".len()..];
    let body = &body[..body.find("```").unwrap_or(body.len())];
    let table: toml::Table = body
        .parse()
        .unwrap_or_else(|err| panic!("{}: example configuration: {err}", rule.code));
    if let Some(list) = table.get("trusted_registries").and_then(|it| it.as_array()) {
        config.trusted_registries = list
            .iter()
            .filter_map(|it| it.as_str().map(str::to_owned))
            .collect();
    }
    if let Some(strict) = table.get("strict_labels").and_then(|it| it.as_bool()) {
        config.strict_labels = strict;
    }
    if let Some(schema) = table.get("label_schema").and_then(|it| it.as_table()) {
        for (key, kind) in schema {
            let kind = kind
                .as_str()
                .and_then(rules::LabelType::parse)
                .unwrap_or_else(|| panic!("{}: unknown label type for {key}", rule.code));
            config.label_schema.push((key.clone(), kind));
        }
    }
    config
}

/// Opt-in rules are switched on for their own examples, which run with the
/// configuration their docs show.
fn lint_with(rule: &Rule, text: &str) -> Vec<Diagnostic> {
    let parse = syntax::parse(text);
    let model = model::analyze(text, &parse, &ModelOptions::default(), &KnowledgeBaseFacts);
    let config = Config {
        overrides: vec![(
            rule.code.to_owned(),
            rules::RuleSetting::Severity(rule.severity),
        )],
        ..example_config(rule)
    };
    rules::check(text, &parse, &model, &config, &example_environment(rule))
}

/// Rules about `.dockerignore` show the one their examples use as a
/// ```` ```dockerignore ```` block in `## Example`; others get one that
/// excludes `.git`.
fn example_environment(rule: &Rule) -> Environment {
    let section = rule.docs.split("## Example").nth(1).unwrap_or("");
    let section = section.split("\n## ").next().unwrap_or("");
    let dockerignore = match section.find("```dockerignore\n") {
        Some(start) => {
            let body = &section[start + "```dockerignore\n".len()..];
            body[..body.find("```").unwrap_or(body.len())].to_owned()
        }
        None => ".git\n".to_owned(),
    };
    Environment {
        dockerignore: Some(dockerignore),
    }
}

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for rule in rules::all_rules() {
        assert!(
            codes.insert(rule.code.to_ascii_lowercase()),
            "duplicate code {}",
            rule.code
        );
        assert!(names.insert(rule.name), "duplicate name {}", rule.name);
        for alias in rule.aliases {
            assert!(
                codes.insert(alias.to_ascii_lowercase()),
                "alias {alias} of {} is taken",
                rule.code
            );
        }
        let kebab = rule
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        assert!(
            kebab && !rule.name.starts_with('-'),
            "{}: name {:?} is not kebab-case",
            rule.code,
            rule.name
        );
        assert!(
            !rule.summary.ends_with('.'),
            "{}: summary ends with a period",
            rule.code
        );
    }
}

#[test]
fn every_rule_is_documented() {
    for rule in rules::all_rules() {
        let missing = docs::missing_sections(rule.docs);
        assert!(missing.is_empty(), "{}: docs lack {missing:?}", rule.code);
        let examples = docs::examples(rule.docs);
        assert!(!examples.bad.is_empty(), "{}: no bad example", rule.code);
        assert!(!examples.good.is_empty(), "{}: no good example", rule.code);
        let needs_safety = !matches!(rule.fix, rules::FixAvailability::None);
        if needs_safety {
            assert!(
                rule.docs.contains("## Fix safety"),
                "{}: has fixes but no `## Fix safety`",
                rule.code
            );
        }
    }
}

#[test]
fn docs_examples_behave() {
    let mut failures = Vec::new();
    for rule in rules::all_rules() {
        let examples = docs::examples(rule.docs);
        for bad in &examples.bad {
            if !lint_with(rule, bad).iter().any(|it| it.code == rule.code) {
                failures.push(format!(
                    "{}: bad example does not trigger it:\n{bad}",
                    rule.code
                ));
            }
        }
        for good in &examples.good {
            let found: Vec<String> = lint_with(rule, good)
                .iter()
                .filter(|it| it.code == rule.code)
                .map(|it| it.message.clone())
                .collect();
            if !found.is_empty() {
                failures.push(format!(
                    "{}: good example triggers it ({found:?}):\n{good}",
                    rule.code
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn fixes_parse_clear_their_finding_and_add_nothing() {
    let mut failures = Vec::new();
    for rule in rules::all_rules() {
        for bad in docs::examples(rule.docs).bad {
            let before = lint_with(rule, &bad);
            for diagnostic in before.iter().filter(|it| it.code == rule.code) {
                let Some(fix) = &diagnostic.fix else {
                    continue;
                };
                let Some(after_text) = apply_edits(&bad, &fix.edits) else {
                    failures.push(format!(
                        "{}: fix edits overlap or are out of bounds",
                        rule.code
                    ));
                    continue;
                };
                let parse_errors_before = syntax::parse(&bad).errors.len();
                let parse_errors_after = syntax::parse(&after_text).errors.len();
                if parse_errors_after > parse_errors_before {
                    failures.push(format!(
                        "{}: fix adds a syntax error:\n{after_text}",
                        rule.code
                    ));
                }
                let after = lint_with(rule, &after_text);
                if after.iter().any(|it| {
                    it.code == rule.code
                        && it.range == diagnostic.range
                        && it.message == diagnostic.message
                }) {
                    failures.push(format!(
                        "{}: fix does not clear its finding:\n{after_text}",
                        rule.code
                    ));
                }
                // A fix may reword other findings (they quote the text it
                // changed), but no rule may find more than before.
                let count = |list: &[Diagnostic], code: &str| {
                    list.iter().filter(|it| it.code == code).count()
                };
                let codes: HashSet<&str> = after.iter().map(|it| it.code).collect();
                for code in codes.into_iter().filter(|it| *it != rule.code) {
                    if count(&after, code) > count(&before, code) {
                        let new: Vec<&str> = after
                            .iter()
                            .filter(|it| it.code == code)
                            .map(|it| it.message.as_str())
                            .collect();
                        failures.push(format!(
                            "{}: fix adds {code} {new:?}:\n{after_text}",
                            rule.code
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn default_lint_of_the_seeds_does_not_panic() {
    for name in ["t1", "t2", "t3", "t4", "book"] {
        let path = format!(
            "{}/tests/fixtures/seed/{name}.Dockerfile",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let _ = lint(&text);
    }
}
