//! The JSON API (J1): statuses, JSON errors, the same rules as the pages.

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use serde_json::json;

use crate::common::{TestApp, PASSWORD};

#[tokio::test]
async fn j1_without_a_session_the_api_is_401_with_a_json_error() {
    let mut app = TestApp::spawn().await;
    let res = app.json("GET", "/api/todos", None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res.json()["error"].is_string());
    let res = app
        .json("POST", "/api/todos", Some(json!({"title": "milk"})))
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn j1_create_list_update_and_delete() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;

    let res = app
        .json("POST", "/api/todos", Some(json!({"title": " milk "})))
        .await;
    assert_eq!(res.status, StatusCode::CREATED);
    let todo = res.json();
    assert_eq!(todo["title"], "milk");
    assert_eq!(todo["done"], false);
    let id = todo["id"].as_i64().expect("a numeric id");

    let res = app.json("GET", "/api/todos", None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.json(),
        json!([{"id": id, "title": "milk", "done": false, "notes": null, "due": null,
                "priority": "normal", "estimate": null, "tags": [], "subtasks": [], "attachments": []}])
    );

    let res = app
        .json(
            "PATCH",
            &format!("/api/todos/{id}"),
            Some(json!({"done": true})),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["done"], true);
    assert_eq!(
        res.json()["title"],
        "milk",
        "the fields not sent keep their values"
    );
    // The page shows the API's change: one domain, two front doors.
    app.get("/todos")
        .await
        .assert_contains(r#"aria-pressed="true""#);

    let res = app.json("DELETE", &format!("/api/todos/{id}"), None).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let res = app.json("DELETE", &format!("/api/todos/{id}"), None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.json(), json!({"error": "Not found"}));
}

#[tokio::test]
async fn j1_a_title_breaks_the_same_rules_with_the_same_messages() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    let res = app
        .json("POST", "/api/todos", Some(json!({"title": "  "})))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.json(),
        json!({"error": "Title is required", "issues": {"title": "Title is required"}})
    );
    let res = app
        .json(
            "POST",
            "/api/todos",
            Some(json!({"title": "a".repeat(201)})),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"], "Title must be at most 200 characters");
}

#[tokio::test]
async fn j1_b1_bad_bodies_get_4xx_json_errors() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    let send = |content_type: &'static str, body: &'static str| {
        Request::post("/api/todos")
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap()
    };
    let res = app.send(send("text/plain", r#"{"title":"milk"}"#)).await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(res.json()["error"].is_string());
    let res = app.send(send("application/json", r#"{"title":"#)).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.json()["error"].is_string());
    let res = app
        .send(send("application/json", r#"{"title":true}"#))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"], "The field `title` must be text");
}

#[tokio::test]
async fn s6_a_json_body_of_the_wrong_shape_or_missing_a_field_gets_the_domains_message() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    // An array where an object is expected (serde alone would read it as the
    // struct's fields in order): refused, and nothing created.
    let res = app.json("POST", "/api/todos", Some(json!(["milk"]))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json(), json!({"error": "Expected a JSON object"}));
    assert_eq!(app.json("GET", "/api/todos", None).await.json(), json!([]));
    // A missing field: the form's own message for it.
    let res = app.json("POST", "/api/todos", Some(json!({}))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"], "Title is required");

    let res = app
        .json("POST", "/api/todos", Some(json!({"title": "milk"})))
        .await;
    let id = res.json()["id"].as_i64().unwrap();
    for body in [json!({"done": "yes"}), json!({"done": 1}), json!([true])] {
        let res = app
            .json("PATCH", &format!("/api/todos/{id}"), Some(body.clone()))
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let expected = if body.is_array() {
            "Expected a JSON object"
        } else {
            "The field `done` must be true or false"
        };
        assert_eq!(res.json()["error"], expected, "{body}");
    }
}

#[tokio::test]
async fn s6_a_json_body_to_a_form_action_url_is_a_415_not_the_endpoints() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    for path in ["/todos?/add", "/login?/login"] {
        let res = app.json("POST", path, Some(json!({"title": "json"}))).await;
        assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{path}");
    }
    assert_eq!(app.json("GET", "/api/todos", None).await.json(), json!([]));
}

#[tokio::test]
async fn j1_another_users_todo_is_a_404() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    let res = app
        .json("POST", "/api/todos", Some(json!({"title": "ada's"})))
        .await;
    let id = res.json()["id"].as_i64().unwrap();

    app.cookies.clear();
    app.register("bob@example.com", PASSWORD).await;
    assert_eq!(app.json("GET", "/api/todos", None).await.json(), json!([]));
    let res = app
        .json(
            "PATCH",
            &format!("/api/todos/{id}"),
            Some(json!({"done": true})),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app.json("DELETE", &format!("/api/todos/{id}"), None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app.json("DELETE", "/api/todos/not-a-number", None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn h4_the_api_refuses_a_foreign_origin() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    let res = app
        .send(
            Request::post("/api/todos")
                .header(header::CONTENT_TYPE, "application/json")
                .header("origin", "https://evil.example")
                .body(Body::from(r#"{"title":"milk"}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn e8_a_page_and_a_json_endpoint_share_a_path_and_the_request_chooses() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;

    // JSON to /todos: the endpoint.
    let res = app
        .json(
            "POST",
            "/todos",
            Some(json!({"title": "from the endpoint"})),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED);
    assert_eq!(res.json()["title"], "from the endpoint");

    // A form (a browser without JavaScript) to the same path: the page's action.
    let res = app
        .post_form("/todos?/add", &[("title", "from the form")])
        .await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains("from the endpoint");
    res.assert_contains("from the form");

    // The header chooses the action, and its JSON ActionResult.
    let res = app
        .post_enhanced("/todos?/add", &[("title", "enhanced")])
        .await;
    assert_eq!(res.json()["type"], "success");

    // Methods the endpoint does not have are its own 405; GET stays the page.
    let res = app.json("PUT", "/todos", Some(json!({}))).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    app.get("/todos").await.assert_contains("<h1>Todos</h1>");
}

#[tokio::test]
async fn a3_other_methods_on_a_page_are_405_with_allow() {
    let mut app = TestApp::spawn().await;
    let res = app.json("PUT", "/login", Some(json!({}))).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers.get(header::ALLOW).unwrap(), "GET, HEAD, POST");
    let res = app.json("DELETE", "/search", None).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers.get(header::ALLOW).unwrap(), "GET, HEAD");
}

#[tokio::test]
async fn j1_f3_patch_takes_every_field_of_the_edit_form_with_its_rules() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    let res = app
        .json("POST", "/api/todos", Some(json!({"title": "milk"})))
        .await;
    let id = res.json()["id"].as_i64().unwrap();
    let url = format!("/api/todos/{id}");

    // An empty object changes nothing.
    let res = app.json("PATCH", &url, Some(json!({}))).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["title"], "milk");

    let all = json!({"title": " oat milk ", "notes": "2 litres", "due": "2027-01-31",
                     "priority": "high", "estimate": 2, "done": true, "tags": ["home", "errand"]});
    let res = app.json("PATCH", &url, Some(all)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        res.json(),
        json!({"id": id, "title": "oat milk", "notes": "2 litres", "due": "2027-01-31",
               "priority": "high", "estimate": 2, "done": true, "tags": ["home", "errand"],
               "subtasks": [], "attachments": []})
    );
    // null empties an optional field; the others keep their values.
    let res = app
        .json("PATCH", &url, Some(json!({"due": null, "estimate": null})))
        .await;
    assert_eq!(res.json()["due"], serde_json::Value::Null);
    assert_eq!(res.json()["estimate"], serde_json::Value::Null);
    assert_eq!(res.json()["priority"], "high");

    // Each field's issue, with the edit page's messages, and nothing saved.
    let bad = json!({"title": "", "due": "2027-02-30", "priority": "urgent",
                     "estimate": 1000, "tags": ["home", "garden"]});
    let res = app.json("PATCH", &url, Some(bad)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.json()["issues"],
        json!({"title": "Title is required", "due": "Enter a real date",
               "priority": "Choose a priority", "estimate": "Enter a whole number from 0 to 999",
               "tags": "Choose from the listed tags"})
    );
    assert_eq!(
        app.json("GET", "/api/todos", None).await.json()[0]["title"],
        "oat milk"
    );
    let res = app.json("PATCH", &url, Some(json!({"tags": "home"}))).await;
    assert_eq!(res.json()["error"], "The field `tags` must be a list");
}

#[tokio::test]
async fn b2_a_json_body_is_held_to_the_configured_limit_not_axums_default() {
    // 3 MiB under a 4 MiB limit: read (axum's Json alone stops at 2 MiB).
    let mut app = TestApp::spawn_with(|config| config.body_limit = 4 * 1024 * 1024).await;
    app.register("ada@example.com", PASSWORD).await;
    let padding = "x".repeat(3 * 1024 * 1024);
    let res = app
        .json(
            "POST",
            "/api/todos",
            Some(json!({ "title": "milk", "padding": padding })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
}

#[tokio::test]
async fn b1_a_json_number_where_the_form_expects_text_is_a_422_with_the_fields_message() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    for path in ["/api/todos", "/todos"] {
        let res = app.json("POST", path, Some(json!({"title": 42}))).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(
            res.json(),
            json!({"error": "The field `title` must be text",
                   "issues": {"title": "The field `title` must be text"}}),
            "{path}"
        );
    }
    // Nothing was created, by either door.
    assert_eq!(app.json("GET", "/api/todos", None).await.json(), json!([]));
}

#[tokio::test]
async fn b1_a_json_string_where_the_form_expects_a_number_is_a_422_and_changes_nothing() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    let res = app
        .json("POST", "/api/todos", Some(json!({"title": "milk"})))
        .await;
    let before = res.json();
    let url = format!("/api/todos/{}", before["id"]);

    for body in [
        json!({"estimate": "5"}),
        json!({"title": "oat milk", "estimate": "5"}),
    ] {
        let res = app.json("PATCH", &url, Some(body.clone())).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(
            res.json(),
            json!({"error": "The field `estimate` must be a number",
                   "issues": {"estimate": "The field `estimate` must be a number"}}),
            "{body}"
        );
    }
    // Every other field of the edit form takes text: a number there is its issue.
    let body = json!({"notes": 1, "due": 20270131, "priority": 2, "tags": [1]});
    let res = app.json("PATCH", &url, Some(body)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.json()["issues"],
        json!({"notes": "The field `notes` must be text", "due": "The field `due` must be text",
               "priority": "The field `priority` must be text",
               "tags": "The field `tags` must be a list of text"})
    );
    assert_eq!(
        app.json("GET", "/api/todos", None).await.json(),
        json!([before]),
        "the todo is as it was"
    );
    // The types the form expects still go through.
    let res = app
        .json(
            "PATCH",
            &url,
            Some(json!({"estimate": 5, "notes": "2 litres"})),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["estimate"], 5);
}
