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
    action,
    fields::Form,
    route,
    server::{Event, FormActions, Locals, Origins, PageRoute, PageRoutes, Render},
    PageSnapshot, Stop, ACTION_HEADER, ANSWER_TYPE, BUILD_HEADER, PAGE_HEADER,
};

route!(Page = "/page");
route!(Plain = "/plain");
route!(pub Both = "/both");

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
#[action(Page)]
async fn read(ev: Event<()>) -> Result<BTreeMap<String, Option<String>>, Stop> {
    echo(ev)
}

/// The same, on the page that also has a JSON endpoint.
mod both {
    use super::*;

    #[action(Both)]
    pub async fn read(ev: Event<()>) -> Result<BTreeMap<String, Option<String>>, Stop> {
        echo(ev)
    }
}

fn echo(ev: Event<()>) -> Result<BTreeMap<String, Option<String>>, Stop> {
    let mut seen = BTreeMap::new();
    seen.insert("note".into(), ev.form.get("note")?.map(str::to_owned));
    seen.insert("intent".into(), ev.form.get("intent")?.map(str::to_owned));
    seen.insert("tab".into(), ev.query("tab"));
    seen.insert(
        "header".into(),
        ev.headers
            .get("x-test")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    );
    seen.insert("cookie".into(), ev.cookies.get("theme"));
    seen.insert("user".into(), ev.locals.get::<User>().map(|u| u.0));
    // And what it sets goes out with the response.
    ev.cookies.set("seen", "yes");
    Ok(seen)
}

/// Sets a header of its answer (SvelteKit's `setHeaders`).
#[action(Page)]
async fn busy(ev: Event<()>) -> Result<Value, Stop> {
    ev.set_header(header::RETRY_AFTER, HeaderValue::from_static("5"));
    Err(Stop::fail(503, json!({ "error": "Busy" })))
}

#[action(Page)]
async fn go(_ev: Event<()>) -> Result<(), Stop> {
    Err(Stop::redirect("/plain"))
}

#[action(Page)]
async fn refuse(ev: Event<()>) -> Result<Value, Stop> {
    Err(Stop::fail(
        422,
        json!({ "note": ev.form.get("note")?, "error": "No" }),
    ))
}

/// A typed form, for an action that takes no request.
#[derive(Debug, Form)]
struct Shout {
    #[field(label = "Word", required = "Say a word")]
    word: String,
}

/// Needs neither state nor request, so it takes only its form (spec T1).
#[action(Page)]
async fn shout(form: Shout) -> Result<String, Stop> {
    Ok(form.word.to_uppercase())
}

/// The site's own origin, for the CSRF check.
const SITE: &str = "http://site.test";

fn app() -> Router {
    app_with_limit(64 * 1024)
}

/// The test app, with `body_limit` bytes as its body limit.
fn app_with_limit(body_limit: usize) -> Router {
    // The page: its GET, and its render after an action without JavaScript. Like
    // a Leptos page it answers 200 itself; the dispatcher sets the result's status.
    // It says which URL it rendered in a header, and `/private` sends the
    // visitor away, as a load does when the session is gone.
    let render: Render = Arc::new(|req: Request, snapshot: PageSnapshot| {
        Box::pin(async move {
            let uri = req.uri().to_string();
            if req.uri().path() == "/private" {
                return (StatusCode::SEE_OTHER, [(header::LOCATION, "/plain")]).into_response();
            }
            let form = snapshot
                .form
                .map(|f| f.as_str().to_owned())
                .unwrap_or_default();
            let status = snapshot.status;
            let mut res = format!("page with form {form} (status {status})").into_response();
            res.headers_mut()
                .insert("x-rendered", HeaderValue::from_str(&uri).unwrap());
            res
        })
    });
    let table = PageRoutes::new()
        .page(
            PageRoute::new(Page, || ())
                .action(read)
                .action(refuse)
                .action(go)
                .action(busy)
                .action(shout),
        )
        .page(PageRoute::new(Plain, || ()))
        // A page with actions and a JSON endpoint on its path.
        .page(
            PageRoute::new(Both, || ())
                .action(both::read)
                .endpoint(axum::routing::post(|| async { "the endpoint" })),
        );
    let pages = Router::new()
        .route("/page", get(|| async { "page" }))
        .route("/plain", get(|| async { "plain" }))
        .route("/both", get(|| async { "both" }));
    FormActions::new(render, Origins::new(SITE, []))
        .body_limit(body_limit)
        .build("build-1")
        .hook(from_fn(hook))
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

/// A multipart body with the field `note` of `size` bytes, to `/page?/read`.
fn multipart_note(size: usize) -> Request {
    let mut body = b"--X\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n".to_vec();
    body.extend(std::iter::repeat_n(b'n', size));
    body.extend_from_slice(b"\r\n--X--\r\n");
    Request::post("/page?/read")
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=X")
        .header(ACTION_HEADER, "true")
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn b2_a_multipart_body_is_held_to_the_layers_limit_not_axums_default() {
    // 3 MiB under a 4 MiB limit: read (axum's Multipart alone stops at 2 MiB).
    let size = 3 * 1024 * 1024;
    let res = app_with_limit(4 * 1024 * 1024)
        .oneshot(multipart_note(size))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    let result: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(result["data"]["note"].as_str().map(str::len), Some(size));
    // Over a 1 MiB limit: a 413.
    let res = app_with_limit(1024 * 1024)
        .oneshot(multipart_note(size))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
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
async fn t1_an_action_may_take_only_its_form() {
    let (status, _, body) = post("/page?/shout", "word=hi", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, r#"page with form "HI" (status 200)"#);
    // Its form is parsed first, as for any action: a blank word never gets to it.
    let (status, _, body) = post("/page?/shout", "word=", &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Say a word"), "{body}");
}

#[tokio::test]
async fn a3_an_unknown_action_name_is_a_404_and_no_name_a_400() {
    let (status, _, _) = post("/page?/nope", "", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = post("/page", "", &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// An enhanced submission (spec R1): the action's result and the page `show`
/// in one answer; the answer's status, its headers, and its two parts.
async fn enhanced(
    uri: &str,
    body: &str,
    show: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, Value, String) {
    let mut req = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(PAGE_HEADER, show);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let res = app()
        .oneshot(req.body(Body::from(body.to_owned())).unwrap())
        .await
        .unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    if headers[header::CONTENT_TYPE] != ANSWER_TYPE {
        return (status, headers, Value::Null, text);
    }
    let (head, page) = text.split_once('\n').expect("a first line");
    (
        status,
        headers,
        serde_json::from_str(head).unwrap(),
        page.to_owned(),
    )
}

#[tokio::test]
async fn r1_one_answer_carries_the_result_and_the_page_rendered_from_it() {
    // A failure: its status, its result, and the page rendered with it as `form`,
    // at the page the browser shows (its query included), as a GET renders it.
    let (status, headers, head, page) =
        enhanced("/page?/refuse", "note=kept", "/page?tab=2", &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        head,
        json!({"result": {"type": "failure", "status": 422,
                          "data": {"note": "kept", "error": "No"}}})
    );
    assert_eq!(
        page,
        r#"page with form {"error":"No","note":"kept"} (status 422)"#
    );
    assert_eq!(headers["x-rendered"], "/page?tab=2");

    // A success: 200, and the page with its data.
    let (status, _, head, page) = enhanced("/page?/read", "note=hi", "/page", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(head["result"]["type"], "success");
    assert!(page.starts_with(r#"page with form {"cookie""#), "{page}");
}

#[tokio::test]
async fn r1_another_pages_answer_reruns_its_loads_without_the_result_and_a_redirect_renders_nothing(
) {
    // Posted to /page's action from /plain (an island's own form): /plain is
    // rendered as a GET would, and the result stays in the head.
    let (status, headers, head, page) = enhanced("/page?/refuse", "note=x", "/plain", &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(head["result"]["data"]["note"], "x");
    assert_eq!(page, "page with form  (status 200)");
    assert_eq!(headers["x-rendered"], "/plain");

    // The action redirects: no page, the browser follows it.
    let (status, _, head, page) = enhanced("/page?/go", "", "/page", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        head,
        json!({"result": {"type": "redirect", "status": 303, "location": "/plain"}})
    );
    assert_eq!(page, "");

    // The page's own render redirects (its session is gone, say): the result,
    // where the page sent the visitor, and no page.
    let (status, _, head, page) = enhanced("/page?/read", "note=a", "/private", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(head["result"]["type"], "success");
    assert_eq!(head["redirect"], "/plain");
    assert_eq!(page, "");
}

#[tokio::test]
async fn r1_a_page_header_that_is_not_a_path_of_this_site_is_a_400_and_nothing_runs() {
    for show in ["https://evil.test/", "//evil.test/x", "todos", ""] {
        let (status, _, _, text) = enhanced("/page?/read", "note=a", show, &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{show:?}: {text}");
        assert!(text.contains(PAGE_HEADER), "{text}");
    }
}

#[tokio::test]
async fn r1_a_page_state_sent_by_the_browser_is_never_rendered() {
    // The second request of the retired two-request protocol: a page state
    // chosen by the browser. It is a JSON body to an action URL: a 415.
    let req = Request::post("/page?/read")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-leptos-render", "true")
        .body(Body::from(
            r#"{"form":{"note":"forged"},"status":200,"error":null}"#,
        ))
        .unwrap();
    let (status, cookies, body) = send(req).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(!body.contains("forged"), "{body}");
    assert!(cookies.is_empty(), "no action ran: {cookies:?}");
}

#[tokio::test]
async fn r6_every_answer_names_the_build_and_a_page_of_another_build_runs_nothing() {
    let (_, headers, _, _) = enhanced("/page?/read", "note=a", "/page", &[]).await;
    assert_eq!(headers[BUILD_HEADER], "build-1");
    let res = app()
        .oneshot(Request::get("/plain").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.headers()[BUILD_HEADER], "build-1");

    // The same build: the action runs (it sets a cookie).
    let req = |build: &str| {
        Request::post("/page?/read")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(PAGE_HEADER, "/page")
            .header(BUILD_HEADER, build)
            .body(Body::from("note=a"))
            .unwrap()
    };
    let (status, cookies, _) = send(req("build-1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!cookies.is_empty());
    // Another: a 409 with the server's build, and nothing ran.
    let res = app().oneshot(req("build-0")).await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(res.headers()[BUILD_HEADER], "build-1");
    assert!(res.headers().get(header::SET_COOKIE).is_none());
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
        .router(Router::new(), &PageRoutes::new(), Router::new());
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

/// Uploads (spec U1-U3, U7): a page with a form of a text field and a file
/// field of at most two PNG or text files of 1000 bytes.
mod uploads {
    use super::*;
    use futures::StreamExt;
    use leptos_form_actions::fields::{Rejected, Upload};

    route!(Files = "/files");

    #[derive(Debug, Form)]
    pub struct Attach {
        #[field(label = "Note")]
        note: String,
        #[field(
            label = "Files",
            accept = "image/png,text/plain",
            wrong_type = "Choose a PNG or text file",
            max_size = 1000,
            too_large = "File must be at most 1000 bytes",
            max_files = 2,
            too_many = "At most 2 files",
            required = "Choose a file"
        )]
        files: Vec<Upload>,
    }

    /// Answers what it received, each file read back from its temporary file.
    #[action(Files)]
    async fn attach(form: Attach) -> Result<Value, Stop> {
        let mut files = Vec::new();
        for file in &form.files {
            let bytes = tokio::fs::read(file.path()).await?;
            files.push(json!({
                "name": file.name(),
                "type": file.content_type(),
                "size": file.size(),
                "read": bytes.len(),
            }));
        }
        Ok(json!({ "note": form.note, "files": files }))
    }

    /// Fails after it received its files: they are deleted all the same (U7).
    #[action(Files)]
    async fn refuse(form: Attach) -> Result<(), Stop> {
        assert!(form.files.iter().all(|f| f.path().exists()));
        Err(Rejected::of(&form)
            .issue(Attach::names().files, "Not today")
            .into())
    }

    pub fn app(dir: &std::path::Path) -> Router {
        let render: Render = Arc::new(|_req: Request, snapshot: PageSnapshot| {
            Box::pin(async move {
                let form = snapshot.form.map(|f| f.as_str().to_owned());
                form.unwrap_or_default().into_response()
            })
        });
        let table =
            PageRoutes::new().page(PageRoute::new(Files, || ()).action(attach).action(refuse));
        let pages = Router::new().route("/files", get(|| async { "files" }));
        FormActions::new(render, Origins::new(SITE, []))
            .body_limit(1024)
            .upload_dir(dir)
            .router(pages, &table, Router::new())
    }

    /// A multipart body: text fields, then files as (name, type, bytes).
    pub fn body(texts: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Vec<u8> {
        let mut body = Vec::new();
        for (name, value) in texts {
            body.extend_from_slice(
                format!(
                    "--X\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        for (file_name, content_type, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--X\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{file_name}\"\r\n\
                     Content-Type: {content_type}\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"--X--\r\n");
        body
    }

    /// Posts `body` to `/files?/{action}` without JavaScript: status and page.
    pub async fn post(dir: &std::path::Path, action: &str, body: Vec<u8>) -> (StatusCode, Value) {
        let req = Request::post(format!("/files?/{action}"))
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=X")
            .header(ACTION_HEADER, "true")
            // In chunks that arrive one at a time, as a network delivers them:
            // the parser reads ahead whatever is there, so a body there whole
            // would be past its bound before its first field is read.
            .body(Body::from_stream(
                futures::stream::iter(body.chunks(256).map(<[u8]>::to_vec).collect::<Vec<_>>())
                    .then(|chunk| async move {
                        tokio::task::yield_now().await;
                        Ok::<_, std::io::Error>(chunk)
                    }),
            ))
            .unwrap();
        let res = app(dir).oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    /// The files left in the upload directory.
    pub fn left(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir).unwrap().count()
    }

    pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
}

fn upload_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kit-uploads-{}", uuid_like()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{}-{t}-{n}", std::process::id())
}

#[tokio::test]
async fn u1_u2_an_action_receives_typed_uploads_read_from_temporary_files() {
    let dir = upload_dir();
    let body = uploads::body(
        &[("note", "two files")],
        &[
            ("../../a.png", "image/png", uploads::PNG),
            ("b.txt", "text/plain", b"hello"),
        ],
    );
    let (status, result) = uploads::post(&dir, "attach", body).await;
    assert_eq!(status, StatusCode::OK, "{result}");
    let data = &result["data"];
    assert_eq!(data["note"], "two files");
    assert_eq!(data["files"][0]["name"], "a.png", "no directory is kept");
    assert_eq!(data["files"][0]["type"], "image/png");
    assert_eq!(data["files"][0]["size"], uploads::PNG.len());
    assert_eq!(data["files"][0]["read"], uploads::PNG.len());
    assert_eq!(data["files"][1]["type"], "text/plain");
    assert_eq!(data["files"][1]["size"], 5);
    // U7: deleted once the action is done.
    assert_eq!(uploads::left(&dir), 0);
}

/// A file sent: its name, type and bytes.
type File<'a> = (&'a str, &'a str, &'a [u8]);

#[tokio::test]
async fn u3_each_file_limit_is_the_fields_issue_with_the_other_values_echoed() {
    let dir = upload_dir();
    let big = vec![b'a'; 1001];
    let cases: [(&[File], &str); 5] = [
        (
            &[("big.txt", "text/plain", &big)],
            "File must be at most 1000 bytes",
        ),
        (
            &[("a.pdf", "application/pdf", b"%PDF-1.4")],
            "Choose a PNG or text file",
        ),
        // Declared as text, but its first bytes are HTML.
        (
            &[("a.txt", "text/plain", b"<html><script>alert(1)</script>")],
            "Choose a PNG or text file",
        ),
        // Declared as a PNG, but it is not one.
        (
            &[("a.png", "image/png", b"just text")],
            "Choose a PNG or text file",
        ),
        (
            &[
                ("1.txt", "text/plain", b"1"),
                ("2.txt", "text/plain", b"2"),
                ("3.txt", "text/plain", b"3"),
            ],
            "At most 2 files",
        ),
    ];
    for (files, issue) in cases {
        let (status, result) =
            uploads::post(&dir, "attach", uploads::body(&[("note", "kept")], files)).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{issue}: {result}"
        );
        let form = &result["data"];
        assert_eq!(form["issues"], json!([["files", issue]]), "{result}");
        assert_eq!(form["values"], json!([["note", "kept"]]), "{result}");
        assert_eq!(uploads::left(&dir), 0, "{issue}: nothing kept");
    }
    // No file chosen: the browser sends an empty part without a name.
    let (status, result) = uploads::post(
        &dir,
        "attach",
        uploads::body(
            &[("note", "kept")],
            &[("", "application/octet-stream", b"")],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        result["data"]["issues"],
        json!([["files", "Choose a file"]])
    );
}

#[tokio::test]
async fn u2_u3_a_body_past_its_forms_bound_is_a_413_with_the_fields_issue() {
    let dir = upload_dir();
    // The form's bound: 1024 bytes of text and 2 files of 1000 bytes.
    let big = vec![b'a'; 4000];
    let body = uploads::body(&[("note", "kept")], &[("a.txt", "text/plain", &big)]);
    let (status, result) = uploads::post(&dir, "attach", body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{result}");
    assert_eq!(
        result["data"]["issues"],
        json!([["files", "File must be at most 1000 bytes"]])
    );
    assert_eq!(result["data"]["values"], json!([["note", "kept"]]));
    assert_eq!(uploads::left(&dir), 0);
}

#[tokio::test]
async fn u7_the_temporary_files_of_a_failed_action_are_deleted() {
    let dir = upload_dir();
    let body = uploads::body(&[("note", "x")], &[("a.png", "image/png", uploads::PNG)]);
    let (status, result) = uploads::post(&dir, "refuse", body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{result}");
    assert_eq!(result["data"]["issues"], json!([["files", "Not today"]]));
    assert_eq!(uploads::left(&dir), 0);
}
