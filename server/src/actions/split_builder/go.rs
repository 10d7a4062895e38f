//! Go: `go build` and `go install`.
//!
//! The binary goes where `-o` says, else where the go command puts it: the
//! first file's name (`go build main.go` → `main`) or the package's last
//! non-major-version element in the current directory, `$GOBIN` or
//! `$GOPATH/bin` for `go install`. A name only the module path knows
//! (`go build` of `.`) is taken from the CMD/ENTRYPOINT that runs it.

use crate::syntax::{script::ScriptWord, Args, InstructionKind, TextEdit};

use super::{
    binary::{self, Linkage, Output},
    line,
    stage::{package_use, resolve, Ctx, PackageUse, Step, PATH_DIRS},
    Plan,
};

/// Build flags that take a value (`-o out`, `-ldflags=...`).
const VALUE_FLAGS: &[&str] = &[
    "o",
    "p",
    "C",
    "asmflags",
    "buildmode",
    "compiler",
    "gccgoflags",
    "gcflags",
    "installsuffix",
    "ldflags",
    "mod",
    "modfile",
    "overlay",
    "pgo",
    "pkgdir",
    "tags",
    "toolexec",
    "covermode",
    "coverpkg",
    "exec",
];

/// Build flags that take none (a `-flag=value` spelling is accepted too).
const BOOL_FLAGS: &[&str] = &[
    "a",
    "n",
    "race",
    "msan",
    "asan",
    "cover",
    "v",
    "work",
    "x",
    "linkshared",
    "modcacherw",
    "trimpath",
    "json",
    "buildvcs",
    "i",
];

/// Packages whose installation means the build uses cgo.
const C_TOOLCHAIN: &[&str] = &["gcc", "g++", "clang", "build-base", "build-essential"];

pub(super) fn plan(ctx: &Ctx<'_>) -> Option<Plan> {
    let steps = ctx.steps();
    let gcc = ctx
        .installed_packages()
        .iter()
        .any(|(_, name)| C_TOOLCHAIN.contains(&name.as_str()));
    let mut outputs = Vec::new();
    let mut build_steps = Vec::new();
    // Why the build uses cgo, when it does.
    let mut cgo: Option<&str> = None;
    let mut all_static = true;
    let mut flag_edits = Vec::new();
    let mut download_after_copy = false;
    for (at, step) in steps.iter().enumerate() {
        let effective = step.effective();
        if effective.name() != Some("go") {
            continue;
        }
        let Some(sub) = effective.args().first() else {
            continue;
        };
        match sub.value.as_str() {
            "build" | "install" => {}
            "mod"
                if effective
                    .args()
                    .get(1)
                    .is_some_and(|it| it.value == "download") =>
            {
                download_after_copy |= ctx.refetches(step.idx);
                continue;
            }
            _ => continue,
        }
        let install = sub.value == "install";
        let args = parse_args(&effective.args()[1..])?;
        let mut cwd = step.cwd.clone()?;
        if let Some(dir) = args.value(ctx, step, "C") {
            cwd = resolve(&cwd, &dir?);
        }
        if step.env(ctx, "GOOS").is_some_and(|it| it != "linux") {
            return None;
        }
        if let Some(mode) = args.value(ctx, step, "buildmode") {
            if !matches!(mode?.as_str(), "exe" | "pie" | "default") {
                return None;
            }
        }
        if args.has("linkshared") {
            return None;
        }
        // The race, memory and address sanitizers need cgo.
        let sanitizer = args.has("race") || args.has("msan") || args.has("asan");
        match step.env(ctx, "CGO_ENABLED").as_deref() {
            Some("0") if sanitizer => return None,
            _ if sanitizer => cgo = Some("-race and the sanitizers need it"),
            Some("1") => cgo = cgo.or(Some("CGO_ENABLED=1")),
            Some("0") => {}
            _ => {
                all_static = false;
                if gcc {
                    cgo = cgo.or(Some("a C compiler is installed"));
                }
            }
        }
        outputs.extend(outputs_of(ctx, step, at, &args, &cwd, install)?);
        build_steps.push(step.idx);
        if let Some(edit) = flags_edit(ctx, step, sub, &args) {
            flag_edits.push(edit);
        }
    }
    if outputs.is_empty() {
        return None;
    }
    let linkage = match cgo {
        Some(_) => binary::builder_libc(ctx),
        None => Linkage::Static,
    };
    if cgo.is_some()
        && ctx
            .installed_packages()
            .iter()
            .any(|(_, name)| package_use(name) == PackageUse::Headers && !name.starts_with("musl"))
    {
        // Links a native library besides libc: which one the runtime needs is unknown.
        return None;
    }
    let mut plan = binary::plan(ctx, &steps, outputs, linkage)?;
    let mut notes = Vec::new();
    match (cgo, all_static) {
        (None, true) => notes.push(format!(
            "CGO_ENABLED=0 is already set, so the binary is static: it needs no C library on {}.",
            plan.runtime
        )),
        (None, false) => {
            let first = *build_steps.first()?;
            plan.before.push((first, line("ENV", "CGO_ENABLED=0")));
            notes.push(format!(
                "Builds with CGO_ENABLED=0 so the binary is static: it needs no C library on {}. This assumes the program needs no cgo (import \"C\", mattn/go-sqlite3, ...); if it does, set CGO_ENABLED=1 and use a runtime with the builder's libc.",
                plan.runtime
            ));
        }
        (Some(reason), _) => notes.push(format!(
            "cgo stays on ({reason}): the binary links the builder's libc, so the runtime is {}, which has the same one. Libraries it links besides libc must be installed there too.",
            plan.runtime
        )),
    }
    if !flag_edits.is_empty() {
        notes.push(
            "Adds `-trimpath -ldflags=\"-s -w\"` to the go command: no symbol table, DWARF data or local paths in the binary, which makes it smaller (stack traces still work). Drop them to debug the binary with a debugger."
                .into(),
        );
        plan.edits.extend(flag_edits);
    }
    if download_after_copy {
        notes.push(
            "`go mod download` runs after the whole build context is copied, so any source change downloads the modules again: copy go.mod and go.sum and download before copying the sources."
                .into(),
        );
    }
    notes.append(&mut plan.notes);
    plan.notes = notes;
    plan.build_steps = build_steps;
    plan.build_env = vec!["GOPATH"];
    Some(plan)
}

/// The flags and packages of a `go build`/`go install`.
struct GoArgs<'a> {
    /// `(name, value word, value inside the flag's own word)`.
    flags: Vec<(String, Option<&'a ScriptWord>, Option<String>)>,
    packages: Vec<&'a ScriptWord>,
}

impl GoArgs<'_> {
    fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|it| it.0 == name)
    }

    /// The last value of a flag: `Some(None)` when it is present but its
    /// value cannot be known.
    fn value(&self, ctx: &Ctx<'_>, step: &Step<'_>, name: &str) -> Option<Option<String>> {
        let (_, word, inline) = self.flags.iter().rev().find(|it| it.0 == name)?;
        Some(match (word, inline) {
            (Some(word), _) => ctx.word_value(step.idx, word),
            (None, Some(inline)) => match inline.contains('$') {
                true => ctx.expand(step.idx, inline),
                false => Some(inline.clone()),
            },
            (None, None) => None,
        })
    }
}

/// Go flags come before the packages; an unknown flag makes the rest
/// unreadable, so it gives `None`.
fn parse_args(args: &[ScriptWord]) -> Option<GoArgs<'_>> {
    let mut flags = Vec::new();
    let mut i = 0;
    while let Some(word) = args.get(i) {
        let Some(flag) = word.value.strip_prefix('-') else {
            break;
        };
        let flag = flag.strip_prefix('-').unwrap_or(flag);
        if flag.is_empty() {
            i += 1;
            break;
        }
        let (name, inline) = match flag.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (flag, None),
        };
        if VALUE_FLAGS.contains(&name) {
            match inline {
                Some(value) => flags.push((name.to_owned(), None, Some(value))),
                None => {
                    flags.push((name.to_owned(), Some(args.get(i + 1)?), None));
                    i += 1;
                }
            }
        } else if BOOL_FLAGS.contains(&name) {
            flags.push((name.to_owned(), None, inline));
        } else {
            return None;
        }
        i += 1;
    }
    Some(GoArgs {
        flags,
        packages: args.get(i..).unwrap_or_default().iter().collect(),
    })
}

/// The binaries one go command writes.
fn outputs_of(
    ctx: &Ctx<'_>,
    step: &Step<'_>,
    at: usize,
    args: &GoArgs<'_>,
    cwd: &str,
    install: bool,
) -> Option<Vec<Output>> {
    let mut packages = Vec::new();
    for word in &args.packages {
        packages.push(ctx.word_value(step.idx, word)?);
    }
    let several = packages.iter().any(|it| it.contains("..."));
    let files: Vec<&String> = packages.iter().filter(|it| it.ends_with(".go")).collect();
    let names: Vec<Option<String>> = match (files.first(), packages.as_slice()) {
        // Which binaries `./...` holds is unknown: only what runs them says.
        _ if several => vec![None],
        (Some(first), _) => vec![Some(
            first.trim_end_matches(".go").rsplit('/').next()?.to_owned(),
        )],
        (None, []) => vec![None],
        (None, packages) => packages.iter().map(|it| package_name(it)).collect(),
    };
    // `go install example.com/tool@v1`: a tool from elsewhere, not the program.
    let tool = install
        && !packages.is_empty()
        && packages
            .iter()
            .all(|it| it.contains('@') || !(it.starts_with('.') || it.starts_with('/')));
    let output = |dir: String, name: Option<String>, on_path: bool| Output {
        step: at,
        path: name.map(|it| format!("{}/{it}", dir.trim_end_matches('/'))),
        dir,
        on_path,
        tool,
    };
    if install {
        let dir = match step.env(ctx, "GOBIN") {
            Some(bin) => bin,
            None => format!(
                "{}/bin",
                step.env(ctx, "GOPATH").unwrap_or_else(|| "/go".into())
            ),
        };
        // The golang images put $GOPATH/bin on PATH.
        let on_path = dir == "/go/bin"
            || ctx
                .scope_value(step.idx, "PATH")
                .is_some_and(|path| path.split(':').any(|it| it == dir));
        return Some(
            names
                .into_iter()
                .map(|name| output(dir.clone(), name, on_path))
                .collect(),
        );
    }
    // `go build` of several packages without -o discards the results.
    if several && !args.has("o") {
        return Some(Vec::new());
    }
    let [name] = names.as_slice() else {
        return match args.has("o") {
            true => None,
            false => Some(Vec::new()),
        };
    };
    let Some(out) = args.value(ctx, step, "o") else {
        return Some(vec![output(cwd.to_owned(), name.clone(), false)]);
    };
    let out = out?;
    let path = resolve(cwd, &out);
    let is_dir = out.ends_with('/')
        || out == "."
        || path == cwd
        || PATH_DIRS.contains(&path.as_str())
        || path == "/go/bin"
        || ctx.stage.workdirs.iter().any(|(_, dir)| *dir == path);
    Some(vec![match is_dir {
        true => {
            let on_path = PATH_DIRS.contains(&path.as_str());
            output(path, name.clone(), on_path)
        }
        false if several => return None,
        false => Output {
            step: at,
            dir: super::stage::dirname(&path).to_owned(),
            path: Some(path),
            on_path: false,
            tool: false,
        },
    }])
}

/// The binary name of a package: its last path element that is not a
/// major version (`example.com/tool/v2` → `tool`). `None` for `.`, whose
/// name is the module path's.
fn package_name(package: &str) -> Option<String> {
    let package = package.split('@').next()?.trim_end_matches('/');
    if package.contains("...") {
        return None;
    }
    let parts: Vec<&str> = package
        .split('/')
        .filter(|it| !it.is_empty() && *it != ".")
        .collect();
    let last = *parts.last()?;
    if last == ".." {
        return None;
    }
    let major =
        last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit());
    match (major, parts.len()) {
        (true, 2..) => Some(parts[parts.len() - 2].to_owned()),
        _ => Some(last.to_owned()),
    }
}

/// Inserts `-trimpath -ldflags="-s -w"` after `build`/`install` where the
/// command has neither; only in shell form, where the insertion is plain text.
fn flags_edit(
    ctx: &Ctx<'_>,
    step: &Step<'_>,
    sub: &ScriptWord,
    args: &GoArgs<'_>,
) -> Option<TextEdit> {
    let instruction = ctx.instruction(step.idx)?;
    if !matches!(instruction.args, Args::Shell(_)) || instruction.kind != InstructionKind::Run {
        return None;
    }
    if args.has("ldflags") || args.has("trimpath") {
        return None;
    }
    let range = step.run.source_range(instruction, sub.range);
    Some(TextEdit::insert(
        range.end(),
        " -trimpath -ldflags=\"-s -w\"",
    ))
}

#[cfg(test)]
mod tests {
    use super::package_name;

    #[test]
    fn binary_names_follow_the_go_command() {
        assert_eq!(package_name("./cmd/server").as_deref(), Some("server"));
        assert_eq!(package_name("./cmd/server/").as_deref(), Some("server"));
        assert_eq!(
            package_name("example.com/tool/v2@latest").as_deref(),
            Some("tool")
        );
        assert_eq!(
            package_name("golang.org/x/tools/gopls@v0.16.0").as_deref(),
            Some("gopls")
        );
        assert_eq!(package_name("."), None);
        assert_eq!(package_name("./..."), None);
        assert_eq!(package_name(".."), None);
    }
}
