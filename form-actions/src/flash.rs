//! Flash messages (spec F8): a one-time message an action leaves for the next
//! page (`Event::flash` before a redirect), shown once.
//!
//! Runs on both sides, but only the server knows the message: it is read from
//! the request's signed cookie while the page renders, and the cookie is deleted
//! with the response. The layout's `<Page>` shows it, outside islands, since an
//! island rendered again in the browser has no message to show.

use leptos::prelude::*;

/// The flash message of this request, taken (so it shows once); always `None`
/// in the browser.
fn use_flash() -> Option<String> {
    #[cfg(feature = "ssr")]
    return crate::server::take_flash();
    #[cfg(not(feature = "ssr"))]
    None
}

/// The flash message, if there is one, as a status message.
#[component]
pub(crate) fn Flash() -> impl IntoView {
    use_flash().map(|message| view! { <p class="flash" role="status">{message}</p> })
}
