//! `--platform` values parsed the way containerd's `platforms.Parse` does,
//! for the checks that look inside them.

use crate::model::DEFAULT_PLATFORM;

/// `os` and `arch` of a platform specifier, normalised; `None` when
/// containerd would reject it.
pub(super) fn parse(spec: &str) -> Option<(String, String)> {
    if spec.contains('*') {
        return None;
    }
    let parts: Vec<&str> = spec.split('/').collect();
    // An OS may carry its version in parentheses: `windows(10.0.17763)`.
    let os_part = |part: &str| -> Option<String> {
        let name = match part.split_once('(') {
            Some((name, version)) => version.ends_with(')').then_some(name)?,
            None => part,
        };
        valid(name).then(|| normalize_os(name))
    };
    let (host_os, host_arch, _) = DEFAULT_PLATFORM;
    match parts.as_slice() {
        [one] => {
            let os = os_part(one)?;
            if KNOWN_OS.contains(&os.as_str()) {
                return Some((os, host_arch.to_owned()));
            }
            let arch = normalize_arch(one);
            (valid(one) && KNOWN_ARCH.contains(&arch.as_str())).then(|| (host_os.to_owned(), arch))
        }
        [os, arch] | [os, arch, _] => {
            let variant_ok = parts.get(2).is_none_or(|it| valid(it));
            (valid(arch) && variant_ok).then_some(())?;
            Some((os_part(os)?, normalize_arch(arch)))
        }
        _ => None,
    }
}

fn valid(part: &str) -> bool {
    !part.is_empty()
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn normalize_os(os: &str) -> String {
    let os = os.to_ascii_lowercase();
    match os.as_str() {
        "macos" => "darwin".into(),
        _ => os,
    }
}

fn normalize_arch(arch: &str) -> String {
    let arch = arch.to_ascii_lowercase();
    match arch.as_str() {
        "i386" => "386".into(),
        "x86_64" | "x86-64" | "amd64" => "amd64".into(),
        "aarch64" | "arm64" => "arm64".into(),
        "armhf" | "armel" | "arm" => "arm".into(),
        _ => arch,
    }
}

const KNOWN_OS: [&str; 17] = [
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "windows",
    "zos",
];

const KNOWN_ARCH: [&str; 24] = [
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn parses_like_containerd() {
        let p = |s: &str| parse(s).map(|(os, arch)| format!("{os}/{arch}"));
        assert_eq!(p("linux/amd64").as_deref(), Some("linux/amd64"));
        assert_eq!(p("linux/x86_64").as_deref(), Some("linux/amd64"));
        assert_eq!(p("Linux/ARM64/v8").as_deref(), Some("linux/arm64"));
        assert_eq!(p("arm64").as_deref(), Some("linux/arm64"));
        assert_eq!(p("windows").as_deref(), Some("windows/amd64"));
        assert_eq!(p("linux/"), None);
        assert_eq!(p("linux/*"), None);
        assert_eq!(p("bogus"), None);
        assert_eq!(p("a/b/c/d"), None);
    }
}
