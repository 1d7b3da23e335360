//! `/healthz` (src/health.rs): 200 `ok` while the database answers, 503 when it
//! does not; never cached, and not in the request log.

use axum::http::{header, StatusCode};

use crate::common::{CapturedLog, TestApp};

#[tokio::test]
async fn healthz_is_ok_while_the_database_answers_and_is_not_logged() {
    let (log, _guard) = CapturedLog::install(tracing::Level::INFO);
    let mut app = TestApp::spawn().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body, "ok");
    assert_eq!(res.headers[header::CACHE_CONTROL], "no-store");
    // A probe every few seconds writes no request log line.
    assert!(!log.text().contains("healthz"), "{}", log.text());
}

#[tokio::test]
async fn healthz_is_a_503_when_the_database_does_not_answer() {
    let mut app = TestApp::spawn().await;
    app.db.close().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.body, "unavailable");
    assert_eq!(res.headers[header::CACHE_CONTROL], "no-store");
}
