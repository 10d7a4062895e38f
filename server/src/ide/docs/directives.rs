//! Parser directives.

use super::{DirectiveDoc, ValueDoc};
use crate::syntax::DirectiveKind;

const fn value(name: &'static str, summary: &'static str) -> ValueDoc {
    ValueDoc { name, summary }
}

pub const DIRECTIVES: &[DirectiveDoc] = &[
    DirectiveDoc {
        kind: DirectiveKind::Syntax,
        syntax: "# syntax=<frontend image>",
        summary: "Choose the Dockerfile frontend that builds this file",
        description: "Names the image of the Dockerfile frontend BuildKit pulls to parse and build the file, so new syntax works without upgrading Docker. `docker/dockerfile:1` follows the latest stable 1.x release; pin a minor version for reproducible builds. Must be at the very top, before any comment, blank line or instruction.",
        example: "# syntax=docker/dockerfile:1",
        values: &[
            value("docker/dockerfile:1", "The latest stable 1.x frontend"),
            value("docker/dockerfile:1-labs", "Stable plus experimental (labs) features"),
            value("docker/dockerfile-upstream:master", "Unreleased features; for testing only"),
        ],
        anchor: "syntax",
    },
    DirectiveDoc {
        kind: DirectiveKind::Escape,
        syntax: "# escape=<\\ or `>",
        summary: "Set the escape and line-continuation character",
        description: "Sets the character that escapes characters and continues lines: `\\` (the default) or `` ` ``, which suits Windows paths (`C:\\dir`). It does not change escaping inside `RUN` commands, except at the end of a line.",
        example: "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY app C:\\app",
        values: &[
            value("\\", "Backslash (the default)"),
            value("`", "Backtick, for Windows paths"),
        ],
        anchor: "escape",
    },
    DirectiveDoc {
        kind: DirectiveKind::Check,
        syntax: "# check=skip=<checks|all>[;error=<bool>]",
        summary: "Configure build checks",
        description: "Tunes BuildKit's build checks (`docker build --check`): `skip=` takes a comma-separated list of check names (PascalCase, as in `JSONArgsRecommended`) or `all`; `error=true` makes check warnings fail the build; `experimental=` turns on experimental checks. Join settings with `;`. docklens also honours `skip=` for its own rule codes.",
        example: "# check=skip=JSONArgsRecommended,StageNameCasing;error=true",
        values: &[
            value("skip=", "Checks to skip: names separated by commas, or `all`"),
            value("error=true", "Fail the build when a check warns"),
            value("experimental=", "Experimental checks to run: names, or `all`"),
        ],
        anchor: "check",
    },
];
