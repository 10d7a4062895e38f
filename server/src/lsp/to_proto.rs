//! docklens values → LSP values. One small function per type.

use ropey::Rope;
use tower_lsp_server::ls_types as lsp;

use super::position::{self, Encoding};
use crate::{
    rules::{Diagnostic, Severity},
    syntax::TextRange,
};

pub fn range(rope: &Rope, range: TextRange, encoding: Encoding) -> lsp::Range {
    lsp::Range {
        start: position::position(rope, range.start(), encoding),
        end: position::position(rope, range.end(), encoding),
    }
}

pub fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Style => lsp::DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(
    rope: &Rope,
    uri: &lsp::Uri,
    diagnostic: &Diagnostic,
    encoding: Encoding,
) -> lsp::Diagnostic {
    let mut tags = Vec::new();
    if diagnostic.tags.deprecated {
        tags.push(lsp::DiagnosticTag::DEPRECATED);
    }
    if diagnostic.tags.unnecessary {
        tags.push(lsp::DiagnosticTag::UNNECESSARY);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = diagnostic
        .related
        .iter()
        .map(|it| lsp::DiagnosticRelatedInformation {
            location: lsp::Location {
                uri: uri.clone(),
                range: range(rope, it.range, encoding),
            },
            message: it.message.clone(),
        })
        .collect();
    let href = diagnostic.rule.url().parse::<lsp::Uri>().ok();
    lsp::Diagnostic {
        range: range(rope, diagnostic.range, encoding),
        severity: Some(severity(diagnostic.severity)),
        code: Some(lsp::NumberOrString::String(diagnostic.code.to_owned())),
        code_description: href.map(|href| lsp::CodeDescription { href }),
        source: Some("docklens".to_owned()),
        message: diagnostic.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: (!tags.is_empty()).then_some(tags),
        data: None,
    }
}
