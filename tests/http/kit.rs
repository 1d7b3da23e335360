//! The kit on its own, without the demo: one page with test actions, mounted by
//! `kit::server::mount` on a bare axum router with the kit's own layers. A fork
//! that deletes the demo keeps these. The page "renders" as text, so what an
//! action handed to the render can be read back without Leptos.

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::{from_fn, from_fn_with_state, Next},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use serde_json::{json, Value};
use std::{collections::BTreeMap, sync::Arc};
use tower::ServiceExt;

use starter::kit::{
    server::{
        self as kit, fail, success, ActionResponse, ActionRoutes, Actions, Event, Locals, Render,
    },
    PageSnapshot, ACTION_HEADER, RENDER_HEADER,
};

/// What the `handle` hook of an app would put into `locals`: here, a user name.
#[derive(Clone)]
struct User(String);

async fn hook(req: Request, next: Next) -> Response {
    if let Some(locals) = req.extensions().get::<Locals>() {
        locals.insert(User("ada".into()));
    }
    next.run(req).await
}

/// Echoes what an action can read (spec A5).
async fn read(ev: Event<()>) -> ActionResponse<BTreeMap<&'static str, Option<String>>> {
    let mut seen = BTreeMap::new();
    seen.insert("note", ev.form.get("note")?.map(str::to_owned));
    seen.insert("intent", ev.form.get("intent")?.map(str::to_owned));
    seen.insert("tab", ev.query("tab"));
    seen.insert(
        "header",
        ev.headers
            .get("x-test")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    );
    seen.insert("cookie", ev.cookies.get("theme"));
    seen.insert("user", ev.locals.get::<User>().map(|u| u.0));
    // And what it sets goes out with the response.
    ev.cookies.set("seen", "yes");
    success(seen)
}

async fn refuse(ev: Event<()>) -> ActionResponse<Value> {
    fail(422, json!({ "note": ev.form.get("note")?, "error": "No" }))
}

fn app() -> Router {
    // The page: its GET, and its render after an action without JavaScript.
    let render: Render = Arc::new(|_req, snapshot: PageSnapshot| {
        Box::pin(async move {
            let form = snapshot
                .form
                .map(|f| f.as_str().to_owned())
                .unwrap_or_default();
            let status = StatusCode::from_u16(snapshot.status).unwrap();
            (status, format!("page with form {form}")).into_response()
        })
    });
    let pages = Router::new().route("/page", get(|| async { "page" }));
    let actions = ActionRoutes::default().page(
        "/page",
        Actions::named()
            .action("read", read)
            .action("refuse", refuse),
    );
    kit::mount(pages, &["/page".to_owned()], actions, render, 64 * 1024)
        .layer(from_fn(hook))
        .layer(from_fn_with_state(false, kit::request_context))
}

async fn post(
    uri: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, Vec<HeaderValue>, String) {
    let mut req =
        Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    send(req.body(Body::from(body.to_owned())).unwrap()).await
}

/// Sends to the test app: the status, the `Set-Cookie` values and the body.
async fn send(req: Request) -> (StatusCode, Vec<HeaderValue>, String) {
    let res = app().oneshot(req).await.unwrap();
    let status = res.status();
    let cookies = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, cookies, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn a5_an_action_reads_the_form_query_headers_cookies_and_locals() {
    let (status, cookies, body) = post(
        "/page?/read&tab=2",
        "note=hello+there&intent=archive",
        &[
            ("x-test", "yes"),
            ("cookie", "theme=dark"),
            (ACTION_HEADER, "true"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let result: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(result["type"], "success");
    assert_eq!(
        result["data"],
        json!({
            "note": "hello there",
            // A2: a submitter's own name=value arrives as one more field.
            "intent": "archive",
            "tab": "2",
            "header": "yes",
            "cookie": "dark",
            "user": "ada",
        })
    );
    let set: Vec<&str> = cookies.iter().map(|c| c.to_str().unwrap()).collect();
    assert!(set.iter().any(|c| c.starts_with("seen=yes")), "{set:?}");
}

#[tokio::test]
async fn a6_a7_without_javascript_the_page_renders_with_the_result_and_its_status() {
    // Success: the render gets the action's data as the page's `form`.
    let (status, _, body) = post("/page?/read", "note=hi", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.starts_with("page with form {"), "{body}");
    assert!(body.contains(r#""note":"hi""#), "{body}");

    // Failure: the failure's status, and its data as `form`.
    let (status, _, body) = post("/page?/refuse", "note=kept", &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body, r#"page with form {"error":"No","note":"kept"}"#);
}

#[tokio::test]
async fn a3_an_unknown_action_name_is_a_404_and_no_name_a_400() {
    let (status, _, _) = post("/page?/nope", "", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = post("/page", "", &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// A render request, as an enhanced form sends it after its action.
async fn render(uri: &str, body: &str) -> (StatusCode, Vec<HeaderValue>, String) {
    let req = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header(RENDER_HEADER, "true")
        .body(Body::from(body.to_owned()))
        .unwrap();
    send(req).await
}

#[tokio::test]
async fn e4_a_render_request_renders_the_page_with_the_state_it_sends_and_runs_no_action() {
    // What the browser applies after a failure: the page with that `form` and status.
    let (status, cookies, body) = render(
        "/page?/read",
        r#"{"form":{"note":"kept","error":"No"},"status":422,"error":null}"#,
    )
    .await;
    // The failure's status is in the state (the page renders with it), not on the
    // answer: the test page shows it as its own status.
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body, r#"page with form {"note":"kept","error":"No"}"#);
    // The URL names an action, but the header says render: `read` did not run.
    assert!(cookies.is_empty(), "{cookies:?}");

    let (status, _, body) = render("/page", r#"{"form":null,"status":200,"error":null}"#).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "page with form "));
}

#[tokio::test]
async fn b1_a_render_request_with_a_bad_state_is_a_400() {
    for body in [
        "",
        "not json",
        r#"{"form":null}"#,
        // A status no result has.
        r#"{"form":null,"status":302,"error":null}"#,
        r#"{"form":null,"status":700,"error":null}"#,
    ] {
        let (status, _, text) = render("/page", body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body:?}: {text}");
        assert!(text.contains("page state"), "{text}");
    }
}
