//! Configuration files for commands that take many Dockerfiles: each
//! directory's files discovered once, each file read and parsed once, its
//! problems reported once.

use std::{
    collections::HashMap,
    fs,
    path::{Path, PathBuf},
};

use crate::config::{self, ConfigDiagnostic, ConfigKind, ConfigSeverity, DiscoveryEnv, Settings};

/// Configuration files: discovered per directory, each read once, their
/// diagnostics reported once.
pub(crate) struct Configs<'a> {
    env: &'a DiscoveryEnv,
    explicit: Option<PathBuf>,
    discovered: HashMap<PathBuf, config::Discovered>,
    /// Each file's settings, `None` when it could not be read.
    loaded: HashMap<PathBuf, Option<Settings>>,
    diagnostics: Vec<ConfigDiagnostic>,
    unreadable: Vec<String>,
}

impl<'a> Configs<'a> {
    pub(crate) fn new(env: &'a DiscoveryEnv, explicit: Option<PathBuf>) -> Configs<'a> {
        Configs {
            env,
            explicit,
            discovered: HashMap::new(),
            loaded: HashMap::new(),
            diagnostics: Vec::new(),
            unreadable: Vec::new(),
        }
    }

    /// defaults < .hadolint.yaml < docklens.toml < the command line.
    pub(crate) fn settings_for(&mut self, dir: &Path, cli: &Settings) -> Settings {
        let env = self.env;
        let mut found = self
            .discovered
            .entry(dir.to_path_buf())
            .or_insert_with(|| config::discover(dir, env))
            .clone();
        if let Some(path) = &self.explicit {
            match ConfigKind::of_path(path) {
                ConfigKind::Hadolint => found.hadolint = Some(path.clone()),
                ConfigKind::Docklens => found.docklens = Some(path.clone()),
            }
        }
        let mut res = Settings::default();
        for (path, kind) in [
            (found.hadolint, ConfigKind::Hadolint),
            (found.docklens, ConfigKind::Docklens),
        ] {
            if let Some(layer) = path.and_then(|it| self.load(&it, kind)) {
                res = res.merge(layer);
            }
        }
        res.merge(cli.clone())
    }

    fn load(&mut self, path: &Path, kind: ConfigKind) -> Option<Settings> {
        if let Some(done) = self.loaded.get(path) {
            return done.clone();
        }
        let settings = match fs::read_to_string(path) {
            Ok(text) => {
                let (settings, diagnostics) = match kind {
                    ConfigKind::Hadolint => config::parse_hadolint(path, &text),
                    ConfigKind::Docklens => config::parse_docklens(path, &text),
                };
                self.diagnostics.extend(diagnostics);
                Some(settings)
            }
            Err(err) => {
                self.unreadable.push(format!(
                    "docklens: cannot read config {}: {err}",
                    path.display()
                ));
                None
            }
        };
        self.loaded.insert(path.to_path_buf(), settings.clone());
        settings
    }

    /// Prints what is wrong with the configuration; true when it is
    /// unusable.
    pub(crate) fn report(&mut self) -> bool {
        self.diagnostics
            .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        for diagnostic in &self.diagnostics {
            eprintln!("{diagnostic}");
        }
        for message in &self.unreadable {
            eprintln!("{message}");
        }
        let unusable = !self.unreadable.is_empty()
            || self
                .diagnostics
                .iter()
                .any(|it| it.severity == ConfigSeverity::Error);
        if unusable {
            eprintln!("docklens: no files were processed: the configuration has errors");
        }
        unusable
    }
}
