//! What Go and Rust share: a compiled binary (or a few) that is the whole
//! artifact. Follows it through `cp`/`mv`/`install`, matches it with what
//! the container starts, and picks the runtime by how it links and whether
//! the stage's CMD/HEALTHCHECK need a shell.

use crate::images::{self, ImageEntry, ImageRef, Libc, PackageManager, Role};

use super::{
    debian_release, json_array, line,
    stage::{basename, dirname, is_shell, package_use, resolve, Ctx, PackageUse, Step, PATH_DIRS},
    Line, Plan,
};

/// A binary a build command writes.
#[derive(Debug, Clone)]
pub(super) struct Output {
    /// Position of the command in [`Ctx::steps`].
    pub step: usize,
    /// Where it is written, when its name is known.
    pub path: Option<String>,
    /// The directory it is written to (for a name learnt from CMD).
    pub dir: String,
    /// True when `dir` is on the builder's PATH, so CMD may name it bare.
    pub on_path: bool,
    /// A tool installed from elsewhere (`go install pkg@version`, `cargo
    /// install <crate>`): shipped only when the container runs it.
    pub tool: bool,
}

/// How the binary links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Linkage {
    /// No libc needed: runs on scratch/distroless static.
    Static,
    /// Dynamically linked against musl.
    Musl,
    /// Dynamically linked against glibc (and libgcc_s for Rust).
    Glibc,
}

/// The binaries found, where they end up, and the runtime that runs them.
pub(super) fn plan(
    ctx: &Ctx<'_>,
    steps: &[Step<'_>],
    outputs: Vec<Output>,
    linkage: Linkage,
) -> Option<Plan> {
    if outputs.is_empty() {
        return None;
    }
    let workdir = ctx.final_workdir();
    let start = ctx.start_argv();
    let resolve_program = |program: &str| match program.contains('/') {
        true => Some(resolve(&workdir, program)),
        false => None,
    };

    // Names learnt from a later `cp`/`mv` of the output, or from what the
    // container starts.
    let mut artifacts: Vec<(String, usize, bool)> = Vec::new();
    for output in &outputs {
        let copied = steps.iter().skip(output.step + 1).find_map(|step| {
            let (sources, ..) = relocation(ctx, steps, step)?;
            match sources.as_slice() {
                [source] if dirname(source) == output.dir => Some(source.clone()),
                _ => None,
            }
        });
        let path = match (&output.path, &start) {
            (Some(path), _) => path.clone(),
            (None, _) if copied.is_some() => copied?,
            (None, Some(start)) if !is_shell(&start.program) => {
                match resolve_program(&start.program) {
                    Some(path) if dirname(&path) == output.dir => path,
                    Some(_) => return None,
                    None if output.on_path => format!("{}/{}", output.dir, start.program),
                    None => return None,
                }
            }
            (None, _) => return None,
        };
        artifacts.push((path, output.step, output.tool));
    }

    // `cp`/`mv`/`install` after the build.
    let first = artifacts.iter().map(|it| it.1).min()?;
    let mut paths: Vec<Vec<(String, usize)>> = artifacts
        .iter()
        .map(|(path, step, _)| vec![(path.clone(), *step)])
        .collect();
    for (at, step) in steps.iter().enumerate().skip(first + 1) {
        let Some((sources, dest, dir_mode, moves)) = relocation(ctx, steps, step) else {
            continue;
        };
        let [source] = sources.as_slice() else {
            continue;
        };
        for candidates in &mut paths {
            let Some(current) = candidates.last().cloned() else {
                continue;
            };
            if current.1 > at || current.0 != *source {
                continue;
            }
            let target = match dir_mode {
                true => format!("{}/{}", dest.trim_end_matches('/'), basename(&current.0)),
                false => dest.clone(),
            };
            if moves {
                candidates.pop();
            }
            candidates.push((target, at));
        }
    }

    // The path each binary ships from: the one the container names, else
    // the last place it was put.
    let names_program = |path: &str, program: &str| match resolve_program(program) {
        Some(resolved) => resolved == path,
        None => basename(path) == program,
    };
    let programs: Vec<String> = [ctx.entrypoint().or_else(|| ctx.cmd()), ctx.healthcheck()]
        .into_iter()
        .flatten()
        .flat_map(|it| match it.argv.as_deref() {
            // `sh -c "..."`: the programs of the script.
            Some([shell, flag, ..]) if is_shell(shell) && flag == "-c" => it.programs,
            Some([first, ..]) => vec![first.clone()],
            _ => it.programs,
        })
        .collect();
    let mut shipped: Vec<(String, String)> = Vec::new();
    for (candidates, (_, _, tool)) in paths.iter().zip(&artifacts) {
        let named = candidates
            .iter()
            .rev()
            .find(|(path, _)| programs.iter().any(|p| names_program(path, p)));
        if *tool && named.is_none() {
            continue;
        }
        let (path, at) = named.or_else(|| candidates.last())?.clone();
        if steps
            .get(at)
            .is_some_and(|step| step.mounted_over(ctx, &path))
        {
            return None;
        }
        let bare = programs
            .iter()
            .any(|p| !p.contains('/') && basename(&path) == p);
        let dest = match bare && !PATH_DIRS.contains(&dirname(&path)) {
            true => format!("/usr/local/bin/{}", basename(&path)),
            false => path.clone(),
        };
        shipped.push((path, dest));
    }
    let provided = |program: &str| shipped.iter().any(|(path, _)| names_program(path, program));
    match &start {
        Some(start) if !is_shell(&start.program) && !provided(&start.program) => return None,
        _ => {}
    }
    let needs = super::stage::runtime_needs(ctx, &provided)?;

    // Packages the stage installs.
    let mut tzdata = false;
    for (_, name) in ctx.installed_packages() {
        match package_use(&name) {
            PackageUse::Build | PackageUse::CaCertificates => {}
            PackageUse::Tzdata => tzdata = true,
            PackageUse::Headers if linkage == Linkage::Static => {}
            PackageUse::Headers | PackageUse::Other => return None,
        }
    }

    let shell = needs.shell || !needs.tools.is_empty();
    let (runtime, entry) = pick_runtime(ctx, linkage, shell)?;
    let id = entry.id.as_str();
    let mut plan = Plan {
        runtime: runtime.clone(),
        workdir: workdir.clone(),
        ..Plan::default()
    };
    let tag = ImageRef::parse(&runtime).ok()?.tag_or_latest().to_owned();
    // A numeric user needs no /etc/passwd entry, so it works on any base.
    let user = entry.runs_as_root(&tag).then(|| "65532:65532".to_owned());
    let users = match entry.runs_as_root(&tag) {
        true => vec!["nobody"],
        false => vec!["nonroot", "nobody"],
    };
    let package_manager = entry.package_manager;
    plan.user = user;
    plan.users = users;
    plan.setup = tool_setup(package_manager, &needs.tools)?;
    for (path, dest) in &shipped {
        plan.copies.push((path.clone(), dest.clone()));
    }
    if LACK_CA_CERTIFICATES.contains(&id) {
        plan.copies.push((
            "/etc/ssl/certs/ca-certificates.crt".into(),
            "/etc/ssl/certs/ca-certificates.crt".into(),
        ));
        plan.notes.push(format!(
            "{runtime} has no CA certificates: the builder's bundle is copied to /etc/ssl/certs/."
        ));
    }
    if tzdata && matches!(id, "alpine" | "debian-slim") {
        plan.copies
            .push(("/usr/share/zoneinfo".into(), "/usr/share/zoneinfo".into()));
    }
    if start.is_none() {
        let [(_, dest)] = shipped.as_slice() else {
            return None;
        };
        plan.added
            .push(line("CMD", json_array(std::slice::from_ref(dest))));
        plan.notes.push(format!(
            "The single stage set no CMD (it started {}'s shell): the runtime gets `CMD [\"{dest}\"]`.",
            ctx.image.familiar()
        ));
    }
    let names: Vec<String> = shipped.iter().map(|it| format!("`{}`", it.1)).collect();
    plan.notes.push(format!(
        "Only {} is copied into the runtime: files the program reads at run time (templates, static assets, config) must be copied too.",
        names.join(", ")
    ));
    if id == "distroless-static" {
        plan.notes.push(format!(
            "scratch would save another {:.1} MB but has no CA certificates, time-zone data, /etc/passwd or /tmp, which programs commonly need.",
            entry.disk_mb().unwrap_or_default()
        ));
    }
    match id {
        "distroless-static" | "distroless-base" | "distroless-cc" => plan.notes.push(format!(
            "{runtime} has CA certificates and time-zone data but no shell: use its :debug tag to get a shell for troubleshooting."
        )),
        "alpine" if !tzdata => plan.notes.push(format!(
            "{runtime} has CA certificates but no time-zone data: if the program loads time zones, add tzdata there (or embed it in the binary)."
        )),
        _ => {}
    }
    plan.user_label = Some(match &plan.user {
        Some(user) => user.clone(),
        None => "uid 65532, from the :nonroot tag".into(),
    });
    Some(plan)
}

/// Runtime images without a CA bundle, which the builder's is copied into.
const LACK_CA_CERTIFICATES: &[&str] = &["debian-slim", "debian"];

/// The smallest runtime the knowledge base lists for the builder that runs
/// the binary: the right libc (any, for a static one) and a shell when the
/// CMD/HEALTHCHECK need one. `scratch` is passed over: no CA bundle,
/// tzdata, passwd or /tmp, which programs commonly expect; distroless
/// static has them for 2 MB. A glibc binary that needs a shell falls back
/// to Debian slim. Debian-based picks follow the builder's release.
fn pick_runtime(
    ctx: &Ctx<'_>,
    linkage: Linkage,
    shell: bool,
) -> Option<(String, &'static ImageEntry)> {
    let (release, codename) = debian_release(ctx.tag());
    let fits = |entry: &ImageEntry| {
        let libc = match linkage {
            Linkage::Static => matches!(entry.libc(), Libc::None | Libc::Musl | Libc::Glibc),
            Linkage::Musl => entry.libc() == Libc::Musl,
            Linkage::Glibc => entry.libc() == Libc::Glibc,
        };
        let tag = ImageRef::parse(entry.canonical_ref())
            .map(|it| it.tag_or_latest().to_owned())
            .unwrap_or_default();
        entry.role() != Role::Empty && libc && (!shell || entry.has_shell(&tag))
    };
    let kb = images::knowledge_base().ok()?;
    let entry = ctx
        .entry
        .runtime_alternatives()
        .into_iter()
        .find(|it| fits(it))
        .or_else(|| {
            let slim = kb.get("debian-slim")?;
            (linkage == Linkage::Glibc && fits(slim)).then_some(slim)
        })?;
    // A glibc binary runs on its builder's glibc or a newer one.
    let runtime = match linkage {
        Linkage::Glibc => entry
            .canonical_ref()
            .replace("debian13", &format!("debian{release}"))
            .replace("trixie", codename),
        _ => entry.canonical_ref().to_owned(),
    };
    Some((runtime, entry))
}

/// `cp`/`mv`/`install` of one file: sources, destination, whether the
/// destination is a directory, and whether the source goes away.
fn relocation(
    ctx: &Ctx<'_>,
    steps: &[Step<'_>],
    step: &Step<'_>,
) -> Option<(Vec<String>, String, bool, bool)> {
    let effective = step.effective();
    let (options, moves): (&[&str], bool) = match effective.name()? {
        "cp" => (&["-t", "--target-directory", "-S", "--suffix"], false),
        "mv" => (&["-t", "--target-directory", "-S", "--suffix"], true),
        "install" => (
            &[
                "-m",
                "--mode",
                "-o",
                "--owner",
                "-g",
                "--group",
                "-t",
                "--target-directory",
                "-S",
                "--suffix",
            ],
            false,
        ),
        _ => return None,
    };
    let mut words = Vec::new();
    words.extend(effective.subcommand(options));
    words.extend(effective.positionals(options));
    let mut paths: Vec<String> = Vec::new();
    for word in words {
        paths.push(step.path(ctx, word)?);
    }
    if effective.has_flag(&['d'], &["directory"]) && !moves {
        return None;
    }
    if let Some(target) = effective.flag_value(Some('t'), &["target-directory"]) {
        let value = match target.word.has_expansion {
            true => ctx.expand(step.idx, target.value)?,
            false => target.value.to_owned(),
        };
        let dir = resolve(step.cwd.as_deref()?, &value);
        return Some((paths, dir, true, moves));
    }
    let dest = paths.pop()?;
    let raw_dest = effective
        .positionals(options)
        .last()
        .map(|it| it.value.clone())
        .unwrap_or_default();
    let dir_mode = raw_dest.ends_with('/')
        || raw_dest == "."
        || PATH_DIRS.contains(&dest.as_str())
        || ctx.stage.workdirs.iter().any(|(_, dir)| *dir == dest)
        || made_dir(ctx, steps, step, &dest);
    Some((paths, dest, dir_mode, moves))
}

/// True when an earlier `mkdir` of the stage created `dir`.
fn made_dir(ctx: &Ctx<'_>, steps: &[Step<'_>], before: &Step<'_>, dir: &str) -> bool {
    steps
        .iter()
        .take_while(|it| !std::ptr::eq(*it, before))
        .filter(|it| it.effective().name() == Some("mkdir"))
        .any(|step| {
            let effective = step.effective();
            effective
                .args()
                .iter()
                .filter(|it| !it.value.starts_with('-'))
                .any(|word| step.path(ctx, word).as_deref() == Some(dir))
        })
}

/// `RUN`s that install the tools a runtime's CMD/HEALTHCHECK needs.
pub(super) fn tool_setup(package_manager: PackageManager, tools: &[String]) -> Option<Vec<Line>> {
    let missing: Vec<&str> = tools
        .iter()
        .map(String::as_str)
        .filter(|tool| match package_manager {
            // busybox provides wget; Debian and Ubuntu images have bash.
            PackageManager::Apk => *tool != "wget",
            PackageManager::Apt => *tool != "bash",
            _ => true,
        })
        .collect();
    if missing.is_empty() {
        return Some(Vec::new());
    }
    let packages = missing.join(" ");
    match package_manager {
        PackageManager::Apk => Some(vec![line("RUN", format!("apk add --no-cache {packages}"))]),
        PackageManager::Apt => Some(vec![line(
            "RUN",
            format!("apt-get update && apt-get install -y --no-install-recommends {packages} && rm -rf /var/lib/apt/lists/*"),
        )]),
        _ => None,
    }
}

/// The builder's libc, for binaries that link one.
pub(super) fn builder_libc(ctx: &Ctx<'_>) -> Linkage {
    match ctx.entry.libc() {
        Libc::Musl => Linkage::Musl,
        _ => Linkage::Glibc,
    }
}
