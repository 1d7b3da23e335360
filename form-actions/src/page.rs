//! The page's state after an action: SvelteKit's `page.form` and `page.status`.
//!
//! Runs on both sides. On the server the state comes from the action that was
//! just run (the page is rendered after it), and the layout's `<Page>` writes
//! it into the HTML (`layout.rs`). In the browser there is one
//! page state for the whole document, read from that HTML when the wasm starts,
//! so that islands hydrate from the same value as the server rendered; enhanced
//! forms then set it, and every navigation clears it (it is ephemeral: a GET
//! shows no `form` value).
//!
//! This file sits below the components and the browser half, which read and set
//! the state. What the state asks of the browser (render the page again, apply a
//! result) goes through a [`Driver`] that the browser half installs when it
//! starts, so that nothing here depends on it.

use leptos::prelude::*;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::{future::Future, pin::Pin};

use crate::protocol::{ActionResult, ErrorBody, RawJson};

/// A future run in the browser's one thread.
pub(crate) type LocalFuture = Pin<Box<dyn Future<Output = ()>>>;

/// The element id of the script that carries the page state in the HTML.
pub(crate) const PAGE_DATA_ID: &str = "kit-page";

/// The state a server render starts from; provided as context by the action
/// dispatcher, absent (the default) for a plain GET.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageSnapshot {
    /// The `data` of the last action's success or failure.
    pub form: Option<RawJson>,
    /// The HTTP status of the page.
    pub status: u16,
    /// Set when the page shows the error page instead of the route.
    pub error: Option<ErrorBody>,
    /// The action that ran (`/todos?/add`), so that only its handles show its
    /// result (spec T4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// `form` is a failure's data, though the status is not an error's: a
    /// form shown again with a row more or fewer answers 200 (spec P1).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shown_again: bool,
}

impl Default for PageSnapshot {
    fn default() -> Self {
        Self {
            form: None,
            status: 200,
            error: None,
            action: None,
            shown_again: false,
        }
    }
}

impl PageSnapshot {
    /// The state a result leaves the page in: `form` and the status after a
    /// success or failure, the error page after an error. A redirect leaves none:
    /// it is a navigation, to the `Err`'s status and location.
    pub fn after(result: ActionResult) -> Result<Self, (u16, String)> {
        match result {
            ActionResult::Success { status, data } => Ok(Self {
                form: Some(data),
                status,
                ..Self::default()
            }),
            ActionResult::Failure { status, data } => Ok(Self {
                form: Some(data),
                status,
                shown_again: status < 400,
                ..Self::default()
            }),
            ActionResult::Error { status, error } => Ok(Self {
                status,
                error: Some(error),
                ..Self::default()
            }),
            ActionResult::Redirect { status, location } => Err((status, location)),
        }
    }
}

/// The error a page shows instead of its content, in the app's error page:
/// after an action that ended in an error (the layout's `<Page error=…>` shows
/// it), or as the failure of a load (spec T6; the page's view shows it). The
/// message of a 500 says nothing of the error; its `id` names the server's log
/// line that does (spec A9). On the server, `?` in a load turns any error into
/// one, a 500 logged with an id (`PageError::internal`).
///
/// It is also the error of a `#[server]` function (Leptos's
/// `FromServerFnError`), for a load that an island calls and the app declares
/// an endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageError {
    /// The page's HTTP status.
    pub status: u16,
    /// What the person may read.
    pub message: String,
    /// For an unexpected error, the id of its log line.
    pub id: Option<String>,
}

impl PageError {
    /// The error `body` with the page's `status`.
    pub fn new(status: u16, body: ErrorBody) -> Self {
        Self {
            status,
            message: body.message,
            id: body.id,
        }
    }

    fn plain(status: u16, message: &str) -> Self {
        Self {
            status,
            message: message.to_owned(),
            id: None,
        }
    }
}

/// A failure of Leptos's server-function machinery, around a `#[server]`
/// function that returns a `PageError`: arguments that do not decode are the
/// caller's (400); nothing of the detail is shown.
impl FromServerFnError for PageError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        match error {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => Self::plain(400, "Bad request"),
            ServerFnErrorErr::Registration(_) => Self::plain(404, "Not found"),
            ServerFnErrorErr::UnsupportedRequestMethod(_) => Self::plain(405, "Method not allowed"),
            _ => Self::plain(500, "Internal error"),
        }
    }
}

/// The page's state, shared by every component through [`use_page`].
#[derive(Clone, Copy)]
pub struct PageState {
    form: RwSignal<Option<RawJson>>,
    status: RwSignal<u16>,
    error: RwSignal<Option<ErrorBody>>,
    action: RwSignal<Option<String>>,
    shown_again: RwSignal<bool>,
}

impl PageState {
    pub(crate) fn new(snapshot: PageSnapshot) -> Self {
        Self {
            form: RwSignal::new(snapshot.form),
            status: RwSignal::new(snapshot.status),
            error: RwSignal::new(snapshot.error),
            action: RwSignal::new(snapshot.action),
            shown_again: RwSignal::new(snapshot.shown_again),
        }
    }

    /// The result of the action this page was rendered after (in the browser:
    /// whose answer it shows last), if `is_it` says it is the one asked for
    /// (tracked).
    pub(crate) fn action_result(&self, is_it: impl Fn(&str) -> bool) -> Option<ActionResult> {
        if self.shows_action(is_it) != Some(true) {
            return None;
        }
        let status = self.status.try_get()?;
        if let Some(error) = self.error.try_get().flatten() {
            return Some(ActionResult::Error { status, error });
        }
        let data = self.form.try_get().flatten()?;
        Some(if status >= 400 || self.shown_again.try_get()? {
            ActionResult::Failure { status, data }
        } else {
            ActionResult::Success { status, data }
        })
    }

    /// Whether the page shows the result of an action `is_it` accepts: `None`
    /// when it shows no action's (tracked).
    pub(crate) fn shows_action(&self, is_it: impl Fn(&str) -> bool) -> Option<bool> {
        self.action.try_with(|a| a.as_deref().map(&is_it)).flatten()
    }

    /// The page's `form` value, decoded as `T`. `None` when no action ran since the
    /// last navigation, or when the value is of another shape than `T`.
    pub fn form<T: DeserializeOwned>(&self) -> Option<T> {
        self.form.with(|v| v.as_ref().and_then(|v| v.decode().ok()))
    }

    /// The page's HTTP status (200, or the status of the last failure or error).
    pub fn status(&self) -> u16 {
        self.status.get()
    }

    /// The error the page shows instead of its route, if any.
    pub fn error(&self) -> Option<ErrorBody> {
        self.error.get()
    }

    /// The state as it is now (not tracked).
    pub fn snapshot(&self) -> PageSnapshot {
        PageSnapshot {
            form: self.form.get_untracked(),
            status: self.status.get_untracked(),
            error: self.error.get_untracked(),
            action: self.action.get_untracked(),
            shown_again: self.shown_again.get_untracked(),
        }
    }

    /// Replaces the whole state (the browser's, after a result or a navigation).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub(crate) fn set(&self, snapshot: PageSnapshot) {
        self.form.set(snapshot.form);
        self.status.set(snapshot.status);
        self.error.set(snapshot.error);
        self.action.set(snapshot.action);
        self.shown_again.set(snapshot.shown_again);
    }

    /// Reruns every load of the page (SvelteKit's `invalidateAll`): in the browser
    /// the page shown is fetched again and the document takes what changed; this
    /// state stays the browser's (the server renders the page as for a GET, since
    /// it renders only results it produced, spec R1). Does nothing on the server,
    /// where a render runs them anyway.
    pub fn invalidate_all(&self) -> impl Future<Output = ()> + 'static {
        #[cfg(feature = "hydrate")]
        let render = driver().map(|d| (d.invalidate)());
        async move {
            #[cfg(feature = "hydrate")]
            if let Some(render) = render {
                render.await;
            }
        }
    }

    /// [`apply_action`] on this page.
    pub fn apply_action<T: Serialize>(
        &self,
        result: ActionResult<T>,
    ) -> impl Future<Output = ()> + 'static {
        #[cfg(feature = "hydrate")]
        let applied = driver().map(|d| (d.apply)(*self, untyped(result)));
        #[cfg(not(feature = "hydrate"))]
        let _ = result;
        async move {
            #[cfg(feature = "hydrate")]
            if let Some(applied) = applied {
                applied.await;
            }
        }
    }
}

/// Applies a result to the current page, wherever it came from (spec E7):
/// success and failure set `form` and the status, and the page is rendered again
/// with them; a redirect navigates; an error shows the error page. Done when the
/// page shows it.
///
/// Call it while rendering (it reads the page from context); from async code,
/// keep the [`PageState`] of [`use_page`] and call [`PageState::apply_action`].
pub fn apply_action<T: Serialize>(result: ActionResult<T>) -> impl Future<Output = ()> + 'static {
    use_page().apply_action(result)
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn untyped<T: Serialize>(result: ActionResult<T>) -> ActionResult {
    // Data that cannot be JSON (a map with non-string keys) is read as `null`.
    let to_json = |data| {
        Ok::<_, std::convert::Infallible>(
            RawJson::encode(&data).unwrap_or_else(|_| RawJson::null()),
        )
    };
    match result.try_map_data(to_json) {
        Ok(result) => result,
        Err(never) => match never {},
    }
}

/// What the browser half does for the page state: installed by its `start`, so
/// that the state (below it) can ask for a render without depending on it.
#[cfg(feature = "hydrate")]
#[derive(Clone, Copy)]
pub(crate) struct Driver {
    /// Fetches the page shown again and merges it in (its loads rerun).
    pub invalidate: fn() -> LocalFuture,
    /// Applies a result to the page: sets the state and renders, or navigates.
    pub apply: fn(PageState, ActionResult) -> LocalFuture,
}

#[cfg(feature = "hydrate")]
thread_local! {
    static DRIVER: std::cell::Cell<Option<Driver>> = const { std::cell::Cell::new(None) };
    /// The document's page state: one for all islands, since each island is
    /// hydrated on its own and shares no context with the others.
    static DOCUMENT_PAGE: PageState = PageState::new(read_snapshot());
}

/// Installs the browser half's [`Driver`] (once, when it starts).
#[cfg(feature = "hydrate")]
pub(crate) fn install_driver(driver: Driver) {
    DRIVER.with(|slot| slot.set(Some(driver)));
}

#[cfg(feature = "hydrate")]
fn driver() -> Option<Driver> {
    let driver = DRIVER.with(std::cell::Cell::get);
    if driver.is_none() {
        leptos::logging::error!(
            "the form-actions layer has not started: call leptos_form_actions::start() in hydrate()"
        );
    }
    driver
}

/// The state the server rendered the page with (see `layout.rs`).
#[cfg(feature = "hydrate")]
fn read_snapshot() -> PageSnapshot {
    snapshot_in(&document())
}

/// The state the server rendered `page` with (see `layout.rs`).
#[cfg(feature = "hydrate")]
pub(crate) fn snapshot_in(page: &web_sys::Document) -> PageSnapshot {
    page.get_element_by_id(PAGE_DATA_ID)
        .and_then(|el| el.text_content())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Provides the page state of a server render, from `snapshot`, to the whole
/// app: called in the context of every render (`server/site.rs`).
#[cfg(feature = "ssr")]
pub(crate) fn provide_page_state(snapshot: PageSnapshot) {
    provide_context(PageState::new(snapshot));
}

/// The page state: in the browser (in an island) the document's; on the server
/// the one of this render (for a render without one, such as the layer's own
/// tests on a bare router, one made from the render's [`PageSnapshot`]).
pub fn use_page() -> PageState {
    #[cfg(feature = "hydrate")]
    return DOCUMENT_PAGE.with(|page| *page);
    #[cfg(not(feature = "hydrate"))]
    use_context::<PageState>()
        .unwrap_or_else(|| PageState::new(use_context::<PageSnapshot>().unwrap_or_default()))
}

/// The path of the page being rendered: the request's on the server, the
/// document's in the browser.
pub(crate) fn current_path() -> Option<String> {
    with_current_path(str::to_owned)
}

/// `f` of the path of the page being rendered ([`current_path`]), without a
/// copy of it: on the server, every form of a page asks (its `action`).
pub(crate) fn with_current_path<R>(f: impl FnOnce(&str) -> R) -> Option<R> {
    #[cfg(feature = "ssr")]
    return with_context::<axum::http::request::Parts, _>(|parts| f(parts.uri.path()));
    #[cfg(feature = "hydrate")]
    return window().location().pathname().ok().map(|path| f(&path));
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        let _ = f;
        None
    }
}

/// The name of the `<meta>` that carries the server's build (spec R6).
pub(crate) const BUILD_META: &str = "leptos-build";

/// The element id of the live region of navigations (`layout.rs`).
pub(crate) const ANNOUNCER_ID: &str = "kit-announcer";

/// A page's **load** in its view: a resource over the load `fetcher` (an
/// `async fn` declared with [`#[load]`](macro@crate::load)), called with what
/// `source` reads (the URL's parameters, say), that the server awaits while it
/// renders the page (every route renders in `SsrMode::Async`). After an action
/// the page is rendered again, so its loads run again (spec A10). Its value is
/// the load's data, or the [`PageError`] the page shows instead (spec T6).
///
/// ```
/// use leptos::prelude::*;
/// use leptos_form_actions::{self as kit, PageError};
///
/// /// The load: runs on the server only, answers at no URL.
/// #[kit::load]
/// async fn notes() -> Result<Vec<String>, PageError> {
///     Ok(vec!["milk".to_owned()])
/// }
///
/// #[component]
/// fn NotesPage() -> impl IntoView {
///     let notes = kit::load(|| (), |_| notes());
///     view! {
///         <Transition>
///             {move || Suspend::new(async move {
///                 match notes.await {
///                     Ok(notes) => notes.into_iter().map(|n| view! { <p>{n}</p> }).collect_view().into_any(),
///                     Err(error) => view! { <p>{error.message}</p> }.into_any(),
///                 }
///             })}
///         </Transition>
///     }
/// }
/// ```
pub fn load<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<Result<T, PageError>>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = Result<T, PageError>> + Send + 'static,
{
    Resource::new(source, fetcher)
}

/// Sets the HTTP status of the page being rendered, on the server (nothing in
/// the browser): an error page shown for a failed load sets its error's.
pub fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(status),
    ) {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// Redirects from a page's view or load (SvelteKit's `redirect` in `load`): a
/// `303 See Other`. An enhanced navigation follows it like the browser does.
/// Call it while rendering on the server.
pub fn page_redirect(location: &str) {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(axum::http::StatusCode::SEE_OTHER);
        if let Ok(value) = axum::http::HeaderValue::from_str(location) {
            options.insert_header(axum::http::header::LOCATION, value);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = location;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p1_a_form_shown_again_with_200_stays_a_failure_for_its_form() {
        let data = RawJson::encode(&[1]).unwrap();
        let shown = ActionResult::Failure {
            status: 200,
            data: data.clone(),
        };
        let snapshot = PageSnapshot::after(shown.clone()).unwrap();
        assert!(snapshot.shown_again);
        assert_eq!(snapshot.status, 200);
        let owner = Owner::new();
        owner.with(|| {
            let mut snapshot = snapshot;
            snapshot.action = Some("/todos?/save".into());
            let state = PageState::new(snapshot);
            assert_eq!(state.action_result(|_| true), Some(shown));
        });
    }

    #[test]
    fn a_result_leaves_the_page_its_form_or_its_error_and_a_redirect_leaves_none() {
        let data = RawJson::encode(&[1]).unwrap();
        let failure = ActionResult::Failure {
            status: 422,
            data: data.clone(),
        };
        assert_eq!(
            PageSnapshot::after(failure),
            Ok(PageSnapshot {
                form: Some(data),
                status: 422,
                error: None,
                action: None,
                shown_again: false,
            })
        );
        let error = ErrorBody {
            message: "Not found".into(),
            id: None,
        };
        let result = ActionResult::Error {
            status: 404,
            error: error.clone(),
        };
        assert_eq!(
            PageSnapshot::after(result).map(|s| (s.form, s.error)),
            Ok((None, Some(error)))
        );
        let redirect = ActionResult::Redirect {
            status: 303,
            location: "/".into(),
        };
        assert_eq!(PageSnapshot::after(redirect), Err((303, "/".to_owned())));
    }
}
