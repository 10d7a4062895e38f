use super::util::{is_lower, is_upper, keyword_casing};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::TextEdit,
};

pub(crate) static RULE: Rule = Rule {
    code: "ConsistentInstructionCasing",
    name: "inconsistent-instruction-casing",
    aliases: &[],
    origin: Origin::BuildKit,
    category: Category::Style,
    severity: Severity::Warning,
    enabled: Enabled::Yes,
    fix: FixAvailability::Always,
    summary: "Instruction keywords should all use the same case",
    docs: r#"## What it does
Counts the instruction keywords of the file that are all uppercase and all lowercase, and flags
every keyword that does not follow the majority, mixed-case ones (`Run`) included. A tie counts
as uppercase. Like BuildKit, global `ARG`s before the first `FROM` are left out.

## Why is this bad?
Keywords are case-insensitive, so the build works, but a file that mixes `RUN` and `run` is
harder to scan and `docker build --check` warns about it.

## Example
```dockerfile
FROM alpine:3.22
run apk add --no-cache curl
COPY app /app
```

Use instead:
```dockerfile
FROM alpine:3.22
RUN apk add --no-cache curl
COPY app /app
```

## Fix safety
The fix re-cases the keyword to the majority case. Keywords are case-insensitive: safe.

## References
- [BuildKit check ConsistentInstructionCasing](https://docs.docker.com/reference/build-checks/consistent-instruction-casing/)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    let (keywords, majority_lower) = keyword_casing(ctx);
    for instruction in keywords {
        let keyword = instruction.keyword_text();
        let (wanted, case) = match majority_lower {
            true => (keyword.to_lowercase(), "lowercase"),
            false => (keyword.to_uppercase(), "uppercase"),
        };
        if wanted == keyword {
            continue;
        }
        let how = match is_lower(keyword) || is_upper(keyword) {
            true => "",
            false => "mixes cases; ",
        };
        let message = format!("`{keyword}` {how}most instructions in this file are {case}");
        acc.push(
            RULE.diagnostic(instruction.keyword.range, message)
                .with_fix(Fix::safe(
                    format!("Write `{wanted}`"),
                    vec![TextEdit::replace(instruction.keyword.range, wanted.clone())],
                )),
        );
    }
}
