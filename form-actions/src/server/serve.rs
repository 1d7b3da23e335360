//! Serving with a graceful stop (spec S3).
//!
//! Server only.

use axum::Router;
use std::{sync::Arc, time::Duration};

/// Serves `app` until SIGTERM or SIGINT (spec S3): then it stops accepting
/// connections, answers the requests in flight, and returns once they are done,
/// or after `drain` at the latest (with a warning), so that a container, systemd
/// or Kubernetes stop loses no request that had arrived.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    drain: Duration,
) -> anyhow::Result<()> {
    let stopping = Arc::new(tokio::sync::Notify::new());
    let server = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown({
        let stopping = stopping.clone();
        async move {
            stop_signal().await;
            tracing::info!("stopping: answering the requests in flight");
            stopping.notify_one();
        }
    });
    tokio::select! {
        served = server => served?,
        () = async {
            stopping.notified().await;
            tokio::time::sleep(drain).await;
        } => tracing::warn!(?drain, "stopped before every request in flight was answered"),
    }
    Ok(())
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
