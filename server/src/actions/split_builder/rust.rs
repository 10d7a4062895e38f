//! Rust: `cargo build` and `cargo install`.
//!
//! `cargo build` writes `<target dir>/[<triple>/]<profile>/<bin>`; `cargo
//! install` writes `<root>/bin/<bin>` (root: `--root`, `$CARGO_INSTALL_ROOT`,
//! `$CARGO_HOME`). The binary name comes from `--bin` or from the
//! CMD/ENTRYPOINT that runs it; Cargo.toml cannot be read, so without
//! either there is no split.

use super::{
    binary::{self, Linkage, Output},
    stage::{dirname, resolve, Ctx, Step},
    Plan,
};

/// Cargo options that take a value, spelled as on the command line.
const VALUE_OPTIONS: &[&str] = &[
    "--bin",
    "--package",
    "-p",
    "--target",
    "--target-dir",
    "--profile",
    "--features",
    "-F",
    "--manifest-path",
    "--jobs",
    "-j",
    "--root",
    "--path",
    "--example",
    "--config",
    "-Z",
    "--color",
    "--message-format",
    "--git",
    "--branch",
    "--tag",
    "--rev",
    "--registry",
    "--index",
    "--version",
    "--vers",
    "--exclude",
    "--timings",
];

pub(super) fn plan(ctx: &Ctx<'_>) -> Option<Plan> {
    let steps = ctx.steps();
    let mut outputs = Vec::new();
    let mut build_steps = Vec::new();
    let mut musl = ctx.entry.libc() == crate::images::Libc::Musl;
    let mut static_glibc = false;
    let mut debug = false;
    let mut fetch_after_copy = false;
    for (at, step) in steps.iter().enumerate() {
        let effective = step.effective();
        if effective.name() != Some("cargo") {
            continue;
        }
        let Some(sub) = effective.subcommand(VALUE_OPTIONS) else {
            continue;
        };
        let install = match sub.value.as_str() {
            "build" | "b" => false,
            "install" => true,
            _ => continue,
        };
        let target = option(ctx, step, "--target");
        if let Some(target) = &target {
            let target = target.as_deref()?;
            if !target.contains("linux") {
                return None;
            }
            musl |= target.contains("musl");
        }
        static_glibc |= step
            .env(ctx, "RUSTFLAGS")
            .is_some_and(|it| it.contains("+crt-static"));
        let bins = bins(ctx, step)?;
        let dir = match install {
            true => install_dir(ctx, step)?,
            false => build_dir(ctx, step, target.flatten().as_deref())?,
        };
        debug |= dir.ends_with("/debug");
        // The rust images put $CARGO_HOME/bin on PATH.
        let on_path = dir == "/usr/local/cargo/bin"
            || ctx
                .scope_value(step.idx, "PATH")
                .is_some_and(|path| path.split(':').any(|it| it == dir));
        fetch_after_copy |= !install && ctx.refetches(step.idx);
        // `cargo install <crate>` without --path: a tool from crates.io.
        let tool = install
            && option(ctx, step, "--path").is_none()
            && option(ctx, step, "--git").is_none();
        let output = |path: Option<String>| Output {
            step: at,
            path,
            dir: dir.clone(),
            on_path,
            tool,
        };
        match bins.is_empty() {
            true => outputs.push(output(None)),
            false => outputs.extend(bins.iter().map(|bin| output(Some(format!("{dir}/{bin}"))))),
        }
        build_steps.push(step.idx);
    }
    if outputs.is_empty() {
        return None;
    }
    let linkage = match musl || static_glibc {
        true => Linkage::Static,
        false => Linkage::Glibc,
    };
    let mut plan = binary::plan(ctx, &steps, outputs, linkage)?;
    let mut notes = vec![match (musl, static_glibc) {
        (true, _) => format!(
            "The build targets musl, so the binary is static: it needs no C library on {}.",
            plan.runtime
        ),
        (false, true) => format!(
            "RUSTFLAGS has +crt-static, so the binary is static: it needs no C library on {}.",
            plan.runtime
        ),
        (false, false) => format!(
            "The binary links glibc and libgcc_s, which {} has; crates that link other shared libraries (openssl-sys, libpq, ...) need those in the runtime too.",
            plan.runtime
        ),
    }];
    if debug {
        notes.push(
            "The binary is a debug build (no --release): building with --release makes it smaller and faster."
                .into(),
        );
    }
    if fetch_after_copy {
        notes.push(
            "Dependencies download and compile after the whole build context is copied, so any source change rebuilds them: cache them with `RUN --mount=type=cache` for the registry and target/, or build the dependencies before copying the sources."
                .into(),
        );
    }
    notes.append(&mut plan.notes);
    plan.notes = notes;
    plan.build_steps = build_steps;
    Some(plan)
}

/// An option's last value: `Some(None)` when present but unknowable.
fn option(ctx: &Ctx<'_>, step: &Step<'_>, name: &str) -> Option<Option<String>> {
    step.option(ctx, &[name])
}

/// The `--bin` names; `None` when one cannot be read, empty when none.
fn bins(ctx: &Ctx<'_>, step: &Step<'_>) -> Option<Vec<String>> {
    let effective = step.effective();
    let args = effective.args();
    let mut res = Vec::new();
    for (i, word) in args.iter().enumerate() {
        if word.value == "--bin" {
            res.push(ctx.word_value(step.idx, args.get(i + 1)?)?);
        } else if let Some(value) = word.value.strip_prefix("--bin=") {
            match word.has_expansion {
                true => res.push(ctx.expand(step.idx, value)?),
                false => res.push(value.to_owned()),
            }
        } else if word.value == "--bins" || word.value == "--examples" {
            return None;
        }
    }
    Some(res)
}

/// Where `cargo build` puts binaries.
fn build_dir(ctx: &Ctx<'_>, step: &Step<'_>, target: Option<&str>) -> Option<String> {
    let effective = step.effective();
    let mut project = step.cwd.clone()?;
    if let Some(manifest) = option(ctx, step, "--manifest-path") {
        project = dirname(&resolve(&project, &manifest?)).to_owned();
    }
    let target_dir = match option(ctx, step, "--target-dir") {
        Some(dir) => resolve(step.cwd.as_deref()?, &dir?),
        None => match step.env(ctx, "CARGO_TARGET_DIR") {
            Some(dir) => resolve(step.cwd.as_deref()?, &dir),
            None => format!("{}/target", project.trim_end_matches('/')),
        },
    };
    let release = effective.has_flag(&['r'], &["release"]);
    let profile = match option(ctx, step, "--profile") {
        Some(profile) => match profile?.as_str() {
            "dev" | "test" => "debug".to_owned(),
            "release" | "bench" => "release".to_owned(),
            other => other.to_owned(),
        },
        None if release => "release".into(),
        None => "debug".into(),
    };
    Some(match target {
        Some(triple) => format!("{target_dir}/{triple}/{profile}"),
        None => format!("{target_dir}/{profile}"),
    })
}

/// Where `cargo install` puts binaries.
fn install_dir(ctx: &Ctx<'_>, step: &Step<'_>) -> Option<String> {
    let root = match option(ctx, step, "--root") {
        Some(root) => resolve(step.cwd.as_deref()?, &root?),
        None => step
            .env(ctx, "CARGO_INSTALL_ROOT")
            .or_else(|| step.env(ctx, "CARGO_HOME"))
            .unwrap_or_else(|| "/usr/local/cargo".into()),
    };
    Some(format!("{}/bin", root.trim_end_matches('/')))
}
