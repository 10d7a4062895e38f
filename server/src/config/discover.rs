//! Where configuration files are looked for. The only IO in this module is
//! asking whether a file exists.

use std::path::{Path, PathBuf};

/// Which format a configuration file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConfigKind {
    /// `.hadolint.yaml`
    Hadolint,
    /// `docklens.toml`
    Docklens,
}

impl ConfigKind {
    /// By extension: `.toml` is docklens's, anything else hadolint's YAML.
    pub fn of_path(path: &Path) -> ConfigKind {
        match path.extension().and_then(|it| it.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("toml") => ConfigKind::Docklens,
            _ => ConfigKind::Hadolint,
        }
    }
}

/// The process facts discovery depends on, passed in so tests can fake them.
#[derive(Debug, Clone, Default)]
pub struct DiscoveryEnv {
    pub cwd: PathBuf,
    pub home: Option<PathBuf>,
    pub xdg_config_home: Option<PathBuf>,
}

impl DiscoveryEnv {
    pub fn from_process() -> DiscoveryEnv {
        let non_empty = |name: &str| {
            std::env::var_os(name)
                .filter(|it| !it.is_empty())
                .map(PathBuf::from)
        };
        DiscoveryEnv {
            cwd: std::env::current_dir().unwrap_or_default(),
            home: non_empty("HOME").or_else(|| non_empty("USERPROFILE")),
            xdg_config_home: non_empty("XDG_CONFIG_HOME").or_else(|| non_empty("LOCALAPPDATA")),
        }
    }
}

/// The configuration files that apply to a directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Discovered {
    pub hadolint: Option<PathBuf>,
    pub docklens: Option<PathBuf>,
}

const HADOLINT_NAMES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];
const DOCKLENS_NAMES: [&str; 2] = ["docklens.toml", ".docklens.toml"];

/// Finds the configuration for files in `dir`.
///
/// Both kinds are looked for in `dir` and each parent up to the repository
/// root (the first directory with a `.git`), nearest first. When no
/// `.hadolint.yaml` is there, hadolint's own places follow: the working
/// directory, `$XDG_CONFIG_HOME/hadolint.yaml`, `~/.config/hadolint.yaml`,
/// `~/.hadolint/hadolint.yaml`, `~/hadolint/config.yaml`, `~/.hadolint.yaml`
/// (each also as `.yml`). Paths under the working directory come back
/// relative to it.
pub fn discover(dir: &Path, env: &DiscoveryEnv) -> Discovered {
    let start = env.cwd.join(dir);
    let mut res = Discovered::default();
    for ancestor in start.ancestors() {
        if res.hadolint.is_none() {
            res.hadolint = first_file(ancestor, &HADOLINT_NAMES);
        }
        if res.docklens.is_none() {
            res.docklens = first_file(ancestor, &DOCKLENS_NAMES);
        }
        if (res.hadolint.is_some() && res.docklens.is_some()) || ancestor.join(".git").exists() {
            break;
        }
    }
    if res.hadolint.is_none() {
        res.hadolint = hadolint_fallbacks(env).into_iter().find(|it| it.is_file());
    }
    let relative = |path: PathBuf| match path.strip_prefix(&env.cwd) {
        Ok(rest) => rest.to_path_buf(),
        Err(_) => path,
    };
    Discovered {
        hadolint: res.hadolint.map(relative),
        docklens: res.docklens.map(relative),
    }
}

fn first_file(dir: &Path, names: &[&str]) -> Option<PathBuf> {
    names
        .iter()
        .map(|name| dir.join(name))
        .find(|it| it.is_file())
}

fn hadolint_fallbacks(env: &DiscoveryEnv) -> Vec<PathBuf> {
    let mut res = Vec::new();
    let both = |res: &mut Vec<PathBuf>, base: PathBuf| {
        res.push(base.with_extension("yaml"));
        res.push(base.with_extension("yml"));
    };
    both(&mut res, env.cwd.join(".hadolint"));
    if let Some(xdg) = &env.xdg_config_home {
        both(&mut res, xdg.join("hadolint"));
    }
    if let Some(home) = &env.home {
        both(&mut res, home.join(".config").join("hadolint"));
        both(&mut res, home.join(".hadolint").join("hadolint"));
        both(&mut res, home.join("hadolint").join("config"));
        both(&mut res, home.join(".hadolint"));
    }
    res
}

/// The `.dockerignore` for a Dockerfile: `<Dockerfile>.dockerignore` beside
/// it (BuildKit prefers that one), else `.dockerignore` in its directory,
/// taken as the build context.
pub fn dockerignore_for(dockerfile: &Path) -> Option<PathBuf> {
    let name = dockerfile.file_name()?;
    let mut own = name.to_os_string();
    own.push(".dockerignore");
    let own = dockerfile.with_file_name(own);
    if own.is_file() {
        return Some(own);
    }
    let shared = dockerfile.with_file_name(".dockerignore");
    shared.is_file().then_some(shared)
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn nearest_files_win_and_the_walk_stops_at_the_repository() {
        let root = tempfile::tempdir().unwrap();
        let outer = root.path();
        let repo = outer.join("repo");
        let sub = repo.join("a").join("b");
        fs::create_dir_all(&sub).unwrap();
        fs::create_dir(repo.join(".git")).unwrap();
        fs::write(outer.join("docklens.toml"), "").unwrap();
        fs::write(repo.join(".hadolint.yml"), "").unwrap();
        fs::write(repo.join("a").join("docklens.toml"), "").unwrap();
        let env = DiscoveryEnv {
            cwd: repo.clone(),
            home: Some(outer.join("home")),
            xdg_config_home: None,
        };
        assert_eq!(
            discover(Path::new("a/b"), &env),
            Discovered {
                hadolint: Some(PathBuf::from(".hadolint.yml")),
                docklens: Some(PathBuf::from("a/docklens.toml")),
            }
        );
        // Outside the repository's own files, nothing above `.git` is read.
        fs::remove_file(repo.join("a").join("docklens.toml")).unwrap();
        assert_eq!(discover(Path::new("a/b"), &env).docklens, None);
    }

    #[test]
    fn falls_back_to_hadolint_user_config() {
        let root = tempfile::tempdir().unwrap();
        let home = root.path().join("home");
        let work = root.path().join("work");
        fs::create_dir_all(home.join(".config")).unwrap();
        fs::create_dir_all(work.join(".git")).unwrap();
        fs::write(home.join(".hadolint.yaml"), "").unwrap();
        let env = DiscoveryEnv {
            cwd: work.clone(),
            home: Some(home.clone()),
            xdg_config_home: None,
        };
        assert_eq!(
            discover(Path::new("."), &env).hadolint,
            Some(home.join(".hadolint.yaml"))
        );
        fs::write(home.join(".config").join("hadolint.yaml"), "").unwrap();
        assert_eq!(
            discover(Path::new("."), &env).hadolint,
            Some(home.join(".config").join("hadolint.yaml"))
        );
    }

    #[test]
    fn dockerfile_specific_dockerignore_wins() {
        let root = tempfile::tempdir().unwrap();
        let dockerfile = root.path().join("app.Dockerfile");
        assert_eq!(dockerignore_for(&dockerfile), None);
        fs::write(root.path().join(".dockerignore"), "").unwrap();
        assert_eq!(
            dockerignore_for(&dockerfile),
            Some(root.path().join(".dockerignore"))
        );
        fs::write(root.path().join("app.Dockerfile.dockerignore"), "").unwrap();
        assert_eq!(
            dockerignore_for(&dockerfile),
            Some(root.path().join("app.Dockerfile.dockerignore"))
        );
    }
}
