//! `docklens fix`: applies fixes in place, or shows them as a diff.
//!
//! Exit codes: 0 when everything went through (or nothing needed fixing),
//! 1 when `--diff` shows changes or a file was left alone because it has
//! syntax errors, 2 on usage, I/O and configuration errors.

use std::{
    fs,
    path::{Path, PathBuf},
    process::ExitCode,
    sync::Arc,
};

use clap::Args;

use super::{
    configs::Configs, diff::unified_diff, files::find_dockerfiles, input, rewrite::config_dir,
};
use crate::{
    config::{dockerignore_for, DiscoveryEnv, Settings},
    ide::{self, AnalysisConfig, FixLevel},
    rules::Environment,
    syntax,
};

#[derive(Debug, Args)]
pub(crate) struct FixArgs {
    /// Dockerfiles or directories (`-` reads standard input and writes the
    /// result to standard output). Directories are searched as by `check`.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Also apply fixes that change the image or its layers, and the
    /// refactors: split a stage that builds and ships into a builder stage,
    /// else switch the shipped stage to the smallest compatible base.
    #[arg(long)]
    r#unsafe: bool,
    /// Write nothing; print a unified diff of what would change (exit 1 if
    /// anything would).
    #[arg(long)]
    diff: bool,
    /// A configuration file used instead of the discovered one of its kind
    /// (`.toml`: docklens.toml; otherwise .hadolint.yaml).
    #[arg(short, long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The stage that ships (default: the last one).
    #[arg(long, value_name = "STAGE")]
    target: Option<String>,
    /// A build argument, as `docker build --build-arg NAME=VALUE`. Repeatable.
    #[arg(long = "build-arg", value_parser = parse_build_arg, value_name = "NAME=VALUE")]
    build_args: Vec<(String, String)>,
}

fn parse_build_arg(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err("expected NAME=VALUE".to_owned()),
    }
}

enum Failure {
    /// Reported already; the file was left as it was.
    Skipped,
    Io(String),
}

/// What happened to one file.
struct Fixed {
    changed: bool,
    fixed: usize,
    remaining: usize,
}

pub(crate) fn run(args: &FixArgs) -> ExitCode {
    let env = DiscoveryEnv::from_process();
    let cli = Settings {
        target: args.target.clone(),
        build_args: args.build_args.clone(),
        ..Settings::default()
    };
    let mut status = 0u8;
    let mut files = Vec::new();
    for path in &args.paths {
        if path.is_dir() {
            match find_dockerfiles(path) {
                Ok(found) => files.extend(found),
                Err(err) => {
                    eprintln!("docklens: {err:#}");
                    status = 2;
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    let mut configs = Configs::new(&env, args.config.clone());
    let settings: Vec<Settings> = files
        .iter()
        .map(|path| configs.settings_for(&config_dir(path), &cli))
        .collect();
    if configs.report() {
        return ExitCode::from(2);
    }
    let level = match args.r#unsafe {
        true => FixLevel::Unsafe,
        false => FixLevel::Safe,
    };
    let (mut changed_files, mut fixed, mut remaining) = (0usize, 0usize, 0usize);
    for (path, settings) in files.iter().zip(&settings) {
        match fix_one(path, settings, level, args.diff) {
            Ok(outcome) => {
                changed_files += usize::from(outcome.changed);
                fixed += outcome.fixed;
                remaining += outcome.remaining;
            }
            Err(Failure::Skipped) => status = status.max(1),
            Err(Failure::Io(message)) => {
                eprintln!("docklens: {message}");
                status = 2;
            }
        }
    }
    let verb = match args.diff {
        true => "would fix",
        false => "fixed",
    };
    eprintln!(
        "{verb} {fixed} finding(s) in {changed_files} file(s); {remaining} remaining (see `docklens check`)"
    );
    if args.diff && changed_files > 0 {
        status = status.max(1);
    }
    ExitCode::from(status)
}

fn fix_one(
    path: &Path,
    settings: &Settings,
    level: FixLevel,
    diff: bool,
) -> Result<Fixed, Failure> {
    let input = input::read(path).map_err(|err| Failure::Io(format!("{err:#}")))?;
    if super::rewrite::parse_rewritable(&input, "fixed").is_none() {
        return Err(Failure::Skipped);
    }
    let text = input.text;
    let stdin = path.as_os_str() == "-";
    let dockerignore_path = match stdin {
        true => Some(PathBuf::from(".dockerignore")).filter(|it| it.is_file()),
        false => dockerignore_for(path),
    };
    let dockerignore = match dockerignore_path {
        Some(path) => Some(
            fs::read_to_string(&path)
                .map_err(|err| Failure::Io(format!("cannot read {}: {err}", path.display())))?,
        ),
        None => None,
    };
    let config = Arc::new(AnalysisConfig {
        rules: settings.rules_config(),
        model: settings.model_options(),
        environment: Environment { dockerignore },
    });
    let outcome = ide::fix_file(&text, &config, level);
    // Fixes are tested never to break a file; if one ever does, the user's
    // file is worth more than the fix.
    if !syntax::parse(&outcome.text).errors.is_empty() {
        return Err(Failure::Io(format!(
            "{}: not fixed: the fixes would leave a syntax error (a docklens bug; please report it)",
            input.name
        )));
    }
    for refactor in &outcome.refactors {
        eprintln!("{}: {}", input.name, refactor.title);
        for note in &refactor.notes {
            eprintln!("  note: {note}");
        }
    }
    let after = ide::Analysis::new(Arc::from(outcome.text.as_str()), Arc::clone(&config));
    let remaining = after.diagnostics().len();
    let changed = outcome.text != text;
    if diff {
        if changed {
            print(&unified_diff(&input.name, &text, &outcome.text))?;
        }
    } else if stdin {
        print(&outcome.text)?;
    } else if changed {
        fs::write(path, outcome.text.as_bytes())
            .map_err(|err| Failure::Io(format!("cannot write {}: {err}", input.name)))?;
    }
    Ok(Fixed {
        changed,
        fixed: outcome.fixed + outcome.refactors.len(),
        remaining,
    })
}

fn print(text: &str) -> Result<(), Failure> {
    super::rewrite::print(text).map_err(Failure::Io)
}
