//! Lists of rows (spec P1) on the todo edit page: the Subtasks, added and
//! removed without JavaScript with every value kept and nothing saved, each
//! row's issues in that row, saved with Save, and in the JSON API.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::{TestApp, TestResponse, PASSWORD};

/// An app with one logged-in user and one todo, `milk` (as the typed forms'
/// tests have it); its edit page's URL and its API URL.
async fn with_todo() -> (TestApp, String, String) {
    let (app, url) = crate::forms::with_todo().await;
    let api = format!("/api{url}");
    (app, url, api)
}

/// The edit form's fields as sent: the title, notes and priority changed,
/// one subtask row per `(title, done)` of `rows`, then `extra`.
fn edit_form(rows: &[(&str, bool)], extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("title", "oat milk"),
        ("notes", "typed, not saved"),
        ("priority", "high"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (i, (title, done)) in rows.iter().enumerate() {
        fields.push((format!("subtasks[{i}].title"), (*title).to_owned()));
        if *done {
            fields.push((format!("subtasks[{i}].done"), "true".to_owned()));
        }
    }
    fields.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    fields
}

/// Posts `fields` as a browser without JavaScript does.
async fn post(app: &mut TestApp, path: &str, fields: &[(String, String)]) -> TestResponse {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_form(path, &fields).await
}

/// The markup of row `i` (from 0) of the Subtasks, without the template's.
fn row(res: &TestResponse, i: usize) -> &str {
    let list = &res.body[..res.body.find("<template").expect("the rows' template")];
    let at = list
        .find(&format!(r#"data-kit-row="{i}""#))
        .unwrap_or_else(|| panic!("no row {i}:\n{list}"));
    let end = list[at..].find("</li>").unwrap();
    &list[at..at + end]
}

/// How many rows the Subtasks show.
fn row_count(res: &TestResponse) -> usize {
    let list = &res.body[..res.body.find("<template").expect("the rows' template")];
    list.matches("data-kit-row=\"").count()
}

/// The todo as the API has it.
async fn saved(app: &mut TestApp, api: &str) -> serde_json::Value {
    let res = app.json("GET", api, None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

#[tokio::test]
async fn p1_add_subtask_without_js_shows_the_form_with_one_more_row_values_kept_nothing_saved() {
    let (mut app, url, api) = with_todo().await;
    let page = app.get(&url).await;
    assert_eq!(row_count(&page), 0);
    page.assert_contains("<legend>Subtasks</legend>");
    page.assert_contains(r#"value="add:subtasks" formnovalidate>Add subtask</button>"#);

    let sent = edit_form(&[("Buy oats", true)], &[("_rows", "add:subtasks")]);
    let res = post(&mut app, &format!("{url}?/save"), &sent).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(row_count(&res), 2);
    // Every value sent is shown again, the new row empty, and it takes focus.
    res.assert_contains(r#"value="oat milk""#);
    res.assert_contains("typed, not saved</textarea>");
    let first = row(&res, 0);
    assert!(first.contains(r#"value="Buy oats""#), "{first}");
    assert!(
        first.contains(r#"name="subtasks[0].done" value="true" checked"#),
        "{first}"
    );
    let new = row(&res, 1);
    assert!(new.contains(">Subtask 2</label>"), "{new}");
    assert!(new.contains(">Subtask 2 done</label>"), "{new}");
    assert!(new.contains(">Remove subtask 2</button>"), "{new}");
    assert!(!new.contains("value=\"Buy"), "{new}");
    assert!(new.contains("autofocus"), "{new}");
    // Nothing is wrong: no summary, no alert, a plain title.
    res.assert_lacks("error-summary");
    res.assert_lacks(r#"role="alert""#);
    res.assert_contains("<title>Edit todo</title>");

    // Nothing was saved.
    let todo = saved(&mut app, &api).await;
    assert_eq!(
        (todo["title"].as_str(), todo["notes"].as_str()),
        (Some("milk"), None)
    );
    assert_eq!(todo["subtasks"], json!([]));
}

#[tokio::test]
async fn p1_remove_subtask_without_js_shows_the_form_with_one_fewer_row_renumbered() {
    let (mut app, url, api) = with_todo().await;
    let three = [("one", true), ("two", true), ("three", true)];
    let sent = edit_form(&three, &[("_rows", "remove:subtasks:1")]);
    let res = post(&mut app, &format!("{url}?/save"), &sent).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(row_count(&res), 2);
    let (first, second) = (row(&res, 0), row(&res, 1));
    assert!(first.contains(r#"value="one""#), "{first}");
    // The third row is now the second: named, labelled and numbered so.
    assert!(second.contains(r#"name="subtasks[1].title""#), "{second}");
    assert!(second.contains(r#"value="three""#), "{second}");
    assert!(
        second.contains(r#"name="subtasks[1].done" value="true" checked"#),
        "{second}"
    );
    assert!(second.contains(">Subtask 2</label>"), "{second}");
    assert!(second.contains(r#"value="remove:subtasks:1""#), "{second}");
    assert!(second.contains(">Remove subtask 2</button>"), "{second}");
    // Focus goes to the row now in the removed one's place.
    assert!(second.contains("autofocus"), "{second}");
    res.assert_lacks(r#"value="two""#);
    res.assert_contains(r#"value="oat milk""#);

    assert_eq!(saved(&mut app, &api).await["subtasks"], json!([]));
    assert_eq!(saved(&mut app, &api).await["title"], "milk");
}

#[tokio::test]
async fn p1_a_21st_subtask_is_the_lists_issue() {
    let (mut app, url, _) = with_todo().await;
    let titles: Vec<String> = (1..=21).map(|i| format!("step {i}")).collect();
    let rows: Vec<(&str, bool)> = titles.iter().map(|t| (t.as_str(), false)).collect();
    let sent = edit_form(&rows[..20], &[("_rows", "add:subtasks")]);
    let res = post(&mut app, &format!("{url}?/save"), &sent).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(row_count(&res), 20);
    res.assert_contains(
        r#"<p id="edit-subtasks-error" role="alert" class="error">At most 20 subtasks</p>"#,
    );
    res.assert_contains(r#"aria-describedby="edit-subtasks-error""#);
    res.assert_contains(r##"<a href="#edit-subtasks">At most 20 subtasks</a>"##);
    res.assert_contains(r#"value="step 20""#);

    // Saving 21 rows (a client that skips the page) is refused the same way.
    let res = post(&mut app, &format!("{url}?/save"), &edit_form(&rows, &[])).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains(">At most 20 subtasks</p>");
}

#[tokio::test]
async fn p1_a_subtasks_issue_shows_in_its_row_named_after_it() {
    let (mut app, url, api) = with_todo().await;
    let long = "x".repeat(201);
    let sent = edit_form(&[("fine", false), ("   ", false), (&long, false)], &[]);
    let res = post(&mut app, &format!("{url}?/save"), &sent).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!row(&res, 0).contains("alert"), "{}", row(&res, 0));
    let second = row(&res, 1);
    assert!(
        second.contains(r#"<p id="edit-subtasks-1-title-error" role="alert""#),
        "{second}"
    );
    assert!(
        second.contains(">Subtask 2: Title is required</p>"),
        "{second}"
    );
    assert!(second.contains(r#"aria-invalid="true""#), "{second}");
    assert!(second.contains(r#"value="   ""#), "{second}");
    let third = row(&res, 2);
    assert!(
        third.contains(">Subtask 3: Title must be at most 200 characters</p>"),
        "{third}"
    );
    assert!(third.contains(&format!(r#"value="{long}""#)), "{third}");
    // The summary lists them, each a link to its row's field.
    res.assert_contains(r##"<a href="#edit-subtasks-1-title">Subtask 2: Title is required</a>"##);
    res.assert_contains(
        r##"<a href="#edit-subtasks-2-title">Subtask 3: Title must be at most 200 characters</a>"##,
    );
    res.assert_contains("<title>Error: Edit todo</title>");
    assert_eq!(saved(&mut app, &api).await["title"], "milk");
}

#[tokio::test]
async fn p1_save_stores_the_subtasks_in_order_and_replaces_them() {
    let (mut app, url, api) = with_todo().await;
    let sent = edit_form(&[("Buy oats", true), ("Shake", false)], &[]);
    let res = post(&mut app, &format!("{url}?/save"), &sent).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        saved(&mut app, &api).await["subtasks"],
        json!([{"title": "Buy oats", "done": true}, {"title": "Shake", "done": false}])
    );
    // The edit page shows them.
    let page = app.get(&url).await;
    assert_eq!(row_count(&page), 2);
    assert!(row(&page, 0).contains(r#"value="Buy oats""#));
    assert!(row(&page, 0).contains("checked"));
    assert!(row(&page, 1).contains(r#"value="Shake""#));

    // Saved again with other rows, they replace the old ones.
    let sent = edit_form(&[("Pour", false)], &[]);
    let res = post(&mut app, &format!("{url}?/save"), &sent).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        saved(&mut app, &api).await["subtasks"],
        json!([{"title": "Pour", "done": false}])
    );
    let res = post(&mut app, &format!("{url}?/save"), &edit_form(&[], &[])).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(saved(&mut app, &api).await["subtasks"], json!([]));

    // Deleting the todo deletes its subtasks.
    post(&mut app, &format!("{url}?/save"), &sent).await;
    let res = app.post_form(&format!("{url}?/delete"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM subtasks")
        .fetch_one(app.db.read())
        .await
        .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn p1_a_rows_button_on_another_users_todo_or_logged_out_shows_nothing_of_it() {
    let (mut app, url, _) = with_todo().await;
    let fields = edit_form(&[("one", false)], &[("_rows", "add:subtasks")]);
    app.cookies.clear();
    let res = post(&mut app, &format!("{url}?/save"), &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.location(),
        Some(format!("/login?redirectTo={url}").as_str())
    );
    app.register("bob@example.com", PASSWORD).await;
    let res = post(&mut app, &format!("{url}?/save"), &fields).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // The page shows nothing of Ada's todo: a rows button only shows again
    // what was sent, and the page's load decides what the page is.
    res.assert_contains("<h1>Not found</h1>");
    res.assert_lacks(r#"value="milk""#);
    res.assert_lacks("Subtask 1");
}

#[tokio::test]
async fn p1_b1_a_rows_button_value_that_names_no_list_is_a_400() {
    let (mut app, url, api) = with_todo().await;
    for value in ["add:tags", "grow:subtasks", "remove:subtasks:x", "add"] {
        let res = post(
            &mut app,
            &format!("{url}?/save"),
            &edit_form(&[], &[("_rows", value)]),
        )
        .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{value}: {}", res.body);
    }
    assert_eq!(saved(&mut app, &api).await["title"], "milk");
}

#[tokio::test]
async fn p1_j1_the_api_reads_and_writes_subtasks() {
    let (mut app, _, api) = with_todo().await;
    assert_eq!(saved(&mut app, &api).await["subtasks"], json!([]));
    let body = json!({"subtasks": [{"title": " Buy oats ", "done": true}, {"title": "Shake"}]});
    let res = app.json("PATCH", &api, Some(body)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let expected = json!([{"title": "Buy oats", "done": true}, {"title": "Shake", "done": false}]);
    assert_eq!(res.json()["subtasks"], expected);
    assert_eq!(saved(&mut app, &api).await["subtasks"], expected);
    let list = app.json("GET", "/api/todos", None).await.json();
    assert_eq!(list[0]["subtasks"], expected);

    // A PATCH without `subtasks` keeps them.
    let res = app.json("PATCH", &api, Some(json!({"done": true}))).await;
    assert_eq!(res.json()["subtasks"], expected);

    // A subtask's issue names it, with the form's message.
    let res = app
        .json(
            "PATCH",
            &api,
            Some(json!({"subtasks": [{"title": "ok"}, {"title": "  "}]})),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.json(),
        json!({"error": "Subtask 2: Title is required",
               "issues": {"subtasks[1].title": "Subtask 2: Title is required"}})
    );
    let many: Vec<_> = (0..21).map(|i| json!({"title": format!("s{i}")})).collect();
    let res = app
        .json("PATCH", &api, Some(json!({"subtasks": many})))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"], "At most 20 subtasks");
    for (body, error) in [
        (
            json!({"subtasks": "Buy oats"}),
            "The field `subtasks` must be a list",
        ),
        (
            json!({"subtasks": ["Buy oats"]}),
            "The field `subtasks` must be a list of objects",
        ),
        (
            json!({"subtasks": [{"title": "a", "done": "yes"}]}),
            "The field `subtasks[0].done` must be true or false",
        ),
    ] {
        let res = app.json("PATCH", &api, Some(body)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.json()["error"], error);
    }
    assert_eq!(saved(&mut app, &api).await["subtasks"], expected);

    // An empty list deletes them; another user's todo is a 404.
    let res = app.json("PATCH", &api, Some(json!({"subtasks": []}))).await;
    assert_eq!(res.json()["subtasks"], json!([]));
    app.cookies.clear();
    app.register("bob@example.com", PASSWORD).await;
    assert_eq!(
        app.json("GET", &api, None).await.status,
        StatusCode::NOT_FOUND
    );
}
