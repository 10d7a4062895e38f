//! Figures for what leftovers cost, each with where it comes from: our own
//! measurements (`server/data/packages.toml`) or savings projects reported
//! when they removed the leftover (image-size-knowledge.md §3, and the
//! pull requests cited). Rules quote them in messages and the size model
//! uses them, so both always say the same.

use super::{super::packages::packages, Estimate};

/// A saving others measured when they removed a leftover: the range of
/// what they reported, and where.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reported {
    pub low: f64,
    pub high: f64,
    pub source: &'static str,
}

impl Reported {
    pub fn estimate(&self) -> Estimate {
        Estimate::typical(self.low, self.high)
    }
}

/// pip's download cache (`/root/.cache/pip`); it grows with what is installed.
pub const PIP_CACHE_SAVINGS: Reported = Reported {
    low: 15.0,
    high: 78.0,
    source: "savings reported when the pip cache was dropped: 15–17 MB (caronc/apprise#939, 2023-09), 78 MB (robusta-dev/krr#334, 2024-09)",
};

/// The APKINDEX files `apk` keeps in `/var/cache/apk` without `--no-cache`.
pub const APK_INDEX: Reported = Reported {
    low: 0.75,
    high: 1.8,
    source: "apk index files reported in /var/cache/apk: 750 KB (ayufan/gitlab-ci-multi-runner#37, 2016), 1.3 MB (docker-library/php#708, 2018; hashicorp/terraform#21206, 2019), 1.8 MB (resyst-it/docker-bind9#11, 2020)",
};

/// What `yum`/`dnf` keep in `/var/cache/{yum,dnf}` without `clean all`.
pub const RPM_CACHE_SAVINGS: Reported = Reported {
    low: 80.0,
    high: 195.0,
    source: "savings reported from cleaning the yum/dnf cache: 80 MB (llm-d/llm-d-router#328, 2025), 150 MB (florianfesti/boxes#151, 2019), 195 MB (carlossg/docker-maven#161, 2020); none on Fedora 39 and rawhide (caronc/apprise#948, 2023)",
};

/// What `zypper` keeps in `/var/cache/zypp`: one measurement.
pub const ZYPPER_CACHE: Reported = Reported {
    low: 178.0,
    high: 178.0,
    source: "/var/cache/zypp measured at 178 MB after a zypper install (suse-edge/edge-image-builder#213, 2024-02)",
};

/// yarn's package cache; it grows with the dependencies.
pub const YARN_CACHE_SAVINGS: Reported = Reported {
    low: 80.0,
    high: 367.0,
    source: "savings reported from cleaning the yarn cache: 80 MB (1inch/shieldy#144, 2021), 199 MB (nolanlawson/pinafore#1073, 2019), 367 MB (cube-js/cube#3715, 2021)",
};

/// What `--no-install-recommends` saved in reported cases, for packages
/// docklens did not measure.
pub const APT_RECOMMENDS_SAVINGS: Reported = Reported {
    low: 2.0,
    high: 110.0,
    source: "savings reported from --no-install-recommends: 2 MB (dogecoin/docker#21, 2021), 18 MB (src-d/gitbase#586, 2018), ~40 MB (RPi-Distro/pi-gen#383, 2020), ~100–110 MB (dependabot-core#3916, 2021; internetarchive/openlibrary#12047, 2026)",
};

/// What `apt-get update` leaves in `/var/lib/apt/lists`, and where the
/// figure comes from. The measurement is Debian 12 with its three default
/// sources; fewer sources leave less.
pub fn apt_lists() -> (Estimate, &'static str) {
    let (mb, source) = packages().apt_lists();
    (Estimate::typical(mb * 0.6, mb), source)
}

/// What an apt package's recommended packages add on top of it, in MB on a
/// slim Debian (`None` when the package was not measured).
pub fn apt_recommends_extra(name: &str) -> Option<f64> {
    let table = packages();
    let bare = name.split(['=', '/']).next().unwrap_or("");
    Some(table.apt(bare, true)? - table.apt(bare, false)?)
}
