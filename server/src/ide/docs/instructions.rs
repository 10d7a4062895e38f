//! The instructions, their flags and their signatures.

use super::{
    FlagDoc, InstructionDoc, ParamDoc,
    ParamRole::{self, Arg, ArgsFrom, Exec, Flag, Flags, Key, Last, Value},
    SignatureDoc, Snippet, ValueDoc,
};
use crate::syntax::InstructionKind as K;

const fn param(label: &'static str, role: ParamRole, documentation: &'static str) -> ParamDoc {
    ParamDoc {
        label,
        role,
        documentation,
    }
}

const fn snippet(label: &'static str, snippet: &'static str) -> Snippet {
    Snippet { label, snippet }
}

const fn value(name: &'static str, summary: &'static str) -> ValueDoc {
    ValueDoc { name, summary }
}

const BOOL_VALUES: &[ValueDoc] = &[value("true", "Turn it on"), value("false", "Turn it off")];

// ---- flags shared by COPY and ADD ----

const CHOWN: FlagDoc = FlagDoc {
    name: "chown",
    value: Some("<user>:<group>"),
    boolean: false,
    summary: "Owner of the copied files",
    description: "Sets the user and group that own the copied files and directories, by name or numeric id (`--chown=55:mygroup`, `--chown=bin`). A name is looked up in the image's `/etc/passwd` and `/etc/group`; without the flag everything belongs to `0:0`. Variables are expanded.",
    values: &[],
    example: "COPY --chown=app:app ./dist /srv/app",
    since: None,
    anchor: "copy---chown---chmod",
};

const CHMOD: FlagDoc = FlagDoc {
    name: "chmod",
    value: Some("<perms>"),
    boolean: false,
    summary: "Permissions of the copied files",
    description: "Sets the mode bits of the copied files, in octal (`--chmod=755`) or, since Dockerfile 1.14, symbolic notation (`--chmod=u+x`). Without the flag the source's permissions are kept.",
    values: &[],
    example: "COPY --chmod=755 entrypoint.sh /usr/local/bin/",
    since: Some("1.2"),
    anchor: "copy---chown---chmod",
};

const LINK: FlagDoc = FlagDoc {
    name: "link",
    value: Some("<bool>"),
    boolean: true,
    summary: "Copy into an independent layer",
    description: "Puts the files in a layer of their own that does not depend on the layers below it, so the layer is reused when earlier instructions change and can be rebased without rebuilding. Paths are resolved without the base's filesystem: symlinks in the destination path are not followed.",
    values: BOOL_VALUES,
    example: "COPY --link --from=build /out/app /app",
    since: Some("1.4"),
    anchor: "copy---link",
};

const EXCLUDE: FlagDoc = FlagDoc {
    name: "exclude",
    value: Some("<path>"),
    boolean: false,
    summary: "Leave out files matching a pattern",
    description: "Skips sources that match the pattern (`.dockerignore` syntax, `**` allowed). Repeat the flag for several patterns.",
    values: &[],
    example: "COPY --exclude=*.md --exclude=tests/ . /src",
    since: Some("1.19"),
    anchor: "copy---exclude",
};

// ---- FROM ----

const FROM_FLAGS: &[FlagDoc] = &[FlagDoc {
    name: "platform",
    value: Some("<platform>"),
    boolean: false,
    summary: "Platform of the base image",
    description: "Picks the variant of a multi-platform base image (`linux/amd64`, `linux/arm64`, `windows/amd64`). Defaults to the platform the build targets. Global ARGs work here, notably the automatic `$BUILDPLATFORM` (build natively, then cross-compile) and `$TARGETPLATFORM`.",
    values: &[
        value("$BUILDPLATFORM", "The platform of the machine running the build"),
        value("$TARGETPLATFORM", "The platform the build produces (the default)"),
        value("linux/amd64", "64-bit x86 Linux"),
        value("linux/arm64", "64-bit ARM Linux"),
        value("linux/arm/v7", "32-bit ARMv7 Linux"),
        value("windows/amd64", "64-bit x86 Windows"),
    ],
    example: "FROM --platform=$BUILDPLATFORM golang:1.22 AS build",
    since: None,
    anchor: "from",
}];

const FROM_SIGNATURES: &[SignatureDoc] = &[SignatureDoc {
    label: "FROM [--platform=<platform>] <image> [AS <name>]",
    documentation: "Start a build stage from an image or an earlier stage",
    params: &[
        param(
            "[--platform=<platform>]",
            Flag("platform"),
            "The platform of a multi-platform base image",
        ),
        param(
            "<image>",
            Arg(0),
            "An image reference (`name[:tag][@digest]`), an earlier stage's name, or `scratch`",
        ),
        param("AS", Arg(1), "Names the stage"),
        param(
            "<name>",
            Arg(2),
            "The stage name, for `FROM <name>`, `COPY --from=<name>` and `--mount=from=<name>`",
        ),
    ],
}];

// ---- RUN ----

const RUN_FLAGS: &[FlagDoc] = &[
    FlagDoc {
        name: "mount",
        value: Some("[type=<type>][,<key>=<value>...]"),
        boolean: false,
        summary: "Mount a filesystem while the command runs",
        description: "Makes a filesystem available to this `RUN` only; nothing under the mount point ends up in the layer. Types: `bind` (the default: files from the context, a stage or an image), `cache` (a directory kept between builds, for package managers and compilers), `tmpfs`, `secret` and `ssh`. Repeat the flag for several mounts.",
        values: &[],
        example: "RUN --mount=type=cache,target=/root/.cache/go-build go build ./...",
        since: Some("1.2"),
        anchor: "run---mount",
    },
    FlagDoc {
        name: "network",
        value: Some("<type>"),
        boolean: false,
        summary: "Network the command runs in",
        description: "Chooses the network environment of the command: `default`, `none` (loopback only) or `host` (needs the `network.host` entitlement).",
        values: &[
            value("default", "The build's default network; the same as leaving the flag out"),
            value("none", "No network access; only the loopback interface"),
            value("host", "The host's network; needs the `network.host` entitlement"),
        ],
        example: "RUN --network=none pip install --no-index --find-links wheels app",
        since: Some("1.3"),
        anchor: "run---network",
    },
    FlagDoc {
        name: "security",
        value: Some("<mode>"),
        boolean: false,
        summary: "Run with or without the sandbox",
        description: "`sandbox` (the default) runs the command confined as usual; `insecure` runs it with elevated privileges, like `docker run --privileged`, and needs the `security.insecure` entitlement.",
        values: &[
            value("sandbox", "The default confinement; a no-op"),
            value(
                "insecure",
                "No sandbox, like `docker run --privileged`; needs the `security.insecure` entitlement",
            ),
        ],
        example: "RUN --security=insecure mount -t tmpfs none /mnt",
        since: Some("1.20"),
        anchor: "run---security",
    },
    FlagDoc {
        name: "device",
        value: Some("<name>[,required]"),
        boolean: false,
        summary: "Give the command a CDI device",
        description: "Requests a device registered with BuildKit through the Container Device Interface (`vendor.com/gpu=all`, or a device class). Add `required` to fail when it is missing. Needs BuildKit 0.20 and the `device` entitlement.",
        values: &[],
        example: "RUN --device=nvidia.com/gpu=all nvidia-smi",
        since: Some("1.27"),
        anchor: "run---device",
    },
];

const RUN_FLAG_PARAMS: &str =
    "[--mount=<mount>] [--network=<type>] [--security=<mode>] [--device=<name>]";

const RUN_SIGNATURES: &[SignatureDoc] = &[
    SignatureDoc {
        label: "RUN [--mount=<mount>] [--network=<type>] [--security=<mode>] [--device=<name>] <command>",
        documentation: "Shell form: the command runs through the stage's shell (`/bin/sh -c` unless `SHELL` changed it)",
        params: &[
            param("[--mount=<mount>]", Flag("mount"), "A filesystem mounted for this command only"),
            param("[--network=<type>]", Flag("network"), "`default`, `none` or `host`"),
            param("[--security=<mode>]", Flag("security"), "`sandbox` or `insecure`"),
            param("[--device=<name>]", Flag("device"), "A CDI device"),
            param("<command>", ArgsFrom(0), "A shell command line, or heredocs (`<<EOF`)"),
        ],
    },
    SignatureDoc {
        label: "RUN [OPTIONS] [\"<executable>\", \"<param>\", ...]",
        documentation: "Exec form: runs the executable directly, without a shell (no variable expansion)",
        params: &[
            param("[OPTIONS]", Flags, RUN_FLAG_PARAMS),
            param("[\"<executable>\", \"<param>\", ...]", Exec, "A JSON array of strings, double-quoted"),
        ],
    },
];

// ---- COPY / ADD ----

const COPY_FLAGS: &[FlagDoc] = &[
    FlagDoc {
        name: "from",
        value: Some("<name>"),
        boolean: false,
        summary: "Copy from a stage, image or context instead of the build context",
        description: "Takes the sources from an earlier stage (by name or index), an image (`--from=nginx:latest`), or a named build context (`docker buildx build --build-context name=...`) rather than from the build context.",
        values: &[],
        example: "COPY --from=build /out/app /usr/local/bin/app",
        since: None,
        anchor: "copy---from",
    },
    CHOWN,
    CHMOD,
    LINK,
    FlagDoc {
        name: "parents",
        value: Some("<bool>"),
        boolean: true,
        summary: "Keep the sources' parent directories",
        description: "Recreates the directories leading to each source under the destination (`COPY --parents a/b/c.txt /dst` makes `/dst/a/b/c.txt`). A `/./` in a source marks where the kept part begins.",
        values: BOOL_VALUES,
        example: "COPY --parents ./x/*.txt /dst/",
        since: Some("1.20"),
        anchor: "copy---parents",
    },
    EXCLUDE,
];

const ADD_FLAGS: &[FlagDoc] = &[
    CHOWN,
    CHMOD,
    LINK,
    FlagDoc {
        name: "checksum",
        value: Some("<hash>"),
        boolean: false,
        summary: "Verify a remote source",
        description: "Fails the build unless the remote source matches: `sha256:<hex>` for an HTTP(S) file, a commit SHA (or a prefix of one) for a Git repository.",
        values: &[value("sha256:", "The SHA-256 digest of an HTTP(S) source")],
        example: "ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/app.tar.gz /",
        since: Some("1.6"),
        anchor: "add---checksum",
    },
    FlagDoc {
        name: "keep-git-dir",
        value: Some("<bool>"),
        boolean: true,
        summary: "Keep the .git directory of a Git source",
        description: "When the source is a Git repository URL, keeps its `.git` directory; by default only the checked-out files are added.",
        values: BOOL_VALUES,
        example: "ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.10.1 /buildkit",
        since: Some("1.1"),
        anchor: "add---keep-git-dir",
    },
    FlagDoc {
        name: "unpack",
        value: Some("<bool>"),
        boolean: true,
        summary: "Whether to extract tar archives",
        description: "Controls whether tar archives (also gzip, bzip2, xz compressed) are extracted into the destination. Local archives are extracted by default; remote ones are not.",
        values: BOOL_VALUES,
        example: "ADD --unpack=true https://example.com/archive.tar.gz /download",
        since: Some("1.17"),
        anchor: "add---unpack",
    },
    EXCLUDE,
];

const COPY_SIGNATURES: &[SignatureDoc] = &[
    SignatureDoc {
        label: "COPY [--from=<name>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--parents] [--exclude=<path>] <src> ... <dest>",
        documentation: "Copy files from the build context (or a stage, image or named context) into the image",
        params: &[
            param("[--from=<name>]", Flag("from"), "A stage, image or named context to copy from"),
            param("[--chown=<user>:<group>]", Flag("chown"), "Owner of the copied files"),
            param("[--chmod=<perms>]", Flag("chmod"), "Permissions of the copied files"),
            param("[--link]", Flag("link"), "Copy into an independent layer"),
            param("[--parents]", Flag("parents"), "Keep the sources' parent directories"),
            param("[--exclude=<path>]", Flag("exclude"), "Leave out matching files"),
            param("<src>", ArgsFrom(0), "Source files or directories; wildcards allowed"),
            param("<dest>", Last, "Destination in the image; relative to `WORKDIR`. End it with `/` when there are several sources"),
        ],
    },
    SignatureDoc {
        label: "COPY [OPTIONS] [\"<src>\", ... \"<dest>\"]",
        documentation: "JSON form, for paths with spaces",
        params: &[
            param("[OPTIONS]", Flags, "--from, --chown, --chmod, --link, --parents, --exclude"),
            param("[\"<src>\", ... \"<dest>\"]", Exec, "Sources then the destination, as JSON strings"),
        ],
    },
];

const ADD_SIGNATURES: &[SignatureDoc] = &[
    SignatureDoc {
        label: "ADD [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--checksum=<hash>] [--keep-git-dir] [--unpack] [--exclude=<path>] <src> ... <dest>",
        documentation: "Add local files, URLs or Git repositories to the image; local tar archives are extracted",
        params: &[
            param("[--chown=<user>:<group>]", Flag("chown"), "Owner of the added files"),
            param("[--chmod=<perms>]", Flag("chmod"), "Permissions of the added files"),
            param("[--link]", Flag("link"), "Add into an independent layer"),
            param("[--checksum=<hash>]", Flag("checksum"), "Verify a remote source"),
            param("[--keep-git-dir]", Flag("keep-git-dir"), "Keep `.git` of a Git source"),
            param("[--unpack]", Flag("unpack"), "Whether to extract archives"),
            param("[--exclude=<path>]", Flag("exclude"), "Leave out matching files"),
            param("<src>", ArgsFrom(0), "Local paths, URLs or Git repository URLs"),
            param("<dest>", Last, "Destination in the image; relative to `WORKDIR`"),
        ],
    },
    SignatureDoc {
        label: "ADD [OPTIONS] [\"<src>\", ... \"<dest>\"]",
        documentation: "JSON form, for paths with spaces",
        params: &[
            param("[OPTIONS]", Flags, "--chown, --chmod, --link, --checksum, --keep-git-dir, --unpack, --exclude"),
            param("[\"<src>\", ... \"<dest>\"]", Exec, "Sources then the destination, as JSON strings"),
        ],
    },
];

// ---- HEALTHCHECK ----

const HEALTHCHECK_FLAGS: &[FlagDoc] = &[
    FlagDoc {
        name: "interval",
        value: Some("<duration>"),
        boolean: false,
        summary: "Time between checks (default 30s)",
        description: "How long to wait after the container starts, and then after each check finishes, before running the next check. A Go duration: `30s`, `1m30s`, `500ms`.",
        values: &[value("30s", "The default")],
        example: "HEALTHCHECK --interval=1m CMD curl -f http://localhost/ || exit 1",
        since: None,
        anchor: "healthcheck",
    },
    FlagDoc {
        name: "timeout",
        value: Some("<duration>"),
        boolean: false,
        summary: "How long one check may take (default 30s)",
        description: "A check that runs longer than this counts as failed.",
        values: &[value("30s", "The default")],
        example: "HEALTHCHECK --timeout=3s CMD curl -f http://localhost/ || exit 1",
        since: None,
        anchor: "healthcheck",
    },
    FlagDoc {
        name: "start-period",
        value: Some("<duration>"),
        boolean: false,
        summary: "Grace period after start (default 0s)",
        description: "Time the container gets to start up: failures during it do not count towards `--retries`, but a success marks the container healthy at once.",
        values: &[value("0s", "The default")],
        example: "HEALTHCHECK --start-period=30s CMD pg_isready",
        since: None,
        anchor: "healthcheck",
    },
    FlagDoc {
        name: "start-interval",
        value: Some("<duration>"),
        boolean: false,
        summary: "Time between checks during the start period (default 5s)",
        description: "How often to check while the start period lasts. Needs Docker Engine 25.0 or later.",
        values: &[value("5s", "The default")],
        example: "HEALTHCHECK --start-period=1m --start-interval=2s CMD pg_isready",
        since: None,
        anchor: "healthcheck",
    },
    FlagDoc {
        name: "retries",
        value: Some("<n>"),
        boolean: false,
        summary: "Failures in a row before unhealthy (default 3)",
        description: "How many consecutive failed checks turn the container `unhealthy`.",
        values: &[value("3", "The default")],
        example: "HEALTHCHECK --retries=5 CMD curl -f http://localhost/ || exit 1",
        since: None,
        anchor: "healthcheck",
    },
];

/// `HEALTHCHECK CMD` and `HEALTHCHECK NONE`.
pub const HEALTHCHECK_SUBCOMMANDS: &[ValueDoc] = &[
    value(
        "CMD",
        "Run this command inside the container to check its health: exit status 0 means healthy, 1 unhealthy. Shell or exec form.",
    ),
    value(
        "NONE",
        "Turn off any health check inherited from the base image.",
    ),
];

const HEALTHCHECK_SIGNATURES: &[SignatureDoc] = &[
    SignatureDoc {
        label: "HEALTHCHECK [--interval=<duration>] [--timeout=<duration>] [--start-period=<duration>] [--start-interval=<duration>] [--retries=<n>] CMD <command>",
        documentation: "Check the container's health by running a command inside it",
        params: &[
            param("[--interval=<duration>]", Flag("interval"), "Time between checks (default 30s)"),
            param("[--timeout=<duration>]", Flag("timeout"), "How long one check may take (default 30s)"),
            param("[--start-period=<duration>]", Flag("start-period"), "Grace period after start (default 0s)"),
            param("[--start-interval=<duration>]", Flag("start-interval"), "Time between checks during the start period (default 5s)"),
            param("[--retries=<n>]", Flag("retries"), "Failures in a row before unhealthy (default 3)"),
            param("CMD", Arg(0), "Run a command"),
            param("<command>", ArgsFrom(1), "Shell or exec form; exit status 0 means healthy"),
        ],
    },
    SignatureDoc {
        label: "HEALTHCHECK NONE",
        documentation: "Turn off any health check inherited from the base image",
        params: &[param("NONE", Arg(0), "No health check")],
    },
];

/// Signals for `STOPSIGNAL` completion.
pub const SIGNALS: &[ValueDoc] = &[
    value("SIGTERM", "Terminate (the default)"),
    value("SIGINT", "Interrupt, as Ctrl-C"),
    value("SIGQUIT", "Quit"),
    value("SIGKILL", "Kill; cannot be caught"),
    value("SIGHUP", "Hang up"),
    value("SIGUSR1", "User-defined signal 1"),
    value("SIGUSR2", "User-defined signal 2"),
    value("SIGWINCH", "Window change (Apache's graceful stop)"),
];

/// Every instruction, alphabetically.
pub const INSTRUCTIONS: &[InstructionDoc] = &[
    InstructionDoc {
        kind: K::Add,
        summary: "Add local files, URLs or Git repositories to the image",
        description: "Like `COPY`, and also: a local tar archive is extracted into the destination, a URL is downloaded, and a Git repository URL is cloned. Prefer `COPY` for plain files: its behaviour is simpler to predict.",
        syntax: &[
            "ADD [OPTIONS] <src> ... <dest>",
            "ADD [OPTIONS] [\"<src>\", ... \"<dest>\"]",
        ],
        example: "ADD --checksum=sha256:... https://example.com/tool.tar.gz /opt/\nADD rootfs.tar.xz /",
        snippets: &[snippet("ADD source dest", "ADD ${1:source} ${2:dest}")],
        flags: ADD_FLAGS,
        signatures: ADD_SIGNATURES,
        anchor: "add",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::Arg,
        summary: "Declare a build argument",
        description: "Declares a variable that `docker build --build-arg <name>=<value>` can set, with an optional default. Before the first `FROM` it is a global ARG that only `FROM` lines see; inside a stage it is visible from here to the end of the stage (repeat `ARG <name>` without a value to bring a global ARG into a stage). Build arguments are visible to `RUN` as environment variables but do not persist in the image; they are not for secrets, which stay in the image history.",
        syntax: &["ARG <name>[=<default value>] [<name>[=<default value>]...]"],
        example: "ARG VERSION=1.22\nFROM golang:${VERSION}\nARG VERSION\nRUN echo $VERSION",
        snippets: &[
            snippet("ARG name", "ARG ${1:name}"),
            snippet("ARG name=default", "ARG ${1:name}=${2:default}"),
        ],
        flags: &[],
        signatures: &[SignatureDoc {
            label: "ARG <name>[=<default value>] [<name>[=<default value>]...]",
            documentation: "Declare build arguments, optionally with defaults",
            params: &[
                param("<name>", Key, "The variable name"),
                param("<default value>", Value, "Used when the build does not pass `--build-arg`"),
            ],
        }],
        anchor: "arg",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::Cmd,
        summary: "Set the default command of the container",
        description: "Gives the command a container runs when `docker run` names none, or the default arguments of `ENTRYPOINT`. Only the last `CMD` of the stage counts. Use the exec (JSON) form so the process gets signals directly.",
        syntax: &[
            "CMD [\"executable\", \"param1\", \"param2\"]",
            "CMD [\"param1\", \"param2\"]",
            "CMD command param1 param2",
        ],
        example: "CMD [\"nginx\", \"-g\", \"daemon off;\"]",
        snippets: &[snippet("CMD [ \"executable\" ]", "CMD [ \"${1:executable}\" ]")],
        flags: &[],
        signatures: &[
            SignatureDoc {
                label: "CMD [\"executable\", \"param1\", \"param2\"]",
                documentation: "Exec form: run the executable directly (preferred)",
                params: &[param("[\"executable\", \"param1\", \"param2\"]", Exec, "A JSON array of strings")],
            },
            SignatureDoc {
                label: "CMD [\"param1\", \"param2\"]",
                documentation: "Default arguments for `ENTRYPOINT`",
                params: &[param("[\"param1\", \"param2\"]", Exec, "A JSON array of strings")],
            },
            SignatureDoc {
                label: "CMD command param1 param2",
                documentation: "Shell form: runs through `/bin/sh -c`",
                params: &[param("command param1 param2", ArgsFrom(0), "A shell command line")],
            },
        ],
        anchor: "cmd",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::Copy,
        summary: "Copy files into the image",
        description: "Copies files and directories from the build context, or with `--from` from another stage, an image or a named context, to a path in the image. Sources are relative to the context root; a relative destination is relative to `WORKDIR`. With several sources the destination must end with `/`.",
        syntax: &[
            "COPY [OPTIONS] <src> ... <dest>",
            "COPY [OPTIONS] [\"<src>\", ... \"<dest>\"]",
        ],
        example: "COPY go.mod go.sum ./\nCOPY --from=build --chown=app:app /out/app /app",
        snippets: &[snippet("COPY source dest", "COPY ${1:source} ${2:dest}")],
        flags: COPY_FLAGS,
        signatures: COPY_SIGNATURES,
        anchor: "copy",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::Entrypoint,
        summary: "Set the executable the container runs",
        description: "Makes the container run as an executable: `docker run` arguments (or `CMD`) are appended to it in exec form. The shell form runs under `/bin/sh -c`, ignores `CMD` and run arguments, and keeps the process from receiving signals. Only the last `ENTRYPOINT` of the stage counts.",
        syntax: &[
            "ENTRYPOINT [\"executable\", \"param1\", \"param2\"]",
            "ENTRYPOINT command param1 param2",
        ],
        example: "ENTRYPOINT [\"/usr/local/bin/app\"]\nCMD [\"--help\"]",
        snippets: &[snippet(
            "ENTRYPOINT [ \"executable\" ]",
            "ENTRYPOINT [ \"${1:executable}\" ]",
        )],
        flags: &[],
        signatures: &[
            SignatureDoc {
                label: "ENTRYPOINT [\"executable\", \"param1\", \"param2\"]",
                documentation: "Exec form (preferred): `CMD` and run arguments are appended",
                params: &[param("[\"executable\", \"param1\", \"param2\"]", Exec, "A JSON array of strings")],
            },
            SignatureDoc {
                label: "ENTRYPOINT command param1 param2",
                documentation: "Shell form: runs through `/bin/sh -c`; ignores `CMD`",
                params: &[param("command param1 param2", ArgsFrom(0), "A shell command line")],
            },
        ],
        anchor: "entrypoint",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::Env,
        summary: "Set environment variables",
        description: "Sets environment variables for the rest of the stage, for stages built `FROM` it, and for containers run from the image. Every value is expanded with the variables as they were before this instruction.",
        syntax: &["ENV <key>=<value> [<key>=<value>...]"],
        example: "ENV PATH=/opt/app/bin:$PATH \\\n    LANG=C.UTF-8",
        snippets: &[snippet("ENV key=value", "ENV ${1:key}=${2:value}")],
        flags: &[],
        signatures: &[SignatureDoc {
            label: "ENV <key>=<value> [<key>=<value>...]",
            documentation: "Set environment variables",
            params: &[
                param("<key>", Key, "The variable name"),
                param("<value>", Value, "Its value; quote it if it has spaces"),
            ],
        }],
        anchor: "env",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::Expose,
        summary: "Document the ports the container listens on",
        description: "Records which ports the application listens on (TCP unless `/udp` is given). It publishes nothing: that takes `docker run -p` or `-P`.",
        syntax: &["EXPOSE <port>[/<protocol>] [<port>[/<protocol>]...]"],
        example: "EXPOSE 80/tcp 53/udp",
        snippets: &[snippet("EXPOSE port", "EXPOSE ${1:port}")],
        flags: &[],
        signatures: &[SignatureDoc {
            label: "EXPOSE <port>[/<protocol>] [<port>[/<protocol>]...]",
            documentation: "Document listening ports",
            params: &[param("<port>[/<protocol>]", ArgsFrom(0), "A port number or range, `tcp` (default) or `udp`")],
        }],
        anchor: "expose",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::From,
        summary: "Start a build stage from a base image",
        description: "Begins a new build stage based on an image, an earlier stage, or `scratch` (nothing). Only `ARG` (and parser directives and comments) may come before the first `FROM`; its variables are the only ones `FROM` can use. `AS <name>` names the stage for later `FROM`, `COPY --from` and `RUN --mount=from=`. The last stage (or `--target`) is the image that ships.",
        syntax: &["FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]"],
        example: "FROM golang:1.22 AS build\nFROM gcr.io/distroless/static-debian12",
        snippets: &[
            snippet("FROM image", "FROM ${1:image}"),
            snippet("FROM image AS name", "FROM ${1:image} AS ${2:name}"),
        ],
        flags: FROM_FLAGS,
        signatures: FROM_SIGNATURES,
        anchor: "from",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::Healthcheck,
        summary: "Tell the container runtime how to check the container's health",
        description: "`HEALTHCHECK CMD` runs a command inside the container at an interval; exit status 0 means healthy, 1 unhealthy. `HEALTHCHECK NONE` disables a check inherited from the base image. Only the last `HEALTHCHECK` counts.",
        syntax: &[
            "HEALTHCHECK [OPTIONS] CMD <command>",
            "HEALTHCHECK NONE",
        ],
        example: "HEALTHCHECK --interval=30s --timeout=3s \\\n  CMD curl -f http://localhost/ || exit 1",
        snippets: &[
            snippet(
                "HEALTHCHECK CMD",
                "HEALTHCHECK --interval=${1:30s} --timeout=${2:30s} --start-period=${3:5s} --retries=${4:3} CMD ${5:command}",
            ),
            snippet("HEALTHCHECK NONE", "HEALTHCHECK NONE"),
        ],
        flags: HEALTHCHECK_FLAGS,
        signatures: HEALTHCHECK_SIGNATURES,
        anchor: "healthcheck",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::Label,
        summary: "Add metadata to the image",
        description: "Adds key-value labels to the image config. Labels of the base image are inherited; a later label of the same key wins. The `org.opencontainers.image.*` keys are the standard ones.",
        syntax: &["LABEL <key>=<value> [<key>=<value>...]"],
        example: "LABEL org.opencontainers.image.source=\"https://github.com/acme/app\"",
        snippets: &[snippet("LABEL key=\"value\"", "LABEL ${1:key}=\"${2:value}\"")],
        flags: &[],
        signatures: &[SignatureDoc {
            label: "LABEL <key>=<value> [<key>=<value>...]",
            documentation: "Add metadata",
            params: &[
                param("<key>", Key, "The label key, e.g. `org.opencontainers.image.version`"),
                param("<value>", Value, "Its value; quote it if it has spaces"),
            ],
        }],
        anchor: "label",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::Maintainer,
        summary: "Set the author of the image",
        description: "Deprecated: sets the image's `Author` field. Use `LABEL org.opencontainers.image.authors=\"...\"` instead.",
        syntax: &["MAINTAINER <name>"],
        example: "LABEL org.opencontainers.image.authors=\"dev@example.com\"",
        snippets: &[snippet("MAINTAINER name", "MAINTAINER ${1:name}")],
        flags: &[],
        signatures: &[SignatureDoc {
            label: "MAINTAINER <name>",
            documentation: "Deprecated: use `LABEL org.opencontainers.image.authors`",
            params: &[param("<name>", ArgsFrom(0), "The author")],
        }],
        anchor: "maintainer-deprecated",
        deprecated: true,
    },
    InstructionDoc {
        kind: K::Onbuild,
        summary: "Register an instruction to run when the image is used as a base",
        description: "Stores an instruction that runs later, in the build of any image that starts `FROM` this one, right after its `FROM`. It does not run in this build. `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER` are not allowed.",
        syntax: &["ONBUILD <INSTRUCTION>"],
        example: "ONBUILD COPY . /app/src\nONBUILD RUN make -C /app/src",
        snippets: &[snippet("ONBUILD INSTRUCTION", "ONBUILD ${1:INSTRUCTION}")],
        flags: &[],
        signatures: &[SignatureDoc {
            label: "ONBUILD <INSTRUCTION>",
            documentation: "Run an instruction in downstream builds",
            params: &[param("<INSTRUCTION>", ArgsFrom(0), "Any instruction except ONBUILD, FROM and MAINTAINER")],
        }],
        anchor: "onbuild",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::Run,
        summary: "Run a command and commit the result as a layer",
        description: "Runs a command in a new layer on top of the current image. The shell form runs through the stage's shell (`/bin/sh -c` unless `SHELL` changed it); the exec form runs the executable directly. Heredocs (`RUN <<EOF`) run multi-line scripts. Flags mount caches, secrets and other stages for the command only.",
        syntax: &[
            "RUN [OPTIONS] <command> ...",
            "RUN [OPTIONS] [\"<command>\", ...]",
        ],
        example: "RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    apt-get update && apt-get install -y --no-install-recommends curl",
        snippets: &[snippet("RUN command", "RUN ${1:command}")],
        flags: RUN_FLAGS,
        signatures: RUN_SIGNATURES,
        anchor: "run",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::Shell,
        summary: "Set the shell for shell-form instructions",
        description: "Replaces the shell that shell-form `RUN`, `CMD` and `ENTRYPOINT` use, `[\"/bin/sh\", \"-c\"]` on Linux and `[\"cmd\", \"/S\", \"/C\"]` on Windows. Must be in JSON form. Applies to the instructions after it.",
        syntax: &["SHELL [\"executable\", \"parameters\"]"],
        example: "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
        snippets: &[snippet(
            "SHELL [ \"executable\", \"parameter\" ]",
            "SHELL [ \"${1:/bin/bash}\", \"${2:-c}\" ]",
        )],
        flags: &[],
        signatures: &[SignatureDoc {
            label: "SHELL [\"executable\", \"parameters\"]",
            documentation: "Set the shell",
            params: &[param("[\"executable\", \"parameters\"]", Exec, "The shell and its arguments, as JSON strings")],
        }],
        anchor: "shell",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::Stopsignal,
        summary: "Set the signal that stops the container",
        description: "The system call signal `docker stop` sends to the container's main process: a name like `SIGTERM` (the default) or a number like `9`.",
        syntax: &["STOPSIGNAL <signal>"],
        example: "STOPSIGNAL SIGQUIT",
        snippets: &[snippet("STOPSIGNAL signal", "STOPSIGNAL ${1:SIGTERM}")],
        flags: &[],
        signatures: &[SignatureDoc {
            label: "STOPSIGNAL <signal>",
            documentation: "Set the stop signal",
            params: &[param("<signal>", Arg(0), "A signal name (`SIGTERM`) or number")],
        }],
        anchor: "stopsignal",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::User,
        summary: "Set the user and group to run as",
        description: "Sets the user name or UID (and optionally group or GID) for the rest of the stage's `RUN`, `CMD` and `ENTRYPOINT`, and for the container. Without it everything runs as root.",
        syntax: &["USER <user>[:<group>]", "USER <UID>[:<GID>]"],
        example: "RUN useradd --create-home app\nUSER app",
        snippets: &[snippet("USER user", "USER ${1:user}")],
        flags: &[],
        signatures: &[
            SignatureDoc {
                label: "USER <user>[:<group>]",
                documentation: "Run as a user, by name",
                params: &[param("<user>[:<group>]", Arg(0), "A user name, optionally with a group")],
            },
            SignatureDoc {
                label: "USER <UID>[:<GID>]",
                documentation: "Run as a user, by id",
                params: &[param("<UID>[:<GID>]", Arg(0), "A numeric user id, optionally with a group id")],
            },
        ],
        anchor: "user",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::Volume,
        summary: "Declare a mount point for external volumes",
        description: "Marks paths as volumes: each container gets a fresh anonymous volume there, initialised from the image. Changes to those paths in later build steps are discarded.",
        syntax: &["VOLUME [\"/data\"]", "VOLUME /data [/more...]"],
        example: "VOLUME /var/lib/postgresql/data",
        snippets: &[snippet("VOLUME [ \"/data\" ]", "VOLUME [ \"${1:/data}\" ]")],
        flags: &[],
        signatures: &[
            SignatureDoc {
                label: "VOLUME [\"<path>\", ...]",
                documentation: "JSON form",
                params: &[param("[\"<path>\", ...]", Exec, "Mount points, as JSON strings")],
            },
            SignatureDoc {
                label: "VOLUME <path> [<path>...]",
                documentation: "Plain form",
                params: &[param("<path>", ArgsFrom(0), "A mount point")],
            },
        ],
        anchor: "volume",
        deprecated: false,
    },
    InstructionDoc {
        kind: K::Workdir,
        summary: "Set the working directory",
        description: "Sets the directory that later `RUN`, `CMD`, `ENTRYPOINT`, `COPY` and `ADD` use, creating it if needed. A relative path is relative to the previous `WORKDIR`; prefer absolute paths, since the base image's default may change.",
        syntax: &["WORKDIR <path>"],
        example: "WORKDIR /app",
        snippets: &[snippet("WORKDIR /path", "WORKDIR ${1:/path}")],
        flags: &[],
        signatures: &[SignatureDoc {
            label: "WORKDIR <path>",
            documentation: "Set the working directory",
            params: &[param("<path>", Arg(0), "An absolute path (or relative to the previous WORKDIR)")],
        }],
        anchor: "workdir",
        deprecated: false,
    },
];
