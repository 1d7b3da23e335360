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
    // The same page, each with a submission token of its own (spec P3).
    let (a, b) = (token(&first.body), token(&second.body));
    assert_ne!(a, b);
    assert_eq!(first.body.replace(&a, ""), second.body.replace(&b, ""));

    let res = app.post_form("/?/greet", &[("name", "Ada")]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(cache(&res), None);
    res.assert_contains("Hello, Ada!");
}

/// The submission token of the page's form (spec P3).
fn token(page: &str) -> String {
    let input = format!(r#"name="{}" value=""#, kit::SUBMISSION_FIELD);
    let at = page.find(&input).expect("a submission token") + input.len();
    page[at..][..32].to_owned()
}

/// A form sent twice with its token is answered twice alike, from the claim
/// kept in the database (the table `submissions`, spec P3).
#[tokio::test]
async fn p3_a_greeting_sent_twice_is_answered_as_the_first() {
    let mut app = TestApp::spawn().await;
    let page = app.get("/").await;
    let token = token(&page.body);
    for _ in 0..2 {
        let res = app
            .post_form(
                "/?/greet",
                &[("name", "Ada"), (kit::SUBMISSION_FIELD, &token)],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);
        res.assert_contains("Hello, Ada!");
    }
    let (claims,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM submissions WHERE token = $1")
        .bind(&token)
        .fetch_one(app.db.read())
        .await
        .unwrap();
    assert_eq!(claims, 1);
}

#[tokio::test]
async fn l1_the_page_and_its_messages_in_japanese() {
    let mut app = TestApp::spawn().await;
    let req = axum::http::Request::get("/")
        .header("accept-language", "ja-JP,ja;q=0.9")
        .body(axum::body::Body::empty())
        .unwrap();
    let res = app.send(req).await;
    res.assert_contains(r#"<html lang="ja""#);
    res.assert_contains("<h1>こんにちは</h1>");
    res.assert_contains(">名前</label>");

    // The `locale` cookie wins over Accept-Language (spec L2).
    app.cookies.insert("locale".into(), "ja".into());
    let res = app.post_form("/?/greet", &[("name", " ")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("名前を入力してください");
    let res = app.post_form("/?/greet", &[("name", "Ada")]).await;
    res.assert_contains("こんにちは、Adaさん！");
    app.cookies.insert("locale".into(), "en".into());
    app.get("/").await.assert_contains("<h1>Hello</h1>");
}
