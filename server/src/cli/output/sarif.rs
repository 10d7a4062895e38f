//! SARIF 2.1.0: one run whose driver lists every rule (id, name,
//! descriptions from the docs, help link, default level) and whose results
//! carry regions, related locations and fixes. Columns are Unicode code
//! points (`columnKind: unicodeCodePoints`).

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{FileReport, Span};
use crate::rules::{all_rules, Applicability, Enabled, FixAvailability, Origin, Rule, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub(super) fn write(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let rules = all_rules();
    let mut results = Vec::new();
    for file in files {
        let uri = file_uri(&file.name);
        for diagnostic in &file.diagnostics {
            let rule_index = rules
                .iter()
                .position(|it| std::ptr::eq(*it, diagnostic.rule));
            let mut result = json!({ "ruleId": diagnostic.code });
            if let Some(index) = rule_index {
                result["ruleIndex"] = json!(index);
            }
            result["level"] = json!(level(diagnostic.severity));
            result["message"] = json!({ "text": diagnostic.message });
            result["locations"] = json!([location(&uri, file.span(diagnostic.range))]);
            if !diagnostic.related.is_empty() {
                let related: Vec<Value> = diagnostic
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, it)| {
                        let mut location = location(&uri, file.span(it.range));
                        location["id"] = json!(id);
                        location["message"] = json!({ "text": it.message });
                        location
                    })
                    .collect();
                result["relatedLocations"] = Value::Array(related);
            }
            if let Some(fix) = &diagnostic.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|edit| {
                        json!({
                            "deletedRegion": region(file.span(edit.range)),
                            "insertedContent": { "text": edit.insert },
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": { "text": fix.title },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": uri },
                        "replacements": replacements,
                    }],
                    "properties": { "applicability": applicability(fix.applicability) },
                }]);
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "docklens",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules.iter().map(|it| descriptor(it)).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn descriptor(rule: &Rule) -> Value {
    let full = [
        section(rule.docs, "## What it does"),
        section(rule.docs, "## Why is this bad?"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n\n");
    let origin = match rule.origin {
        Origin::Hadolint => "hadolint",
        Origin::BuildKit => "buildkit",
        Origin::Docklens => "docklens",
    };
    let fix = match rule.fix {
        FixAvailability::None => "none",
        FixAvailability::Sometimes => "sometimes",
        FixAvailability::Always => "always",
    };
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": if full.is_empty() { rule.summary.to_owned() } else { full } },
        "help": { "text": rule.docs, "markdown": rule.docs },
        "helpUri": rule.url(),
        "defaultConfiguration": {
            "level": level(rule.severity),
            "enabled": rule.enabled == Enabled::Yes,
        },
        "properties": {
            "tags": [rule.category.as_str(), origin],
            "aliases": rule.aliases,
            "fix": fix,
        },
    })
}

/// The body of a `## Heading` section of rule docs, trimmed.
fn section<'a>(docs: &'a str, heading: &str) -> Option<&'a str> {
    let start = docs.find(heading)? + heading.len();
    let rest = &docs[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    let body = rest[..end].trim();
    (!body.is_empty()).then_some(body)
}

fn location(uri: &str, span: Span) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri },
            "region": region(span),
        }
    })
}

fn region(span: Span) -> Value {
    json!({
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
    })
}

/// SARIF has `error`, `warning` and `note`; info and style are notes.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

fn applicability(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "display-only",
    }
}

/// A relative URI reference for a path: `/` separators, everything but
/// unreserved characters percent-encoded.
fn file_uri(path: &str) -> String {
    let mut res = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                res.push(byte as char)
            }
            _ => res.push_str(&format!("%{byte:02X}")),
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(file_uri("a b/Dockerfile"), "a%20b/Dockerfile");
        assert_eq!(file_uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(file_uri("é.Dockerfile"), "%C3%A9.Dockerfile");
    }

    #[test]
    fn reads_doc_sections() {
        let docs = "## What it does\nFlags x.\n\n## Why is this bad?\nBecause.\n## Example\n";
        assert_eq!(section(docs, "## What it does"), Some("Flags x."));
        assert_eq!(section(docs, "## Why is this bad?"), Some("Because."));
        assert_eq!(section(docs, "## Fix safety"), None);
    }
}
