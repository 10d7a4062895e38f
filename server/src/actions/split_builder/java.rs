//! Java: Maven (`mvn package`, `./mvnw package`) and Gradle (`gradle
//! build`, `./gradlew bootJar`, ...).
//!
//! The jar moves to `/app/app.jar` on `eclipse-temurin:<same major>-jre`
//! (`-jre-alpine` only for an Alpine builder), and `java -jar` points at it.
//! The jar is the one the CMD/ENTRYPOINT names; when it names none (or a
//! glob), the builder picks the single runnable jar of the output directory.

use crate::{
    images::PackageManager,
    syntax::{script, Args, InstructionKind},
};

use super::{
    binary::tool_setup,
    json_array, line,
    node::packages_build_only,
    stage::{basename, dirname, resolve, runtime_needs, Ctx, Step},
    Line, Plan,
};

/// Maven options whose value is the next word.
const MAVEN_OPTIONS: &[&str] = &[
    "-f",
    "--file",
    "-pl",
    "--projects",
    "-s",
    "--settings",
    "-gs",
    "--global-settings",
    "-T",
    "--threads",
    "-rf",
    "--resume-from",
    "-t",
    "--toolchains",
    "-l",
    "--log-file",
    "-b",
    "--builder",
    "-P",
    "--activate-profiles",
    "-D",
    "--define",
];

/// Gradle options whose value is the next word.
const GRADLE_OPTIONS: &[&str] = &[
    "-p",
    "--project-dir",
    "-b",
    "--build-file",
    "-x",
    "--exclude-task",
    "-I",
    "--init-script",
    "-g",
    "--gradle-user-home",
    "--console",
    "--max-workers",
    "-c",
    "--settings-file",
    "-P",
    "--project-prop",
    "-D",
    "--system-prop",
];

const MAVEN_GOALS: &[&str] = &["package", "install", "verify", "deploy"];
const GRADLE_TASKS: &[&str] = &["build", "assemble", "bootJar", "jar", "shadowJar"];

/// Where the runtime keeps the jar.
const JAR: &str = "/app/app.jar";

pub(super) fn plan(ctx: &Ctx<'_>) -> Option<Plan> {
    let steps = ctx.steps();
    let mut build: Option<(usize, String, &'static str)> = None;
    let mut offline_first = false;
    for step in &steps {
        let effective = step.effective();
        let Some(name) = effective.name() else {
            continue;
        };
        let found = match name {
            "mvn" | "mvnw" => maven(step),
            "gradle" | "gradlew" => gradle(step),
            _ => continue,
        };
        match found {
            Some(Some((dir, glob))) => {
                if build.is_some() {
                    return None;
                }
                build = Some((step.idx, dir, glob));
            }
            Some(None) => offline_first |= build.is_none() && !ctx.refetches(step.idx),
            None => return None,
        }
    }
    let (build_idx, out_dir, glob) = build?;
    if !packages_build_only(ctx, false) {
        return None;
    }
    let major = java_major(ctx)?;
    let alpine = ctx.tag().contains("alpine");
    let runtime = format!(
        "eclipse-temurin:{major}-jre{}",
        if alpine { "-alpine" } else { "" }
    );

    let mut plan = Plan {
        runtime: runtime.clone(),
        build_steps: vec![build_idx],
        workdir: "/app".into(),
        user: Some("app".into()),
        users: vec!["app"],
        ..Plan::default()
    };
    let mut notes = vec![format!(
        "The jar runs on {runtime}: a JRE of the builder's Java version ({major})."
    )];

    // The jar: the one java -jar names, else picked from the output directory.
    let workdir = ctx.final_workdir();
    let start = ctx.start_argv();
    let named = match &start {
        Some(start) if basename(&start.program) != "java" => return None,
        Some(start) => Some(jar_rewrite(ctx, start.idx)?),
        None => None,
    };
    let pick_from = match &named {
        Some((jar, _)) if !jar.contains(['*', '?', '[']) => {
            plan.copies.push((resolve(&workdir, jar), JAR.into()));
            None
        }
        Some((jar, _)) => Some(resolve(&workdir, jar)),
        None => Some(format!("{out_dir}/{glob}")),
    };
    if let Some(pattern) = pick_from {
        plan.tail.push(line(
            "RUN",
            format!(
                "cp \"$(ls {pattern} | grep -Ev '(-plain|-sources|-javadoc|-tests)\\.jar$|/original-[^/]*$')\" /app.jar"
            ),
        ));
        plan.copies.push(("/app.jar".into(), JAR.into()));
        notes.push(format!(
            "The builder copies the runnable jar from {pattern} to /app.jar, skipping -plain, -sources, -javadoc, -tests and original-* jars; the build fails if not exactly one is left."
        ));
    }
    match named {
        Some((_, rewrite)) => plan.rewrites.push(rewrite),
        None => {
            plan.added.push(line(
                "ENTRYPOINT",
                json_array(&["java".into(), "-jar".into(), JAR.into()]),
            ));
            notes.push(format!(
                "The single stage set no CMD or ENTRYPOINT (it started {}'s default): the runtime gets `ENTRYPOINT [\"java\", \"-jar\", \"{JAR}\"]`.",
                ctx.image.familiar()
            ));
        }
    }

    let provided = |program: &str| basename(program) == "java";
    let needs = runtime_needs(ctx, &provided)?;
    let package_manager = match alpine {
        true => PackageManager::Apk,
        false => PackageManager::Apt,
    };
    plan.setup.push(line(
        "RUN",
        match alpine {
            true => "addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app",
            false => "groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-log-init app",
        },
    ));
    plan.setup
        .extend(tool_setup(package_manager, &needs.tools)?);
    notes.push(
        "Only the jar is copied: files the application reads from the file system at run time (outside the jar) must be copied too."
            .into(),
    );
    if !offline_first && !ctx.has_cache_mount(build_idx) {
        notes.push(
            "Dependencies download in the same step as the build: copy the build files (pom.xml / build.gradle) and resolve dependencies before copying the sources, or use a cache mount, so source changes do not download them again."
                .into(),
        );
    }
    plan.user_label = Some("app, uid 10001".into());
    plan.notes = notes;
    Some(plan)
}

/// A Maven invocation: `Some(Some((output dir, jar glob)))` for a build,
/// `Some(None)` for another goal (`dependency:go-offline`), `None` when it
/// cannot be read.
fn maven(step: &Step<'_>) -> Option<Option<(String, &'static str)>> {
    let effective = step.effective();
    let mut goals = Vec::new();
    goals.extend(effective.subcommand(MAVEN_OPTIONS));
    goals.extend(effective.positionals(MAVEN_OPTIONS));
    if !goals
        .iter()
        .any(|it| MAVEN_GOALS.contains(&it.value.as_str()))
    {
        return Some(None);
    }
    let mut project = step.cwd.clone()?;
    if let Some(file) = flag(&effective, &["-f", "--file"]) {
        if file.contains('$') {
            return None;
        }
        let pom = resolve(&project, file);
        project = match pom.ends_with(".xml") {
            true => dirname(&pom).to_owned(),
            false => pom,
        };
    }
    if let Some(projects) = flag(&effective, &["-pl", "--projects"]) {
        if projects.contains([',', '$']) {
            return None;
        }
        project = resolve(&project, projects.trim_start_matches(':'));
    }
    Some(Some((
        format!("{}/target", project.trim_end_matches('/')),
        "*.jar",
    )))
}

/// A Gradle invocation, like [`maven`].
fn gradle(step: &Step<'_>) -> Option<Option<(String, &'static str)>> {
    let effective = step.effective();
    let mut tasks = Vec::new();
    tasks.extend(effective.subcommand(GRADLE_OPTIONS));
    tasks.extend(effective.positionals(GRADLE_OPTIONS));
    let tasks: Vec<&str> = tasks.iter().map(|it| it.value.as_str()).collect();
    if !tasks.iter().any(|it| GRADLE_TASKS.contains(it)) {
        return Some(None);
    }
    let mut project = step.cwd.clone()?;
    if let Some(dir) = flag(&effective, &["-p", "--project-dir"]) {
        if dir.contains('$') {
            return None;
        }
        project = resolve(&project, dir);
    }
    let glob = match tasks.contains(&"shadowJar") {
        true => "*-all.jar",
        false => "*.jar",
    };
    Some(Some((
        format!("{}/build/libs", project.trim_end_matches('/')),
        glob,
    )))
}

/// The value of a `-x value` / `--x=value` option, as written.
fn flag<'a>(effective: &script::EffectiveCommand<'a>, names: &[&str]) -> Option<&'a str> {
    let args = effective.args();
    for (i, word) in args.iter().enumerate() {
        for name in names {
            if word.value == *name {
                return args.get(i + 1).map(|it| it.value.as_str());
            }
            if let Some(value) = word.value.strip_prefix(&format!("{name}=")) {
                return Some(&word.value[word.value.len() - value.len()..]);
            }
        }
    }
    None
}

/// The jar `java ... -jar <jar>` names in the CMD/ENTRYPOINT at `idx`, and
/// the instruction rewritten to run `/app/app.jar`.
fn jar_rewrite(ctx: &Ctx<'_>, idx: usize) -> Option<(String, (usize, Line))> {
    let instruction = ctx.instruction(idx)?;
    let keyword = match instruction.kind {
        InstructionKind::Cmd => "CMD",
        InstructionKind::Entrypoint => "ENTRYPOINT",
        _ => return None,
    };
    match &instruction.args {
        Args::Exec(exec) => {
            let mut argv: Vec<String> = exec
                .elements
                .iter()
                .map(|it| it.value.to_string())
                .collect();
            let at = argv.iter().position(|it| it == "-jar")? + 1;
            let jar = argv.get(at)?.clone();
            argv[at] = JAR.into();
            Some((jar, (idx, line(keyword, json_array(&argv)))))
        }
        Args::Shell(word) => {
            let parsed = script::parse_script(&word.text);
            let [command] = parsed.commands.as_slice() else {
                return None;
            };
            let words = &command.effective().words;
            let at = words.iter().position(|it| it.value == "-jar")? + 1;
            let jar_word = words.get(at)?;
            if jar_word.has_expansion {
                return None;
            }
            let mut text = word.text.to_string();
            text.replace_range(jar_word.range.start()..jar_word.range.end(), JAR);
            let rest = match super::stage::plain_words(&text) {
                Some(argv) => json_array(&argv),
                None => text,
            };
            Some((jar_word.value.clone(), (idx, line(keyword, rest))))
        }
        _ => None,
    }
}

/// The builder's Java major version, from its tag.
fn java_major(ctx: &Ctx<'_>) -> Option<u32> {
    let tag = ctx.tag();
    let after = |marker: &str| {
        tag.find(marker)
            .and_then(|at| super::leading_number(&tag[at + marker.len()..]))
    };
    match ctx.entry.id.as_str() {
        "maven" => [
            "temurin-",
            "openjdk-",
            "corretto-",
            "semeru-",
            "sapmachine-",
            "ibmjava-",
            "jdk-",
        ]
        .iter()
        .find_map(|it| after(it)),
        "gradle" => after("jdk"),
        _ => super::leading_number(tag),
    }
}
