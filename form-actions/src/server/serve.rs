//! Serving with a graceful stop (spec S3), with each connection's read buffer
//! bounded, and the runtime to serve on with a bounded blocking pool.
//!
//! Server only. The accept loop is the one `axum::serve` runs (hyper-util's
//! connection builder, graceful shutdown, `ConnectInfo`), run here because
//! `axum::serve` cannot set hyper's HTTP/1 options.

use axum::{body::Body, extract::ConnectInfo, http::Request, Router};
use hyper_util::{
    rt::{TokioExecutor, TokioIo},
    server::{conn::auto, graceful::GracefulShutdown},
    service::TowerToHyperService,
};
use std::{pin::pin, time::Duration};
use tower::ServiceExt;

/// The most an HTTP/1 connection holds of what it has read and not yet
/// handed on: a request's line and headers must fit in it (a longer head is
/// answered 431), and a body passes through it in pieces of at most this
/// size. hyper's default, about 400 KiB,
/// is what every connection sending a large body grows to, with what the
/// multipart parser takes from it: 20 uploads of 5 MB at once raised the
/// demo's peak memory by 36 to 41 MiB with it, 13.5 to 14 MiB with this, at
/// the same speed. 32 KiB gave 9 to 10 MiB, but a 100 MiB upload took 12 to
/// 15 % longer (more, smaller reads).
pub const READ_BUFFER: usize = 64 * 1024;

/// How many threads the runtime of [`runtime`] starts for blocking work on
/// top of one per core: file operations (`tokio::fs`, the local object store,
/// an upload's spool), each a short task. Past the bound, tasks wait in a
/// queue.
pub const BLOCKING_THREADS: usize = 8;

/// A multi-threaded tokio runtime, as `#[tokio::main]` makes, whose blocking
/// pool holds at most one thread per core (for CPU work such as hashing a
/// password) plus [`BLOCKING_THREADS`]. tokio's default is 512: under rounds
/// of 20 uploads at once it grew to 40 to 150 threads (every 64 KiB an upload
/// spools is a blocking task, and tokio starts a thread whenever none is idle
/// at that instant), each with its stack and its allocator cache: 1 to 2 MiB
/// more peak memory than with this bound.
///
/// ```ignore
/// fn main() -> anyhow::Result<()> {
///     leptos_form_actions::server::runtime()?.block_on(async { /* … serve(…).await */ })
/// }
/// ```
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(cores + BLOCKING_THREADS)
        .build()
}

/// Serves `app` until SIGTERM or SIGINT (spec S3): then it stops accepting
/// connections, answers the requests in flight, and returns once they are done,
/// or after `drain` at the latest (with a warning), so that a container, systemd
/// or Kubernetes stop loses no request that had arrived.
///
/// Each request carries its peer's address (`ConnectInfo<SocketAddr>`), and
/// each HTTP/1 connection buffers at most [`READ_BUFFER`] of what it reads.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    drain: Duration,
) -> anyhow::Result<()> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().max_buf_size(READ_BUFFER);
    let graceful = GracefulShutdown::new();
    let mut stop = pin!(stop_signal());
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_error(e).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let service = app
            .clone()
            .map_request(move |mut req: Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                req.map(Body::new)
            });
        let builder = builder.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let conn = builder.serve_connection_with_upgrades(
                TokioIo::new(stream),
                TowerToHyperService::new(service),
            );
            if let Err(e) = watcher.watch(conn).await {
                tracing::trace!("connection from {peer}: {e}");
            }
        });
    }
    drop(listener);
    tracing::info!("stopping: answering the requests in flight");
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(drain) => {
            tracing::warn!(?drain, "stopped before every request in flight was answered");
        }
    }
    Ok(())
}

/// A failed accept, as `axum::serve` takes it: a connection that went away
/// before it was accepted is skipped; anything else (such as too many open
/// files) is logged, and the loop waits a second rather than spin.
async fn accept_error(e: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    ) {
        return;
    }
    tracing::error!("accept error: {e}");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// SIGTERM (what containers, systemd and Kubernetes send) or SIGINT (Ctrl-C).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
