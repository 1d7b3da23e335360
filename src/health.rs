//! `/healthz`, for a load balancer or an orchestrator: whether this instance can
//! serve. 200 `ok` when the database answers `SELECT 1` within a second, 503
//! otherwise; never cached.
//!
//! Server only. Mounted outside the layer's middleware (`server.rs`): a probe
//! every few seconds would otherwise write a log line every few seconds, and it
//! needs nothing the middleware gives (cookies, the CSRF check, the app's hooks,
//! a page). A failed check is logged, as a warning.

use axum::{
    extract::State,
    http::{header::CACHE_CONTROL, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use std::time::Duration;

use crate::db::Db;

/// How long the database has to answer: well under a probe's own timeout (1 s
/// for Kubernetes, 5 s for most load balancers), so the probe gets a 503, not
/// silence.
const TIMEOUT: Duration = Duration::from_secs(1);

/// `GET /healthz` (and `HEAD`), on `db`.
pub fn routes(db: Db) -> Router {
    Router::new().route("/healthz", get(healthz)).with_state(db)
}

async fn healthz(State(db): State<Db>) -> Response {
    // Through the readers' pool: on SQLite a long write holds the writer's one
    // connection, and a busy site is not an unhealthy one.
    let answer = tokio::time::timeout(TIMEOUT, sqlx::query("SELECT 1").execute(db.read())).await;
    let (status, body) = match answer {
        Ok(Ok(_)) => (StatusCode::OK, "ok"),
        Ok(Err(error)) => {
            tracing::warn!(%error, "health check: the database failed");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        }
        Err(_) => {
            tracing::warn!("health check: the database did not answer within {TIMEOUT:?}");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        }
    };
    (status, [(CACHE_CONTROL, "no-store")], body).into_response()
}
