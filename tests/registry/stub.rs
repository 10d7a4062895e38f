//! Loopback servers for the registry tests: a scriptable HTTP/1.1 server, a
//! server that accepts and never answers, and a byte-counting TCP forwarder.
//! All bind 127.0.0.1 only and stop (closing every connection) on drop.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query, as sent.
    pub path: String,
    pub headers: Vec<(String, String)>,
    /// The stub's own address, for building same-host URLs.
    pub local: SocketAddr,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
}

impl Response {
    pub fn status(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response::status(200)
            .header("Content-Type", content_type)
            .body(body)
    }

    pub fn header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Response {
        self.body = body.into();
        self
    }

    pub fn delay(mut self, delay: Duration) -> Response {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Request) -> Response + Send + Sync;

enum Mode {
    Http(Arc<Handler>),
    Silent,
    Forward(SocketAddr),
}

pub struct Stub {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Request>>>,
    connections: Arc<AtomicUsize>,
    /// Bytes clients sent (forwarder only).
    bytes_in: Arc<AtomicUsize>,
    streams: Arc<Mutex<Vec<TcpStream>>>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Stub {
    /// An HTTP server answering every request with `handler` (one request
    /// per connection, `Connection: close`).
    pub fn http<F>(handler: F) -> Stub
    where
        F: Fn(&Request) -> Response + Send + Sync + 'static,
    {
        Stub::start(Mode::Http(Arc::new(handler)))
    }

    /// Accepts connections, reads what arrives and never answers.
    pub fn silent() -> Stub {
        Stub::start(Mode::Silent)
    }

    /// Forwards every connection to `upstream`, counting client bytes.
    pub fn forward(upstream: SocketAddr) -> Stub {
        Stub::start(Mode::Forward(upstream))
    }

    /// `127.0.0.1:<port>`, the form used in settings and image references.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn bytes_in(&self) -> usize {
        self.bytes_in.load(Ordering::SeqCst)
    }

    fn start(mode: Mode) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let bytes_in = Arc::new(AtomicUsize::new(0));
        let streams = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let accept = {
            let (requests, connections, bytes_in, streams, stop) = (
                requests.clone(),
                connections.clone(),
                bytes_in.clone(),
                streams.clone(),
                stop.clone(),
            );
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(stream) = stream else { continue };
                    connections.fetch_add(1, Ordering::SeqCst);
                    if let Ok(clone) = stream.try_clone() {
                        streams.lock().unwrap().push(clone);
                    }
                    match &mode {
                        Mode::Http(handler) => {
                            let (handler, requests) = (handler.clone(), requests.clone());
                            std::thread::spawn(move || {
                                serve_http(stream, addr, &*handler, &requests)
                            });
                        }
                        Mode::Silent => {
                            std::thread::spawn(move || drain(stream));
                        }
                        Mode::Forward(upstream) => {
                            let (upstream, bytes_in, streams) =
                                (*upstream, bytes_in.clone(), streams.clone());
                            std::thread::spawn(move || {
                                forward(stream, upstream, &bytes_in, &streams)
                            });
                        }
                    }
                }
            })
        };
        Stub {
            addr,
            requests,
            connections,
            bytes_in,
            streams,
            stop,
            accept: Some(accept),
        }
    }

    /// Stops accepting and cuts every open connection, so that a client's
    /// pooled keep-alive connection cannot reach the upstream afterwards.
    pub fn stop(&mut self) {
        if self.stop.swap(true, Ordering::SeqCst) {
            return;
        }
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
        for s in self.streams.lock().unwrap().drain(..) {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        self.stop();
    }
}

fn serve_http(stream: TcpStream, local: SocketAddr, handler: &Handler, log: &Mutex<Vec<Request>>) {
    serve_one(&stream, local, handler, log);
    // The accept loop holds a clone of the socket: shut it down explicitly
    // so the client sees the close even when nothing was answered.
    let _ = stream.shutdown(Shutdown::Both);
}

fn serve_one(
    mut stream: &TcpStream,
    local: SocketAddr,
    handler: &Handler,
    log: &Mutex<Vec<Request>>,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        // Not HTTP (a TLS ClientHello, say): log nothing, answer nothing.
        if !buf[0].is_ascii_uppercase() || buf.len() > 64 * 1024 {
            return;
        }
    };
    let Ok(head) = std::str::from_utf8(&buf[..head_end]) else {
        return;
    };
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(path)) = (first.next(), first.next()) else {
        return;
    };
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let request = Request {
        method: method.into(),
        path: path.into(),
        headers,
        local,
    };
    log.lock().unwrap().push(request.clone());
    let response = handler(&request);
    std::thread::sleep(response.delay);
    let mut out = format!("HTTP/1.1 {} X\r\n", response.status);
    for (k, v) in &response.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        response.body.len()
    ));
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(&response.body);
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
    // Let the client read everything before the socket goes away.
    let _ = stream.read(&mut chunk);
}

fn drain(mut stream: TcpStream) {
    let mut chunk = [0u8; 4096];
    while matches!(stream.read(&mut chunk), Ok(n) if n > 0) {}
}

fn forward(
    client: TcpStream,
    upstream: SocketAddr,
    bytes_in: &AtomicUsize,
    streams: &Mutex<Vec<TcpStream>>,
) {
    let Ok(server) = TcpStream::connect(upstream) else {
        return;
    };
    if let Ok(clone) = server.try_clone() {
        streams.lock().unwrap().push(clone);
    }
    let (Ok(mut c_read), Ok(mut s_write)) = (client.try_clone(), server.try_clone()) else {
        return;
    };
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut chunk = [0u8; 16 * 1024];
            loop {
                match c_read.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        bytes_in.fetch_add(n, Ordering::SeqCst);
                        if s_write.write_all(&chunk[..n]).is_err() {
                            break;
                        }
                    }
                }
            }
            let _ = s_write.shutdown(Shutdown::Write);
        });
        let (mut s_read, mut c_write) = (server, client);
        let _ = std::io::copy(&mut s_read, &mut c_write);
        let _ = c_write.shutdown(Shutdown::Write);
    });
}
