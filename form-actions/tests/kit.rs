//! The layer on its own, without any app: one page with test actions, built by
//! `FormActions::router` on a bare axum router with the layer's own middleware.
//! The page "renders" as text, so what an action handed to the render can be
//! read back without Leptos.

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::{from_fn, Next},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use serde_json::{json, Value};
use std::{collections::BTreeMap, sync::Arc};
use tower::ServiceExt;

use leptos_form_actions::{
    server::{
        fail, success, ActionResponse, Actions, Event, FormActions, Locals, Origins, PageRoute,
        PageRoutes, Render,
    },
    PageSnapshot, ACTION_HEADER, RENDER_HEADER,
};

/// What the `handle` hook of an app would put into `locals`: here, a user name.
#[derive(Clone)]
struct User(String);

/// It also says on the answer that it ran, and whether it found `locals`.
async fn hook(req: Request, next: Next) -> Response {
    let saw = match req.extensions().get::<Locals>() {
        Some(locals) => {
            locals.insert(User("ada".into()));
            "ran with locals"
        }
        None => "ran without locals",
    };
    let mut response = next.run(req).await;
    response
        .headers_mut()
        .insert("x-hook", HeaderValue::from_static(saw));
    response
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

/// Sets a header of its answer (SvelteKit's `setHeaders`).
async fn busy(ev: Event<()>) -> ActionResponse<Value> {
    ev.set_header(header::RETRY_AFTER, HeaderValue::from_static("5"));
    fail(503, json!({ "error": "Busy" }))
}

async fn refuse(ev: Event<()>) -> ActionResponse<Value> {
    fail(422, json!({ "note": ev.form.get("note")?, "error": "No" }))
}

/// The site's own origin, for the CSRF check.
const SITE: &str = "http://site.test";

fn app() -> Router {
    // The page: its GET, and its render after an action without JavaScript. Like
    // a Leptos page it answers 200 itself; the dispatcher sets the result's status.
    let render: Render = Arc::new(|_req, snapshot: PageSnapshot| {
        Box::pin(async move {
            let form = snapshot
                .form
                .map(|f| f.as_str().to_owned())
                .unwrap_or_default();
            let status = snapshot.status;
            format!("page with form {form} (status {status})").into_response()
        })
    });
    let table = PageRoutes::new([
        PageRoute::new("/page", || ()).actions(
            Actions::named()
                .action("read", read)
                .action("refuse", refuse)
                .action("busy", busy),
        ),
        PageRoute::new("/plain", || ()),
        // A page with actions and a JSON endpoint on its path.
        PageRoute::new("/both", || ())
            .actions(Actions::named().action("read", read))
            .endpoint(axum::routing::post(|| async { "the endpoint" })),
    ]);
    let pages = Router::new()
        .route("/page", get(|| async { "page" }))
        .route("/plain", get(|| async { "plain" }))
        .route("/both", get(|| async { "both" }));
    FormActions::new(render, Origins::new(SITE, []))
        .body_limit(64 * 1024)
        .hook(|app| app.layer(from_fn(hook)))
        .router(pages, &table, Router::new())
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

    // Failure: the failure's status on the answer, and its data as `form`.
    let (status, _, body) = post("/page?/refuse", "note=kept", &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        r#"page with form {"error":"No","note":"kept"} (status 422)"#
    );
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
    // The failure's status is in the state the page renders with, not on the
    // answer, which is the page's own (200).
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        r#"page with form {"note":"kept","error":"No"} (status 422)"#
    );
    // The URL names an action, but the header says render: `read` did not run.
    assert!(cookies.is_empty(), "{cookies:?}");

    let (status, _, body) = render("/page", r#"{"form":null,"status":200,"error":null}"#).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "page with form  (status 200)")
    );
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

#[tokio::test]
async fn h1_h4_the_hooks_run_inside_cookies_locals_and_the_csrf_check() {
    // A same-site POST reaches the hook, which found `locals` (it sets the user
    // that the action of A5's test reads).
    let res = app()
        .oneshot(
            Request::post("/page?/read")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ORIGIN, SITE)
                .header(ACTION_HEADER, "true")
                .body(Body::from("note=a"))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["x-hook"], "ran with locals");

    // A cross-site POST is refused before any hook runs.
    let res = app()
        .oneshot(
            Request::post("/page?/read")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ORIGIN, "http://evil.test")
                .body(Body::from("note=a"))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.headers().get("x-hook").is_none());
}

#[tokio::test]
async fn a3_a_page_without_actions_answers_a_post_with_405() {
    let (status, _, body) = post("/plain", "", &[]).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{body}");
}

#[test]
#[should_panic(expected = "keep_pages names /nowhere, which is not a page")]
fn a_kept_page_that_is_not_a_page_is_refused_at_start_up() {
    let render: Render = Arc::new(|_req, _| Box::pin(async { ().into_response() }));
    let _ = FormActions::<()>::new(render, Origins::new(SITE, []))
        .keep_pages(["/nowhere"])
        .router(Router::new(), &PageRoutes::new([]), Router::new());
}

#[tokio::test]
async fn s2_an_action_sets_a_header_of_its_answer_with_and_without_javascript() {
    for headers in [&[][..], &[(ACTION_HEADER, "true")][..]] {
        let mut req = Request::post("/page?/busy")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let res = app()
            .oneshot(req.body(Body::from("")).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "{headers:?}");
        assert_eq!(res.headers()[header::RETRY_AFTER], "5", "{headers:?}");
    }
}

#[tokio::test]
async fn s6_raw_bytes_that_are_not_utf8_in_a_form_body_are_a_400() {
    let req = Request::post("/page?/read")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(&b"note=caf\xe9"[..]))
        .unwrap();
    let (status, _, body) = send(req).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn s6_a_json_body_to_an_action_url_is_a_415_and_without_one_the_endpoints() {
    let json = |uri: &str| {
        Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"note":"x"}"#))
            .unwrap()
    };
    let (status, _, body) = send(json("/both?/read")).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
    let (status, _, body) = send(json("/both")).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "the endpoint"));
}

#[tokio::test]
async fn s6_a_client_that_sends_its_whole_over_limit_body_before_reading_gets_the_413() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app()).await });

    // 4 MiB against a limit of 64 KiB, more than the socket buffers hold, all
    // written before anything is read.
    let body = vec![b'a'; 4 * 1024 * 1024];
    let head = format!(
        "POST /page?/read HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
        .write_all(&body)
        .await
        .expect("the server reads the whole body");
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .await
        .expect("the answer, not a reset connection");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}
