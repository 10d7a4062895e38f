use super::mb;
use crate::{
    model::packages,
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::InstructionKind,
};

pub(crate) static RULE: Rule = Rule {
    code: "DK2005",
    name: "build-tools-in-shipped-stage",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Size,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Build tools are installed in the stage that ships",
    docs: r#"## What it does
Flags packages that only build software (`build-essential`, `build-base`, `gcc`, `make`, `cmake`,
`git`, language toolchains, `-dev`/`-devel` headers) installed in a stage whose layers ship, unless
the same `RUN` removes them again.

## Why is this bad?
Compilers and headers are large (`build-essential` adds ≈ 323 MB to a slim Debian image) and are
not needed to run the result. Install them in a builder stage and copy only what it produces.

## Example
```dockerfile
FROM python:3.13-slim
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && pip install --no-cache-dir uwsgi && rm -rf /var/lib/apt/lists/*
CMD ["uwsgi"]
```

Use instead:
```dockerfile
FROM python:3.13-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && pip install --no-cache-dir --prefix=/install uwsgi

FROM python:3.13-slim
COPY --from=build /install /usr/local
CMD ["uwsgi"]
```

## References
- [Docker: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
- Sizes: `apt-get install --assume-no` on a minimal Debian 12 root (`server/data/packages.toml`)
"#,
    check,
};

/// Packages that build rather than run software.
fn is_build_tool(name: &str) -> bool {
    const EXACT: &[&str] = &[
        "build-essential",
        "build-base",
        "gcc",
        "g++",
        "gcc-c++",
        "clang",
        "llvm",
        "make",
        "cmake",
        "ninja-build",
        "autoconf",
        "automake",
        "libtool",
        "pkg-config",
        "pkgconf",
        "git",
        "golang",
        "golang-go",
        "go",
        "rustc",
        "cargo",
        "rust",
        "maven",
        "gradle",
        "musl-dev",
        "linux-headers",
        "musl-tools",
        "default-jdk",
        "default-jdk-headless",
    ];
    EXACT.contains(&name)
        || name.ends_with("-dev")
        || name.ends_with("-devel")
        || (name.starts_with("openjdk-") && name.contains("-jdk"))
}

const APT_OPTIONS: &[&str] = &["-o", "-t", "--target-release", "-c"];
const APK_OPTIONS: &[&str] = &["-X", "--repository", "-t", "--virtual", "--root", "-p"];

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (idx, instruction) in ctx.instructions_of(InstructionKind::Run) {
        if !ctx.ships(idx) {
            continue;
        }
        for run in ctx.run_scripts(idx) {
            // Packages removed again in the same RUN never reach a layer.
            let removed: Vec<&str> = run
                .script
                .commands
                .iter()
                .filter_map(|command| {
                    let effective = command.effective();
                    let sub = effective.subcommand(APT_OPTIONS)?.value.as_str();
                    let removes = matches!(
                        (effective.name()?, sub),
                        ("apk", "del")
                            | ("apt-get" | "apt", "purge" | "remove" | "autoremove")
                            | ("dnf" | "yum", "remove")
                    );
                    removes.then(|| {
                        effective
                            .positionals(APT_OPTIONS)
                            .into_iter()
                            .map(|it| it.value.as_str())
                            .collect::<Vec<_>>()
                    })
                })
                .flatten()
                .collect();
            let virtual_groups: Vec<&str> = run
                .script
                .commands
                .iter()
                .filter_map(|command| {
                    command
                        .effective()
                        .flag_value(Some('t'), &["virtual"])
                        .map(|it| it.value)
                })
                .collect();
            for command in &run.script.commands {
                let effective = command.effective();
                let (manager, options) = match effective.name() {
                    Some("apt-get" | "apt") => ("apt", APT_OPTIONS),
                    Some("apk") => ("apk", APK_OPTIONS),
                    Some("dnf" | "yum" | "microdnf") => ("dnf", APT_OPTIONS),
                    _ => continue,
                };
                let sub = effective.subcommand(options).map(|it| it.value.as_str());
                if !matches!(sub, Some("install" | "add")) {
                    continue;
                }
                if manager == "apk" && virtual_groups.iter().any(|group| removed.contains(group)) {
                    continue;
                }
                let recommends = !effective.has_flag(&[], &["no-install-recommends"]);
                for package in effective.positionals(options) {
                    let bare = package
                        .value
                        .split(['=', '>', '<', '~'])
                        .next()
                        .unwrap_or("");
                    if !is_build_tool(bare) || removed.contains(&bare) {
                        continue;
                    }
                    let size = match manager {
                        "apt" => packages()
                            .apt(bare, recommends)
                            .map(|it| format!(" (≈ {} on a slim Debian)", mb(it))),
                        "apk" => packages()
                            .apk(bare)
                            .map(|(it, _)| format!(" (≈ {})", mb(it))),
                        _ => None,
                    };
                    let message = format!(
                        "`{bare}`{} is a build tool installed in a layer that ships: build in a separate stage and copy only the result",
                        size.unwrap_or_default()
                    );
                    acc.push(
                        RULE.diagnostic(run.source_range(instruction, package.range), message),
                    );
                }
            }
        }
    }
}
