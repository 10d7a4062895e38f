use super::{
    common::flag_spec,
    go::{parse_duration, parse_int32, DurationError},
};
use crate::{
    rules::{
        Category, Diagnostic, Enabled, Fix, FixAvailability, Origin, Rule, RuleContext, Severity,
    },
    syntax::{InstructionKind, TextEdit},
};

pub(crate) static RULE: Rule = Rule {
    code: "DK1020",
    name: "invalid-healthcheck-option",
    aliases: &[],
    origin: Origin::Docklens,
    category: Category::Syntax,
    severity: Severity::Error,
    enabled: Enabled::Yes,
    fix: FixAvailability::Sometimes,
    summary: "HEALTHCHECK duration or retry count BuildKit cannot read",
    docs: r#"## What it does
Flags `HEALTHCHECK` options BuildKit rejects: `--interval`, `--timeout`, `--start-period` and
`--start-interval` that are not Go durations (`30s`, `1m30s`, `1.5h`, `300ms`) or are below
1ms without being `0`, and a `--retries` that is not a whole number or is negative.

## Why is this bad?
BuildKit rejects the Dockerfile (`time: missing unit in duration "30"`, `Interval "interval"
cannot be less than 1ms`, `--retries cannot be negative`).

## Example
```dockerfile
FROM nginx:1.27-alpine
HEALTHCHECK --interval=30sec --retries=-1 CMD wget -qO- http://localhost/ || exit 1
```

Use instead:
```dockerfile
FROM nginx:1.27-alpine
HEALTHCHECK --interval=30s --retries=3 CMD wget -qO- http://localhost/ || exit 1
```

## Fix safety
A spelled-out unit (`sec`, `mins`, `hours`) is replaced by Go's (`s`, `m`, `h`); the value is
the same but the build changes from failing to running: unsafe. A number without a unit gets a
suggestion to add `s`, which is a guess.

## References
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
- [Go time.ParseDuration](https://pkg.go.dev/time#ParseDuration)
"#,
    check,
};

fn check(ctx: &RuleContext<'_>, acc: &mut Vec<Diagnostic>) {
    for (_, instruction) in ctx.instructions_of(InstructionKind::Healthcheck) {
        if flag_spec(instruction).is_none() {
            continue;
        }
        for flag in &instruction.flags {
            let (Some(value), Some(range)) = (&flag.value, flag.value_range) else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            let name = flag.name.as_str();
            if name == "retries" {
                let message = match parse_int32(value) {
                    None => format!("`--retries={value}` is not a whole number (`--retries=3`)"),
                    Some(n) if n < 0 => {
                        format!("`--retries` cannot be negative ({n}): use `0` for the default, or a count such as `3`")
                    }
                    Some(_) => continue,
                };
                acc.push(RULE.diagnostic(range, message));
                continue;
            }
            if !matches!(
                name,
                "interval" | "timeout" | "start-period" | "start-interval"
            ) {
                continue;
            }
            let plain = ctx.slice(range) == value.as_str();
            let diagnostic = match parse_duration(value) {
                Ok(0) => continue,
                Ok(nanos) if nanos < 0 => RULE.diagnostic(
                    range,
                    format!("`--{name}={value}` is negative: durations must be at least 1ms (or `0` for the default)"),
                ),
                Ok(nanos) if nanos < 1_000_000 => RULE.diagnostic(
                    range,
                    format!("`--{name}={value}` is shorter than 1ms, which BuildKit refuses: use at least `1ms` (or `0` for the default)"),
                ),
                Ok(_) => continue,
                Err(DurationError::MissingUnit) => {
                    let mut diagnostic = RULE.diagnostic(
                        range,
                        format!("`{value}` has no unit: durations need one (`{value}s`, `{value}m`)"),
                    );
                    if plain {
                        diagnostic = diagnostic.with_fix(Fix::display_only(
                            format!("Use seconds: `{value}s`"),
                            vec![TextEdit::insert(range.end(), "s")],
                        ));
                    }
                    diagnostic
                }
                Err(DurationError::UnknownUnit(unit)) => {
                    let mut diagnostic = RULE.diagnostic(
                        range,
                        format!("unknown unit `{unit}` in `{value}`: Go durations use `ns`, `us`, `ms`, `s`, `m` and `h`"),
                    );
                    let fixed = go_unit(&unit).map(|it| value.replace(unit.as_str(), it));
                    if let (Some(fixed), true) = (fixed, plain) {
                        if parse_duration(&fixed).is_ok() {
                            diagnostic = diagnostic.with_fix(Fix::unsafe_(
                                format!("Write `{fixed}`"),
                                vec![TextEdit::replace(range, fixed)],
                            ));
                        }
                    }
                    diagnostic
                }
                Err(DurationError::Invalid) => RULE.diagnostic(
                    range,
                    format!("`{value}` is not a duration: write a number and a unit (`30s`, `1m30s`, `500ms`)"),
                ),
            };
            acc.push(diagnostic);
        }
    }
}

/// Go's spelling of a unit written out.
fn go_unit(unit: &str) -> Option<&'static str> {
    Some(match unit.to_ascii_lowercase().as_str() {
        "s" | "sec" | "secs" | "second" | "seconds" => "s",
        "m" | "min" | "mins" | "minute" | "minutes" => "m",
        "h" | "hr" | "hrs" | "hour" | "hours" => "h",
        "ms" | "msec" | "msecs" | "millisecond" | "milliseconds" => "ms",
        _ => return None,
    })
}
