//! The server half of the kit: action dispatch, cookies, `locals`, CSRF.
//!
//! Server only. [`mount`] adds `POST` to every page route of the Leptos router:
//! it runs the page's action and answers either JSON (for enhanced forms, which
//! send `x-leptos-action: true`) or the page rendered again with the result, for a
//! browser without JavaScript (HTTP status, `Location` and cookies included). A
//! POST with `x-leptos-render: true` runs no action: it renders the page with the
//! state in its body, which an enhanced form sends after its action.

mod actions;
mod cookies;
mod csrf;
mod form_data;
mod locals;
mod page_cache;

pub use actions::{
    fail, internal_error, log_with_id, redirect, redirect_with, success, ActionError,
    ActionResponse, Actions, Event, NamedActions, Outcome,
};
pub use cookies::Cookies;
pub use csrf::{csrf, Origins};
pub use form_data::FormData;
pub use locals::Locals;
pub use page_cache::{page_cache, page_cache_hits, PageCache, CACHE_HEADER};

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, request::Parts, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::{on, MethodFilter, MethodRouter},
    Json, Router,
};
use futures::{future::BoxFuture, FutureExt};
use std::{collections::HashMap, panic::AssertUnwindSafe, sync::Arc};
use tower::ServiceExt;

use crate::kit::{
    page::PageSnapshot,
    result::{ActionResult, RawJson, ACTION_HEADER, RENDER_HEADER},
};
use actions::{Handler, Kind};

/// Renders the app for a request, starting from a [`PageSnapshot`].
pub type Render = Arc<dyn Fn(Request, PageSnapshot) -> BoxFuture<'static, Response> + Send + Sync>;

/// The actions of every page, by route path (`"/login"`), and the JSON endpoints
/// that share a page's path.
pub struct ActionRoutes<S> {
    pages: HashMap<String, Arc<Actions<S>>>,
    endpoints: HashMap<String, MethodRouter<S>>,
}

impl<S> Default for ActionRoutes<S> {
    fn default() -> Self {
        Self {
            pages: HashMap::new(),
            endpoints: HashMap::new(),
        }
    }
}

impl<S> ActionRoutes<S> {
    /// Declares the actions of the page at `path`.
    pub fn page(mut self, path: &str, actions: impl Into<Actions<S>>) -> Self {
        let previous = self.pages.insert(path.to_owned(), Arc::new(actions.into()));
        assert!(previous.is_none(), "actions for {path} are declared twice");
        self
    }

    /// A JSON endpoint on a page's own path (SvelteKit's `+server` beside its
    /// `+page`, spec E8). A POST goes to the page's actions when it carries
    /// `x-leptos-action: true` or a form body (urlencoded or multipart); any other
    /// POST, PUT, PATCH or DELETE to the path goes to `endpoint`. GET stays the page.
    pub fn endpoint(mut self, path: &str, endpoint: MethodRouter<S>) -> Self {
        let previous = self.endpoints.insert(path.to_owned(), endpoint);
        assert!(
            previous.is_none(),
            "an endpoint for {path} is declared twice"
        );
        self
    }
}

/// Adds `POST` (and the endpoint's methods) to each of `page_paths`, the Leptos
/// route list. A page without actions answers 405 with `Allow: GET, HEAD`.
///
/// # Panics
/// At start-up, when actions are declared for a path that is not a page.
pub fn mount<S>(
    mut router: Router<S>,
    page_paths: &[String],
    routes: ActionRoutes<S>,
    render: Render,
    body_limit: usize,
) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    for path in routes.pages.keys().chain(routes.endpoints.keys()) {
        assert!(
            page_paths.contains(path),
            "actions or an endpoint are declared for {path}, but the app has no route {path}; \
             routes: {page_paths:?}"
        );
    }
    let writes = MethodFilter::POST
        .or(MethodFilter::PUT)
        .or(MethodFilter::PATCH)
        .or(MethodFilter::DELETE);
    for path in page_paths {
        let actions = routes.pages.get(path).cloned();
        let endpoint = routes.endpoints.get(path).cloned();
        let render = render.clone();
        router = router.route(
            path,
            on(writes, move |State(state): State<S>, req: Request| {
                let page = PageRoute {
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
struct PageRoute<S> {
    actions: Option<Arc<Actions<S>>>,
    endpoint: Option<MethodRouter<S>>,
    render: Render,
    body_limit: usize,
}

async fn dispatch<S>(page: PageRoute<S>, state: S, req: Request) -> Response
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
    let for_actions =
        req.method() == Method::POST && (wants_json || form_body || page.endpoint.is_none());
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
    let result = to_action_result(run(&actions, state, &parts, body, body_limit).await);

    if wants_json {
        // A `fetch` would follow a real 303, so a redirect is a 200 carrying it (spec E8).
        let status = match &result {
            ActionResult::Success { .. } | ActionResult::Redirect { .. } => StatusCode::OK,
            other => status_code(other.status()),
        };
        return (status, Json(result)).into_response();
    }
    match PageSnapshot::after(result) {
        Ok(snapshot) => render_page(&render, parts, snapshot).await,
        Err((status, location)) => {
            (status_code(status), [(header::LOCATION, location)]).into_response()
        }
    }
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
) -> ActionResponse<RawJson> {
    let handler = select(actions, parts)?;
    let form = FormData::from_request(Request::from_parts(parts.clone(), body), body_limit).await?;
    let (Some(cookies), Some(locals)) = (
        parts.extensions.get::<Cookies>().cloned(),
        parts.extensions.get::<Locals>().cloned(),
    ) else {
        return Err(ActionError::internal(anyhow::anyhow!(
            "kit::server::request_context is not installed as a middleware"
        )));
    };
    let event = Event {
        state,
        form,
        uri: parts.uri.clone(),
        headers: parts.headers.clone(),
        cookies,
        locals,
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

/// The message of a panic, when it has one.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// `?/name` chooses a named action; no name, the default one (spec A1–A3).
fn select<S>(actions: &Actions<S>, parts: &Parts) -> Result<Handler<S>, ActionError> {
    let name = parts.uri.query().and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find_map(|(k, _)| k.strip_prefix('/').map(str::to_owned))
    });
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

/// Puts [`Cookies`] and [`Locals`] on every request and sends the cookie changes
/// back. Install it outside the app's `handle` hook, which reads both.
pub async fn request_context(
    State(secure_cookies): State<bool>,
    mut req: Request,
    next: Next,
) -> Response {
    let cookies = Cookies::from_headers(req.headers(), secure_cookies);
    req.extensions_mut().insert(cookies.clone());
    req.extensions_mut().insert(Locals::default());
    let mut response = next.run(req).await;
    for value in cookies.set_cookie_headers() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The request's [`Locals`], from a component or server function rendering on the server.
pub fn locals() -> Locals {
    leptos::prelude::use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<Locals>().cloned())
        .unwrap_or_default()
}

/// The request's [`Cookies`], from a component or server function on the server.
pub fn cookies() -> Option<Cookies> {
    leptos::prelude::use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<Cookies>().cloned())
}

/// Turns an unexpected error in a load (a `#[server]` function) into a
/// `ServerFnError` that says nothing of it but an id; the details go to the log.
pub fn load_error(error: impl Into<anyhow::Error>) -> leptos::prelude::ServerFnError {
    let (_, body) = ActionError::internal(error).into_body();
    leptos::prelude::ServerFnError::new(format!(
        "Internal error (id {})",
        body.id.unwrap_or_default()
    ))
}
