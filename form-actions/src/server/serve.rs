//! Serving with a graceful stop (spec S3), with each connection's read buffer
//! bounded, and the runtime to serve on with a bounded blocking pool.
//!
//! Server only. The accept loop is the one `axum::serve` runs (hyper-util's
//! connection builder, graceful shutdown, `ConnectInfo`), run here because
//! `axum::serve` cannot set hyper's HTTP/1 options.

use axum::{body::Body, extract::ConnectInfo, http::Request, Router};
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
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

/// How long a client has to send a request's line and headers: past it, the
/// connection is closed, so a client that sends its headers a byte at a time
/// (slowloris) does not hold a connection longer (hyper applies no bound
/// unless it is given a timer, and `axum::serve` gives none).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(30);

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
    let builder = connections(HEADER_TIMEOUT);
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

/// How each connection is served: HTTP/1 with [`READ_BUFFER`] and a
/// `header_timeout`, or HTTP/2.
fn connections(header_timeout: Duration) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .max_buf_size(READ_BUFFER)
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    builder
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

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// One connection to `app`, served as [`serve`] serves each, with a
    /// header timeout of `timeout`; the client's side of it.
    async fn connect(timeout: Duration) -> tokio::net::TcpStream {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let at = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (stream, _) = listener.accept().await.unwrap();
            let app = Router::new().route("/", axum::routing::get(|| async { "hello" }));
            let service = app.map_request(|req: Request<hyper::body::Incoming>| req.map(Body::new));
            let _ = connections(timeout)
                .serve_connection_with_upgrades(
                    TokioIo::new(stream),
                    TowerToHyperService::new(service),
                )
                .await;
        });
        tokio::net::TcpStream::connect(at).await.unwrap()
    }

    /// Slow headers (slowloris): a request whose headers never end is cut
    /// off once the timeout has passed; one sent at once is answered.
    #[tokio::test]
    async fn b2_a_connection_whose_headers_never_end_is_closed_after_the_timeout() {
        let timeout = Duration::from_millis(300);
        let mut slow = connect(timeout).await;
        slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        let mut answer = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut answer));
        let started = std::time::Instant::now();
        read.await.expect("the server closes the connection").ok();
        assert!(
            started.elapsed() >= timeout / 2,
            "closed after the timeout, not at once"
        );
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
            "{answer}"
        );

        let mut whole = connect(timeout).await;
        whole
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut answer = Vec::new();
        whole.read_to_end(&mut answer).await.unwrap();
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.starts_with("HTTP/1.1 200") && answer.ends_with("hello"),
            "{answer}"
        );
    }
}
