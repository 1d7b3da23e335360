//! The page cache (src/kit/server/page_cache.rs): `/` and `/login` are rendered
//! once for visitors without cookies, and never for anyone else.

use axum::http::StatusCode;

use crate::common::{TestApp, PASSWORD};

fn cache(res: &crate::common::TestResponse) -> Option<&str> {
    res.headers
        .get("x-page-cache")
        .and_then(|v| v.to_str().ok())
}

/// `page` with each submission token (spec P3) made the placeholder again.
fn without_tokens(page: &str) -> String {
    use crate::app::kit::{SUBMISSION_FIELD, SUBMISSION_PLACEHOLDER};
    let input = format!(r#"name="{SUBMISSION_FIELD}" value=""#);
    let mut out = String::new();
    let mut rest = page;
    while let Some(at) = rest.find(&input) {
        let value = at + input.len();
        out.push_str(&rest[..value]);
        out.push_str(SUBMISSION_PLACEHOLDER);
        rest = &rest[value + SUBMISSION_PLACEHOLDER.len()..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn page_cache_a_visitor_without_cookies_gets_the_page_rendered_once() {
    let mut app = TestApp::spawn().await;
    let first = app.get("/login").await;
    let second = app.get("/login").await;
    assert_eq!(
        (first.status, second.status),
        (StatusCode::OK, StatusCode::OK)
    );
    assert_eq!((cache(&first), cache(&second)), (Some("miss"), Some("hit")));
    // The same page, but for its forms' submission tokens, fresh in each (P3).
    assert_eq!(without_tokens(&first.body), without_tokens(&second.body));
    assert_ne!(first.body, second.body);
    assert_eq!(
        second.headers.get("content-type").unwrap(),
        "text/html; charset=utf-8"
    );
    second.assert_contains("<h1>Log in</h1>");
    // A hit is answered by the outer layer (`page_cache_hits`), still inside the
    // request id's.
    assert!(second.headers.contains_key("x-request-id"));
}

#[tokio::test]
async fn page_cache_a_logged_in_visitor_gets_their_own_page() {
    let mut app = TestApp::spawn().await;
    // The logged-out home page is kept…
    assert_eq!(cache(&app.get("/").await), Some("miss"));
    app.get("/").await.assert_contains("You are not logged in");
    // …and never shown to someone with a session.
    app.register("ada@example.com", PASSWORD).await;
    let home = app.get("/").await;
    assert_eq!(cache(&home), None);
    home.assert_contains("Welcome, ada");
    home.assert_lacks("You are not logged in");
}

#[tokio::test]
async fn page_cache_a_query_string_renders_every_time() {
    let mut app = TestApp::spawn().await;
    app.get("/login").await;
    let res = app.get("/login?redirectTo=/todos").await;
    assert_eq!(cache(&res), None);
    res.assert_contains(r#"value="/todos""#);
}

#[tokio::test]
async fn page_cache_actions_still_run_on_a_cached_page() {
    let mut app = TestApp::spawn().await;
    app.get("/login").await;
    let res = app
        .post_form(
            "/login?/login",
            &[("email", "nobody@example.com"), ("password", "x")],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(cache(&res), None);
    res.assert_contains("Invalid email or password");
}

#[tokio::test]
async fn page_cache_a_browser_gets_the_kept_brotli() {
    let mut app = TestApp::spawn().await;
    for expected in ["miss", "hit"] {
        let req = axum::http::Request::get("/login")
            .header("accept-encoding", "gzip, deflate, br, zstd")
            .body(axum::body::Body::empty())
            .unwrap();
        let res = app.send(req).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(cache(&res), Some(expected));
        assert_eq!(res.headers.get("content-encoding").unwrap(), "br");
        assert_eq!(res.headers.get("vary").unwrap(), "accept-encoding");
    }
}
