//! Many requests at once: no 5xx, no lost writes, no "database is locked".

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use futures::future::join_all;
use tower::ServiceExt;

use crate::common::{TestApp, ORIGIN, PASSWORD};

fn form_post(path: &str, body: String, cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("origin", ORIGIN);
    if let Some(cookie) = cookie {
        req = req.header(header::COOKIE, cookie);
    }
    req.body(Body::from(body)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_adds_all_succeed_and_all_are_kept() {
    let mut app = TestApp::spawn().await;
    let token = app.register("ada@example.com", PASSWORD).await;
    let cookie = format!("session={token}");

    let requests = (0..200).map(|i| {
        let router = app.router.clone();
        let req = form_post("/todos?/add", format!("title=todo+{i}"), Some(&cookie));
        tokio::spawn(async move { router.oneshot(req).await.unwrap().status() })
    });
    let statuses: Vec<StatusCode> = join_all(requests)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let bad: Vec<_> = statuses
        .iter()
        .filter(|s| !(s.is_success() || s.is_redirection()))
        .collect();
    assert!(bad.is_empty(), "non-2xx/3xx answers: {bad:?}");

    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM todos")
        .fetch_one(app.db.read())
        .await
        .unwrap();
    assert_eq!(count, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_registrations_of_one_email_make_one_account() {
    let app = TestApp::spawn().await;
    let requests = (0..50).map(|_| {
        let router = app.router.clone();
        let req = form_post(
            "/login?/register",
            format!(
                "email=ada%40example.com&password={}",
                PASSWORD.replace(' ', "+")
            ),
            None,
        );
        tokio::spawn(async move {
            let res = router.oneshot(req).await.unwrap();
            let status = res.status();
            let body = axum::body::to_bytes(res.into_body(), usize::MAX)
                .await
                .unwrap();
            (status, String::from_utf8_lossy(&body).into_owned())
        })
    });
    let answers: Vec<(StatusCode, String)> = join_all(requests)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();

    let created = answers.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    let refused: Vec<_> = answers
        .iter()
        .filter(|(s, body)| {
            *s == StatusCode::BAD_REQUEST
                && body.contains("An account with this email already exists")
        })
        .collect();
    let other: Vec<_> = answers
        .iter()
        .filter(|(s, _)| *s != StatusCode::OK && *s != StatusCode::BAD_REQUEST)
        .map(|(s, body)| (s, body.chars().take(200).collect::<String>()))
        .collect();
    assert!(other.is_empty(), "unexpected answers: {other:?}");
    assert_eq!(created, 1);
    assert_eq!(refused.len(), 49);

    let (accounts,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
        .fetch_one(app.db.read())
        .await
        .unwrap();
    assert_eq!(accounts, 1);
}
