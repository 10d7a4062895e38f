use super::util::{self, commands};
use crate::{
    rules::{Category, Diagnostic, Enabled, FixAvailability, Origin, Rule, RuleContext, Severity},
    syntax::TextRange,
};

pub(crate) static RULE: Rule = Rule {
    code: "DL4001",
    name: "curl-and-wget",
    aliases: &[],
    origin: Origin::Hadolint,
    category: Category::Size,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::None,
    summary: "Either use wget or curl, but not both",
    docs: r#"## What it does
Flags a `RUN` that runs `curl` or `wget` in a stage that already ran the other one (in the same
`RUN` or an earlier one of the stage, `ONBUILD RUN` included). Only commands the shell runs
count: installing both packages is not flagged.

## Why is this bad?
Two download tools do the same job: the image carries both (curl with libcurl and its TLS
stack is several MB on Debian), each with its own proxy, retry and certificate settings to keep
consistent, and its own CVEs to patch. Pick one for the stage.

## Example
```dockerfile
FROM debian:12-slim
RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz
RUN wget -q -O /tmp/b.tgz https://example.com/b.tgz
```

Use instead:
```dockerfile
FROM debian:12-slim
RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz
RUN curl -fsSLo /tmp/b.tgz https://example.com/b.tgz
```

## References
- hadolint [DL4001](https://github.com/hadolint/hadolint/wiki/DL4001)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for stage in &ctx.model.stages {
        // The first use of each tool: curl, wget.
        let mut first: [Option<TextRange>; 2] = [None, None];
        for idx in stage.instructions.clone() {
            let Some(instruction) = ctx.instruction(idx) else {
                continue;
            };
            if !util::is_run(instruction) {
                continue;
            }
            let scripts = ctx.run_scripts(idx);
            let mut reported = false;
            for cmd in commands(scripts) {
                let tool = match util::name(cmd.command) {
                    Some("curl") => 0,
                    Some("wget") => 1,
                    _ => continue,
                };
                let Some(word) = util::name_word(cmd.command) else {
                    continue;
                };
                let range = cmd.source(instruction, word.range);
                let other = 1 - tool;
                if let (false, Some(seen)) = (reported, first.get(other).copied().flatten()) {
                    let (this, that) = match tool {
                        0 => ("curl", "wget"),
                        _ => ("wget", "curl"),
                    };
                    acc.push(
                        RULE.diagnostic(
                            range,
                            format!(
                                "`{this}` in a stage that also uses `{that}` (line {}): use one of them",
                                util::line_number(ctx, seen.start())
                            ),
                        )
                        .with_related(seen, format!("`{that}` is used here")),
                    );
                    reported = true;
                }
                if let Some(slot @ None) = first.get_mut(tool) {
                    *slot = Some(range);
                }
            }
        }
    }
}
