//! The Go library parsers BuildKit hands flag and argument values to,
//! reproduced for what they accept and reject: `time.ParseDuration`,
//! `strconv.ParseBool`/`ParseUint`/`ParseInt`, go-units' `RAMInBytes`,
//! moby's `signal.ParseSignal`, containerd's `platforms.Parse` and
//! encoding/csv field splitting.

/// Why `time.ParseDuration` rejects a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum DurationError {
    /// Not the `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` shape, or out of range.
    Invalid,
    /// A number without a unit (`30`).
    MissingUnit,
    /// A unit Go does not know (`30sec`).
    UnknownUnit(String),
}

/// `time.ParseDuration`: nanoseconds.
pub(super) fn parse_duration(text: &str) -> Result<i128, DurationError> {
    let mut s = text;
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(DurationError::Invalid);
    }
    let mut total: u128 = 0;
    while !s.is_empty() {
        if !s.starts_with(|c: char| c == '.' || c.is_ascii_digit()) {
            return Err(DurationError::Invalid);
        }
        let int_len = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let int: u128 = match int_len {
            0 => 0,
            _ => s[..int_len].parse().map_err(|_| DurationError::Invalid)?,
        };
        s = &s[int_len..];
        let mut frac_digits = "";
        if let Some(rest) = s.strip_prefix('.') {
            let len = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            frac_digits = &rest[..len];
            s = &rest[len..];
        }
        if int_len == 0 && frac_digits.is_empty() {
            return Err(DurationError::Invalid);
        }
        let unit_len = s
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(s.len());
        let unit = &s[..unit_len];
        s = &s[unit_len..];
        let scale: u128 = match unit {
            "" => return Err(DurationError::MissingUnit),
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            other => return Err(DurationError::UnknownUnit(other.to_owned())),
        };
        let mut value = int.checked_mul(scale).ok_or(DurationError::Invalid)?;
        // Go adds the fraction scaled, truncating below a nanosecond.
        let mut frac_scale = scale;
        for digit in frac_digits.bytes().take(30) {
            frac_scale /= 10;
            value += u128::from(digit - b'0') * frac_scale;
        }
        total = total.checked_add(value).ok_or(DurationError::Invalid)?;
        if total > 1 << 63 {
            return Err(DurationError::Invalid);
        }
    }
    if !negative && total > (1 << 63) - 1 {
        return Err(DurationError::Invalid);
    }
    let total = total as i128;
    Ok(if negative { -total } else { total })
}

/// `strconv.ParseBool`.
pub(super) fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// `strconv.ParseUint(text, base, bits)` for an explicit base: digits of the
/// base only, no sign, no underscores.
pub(super) fn parse_uint(text: &str, base: u32, bits: u32) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    for c in text.chars() {
        let digit = u64::from(c.to_digit(base)?);
        value = value.checked_mul(u64::from(base))?.checked_add(digit)?;
    }
    (bits >= 64 || value < (1u64 << bits)).then_some(value)
}

/// `strconv.ParseInt(text, 10, 32)`.
pub(super) fn parse_int32(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let magnitude = parse_uint(digits, 10, 33)?;
    let value = if negative {
        -(magnitude as i64)
    } else {
        magnitude as i64
    };
    (i64::from(i32::MIN)..=i64::from(i32::MAX))
        .contains(&value)
        .then_some(value)
}

/// go-units `RAMInBytes`: `64m`, `1.5GiB`, `512 kb`, `1024`.
pub(super) fn is_ram_size(text: &str) -> bool {
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    if digits == 0 {
        return false;
    }
    let mut rest = &text[digits..];
    if let Some(after) = rest.strip_prefix('.') {
        let frac = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        if frac == 0 {
            return false;
        }
        rest = &after[frac..];
    }
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let mut chars = rest.chars().peekable();
    if chars.peek().is_some_and(|c| "kKmMgGtTpP".contains(*c)) {
        chars.next();
    }
    if chars.peek().is_some_and(|c| matches!(c, 'i' | 'I')) {
        chars.next();
    }
    if chars.peek().is_some_and(|c| matches!(c, 'b' | 'B')) {
        chars.next();
    }
    chars.next().is_none()
}

/// Signal names moby's `signal.ParseSignal` knows on Linux, without `SIG`
/// (`UNUSED` only in older versions; accepted so as not to report a build
/// that might work).
const SIGNALS: &[&str] = &[
    "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL",
    "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP",
    "TTIN", "TTOU", "UNUSED", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "RTMIN",
    "RTMAX",
];

/// The canonical spellings of every signal, for suggestions.
pub(super) fn signal_names() -> Vec<String> {
    let mut res: Vec<String> = SIGNALS.iter().map(|it| format!("SIG{it}")).collect();
    res.extend((1..=15).map(|n| format!("SIGRTMIN+{n}")));
    res.extend((1..=14).map(|n| format!("SIGRTMAX-{n}")));
    res
}

/// `signal.ParseSignal`: a non-zero number, or a name with or without `SIG`
/// in any case.
pub(super) fn is_signal(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().is_ok_and(|it| it != 0);
    }
    let upper = text.to_ascii_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    if SIGNALS.contains(&name) {
        return true;
    }
    let offset = |prefix: &str, sign: char, max: u32| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix(sign))
            .and_then(|n| n.parse::<u32>().ok().filter(|_| !n.starts_with('0')))
            .is_some_and(|n| (1..=max).contains(&n))
    };
    offset("RTMIN", '+', 15) || offset("RTMAX", '-', 14)
}

/// Operating systems containerd knows (`GOOS` values).
const KNOWN_OS: &[&str] = &[
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
    "wasip1",
    "windows",
    "zos",
];

/// Architectures containerd knows, with the aliases it normalizes.
const KNOWN_ARCH: &[&str] = &[
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
    "i386",
    "x86_64",
    "x86-64",
    "aarch64",
    "armhf",
    "armel",
];

/// containerd's `platforms.Parse`: `os`, `arch`, `os/arch` or
/// `os/arch/variant`, each part `[A-Za-z0-9_-]+`. Returns why not.
pub(super) fn check_platform(text: &str) -> Result<(), String> {
    if text.contains('*') {
        return Err("wildcards are not supported".into());
    }
    let parts: Vec<&str> = text.splitn(4, '/').collect();
    for (idx, part) in parts.iter().enumerate() {
        // The OS may carry a version in parentheses: `windows(10.0.17763)`.
        let part = match (idx, part.split_once('(')) {
            (0, Some((os, version))) if version.ends_with(')') => os,
            _ => part,
        };
        let valid = !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'));
        if !valid {
            return Err(match part.is_empty() {
                true => "a part is empty".into(),
                false => format!("`{part}` has characters other than letters, digits, `_` and `-`"),
            });
        }
    }
    match parts.as_slice() {
        [single] => {
            let lower = single.to_ascii_lowercase();
            let os = lower.split('(').next().unwrap_or("");
            let known =
                KNOWN_OS.contains(&os) || os == "macos" || KNOWN_ARCH.contains(&lower.as_str());
            match known {
                true => Ok(()),
                false => Err(format!(
                    "`{single}` is neither an operating system nor an architecture"
                )),
            }
        }
        [_, _] | [_, _, _] => Ok(()),
        _ => Err("it has more than three parts".into()),
    }
}

/// One field of a CSV record (encoding/csv rules): its value and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CsvField {
    pub(super) value: String,
    /// Byte range of the field in the record, quotes included.
    pub(super) start: usize,
    pub(super) end: usize,
    /// The field was quoted: its value is not the text in the record.
    pub(super) quoted: bool,
}

/// Splits one CSV record the way Go's encoding/csv does (no lazy quotes):
/// `Err((message, offset))` for a stray or unbalanced quote.
pub(super) fn csv_fields(record: &str) -> Result<Vec<CsvField>, (String, usize)> {
    let bytes = record.as_bytes();
    let mut res = Vec::new();
    let mut pos = 0;
    loop {
        let start = pos;
        if bytes.get(pos) == Some(&b'"') {
            let mut value = String::new();
            pos += 1;
            loop {
                let Some(rel) = record[pos..].find('"') else {
                    return Err(("extraneous or missing \" in quoted-field".into(), start));
                };
                value.push_str(&record[pos..pos + rel]);
                pos += rel + 1;
                if bytes.get(pos) == Some(&b'"') {
                    value.push('"');
                    pos += 1;
                    continue;
                }
                break;
            }
            if pos < bytes.len() && bytes[pos] != b',' {
                return Err(("extraneous or missing \" in quoted-field".into(), pos));
            }
            res.push(CsvField {
                value,
                start,
                end: pos,
                quoted: true,
            });
        } else {
            let end = record[pos..].find(',').map_or(record.len(), |it| pos + it);
            if let Some(quote) = record[pos..end].find('"') {
                return Err(("bare \" in non-quoted-field".into(), pos + quote));
            }
            res.push(CsvField {
                value: record[pos..end].to_owned(),
                start,
                end,
                quoted: false,
            });
            pos = end;
        }
        if bytes.get(pos) == Some(&b',') {
            pos += 1;
            continue;
        }
        return Ok(res);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_like_go() {
        assert_eq!(parse_duration("30s"), Ok(30_000_000_000));
        assert_eq!(parse_duration("1m30s"), Ok(90_000_000_000));
        assert_eq!(parse_duration("1.5h"), Ok(5_400_000_000_000));
        assert_eq!(parse_duration("300ms"), Ok(300_000_000));
        assert_eq!(parse_duration(".5s"), Ok(500_000_000));
        assert_eq!(parse_duration("-5s"), Ok(-5_000_000_000));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("1µs"), Ok(1_000));
        assert_eq!(parse_duration("30"), Err(DurationError::MissingUnit));
        assert_eq!(
            parse_duration("30sec"),
            Err(DurationError::UnknownUnit("sec".into()))
        );
        assert_eq!(parse_duration("s"), Err(DurationError::Invalid));
        assert_eq!(parse_duration(".s"), Err(DurationError::Invalid));
        assert_eq!(parse_duration(""), Err(DurationError::Invalid));
        assert_eq!(
            parse_duration("1S"),
            Err(DurationError::UnknownUnit("S".into()))
        );
        assert_eq!(parse_duration("99999999999h"), Err(DurationError::Invalid));
    }

    #[test]
    fn numbers_like_go() {
        assert_eq!(parse_uint("0755", 8, 32), Some(0o755));
        assert_eq!(parse_uint("0855", 8, 32), None);
        assert_eq!(parse_uint("", 10, 32), None);
        assert_eq!(parse_uint("4294967296", 10, 32), None);
        assert_eq!(parse_int32("-1"), Some(-1));
        assert_eq!(parse_int32("+3"), Some(3));
        assert_eq!(parse_int32("3.0"), None);
        assert_eq!(parse_bool("True"), Some(true));
        assert_eq!(parse_bool("yes"), None);
    }

    #[test]
    fn sizes_and_signals() {
        for ok in ["64m", "1.5GiB", "512 kb", "1024", "1g"] {
            assert!(is_ram_size(ok), "{ok}");
        }
        for bad in ["", "m", "1.5.5g", "64 mb extra", "-1m", "1x"] {
            assert!(!is_ram_size(bad), "{bad}");
        }
        for ok in [
            "SIGTERM",
            "term",
            "15",
            "-9",
            "SIGRTMIN+3",
            "RTMAX-14",
            "sigkill",
        ] {
            assert!(is_signal(ok), "{ok}");
        }
        for bad in ["0", "SIGFOO", "RTMIN+16", "RTMAX-15", "", "SIG"] {
            assert!(!is_signal(bad), "{bad}");
        }
    }

    #[test]
    fn platforms_like_containerd() {
        for ok in [
            "linux/amd64",
            "linux/arm/v7",
            "linux",
            "arm64",
            "windows/amd64",
            "Linux/AMD64",
        ] {
            assert_eq!(check_platform(ok), Ok(()), "{ok}");
        }
        for bad in [
            "linux/",
            "linux//amd64",
            "amd65",
            "linux/amd64/v8/x",
            "linux/amd64.v2",
            "*",
        ] {
            assert!(check_platform(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn csv_like_go() {
        let fields = csv_fields("type=cache,target=/x").unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[1].value, "target=/x");
        assert_eq!((fields[1].start, fields[1].end), (11, 20));
        let fields = csv_fields("\"a,b\",c").unwrap();
        assert_eq!(fields[0].value, "a,b");
        assert!(csv_fields("a\"b").is_err());
        assert!(csv_fields("\"ab").is_err());
        assert_eq!(csv_fields("a,").unwrap().len(), 2);
    }
}
