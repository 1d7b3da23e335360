//! `/search`: a GET form whose load reads `q`.

use axum::http::StatusCode;

use crate::common::{TestApp, PASSWORD};

#[tokio::test]
async fn search_logged_out_redirects_to_login() {
    let mut app = TestApp::spawn().await;
    let res = app.get("/search?q=milk").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some("/login?redirectTo=/search"));
}

#[tokio::test]
async fn g1_search_lists_the_users_matching_todos_ignoring_case() {
    let mut app = TestApp::spawn().await;
    app.register("bob@example.com", PASSWORD).await;
    app.post_form("/todos?/add", &[("title", "bob's milk")])
        .await;
    app.cookies.clear();
    app.register("ada@example.com", PASSWORD).await;
    for title in ["Buy MILK", "oat milk", "bread", "100% juice"] {
        app.post_form("/todos?/add", &[("title", title)]).await;
    }

    let res = app.get("/search?q=milk").await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains(r#"aria-label="Results""#);
    res.assert_contains("<li>Buy MILK</li>");
    res.assert_contains("<li>oat milk</li>");
    res.assert_lacks("bread</li>");
    res.assert_lacks("bob");
    // The field shows the current query.
    res.assert_contains(r#"name="q" value="milk""#);

    // LIKE wildcards match themselves.
    let res = app.get("/search?q=%25").await;
    res.assert_contains("<li>100% juice</li>");
    res.assert_lacks("<li>bread</li>");
}

#[tokio::test]
async fn g1_no_match_says_so_and_an_empty_query_shows_neither() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    app.post_form("/todos?/add", &[("title", "bread")]).await;

    let res = app.get("/search?q=milk").await;
    res.assert_contains("No todos match “milk”");
    res.assert_lacks(r#"aria-label="Results""#);

    for path in ["/search", "/search?q="] {
        let res = app.get(path).await;
        assert_eq!(res.status, StatusCode::OK);
        res.assert_contains("<h1>Search</h1>");
        res.assert_lacks("No todos match");
        res.assert_lacks(r#"aria-label="Results""#);
    }
}

#[tokio::test]
async fn a3_search_has_no_actions() {
    let mut app = TestApp::spawn().await;
    let res = app.post_form("/search", &[("q", "milk")]).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn g1_search_ignores_case_in_every_script_in_todos_old_and_new() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    for title in ["École du soir", "ÉCLAIRS", "crème brûlée", "bread"] {
        app.post_form("/todos?/add", &[("title", title)]).await;
    }
    let found = |res: &crate::common::TestResponse| {
        res.assert_contains("<li>École du soir</li>");
        res.assert_contains("<li>ÉCLAIRS</li>");
        res.assert_contains("<li>crème brûlée</li>");
        res.assert_lacks("<li>bread</li>");
    };
    // "é" finds É and é alike (SQLite's LOWER() folds ASCII only).
    found(&app.get("/search?q=%C3%A9").await);
    // "É" too.
    found(&app.get("/search?q=%C3%89").await);

    // Todos written before the folded title was stored have none: found all the same.
    sqlx::query("UPDATE todos SET title_folded = NULL")
        .execute(app.db.write())
        .await
        .unwrap();
    found(&app.get("/search?q=%C3%A9").await);
    let res = app.get("/search?q=%C3%A9cole").await;
    res.assert_contains("<li>École du soir</li>");
    res.assert_lacks("<li>ÉCLAIRS</li>");
}
