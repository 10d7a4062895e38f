//! `docklens config-schema`: the editor settings as a JSON schema, for
//! editor extensions to mirror (VS Code's `contributes.configuration`).

use std::{io::Write, process::ExitCode};

/// Prints the schema (keys sorted, so the output is stable).
pub(crate) fn run() -> ExitCode {
    let schema = crate::settings::json_schema();
    let Ok(text) = serde_json::to_string_pretty(&schema) else {
        return ExitCode::from(2);
    };
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}
