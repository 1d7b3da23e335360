//! The action dispatcher: `POST` (and a JSON endpoint's methods) on every page
//! path, answered with JSON for enhanced forms or with the page rendered again.
//!
//! Server only. [`mount`] adds `POST` to every page route of the Leptos router:
//! it runs the page's action and answers either JSON (for enhanced forms, which
//! send `x-leptos-action: true`) or the page rendered again with the result, for a
//! browser without JavaScript (HTTP status, `Location` and cookies included). A
//! POST with `x-leptos-render: true` runs no action: it renders the page with the
//! state in its body, which an enhanced form sends after its action.

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
    actions::{ActionResponse, Actions, Event, Handler, Kind, Outcome, ResponseHeaders, SeedSlot},
    context::NOT_INSTALLED,
    cookies::Cookies,
    error::{panic_message, ActionError},
    form_data::{self, FormData},
    locals::Locals,
    pages::PageRoutes,
};
use crate::{
    page::PageSnapshot,
    protocol::{ActionResult, RawJson, ACTION_HEADER, RENDER_HEADER},
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
        router = router.route(
            page.path(),
            on(writes, move |State(state): State<S>, req: Request| {
                let page = PathHandler {
                    actions: actions.clone(),
                    endpoint: endpoint.clone(),
                    render: render.clone(),
                    body_limit,
                };
                dispatch(page, state, req)
            }),
        );
    }
    router
}

/// What one page path answers besides GET.
struct PathHandler<S> {
    actions: Option<Arc<Actions<S>>>,
    endpoint: Option<MethodRouter<S>>,
    render: Render,
    body_limit: usize,
}

async fn dispatch<S>(page: PathHandler<S>, state: S, req: Request) -> Response
where
    S: Clone + Send + Sync + 'static,
{
    if req.method() == Method::POST && req.headers().contains_key(RENDER_HEADER) {
        return render_requested(&page.render, req, page.body_limit).await;
    }
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
    let seed = SeedSlot::default();
    let result = to_action_result(
        run(
            &actions,
            state,
            &parts,
            body,
            body_limit,
            (response_headers.clone(), seed.clone()),
        )
        .await,
    );

    let mut response = if wants_json {
        // A `fetch` would follow a real 303, so a redirect is a 200 carrying it (spec E8).
        let status = match &result {
            ActionResult::Success { .. } | ActionResult::Redirect { .. } => StatusCode::OK,
            other => status_code(other.status()),
        };
        (status, Json(result)).into_response()
    } else {
        match PageSnapshot::after(result) {
            Ok(mut snapshot) => {
                snapshot.action = seed.lock().unwrap_or_else(|p| p.into_inner()).take();
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

/// The page rendered with the [`PageSnapshot`] in the body (`x-leptos-render`).
/// No action runs: what the state may say is only ever shown to the one who sends
/// it, as the browser's own page state (a header that only a same-site `fetch`
/// can send, past the CSRF check).
async fn render_requested(render: &Render, req: Request, body_limit: usize) -> Response {
    let (parts, body) = req.into_parts();
    let refused = |error: ActionError| {
        let (status, body) = error.into_body();
        (status, body.message).into_response()
    };
    let bytes = match axum::body::to_bytes(body, body_limit).await {
        Ok(bytes) => bytes,
        Err(e) => return refused(form_data::body_error(e)),
    };
    match serde_json::from_slice::<PageSnapshot>(&bytes) {
        // Answered as the page renders it (200, unless a load redirects): the
        // status of the result is in the state, which the browser keeps, and a
        // second 4xx for one submission would only be noise in its console.
        Ok(snapshot) if snapshot.status == 200 || (400..=599).contains(&snapshot.status) => {
            render(Request::from_parts(parts, Body::empty()), snapshot).await
        }
        Ok(_) => refused(ActionError::new(
            StatusCode::BAD_REQUEST,
            "A page state's status is 200 or in 400..=599",
        )),
        Err(e) => refused(ActionError::new(
            StatusCode::BAD_REQUEST,
            format!("The body of an {RENDER_HEADER} request is a page state in JSON: {e}"),
        )),
    }
}

/// Picks the action, reads the form and runs the action; a panic becomes a 500.
async fn run<S>(
    actions: &Actions<S>,
    state: S,
    parts: &Parts,
    body: Body,
    body_limit: usize,
    (response_headers, seed): (ResponseHeaders, SeedSlot),
) -> ActionResponse<RawJson> {
    let handler = select(actions, parts)?;
    let form = FormData::from_request(Request::from_parts(parts.clone(), body), body_limit).await?;
    let (Some(cookies), Some(locals)) = (
        parts.extensions.get::<Cookies>().cloned(),
        parts.extensions.get::<Locals>().cloned(),
    ) else {
        return Err(ActionError::internal(anyhow::anyhow!("{NOT_INSTALLED}")));
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
        parts: parts.clone(),
        seed,
    };
    AssertUnwindSafe(handler(event))
        .catch_unwind()
        .await
        .unwrap_or_else(|panic| {
            Err(ActionError::internal(anyhow::anyhow!(
                "the action panicked: {}",
                panic_message(panic.as_ref())
            )))
        })
}

/// The action a URL names: `name` of `?/name`, if any.
fn action_name(uri: &axum::http::Uri) -> Option<String> {
    let query = uri.query()?;
    form_urlencoded::parse(query.as_bytes())
        .find_map(|(k, _)| k.strip_prefix('/').map(str::to_owned))
}

/// `?/name` chooses a named action; no name, the default one (spec A1–A3).
fn select<S>(actions: &Actions<S>, parts: &Parts) -> Result<Handler<S>, ActionError> {
    let name = action_name(&parts.uri);
    let path = parts.uri.path();
    match (&actions.0, name) {
        (Kind::Default(handler), None) => Ok(handler.clone()),
        (Kind::Default(_), Some(name)) => Err(ActionError::new(
            StatusCode::NOT_FOUND,
            format!("No action named `{name}`: {path} has only a default action (POST {path})"),
        )),
        (Kind::Named(map), Some(name)) => map.get(&name).cloned().ok_or_else(|| {
            ActionError::new(
                StatusCode::NOT_FOUND,
                format!(
                    "No action named `{name}` on {path}; its actions are: {}",
                    actions.names().unwrap_or_default().join(", ")
                ),
            )
        }),
        (Kind::Named(_), None) => Err(ActionError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "{path} has only named actions: POST to {path}?/name, with name one of: {}",
                actions.names().unwrap_or_default().join(", ")
            ),
        )),
    }
}

fn to_action_result(response: ActionResponse<RawJson>) -> ActionResult {
    // A typed form's failure, returned with `?`, is a failure like `fail`'s.
    let response = match response {
        Err(mut error) => match error.take_failure() {
            Some((status, data)) => Ok(Outcome::Failure { status, data }),
            None => Err(error),
        },
        ok => ok,
    };
    match response {
        Ok(Outcome::Success(data)) => ActionResult::Success { status: 200, data },
        Ok(Outcome::Failure { status, data }) => ActionResult::Failure {
            status: status.as_u16(),
            data,
        },
        Ok(Outcome::Redirect { status, location }) => ActionResult::Redirect {
            status: status.as_u16(),
            location,
        },
        Err(error) if error.location().is_some() => ActionResult::Redirect {
            status: error.status().as_u16(),
            location: error.location().unwrap_or("/").to_owned(),
        },
        Err(error) => {
            let (status, error) = error.into_body();
            ActionResult::Error {
                status: status.as_u16(),
                error,
            }
        }
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
