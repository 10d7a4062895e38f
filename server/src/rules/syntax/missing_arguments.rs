use super::common::has_flag_error;
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::{Args, InstructionKind},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1010",
    name: "missing-arguments",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Instruction without the arguments it requires",
    docs: r#"## What it does
Flags an instruction that needs an argument but has none: `ENV`, `LABEL`, `ARG`, `EXPOSE`,
`VOLUME`, `WORKDIR`, `USER`, `STOPSIGNAL`, `MAINTAINER`, `ONBUILD`, `HEALTHCHECK` and `SHELL`
(also `VOLUME []` and `SHELL []`).

## Why is this bad?
BuildKit rejects the Dockerfile ("WORKDIR requires exactly one argument", "EXPOSE requires at
least one argument", ...) before building anything.

## Example
```dockerfile
FROM node:22-alpine
WORKDIR
COPY . .
```

Use instead:
```dockerfile
FROM node:22-alpine
WORKDIR /app
COPY . .
```

## References
- [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions() {
        let empty = match &instruction.args {
            Args::Empty | Args::Onbuild(None) => Some(instruction.keyword.range),
            Args::Exec(exec) if exec.elements.is_empty() => Some(exec.range),
            _ => None,
        };
        let Some(range) = empty else {
            continue;
        };
        if has_flag_error(instruction) {
            continue;
        }
        let message = match instruction.kind {
            InstructionKind::Env | InstructionKind::Label => format!(
                "{} requires at least one `name=value` pair (`{} name=value`)",
                instruction.kind.keyword(),
                instruction.kind.keyword()
            ),
            InstructionKind::Arg => {
                "ARG requires a name: `ARG VERSION` or, with a default, `ARG VERSION=1.0`".into()
            }
            InstructionKind::Expose => {
                "EXPOSE requires at least one port (`EXPOSE 8080` or `EXPOSE 53/udp`)".into()
            }
            InstructionKind::Volume => "VOLUME requires at least one path (`VOLUME /data`)".into(),
            InstructionKind::Workdir => "WORKDIR requires a directory (`WORKDIR /app`)".into(),
            InstructionKind::User => {
                "USER requires a user name or UID (`USER app` or `USER 1000:1000`)".into()
            }
            InstructionKind::Stopsignal => {
                "STOPSIGNAL requires a signal (`STOPSIGNAL SIGTERM`)".into()
            }
            InstructionKind::Maintainer => {
                "MAINTAINER requires a name; better, drop it for `LABEL org.opencontainers.image.authors=\"…\"`".into()
            }
            InstructionKind::Onbuild => {
                "ONBUILD requires the instruction to run when another image builds on this one (`ONBUILD RUN …`)".into()
            }
            InstructionKind::Healthcheck => {
                "HEALTHCHECK requires `CMD <command>` or `NONE` (`HEALTHCHECK CMD curl -f http://localhost/`)".into()
            }
            InstructionKind::Shell => {
                "SHELL requires at least one element (`SHELL [\"/bin/bash\", \"-c\"]`)".into()
            }
            _ => continue,
        };
        acc.push(RULE.diagnostic(range, message));
    }
}
