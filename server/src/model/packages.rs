//! Measured install sizes of common packages (`server/data/packages.toml`).

use std::{collections::HashMap, sync::OnceLock};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Table {
    apt_lists: AptLists,
    #[serde(default)]
    apt: Vec<AptPackage>,
    #[serde(default)]
    apk: Vec<ApkPackage>,
}

#[derive(Debug, Deserialize)]
struct AptLists {
    disk_mb: f64,
    source: String,
}

#[derive(Debug, Deserialize)]
struct AptPackage {
    name: String,
    disk_mb: f64,
    with_recommends_mb: f64,
}

#[derive(Debug, Deserialize)]
struct ApkPackage {
    name: String,
    disk_mb: f64,
    source: String,
}

/// The package table, indexed.
pub struct Packages {
    apt_lists: AptLists,
    apt: HashMap<String, (f64, f64)>,
    apk: HashMap<String, (f64, String)>,
}

pub const PACKAGES_TOML: &str = include_str!("../../data/packages.toml");

/// Where the apt numbers come from.
pub const APT_SOURCE: &str = "measured with apt on a minimal Debian 12 root, 2026-11-24";

impl Packages {
    pub fn from_toml(text: &str) -> Result<Packages, toml::de::Error> {
        let table: Table = toml::from_str(text)?;
        Ok(Packages {
            apt_lists: table.apt_lists,
            apt: table
                .apt
                .into_iter()
                .map(|it| (it.name, (it.disk_mb, it.with_recommends_mb)))
                .collect(),
            apk: table
                .apk
                .into_iter()
                .map(|it| (it.name, (it.disk_mb, it.source)))
                .collect(),
        })
    }

    /// Disk MB an `apt-get install` of `name` adds to a slim Debian image.
    pub fn apt(&self, name: &str, recommends: bool) -> Option<f64> {
        self.apt
            .get(name)
            .map(|&(plain, with)| if recommends { with } else { plain })
    }

    pub fn apk(&self, name: &str) -> Option<(f64, &str)> {
        self.apk
            .get(name)
            .map(|(mb, source)| (*mb, source.as_str()))
    }

    /// Disk MB `apt-get update` leaves in `/var/lib/apt/lists`, and its source.
    pub fn apt_lists(&self) -> (f64, &str) {
        (self.apt_lists.disk_mb, &self.apt_lists.source)
    }
}

/// The embedded table. A test keeps it valid, so a parse failure is a
/// build defect; it degrades to "no package is known" rather than panicking.
pub fn packages() -> &'static Packages {
    static TABLE: OnceLock<Packages> = OnceLock::new();
    TABLE.get_or_init(|| {
        Packages::from_toml(PACKAGES_TOML).unwrap_or_else(|err| {
            tracing::error!("server/data/packages.toml is invalid: {err}");
            Packages {
                apt_lists: AptLists {
                    disk_mb: 0.0,
                    source: String::new(),
                },
                apt: HashMap::new(),
                apk: HashMap::new(),
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_parses_and_has_the_heavy_hitters() {
        let table = Packages::from_toml(PACKAGES_TOML);
        assert!(table.is_ok(), "{:?}", table.err());
        let table = packages();
        assert_eq!(table.apt("build-essential", false), Some(323.0));
        assert!(table.apt("build-essential", true) > table.apt("build-essential", false));
        assert_eq!(table.apt_lists().0, 32.0);
        assert!(table.apk("gcc").is_some());
    }
}
