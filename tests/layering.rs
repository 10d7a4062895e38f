//! The layers of `server/src` import one way only, lowest first:
//! `syntax`, `images` → `model` → `rules` → `actions` → `config` → `ide`
//! → `settings` → `lsp` → `cli`. A module may use `crate::X` only for an X
//! ranked below it. LSP types stay in `lsp/` (checked by the crate path
//! `tower_lsp_server` too).

use std::{fs, path::Path};

const RANKS: [(&str, u8); 10] = [
    ("syntax", 0),
    ("images", 0),
    ("model", 1),
    ("rules", 2),
    ("actions", 3),
    ("config", 4),
    ("ide", 5),
    ("settings", 6),
    ("lsp", 7),
    ("cli", 8),
];

fn rank(layer: &str) -> Option<u8> {
    RANKS.iter().find(|(name, _)| *name == layer).map(|it| it.1)
}

/// The first path segment of every `crate::` path in `text`, including
/// each item of a `use crate::{a, b::c}` group.
fn crate_imports(text: &str) -> Vec<String> {
    let mut res = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 || (depth == 1 && c == ',') {
                    res.push(first_segment(&item));
                    item.clear();
                    if depth == 0 {
                        break;
                    }
                } else if depth >= 1 {
                    item.push(c);
                }
            }
        } else {
            res.push(first_segment(rest));
        }
    }
    res.retain(|it| !it.is_empty());
    res
}

fn first_segment(path: &str) -> String {
    path.trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

fn rust_files(dir: &Path, acc: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, acc);
        } else if path.extension().is_some_and(|it| it == "rs") {
            acc.push(path);
        }
    }
}

#[test]
fn layers_import_downwards_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("server/src");
    let mut violations = Vec::new();
    let mut checked = 0;
    for (layer, own_rank) in RANKS {
        let mut files = Vec::new();
        rust_files(&src.join(layer), &mut files);
        let single = src.join(format!("{layer}.rs"));
        if single.is_file() {
            files.push(single);
        }
        assert!(!files.is_empty(), "layer `{layer}` has no source files");
        for file in files {
            let text = fs::read_to_string(&file).expect("source is readable");
            checked += 1;
            for import in crate_imports(&text) {
                if import == layer {
                    continue;
                }
                match rank(&import) {
                    Some(theirs) if theirs < own_rank => {}
                    Some(_) => violations.push(format!(
                        "{}: `{layer}` imports `crate::{import}`, a layer at or above it",
                        file.display()
                    )),
                    None => {}
                }
            }
            if layer != "lsp" && text.contains("tower_lsp_server") {
                violations.push(format!("{}: LSP types outside `lsp/`", file.display()));
            }
        }
    }
    assert!(checked > 50, "only {checked} files checked");
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_import_scanner_sees_grouped_and_nested_paths() {
    let text =
        "use crate::{\n    model::{self, Model},\n    rules,\n};\nlet x = crate::ide::hover();";
    assert_eq!(crate_imports(text), ["model", "rules", "ide"]);
}
