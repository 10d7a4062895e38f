//! .NET: `dotnet publish -o <dir>` on the SDK image.
//!
//! The publish directory moves to `/app` on `mcr.microsoft.com/dotnet/aspnet`
//! (when the stage shows it serves HTTP: EXPOSE or ASPNETCORE_*) or
//! `dotnet/runtime`, with the SDK's version and variant. The entry assembly
//! comes from the CMD/ENTRYPOINT, `-p:AssemblyName`, the project published,
//! or the one project file the stage copies; otherwise there is no split.

use crate::{
    images::PackageManager,
    syntax::{Args, InstructionKind},
};

use super::{
    binary::tool_setup,
    derive_ref, json_array, leading_number, line,
    node::packages_build_only,
    stage::{basename, dirname, resolve, runtime_needs, Ctx},
    Plan,
};

/// `dotnet publish` options whose value is the next word.
const OPTIONS: &[&str] = &[
    "-c",
    "--configuration",
    "-o",
    "--output",
    "-r",
    "--runtime",
    "-f",
    "--framework",
    "-a",
    "--arch",
    "--os",
    "-v",
    "--verbosity",
    "--version-suffix",
    "--source",
    "-s",
];

const PROJECT_EXTENSIONS: &[&str] = &[".csproj", ".fsproj", ".vbproj"];

pub(super) fn plan(ctx: &Ctx<'_>) -> Option<Plan> {
    let steps = ctx.steps();
    let mut publish = None;
    for step in &steps {
        let effective = step.effective();
        if effective.name() != Some("dotnet")
            || effective.subcommand(OPTIONS).map(|it| it.value.as_str()) != Some("publish")
        {
            continue;
        }
        if publish.is_some() {
            return None;
        }
        publish = Some(step);
    }
    let step = publish?;
    let effective = step.effective();
    let cwd = step.cwd.clone()?;
    // Self-contained, single-file and AOT output need runtime-deps, not the
    // framework images.
    let properties: Vec<(String, String)> = effective
        .args()
        .iter()
        .filter_map(|it| {
            let value = it.value.as_str();
            let rest = ["-p:", "/p:", "--property:", "-property:"]
                .iter()
                .find_map(|prefix| value.strip_prefix(prefix))?;
            let (key, value) = rest.split_once('=')?;
            Some((key.to_ascii_lowercase(), value.to_owned()))
        })
        .collect();
    let property = |name: &str| {
        properties
            .iter()
            .rev()
            .find(|it| it.0 == name)
            .map(|it| it.1.as_str())
    };
    let major = leading_number(ctx.tag());
    let self_contained = effective.args().iter().any(|it| {
        matches!(
            it.value.as_str(),
            "--self-contained" | "--sc" | "--self-contained=true" | "--sc=true"
        )
    });
    // Before .NET 8 a runtime identifier implied a self-contained publish.
    let rid = step.option(ctx, &["-r", "--runtime"]).is_some();
    if self_contained
        || (rid && major.is_some_and(|it| it < 8))
        || [
            "publishaot",
            "publishsinglefile",
            "selfcontained",
            "publishtrimmed",
        ]
        .iter()
        .any(|it| property(it).is_some_and(|it| it.eq_ignore_ascii_case("true")))
    {
        return None;
    }
    let output = step.option(ctx, &["-o", "--output"])??;
    let publish_dir = resolve(&cwd, &output);

    // The entry assembly.
    let start = ctx.start_argv();
    let from_start = match &start {
        Some(start) => {
            let argv = start.argv.as_ref()?;
            match argv.as_slice() {
                [dotnet, dll, ..] if basename(dotnet) == "dotnet" && dll.ends_with(".dll") => {
                    Some(basename(dll).trim_end_matches(".dll").to_owned())
                }
                [apphost, ..] if apphost.contains('/') => {
                    let path = resolve(&ctx.final_workdir(), apphost);
                    if dirname(&path) != publish_dir {
                        return None;
                    }
                    Some(basename(&path).to_owned())
                }
                _ => return None,
            }
        }
        None => None,
    };
    let project = effective
        .positionals(OPTIONS)
        .iter()
        .map(|it| it.value.as_str())
        .find_map(project_name);
    let name = from_start
        .or_else(|| property("assemblyname").map(str::to_owned))
        .or(project)
        .or_else(|| copied_project(ctx))?;
    if !packages_build_only(ctx, false) {
        return None;
    }

    let web = ctx.of_kind(InstructionKind::Expose).next().is_some()
        || ctx.of_kind(InstructionKind::Env).any(|(_, it)| {
            it.args
                .key_values()
                .iter()
                .any(|kv| kv.key.text.starts_with("ASPNETCORE_"))
        });
    let flavour = if web { "aspnet" } else { "runtime" };
    let runtime = derive_ref(
        ctx,
        &|repo| {
            let (prefix, last) = repo.rsplit_once('/')?;
            (last == "sdk").then(|| format!("{prefix}/{flavour}"))
        },
        &runtime_tag,
    )?;
    let has_app_uid = major.is_none_or(|it| it >= 8);

    let mut plan = Plan {
        runtime: runtime.clone(),
        build_steps: vec![step.idx],
        workdir: "/app".into(),
        user: has_app_uid.then(|| "$APP_UID".into()),
        users: vec!["app"],
        ..Plan::default()
    };
    plan.copies.push((publish_dir.clone(), "/app".into()));
    let dll = format!("{name}.dll");
    match &start {
        Some(start) => {
            let instruction = ctx.instruction(start.idx)?;
            let keyword = match instruction.kind {
                InstructionKind::Cmd => "CMD",
                _ => "ENTRYPOINT",
            };
            let mut argv = start.argv.clone()?;
            match basename(argv.first()?) == "dotnet" {
                true => argv[1] = dll.clone(),
                false => argv[0] = format!("./{name}"),
            }
            // Only the instruction the program comes from is rewritten; a
            // CMD giving ENTRYPOINT its arguments stays as it is.
            let own: usize = match &instruction.args {
                Args::Exec(exec) => exec.elements.len(),
                _ => argv.len(),
            };
            argv.truncate(own);
            plan.rewrites
                .push((start.idx, line(keyword, json_array(&argv))));
        }
        None => plan.added.push(line(
            "ENTRYPOINT",
            json_array(&["dotnet".into(), dll.clone()]),
        )),
    }
    let provided = |program: &str| basename(program) == "dotnet" || basename(program) == name;
    let needs = runtime_needs(ctx, &provided)?;
    let package_manager = match ctx.tag().contains("alpine") {
        true => PackageManager::Apk,
        false => PackageManager::Apt,
    };
    plan.setup = tool_setup(package_manager, &needs.tools)?;

    let mut notes = vec![format!(
        "Framework-dependent publish output ({publish_dir}) runs on {runtime}, the {} image of the SDK's version; {dll} is the entry assembly.",
        if web { "ASP.NET Core" } else { ".NET" }
    )];
    if !web {
        notes.push(
            "No EXPOSE or ASPNETCORE_* setting says this is a web app, so the runtime is dotnet/runtime: an ASP.NET Core app needs dotnet/aspnet."
                .into(),
        );
    }
    if ctx.tag().contains("alpine") {
        notes.push(format!(
            "{runtime} has no ICU or time-zone data (globalization-invariant mode): apps that need cultures or time zones need the -extra variant or icu-libs/tzdata."
        ));
    }
    match has_app_uid {
        true => {
            let low_port = ctx.of_kind(InstructionKind::Expose).any(|(_, it)| {
                it.args
                    .words()
                    .iter()
                    .any(|word| leading_number(&word.text).is_some_and(|port| port < 1024))
            });
            plan.user_label = Some("the image's app user, $APP_UID".into());
            if low_port {
                notes.push(
                    "ASP.NET Core 8+ listens on 8080 by default: a port below 1024 needs root on older Docker engines."
                        .into(),
                );
            }
        }
        false => {
            if ctx.of_kind(InstructionKind::User).next().is_none() {
                notes.push(format!(
                    "{runtime} predates the non-root app user (.NET 8): the runtime still runs as root."
                ));
            }
        }
    }
    plan.notes = notes;
    Some(plan)
}

/// `MyApp.csproj`, `src/MyApp/MyApp.csproj` → `MyApp`.
fn project_name(path: &str) -> Option<String> {
    let file = basename(path);
    PROJECT_EXTENSIONS
        .iter()
        .find_map(|ext| file.strip_suffix(ext))
        .filter(|it| !it.is_empty() && !it.contains(['*', '$']))
        .map(str::to_owned)
}

/// The one project file the stage copies by name.
fn copied_project(ctx: &Ctx<'_>) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    for kind in [InstructionKind::Copy, InstructionKind::Add] {
        for (_, instruction) in ctx.of_kind(kind) {
            let values = instruction.args.values();
            let Some((_, sources)) = values.split_last() else {
                continue;
            };
            for (source, _) in sources {
                if let Some(name) = project_name(source) {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
        }
    }
    match names.as_slice() {
        [name] => Some(name.clone()),
        _ => None,
    }
}

/// The runtime tag for an SDK tag: `8.0.404-bookworm-slim` →
/// `8.0-bookworm-slim` (SDK patch versions are not runtime versions).
fn runtime_tag(tag: &str) -> Option<String> {
    if tag.contains("aot") {
        return None;
    }
    if tag == "latest" || tag.starts_with('$') {
        return Some(tag.to_owned());
    }
    let (version, rest) = match tag.split_once('-') {
        Some((version, rest)) => (version, Some(rest)),
        None => (tag, None),
    };
    let parts: Vec<&str> = version.split('.').collect();
    if parts.len() < 2
        || !parts
            .iter()
            .all(|it| it.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let version = format!("{}.{}", parts[0], parts[1]);
    Some(match rest {
        Some(rest) => format!("{version}-{rest}"),
        None => version,
    })
}

#[cfg(test)]
mod tests {
    use super::{project_name, runtime_tag};

    #[test]
    fn runtime_tags_drop_the_sdk_patch() {
        assert_eq!(runtime_tag("8.0").as_deref(), Some("8.0"));
        assert_eq!(
            runtime_tag("8.0.404-bookworm-slim").as_deref(),
            Some("8.0-bookworm-slim")
        );
        assert_eq!(runtime_tag("9.0-alpine").as_deref(), Some("9.0-alpine"));
        assert_eq!(runtime_tag("10.0-noble-aot"), None);
        assert_eq!(runtime_tag("lts"), None);
        assert_eq!(project_name("src/Api/Api.csproj").as_deref(), Some("Api"));
        assert_eq!(project_name("*.csproj"), None);
    }
}
