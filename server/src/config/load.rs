//! Reading the configuration that applies to one Dockerfile from disk: its
//! `.hadolint.yaml` and `docklens.toml` (merged, hadolint's below ours) and
//! its build context's `.dockerignore`. The language server calls this when
//! a document opens or a watched file changes; the CLI keeps its own
//! per-directory cache because it checks many files at once.

use std::{fs, path::Path};

use super::{
    discover, dockerignore_for, parse_docklens, parse_hadolint, ConfigDiagnostic, ConfigKind,
    DiscoveryEnv, Settings,
};

/// Everything on disk that shapes one Dockerfile's analysis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileConfig {
    /// `.hadolint.yaml` < `docklens.toml`; defaults where neither says.
    pub settings: Settings,
    pub dockerignore: Option<String>,
    /// Problems in the files read, and files that could not be read.
    pub problems: Vec<String>,
}

/// The configuration for the Dockerfile at `dockerfile` (an absolute path;
/// it need not exist yet, e.g. an unsaved buffer).
pub fn load_for(dockerfile: &Path, env: &DiscoveryEnv) -> FileConfig {
    let mut res = FileConfig::default();
    let Some(dir) = dockerfile.parent() else {
        return res;
    };
    let found = discover(dir, env);
    for (path, kind) in [
        (found.hadolint, ConfigKind::Hadolint),
        (found.docklens, ConfigKind::Docklens),
    ] {
        let Some(path) = path else { continue };
        let path = env.cwd.join(path);
        match fs::read_to_string(&path) {
            Ok(text) => {
                let (layer, diagnostics) = match kind {
                    ConfigKind::Hadolint => parse_hadolint(&path, &text),
                    ConfigKind::Docklens => parse_docklens(&path, &text),
                };
                res.problems
                    .extend(diagnostics.iter().map(ConfigDiagnostic::to_string));
                res.settings = std::mem::take(&mut res.settings).merge(layer);
            }
            Err(err) => res
                .problems
                .push(format!("cannot read {}: {err}", path.display())),
        }
    }
    if let Some(path) = dockerignore_for(dockerfile) {
        match fs::read_to_string(&path) {
            Ok(text) => res.dockerignore = Some(text),
            Err(err) => res
                .problems
                .push(format!("cannot read {}: {err}", path.display())),
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleSetting, Severity};

    fn env(cwd: &Path) -> DiscoveryEnv {
        DiscoveryEnv {
            cwd: cwd.to_path_buf(),
            home: None,
            xdg_config_home: None,
        }
    }

    #[test]
    fn merges_both_files_and_reads_the_dockerignore() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        fs::create_dir(root.join(".git")).expect("mkdir");
        fs::create_dir(root.join("app")).expect("mkdir");
        fs::write(
            root.join(".hadolint.yaml"),
            "ignored: [DL3008]\ntrustedRegistries: [docker.io]\n",
        )
        .expect("write");
        fs::write(
            root.join("app/docklens.toml"),
            "target = \"runtime\"\n[rules]\nDL3008 = \"error\"\n",
        )
        .expect("write");
        fs::write(root.join("app/.dockerignore"), ".git\n").expect("write");
        let loaded = load_for(&root.join("app/Dockerfile"), &env(root));
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.settings.target.as_deref(), Some("runtime"));
        assert_eq!(
            loaded.settings.trusted_registries,
            Some(vec!["docker.io".to_owned()])
        );
        // The docklens.toml entry comes last, so it wins over hadolint's.
        assert_eq!(
            loaded.settings.overrides.last(),
            Some(&("DL3008".to_owned(), RuleSetting::Severity(Severity::Error)))
        );
        assert_eq!(loaded.dockerignore.as_deref(), Some(".git\n"));
    }

    #[test]
    fn reports_broken_files_and_keeps_going() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        fs::create_dir(root.join(".git")).expect("mkdir");
        fs::write(root.join(".hadolint.yaml"), "ignored: [\n").expect("write");
        let loaded = load_for(&root.join("Dockerfile"), &env(root));
        assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
        assert!(loaded.problems[0].contains(".hadolint.yaml"));
        assert_eq!(loaded.settings, Settings::default());
    }
}
