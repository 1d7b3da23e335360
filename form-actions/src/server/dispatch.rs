//! The action dispatcher: `POST` (and a JSON endpoint's methods) on every page
//! path, answered with JSON for enhanced forms or with the page rendered again.
//!
//! Server only. [`mount`] adds `POST` to every page route of the Leptos router:
//! it runs the page's action and answers either JSON (for enhanced forms, which
//! send `x-leptos-action: true`) or the page rendered again with the result, for a
//! browser without JavaScript (HTTP status, `Location` and cookies included). An
//! enhanced form (`x-leptos-page: /path`) gets both in one answer: the result,
//! then the page at that path rendered after the action (spec R1).

use axum::{
    body::Body,
    extract::{FromRequestParts, RawPathParams, Request, State},
    http::{header, request::Parts, Method, StatusCode},
    response::{IntoResponse, Response},
    routing::{on, MethodFilter, MethodRouter},
    Json, Router,
};
use futures::{future::BoxFuture, FutureExt};
use std::{panic::AssertUnwindSafe, sync::Arc};
use tower::ServiceExt;

use super::{
    actions::{Actions, Event, Handler, ResponseHeaders},
    context::NOT_INSTALLED,
    cookies::Cookies,
    error::panic_message,
    form_data::{self, FormData},
    locals::Locals,
    page_routes::PageRoutes,
    submissions::{self, Tokens},
};
use crate::{
    action::Stop,
    page::PageSnapshot,
    protocol::{ActionResult, AnswerHead, RawJson, ACTION_HEADER, ANSWER_TYPE, PAGE_HEADER},
};

/// Renders the app for a request, starting from a [`PageSnapshot`].
pub type Render = Arc<dyn Fn(Request, PageSnapshot) -> BoxFuture<'static, Response> + Send + Sync>;

/// Adds `POST` (and the endpoint's methods) to each page of `table` in
/// `router`, which has Leptos's GET routes of the same pages. A page without
/// actions answers 405 with `Allow: GET, HEAD`.
pub(super) fn mount<S>(
    mut router: Router<S>,
    table: &PageRoutes<S>,
    render: Render,
    body_limit: usize,
    tokens: Option<Arc<Tokens>>,
) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let writes = MethodFilter::POST
        .or(MethodFilter::PUT)
        .or(MethodFilter::PATCH)
        .or(MethodFilter::DELETE);
    for page in &table.pages {
        let actions = page.actions.clone();
        let endpoint = page.endpoint.clone();
        let render = render.clone();
        let tokens = tokens.clone();
        let path = page.path();
        router = router.route(
            path,
            on(writes, move |State(state): State<S>, req: Request| {
                let page = PathHandler {
                    path,
                    actions: actions.clone(),
                    endpoint: endpoint.clone(),
                    render: render.clone(),
                    body_limit,
                    tokens: tokens.clone(),
                };
                dispatch(page, state, req)
            }),
        );
    }
    router
}

/// What one page path answers besides GET.
struct PathHandler<S> {
    /// The page's path, as declared (`/todos/{id}`).
    path: &'static str,
    actions: Option<Arc<Actions<S>>>,
    endpoint: Option<MethodRouter<S>>,
    render: Render,
    body_limit: usize,
    /// The submission tokens' store (spec P3), if the app gave one.
    tokens: Option<Arc<Tokens>>,
}

async fn dispatch<S>(page: PathHandler<S>, state: S, req: Request) -> Response
where
    S: Clone + Send + Sync + 'static,
{
    let show = match page_to_show(req.headers()) {
        Ok(show) => show,
        Err(refusal) => return refusal,
    };
    let wants_json = req
        .headers()
        .get(ACTION_HEADER)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"true"));
    let form_body = matches!(
        form_data::content_type(req.headers()).as_str(),
        "application/x-www-form-urlencoded" | "multipart/form-data"
    );
    // A URL that names an action (`?/name`) is the action's, whatever the body:
    // one that is not a form is then a 415 (spec S6), never the endpoint's.
    let names_action = action_name(req.uri()).is_some();
    let for_actions = req.method() == Method::POST
        && (wants_json || form_body || names_action || page.endpoint.is_none());
    if !for_actions {
        if let Some(endpoint) = page.endpoint {
            return endpoint
                .with_state(state)
                .oneshot(req)
                .await
                .into_response();
        }
    }
    let has_actions = page.actions.is_some();
    let Some(actions) = page.actions.filter(|_| req.method() == Method::POST) else {
        let allow = if has_actions {
            "GET, HEAD, POST"
        } else {
            "GET, HEAD"
        };
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, allow)],
            format!("This page accepts {allow} only."),
        )
            .into_response();
    };
    let (render, body_limit) = (page.render, page.body_limit);
    let (parts, body) = req.into_parts();
    let response_headers = ResponseHeaders::default();
    // The action's id, for the page state (spec T4): the page's path and `?/name`.
    let seed = Some(match action_name(&parts.uri) {
        Some(name) => format!("{}?/{name}", page.path),
        None => page.path.to_owned(),
    });
    let result = run(
        &actions,
        state,
        &parts,
        body,
        body_limit,
        response_headers.clone(),
        page.tokens,
    )
    .await;

    let mut response = if let Some(show) = show {
        answer(&render, parts, result, seed, show).await
    } else if wants_json {
        (json_status(&result), Json(result)).into_response()
    } else {
        match PageSnapshot::after(result) {
            Ok(mut snapshot) => {
                snapshot.action = seed;
                render_page(&render, parts, snapshot).await
            }
            Err((status, location)) => {
                (status_code(status), [(header::LOCATION, location)]).into_response()
            }
        }
    };
    let set = std::mem::take(&mut *response_headers.lock().unwrap_or_else(|p| p.into_inner()));
    response.headers_mut().extend(set);
    response
}

/// The page an enhanced submission asks to be shown after the action
/// (`x-leptos-page`): a path of this site, with its query; `None` without the
/// header. A value that is not a path is a 400.
#[allow(clippy::result_large_err)]
fn page_to_show(headers: &axum::http::HeaderMap) -> Result<Option<axum::http::Uri>, Response> {
    let Some(value) = headers.get(PAGE_HEADER) else {
        return Ok(None);
    };
    let uri = value
        .to_str()
        .ok()
        .filter(|v| v.starts_with('/') && !v.starts_with("//"))
        .and_then(|v| v.parse::<axum::http::Uri>().ok())
        .filter(|uri| uri.scheme().is_none() && uri.authority().is_none());
    match uri {
        Some(uri) => Ok(Some(uri)),
        None => Err((
            StatusCode::BAD_REQUEST,
            format!("`{PAGE_HEADER}` is the path of a page of this site, such as /todos?page=2"),
        )
            .into_response()),
    }
}

/// The answer to an enhanced submission (spec R1): the result on the first
/// line, then the page at `show` rendered after the action ran, from that result
/// (never from anything the browser sends). Its status is that of the JSON
/// protocol (E8): 200 for a success or a redirect, else the result's.
///
/// The page is rendered with the result when it is the action's own page; for
/// another page (an island's form posting to another page's action) its loads
/// run again and the result stays the island's, but an error shows on the page.
/// A redirect renders nothing: the browser follows it.
async fn answer(
    render: &Render,
    mut parts: Parts,
    result: ActionResult,
    seed: Option<String>,
    show: axum::http::Uri,
) -> Response {
    let status = json_status(&result);
    let own_page = show.path() == parts.uri.path();
    let snapshot = match PageSnapshot::after(result.clone()) {
        Err(_) => {
            return head_only(
                status,
                AnswerHead {
                    result,
                    redirect: None,
                },
            )
        }
        Ok(mut snapshot) if own_page => {
            snapshot.action = seed;
            snapshot
        }
        Ok(snapshot) if snapshot.error.is_some() => snapshot,
        Ok(_) => PageSnapshot::default(),
    };
    // Rendered as a GET of that page would be: its loads read its own query.
    parts.uri = show;
    parts.method = Method::GET;
    let page = render(Request::from_parts(parts, Body::empty()), snapshot).await;
    if page.status().is_redirection() {
        let redirect = page
            .headers()
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        let mut response = head_only(status, AnswerHead { result, redirect });
        copy_headers(&page, &mut response);
        return response;
    }
    let mut head = match serde_json::to_string(&AnswerHead {
        result,
        redirect: None,
    }) {
        Ok(head) => head,
        Err(e) => return super::error::internal_error(&format_args!("encoding a result: {e}")),
    };
    head.push('\n');
    // The whole page, cleaned as every page is (html.rs): the browser merges it
    // into a document that was.
    let mut page = page;
    let html = match super::html::cleaned(std::mem::take(page.body_mut())).await {
        Ok(html) => html,
        Err(e) => {
            return super::error::internal_error(&format_args!("rendering a page failed: {e}"))
        }
    };
    let mut body = head.into_bytes();
    // Its forms' tokens, fresh (spec P3): after this answer, each form sends a
    // new submission.
    body.extend_from_slice(&submissions::fill(html));
    let mut response = (status, body).into_response();
    copy_headers(&page, &mut response);
    set_answer_type(&mut response);
    response
}

/// An answer with no page: after a redirect.
fn head_only(status: StatusCode, head: AnswerHead) -> Response {
    let mut text = serde_json::to_string(&head).unwrap_or_default();
    text.push('\n');
    let mut response = (status, text).into_response();
    set_answer_type(&mut response);
    response
}

fn set_answer_type(response: &mut Response) {
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static(ANSWER_TYPE),
    );
}

/// The headers a page's render set besides its body's (cookies, say).
fn copy_headers(from: &Response, to: &mut Response) {
    for (name, value) in from.headers() {
        if name != header::CONTENT_TYPE
            && name != header::CONTENT_LENGTH
            && name != header::LOCATION
        {
            to.headers_mut().append(name, value.clone());
        }
    }
}

/// The status of a result in the JSON protocol (spec E8): a `fetch` would follow
/// a real 303, so a redirect is a 200 carrying it.
fn json_status(result: &ActionResult) -> StatusCode {
    match result {
        ActionResult::Success { .. } | ActionResult::Redirect { .. } => StatusCode::OK,
        other => status_code(other.status()),
    }
}

/// Picks the action, reads the form and runs the action, once per submission
/// token (spec P3); a panic becomes a 500.
async fn run<S>(
    actions: &Actions<S>,
    state: S,
    parts: &Parts,
    body: Body,
    body_limit: usize,
    response_headers: ResponseHeaders,
    tokens: Option<Arc<Tokens>>,
) -> ActionResult {
    let prepared = prepare(actions, state, parts, body, body_limit, response_headers).await;
    let (handler, event) = match prepared {
        Ok(prepared) => prepared,
        Err(stop) => return stop.into_result(),
    };
    let token = match submissions::token_of(&event.form) {
        Ok(token) => token,
        Err(stop) => return stop.into_result(),
    };
    let cookies = event.cookies.clone();
    let action = call(handler, event);
    match tokens.zip(token) {
        Some((tokens, token)) => submissions::once(tokens, token, cookies, action).await,
        None => submissions::settle(action.await, &cookies).0,
    }
}

/// The action's run, a panic in it made a 500.
fn call<S>(handler: Handler<S>, event: Event<S>) -> BoxFuture<'static, Result<RawJson, Stop>> {
    let action = (handler.run)(event);
    Box::pin(async move {
        AssertUnwindSafe(action)
            .catch_unwind()
            .await
            .unwrap_or_else(|panic| {
                Err(Stop::internal(anyhow::anyhow!(
                    "the action panicked: {}",
                    panic_message(panic.as_ref())
                )))
            })
    })
}

/// The action a request names and its [`Event`], its form read.
async fn prepare<S>(
    actions: &Actions<S>,
    state: S,
    parts: &Parts,
    body: Body,
    body_limit: usize,
    response_headers: ResponseHeaders,
) -> Result<(Handler<S>, Event<S>), Stop> {
    let handler = select(actions, parts)?;
    let specs = (handler.specs)();
    let form = FormData::read(Request::from_parts(parts.clone(), body), body_limit, specs).await?;
    let (Some(cookies), Some(locals)) = (
        parts.extensions.get::<Cookies>().cloned(),
        parts.extensions.get::<Locals>().cloned(),
    ) else {
        return Err(Stop::internal(anyhow::anyhow!("{NOT_INSTALLED}")));
    };
    // Axum matched the page's path; its parameters are in the request.
    let params = RawPathParams::from_request_parts(&mut parts.clone(), &())
        .await
        .map(|raw| {
            raw.iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let event = Event {
        state,
        form,
        uri: parts.uri.clone(),
        params,
        headers: parts.headers.clone(),
        cookies,
        locals,
        response_headers,
    };
    Ok((handler, event))
}

/// The action a URL names: `name` of `?/name`, if any.
fn action_name(uri: &axum::http::Uri) -> Option<String> {
    let query = uri.query()?;
    form_urlencoded::parse(query.as_bytes())
        .find_map(|(k, _)| k.strip_prefix('/').map(str::to_owned))
}

/// `?/name` chooses a named action; no name, the default one (spec A1–A3).
fn select<S>(actions: &Actions<S>, parts: &Parts) -> Result<Handler<S>, Stop> {
    let name = action_name(&parts.uri);
    let path = parts.uri.path();
    let names = || actions.names().unwrap_or_default().join(", ");
    match (actions, name) {
        (Actions::Default(handler), None) => Ok(handler.clone()),
        (Actions::Default(_), Some(name)) => Err(Stop::error(
            404,
            format!("No action named `{name}`: {path} has only a default action (POST {path})"),
        )),
        (Actions::Named(map), Some(name)) => map.get(name.as_str()).cloned().ok_or_else(|| {
            Stop::error(
                404,
                format!(
                    "No action named `{name}` on {path}; its actions are: {}",
                    names()
                ),
            )
        }),
        (Actions::Named(_), None) => Err(Stop::error(
            400,
            format!(
                "{path} has only named actions: POST to {path}?/name, with name one of: {}",
                names()
            ),
        )),
    }
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

async fn render_page(render: &Render, parts: Parts, snapshot: PageSnapshot) -> Response {
    let status = status_code(snapshot.status);
    let mut response = render(Request::from_parts(parts, Body::empty()), snapshot).await;
    // The page's own render may have decided otherwise (a redirect in a load).
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}
