//! The error pages and the page's HTTP status.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::kit::PageError;

/// Sets the HTTP status of the page being rendered on the server.
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

/// An unknown path: status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    view! {
        <Title text="Not found" />
        <Meta name="description" content="There is no page at this address." />
        <h1>"Not found"</h1>
        <p>"There is no page at this address. " <a href="/">"Go home"</a></p>
    }
}

/// What the page shows instead of its route after an error: a generic message,
/// and for unexpected errors an id that is also in the server log (spec A9).
#[component]
pub fn ErrorPage(error: PageError) -> impl IntoView {
    let status = error.status;
    let title = match status {
        404 => "Not found",
        500.. => "Something went wrong",
        _ => "The request was refused",
    };
    view! {
        <Title text=title />
        <Meta name="description" content="Something went wrong with this page." />
        <h1>{title}</h1>
        <p>{if status >= 500 { "Please try again later.".to_owned() } else { error.message }}</p>
        {error.id.map(|id| view! { <p>"Error id: " <code>{id}</code></p> })}
    }
}

/// What a page shows when its load failed: the error page, status 500.
#[component]
pub fn LoadFailed(error: ServerFnError) -> impl IntoView {
    set_status(500);
    // The message is the load's own: "Internal error (id …)", details in the log.
    let message = error.to_string();
    let id = message
        .rsplit_once("(id ")
        .map(|(_, rest)| rest.trim_end_matches(')').to_owned());
    view! {
        <ErrorPage error=PageError {
            status: 500,
            message,
            id,
        } />
    }
}
