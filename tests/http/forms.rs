//! Typed forms (spec F2–F8) on the todo edit page (`/todos/{id}`) and `/login`:
//! what every field keeps after a 422, the messages and their ids, the
//! constraint attributes, the error summary, flash messages, secrets.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::{TestApp, TestResponse, PASSWORD};

/// An app with one logged-in user and one todo, `milk`; its edit page's URL.
pub(crate) async fn with_todo() -> (TestApp, String) {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    let res = app
        .json("POST", "/api/todos", Some(json!({"title": "milk"})))
        .await;
    let id = res.json()["id"].as_i64().expect("a todo");
    (app, format!("/todos/{id}"))
}

/// The opening tag of the element whose id is `id`, to check its attributes in
/// any order.
fn tag<'a>(res: &'a TestResponse, id: &str) -> &'a str {
    let needle = format!(r#"id="{id}""#);
    let at = res
        .body
        .find(&needle)
        .unwrap_or_else(|| panic!("no element with {needle}:\n{}", res.body));
    let start = res.body[..at].rfind('<').unwrap();
    let end = at + res.body[at..].find('>').unwrap();
    &res.body[start..=end]
}

/// The text of the element whose id is `id` (up to its first child tag).
fn text<'a>(res: &'a TestResponse, id: &str) -> &'a str {
    let open = tag(res, id);
    let at = res.body.find(open).unwrap() + open.len();
    res.body[at..].split('<').next().unwrap()
}

fn assert_has(tag: &str, attributes: &[&str]) {
    for attribute in attributes {
        assert!(tag.contains(attribute), "{attribute} missing in {tag}");
    }
}

/// Every field of the edit form with a value that breaks its rule or does not
/// convert.
const BAD: &[(&str, &str)] = &[
    ("title", "   "),
    ("notes", "fine"),
    ("due", "2027-02-30"),
    ("priority", "urgent"),
    ("estimate", "12.5"),
    ("done", "true"),
    ("tags", "home"),
    ("tags", "garden"),
];

#[tokio::test]
async fn f3_the_edit_page_shows_every_field_kind_with_the_todos_values() {
    let (mut app, url) = with_todo().await;
    let patch = json!({"notes": "2 litres", "due": "2027-01-31", "priority": "high",
                       "estimate": 3, "tags": ["work"]});
    let api = url.replace("/todos", "/api/todos");
    assert_eq!(
        app.json("PATCH", &api, Some(patch)).await.status,
        StatusCode::OK
    );

    let res = app.get(&url).await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains("<h1>Edit todo</h1>");
    res.assert_contains(r#"aria-label="Edit todo""#);
    res.assert_contains("<title>Edit todo</title>");
    // Each field labelled, by the id of its control.
    for (id, label) in [
        ("edit-title", "Title"),
        ("edit-notes", "Notes"),
        ("edit-due", "Due"),
        ("edit-priority", "Priority"),
        ("edit-estimate", "Estimate (hours)"),
        ("edit-done", "Done"),
    ] {
        res.assert_contains(&format!(r#"<label for="{id}">{label}</label>"#));
    }
    res.assert_contains("<legend>Tags</legend>");
    assert_has(
        tag(&res, "edit-title"),
        &[r#"type="text""#, r#"value="milk""#],
    );
    assert_eq!(text(&res, "edit-notes"), "2 litres");
    assert_has(
        tag(&res, "edit-due"),
        &[r#"type="date""#, r#"value="2027-01-31""#],
    );
    assert_has(
        tag(&res, "edit-estimate"),
        &[r#"type="number""#, r#"value="3""#],
    );
    assert!(!tag(&res, "edit-done").contains("checked"));
    res.assert_contains(r#"<option value="high" selected>High</option>"#);
    assert_has(tag(&res, "edit-tags-work"), &["checked"]);
    assert!(!tag(&res, "edit-tags").contains("checked"), "home is not");
    // Save and Delete, Delete without the browser's checks.
    res.assert_contains(r#"<button type="submit">Save</button>"#);
    assert_has(
        tag_of_button(&res, "Delete"),
        &[r#"formaction="?/delete""#, "formnovalidate"],
    );
}

fn tag_of_button<'a>(res: &'a TestResponse, name: &str) -> &'a str {
    let at = res.body.find(&format!(">{name}</button>")).unwrap();
    let start = res.body[..at].rfind("<button").unwrap();
    &res.body[start..=at]
}

#[tokio::test]
async fn f6_the_rules_are_written_as_html_constraints() {
    let (mut app, url) = with_todo().await;
    let res = app.get(&url).await;
    assert_has(tag(&res, "edit-title"), &["required", r#"maxlength="200""#]);
    assert_has(tag(&res, "edit-notes"), &[r#"maxlength="2000""#]);
    assert!(!tag(&res, "edit-notes").contains("required"), "optional");
    assert_has(
        tag(&res, "edit-estimate"),
        &[r#"type="number""#, r#"min="0""#, r#"max="999""#],
    );
    assert!(!tag(&res, "edit-due").contains("required"), "optional");
    // The Add form of /todos has Title's rules too; /login opts out of the
    // browser's checks and shows only the server's messages.
    let todos = app.get("/todos").await;
    assert_has(
        tag(&todos, "add-title"),
        &["required", r#"maxlength="200""#],
    );
    app.cookies.clear();
    let login = app.get("/login").await;
    login.assert_contains("novalidate");
    assert_has(tag(&login, "login-email"), &[r#"type="email""#, "required"]);
}

#[tokio::test]
async fn f2_f3_f5_a_failed_save_keeps_every_value_and_shows_each_issue_by_its_field() {
    let (mut app, url) = with_todo().await;
    let res = app.post_form(&format!("{url}?/save"), BAD).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Each issue next to its field, named by the field's aria-describedby.
    for (field, message) in [
        ("title", "Title is required"),
        ("due", "Enter a real date"),
        ("priority", "Choose a priority"),
        ("estimate", "Enter a whole number from 0 to 999"),
    ] {
        let id = format!("edit-{field}");
        assert_has(
            tag(&res, &id),
            &[
                r#"aria-invalid="true""#,
                &format!(r#"aria-describedby="{id}-error""#),
            ],
        );
        assert_has(tag(&res, &format!("{id}-error")), &[r#"role="alert""#]);
        assert_eq!(text(&res, &format!("{id}-error")), message);
    }
    // The group of checkboxes names its message from the fieldset.
    assert_eq!(text(&res, "edit-tags-error"), "Choose from the listed tags");
    res.assert_contains(r#"aria-describedby="edit-tags-error""#);
    // Fields without an issue are not marked.
    assert!(!tag(&res, "edit-notes").contains("aria-invalid"));

    // What was sent stays, in every kind of field, including what did not convert.
    assert_has(tag(&res, "edit-title"), &[r#"value="   ""#]);
    assert_eq!(text(&res, "edit-notes"), "fine");
    assert_has(tag(&res, "edit-due"), &[r#"value="2027-02-30""#]);
    assert_has(tag(&res, "edit-estimate"), &[r#"value="12.5""#]);
    assert_has(tag(&res, "edit-done"), &["checked"]);
    assert_has(tag(&res, "edit-tags"), &["checked"]);
    // Nothing was saved.
    let api = url.replace("/todos", "/api/todos");
    let saved = app.json("GET", "/api/todos", None).await.json();
    assert_eq!(saved[0]["title"], "milk", "{api}");
    assert_eq!(saved[0]["notes"], serde_json::Value::Null);
}

#[tokio::test]
async fn f5_a_failed_save_has_an_error_summary_that_takes_focus_and_an_error_title() {
    let (mut app, url) = with_todo().await;
    let res = app.post_form(&format!("{url}?/save"), BAD).await;
    res.assert_contains("<title>Error: Edit todo</title>");
    let summary = tag(&res, "edit-summary");
    assert!(summary.starts_with("<h2"), "{summary}");
    assert_eq!(text(&res, "edit-summary"), "There is a problem");
    // The summary's container takes focus, labelled by its heading, and links to
    // each field with an issue, in the order of the form.
    let at = res.body.find(r#"class="error-summary""#).unwrap();
    let start = res.body[..at].rfind('<').unwrap();
    let container = &res.body[start..start + res.body[start..].find('>').unwrap()];
    assert_has(
        container,
        &[
            r#"tabindex="-1""#,
            "autofocus",
            // A named group: a <div> without a role may not be named (HTML).
            r#"role="group""#,
            r#"aria-labelledby="edit-summary""#,
        ],
    );
    let links: Vec<&str> = res.body[at..]
        .split(r##"<a href="#"##)
        .skip(1)
        .take(5)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert_eq!(
        links,
        [
            "edit-title",
            "edit-due",
            "edit-priority",
            "edit-estimate",
            "edit-tags"
        ]
    );
    // No field takes focus when the summary does.
    assert!(!tag(&res, "edit-title").contains("autofocus"));

    // A GET shows no summary and a plain title.
    let res = app.get(&url).await;
    res.assert_lacks("error-summary");
    res.assert_contains("<title>Edit todo</title>");
}

#[tokio::test]
async fn f5_forms_without_a_summary_focus_their_first_invalid_field() {
    let mut app = TestApp::spawn().await;
    let res = app
        .post_form("/login?/login", &[("email", "ada@example.com")])
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_lacks("error-summary");
    res.assert_contains("<title>Log in</title>");
    assert_has(
        tag(&res, "login-password"),
        &["autofocus", r#"aria-invalid="true""#],
    );
    assert!(!tag(&res, "login-email").contains("autofocus"));
}

#[tokio::test]
async fn f2_a_save_converts_every_field_and_f8_the_list_says_so_once() {
    let (mut app, url) = with_todo().await;
    let res = app
        .post_form(
            &format!("{url}?/save"),
            &[
                ("title", " oat milk "),
                ("notes", "two\nlitres"),
                ("due", "2027-01-31"),
                ("priority", "low"),
                ("estimate", "12"),
                ("done", "true"),
                ("tags", "home"),
                ("tags", "errand"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some("/todos"));
    // The flash travels in a signed, HttpOnly cookie, not in the URL.
    let cookie = res.set_cookie("flash").expect("a flash cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("Max-Age=300"), "{cookie}");

    let saved = app.json("GET", "/api/todos", None).await.json();
    assert_eq!(
        saved[0],
        json!({"id": saved[0]["id"], "title": "oat milk", "notes": "two\nlitres",
               "due": "2027-01-31", "priority": "low", "estimate": 12, "done": true,
               "tags": ["home", "errand"], "subtasks": [], "attachments": []})
    );

    let list = app.get("/todos").await;
    list.assert_contains("Saved “oat milk”");
    list.assert_contains(r#"role="status""#);
    // The list shows the due date (as English writes it, spec L5) and the priority.
    list.assert_contains(r#"<time datetime="2027-01-31">Jan 31, 2027</time>"#);
    list.assert_contains("Low priority");
    // Shown once: the page that showed it deleted the cookie.
    assert!(!app.cookies.contains_key("flash"));
    app.get("/todos").await.assert_lacks("Saved “oat milk”");
}

#[tokio::test]
async fn f8_a_flash_cookie_that_was_not_signed_by_the_server_is_not_shown() {
    let (mut app, _) = with_todo().await;
    app.cookies
        .insert("flash".into(), "You have won a prize".into());
    let res = app.get("/todos").await;
    res.assert_lacks("You have won a prize");
    assert!(!app.cookies.contains_key("flash"), "and it is deleted");
}

#[tokio::test]
async fn f8_delete_goes_back_to_the_list_with_its_flash() {
    let (mut app, url) = with_todo().await;
    let res = app.post_form(&format!("{url}?/delete"), BAD).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "fields do not matter");
    assert_eq!(res.location(), Some("/todos"));
    let list = app.get("/todos").await;
    list.assert_contains("Deleted “milk”");
    list.assert_contains("0 items left");
    assert_eq!(app.get(&url).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn f8_with_js_the_redirect_is_in_the_result_and_the_flash_on_the_next_page() {
    let (mut app, url) = with_todo().await;
    let res = app
        .post_enhanced(
            &format!("{url}?/save"),
            &[("title", "bread"), ("priority", "normal")],
        )
        .await;
    assert_eq!(
        res.json(),
        json!({"type": "redirect", "status": 303, "location": "/todos"})
    );
    app.get("/todos").await.assert_contains("Saved “bread”");
}

#[tokio::test]
async fn f2_an_enhanced_failure_carries_the_values_and_issues_as_json() {
    let (mut app, url) = with_todo().await;
    let res = app.post_enhanced(&format!("{url}?/save"), BAD).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let data = &res.json()["data"];
    assert_eq!(data["form"], "edit");
    assert_eq!(data["issues"][0], json!(["title", "Title is required"]));
    assert!(data["values"]
        .as_array()
        .unwrap()
        .contains(&json!(["tags", "garden"])));
}

#[tokio::test]
async fn f2_another_users_todo_or_a_bad_id_is_a_404_and_logged_out_goes_to_log_in() {
    let (mut app, url) = with_todo().await;
    // Bob cannot see or change Ada's todo, whatever he sends.
    app.cookies.clear();
    app.register("bob@example.com", PASSWORD).await;
    let res = app.get(&url).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    res.assert_contains("<h1>Not found</h1>");
    for action in ["save", "delete"] {
        let res = app
            .post_form(&format!("{url}?/{action}"), &[("title", "mine")])
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{action}");
    }
    assert_eq!(app.get("/todos/abc").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/todos/99999").await.status, StatusCode::NOT_FOUND);

    app.cookies.clear();
    let res = app.get(&url).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.location(),
        Some(format!("/login?redirectTo={url}").as_str())
    );
    let res = app
        .post_form(&format!("{url}?/save"), &[("title", "x")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.location(),
        Some(format!("/login?redirectTo={url}").as_str())
    );
    // Ada's todo is unchanged.
    app.login("ada@example.com", PASSWORD).await;
    assert_eq!(
        app.json("GET", "/api/todos", None).await.json()[0]["title"],
        "milk"
    );
}

#[tokio::test]
async fn f7_a_refused_toggle_shows_in_its_own_row_only() {
    let (mut app, _) = with_todo().await;
    app.json("POST", "/api/todos", Some(json!({"title": "bread"})))
        .await;
    let todos = app.json("GET", "/api/todos", None).await.json();
    let milk = todos[0]["id"].to_string();
    let res = app
        .post_form("/todos?/toggle", &[("id", &milk), ("done", "maybe")])
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let message = "The field `done` must be true or false";
    assert!(res.row("milk").contains(message), "{}", res.row("milk"));
    assert!(!res.row("bread").contains(message), "{}", res.row("bread"));
}

#[tokio::test]
async fn f4_a_password_is_never_sent_back_in_html_json_or_logs() {
    let (log, _guard) = crate::common::CapturedLog::install(tracing::Level::TRACE);
    let secret = "hunter2-very-secret";
    let mut app = TestApp::spawn().await;
    // A failed login, a failed registration (the password too short), and the
    // same as JSON: the email comes back, the password never does.
    for (action, password) in [("login", secret), ("register", "hunter2")] {
        let fields = [("email", "ada@example.com"), ("password", password)];
        let res = app.post_form(&format!("/login?/{action}"), &fields).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{action}");
        res.assert_contains(r#"value="ada@example.com""#);
        res.assert_lacks(password);
        let res = app
            .post_enhanced(&format!("/login?/{action}"), &fields)
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{action}");
        res.assert_lacks(password);
        assert_eq!(
            res.json()["data"]["values"][0],
            json!(["email", "ada@example.com"])
        );
    }
    let res = app
        .post_form(
            "/login?/register",
            &[("email", "nope"), ("password", secret)],
        )
        .await;
    res.assert_contains("Enter a valid email address");
    res.assert_lacks(secret);
    // The password field is empty, and the log holds no password.
    assert!(!tag(&res, "login-password").contains("value="));
    let logged = log.text();
    assert!(!logged.is_empty(), "the log was captured");
    assert!(
        !logged.contains(secret) && !logged.contains("hunter2"),
        "{logged}"
    );
}

#[tokio::test]
async fn f2_b1_a_scalar_field_sent_twice_is_that_fields_issue() {
    let (mut app, url) = with_todo().await;
    let res = app
        .post_form(&format!("{url}?/save"), &[("title", "a"), ("title", "b")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        text(&res, "edit-title-error"),
        "This field was sent more than once"
    );
}
