//! Finding Dockerfiles under directories, respecting `.gitignore`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// True for the names Dockerfiles go by: `Dockerfile`, `Containerfile`,
/// `*.Dockerfile`, `*.Containerfile`, `Dockerfile.*`, `Containerfile.*`
/// (but not `Dockerfile.dockerignore`).
pub(crate) fn is_dockerfile_name(name: &str) -> bool {
    if name.ends_with(".dockerignore") {
        return false;
    }
    ["Dockerfile", "Containerfile"].iter().any(|base| {
        name == *base
            || name
                .strip_suffix(base)
                .is_some_and(|stem| stem.len() > 1 && stem.ends_with('.'))
            || name
                .strip_prefix(base)
                .is_some_and(|rest| rest.len() > 1 && rest.starts_with('.'))
    })
}

/// The Dockerfiles under `dir`, sorted. Hidden directories are searched
/// (`.devcontainer/Dockerfile` is common) but `.git` is not; files that
/// `.gitignore`, `.ignore` or the global git excludes ignore are skipped.
pub(crate) fn find_dockerfiles(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut res = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .require_git(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    for entry in walker {
        let entry = entry.with_context(|| format!("cannot search {}", dir.display()))?;
        let is_file = entry.file_type().is_some_and(|it| it.is_file());
        if is_file && entry.file_name().to_str().is_some_and(is_dockerfile_name) {
            let path = entry.into_path();
            let path = match path.strip_prefix(".") {
                Ok(rest) if dir == Path::new(".") => rest.to_path_buf(),
                _ => path,
            };
            res.push(path);
        }
    }
    res.sort();
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::is_dockerfile_name;

    #[test]
    fn recognises_dockerfile_names() {
        for name in [
            "Dockerfile",
            "Containerfile",
            "api.Dockerfile",
            "Dockerfile.dev",
            "web.Containerfile",
            "Containerfile.prod",
        ] {
            assert!(is_dockerfile_name(name), "{name}");
        }
        for name in [
            "Dockerfile.dockerignore",
            "Dockerfile.",
            ".Dockerfile",
            "dockerfile.md",
            "MyDockerfile",
            "README.md",
        ] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }
}
