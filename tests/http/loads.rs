//! T6: the pages' loads: run on the server while a page renders, not answered
//! at a URL of their own, and a failure shown as the error page with its
//! status and the id of its log line.

use axum::http::StatusCode;

use crate::common::{TestApp, PASSWORD};

/// The URL a `#[server]` function named `name` in the app's module `module`
/// would answer at: Leptos's default, `/api/` then the name and a hash of the
/// package's folder and the module's path.
fn server_fn_url(module: &str, name: &str) -> String {
    let krate = env!("CARGO_PKG_NAME").replace('-', "_");
    let key = format!("{}:{krate}::{module}", env!("CARGO_MANIFEST_DIR"));
    let hash = leptos::server_fn::xxhash_rust::const_xxh64::xxh64(key.as_bytes(), 0);
    format!("/api/{name}{hash}")
}

#[tokio::test]
async fn t6_a_load_has_no_endpoint_and_its_page_still_shows_its_data() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    app.post_form("/todos?/add", &[("title", "milk")]).await;

    // Each load of the demo, where a `#[server]` function of its name would be.
    let loads = [
        ("auth", "current_user"),
        ("routes::todos", "load_todos"),
        ("routes::edit_todo", "load_todo"),
        ("routes::search", "search_todos"),
    ];
    for (module, name) in loads {
        let url = server_fn_url(module, name);
        let res = app.post_form(&url, &[("id", "1"), ("q", "milk")]).await;
        assert!(
            matches!(
                res.status,
                StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
            ),
            "POST {url}: {} {}",
            res.status,
            res.body
        );
        // Not the load's data (as JSON): the site's 404 page, or no POST.
        assert!(
            !res.body.trim_start().starts_with(['{', '[']),
            "{}",
            res.body
        );
    }

    // The pages still render what their loads read.
    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    home.assert_contains("Welcome, ada");
    home.assert_contains(r#"<span class="email">ada@example.com</span>"#);
    let todos = app.get("/todos").await;
    assert_eq!(todos.status, StatusCode::OK);
    todos.assert_contains(r#"aria-label="milk""#);
    let search = app.get("/search?q=mil").await;
    assert_eq!(search.status, StatusCode::OK);
    search.assert_contains("<li>milk</li>");
    let id = todos
        .body
        .split(r#"href="/todos/"#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to the todo's page")
        .to_owned();
    let edit = app.get(&format!("/todos/{id}")).await;
    assert_eq!(edit.status, StatusCode::OK);
    edit.assert_contains(r#"value="milk""#);
}

#[tokio::test]
async fn t6_a_failed_load_is_the_error_page_with_a_500_and_the_id_of_its_log_line() {
    let (log, _guard) = crate::common::CapturedLog::install(tracing::Level::INFO);
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    // The session still works; the loads of these pages read the todos (their
    // subtasks' and attachments' tables first: PostgreSQL drops no table
    // another refers to).
    for table in ["subtasks", "attachments", "todos"] {
        sqlx::query(&format!("DROP TABLE {table}"))
            .execute(app.db.write())
            .await
            .unwrap();
    }

    for path in ["/todos", "/search?q=milk", "/todos/1"] {
        let res = app.get(path).await;
        assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
        res.assert_contains("<h1>Something went wrong</h1>");
        res.assert_contains("Please try again later.");
        res.assert_lacks("does not exist");
        res.assert_lacks("no such table");
        let id = res
            .body
            .split("Error id: <code>")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .unwrap_or_else(|| panic!("an error id on {path}:\n{}", res.body));
        assert_eq!(id.len(), 32, "{id}");
        let line = log
            .text()
            .lines()
            .find(|line| line.contains(&format!("error_id={id}")))
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("the id {id} in the server log:\n{}", log.text()));
        assert!(line.contains("ERROR") && line.contains("todos"), "{line}");
    }
}
