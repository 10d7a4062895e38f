//! `RUN --mount` types and keys.

use super::{MountKeyDoc, MountTypeDoc, ParamDoc, ParamRole::MountKey, SignatureDoc, ValueDoc};

const fn value(name: &'static str, summary: &'static str) -> ValueDoc {
    ValueDoc { name, summary }
}

pub const MOUNT_TYPES: &[MountTypeDoc] = &[
    MountTypeDoc {
        name: "bind",
        summary: "Bind-mount files from the context, a stage or an image (the default type)",
        description: "Makes files from the build context, or from a stage, image or named context given with `from`, visible to the command without copying them into a layer. Read-only unless `rw` is set, and even then writes are thrown away.",
        keys: &["target", "source", "from", "readwrite"],
        example: "RUN --mount=type=bind,from=build,source=/out,target=/mnt/out cp /mnt/out/app /usr/local/bin/",
        anchor: "run---mounttypebind",
    },
    MountTypeDoc {
        name: "cache",
        summary: "A directory kept between builds, for package managers and compilers",
        description: "Mounts a persistent cache directory: downloads and build artifacts survive from one build to the next without invalidating the instruction's cache, and nothing of it lands in the layer. The build must work with any content in it (or none), since it can be shared or garbage-collected.",
        keys: &["id", "target", "readonly", "sharing", "from", "source", "mode", "uid", "gid"],
        example: "RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt",
        anchor: "run---mounttypecache",
    },
    MountTypeDoc {
        name: "tmpfs",
        summary: "An in-memory filesystem for the command",
        description: "Mounts an empty `tmpfs`; its content disappears when the command ends and never reaches the layer.",
        keys: &["target", "size"],
        example: "RUN --mount=type=tmpfs,target=/tmp make",
        anchor: "run---mounttypetmpfs",
    },
    MountTypeDoc {
        name: "secret",
        summary: "Expose a build secret without baking it into the image",
        description: "Gives the command a secret passed with `docker build --secret id=...`, as a file (by default `/run/secrets/<id>`) or an environment variable (`env`). It is not stored in the layer or the build cache.",
        keys: &["id", "target", "env", "required", "mode", "uid", "gid"],
        example: "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci",
        anchor: "run---mounttypesecret",
    },
    MountTypeDoc {
        name: "ssh",
        summary: "Forward an SSH agent socket or keys",
        description: "Lets the command use SSH keys from the agent given with `docker build --ssh default=$SSH_AUTH_SOCK` (passphrases work) without copying them into the image.",
        keys: &["id", "target", "required", "mode", "uid", "gid"],
        example: "RUN --mount=type=ssh git clone git@github.com:acme/private.git",
        anchor: "run---mounttypessh",
    },
];

const BOOL_VALUES: &[ValueDoc] = &[value("true", "Yes"), value("false", "No (the default)")];

pub const MOUNT_KEYS: &[MountKeyDoc] = &[
    MountKeyDoc {
        names: &["type"],
        value: Some("<type>"),
        summary: "The kind of mount: `bind` (default), `cache`, `tmpfs`, `secret` or `ssh`",
        per_type: &[],
        values: &[
            value("bind", "Files from the context, a stage or an image (the default)"),
            value("cache", "A directory kept between builds"),
            value("tmpfs", "An in-memory filesystem"),
            value("secret", "A build secret as a file or variable"),
            value("ssh", "An SSH agent socket"),
        ],
    },
    MountKeyDoc {
        names: &["target", "dst", "destination"],
        value: Some("<path>"),
        summary: "Where the mount appears inside the build container",
        per_type: &[
            ("bind", "Mount path (required)"),
            ("cache", "Mount path (required); also the cache's default `id`"),
            ("tmpfs", "Mount path (required)"),
            ("secret", "Path of the secret file; defaults to `/run/secrets/<id>` unless `env` is set"),
            ("ssh", "Path of the agent socket; defaults to `/run/buildkit/ssh_agent.<N>`"),
        ],
        values: &[],
    },
    MountKeyDoc {
        names: &["source", "src"],
        value: Some("<path>"),
        summary: "The path to mount from `from`",
        per_type: &[
            ("bind", "Path in the `from` (or the context) to mount; defaults to its root"),
            ("cache", "Subpath of the `from` to mount; defaults to its root"),
        ],
        values: &[],
    },
    MountKeyDoc {
        names: &["from"],
        value: Some("<name>"),
        summary: "A stage, image or named context to mount from",
        per_type: &[
            ("bind", "Build stage, image or named context whose files are mounted; defaults to the build context"),
            ("cache", "Build stage, image or named context that seeds the cache; defaults to an empty directory"),
        ],
        values: &[],
    },
    MountKeyDoc {
        names: &["readonly", "ro"],
        value: None,
        summary: "Mount read-only",
        per_type: &[("cache", "Mount the cache read-only")],
        values: BOOL_VALUES,
    },
    MountKeyDoc {
        names: &["readwrite", "rw"],
        value: None,
        summary: "Allow writes (thrown away after the command)",
        per_type: &[(
            "bind",
            "Allow writes to the mount; they are discarded when the command ends and never reach the layer",
        )],
        values: BOOL_VALUES,
    },
    MountKeyDoc {
        names: &["id"],
        value: Some("<id>"),
        summary: "Which cache, secret or SSH key",
        per_type: &[
            ("cache", "Names the cache, so several mounts or stages share one; defaults to `target`"),
            ("secret", "The secret's id from `docker build --secret id=...`; defaults to the target's file name"),
            ("ssh", "The SSH agent socket or key from `docker build --ssh <id>=...`; defaults to `default`"),
        ],
        values: &[],
    },
    MountKeyDoc {
        names: &["sharing"],
        value: Some("<mode>"),
        summary: "How concurrent builds share the cache: `shared`, `private` or `locked`",
        per_type: &[(
            "cache",
            "`shared` (default): concurrent writers use it together; `private`: a concurrent writer gets a new cache; `locked`: a second writer waits for the first",
        )],
        values: &[
            value("shared", "Concurrent builds use the cache at the same time (the default)"),
            value("private", "A concurrent build gets a fresh cache of its own"),
            value("locked", "A concurrent build waits until the cache is free (apt needs this)"),
        ],
    },
    MountKeyDoc {
        names: &["mode"],
        value: Some("<octal>"),
        summary: "File mode of the mount, in octal",
        per_type: &[
            ("cache", "Mode of a new cache directory (default `0755`)"),
            ("secret", "Mode of the secret file (default `0400`)"),
            ("ssh", "Mode of the socket (default `0600`)"),
        ],
        values: &[],
    },
    MountKeyDoc {
        names: &["uid"],
        value: Some("<uid>"),
        summary: "Owner user id of the mount",
        per_type: &[
            ("cache", "User id of a new cache directory (default `0`)"),
            ("secret", "User id of the secret file (default `0`)"),
            ("ssh", "User id of the socket (default `0`)"),
        ],
        values: &[],
    },
    MountKeyDoc {
        names: &["gid"],
        value: Some("<gid>"),
        summary: "Owner group id of the mount",
        per_type: &[
            ("cache", "Group id of a new cache directory (default `0`)"),
            ("secret", "Group id of the secret file (default `0`)"),
            ("ssh", "Group id of the socket (default `0`)"),
        ],
        values: &[],
    },
    MountKeyDoc {
        names: &["required"],
        value: Some("<bool>"),
        summary: "Fail when the secret or key is not provided",
        per_type: &[
            ("secret", "With `true`, the instruction fails when the secret is not passed to the build (default `false`)"),
            ("ssh", "With `true`, the instruction fails when the key is not passed to the build (default `false`)"),
        ],
        values: BOOL_VALUES,
    },
    MountKeyDoc {
        names: &["size"],
        value: Some("<bytes>"),
        summary: "Upper limit on the tmpfs size",
        per_type: &[("tmpfs", "Upper limit on the size of the filesystem")],
        values: &[],
    },
    MountKeyDoc {
        names: &["env"],
        value: Some("<name>"),
        summary: "Expose the secret as an environment variable",
        per_type: &[(
            "secret",
            "Sets this environment variable to the secret's value instead of (or, with `target`, as well as) writing a file",
        )],
        values: &[],
    },
];

/// Signature help inside `--mount=`.
pub const MOUNT_SIGNATURE: SignatureDoc = SignatureDoc {
    label: "--mount=[type=<bind|cache|tmpfs|secret|ssh>][,target=<path>][,source=<path>][,from=<name>][,id=<id>][,sharing=<shared|private|locked>][,readonly][,readwrite][,mode=<octal>][,uid=<uid>][,gid=<gid>][,required=<bool>][,size=<bytes>][,env=<name>]",
    documentation: "A filesystem mounted for this command only",
    params: &[
        ParamDoc {
            label: "type=<bind|cache|tmpfs|secret|ssh>",
            role: MountKey("type"),
            documentation: "The kind of mount (default `bind`)",
        },
        ParamDoc {
            label: "target=<path>",
            role: MountKey("target"),
            documentation: "Mount path (also `dst`, `destination`)",
        },
        ParamDoc {
            label: "source=<path>",
            role: MountKey("source"),
            documentation: "Path in `from` (also `src`)",
        },
        ParamDoc {
            label: "from=<name>",
            role: MountKey("from"),
            documentation: "Stage, image or named context to mount from",
        },
        ParamDoc {
            label: "id=<id>",
            role: MountKey("id"),
            documentation: "Cache id, secret id or SSH key id",
        },
        ParamDoc {
            label: "sharing=<shared|private|locked>",
            role: MountKey("sharing"),
            documentation: "How concurrent builds share a cache",
        },
        ParamDoc {
            label: "readonly",
            role: MountKey("readonly"),
            documentation: "Mount read-only (also `ro`)",
        },
        ParamDoc {
            label: "readwrite",
            role: MountKey("readwrite"),
            documentation: "Allow discarded writes to a bind mount (also `rw`)",
        },
        ParamDoc {
            label: "mode=<octal>",
            role: MountKey("mode"),
            documentation: "File mode of the cache directory, secret or socket",
        },
        ParamDoc {
            label: "uid=<uid>",
            role: MountKey("uid"),
            documentation: "Owner user id",
        },
        ParamDoc {
            label: "gid=<gid>",
            role: MountKey("gid"),
            documentation: "Owner group id",
        },
        ParamDoc {
            label: "required=<bool>",
            role: MountKey("required"),
            documentation: "Fail when the secret or key is missing",
        },
        ParamDoc {
            label: "size=<bytes>",
            role: MountKey("size"),
            documentation: "Size limit of a tmpfs",
        },
        ParamDoc {
            label: "env=<name>",
            role: MountKey("env"),
            documentation: "Expose a secret as this environment variable",
        },
    ],
};
