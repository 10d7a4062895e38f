//! The language server over stdio (tower-lsp-server on tokio). The only
//! layer that knows LSP types: handlers convert with `from_proto`, make one
//! `ide` call, and convert back with `to_proto`.

mod capabilities;
pub(crate) mod config;
mod document;
mod from_proto;
mod handlers;
pub mod position;
pub(crate) mod server;
pub(crate) mod to_proto;
mod transport;

use anyhow::Result;
use tower_lsp_server::{LspService, Server as Transport};

pub use server::Server;

/// Serves LSP on stdin/stdout until the client says `exit`. Returns whether
/// `shutdown` came first, which the LSP spec makes the exit status.
pub fn run_stdio() -> Result<bool> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let shutdown = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&shutdown);
    runtime.block_on(async {
        let (service, socket) = LspService::build(move |client| Server::new(client, flag))
            .custom_method(transport::MALFORMED_METHOD, Server::malformed)
            .finish();
        // Every frame passes through the sanitizer, so a malformed message
        // gets an error response instead of ending the session.
        let (to_server, from_client) = tokio::io::duplex(1 << 16);
        tokio::spawn(async move {
            if let Err(err) = transport::sanitize(tokio::io::stdin(), to_server).await {
                tracing::error!("reading stdin failed: {err}");
            }
        });
        Transport::new(from_client, tokio::io::stdout(), socket)
            // Slow requests on one file must not hold up others.
            .concurrency_level(64)
            .serve(service)
            .await;
    });
    // The stdin reader may be blocked in a read that never returns; do not
    // wait for it.
    runtime.shutdown_background();
    Ok(shutdown.load(std::sync::atomic::Ordering::SeqCst))
}
