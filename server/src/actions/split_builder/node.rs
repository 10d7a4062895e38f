//! Node.js: `npm ci`/`npm install` (and `npm run build`) on the full
//! `node` image.
//!
//! The application directory is the artifact: node_modules pruned to
//! production dependencies, build output and sources. It moves to
//! `node:<same tag>-slim`, the same Debian release and libc as the builder,
//! so native add-ons keep loading.

use crate::{images::PackageManager, syntax::InstructionKind};

use super::{
    binary::tool_setup,
    derive_ref, leading_number, line,
    render::copy_dest,
    stage::{
        basename, is_system_dir, is_within, package_use, resolve, runtime_needs, Ctx, PackageUse,
    },
    Plan,
};

/// npm options whose value is the next word.
const NPM_OPTIONS: &[&str] = &[
    "--prefix",
    "-w",
    "--workspace",
    "--omit",
    "--include",
    "--only",
    "--loglevel",
    "--registry",
    "--cache",
];

/// Files copied only to install dependencies.
pub(super) const MANIFESTS: &[&str] = &[
    "package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    ".npmrc",
    "package*.json",
];

pub(super) fn plan(ctx: &Ctx<'_>) -> Option<Plan> {
    let app = ctx.final_workdir();
    if is_system_dir(&app) {
        return None;
    }
    let mut installs = 0;
    let mut install_after_copy = false;
    let mut production_only = true;
    let mut build_steps = Vec::new();
    let mut uses_npm_start = false;
    for step in ctx.steps() {
        let effective = step.effective();
        match effective.name() {
            Some("yarn" | "pnpm" | "bun" | "corepack") => return None,
            Some("npx") => build_steps.push(step.idx),
            Some("npm") => {
                let Some(sub) = effective.subcommand(NPM_OPTIONS) else {
                    continue;
                };
                match sub.value.as_str() {
                    // A global install is a build tool (tsc, ...): it stays
                    // in the builder, and a CMD that runs one is refused below.
                    "ci" | "install" | "i" | "add" if effective.has_flag(&['g'], &["global"]) => {}
                    "ci" | "install" | "i" | "add" | "clean-install" => {
                        if effective.has_flag(&[], &["prefix"])
                            || !step.cwd.as_deref().is_some_and(|it| is_within(it, &app))
                        {
                            return None;
                        }
                        let omit_dev = effective
                            .flag_value(None, &["omit"])
                            .is_some_and(|it| it.value == "dev")
                            || effective
                                .flag_value(None, &["only"])
                                .is_some_and(|it| it.value.starts_with("prod"))
                            || effective.has_flag(&[], &["production"])
                            || step.env(ctx, "NODE_ENV").as_deref() == Some("production");
                        production_only &= omit_dev;
                        installs += 1;
                        install_after_copy |= ctx.refetches(step.idx);
                        build_steps.push(step.idx);
                    }
                    "run" | "run-script" | "exec" | "rebuild" | "prune" | "test" => {
                        build_steps.push(step.idx)
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if installs == 0 {
        return None;
    }
    if !copies_stay_inside(ctx, &app, MANIFESTS) || !packages_build_only(ctx, true) {
        return None;
    }

    let runtime = derive_ref(ctx, &|name| Some(name.to_owned()), &|tag| match tag {
        "latest" => Some("slim".into()),
        it if it.contains("slim") || it.contains("alpine") => None,
        it => Some(format!("{it}-slim")),
    })?;
    let provided = |program: &str| match program.contains('/') {
        true => is_within(&resolve(&app, program), &app),
        false => matches!(program, "node" | "npm" | "npx" | "yarn" | "corepack"),
    };
    if let Some(start) = ctx.start_argv() {
        uses_npm_start = basename(&start.program) == "npm";
    }
    let needs = runtime_needs(ctx, &provided)?;

    let mut plan = Plan {
        runtime: runtime.clone(),
        build_steps,
        workdir: app.clone(),
        app_dir: Some(app.clone()),
        user: Some("node".into()),
        users: vec!["node"],
        setup: tool_setup(PackageManager::Apt, &needs.tools)?,
        build_env: vec!["NODE_OPTIONS"],
        ..Plan::default()
    };
    plan.copies.push((app.clone(), app.clone()));
    let mut notes = Vec::new();
    if production_only {
        notes.push(format!(
            "Copies {app} from the builder: the install already omits dev dependencies, so node_modules holds production dependencies, build output and sources."
        ));
    } else {
        // npm 7 (Node 15) introduced --omit; older npm spells it --production.
        let old_npm = leading_number(ctx.tag()).is_some_and(|major| major <= 14);
        let prune = match old_npm {
            true => "npm prune --production",
            false => "npm prune --omit=dev",
        };
        plan.tail.push(line("RUN", prune));
        notes.push(format!(
            "Copies {app} from the builder after `{prune}`: node_modules keeps production dependencies only; build output and sources come along. Check that nothing the app loads at run time is a devDependency."
        ));
    }
    notes.push(format!(
        "{runtime} has the same Debian release and glibc as {}, so native add-ons built in the builder load; it lacks the compilers, git and python3, so anything the app runs from those at run time must be installed.",
        ctx.image.familiar()
    ));
    if install_after_copy {
        notes.push(
            "The npm install runs after the whole build context is copied, so any source change installs the dependencies again: copy package.json and package-lock.json and install before copying the sources."
                .into(),
        );
    }
    if uses_npm_start {
        notes.push(
            "`npm start` is kept: `CMD [\"node\", \"<entry file>\"]` makes node PID 1 so it receives SIGTERM directly."
                .into(),
        );
    }
    plan.user_label = Some("the image's node user".into());
    notes.push(
        "Everything in the application directory is copied: a .dockerignore keeps .git, local node_modules and secrets out of the build context."
            .into(),
    );
    plan.notes = notes;
    Some(plan)
}

/// True when every COPY/ADD from the build context writes inside `app`,
/// or copies only dependency manifests (needed by the install alone).
pub(super) fn copies_stay_inside(ctx: &Ctx<'_>, app: &str, manifests: &[&str]) -> bool {
    for kind in [InstructionKind::Copy, InstructionKind::Add] {
        for (idx, instruction) in ctx.of_kind(kind) {
            if instruction.flag("from").is_some() {
                continue;
            }
            let Some(dest) = copy_dest(ctx, idx) else {
                return false;
            };
            if is_within(&dest, app) {
                continue;
            }
            let values = instruction.args.values();
            let Some((_, sources)) = values.split_last() else {
                return false;
            };
            let only_manifests = sources.iter().all(|(source, _)| {
                let name = basename(source);
                manifests.contains(&name)
                    || manifests
                        .iter()
                        .any(|it| it.ends_with('*') && name.starts_with(it.trim_end_matches('*')))
            });
            if !only_manifests {
                return false;
            }
        }
    }
    true
}

/// True when the stage installs only build tools (and, when
/// `headers_ok`, -dev packages) with the system package manager.
pub(super) fn packages_build_only(ctx: &Ctx<'_>, headers_ok: bool) -> bool {
    ctx.installed_packages()
        .iter()
        .all(|(_, name)| match package_use(name) {
            PackageUse::Build | PackageUse::CaCertificates | PackageUse::Tzdata => true,
            PackageUse::Headers => headers_ok,
            PackageUse::Other => false,
        })
}
