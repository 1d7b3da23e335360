//! The page's state after an action: SvelteKit's `page.form` and `page.status`.
//!
//! Runs on both sides. On the server the state comes from the action that was just
//! run (a native POST); it is written into the hydration data, so the browser starts
//! from the same value and hydrates without a mismatch. In the browser it is then
//! updated by enhanced forms and cleared by every navigation (it is ephemeral: a GET
//! shows no `form` value).

use leptos::prelude::*;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::future::Future;

use super::result::{ErrorBody, RawJson};

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
}

impl Default for PageSnapshot {
    fn default() -> Self {
        Self {
            form: None,
            status: 200,
            error: None,
        }
    }
}

/// The page's state, shared by every component through [`use_page`].
#[derive(Clone, Copy)]
pub struct Page {
    form: RwSignal<Option<RawJson>>,
    status: RwSignal<u16>,
    error: RwSignal<Option<ErrorBody>>,
    /// Bumped by [`Page::invalidate_all`]; every [`load`] depends on it.
    version: RwSignal<u64>,
}

impl Page {
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

    /// Reruns every [`load`] of the page (SvelteKit's `invalidateAll`).
    pub fn invalidate_all(&self) {
        self.version.update(|v| *v += 1);
    }

    /// Sets `form` and `status` (what a success or failure does).
    pub fn set_form(&self, status: u16, data: RawJson) {
        self.form.set(Some(data));
        self.status.set(status);
    }

    /// Shows the error page with this status.
    pub fn set_error(&self, status: u16, error: ErrorBody) {
        self.status.set(status);
        self.error.set(Some(error));
    }

    /// Forgets the action's result (what a navigation does).
    pub fn clear(&self) {
        self.form.set(None);
        self.status.set(200);
        self.error.set(None);
    }
}

/// Creates the page state. Call it once, inside the `<Router>`, before any route
/// renders: the snapshot is read from the server's context (or, when hydrating,
/// from the hydration data) at the same point on both sides.
pub fn provide_page() -> Page {
    let snapshot =
        SharedValue::new(|| use_context::<PageSnapshot>().unwrap_or_default()).into_inner();
    let page = Page {
        form: RwSignal::new(snapshot.form),
        status: RwSignal::new(snapshot.status),
        error: RwSignal::new(snapshot.error),
        version: RwSignal::new(0),
    };
    provide_context(page);

    // A navigation forgets the result: `form` is ephemeral (spec A6).
    let location = leptos_router::hooks::use_location();
    Effect::new(move |previous: Option<(String, String)>| {
        let current = (location.pathname.get(), location.search.get());
        if previous.as_ref().is_some_and(|p| p != &current) {
            page.clear();
        }
        current
    });
    page
}

/// The page state provided by [`provide_page`].
pub fn use_page() -> Page {
    expect_context::<Page>()
}

/// The page's `form` value as `T`, from any component (SvelteKit's `page.form`).
pub fn use_form<T>() -> Signal<Option<T>>
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    let page = use_page();
    Signal::derive(move || page.form::<T>())
}

/// A page's **load**: a resource that reruns when its `source` changes and after
/// every action that did not redirect (spec A10). Use it with a `#[server]`
/// function, which runs in-process on the server and over HTTP in the browser.
pub fn load<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    let page = use_page();
    Resource::new(
        move || (page.version.get(), source()),
        move |(_, source)| fetcher(source),
    )
}

/// Redirects from a page's view or load (SvelteKit's `redirect` in `load`): a
/// `303 See Other` on the server, a client-side navigation (replacing the history
/// entry) in the browser. Call it while rendering.
pub fn page_redirect(location: &str) {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(axum::http::StatusCode::SEE_OTHER);
        if let Ok(value) = axum::http::HeaderValue::from_str(location) {
            options.insert_header(axum::http::header::LOCATION, value);
        }
    }
    #[cfg(feature = "hydrate")]
    {
        let navigate = leptos_router::hooks::use_navigate();
        let location = location.to_owned();
        request_animation_frame(move || {
            navigate(
                &location,
                leptos_router::NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            )
        });
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let _ = location;
}
