//! `/todos`: named actions on a page of many forms, per-user data, 404s, B3.

use axum::http::{header, StatusCode};
use serde_json::json;

use crate::app::kit;
use crate::common::{TestApp, PASSWORD};

/// An app with one logged-in user.
async fn logged_in() -> TestApp {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    app
}

/// The id of the todo titled `title`, read from the page's hidden field.
async fn id_of(app: &mut TestApp, title: &str) -> String {
    let page = app.get("/todos").await;
    let at = page
        .body
        .find(&format!(r#"aria-label="{title}""#))
        .unwrap_or_else(|| panic!("no form for {title}:\n{}", page.body));
    let rest = &page.body[at..];
    let value = rest.find(r#"name="id" value=""#).unwrap() + r#"name="id" value=""#.len();
    rest[value..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn todos_logged_out_redirects_to_login_and_changes_nothing() {
    let mut app = TestApp::spawn().await;
    let res = app.get("/todos").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some("/login?redirectTo=/todos"));

    let res = app.post_form("/todos?/add", &[("title", "milk")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some("/login?redirectTo=/todos"));
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM todos")
        .fetch_one(app.db.read())
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn a10_add_puts_the_todo_last_and_the_page_shows_it() {
    let mut app = logged_in().await;
    let page = app.get("/todos").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<h1>Todos</h1>");
    page.assert_contains(r#"aria-label="Add todo""#);
    page.assert_contains(r#"aria-label="Todo list""#);
    page.assert_contains("0 items left");

    app.post_form("/todos?/add", &[("title", "milk")]).await;
    let res = app
        .post_form("/todos?/add", &[("title", "  bread  ")])
        .await;
    assert_eq!(res.status, StatusCode::OK);
    // The page rendered after the action already shows its effect (A10).
    let milk = res.body.find(">milk<").expect("milk listed");
    let bread = res.body.find(">bread<").expect("bread listed, trimmed");
    assert!(milk < bread, "the new todo is last");
    res.assert_contains("2 items left");
    res.assert_lacks("Clear completed");
}

#[tokio::test]
async fn add_refuses_a_blank_or_long_title_with_422_and_keeps_it() {
    let mut app = logged_in().await;
    let res = app.post_form("/todos?/add", &[("title", "   ")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Title is required");

    let long = "a".repeat(201);
    let res = app.post_form("/todos?/add", &[("title", &long)]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Title must be at most 200 characters");
    res.assert_contains(&format!(r#"value="{long}""#));
}

#[tokio::test]
async fn toggle_marks_done_and_clear_removes_the_done_ones() {
    let mut app = logged_in().await;
    app.post_form("/todos?/add", &[("title", "milk")]).await;
    app.post_form("/todos?/add", &[("title", "bread")]).await;
    let milk = id_of(&mut app, "milk").await;

    let res = app.post_form("/todos?/toggle", &[("id", &milk)]).await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains(r#"aria-pressed="true""#);
    res.assert_contains("1 item left");
    res.assert_contains(r#"aria-label="Clear completed""#);

    let res = app.post_form("/todos?/clear", &[]).await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_lacks(">milk<");
    res.assert_contains(">bread<");
    res.assert_contains("1 item left");
}

#[tokio::test]
async fn a2_the_done_buttons_value_sets_the_state_so_sending_it_twice_is_harmless() {
    let mut app = logged_in().await;
    app.post_form("/todos?/add", &[("title", "milk")]).await;
    let milk = id_of(&mut app, "milk").await;
    // The Done button sends the state it asks for as its own name=value.
    app.get("/todos")
        .await
        .assert_contains(r#"name="done" value="true" aria-pressed="false""#);

    // The same form sent twice (a double click without JavaScript, or sent
    // again from a stale page) leaves the todo done, not undone.
    for _ in 0..2 {
        let res = app
            .post_form("/todos?/toggle", &[("id", &milk), ("done", "true")])
            .await;
        assert_eq!(res.status, StatusCode::OK);
        res.assert_contains(r#"name="done" value="false" aria-pressed="true""#);
        res.assert_contains("0 items left");
    }
    let res = app
        .post_form("/todos?/toggle", &[("id", &milk), ("done", "false")])
        .await;
    res.assert_contains("1 item left");

    let res = app
        .post_form("/todos?/toggle", &[("id", &milk), ("done", "maybe")])
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("must be true or false");
}

#[tokio::test]
async fn delete_removes_the_todo() {
    let mut app = logged_in().await;
    app.post_form("/todos?/add", &[("title", "milk")]).await;
    let milk = id_of(&mut app, "milk").await;
    let res = app.post_form("/todos?/delete", &[("id", &milk)]).await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_lacks(">milk<");
}

#[tokio::test]
async fn b1_an_unknown_or_foreign_id_is_a_404_and_changes_nothing() {
    let mut app = logged_in().await;
    app.post_form("/todos?/add", &[("title", "ada's todo")])
        .await;
    let adas = id_of(&mut app, "ada's todo").await;

    app.cookies.clear();
    app.register("bob@example.com", PASSWORD).await;
    for action in ["toggle", "delete"] {
        for id in [adas.as_str(), "999999", "not-a-number"] {
            let res = app
                .post_form(&format!("/todos?/{action}"), &[("id", id)])
                .await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{action} {id}");
            res.assert_contains("<h1>Not found</h1>");
        }
    }
    let res = app.post_form("/todos?/toggle", &[]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);

    // Bob sees none of Ada's todos, and Ada's is untouched.
    let bobs = app.get("/todos").await;
    bobs.assert_contains("0 items left");
    bobs.assert_lacks("s todo");
    let (done,): (i64,) = sqlx::query_as("SELECT done FROM todos")
        .fetch_one(app.db.read())
        .await
        .unwrap();
    assert_eq!(done, 0);
}

#[tokio::test]
async fn b3_titles_are_escaped_in_html_and_bound_in_sql() {
    let mut app = logged_in().await;
    for title in ["<script>alert(1)</script>", "'; DROP TABLE todos; --"] {
        let res = app.post_form("/todos?/add", &[("title", title)]).await;
        assert_eq!(res.status, StatusCode::OK);
    }
    let page = app.get("/todos").await;
    page.assert_contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    page.assert_lacks("<script>alert(1)");
    page.assert_contains("DROP TABLE todos; --");
    page.assert_contains("2 items left");
}

#[tokio::test]
async fn e8_todo_actions_answer_every_kind_of_action_result_as_json() {
    let mut app = logged_in().await;

    let res = app.post_enhanced("/todos?/add", &[("title", "milk")]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.json(),
        json!({"type": "success", "status": 200, "data": null})
    );

    let res = app.post_enhanced("/todos?/add", &[("title", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["type"], "failure");
    assert_eq!(res.json()["status"], 422);
    assert_eq!(
        res.json()["data"]["issues"],
        json!([["title", "Title is required"]])
    );

    let res = app
        .post_enhanced("/todos?/toggle", &[("id", "999999")])
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(
        res.json(),
        json!({"type": "error", "status": 404, "error": {"message": "Not found"}})
    );

    app.cookies.clear();
    let res = app.post_enhanced("/todos?/add", &[("title", "milk")]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.json(),
        json!({"type": "redirect", "status": 303, "location": "/login?redirectTo=/todos"})
    );
}

#[tokio::test]
async fn r1_an_enhanced_failure_answers_its_result_and_the_page_with_it_in_that_row() {
    let mut app = logged_in().await;
    app.post_form("/todos?/add", &[("title", "milk")]).await;
    app.post_form("/todos?/add", &[("title", "bread")]).await;
    let milk = id_of(&mut app, "milk").await;
    let res = app
        .post_answer(
            "/todos?/toggle",
            &[("id", &milk), ("done", "maybe")],
            "/todos",
        )
        .await;
    // One answer: the failure's status, its result, and the page after it.
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let head = res.head.clone().expect("an enhanced answer");
    assert_eq!(head["result"]["type"], "failure");
    assert_eq!(head["result"]["status"], 400);
    let message = "The field `done` must be true or false";
    // In milk's row, and nowhere else; the loads ran again.
    assert!(res.row("milk").contains(message), "{}", res.row("milk"));
    assert!(!res.row("bread").contains(message), "{}", res.row("bread"));
    res.assert_contains("2 items left");
    assert!(res.headers.contains_key(kit::BUILD_HEADER));
}

#[tokio::test]
async fn r1_an_enhanced_success_answers_the_page_with_the_new_row_and_its_query() {
    let mut app = logged_in().await;
    let res = app
        .post_answer("/todos?/add", &[("title", "milk")], "/todos")
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let head = res.head.clone().expect("an enhanced answer");
    assert_eq!(head["result"]["type"], "success");
    assert!(head.get("redirect").is_none(), "{head}");
    // The page was rendered after the action, by the server: the row is there.
    assert!(res.row("milk").contains("milk"));
    res.assert_contains("1 item left");
    assert_eq!(
        res.headers[header::CONTENT_TYPE].to_str().unwrap(),
        kit::ANSWER_TYPE
    );
}

#[tokio::test]
async fn r1_an_enhanced_redirect_and_error_render_no_page_or_the_error_page() {
    // Logged out: the action redirects to log in; no page comes with it.
    let mut app = TestApp::spawn().await;
    let res = app
        .post_answer("/todos?/add", &[("title", "milk")], "/todos")
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.head.clone().unwrap(),
        json!({"result": {"type": "redirect", "status": 303,
                          "location": "/login?redirectTo=/todos"}})
    );
    assert_eq!(res.body, "");

    // A failed log in posted from /todos (an island's own form): /todos is
    // rendered again, and its load sends the visitor to log in; no page.
    let res = app
        .post_answer(
            "/login?/login",
            &[
                ("email", "nobody@example.com"),
                ("password", "wrong-password"),
            ],
            "/todos",
        )
        .await;
    let head = res.head.clone().unwrap();
    assert_eq!(head["result"]["type"], "failure");
    assert_eq!(head["redirect"], "/login?redirectTo=/todos");
    assert_eq!(res.body, "");

    // An error (a todo that is not there): its status, and the error page.
    let mut app = logged_in().await;
    let res = app
        .post_answer("/todos?/toggle", &[("id", "999999")], "/todos")
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.head.clone().unwrap()["result"]["type"], "error");
    res.assert_contains("Not found");
}

#[tokio::test]
async fn a6_the_page_data_carries_the_result_for_the_islands_and_a_get_has_none() {
    let mut app = logged_in().await;
    let title = "</script><script>alert(1)</script>".repeat(8);
    let res = app.post_form("/todos?/add", &[("title", &title)]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let start = res
        .body
        .find(r#"<script type="application/json" id="kit-page">"#)
        .expect("page data");
    let script = &res.body[start..];
    let script = &script[..script.find("</script>").unwrap()];
    // Nothing in it can close the script element (B3).
    let json = script.split_once('>').unwrap().1;
    assert!(!json.contains('<'), "{json}");
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["status"], 422);
    assert_eq!(data["form"]["values"], json!([["title", title.as_str()]]));
    assert_eq!(
        data["form"]["issues"],
        json!([["title", "Title must be at most 200 characters"]])
    );

    app.get("/todos").await.assert_lacks(r#"id="kit-page""#);
}

#[tokio::test]
async fn r1_h4_an_enhanced_post_from_another_site_and_a_render_request_are_refused() {
    let mut app = logged_in().await;
    // H4: an enhanced submission is a POST like any other.
    let req = axum::http::Request::post("/todos?/add")
        .header("origin", "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(kit::PAGE_HEADER, "/todos")
        .body(axum::body::Body::from("title=evil"))
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);

    // The second request of the retired two-request protocol, with a state of
    // the browser's choosing: a JSON body, which the page's JSON endpoint
    // refuses; nothing is rendered from it.
    let req = axum::http::Request::post("/todos")
        .header("origin", crate::common::ORIGIN)
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-leptos-render", "true")
        .body(axum::body::Body::from(
            r#"{"form":{"form":"add","values":[["title","forged"]]},"status":200,"error":null}"#,
        ))
        .unwrap();
    let res = app.send(req).await;
    assert!(res.status.is_client_error(), "{}", res.status);
    res.assert_lacks("forged");
    app.get("/todos").await.assert_contains("0 items left");
}

/// The part of a page between `start` and the next `</form>`: one form's HTML.
fn form_at<'a>(body: &'a str, start: &str) -> &'a str {
    let from = body
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {body}"));
    let rest = &body[from..];
    &rest[..rest.find("</form>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn t4_a_failure_shows_only_in_its_own_form_and_row() {
    let mut app = logged_in().await;
    app.post_form("/todos?/add", &[("title", "milk")]).await;
    app.post_form("/todos?/add", &[("title", "bread")]).await;
    let ids: Vec<String> = {
        let body = app.get("/todos").await.body;
        body.match_indices(r#"id="todo-"#)
            .map(|(i, _)| {
                let rest = &body[i + 9..];
                rest[..rest.find('"').unwrap()].to_owned()
            })
            .collect()
    };
    assert_eq!(ids.len(), 2, "{ids:?}");

    // A refused toggle of the first row: its row shows it, the other row and
    // the Add form do not.
    let done = "The field `done` must be true or false";
    let res = app
        .post_form("/todos?/toggle", &[("id", &ids[0]), ("done", "maybe")])
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    // Once as a message (the page state carries it too, as data).
    let shown = format!(">{done}<");
    assert_eq!(res.body.matches(&shown).count(), 1, "{}", res.body);
    assert!(form_at(&res.body, &format!(r#"id="todo-{}""#, ids[0])).contains(done));
    assert!(!form_at(&res.body, r#"aria-label="Add todo""#).contains("role=\"alert\""));

    // A refused add: the Add form shows it, and no row does, though the rows'
    // forms have a field of the same name as the failed form's key.
    let res = app.post_form("/todos?/add", &[("title", "  ")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(form_at(&res.body, r#"aria-label="Add todo""#).contains("Title is required"));
    for id in &ids {
        let row = form_at(&res.body, &format!(r#"id="todo-{id}""#));
        assert!(!row.contains("role=\"alert\""), "{row}");
    }
}
