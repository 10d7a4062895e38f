//! A minimal LSP client that drives the real `docklens` binary over stdio,
//! for end-to-end tests. Every wait has a timeout, so a hung server fails
//! the test instead of hanging it.

#![allow(dead_code)]

use std::{
    collections::VecDeque,
    io::{BufRead, BufReader, Write},
    process::{Child, ChildStdin, Command, Stdio},
    sync::mpsc::{self, Receiver, RecvTimeoutError},
    thread,
    time::{Duration, Instant},
};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Messages read while waiting for something else.
    backlog: VecDeque<Value>,
    next_id: i64,
    /// What the client answers to `workspace/configuration`, for every
    /// item (`null` unless a test sets it).
    pub configuration: Value,
    /// Requests the server sent to the client, in arrival order.
    pub server_requests: Vec<Value>,
}

impl Client {
    /// Starts `docklens lsp --stdio` and initializes it. `encodings` are the
    /// position encodings the client offers.
    pub fn start(encodings: &[&str]) -> (Client, Value) {
        Client::start_with(encodings, json!(null))
    }

    pub fn start_with(encodings: &[&str], initialization_options: Value) -> (Client, Value) {
        Client::start_custom(encodings, json!({}), initialization_options)
    }

    /// Starts with `text_document` as the client's whole `textDocument`
    /// capabilities (no defaults), e.g. a plaintext-only client.
    pub fn start_with_capabilities(encodings: &[&str], text_document: Value) -> (Client, Value) {
        let capabilities = json!({
            "general": { "positionEncodings": encodings },
            "textDocument": text_document,
        });
        Client::start_raw(capabilities, json!(null))
    }

    /// Starts with extra client capabilities, deep-merged into the defaults.
    pub fn start_custom(
        encodings: &[&str],
        capabilities: Value,
        initialization_options: Value,
    ) -> (Client, Value) {
        let mut all_capabilities = json!({
            "general": { "positionEncodings": encodings },
            "textDocument": {
                "hover": { "contentFormat": ["markdown", "plaintext"] },
                "completion": { "completionItem": { "snippetSupport": true } },
                "publishDiagnostics": { "relatedInformation": true, "versionSupport": true }
            }
        });
        merge(&mut all_capabilities, &capabilities);
        Client::start_raw(all_capabilities, initialization_options)
    }

    fn start_raw(all_capabilities: Value, initialization_options: Value) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_docklens"))
            .args(["lsp", "--stdio"])
            .env("DOCKLENS_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the docklens binary starts");
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, incoming) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            backlog: VecDeque::new(),
            next_id: 1,
            configuration: Value::Null,
            server_requests: Vec::new(),
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": all_capabilities,
                "initializationOptions": initialization_options,
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    pub fn send_raw(&mut self, body: &[u8]) {
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        self.stdin
            .write_all(header.as_bytes())
            .expect("write header");
        self.stdin.write_all(body).expect("write body");
        self.stdin.flush().expect("flush");
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).expect("serializable");
        self.send_raw(&body);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its whole response (`result` or `error`).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(|it| it.get("id") == Some(&json!(id)) && it.get("method").is_none())
    }

    /// Sends a request and returns its `result`, panicking on an error.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        if let Some(error) = response.get("error") {
            panic!("{method} failed: {error}");
        }
        response.get("result").cloned().unwrap_or(Value::Null)
    }

    /// The next message matching `pred`; others are kept for later waits.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(idx) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(idx).expect("index is valid");
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) => {
                    // Answer server-to-client requests so the server never waits on us.
                    if message.get("method").is_some() && message.get("id").is_some() {
                        let id = message["id"].clone();
                        let result = match message["method"].as_str() {
                            Some("workspace/configuration") => {
                                let n = message["params"]["items"].as_array().map_or(0, Vec::len);
                                Value::Array(vec![self.configuration.clone(); n])
                            }
                            _ => Value::Null,
                        };
                        self.server_requests.push(message.clone());
                        self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
                        continue;
                    }
                    if pred(&message) {
                        return message;
                    }
                    self.backlog.push_back(message);
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!("timed out waiting; backlog: {:?}", self.backlog)
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server exited; backlog: {:?}", self.backlog)
                }
            }
        }
    }

    /// The next diagnostics for `uri` (at `version`, when given).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let message = self.wait_for(|it| {
            it["method"] == "textDocument/publishDiagnostics"
                && it["params"]["uri"] == uri
                && version.is_none_or(|v| it["params"]["version"] == v)
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "dockerfile", "version": 1, "text": text } }),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    /// Shuts down cleanly and returns the exit status code.
    pub fn shutdown(mut self) -> Option<i32> {
        self.request("shutdown", json!(null));
        self.notify("exit", json!(null));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit after `exit`");
            }
            thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Deep-merges JSON objects; anything else in `overlay` replaces.
fn merge(base: &mut Value, overlay: &Value) {
    match (base, overlay) {
        (Value::Object(base), Value::Object(overlay)) => {
            for (key, value) in overlay {
                match base.get_mut(key) {
                    Some(slot) => merge(slot, value),
                    None => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (base, overlay) => *base = overlay.clone(),
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The byte offset of an LSP position in `text` (UTF-16 columns).
pub fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().expect("line") as usize;
    let character = position["character"].as_u64().expect("character") as usize;
    let mut start = 0;
    for _ in 0..line {
        start += text[start..]
            .find('\n')
            .map_or(text.len() - start, |it| it + 1);
    }
    let mut units = 0;
    for (idx, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + idx;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Applies LSP text edits (which never overlap) to `text`.
pub fn apply(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|it| {
            (
                offset(text, &it["range"]["start"]),
                offset(text, &it["range"]["end"]),
                it["newText"].as_str().expect("newText"),
            )
        })
        .collect();
    spans.sort_by_key(|it| std::cmp::Reverse((it.0, it.1)));
    let mut res = text.to_owned();
    for (start, end, insert) in spans {
        res.replace_range(start..end, insert);
    }
    res
}

/// The edits for `uri` in a `WorkspaceEdit`, in either shape.
pub fn workspace_edits(edit: &Value, uri: &str) -> Vec<Value> {
    if let Some(changes) = edit["changes"][uri].as_array() {
        return changes.clone();
    }
    edit["documentChanges"][0]["edits"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}
