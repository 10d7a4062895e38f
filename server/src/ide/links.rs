//! Document links: base images in `FROM` (after ARG expansion), images in
//! `COPY --from=`, and the `# syntax=` frontend image, to their registry
//! pages.

use crate::{
    images::ImageRef,
    model::{Base, EdgeTarget},
    syntax::{DirectiveKind, TextRange},
};

use super::Analysis;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentLink {
    pub range: TextRange,
    pub target: String,
    pub tooltip: Option<String>,
}

/// Every link in the file, in document order.
pub fn document_links(analysis: &Analysis) -> Vec<DocumentLink> {
    let text = analysis.text();
    let parse = analysis.parse();
    let model = analysis.model();
    let mut res = Vec::new();
    for directive in &parse.directives {
        if directive.kind != DirectiveKind::Syntax {
            continue;
        }
        let value = directive.value_range.slice(text);
        if let Ok(reference) = ImageRef::parse(value) {
            push(&mut res, &reference, directive.value_range, value);
        }
    }
    for stage in &model.stages {
        let Base::Image(image) = &stage.base else {
            continue;
        };
        let Ok(reference) = &image.reference else {
            continue;
        };
        push(
            &mut res,
            reference,
            image.expanded.range,
            &image.expanded.raw,
        );
    }
    for edge in &model.edges {
        let EdgeTarget::External(name) = &edge.target else {
            continue;
        };
        // A named build context looks like a bare name; an image has a tag,
        // a digest or a registry.
        if !(name.contains(':') || name.contains('@') || name.contains('/')) {
            continue;
        }
        let raw = edge.range.slice(text);
        if raw != name {
            continue;
        }
        if let Ok(reference) = ImageRef::parse(name) {
            push(&mut res, &reference, edge.range, raw);
        }
    }
    res.sort_by_key(|it| it.range.start());
    res.dedup_by_key(|it| it.range);
    res
}

fn push(acc: &mut Vec<DocumentLink>, reference: &ImageRef, range: TextRange, raw: &str) {
    let Some(target) = registry_page(reference) else {
        return;
    };
    // Link the name, not the tag or digest, when the word is written out.
    let range = if raw.contains('$') {
        range
    } else {
        TextRange::new(range.start(), range.start() + name_len(raw))
    };
    acc.push(DocumentLink {
        range,
        tooltip: Some(format!(
            "Open {} in its registry",
            reference.familiar_name()
        )),
        target,
    });
}

/// The length of the name part of a written reference (before `:tag` and
/// `@digest`).
fn name_len(raw: &str) -> usize {
    let name = raw.split('@').next().unwrap_or(raw);
    let last_slash = name.rfind('/').map_or(0, |it| it + 1);
    match name[last_slash..].find(':') {
        Some(colon) => last_slash + colon,
        None => name.len(),
    }
}

/// The web page of an image's repository, for the registries that have
/// one at a predictable address.
pub fn registry_page(reference: &ImageRef) -> Option<String> {
    let repo = &reference.repository;
    let registry = reference.registry.as_str();
    if reference.is_scratch() || repo.is_empty() {
        return None;
    }
    Some(match registry {
        "docker.io" => match repo.strip_prefix("library/") {
            Some(name) if !name.contains('/') => format!("https://hub.docker.com/_/{name}"),
            _ => format!("https://hub.docker.com/r/{repo}"),
        },
        "ghcr.io" => format!("https://ghcr.io/{repo}"),
        "quay.io" => format!("https://quay.io/repository/{repo}"),
        "mcr.microsoft.com" => format!("https://mcr.microsoft.com/artifact/mar/{repo}"),
        "public.ecr.aws" => format!("https://gallery.ecr.aws/{repo}"),
        "gcr.io" | "us.gcr.io" | "eu.gcr.io" | "asia.gcr.io" => {
            format!("https://{registry}/{repo}")
        }
        _ => return None,
    })
}
