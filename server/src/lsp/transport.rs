//! A guard in front of tower-lsp-server's stdin decoder.
//!
//! The decoder ends the whole session on the first frame it cannot decode
//! (bad JSON, a message that is not JSON-RPC, a missing `Content-Length`, a
//! charset it dislikes). This layer re-frames every message and replaces any
//! such frame with a request to [`MALFORMED_METHOD`], which the server
//! answers with the proper JSON-RPC error, so one bad message costs one
//! error response and nothing more.

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc;

/// The private method malformed frames are turned into.
pub const MALFORMED_METHOD: &str = "$/docklens/malformedMessage";

/// Bodies above this size are skipped and answered with an error.
const MAX_BODY: usize = 256 << 20;

/// Copies LSP frames from `input` to `output` until `input` ends.
pub async fn sanitize(
    input: impl AsyncRead + Unpin,
    mut output: impl AsyncWrite + Unpin,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(input);
    loop {
        let mut content_length = None;
        let mut saw_header = false;
        loop {
            let mut line = Vec::new();
            if reader.read_until(b'\n', &mut line).await? == 0 {
                return Ok(());
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim();
            if text.is_empty() {
                if saw_header {
                    break;
                }
                continue;
            }
            saw_header = true;
            let (name, value) = text.split_once(':').unwrap_or((text, ""));
            if name.trim().eq_ignore_ascii_case("content-length") {
                content_length = value.trim().parse::<usize>().ok();
            }
        }
        let Some(length) = content_length else {
            forward(
                &mut output,
                &malformed(None, -32700, "missing or invalid Content-Length header"),
            )
            .await?;
            continue;
        };
        if length > MAX_BODY {
            let mut skip = (&mut reader).take(length as u64);
            tokio::io::copy(&mut skip, &mut tokio::io::sink()).await?;
            forward(&mut output, &malformed(None, -32600, "message too large")).await?;
            continue;
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            return Ok(());
        }
        let body = match check(&body) {
            Ok(()) => body,
            Err(substitute) => substitute,
        };
        forward(&mut output, &body).await?;
    }
}

async fn forward(output: &mut (impl AsyncWrite + Unpin), body: &[u8]) -> std::io::Result<()> {
    output
        .write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await?;
    output.write_all(body).await?;
    output.flush().await
}

/// `Ok` when tower-lsp-server can decode `body`; otherwise the substitute.
fn check(body: &[u8]) -> Result<(), Vec<u8>> {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Err(malformed(None, -32700, "message body is not valid JSON"));
    };
    let decodes = serde_json::from_value::<jsonrpc::Request>(value.clone()).is_ok()
        || serde_json::from_value::<jsonrpc::Response>(value.clone()).is_ok();
    if decodes && std::str::from_utf8(body).is_ok() {
        return Ok(());
    }
    let id = value
        .get("id")
        .filter(|it| it.is_number() || it.is_string())
        .cloned();
    Err(malformed(
        id,
        -32600,
        "message is not a JSON-RPC 2.0 request, notification or response",
    ))
}

fn malformed(id: Option<Value>, code: i64, message: &str) -> Vec<u8> {
    let request = json!({
        "jsonrpc": "2.0",
        "id": id.unwrap_or(Value::Null),
        "method": MALFORMED_METHOD,
        "params": { "code": code, "message": message },
    });
    serde_json::to_vec(&request).unwrap_or_default()
}

/// The parameters of a substituted request.
#[derive(Debug, serde::Deserialize)]
pub struct Malformed {
    pub code: i64,
    pub message: String,
}

/// The error response for a substituted request.
pub fn malformed_error(params: Malformed) -> jsonrpc::Error {
    let code = match params.code {
        -32700 => jsonrpc::ErrorCode::ParseError,
        _ => jsonrpc::ErrorCode::InvalidRequest,
    };
    jsonrpc::Error {
        code,
        message: params.message.into(),
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run(input: &[u8]) -> String {
        let mut out = Vec::new();
        sanitize(input, &mut out).await.ok();
        String::from_utf8_lossy(&out).into_owned()
    }

    #[tokio::test]
    async fn valid_frames_pass_and_bad_ones_are_substituted() {
        let good = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let mut input = format!(
            "Content-Length: {}\r\nContent-Type: application/x; charset=latin1\r\n\r\n",
            good.len()
        )
        .into_bytes();
        input.extend_from_slice(good);
        input.extend_from_slice(b"Content-Length: 9\r\n\r\n{not json");
        input.extend_from_slice(b"Content-Length: 11\r\n\r\n{\"id\":7}xyz");
        input.extend_from_slice(b"Content-Length: 9\r\n\r\n{\"id\":7}\n");
        input.extend_from_slice(b"garbage\r\n\r\n");
        let out = run(&input).await;
        assert!(
            out.contains(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            "{out}"
        );
        assert!(!out.contains("latin1"), "headers are re-framed");
        assert_eq!(out.matches(MALFORMED_METHOD).count(), 4, "{out}");
        assert!(
            out.contains(r#""id":7"#),
            "the id of an invalid request is echoed: {out}"
        );
    }
}
