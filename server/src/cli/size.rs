//! `docklens size`: what each stage weighs, which one ships, and what the
//! final image will weigh, estimated from the Dockerfile alone.
//!
//! Exit codes: 0 with a report (also for a file with syntax errors: the
//! report covers what could be parsed, and stderr says so), 2 when the file
//! cannot be read or `--target` names no stage.

use std::{
    io::{self, Write},
    path::PathBuf,
    process::ExitCode,
};

use clap::{Args, ValueEnum};
use serde_json::{json, Value};

use crate::{
    ide::sizes::{self, format_estimate},
    model::{
        self, Base, BaseSize, Estimate, KnowledgeBaseFacts, Model, ModelOptions, SizeReport,
        StageRole,
    },
    syntax::{self, LineIndex, Parse},
};

#[derive(Debug, Args)]
pub(crate) struct SizeArgs {
    /// The Dockerfile, or `-` for standard input.
    file: PathBuf,
    /// `text`: a table with bars; `json`: one object for scripts.
    #[arg(short, long, value_enum, default_value_t = SizeFormat::Text)]
    format: SizeFormat,
    /// The stage that ships, by name or index (default: the last one).
    #[arg(long, value_name = "STAGE")]
    target: Option<String>,
    /// A build argument, as `docker build --build-arg`. Repeatable.
    #[arg(long = "build-arg", value_parser = super::check::parse_build_arg, value_name = "NAME=VALUE")]
    build_args: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SizeFormat {
    Text,
    Json,
}

/// Width of the bars in the text table, in cells.
const BAR_WIDTH: usize = 24;

pub(crate) fn run(args: &SizeArgs) -> ExitCode {
    let input = match super::input::read(&args.file) {
        Ok(input) => input,
        Err(err) => {
            eprintln!("docklens: {err:#}");
            return ExitCode::from(2);
        }
    };
    let text = input.text;
    let parse = syntax::parse(&text);
    let options = ModelOptions {
        target: args.target.clone(),
        build_args: args.build_args.clone(),
    };
    let model = model::analyze(&text, &parse, &options, &KnowledgeBaseFacts);
    if let Some(target) = &model.unknown_target {
        let stages: Vec<String> = model.stages.iter().map(|it| it.label()).collect();
        eprintln!(
            "docklens: {}: no stage is named `{target}` (--target); stages: {}",
            input.name,
            match stages.is_empty() {
                true => "none".to_owned(),
                false => stages.join(", "),
            }
        );
        return ExitCode::from(2);
    }
    if !parse.errors.is_empty() {
        let index = LineIndex::new(&text);
        for error in &parse.errors {
            let at = index.line_col(&text, error.range.start());
            eprintln!(
                "{}:{}:{}: error: {}",
                input.name,
                at.line + 1,
                at.col + 1,
                error.message
            );
        }
        eprintln!(
            "docklens: warning: {} has syntax errors that stop a build; the sizes are for what could be parsed",
            input.name
        );
    }
    let report = model::estimate_size(&text, &parse, &model);
    let rows = rows(&parse, &model, &report);
    let out = match args.format {
        SizeFormat::Text => text_report(&rows, &report, &model),
        SizeFormat::Json => {
            let mut out = serde_json::to_string_pretty(&json_report(&rows, &report, &model))
                .unwrap_or_default();
            out.push('\n');
            out
        }
    };
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("docklens: cannot write the report: {err}");
            ExitCode::from(2)
        }
    }
}

/// One stage as the report shows it.
struct Row {
    index: usize,
    name: Option<String>,
    role: StageRole,
    /// The role for people: a stage the shipped one is built `FROM` ships
    /// its layers through it.
    role_label: String,
    /// The `FROM` argument after ARG expansion; `None` for a `FROM` without one.
    base: Option<String>,
    base_stage: Option<usize>,
    base_download: Option<Estimate>,
    base_disk: Option<Estimate>,
    download: Option<Estimate>,
    disk: Option<Estimate>,
    /// Parts of the shipped image that cannot be estimated: `(line, what)`.
    unknown: Vec<(usize, String)>,
}

fn rows(parse: &Parse, model: &Model, report: &SizeReport) -> Vec<Row> {
    let mut rows = Vec::with_capacity(report.stages.len());
    for size in &report.stages {
        let Some(stage) = model.stage(size.stage) else {
            continue;
        };
        let (base, base_stage) = match &stage.base {
            Base::Image(image) => (Some(image.expanded.value_or_raw().to_owned()), None),
            Base::Stage(parent) => (model.stage(*parent).map(|it| it.label()), Some(*parent)),
            Base::Scratch => (Some("scratch".to_owned()), None),
            Base::Missing => (None, None),
        };
        let (base_download, base_disk) = match &size.base {
            BaseSize::Known { download, disk, .. } => (*download, *disk),
            BaseSize::Stage(parent) => report
                .stages
                .get(*parent)
                .map_or((None, None), |it| (it.download, it.disk)),
            BaseSize::Scratch => (Some(Estimate::exact(0.0)), Some(Estimate::exact(0.0))),
            BaseSize::Unknown => (None, None),
        };
        let ships = model.ships_layers_of(size.stage);
        let mut unknown = Vec::new();
        if ships && matches!(size.base, BaseSize::Unknown) {
            let line = parse
                .instructions
                .get(stage.from)
                .map_or(0, |it| it.start_line + 1);
            let what = match &base {
                Some(base) => format!("base image `{base}`: not in docklens' knowledge base"),
                None => "`FROM` names no image".to_owned(),
            };
            unknown.push((line, what));
        }
        unknown.extend(match ships {
            true => size
                .layers
                .iter()
                .flat_map(|layer| {
                    let line = parse
                        .instructions
                        .get(layer.instruction)
                        .map_or(0, |it| it.start_line + 1);
                    layer
                        .items
                        .iter()
                        .filter(|it| sizes::is_unknown(&it.size))
                        .map(move |it| (line, it.what.clone()))
                })
                .collect(),
            false => Vec::new(),
        });
        let role_label = match (size.role, model.ships_layers_of(size.stage)) {
            (StageRole::Ships, _) | (_, false) => sizes::role_label(size.role).to_owned(),
            (_, true) => format!("ships via {}", shipped_child(model, size.stage)),
        };
        rows.push(Row {
            index: size.stage,
            name: stage.name.as_ref().map(|it| it.to_string()),
            role: size.role,
            role_label,
            base,
            base_stage,
            base_download,
            base_disk,
            download: size.download,
            disk: size.disk,
            unknown,
        });
    }
    rows
}

/// The stage built `FROM` `stage` on the way to the shipped one.
fn shipped_child(model: &Model, stage: usize) -> String {
    model
        .stages
        .iter()
        .find(|it| it.base == Base::Stage(stage) && model.ships_layers_of(it.index))
        .map_or_else(|| "a later stage".to_owned(), |it| it.label())
}

fn shown(estimate: Option<&Estimate>) -> String {
    estimate.map_or_else(|| "?".to_owned(), format_estimate)
}

fn text_report(rows: &[Row], report: &SizeReport, model: &Model) -> String {
    if rows.is_empty() {
        return "no stages: the Dockerfile has no FROM\n".to_owned();
    }
    let header = [
        "STAGE",
        "ROLE",
        "BASE",
        "BASE DOWNLOAD",
        "BASE ON DISK",
        "STAGE ON DISK",
    ];
    let mut table: Vec<[String; 6]> = vec![header.map(str::to_owned)];
    for row in rows {
        let stage = match &row.name {
            Some(name) => format!("{} {name}", row.index),
            None => row.index.to_string(),
        };
        let base = match (&row.base, row.base_stage) {
            (Some(base), Some(_)) => format!("stage {base}"),
            (Some(base), None) => base.clone(),
            (None, _) => "(none)".to_owned(),
        };
        table.push([
            stage,
            row.role_label.clone(),
            base,
            shown(row.base_download.as_ref()),
            shown(row.base_disk.as_ref()),
            shown(row.disk.as_ref()),
        ]);
    }
    let widths: Vec<usize> = (0..6)
        .map(|col| {
            table
                .iter()
                .map(|it| it[col].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let max = rows
        .iter()
        .filter_map(|it| it.disk.as_ref().map(sizes::plotted))
        .fold(0.0, f64::max);
    let mut out = String::new();
    for (i, cells) in table.iter().enumerate() {
        let mut line = String::new();
        for (col, cell) in cells.iter().enumerate() {
            // Text columns align left, figures right.
            let pad = widths[col].saturating_sub(cell.chars().count());
            match col {
                0..=2 => line.push_str(&format!("{cell}{}  ", " ".repeat(pad))),
                _ => line.push_str(&format!("{}{cell}  ", " ".repeat(pad))),
            }
        }
        if let Some(disk) = i.checked_sub(1).and_then(|it| rows.get(it)?.disk.as_ref()) {
            line.push_str(&sizes::bar(sizes::plotted(disk), max, BAR_WIDTH));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push('\n');
    match report.final_size() {
        Some(stage) => {
            let label = model
                .stage(stage.stage)
                .map_or_else(|| stage.stage.to_string(), |it| it.label());
            out.push_str(&format!(
                "final image (stage {label}): {} download, {} on disk\n",
                shown(stage.download.as_ref()),
                shown(stage.disk.as_ref()),
            ));
        }
        None => out.push_str("final image: ?\n"),
    }
    if rows
        .iter()
        .any(|it| it.role != StageRole::Ships && !model.ships_layers_of(it.index))
    {
        out.push_str(
            "builder and unused stages are not counted: only what is copied out of them ships\n",
        );
    }
    let unknown: Vec<&(usize, String)> = rows.iter().flat_map(|it| &it.unknown).collect();
    if !unknown.is_empty() {
        out.push_str("\nnot estimable from the Dockerfile (\"?\"):\n");
        for (line, what) in unknown {
            out.push_str(&format!("  line {line}: {what}\n"));
        }
    }
    out.push_str(
        "\n≈ estimated, no mark measured; sizes in decimal MB; base sizes from docklens' knowledge base (linux/amd64)\n",
    );
    out
}

/// The figure for JSON: the middle of the range, `null` when nothing is known.
fn number(estimate: Option<&Estimate>) -> Value {
    match estimate {
        Some(it) if !sizes::is_unknown(it) => json!(round(sizes::plotted(it))),
        _ => Value::Null,
    }
}

fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// `{low, high, partial, estimated}`, or `null` when unknown.
fn detail(estimate: Option<&Estimate>) -> Value {
    match estimate {
        Some(it) => json!({
            "low": round(it.low),
            "high": round(it.high),
            "partial": it.partial,
            "estimated": it.estimated,
        }),
        None => Value::Null,
    }
}

fn json_report(rows: &[Row], report: &SizeReport, model: &Model) -> Value {
    let stages: Vec<Value> = rows
        .iter()
        .map(|row| {
            json!({
                "index": row.index,
                "name": row.name,
                "base": row.base,
                "base_stage": row.base_stage,
                "base_download_mb": number(row.base_download.as_ref()),
                "base_disk_mb": number(row.base_disk.as_ref()),
                "estimated_disk_mb": number(row.disk.as_ref()),
                "estimated_download_mb": number(row.download.as_ref()),
                "ships": row.role == StageRole::Ships,
                "role": row.role_label,
                "estimated_disk": detail(row.disk.as_ref()),
                "estimated_download": detail(row.download.as_ref()),
                "not_estimable": row
                    .unknown
                    .iter()
                    .map(|(line, what)| json!({ "line": line, "what": what }))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    let shipped = report.final_size();
    json!({
        "stages": stages,
        "final": {
            "stage": shipped.map(|it| it.stage),
            "name": shipped
                .and_then(|it| model.stage(it.stage))
                .and_then(|it| it.name.as_ref().map(|it| it.to_string())),
            "estimated_download_mb": number(shipped.and_then(|it| it.download.as_ref())),
            "estimated_disk_mb": number(shipped.and_then(|it| it.disk.as_ref())),
            "estimated_download": detail(shipped.and_then(|it| it.download.as_ref())),
            "estimated_disk": detail(shipped.and_then(|it| it.disk.as_ref())),
        },
    })
}
