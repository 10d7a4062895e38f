//! Python: `pip install` on the full `python` image.
//!
//! pip installs into a virtualenv created in the builder (`/venv`, unless
//! the stage makes its own), which moves with the application directory to
//! `python:<same version>-slim`: the same interpreter path and minor
//! version, which a virtualenv needs, and the same glibc as the wheels
//! were built for.

use crate::images::PackageManager;

use super::{
    binary::tool_setup,
    derive_ref, line,
    node::{copies_stay_inside, packages_build_only},
    stage::{is_system_dir, is_within, package_use, resolve, runtime_needs, Ctx, PackageUse, Step},
    Plan,
};

/// pip options whose value is the next word.
const PIP_OPTIONS: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--cache-dir",
    "--python",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--progress-bar",
    "--log",
];

/// Files copied only to install dependencies.
const MANIFESTS: &[&str] = &[
    "requirements.txt",
    "requirements*.txt",
    "constraints.txt",
    "requirements",
];

const DISTROS: &[&str] = &["trixie", "bookworm", "bullseye", "buster"];

pub(super) fn plan(ctx: &Ctx<'_>) -> Option<Plan> {
    let app = ctx.final_workdir();
    if is_system_dir(&app) {
        return None;
    }
    let steps = ctx.steps();
    let mut pip_steps: Vec<&Step<'_>> = Vec::new();
    let mut own_venv: Option<String> = None;
    for step in &steps {
        let effective = step.effective();
        let Some(name) = effective.name() else {
            continue;
        };
        let args = effective.args();
        let module = match (is_python(name), args) {
            (true, [flag, module, ..]) if flag.value == "-m" => Some(module.value.as_str()),
            _ => None,
        };
        match (name, module) {
            ("poetry" | "pipenv" | "uv" | "conda" | "pdm" | "pipx" | "hatch", _) => return None,
            (_, Some("venv" | "virtualenv")) | ("virtualenv", _) => {
                let skip = usize::from(module.is_some()) * 2;
                let dir = args
                    .iter()
                    .skip(skip)
                    .find(|it| !it.value.starts_with('-'))?;
                own_venv = Some(step.path(ctx, dir)?);
            }
            (_, Some("pip")) if pip_install(&args[2..]) => pip_steps.push(step),
            (name, None) if is_pip(name) && pip_install(args) => pip_steps.push(step),
            _ => {}
        }
    }
    let first = *pip_steps.first()?;
    for step in &pip_steps {
        let effective = step.effective();
        if effective.has_flag(&['t'], &["user", "target", "prefix", "root"]) {
            return None;
        }
    }
    let venv = match &own_venv {
        Some(dir) => {
            // The stage's own virtualenv must be the one pip installs into.
            let into_venv = |step: &&Step<'_>| {
                let program = step
                    .command
                    .words
                    .first()
                    .map(|it| it.value.as_str())
                    .unwrap_or("");
                is_within(&resolve("/", program), dir)
                    || step
                        .env(ctx, "PATH")
                        .is_some_and(|path| path.split(':').next() == Some(&format!("{dir}/bin")))
            };
            if !pip_steps.iter().all(into_venv) {
                return None;
            }
            dir.clone()
        }
        None => {
            if pip_steps.iter().any(|step| {
                step.command
                    .words
                    .first()
                    .is_some_and(|it| it.value.contains('/'))
            }) || is_within(&app, "/venv")
            {
                return None;
            }
            "/venv".to_owned()
        }
    };
    if !copies_stay_inside(ctx, &app, MANIFESTS) || !packages_build_only(ctx, true) {
        return None;
    }

    let runtime = derive_ref(ctx, &|name| Some(name.to_owned()), &slim_tag)?;
    let provided = |program: &str| match program.contains('/') {
        true => {
            let path = resolve(&app, program);
            is_within(&path, &app) || is_within(&path, &venv)
        }
        // Console scripts (gunicorn, uvicorn, ...) live in the virtualenv.
        false => !matches!(program, "curl" | "wget" | "bash" | "sh"),
    };
    let needs = runtime_needs(ctx, &provided)?;

    let mut plan = Plan {
        runtime: runtime.clone(),
        build_steps: pip_steps.iter().map(|it| it.idx).collect(),
        workdir: app.clone(),
        app_dir: Some(app.clone()),
        user: Some("app".into()),
        users: vec!["app"],
        ..Plan::default()
    };
    let path_env = format!("PATH=\"{venv}/bin:$PATH\"");
    if own_venv.is_none() {
        plan.before
            .push((first.idx, line("RUN", "python -m venv /venv")));
        plan.before.push((first.idx, line("ENV", path_env.clone())));
        plan.env.push(line("ENV", path_env));
    } else if !venv_on_path_in_runtime(ctx, &venv) {
        plan.env.push(line("ENV", path_env));
    }
    plan.setup.push(line(
        "RUN",
        "groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-log-init app",
    ));
    plan.setup
        .extend(tool_setup(PackageManager::Apt, &needs.tools)?);
    if !is_within(&venv, &app) {
        plan.copies.push((venv.clone(), venv.clone()));
    }
    plan.copies.push((app.clone(), app.clone()));

    let mut notes = vec![format!(
        "pip installs into the virtualenv {venv}, which is copied with {app} into {runtime}: same interpreter path and Python version, as a virtualenv requires."
    )];
    let headers: Vec<String> = ctx
        .installed_packages()
        .into_iter()
        .filter(|(_, name)| package_use(name) == PackageUse::Headers)
        .map(|(_, name)| name)
        .collect();
    if !headers.is_empty() {
        notes.push(format!(
            "The builder installs {}: packages built from source against them need the matching library packages (e.g. libpq5 for libpq-dev) installed in the runtime.",
            headers.join(", ")
        ));
    } else {
        notes.push(format!(
            "{} ships build tools and -dev libraries {runtime} lacks: a package built from source against a system library needs that library installed in the runtime.",
            ctx.image.familiar()
        ));
    }
    plan.user_label = Some("app, uid 10001".into());
    notes.push(
        "Everything in the application directory is copied: a .dockerignore keeps .git, local virtualenvs and caches out of the build context."
            .into(),
    );
    if pip_steps.iter().any(|step| ctx.refetches(step.idx)) {
        notes.push(
            "pip installs after the whole build context is copied, so any source change installs the dependencies again: copy the dependency list (requirements.txt, pyproject.toml) and install it before copying the sources."
                .into(),
        );
    }
    plan.notes = notes;
    Some(plan)
}

fn is_python(name: &str) -> bool {
    name == "python"
        || name
            .strip_prefix("python")
            .is_some_and(|it| it.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

fn is_pip(name: &str) -> bool {
    name == "pip"
        || name
            .strip_prefix("pip")
            .is_some_and(|it| it.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// True for `pip install ...` (the arguments after `pip`).
fn pip_install(args: &[crate::syntax::script::ScriptWord]) -> bool {
    let mut i = 0;
    while let Some(word) = args.get(i) {
        if !word.value.starts_with('-') {
            return word.value == "install";
        }
        i += 1 + usize::from(PIP_OPTIONS.contains(&word.value.as_str()));
    }
    false
}

/// True when an ENV of the stage that the runtime also gets puts the
/// virtualenv first on PATH.
fn venv_on_path_in_runtime(ctx: &Ctx<'_>, venv: &str) -> bool {
    ctx.of_kind(crate::syntax::InstructionKind::Env)
        .any(|(_, it)| {
            it.args.key_values().iter().any(|kv| {
                kv.key.text == "PATH"
                    && kv
                        .value
                        .as_ref()
                        .is_some_and(|value| value.text.contains(&format!("{venv}/bin")))
            })
        })
}

/// `3.12` → `3.12-slim`, `3.12-bookworm` → `3.12-slim-bookworm`,
/// `bookworm` → `slim-bookworm`, `latest` → `slim`.
fn slim_tag(tag: &str) -> Option<String> {
    if tag == "latest" {
        return Some("slim".into());
    }
    if DISTROS.contains(&tag) {
        return Some(format!("slim-{tag}"));
    }
    let (version, rest) = match tag.split_once('-') {
        Some((version, rest)) => (version, Some(rest)),
        None => (tag, None),
    };
    if !version.starts_with(|c: char| c.is_ascii_digit() || c == '$') {
        return None;
    }
    match rest {
        None => Some(format!("{version}-slim")),
        Some(rest) if DISTROS.contains(&rest) => Some(format!("{version}-slim-{rest}")),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::slim_tag;

    #[test]
    fn slim_tags_keep_version_and_release() {
        assert_eq!(slim_tag("3.12").as_deref(), Some("3.12-slim"));
        assert_eq!(
            slim_tag("3.12-bookworm").as_deref(),
            Some("3.12-slim-bookworm")
        );
        assert_eq!(slim_tag("bookworm").as_deref(), Some("slim-bookworm"));
        assert_eq!(slim_tag("latest").as_deref(), Some("slim"));
        assert_eq!(slim_tag("${PY}").as_deref(), Some("${PY}-slim"));
        assert_eq!(slim_tag("3.12-windowsservercore"), None);
    }
}
