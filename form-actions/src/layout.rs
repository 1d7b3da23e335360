//! What the layer needs of an app's layout and shell (spec T5), in one
//! component each: [`Page`] around the page in the layout, [`Head`] in the
//! shell's `<head>`.
//!
//! Runs on the server in an islands app: layouts and shells are not hydrated.
//! Compiled on both sides, as every component of the app is.

use leptos::prelude::*;

use crate::flash::Flash;
use crate::page::{use_page, PageError, PageSnapshot, ANNOUNCER_ID, BUILD_META, PAGE_DATA_ID};

/// The page in the layout: `children` (the routes), or, after an action that
/// ended in an error, `error`'s view of it (the app's error page). Above the
/// page, the flash message the last redirect left (spec F8). Beside it, what
/// the browser half reads: the page state, for the islands to start from, and
/// the live region where navigations are announced.
///
/// ```
/// use leptos::prelude::*;
/// use leptos_form_actions::{self as kit, PageError};
///
/// #[component]
/// fn Layout(children: ChildrenFn) -> impl IntoView {
///     view! {
///         <nav><a href="/">"Home"</a></nav>
///         <main>
///             <kit::Page error=|error: PageError| view! { <h1>{error.message}</h1> }>
///                 {children()}
///             </kit::Page>
///         </main>
///     }
/// }
/// ```
#[component]
pub fn Page<E, EV>(
    /// The error page: what the page shows instead of `children` after an error.
    error: E,
    children: ChildrenFn,
) -> impl IntoView
where
    E: Fn(PageError) -> EV + Send + Sync + 'static,
    EV: IntoView + 'static,
{
    let page = use_page();
    view! {
        <PageData />
        <Announcer />
        <Flash />
        <Show
            when=move || page.error().is_none()
            fallback=move || error(PageError::new(page.status(), page.error().unwrap_or_default()))
        >
            {children()}
        </Show>
    }
}

/// What the layer needs in the document's `<head>`: the build of the server
/// that rendered the page (spec R6), which the browser half compares with
/// every answer. Put it in the shell's `<head>`.
#[component]
pub fn Head() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let build = with_context::<axum::http::request::Parts, _>(|parts| {
        parts
            .extensions
            .get::<crate::protocol::Build>()
            .map(|build| build.0.to_string())
    })
    .flatten();
    #[cfg(not(feature = "ssr"))]
    let build: Option<String> = None;
    build.map(|build| view! { <meta name=BUILD_META content=build /> })
}

/// Writes the page state into the HTML, for the islands of the browser to start
/// from (nothing after a plain GET).
#[component]
fn PageData() -> impl IntoView {
    let snapshot = use_page().snapshot();
    (snapshot != PageSnapshot::default()).then(|| {
        // `<` escaped, so no value can close the script element.
        let json = serde_json::to_string(&snapshot)
            .unwrap_or_default()
            .replace('<', "\\u003c");
        view! { <script type="application/json" id=PAGE_DATA_ID inner_html=json></script> }
    })
}

/// Where the kit announces each navigation without a document load to screen
/// readers (the new page's title), as a browser does for a page load. It shows
/// nothing. It carries the texts the browser half may show, in the request's
/// language (spec L3), so the wasm holds none of the translations.
#[component]
fn Announcer() -> impl IntoView {
    use crate::i18n::KitText::*;
    let text = |t: crate::i18n::KitText| t.text();
    view! {
        <div
            id=ANNOUNCER_ID
            class="visually-hidden"
            aria-live="assertive"
            aria-atomic="true"
            data-kit-network-failed=text(NetworkFailed)
            data-kit-page-load-failed=text(PageLoadFailed)
            data-kit-page-update-failed=text(PageUpdateFailed)
            data-kit-leave-unsaved=text(LeaveUnsaved)
        ></div>
    }
}

/// The attribute of the announcer that holds `text` for the browser half,
/// for the texts it shows.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(crate) fn text_attribute(text: crate::i18n::KitText) -> Option<&'static str> {
    use crate::i18n::KitText::*;
    match text {
        NetworkFailed => Some("data-kit-network-failed"),
        PageLoadFailed => Some("data-kit-page-load-failed"),
        PageUpdateFailed => Some("data-kit-page-update-failed"),
        LeaveUnsaved => Some("data-kit-leave-unsaved"),
        _ => None,
    }
}
