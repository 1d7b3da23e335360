//! One effect per submission (spec P3): every form carries a single-use token;
//! the same submission sent twice runs its action once, and the repeat is
//! answered as the first was. On SQLite and, under `make test`, PostgreSQL.

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use futures::future::join_all;
use tower::ServiceExt;

use crate::app::kit::{SUBMISSION_FIELD, SUBMISSION_PLACEHOLDER};
use crate::common::{wire, TestApp, TestResponse, ORIGIN, PASSWORD};

/// The submission token of the form named `label` in `page`.
fn token_of(page: &str, label: &str) -> String {
    let form = page
        .find(&format!(r#"aria-label="{label}""#))
        .unwrap_or_else(|| panic!("no form named {label}:\n{page}"));
    let input = format!(r#"name="{SUBMISSION_FIELD}" value=""#);
    let at = form + page[form..].find(&input).expect("a submission token") + input.len();
    let token = page[at..][..32].to_owned();
    assert_ne!(token, SUBMISSION_PLACEHOLDER, "the placeholder was sent");
    token
}

/// Every submission token of a page.
fn tokens(page: &str) -> Vec<String> {
    let input = format!(r#"name="{SUBMISSION_FIELD}" value=""#);
    page.match_indices(&input)
        .map(|(at, _)| page[at + input.len()..][..32].to_owned())
        .collect()
}

/// A logged-in app and the token of its Add form.
async fn logged_in() -> (TestApp, String) {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    let page = app.get("/todos").await;
    let token = token_of(&page.body, "Add todo");
    (app, token)
}

async fn count(app: &TestApp, title: &str) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM todos WHERE title = $1")
        .bind(title)
        .fetch_one(app.db.read())
        .await
        .unwrap();
    count
}

async fn add(app: &mut TestApp, title: &str, token: &str) -> TestResponse {
    app.post_form(
        "/todos?/add",
        &[("title", title), (SUBMISSION_FIELD, token)],
    )
    .await
}

/// The id of the todo `title` on a page of the list (its edit link).
fn todo_id(page: &TestResponse, title: &str) -> String {
    let row = page.row(title);
    let at = row.find(r#"href="/todos/"#).expect("an edit link") + r#"href="/todos/"#.len();
    row[at..].chars().take_while(char::is_ascii_digit).collect()
}

#[tokio::test]
async fn p3_the_same_plain_submission_posted_twice_makes_one_todo_and_the_repeat_answers_as_the_first(
) {
    let (mut app, token) = logged_in().await;
    let first = add(&mut app, "milk", &token).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let repeat = add(&mut app, "milk", &token).await;
    assert_eq!(repeat.status, StatusCode::OK, "{}", repeat.body);
    assert_eq!(count(&app, "milk").await, 1);
    // The same page: the list with the one todo, and forms with new tokens.
    repeat.assert_contains("1 item left");
    let (a, b) = (
        token_of(&first.body, "Add todo"),
        token_of(&repeat.body, "Add todo"),
    );
    assert!(a != token && b != token && a != b, "{token} {a} {b}");
    // The page's new token is a new submission.
    assert_eq!(add(&mut app, "milk", &a).await.status, StatusCode::OK);
    assert_eq!(count(&app, "milk").await, 2);
}

#[tokio::test]
async fn p3_the_repeat_of_a_redirect_answers_303_to_the_same_place_with_its_flash() {
    let (mut app, token) = logged_in().await;
    let list = add(&mut app, "milk", &token).await;
    let id = todo_id(&list, "milk");
    let edit = app.get(&format!("/todos/{id}")).await;
    let delete = token_of(&edit.body, "Edit todo");
    let path = format!("/todos/{id}?/delete");
    for _ in 0..2 {
        let res = app.post_form(&path, &[(SUBMISSION_FIELD, &delete)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(res.location(), Some("/todos"));
        assert!(
            res.set_cookie("flash").is_some(),
            "a flash with each answer"
        );
        app.get("/todos").await.assert_contains("Deleted “milk”");
    }
    // Sent without the token, the same form runs again: the todo is gone (404).
    let res = app.post_form(&path, &[]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn p3_a_failed_submission_does_not_use_up_its_token() {
    let (mut app, token) = logged_in().await;
    let refused = add(&mut app, "", &token).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The corrected form, with the token it was sent with.
    let res = add(&mut app, "milk", &token).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(count(&app, "milk").await, 1);
    add(&mut app, "milk", &token).await;
    assert_eq!(count(&app, "milk").await, 1);
}

#[tokio::test]
async fn p3_a_form_without_a_token_runs_every_time_and_a_bad_token_is_refused() {
    let (mut app, _) = logged_in().await;
    for fields in [
        vec![("title", "milk")],
        vec![
            ("title", "milk"),
            (SUBMISSION_FIELD, SUBMISSION_PLACEHOLDER),
        ],
    ] {
        for _ in 0..2 {
            let res = app.post_form("/todos?/add", &fields).await;
            assert_eq!(res.status, StatusCode::OK);
        }
    }
    assert_eq!(count(&app, "milk").await, 4);
    let res = add(&mut app, "milk", "not-a-token").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("reload the page");
    assert_eq!(count(&app, "milk").await, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn p3_concurrent_copies_of_a_submission_make_one_todo() {
    let (app, token) = logged_in().await;
    let cookie = format!("session={}", app.cookies["session"]);
    let body = format!("title=milk&{SUBMISSION_FIELD}={token}");
    let copies = (0..8).map(|_| {
        let router = app.router.clone();
        let req = Request::post("/todos?/add")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("origin", ORIGIN)
            .header(header::COOKIE, &cookie)
            .body(Body::from(body.clone()))
            .unwrap();
        tokio::spawn(async move { router.oneshot(req).await.unwrap().status() })
    });
    for status in join_all(copies).await {
        assert_eq!(status.unwrap(), StatusCode::OK);
    }
    assert_eq!(count(&app, "milk").await, 1);
}

/// A claim older than a day no longer counts: the form runs again. The first
/// claim of a process deletes the expired ones.
#[tokio::test]
async fn p3_a_token_expires_after_a_day_and_old_claims_are_deleted() {
    let (mut app, token) = logged_in().await;
    add(&mut app, "milk", &token).await;
    let day = 24 * 60 * 60;
    sqlx::query("UPDATE submissions SET created = created - $1")
        .bind(day + 1)
        .execute(app.db.write())
        .await
        .unwrap();
    add(&mut app, "milk", &token).await;
    assert_eq!(count(&app, "milk").await, 2);

    // A claim of two days ago, and a new app on the same database (a new
    // process): its first claim sweeps it away.
    let old = "0123456789abcdef0123456789abcdef";
    sqlx::query("INSERT INTO submissions (token, created) VALUES ($1, $2)")
        .bind(old)
        .bind(crate::app::db::now() - 2 * day)
        .execute(app.db.write())
        .await
        .unwrap();
    let key = crate::app::db::cookie_key(&app.db).await.unwrap();
    let config = crate::common::test_config("sqlite::memory:");
    app.router = crate::app::server::router(&config, app.db.clone(), key);
    let page = app.get("/todos").await;
    add(&mut app, "bread", &token_of(&page.body, "Add todo")).await;
    let mut left = 1;
    for _ in 0..100 {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM submissions WHERE token = $1")
            .bind(old)
            .fetch_one(app.db.read())
            .await
            .unwrap();
        left = n;
        if left == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(left, 0, "the expired claim is deleted");
    assert_eq!(count(&app, "bread").await, 1);
}

/// The claims are in the database: a copy sent to another instance is a
/// repeat too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn p3_two_instances_on_one_database_run_a_submission_once() {
    let (a, b, session, _file) = crate::instances::two_servers_with_a_user().await;
    let page = wire(a, "GET", "/todos", Some(&session), &[]).await;
    let token = token_of(&page.body, "Add todo");
    for server in [a, b, a] {
        let res = wire(
            server,
            "POST",
            "/todos?/add",
            Some(&session),
            &[("title", "shared milk"), (SUBMISSION_FIELD, &token)],
        )
        .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let list = wire(b, "GET", "/api/todos", Some(&session), &[]).await;
    assert_eq!(list.body.matches("shared milk").count(), 1, "{}", list.body);
}

/// A kept page is served to everyone: each answer still has tokens of its own.
#[tokio::test]
async fn p3_a_kept_page_gets_fresh_tokens_in_every_answer() {
    let mut app = TestApp::spawn().await;
    let (first, second) = (app.get("/login").await, app.get("/login").await);
    assert_eq!(
        second
            .headers
            .get(crate::app::kit::server::CACHE_HEADER)
            .unwrap(),
        "hit"
    );
    let (a, b) = (tokens(&first.body), tokens(&second.body));
    assert!(!a.is_empty());
    assert_eq!(a.len(), b.len());
    assert!(a.iter().all(|t| !b.contains(t)), "{a:?} {b:?}");
    assert!(!second.body.contains(SUBMISSION_PLACEHOLDER));
}

/// An enhanced submission carries the token too; its repeat is answered with the
/// same result, and the page in the answer has new tokens.
#[tokio::test]
async fn p3_an_enhanced_submission_sent_twice_makes_one_todo() {
    let (mut app, token) = logged_in().await;
    let fields = [("title", "milk"), (SUBMISSION_FIELD, token.as_str())];
    let first = app.post_answer("/todos?/add", &fields, "/todos").await;
    let repeat = app.post_answer("/todos?/add", &fields, "/todos").await;
    assert_eq!(first.head, repeat.head);
    assert_eq!(repeat.head.as_ref().unwrap()["result"]["type"], "success");
    assert_eq!(count(&app, "milk").await, 1);
    assert_ne!(token_of(&repeat.body, "Add todo"), token);
}
