//! `/` and its action `greet`: as a browser without JavaScript posts the form, as
//! the enhanced form sends it, and as the page cache keeps the page.

use axum::http::StatusCode;

use crate::app::kit;
use crate::common::{TestApp, TestResponse};

#[tokio::test]
async fn the_page_renders_its_form() {
    let mut app = TestApp::spawn().await;
    let res = app.get("/").await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains("<h1>Hello</h1>");
    res.assert_contains(r#"aria-label="Greet""#);
    res.assert_contains(r#"action="?/greet""#);
}

#[tokio::test]
async fn a_blank_name_is_a_422_with_the_message_and_the_text_kept() {
    let mut app = TestApp::spawn().await;
    let res = app.post_form("/?/greet", &[("name", "  ")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Name is required");
    res.assert_contains(r#"aria-invalid="true""#);
    res.assert_lacks("Hello, ");
}

#[tokio::test]
async fn a_name_is_greeted() {
    let mut app = TestApp::spawn().await;
    let res = app.post_form("/?/greet", &[("name", "Ada")]).await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains("Hello, Ada!");
    res.assert_lacks("Name is required");
}

#[tokio::test]
async fn the_enhanced_form_gets_the_result_as_json() {
    let mut app = TestApp::spawn().await;
    let res = app.post_enhanced("/?/greet", &[("name", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["type"], "failure");
    assert_eq!(
        res.json()["data"]["issues"],
        serde_json::json!([["name", "Name is required"]])
    );

    let res = app.post_enhanced("/?/greet", &[("name", "Ada")]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["type"], "success");
    assert_eq!(res.json()["data"], "Hello, Ada!");
}

/// `/` is a kept page (`KEPT_PAGES` in src/server.rs): rendered once for the
/// visitors without a cookie, and its action still runs on every POST.
#[tokio::test]
async fn the_page_is_rendered_once_and_its_action_still_runs() {
    let mut app = TestApp::spawn().await;
    let cache = |res: &TestResponse| {
        res.headers
            .get(kit::server::CACHE_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let first = app.get("/").await;
    let second = app.get("/").await;
    assert_eq!(
        (cache(&first).as_deref(), cache(&second).as_deref()),
        (Some("miss"), Some("hit"))
    );
    assert_eq!(first.body, second.body);

    let res = app.post_form("/?/greet", &[("name", "Ada")]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(cache(&res), None);
    res.assert_contains("Hello, Ada!");
}
