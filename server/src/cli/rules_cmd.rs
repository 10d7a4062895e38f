//! `docklens rules` lists every rule; `docklens explain CODE` prints one
//! rule's documentation.

use std::{io::Write, process::ExitCode};

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::rules::{all_rules, find_rule, Enabled, FixAvailability, Origin, Rule};

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    /// `text`: a table; `json`: an array of objects.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// A rule code, name or alias: `DL3000`, `workdir-relative-path`, `WorkdirRelativePath`.
    code: String,
}

#[derive(Serialize)]
struct RuleInfo<'a> {
    code: &'a str,
    name: &'a str,
    aliases: &'a [&'a str],
    severity: &'a str,
    category: &'a str,
    origin: &'a str,
    fix: &'a str,
    enabled_by_default: bool,
    summary: &'a str,
    url: String,
}

fn info(rule: &Rule) -> RuleInfo<'_> {
    RuleInfo {
        code: rule.code,
        name: rule.name,
        aliases: rule.aliases,
        severity: rule.severity.as_str(),
        category: rule.category.as_str(),
        origin: match rule.origin {
            Origin::Hadolint => "hadolint",
            Origin::BuildKit => "buildkit",
            Origin::Docklens => "docklens",
        },
        fix: match rule.fix {
            FixAvailability::None => "none",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "always",
        },
        enabled_by_default: rule.enabled == Enabled::Yes,
        summary: rule.summary,
        url: rule.url(),
    }
}

pub(crate) fn run_rules(args: &RulesArgs) -> ExitCode {
    let rules: Vec<RuleInfo<'_>> = all_rules().iter().map(|it| info(it)).collect();
    let out = match args.format {
        RulesFormat::Json => match serde_json::to_string_pretty(&rules) {
            Ok(json) => json + "\n",
            Err(err) => {
                eprintln!("docklens: {err}");
                return ExitCode::from(2);
            }
        },
        RulesFormat::Text => table(&rules),
    };
    print(&out)
}

/// Columns: code, name (aliases in parentheses), severity, category, fix,
/// enabled by default, summary, url.
fn table(rules: &[RuleInfo<'_>]) -> String {
    const COLUMNS: usize = 8;
    let header = [
        "CODE", "NAME", "SEVERITY", "CATEGORY", "FIX", "ENABLED", "SUMMARY", "URL",
    ]
    .map(str::to_owned);
    let rows: Vec<[String; COLUMNS]> = rules
        .iter()
        .map(|it| {
            let name = match it.aliases {
                [] => it.name.to_owned(),
                aliases => format!("{} ({})", it.name, aliases.join(", ")),
            };
            let fix = if it.fix == "none" { "-" } else { it.fix };
            let enabled = if it.enabled_by_default {
                "yes"
            } else {
                "opt-in"
            };
            [
                it.code.to_owned(),
                name,
                it.severity.to_owned(),
                it.category.to_owned(),
                fix.to_owned(),
                enabled.to_owned(),
                it.summary.to_owned(),
                it.url.clone(),
            ]
        })
        .collect();
    let mut widths = [0usize; COLUMNS];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut res = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(widths) {
            line.push_str(cell);
            line.push_str(&" ".repeat(width - cell.chars().count() + 2));
        }
        res.push_str(line.trim_end());
        res.push('\n');
    }
    res.push_str(&format!(
        "\n{} rules; `docklens explain CODE` shows one rule's documentation\n",
        rules.len()
    ));
    res
}

pub(crate) fn run_explain(args: &ExplainArgs) -> ExitCode {
    let Some(rule) = find_rule(&args.code) else {
        let candidates = all_rules().iter().flat_map(|it| {
            [it.code, it.name]
                .into_iter()
                .chain(it.aliases.iter().copied())
        });
        match crate::model::suggest(&args.code, candidates) {
            Some(close) => eprintln!(
                "docklens: unknown rule `{}`: did you mean `{close}`?",
                args.code
            ),
            None => eprintln!(
                "docklens: unknown rule `{}`; `docklens rules` lists them all",
                args.code
            ),
        }
        return ExitCode::from(2);
    };
    let info = info(rule);
    let mut out = format!("# {}: {}\n\n", rule.code, rule.name);
    out.push_str(&format!("{}.\n\n", rule.summary));
    let mut facts = vec![
        format!("Severity: {}", info.severity),
        format!("Category: {}", info.category),
        format!(
            "Fix: {}",
            match rule.fix {
                FixAvailability::None => "none",
                FixAvailability::Sometimes => "sometimes",
                FixAvailability::Always => "yes",
            }
        ),
        format!(
            "Enabled by default: {}",
            if info.enabled_by_default { "yes" } else { "no" }
        ),
    ];
    if !rule.aliases.is_empty() {
        facts.push(format!("Aliases: {}", rule.aliases.join(", ")));
    }
    for fact in facts {
        out.push_str(&format!("- {fact}\n"));
    }
    out.push('\n');
    out.push_str(rule.docs.trim_end());
    out.push_str(&format!("\n\n{}\n", info.url));
    print(&out)
}

fn print(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}
