//! `docklens check`: lint Dockerfiles for CI.
//!
//! Exit codes: 0 when no finding reaches the failure threshold, 1 when one
//! does, 2 on usage errors, unreadable files and configuration errors.

use std::{
    fs,
    io::{self, IsTerminal, Write},
    panic::AssertUnwindSafe,
    path::{Path, PathBuf},
    process::ExitCode,
    sync::{
        atomic::{AtomicUsize, Ordering},
        mpsc,
    },
};

use clap::Args;

use super::{
    configs::Configs,
    files::find_dockerfiles,
    input,
    output::{self, FileReport},
};
use crate::{
    config::{self, dockerignore_for, DiscoveryEnv, FailureThreshold, Format, Settings},
    model::{self, KnowledgeBaseFacts},
    rules::{self, Environment, LabelType, PragmaKind, RuleSetting, Severity, Suppressions},
    syntax::{self, LineIndex},
};

/// Check for findings at or above this many files shows a progress bar.
const PROGRESS_MIN_FILES: usize = 20;

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Dockerfiles or directories to check (`-` reads standard input).
    /// Directories are searched for Dockerfile, *.Dockerfile, Dockerfile.*,
    /// Containerfile and *.Containerfile, skipping what .gitignore ignores.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format [default: text, or `format` from a config file].
    #[arg(short, long, value_parser = parse_format, value_name = "text|json|sarif|checkstyle|gnu|github")]
    format: Option<Format>,
    /// A configuration file used instead of the discovered one of its kind
    /// (`.toml`: docklens.toml; otherwise .hadolint.yaml).
    #[arg(short, long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Do not report this rule (code, name or alias). Repeatable.
    #[arg(long, value_name = "CODE")]
    ignore: Vec<String>,
    /// Report this rule as an error. Repeatable.
    #[arg(long, value_name = "CODE")]
    error: Vec<String>,
    /// Report this rule as a warning. Repeatable.
    #[arg(long, value_name = "CODE")]
    warning: Vec<String>,
    /// Report this rule as info. Repeatable.
    #[arg(long, value_name = "CODE")]
    info: Vec<String>,
    /// Report this rule as style. Repeatable.
    #[arg(long, value_name = "CODE")]
    style: Vec<String>,
    /// Exit 1 only for findings at or above this level [default: info, as hadolint].
    #[arg(short = 't', long, value_parser = parse_threshold, value_name = "error|warning|info|style|none")]
    failure_threshold: Option<FailureThreshold>,
    /// Never exit 1 because of findings.
    #[arg(long)]
    no_fail: bool,
    /// The stage that ships (default: the last one).
    #[arg(long, value_name = "STAGE")]
    target: Option<String>,
    /// A build argument, as `docker build --build-arg`. Repeatable.
    #[arg(long = "build-arg", value_parser = parse_build_arg, value_name = "NAME=VALUE")]
    build_args: Vec<(String, String)>,
    /// A registry `FROM` may pull from (hadolint's trustedRegistries). Repeatable.
    #[arg(long = "trusted-registry", value_name = "REGISTRY")]
    trusted_registries: Vec<String>,
    /// A label every image must carry, with its type (e.g. `maintainer:text`). Repeatable.
    #[arg(long = "require-label", value_parser = parse_label, value_name = "LABEL:TYPE")]
    require_labels: Vec<(String, LabelType)>,
    /// Allow no labels besides the required ones.
    #[arg(long)]
    strict_labels: bool,
    /// Ignore `# hadolint ignore=` pragmas.
    #[arg(long)]
    disable_ignore_pragma: bool,
    /// Never colour the output (colour is also off when stdout is not a
    /// terminal or NO_COLOR is set).
    #[arg(long)]
    no_color: bool,
}

fn parse_format(text: &str) -> Result<Format, String> {
    Format::parse(text)
        .ok_or_else(|| "expected one of text, json, sarif, checkstyle, gnu, github".to_owned())
}

fn parse_threshold(text: &str) -> Result<FailureThreshold, String> {
    FailureThreshold::parse(text)
        .ok_or_else(|| "expected one of error, warning, info, style, none".to_owned())
}

pub(super) fn parse_build_arg(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some(("", _)) => Err("expected NAME=VALUE".to_owned()),
        Some((name, value)) => Ok((name.to_owned(), value.to_owned())),
        // `--build-arg NAME` takes the value from the environment, as docker does.
        None => std::env::var(text)
            .map(|value| (text.to_owned(), value))
            .map_err(|_| format!("expected NAME=VALUE (`{text}` is not set in the environment)")),
    }
}

fn parse_label(text: &str) -> Result<(String, LabelType), String> {
    let (label, kind) = text
        .rsplit_once(':')
        .ok_or_else(|| "expected LABEL:TYPE".to_owned())?;
    let kind = LabelType::parse(kind).ok_or_else(|| {
        format!(
            "unknown label type `{kind}`: expected text, url, rfc3339, spdx, hash, semver or email"
        )
    })?;
    Ok((label.to_owned(), kind))
}

impl CheckArgs {
    /// The command line as the top configuration layer.
    fn settings(&self) -> Settings {
        let mut overrides = Vec::new();
        for (codes, severity) in [
            (&self.error, Severity::Error),
            (&self.warning, Severity::Warning),
            (&self.info, Severity::Info),
            (&self.style, Severity::Style),
        ] {
            overrides.extend(
                codes
                    .iter()
                    .map(|it| (it.clone(), RuleSetting::Severity(severity))),
            );
        }
        overrides.extend(self.ignore.iter().map(|it| (it.clone(), RuleSetting::Off)));
        let some_if = |on: bool| on.then_some(true);
        let non_empty = |list: &Vec<String>| (!list.is_empty()).then(|| list.clone());
        Settings {
            overrides,
            trusted_registries: non_empty(&self.trusted_registries),
            label_schema: (!self.require_labels.is_empty()).then(|| self.require_labels.clone()),
            strict_labels: some_if(self.strict_labels),
            disable_ignore_pragma: some_if(self.disable_ignore_pragma),
            failure_threshold: self.failure_threshold,
            format: self.format,
            no_color: some_if(self.no_color),
            no_fail: some_if(self.no_fail),
            target: self.target.clone(),
            build_args: self.build_args.clone(),
        }
    }

    /// Warnings for rule codes on the command line that name no rule.
    fn unknown_codes(&self) -> Vec<String> {
        let flags = [
            ("--ignore", &self.ignore),
            ("--error", &self.error),
            ("--warning", &self.warning),
            ("--info", &self.info),
            ("--style", &self.style),
        ];
        let mut res = Vec::new();
        for (flag, codes) in flags {
            for code in codes.iter().filter(|it| !config::is_known_rule(it)) {
                res.push(format!(
                    "docklens: warning: {} (in {flag})",
                    config::unknown_rule_message(code)
                ));
            }
        }
        res
    }
}

/// What to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    Stdin,
    File(PathBuf),
}

impl Target {
    /// The directory whose configuration applies.
    fn dir(&self) -> PathBuf {
        match self {
            Target::Stdin => PathBuf::from("."),
            Target::File(path) => match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                _ => PathBuf::from("."),
            },
        }
    }
}

/// Everything one file needs to be checked.
struct Job {
    target: Target,
    settings: Settings,
}

impl Job {
    fn name(&self) -> String {
        match &self.target {
            Target::Stdin => "<stdin>".to_owned(),
            Target::File(path) => path.display().to_string(),
        }
    }
}

/// One checked file and what to say about it besides its findings.
struct Checked {
    report: FileReport,
    fails: bool,
    warnings: Vec<String>,
}

pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    let env = DiscoveryEnv::from_process();
    let cli = args.settings();
    for warning in args.unknown_codes() {
        eprintln!("{warning}");
    }
    let mut io_failed = false;

    let (targets, failed) = collect_targets(&args.paths);
    io_failed |= failed;

    let mut configs = Configs::new(&env, args.config.clone());
    let output_settings = configs.settings_for(Path::new("."), &cli);
    let jobs: Vec<Job> = targets
        .into_iter()
        .map(|target| {
            let settings = configs.settings_for(&target.dir(), &cli);
            Job { target, settings }
        })
        .collect();
    if configs.report() {
        return ExitCode::from(2);
    }

    let stdin_text = if jobs.iter().any(|it| it.target == Target::Stdin) {
        match input::read(Path::new("-")) {
            Ok(input) => Some(input.text),
            Err(err) => {
                eprintln!("docklens: {err:#}");
                return ExitCode::from(2);
            }
        }
    } else {
        None
    };

    let results = check_all(&jobs, stdin_text.as_deref());
    let mut reports = Vec::with_capacity(results.len());
    let mut fails = false;
    for result in results {
        match result {
            Ok(checked) => {
                for warning in &checked.warnings {
                    eprintln!("{warning}");
                }
                fails |= checked.fails;
                reports.push(checked.report);
            }
            Err(message) => {
                eprintln!("docklens: {message}");
                io_failed = true;
            }
        }
    }

    let format = output_settings.format.unwrap_or(Format::Text);
    let color = output_settings.no_color != Some(true)
        && io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|it| it.is_empty());
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    let written = output::write(format, &reports, color, &mut stdout).and_then(|()| stdout.flush());
    if let Err(err) = written {
        if err.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("docklens: cannot write the report: {err}");
        }
        return ExitCode::from(2);
    }
    if io_failed {
        ExitCode::from(2)
    } else if fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The files to check, sorted by path with standard input first; and
/// whether a path could not be read.
fn collect_targets(paths: &[PathBuf]) -> (Vec<Target>, bool) {
    let mut res = Vec::new();
    let mut failed = false;
    for path in paths {
        if path.as_os_str() == "-" {
            res.push(Target::Stdin);
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => match find_dockerfiles(path) {
                Ok(found) => res.extend(found.into_iter().map(Target::File)),
                Err(err) => {
                    eprintln!("docklens: {err:#}");
                    failed = true;
                }
            },
            Ok(_) => res.push(Target::File(path.clone())),
            Err(err) => {
                eprintln!("docklens: cannot read {}: {err}", path.display());
                failed = true;
            }
        }
    }
    res.sort();
    res.dedup();
    (res, failed)
}

/// Checks every job, in parallel when there are several, and returns the
/// results in job order. Shows a progress bar on a terminal for many files.
fn check_all(jobs: &[Job], stdin: Option<&str>) -> Vec<Result<Checked, String>> {
    let progress = (jobs.len() >= PROGRESS_MIN_FILES && io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} checking {pos}/{len} Dockerfiles {wide_bar} {elapsed}",
        ) {
            bar.set_style(style);
        }
        bar
    });
    let threads = std::thread::available_parallelism()
        .map_or(1, |it| it.get())
        .min(jobs.len());
    let mut results: Vec<Option<Result<Checked, String>>> = Vec::new();
    results.resize_with(jobs.len(), || None);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (send, receive) = mpsc::channel();
        for _ in 0..threads {
            let send = send.clone();
            let next = &next;
            scope.spawn(move || loop {
                let idx = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(idx) else {
                    break;
                };
                // A bug in one rule costs one file, not the whole run.
                let result = std::panic::catch_unwind(AssertUnwindSafe(|| check_one(job, stdin)))
                    .unwrap_or_else(|_| {
                        Err(format!("internal error while checking {}", job.name()))
                    });
                if send.send((idx, result)).is_err() {
                    break;
                }
            });
        }
        drop(send);
        for (idx, result) in receive {
            results[idx] = Some(result);
            if let Some(bar) = &progress {
                bar.inc(1);
            }
        }
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    results
        .into_iter()
        .map(|it| it.unwrap_or_else(|| Err("a worker thread stopped".to_owned())))
        .collect()
}

fn check_one(job: &Job, stdin: Option<&str>) -> Result<Checked, String> {
    let (name, text, dockerignore) = match &job.target {
        Target::Stdin => (
            "<stdin>".to_owned(),
            stdin.unwrap_or_default().to_owned(),
            Some(PathBuf::from(".dockerignore")).filter(|it| it.is_file()),
        ),
        Target::File(path) => {
            let input = input::read(path).map_err(|err| format!("{err:#}"))?;
            (input.name, input.text, dockerignore_for(path))
        }
    };
    let dockerignore = match dockerignore {
        Some(path) => Some(
            fs::read_to_string(&path)
                .map_err(|err| format!("cannot read {}: {err}", path.display()))?,
        ),
        None => None,
    };
    let settings = &job.settings;
    let parse = syntax::parse(&text);
    let model = model::analyze(
        &text,
        &parse,
        &settings.model_options(),
        &KnowledgeBaseFacts,
    );
    let config = settings.rules_config();
    let environment = Environment { dockerignore };
    let diagnostics = rules::check(&text, &parse, &model, &config, &environment);

    let mut warnings = Vec::new();
    if let Some(target) = &model.unknown_target {
        warnings.push(format!(
            "docklens: warning: {name}: no stage is named `{target}` (--target); checking the last stage"
        ));
    }
    warnings.extend(unknown_pragma_codes(&name, &text, &parse));

    let threshold = settings.failure_threshold();
    let fails = settings.no_fail != Some(true)
        && diagnostics.iter().any(|it| threshold.fails_on(it.severity));
    Ok(Checked {
        report: FileReport::new(name, text, diagnostics),
        fails,
        warnings,
    })
}

/// `file:line:col: warning: unknown rule ...` for codes in `# hadolint
/// ignore=` pragmas that name no rule.
fn unknown_pragma_codes(name: &str, text: &str, parse: &syntax::Parse) -> Vec<String> {
    let suppressions = Suppressions::collect(text, parse);
    let index = LineIndex::new(text);
    let mut res = Vec::new();
    for pragma in &suppressions.pragmas {
        let codes = match &pragma.kind {
            PragmaKind::Ignore(codes) | PragmaKind::GlobalIgnore(codes) => codes,
            PragmaKind::Shell(_) => continue,
        };
        let comment = pragma.range.slice(text);
        let mut searched = 0;
        for code in codes.iter().filter(|it| !config::is_known_rule(it)) {
            let offset = comment[searched..]
                .find(code.as_str())
                .map_or(0, |at| searched + at);
            searched = offset;
            let at = index.line_col(text, pragma.range.start() + offset);
            res.push(format!(
                "{name}:{}:{}: warning: {} in a pragma",
                at.line + 1,
                at.col + 1,
                config::unknown_rule_message(code)
            ));
        }
    }
    res
}
